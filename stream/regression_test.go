// Regression tests for the red team's confirmed breaks of the stream package (../shared/redteam/, 2026-12-01):
// each reproducer failed on the code of that day. The "Finding N" comments keep the red team's numbering and
// describe the break; the tests assert the fixed behaviour.
package stream_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/stream"
)

var rtfT0 = time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)

func rtfEngine(t *testing.T, opts ...stream.Option) (*stream.Engine, *clock.Manual) {
	t.Helper()
	clk := clock.NewManual(rtfT0)
	e := stream.New(append([]stream.Option{stream.WithClock(clk), stream.WithSeed(7)}, opts...)...)
	t.Cleanup(func() { e.Close() })
	return e, clk
}

// rtfRecover runs f and returns what it panicked with (nil if it returned).
func rtfRecover(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// Red-team finding 1: a nil context.Context made every operation panic (nil pointer dereference), where the
// package promises that no input makes it panic. Every operation now returns ErrNilContext and changes nothing.
func TestNilContextIsRefusedWithoutPanic(t *testing.T) {
	e, _ := rtfEngine(t)
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "s"}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	var nilCtx context.Context // what a caller passes by mistake
	shard0 := "shardId-000000000000"
	latest := stream.StartingPosition{Type: stream.Latest}
	calls := []struct {
		name string
		f    func() error
	}{
		{"CreateStream", func() error { return e.CreateStream(nilCtx, stream.CreateStreamInput{StreamName: "n", ShardCount: 1}) }},
		{"DescribeStreamSummary", func() error { _, err := e.DescribeStreamSummary(nilCtx, ref); return err }},
		{"DescribeStream", func() error {
			_, err := e.DescribeStream(nilCtx, stream.DescribeStreamInput{StreamRef: ref})
			return err
		}},
		{"ListStreams", func() error { _, err := e.ListStreams(nilCtx, stream.ListStreamsInput{}); return err }},
		{"PutRecord", func() error {
			_, err := e.PutRecord(nilCtx, stream.PutRecordInput{StreamRef: ref, PartitionKey: "k"})
			return err
		}},
		{"PutRecords", func() error {
			_, err := e.PutRecords(nilCtx, stream.PutRecordsInput{StreamRef: ref, Records: []stream.PutRecordsEntry{{PartitionKey: "k"}}})
			return err
		}},
		{"GetShardIterator", func() error {
			_, err := e.GetShardIterator(nilCtx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: shard0, ShardIteratorType: stream.Latest})
			return err
		}},
		{"GetRecords", func() error { _, err := e.GetRecords(nilCtx, stream.GetRecordsInput{ShardIterator: "x"}); return err }},
		{"ListShards", func() error { _, err := e.ListShards(nilCtx, stream.ListShardsInput{StreamRef: ref}); return err }},
		{"Subscribe", func() error {
			_, err := e.Subscribe(nilCtx, stream.ReadInput{StreamRef: ref, ShardId: shard0, StartingPosition: latest})
			return err
		}},
		{"Records", func() error {
			for _, err := range e.Records(nilCtx, stream.ReadInput{StreamRef: ref, ShardId: shard0, StartingPosition: latest}) {
				return err
			}
			return nil
		}},
		{"Follow", func() error {
			for _, err := range e.Follow(nilCtx, stream.FollowInput{StreamRef: ref}) {
				return err
			}
			return nil
		}},
		{"SplitShard", func() error { return e.SplitShard(nilCtx, stream.SplitShardInput{StreamRef: ref}) }},
		{"UpdateShardCount", func() error {
			_, err := e.UpdateShardCount(nilCtx, stream.UpdateShardCountInput{StreamRef: ref, TargetShardCount: 2})
			return err
		}},
		{"Metrics", func() error { _, err := e.Metrics(nilCtx, stream.MetricsInput{StreamRef: ref}); return err }},
		{"DeleteStream", func() error { return e.DeleteStream(nilCtx, stream.DeleteStreamInput{StreamRef: ref}) }},
	}
	for _, c := range calls {
		var err error
		if p := rtfRecover(func() { err = c.f() }); p != nil {
			t.Errorf("%s(nil ctx) panicked: %v", c.name, p)
		} else if !errors.Is(err, stream.ErrNilContext) {
			t.Errorf("%s(nil ctx) = %v, want ErrNilContext", c.name, err)
		}
	}
	if sum, err := e.DescribeStreamSummary(ctx, ref); err != nil || sum.OpenShardCount != 1 {
		t.Errorf("after the refused calls: %+v, %v; want the stream unchanged", sum, err)
	}
}

// Finding 2 (medium): CreateStream with a ShardCount near math.MaxInt overflows the account-quota check
// (e.shards+n wraps negative) once any stream exists, and then panics in record.SplitEvenly's make.
func TestCreateStreamShardCountNearMaxIntIsLimitExceeded(t *testing.T) {
	e, _ := rtfEngine(t)
	ctx := context.Background()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "first", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	var err error
	p := rtfRecover(func() {
		err = e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "second", ShardCount: math.MaxInt})
	})
	if p != nil {
		t.Fatalf("CreateStream(ShardCount: math.MaxInt) panicked: %v", p)
	}
	if !errors.Is(err, apierr.LimitExceeded) {
		t.Fatalf("CreateStream(ShardCount: math.MaxInt) = %v, want LimitExceededException", err)
	}
}

// Finding 3 (medium/high): Metrics allocates one Datapoint per minute of the requested span, however long, although
// only the last 24 hours are kept. A span of ±2^50 s panics (makeslice: len out of range); a Start of 1970 allocates
// 28 million datapoints (~2.3 GB, ~18 s); a Start of year 1 would ask for ~80 GB and get the process OOM-killed (not
// run here).
func TestMetricsSpanIsClampedToTheKeptDay(t *testing.T) {
	e, clk := rtfEngine(t)
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "m"}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "m", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	var err error
	p := rtfRecover(func() {
		_, err = e.Metrics(ctx, stream.MetricsInput{StreamRef: ref, Start: time.Unix(-1<<50, 0), End: time.Unix(1<<50, 0)})
	})
	if p != nil {
		t.Errorf("Metrics(Start -2^50 s, End 2^50 s) panicked: %v", p)
	} else {
		t.Logf("huge span: err %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	dps, err := e.Metrics(ctx, stream.MetricsInput{StreamRef: ref, Start: clk.Now().Add(-3 * 365 * 24 * time.Hour)})
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	if err == nil && len(dps) > 24*60+1 {
		t.Errorf("Metrics over 3 years returned %d datapoints (%.0f MiB allocated) for a window of 1440 minutes", len(dps), float64(alloc)/(1<<20))
	}
}

// Finding 4 (medium): data race in changeRetention: the ResourceInUse branch reads s.status after s.mu.Unlock()
// (streams.go: `s.mu.Unlock(); return e.notActive(s.name, s.status)`), racing with any status change. The race
// detector reports it in user tests that retry a retention change while the stream is UPDATING/CREATING/DELETING.
// Needs -race to fail.
func TestRetentionChangeWhileUpdatingIsResourceInUseWithoutRace(t *testing.T) {
	e, clk := rtfEngine(t, stream.WithStatusDelays(0, 0, time.Second), stream.WithThrottling(false))
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "r"}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "r", ShardCount: 2}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // flips the status ACTIVE -> UPDATING -> ACTIVE under s.mu
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			e.UpdateShardCount(ctx, stream.UpdateShardCountInput{StreamRef: ref, TargetShardCount: 2 + i%2*2})
			clk.Advance(time.Second)
			clk.Advance(24 * time.Hour) // UpdateShardCount allows 10 calls a day
		}
	}()
	inUse := 0
	for range 20000 {
		err := e.DecreaseStreamRetentionPeriod(ctx, stream.RetentionInput{StreamRef: ref, RetentionPeriodHours: 24})
		if errors.Is(err, apierr.ResourceInUse) {
			inUse++
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d calls refused with ResourceInUse (each reads s.status after unlocking)", inUse)
}

// Finding 5 (low): an old ListShards NextToken keeps working on a re-created stream of the same name when the first
// incarnation's epoch was 0 (here the first stream of an engine seeded 0xffffffff; any engine reaches epoch 0 after
// 2^32 − start creations): decodeShardToken's check `q.epoch != 0 && q.epoch != s.epoch` treats epoch 0 as "none".
func TestListShardsTokenOfDeletedStreamIsRefusedAtEpochZero(t *testing.T) {
	e := stream.New(stream.WithSeed(0xffffffff), stream.WithClock(clock.NewManual(rtfT0)))
	defer e.Close()
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "r"}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "r", ShardCount: 3}); err != nil {
		t.Fatal(err)
	}
	page, err := e.ListShards(ctx, stream.ListShardsInput{StreamRef: ref, MaxResults: 1})
	if err != nil || page.NextToken == "" {
		t.Fatalf("ListShards: %v %q", err, page.NextToken)
	}
	if err := e.DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: ref}); err != nil {
		t.Fatal(err)
	}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "r", ShardCount: 3}); err != nil {
		t.Fatal(err)
	}
	out, err := e.ListShards(ctx, stream.ListShardsInput{NextToken: page.NextToken})
	if !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("token of the deleted stream on the new one: %d shards, err %v; want ResourceNotFoundException", len(out.Shards), err)
	}
}

// Finding 6 (low): Close leaves timers armed. DeleteStream of an UPDATING stream overwrites the pending update timer
// without stopping it, and DeleteStream of an on-demand stream does not stop its scaler; Close stops only the timers
// of streams still registered. On a clock.Manual they stay Pending after Close (and keep the deleted stream
// reachable); on the real clock they fire after Close has returned.
func TestNoTimerArmedAfterClose(t *testing.T) {
	ctx := context.Background()
	t.Run("updating-then-deleted", func(t *testing.T) {
		e, clk := rtfEngine(t, stream.WithStatusDelays(0, time.Minute, time.Minute))
		ref := stream.StreamRef{StreamName: "u"}
		e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "u", ShardCount: 2})
		if _, err := e.UpdateShardCount(ctx, stream.UpdateShardCountInput{StreamRef: ref, TargetShardCount: 4}); err != nil {
			t.Fatal(err)
		}
		if err := e.DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: ref}); err != nil {
			t.Fatal(err)
		}
		e.Close()
		if n := clk.Pending(); n != 0 {
			t.Errorf("%d timer(s) still armed after Close", n)
		}
	})
	t.Run("on-demand-deleted", func(t *testing.T) {
		e, clk := rtfEngine(t)
		ref := stream.StreamRef{StreamName: "o"}
		e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "o", StreamMode: stream.StreamModeOnDemand})
		if err := e.DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: ref}); err != nil {
			t.Fatal(err)
		}
		e.Close()
		if n := clk.Pending(); n != 0 {
			t.Errorf("%d timer(s) still armed after Close", n)
		}
	})
}

// Finding 6b (low), same cause: a deleted on-demand stream keeps all its records in memory until its orphaned scaler
// timer fires (the next minute of the engine's clock; on a clock.Manual that is not advanced, never).
func TestDeletedOnDemandStreamReleasesMemory(t *testing.T) {
	base := heapAfterGC()
	e, _ := rtfEngine(t, stream.WithThrottling(false))
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "od"}
	e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "od", StreamMode: stream.StreamModeOnDemand})
	data := make([]byte, 100<<10)
	for i := range 500 { // 50 MB
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, PartitionKey: strconv.Itoa(i), Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: ref}); err != nil {
		t.Fatal(err)
	}
	if grown := heapAfterGC() - base; grown > 8<<20 {
		t.Errorf("heap still %.1f MiB above the start after DeleteStream of the on-demand stream", float64(grown)/(1<<20))
	}
}

// Finding 7 (low): AT_TIMESTAMP timestamps outside int64 milliseconds are mis-handled, because checkStart and
// Log.PositionAtTime use t.UnixMilli(), which overflows: time.UnixMilli(math.MinInt64) (an instant older than every
// record) starts at LATEST instead of the trim horizon, and a timestamp 2^62 s in the future is accepted instead of
// refused as later than now.
func TestAtTimestampOutsideInt64MillisIsHandled(t *testing.T) {
	e, clk := rtfEngine(t)
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "a"}
	e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "a", ShardCount: 1})
	for range 3 {
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, PartitionKey: "k", Data: []byte("x")}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	ancient := time.UnixMilli(math.MinInt64)
	it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: "shardId-000000000000", ShardIteratorType: stream.AtTimestamp, Timestamp: ancient})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Records) != 3 {
		t.Errorf("AT_TIMESTAMP %v (older than every record): read %d records, want all 3 (the trim horizon)", ancient, len(out.Records))
	}
	future := time.Unix(1<<62, 0)
	if _, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: "shardId-000000000000", ShardIteratorType: stream.AtTimestamp, Timestamp: future}); !errors.Is(err, apierr.InvalidArgument) {
		t.Errorf("AT_TIMESTAMP %v (in the future): err %v, want InvalidArgumentException", future, err)
	}
}

// Finding 8 (low; AWS may count failed calls too): rejected GetShardIterator calls use up the shard's 5 calls/s, so a
// rejected call changes state: after 5 calls refused with InvalidArgumentException (a sequence number from nowhere),
// a valid call in the same second is throttled. startRead takes the rate token before validating the position.
func TestRejectedGetShardIteratorUsesNoRate(t *testing.T) {
	e, _ := rtfEngine(t)
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "g"}
	e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "g", ShardCount: 1})
	put, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, PartitionKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	bad := put.SequenceNumber.String() + "0"
	for range 5 {
		_, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: put.ShardId, ShardIteratorType: stream.AtSequenceNumber, StartingSequenceNumber: bad})
		if !errors.Is(err, apierr.InvalidArgument) {
			t.Fatalf("bad sequence number: %v", err)
		}
	}
	if _, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: put.ShardId, ShardIteratorType: stream.TrimHorizon}); err != nil {
		t.Errorf("valid GetShardIterator after 5 rejected ones: %v", err)
	}
}

// Finding 9 (low): memory does not come back after every record has expired: a stream that has taken 4096 records
// keeps a 1.8 MiB partition-key hash cache for life. 100 streams × 4,500 one-byte records (1.7 MiB of data and keys)
// leave ~180 MiB of heap after retention expired them all; 10,000 such streams would hold ~18 GiB.
func TestMemoryComesBackAfterEveryRecordExpired(t *testing.T) {
	base := heapAfterGC()
	e, clk := rtfEngine(t, stream.WithThrottling(false))
	ctx := context.Background()
	batch := make([]stream.PutRecordsEntry, 500)
	for i := range batch {
		batch[i] = stream.PutRecordsEntry{PartitionKey: strconv.Itoa(i), Data: []byte("x")}
	}
	const streams = 100
	for s := range streams {
		name := "h" + strconv.Itoa(s)
		if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: name, ShardCount: 1}); err != nil {
			t.Fatal(err)
		}
		for range 9 {
			if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: stream.StreamRef{StreamName: name}, Records: batch}); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.Advance(25 * time.Hour) // every record has expired
	e.ApplyRetention()
	after := heapAfterGC()
	if grown := after - base; grown > 32<<20 {
		t.Errorf("heap %.1f MiB above the start after all records of %d streams expired (%.1f MiB of data and keys were put)",
			float64(grown)/(1<<20), streams, float64(streams*4500*4)/(1<<20))
	}
}

// Finding 10 (low; test-control input): Engine.Control takes a nil ControlFunc, and the next intercepted call panics
// (nil function call in intercept); and an EntryErrors value that is not made from the apierr catalog
// (&apierr.Error{}) makes PutRecords count the entry as failed but report it with ErrorCode "" and no sequence
// number, so a caller that checks ErrorCode sees an acknowledged record that was never written.
func TestControlInputsAreSafe(t *testing.T) {
	e, _ := rtfEngine(t)
	ctx := context.Background()
	ref := stream.StreamRef{StreamName: "c"}
	e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "c", ShardCount: 1})
	remove := e.Control(stream.OpPutRecord, nil)
	if p := rtfRecover(func() { e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, PartitionKey: "k"}) }); p != nil {
		t.Errorf("PutRecord after Control(OpPutRecord, nil) panicked: %v", p)
	}
	remove()
	e.Control(stream.OpPutRecords, func(control.Call) (control.Response, bool) {
		return control.Response{EntryErrors: map[int]*apierr.Error{0: {}}}, true
	})
	out, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: []stream.PutRecordsEntry{{PartitionKey: "a"}}})
	if err != nil {
		t.Fatal(err)
	}
	if r := out.Records[0]; out.FailedRecordCount == 1 && r.ErrorCode == "" {
		t.Errorf("entry failed (FailedRecordCount %d) but reported with ErrorCode %q, SequenceNumber %q", out.FailedRecordCount, r.ErrorCode, r.SequenceNumber)
	}
}
