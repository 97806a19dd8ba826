package stream_test

// The lifecycle contract (style practice 9): Close is idempotent and synchronous, every call after it returns
// ErrClosed, blocking reads and subscriptions end, and no goroutine of the engine outlives it.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// watchdog fails the test if done is not closed within a few seconds (a deadlock, not a slow machine).
func watchdog(t *testing.T, what string, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Fatalf("%s did not return (deadlock?):\n%s", what, buf[:n])
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	if err := h.e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := h.e.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	// Concurrent Close calls all return nil.
	h2 := newHarness(t)
	h2.create("s", 1)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() { errs <- h2.e.Close() })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent Close: %v", err)
		}
	}
}

func TestEveryMethodReturnsErrClosedAfterClose(t *testing.T) {
	h := newHarness(t)
	h.create("s", 2)
	put := h.Put("s", "k", []byte("a"))
	it := h.Iterator("s", put.ShardId, stream.TrimHorizon, "", time.Time{})
	ls, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.e.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := h.ctx
	e := h.e
	read := stream.ReadInput{StreamRef: ref("s"), ShardId: put.ShardId, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}
	calls := map[string]func() error{
		"CreateStream":     func() error { return e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "new", ShardCount: 1}) },
		"CreateStream bad": func() error { return e.CreateStream(ctx, stream.CreateStreamInput{}) },
		"DeleteStream":     func() error { return e.DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: ref("s")}) },
		"DescribeStreamSummary": func() error {
			_, err := e.DescribeStreamSummary(ctx, ref("s"))
			return err
		},
		"ListStreams": func() error { _, err := e.ListStreams(ctx, stream.ListStreamsInput{}); return err },
		"PutRecord": func() error {
			_, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k"})
			return err
		},
		"PutRecord bad": func() error { _, err := e.PutRecord(ctx, stream.PutRecordInput{}); return err },
		"PutRecords": func() error {
			_, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{PartitionKey: "k"}}})
			return err
		},
		"PutRecords bad": func() error { _, err := e.PutRecords(ctx, stream.PutRecordsInput{}); return err },
		"GetShardIterator": func() error {
			_, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: put.ShardId, ShardIteratorType: stream.Latest})
			return err
		},
		"GetRecords":     func() error { _, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it}); return err },
		"GetRecords bad": func() error { _, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: "x"}); return err },
		"ListShards":     func() error { _, err := e.ListShards(ctx, stream.ListShardsInput{StreamRef: ref("s")}); return err },
		"ListShards token": func() error {
			_, err := e.ListShards(ctx, stream.ListShardsInput{NextToken: ls.NextToken})
			return err
		},
		"IncreaseStreamRetentionPeriod": func() error {
			return e.IncreaseStreamRetentionPeriod(ctx, stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: 48})
		},
		"DecreaseStreamRetentionPeriod": func() error {
			return e.DecreaseStreamRetentionPeriod(ctx, stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: 24})
		},
		"SetThrottling": func() error { return e.SetThrottling(ctx, ref("s"), false) },
		"UpdateMaxRecordSize": func() error {
			return e.UpdateMaxRecordSize(ctx, stream.UpdateMaxRecordSizeInput{StreamRef: ref("s"), MaxRecordSizeInKiB: 2048})
		},
		"UpdateStreamMode": func() error {
			return e.UpdateStreamMode(ctx, stream.UpdateStreamModeInput{StreamRef: ref("s"), StreamMode: stream.StreamModeOnDemand})
		},
		"SplitShard": func() error {
			return e.SplitShard(ctx, stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000000", NewStartingHashKey: "1000"})
		},
		"ForceSplitShard": func() error {
			return e.ForceSplitShard(ctx, stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000000", NewStartingHashKey: "1000"})
		},
		"MergeShards": func() error {
			return e.MergeShards(ctx, stream.MergeShardsInput{StreamRef: ref("s"), ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000001"})
		},
		"ForceMergeShards": func() error {
			return e.ForceMergeShards(ctx, stream.MergeShardsInput{StreamRef: ref("s"), ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000001"})
		},
		"UpdateShardCount": func() error {
			_, err := e.UpdateShardCount(ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 4})
			return err
		},
		"Metrics":   func() error { _, err := e.Metrics(ctx, stream.MetricsInput{StreamRef: ref("s")}); return err },
		"ShardInfo": func() error { _, err := e.ShardInfo(ctx, ref("s"), put.ShardId); return err },
		"Subscribe": func() error { _, err := e.Subscribe(ctx, read); return err },
		"Records": func() error {
			var errs []error
			for _, err := range e.Records(ctx, read) {
				errs = append(errs, err)
			}
			if len(errs) != 1 {
				return fmt.Errorf("Records yielded %d elements", len(errs))
			}
			return errs[0]
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, stream.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	e.ApplyRetention() // must not panic
	e.ExpireIterators()
	h.clk.Advance(48 * time.Hour)
}

func TestCloseStopsTimers(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(time.Minute, time.Minute, 0))
	h.create("creating", 1)
	h.create("deleting", 1)
	h.clk.Advance(time.Minute)
	h.Put("deleting", "k", nil) // arms a retention timer
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("deleting")}); err != nil {
		t.Fatal(err)
	}
	h.create("late", 1)
	if h.clk.Pending() == 0 {
		t.Fatal("no timers armed")
	}
	if err := h.e.Close(); err != nil {
		t.Fatal(err)
	}
	if n := h.clk.Pending(); n != 0 {
		t.Fatalf("%d timers still armed after Close", n)
	}
	h.clk.Advance(100 * time.Hour) // nothing left to fire, nothing panics
}

func TestCloseEndsBlockingReads(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	read := stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}}
	sub, err := h.e.Subscribe(h.ctx, read)
	if err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		first := true
		for r, err := range h.e.Records(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
			if err != nil {
				ended <- err
				return
			}
			if first && string(r.Data) == "go" {
				close(started)
				first = false
			}
		}
		ended <- nil
	}()
	h.Put("s", "k", []byte("go"))
	<-started
	if r := <-sub.Records(); string(r.Data) != "go" {
		t.Fatalf("subscription read %q", r.Data)
	}
	done := make(chan struct{})
	go func() { _ = h.e.Close(); close(done) }()
	watchdog(t, "Engine.Close", done)
	select {
	case <-sub.Done():
	default:
		t.Fatal("Close returned while a subscription's goroutine was still running")
	}
	if _, ok := <-sub.Records(); ok {
		t.Fatal("subscription channel still open after Close")
	}
	if !errors.Is(sub.Err(), stream.ErrClosed) {
		t.Fatalf("subscription Err = %v, want ErrClosed", sub.Err())
	}
	if err := <-ended; !errors.Is(err, stream.ErrClosed) {
		t.Fatalf("Records ended with %v, want ErrClosed", err)
	}
	if err := sub.Close(); err != nil {
		t.Fatalf("Subscription.Close after Engine.Close: %v", err)
	}
}

// A subscriber that stops draining its channel must not keep Close from returning.
func TestCloseEndsSubscriptionWithFullBuffer(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	if err != nil {
		t.Fatal(err)
	}
	in := stream.PutRecordsInput{StreamRef: ref("s"), Records: entries(stream.SubscriptionBuffer+10, stream.PutRecordsEntry{PartitionKey: "k"})}
	if _, err := h.e.PutRecords(h.ctx, in); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = h.e.Close(); close(done) }()
	watchdog(t, "Engine.Close with an undrained subscription", done)
	<-sub.Done()
	if !errors.Is(sub.Err(), stream.ErrClosed) {
		t.Fatalf("Err = %v, want ErrClosed", sub.Err())
	}
}

func TestCloseDuringConcurrentCalls(t *testing.T) {
	h := newHarness(t)
	h.create("s", 4, throttling(false))
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	var wg sync.WaitGroup
	bad := make(chan error, 100)
	// The errors a call may return while Close runs: none before it (throttling is off, the clock does not move,
	// the iterator does not expire), ErrClosed from the moment it starts. Anything else is a bug.
	check := func(err error) bool {
		switch {
		case err == nil:
			return true
		case errors.Is(err, stream.ErrClosed):
			return false
		default:
			bad <- err
			return false
		}
	}
	ready := make(chan struct{}, 8)
	for g := range 8 {
		wg.Go(func() {
			signalled := false
			for i := 0; ; i++ {
				var err error
				switch (g + i) % 4 {
				case 0:
					_, err = h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k" + string(rune('a'+i%26)), Data: []byte("x")})
				case 1:
					_, err = h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: entries(10, stream.PutRecordsEntry{PartitionKey: "p"})})
				case 2:
					_, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: 10})
				case 3:
					_, err = h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s")})
				}
				if !check(err) {
					return
				}
				if !signalled && i > 10 {
					ready <- struct{}{}
					signalled = true
				}
			}
		})
	}
	for range 8 {
		<-ready
	}
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000001", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = h.e.Close(); close(done) }()
	watchdog(t, "Engine.Close under load", done)
	wgDone := make(chan struct{})
	go func() { wg.Wait(); close(wgDone) }()
	watchdog(t, "callers seeing ErrClosed", wgDone)
	close(bad)
	for err := range bad {
		t.Errorf("unexpected error: %v", err)
	}
	<-sub.Done()
}

// No goroutine of the engine outlives Close: each case runs in a testing/synctest bubble, and synctest.Test fails
// if any goroutine of the bubble is left when the case returns (no goroutine counting, no polling).
func TestNoGoroutineOutlivesClose(t *testing.T) {
	t.Run("manual clock", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := newHarness(t, stream.WithStatusDelays(time.Minute, time.Minute, 0))
			h.create("a", 4)
			h.create("b", 2)
			h.clk.Advance(time.Minute)
			var readers sync.WaitGroup
			var subs []*stream.Subscription
			for i := range 4 {
				shardID := "shardId-00000000000" + string(rune('0'+i))
				sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("a"), ShardId: shardID, StartingPosition: stream.StartingPosition{Type: stream.Latest}})
				if err != nil {
					t.Fatal(err)
				}
				subs = append(subs, sub)
				readers.Go(func() {
					for _, err := range h.e.Records(h.ctx, stream.ReadInput{StreamRef: ref("a"), ShardId: shardID, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
						if err != nil {
							return
						}
					}
				})
			}
			// One subscription ended by its own Close, one by deleting its stream.
			if err := subs[0].Close(); err != nil {
				t.Fatal(err)
			}
			subB, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("b"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
			if err != nil {
				t.Fatal(err)
			}
			if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("b")}); err != nil {
				t.Fatal(err)
			}
			h.Put("a", "k", []byte("x"))
			h.create("c", 1) // CREATING: a status timer is pending at Close
			h.clk.Advance(time.Minute)
			<-subB.Done()
			if err := h.e.Close(); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() { readers.Wait(); close(done) }()
			watchdog(t, "blocking readers", done)
			<-done
		})
	})

	t.Run("real clock", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			// The real clock (the bubble's fake time): status delays, retention and subscriptions on timers of the
			// time package.
			ctx := context.Background()
			e := stream.New(stream.WithStatusDelays(time.Millisecond, time.Millisecond, 0), stream.WithSeed(testSeed))
			defer e.Close()
			if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 2}); err != nil {
				t.Fatal(err)
			}
			if err := e.WaitUntilActive(ctx, ref("s")); err != nil {
				t.Fatalf("the stream never became ACTIVE on the real clock: %v", err)
			}
			sub, err := e.Subscribe(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", ExplicitHashKey: "0", Data: []byte("x")}); err != nil {
				t.Fatal(err)
			}
			if r := <-sub.Records(); string(r.Data) != "x" {
				t.Fatalf("read %q", r.Data)
			}
			// Another stream stays CREATING with its timer pending, and one is deleted on the real clock.
			e2 := stream.New(stream.WithStatusDelays(time.Hour, time.Hour, 0))
			if err := e2.CreateStream(ctx, stream.CreateStreamInput{StreamName: "slow", ShardCount: 1}); err != nil {
				t.Fatal(err)
			}
			if err := e.DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
				t.Fatal(err)
			}
			watchdog(t, "subscription end on deletion", sub.Done())
			wantErr(t, sub.Err(), apierr.ResourceNotFound, "")
			if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "t", ShardCount: 1}); err != nil {
				t.Fatal(err)
			}
			sub2, err := e2.Subscribe(ctx, stream.ReadInput{StreamRef: ref("slow"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
			if err == nil || sub2 != nil {
				t.Fatal("subscribed to a CREATING stream")
			}
			for _, x := range []*stream.Engine{e, e2} {
				done := make(chan struct{})
				go func() { _ = x.Close(); close(done) }()
				watchdog(t, "Close on the real clock", done)
			}
		})
	})
}

func TestSubscriptionCloseIsIdempotentAndConcurrent(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := sub.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	wg.Wait()
	if !strings.Contains(sub.Err().Error(), "canceled") {
		t.Fatalf("Err = %v", sub.Err())
	}
}

// An engine a test forgets to Close, with streams, records and timers armed (retention, a status delay, the
// on-demand scaler), is garbage collected with its records once nobody references it: its timers hold it weakly,
// on the real clock as on a manual one, and no goroutine is left holding it. (Before, the retention timer of the
// real clock kept every record for 24 hours: 100 such engines of 1 MiB each kept +101 MiB after GC.)
func TestForgottenEngineIsCollectedWithItsRecords(t *testing.T) {
	for _, c := range []struct {
		name  string
		clock func() clock.Clock
	}{
		{"real clock", func() clock.Clock { return clock.Real }},
		{"manual clock", func() clock.Clock { return clock.NewManual(t0) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			const engines, perEngine = 100, 1 << 20
			data := make([]byte, 1024)
			base := heapAfterGC()
			var clocks []clock.Clock // kept: the clocks outlive the engines, as a test's manual clock does
			func() {
				ctx := context.Background()
				for range engines {
					clk := c.clock()
					clocks = append(clocks, clk)
					e := stream.New(stream.WithClock(clk), stream.WithThrottling(false), stream.WithStatusDelays(0, 0, time.Hour))
					if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 2}); err != nil {
						t.Fatal(err)
					}
					if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "od", StreamMode: stream.StreamModeOnDemand}); err != nil {
						t.Fatal(err)
					}
					for i := range perEngine / len(data) {
						if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: strconv.Itoa(i), Data: data}); err != nil {
							t.Fatal(err)
						}
					}
					if err := e.SplitShard(ctx, stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000000", NewStartingHashKey: "1000"}); err != nil {
						t.Fatal(err) // UPDATING for an hour: a status timer is armed
					}
				}
			}()
			grown := heapAfterGC() - base
			t.Logf("%d forgotten engines of %d MiB each: heap %+.1f MiB after GC", engines, perEngine>>20, float64(grown)/(1<<20))
			if grown > 16<<20 {
				t.Errorf("heap grew by %.1f MiB after GC: the forgotten engines (%d MiB of records) were not collected", float64(grown)/(1<<20), engines*perEngine>>20)
			}
			runtime.KeepAlive(clocks)
		})
	}
}
