package stream_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// t0 is the default start of the manual clocks in these tests.
var t0 = time.Date(2024, time.March, 5, 10, 20, 30, 0, time.UTC)

// minuteT0 is a start on a whole minute, for the issue-3 tests (resharding, on-demand, controls, metrics), whose
// per-minute datapoints begin at it.
var minuteT0 = time.Date(2025, time.June, 2, 9, 0, 0, 0, time.UTC)

const (
	testSeed = 42
	account  = "000000000000"
	region   = "us-east-1"
	mib      = 1 << 20
	kib      = 1 << 10
)

// harness is an engine on a manual clock with helpers that fail the test on unexpected errors.
type harness struct {
	t   testing.TB
	e   *stream.Engine
	clk *clock.Manual
	ctx context.Context
}

// newHarness returns a seeded engine on a manual clock stopped at t0 (or at the start given with startAt). The
// engine is closed at the end of the test.
func newHarness(t testing.TB, opts ...stream.Option) *harness {
	t.Helper()
	all := append([]stream.Option{stream.WithClock(clock.NewManual(t0)), stream.WithSeed(testSeed)}, opts...)
	e := stream.New(all...)
	t.Cleanup(func() { closeWithin(t, e, 10*time.Second) })
	clk, ok := e.Clock().(*clock.Manual)
	if !ok {
		t.Fatalf("newHarness: engine clock is %T, want *clock.Manual", e.Clock())
	}
	return &harness{t: t, e: e, clk: clk, ctx: context.Background()}
}

// startAt is a newHarness option: the harness's manual clock starts at start instead of t0.
func startAt(start time.Time) stream.Option { return stream.WithClock(clock.NewManual(start)) }

// closeWithin closes e, failing the test (rather than hanging the whole run) if Close deadlocks.
func closeWithin(t testing.TB, e *stream.Engine, d time.Duration) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- e.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(d):
		t.Errorf("Engine.Close did not return within %v", d)
	}
}

func boolPtr(b bool) *bool { return &b }

// create makes an ACTIVE provisioned stream of n shards; mod may adjust the input.
func (h *harness) create(name string, n int, mod ...func(*stream.CreateStreamInput)) {
	h.t.Helper()
	in := stream.CreateStreamInput{StreamName: name, ShardCount: n}
	for _, m := range mod {
		m(&in)
	}
	if err := h.e.CreateStream(h.ctx, in); err != nil {
		h.t.Fatalf("CreateStream(%s, %d): %v", name, n, err)
	}
}

// throttling sets CreateStreamInput.Throttling.
func throttling(on bool) func(*stream.CreateStreamInput) {
	return func(in *stream.CreateStreamInput) { in.Throttling = boolPtr(on) }
}

func maxRecordKiB(n int) func(*stream.CreateStreamInput) {
	return func(in *stream.CreateStreamInput) { in.MaxRecordSizeInKiB = n }
}

func ref(name string) stream.StreamRef { return stream.StreamRef{StreamName: name} }

func (h *harness) put(name, key string, data []byte) stream.PutRecordOutput {
	h.t.Helper()
	out, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: key, Data: data})
	if err != nil {
		h.t.Fatalf("PutRecord(%s, %q): %v", name, key, err)
	}
	return out
}

// putTo writes a record routed to the shard that owns hash key ehk.
func (h *harness) putTo(name, ehk, key string, data []byte) stream.PutRecordOutput {
	h.t.Helper()
	out, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: key, Data: data, ExplicitHashKey: ehk})
	if err != nil {
		h.t.Fatalf("PutRecord(%s, ehk %s): %v", name, ehk, err)
	}
	return out
}

func (h *harness) iterator(name, shardID string, typ stream.ShardIteratorType, seq string, ts time.Time) string {
	h.t.Helper()
	out, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{
		StreamRef: ref(name), ShardId: shardID, ShardIteratorType: typ, StartingSequenceNumber: seq, Timestamp: ts,
	})
	if err != nil {
		h.t.Fatalf("GetShardIterator(%s, %s, %s, %q, %v): %v", name, shardID, typ, seq, ts, err)
	}
	if out.ShardIterator == "" {
		h.t.Fatalf("GetShardIterator(%s, %s, %s): empty iterator", name, shardID, typ)
	}
	return out.ShardIterator
}

// get makes one GetRecords call; limit 0 means the default.
func (h *harness) get(it string, limit int) stream.GetRecordsOutput {
	h.t.Helper()
	out, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: limit})
	if err != nil {
		h.t.Fatalf("GetRecords(limit %d): %v", limit, err)
	}
	return out
}

// retry runs f until it returns something other than ProvisionedThroughputExceeded, advancing the clock by a
// second after each throttled attempt, so that helpers work on throttled streams too.
func (h *harness) retry(f func() error) error {
	for range 100 {
		err := f()
		if !errors.Is(err, apierr.ProvisionedThroughputExceeded) {
			return err
		}
		h.clk.Advance(time.Second)
	}
	h.t.Fatalf("still throttled after 100 s")
	return nil
}

// trimHorizon returns a TRIM_HORIZON iterator of a shard, tolerating throttling.
func (h *harness) trimHorizon(name, shardID string) string {
	h.t.Helper()
	var it string
	if err := h.retry(func() error {
		out, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref(name), ShardId: shardID, ShardIteratorType: stream.TrimHorizon})
		it = out.ShardIterator
		return err
	}); err != nil {
		h.t.Fatalf("GetShardIterator(%s, %s): %v", name, shardID, err)
	}
	return it
}

// getRetried makes one GetRecords call of a shard's iterator it, tolerating throttling.
func (h *harness) getRetried(name, shardID, it string) stream.GetRecordsOutput {
	h.t.Helper()
	var out stream.GetRecordsOutput
	if err := h.retry(func() error {
		var err error
		out, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
		return err
	}); err != nil {
		h.t.Fatalf("GetRecords(%s, %s): %v", name, shardID, err)
	}
	return out
}

// readShard reads every readable record of a shard from TRIM_HORIZON, tolerating throttling.
func (h *harness) readShard(name, shardID string) []record.Record {
	h.t.Helper()
	it := h.trimHorizon(name, shardID)
	var all []record.Record
	for {
		out := h.getRetried(name, shardID, it)
		all = append(all, out.Records...)
		if len(out.Records) == 0 || out.NextShardIterator == "" {
			return all
		}
		it = out.NextShardIterator
	}
}

// shards lists every (unexpired) shard of a stream, following NextToken.
func (h *harness) shards(name string) []stream.Shard {
	h.t.Helper()
	return listShards(h.t, h.e, name)
}

func listShards(t testing.TB, e *stream.Engine, name string) []stream.Shard {
	t.Helper()
	var all []stream.Shard
	in := stream.ListShardsInput{StreamRef: ref(name)}
	for {
		out, err := e.ListShards(context.Background(), in)
		if err != nil {
			t.Fatalf("ListShards(%s): %v", name, err)
		}
		all = append(all, out.Shards...)
		if out.NextToken == "" {
			return all
		}
		in = stream.ListShardsInput{NextToken: out.NextToken}
	}
}

// open lists the open shards of a stream in hash-key order.
func (h *harness) open(name string) []stream.Shard {
	h.t.Helper()
	return openShards(h.shards(name))
}

func openShards(all []stream.Shard) []stream.Shard {
	var open []stream.Shard
	for _, s := range all {
		if s.SequenceNumberRange.EndingSequenceNumber.IsZero() {
			open = append(open, s)
		}
	}
	slices.SortFunc(open, func(a, b stream.Shard) int {
		return a.HashKeyRange.StartingHashKey.Compare(b.HashKeyRange.StartingHashKey)
	})
	return open
}

func idsOf(shards []stream.Shard) []string {
	ids := make([]string, len(shards))
	for i, s := range shards {
		ids[i] = s.ShardId
	}
	return ids
}

func (h *harness) split(name, shardID, key string) error {
	return h.e.SplitShard(h.ctx, stream.SplitShardInput{StreamRef: ref(name), ShardToSplit: shardID, NewStartingHashKey: key})
}

func (h *harness) merge(name, a, b string) error {
	return h.e.MergeShards(h.ctx, stream.MergeShardsInput{StreamRef: ref(name), ShardToMerge: a, AdjacentShardToMerge: b})
}

// drain reads a shard from TRIM_HORIZON: to its end (returning the ChildShards of the last call) if it is
// closed, or until a call returns nothing if it is open. Throttled calls are retried a (virtual) second later.
func (h *harness) drain(name, shardID string) ([]record.Record, []stream.ChildShard) {
	h.t.Helper()
	it := h.trimHorizon(name, shardID)
	var recs []record.Record
	for range 100000 {
		out := h.getRetried(name, shardID, it)
		recs = append(recs, out.Records...)
		if (out.NextShardIterator == "") != (len(out.ChildShards) > 0) {
			h.t.Fatalf("%s: NextShardIterator %q with %d ChildShards", shardID, out.NextShardIterator, len(out.ChildShards))
		}
		if out.NextShardIterator == "" {
			return recs, out.ChildShards
		}
		if len(out.Records) == 0 && out.MillisBehindLatest == 0 {
			if info, err := h.e.ShardInfo(h.ctx, ref(name), shardID); err == nil && info.Open {
				return recs, nil
			}
		}
		it = out.NextShardIterator
	}
	h.t.Fatalf("%s: no end after 100000 GetRecords calls", shardID)
	return nil, nil
}

// readAll returns every readable record of the stream, shard by shard.
func (h *harness) readAll(name string) []record.Record {
	h.t.Helper()
	var all []record.Record
	for _, s := range h.shards(name) {
		all = append(all, h.readShard(name, s.ShardId)...)
	}
	return all
}

func (h *harness) count(name string) int {
	h.t.Helper()
	return len(h.readAll(name))
}

// memory returns the record memory the stream's shards hold (ShardInfo.MemoryBytes, summed).
func (h *harness) memory(name string) int64 {
	h.t.Helper()
	var n int64
	for _, s := range h.shards(name) {
		info, err := h.e.ShardInfo(h.ctx, ref(name), s.ShardId)
		if err != nil {
			h.t.Fatalf("ShardInfo(%s, %s): %v", name, s.ShardId, err)
		}
		n += info.MemoryBytes
	}
	return n
}

func (h *harness) summary(name string) stream.StreamSummary {
	h.t.Helper()
	s, err := h.e.DescribeStreamSummary(h.ctx, ref(name))
	if err != nil {
		h.t.Fatalf("DescribeStreamSummary(%s): %v", name, err)
	}
	return s
}

// wantErr fails unless err is of kind sentinel; a non-empty msg must equal the error's Message exactly.
func wantErr(t testing.TB, err error, sentinel *apierr.Error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", sentinel.Code)
	}
	if !errors.Is(err, sentinel) {
		t.Fatalf("got error %v, want kind %s", err, sentinel.Code)
	}
	if msg == "" {
		return
	}
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an *apierr.Error", err)
	}
	if ae.Message != msg {
		t.Fatalf("%s message\n got: %s\nwant: %s", ae.Code, ae.Message, msg)
	}
}

// errMessage is the Message of an *apierr.Error, or else the error's text.
func errMessage(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}

// wantErrPrefixSuffix is wantErr for messages whose middle part is not fixed.
func wantErrPrefixSuffix(t testing.TB, err error, sentinel *apierr.Error, prefix, suffix string) {
	t.Helper()
	wantErr(t, err, sentinel, "")
	var ae *apierr.Error
	errors.As(err, &ae)
	if !strings.HasPrefix(ae.Message, prefix) || !strings.HasSuffix(ae.Message, suffix) {
		t.Fatalf("%s message\n got: %s\nwant: %s…%s", ae.Code, ae.Message, prefix, suffix)
	}
}

// validation1 is AWS's framing of a single validation error.
func validation1(value, path, constraint string) string {
	return "1 validation error detected: Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint
}

func streamNotFound(name string) string {
	return fmt.Sprintf("Stream %s under account %s not found.", name, account)
}

func shardNotFound(shardID, name string) string {
	return fmt.Sprintf("Shard %s in stream %s under account %s does not exist", shardID, name, account)
}

func rateExceeded(shardID, name string) string {
	return fmt.Sprintf("Rate exceeded for shard %s in stream %s under account %s.", shardID, name, account)
}

// sameShards fails unless two listings describe the same shards (ids, lineage, ranges, sequence ranges).
func sameShards(t testing.TB, before, after []stream.Shard) {
	t.Helper()
	if !slices.Equal(before, after) {
		t.Fatalf("shards changed:\nbefore %+v\n after %+v", before, after)
	}
}

// wantRanges fails unless the open shards (in hash-key order) have exactly the given ranges.
func wantRanges(t testing.TB, open []stream.Shard, want []record.HashKeyRange) {
	t.Helper()
	if len(open) != len(want) {
		t.Fatalf("%d open shards, want %d", len(open), len(want))
	}
	for i := range want {
		if open[i].HashKeyRange != want[i] {
			t.Fatalf("open shard %d (%s) has range [%s, %s], want [%s, %s]", i, open[i].ShardId,
				open[i].HashKeyRange.StartingHashKey, open[i].HashKeyRange.EndingHashKey, want[i].StartingHashKey, want[i].EndingHashKey)
		}
	}
}

// hashKeyOfShard returns the starting hash key of shard i of an n-shard stream, for ExplicitHashKey.
func hashKeyOfShard(i, n int) string { return record.SplitEvenly(n)[i].StartingHashKey.String() }

// payload returns n bytes that differ from one call to the next.
func payload(n int, tag byte) []byte { return bytes.Repeat([]byte{tag}, n) }

// sameRecords fails unless got and want hold the same data, keys and sequence numbers in the same order.
func sameRecords(t testing.TB, got, want []record.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if !bytes.Equal(g.Data, w.Data) || g.PartitionKey != w.PartitionKey || g.SequenceNumber != w.SequenceNumber || g.ShardId != w.ShardId ||
			!g.ApproximateArrivalTimestamp.Equal(w.ApproximateArrivalTimestamp) {
			t.Fatalf("record %d: got %+v, want %+v", i, g, w)
		}
	}
}

// forEachThrottling runs body against a fresh engine holding a 2-shard stream named "conf", once with the
// stream's throttling on and once with it off. Bodies use low rates, where AWS's limits are never reached, so the
// behaviour must be the same in both modes (practice 11: one suite over every configuration).
func forEachThrottling(t *testing.T, body func(t *testing.T, h *harness, name string)) {
	t.Helper()
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("throttling=%v", on), func(t *testing.T) {
			h := newHarness(t)
			h.create("conf", 2, throttling(on))
			if got := h.summary("conf").Throttling; got != on {
				t.Fatalf("summary Throttling = %v, want %v", got, on)
			}
			body(t, h, "conf")
		})
	}
}

// heapAfterGC returns the heap in use after two collections (the second frees what the first's cleanups released).
func heapAfterGC() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
