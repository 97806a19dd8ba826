package record_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/record"
)

// seqBig is the independent reference for the documented layout: version 2 in bits 127–124, the epoch in bits
// 123–92, the shard index in bits 91–64 and the position in bits 63–0.
func seqBig(epoch, shard uint32, pos uint64) *big.Int {
	v := new(big.Int).Lsh(big.NewInt(2), 124)
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(uint64(epoch)), 92))
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(uint64(shard)), 64))
	return v.Or(v, new(big.Int).SetUint64(pos))
}

type seqCase struct {
	epoch, shard uint32
	pos          uint64
}

func seqCases() []seqCase {
	cs := []seqCase{
		{0, 0, 0},
		{0, 0, 1},
		{1, 0, 0},
		{0, 1, 0},
		{^uint32(0), record.MaxShardIndex, ^uint64(0)},
		{^uint32(0), 0, 0},
		{0, record.MaxShardIndex, 0},
		{0, 0, ^uint64(0)},
		{7, 3, 42},
	}
	r := rand.New(rand.NewPCG(11, 12))
	for range 5000 {
		c := seqCase{r.Uint32(), r.Uint32N(record.MaxShardIndex + 1), r.Uint64()}
		if r.IntN(2) == 0 {
			c.pos >>= r.IntN(64)
		}
		cs = append(cs, c)
	}
	return cs
}

func TestSequenceNumberEncodesEpochAndShard(t *testing.T) {
	for _, c := range seqCases() {
		n := record.NewSequenceNumber(c.epoch, c.shard, c.pos)
		if n.Epoch() != c.epoch || n.ShardIndex() != c.shard || n.Position() != c.pos {
			t.Fatalf("NewSequenceNumber(%d, %d, %d) decodes as (%d, %d, %d)",
				c.epoch, c.shard, c.pos, n.Epoch(), n.ShardIndex(), n.Position())
		}
		if want := seqBig(c.epoch, c.shard, c.pos).String(); n.String() != want {
			t.Fatalf("NewSequenceNumber(%d, %d, %d) = %s, want the layout value %s", c.epoch, c.shard, c.pos, n, want)
		}
		if n.IsZero() {
			t.Fatalf("NewSequenceNumber(%d, %d, %d) is zero", c.epoch, c.shard, c.pos)
		}
	}
}

func TestSmallestSequenceNumberIs2To125(t *testing.T) {
	// The example in the String doc: epoch 0, shard 0, position 0.
	if got := record.NewSequenceNumber(0, 0, 0).String(); got != "42535295865117307932921825928971026432" {
		t.Fatalf("NewSequenceNumber(0, 0, 0) = %s", got)
	}
}

func TestSequenceNumbersHave38Digits(t *testing.T) {
	for _, c := range seqCases() {
		if s := record.NewSequenceNumber(c.epoch, c.shard, c.pos).String(); len(s) != 38 {
			t.Fatalf("NewSequenceNumber(%d, %d, %d) = %s has %d digits", c.epoch, c.shard, c.pos, s, len(s))
		}
	}
}

func TestSequenceNumberShardIndexIsTruncatedTo28Bits(t *testing.T) {
	n := record.NewSequenceNumber(5, record.MaxShardIndex+3, 9)
	if n.ShardIndex() != 2 || n.Epoch() != 5 || n.Position() != 9 {
		t.Fatalf("NewSequenceNumber(5, MaxShardIndex+3, 9) decodes as (%d, %d, %d), want (5, 2, 9)",
			n.Epoch(), n.ShardIndex(), n.Position())
	}
	if record.MaxShardIndex != 1<<28-1 {
		t.Fatalf("MaxShardIndex = %d", record.MaxShardIndex)
	}
}

func TestSequenceNumberRoundTripsThroughDecimal(t *testing.T) {
	for _, c := range seqCases() {
		n := record.NewSequenceNumber(c.epoch, c.shard, c.pos)
		s := n.String()
		p, err := record.ParseSequenceNumber(s)
		if err != nil || p != n {
			t.Fatalf("ParseSequenceNumber(%s) = %v, %v; want %v", s, p, err, n)
		}
		txt, err := n.MarshalText()
		if err != nil || string(txt) != s {
			t.Fatalf("MarshalText = %q, %v; want %q", txt, err, s)
		}
		app, _ := n.AppendText([]byte("seq="))
		if string(app) != "seq="+s {
			t.Fatalf("AppendText = %q", app)
		}
		var u record.SequenceNumber
		if err := u.UnmarshalText(txt); err != nil || u != n {
			t.Fatalf("UnmarshalText(%q) = %v, %v", txt, u, err)
		}
	}
}

func TestSequenceNumbersIncreaseWithPositionWithinAShard(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 2000 {
		epoch, shard := r.Uint32(), r.Uint32N(record.MaxShardIndex+1)
		a, b := r.Uint64()>>r.IntN(64), r.Uint64()>>r.IntN(64)
		na, nb := record.NewSequenceNumber(epoch, shard, a), record.NewSequenceNumber(epoch, shard, b)
		want := 0
		switch {
		case a < b:
			want = -1
		case a > b:
			want = 1
		}
		if got := na.Compare(nb); got != want {
			t.Fatalf("Compare(pos %d, pos %d) = %d, want %d", a, b, got, want)
		}
		// The decimal strings, read as integers, order the same way (a consumer may compare them as big numbers).
		ba, _ := new(big.Int).SetString(na.String(), 10)
		bb, _ := new(big.Int).SetString(nb.String(), 10)
		if ba.Cmp(bb) != want {
			t.Fatalf("decimal %s vs %s compare %d, want %d", na, nb, ba.Cmp(bb), want)
		}
	}
}

func TestSequenceNumbersOfAHigherShardAreGreater(t *testing.T) {
	// A child shard has a higher index than its parents: each of its numbers is above each of theirs.
	r := rand.New(rand.NewPCG(15, 16))
	for range 2000 {
		epoch := r.Uint32()
		lo := r.Uint32N(record.MaxShardIndex)
		hi := lo + 1 + r.Uint32N(record.MaxShardIndex-lo)
		parentLast := record.NewSequenceNumber(epoch, lo, ^uint64(0)-r.Uint64N(3))
		childFirst := record.NewSequenceNumber(epoch, hi, r.Uint64N(3))
		if parentLast.Compare(childFirst) >= 0 || childFirst.Compare(parentLast) <= 0 {
			t.Fatalf("shard %d pos max ≥ shard %d pos 0: %v vs %v", lo, hi, parentLast, childFirst)
		}
	}
}

func TestSequenceNumberCompareSorts(t *testing.T) {
	var ns []record.SequenceNumber
	for i := range uint64(50) {
		ns = append(ns, record.NewSequenceNumber(1, uint32(i%5), i*7919%101))
	}
	slices.SortFunc(ns, record.SequenceNumber.Compare)
	for i := 1; i < len(ns); i++ {
		a, b := ns[i-1], ns[i]
		if a.ShardIndex() > b.ShardIndex() || a.ShardIndex() == b.ShardIndex() && a.Position() > b.Position() {
			t.Fatalf("sorted order breaks (shard, position) order at %d: %v, %v", i, a, b)
		}
	}
	n := record.NewSequenceNumber(1, 2, 3)
	if n.Compare(n) != 0 {
		t.Fatal("n.Compare(n) != 0")
	}
}

func TestZeroSequenceNumberPrintsEmpty(t *testing.T) {
	var z record.SequenceNumber
	if !z.IsZero() || z.String() != "" {
		t.Fatalf("zero value: IsZero=%v String=%q", z.IsZero(), z.String())
	}
	if b, err := z.MarshalText(); err != nil || len(b) != 0 {
		t.Fatalf("zero MarshalText = %q, %v", b, err)
	}
	if b, _ := z.AppendText([]byte("x")); string(b) != "x" {
		t.Fatalf("zero AppendText = %q", b)
	}
	u := record.NewSequenceNumber(1, 1, 1)
	if err := u.UnmarshalText(nil); err != nil || !u.IsZero() {
		t.Fatalf("UnmarshalText(empty) = %v, %v; want the zero value", u, err)
	}
	if _, err := record.ParseSequenceNumber(""); !errors.Is(err, record.ErrMalformedSequenceNumber) {
		t.Fatalf("ParseSequenceNumber(\"\") error = %v, want ErrMalformedSequenceNumber", err)
	}
}

func TestSequenceNumberJSONIsADecimalString(t *testing.T) {
	type doc struct {
		S record.SequenceNumber
		Z record.SequenceNumber
	}
	in := doc{S: record.NewSequenceNumber(0, 0, 0)}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"S":"42535295865117307932921825928971026432","Z":""}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("json.Unmarshal = %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"S":"12x"}`), &out); !errors.Is(err, record.ErrMalformedSequenceNumber) {
		t.Fatalf("json.Unmarshal of a malformed number: %v", err)
	}
}

func TestParseSequenceNumberRejectsMalformedText(t *testing.T) {
	valid := record.NewSequenceNumber(1, 2, 3).String()
	for _, s := range []string{
		"",
		"00",
		"0" + valid,
		"+" + valid,
		"-" + valid,
		" " + valid,
		valid + " ",
		valid + "\n",
		valid[:10] + "a" + valid[11:],
		"1e40",
		"0x2000000000000000",
		strings.Repeat("1", 130), // 130 digits: beyond AWS's pattern
		"1" + strings.Repeat("0", 129),
		strings.Repeat("9", 200),
	} {
		if _, err := record.ParseSequenceNumber(s); !errors.Is(err, record.ErrMalformedSequenceNumber) {
			t.Errorf("ParseSequenceNumber(%q) error = %v, want ErrMalformedSequenceNumber", s, err)
		}
	}
}

func TestParseSequenceNumberRejectsForeignNumbers(t *testing.T) {
	v1 := new(big.Int).Lsh(big.NewInt(1), 124) // version 1, otherwise a valid layout
	v3 := new(big.Int).Lsh(big.NewInt(3), 124)
	for _, s := range []string{
		"0",
		"1",
		"21269319989900637946712965403778482371", // the example in the AWS developer guide
		"49559948046087405716686625491085803253240564075691245570", // a live AWS number (56 digits)
		v1.String(),
		v3.String(),
		new(big.Int).Sub(seqBig(0, 0, 0), big.NewInt(1)).String(), // one below the smallest kinesim number
		max128.String(),
		two128.String(),
		strings.Repeat("9", 129), // 129 digits: well formed, far above 2^128
		"1" + strings.Repeat("0", 128),
	} {
		if _, err := record.ParseSequenceNumber(s); !errors.Is(err, record.ErrForeignSequenceNumber) {
			t.Errorf("ParseSequenceNumber(%q) error = %v, want ErrForeignSequenceNumber", s, err)
		}
	}
}
