package awssdk_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/stream"
)

// DryRun through the SDK v2 client, in both of its wire protocols. Source: Kinesis Data Streams Developer Guide,
// "Test your permissions and request inputs with dry run" (kds-dryrun-validation): with DryRun true, Kinesis
// checks the request "without running the operation or reading or writing any data. If all checks pass, the API
// returns HTTP 400 with a DryRunOperationException ... If any check fails, the API returns the same error that
// the actual operation would return"; dry runs are limited to "1 transaction per second (TPS) per stream",
// shared by PutRecord, PutRecords, GetRecords, GetShardIterator and SubscribeToShard, and past it "the API
// returns ThrottlingException". The pinned SDK (service/kinesis v1.56.11) has the DryRun member on those five
// inputs ("Checks if your request will succeed. DryRun is an optional parameter.") and the
// types.DryRunOperationException.

// wantSDKDryRun fails the test unless err is the SDK's *types.DryRunOperationException with AWS's message, from
// an HTTP 400 response.
func wantSDKDryRun(t testing.TB, op string, err error) {
	t.Helper()
	var dr *types.DryRunOperationException
	if !errors.As(err, &dr) {
		t.Errorf("%s with DryRun: %v, want *types.DryRunOperationException", op, err)
		return
	}
	if dr.ErrorMessage() != apierr.DryRunOperation.Message {
		t.Errorf("%s with DryRun: message %q", op, dr.ErrorMessage())
	}
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusBadRequest {
		t.Errorf("%s with DryRun: status %v", op, err)
	}
}

// countRecords returns the number of records in the one-shard stream "orders", read through the Go API.
func (a *efoAccount) countRecords(t *testing.T) int {
	t.Helper()
	e := a.acct.Streams()
	it, err := e.GetShardIterator(context.Background(), stream.GetShardIteratorInput{StreamRef: stream.StreamRef{StreamName: "orders"}, ShardId: firstShard, ShardIteratorType: stream.TrimHorizon})
	if err != nil {
		t.Fatalf("GetShardIterator: %v", err)
	}
	out, err := e.GetRecords(context.Background(), stream.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatalf("GetRecords: %v", err)
	}
	return len(out.Records)
}

func TestSDKDryRunOfEveryDataOperationIsDryRunOperationException(t *testing.T) {
	eachProtocol(t, func(t *testing.T, protocol func() smithyhttp.ClientProtocol) {
		a := newEFO(t, 1, protocol)
		consumer := a.register(t, "app")
		a.put(t, "k", "already there")
		ctx := t.Context()
		name := aws.String("orders")
		it, err := a.c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: name, ShardId: aws.String(firstShard), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatalf("GetShardIterator: %v", err)
		}
		dry := aws.Bool(true)
		steps := []struct {
			op   string
			call func() error
		}{
			{"PutRecord", func() error {
				_, err := a.c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String("k"), Data: []byte("not written"), DryRun: dry})
				return err
			}},
			{"PutRecords", func() error {
				_, err := a.c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: name, DryRun: dry, Records: []types.PutRecordsRequestEntry{
					{PartitionKey: aws.String("a"), Data: []byte("not")}, {PartitionKey: aws.String("b"), Data: []byte("written")},
				}})
				return err
			}},
			{"GetShardIterator", func() error {
				_, err := a.c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: name, ShardId: aws.String(firstShard), ShardIteratorType: types.ShardIteratorTypeLatest, DryRun: dry})
				return err
			}},
			{"GetRecords", func() error {
				_, err := a.c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, DryRun: dry})
				return err
			}},
			{"SubscribeToShard", func() error {
				out, err := a.c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(consumer), ShardId: aws.String(firstShard),
					StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}, DryRun: dry}, a.freshProtocol)
				if out != nil {
					_ = out.GetStream().Close()
					t.Error("SubscribeToShard with DryRun returned a stream")
				}
				return err
			}},
		}
		for _, st := range steps {
			wantSDKDryRun(t, st.op, st.call())
			a.clk.Advance(time.Second / stream.DryRunCallsPerStream) // the stream throttles: one dry run a second
		}
		// Nothing was written, and the dry read left the iterator as it was: it reads the one record.
		if n := a.countRecords(t); n != 1 {
			t.Errorf("the stream holds %d records after the dry runs, want 1", n)
		}
		got, err := a.c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil || len(got.Records) != 1 || string(got.Records[0].Data) != "already there" {
			t.Fatalf("GetRecords with the iterator after the dry read: %v, %+v", err, got)
		}
		// The dry SubscribeToShard's handler has returned, and it opened no subscription: a real one now is not
		// refused as a second subscription within 5 seconds.
		select {
		case <-a.served:
		case <-time.After(eventGuard):
			t.Fatal("the dry SubscribeToShard request was not served")
		}
		live := a.mustSubscribe(t, consumer, firstShard, types.StartingPosition{Type: types.ShardIteratorTypeLatest})
		a.put(t, "k", "pushed")
		recs, _ := readSDKRecords(t, live, 1)
		if len(recs) != 1 || recs[0] != "pushed" {
			t.Errorf("the real subscription after the dry run read %q", recs)
		}
	})
}

// "If any check fails, the API returns the same error that the actual operation would return" (the dry-run page):
// the SDK's typed exceptions, as for the real call.
func TestSDKDryRunWithABadRequestReturnsTheRealCallsException(t *testing.T) {
	eachProtocol(t, func(t *testing.T, protocol func() smithyhttp.ClientProtocol) {
		a := newEFO(t, 1, protocol)
		ctx := t.Context()
		dry := aws.Bool(true)
		_, err := a.c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("missing"), PartitionKey: aws.String("k"), Data: []byte("x"), DryRun: dry})
		var nf *types.ResourceNotFoundException
		if !errors.As(err, &nf) {
			t.Errorf("PutRecord with DryRun to a missing stream: %v", err)
		}
		_, err = a.c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("orders"), DryRun: dry, Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("k"), ExplicitHashKey: aws.String("340282366920938463463374607431768211456"), Data: []byte("x")},
		}})
		var ia *types.InvalidArgumentException
		if !errors.As(err, &ia) {
			t.Errorf("PutRecords with DryRun and a hash key above 2^128-1: %v", err)
		}
		it, err := a.c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("orders"), ShardId: aws.String(firstShard), ShardIteratorType: types.ShardIteratorTypeLatest})
		if err != nil {
			t.Fatal(err)
		}
		a.clk.Advance(stream.IteratorLifetime + time.Second)
		_, err = a.c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, DryRun: dry})
		var ei *types.ExpiredIteratorException
		if !errors.As(err, &ei) {
			t.Errorf("GetRecords with DryRun and an expired iterator: %v", err)
		}
		_, err = a.c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String(a.streamARN + "/consumer/nope:1"), ShardId: aws.String(firstShard),
			StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}, DryRun: dry}, a.freshProtocol)
		if !errors.As(err, &nf) {
			t.Errorf("SubscribeToShard with DryRun of a missing consumer: %v", err)
		}
	})
}

// The dry-run page: past "1 transaction per second (TPS) per stream", "the API returns ThrottlingException". No
// service model declares that exception, so the SDK reports it as its generic API error with the code.
func TestSDKDryRunOverTheStreamsLimitIsThrottlingException(t *testing.T) {
	eachProtocol(t, func(t *testing.T, protocol func() smithyhttp.ClientProtocol) {
		a := newEFO(t, 1, protocol)
		ctx := t.Context()
		in := &kinesis.GetShardIteratorInput{StreamName: aws.String("orders"), ShardId: aws.String(firstShard), ShardIteratorType: types.ShardIteratorTypeLatest, DryRun: aws.Bool(true)}
		_, err := a.c.GetShardIterator(ctx, in)
		wantSDKDryRun(t, "GetShardIterator", err)
		_, err = a.c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String("k"), Data: []byte("x"), DryRun: aws.Bool(true)})
		var generic *smithy.GenericAPIError
		if !errors.As(err, &generic) || generic.ErrorCode() != "ThrottlingException" || generic.ErrorMessage() == "" {
			t.Fatalf("a second dry run in the second: %v, want the generic ThrottlingException", err)
		}
		var re *smithyhttp.ResponseError
		if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusBadRequest {
			t.Errorf("ThrottlingException status: %v", err)
		}
		a.clk.Advance(time.Second / stream.DryRunCallsPerStream)
		_, err = a.c.GetShardIterator(ctx, in)
		wantSDKDryRun(t, "GetShardIterator a second later", err)
	})
}

// The pinned SDK documents StreamId on 35 inputs as "Not Implemented. Reserved for future use."; kinesim accepts
// it and ignores it, as AWS does.
func TestSDKStreamIdIsAcceptedAndIgnored(t *testing.T) {
	eachProtocol(t, func(t *testing.T, protocol func() smithyhttp.ClientProtocol) {
		a := newEFO(t, 1, protocol)
		ctx := t.Context()
		if _, err := a.c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), StreamId: aws.String("not-a-stream"), PartitionKey: aws.String("k"), Data: []byte("x")}); err != nil {
			t.Fatalf("PutRecord with a StreamId: %v", err)
		}
		out, err := a.c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("orders"), StreamId: aws.String("anything")})
		if err != nil || aws.ToString(out.StreamDescriptionSummary.StreamName) != "orders" {
			t.Fatalf("DescribeStreamSummary with a StreamId: %v", err)
		}
		if n := a.countRecords(t); n != 1 {
			t.Errorf("%d records, want 1", n)
		}
	})
}
