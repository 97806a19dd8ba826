package kinesimtest_test

import (
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/kinesimtest"
	"github.com/kinesim/kinesim/stream"
)

// The README's first example: a test of code that writes to and reads from Kinesis, in a few lines.
func TestOrdersAreReadBack(t *testing.T) {
	k := kinesimtest.New(t)
	ref := k.CreateStream("orders", 4)
	for i := range 100 {
		k.Put(ref, "customer-"+strconv.Itoa(i%10), []byte(`{"order":`+strconv.Itoa(i)+`}`))
	}
	recs := k.ReadAll(ref)
	if len(recs) != 100 {
		t.Fatalf("read %d records, want 100", len(recs))
	}
	last := map[string]int{} // per key, the orders arrive in put order
	for _, r := range recs {
		var n int
		fmt.Sscanf(string(r.Data), `{"order":%d}`, &n)
		if prev, ok := last[r.PartitionKey]; ok && n <= prev {
			t.Fatalf("key %s: order %d read after %d", r.PartitionKey, n, prev)
		}
		last[r.PartitionKey] = n
	}
}

// ReadAll crosses reshards as KCL does: a parent's records before its children's, both parents of a merge before
// the child, and per partition key the order of the puts.
func TestReadAllReadsParentsBeforeChildren(t *testing.T) {
	k := kinesimtest.New(t)
	ref := k.CreateStream("s", 2)
	e := k.Streams()
	ctx := t.Context()
	seq := 0
	put := func(n int) {
		for range n {
			k.Put(ref, "key-"+strconv.Itoa(seq%7), []byte(strconv.Itoa(seq)))
			seq++
		}
	}
	put(50)
	if err := e.ForceSplitShard(ctx, stream.SplitShardInput{StreamRef: ref, ShardToSplit: "shardId-000000000000",
		NewStartingHashKey: "85070591730234615865843651857942052864"}); err != nil { // 2^126: shards 2 and 3
		t.Fatal(err)
	}
	put(50)
	if err := e.ForceMergeShards(ctx, stream.MergeShardsInput{StreamRef: ref, ShardToMerge: "shardId-000000000003",
		AdjacentShardToMerge: "shardId-000000000001"}); err != nil { // shard 4
		t.Fatal(err)
	}
	put(50)
	recs := k.ReadAll(ref)
	if len(recs) != seq {
		t.Fatalf("read %d records, want %d", len(recs), seq)
	}
	firstOf, lastOf := map[string]int{}, map[string]int{}
	lastByKey := map[string]int{}
	for i, r := range recs {
		if _, ok := firstOf[r.ShardId]; !ok {
			firstOf[r.ShardId] = i
		}
		lastOf[r.ShardId] = i
		n, _ := strconv.Atoi(string(r.Data))
		if prev, ok := lastByKey[r.PartitionKey]; ok && n <= prev {
			t.Fatalf("key %s: record %d read after %d", r.PartitionKey, n, prev)
		}
		lastByKey[r.PartitionKey] = n
	}
	for _, edge := range [][2]string{{"0", "2"}, {"0", "3"}, {"3", "4"}, {"1", "4"}} {
		parent, child := "shardId-00000000000"+edge[0], "shardId-00000000000"+edge[1]
		if lastOf[parent] > firstOf[child] {
			t.Errorf("a record of %s was read after one of its child %s", parent, child)
		}
	}
	if got := len(k.Shards(ref)); got != 5 {
		t.Errorf("Shards: %d, want 5", got)
	}
}

// The defaults: no throttling (a burst far above 1,000 records/s on one shard is taken), no status delays, a
// fixed seed (two accounts made alike issue the same sequence numbers).
func TestDefaultsAreDeterministicOnTheRealClock(t *testing.T) {
	seqs := func() []string {
		k := kinesimtest.New(t)
		ref := k.CreateStream("burst", 1)
		var out []string
		for i := range 3000 {
			out = append(out, k.Put(ref, strconv.Itoa(i), []byte("x")).SequenceNumber.String())
		}
		sum, err := k.Streams().DescribeStreamSummary(t.Context(), ref)
		if err != nil || sum.Throttling || sum.StreamStatus != stream.StreamStatusActive {
			t.Fatalf("summary %+v, %v: want ACTIVE with throttling off", sum, err)
		}
		return out
	}
	if a, b := seqs(), seqs(); !slices.Equal(a, b) {
		t.Error("two default accounts issued different sequence numbers")
	}
}

// Options override the defaults: throttling asked for is throttling given.
func TestOptionsOverrideTheDefaults(t *testing.T) {
	k := kinesimtest.New(t, kinesim.WithStreamOptions(stream.WithThrottling(true)))
	ref := k.CreateStream("s", 1)
	var throttled error
	for i := range 1500 {
		if _, err := k.Streams().PutRecord(t.Context(), stream.PutRecordInput{StreamRef: ref, PartitionKey: strconv.Itoa(i)}); err != nil {
			throttled = err
			break
		}
	}
	if !errors.Is(throttled, apierr.ProvisionedThroughputExceeded) {
		t.Fatalf("1,500 puts in one instant with throttling on: %v, want ProvisionedThroughputExceeded", throttled)
	}
}

// CreateStream waits until ACTIVE: on a manual clock by advancing it through the create delay, on the real clock
// by blocking until the status changes.
func TestCreateStreamWaitsUntilActive(t *testing.T) {
	t.Run("manual clock", func(t *testing.T) {
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		clk := clock.NewManual(t0)
		k := kinesimtest.New(t, kinesim.WithClock(clk), kinesim.WithStreamOptions(stream.WithStatusDelays(30*time.Second, 0, 0)))
		k.CreateStream("s", 1)
		if got := clk.Now().Sub(t0); got != 30*time.Second {
			t.Errorf("the clock moved %v, want the create delay of 30s", got)
		}
	})
	t.Run("real clock", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			k := kinesimtest.New(t, kinesim.WithStreamOptions(stream.WithStatusDelays(10*time.Second, 0, 0)))
			k.CreateStream("s", 1)
			if got := time.Since(start); got != 10*time.Second {
				t.Errorf("ACTIVE after %v, want the create delay of 10s", got)
			}
		})
	})
}

// Shards and StreamNames follow the NextTokens over every page: ListShards returns at most 1,000 shards and
// ListStreams 100 streams per call.
func TestHelpersReadEveryPage(t *testing.T) {
	k := kinesimtest.New(t)
	ref := k.CreateStream("wide", 2500)
	shards := k.Shards(ref)
	if len(shards) != 2500 || shards[2499].ShardId != "shardId-000000002499" {
		t.Fatalf("Shards: %d, want 2500 in order", len(shards))
	}
	var want []string
	for i := range 250 {
		name := fmt.Sprintf("s-%03d", i)
		k.CreateStream(name, 1)
		want = append(want, name)
	}
	want = append(want, "wide")
	if got := k.StreamNames(); !slices.Equal(got, want) {
		t.Fatalf("StreamNames: %d names, want %d", len(got), len(want))
	}
}

// fakeT records what the kit reports, and runs its cleanups when asked.
type fakeT struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (f *fakeT) Helper()                  {}
func (f *fakeT) Context() context.Context { return context.Background() }
func (f *fakeT) Cleanup(fn func())        { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) Errorf(s string, a ...any) {
	f.mu.Lock()
	f.errors = append(f.errors, fmt.Sprintf(s, a...))
	f.mu.Unlock()
}
func (f *fakeT) Fatalf(s string, a ...any) { f.Errorf(s, a...); panic("fatal") }
func (f *fakeT) end() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

// The kit fails the test when a goroutine of the account outlives Close. The account's own goroutines never do
// (Close waits for them), so the test plants one carrying the account's label.
func TestGoroutineLeftAfterCloseFailsTheTest(t *testing.T) {
	ft := &fakeT{TB: t}
	k := kinesimtest.New(ft)
	stop := make(chan struct{})
	defer close(stop)
	pprof.Do(context.Background(), pprof.Labels("kinesim", k.Label()+"/planted"), func(context.Context) {
		go func() { <-stop }()
	})
	ft.end()
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "still running after Close") {
		t.Fatalf("reported %q, want one goroutine-leak error", ft.errors)
	}

	clean := &fakeT{TB: t}
	k2 := kinesimtest.New(clean)
	ref := k2.CreateStream("s", 1)
	sub, err := k2.Streams().Subscribe(context.Background(), stream.ReadInput{StreamRef: ref, ShardId: "shardId-000000000000",
		StartingPosition: stream.StartingPosition{Type: stream.Latest}})
	if err != nil {
		t.Fatal(err)
	}
	clean.end() // the subscription's goroutine ends with Close
	<-sub.Done()
	if len(clean.errors) != 0 {
		t.Fatalf("a clean account reported %q", clean.errors)
	}
}

// The account's Firehose shares its clock, seed, identity and controls, and Close delivers what it buffered
// before the account's goroutines are checked.
func TestAccountFirehoseSharesTheAccount(t *testing.T) {
	clk := clock.NewManual(time.Date(2026, 7, 13, 14, 0, 0, 0, time.UTC))
	a := kinesimtest.New(t, kinesim.WithClock(clk), kinesim.WithAccount("123456789012", "eu-west-1"))
	fh := a.Firehose()
	ctx := context.Background()
	out, err := fh.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "d",
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{BucketARN: "arn:aws:s3:::b", RoleARN: "arn:aws:iam::123456789012:role/r"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.DeliveryStreamARN != "arn:aws:firehose:eu-west-1:123456789012:deliverystream/d" || fh.Clock() != clock.Clock(clk) {
		t.Fatalf("ARN %s", out.DeliveryStreamARN)
	}
	calls := 0
	a.Controls().Add("firehose:PutRecord", func(control.Call) (control.Response, bool) { calls++; return control.Response{}, false }, control.Keep())
	if _, err := fh.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "d", Record: firehose.Record{Data: []byte("x")}}); err != nil || calls != 1 {
		t.Fatalf("PutRecord: %v, control saw %d calls", err, calls)
	}
	store := fh.Store()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if keys := store.Keys("b", ""); len(keys) != 1 || !strings.HasPrefix(keys[0], "2026/07/13/14/d-1-2026-07-13-14-00-00-") {
		t.Fatalf("keys %v", keys)
	}
}
