package awssdk_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/kpl"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

var _ kpl.Client = (*awssdk.StreamClient)(nil)

// kinesim's kpl.Producer puts through an SDK v2 client (awssdk.StreamClient over awssdk.NewKinesisClient, the
// account served in process), and the SDK reads every user record back with GetRecords and package agg's
// deaggregator, with the shard's hash-key range as the KCL filters: the same sequence and sub-sequence numbers as
// the producer reported, each record once, the records of a key in order. Sources: shared/docs/data-streams.md §2.1
// (the KPL aggregation format; KCL sub-sequence numbers and hash-range filtering); Kinesis API Reference,
// PutRecords, ListShards, GetRecords.
func TestKPLProducerThroughTheSDKReadsBackWithTheDeaggregator(t *testing.T) {
	acct, c := newClient(t, kinesim.WithStreamOptions(stream.WithThrottling(false)))
	const name = "kpl-sdk"
	mustCreate(t, c, name, 4)
	ctx := context.Background()
	p, err := kpl.New(awssdk.NewStreamClient(c), stream.StreamRef{StreamName: name}, kpl.WithClock(acct.Clock()))
	if err != nil {
		t.Fatal(err)
	}
	const n = 3000 // 300 KB in all: within every shard's burst, so the producer never waits on the manual clock
	var pending []*kpl.Pending
	for i := range n {
		r := kpl.UserRecord{PartitionKey: "key-" + strconv.Itoa(i%97), Data: []byte(strconv.Itoa(i))}
		if i%10 == 0 {
			r.ExplicitHashKey = record.HashKeyFromUint64s(uint64(i)<<50, uint64(i)).String()
		}
		f, err := p.Put(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		pending = append(pending, f)
	}
	if err := p.Close(); err != nil { // drains: every record has its result
		t.Fatal(err)
	}
	type pos struct {
		seq string
		sub uint64
	}
	want := make([]pos, n)
	for i, f := range pending {
		r, ok := f.Result()
		if !ok || r.Err != nil || r.SequenceNumber.IsZero() {
			t.Fatalf("record %d: %+v", i, r)
		}
		want[i] = pos{r.SequenceNumber.String(), r.SubSequenceNumber}
	}

	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	seen := make([]bool, n)
	last := map[string]int{}
	aggregated := 0
	for _, sh := range shards.Shards {
		lo, _ := record.ParseHashKey(aws.ToString(sh.HashKeyRange.StartingHashKey))
		hi, _ := record.ParseHashKey(aws.ToString(sh.HashKeyRange.EndingHashKey))
		it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: sh.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil {
			t.Fatal(err)
		}
		for _, kr := range out.Records {
			seq, err := record.ParseSequenceNumber(aws.ToString(kr.SequenceNumber))
			if err != nil {
				t.Fatal(err)
			}
			r := record.Record{Data: kr.Data, PartitionKey: aws.ToString(kr.PartitionKey), SequenceNumber: seq, ShardId: aws.ToString(sh.ShardId)}
			users, err := agg.AppendDeaggregated(nil, r, record.HashKeyRange{StartingHashKey: lo, EndingHashKey: hi})
			if err != nil {
				t.Fatalf("%s: %v", seq, err)
			}
			for _, u := range users {
				i, err := strconv.Atoi(string(u.Data))
				if err != nil || i < 0 || i >= n || seen[i] {
					t.Fatalf("user record %q: unknown or read twice", u.Data)
				}
				seen[i] = true
				if got := (pos{u.SequenceNumber.String(), u.SubSequenceNumber}); got != want[i] {
					t.Fatalf("record %d read at %v, producer reported %v", i, got, want[i])
				}
				if prev, ok := last[u.PartitionKey]; ok && u.ExplicitHashKey == "" && prev > i {
					t.Fatalf("key %s: record %d after %d", u.PartitionKey, i, prev)
				}
				if u.ExplicitHashKey == "" {
					last[u.PartitionKey] = i
				}
				if u.Aggregated {
					aggregated++
				}
			}
		}
	}
	for i, ok := range seen {
		if !ok {
			t.Fatalf("record %d not read back", i)
		}
	}
	if aggregated < n/2 {
		t.Fatalf("only %d of %d user records came out of aggregates", aggregated, n)
	}
}

// The adapter reports the service's exceptions as apierr values, so the producer tells a missing stream (not
// retryable) from throttling; a nil context is refused. Source: Kinesis API Reference, ListShards and PutRecords
// (ResourceNotFoundException).
func TestStreamClientReportsExceptionsAsAPIErrors(t *testing.T) {
	_, c := newClient(t)
	sc := awssdk.NewStreamClient(c)
	ctx := context.Background()
	if _, err := sc.ListShards(ctx, stream.ListShardsInput{StreamRef: stream.StreamRef{StreamName: "missing"}}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Fatalf("ListShards of a missing stream: %v", err)
	}
	_, err := sc.PutRecords(ctx, stream.PutRecordsInput{StreamRef: stream.StreamRef{StreamName: "missing"}, Records: []stream.PutRecordsEntry{{PartitionKey: "a"}}})
	if !errors.Is(err, apierr.ResourceNotFound) {
		t.Fatalf("PutRecords into a missing stream: %v", err)
	}
	//lint:ignore SA1012 the nil context is the point
	if _, err := sc.PutRecords(nil, stream.PutRecordsInput{}); !errors.Is(err, stream.ErrNilContext) { //nolint:staticcheck
		t.Fatalf("PutRecords(nil): %v", err)
	}
	if _, err := (&awssdk.StreamClient{}).ListShards(ctx, stream.ListShardsInput{}); err == nil {
		t.Fatal("a StreamClient without an SDK client answered")
	}
}
