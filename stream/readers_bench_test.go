package stream_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinesim/kinesim/internal/cputime"
	"github.com/kinesim/kinesim/stream"
)

// BenchmarkBlockingReaders measures many blocking readers woken by every put, as the benchmarks module's
// "64 shards" scenario does: each op puts a batch of 500 100-byte records into a stream of 8 or 64 shards, with one
// reader per shard in Engine.Records, the producer not waiting for the readers (every 100 batches it waits until
// they have read everything, and every 2,000 a new stream starts, off the clock, to bound memory). A batch wakes
// every reader for 500/shards records: with 64 shards the cost of a reader's wake-up dominates. Besides ns/record
// (wall clock) it reports cpu-ns/record, the process's CPU time over the same stretch (the readers' catching up
// after the last batch included), steadier than wall time on a shared machine.
func BenchmarkBlockingReaders(b *testing.B) {
	for _, shards := range []int{8, 64} {
		b.Run(strconv.Itoa(shards)+" shards", func(b *testing.B) {
			benchBlockingReaders(b, shards)
		})
	}
}

// benchReader is one reader's progress: the records it has read, the count the producer waits for, and whether
// the wait is over (set once per wait, by whichever of the two sees the count reached first).
type benchReader struct {
	n, target atomic.Int64
	reached   atomic.Bool
	_         [40]byte // one cache line each
}

func benchBlockingReaders(b *testing.B, shards int) {
	const (
		syncEvery  = 100
		restartAll = 2000
	)
	batch := benchEntries(benchKeys(), benchBatch, 0)
	var (
		e        *stream.Engine
		ref      = stream.StreamRef{StreamName: "bench"}
		cancel   context.CancelFunc
		wg       sync.WaitGroup
		readers  []benchReader
		perShard []int64 // records of a batch per shard (every batch has the same keys)
		caught   = make(chan struct{}, shards)
	)
	stop := func() {
		if cancel != nil {
			cancel()
			wg.Wait()
			_ = e.Close()
		}
	}
	start := func() {
		e = stream.New(stream.WithThrottling(false), stream.WithSeed(1))
		if err := e.CreateStream(context.Background(), stream.CreateStreamInput{StreamName: "bench", ShardCount: shards}); err != nil {
			b.Fatal(err)
		}
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		readers = make([]benchReader, shards)
		for i, id := range benchShardIDs(b, e, ref) {
			r := &readers[i]
			r.target.Store(-1)
			wg.Go(func() {
				in := stream.ReadInput{StreamRef: ref, ShardId: id, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}
				var n int64
				for rec, err := range e.Records(ctx, in) {
					if err != nil || len(rec.Data) != benchRecordSize {
						return
					}
					n++
					r.n.Store(n)
					if n == r.target.Load() && r.reached.CompareAndSwap(false, true) {
						caught <- struct{}{}
					}
				}
			})
		}
	}
	// wait waits until every reader has read batches batches.
	wait := func(batches int64) {
		pending := 0
		for i := range readers {
			r := &readers[i]
			r.reached.Store(false)
			t := perShard[i] * batches
			r.target.Store(t)
			if r.n.Load() < t || !r.reached.CompareAndSwap(false, true) {
				pending++
			}
		}
		for ; pending > 0; pending-- {
			<-caught
		}
	}
	defer stop()
	// Count the records of a batch per shard.
	start()
	out, err := e.PutRecords(context.Background(), stream.PutRecordsInput{StreamRef: ref, Records: batch})
	if err != nil {
		b.Fatal(err)
	}
	ids := benchShardIDs(b, e, ref)
	perShard = make([]int64, shards)
	for _, r := range out.Records {
		for i, id := range ids {
			if id == r.ShardId {
				perShard[i]++
			}
		}
	}
	wait(1)
	stop()
	cancel = nil

	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(benchBatch * benchRecordSize)
	put := int64(0)
	var cpu time.Duration // CPU time of the timed parts
	for i := 0; b.Loop(); i++ {
		if i%restartAll == 0 {
			b.StopTimer()
			if i > 0 {
				wait(put)
				cpu += cputime.Process()
			}
			stop()
			start()
			put = 0
			cpu -= cputime.Process()
			b.StartTimer()
		}
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: batch}); err != nil {
			b.Fatal(err)
		}
		if put++; (i+1)%syncEvery == 0 {
			wait(put)
		}
	}
	wait(put) // the readers' share of the last batches, for the CPU time
	cpu += cputime.Process()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/record")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*benchBatch), "cpu-ns/record")
}
