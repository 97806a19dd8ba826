package awssdk_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/stream"
)

// BenchmarkSDKSubscribeToShardLatency measures how long a record takes from a put through the Go API to the SDK
// client's event stream in process (the engine's push, the event-stream framing in JSON, the in-process pipe and
// the SDK's decoding): each op puts one 100-byte record and waits for the SubscribeToShardEvent that carries it.
// It reports the median in microseconds (median-µs) besides the mean (ns/op), on the real clock.
func BenchmarkSDKSubscribeToShardLatency(b *testing.B) {
	acct := kinesim.New(kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false)))
	defer acct.Close()
	ctx := context.Background()
	e := acct.Streams()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "bench", ShardCount: 1}); err != nil {
		b.Fatal(err)
	}
	c := awssdk.NewKinesisClient(acct)
	reg, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(e.StreamARN("bench")), ConsumerName: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	out, err := c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN, ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	if err != nil {
		b.Fatal(err)
	}
	s := out.GetStream()
	defer s.Close()
	events := s.Events()
	ref := stream.StreamRef{StreamName: "bench"}
	data := make([]byte, 100)
	var lat []time.Duration
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		start := time.Now()
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: "user-1"}); err != nil {
			b.Fatal(err)
		}
		for got := false; !got; {
			ev, ok := <-events
			if !ok {
				b.Fatalf("the stream ended: %v", s.Err())
			}
			se, isEvent := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
			got = isEvent && len(se.Value.Records) > 0
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "median-µs")
}
