package stream_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/kinesim/kinesim/stream"
)

// The put path allocates nothing per record beyond the copy of the payload into the shard's arena (amortized over
// an arena segment), and one result slice per PutRecords call: the sequence numbers are values and the shard ids
// the shards' own strings. This holds for every key space — keys that recur (the hash cache and the key
// dictionary at work), far more keys than the cache holds (the cache stepping aside), a new key per record (the
// key dictionary stepping aside) — and for explicit hash keys.
func TestPutPathAllocatesNothingPerRecord(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; CI also runs this test without it")
	}
	ctx := context.Background()
	data := make([]byte, 100)
	tenK := benchKeys()                // "user-0" … "user-9999"
	manyKeys := make([]string, 200000) // more keys than the hash cache holds
	for i := range manyKeys {
		manyKeys[i] = "k" + strconv.Itoa(i*31)
	}
	for _, tc := range []struct {
		name string
		key  func(i int) string
		ehk  func(i int) string
	}{
		{"10k keys", func(i int) string { return tenK[i%10000] }, nil},
		{"200k keys", func(i int) string { return manyKeys[i%len(manyKeys)] }, nil},
		{"a new key per record", func(i int) string { return manyKeys[i%len(manyKeys)] + "-" + strconv.Itoa(i/len(manyKeys)) }, nil},
		{"explicit hash keys", func(i int) string { return tenK[i%10000] }, func(i int) string { return strconv.Itoa(i * 7919) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := stream.New(stream.WithThrottling(false), stream.WithSeed(1))
			defer e.Close()
			if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "allocs", ShardCount: 8}); err != nil {
				t.Fatal(err)
			}
			ref := stream.StreamRef{StreamName: "allocs"}
			keys := make([]string, 100000) // made before measuring: the new-key case builds its strings
			ehks := make([]string, len(keys))
			for i := range keys {
				keys[i] = tc.key(i)
				if tc.ehk != nil {
					ehks[i] = tc.ehk(i)
				}
			}
			i := 0
			single := testing.AllocsPerRun(20000, func() {
				i++
				in := stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: keys[i%len(keys)], ExplicitHashKey: ehks[i%len(keys)]}
				if _, err := e.PutRecord(ctx, in); err != nil {
					t.Fatal(err)
				}
			})
			if single > 0 {
				t.Errorf("PutRecord allocates %v times per record", single)
			}
			entries := make([]stream.PutRecordsEntry, 500)
			batch := testing.AllocsPerRun(100, func() {
				for j := range entries {
					i++
					entries[j] = stream.PutRecordsEntry{Data: data, PartitionKey: keys[i%len(keys)], ExplicitHashKey: ehks[i%len(keys)]}
				}
				if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries}); err != nil {
					t.Fatal(err)
				}
			})
			// The result slice, and the amortized growth of the arena (a segment per 256 KiB) and of the key
			// dictionary (a chunk per 64 KiB of new keys): a few per call, where a cost per entry would be 500.
			if batch > 3 {
				t.Errorf("PutRecords of 500 allocates %v times per call, want at most 3 (the results and amortized growth)", batch)
			}
		})
	}
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
