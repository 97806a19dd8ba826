package fragment_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinesim/kinesim/video/fragment"
)

var t0 = time.Date(2026, 7, 13, 15, 0, 0, 0, time.UTC)

// Fragment numbers are AWS-shaped (decimal, 20+ digits), rise in ingestion order as strings, and parse back.
func TestNumbersAreDecimalOfFixedLengthAndRiseInIngestionOrder(t *testing.T) {
	x := fragment.New[int](42)
	prev := ""
	for i := range 1000 {
		f := x.Append(fragment.Fragment[int]{ServerTimestamp: t0.Add(time.Duration(i) * time.Second), Size: 1})
		n := x.Number(f.Seq)
		if len(n) != fragment.NumberDigits || n <= prev {
			t.Fatalf("number %q after %q", n, prev)
		}
		for _, c := range n {
			if c < '0' || c > '9' {
				t.Fatalf("number %q is not decimal", n)
			}
		}
		if seq, err := x.Parse(n); err != nil || seq != f.Seq {
			t.Fatalf("Parse(%q) = %d, %v; want %d", n, seq, err, f.Seq)
		}
		prev = n
	}
	if _, err := fragment.New[int](43).Parse(prev); err == nil {
		t.Fatalf("another stream's index parsed %q", prev)
	}
}

// The index agrees with a model (a plain slice) over random appends, lookups and expiries, and frees expired
// fragments' slots.
func TestIndexAgreesWithASliceModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := fragment.New[[]byte](1)
	var model []fragment.Fragment[[]byte]
	now := t0
	for step := range 5000 {
		now = now.Add(time.Duration(rng.IntN(3000)) * time.Millisecond)
		switch rng.IntN(4) {
		case 0, 1:
			f := x.Append(fragment.Fragment[[]byte]{ServerTimestamp: now, ProducerTimestamp: now.Add(-time.Second), Duration: time.Second,
				Size: int64(rng.IntN(100) + 1), Media: make([]byte, 8)})
			model = append(model, f)
		case 2:
			age := time.Duration(rng.IntN(60)) * time.Second
			maxBytes := int64(rng.IntN(5000))
			x.Expire(now, age, maxBytes)
			var sum int64
			for _, f := range model {
				sum += f.Size
			}
			for len(model) > 0 && (!model[0].ServerTimestamp.After(now.Add(-age)) || maxBytes > 0 && sum > maxBytes) {
				sum -= model[0].Size
				model = model[1:]
			}
		case 3:
			if len(model) > 0 {
				want := model[rng.IntN(len(model))]
				if got, ok := x.Get(want.Seq); !ok || got.Seq != want.Seq {
					t.Fatalf("step %d: Get(%d) = %v, %v", step, want.Seq, got.Seq, ok)
				}
				at := want.ServerTimestamp.Add(500 * time.Millisecond)
				if got := x.SeekTime(fragment.ServerTime, at); got != seekModel(model, at) {
					t.Fatalf("step %d: SeekTime(%v) = %d, want %d", step, at, got, seekModel(model, at))
				}
			}
		}
		if x.Len() != len(model) {
			t.Fatalf("step %d: Len %d, model %d", step, x.Len(), len(model))
		}
		var sum int64
		for _, f := range model {
			sum += f.Size
		}
		if x.Bytes() != sum {
			t.Fatalf("step %d: Bytes %d, model %d", step, x.Bytes(), sum)
		}
	}
}

func seekModel(m []fragment.Fragment[[]byte], t time.Time) uint64 {
	for _, f := range m {
		if !f.ServerTimestamp.After(t) && f.ServerTimestamp.Add(f.Duration).After(t) || f.ServerTimestamp.After(t) {
			return f.Seq
		}
	}
	return m[len(m)-1].Seq + 1
}

// Range is inclusive of both ends and goes by the fragment's start (ListFragments' TimestampRange).
func TestRangeIncludesFragmentsStartingAtBothEnds(t *testing.T) {
	x := fragment.New[int](1)
	for i := range 4 {
		x.Append(fragment.Fragment[int]{ServerTimestamp: t0.Add(time.Duration(2*i) * time.Second), Duration: time.Second})
	}
	var got []uint64
	for f := range x.Range(fragment.ServerTime, t0.Add(time.Second), t0.Add(4*time.Second), 0) {
		got = append(got, f.Seq)
	}
	if len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Fatalf("1–4 s: %v, want [2 3]", got)
	}
}

// FuzzParse: Parse never panics, and what it accepts spells back to itself.
func FuzzParse(f *testing.F) {
	x := fragment.New[int](99)
	f.Add(x.Number(1))
	f.Add(x.Number(1<<63 + 5))
	f.Add("91343852333181432392682062607743920146264307386")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		seq, err := x.Parse(s)
		if err == nil && x.Number(seq) != s {
			t.Fatalf("Parse(%q) = %d, which spells %q", s, seq, x.Number(seq))
		}
	})
}
