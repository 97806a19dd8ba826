package stream_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/kinesimtest"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// Spec tests of SubscribeToShard. Sources: Kinesis API Reference, SubscribeToShard and SubscribeToShardEvent
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html), the pinned SDK's
// api_op_SubscribeToShard.go and types.SubscribeToShardEvent, and RegisterStreamConsumer ("at a rate of up to 2 MiB
// per second for every shard you subscribe to"). The tests run in a synctest bubble: synctest.Wait lets the
// subscription's goroutine settle, so that "no event yet" is asserted without sleeping.

const shard0 = "shardId-000000000000"

var latest = stream.StartingPosition{Type: stream.Latest}

// subscribe subscribes and fails the test on error.
func (h *harness) subscribe(consumerARN, shardID string, pos stream.StartingPosition) *stream.ShardSubscription {
	h.t.Helper()
	sub, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: consumerARN, ShardId: shardID, StartingPosition: pos})
	if err != nil {
		h.t.Fatalf("SubscribeToShard(%s): %v", shardID, err)
	}
	h.t.Cleanup(func() { _ = sub.Close() })
	return sub
}

// next receives the next event; the channel must not be closed.
func next(t testing.TB, sub *stream.ShardSubscription) stream.SubscribeToShardEvent {
	t.Helper()
	ev, ok := <-sub.Events()
	if !ok {
		t.Fatalf("the events channel closed: %v", sub.Err())
	}
	return ev
}

// none asserts that no event is waiting, once the subscription's goroutine has settled.
func none(t testing.TB, sub *stream.ShardSubscription) {
	t.Helper()
	synctest.Wait()
	select {
	case ev, ok := <-sub.Events():
		t.Fatalf("got an event (open %v): %d records, continuation %q", ok, len(ev.Records), ev.ContinuationSequenceNumber)
	default:
	}
}

// ended waits for the subscription's end, drains the events it sent before (the channel is buffered) and returns
// its error.
func ended(t testing.TB, sub *stream.ShardSubscription) error {
	t.Helper()
	<-sub.Done()
	for range sub.Events() {
	}
	return sub.Err()
}

func datas(recs []record.Record) string {
	s := ""
	for _, r := range recs {
		s += string(r.Data)
	}
	return s
}

// efoHarness is a harness in a bubble with a one-shard stream "s" and an ACTIVE consumer "app".
func efoHarness(t *testing.T, opts ...stream.Option) (*harness, stream.Consumer) {
	h := newHarness(t, opts...)
	h.create("s", 1)
	return h, h.register("s", "app")
}

// API Reference, SubscribeToShard: "Kinesis Data Streams pushes records from the shard to the consumer"; a put
// wakes the subscription, which sends one event with every record available.
func TestSubscribeToShardPushesRecordsOnPut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		h.Put("s", "before", []byte("old"))
		sub := h.subscribe(c.ConsumerARN, shard0, latest)
		none(t, sub)
		out := h.Put("s", "k", []byte("a"))
		ev := next(t, sub)
		if datas(ev.Records) != "a" || ev.ContinuationSequenceNumber != out.SequenceNumber.String() || ev.MillisBehindLatest != 0 || ev.ChildShards != nil {
			t.Fatalf("event %+v", ev)
		}
		// Records put while the subscriber is busy arrive together, in one event per wake-up.
		synctest.Wait()
		var last stream.PutRecordOutput
		if _, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{
			{PartitionKey: "k", Data: []byte("b")}, {PartitionKey: "k", Data: []byte("c")}, {PartitionKey: "k", Data: []byte("d")},
		}}); err != nil {
			t.Fatal(err)
		}
		last = h.Put("s", "k", []byte("e"))
		got := ""
		var evs int
		for got != "bcde" {
			ev := next(t, sub)
			got += datas(ev.Records)
			evs++
			if len(ev.Records) > 0 && ev.ContinuationSequenceNumber != ev.Records[len(ev.Records)-1].SequenceNumber.String() {
				t.Fatalf("continuation %s is not the last record's", ev.ContinuationSequenceNumber)
			}
		}
		if evs > 2 {
			t.Fatalf("%d events for two puts", evs)
		}
		_ = last
		none(t, sub)
	})
}

// SubscribeToShardEvent.Records is the event's own slice: a later event does not overwrite it.
func TestSubscribeToShardEventOwnsItsRecords(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		sub := h.subscribe(c.ConsumerARN, shard0, latest)
		h.Put("s", "k", []byte("first"))
		ev1 := next(t, sub)
		h.Put("s", "k", []byte("second"))
		ev2 := next(t, sub)
		if datas(ev1.Records) != "first" || datas(ev2.Records) != "second" {
			t.Fatalf("events %q and %q", datas(ev1.Records), datas(ev2.Records))
		}
	})
}

// SDK types.StartingPosition: every type, resolved as GetShardIterator resolves it, and validated the same way.
func TestSubscribeToShardStartingPositions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t, stream.WithThrottling(false))
		r0 := h.Put("s", "k", []byte("0"))
		h.clk.Advance(time.Second)
		r1 := h.Put("s", "k", []byte("1"))
		h.Put("s", "k", []byte("2"))
		for i, tc := range []struct {
			pos  stream.StartingPosition
			want string
		}{
			{stream.StartingPosition{Type: stream.TrimHorizon}, "012"},
			{stream.StartingPosition{Type: stream.AtSequenceNumber, SequenceNumber: r1.SequenceNumber.String()}, "12"},
			{stream.StartingPosition{Type: stream.AfterSequenceNumber, SequenceNumber: r1.SequenceNumber.String()}, "2"},
			{stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: t0.Add(time.Second)}, "12"},
			{stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: t0.Add(-time.Hour)}, "012"},
		} {
			h.clk.Advance(stream.SubscribeToShardTakeover) // a new subscription of the same shard
			sub := h.subscribe(c.ConsumerARN, shard0, tc.pos)
			if got := datas(next(t, sub).Records); got != tc.want {
				t.Errorf("%d %s: read %q, want %q", i, tc.pos.Type, got, tc.want)
			}
		}
		h.clk.Advance(stream.SubscribeToShardTakeover)
		sub := h.subscribe(c.ConsumerARN, shard0, latest)
		none(t, sub)
		h.Put("s", "k", []byte("3"))
		if got := datas(next(t, sub).Records); got != "3" {
			t.Fatalf("LATEST read %q", got)
		}
		// Refusals are GetShardIterator's (ValidationException for shapes, InvalidArgumentException for meaning).
		for _, tc := range []struct {
			shard string
			pos   stream.StartingPosition
			kind  *apierr.Error
		}{
			{shard0, stream.StartingPosition{}, apierr.Validation},
			{shard0, stream.StartingPosition{Type: "SOMEWHERE"}, apierr.Validation},
			{"", latest, apierr.Validation},
			{shard0, stream.StartingPosition{Type: stream.AtSequenceNumber, SequenceNumber: "x1"}, apierr.Validation},
			{shard0, stream.StartingPosition{Type: stream.AtSequenceNumber}, apierr.InvalidArgument},
			{shard0, stream.StartingPosition{Type: stream.TrimHorizon, SequenceNumber: r0.SequenceNumber.String()}, apierr.InvalidArgument},
			{shard0, stream.StartingPosition{Type: stream.AtTimestamp}, apierr.InvalidArgument},
			{shard0, stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: h.clk.Now().Add(time.Hour)}, apierr.InvalidArgument},
			{shard0, stream.StartingPosition{Type: stream.AtSequenceNumber, SequenceNumber: "12345"}, apierr.InvalidArgument},
			{"shardId-000000000007", latest, apierr.ResourceNotFound},
		} {
			h.clk.Advance(stream.SubscribeToShardTakeover)
			_, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: tc.shard, StartingPosition: tc.pos})
			wantErr(t, err, tc.kind, "")
		}
		_, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ShardId: shard0, StartingPosition: latest})
		wantErr(t, err, apierr.Validation, validation1("null", "consumerARN", "Member must not be null"))
	})
}

// SDK types.Consumer: "A consumer can't read data while in the CREATING or DELETING states"; SubscribeToShard
// answers ResourceInUseException (AWS's words quoted in awslabs/kinesis-hot-shard-advisor#37).
func TestSubscribeToShardNeedsAnActiveConsumer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, stream.WithStatusDelays(time.Minute, time.Minute, 0))
		h.create("s", 1)
		h.clk.Advance(time.Minute)
		c := h.register("s", "app")
		in := stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: shard0, StartingPosition: latest}
		_, err := h.e.SubscribeToShard(h.ctx, in)
		wantErr(t, err, apierr.ResourceInUse, fmt.Sprintf("Consumer app with creation timestamp %d under stream s and account 000000000000 is not in ACTIVE status.", c.ConsumerCreationTimestamp.Unix()))
		h.clk.Advance(time.Minute)
		sub := h.subscribe(c.ConsumerARN, shard0, latest)
		if err := h.e.DeregisterStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, ended(t, sub), apierr.ResourceNotFound, fmt.Sprintf("Consumer %s, account %s not found.", c.ConsumerARN, account))
		h.clk.Advance(stream.SubscribeToShardTakeover)
		_, err = h.e.SubscribeToShard(h.ctx, in)
		wantErr(t, err, apierr.ResourceInUse, "")
		h.clk.Advance(time.Minute)
		_, err = h.e.SubscribeToShard(h.ctx, in)
		wantErr(t, err, apierr.ResourceNotFound, "")
	})
}

// SDK types.SubscribeToShardEvent: "Use ContinuationSequenceNumber for checkpointing because it captures your shard
// progress even when no data is written to the shard." With no new record, kinesim sends an event with no records
// every 5 seconds of the engine's clock (AWS documents no period; see stream.SubscriptionHeartbeat).
func TestSubscriptionSendsHeartbeatEveryFiveSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		r := h.Put("s", "k", []byte("a"))
		sub := h.subscribe(c.ConsumerARN, shard0, stream.StartingPosition{Type: stream.TrimHorizon})
		next(t, sub)
		h.clk.Advance(stream.SubscriptionHeartbeat - time.Millisecond)
		none(t, sub)
		h.clk.Advance(time.Millisecond)
		ev := next(t, sub)
		if len(ev.Records) != 0 || ev.Records == nil || ev.ContinuationSequenceNumber != r.SequenceNumber.String() || ev.MillisBehindLatest != 0 {
			t.Fatalf("heartbeat %+v", ev)
		}
		h.clk.Advance(stream.SubscriptionHeartbeat)
		next(t, sub)
		// Subscribing AFTER_SEQUENCE_NUMBER the continuation goes on where the subscription was.
		h.Put("s", "k", []byte("b"))
		h.clk.Advance(stream.SubscribeToShardTakeover)
		sub2 := h.subscribe(c.ConsumerARN, shard0, stream.StartingPosition{Type: stream.AfterSequenceNumber, SequenceNumber: ev.ContinuationSequenceNumber})
		if got := datas(next(t, sub2).Records); got != "b" {
			t.Fatalf("resumed with %q", got)
		}
		wantErr(t, ended(t, sub), apierr.ResourceInUse, "")
	})
}

// API Reference, SubscribeToShard: events "for up to 5 minutes, after which time you need to call SubscribeToShard
// again". The channel closes and Err is nil.
func TestSubscriptionEndsAfterFiveMinutes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		sub := h.subscribe(c.ConsumerARN, shard0, latest)
		for range 59 {
			h.clk.Advance(stream.SubscriptionHeartbeat)
			next(t, sub)
		}
		h.clk.Advance(stream.SubscriptionHeartbeat - time.Millisecond)
		none(t, sub)
		h.clk.Advance(time.Millisecond)
		for ev := range sub.Events() {
			if len(ev.Records) != 0 {
				t.Fatalf("records after 5 minutes: %+v", ev)
			}
		}
		if err := ended(t, sub); err != nil {
			t.Fatalf("Err %v after 5 minutes, want nil", err)
		}
	})
}

// SDK types.SubscribeToShardEvent: ChildShards are "returned only at the end of the current shard"; the KCL takes
// a nil ContinuationSequenceNumber with child shards as the shard's end (data-streams.md §1.12).
func TestSubscriptionEndsAtShardEndWithChildShards(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		h.Put("s", "k", []byte("a"))
		sub := h.subscribe(c.ConsumerARN, shard0, stream.StartingPosition{Type: stream.TrimHorizon})
		if ev := next(t, sub); datas(ev.Records) != "a" || ev.ContinuationSequenceNumber == "" || ev.ChildShards != nil {
			t.Fatalf("first event %+v", ev)
		}
		if err := h.split("s", shard0, hashKeyOfShard(1, 2)); err != nil {
			t.Fatal(err)
		}
		ev := next(t, sub)
		if ev.ContinuationSequenceNumber != "" || len(ev.ChildShards) != 2 || len(ev.Records) != 0 {
			t.Fatalf("last event %+v", ev)
		}
		for _, cs := range ev.ChildShards {
			if len(cs.ParentShards) != 1 || cs.ParentShards[0] != shard0 {
				t.Fatalf("child %+v", cs)
			}
		}
		if err := ended(t, sub); err != nil {
			t.Fatalf("Err %v at shard end, want nil", err)
		}
	})
}

// API Reference, SubscribeToShard: "If you call SubscribeToShard again with the same ConsumerARN and ShardId within
// 5 seconds of a successful call, you'll get a ResourceInUseException. If you call SubscribeToShard 5 seconds or
// more after a successful call, the second call takes over the subscription and the previous connection expires or
// fails with a ResourceInUseException."
func TestSecondSubscriptionWithinFiveSecondsIsRefusedThenTakesOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		h.create("t", 2)
		other := h.register("t", "app")
		old := h.subscribe(c.ConsumerARN, shard0, latest)
		h.clk.Advance(stream.SubscribeToShardTakeover - time.Millisecond)
		_, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: shard0, StartingPosition: latest})
		wantErr(t, err, apierr.ResourceInUse, "Another active subscription exists for this consumer: 000000000000:s:shardId-000000000000:app")
		// Another shard, or another consumer, is another subscription.
		h.subscribe(other.ConsumerARN, shard0, latest)
		h.subscribe(other.ConsumerARN, "shardId-000000000001", latest)
		h.clk.Advance(time.Millisecond)
		next(t, old) // the heartbeat of its fifth second
		sub := h.subscribe(c.ConsumerARN, shard0, latest)
		wantErr(t, ended(t, old), apierr.ResourceInUse, "Another active subscription exists for this consumer: 000000000000:s:shardId-000000000000:app")
		h.Put("s", "k", []byte("x"))
		if got := datas(next(t, sub).Records); got != "x" {
			t.Fatalf("the new subscription read %q", got)
		}
	})
}

// API Reference, RegisterStreamConsumer: each consumer reads "at a rate of up to 2 MiB per second for every shard
// you subscribe to. This rate is unaffected by the total number of consumers". While the stream throttles, a
// subscription's delivery is paced to 2 MiB/s on the engine's clock, apart from the GetRecords budget.
func TestSubscriptionReadLimitTwoMiBPerSecondPerConsumer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		c2 := h.register("s", "second")
		if err := h.e.SetThrottling(h.ctx, ref("s"), false); err != nil { // puts beyond the write limit
			t.Fatal(err)
		}
		big := payload(mib-1, 'x')
		for range 3 {
			h.Put("s", "k", big)
		}
		if err := h.e.SetThrottling(h.ctx, ref("s"), true); err != nil {
			t.Fatal(err)
		}
		sub := h.subscribe(c.ConsumerARN, shard0, stream.StartingPosition{Type: stream.TrimHorizon})
		sub2 := h.subscribe(c2.ConsumerARN, shard0, stream.StartingPosition{Type: stream.TrimHorizon})
		for _, s := range []*stream.ShardSubscription{sub, sub2} {
			if n := len(next(t, s).Records); n != 3 { // 3 MiB at once: 2 MiB of burst, 1 MiB of debt
				t.Fatalf("first event has %d records", n)
			}
		}
		// GetRecords has its own budget: the subscriptions did not spend it.
		it := h.Iterator("s", shard0, stream.TrimHorizon, "", time.Time{})
		if out := h.Get(it, 0); len(out.Records) != 3 {
			t.Fatalf("GetRecords read %d records", len(out.Records))
		}
		if err := h.e.SetThrottling(h.ctx, ref("s"), false); err != nil {
			t.Fatal(err)
		}
		h.Put("s", "k", []byte("y"))
		none(t, sub) // the 1 MiB of debt takes half a second to pay
		h.clk.Advance(500*time.Millisecond - time.Microsecond)
		none(t, sub)
		h.clk.Advance(time.Millisecond)
		if got := datas(next(t, sub).Records); got != "y" {
			t.Fatalf("read %q", got)
		}
		if got := datas(next(t, sub2).Records); got != "y" {
			t.Fatalf("the second consumer read %q", got)
		}
		// A stream that does not throttle (when the subscription starts) is not paced.
		h.clk.Advance(stream.SubscribeToShardTakeover)
		free := h.subscribe(c.ConsumerARN, shard0, stream.StartingPosition{Type: stream.TrimHorizon})
		n := 0
		for n < 4 {
			n += len(next(t, free).Records)
		}
	})
}

// Deleting the stream ends its subscriptions with ResourceNotFound (EnforceConsumerDeletion deletes the consumers).
func TestDeleteStreamEndsSubscriptionsWithResourceNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, delay := range []time.Duration{0, time.Minute} {
			h, c := efoHarness(t, stream.WithStatusDelays(0, delay, 0))
			sub := h.subscribe(c.ConsumerARN, shard0, latest)
			if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s"), EnforceConsumerDeletion: true}); err != nil {
				t.Fatal(err)
			}
			wantErr(t, ended(t, sub), apierr.ResourceNotFound, "")
		}
	})
}

// Close ends a subscription with ErrClosed; so does the engine's Close; and the context given to SubscribeToShard
// ends it with its error. Close is idempotent.
func TestSubscriptionEndsWithCloseOrContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		h.create("t", 3)
		c2 := h.register("t", "app")
		sub := h.subscribe(c.ConsumerARN, shard0, latest)
		for range 2 {
			if err := sub.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if err := ended(t, sub); !errors.Is(err, stream.ErrClosed) {
			t.Fatalf("Err %v after Close, want ErrClosed", err)
		}
		ctx, cancel := context.WithCancel(h.ctx)
		byCtx, err := h.e.SubscribeToShard(ctx, stream.SubscribeToShardInput{ConsumerARN: c2.ConsumerARN, ShardId: shard0, StartingPosition: latest})
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := ended(t, byCtx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Err %v after cancel", err)
		}
		// A subscriber that stops reading does not keep Close waiting.
		stuck := h.subscribe(c2.ConsumerARN, "shardId-000000000001", stream.StartingPosition{Type: stream.TrimHorizon})
		if err := h.e.SetThrottling(h.ctx, ref("t"), false); err != nil {
			t.Fatal(err)
		}
		for i := range 3 * stream.SubscriptionEventBuffer {
			h.PutTo("t", hashKeyOfShard(1, 3), "k", []byte{byte(i)})
			synctest.Wait()
		}
		byEngine := h.subscribe(c2.ConsumerARN, "shardId-000000000002", latest)
		if err := h.e.Close(); err != nil {
			t.Fatal(err)
		}
		for _, s := range []*stream.ShardSubscription{stuck, byEngine} {
			<-s.Done()
			if !errors.Is(s.Err(), stream.ErrClosed) {
				t.Fatalf("Err %v after the engine's Close", s.Err())
			}
		}
		_, err = h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: shard0, StartingPosition: latest})
		if !errors.Is(err, stream.ErrClosed) {
			t.Fatalf("SubscribeToShard after Close: %v", err)
		}
	})
}

// No goroutine of an account outlives its Close, with subscriptions running, paced or waiting (kinesimtest's leak
// check, on the real clock).
func TestNoSubscriptionGoroutineOutlivesClose(t *testing.T) {
	a := kinesimtest.New(t)
	e := a.Streams()
	ctx := t.Context()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 2}); err != nil {
		t.Fatal(err)
	}
	c, err := e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: e.StreamARN("s"), ConsumerName: "app"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{shard0, "shardId-000000000001"} {
		if _, err := e.SubscribeToShard(ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: id, StartingPosition: latest}); err != nil {
			t.Fatal(err)
		}
	}
	// The cleanup closes the account and fails the test if a goroutine of it is left.
}

// newBenchSubscription returns a one-shard stream of a benchmark engine (throttling off) and a subscription of a
// registered consumer to its shard from LATEST.
func newBenchSubscription(b *testing.B) (*stream.Engine, stream.StreamRef, *stream.ShardSubscription) {
	b.Helper()
	ctx := context.Background()
	e, ref := newBenchStream(b, 1)
	c, err := e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: e.StreamARN(ref.StreamName), ConsumerName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	sub, err := e.SubscribeToShard(ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: shard0, StartingPosition: latest})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sub.Close() })
	return e, ref, sub
}

// BenchmarkSubscribeToShardLatency measures how long a record takes from PutRecord to the subscriber: each op puts
// one 100-byte record and waits for the event that carries it. It reports the median (ns/median-latency; the
// target is ≤ 50 µs) besides the mean (ns/op), on the real clock.
func BenchmarkSubscribeToShardLatency(b *testing.B) {
	ctx := context.Background()
	e, ref, sub := newBenchSubscription(b)
	data := make([]byte, benchRecordSize)
	events := sub.Events()
	var lat []time.Duration
	b.ReportAllocs()
	b.SetBytes(benchRecordSize)
	for b.Loop() {
		start := time.Now()
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: "user-1"}); err != nil {
			b.Fatal(err)
		}
		for got := false; !got; {
			ev, ok := <-events
			if !ok {
				b.Fatalf("subscription ended: %v", sub.Err())
			}
			got = len(ev.Records) > 0
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "ns/median-latency")
}

// BenchmarkSubscribeToShardThroughput measures records through SubscribeToShard events: each op puts a batch of 500
// 100-byte records into a one-shard stream and receives them from the subscription's events.
func BenchmarkSubscribeToShardThroughput(b *testing.B) {
	ctx := context.Background()
	e, ref, sub := newBenchSubscription(b)
	entries := benchEntries(benchKeys(), benchBatch, 0)
	events := sub.Events()
	b.ReportAllocs()
	b.SetBytes(benchBatch * benchRecordSize)
	for b.Loop() {
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries}); err != nil {
			b.Fatal(err)
		}
		for n := 0; n < benchBatch; {
			ev, ok := <-events
			if !ok {
				b.Fatalf("subscription ended: %v", sub.Err())
			}
			n += len(ev.Records)
		}
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "records/s")
}

// A heartbeat on an empty shard carries a continuation number that resumes from the shard's start, so that no
// record put before the next subscription is lost (SDK types.SubscribeToShardEvent: "Use this as SequenceNumber in
// the next call to SubscribeToShard, with StartingPosition set to AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER").
func TestContinuationOfAnEmptyShardResumesAtItsStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		h.create("t", 3)
		c2 := h.register("t", "app")
		for _, tc := range []struct {
			arn, shard string
			putTo      func()
		}{
			{c.ConsumerARN, shard0, func() { h.Put("s", "k", []byte("first")) }},
			{c2.ConsumerARN, "shardId-000000000002", func() { h.PutTo("t", hashKeyOfShard(2, 3), "k", []byte("first")) }},
		} {
			sub := h.subscribe(tc.arn, tc.shard, latest)
			h.clk.Advance(stream.SubscriptionHeartbeat)
			ev := next(t, sub)
			if ev.ContinuationSequenceNumber == "" || len(ev.Records) != 0 {
				t.Fatalf("heartbeat %+v", ev)
			}
			_ = sub.Close()
			tc.putTo() // put between two subscriptions
			h.clk.Advance(stream.SubscribeToShardTakeover)
			again := h.subscribe(tc.arn, tc.shard, stream.StartingPosition{Type: stream.AfterSequenceNumber, SequenceNumber: ev.ContinuationSequenceNumber})
			got := next(t, again)
			if datas(got.Records) != "first" {
				t.Fatalf("%s: resumed with %q", tc.shard, datas(got.Records))
			}
			cont, _ := record.ParseSequenceNumber(ev.ContinuationSequenceNumber)
			if cont.Compare(got.Records[0].SequenceNumber) >= 0 {
				t.Fatalf("continuation %s is not below the first record's number %s", cont, got.Records[0].SequenceNumber)
			}
		}
	})
}

// A subscription allocates per event — the event's own records slice and its continuation number — never per
// record: a wake-up per record costs two allocations, and a batch of 500 records a handful.
func TestSubscribeToShardAllocatesPerEventNotPerRecord(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; CI also runs this test without it")
	}
	ctx := context.Background()
	e := stream.New(stream.WithThrottling(false), stream.WithSeed(1))
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "allocs", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	c, err := e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: e.StreamARN("allocs"), ConsumerName: "app"})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := e.SubscribeToShard(ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: shard0, StartingPosition: latest})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	ref := stream.StreamRef{StreamName: "allocs"}
	receive := func(n int) {
		for got := 0; got < n; {
			ev, ok := <-sub.Events()
			if !ok {
				t.Fatalf("subscription ended: %v", sub.Err())
			}
			got += len(ev.Records)
		}
	}
	data := make([]byte, 100)
	one := func() {
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: "k"}); err != nil {
			t.Fatal(err)
		}
		receive(1)
	}
	one() // the subscription's goroutine is running and has its buffers
	if allocs := testing.AllocsPerRun(2000, one); allocs > 2 {
		t.Errorf("a put read by a subscription allocates %v times, want at most 2 (the event's records and continuation)", allocs)
	}
	entries := benchEntries(benchKeys(), benchBatch, 0)
	batch := func() {
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries}); err != nil {
			t.Fatal(err)
		}
		receive(benchBatch)
	}
	batch()
	if allocs := testing.AllocsPerRun(100, batch); allocs > 10 {
		t.Errorf("500 records through a subscription allocate %v times, want at most 10", allocs)
	}
}

// SDK types.SubscribeToShardEvent.MillisBehindLatest: "The number of milliseconds the read records are from the tip
// of the stream … A value of zero indicates that record processing is caught up". An event carries at most one
// read's records (512), so a subscription that starts behind catches up over several events.
func TestSubscribeToShardEventReportsMillisBehindLatest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t, stream.WithThrottling(false))
		entries := benchEntries(benchKeys(), benchBatch, 0)
		for range 2 {
			if _, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: entries}); err != nil {
				t.Fatal(err)
			}
		}
		h.clk.Advance(3 * time.Second)
		sub := h.subscribe(c.ConsumerARN, shard0, stream.StartingPosition{Type: stream.TrimHorizon})
		ev := next(t, sub)
		if len(ev.Records) != 512 || ev.MillisBehindLatest != 3000 {
			t.Fatalf("first event: %d records, %d ms behind; want 512 and 3000", len(ev.Records), ev.MillisBehindLatest)
		}
		ev = next(t, sub)
		if len(ev.Records) != 2*benchBatch-512 || ev.MillisBehindLatest != 0 {
			t.Fatalf("second event: %d records, %d ms behind; want %d and 0", len(ev.Records), ev.MillisBehindLatest, 2*benchBatch-512)
		}
	})
}
