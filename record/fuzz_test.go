package record_test

import (
	"errors"
	"math/big"
	"regexp"
	"testing"

	"github.com/kinesim/kinesim/record"
)

// The patterns of the AWS API model: shapes.HashKey and shapes.SequenceNumber.
var (
	hashKeyPattern = regexp.MustCompile(`^(0|[1-9][0-9]{0,38})$`)
	seqPattern     = regexp.MustCompile(`^(0|[1-9][0-9]{0,128})$`)
)

// FuzzParseSequenceNumber checks, for any text: ParseSequenceNumber never panics; it reports malformed exactly
// the text AWS's pattern rejects; it accepts exactly the well-formed numbers whose value has the kinesim layout
// (below 2^128, version 2 in the top four bits); and an accepted number prints back as the same text.
func FuzzParseSequenceNumber(f *testing.F) {
	for _, s := range []string{
		"", "0", "00", "1", "-1", " 42535295865117307932921825928971026432",
		"42535295865117307932921825928971026432",
		"63802943797675961899382738893456539647",
		"63802943797675961899382738893456539648",
		"49559948046087405716686625491085803253240564075691245570",
		"340282366920938463463374607431768211456",
		record.NewSequenceNumber(7, 3, 42).String(),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := record.ParseSequenceNumber(s)
		if !seqPattern.MatchString(s) {
			if !errors.Is(err, record.ErrMalformedSequenceNumber) {
				t.Fatalf("ParseSequenceNumber(%q) error = %v, want ErrMalformedSequenceNumber", s, err)
			}
			return
		}
		v, _ := new(big.Int).SetString(s, 10)
		kinesim := v.Cmp(max128) <= 0 && new(big.Int).Rsh(v, 124).Int64() == 2
		if !kinesim {
			if !errors.Is(err, record.ErrForeignSequenceNumber) {
				t.Fatalf("ParseSequenceNumber(%q) error = %v, want ErrForeignSequenceNumber", s, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseSequenceNumber(%q) error = %v, want success", s, err)
		}
		if n.String() != s {
			t.Fatalf("ParseSequenceNumber(%q).String() = %q", s, n.String())
		}
		if n.IsZero() {
			t.Fatalf("ParseSequenceNumber(%q) is zero", s)
		}
		if got := seqBig(n.Epoch(), n.ShardIndex(), n.Position()); got.Cmp(v) != 0 {
			t.Fatalf("ParseSequenceNumber(%q) decodes as (%d, %d, %d) = %v", s, n.Epoch(), n.ShardIndex(), n.Position(), got)
		}
		if m := record.NewSequenceNumber(n.Epoch(), n.ShardIndex(), n.Position()); m != n {
			t.Fatalf("rebuilding %q from its fields gives %v", s, m)
		}
	})
}

// FuzzParseHashKey checks, for any text: ParseHashKey never panics; it accepts exactly the canonical decimals
// (AWS's pattern) whose value is at most 2^128−1 and agrees with math/big on the value; it reports out of range
// exactly for well-formed decimals above 2^128−1; and an accepted key prints back as the same text.
func FuzzParseHashKey(f *testing.F) {
	for _, s := range []string{
		"", "0", "00", "1", "-1", "+1", " 1", "1 ", "1e3",
		"113427455640312821154458202477256070484",
		"340282366920938463463374607431768211455",
		"340282366920938463463374607431768211456",
		"999999999999999999999999999999999999999",
		"1000000000000000000000000000000000000000",
		"18446744073709551616",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := record.ParseHashKey(s)
		if !hashKeyPattern.MatchString(s) {
			if !errors.Is(err, record.ErrMalformedHashKey) {
				t.Fatalf("ParseHashKey(%q) error = %v, want ErrMalformedHashKey", s, err)
			}
			return
		}
		v, _ := new(big.Int).SetString(s, 10)
		if v.Cmp(max128) > 0 {
			if !errors.Is(err, record.ErrHashKeyOutOfRange) {
				t.Fatalf("ParseHashKey(%q) error = %v, want ErrHashKeyOutOfRange", s, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseHashKey(%q) error = %v, want success", s, err)
		}
		if k.Big().Cmp(v) != 0 {
			t.Fatalf("ParseHashKey(%q) = %v, want %v", s, k.Big(), v)
		}
		if k.String() != s {
			t.Fatalf("ParseHashKey(%q).String() = %q", s, k.String())
		}
	})
}

// FuzzParseAnySequenceNumber checks, for any two texts: ParseAnySequenceNumber never panics; it reports malformed
// exactly the text AWS's pattern rejects; an accepted number prints back as the same text, is foreign exactly
// when ParseSequenceNumber calls it foreign (and equals ParseSequenceNumber's number otherwise), reads back from
// MarshalText, and compares with another as math/big compares the integers, == exactly when the texts are equal.
func FuzzParseAnySequenceNumber(f *testing.F) {
	for _, s := range []string{
		"", "0", "00", "1", "-1", " 1",
		"42535295865117307932921825928971026432",
		"49559948046087405716686625491085803253240564075691245570",
		"49590338271490256608559692538361571095921575989136588898",
		"340282366920938463463374607431768211456",
		record.NewSequenceNumber(7, 3, 42).String(),
	} {
		f.Add(s, "49590338271490256608559692538361571095921575989136588899")
	}
	f.Fuzz(func(t *testing.T, s, o string) {
		n, err := record.ParseAnySequenceNumber(s)
		if !seqPattern.MatchString(s) {
			if !errors.Is(err, record.ErrMalformedSequenceNumber) {
				t.Fatalf("ParseAnySequenceNumber(%q) error = %v, want ErrMalformedSequenceNumber", s, err)
			}
			return
		}
		if err != nil || n.IsZero() || n.String() != s {
			t.Fatalf("ParseAnySequenceNumber(%q) = %q (zero %v), %v", s, n, n.IsZero(), err)
		}
		strict, serr := record.ParseSequenceNumber(s)
		if n.IsForeign() != errors.Is(serr, record.ErrForeignSequenceNumber) || serr == nil && strict != n {
			t.Fatalf("ParseAnySequenceNumber(%q) foreign=%v, ParseSequenceNumber gives %v, %v", s, n.IsForeign(), strict, serr)
		}
		var u record.SequenceNumber
		if txt, _ := n.MarshalText(); u.UnmarshalText(txt) != nil || u != n {
			t.Fatalf("%q does not read back from MarshalText", s)
		}
		m, err := record.ParseAnySequenceNumber(o)
		if err != nil {
			return
		}
		x, _ := new(big.Int).SetString(s, 10)
		y, _ := new(big.Int).SetString(o, 10)
		if got, want := n.Compare(m), x.Cmp(y); got != want {
			t.Fatalf("Compare(%s, %s) = %d, want %d", s, o, got, want)
		}
		if (n == m) != (s == o) {
			t.Fatalf("(%s == %s) is %v", s, o, n == m)
		}
	})
}
