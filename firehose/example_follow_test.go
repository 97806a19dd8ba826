package firehose_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
)

// A follower reads the records a delivery stream accepts, as an analytics input with a KinesisFirehoseInput does.
func ExampleEngine_Follow() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))
	e := firehose.New(firehose.WithClock(clk), firehose.WithSeed(7))
	defer e.Close()
	_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "orders",
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{
			BucketARN: "arn:aws:s3:::analytics", RoleARN: "arn:aws:iam::000000000000:role/firehose"}})
	if err != nil {
		panic(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for r, err := range e.Follow(ctx, "orders", time.Time{}) {
			if err != nil {
				fmt.Println("end:", err)
				return
			}
			fmt.Println(r.ApproximateArrivalTimestamp.Format(time.TimeOnly), string(r.Data))
		}
	}()
	if err := e.WaitFollowers(ctx, "orders", 1); err != nil {
		panic(err)
	}
	_, err = e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "orders",
		Records: []firehose.Record{{Data: []byte(`{"id":1}`)}, {Data: []byte(`{"id":2}`)}}})
	if err != nil {
		panic(err)
	}
	_ = e.DeleteDeliveryStream(ctx, firehose.DeleteDeliveryStreamInput{DeliveryStreamName: "orders"})
	<-done
	// Output:
	// 14:30:00 {"id":1}
	// 14:30:00 {"id":2}
	// end: ResourceNotFoundException: Firehose orders under account 000000000000 not found.
}
