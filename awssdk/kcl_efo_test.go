package awssdk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

// The adapter serves the KCL's enhanced fan-out, as the engine does.
var _ kcl.FanOut = (*awssdk.StreamClient)(nil)

// opCounter is an SDK HTTP client serving the account in process that counts the operations called.
type opCounter struct {
	next awssdk.Doer
	mu   sync.Mutex
	ops  map[string]int
}

func (o *opCounter) Do(req *http.Request) (*http.Response, error) {
	op := req.Header.Get("X-Amz-Target")
	op = op[strings.LastIndexByte(op, '.')+1:]
	o.mu.Lock()
	o.ops[op]++
	o.mu.Unlock()
	return o.next.Do(req)
}

func (o *opCounter) count(op string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ops[op]
}

// putKeyed puts the records key#from … key#(from+n−1) into the stream through the SDK, adding their data to want.
func putKeyed(t *testing.T, c *kinesis.Client, name string, want map[string]bool, key string, from, n int) {
	t.Helper()
	var entries []types.PutRecordsRequestEntry
	for i := from; i < from+n; i++ {
		d := fmt.Sprintf("%s#%03d", key, i)
		want[d] = true
		entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(key), Data: []byte(d)})
	}
	out, err := c.PutRecords(context.Background(), &kinesis.PutRecordsInput{StreamName: aws.String(name), Records: entries})
	if err != nil || aws.ToInt32(out.FailedRecordCount) != 0 {
		t.Fatalf("PutRecords: %v", err)
	}
}

// splitFirst splits the stream's first shard at the middle of its hash-key range, through the SDK.
func splitFirst(t *testing.T, c *kinesis.Client, name string) {
	t.Helper()
	ctx := context.Background()
	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	s0 := shards.Shards[0]
	if _, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String(name), ShardToSplit: s0.ShardId,
		NewStartingHashKey: aws.String(splitPoint(t, s0))}); err != nil {
		t.Fatal(err)
	}
}

// advance advances clk by d in steps of step, letting the bubble settle before and after each.
func advance(clk *clock.Manual, d, step time.Duration) {
	synctest.Wait()
	for e := time.Duration(0); e < d; e += step {
		clk.Advance(step)
		synctest.Wait()
	}
}

// A KCL worker with WithFanOut reads a stream through the AWS SDK for Go v2 (awssdk.StreamClient, the consumer
// registered with the SDK's RegisterStreamConsumer): every record, by SubscribeToShard's event stream and never by
// GetRecords, across a split (the parent's last event carries its ChildShards, the children start after the
// parent's SHARD_END), records put while the worker runs pushed to it, subscriptions renewed after their 5
// minutes. Sources: Kinesis API Reference, SubscribeToShard (5-minute subscriptions, ContinuationSequenceNumber,
// ChildShards); KCL DevGuide, enhanced fan-out consumers.
func TestKCLWorkerReadsThroughTheSDKWithEnhancedFanOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		clk := clock.NewManual(t0)
		acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false)))
		defer acct.Close()
		ops := &opCounter{next: awssdk.HTTPClient(acct), ops: map[string]int{}}
		c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) {
			o.Retryer = aws.NopRetryer{}
			o.HTTPClient = ops
		})
		mustCreate(t, c, "efo", 2)
		want := map[string]bool{}
		put := func(key string, from, n int) { putKeyed(t, c, "efo", want, key, from, n) }
		for k := range 4 {
			put(fmt.Sprintf("key-%d", k), 0, 20)
		}
		splitFirst(t, c, "efo")
		for k := range 4 {
			put(fmt.Sprintf("key-%d", k), 20, 20)
		}
		reg, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{
			StreamARN: aws.String(acct.Streams().StreamARN("efo")), ConsumerName: aws.String("app")})
		if err != nil {
			t.Fatal(err)
		}
		log := &kclLog{data: map[string]int{}, subs: map[string][]uint64{}}
		w, err := kcl.NewWorker(kcl.Config{Stream: stream.StreamRef{StreamName: "efo"}, WorkerID: "w",
			Client: awssdk.NewStreamClient(c), Leases: kcl.NewMemLeaseTable(), NewProcessor: func(string) kcl.RecordProcessor { return kclProcessor{log} }},
			kcl.WithClock(clk), kcl.WithFailoverTime(3*time.Second), kcl.WithIdleTimeBetweenReads(200*time.Millisecond),
			kcl.WithParentShardPollInterval(time.Second), kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.TrimHorizon}),
			kcl.WithFanOut(aws.ToString(reg.Consumer.ConsumerARN)))
		if err != nil {
			t.Fatal(err)
		}
		run := func(d time.Duration) { advance(clk, d, 500*time.Millisecond) }
		run(20 * time.Second)
		for k := range 4 {
			put(fmt.Sprintf("key-%d", k), 40, 10) // pushed to the live subscriptions
		}
		run(6 * time.Minute) // past a subscription's lifetime
		for k := range 4 {
			put(fmt.Sprintf("key-%d", k), 50, 5)
		}
		run(10 * time.Second)
		held := len(w.HeldLeases())
		_ = w.Close()
		log.mu.Lock()
		defer log.mu.Unlock()
		for d := range want {
			if log.data[d] == 0 {
				t.Fatalf("record %s never delivered through the SDK's SubscribeToShard", d)
			}
		}
		if n := ops.count("GetRecords"); n != 0 {
			t.Fatalf("the worker called GetRecords %d times; want enhanced fan-out only", n)
		}
		// Three shards, each at least twice: the parent's one subscription to its end, and the open shards'
		// renewed after 5 minutes.
		if n := ops.count("SubscribeToShard"); n < 5 {
			t.Fatalf("%d SubscribeToShard calls; want the 3 shards subscribed, the open ones again after 5 minutes", n)
		}
		if held != 3 {
			t.Fatalf("the worker held %d leases at the end; want the 3 unfinished shards (2 children and the other parent)", held)
		}
	})
}

// A subscription through the SDK ends as the engine's does: a second subscription of the consumer and shard
// within 5 seconds is refused with ResourceInUse; events carry the records with their sequence numbers and a
// ContinuationSequenceNumber to go on from; Close ends it (Events closed, Err stream.ErrClosed) and is
// idempotent; a nil context is refused. Source: Kinesis API Reference, SubscribeToShard (ResourceInUseException,
// "You can make one call to SubscribeToShard per second per registered consumer per shard").
func TestStreamClientSubscriptionEndsAsTheEnginesDoes(t *testing.T) {
	acct := kinesim.New(kinesim.WithSeed(1), kinesim.WithClock(clock.NewManual(t0)))
	defer acct.Close()
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
	mustCreate(t, c, "sub", 1)
	ctx := context.Background()
	reg, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{
		StreamARN: aws.String(acct.Streams().StreamARN("sub")), ConsumerName: aws.String("app")})
	if err != nil {
		t.Fatal(err)
	}
	put, err := acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "sub"}, PartitionKey: "k", Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	sc := awssdk.NewStreamClient(c)
	in := stream.SubscribeToShardInput{ConsumerARN: aws.ToString(reg.Consumer.ConsumerARN), ShardId: "shardId-000000000000",
		StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}
	if _, err := sc.SubscribeToShard(nil, in); !errors.Is(err, stream.ErrNilContext) { //nolint:staticcheck
		t.Fatalf("SubscribeToShard(nil ctx): %v", err)
	}
	sub, err := sc.SubscribeToShard(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-sub.Events():
		if len(ev.Records) != 1 || ev.Records[0].SequenceNumber != put.SequenceNumber || ev.ContinuationSequenceNumber != put.SequenceNumber.String() {
			t.Fatalf("first event %+v; want the record %s", ev, put.SequenceNumber)
		}
	case <-time.After(eventGuard):
		t.Fatal("no event")
	}
	if _, err := sc.SubscribeToShard(ctx, in); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatalf("a second subscription within 5 seconds: %v; want ResourceInUse", err)
	}
	if err := sub.Close(); err != nil {
		t.Fatal(err)
	}
	_ = sub.Close()
	for range sub.Events() {
	}
	if err := sub.Err(); !errors.Is(err, stream.ErrClosed) {
		t.Fatalf("Err after Close: %v; want stream.ErrClosed", err)
	}
}
