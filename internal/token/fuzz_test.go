package token_test

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/internal/token"
)

// field is one field of a fuzzed token: op 0 U32, 1 U64, 2 Str, 3 Time (as Unix milliseconds).
type field struct {
	op  byte
	num uint64
	str string
}

// size is the number of bytes the field takes in a token.
func (f field) size() int {
	switch f.op {
	case 0:
		return 4
	case 2:
		return len(binary.AppendUvarint(nil, uint64(len(f.str)))) + len(f.str)
	}
	return 8
}

// fields decodes a program of fields: an op byte, then 4 or 8 bytes of a number, or a length byte and as many
// bytes of a string (up to 255, so that a program can overflow MaxBody). A program that ends early ends there.
func fields(prog []byte) []field {
	var out []field
	for len(prog) > 0 {
		f := field{op: prog[0] % 4}
		prog = prog[1:]
		switch f.op {
		case 0, 1, 3:
			n := 8
			if f.op == 0 {
				n = 4
			}
			var b [8]byte
			prog = prog[copy(b[:n], prog):]
			f.num = binary.LittleEndian.Uint64(b[:])
		case 2:
			if len(prog) == 0 {
				return out
			}
			n := min(int(prog[0]), len(prog)-1)
			f.str, prog = string(prog[1:1+n]), prog[1+n:]
		}
		out = append(out, f)
	}
	return out
}

// readAll reads fields of the types of prog from r, whatever r holds: it must not panic.
func readAll(r *token.Reader, prog []byte) {
	for _, op := range prog {
		switch op % 4 {
		case 0:
			r.U32()
		case 1:
			r.U64()
		case 2:
			_ = r.Str()
		case 3:
			r.Time()
		}
	}
	r.Done()
}

// canonical reports whether tok is the unpadded URL-safe base64 of the bytes Open decoded into buf.
func canonical(tok string, buf *[token.MaxBody]byte) bool {
	n := base64.RawURLEncoding.DecodedLen(len(tok))
	return n <= len(buf) && base64.RawURLEncoding.EncodeToString(buf[:n]) == tok
}

// FuzzOpen feeds arbitrary strings to Signer.Open and arbitrary fields to Seal and Open. The invariants:
//   - Open never panics, whatever the string and the kind;
//   - a string that opens is canonical (the unpadded URL-safe base64 of the bytes decoded, so no other spelling
//     of a token opens), and reading any fields from it, past its end included, does not panic;
//   - Seal∘Open: a token sealed from any fields that fit MaxBody opens, as its kind only, and reads back the same
//     fields with Done true; one that does not fit does not open; and the token edited at any one byte does not
//     open.
func FuzzOpen(f *testing.F) {
	s := token.NewSigner(1, "fuzz")
	other := token.NewSigner(2, "fuzz")
	f.Add("", byte(kindPage), []byte{})
	f.Add(sample(s), byte(kindPage), []byte{0, 1, 2, 3})
	f.Add(sample(s), byte(kindCursor), []byte{2, 2, 2})
	f.Add(sample(other), byte(kindPage), []byte{0, 1, 2, 3})
	f.Add(strings.TrimRight(sample(s), "A")+"B", byte(0), []byte{1, 1})
	w := s.New(kindPage)
	w.Str(strings.Repeat("x", 300))
	f.Add(s.Seal(w), byte(kindPage), []byte{2, 255, 'a', 'b'})
	f.Add("AAAA", byte(0), []byte{3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 3, 0, 0, 0, 0, 0, 0, 0, 0x80})
	f.Add(strings.Repeat("_", 1024), byte(1), []byte{2, 255})
	f.Add("AQ\nAAAAAAAAAAAAAAAAAAAAAAA", byte(1), []byte{})
	f.Fuzz(func(t *testing.T, tok string, kind byte, prog []byte) {
		// Any string.
		var buf [token.MaxBody]byte
		if r, ok := s.Open(tok, kind, &buf); ok {
			if !canonical(tok, &buf) {
				t.Fatalf("a non-canonical spelling %q opens", tok)
			}
			readAll(&r, prog)
		} else if r.Done() {
			t.Fatal("the Reader of a refused token is Done")
		}

		// Seal∘Open of the fields of prog.
		fs := fields(prog)
		w := s.New(kind)
		body := 10 + 12 // header and tag
		for _, fd := range fs {
			body += fd.size()
			switch fd.op {
			case 0:
				w.U32(uint32(fd.num))
			case 1:
				w.U64(fd.num)
			case 2:
				w.Str(fd.str)
			case 3:
				w.Time(time.UnixMilli(int64(fd.num)))
			}
		}
		sealed := s.Seal(w)
		r, ok := s.Open(sealed, kind, &buf)
		if body > token.MaxBody {
			if ok {
				t.Fatalf("a token of %d bytes (over MaxBody) opens", body)
			}
			return
		}
		if !ok {
			t.Fatalf("the signer refused its own token of %d fields (%d bytes)", len(fs), body)
		}
		if !canonical(sealed, &buf) {
			t.Fatal("Seal made a non-canonical token")
		}
		if r.Serial() == 0 {
			t.Fatal("a token with serial 0")
		}
		for i, fd := range fs {
			switch fd.op {
			case 0:
				if got := r.U32(); got != uint32(fd.num) {
					t.Fatalf("field %d: U32 = %d, want %d", i, got, uint32(fd.num))
				}
			case 1:
				if got := r.U64(); got != fd.num {
					t.Fatalf("field %d: U64 = %d, want %d", i, got, fd.num)
				}
			case 2:
				if got := r.Str(); got != fd.str {
					t.Fatalf("field %d: Str = %q, want %q", i, got, fd.str)
				}
			case 3:
				if got := r.Time(); got.UnixMilli() != int64(fd.num) || got.Location() != time.UTC {
					t.Fatalf("field %d: Time = %v, want %d ms in UTC", i, got, int64(fd.num))
				}
			}
		}
		if !r.Done() {
			t.Fatal("Done() = false after reading back every field")
		}
		readAll(&r, prog) // past the end: no panic
		if len(prog) > 0 && r.Done() {
			t.Fatal("Done() = true after reading past the end")
		}
		if opens(s, sealed, kind+1) {
			t.Fatal("the token opens as another kind")
		}
		if opens(other, sealed, kind) {
			t.Fatal("the token opens under another seed")
		}
		i := int(kind) % len(sealed)
		c := alphabet[(strings.IndexByte(alphabet, sealed[i])+1+int(kind)%63)%len(alphabet)]
		if edited := sealed[:i] + string(c) + sealed[i+1:]; opens(s, edited, kind) {
			t.Fatalf("the token edited at byte %d opens", i)
		}
	})
}
