package kcl_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// env is an engine on a manual clock, a stream, a lease table and the log of what processors were given. Tests
// run it inside a testing/synctest bubble: after each step of the clock, synctest.Wait lets every goroutine of
// the workers and the engine settle.
type env struct {
	t     *testing.T
	clk   *clock.Manual
	e     *stream.Engine
	ref   stream.StreamRef
	table kcl.LeaseTable
	log   *deliveries
	ctx   context.Context
	// client is the workers' client: the engine unless a test wraps it.
	client kcl.Kinesis
}

func newEnv(t *testing.T, shards int, opts ...stream.Option) *env {
	t.Helper()
	clk := clock.NewManual(t0)
	e := stream.New(append([]stream.Option{stream.WithClock(clk), stream.WithSeed(7), stream.WithThrottling(false)}, opts...)...)
	t.Cleanup(func() { _ = e.Close() })
	ev := &env{t: t, clk: clk, e: e, ref: stream.StreamRef{StreamName: "orders"}, table: kcl.NewMemLeaseTable(), log: &deliveries{}, ctx: context.Background(), client: e}
	if err := e.CreateStream(ev.ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: shards}); err != nil {
		t.Fatal(err)
	}
	return ev
}

// testOptions are the worker options of the tests: a short failover time and fast polling, on the manual clock.
func (ev *env) testOptions(more ...kcl.Option) []kcl.Option {
	return append([]kcl.Option{
		kcl.WithClock(ev.clk),
		kcl.WithFailoverTime(3 * time.Second),
		kcl.WithIdleTimeBetweenReads(200 * time.Millisecond),
		kcl.WithParentShardPollInterval(time.Second),
		kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.TrimHorizon}),
	}, more...)
}

// worker starts a worker whose processors log to ev.log and checkpoint after every batch when checkpoint says so.
func (ev *env) worker(id string, policy checkpointPolicy, more ...kcl.Option) *kcl.Worker {
	ev.t.Helper()
	w, err := kcl.NewWorker(kcl.Config{
		Stream: ev.ref, WorkerID: id, Client: ev.client, Leases: ev.table,
		NewProcessor: func(shard string) kcl.RecordProcessor {
			return &recorder{worker: id, shard: shard, log: ev.log, policy: policy}
		},
	}, ev.testOptions(more...)...)
	if err != nil {
		ev.t.Fatal(err)
	}
	ev.t.Cleanup(func() { _ = w.Close() })
	return w
}

// checkDeliveredOnceInOrder checks that each record of want was delivered exactly once, and every key's records in
// order.
func (ev *env) checkDeliveredOnceInOrder(want []string) {
	ev.t.Helper()
	got := byData(ev.log.snapshot())
	for _, d := range want {
		if got[d] != 1 {
			ev.t.Fatalf("record %s delivered %d times; want once", d, got[d])
		}
	}
	checkPerKeyOrder(ev.t, ev.log.snapshot(), nil)
}

// run advances the clock by d in steps, letting the bubble settle after each.
func (ev *env) run(d time.Duration) {
	const step = 100 * time.Millisecond
	synctest.Wait()
	for elapsed := time.Duration(0); elapsed < d; elapsed += step {
		ev.clk.Advance(step)
		synctest.Wait()
	}
}

// put writes n records of key through PutRecords and returns them as acknowledged (key, data).
func (ev *env) put(key string, from, n int) []string {
	ev.t.Helper()
	var entries []stream.PutRecordsEntry
	var datas []string
	for i := from; i < from+n; i++ {
		d := fmt.Sprintf("%s#%05d", key, i)
		entries = append(entries, stream.PutRecordsEntry{PartitionKey: key, Data: []byte(d)})
		datas = append(datas, d)
	}
	out, err := ev.e.PutRecords(ev.ctx, stream.PutRecordsInput{StreamRef: ev.ref, Records: entries})
	if err != nil || out.FailedRecordCount != 0 {
		ev.t.Fatalf("PutRecords: %v, %d failed", err, out.FailedRecordCount)
	}
	return datas
}

// splitFirst splits the stream's first shard at the middle of its range and returns the shard as it was.
func (ev *env) splitFirst() stream.Shard {
	ev.t.Helper()
	out, err := ev.e.ListShards(ev.ctx, stream.ListShardsInput{StreamRef: ev.ref})
	if err != nil {
		ev.t.Fatal(err)
	}
	s := out.Shards[0]
	if err := ev.e.SplitShard(ev.ctx, stream.SplitShardInput{StreamRef: ev.ref, ShardToSplit: s.ShardId, NewStartingHashKey: s.HashKeyRange.Midpoint().String()}); err != nil {
		ev.t.Fatal(err)
	}
	return s
}

// checkpointPolicy says when a recorder checkpoints: after every batch, every nth batch, or never (n 0).
type checkpointPolicy struct{ every int }

// delivery is one user record a processor was given.
type delivery struct {
	worker, shard, key, data string
	seq                      string
	sub                      uint64
}

// deliveries is what the processors of a test were given, in order, and what they did.
type deliveries struct {
	mu          sync.Mutex
	list        []delivery
	initialized map[string][]kcl.Checkpoint // per shard: the checkpoints processors started from
	ended       map[string]int              // per shard: ShardEnded calls
	lost        map[string]int              // per shard: LeaseLost calls
	shutdown    map[string]int              // per shard: ShutdownRequested calls
	// uncheckpointed counts, per worker and shard, the user records processed after the last checkpoint.
	uncheckpointed map[[2]string]int
	// checkpointErrs are the errors of the recorders' checkpoints in ProcessRecords.
	checkpointErrs []error
	// refuseEnd makes ShardEnded skip checkpointing this many times per shard.
	refuseEnd int
}

func (d *deliveries) count(m *map[string]int, k string) {
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[k]++
}

// recorder is the record processor of the tests.
type recorder struct {
	worker, shard string
	log           *deliveries
	policy        checkpointPolicy
	batches       int
	refused       int
}

func (r *recorder) Initialize(_ context.Context, in kcl.InitializationInput) {
	r.log.mu.Lock()
	defer r.log.mu.Unlock()
	if r.log.initialized == nil {
		r.log.initialized = map[string][]kcl.Checkpoint{}
	}
	r.log.initialized[in.ShardId] = append(r.log.initialized[in.ShardId], in.Checkpoint)
}

func (r *recorder) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	r.log.mu.Lock()
	for _, u := range in.Records {
		r.log.list = append(r.log.list, delivery{worker: r.worker, shard: in.ShardId, key: u.PartitionKey, data: string(u.Data), seq: u.SequenceNumber.String(), sub: u.SubSequenceNumber})
	}
	if r.log.uncheckpointed == nil {
		r.log.uncheckpointed = map[[2]string]int{}
	}
	r.log.uncheckpointed[[2]string{r.worker, in.ShardId}] += len(in.Records)
	r.log.mu.Unlock()
	r.batches++
	if r.policy.every > 0 && r.batches%r.policy.every == 0 {
		err := in.Checkpointer.Checkpoint(ctx)
		r.log.mu.Lock()
		if err == nil {
			r.log.uncheckpointed[[2]string{r.worker, in.ShardId}] = 0
		} else {
			r.log.checkpointErrs = append(r.log.checkpointErrs, err)
		}
		r.log.mu.Unlock()
	}
}

func (r *recorder) LeaseLost(context.Context, kcl.LeaseLostInput) {
	r.log.mu.Lock()
	defer r.log.mu.Unlock()
	r.log.count(&r.log.lost, r.shard)
}

func (r *recorder) ShardEnded(ctx context.Context, in kcl.ShardEndedInput) {
	r.log.mu.Lock()
	r.log.count(&r.log.ended, r.shard)
	refuse := r.refused < r.log.refuseEnd
	r.log.mu.Unlock()
	if refuse {
		r.refused++
		return
	}
	if err := in.Checkpointer.Checkpoint(ctx); err == nil {
		r.log.mu.Lock()
		if r.log.uncheckpointed != nil {
			r.log.uncheckpointed[[2]string{r.worker, r.shard}] = 0
		}
		r.log.mu.Unlock()
	}
}

func (r *recorder) ShutdownRequested(ctx context.Context, in kcl.ShutdownRequestedInput) {
	r.log.mu.Lock()
	r.log.count(&r.log.shutdown, r.shard)
	r.log.mu.Unlock()
	if in.Checkpointer.Checkpoint(ctx) == nil {
		r.log.mu.Lock()
		if r.log.uncheckpointed != nil {
			r.log.uncheckpointed[[2]string{r.worker, r.shard}] = 0
		}
		r.log.mu.Unlock()
	}
}

// snapshot returns a copy of the deliveries.
func (d *deliveries) snapshot() []delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]delivery(nil), d.list...)
}

// byData counts the deliveries of each datum.
func byData(list []delivery) map[string]int {
	m := map[string]int{}
	for _, d := range list {
		m[d.data]++
	}
	return m
}

// aggregate packs the user records into one Kinesis record's data.
func aggregate(t *testing.T, key string, datas []string) []byte {
	t.Helper()
	a, err := agg.NewAggregator(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range datas {
		if ok, err := a.Add(agg.Record{PartitionKey: key, Data: []byte(d)}); !ok || err != nil {
			t.Fatalf("Add: %v %v", ok, err)
		}
	}
	r, ok := a.Flush()
	if !ok {
		t.Fatal("Flush: nothing to flush")
	}
	return r.Data
}
