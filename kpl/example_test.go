package kpl_test

import (
	"context"
	"fmt"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/kpl"
	"github.com/kinesim/kinesim/stream"
)

// A producer puts user records into a stream of the in-process engine; the records of one shard go out in one KPL
// aggregate, and each user record's result carries its sub-sequence number in it.
func Example() {
	ctx := context.Background()
	e := stream.New(stream.WithSeed(1))
	defer e.Close()
	ref := stream.StreamRef{StreamName: "orders"}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 2}); err != nil {
		panic(err)
	}

	p, err := kpl.New(e, ref, kpl.WithClock(e.Clock()))
	if err != nil {
		panic(err)
	}
	var pending []*kpl.Pending
	for _, order := range []string{"pizza", "pasta", "salad"} {
		f, err := p.Put(ctx, kpl.UserRecord{PartitionKey: "customer-42", Data: []byte(order)})
		if err != nil {
			panic(err)
		}
		pending = append(pending, f)
	}
	if err := p.Flush(ctx); err != nil { // or wait for RecordMaxBufferedTime, 100 ms
		panic(err)
	}
	for _, f := range pending {
		r, _ := f.Wait(ctx)
		fmt.Println(r.ShardId, r.SubSequenceNumber, r.Aggregated, r.Err)
	}
	_ = p.Close()
	m := p.Metrics()
	fmt.Println("user records:", m.UserRecordsPut, "Kinesis records:", m.KinesisRecordsPut, "calls:", m.PutRecordsCalls)
	// Output:
	// shardId-000000000001 0 true <nil>
	// shardId-000000000001 1 true <nil>
	// shardId-000000000001 2 true <nil>
	// user records: 3 Kinesis records: 1 calls: 1
}

// A consumer reads the aggregate back as the KCL does, with package agg's deaggregator and the shard's hash-key
// range: one user record per sub-sequence number.
func Example_readBack() {
	ctx := context.Background()
	e := stream.New(stream.WithSeed(1))
	defer e.Close()
	ref := stream.StreamRef{StreamName: "orders"}
	_ = e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 1})
	p, _ := kpl.New(e, ref, kpl.WithClock(e.Clock()))
	for _, key := range []string{"a", "b", "c"} {
		_, _ = p.Put(ctx, kpl.UserRecord{PartitionKey: key, Data: []byte("order of " + key)})
	}
	_ = p.Close() // drains: every record is put when Close returns

	ls, _ := e.ListShards(ctx, stream.ListShardsInput{StreamRef: ref})
	it, _ := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: ls.Shards[0].ShardId, ShardIteratorType: stream.TrimHorizon})
	out, _ := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
	fmt.Println("Kinesis records:", len(out.Records))
	for _, r := range out.Records {
		users, _ := agg.AppendDeaggregated(nil, r, ls.Shards[0].HashKeyRange)
		for _, u := range users {
			fmt.Printf("%d %s %q\n", u.SubSequenceNumber, u.PartitionKey, u.Data)
		}
	}
	// Output:
	// Kinesis records: 1
	// 0 a "order of a"
	// 1 b "order of b"
	// 2 c "order of c"
}
