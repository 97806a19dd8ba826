package awssdk_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	fh "github.com/kinesim/kinesim/firehose"
)

// BenchmarkSDKFirehosePutRecordBatch puts batches of 500 records of 1 KiB through a *firehose.Client, in process:
// the whole SDK stack (serialization with base64, signing, retry middleware, deserialization), the handler's JSON
// codec (its fast PutRecordBatch decoder) and the engine's buffering, with S3's default hints (a 5 MiB object
// about every ten batches) into a store that discards the objects, so the run's memory stays bounded. Throttling
// is off: the Direct PUT quota (500,000 records/s, 5 MiB/s) is not what it measures.
func BenchmarkSDKFirehosePutRecordBatch(b *testing.B) {
	acct := kinesim.New(kinesim.WithSeed(1), kinesim.WithFirehoseOptions(fh.WithThrottling(false),
		fh.WithObjectStore(fh.ObjectStoreFunc(func(context.Context, string, string, []byte) error { return nil }))))
	defer func() { _ = acct.Close() }()
	c := awssdk.NewFirehoseClient(acct)
	ctx := context.Background()
	if _, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String("bench"),
		ExtendedS3DestinationConfiguration: &types.ExtendedS3DestinationConfiguration{
			BucketARN: aws.String("arn:aws:s3:::bucket"), RoleARN: aws.String("arn:aws:iam::000000000000:role/firehose"),
		}}); err != nil {
		b.Fatal(err)
	}
	recs := make([]types.Record, 500)
	data := make([]byte, 1024)
	for i := range data {
		data[i] = 'a' + byte(i%26)
	}
	for i := range recs {
		recs[i].Data = data
	}
	in := &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("bench"), Records: recs}
	b.ReportAllocs()
	b.SetBytes(int64(len(recs) * len(data)))
	n := 0
	for b.Loop() {
		out, err := c.PutRecordBatch(ctx, in)
		if err != nil || aws.ToInt32(out.FailedPutCount) != 0 {
			b.Fatalf("PutRecordBatch: %v", err)
		}
		n += len(recs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
