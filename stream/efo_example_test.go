package stream_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// Register an enhanced fan-out consumer: CREATING for the engine's create delay, then ACTIVE.
func ExampleEngine_RegisterStreamConsumer() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	e := stream.New(stream.WithClock(clk), stream.WithSeed(1), stream.WithStatusDelays(time.Second, time.Second, 0))
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 1}); err != nil {
		panic(err)
	}
	clk.Advance(time.Second) // the stream is ACTIVE
	c, err := e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: e.StreamARN("orders"), ConsumerName: "billing"})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.ConsumerName, c.ConsumerStatus)
	fmt.Println(c.ConsumerARN)

	_, err = e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: e.StreamARN("orders"), ConsumerName: "billing"})
	fmt.Println(err)

	clk.Advance(time.Second)
	out, err := e.ListStreamConsumers(ctx, stream.ListStreamConsumersInput{StreamARN: e.StreamARN("orders")})
	if err != nil {
		panic(err)
	}
	for _, c := range out.Consumers {
		fmt.Println("listed:", c.ConsumerName, c.ConsumerStatus)
	}
	sum, _ := e.DescribeStreamSummary(ctx, stream.StreamRef{StreamName: "orders"})
	fmt.Println("consumers:", sum.ConsumerCount)
	// Output:
	// billing CREATING
	// arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/billing:1704067201
	// ResourceInUseException: Consumer billing under stream orders already exists for account 000000000000.
	// listed: billing ACTIVE
	// consumers: 1
}

// Subscribe a consumer to a shard: records are pushed as they are put, heartbeats carry the position while
// nothing is put, and the end of a closed shard comes as a last event with its children.
func ExampleEngine_SubscribeToShard() {
	ctx := context.Background()
	e, clk := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 1}); err != nil {
		panic(err)
	}
	c, err := e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: e.StreamARN("orders"), ConsumerName: "billing"})
	if err != nil {
		panic(err)
	}
	sub, err := e.SubscribeToShard(ctx, stream.SubscribeToShardInput{
		ConsumerARN: c.ConsumerARN, ShardId: "shardId-000000000000",
		StartingPosition: stream.StartingPosition{Type: stream.Latest},
	})
	if err != nil {
		panic(err)
	}
	defer sub.Close()

	orders := stream.StreamRef{StreamName: "orders"}
	put, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: orders, PartitionKey: "customer-42", Data: []byte("order #1")})
	if err != nil {
		panic(err)
	}
	ev := <-sub.Events()
	fmt.Printf("%d record: %q, continuation is its sequence number: %v\n", len(ev.Records), ev.Records[0].Data,
		ev.ContinuationSequenceNumber == put.SequenceNumber.String())

	clk.Advance(stream.SubscriptionHeartbeat) // nothing put for 5 seconds
	ev = <-sub.Events()
	fmt.Printf("heartbeat: %d records, same continuation: %v\n", len(ev.Records), ev.ContinuationSequenceNumber == put.SequenceNumber.String())

	// Splitting the shard closes it: the subscription ends with its children.
	if err := e.SplitShard(ctx, stream.SplitShardInput{StreamRef: orders, ShardToSplit: "shardId-000000000000", NewStartingHashKey: "170141183460469231731687303715884105728"}); err != nil {
		panic(err)
	}
	ev = <-sub.Events()
	fmt.Printf("shard end: continuation %q, children %s %s\n", ev.ContinuationSequenceNumber, ev.ChildShards[0].ShardId, ev.ChildShards[1].ShardId)
	_, open := <-sub.Events()
	fmt.Println("open:", open, "err:", sub.Err())
	// Output:
	// 1 record: "order #1", continuation is its sequence number: true
	// heartbeat: 0 records, same continuation: true
	// shard end: continuation "", children shardId-000000000001 shardId-000000000002
	// open: false err: <nil>
}
