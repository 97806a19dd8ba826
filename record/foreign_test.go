package record_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/record"
)

// Sequence numbers as AWS issues them: 56 digits, increasing within a shard (the Kinesis API reference's
// examples, e.g. GetRecords and PutRecords responses). The pattern of the API model (shapes.SequenceNumber) allows
// any decimal of up to 129 digits.
var awsSequenceNumbers = []string{
	"49590338271490256608559692538361571095921575989136588898",
	"49590338271490256608559692538361571095921575989136588899",
	"49590338271490256608559692540925702759324208523137515618",
	"49546986683135544286507457936321625675700192471156785154",
}

// An AWS sequence number read with ParseAnySequenceNumber prints back as AWS's exact text, is foreign (its kinesim
// fields are 0), equals the same text parsed again and nothing else, and survives MarshalText/UnmarshalText and
// JSON. Source: Kinesis API reference, Record.SequenceNumber (pattern 0|([1-9]\d{0,128})).
func TestParseAnySequenceNumberKeepsAWSNumbersExactly(t *testing.T) {
	for _, s := range append(slices.Clone(awsSequenceNumbers), "0", "1", strings.Repeat("9", 129)) {
		n, err := record.ParseAnySequenceNumber(s)
		if err != nil {
			t.Fatalf("ParseAnySequenceNumber(%s): %v", s, err)
		}
		if n.String() != s || !n.IsForeign() || n.IsZero() {
			t.Fatalf("ParseAnySequenceNumber(%s) = %q (foreign %v, zero %v); want the same text, foreign", s, n, n.IsForeign(), n.IsZero())
		}
		if n.Epoch() != 0 || n.ShardIndex() != 0 || n.Position() != 0 {
			t.Fatalf("foreign %s decodes as (%d, %d, %d); want zeros", s, n.Epoch(), n.ShardIndex(), n.Position())
		}
		again, _ := record.ParseAnySequenceNumber(strings.Clone(s))
		if again != n || again.Compare(n) != 0 {
			t.Fatalf("%s parsed twice gives two numbers", s)
		}
		if _, err := record.ParseSequenceNumber(s); !errors.Is(err, record.ErrForeignSequenceNumber) {
			t.Fatalf("ParseSequenceNumber(%s) error = %v; the engine's parser must still refuse it", s, err)
		}
		txt, _ := n.MarshalText()
		var u record.SequenceNumber
		if err := u.UnmarshalText(txt); err != nil || u != n {
			t.Fatalf("UnmarshalText(MarshalText(%s)) = %v, %v", s, u, err)
		}
		if app, _ := n.AppendText([]byte("seq=")); string(app) != "seq="+s {
			t.Fatalf("AppendText = %q", app)
		}
		b, _ := json.Marshal(struct{ S record.SequenceNumber }{n})
		var back struct{ S record.SequenceNumber }
		if err := json.Unmarshal(b, &back); err != nil || back.S != n {
			t.Fatalf("JSON %s reads back as %v, %v", b, back.S, err)
		}
	}
	a, _ := record.ParseAnySequenceNumber(awsSequenceNumbers[0])
	b, _ := record.ParseAnySequenceNumber(awsSequenceNumbers[1])
	if a == b {
		t.Fatal("two different AWS numbers are ==")
	}
}

// ParseAnySequenceNumber gives a kinesim number exactly the form ParseSequenceNumber gives it, so numbers the
// engine issued stay == whichever parser read them; text that is not a decimal AWS allows is malformed.
func TestParseAnySequenceNumberReadsKinesimNumbersAsTheEngineDoes(t *testing.T) {
	for _, c := range seqCases()[:200] {
		n := record.NewSequenceNumber(c.epoch, c.shard, c.pos)
		p, err := record.ParseAnySequenceNumber(n.String())
		if err != nil || p != n || p.IsForeign() {
			t.Fatalf("ParseAnySequenceNumber(%s) = %v (foreign %v), %v; want %v", n, p, p.IsForeign(), err, n)
		}
	}
	for _, s := range []string{"", "00", "-1", "+1", "1e3", " 1", "0x10", strings.Repeat("9", 130)} {
		if _, err := record.ParseAnySequenceNumber(s); !errors.Is(err, record.ErrMalformedSequenceNumber) {
			t.Fatalf("ParseAnySequenceNumber(%q) error = %v; want ErrMalformedSequenceNumber", s, err)
		}
	}
}

// Foreign numbers order as the integers they spell, among themselves and against kinesim numbers (AWS's numbers
// of one shard increase; a consumer compares them as big decimals). Source: Kinesis API reference, "Sequence
// numbers for the same partition key generally increase over time".
func TestForeignSequenceNumbersCompareAsIntegers(t *testing.T) {
	texts := append(slices.Clone(awsSequenceNumbers), "0", "7", "10", "99999999999999999999999999999999999999",
		record.NewSequenceNumber(0, 0, 0).String(), record.NewSequenceNumber(9, 4, 2).String(), strings.Repeat("9", 129))
	ns := make([]record.SequenceNumber, len(texts))
	for i, s := range texts {
		ns[i], _ = record.ParseAnySequenceNumber(s)
	}
	for i, a := range ns {
		x, _ := new(big.Int).SetString(texts[i], 10)
		for j, b := range ns {
			y, _ := new(big.Int).SetString(texts[j], 10)
			if got, want := a.Compare(b), x.Cmp(y); got != want {
				t.Fatalf("Compare(%s, %s) = %d; want %d", a, b, got, want)
			}
		}
		if z := (record.SequenceNumber{}); z.Compare(a) != -1 || a.Compare(z) != 1 {
			t.Fatalf("the zero value does not sort below %s", a)
		}
	}
}

// The engine's numbers cost nothing more for the foreign form: making, comparing and appending one allocates
// nothing; nor does comparing a foreign number with another or with a kinesim number.
func TestSequenceNumbersCompareWithoutAllocating(t *testing.T) {
	var buf [64]byte
	f, _ := record.ParseAnySequenceNumber(awsSequenceNumbers[0])
	g, _ := record.ParseAnySequenceNumber(awsSequenceNumbers[1])
	allocs := testing.AllocsPerRun(100, func() {
		n := record.NewSequenceNumber(3, 4, 5)
		m := record.NewSequenceNumber(3, 4, 6)
		if n.Compare(m) >= 0 || n.IsZero() || n.IsForeign() {
			t.Fatal("wrong order")
		}
		_, _ = n.AppendText(buf[:0])
		if f.Compare(g) >= 0 || n.Compare(f) >= 0 || f.Compare(n) <= 0 {
			t.Fatal("wrong order")
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations; want 0", allocs)
	}
}

// BenchmarkParseAnySequenceNumber parses an AWS number (an interned lookup once the text is known).
func BenchmarkParseAnySequenceNumber(b *testing.B) {
	s := awsSequenceNumbers[0]
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := record.ParseAnySequenceNumber(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareForeignSequenceNumbers compares two AWS numbers.
func BenchmarkCompareForeignSequenceNumbers(b *testing.B) {
	x, _ := record.ParseAnySequenceNumber(awsSequenceNumbers[0])
	y, _ := record.ParseAnySequenceNumber(awsSequenceNumbers[1])
	b.ReportAllocs()
	for b.Loop() {
		if x.Compare(y) >= 0 {
			b.Fatal("wrong order")
		}
	}
}

// BenchmarkNewSequenceNumber makes the numbers of 512 records of 8 shards per op, as a PutRecords call does.
func BenchmarkNewSequenceNumber(b *testing.B) {
	var ns [512]record.SequenceNumber
	b.ReportAllocs()
	for b.Loop() {
		for i := range ns {
			ns[i] = record.NewSequenceNumber(7, uint32(i%8), uint64(i))
		}
	}
	if ns[0].IsZero() {
		b.Fatal("zero number")
	}
}
