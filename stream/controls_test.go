package stream_test

// Tests of the kfake-style test controls (issue 3, item 4; data-streams notes §4.3): failing a whole call or single
// PutRecords entries, delaying a call on the engine's clock, holding it until released, observing it; one-shot or
// kept; and the admin calls ExpireIterators, ForceSplitShard and ForceMergeShards.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// rsOpCall makes one call of an intercepted operation on stream "s" (shard 0 holds records) and returns its error.
func rsOpCall(r *harness, op control.Op) error {
	ctx := r.ctx
	switch op {
	case stream.OpPutRecord:
		_, err := r.e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: []byte("v"), ExplicitHashKey: "0"})
		return err
	case stream.OpPutRecords:
		_, err := r.e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{PartitionKey: "k", Data: []byte("v"), ExplicitHashKey: "0"}}})
		return err
	case stream.OpGetShardIterator:
		_, err := r.e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", ShardIteratorType: stream.TrimHorizon})
		return err
	case stream.OpGetRecords:
		it, err := r.e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", ShardIteratorType: stream.TrimHorizon})
		if err != nil {
			r.t.Fatalf("GetShardIterator: %v", err)
		}
		_, err = r.e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
		return err
	case stream.OpListShards:
		_, err := r.e.ListShards(ctx, stream.ListShardsInput{StreamRef: ref("s")})
		return err
	case stream.OpSubscribe:
		// A blocking read from TRIM_HORIZON of a closed shard ends by itself; its first yield tells.
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		for _, err := range r.e.Records(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000",
			StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
			return err
		}
		return nil
	}
	r.t.Fatalf("unknown op %s", op)
	return nil
}

var rsAllOps = []control.Op{stream.OpPutRecord, stream.OpPutRecords, stream.OpGetRecords, stream.OpGetShardIterator, stream.OpListShards, stream.OpSubscribe}

// recordCount is the number of readable records of a shard of stream "s".
func (h *harness) recordCount(shardID string) int {
	h.t.Helper()
	info, err := h.e.ShardInfo(h.ctx, ref("s"), shardID)
	if err != nil {
		h.t.Fatalf("ShardInfo: %v", err)
	}
	return info.Records
}

func TestControlFailsWholeCallOnce(t *testing.T) {
	for _, op := range rsAllOps {
		t.Run(string(op), func(t *testing.T) {
			r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
			r.create("s", 2)
			r.PutTo("s", "0", "k", []byte("v"))
			if op == stream.OpSubscribe {
				if err := r.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil { // so a read ends
					t.Fatal(err)
				}
			}
			injected := apierr.InternalFailure.New("injected for %s", op)
			var seen []control.Op
			r.e.Control(op, func(c control.Call) (control.Response, bool) {
				seen = append(seen, c.Op)
				return control.Response{Err: injected}, true
			})
			before := r.recordCount("shardId-000000000000")
			err := rsOpCall(r, op)
			if !errors.Is(err, apierr.InternalFailure) || errMessage(err) != injected.Message {
				t.Fatalf("first call: %v, want the injected %v", err, injected)
			}
			if n := r.recordCount("shardId-000000000000"); n != before {
				t.Fatalf("a failed %s wrote %d records", op, n-before)
			}
			// One-shot: the control is gone, the next calls go through.
			for i := range 3 {
				if err := rsOpCall(r, op); err != nil {
					t.Fatalf("call %d after the one-shot control: %v", i+2, err)
				}
			}
			if !slices.Equal(seen, []control.Op{op}) {
				t.Fatalf("control saw %v, want one %s", seen, op)
			}
		})
	}
}

func TestControlOnlyInterceptsItsOperation(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 2)
	r.PutTo("s", "0", "k", []byte("v"))
	calls := 0
	r.e.Control(stream.OpListShards, func(control.Call) (control.Response, bool) {
		calls++
		return control.Response{Err: apierr.LimitExceeded.New("Rate exceeded for ListShards")}, true
	}, control.Keep())
	for _, op := range []control.Op{stream.OpPutRecord, stream.OpPutRecords, stream.OpGetRecords, stream.OpGetShardIterator} {
		if err := rsOpCall(r, op); err != nil {
			t.Fatalf("%s with a ListShards control installed: %v", op, err)
		}
	}
	if calls != 0 {
		t.Fatalf("the ListShards control saw %d other calls", calls)
	}
	wantErr(t, rsOpCall(r, stream.OpListShards), apierr.LimitExceeded, "Rate exceeded for ListShards")
}

func TestKeepControlFailsEveryCall(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 2)
	throttled := apierr.ProvisionedThroughputExceeded.New("Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000.")
	remove := r.e.Control(stream.OpPutRecord, func(control.Call) (control.Response, bool) {
		return control.Response{Err: throttled}, true
	}, control.Keep())
	for i := range 5 {
		err := rsOpCall(r, stream.OpPutRecord)
		wantErr(t, err, apierr.ProvisionedThroughputExceeded, throttled.Message)
		if !apierr.IsRetryable(err) {
			t.Fatalf("call %d: injected throttling is not retryable", i)
		}
	}
	if n := r.recordCount("shardId-000000000000"); n != 0 {
		t.Fatalf("%d records written through a failing control", n)
	}
	remove()
	remove() // idempotent
	if err := rsOpCall(r, stream.OpPutRecord); err != nil {
		t.Fatalf("PutRecord after removing the control: %v", err)
	}
	// Removing a one-shot control before it fires: it never fires.
	remove = r.e.Control(stream.OpPutRecord, func(control.Call) (control.Response, bool) {
		t.Errorf("a removed control ran")
		return control.Response{Err: throttled}, true
	})
	remove()
	if err := rsOpCall(r, stream.OpPutRecord); err != nil {
		t.Fatalf("PutRecord after removing a one-shot control: %v", err)
	}
}

func TestControlsRunInOrderUntilOneHandles(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 1)
	var order []string
	r.e.Control(stream.OpGetShardIterator, func(control.Call) (control.Response, bool) {
		order = append(order, "watch")
		return control.Response{}, false
	})
	r.e.Control(stream.OpGetShardIterator, func(control.Call) (control.Response, bool) {
		order = append(order, "first")
		return control.Response{Err: apierr.ResourceNotFound.New("first")}, true
	})
	r.e.Control(stream.OpGetShardIterator, func(control.Call) (control.Response, bool) {
		order = append(order, "second")
		return control.Response{Err: apierr.ResourceNotFound.New("second")}, true
	})
	wantErr(t, rsOpCall(r, stream.OpGetShardIterator), apierr.ResourceNotFound, "first")
	wantErr(t, rsOpCall(r, stream.OpGetShardIterator), apierr.ResourceNotFound, "second")
	if err := rsOpCall(r, stream.OpGetShardIterator); err != nil {
		t.Fatal(err)
	}
	if want := []string{"watch", "first", "watch", "second", "watch"}; !slices.Equal(order, want) {
		t.Fatalf("controls ran %v, want %v", order, want)
	}
}

func TestControlFailsSinglePutRecordsEntries(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 2)
	throttleMsg := "Rate exceeded for shard shardId-000000000001 in stream s under account 000000000000."
	r.e.Control(stream.OpPutRecords, func(control.Call) (control.Response, bool) {
		return control.Response{EntryErrors: map[int]*apierr.Error{
			1: apierr.InternalFailure,
			3: apierr.ProvisionedThroughputExceeded.New("%s", throttleMsg),
			9: apierr.InternalFailure, // no such entry: ignored
		}}, true
	})
	entries := make([]stream.PutRecordsEntry, 5)
	for i := range entries {
		ehk := "0"
		if i%2 == 1 {
			ehk = record.MaxHashKey.String()
		}
		entries[i] = stream.PutRecordsEntry{Data: []byte{byte(i)}, PartitionKey: fmt.Sprint("k", i), ExplicitHashKey: ehk}
	}
	out, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: entries})
	if err != nil {
		t.Fatal(err)
	}
	if out.FailedRecordCount != 2 || len(out.Records) != 5 {
		t.Fatalf("FailedRecordCount %d, %d results", out.FailedRecordCount, len(out.Records))
	}
	for i, res := range out.Records {
		switch i {
		case 1:
			if res.ErrorCode != "InternalFailure" || res.ErrorMessage != "Internal Service Failure" || !res.SequenceNumber.IsZero() || res.ShardId != "" {
				t.Errorf("entry 1: %+v, want ErrorCode InternalFailure, message \"Internal Service Failure\", no number", res)
			}
		case 3:
			if res.ErrorCode != "ProvisionedThroughputExceededException" || res.ErrorMessage != throttleMsg || !res.SequenceNumber.IsZero() || res.ShardId != "" {
				t.Errorf("entry 3: %+v", res)
			}
		default:
			if res.ErrorCode != "" || res.SequenceNumber.IsZero() || res.ShardId == "" {
				t.Errorf("entry %d: %+v, want success", i, res)
			}
		}
	}
	// The failed entries were not written; the others were, in request order within each shard.
	var data []byte
	for _, id := range []string{"shardId-000000000000", "shardId-000000000001"} {
		recs, _ := r.drain("s", id)
		for _, rec := range recs {
			data = append(data, rec.Data[0])
		}
	}
	if !slices.Equal(data, []byte{0, 2, 4}) {
		t.Fatalf("written entries %v, want [0 2 4]", data)
	}
	// One-shot: the next PutRecords writes every entry.
	out, err = r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: entries})
	if err != nil || out.FailedRecordCount != 0 {
		t.Fatalf("second PutRecords: %v, %d failed", err, out.FailedRecordCount)
	}
}

func TestControlDelaysOnEngineClock(t *testing.T) {
	const delay = 2 * time.Second
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 1)
	r.Put("s", "a", []byte("1"))
	it := r.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	r.e.Control(stream.OpGetRecords, func(control.Call) (control.Response, bool) {
		return control.Response{Delay: delay}, true
	})
	pending := r.clk.Pending()
	type result struct {
		out stream.GetRecordsOutput
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := r.e.GetRecords(r.ctx, stream.GetRecordsInput{ShardIterator: it})
		done <- result{out, err}
	}()
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second)
	defer cancel()
	if err := r.clk.WaitPending(ctx, pending+1); err != nil {
		t.Fatalf("the delayed GetRecords never waited on the engine's clock: %v", err)
	}
	// While the call waits, a record is put: the call, once it goes on, reads the stream as it is then.
	r.Put("s", "b", []byte("2"))
	r.clk.Advance(delay - time.Millisecond)
	select {
	case res := <-done:
		t.Fatalf("GetRecords returned before its delay had passed on the engine's clock: %+v", res)
	default:
	}
	r.clk.Advance(time.Millisecond)
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		t.Fatalf("GetRecords still held after its delay passed")
	}
	if res.err != nil || len(res.out.Records) != 2 {
		t.Fatalf("delayed GetRecords: %d records, %v; want both records", len(res.out.Records), res.err)
	}
	// A delayed put arrives when the delay ends.
	r.e.Control(stream.OpPutRecord, func(control.Call) (control.Response, bool) { return control.Response{Delay: time.Minute}, true })
	pending = r.clk.Pending()
	put := make(chan error, 1)
	go func() {
		_, err := r.e.PutRecord(r.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "c", Data: []byte("3")})
		put <- err
	}()
	if err := r.clk.WaitPending(ctx, pending+1); err != nil {
		t.Fatal(err)
	}
	start := r.clk.Now()
	r.clk.Advance(time.Minute)
	if err := <-put; err != nil {
		t.Fatal(err)
	}
	recs, _ := r.drain("s", "shardId-000000000000")
	if got := recs[len(recs)-1].ApproximateArrivalTimestamp; !got.Equal(start.Add(time.Minute)) {
		t.Fatalf("delayed record arrived at %v, want %v", got, start.Add(time.Minute))
	}
	// A delay ends early, with the context's error, when the caller gives up.
	r.e.Control(stream.OpListShards, func(control.Call) (control.Response, bool) { return control.Response{Delay: time.Hour}, true })
	cctx, ccancel := context.WithCancel(r.ctx)
	pending = r.clk.Pending()
	errc := make(chan error, 1)
	go func() {
		_, err := r.e.ListShards(cctx, stream.ListShardsInput{StreamRef: ref("s")})
		errc <- err
	}()
	if err := r.clk.WaitPending(ctx, pending+1); err != nil {
		t.Fatal(err)
	}
	ccancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled delayed ListShards: %v", err)
	}
}

func TestControlHoldsUntilReleased(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 1)
	release := make(chan struct{})
	entered := make(chan struct{})
	r.e.Control(stream.OpPutRecord, func(control.Call) (control.Response, bool) {
		close(entered)
		return control.Response{Release: release}, true
	})
	done := make(chan error, 1)
	go func() {
		_, err := r.e.PutRecord(r.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: []byte("held")})
		done <- err
	}()
	<-entered
	// Held: nothing is written, other calls go on (the hold takes no engine lock).
	r.Put("s", "other", []byte("free"))
	if n := r.recordCount("shardId-000000000000"); n != 1 {
		t.Fatalf("%d records while the put is held, want 1", n)
	}
	r.clk.Advance(time.Hour) // a hold is not a delay: time does not release it
	select {
	case err := <-done:
		t.Fatalf("held PutRecord returned before its release: %v", err)
	default:
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("released PutRecord: %v", err)
	}
	recs, _ := r.drain("s", "shardId-000000000000")
	if len(recs) != 2 || string(recs[1].Data) != "held" {
		t.Fatalf("records after the release: %+v", recs)
	}

	// A held call ends with the context's error when the caller gives up, and with ErrClosed when the engine closes.
	for _, how := range []string{"context", "close"} {
		e := stream.New(stream.WithClock(clock.NewManual(minuteT0)), stream.WithSeed(5))
		if err := e.CreateStream(r.ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 1}); err != nil {
			t.Fatal(err)
		}
		entered := make(chan struct{})
		e.Control(stream.OpGetShardIterator, func(control.Call) (control.Response, bool) {
			close(entered)
			return control.Response{Release: make(chan struct{})}, true
		})
		ctx, cancel := context.WithCancel(r.ctx)
		errc := make(chan error, 1)
		go func() {
			_, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", ShardIteratorType: stream.Latest})
			errc <- err
		}()
		<-entered
		want := context.Canceled
		if how == "context" {
			cancel()
		} else {
			want = stream.ErrClosed
			_ = e.Close()
		}
		if err := <-errc; !errors.Is(err, want) {
			t.Fatalf("held call ended by %s: %v, want %v", how, err, want)
		}
		cancel()
		_ = e.Close()
	}
}

func TestObservingControlSeesCallsWithoutChangingThem(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 2)
	var mu sync.Mutex
	seen := map[control.Op][]any{}
	for _, op := range rsAllOps {
		r.e.Control(op, func(c control.Call) (control.Response, bool) {
			mu.Lock()
			seen[c.Op] = append(seen[c.Op], c.Input)
			mu.Unlock()
			// A control may call the engine.
			if _, err := r.e.DescribeStreamSummary(r.ctx, ref("s")); err != nil {
				t.Errorf("engine call from a control: %v", err)
			}
			return control.Response{Err: apierr.InternalFailure}, false // not handled: the response is ignored
		})
	}
	out := r.Put("s", "key-1", []byte("one"))
	batch, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{PartitionKey: "key-2", Data: []byte("two")}}})
	if err != nil || batch.FailedRecordCount != 0 {
		t.Fatalf("PutRecords under an observer: %v %+v", err, batch)
	}
	it := r.Iterator("s", out.ShardId, stream.AtSequenceNumber, out.SequenceNumber.String(), time.Time{})
	got := r.Get(it, 0)
	if len(got.Records) == 0 || string(got.Records[0].Data) != "one" {
		t.Fatalf("GetRecords under an observer: %+v", got.Records)
	}
	r.Shards("s")
	for _, err := range r.e.Records(r.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: out.ShardId,
		StartingPosition: stream.StartingPosition{Type: stream.AtSequenceNumber, SequenceNumber: out.SequenceNumber.String()}}) {
		if err != nil {
			t.Fatalf("Records under an observer: %v", err)
		}
		break
	}
	// Observers are not removed by calls they do not handle: a second round is seen too.
	r.Put("s", "key-3", []byte("three"))

	// The records went in once each.
	total := 0
	for _, s := range r.Shards("s") {
		total += r.recordCount(s.ShardId)
	}
	if total != 3 {
		t.Errorf("%d records in the stream, want 3", total)
	}
	mu.Lock()
	defer mu.Unlock()
	if in, ok := seen[stream.OpPutRecord][0].(stream.PutRecordInput); !ok || in.PartitionKey != "key-1" || string(in.Data) != "one" {
		t.Errorf("PutRecord observed as %#v", seen[stream.OpPutRecord][0])
	}
	if len(seen[stream.OpPutRecord]) != 2 {
		t.Errorf("PutRecord observed %d times, want 2", len(seen[stream.OpPutRecord]))
	}
	if in, ok := seen[stream.OpPutRecords][0].(stream.PutRecordsInput); !ok || len(in.Records) != 1 || in.Records[0].PartitionKey != "key-2" {
		t.Errorf("PutRecords observed as %#v", seen[stream.OpPutRecords][0])
	}
	if in, ok := seen[stream.OpGetShardIterator][0].(stream.GetShardIteratorInput); !ok || in.ShardId != out.ShardId || in.ShardIteratorType != stream.AtSequenceNumber {
		t.Errorf("GetShardIterator observed as %#v", seen[stream.OpGetShardIterator][0])
	}
	if in, ok := seen[stream.OpGetRecords][0].(stream.GetRecordsInput); !ok || in.ShardIterator != it {
		t.Errorf("GetRecords observed as %#v", seen[stream.OpGetRecords][0])
	}
	if in, ok := seen[stream.OpListShards][0].(stream.ListShardsInput); !ok || in.StreamName != "s" {
		t.Errorf("ListShards observed as %#v", seen[stream.OpListShards][0])
	}
	if in, ok := seen[stream.OpSubscribe][0].(stream.ReadInput); !ok || in.ShardId != out.ShardId {
		t.Errorf("Records observed as %#v", seen[stream.OpSubscribe][0])
	}
}

func TestExpireIteratorsExpiresIssuedIterators(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 1)
	r.Put("s", "k", []byte("v"))
	it1 := r.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	it2 := r.Iterator("s", "shardId-000000000000", stream.Latest, "", time.Time{})
	next := r.Get(it1, 0).NextShardIterator
	r.e.ExpireIterators()
	for i, it := range []string{it1, it2, next} {
		_, err := r.e.GetRecords(r.ctx, stream.GetRecordsInput{ShardIterator: it})
		wantErr(t, err, apierr.ExpiredIterator, "")
		if m := errMessage(err); len(m) < 16 || m[:16] != "Iterator expired" {
			t.Errorf("iterator %d: message %q", i, m)
		}
	}
	// Iterators issued afterwards work, and keep working across calls; the clock did not move.
	fresh := r.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	out := r.Get(fresh, 0)
	if len(out.Records) != 1 {
		t.Fatalf("fresh iterator read %d records", len(out.Records))
	}
	r.Get(out.NextShardIterator, 0)
	if !r.clk.Now().Equal(minuteT0) {
		t.Fatalf("ExpireIterators moved the clock")
	}
	// A second ExpireIterators expires those too.
	r.e.ExpireIterators()
	_, err := r.e.GetRecords(r.ctx, stream.GetRecordsInput{ShardIterator: out.NextShardIterator})
	wantErr(t, err, apierr.ExpiredIterator, "")
}

func TestForceSplitIgnoresUpdatingAndOnDemand(t *testing.T) {
	const d = time.Minute
	r := newHarness(t, startAt(minuteT0), stream.WithStatusDelays(0, 0, d))
	r.create("od", 0, func(in *stream.CreateStreamInput) { in.StreamMode = stream.StreamModeOnDemand })
	od := r.Shards("od")
	split := func(name, id, key string) error {
		return r.e.ForceSplitShard(r.ctx, stream.SplitShardInput{StreamRef: ref(name), ShardToSplit: id, NewStartingHashKey: key})
	}
	// On demand: SplitShard is refused, ForceSplitShard works at once (no UPDATING, no delay).
	wantErr(t, r.split("od", od[0].ShardId, od[0].HashKeyRange.Midpoint().String()), apierr.Validation, "")
	if err := split("od", od[0].ShardId, od[0].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatalf("ForceSplitShard on an on-demand stream: %v", err)
	}
	if s := r.Summary("od"); s.OpenShardCount != 5 || s.StreamStatus != stream.StreamStatusActive {
		t.Fatalf("on-demand stream after a forced split: %d open, %s", s.OpenShardCount, s.StreamStatus)
	}
	if err := r.e.ForceMergeShards(r.ctx, stream.MergeShardsInput{StreamRef: ref("od"), ShardToMerge: "shardId-000000000004", AdjacentShardToMerge: "shardId-000000000005"}); err != nil {
		t.Fatalf("ForceMergeShards on an on-demand stream: %v", err)
	}
	if s := r.Summary("od"); s.OpenShardCount != 4 {
		t.Fatalf("on-demand stream after a forced merge: %d open", s.OpenShardCount)
	}

	// UPDATING: a pending split of shard 0; a forced split of shard 1 happens now and the stream stays UPDATING.
	r.create("p", 2)
	p := r.Shards("p")
	if err := r.split("p", p[0].ShardId, p[0].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatal(err)
	}
	if err := split("p", p[1].ShardId, p[1].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatalf("ForceSplitShard while UPDATING: %v", err)
	}
	if s := r.Summary("p"); s.StreamStatus != stream.StreamStatusUpdating || s.OpenShardCount != 3 {
		t.Fatalf("after the forced split: %s, %d open", s.StreamStatus, s.OpenShardCount)
	}
	if ids := idsOf(r.open("p")); !slices.Equal(ids, []string{"shardId-000000000000", "shardId-000000000002", "shardId-000000000003"}) {
		t.Fatalf("open shards after the forced split: %v", ids)
	}
	r.clk.Advance(d)
	if s := r.Summary("p"); s.StreamStatus != stream.StreamStatusActive || s.OpenShardCount != 4 {
		t.Fatalf("after the delayed split: %s, %d open", s.StreamStatus, s.OpenShardCount)
	}
	if ids := idsOf(r.open("p")); !slices.Equal(ids, []string{"shardId-000000000004", "shardId-000000000005", "shardId-000000000002", "shardId-000000000003"}) {
		t.Fatalf("open shards after the delayed split: %v", ids)
	}

	// Forcing does not bypass the rules of the split itself.
	before := r.Shards("p")
	wantErr(t, split("p", "shardId-000000000004", before[4].HashKeyRange.StartingHashKey.String()), apierr.InvalidArgument, "")
	wantErr(t, split("p", "shardId-000000000000", p[0].HashKeyRange.Midpoint().String()), apierr.InvalidArgument,
		"Shard shardId-000000000000 in stream p under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.")
	wantErr(t, split("p", "shardId-000000000042", "5"), apierr.ResourceNotFound, "")
	wantErr(t, r.e.ForceMergeShards(r.ctx, stream.MergeShardsInput{StreamRef: ref("p"), ShardToMerge: "shardId-000000000004", AdjacentShardToMerge: "shardId-000000000003"}), apierr.InvalidArgument, "")
	sameShards(t, before, r.Shards("p"))
}

func TestForceSplitRespectsShardQuota(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithShardLimit(2))
	r.create("s", 2)
	before := r.Shards("s")
	err := r.e.ForceSplitShard(r.ctx, stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000000", NewStartingHashKey: before[0].HashKeyRange.Midpoint().String()})
	wantErr(t, err, apierr.LimitExceeded, "")
	sameShards(t, before, r.Shards("s"))
}

// TestForceSplitOfShardAwaitingSplit forces a split of the very shard a SplitShard, MergeShards or
// UpdateShardCount call is waiting (UPDATING) to change. The forced split happens at once; when the delay ends the
// stream must still be consistent — ACTIVE, its open shards tiling the hash-key space once, the closed shard not
// split a second time — and the account's shard quota must count exactly the open shards.
func TestForceSplitOfShardAwaitingSplit(t *testing.T) {
	for _, pending := range []string{"split", "merge", "updateShardCount"} {
		t.Run(pending, func(t *testing.T) {
			const d, limit = time.Minute, 8
			clk := clock.NewManual(minuteT0)
			e := stream.New(stream.WithClock(clk), stream.WithSeed(9), stream.WithStatusDelays(0, 0, d), stream.WithShardLimit(limit))
			r := harnessOf(t, e, clk)
			r.create("s", 2)
			sh := r.Shards("s")
			var err error
			switch pending {
			case "split":
				err = r.split("s", sh[0].ShardId, sh[0].HashKeyRange.Midpoint().String())
			case "merge":
				err = r.merge("s", sh[0].ShardId, sh[1].ShardId)
			default:
				_, err = e.UpdateShardCount(r.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 4})
			}
			if err != nil {
				t.Fatal(err)
			}
			forcedAt := sh[0].HashKeyRange.StartingHashKey.Add(1000)
			if err := e.ForceSplitShard(r.ctx, stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: sh[0].ShardId, NewStartingHashKey: forcedAt.String()}); err != nil {
				t.Fatal(err)
			}
			panicked := func() (p any) {
				defer func() { p = recover() }()
				clk.Advance(d)
				return nil
			}()
			if panicked != nil {
				// The engine may hold a lock now; do not Close it (that would hang the test binary).
				t.Fatalf("the pending %s of a shard already force-split panicked when its delay ended: %v", pending, panicked)
			}
			defer e.Close()
			all := r.Shards("s")
			rsCheckTiling(t, all)
			if st := r.Summary("s").StreamStatus; st != stream.StreamStatusActive {
				t.Fatalf("status %s after the delay", st)
			}
			if pending == "updateShardCount" {
				wantRanges(t, openShards(all), record.SplitEvenly(4))
			} else {
				for _, s := range all {
					if s.ParentShardId == sh[0].ShardId && s.HashKeyRange.StartingHashKey != sh[0].HashKeyRange.StartingHashKey && s.HashKeyRange.StartingHashKey != forcedAt {
						t.Fatalf("shard 0 was split twice: child %+v", s)
					}
				}
			}
			// The quota counts the open shards, no more and no less.
			open := len(openShards(all))
			if err := e.CreateStream(r.ctx, stream.CreateStreamInput{StreamName: "rest", ShardCount: limit - open}); err != nil {
				t.Fatalf("%d open shards of %d: CreateStream of the other %d: %v", open, limit, limit-open, err)
			}
			wantErr(t, e.CreateStream(r.ctx, stream.CreateStreamInput{StreamName: "one-more", ShardCount: 1}), apierr.LimitExceeded, "")
		})
	}
}

// rsCheckTiling fails unless the open shards of a listing cover 0 … 2^128−1 exactly once, and every shard id is
// listed once.
func rsCheckTiling(t testing.TB, all []stream.Shard) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s.ShardId] {
			t.Fatalf("shard %s listed twice", s.ShardId)
		}
		seen[s.ShardId] = true
	}
	open := openShards(all)
	if len(open) == 0 {
		t.Fatalf("no open shard")
	}
	next := record.HashKey{}
	for i, s := range open {
		if s.HashKeyRange.StartingHashKey != next {
			t.Fatalf("open shard %s starts at %s, want %s (open shards: %+v)", s.ShardId, s.HashKeyRange.StartingHashKey, next, open)
		}
		if i == len(open)-1 {
			if s.HashKeyRange.EndingHashKey != record.MaxHashKey {
				t.Fatalf("last open shard %s ends at %s", s.ShardId, s.HashKeyRange.EndingHashKey)
			}
			break
		}
		next = s.HashKeyRange.EndingHashKey.Add(1)
	}
}
