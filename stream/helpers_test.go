package stream_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
	"github.com/kinesim/kinesim/stream/streamtest"
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

// harness is an engine on a manual clock with helpers that fail the test on unexpected errors: those of
// streamtest.Client (Put, PutTo, Iterator, Get, Retry, TrimHorizon, Next, ReadShard, Shards, ReadAll, Count,
// Summary), and the stream tests' own.
type harness struct {
	streamtest.Client
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
	return harnessOf(t, e, clk)
}

// harnessOf returns the harness of an engine e reading the manual clock clk.
func harnessOf(t testing.TB, e *stream.Engine, clk *clock.Manual) *harness {
	return &harness{Client: streamtest.Client{T: t, Target: e, Clock: clk}, t: t, e: e, clk: clk, ctx: context.Background()}
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

// listShards lists every (unexpired) shard of a stream of e, following NextToken.
func listShards(t testing.TB, e *stream.Engine, name string) []stream.Shard {
	t.Helper()
	return (&streamtest.Client{T: t, Target: e}).Shards(name)
}

// open lists the open shards of a stream in hash-key order.
func (h *harness) open(name string) []stream.Shard {
	h.t.Helper()
	return openShards(h.Shards(name))
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
	it := h.TrimHorizon(name, shardID)
	var recs []record.Record
	for range 100000 {
		out := h.Next(it)
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

// memory returns the record memory the stream's shards hold (ShardInfo.MemoryBytes, summed).
func (h *harness) memory(name string) int64 {
	h.t.Helper()
	var n int64
	for _, s := range h.Shards(name) {
		info, err := h.e.ShardInfo(h.ctx, ref(name), s.ShardId)
		if err != nil {
			h.t.Fatalf("ShardInfo(%s, %s): %v", name, s.ShardId, err)
		}
		n += info.MemoryBytes
	}
	return n
}

// wantErr fails unless err is of kind sentinel; a non-empty msg must equal the error's Message exactly.
var wantErr = streamtest.WantError

// wantErrPrefixSuffix is wantErr for messages whose middle part is not fixed.
var wantErrPrefixSuffix = streamtest.WantErrorAround

// errMessage is the Message of an *apierr.Error, or else the error's text.
func errMessage(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}

// The messages of AWS's answers, in short (account's, the default account).
var (
	validation1    = streamtest.ValidationMessage
	streamNotFound = streamtest.StreamNotFoundMessage
	shardNotFound  = streamtest.ShardNotFoundMessage
)

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
var sameRecords = streamtest.SameRecords

// forEachThrottling runs body against a fresh engine holding a 2-shard stream named "conf", once with the
// stream's throttling on and once with it off. Bodies use low rates, where AWS's limits are never reached, so the
// behaviour must be the same in both modes (practice 11: one suite over every configuration).
func forEachThrottling(t *testing.T, body func(t *testing.T, h *harness, name string)) {
	t.Helper()
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("throttling=%v", on), func(t *testing.T) {
			h := newHarness(t)
			h.create("conf", 2, throttling(on))
			if got := h.Summary("conf").Throttling; got != on {
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
