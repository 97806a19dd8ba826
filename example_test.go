package kinesim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// One account, one clock, one seed: create a stream, put records, read the whole stream back, and see the records
// expire when the account's virtual clock passes the retention period.
func Example() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1))
	defer acct.Close()

	streams := acct.Streams()
	ref := stream.StreamRef{StreamName: "orders"}
	if err := streams.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 2}); err != nil {
		panic(err)
	}
	for _, key := range []string{"alice", "bob", "carol"} {
		if _, err := streams.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, PartitionKey: key, Data: []byte("order of " + key)}); err != nil {
			panic(err)
		}
	}
	for r, err := range streams.Follow(ctx, stream.FollowInput{StreamRef: ref, StopAtTip: true}) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s %s: %s\n", r.ShardId, r.PartitionKey, r.Data)
	}
	fmt.Println(streams.StreamARN("orders"))

	clk.Advance(24 * time.Hour) // the default retention period
	n := 0
	for range streams.Follow(ctx, stream.FollowInput{StreamRef: ref, StopAtTip: true}) {
		n++
	}
	fmt.Println("records left after 24 hours:", n)
	// Output:
	// shardId-000000000000 alice: order of alice
	// shardId-000000000001 bob: order of bob
	// shardId-000000000001 carol: order of carol
	// arn:aws:kinesis:us-east-1:000000000000:stream/orders
	// records left after 24 hours: 0
}
