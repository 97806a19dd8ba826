package buffer_test

import (
	"testing"
	"time"

	"github.com/kinesim/kinesim/firehose/buffer"
)

// FuzzBuffer runs a program of Add/Take/Due calls decoded from the input and checks the invariants: no panic,
// every byte added comes out of exactly one batch in order, a due buffer is non-empty, and a batch's Oldest is the
// minimum of its arrivals.
func FuzzBuffer(f *testing.F) {
	f.Add([]byte{3, 10, 0, 5, 1, 2, 3, 4, 5, 1, 0})
	f.Add([]byte{0, 0, 2, 9, 9, 9})
	f.Fuzz(func(t *testing.T, prog []byte) {
		if len(prog) < 2 {
			return
		}
		b := buffer.New(buffer.Hints{SizeBytes: int(prog[0]), Interval: time.Duration(prog[1]) * time.Second})
		prog = prog[2:]
		now := t0
		var in, out []byte
		for len(prog) > 0 {
			op := prog[0]
			prog = prog[1:]
			now = now.Add(time.Duration(op>>2) * time.Second)
			switch op & 3 {
			case 0, 1:
				n := min(int(op>>3), len(prog))
				arr := now.Add(-time.Duration(op&7) * time.Second)
				due := b.Add(now, arr, prog[:n])
				in = append(in, prog[:n]...)
				prog = prog[n:]
				if due != b.Due(now) {
					t.Fatal("Add and Due disagree")
				}
			case 2:
				if b.Due(now) && b.Len() == 0 {
					t.Fatal("an empty buffer is due")
				}
			case 3:
				batch := b.Take(now)
				checkBatch(t, batch)
				out = append(out, batch.Data...)
				if op&4 != 0 {
					b.Recycle(batch) // its bytes are copied: the next batches may reuse its slices
				}
			}
		}
		batch := b.Take(now)
		checkBatch(t, batch)
		out = append(out, batch.Data...)
		if string(in) != string(out) {
			t.Fatalf("bytes in %q, out %q", in, out)
		}
	})
}

func checkBatch(t *testing.T, batch buffer.Batch) {
	t.Helper()
	total := 0
	for i, r := range batch.Records {
		if r.Offset != total || r.Len < 0 {
			t.Fatalf("record %d at %d+%d, want offset %d", i, r.Offset, r.Len, total)
		}
		total += r.Len
		if r.Arrival.Before(batch.Oldest) {
			t.Fatalf("record %d arrived before Oldest", i)
		}
	}
	if total != len(batch.Data) {
		t.Fatalf("records cover %d of %d bytes", total, len(batch.Data))
	}
}
