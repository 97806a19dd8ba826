package eventstream

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"
)

// Limits of one message, as the AWS event stream format sets them.
const (
	MaxHeadersLength = 128 << 10
	MaxPayloadLength = 16 << 20
	// MaxHeaderValueLength is the longest bytes or string header value.
	MaxHeaderValueLength = 1<<15 - 1
	// MaxMessageLength is the longest message: prelude, headers, payload and CRC.
	MaxMessageLength = preludeLength + MaxHeadersLength + MaxPayloadLength + crcLength
)

const (
	preludeLength = 12 // total length, headers length, prelude CRC
	crcLength     = 4
	minLength     = preludeLength + crcLength
)

// The header value types, as the format numbers them.
const (
	typeTrue      = 0
	typeFalse     = 1
	typeInt8      = 2
	typeInt16     = 3
	typeInt32     = 4
	typeInt64     = 5
	typeBytes     = 6
	typeString    = 7
	typeTimestamp = 8
	typeUUID      = 9
)

// UUID is a header value of the UUID type.
type UUID [16]byte

// Header is one message header. Value is a bool, int8, int16, int32, int64, []byte, string, time.Time
// (milliseconds since the epoch on the wire) or UUID.
type Header struct {
	Name  string
	Value any
}

// Message is one event stream message.
type Message struct {
	Headers []Header
	Payload []byte
}

// Header returns the value of the first header called name, or nil.
func (m Message) Header(name string) any {
	for _, h := range m.Headers {
		if h.Name == name {
			return h.Value
		}
	}
	return nil
}

// Errors of Decode and Parse. A message that fails is wrapped around one of these.
var (
	ErrPreludeCRC = errors.New("eventstream: prelude CRC mismatch")
	ErrMessageCRC = errors.New("eventstream: message CRC mismatch")
	ErrTooLong    = errors.New("eventstream: message longer than the format allows")
	ErrMalformed  = errors.New("eventstream: malformed message")
)

// Append appends the encoding of m to dst. It fails, appending nothing, on a header name of 0 or more than 255
// bytes, a value of an unknown type, a bytes or string value longer than MaxHeaderValueLength, or headers or a
// payload beyond the format's limits.
func Append(dst []byte, m Message) ([]byte, error) {
	if len(m.Payload) > MaxPayloadLength {
		return dst, fmt.Errorf("%w: payload of %d bytes", ErrTooLong, len(m.Payload))
	}
	start := len(dst)
	dst = append(dst, make([]byte, preludeLength)...)
	var err error
	for _, h := range m.Headers {
		if dst, err = appendHeader(dst, h); err != nil {
			return dst[:start], err
		}
	}
	headers := len(dst) - start - preludeLength
	if headers > MaxHeadersLength {
		return dst[:start], fmt.Errorf("%w: headers of %d bytes", ErrTooLong, headers)
	}
	dst = append(dst, m.Payload...)
	total := len(dst) - start + crcLength
	binary.BigEndian.PutUint32(dst[start:], uint32(total))
	binary.BigEndian.PutUint32(dst[start+4:], uint32(headers))
	binary.BigEndian.PutUint32(dst[start+8:], crc32.ChecksumIEEE(dst[start:start+8]))
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:])), nil
}

func appendHeader(dst []byte, h Header) ([]byte, error) {
	if len(h.Name) == 0 || len(h.Name) > 255 {
		return dst, fmt.Errorf("%w: header name of %d bytes", ErrMalformed, len(h.Name))
	}
	dst = append(dst, byte(len(h.Name)))
	dst = append(dst, h.Name...)
	switch v := h.Value.(type) {
	case bool:
		if v {
			return append(dst, typeTrue), nil
		}
		return append(dst, typeFalse), nil
	case int8:
		return append(dst, typeInt8, byte(v)), nil
	case int16:
		return binary.BigEndian.AppendUint16(append(dst, typeInt16), uint16(v)), nil
	case int32:
		return binary.BigEndian.AppendUint32(append(dst, typeInt32), uint32(v)), nil
	case int64:
		return binary.BigEndian.AppendUint64(append(dst, typeInt64), uint64(v)), nil
	case []byte:
		if len(v) > MaxHeaderValueLength {
			return dst, fmt.Errorf("%w: header %s of %d bytes", ErrTooLong, h.Name, len(v))
		}
		return append(binary.BigEndian.AppendUint16(append(dst, typeBytes), uint16(len(v))), v...), nil
	case string:
		if len(v) > MaxHeaderValueLength {
			return dst, fmt.Errorf("%w: header %s of %d bytes", ErrTooLong, h.Name, len(v))
		}
		return append(binary.BigEndian.AppendUint16(append(dst, typeString), uint16(len(v))), v...), nil
	case time.Time:
		return binary.BigEndian.AppendUint64(append(dst, typeTimestamp), uint64(v.UnixMilli())), nil
	case UUID:
		return append(append(dst, typeUUID), v[:]...), nil
	}
	return dst, fmt.Errorf("%w: header %s has a value of type %T", ErrMalformed, h.Name, h.Value)
}

// Parse decodes the message at the start of p and returns it with the number of bytes it took. Its payload and
// bytes values are copies: p may be reused. io.ErrUnexpectedEOF means p holds only part of a message.
func Parse(p []byte) (Message, int, error) {
	if len(p) < preludeLength {
		return Message{}, 0, io.ErrUnexpectedEOF
	}
	total, headers, err := prelude(p)
	if err != nil {
		return Message{}, 0, err
	}
	if len(p) < total {
		return Message{}, 0, io.ErrUnexpectedEOF
	}
	m, err := body(p[:total], headers)
	if err != nil {
		return Message{}, 0, err
	}
	return m, total, nil
}

// prelude checks the first 12 bytes of a message and returns its total and headers lengths.
func prelude(p []byte) (total, headers int, err error) {
	t, h := binary.BigEndian.Uint32(p), binary.BigEndian.Uint32(p[4:])
	if crc32.ChecksumIEEE(p[:8]) != binary.BigEndian.Uint32(p[8:]) {
		return 0, 0, ErrPreludeCRC
	}
	if t > MaxMessageLength || h > MaxHeadersLength {
		return 0, 0, fmt.Errorf("%w: %d bytes, %d of headers", ErrTooLong, t, h)
	}
	if t < minLength || uint64(h) > uint64(t)-minLength {
		return 0, 0, fmt.Errorf("%w: %d bytes with %d of headers", ErrMalformed, t, h)
	}
	if int(t)-minLength-int(h) > MaxPayloadLength {
		return 0, 0, fmt.Errorf("%w: payload of %d bytes", ErrTooLong, int(t)-minLength-int(h))
	}
	return int(t), int(h), nil
}

// body decodes a whole message p whose prelude is valid.
func body(p []byte, headers int) (Message, error) {
	end := len(p) - crcLength
	if crc32.ChecksumIEEE(p[:end]) != binary.BigEndian.Uint32(p[end:]) {
		return Message{}, ErrMessageCRC
	}
	var m Message
	hs := p[preludeLength : preludeLength+headers]
	for len(hs) > 0 {
		h, n, err := parseHeader(hs)
		if err != nil {
			return Message{}, err
		}
		m.Headers = append(m.Headers, h)
		hs = hs[n:]
	}
	m.Payload = append([]byte{}, p[preludeLength+headers:end]...)
	return m, nil
}

var errHeader = fmt.Errorf("%w: truncated header", ErrMalformed)

func parseHeader(p []byte) (Header, int, error) {
	n := int(p[0])
	if n == 0 || len(p) < 1+n+1 {
		return Header{}, 0, errHeader
	}
	h := Header{Name: string(p[1 : 1+n])}
	i := 1 + n
	typ := p[i]
	i++
	fixed := func(size int) ([]byte, error) {
		if len(p)-i < size {
			return nil, errHeader
		}
		b := p[i : i+size]
		i += size
		return b, nil
	}
	var b []byte
	var err error
	switch typ {
	case typeTrue:
		h.Value = true
	case typeFalse:
		h.Value = false
	case typeInt8:
		if b, err = fixed(1); err == nil {
			h.Value = int8(b[0])
		}
	case typeInt16:
		if b, err = fixed(2); err == nil {
			h.Value = int16(binary.BigEndian.Uint16(b))
		}
	case typeInt32:
		if b, err = fixed(4); err == nil {
			h.Value = int32(binary.BigEndian.Uint32(b))
		}
	case typeInt64:
		if b, err = fixed(8); err == nil {
			h.Value = int64(binary.BigEndian.Uint64(b))
		}
	case typeTimestamp:
		if b, err = fixed(8); err == nil {
			h.Value = time.UnixMilli(int64(binary.BigEndian.Uint64(b))).UTC()
		}
	case typeUUID:
		if b, err = fixed(16); err == nil {
			h.Value = UUID(b)
		}
	case typeBytes, typeString:
		if b, err = fixed(2); err == nil {
			size := int(binary.BigEndian.Uint16(b))
			if size > MaxHeaderValueLength {
				return Header{}, 0, fmt.Errorf("%w: header %s of %d bytes", ErrTooLong, h.Name, size)
			}
			if b, err = fixed(size); err == nil {
				if typ == typeString {
					h.Value = string(b)
				} else {
					h.Value = append([]byte{}, b...)
				}
			}
		}
	default:
		return Header{}, 0, fmt.Errorf("%w: header %s of unknown type %d", ErrMalformed, h.Name, typ)
	}
	if err != nil {
		return Header{}, 0, err
	}
	return h, i, nil
}

// Decoder reads messages from a stream. It is not safe for concurrent use.
type Decoder struct {
	r   io.Reader
	buf []byte
}

// NewDecoder returns a Decoder reading r.
func NewDecoder(r io.Reader) *Decoder { return &Decoder{r: r} }

// Decode reads the next message. It returns io.EOF at a clean end of the stream (between messages) and
// io.ErrUnexpectedEOF inside one. A prelude that declares too long a message is refused before the rest is read,
// so Decode holds at most MaxMessageLength bytes.
func (d *Decoder) Decode() (Message, error) {
	var pre [preludeLength]byte
	if _, err := io.ReadFull(d.r, pre[:]); err != nil {
		return Message{}, err
	}
	total, headers, err := prelude(pre[:])
	if err != nil {
		return Message{}, err
	}
	if cap(d.buf) < total {
		d.buf = make([]byte, total)
	}
	d.buf = d.buf[:total]
	copy(d.buf, pre[:])
	if _, err := io.ReadFull(d.r, d.buf[preludeLength:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return Message{}, err
	}
	return body(d.buf, headers)
}
