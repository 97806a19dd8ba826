package awssdk_test

import (
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim/awssdk"
)

// headerRecorder records the Smithy-Protocol and Content-Type of each request it passes on.
type headerRecorder struct {
	next awssdk.Doer
	mu   sync.Mutex
	seen []string
}

func (h *headerRecorder) Do(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.seen = append(h.seen, r.URL.Path+" "+r.Header.Get("Smithy-Protocol")+" "+r.Header.Get("Content-Type"))
	h.mu.Unlock()
	return h.next.Do(r)
}

// kinesis.Options.Protocol is exported and settable: rpcv2.NewCBOR(schemas.Kinesis_20131202) makes the pinned
// client speak Smithy RPCv2 CBOR (POST /service/Kinesis_20131202/operation/OP, Smithy-Protocol: rpc-v2-cbor), the
// protocol newer SDK revisions use. The handler serves it with the same operations: blobs, timestamps, nested
// shapes and typed errors survive the round trip.
func TestRPCv2CBORClientWorks(t *testing.T) {
	acct, _ := newClient(t)
	rec := &headerRecorder{next: awssdk.HTTPClient(acct)}
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) {
		o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202)
		o.HTTPClient = rec
		o.Retryer = aws.NopRetryer{}
	})
	ctx := t.Context()
	mustCreate(t, c, "cbor", 2)
	data := []byte{0, 1, 2, 0xff, 'x'}
	put, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("cbor"), Records: []types.PutRecordsRequestEntry{
		{PartitionKey: aws.String("a"), Data: data}, {PartitionKey: aws.String("b"), Data: []byte{}, ExplicitHashKey: aws.String("0")}}})
	if err != nil || aws.ToInt32(put.FailedRecordCount) != 0 || len(put.Records) != 2 || aws.ToString(put.Records[1].ShardId) != "shardId-000000000000" {
		t.Fatalf("PutRecords: %v %+v", err, put)
	}
	shard := put.Records[0].ShardId
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("cbor"), ShardId: shard,
		ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(t0.Add(-1000))})
	if err != nil {
		t.Fatalf("GetShardIterator: %v", err)
	}
	got, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatalf("GetRecords: %v", err)
	}
	var found bool
	for _, r := range got.Records {
		if aws.ToString(r.PartitionKey) == "a" {
			found = slices.Equal(r.Data, data) && r.ApproximateArrivalTimestamp.Equal(t0) && aws.ToString(r.SequenceNumber) == aws.ToString(put.Records[0].SequenceNumber)
		}
	}
	if !found {
		t.Fatalf("record a not read back: %+v", got.Records)
	}
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("cbor")})
	if err != nil || sum.StreamDescriptionSummary.StreamModeDetails.StreamMode != types.StreamModeProvisioned || !sum.StreamDescriptionSummary.StreamCreationTimestamp.Equal(t0) ||
		len(sum.StreamDescriptionSummary.EnhancedMonitoring) != 1 {
		t.Fatalf("DescribeStreamSummary: %v %+v", err, sum)
	}
	if _, err := c.DescribeLimits(ctx, &kinesis.DescribeLimitsInput{}); err != nil {
		t.Fatalf("DescribeLimits (an input without members): %v", err)
	}
	_, err = c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("nope")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Stream nope under account 000000000000 not found." {
		t.Fatalf("ListShards of a missing stream: %v", err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.seen) == 0 || rec.seen[0] != "/service/Kinesis_20131202/operation/CreateStream rpc-v2-cbor application/cbor" {
		t.Fatalf("requests %q", rec.seen)
	}
}
