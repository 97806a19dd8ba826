package stream

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"
)

// Tokens (shard iterators and pagination tokens) are opaque to callers and tamper-evident: a version byte, a kind
// byte, the fields, and a 12-byte tag = SHA-256(engine key ‖ body), all in unpadded URL-safe base64. A token
// edited, truncated, or made by another engine fails verification. The engine key derives from the seed
// ([WithSeed]), so a seeded engine issues the same tokens for the same calls.

const (
	tokenVersion  = 1
	tokenTagSize  = 12
	kindIterator  = 'I'
	kindShardList = 'L'
	kindList      = 'S'
)

type tokenWriter struct{ b []byte }

func (w *tokenWriter) u8(v byte)    { w.b = append(w.b, v) }
func (w *tokenWriter) u32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *tokenWriter) u64(v uint64) { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *tokenWriter) str(s string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}
func (w *tokenWriter) time(t time.Time) { w.u64(uint64(t.UnixMilli())) }

type tokenReader struct {
	b  []byte
	ok bool
}

// take returns the next n bytes, or marks the reader failed and returns zero bytes if fewer are left.
func (r *tokenReader) take(n int) []byte {
	if len(r.b) < n {
		r.ok = false
		return make([]byte, n)
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *tokenReader) u32() uint32 { return binary.LittleEndian.Uint32(r.take(4)) }
func (r *tokenReader) u64() uint64 { return binary.LittleEndian.Uint64(r.take(8)) }

func (r *tokenReader) str() string {
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > uint64(len(r.b)-k) {
		r.ok = false
		return ""
	}
	s := string(r.b[k : k+int(n)])
	r.b = r.b[k+int(n):]
	return s
}

func (r *tokenReader) time() time.Time { return time.UnixMilli(int64(r.u64())).UTC() }

// newToken starts a token body of the given kind. Every token carries a serial number, so no two tokens an engine
// issues are equal: a client that compares the iterator it sent with the one it got back (as some consumers do to
// detect a closed shard) sees a fresh one every time.
func (e *Engine) newToken(kind byte) tokenWriter {
	w := tokenWriter{b: make([]byte, 0, 64)}
	w.u8(tokenVersion)
	w.u8(kind)
	w.u64(e.serial.Add(1))
	return w
}

func (e *Engine) tag(body []byte) [tokenTagSize]byte {
	var buf [32 + 768]byte
	msg := append(append(buf[:0], e.key[:]...), body...)
	sum := sha256.Sum256(msg)
	var t [tokenTagSize]byte
	copy(t[:], sum[:])
	return t
}

// seal signs and encodes a token body.
func (e *Engine) seal(w tokenWriter) string {
	t := e.tag(w.b)
	w.b = append(w.b, t[:]...)
	return base64.RawURLEncoding.EncodeToString(w.b)
}

// open decodes and verifies a token of the given kind into buf, returning a reader over its fields.
func (e *Engine) open(tok string, kind byte, buf *[768]byte) (tokenReader, bool) {
	if len(tok) < 4 || len(tok) > base64.RawURLEncoding.EncodedLen(len(buf)) {
		return tokenReader{}, false
	}
	for i := 0; i < len(tok); i++ { // the decoder would skip line breaks: any byte outside the alphabet is an edit
		if c := tok[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return tokenReader{}, false
		}
	}
	var src [1024]byte
	n, err := base64.RawURLEncoding.Strict().Decode(buf[:], src[:copy(src[:], tok)])
	if err != nil || n < 2+8+tokenTagSize {
		return tokenReader{}, false
	}
	body, tag := buf[:n-tokenTagSize], buf[n-tokenTagSize:n]
	want := e.tag(body)
	if !constantTimeEqual(want[:], tag) || body[0] != tokenVersion || body[1] != kind {
		return tokenReader{}, false
	}
	return tokenReader{b: body[2:], ok: true}, true
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

// iterator is the decoded content of a shard iterator.
type iterator struct {
	serial  uint64 // the token's serial number (set when decoded)
	stream  string
	epoch   uint32
	shard   uint32
	pos     uint64
	created time.Time
}

func (e *Engine) encodeIterator(it iterator) string {
	w := e.newToken(kindIterator)
	w.u32(it.epoch)
	w.u32(it.shard)
	w.u64(it.pos)
	w.time(it.created)
	w.str(it.stream)
	return e.seal(w)
}

func (e *Engine) decodeIterator(tok string) (iterator, bool) {
	var buf [768]byte
	r, ok := e.open(tok, kindIterator, &buf)
	if !ok {
		return iterator{}, false
	}
	it := iterator{serial: r.u64(), epoch: r.u32(), shard: r.u32(), pos: r.u64(), created: r.time(), stream: r.str()}
	return it, r.ok && len(r.b) == 0
}
