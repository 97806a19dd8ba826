package awssdk_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
)

// t0 is the start of every test's manual clock.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// newClient returns an account on a manual clock (so throttling windows do not move during a test) and a client
// of it without retries (so a throttled call fails at once instead of sleeping in the SDK's backoff).
func newClient(t testing.TB, opts ...kinesim.Option) (*kinesim.Account, *kinesis.Client) {
	t.Helper()
	acct := kinesim.New(append([]kinesim.Option{kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1)}, opts...)...)
	t.Cleanup(func() { _ = acct.Close() })
	return acct, awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
}

// mustCreate creates a provisioned stream of n shards through the client.
func mustCreate(t testing.TB, c *kinesis.Client, name string, n int32) {
	t.Helper()
	if _, err := c.CreateStream(context.Background(), &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(n)}); err != nil {
		t.Fatalf("CreateStream %s: %v", name, err)
	}
}
