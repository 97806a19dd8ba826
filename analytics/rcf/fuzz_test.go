package rcf_test

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"testing"

	"github.com/kinesim/kinesim/analytics/rcf"
)

// FuzzForest streams arbitrary values (pairs of float64 from the input bytes, any bit pattern) through a small
// forest with shingling: nothing panics, an invalid point is rejected, every score lies in 0…log2(sample), the
// attribution's parts are non-negative and sum to the score, and the explanation is valid JSON.
func FuzzForest(f *testing.F) {
	f.Add([]byte{})
	f.Add(binary.LittleEndian.AppendUint64(nil, math.Float64bits(1)))
	f.Add(make([]byte, 16*40))
	f.Fuzz(func(t *testing.T, data []byte) {
		forest, err := rcf.New(rcf.Config{Dimensions: 2, NumberOfTrees: 3, SubSampleSize: 10, TimeDecay: 5, ShingleSize: 2, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		top := math.Log2(10)
		for len(data) >= 16 {
			p := []float64{math.Float64frombits(binary.LittleEndian.Uint64(data)), math.Float64frombits(binary.LittleEndian.Uint64(data[8:]))}
			data = data[16:]
			a := forest.Attribution(p)
			s, err := forest.ScoreAndUpdate(p)
			finite := math.Abs(p[0]) <= rcf.MaxValue && math.Abs(p[1]) <= rcf.MaxValue
			if finite != (err == nil) {
				t.Fatalf("point %v: err %v", p, err)
			}
			if !(s >= 0 && s <= top) {
				t.Fatalf("point %v: score %v", p, s)
			}
			var sum float64
			for i := range a.High {
				if !(a.High[i] >= 0 && a.Low[i] >= 0) {
					t.Fatalf("point %v: attribution %+v", p, a)
				}
				sum += a.High[i] + a.Low[i]
			}
			if math.Abs(sum-s) > 1e-9*math.Max(1, s) {
				t.Fatalf("point %v: attribution sums to %v, score %v", p, sum, s)
			}
			if !json.Valid(a.AppendExplanation(nil, []string{`a"b`, "c"}, true)) {
				t.Fatalf("invalid explanation JSON")
			}
		}
	})
}
