package stream_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// An engine on a manual clock with a fixed seed: every output below is the same on every run.
func newExampleEngine() (*stream.Engine, *clock.Manual) {
	clk := clock.NewManual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	return stream.New(stream.WithClock(clk), stream.WithSeed(1)), clk
}

// Create a stream, put a record, and read it back with a shard iterator.
func ExampleEngine() {
	ctx := context.Background()
	e, _ := newExampleEngine()
	defer e.Close()

	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 2}); err != nil {
		panic(err)
	}
	orders := stream.StreamRef{StreamName: "orders"}
	put, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: orders, PartitionKey: "customer-42", Data: []byte("order #1")})
	if err != nil {
		panic(err)
	}
	fmt.Println("stored in", put.ShardId)

	it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: orders, ShardId: put.ShardId, ShardIteratorType: stream.TrimHorizon})
	if err != nil {
		panic(err)
	}
	out, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		panic(err)
	}
	for _, r := range out.Records {
		fmt.Printf("%s %q same sequence number: %v\n", r.PartitionKey, r.Data, r.SequenceNumber == put.SequenceNumber)
	}
	fmt.Println("behind:", out.MillisBehindLatest, "ms; more to read:", out.NextShardIterator != "")

	// Errors are AWS's exceptions, matched with errors.Is.
	_, err = e.PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "nope"}, PartitionKey: "k"})
	fmt.Println(errors.Is(err, apierr.ResourceNotFound), err)
	// Output:
	// stored in shardId-000000000001
	// customer-42 "order #1" same sequence number: true
	// behind: 0 ms; more to read: true
	// true ResourceNotFoundException: Stream nope under account 000000000000 not found.
}

// PutRecords writes up to 500 records in one call; results come back in request order, each with its shard, or
// with an error code when that entry alone failed (here, because shard 0's 1,000 records a second are used up).
func ExampleEngine_PutRecords() {
	ctx := context.Background()
	e, _ := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "clicks", ShardCount: 2}); err != nil {
		panic(err)
	}
	clicks := stream.StreamRef{StreamName: "clicks"}
	fill := make([]stream.PutRecordsEntry, 500)
	for i := range fill {
		fill[i] = stream.PutRecordsEntry{PartitionKey: "user-1", ExplicitHashKey: "0"} // all to shard 0
	}
	for range 2 {
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: clicks, Records: fill}); err != nil {
			panic(err)
		}
	}

	out, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: clicks, Records: []stream.PutRecordsEntry{
		{PartitionKey: "user-1", Data: []byte("a"), ExplicitHashKey: "0"},
		{PartitionKey: "user-2", Data: []byte("b"), ExplicitHashKey: "340282366920938463463374607431768211455"},
	}})
	if err != nil {
		panic(err)
	}
	fmt.Println("failed:", out.FailedRecordCount)
	for i, r := range out.Records {
		if r.ErrorCode != "" {
			fmt.Println(i, r.ErrorCode, r.ErrorMessage)
			continue
		}
		fmt.Println(i, r.ShardId)
	}
	// Output:
	// failed: 1
	// 0 ProvisionedThroughputExceededException Rate exceeded for shard shardId-000000000000 in stream clicks under account 000000000000.
	// 1 shardId-000000000001
}

// Records is an iterator that blocks for new records: a put wakes the reader directly, without polling.
func ExampleEngine_Records() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, _ := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "events", ShardCount: 1}); err != nil {
		panic(err)
	}
	events := stream.StreamRef{StreamName: "events"}

	done := make(chan struct{})
	go func() {
		defer close(done)
		in := stream.ReadInput{StreamRef: events, ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}
		n := 0
		for r, err := range e.Records(ctx, in) {
			if err != nil {
				fmt.Println("read ended:", err)
				return
			}
			fmt.Printf("got %s\n", r.Data)
			if n++; n == 3 {
				return // breaking out of the loop ends the read
			}
		}
	}()
	for _, s := range []string{"one", "two", "three"} {
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: events, PartitionKey: "k", Data: []byte(s)}); err != nil {
			panic(err)
		}
	}
	<-done
	// Output:
	// got one
	// got two
	// got three
}

// Subscribe delivers a shard's records on a channel from a goroutine the engine owns; Close ends it and closes
// the channel.
func ExampleEngine_Subscribe() {
	ctx := context.Background()
	e, _ := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "events", ShardCount: 1}); err != nil {
		panic(err)
	}
	events := stream.StreamRef{StreamName: "events"}
	sub, err := e.Subscribe(ctx, stream.ReadInput{StreamRef: events, ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
	if err != nil {
		panic(err)
	}
	for _, s := range []string{"hello", "world"} {
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: events, PartitionKey: "k", Data: []byte(s)}); err != nil {
			panic(err)
		}
	}
	fmt.Printf("%s\n", (<-sub.Records()).Data)
	fmt.Printf("%s\n", (<-sub.Records()).Data)

	sub.Close()
	_, open := <-sub.Records()
	fmt.Println("channel open:", open, "err:", sub.Err())
	// Output:
	// hello
	// world
	// channel open: false err: context canceled
}

// With a manual clock, retention is exact: a record is readable until it is 24 hours old, and its memory is
// released by the engine's retention timer when the clock passes that moment, whether or not anyone reads.
func Example_retention() {
	ctx := context.Background()
	e, clk := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "audit", ShardCount: 1}); err != nil {
		panic(err)
	}
	audit := stream.StreamRef{StreamName: "audit"}
	if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: audit, PartitionKey: "k", Data: []byte("login")}); err != nil {
		panic(err)
	}
	count := func() int {
		it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: audit, ShardId: "shardId-000000000000", ShardIteratorType: stream.TrimHorizon})
		if err != nil {
			panic(err)
		}
		out, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil {
			panic(err)
		}
		return len(out.Records)
	}

	clk.Advance(24*time.Hour - time.Millisecond)
	fmt.Println(clk.Now().Format(time.DateTime+".000"), "records:", count())
	clk.Advance(time.Millisecond)
	info, _ := e.ShardInfo(ctx, audit, "shardId-000000000000")
	fmt.Println(clk.Now().Format(time.DateTime+".000"), "records:", info.Records, "memory released:", info.MemoryBytes == 0)
	// Output:
	// 2024-01-01 23:59:59.999 records: 1
	// 2024-01-02 00:00:00.000 records: 0 memory released: true
}
