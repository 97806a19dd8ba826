package wire

import (
	"bytes"
	"encoding/base64"
	"unicode/utf8"
)

// Scanner reads the one JSON form the SDKs send for a hot batch operation (PutRecords, PutRecordBatch): objects,
// arrays and strings without escapes. Each operation's fast decoder walks its own members with it and gives up —
// returns false, leaving the body to encoding/json — on anything else, so a Scanner never has to be a full JSON
// parser. The zero value is not usable: set B.
type Scanner struct {
	B []byte // the body
	I int    // the offset of the next byte to read
}

// WS skips white space.
func (s *Scanner) WS() {
	for s.I < len(s.B) {
		switch s.B[s.I] {
		case ' ', '\t', '\n', '\r':
			s.I++
		default:
			return
		}
	}
}

// Byte reads c after white space, reporting whether it was there.
func (s *Scanner) Byte(c byte) bool {
	s.WS()
	if s.I < len(s.B) && s.B[s.I] == c {
		s.I++
		return true
	}
	return false
}

// End reports whether only white space is left.
func (s *Scanner) End() bool {
	s.WS()
	return s.I == len(s.B)
}

// Quoted returns the bytes between a string's quotes, found with one vectorised search (the first quote after the
// opening one ends it), without checking them: for a base64 string, whose decoder checks them.
func (s *Scanner) Quoted() ([]byte, bool) {
	if !s.Byte('"') {
		return nil, false
	}
	k := bytes.IndexByte(s.B[s.I:], '"')
	if k < 0 {
		return nil, false
	}
	q := s.B[s.I : s.I+k]
	s.I += k + 1
	return q, true
}

// String returns the bytes of a string without escapes or control characters, valid UTF-8; a string with an
// escape is refused (not decoded).
func (s *Scanner) String() ([]byte, bool) {
	q, ok := s.Quoted()
	if !ok {
		return nil, false
	}
	var high byte
	for _, c := range q {
		if c < 0x20 || c == '\\' {
			return nil, false
		}
		high |= c
	}
	return q, high < utf8.RuneSelf || utf8.Valid(q)
}

// Base64 reads a base64 string (base64.StdEncoding, as encoding/json decodes a []byte) and appends its bytes to
// dst within dst's capacity, never growing it (earlier records alias dst); it reports false when they do not fit.
// The JSON checks are left to the decoder: a backslash, a control character or a non-ASCII byte is not base64, so
// the decoder refuses it, except '\r' and '\n', which it skips; those are refused by the length check, since the
// decoder writes exactly len/4*3 bytes less the padding only when every byte is a base64 symbol or '='.
func (s *Scanner) Base64(dst []byte) ([]byte, bool) {
	q, ok := s.Quoted()
	if !ok || len(q)%4 != 0 {
		return dst, false
	}
	full := len(q) / 4 * 3
	size := full
	if len(q) > 0 && q[len(q)-1] == '=' {
		size--
		if q[len(q)-2] == '=' {
			size--
		}
	}
	start := len(dst)
	if full > cap(dst)-start {
		return dst, false
	}
	m, err := base64.StdEncoding.Decode(dst[start:start+full], q)
	if err != nil || m != size {
		return dst, false
	}
	return dst[:start+m], true
}

// List reads an array of at most limit elements, calling elem with each one's index to read it; it reports false
// for anything else (no '[', a missing comma, an element elem refuses, more than limit elements).
func (s *Scanner) List(limit int, elem func(n int) bool) bool {
	if !s.Byte('[') {
		return false
	}
	if s.Byte(']') {
		return true
	}
	for n := 0; ; n++ {
		if n == limit || !elem(n) {
			return false
		}
		if s.Byte(']') {
			return true
		}
		if !s.Byte(',') {
			return false
		}
	}
}
