package kcl_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/kpl"
	"github.com/kinesim/kinesim/stream"
)

// collector keeps every user record a worker is given, by its data, and checkpoints each batch.
type collector struct {
	mu   *sync.Mutex
	seen map[string]seenRecord
	done chan<- struct{}
	want int
}

type seenRecord struct {
	shard, seq string
	sub        uint64
	times      int
}

func (c collector) Initialize(context.Context, kcl.InitializationInput) {}
func (c collector) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	c.mu.Lock()
	for _, r := range in.Records {
		s := c.seen[string(r.Data)]
		s.shard, s.seq, s.sub, s.times = in.ShardId, r.SequenceNumber.String(), r.SubSequenceNumber, s.times+1
		c.seen[string(r.Data)] = s
	}
	if len(c.seen) == c.want && c.done != nil {
		close(c.done)
		c.done = nil
	}
	c.mu.Unlock()
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (c collector) LeaseLost(context.Context, kcl.LeaseLostInput) {}
func (c collector) ShardEnded(ctx context.Context, in kcl.ShardEndedInput) {
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (c collector) ShutdownRequested(ctx context.Context, in kcl.ShutdownRequestedInput) {
	_ = in.Checkpointer.Checkpoint(ctx)
}

// The KCL reads the KPL's aggregated records back as the user records that were put, each with the shard, sequence
// number and sub-sequence number the producer reported for it (Kinesis Data Streams developer guide, "Implement
// consumer-side deaggregation" and "KPL key concepts: aggregation"; the "the KPL's aggregated records are
// read back by the KCL with the right sub-sequence numbers"). The bubble's clock is the default real clock, faked by
// testing/synctest, so the producer's buffering and the worker's idle waits take no wall time.
func TestKCLReadsTheKPLsAggregatesWithTheirSubSequenceNumbers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		e := stream.New(stream.WithThrottling(false))
		defer e.Close()
		ref := stream.StreamRef{StreamName: "aggregated"}
		if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: ref.StreamName, ShardCount: 4}); err != nil {
			t.Fatal(err)
		}
		p, err := kpl.New(e, ref, kpl.WithoutRateLimit())
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		const n = 2000
		pending := make([]*kpl.Pending, n)
		for i := range pending {
			if pending[i], err = p.Put(ctx, kpl.UserRecord{PartitionKey: "key-" + strconv.Itoa(i%50), Data: []byte(strconv.Itoa(i))}); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		results := make([]kpl.Result, n)
		aggregated := 0
		for i, f := range pending {
			r, err := f.Wait(ctx)
			if err != nil || r.Err != nil {
				t.Fatalf("record %d: %v %v", i, err, r.Err)
			}
			results[i] = r
			if r.Aggregated {
				aggregated++
			}
		}
		if aggregated < n/2 {
			t.Fatalf("only %d of %d records went out aggregated", aggregated, n)
		}

		var mu sync.Mutex
		seen := make(map[string]seenRecord)
		done := make(chan struct{})
		w, err := kcl.NewWorker(kcl.Config{Stream: ref, WorkerID: "reader", Client: e, Leases: kcl.NewMemLeaseTable(),
			NewProcessor: func(string) kcl.RecordProcessor { return collector{mu: &mu, seen: seen, done: done, want: n} }},
			kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.TrimHorizon}), kcl.WithIdleTimeBetweenReads(100*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		<-done
		if err := w.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		for i, r := range results {
			s, ok := seen[strconv.Itoa(i)]
			switch {
			case !ok:
				t.Fatalf("record %d was not read", i)
			case s.times != 1:
				t.Errorf("record %d was read %d times", i, s.times)
			case s.shard != r.ShardId || s.seq != r.SequenceNumber.String() || s.sub != r.SubSequenceNumber:
				t.Errorf("record %d read as %s %s/%d, put as %s %s/%d", i, s.shard, s.seq, s.sub, r.ShardId, r.SequenceNumber, r.SubSequenceNumber)
			}
		}
	})
}
