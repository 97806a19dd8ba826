package kcl_test

import (
	"math/big"
	"testing"

	"github.com/kinesim/kinesim/kcl"
)

// Checkpoints of sequence numbers order as the integers the decimals spell (AWS's are decimals of up to 129
// digits), then by sub-sequence number; ordering is a strict weak order.
func FuzzCheckpointOrderMatchesTheIntegers(f *testing.F) {
	f.Add("49590338271490256608559692538361571095921575989136588898", uint64(0), "49590338271490256608559692538361571095921575989136588899", uint64(3))
	f.Add("9", uint64(1), "10", uint64(0))
	f.Add("42", uint64(2), "42", uint64(1))
	f.Fuzz(func(t *testing.T, a string, asub uint64, b string, bsub uint64) {
		x, ok1 := new(big.Int).SetString(a, 10)
		y, ok2 := new(big.Int).SetString(b, 10)
		if !ok1 || !ok2 || x.Sign() < 0 || y.Sign() < 0 || x.String() != a || y.String() != b {
			return // not a sequence number: a decimal without sign or leading zeros
		}
		ca, cb := kcl.Checkpoint{SequenceNumber: a, SubSequenceNumber: asub}, kcl.Checkpoint{SequenceNumber: b, SubSequenceNumber: bsub}
		want := x.Cmp(y)
		if want == 0 {
			switch {
			case asub < bsub:
				want = -1
			case asub > bsub:
				want = 1
			}
		}
		if got := ca.Less(cb); got != (want < 0) {
			t.Fatalf("%v.Less(%v) = %v; want %v", ca, cb, got, want < 0)
		}
		if ca.Less(cb) && cb.Less(ca) {
			t.Fatalf("%v and %v are each less than the other", ca, cb)
		}
		if !kcl.CheckpointTrimHorizon.Less(ca) || !ca.Less(kcl.CheckpointShardEnd) {
			t.Fatalf("%v is not between TRIM_HORIZON and SHARD_END", ca)
		}
	})
}
