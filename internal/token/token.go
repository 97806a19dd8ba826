package token

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"sync/atomic"
	"time"
)

const (
	version = 1
	tagSize = 12
	// MaxBody is the largest token body, fields and tag included, that [Signer.Open] accepts.
	MaxBody = 768
	header  = 2 + 8 // version, kind, serial
)

// Signer issues and verifies tokens with one key. It is safe for concurrent use.
type Signer struct {
	key    [32]byte
	serial atomic.Uint64
}

// NewSigner returns a signer whose key derives from seed and purpose (a name that keeps the tokens of different
// services or uses apart even with the same seed).
func NewSigner(seed uint64, purpose string) *Signer {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	s := &Signer{}
	s.key = sha256.Sum256(append(append([]byte(purpose), ' '), b[:]...))
	return s
}

// Serial returns the serial number of the last token issued (0 before the first).
func (s *Signer) Serial() uint64 { return s.serial.Load() }

// New starts a token of the given kind (a byte the service chooses per token type), numbered with the next serial.
func (s *Signer) New(kind byte) Writer {
	w := Writer{b: make([]byte, 0, 64)}
	w.b = append(w.b, version, kind)
	w.U64(s.serial.Add(1))
	return w
}

func (s *Signer) tag(body []byte) [tagSize]byte {
	var buf [32 + MaxBody]byte
	msg := append(append(buf[:0], s.key[:]...), body...)
	sum := sha256.Sum256(msg)
	var t [tagSize]byte
	copy(t[:], sum[:])
	return t
}

// Seal signs and encodes a token.
func (s *Signer) Seal(w Writer) string {
	t := s.tag(w.b)
	return base64.RawURLEncoding.EncodeToString(append(w.b, t[:]...))
}

// Open decodes and verifies a token of the given kind into buf, returning a reader over its fields (after the
// serial, which the reader reports). ok is false for anything this signer did not issue as that kind.
func (s *Signer) Open(tok string, kind byte, buf *[MaxBody]byte) (r Reader, ok bool) {
	if len(tok) < 4 || len(tok) > base64.RawURLEncoding.EncodedLen(len(buf)) {
		return Reader{}, false
	}
	for i := 0; i < len(tok); i++ { // the decoder would skip line breaks: any byte outside the alphabet is an edit
		if c := tok[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return Reader{}, false
		}
	}
	var src [1024]byte
	n, err := base64.RawURLEncoding.Strict().Decode(buf[:], src[:copy(src[:], tok)])
	if err != nil || n < header+tagSize {
		return Reader{}, false
	}
	body, tag := buf[:n-tagSize], buf[n-tagSize:n]
	want := s.tag(body)
	if !constantTimeEqual(want[:], tag) || body[0] != version || body[1] != kind {
		return Reader{}, false
	}
	return Reader{b: body[header:], serial: binary.LittleEndian.Uint64(body[2:header]), ok: true}, true
}

func constantTimeEqual(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	var v byte
	for i := range a {
		v |= a[i] ^ b[i]
	}
	return v == 0
}

// Writer appends a token's fields. Make one with [Signer.New].
type Writer struct{ b []byte }

// U32 appends a 32-bit field.
func (w *Writer) U32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }

// U64 appends a 64-bit field.
func (w *Writer) U64(v uint64) { w.b = binary.LittleEndian.AppendUint64(w.b, v) }

// Str appends a length-prefixed string field.
func (w *Writer) Str(s string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

// Time appends an instant with millisecond precision.
func (w *Writer) Time(t time.Time) { w.U64(uint64(t.UnixMilli())) }

// Reader reads a token's fields in the order they were written. A read past the end marks the reader failed and
// returns zero values; [Reader.Done] reports whether every read succeeded and nothing is left.
type Reader struct {
	b      []byte
	serial uint64
	ok     bool
}

// Serial returns the token's serial number.
func (r *Reader) Serial() uint64 { return r.serial }

// take returns the next n bytes, or marks the reader failed and returns zero bytes if fewer are left.
func (r *Reader) take(n int) []byte {
	if len(r.b) < n {
		r.ok = false
		return make([]byte, n)
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

// U32 reads a 32-bit field.
func (r *Reader) U32() uint32 { return binary.LittleEndian.Uint32(r.take(4)) }

// U64 reads a 64-bit field.
func (r *Reader) U64() uint64 { return binary.LittleEndian.Uint64(r.take(8)) }

// Str reads a length-prefixed string field.
func (r *Reader) Str() string {
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > uint64(len(r.b)-k) {
		r.ok = false
		return ""
	}
	s := string(r.b[k : k+int(n)])
	r.b = r.b[k+int(n):]
	return s
}

// Time reads an instant written by [Writer.Time], in UTC; past the end, the zero time.
func (r *Reader) Time() time.Time {
	if len(r.b) < 8 {
		r.ok = false
		return time.Time{}
	}
	return time.UnixMilli(int64(r.U64())).UTC()
}

// Done reports whether every field read so far was there and no bytes are left over.
func (r *Reader) Done() bool { return r.ok && len(r.b) == 0 }
