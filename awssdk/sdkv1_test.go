package awssdk_test

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/aws-sdk-go/aws/corehandlers"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/defaults"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/kinesis"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// newV1Client returns an aws-sdk-go (v1) Kinesis client of acct on a session whose *http.Client has
// [awssdk.RoundTripper] as its Transport, with the endpoint, region and static credentials given explicitly. The
// session is built from the SDK's defaults (defaults.Config, defaults.Handlers and parameter validation: what session.NewSession starts from,
// aws-sdk-go v1.55.8 aws/session/session.go) without reading the environment or shared config files, so nothing
// on the machine changes it: session.NewSession would, for one, apply AWS_CA_BUNDLE, which requires an
// *http.Transport.
func newV1Client(t testing.TB, acct *kinesim.Account) *kinesis.Kinesis {
	t.Helper()
	cfg := defaults.Config().
		WithHTTPClient(&http.Client{Transport: awssdk.RoundTripper(acct)}).
		WithEndpoint(awssdk.Endpoint).
		WithRegion(acct.Identity().Region).
		WithCredentials(credentials.NewStaticCredentials(awssdk.AccessKeyID, awssdk.SecretAccessKey, "")).
		WithMaxRetries(0)
	handlers := defaults.Handlers()
	handlers.Validate.PushBackNamed(corehandlers.ValidateParametersHandler) // as session.NewSession adds it
	return kinesis.New(&session.Session{Config: cfg, Handlers: handlers})
}

// virtualWaiterSleep makes a v1 waiter's pause between attempts advance the engine's manual clock instead of
// sleeping: the stream's status delays run on that clock (request.Waiter.SleepWithContext, aws-sdk-go v1.55.8,
// aws/request/waiter.go).
func virtualWaiterSleep(clk *clock.Manual) request.WaiterOption {
	return func(w *request.Waiter) {
		w.SleepWithContext = func(ctx aws.Context, d time.Duration) error {
			clk.Advance(d)
			return ctx.Err()
		}
	}
}

// The SDK v1 client (still in much production code) runs unmodified over the in-process transport: its
// WaitUntilStreamExists waiter sees a stream go CREATING → ACTIVE and an UPDATING split finish; a consumer polling
// GetShardIterator/GetRecords follows a shard that is split while it reads to its end (NextShardIterator absent,
// ChildShards naming both children) and then the children from TRIM_HORIZON, reading every record once and each
// partition key's records in order. Sources: Kinesis API Reference, GetRecords ("If NextShardIterator is null, the
// shard has been closed"; ChildShards), SplitShard, DescribeStream; Developer Guide, "Resharding a stream" (after
// a reshard, read the parent to its end before its children to keep per-key order); aws-sdk-go v1.55.8
// service/kinesis/waiters.go (StreamExists polls DescribeStream until StreamStatus is ACTIVE).
func TestSDKv1ClientPollsAcrossASplit(t *testing.T) {
	clk := clock.NewManual(t0)
	// Throttling off: the test polls GetRecords faster than 5 reads a second per shard, which is not what it checks.
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1), kinesim.WithAccount("123456789012", "eu-west-1"),
		kinesim.WithStreamOptions(stream.WithStatusDelays(10*time.Second, 0, 5*time.Second), stream.WithThrottling(false)))
	t.Cleanup(func() { _ = acct.Close() })
	c := newV1Client(t, acct)
	ctx := t.Context()
	name := aws.String("orders")

	if _, err := c.CreateStreamWithContext(ctx, &kinesis.CreateStreamInput{StreamName: name, ShardCount: aws.Int64(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	d, err := c.DescribeStreamWithContext(ctx, &kinesis.DescribeStreamInput{StreamName: name})
	if err != nil || aws.StringValue(d.StreamDescription.StreamStatus) != kinesis.StreamStatusCreating {
		t.Fatalf("DescribeStream right after CreateStream: %v, %v", d, err)
	}
	start := clk.Now()
	if err := c.WaitUntilStreamExistsWithContext(ctx, &kinesis.DescribeStreamInput{StreamName: name}, virtualWaiterSleep(clk)); err != nil {
		t.Fatalf("WaitUntilStreamExists: %v", err)
	}
	if waited := clk.Now().Sub(start); waited < 10*time.Second {
		t.Fatalf("the waiter returned after %v of the engine's clock, before the 10 s CREATING delay", waited)
	}

	const keys, perPhase = 16, 200
	next := make([]int, keys) // the next index to put, per key
	put := func(n int) {
		for i := range n {
			k := i % keys
			key := fmt.Sprint("key-", k)
			data := fmt.Appendf(nil, "%s/%d", key, next[k])
			next[k]++
			if i%2 == 0 {
				if _, err := c.PutRecordWithContext(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String(key), Data: data}); err != nil {
					t.Fatalf("PutRecord: %v", err)
				}
				continue
			}
			out, err := c.PutRecordsWithContext(ctx, &kinesis.PutRecordsInput{StreamName: name,
				Records: []*kinesis.PutRecordsRequestEntry{{PartitionKey: aws.String(key), Data: data}}})
			if err != nil || aws.Int64Value(out.FailedRecordCount) != 0 {
				t.Fatalf("PutRecords: %v, %v", out, err)
			}
		}
	}
	seen := map[string][]string{} // key → data in read order
	total := 0
	read := func(recs []*kinesis.Record) {
		for _, r := range recs {
			k := aws.StringValue(r.PartitionKey)
			seen[k] = append(seen[k], string(r.Data))
			total++
		}
	}

	put(perPhase)
	parent := "shardId-000000000000"
	it, err := c.GetShardIteratorWithContext(ctx, &kinesis.GetShardIteratorInput{StreamName: name, ShardId: aws.String(parent),
		ShardIteratorType: aws.String(kinesis.ShardIteratorTypeTrimHorizon)})
	if err != nil {
		t.Fatalf("GetShardIterator: %v", err)
	}
	iter := it.ShardIterator
	// Read part of the parent, then split it under the reader.
	for range 3 {
		out, err := c.GetRecordsWithContext(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int64(25)})
		if err != nil {
			t.Fatalf("GetRecords: %v", err)
		}
		read(out.Records)
		iter = out.NextShardIterator
	}
	if total != 75 {
		t.Fatalf("read %d records before the split, want 75", total)
	}
	mid := new(big.Int).Lsh(big.NewInt(1), 127).String()
	if _, err := c.SplitShardWithContext(ctx, &kinesis.SplitShardInput{StreamName: name, ShardToSplit: aws.String(parent), NewStartingHashKey: aws.String(mid)}); err != nil {
		t.Fatalf("SplitShard: %v", err)
	}
	if err := c.WaitUntilStreamExistsWithContext(ctx, &kinesis.DescribeStreamInput{StreamName: name}, virtualWaiterSleep(clk)); err != nil {
		t.Fatalf("WaitUntilStreamExists after SplitShard: %v", err)
	}
	put(perPhase)

	// Follow the parent to its end.
	var children []*kinesis.ChildShard
	for polls := 0; iter != nil; polls++ {
		if polls > 100 {
			t.Fatal("the parent shard did not end after 100 GetRecords calls")
		}
		out, err := c.GetRecordsWithContext(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int64(25)})
		if err != nil {
			t.Fatalf("GetRecords on the parent: %v", err)
		}
		read(out.Records)
		iter = out.NextShardIterator
		if iter != nil && len(out.ChildShards) != 0 {
			t.Fatalf("ChildShards %v with a NextShardIterator", out.ChildShards)
		}
		children = out.ChildShards
	}
	if total != perPhase {
		t.Fatalf("the parent gave %d records, want the %d put before the split", total, perPhase)
	}
	if len(children) != 2 {
		t.Fatalf("ChildShards at the parent's end: %v, want 2", children)
	}
	for _, ch := range children {
		if !slices.Equal(aws.StringValueSlice(ch.ParentShards), []string{parent}) {
			t.Errorf("child %s: ParentShards %v, want [%s]", aws.StringValue(ch.ShardId), aws.StringValueSlice(ch.ParentShards), parent)
		}
	}
	if lo, hi := aws.StringValue(children[0].HashKeyRange.EndingHashKey), aws.StringValue(children[1].HashKeyRange.StartingHashKey); lo == hi {
		t.Errorf("children overlap at %s", lo)
	}

	// Then each child from TRIM_HORIZON until it is caught up (an open shard never ends).
	for _, ch := range children {
		it, err := c.GetShardIteratorWithContext(ctx, &kinesis.GetShardIteratorInput{StreamName: name, ShardId: ch.ShardId,
			ShardIteratorType: aws.String(kinesis.ShardIteratorTypeTrimHorizon)})
		if err != nil {
			t.Fatalf("GetShardIterator %s: %v", aws.StringValue(ch.ShardId), err)
		}
		iter := it.ShardIterator
		for polls := 0; ; polls++ {
			if polls > 100 {
				t.Fatalf("child %s not caught up after 100 GetRecords calls", aws.StringValue(ch.ShardId))
			}
			out, err := c.GetRecordsWithContext(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int64(25)})
			if err != nil {
				t.Fatalf("GetRecords on %s: %v", aws.StringValue(ch.ShardId), err)
			}
			read(out.Records)
			if out.NextShardIterator == nil {
				t.Fatalf("open child %s returned no NextShardIterator", aws.StringValue(ch.ShardId))
			}
			iter = out.NextShardIterator
			if len(out.Records) == 0 && aws.Int64Value(out.MillisBehindLatest) == 0 {
				break
			}
		}
	}

	if total != 2*perPhase {
		t.Fatalf("read %d records, want %d", total, 2*perPhase)
	}
	for k := range keys {
		key := fmt.Sprint("key-", k)
		want := make([]string, next[k])
		for i := range want {
			want[i] = fmt.Sprintf("%s/%d", key, i)
		}
		if !slices.Equal(seen[key], want) {
			t.Errorf("%s read as %v, want each of %d records once and in order", key, seen[key], next[k])
		}
	}
	ls, err := c.ListShardsWithContext(ctx, &kinesis.ListShardsInput{StreamName: name})
	if err != nil || len(ls.Shards) != 3 {
		t.Fatalf("ListShards after the split: %v, %v", ls, err)
	}
}

// Errors reach SDK v1 code as awserr.Error values with AWS's code and message, and as awserr.RequestFailure with
// the HTTP status (Kinesis API Reference, DescribeStream and SplitShard Errors; Common Errors; aws-sdk-go v1.55.8
// private/protocol/jsonrpc/unmarshal_error.go reads __type and message).
func TestSDKv1ClientGetsAWSErrorCodesAndMessages(t *testing.T) {
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1), kinesim.WithAccount("123456789012", "eu-west-1"))
	t.Cleanup(func() { _ = acct.Close() })
	c := newV1Client(t, acct)
	ctx := context.Background()

	_, err := c.DescribeStreamWithContext(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("missing")})
	var ae awserr.RequestFailure
	ok := false
	if ae, ok = err.(awserr.RequestFailure); !ok {
		t.Fatalf("DescribeStream of a missing stream: %T %v, want an awserr.RequestFailure", err, err)
	}
	if ae.Code() != kinesis.ErrCodeResourceNotFoundException || ae.Message() != "Stream missing under account 123456789012 not found." || ae.StatusCode() != http.StatusBadRequest {
		t.Fatalf("DescribeStream of a missing stream: code %q, message %q, status %d", ae.Code(), ae.Message(), ae.StatusCode())
	}

	if _, err := c.CreateStreamWithContext(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int64(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	_, err = c.SplitShardWithContext(ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("0")})
	var inv awserr.Error
	if inv, ok = err.(awserr.Error); !ok || inv.Code() != kinesis.ErrCodeInvalidArgumentException || inv.Message() == "" {
		t.Fatalf("SplitShard at hash key 0: %v, want an InvalidArgumentException", err)
	}
	_, err = c.GetShardIteratorWithContext(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000009"),
		ShardIteratorType: aws.String(kinesis.ShardIteratorTypeLatest)})
	if nf, ok := err.(awserr.Error); !ok || nf.Code() != kinesis.ErrCodeResourceNotFoundException {
		t.Fatalf("GetShardIterator of a missing shard: %v, want a ResourceNotFoundException", err)
	}
}

// The v1 client's paginators page through kinesim's answers, and its StreamNotExists waiter sees a deleted
// stream go DELETING → gone: ListStreamsPages follows NextToken (HasMoreStreams), DescribeStreamPages follows
// ExclusiveStartShardId (HasMoreShards). Sources: Kinesis API Reference, ListStreams, DescribeStream and
// DeleteStream; aws-sdk-go v1.55.8 service/kinesis/api.go (the operations' Paginator tokens) and waiters.go
// (StreamNotExists succeeds on ResourceNotFoundException).
func TestSDKv1ClientPaginatorsAndStreamNotExistsWaiter(t *testing.T) {
	clk := clock.NewManual(t0)
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1),
		kinesim.WithStreamOptions(stream.WithStatusDelays(0, 10*time.Second, 0)))
	t.Cleanup(func() { _ = acct.Close() })
	c := newV1Client(t, acct)
	ctx := t.Context()
	var want []string
	for i := range 5 {
		name := fmt.Sprint("stream-", i)
		want = append(want, name)
		shards := int64(1)
		if i == 0 {
			shards = 7
		}
		if _, err := c.CreateStreamWithContext(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int64(shards)}); err != nil {
			t.Fatalf("CreateStream %s: %v", name, err)
		}
	}
	var names []string
	pages := 0
	if err := c.ListStreamsPagesWithContext(ctx, &kinesis.ListStreamsInput{Limit: aws.Int64(2)}, func(out *kinesis.ListStreamsOutput, last bool) bool {
		pages++
		names = append(names, aws.StringValueSlice(out.StreamNames)...)
		return true
	}); err != nil {
		t.Fatalf("ListStreamsPages: %v", err)
	}
	if !slices.Equal(names, want) || pages != 3 {
		t.Fatalf("ListStreamsPages: %v in %d pages, want %v in 3", names, pages, want)
	}
	var shards []string
	pages = 0
	if err := c.DescribeStreamPagesWithContext(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("stream-0"), Limit: aws.Int64(3)}, func(out *kinesis.DescribeStreamOutput, last bool) bool {
		pages++
		for _, s := range out.StreamDescription.Shards {
			shards = append(shards, aws.StringValue(s.ShardId))
		}
		return true
	}); err != nil {
		t.Fatalf("DescribeStreamPages: %v", err)
	}
	if len(shards) != 7 || pages != 3 || shards[0] != "shardId-000000000000" || shards[6] != "shardId-000000000006" {
		t.Fatalf("DescribeStreamPages: %v in %d pages, want the 7 shards in 3", shards, pages)
	}

	if _, err := c.DeleteStreamWithContext(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("stream-1")}); err != nil {
		t.Fatalf("DeleteStream: %v", err)
	}
	start := clk.Now()
	if err := c.WaitUntilStreamNotExistsWithContext(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("stream-1")}, virtualWaiterSleep(clk)); err != nil {
		t.Fatalf("WaitUntilStreamNotExists: %v", err)
	}
	if waited := clk.Now().Sub(start); waited < 10*time.Second {
		t.Fatalf("the waiter returned after %v of the engine's clock, before the 10 s DELETING delay", waited)
	}
}
