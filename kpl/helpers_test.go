package kpl_test

import (
	"bytes"
	"context"
	"errors"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/kpl"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

var t0 = time.Date(2025, time.March, 3, 12, 0, 0, 0, time.UTC)

// env is a seeded engine on a manual clock with one stream, and a second manual clock for the producers. The
// producer's clock has only the producer's timers, so a test can wait for the producer to arm one and step to it
// (the engine arms timers of its own, for retention, a day away); both clocks are moved together, the engine's
// first, so that they agree whenever the producer reads its clock.
type env struct {
	t    testing.TB
	e    *stream.Engine
	clk  *clock.Manual // the producer's
	eclk *clock.Manual // the engine's
	ref  stream.StreamRef
}

func newEnv(t testing.TB, shards int, throttling bool) *env {
	t.Helper()
	m := clock.NewManual(t0)
	e := stream.New(stream.WithClock(m), stream.WithSeed(7), stream.WithThrottling(throttling))
	t.Cleanup(func() { _ = e.Close() })
	ref := stream.StreamRef{StreamName: "orders"}
	if err := e.CreateStream(context.Background(), stream.CreateStreamInput{StreamName: ref.StreamName, ShardCount: shards}); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, e: e, clk: clock.NewManual(t0), eclk: m, ref: ref}
}

// producer makes a producer on the env's clock, closed (drained) at the end of the test.
func (v *env) producer(opts ...kpl.Option) *kpl.Producer {
	v.t.Helper()
	p, err := kpl.New(v.e, v.ref, append([]kpl.Option{kpl.WithClock(v.clk)}, opts...)...)
	if err != nil {
		v.t.Fatal(err)
	}
	v.t.Cleanup(func() {
		done := make(chan struct{})
		go func() { _ = p.Close(); close(done) }()
		v.until(done)
	})
	return p
}

// until advances the manual clock from one producer timer to the next until done is closed.
func (v *env) until(done <-chan struct{}) {
	v.t.Helper()
	for {
		select {
		case <-done:
			return
		default:
		}
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			select {
			case <-done:
			case <-ctx.Done():
			}
			cancel()
		}()
		if v.clk.WaitPending(ctx, 1) == nil {
			if next, ok := v.clk.Next(); ok {
				v.eclk.AdvanceTo(next)
				v.clk.AdvanceTo(next)
			}
		}
		cancel()
	}
}

// settle advances the clock until every pending has its result, and returns the results.
func (v *env) settle(ps []*kpl.Pending) []kpl.Result {
	v.t.Helper()
	out := make([]kpl.Result, len(ps))
	for i, p := range ps {
		v.until(p.Done())
		out[i], _ = p.Result()
	}
	return out
}

// put puts recs and fails the test on an error.
func (v *env) put(p *kpl.Producer, recs ...kpl.UserRecord) []*kpl.Pending {
	v.t.Helper()
	ps := make([]*kpl.Pending, len(recs))
	for i, r := range recs {
		f, err := p.Put(context.Background(), r)
		if err != nil {
			v.t.Fatalf("Put %d: %v", i, err)
		}
		ps[i] = f
	}
	return ps
}

// stored is one Kinesis record read back, with the range of the shard that holds it.
type stored struct {
	rec record.Record
	rng record.HashKeyRange
}

// readAll reads every record of every shard of the stream (open and closed), shard by shard, oldest first.
func (v *env) readAll() []stored {
	v.t.Helper()
	ctx := context.Background()
	ls, err := v.e.ListShards(ctx, stream.ListShardsInput{StreamRef: v.ref})
	if err != nil {
		v.t.Fatal(err)
	}
	var out []stored
	for _, sh := range ls.Shards {
		it, err := v.e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: v.ref, ShardId: sh.ShardId, ShardIteratorType: stream.TrimHorizon})
		if err != nil {
			v.t.Fatal(err)
		}
		iter := it.ShardIterator
		for iter != "" {
			res, err := v.e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				v.t.Fatal(err)
			}
			for _, r := range res.Records {
				out = append(out, stored{r, sh.HashKeyRange})
			}
			if len(res.Records) == 0 && res.MillisBehindLatest == 0 {
				break
			}
			iter = res.NextShardIterator
		}
	}
	return out
}

// userRecords deaggregates stored records as the KCL does, with each shard's range; dropped counts the aggregates
// the KCL drops.
func userRecords(t testing.TB, recs []stored) (users []agg.UserRecord, dropped int) {
	t.Helper()
	for _, s := range recs {
		var err error
		users, err = agg.AppendDeaggregated(users, s.rec, s.rng)
		switch {
		case errors.Is(err, agg.ErrOutsideHashRange):
			dropped++
		case err != nil:
			t.Fatalf("deaggregate %s: %v", s.rec.SequenceNumber, err)
		}
	}
	return users, dropped
}

// producerGoroutines returns the stacks of running kpl producer goroutines.
func producerGoroutines() string {
	var buf bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&buf, 2)
	var found []string
	for _, g := range strings.Split(buf.String(), "\n\n") {
		if strings.Contains(g, "kpl.(*Producer).run") {
			found = append(found, g)
		}
	}
	return strings.Join(found, "\n\n")
}
