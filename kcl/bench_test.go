package kcl_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

// counter is a record processor that counts records and checkpoints each batch.
type counter struct {
	n    *atomic.Int64
	want int64
	done func()
}

func (c counter) Initialize(context.Context, kcl.InitializationInput) {}
func (c counter) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	if c.n.Add(int64(len(in.Records))) >= c.want {
		c.done()
	}
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (c counter) LeaseLost(context.Context, kcl.LeaseLostInput) {}
func (c counter) ShardEnded(ctx context.Context, in kcl.ShardEndedInput) {
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (c counter) ShutdownRequested(context.Context, kcl.ShutdownRequestedInput) {}

// Four workers on a 16-shard stream with throttling off, on the real clock: b.N records (100-byte payloads, 1,000
// keys) are put first, then the workers, four leases each, read them all with GetRecords, deaggregate, deliver
// and checkpoint every batch. The issue asks for at least 1 M records/s.
func BenchmarkFourWorkersSixteenShards(b *testing.B) {
	ctx := context.Background()
	e := stream.New(stream.WithThrottling(false), stream.WithSeed(1))
	defer e.Close()
	ref := stream.StreamRef{StreamName: "bench"}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "bench", ShardCount: 16}); err != nil {
		b.Fatal(err)
	}
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("key-%04d", i)
	}
	payload := make([]byte, 100)
	batch := make([]stream.PutRecordsEntry, 0, 500)
	for i := 0; i < b.N; {
		batch = batch[:0]
		for ; len(batch) < 500 && i < b.N; i++ {
			batch = append(batch, stream.PutRecordsEntry{PartitionKey: keys[i%len(keys)], Data: payload})
		}
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: batch}); err != nil {
			b.Fatal(err)
		}
	}
	// The leases, four per worker, as a table left by an earlier run would hold them: each worker takes its own
	// back at once.
	table := kcl.NewMemLeaseTable()
	shards, err := e.ListShards(ctx, stream.ListShardsInput{StreamRef: ref})
	if err != nil {
		b.Fatal(err)
	}
	for i, s := range shards.Shards {
		l := kcl.Lease{LeaseKey: s.ShardId, LeaseOwner: fmt.Sprintf("w%d", i%4), HashKeyRange: s.HashKeyRange, Checkpoint: kcl.CheckpointTrimHorizon}
		if _, err := table.CreateLeaseIfNotExists(ctx, l); err != nil {
			b.Fatal(err)
		}
	}
	var n atomic.Int64
	done := make(chan struct{})
	var once sync.Once
	proc := counter{n: &n, want: int64(b.N), done: func() { once.Do(func() { close(done) }) }}
	b.ReportAllocs()
	b.SetBytes(int64(len(payload) + len(keys[0])))
	b.ResetTimer()
	start := time.Now()
	var workers []*kcl.Worker
	for i := range 4 {
		w, err := kcl.NewWorker(kcl.Config{Stream: ref, WorkerID: fmt.Sprintf("w%d", i), Client: e, Leases: table,
			NewProcessor: func(string) kcl.RecordProcessor { return proc }},
			kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.TrimHorizon}), kcl.WithIdleTimeBetweenReads(time.Millisecond))
		if err != nil {
			b.Fatal(err)
		}
		workers = append(workers, w)
	}
	<-done
	elapsed := time.Since(start)
	b.StopTimer()
	for _, w := range workers {
		_ = w.Close()
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
}
