package awssdk_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
)

// A *firehose.Client of an in-process account: a delivery stream into the account's memory store, two records
// put in one batch, delivered at Flush (Firehose has no flush operation: the Go API has one) as one object under
// AWS's key layout (a Prefix without a timestamp gets the default yyyy/MM/dd/HH/ appended). The account's clock and seed make the key exact.
func ExampleNewFirehoseClient() {
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))), kinesim.WithSeed(7))
	defer acct.Close()
	client := awssdk.NewFirehoseClient(acct)
	ctx := context.Background()

	if _, err := client.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: aws.String("clicks"),
		ExtendedS3DestinationConfiguration: &types.ExtendedS3DestinationConfiguration{
			BucketARN: aws.String("arn:aws:s3:::analytics"),
			RoleARN:   aws.String("arn:aws:iam::000000000000:role/firehose"),
			Prefix:    aws.String("clicks/"),
		},
	}); err != nil {
		panic(err)
	}
	out, err := client.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("clicks"),
		Records: []types.Record{{Data: []byte(`{"page":"/"}` + "\n")}, {Data: []byte(`{"page":"/buy"}` + "\n")}}})
	if err != nil {
		panic(err)
	}
	fmt.Println("failed:", *out.FailedPutCount)
	if err := acct.Firehose().Flush(ctx, "clicks"); err != nil {
		panic(err)
	}
	for _, obj := range acct.Firehose().Store().Objects("analytics") {
		fmt.Printf("%s\n%s", obj.Key, obj.Body)
	}
	// Output:
	// failed: 0
	// clicks/2026/05/01/12/clicks-1-2026-05-01-12-00-00-43ba8fc4-8a80-4e44-90ec-2ca25a28daca
	// {"page":"/"}
	// {"page":"/buy"}
}
