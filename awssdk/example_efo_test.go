package awssdk_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
)

// Enhanced fan-out through the SDK's own client: register a consumer, subscribe to a shard, and receive records
// pushed on the event stream as they are put.
func ExampleNewKinesisClient_subscribeToShard() {
	acct := kinesim.New()
	defer acct.Close()
	client := awssdk.NewKinesisClient(acct)
	ctx := context.Background()

	if _, err := client.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("orders"), ShardCount: aws.Int32(1)}); err != nil {
		panic(err)
	}
	reg, err := client.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{
		StreamARN: aws.String(acct.Streams().StreamARN("orders")), ConsumerName: aws.String("billing")})
	if err != nil {
		panic(err)
	}
	sub, err := client.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN,
		ShardId: aws.String("shardId-000000000000"), StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	if err != nil {
		panic(err)
	}
	stream := sub.GetStream()
	defer stream.Close()

	if _, err := client.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String("customer-1"), Data: []byte("order 1")}); err != nil {
		panic(err)
	}
	for ev := range stream.Events() {
		if e, ok := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent); ok && len(e.Value.Records) > 0 {
			r := e.Value.Records[0]
			fmt.Printf("%s %q, continue after it: %t\n", *r.PartitionKey, r.Data, *e.Value.ContinuationSequenceNumber == *r.SequenceNumber)
			break
		}
	}
	// Output: customer-1 "order 1", continue after it: true
}
