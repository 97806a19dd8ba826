package channel_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// A channel delivers an on-demand stream's records to a bucket once its data freshness (300 s by default) has
// passed, under the default key template.
func Example() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(7))
	defer acct.Close()
	_ = acct.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", StreamMode: stream.StreamModeOnDemand})

	out, err := acct.Channels().CreateChannel(ctx, channel.CreateChannelInput{
		ChannelName:             "orders-archive",
		ServiceExecutionRoleARN: "arn:aws:iam::000000000000:role/channel",
		StreamConfigurationList: []channel.ChannelStreamConfiguration{{StreamARN: acct.Streams().StreamARN("orders"),
			RecordConfiguration: &channel.RecordConfiguration{RecordFormatType: channel.RecordFormatTypeJSON}}},
		S3DestinationConfiguration: &channel.S3DestinationConfiguration{StorageConfiguration: &channel.S3StorageConfiguration{
			BucketARN: "arn:aws:s3:::lake", ExpectedBucketOwner: "000000000000", CompressionType: channel.S3CompressionTypeNone}},
	})
	if err != nil {
		panic(err)
	}
	arn := out.ChannelDescription.ChannelARN
	fmt.Println(arn, out.ChannelDescription.ChannelStatus)

	for _, rec := range []string{`{"id":1}`, `{"id":2}`} {
		_, _ = acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "orders"}, PartitionKey: "k", Data: []byte(rec)})
	}
	_ = acct.Channels().WaitIncoming(ctx, arn, 2) // the channel reads the stream on a goroutine of its own
	created := acct.Firehose().Store().Subscribe(1)
	clk.Advance(300 * time.Second)
	o := <-created
	body, _ := acct.Firehose().Store().Get(o.Bucket, o.Key)
	fmt.Println(o.Key)
	fmt.Printf("%s", body)
	// Output:
	// arn:aws:kinesis:us-east-1:000000000000:channel/orders-archive ACTIVE
	// kinesis-channel/orders-archive/3b5ab9c0-5391-4ff8-9117-8a7e2f2b9ac9/2026/07/13/14/orders-archive-3b5ab9c0-5391-4ff8-9117-8a7e2f2b9ac9-2026-07-13-14-30-e4ca75a4-2bf7-4842-8ecd-7bfe25a6ed12
	// {"id":1}
	// {"id":2}
}

// Records that are not what the record format says go to the dead-letter queue, one JSON document per record.
func Example_deadLetterQueue() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(7))
	defer acct.Close()
	_ = acct.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", StreamMode: stream.StreamModeOnDemand})
	out, _ := acct.Channels().CreateChannel(ctx, channel.CreateChannelInput{
		ChannelName:             "c",
		ServiceExecutionRoleARN: "arn:aws:iam::000000000000:role/channel",
		StreamConfigurationList: []channel.ChannelStreamConfiguration{{StreamARN: acct.Streams().StreamARN("orders"),
			RecordConfiguration: &channel.RecordConfiguration{RecordFormatType: channel.RecordFormatTypeJSON}}},
		S3DestinationConfiguration: &channel.S3DestinationConfiguration{
			StorageConfiguration: &channel.S3StorageConfiguration{BucketARN: "arn:aws:s3:::lake",
				ExpectedBucketOwner: "000000000000", CompressionType: channel.S3CompressionTypeNone},
			DeadLetterQueueS3Configuration: &channel.DeadLetterQueueS3Configuration{BucketARN: "arn:aws:s3:::lake",
				ExpectedBucketOwner: "000000000000", ErrorOutputPrefix: "bad/"}},
	})
	arn := out.ChannelDescription.ChannelARN
	_, _ = acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "orders"}, PartitionKey: "k", Data: []byte(`{"id":`)})
	_ = acct.Channels().WaitIncoming(ctx, arn, 1)
	_ = acct.Channels().Flush(ctx, arn)
	for _, o := range acct.Firehose().Store().Objects("lake") {
		fmt.Println(o.Key[:len("bad/2026/07/13/14/")])
		fmt.Printf("%.86s…\n", o.Body)
	}
	m, _ := acct.Channels().Metrics(arn)
	fmt.Println("dead letters:", m.DeadLetterRecords)
	// Output:
	// bad/2026/07/13/14/
	// {"attemptsMade":0,"arrivalTimestamp":1783953000000,"errorCode":"InvalidJSON","errorMes…
	// dead letters: 1
}
