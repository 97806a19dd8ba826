package awssdk_test

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/stream"
)

// noBackoff makes the SDK's standard retryer retry at once, so the test does not sleep.
type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

// The SDK's standard retryer treats kinesim's throttling and server faults as it treats AWS's
// (aws/retry/standard.go: DefaultThrottleErrorCodes has ProvisionedThroughputExceededException, and 5xx are
// retryable): a call failed twice that way succeeds on the third attempt; a client fault is not retried.
func TestSDKRetriesThrottlingAndServerFaults(t *testing.T) {
	acct, _ := newClient(t)
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.Backoff = noBackoff{} })
	})
	ctx := t.Context()
	mustCreate(t, c, "s", 1)
	var attempts atomic.Int32
	fails := []error{apierr.ProvisionedThroughputExceeded.New("Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000."), apierr.InternalFailure}
	acct.Controls().Add(stream.OpPutRecord, func(control.Call) (control.Response, bool) {
		n := attempts.Add(1)
		if int(n) <= len(fails) {
			return control.Response{Err: fails[n-1]}, true
		}
		return control.Response{}, false
	}, control.Keep())
	if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")}); err != nil {
		t.Fatalf("PutRecord after a throttle and a server fault: %v", err)
	}
	if n := attempts.Load(); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
	attempts.Store(0)
	acct.Controls().Add(stream.OpDescribeStreamSummary, func(control.Call) (control.Response, bool) {
		attempts.Add(1)
		return control.Response{Err: apierr.InvalidArgument.New("no")}, true
	}, control.Keep())
	_, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
	var ia *types.InvalidArgumentException
	if !errors.As(err, &ia) || attempts.Load() != 1 {
		t.Fatalf("client fault: %v after %d attempts", err, attempts.Load())
	}
}
