package firehose_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
)

var t0 = time.Date(2026, 7, 13, 14, 59, 58, 0, time.UTC)

const bucketARN = "arn:aws:s3:::bucket"
const roleARN = "arn:aws:iam::000000000000:role/firehose"

func newEngine(t testing.TB, opts ...firehose.Option) (*firehose.Engine, *clock.Manual) {
	t.Helper()
	clk := clock.NewManual(t0)
	e := firehose.New(append([]firehose.Option{firehose.WithClock(clk), firehose.WithSeed(1)}, opts...)...)
	t.Cleanup(func() { _ = e.Close() })
	return e, clk
}

func hints(sizeMB, intervalS int) *firehose.BufferingHints {
	return &firehose.BufferingHints{SizeInMBs: &sizeMB, IntervalInSeconds: &intervalS}
}

func s3(h *firehose.BufferingHints) *firehose.ExtendedS3DestinationConfiguration {
	return &firehose.ExtendedS3DestinationConfiguration{BucketARN: bucketARN, RoleARN: roleARN, BufferingHints: h}
}

func create(t testing.TB, e *firehose.Engine, name string, c *firehose.ExtendedS3DestinationConfiguration) {
	t.Helper()
	if _, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: name, ExtendedS3DestinationConfiguration: c}); err != nil {
		t.Fatal(err)
	}
}

func put(t testing.TB, e *firehose.Engine, name string, data ...string) {
	t.Helper()
	recs := make([]firehose.Record, len(data))
	for i, d := range data {
		recs[i] = firehose.Record{Data: []byte(d)}
	}
	out, err := e.PutRecordBatch(context.Background(), firehose.PutRecordBatchInput{DeliveryStreamName: name, Records: recs})
	if err != nil || out.FailedPutCount != 0 {
		t.Fatalf("PutRecordBatch: %v, %d failed", err, out.FailedPutCount)
	}
}

func flush(t testing.TB, e *firehose.Engine, name string) {
	t.Helper()
	if err := e.Flush(context.Background(), name); err != nil {
		t.Fatal(err)
	}
}

// flushStepping flushes name while stepping the manual clock, inside a testing/synctest bubble: the clock moves
// only when every goroutine of the bubble is durably blocked, so an attempt times out because its destination
// hangs on its context, never because the clock ran while it worked. Call it from synctest.Test, with an engine
// made there.
func flushStepping(t *testing.T, e *firehose.Engine, clk interface{ Step() bool }, name string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- e.Flush(context.Background(), name) }()
	for {
		synctest.Wait()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			return
		default:
		}
		if !clk.Step() {
			t.Fatal("Flush waits with no timer armed")
		}
	}
}
