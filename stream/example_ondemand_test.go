package stream_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/stream"
)

// Tag a stream by its ARN, page through its tags, and see a refused tag change nothing.
func ExampleEngine_TagResource() {
	ctx := context.Background()
	e, _ := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 1, Tags: map[string]string{"team": "data"}}); err != nil {
		panic(err)
	}
	arn := e.StreamARN("orders")
	if err := e.TagResource(ctx, stream.TagResourceInput{ResourceARN: arn, Tags: map[string]string{"env": "prod", "cost-center": "42"}}); err != nil {
		panic(err)
	}
	err := e.TagResource(ctx, stream.TagResourceInput{ResourceARN: arn, Tags: map[string]string{"owner": "a;b"}})
	fmt.Println(err)

	in := stream.ListTagsForStreamInput{StreamRef: stream.StreamRef{StreamARN: arn}, Limit: 2}
	for {
		page, err := e.ListTagsForStream(ctx, in)
		if err != nil {
			panic(err)
		}
		fmt.Println(page.Tags, "more:", page.HasMoreTags)
		if !page.HasMoreTags {
			break
		}
		in.ExclusiveStartTagKey = page.Tags[len(page.Tags)-1].Key
	}
	// Output:
	// InvalidArgumentException: Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.
	// [{cost-center 42} {env prod}] more: true
	// [{team data}] more: false
}

// An on-demand stream with AUTO distribution spreads one partition key over every shard, where
// USER_PARTITION_KEY keeps it on one.
func ExampleEngine_UpdateStreamRecordDistributionStrategy() {
	ctx := context.Background()
	e, _ := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "events", StreamMode: stream.StreamModeOnDemand}); err != nil {
		panic(err)
	}
	events := stream.StreamRef{StreamName: "events"}
	shardsOf := func() map[string]int {
		n := map[string]int{}
		for range 8 {
			out, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: events, PartitionKey: "tenant-0", Data: []byte("x")})
			if err != nil {
				panic(err)
			}
			n[out.ShardId]++
		}
		return n
	}
	fmt.Println("USER_PARTITION_KEY:", shardsOf())
	err := e.UpdateStreamRecordDistributionStrategy(ctx, stream.UpdateStreamRecordDistributionStrategyInput{
		StreamARN: e.StreamARN("events"), RecordDistributionStrategy: stream.DistributionAuto})
	if err != nil {
		panic(err)
	}
	fmt.Println("AUTO:", shardsOf())
	// Output:
	// USER_PARTITION_KEY: map[shardId-000000000000:8]
	// AUTO: map[shardId-000000000000:2 shardId-000000000001:2 shardId-000000000002:2 shardId-000000000003:2]
}

// Warm an on-demand stream up for 16 MiB/s of writes: the stream splits its shards towards it in the background,
// at most doubling its capacity each minute.
func ExampleEngine_UpdateStreamWarmThroughput() {
	ctx := context.Background()
	e, clk := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "events", StreamMode: stream.StreamModeOnDemand}); err != nil {
		panic(err)
	}
	events := stream.StreamRef{StreamName: "events"}
	out, err := e.UpdateStreamWarmThroughput(ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: events, WarmThroughputMiBps: 16})
	if err != nil {
		panic(err)
	}
	fmt.Printf("asked: %+v\n", out.WarmThroughput)
	for range 3 {
		clk.Advance(time.Minute)
		s, err := e.DescribeStreamSummary(ctx, events)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d open shards, %+v\n", s.OpenShardCount, *s.WarmThroughput)
	}
	// Output:
	// asked: {TargetMiBps:16 CurrentMiBps:4}
	// 8 open shards, {TargetMiBps:16 CurrentMiBps:8}
	// 16 open shards, {TargetMiBps:16 CurrentMiBps:16}
	// 16 open shards, {TargetMiBps:16 CurrentMiBps:16}
}
