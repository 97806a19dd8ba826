package kpl_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/kpl"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// payload is the data of user record i: its index, so that order and loss can be checked after reading back.
func payload(i, size int) []byte {
	b := []byte(fmt.Sprintf("%08d", i))
	for len(b) < size {
		b = append(b, '.')
	}
	return b
}

func index(t testing.TB, data []byte) int {
	t.Helper()
	i, err := strconv.Atoi(string(data[:8]))
	if err != nil {
		t.Fatalf("bad payload %q", data[:min(len(data), 16)])
	}
	return i
}

// The user records of an aggregate read back with the deaggregator carry the aggregate's sequence number and
// sub-sequence numbers 0, 1, 2, … in the order they were put, exactly those the producer reported; every record is
// read back once. Sources: DevGuide kinesis-kpl-consumer-deaggregation ("all subrecords within an aggregated record
// have the same sequence number … referred to as the subsequence number"); KCL AggregatorUtil (subSeqNum++);
// shared/docs/data-streams.md §2.1.
func TestAggregatedUserRecordsReadBackWithTheirSubSequenceNumbers(t *testing.T) {
	v := newEnv(t, 4, false)
	p := v.producer()
	const n, keys = 2000, 40
	recs := make([]kpl.UserRecord, n)
	for i := range recs {
		recs[i] = kpl.UserRecord{PartitionKey: "key-" + strconv.Itoa(i%keys), Data: payload(i, 100)}
	}
	results := v.settle(v.put(p, recs...))
	type pos struct {
		seq record.SequenceNumber
		sub uint64
	}
	want := map[int]pos{}
	for i, r := range results {
		if r.Err != nil || r.Attempts != 1 || r.ShardId == "" {
			t.Fatalf("result %d = %+v, want put in one attempt", i, r)
		}
		want[i] = pos{r.SequenceNumber, r.SubSequenceNumber}
	}
	users, dropped := userRecords(t, v.readAll())
	if dropped != 0 || len(users) != n {
		t.Fatalf("read %d user records, %d aggregates dropped; want %d, 0", len(users), dropped, n)
	}
	aggregated := 0
	last := map[string]int{}
	for _, u := range users {
		i := index(t, u.Data)
		if got := (pos{u.SequenceNumber, u.SubSequenceNumber}); got != want[i] {
			t.Fatalf("record %d read at %s/%d, producer reported %s/%d", i, got.seq, got.sub, want[i].seq, want[i].sub)
		}
		if prev, ok := last[u.PartitionKey]; ok && prev > i {
			t.Fatalf("key %s: record %d read after %d", u.PartitionKey, i, prev)
		}
		last[u.PartitionKey] = i
		if u.Aggregated {
			aggregated++
		}
	}
	m := p.Metrics()
	if aggregated != n || m.AggregatesPut == 0 || m.UserRecordsPut != n || m.Buffered != 0 || m.InFlight != 0 {
		t.Fatalf("aggregated %d of %d; metrics %+v", aggregated, n, m)
	}
}

// A user record waits up to RecordMaxBufferedTime (100 ms by default) before it is sent, so that others can join
// its aggregate and its PutRecords call. Source: DevGuide kinesis-producer-adv-retries-rate-limiting
// ("a record is given a time stamp and added to a buffer with a deadline set by the RecordMaxBufferedTime");
// KPL default_config.properties (RecordMaxBufferedTime = 100).
func TestRecordWaitsRecordMaxBufferedTimeBeforeItIsSent(t *testing.T) {
	v := newEnv(t, 2, false)
	p := v.producer()
	f := v.put(p, kpl.UserRecord{PartitionKey: "a", Data: []byte("x")})[0]
	if err := v.clk.WaitPending(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	if next, _ := v.clk.Next(); !next.Equal(t0.Add(kpl.DefaultRecordMaxBufferedTime)) {
		t.Fatalf("producer's next deadline %v, want %v", next, t0.Add(kpl.DefaultRecordMaxBufferedTime))
	}
	if m := p.Metrics(); m.PutRecordsCalls != 0 || m.Buffered != 1 {
		t.Fatalf("before the deadline: %+v", m)
	}
	r := v.settle([]*kpl.Pending{f})[0]
	recs := v.readAll()
	if r.Err != nil || len(recs) != 1 || !recs[0].rec.ApproximateArrivalTimestamp.Equal(t0.Add(100*time.Millisecond)) {
		t.Fatalf("result %+v, records %+v: want one record arriving at t0+100ms", r, recs)
	}
}

// Records of the same shard put before the deadline go in one aggregate, and records bigger than
// AggregationMaxSize go out on their own. Source: KPL default_config.properties (AggregationMaxSize = 51200,
// "records larger than this … will not be aggregated"); aggregation-format.md.
func TestRecordsAboveAggregationMaxSizeGoOutOnTheirOwn(t *testing.T) {
	v := newEnv(t, 1, false)
	p := v.producer()
	ps := v.put(p,
		kpl.UserRecord{PartitionKey: "a", Data: payload(0, 10)},
		kpl.UserRecord{PartitionKey: "b", Data: payload(1, kpl.DefaultAggregationMaxSize+1)},
		kpl.UserRecord{PartitionKey: "c", Data: payload(2, 10)},
		kpl.UserRecord{PartitionKey: "d", Data: payload(3, 10)},
	)
	rs := v.settle(ps)
	// The big record ends the aggregate before it (records of a shard go out in the order they were put).
	if rs[0].Aggregated || rs[1].Aggregated || !rs[2].Aggregated || !rs[3].Aggregated || rs[2].SequenceNumber != rs[3].SequenceNumber {
		t.Fatalf("results %+v: want 0 and 1 alone, 2 and 3 in one aggregate", rs)
	}
	if rs[2].SubSequenceNumber != 0 || rs[3].SubSequenceNumber != 1 {
		t.Fatalf("sub-sequence numbers %d, %d; want 0, 1", rs[2].SubSequenceNumber, rs[3].SubSequenceNumber)
	}
}

// With the stream's throttling on and the KPL's default RateLimit of 150 %, which lets a producer exceed the
// shard, throttled entries are retried until they are put: no record is lost, none is stored twice, and the
// records of each partition key are stored in the order they were put. Sources: DevGuide
// kinesis-producer-adv-retries-rate-limiting ("Records that fail are automatically added back to the KPL buffer";
// the 50 % default threshold); Kinesis API Reference, PutRecords (ProvisionedThroughputExceededException per
// entry); the KPL's lack of order under retries, awslabs/amazon-kinesis-producer#23, which this producer fixes
// (package documentation, Ordering).
func TestThrottledRecordsAreRetriedWithoutLossOrReorderingPerKey(t *testing.T) {
	v := newEnv(t, 2, true)
	p := v.producer(kpl.WithRateLimit(150), kpl.WithAggregation(200<<10, 0))
	const n = 600 // 600 × 10 KiB = 6 MiB on 2 shards: 3 s of capacity
	recs := make([]kpl.UserRecord, n)
	for i := range recs {
		recs[i] = kpl.UserRecord{PartitionKey: "key-" + strconv.Itoa(i%16), Data: payload(i, 10<<10)}
	}
	for i, r := range v.settle(v.put(p, recs...)) {
		if r.Err != nil {
			t.Fatalf("record %d: %v", i, r.Err)
		}
	}
	m := p.Metrics()
	if m.Throttled == 0 || m.Retries == 0 {
		t.Fatalf("metrics %+v: want throttled entries and retries", m)
	}
	users, dropped := userRecords(t, v.readAll())
	if dropped != 0 || len(users) != n {
		t.Fatalf("read %d user records (%d aggregates dropped), want %d", len(users), dropped, n)
	}
	seen := make([]bool, n)
	last := map[string]int{}
	for _, u := range users {
		i := index(t, u.Data)
		if seen[i] {
			t.Fatalf("record %d stored twice", i)
		}
		seen[i] = true
		if prev, ok := last[u.PartitionKey]; ok && prev > i {
			t.Fatalf("key %s: record %d stored after %d", u.PartitionKey, i, prev)
		}
		last[u.PartitionKey] = i
	}
}

// At the default RateLimit of 100 % the producer keeps each shard within its write limits (1 MiB/s, 1,000
// records/s), so a producer alone on a throttled stream is never throttled, however much it is given. Sources:
// Kinesis API Reference, PutRecords ("Each shard can support writes up to 1,000 records per second, up to a
// maximum data write total of 1 MiB per second"); DevGuide kinesis-producer-adv-retries-rate-limiting.
func TestRateLimitKeepsEachShardWithinItsWriteLimits(t *testing.T) {
	v := newEnv(t, 2, true)
	p := v.producer(kpl.WithoutAggregation())
	const n = 5000 // 5,000 unaggregated records on 2 shards: 2.5 s at 1,000 records/s per shard
	recs := make([]kpl.UserRecord, n)
	for i := range recs {
		recs[i] = kpl.UserRecord{PartitionKey: "key-" + strconv.Itoa(i), Data: payload(i, 20)}
	}
	rs := v.settle(v.put(p, recs...))
	for i, r := range rs {
		if r.Err != nil || r.Attempts != 1 {
			t.Fatalf("record %d: %+v, want put at the first attempt", i, r)
		}
	}
	if m := p.Metrics(); m.Throttled != 0 {
		t.Fatalf("%d entries throttled, want 0", m.Throttled)
	}
	// The first second is the buckets' burst; after it, each second takes at most 1,000 records per shard.
	perSecond := map[string]map[int64]int{}
	for _, s := range v.readAll() {
		sec := int64(s.rec.ApproximateArrivalTimestamp.Sub(t0) / time.Second)
		if perSecond[s.rec.ShardId] == nil {
			perSecond[s.rec.ShardId] = map[int64]int{}
		}
		perSecond[s.rec.ShardId][sec]++
	}
	for sh, secs := range perSecond {
		for sec, k := range secs {
			if sec > 0 && k > stream.WriteRecordsPerShard {
				t.Errorf("%s second %d: %d records, above %d", sh, sec, k, stream.WriteRecordsPerShard)
			}
		}
	}
	if now := v.clk.Now(); now.Sub(t0) < 1500*time.Millisecond {
		t.Fatalf("all put by %v: faster than the shards allow", now.Sub(t0))
	}
}

// After a split the producer's first put of the parent's range lands on a child: the result's ShardId differs
// from the predicted shard, the producer lists the shards again, and the next records are predicted with the new
// map. Source: shared/docs/data-streams.md §2.2 (the KPL's shard map, "a stale map after resharding"); KPL
// CHANGELOG 0.14.0 (ListShards for the shard map).
func TestPutOnAnotherShardRefreshesTheShardMap(t *testing.T) {
	v := newEnv(t, 1, false)
	p := v.producer()
	v.settle(v.put(p, kpl.UserRecord{PartitionKey: "a", Data: []byte("1")}))
	ls, _ := v.e.ListShards(context.Background(), stream.ListShardsInput{StreamRef: v.ref})
	if err := v.e.SplitShard(context.Background(), stream.SplitShardInput{StreamRef: v.ref, ShardToSplit: ls.Shards[0].ShardId,
		NewStartingHashKey: ls.Shards[0].HashKeyRange.Midpoint().String()}); err != nil {
		t.Fatal(err)
	}
	r := v.settle(v.put(p, kpl.UserRecord{PartitionKey: "a", Data: []byte("2")}))[0]
	// The result is out before the producer has listed the shards again: wait for the refresh (bounded).
	for deadline := time.Now().Add(10 * time.Second); p.Metrics().ShardMapRefreshes < 2 && time.Now().Before(deadline); {
		runtime.Gosched()
	}
	m := p.Metrics()
	if r.Err != nil || r.ShardId == ls.Shards[0].ShardId || m.WrongShard != 1 || m.ShardMapRefreshes != 2 {
		t.Fatalf("result %+v, metrics %+v: want the put on a child, one wrong shard, two maps", r, m)
	}
	r = v.settle(v.put(p, kpl.UserRecord{PartitionKey: "a", Data: []byte("3")}))[0]
	if m := p.Metrics(); r.Err != nil || m.WrongShard != 1 {
		t.Fatalf("after the refresh: result %+v, metrics %+v", r, m)
	}
}

// Close sends what is buffered without waiting for the deadline, waits for every result, ends the producer's
// goroutine and is idempotent; a Put after it is refused. Sources: the KPL's flushSync and destroy; house
// lifecycle rules (architecture.md, "Close is idempotent, drains, waits for its goroutines").
func TestCloseDrainsTheBufferAndStopsTheProducer(t *testing.T) {
	v := newEnv(t, 2, true)
	p, err := kpl.New(v.e, v.ref, kpl.WithClock(v.clk), kpl.WithRecordMaxBufferedTime(time.Hour), kpl.WithResults(0))
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan int)
	go func() {
		k := 0
		for range p.Results() { // closed by Close
			k++
		}
		got <- k
	}()
	const n = 3000
	recs := make([]kpl.UserRecord, n)
	for i := range recs {
		recs[i] = kpl.UserRecord{PartitionKey: strconv.Itoa(i), Data: payload(i, 1000)} // 3 MB: throttled, 2 s
	}
	ps := v.put(p, recs...)
	closed := make(chan struct{})
	go func() { _ = p.Close(); close(closed) }()
	v.until(closed)
	for i, f := range ps {
		if r, ok := f.Result(); !ok || r.Err != nil {
			t.Fatalf("record %d after Close: %+v, %v", i, r, ok)
		}
	}
	if k := <-got; k != n {
		t.Fatalf("%d results on the channel, want %d", k, n)
	}
	if users, _ := userRecords(t, v.readAll()); len(users) != n {
		t.Fatalf("read %d user records, want %d", len(users), n)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := p.Put(context.Background(), recs[0]); !errors.Is(err, kpl.ErrClosed) {
		t.Fatalf("Put after Close: %v, want ErrClosed", err)
	}
	if err := p.Flush(context.Background()); !errors.Is(err, kpl.ErrClosed) {
		t.Fatalf("Flush after Close: %v, want ErrClosed", err)
	}
	if g := producerGoroutines(); g != "" {
		t.Fatalf("producer goroutine still running after Close:\n%s", g)
	}
}

// Flush sends every buffered record at once and returns when all have their results. Source: the KPL's flushSync.
func TestFlushSendsAtOnceAndWaitsForTheResults(t *testing.T) {
	v := newEnv(t, 2, false)
	p := v.producer(kpl.WithRecordMaxBufferedTime(time.Hour))
	ps := v.put(p, kpl.UserRecord{PartitionKey: "a", Data: []byte("1")}, kpl.UserRecord{PartitionKey: "b", Data: []byte("2")})
	if err := p.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, f := range ps {
		if r, ok := f.Result(); !ok || r.Err != nil {
			t.Fatalf("after Flush: %+v, %v", r, ok)
		}
	}
	if !v.clk.Now().Equal(t0) {
		t.Fatalf("Flush waited until %v", v.clk.Now())
	}
}

// A nil context is refused with ErrNilContext and changes nothing. Source: house rules (COMMON.md, "Nothing
// panics on any input, including a nil context").
func TestNilContextIsRefused(t *testing.T) {
	v := newEnv(t, 1, false)
	p := v.producer()
	//lint:ignore SA1012 the nil context is the point
	if _, err := p.Put(nil, kpl.UserRecord{PartitionKey: "a"}); !errors.Is(err, kpl.ErrNilContext) { //nolint:staticcheck
		t.Fatalf("Put(nil): %v", err)
	}
	if err := p.Flush(nil); !errors.Is(err, kpl.ErrNilContext) { //nolint:staticcheck
		t.Fatalf("Flush(nil): %v", err)
	}
	f := v.put(p, kpl.UserRecord{PartitionKey: "a"})[0]
	if _, err := f.Wait(nil); !errors.Is(err, kpl.ErrNilContext) { //nolint:staticcheck
		t.Fatalf("Wait(nil): %v", err)
	}
	if m := p.Metrics(); m.Buffered != 1 {
		t.Fatalf("buffered %d, want only the valid record", m.Buffered)
	}
}

// Put refuses what the KPL's addUserRecord refuses, and buffers nothing: a partition key of 0 or more than 256
// characters, an explicit hash key outside 0 … 2^128−1, data and key above 1 MiB. Sources: KPL
// KinesisProducer.addUserRecord (IllegalArgumentException); Kinesis API Reference, PutRecordsRequestEntry.
func TestInvalidUserRecordsAreRefused(t *testing.T) {
	v := newEnv(t, 1, false)
	p := v.producer()
	for _, r := range []kpl.UserRecord{
		{PartitionKey: ""},
		{PartitionKey: strings.Repeat("k", 257)},
		{PartitionKey: "a", ExplicitHashKey: "340282366920938463463374607431768211456"},
		{PartitionKey: "a", ExplicitHashKey: "-1"},
		{PartitionKey: "a", Data: make([]byte, kpl.MaxUserRecordSize)},
	} {
		if _, err := p.Put(context.Background(), r); !errors.Is(err, kpl.ErrInvalidRecord) {
			t.Errorf("Put(key %d chars, ehk %q, %d bytes): %v, want ErrInvalidRecord", len(r.PartitionKey), r.ExplicitHashKey, len(r.Data), err)
		}
	}
	if m := p.Metrics(); m.Buffered != 0 {
		t.Fatalf("buffered %d", m.Buffered)
	}
}

// A record that cannot be put within its RecordTtl fails with ErrExpired, wrapping the last error — here the
// ResourceNotFoundException of a stream that does not exist. Source: KPL default_config.properties (RecordTtl:
// "Records that do not get successfully put within the limit are failed").
func TestRecordFailsOnceItsTTLHasPassed(t *testing.T) {
	v := newEnv(t, 1, false)
	p, err := kpl.New(v.e, stream.StreamRef{StreamName: "missing"}, kpl.WithClock(v.clk), kpl.WithRecordTTL(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	r := v.settle(v.put(p, kpl.UserRecord{PartitionKey: "a"}))[0]
	if !errors.Is(r.Err, kpl.ErrExpired) || !errors.Is(r.Err, apierr.ResourceNotFound) {
		t.Fatalf("result %+v, want ErrExpired wrapping ResourceNotFoundException", r)
	}
	if d := v.clk.Now().Sub(t0); d < 2*time.Second || d > 4*time.Second {
		t.Fatalf("failed after %v, want about the TTL of 2s", d)
	}
	if m := p.Metrics(); m.Failed != 1 {
		t.Fatalf("metrics %+v", m)
	}
}

// A PutRecords call carries at most CollectionMaxCount entries. Source: KPL default_config.properties
// (CollectionMaxCount, "Maximum number of items to pack into an PutRecords request").
func TestPutRecordsCallsHoldAtMostCollectionMaxCountEntries(t *testing.T) {
	v := newEnv(t, 8, false)
	var sizes []int
	v.e.Control(stream.OpPutRecords, func(c control.Call) (control.Response, bool) {
		sizes = append(sizes, len(c.Input.(stream.PutRecordsInput).Records)) // calls are made one at a time
		return control.Response{}, false
	}, control.Keep())
	p := v.producer(kpl.WithCollection(3, 0))
	var recs []kpl.UserRecord
	for i := range 64 {
		recs = append(recs, kpl.UserRecord{PartitionKey: strconv.Itoa(i), Data: []byte("x")})
	}
	v.settle(v.put(p, recs...))
	total := 0
	for _, k := range sizes {
		if k > 3 {
			t.Fatalf("a call of %d entries", k)
		}
		total += k
	}
	if total != 8 || len(sizes) != 3 {
		t.Fatalf("calls of %v entries: want 8 aggregates (one per shard) in 3 calls", sizes)
	}
}

// A producer whose stream engine was closed fails its records at their first attempt with the engine's error
// instead of retrying them until their TTL, and its Close returns. Source: house lifecycle rules (calls after an engine's Close return
// its ErrClosed).
func TestRecordsFailAtOnceWhenTheEngineIsClosed(t *testing.T) {
	v := newEnv(t, 1, false)
	p := v.producer()
	_ = v.e.Close()
	r := v.settle(v.put(p, kpl.UserRecord{PartitionKey: "a"}))[0]
	if !errors.Is(r.Err, stream.ErrClosed) || r.Attempts > 1 || v.clk.Now().After(t0.Add(kpl.DefaultRecordMaxBufferedTime)) {
		t.Fatalf("result %+v at %v, want stream.ErrClosed at the first attempt", r, v.clk.Now())
	}
}

var _ kpl.Client = (*stream.Engine)(nil) // the engine is a producer's client as it is

// A failed put is retried after half of RecordMaxBufferedTime, as the KPL retries (its new deadline is "half the
// current RecordMaxBufferedTime"), and each further consecutive failure of the shard doubles the wait up to the
// maximum backoff (1 s), where the KPL, having no backoff, relies on its rate limiter. Source: DevGuide
// kinesis-producer-adv-retries-rate-limiting.
func TestFailedPutsAreRetriedWithABackoffFromHalfTheBufferedTime(t *testing.T) {
	v := newEnv(t, 1, false)
	var at []time.Time
	remove := v.e.Control(stream.OpPutRecords, func(control.Call) (control.Response, bool) {
		at = append(at, v.eclk.Now()) // calls are made one at a time
		if len(at) < 8 {
			return control.Response{Err: apierr.InternalFailure.With("try again")}, true
		}
		return control.Response{}, false
	}, control.Keep())
	defer remove()
	p := v.producer()
	r := v.settle(v.put(p, kpl.UserRecord{PartitionKey: "a", Data: []byte("x")}))[0]
	if r.Err != nil || r.Attempts != 8 {
		t.Fatalf("result %+v, want put at the 8th attempt", r)
	}
	want := []time.Duration{100, 150, 250, 450, 850, 1650, 2650, 3650} // ms after the put
	for i, w := range want {
		if got := at[i].Sub(t0); got != w*time.Millisecond {
			t.Fatalf("attempt %d at +%v, want +%v (all: %v)", i+1, got, w*time.Millisecond, at)
		}
	}
	if m := p.Metrics(); m.Retries != 7 {
		t.Fatalf("retries %d, want 7", m.Retries)
	}
}

// An aggregate that landed on an unexpected shard waits for the next shard map to be settled; when no map comes
// (the stream is gone: ResourceNotFoundException, not retryable), its user records fail with that error instead of
// waiting forever, and Close returns. Source: Kinesis API Reference, ListShards (ResourceNotFoundException).
func TestAggregateOnAnUnexpectedShardFailsWhenNoShardMapComes(t *testing.T) {
	v := newEnv(t, 1, false)
	p := v.producer(kpl.WithRecordTTL(time.Second))
	v.settle(v.put(p, kpl.UserRecord{PartitionKey: "a", Data: []byte("0")}))
	ctx := context.Background()
	ls, _ := v.e.ListShards(ctx, stream.ListShardsInput{StreamRef: v.ref})
	sh := ls.Shards[0]
	if err := v.e.SplitShard(ctx, stream.SplitShardInput{StreamRef: v.ref, ShardToSplit: sh.ShardId, NewStartingHashKey: sh.HashKeyRange.Midpoint().String()}); err != nil {
		t.Fatal(err)
	}
	// Fail every ListShards from now on, as if the stream had been deleted.
	v.e.Control(stream.OpListShards, func(control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.ResourceNotFound.With("gone")}, true
	}, control.Keep())
	var recs []kpl.UserRecord
	for i := range 200 {
		recs = append(recs, kpl.UserRecord{PartitionKey: strconv.Itoa(i), Data: []byte("x")})
	}
	failed := 0
	for _, r := range v.settle(v.put(p, recs...)) {
		if r.Err != nil {
			failed++
			if !errors.Is(r.Err, apierr.ResourceNotFound) {
				t.Fatalf("result %+v, want ResourceNotFoundException", r)
			}
		}
	}
	if m := p.Metrics(); failed == 0 || m.WrongShard == 0 || m.InFlight != 0 || m.Buffered != 0 {
		t.Fatalf("%d failed, metrics %+v: want the aggregate's records failed", failed, m)
	}
}
