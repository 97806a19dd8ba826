package token_test

// Signed tokens as a second service uses them, with no import of package stream: a kind byte of its own, fields
// of every type.

import (
	"encoding/base64"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/internal/token"
)

const (
	kindPage   = 'P'
	kindCursor = 'C'
)

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// sample seals a token of kindPage with one field of each type.
func sample(s *token.Signer) string {
	w := s.New(kindPage)
	w.U32(7)
	w.U64(1 << 40)
	w.Time(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))
	w.Str("orders")
	return s.Seal(w)
}

func opens(s *token.Signer, tok string, kind byte) bool {
	var buf [token.MaxBody]byte
	_, ok := s.Open(tok, kind, &buf)
	return ok
}

func TestEveryFieldTypeRoundTrips(t *testing.T) {
	s := token.NewSigner(1, "test")
	loc := time.FixedZone("UTC-7", -7*3600)
	times := []time.Time{
		{}, // the zero time
		time.Unix(0, 0).UTC(),
		time.Date(2024, 2, 29, 23, 59, 59, 999_000_000, time.UTC),
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), // before the epoch
		time.UnixMilli(math.MaxInt64).UTC(),
		time.UnixMilli(math.MinInt64).UTC(),
	}
	strs := []string{"", "a", "é\x00\xff", strings.Repeat("x", 127), strings.Repeat("y", 128), strings.Repeat("z", 300)}
	u32s := []uint32{0, 1, math.MaxUint32}
	u64s := []uint64{0, 1, math.MaxUint64}
	for i := range max(len(times), len(strs), len(u32s), len(u64s)) {
		tm, str, a, b := times[i%len(times)], strs[i%len(strs)], u32s[i%len(u32s)], u64s[i%len(u64s)]
		w := s.New(kindPage)
		w.U32(a)
		w.Str(str)
		w.U64(b)
		w.Time(tm)
		w.Str(str)
		tok := s.Seal(w)
		var buf [token.MaxBody]byte
		r, ok := s.Open(tok, kindPage, &buf)
		if !ok {
			t.Fatalf("case %d: the signer refused its own token %q", i, tok)
		}
		if r.Serial() != s.Serial() {
			t.Fatalf("case %d: Serial() = %d, want the last issued %d", i, r.Serial(), s.Serial())
		}
		gotA, gotStr, gotB, gotTm, gotStr2 := r.U32(), r.Str(), r.U64(), r.Time(), r.Str()
		if gotA != a || gotStr != str || gotB != b || !gotTm.Equal(tm) || gotStr2 != str {
			t.Fatalf("case %d: read %v %q %v %v %q, want %v %q %v %v %q", i, gotA, gotStr, gotB, gotTm, gotStr2, a, str, b, tm, str)
		}
		if !r.Done() {
			t.Fatalf("case %d: Done() = false after reading every field", i)
		}
		for j := range buf {
			buf[j] = 0 // the strings read are copies, not views of buf
		}
		if gotStr != str {
			t.Fatalf("case %d: a string read changed with the buffer", i)
		}
	}
	// Times: millisecond precision, in UTC, whatever the zone; the zero time reads back as the zero time.
	w := s.New(kindPage)
	in := time.Date(2024, 6, 1, 8, 30, 0, 123_456_789, loc)
	w.Time(in)
	w.Time(time.Time{})
	var buf [token.MaxBody]byte
	r, _ := s.Open(s.Seal(w), kindPage, &buf)
	got, zero := r.Time(), r.Time()
	if want := in.Truncate(time.Millisecond).UTC(); got != want {
		t.Fatalf("Time() = %v, want %v (ms precision, UTC)", got, want)
	}
	if !zero.IsZero() || zero != (time.Time{}) {
		t.Fatalf("the zero time read back as %v", zero)
	}
}

func TestSerialsDifferAndCountTheTokensIssued(t *testing.T) {
	s := token.NewSigner(1, "test")
	if s.Serial() != 0 {
		t.Fatalf("Serial() = %d before the first token, want 0", s.Serial())
	}
	a, b := sample(s), sample(s)
	if a == b {
		t.Fatal("two tokens with the same fields are equal: the serial does not differ")
	}
	if s.Serial() != 2 {
		t.Fatalf("Serial() = %d after 2 tokens, want 2", s.Serial())
	}
	var buf [token.MaxBody]byte
	ra, _ := s.Open(a, kindPage, &buf)
	rb, _ := s.Open(b, kindPage, &buf)
	if ra.Serial() != 1 || rb.Serial() != 2 {
		t.Fatalf("serials %d and %d, want 1 and 2", ra.Serial(), rb.Serial())
	}
}

func TestSerialsAreUniqueUnderConcurrentUse(t *testing.T) {
	s := token.NewSigner(1, "test")
	const workers, each = 8, 200
	serials := make(chan uint64, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf [token.MaxBody]byte
			for range each {
				r, ok := s.Open(sample(s), kindPage, &buf)
				if !ok {
					t.Error("a token refused under concurrent use")
					return
				}
				serials <- r.Serial()
			}
		})
	}
	wg.Wait()
	close(serials)
	seen := make(map[uint64]bool)
	for n := range serials {
		if seen[n] {
			t.Fatalf("serial %d issued twice", n)
		}
		seen[n] = true
	}
	if len(seen) != workers*each || s.Serial() != workers*each {
		t.Fatalf("%d distinct serials, Serial() = %d; want %d", len(seen), s.Serial(), workers*each)
	}
}

func TestTheSameSeedAndPurposeIssueTheSameTokens(t *testing.T) {
	a, b := token.NewSigner(42, "test"), token.NewSigner(42, "test")
	for range 3 {
		if x, y := sample(a), sample(b); x != y {
			t.Fatalf("signers of the same seed issued %q and %q", x, y)
		}
	}
	if !opens(b, sample(a), kindPage) {
		t.Fatal("a signer refused a token of another signer with the same seed and purpose")
	}
}

func TestATokenOfAnotherSeedPurposeOrKindIsRefused(t *testing.T) {
	s := token.NewSigner(1, "test")
	tok := sample(s)
	for name, other := range map[string]*token.Signer{
		"seed":            token.NewSigner(2, "test"),
		"purpose":         token.NewSigner(1, "other"),
		"purpose, spaced": token.NewSigner(1, "test "),
		"empty purpose":   token.NewSigner(1, ""),
	} {
		if opens(other, tok, kindPage) {
			t.Errorf("a signer of another %s accepted the token", name)
		}
	}
	if opens(s, tok, kindCursor) {
		t.Error("the token was accepted as another kind")
	}
}

func TestATokenEditedAtAnyByteIsRefused(t *testing.T) {
	s := token.NewSigner(1, "test")
	tok := sample(s)
	if !opens(s, tok, kindPage) {
		t.Fatal("the unedited token is refused")
	}
	for i := range len(tok) {
		for _, c := range alphabet + "=+/ \n\r\t.\x00\xff" {
			if byte(c) == tok[i] || c > 0xff {
				continue
			}
			edited := tok[:i] + string([]byte{byte(c)}) + tok[i+1:]
			if opens(s, edited, kindPage) {
				t.Fatalf("the token edited at byte %d (%q → %q) opens", i, tok[i], c)
			}
		}
	}
}

func TestATruncatedOrExtendedTokenIsRefused(t *testing.T) {
	s := token.NewSigner(1, "test")
	tok := sample(s)
	for n := range len(tok) {
		if opens(s, tok[:n], kindPage) {
			t.Fatalf("the token truncated to %d of %d bytes opens", n, len(tok))
		}
		if opens(s, tok[n:], kindPage) && n > 0 {
			t.Fatalf("the token without its first %d bytes opens", n)
		}
	}
	for _, tail := range []string{"=", "==", "\n", "A", "AA", "AAA", "AAAA", "_", tok} {
		if opens(s, tok+tail, kindPage) {
			t.Fatalf("the token extended with %q opens", tail)
		}
		if opens(s, tail+tok, kindPage) {
			t.Fatalf("the token prefixed with %q opens", tail)
		}
	}
	// Padded standard base64 of the same bytes is another string: refused.
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		t.Fatal(err)
	}
	if std := base64.URLEncoding.EncodeToString(raw); std != tok && opens(s, std, kindPage) {
		t.Fatal("the padded encoding of the token opens")
	}
}

func TestOpenRefusesStringsOfNoTokenSize(t *testing.T) {
	s := token.NewSigner(1, "test")
	for _, tok := range []string{"", "A", "AAA", "AAAA", strings.Repeat("A", 30), strings.Repeat("A", 1025), strings.Repeat("A", 1<<20)} {
		if opens(s, tok, kindPage) {
			t.Fatalf("%d bytes of A open", len(tok))
		}
	}
}

func TestATokenOfMaxBodyOpensAndOneByteMoreDoesNot(t *testing.T) {
	s := token.NewSigner(1, "test")
	// header (version, kind, serial) 10 bytes + uvarint length 2 + string + tag 12.
	const fits = token.MaxBody - 10 - 2 - 12
	for _, c := range []struct {
		n    int
		want bool
	}{{fits, true}, {fits + 1, false}} {
		w := s.New(kindPage)
		w.Str(strings.Repeat("s", c.n))
		tok := s.Seal(w)
		var buf [token.MaxBody]byte
		r, ok := s.Open(tok, kindPage, &buf)
		if ok != c.want {
			t.Fatalf("a string of %d bytes: Open = %v, want %v", c.n, ok, c.want)
		}
		if ok && (len(r.Str()) != c.n || !r.Done()) {
			t.Fatalf("a string of %d bytes read back wrong", c.n)
		}
	}
}

func TestReaderDoneReportsLeftoversAndMissingFields(t *testing.T) {
	s := token.NewSigner(1, "test")
	tok := sample(s) // U32, U64, Time, Str
	var buf [token.MaxBody]byte
	r, _ := s.Open(tok, kindPage, &buf)
	r.U32()
	r.U64()
	if r.Done() {
		t.Fatal("Done() = true with two fields left")
	}
	r.Time()
	r.Str()
	if !r.Done() {
		t.Fatal("Done() = false after every field")
	}
	if r.U32() != 0 || r.Done() {
		t.Fatal("a read past the end did not fail the reader")
	}
	// Reading the fields as other types: the reader may fail or read garbage, but Done tells.
	r, _ = s.Open(tok, kindPage, &buf)
	r.U64()
	r.U64()
	r.U64()
	if r.Done() {
		t.Fatal("Done() = true for fields read as other types")
	}
}

func TestReadsPastTheEndReturnZeroValues(t *testing.T) {
	var r token.Reader // the zero Reader has nothing to read
	if r.U32() != 0 || r.U64() != 0 || r.Str() != "" {
		t.Fatal("a read of the zero Reader returned a value")
	}
	if tm := r.Time(); !tm.IsZero() {
		t.Fatalf("Time() past the end = %v, want the zero time", tm)
	}
	if r.Done() || r.Serial() != 0 {
		t.Fatal("the zero Reader is Done")
	}
	s := token.NewSigner(1, "test")
	w := s.New(kindPage)
	w.Str("abc")
	var buf [token.MaxBody]byte
	r, _ = s.Open(s.Seal(w), kindPage, &buf)
	if got := r.Time(); !got.IsZero() || r.Done() { // 4 bytes left, a time needs 8
		t.Fatalf("Time() of 4 bytes = %v, Done() = %v; want the zero time and false", got, r.Done())
	}
}

func TestAStringLengthBeyondTheTokenFailsTheReader(t *testing.T) {
	s := token.NewSigner(1, "test")
	w := s.New(kindPage)
	w.U64(math.MaxUint64) // read as a uvarint: 9 bytes of continuation, a length far beyond the token
	w.U64(1)
	var buf [token.MaxBody]byte
	r, _ := s.Open(s.Seal(w), kindPage, &buf)
	if got := r.Str(); got != "" || r.Done() {
		t.Fatalf("Str() = %q, Done() = %v; want \"\" and false", got, r.Done())
	}
}

func TestOpenAllocatesNothing(t *testing.T) {
	s := token.NewSigner(1, "test")
	tok := sample(s)
	var buf [token.MaxBody]byte
	if n := testing.AllocsPerRun(100, func() {
		r, ok := s.Open(tok, kindPage, &buf)
		if !ok {
			t.Fatal("refused")
		}
		r.U32()
		r.U64()
		r.Time()
	}); n != 0 {
		t.Fatalf("Open and fixed-size reads allocate %v times, want 0", n)
	}
}
