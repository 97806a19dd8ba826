package stream_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/kinesim/kinesim/stream"
)

const (
	benchRecordSize = 100
	benchKeyCount   = 10000
	benchBatch      = stream.MaxPutRecordsEntries
)

// newBenchStream returns an engine with throttling off and a stream "bench" of the given shards; the engine is
// closed when the benchmark ends.
func newBenchStream(b *testing.B, shards int) (*stream.Engine, stream.StreamRef) {
	b.Helper()
	e := stream.New(stream.WithThrottling(false), stream.WithSeed(1))
	b.Cleanup(func() { _ = e.Close() })
	if err := e.CreateStream(context.Background(), stream.CreateStreamInput{StreamName: "bench", ShardCount: shards}); err != nil {
		b.Fatal(err)
	}
	return e, stream.StreamRef{StreamName: "bench"}
}

// benchKeys returns the partition keys "user-0" … "user-9999".
func benchKeys() []string {
	keys := make([]string, benchKeyCount)
	for i := range keys {
		keys[i] = "user-" + strconv.Itoa(i)
	}
	return keys
}

// benchEntries returns a batch of n 100-byte entries with keys from keys, starting at key first.
func benchEntries(keys []string, n, first int) []stream.PutRecordsEntry {
	data := make([]byte, benchRecordSize)
	entries := make([]stream.PutRecordsEntry, n)
	for j := range entries {
		entries[j] = stream.PutRecordsEntry{Data: data, PartitionKey: keys[(first+j)%len(keys)]}
	}
	return entries
}

// shardIDs lists the stream's shard ids.
func benchShardIDs(b *testing.B, e *stream.Engine, ref stream.StreamRef) []string {
	b.Helper()
	out, err := e.ListShards(context.Background(), stream.ListShardsInput{StreamRef: ref})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(out.Shards))
	for i, sh := range out.Shards {
		ids[i] = sh.ShardId
	}
	return ids
}

// BenchmarkPutRecord puts one 100-byte record per op into an 8-shard stream, keys cycling over 10,000.
func BenchmarkPutRecord(b *testing.B) {
	ctx := context.Background()
	e, ref := newBenchStream(b, 8)
	keys := benchKeys()
	data := make([]byte, benchRecordSize)
	b.ReportAllocs()
	b.SetBytes(benchRecordSize)
	i := 0
	for b.Loop() {
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: keys[i%benchKeyCount]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPutRecords puts one batch of 500 100-byte records per op into an 8-shard stream, keys cycling over
// 10,000.
func BenchmarkPutRecords(b *testing.B) {
	ctx := context.Background()
	e, ref := newBenchStream(b, 8)
	keys := benchKeys()
	entries := benchEntries(keys, benchBatch, 0)
	b.ReportAllocs()
	b.SetBytes(benchBatch * benchRecordSize)
	i := 0
	for b.Loop() {
		for j := range entries {
			entries[j].PartitionKey = keys[(i+j)%benchKeyCount]
		}
		i += benchBatch
		out, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries})
		if err != nil {
			b.Fatal(err)
		}
		if out.FailedRecordCount != 0 {
			b.Fatalf("%d records failed", out.FailedRecordCount)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/record")
}

// BenchmarkGetRecords reads 1,000 records per op (GetRecords with Limit 1000, following NextShardIterator) from a
// shard pre-filled with 100,000 100-byte records, starting again at TRIM_HORIZON when it has read them all.
func BenchmarkGetRecords(b *testing.B) {
	const (
		limit  = 1000
		filled = 100 * limit
	)
	ctx := context.Background()
	e, ref := newBenchStream(b, 1)
	keys := benchKeys()
	for i := 0; i < filled; i += benchBatch {
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: benchEntries(keys, benchBatch, i)}); err != nil {
			b.Fatal(err)
		}
	}
	id := benchShardIDs(b, e, ref)[0]
	trimHorizon := func() string {
		out, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: id, ShardIteratorType: stream.TrimHorizon})
		if err != nil {
			b.Fatal(err)
		}
		return out.ShardIterator
	}
	it := trimHorizon()
	read := 0
	b.ReportAllocs()
	b.SetBytes(limit * benchRecordSize)
	for b.Loop() {
		out, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it, Limit: limit})
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Records) != limit {
			b.Fatalf("GetRecords returned %d records, want %d", len(out.Records), limit)
		}
		it = out.NextShardIterator
		if read += limit; read == filled {
			it, read = trimHorizon(), 0
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*limit), "ns/record")
}

// BenchmarkBlockingRead measures the latency from PutRecord to the record's arrival at a reader blocked in
// Engine.Records: each op puts one record and waits until the reader has it (ping-pong).
func BenchmarkBlockingRead(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	e, ref := newBenchStream(b, 1)
	id := benchShardIDs(b, e, ref)[0]
	got := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		var err error
		for _, err = range e.Records(ctx, stream.ReadInput{StreamRef: ref, ShardId: id, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
			if err != nil {
				break
			}
			got <- struct{}{}
		}
		done <- err
	}()
	data := make([]byte, benchRecordSize)
	b.ReportAllocs()
	b.SetBytes(benchRecordSize)
	for b.Loop() {
		if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: data, PartitionKey: "user-1"}); err != nil {
			b.Fatal(err)
		}
		<-got
	}
	b.StopTimer()
	cancel()
	if err := <-done; err != context.Canceled {
		b.Fatalf("read ended with %v, want context.Canceled", err)
	}
}

// BenchmarkSubscribe measures throughput through Subscription.Records: each op puts a batch of 500 records into a
// one-shard stream and receives them from the subscription's channel.
func BenchmarkSubscribe(b *testing.B) {
	ctx := context.Background()
	e, ref := newBenchStream(b, 1)
	id := benchShardIDs(b, e, ref)[0]
	sub, err := e.Subscribe(ctx, stream.ReadInput{StreamRef: ref, ShardId: id, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	if err != nil {
		b.Fatal(err)
	}
	entries := benchEntries(benchKeys(), benchBatch, 0)
	recs := sub.Records()
	b.ReportAllocs()
	b.SetBytes(benchBatch * benchRecordSize)
	for b.Loop() {
		if _, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries}); err != nil {
			b.Fatal(err)
		}
		for range benchBatch {
			if _, ok := <-recs; !ok {
				b.Fatalf("subscription ended: %v", sub.Err())
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/record")
	b.StopTimer()
	_ = sub.Close()
}

// benchFilled returns a one-shard stream pre-filled with n 100-byte records and its shard id.
func benchFilled(b *testing.B, n int) (*stream.Engine, stream.StreamRef, string) {
	b.Helper()
	e, ref := newBenchStream(b, 1)
	keys := benchKeys()
	for i := 0; i < n; i += benchBatch {
		if _, err := e.PutRecords(context.Background(), stream.PutRecordsInput{StreamRef: ref, Records: benchEntries(keys, benchBatch, i)}); err != nil {
			b.Fatal(err)
		}
	}
	return e, ref, benchShardIDs(b, e, ref)[0]
}

// BenchmarkReadPerRecord compares the CPU a reader spends per record when the records are there: each op reads a
// shard of 100,000 100-byte records from TRIM_HORIZON to its tip, with GetRecords (Limit 10,000, following
// NextShardIterator), with the blocking iterator Engine.Records, and with a Subscription's channel.
func BenchmarkReadPerRecord(b *testing.B) {
	const filled = 100000
	ctx := context.Background()
	e, ref, id := benchFilled(b, filled)
	from := stream.ReadInput{StreamRef: ref, ShardId: id, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}
	var sink int
	run := func(b *testing.B, read func() int) {
		b.ReportAllocs()
		b.SetBytes(filled * benchRecordSize)
		for b.Loop() {
			if n := read(); n != filled {
				b.Fatalf("read %d records, want %d", n, filled)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*filled), "ns/record")
	}
	b.Run("GetRecords", func(b *testing.B) {
		run(b, func() int {
			it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: id, ShardIteratorType: stream.TrimHorizon})
			if err != nil {
				b.Fatal(err)
			}
			n, next := 0, it.ShardIterator
			for n < filled {
				out, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: next, Limit: 10000})
				if err != nil {
					b.Fatal(err)
				}
				for i := range out.Records {
					sink += len(out.Records[i].Data)
				}
				n += len(out.Records)
				next = out.NextShardIterator
			}
			return n
		})
	})
	b.Run("Records", func(b *testing.B) {
		run(b, func() int {
			n := 0
			for r, err := range e.Records(ctx, from) {
				if err != nil {
					b.Fatal(err)
				}
				sink += len(r.Data)
				if n++; n == filled {
					break
				}
			}
			return n
		})
	})
	b.Run("Subscribe", func(b *testing.B) {
		run(b, func() int {
			sub, err := e.Subscribe(ctx, from)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for r := range sub.Records() {
				sink += len(r.Data)
				if n++; n == filled {
					break
				}
			}
			_ = sub.Close()
			return n
		})
	})
	_ = sink
}
