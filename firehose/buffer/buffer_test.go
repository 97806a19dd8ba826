package buffer_test

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinesim/kinesim/firehose/buffer"
)

var t0 = time.Date(2026, 7, 13, 14, 59, 58, 0, time.UTC)

// The first buffer condition satisfied triggers delivery: the size hint before the interval
// (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html).
func TestSizeHintFlushesBeforeInterval(t *testing.T) {
	b := buffer.New(buffer.Hints{SizeBytes: 10, Interval: time.Minute})
	if b.Add(t0, t0, []byte("12345")) {
		t.Fatal("5 of 10 bytes: due")
	}
	if !b.Add(t0.Add(time.Second), t0.Add(time.Second), []byte("67890")) {
		t.Fatal("10 of 10 bytes: not due")
	}
	batch := b.Take(t0.Add(time.Second))
	if batch.Reason != buffer.Size || string(batch.Data) != "1234567890" || batch.Len() != 2 {
		t.Fatalf("batch = %v %q %d", batch.Reason, batch.Data, batch.Len())
	}
	if b.Len() != 0 || b.Bytes() != 0 {
		t.Fatalf("after Take: %d records, %d bytes", b.Len(), b.Bytes())
	}
}

// The interval counts from the first record of a batch; a later record does not extend it.
func TestIntervalHintFlushesFromFirstRecord(t *testing.T) {
	b := buffer.New(buffer.Hints{SizeBytes: 1 << 20, Interval: 60 * time.Second})
	b.Add(t0, t0, []byte("a"))
	b.Add(t0.Add(59*time.Second), t0.Add(59*time.Second), []byte("b"))
	if at, ok := b.NextDeadline(); !ok || !at.Equal(t0.Add(60*time.Second)) {
		t.Fatalf("NextDeadline = %v %v", at, ok)
	}
	if b.Due(t0.Add(60*time.Second - time.Nanosecond)) {
		t.Fatal("due before the interval")
	}
	if !b.Due(t0.Add(60 * time.Second)) {
		t.Fatal("not due at the interval")
	}
	if r := b.Take(t0.Add(60 * time.Second)).Reason; r != buffer.Interval {
		t.Fatalf("reason %v", r)
	}
	if _, ok := b.NextDeadline(); ok {
		t.Fatal("an empty buffer has a deadline")
	}
}

// Interval 0 is zero buffering (API Reference, BufferingHints: IntervalInSeconds 0–900).
func TestZeroIntervalIsDueAtOnce(t *testing.T) {
	b := buffer.New(buffer.Hints{SizeBytes: 1 << 20})
	if !b.Add(t0, t0, []byte("x")) {
		t.Fatal("zero buffering: not due")
	}
}

// The object's timestamp is the arrival of the oldest record in it, not the flush time
// (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html).
func TestBatchCarriesOldestArrival(t *testing.T) {
	b := buffer.New(buffer.Hints{SizeBytes: 100, Interval: time.Hour})
	b.Add(t0, t0.Add(5*time.Second), []byte("late"))
	b.Add(t0.Add(time.Second), t0, []byte("early")) // a record read from a stream may have arrived earlier
	batch := b.Take(t0.Add(30 * time.Minute))
	if !batch.Oldest.Equal(t0) || !batch.Started.Equal(t0) {
		t.Fatalf("Oldest %v Started %v", batch.Oldest, batch.Started)
	}
	if string(batch.Record(0)) != "late" || string(batch.Record(1)) != "early" {
		t.Fatalf("records %q %q", batch.Record(0), batch.Record(1))
	}
}

func TestSetHintsKeepsRecordsAndMovesDeadline(t *testing.T) {
	b := buffer.New(buffer.Hints{SizeBytes: 100, Interval: time.Hour})
	b.Add(t0, t0, []byte("x"))
	b.SetHints(buffer.Hints{SizeBytes: 100, Interval: time.Minute})
	if at, _ := b.NextDeadline(); !at.Equal(t0.Add(time.Minute)) {
		t.Fatalf("deadline %v", at)
	}
	b.SetHints(buffer.Hints{SizeBytes: 1})
	if !b.Due(t0) || b.Hints().SizeBytes != 1 {
		t.Fatal("a size hint below what is held does not make the buffer due")
	}
}

func TestTakeHandsOverItsSlices(t *testing.T) {
	b := buffer.New(buffer.Hints{SizeBytes: 4, Interval: time.Hour})
	b.Add(t0, t0, []byte("ab"))
	first := b.Take(t0)
	b.Add(t0, t0, []byte("cd"))
	if string(first.Data) != "ab" {
		t.Fatalf("a later Add changed a taken batch: %q", first.Data)
	}
	if e := b.Take(t0); e.Reason != buffer.Requested || e.Len() != 1 {
		t.Fatalf("%v %d", e.Reason, e.Len())
	}
	if e := b.Take(t0); e.Len() != 0 || !e.Oldest.IsZero() {
		t.Fatal("an empty Take is not empty")
	}
}

// A recycled batch's slices carry the next batch: a steady stream allocates nothing per batch.
func TestRecycleReusesSlices(t *testing.T) {
	b := buffer.New(buffer.Hints{SizeBytes: 64, Interval: time.Hour})
	rec := bytes.Repeat([]byte("x"), 16)
	fill := func() buffer.Batch {
		for !b.Add(t0, t0, rec) {
		}
		return b.Take(t0)
	}
	first := fill()
	b.Recycle(first)
	allocs := testing.AllocsPerRun(100, func() { b.Recycle(fill()) })
	if allocs != 0 {
		t.Fatalf("%.1f allocations per recycled batch", allocs)
	}
	second := fill()
	if string(second.Data) != string(bytes.Repeat(rec, 4)) || second.Len() != 4 {
		t.Fatalf("a batch on recycled slices: %q", second.Data)
	}
}

// model is the obvious implementation the buffer is checked against: a list of records and the time of the
// first.
type model struct {
	h     buffer.Hints
	recs  [][]byte
	times []time.Time
	first time.Time
}

func (m *model) due(now time.Time) bool {
	if len(m.recs) == 0 {
		return false
	}
	n := 0
	for _, r := range m.recs {
		n += len(r)
	}
	return n >= max(m.h.SizeBytes, 1) || !now.Before(m.first.Add(max(m.h.Interval, 0)))
}

// TestBufferMatchesModel drives a buffer and the model with the same random calls and compares every answer.
func TestBufferMatchesModel(t *testing.T) {
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 1))
		h := buffer.Hints{SizeBytes: rng.IntN(64), Interval: time.Duration(rng.IntN(10)) * time.Second}
		b, m := buffer.New(h), &model{h: h}
		now := t0
		for range 300 {
			now = now.Add(time.Duration(rng.IntN(3000)) * time.Millisecond)
			switch rng.IntN(4) {
			case 0, 1:
				data := bytes.Repeat([]byte{byte(rng.Uint32())}, rng.IntN(20))
				arr := now.Add(-time.Duration(rng.IntN(5)) * time.Second)
				if len(m.recs) == 0 {
					m.first = now
				}
				m.recs, m.times = append(m.recs, data), append(m.times, arr)
				if got := b.Add(now, arr, data); got != m.due(now) {
					t.Fatalf("seed %d: Add due = %v, model %v", seed, got, m.due(now))
				}
			case 2:
				if b.Due(now) != m.due(now) {
					t.Fatalf("seed %d: Due = %v, model %v", seed, b.Due(now), m.due(now))
				}
			case 3:
				batch := b.Take(now)
				if batch.Len() != len(m.recs) {
					t.Fatalf("seed %d: Take %d records, model %d", seed, batch.Len(), len(m.recs))
				}
				var oldest time.Time
				for i, r := range m.recs {
					if !bytes.Equal(batch.Record(i), r) || !batch.Records[i].Arrival.Equal(m.times[i]) {
						t.Fatalf("seed %d: record %d = %q, model %q", seed, i, batch.Record(i), r)
					}
					if i == 0 || m.times[i].Before(oldest) {
						oldest = m.times[i]
					}
				}
				if !batch.Oldest.Equal(oldest) {
					t.Fatalf("seed %d: Oldest %v, model %v", seed, batch.Oldest, oldest)
				}
				m.recs, m.times = nil, nil
			}
		}
	}
}

func BenchmarkAddTake(b *testing.B) {
	buf := buffer.New(buffer.Hints{SizeBytes: 5 << 20, Interval: 300 * time.Second})
	rec := bytes.Repeat([]byte("x"), 1024)
	b.ReportAllocs()
	b.SetBytes(int64(len(rec)))
	for b.Loop() {
		if buf.Add(t0, t0, rec) {
			buf.Recycle(buf.Take(t0))
		}
	}
}
