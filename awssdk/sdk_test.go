package awssdk_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/stream"
)

// The SDK's waiters poll DescribeStream (api_op_DescribeStream.go, StreamExists/StreamNotExists); streams are
// ACTIVE when CreateStream returns (the engine's default status delays are 0), so the first poll ends each wait.
func TestWaitersSeeStreamCreatedAndDeleted(t *testing.T) {
	_, c := newClient(t)
	ctx := t.Context()
	mustCreate(t, c, "orders", 2)
	fast := func(o *kinesis.StreamExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Millisecond, time.Millisecond
	}
	if err := kinesis.NewStreamExistsWaiter(c, fast).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("orders")}, 5*time.Second); err != nil {
		t.Fatalf("StreamExists: %v", err)
	}
	if _, err := c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("orders")}); err != nil {
		t.Fatalf("DeleteStream: %v", err)
	}
	gone := func(o *kinesis.StreamNotExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Millisecond, time.Millisecond
	}
	if err := kinesis.NewStreamNotExistsWaiter(c, gone).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("orders")}, 5*time.Second); err != nil {
		t.Fatalf("StreamNotExists: %v", err)
	}
}

// PutRecord/PutRecords return the shard and sequence number of each record, and GetShardIterator + GetRecords
// read them back in order with their data, partition key and arrival time (API reference, PutRecords/GetRecords).
func TestPutRecordsThenGetRecordsReadsThemBack(t *testing.T) {
	_, c := newClient(t)
	ctx := t.Context()
	mustCreate(t, c, "s", 1)
	one, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k0"), Data: []byte("first")})
	if err != nil {
		t.Fatalf("PutRecord: %v", err)
	}
	if aws.ToString(one.ShardId) != "shardId-000000000000" || aws.ToString(one.SequenceNumber) == "" {
		t.Fatalf("PutRecord output %+v", one)
	}
	entries := make([]types.PutRecordsRequestEntry, 3)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint("k", i+1)), Data: []byte{byte(i), 0xff, 0}}
	}
	many, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
	if err != nil {
		t.Fatalf("PutRecords: %v", err)
	}
	if many.FailedRecordCount == nil || *many.FailedRecordCount != 0 || len(many.Records) != 3 {
		t.Fatalf("PutRecords output: failed %v, %d results", many.FailedRecordCount, len(many.Records))
	}
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: one.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatalf("GetShardIterator: %v", err)
	}
	got, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatalf("GetRecords: %v", err)
	}
	if len(got.Records) != 4 || got.NextShardIterator == nil || got.MillisBehindLatest == nil || *got.MillisBehindLatest != 0 {
		t.Fatalf("GetRecords: %d records, next %v, behind %v", len(got.Records), got.NextShardIterator, got.MillisBehindLatest)
	}
	wantSeq := []string{aws.ToString(one.SequenceNumber)}
	for _, r := range many.Records {
		wantSeq = append(wantSeq, aws.ToString(r.SequenceNumber))
	}
	for i, r := range got.Records {
		if aws.ToString(r.SequenceNumber) != wantSeq[i] {
			t.Errorf("record %d: sequence number %s, want %s", i, aws.ToString(r.SequenceNumber), wantSeq[i])
		}
		if !r.ApproximateArrivalTimestamp.Equal(t0) {
			t.Errorf("record %d: arrival %v, want %v", i, r.ApproximateArrivalTimestamp, t0)
		}
	}
	if string(got.Records[0].Data) != "first" || aws.ToString(got.Records[0].PartitionKey) != "k0" {
		t.Errorf("record 0: %q %q", got.Records[0].Data, aws.ToString(got.Records[0].PartitionKey))
	}
	if d := got.Records[3].Data; !slices.Equal(d, []byte{2, 0xff, 0}) || aws.ToString(got.Records[3].PartitionKey) != "k3" {
		t.Errorf("record 3: %v %q", d, aws.ToString(got.Records[3].PartitionKey))
	}
}

// The SDK's DescribeStream paginator (handwritten_paginators.go: HasMoreShards, ExclusiveStartShardId) and
// ListStreams paginator (botocore paginators-1.json) page to the end, and ListShards' NextToken does (this SDK
// version has no ListShards paginator; a loop over NextToken is what its callers write).
func TestPaginatorsListEveryShardAndStream(t *testing.T) {
	_, c := newClient(t)
	ctx := t.Context()
	mustCreate(t, c, "wide", 7)
	var described []string
	for p := kinesis.NewDescribeStreamPaginator(c, &kinesis.DescribeStreamInput{StreamName: aws.String("wide"), Limit: aws.Int32(3)}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeStream page: %v", err)
		}
		for _, s := range page.StreamDescription.Shards {
			described = append(described, aws.ToString(s.ShardId))
		}
	}
	var listed []string
	in := &kinesis.ListShardsInput{StreamName: aws.String("wide"), MaxResults: aws.Int32(3)}
	for pages := 0; ; pages++ {
		page, err := c.ListShards(ctx, in)
		if err != nil {
			t.Fatalf("ListShards page %d: %v", pages, err)
		}
		if len(page.Shards) > 3 {
			t.Fatalf("page of %d shards, MaxResults 3", len(page.Shards))
		}
		for _, s := range page.Shards {
			listed = append(listed, aws.ToString(s.ShardId))
		}
		if page.NextToken == nil || pages > 10 {
			break
		}
		in = &kinesis.ListShardsInput{NextToken: page.NextToken, MaxResults: aws.Int32(3)}
	}
	if len(listed) != 7 || listed[6] != "shardId-000000000006" || !slices.Equal(listed, described) {
		t.Fatalf("listed shards %v, described %v", listed, described)
	}
	for i := range 4 {
		mustCreate(t, c, fmt.Sprint("s", i), 1)
	}
	var names []string
	for p := kinesis.NewListStreamsPaginator(c, &kinesis.ListStreamsInput{Limit: aws.Int32(2)}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListStreams page: %v", err)
		}
		names = append(names, page.StreamNames...)
		for i, s := range page.StreamSummaries {
			if aws.ToString(s.StreamName) != page.StreamNames[i] || s.StreamStatus != types.StreamStatusActive || !s.StreamCreationTimestamp.Equal(t0) {
				t.Errorf("summary %+v", s)
			}
		}
	}
	if want := []string{"s0", "s1", "s2", "s3", "wide"}; !slices.Equal(names, want) {
		t.Fatalf("paginated streams %v, want %v", names, want)
	}
}

// The SDK turns kinesim's errors into its own typed exceptions, with AWS's messages (API reference, Common Errors
// and each operation's Errors; the messages are those of package stream, which follow AWS).
func TestErrorsBecomeTheSDKsTypedExceptions(t *testing.T) {
	acct, c := newClient(t)
	ctx := t.Context()
	_, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("missing")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Stream missing under account 000000000000 not found." {
		t.Fatalf("missing stream: %v", err)
	}
	mustCreate(t, c, "s", 1)
	_, err = c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber, StartingSequenceNumber: aws.String("12")})
	var ia *types.InvalidArgumentException
	if !errors.As(err, &ia) || !strings.Contains(aws.ToString(ia.Message), "StartingSequenceNumber") {
		t.Fatalf("bad sequence number: %v", err)
	}
	// A shard takes 1 MiB/s: a second 1,000,000-byte record in the same second is throttled.
	big := make([]byte, 1_000_000)
	if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: big}); err != nil {
		t.Fatalf("first big record: %v", err)
	}
	_, err = c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: big})
	var pt *types.ProvisionedThroughputExceededException
	if !errors.As(err, &pt) || aws.ToString(pt.Message) != "Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000." {
		t.Fatalf("second big record: %v", err)
	}
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusBadRequest {
		t.Fatalf("throttling status: %v", err)
	}
	// An iterator past its five minutes (ExpireIterators) is an ExpiredIteratorException.
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeLatest})
	if err != nil {
		t.Fatal(err)
	}
	acct.Streams().ExpireIterators()
	_, err = c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	var ex *types.ExpiredIteratorException
	if !errors.As(err, &ex) || aws.ToString(ex.Message) == "" {
		t.Fatalf("expired iterator: %v", err)
	}
	// A server fault is HTTP 500 and the SDK's InternalFailureException.
	acct.Controls().Add(stream.OpListStreams, func(control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.InternalFailure}, true
	})
	_, err = c.ListStreams(ctx, &kinesis.ListStreamsInput{})
	var inf *types.InternalFailureException
	if !errors.As(err, &inf) || !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusInternalServerError || aws.ToString(inf.Message) != "Internal Service Failure" {
		t.Fatalf("internal failure: %v", err)
	}
}
