package stream_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/kinesim/kinesim/stream"
)

// The put path allocates nothing per record beyond the copy of the payload into the shard's arena (amortized over
// an arena segment), and one result slice per PutRecords call.
func TestPutPathAllocatesNothingPerRecord(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; CI also runs this test without it")
	}
	ctx := context.Background()
	e := stream.New(stream.WithThrottling(false), stream.WithSeed(1))
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "allocs", ShardCount: 8}); err != nil {
		t.Fatal(err)
	}
	ref := stream.StreamRef{StreamName: "allocs"}
	keys := make([]string, 10000)
	for i := range keys {
		keys[i] = "user-" + strconv.Itoa(i)
	}
	data := make([]byte, 100)

	t.Run("PutRecord", func(t *testing.T) {
		i := 0
		allocs := testing.AllocsPerRun(20000, func() {
			i++
			if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: keys[i%len(keys)]}); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 0 {
			t.Fatalf("PutRecord allocates %v times per record", allocs)
		}
	})

	t.Run("PutRecords", func(t *testing.T) {
		entries := make([]stream.PutRecordsEntry, 500)
		i := 0
		allocs := testing.AllocsPerRun(200, func() {
			for j := range entries {
				i++
				entries[j] = stream.PutRecordsEntry{Data: data, PartitionKey: keys[i%len(keys)]}
			}
			if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries}); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 1 { // the result slice
			t.Fatalf("PutRecords of 500 allocates %v times per call, want at most 1 (the results)", allocs)
		}
	})
}

// GetRecords allocates per call (the result slice and the next iterator), never per record.
func TestGetRecordsAllocatesNothingPerRecord(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; CI also runs this test without it")
	}
	ctx := context.Background()
	e := stream.New(stream.WithThrottling(false), stream.WithSeed(1))
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "allocs", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	ref := stream.StreamRef{StreamName: "allocs"}
	entries := make([]stream.PutRecordsEntry, 500)
	for j := range entries {
		entries[j] = stream.PutRecordsEntry{Data: make([]byte, 100), PartitionKey: "k" + strconv.Itoa(j)}
	}
	for range 20 {
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries}); err != nil {
			t.Fatal(err)
		}
	}
	it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: "shardId-000000000000", ShardIteratorType: stream.TrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(50, func() {
		out, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: 10000})
		if err != nil || len(out.Records) != 10000 {
			t.Fatal(err, len(out.Records))
		}
	})
	if allocs > 6 {
		t.Fatalf("GetRecords of 10,000 records allocates %v times per call", allocs)
	}
}

// A blocking reader that waits for every record (the worst case: one wake-up per record) allocates nothing per
// record: it reuses its wake-up channel and its batch buffer.
func TestBlockingReadAllocatesNothingPerRecord(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; CI also runs this test without it")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := stream.New(stream.WithThrottling(false), stream.WithSeed(1))
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "allocs", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	ref := stream.StreamRef{StreamName: "allocs"}
	got := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		in := stream.ReadInput{StreamRef: ref, ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}
		for _, err := range e.Records(ctx, in) {
			if err != nil {
				return
			}
			got <- struct{}{}
		}
	}()
	data := make([]byte, 100)
	put := func() {
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: "k"}); err != nil {
			t.Fatal(err)
		}
		<-got
	}
	put() // the reader is running and has its buffers
	if allocs := testing.AllocsPerRun(5000, put); allocs > 0 {
		t.Fatalf("a put read by a blocking reader allocates %v times per record", allocs)
	}
	cancel()
	<-done
}
