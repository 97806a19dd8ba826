// Quickstart embeds Kinesis in a Go program: it makes an account on a manual (virtual) clock, creates a stream of 4
// shards, puts 10,000 records over 1,000 partition keys, reads every shard back and prints how the keys spread,
// reads the whole stream with a follower, then advances the clock past the 24-hour retention period to show the
// records expire and their memory is released.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

func main() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	start := time.Now()
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(42))
	defer acct.Close()
	e := acct.Streams()

	ref := stream.StreamRef{StreamName: "quickstart"}
	must(e.CreateStream(ctx, stream.CreateStreamInput{StreamName: ref.StreamName, ShardCount: 4}))

	// 10,000 records over 1,000 keys, in batches of 500, one batch per virtual second (500 records/s spread over
	// 4 shards stays well inside each shard's 1,000 records/s).
	const records, keys, batch = 10_000, 1_000, 500
	entries := make([]stream.PutRecordsEntry, 0, batch)
	for i := 0; i < records; i++ {
		entries = append(entries, stream.PutRecordsEntry{
			Data:         []byte(`{"order":` + strconv.Itoa(i) + `}`),
			PartitionKey: "customer-" + strconv.Itoa(i%keys),
		})
		if len(entries) == batch {
			out, err := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries})
			must(err)
			if out.FailedRecordCount > 0 {
				log.Fatalf("%d records throttled", out.FailedRecordCount)
			}
			entries = entries[:0]
			clk.Advance(time.Second)
		}
	}
	fmt.Printf("put %d records in %v of wall time (%v of virtual time)\n", records, time.Since(start).Round(time.Millisecond), 20*time.Second)

	shards, err := e.ListShards(ctx, stream.ListShardsInput{StreamRef: ref})
	must(err)
	fmt.Println("\nshard                 hash keys from                            records   share")
	for _, sh := range shards.Shards {
		n := countShard(ctx, e, ref, sh.ShardId)
		fmt.Printf("%s  %-40s  %7d  %5.1f%%\n", sh.ShardId, sh.HashKeyRange.StartingHashKey, n, 100*float64(n)/records)
	}

	// The whole stream, as the Kinesis Client Library reads it: every shard, parents before children.
	followed := 0
	for _, err := range e.Follow(ctx, stream.FollowInput{StreamRef: ref, StopAtTip: true}) {
		must(err)
		followed++
	}
	fmt.Printf("\na follower of the whole stream read %d records\n", followed)

	// Retention: records expire 24 hours after they arrived; the engine's timer releases their memory.
	it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: shards.Shards[0].ShardId, ShardIteratorType: stream.TrimHorizon})
	must(err)
	memory := func() (held int64) {
		for _, sh := range shards.Shards {
			info, err := e.ShardInfo(ctx, ref, sh.ShardId)
			must(err)
			held += info.MemoryBytes
		}
		return held
	}
	fmt.Printf("\nretention is %dh; the stream holds %d KiB for its records\n", stream.DefaultRetentionHours, memory()>>10)
	clk.Advance(23 * time.Hour)
	fmt.Printf("after 23h: shard 0 holds %d readable records, the stream %d KiB\n", countShard(ctx, e, ref, shards.Shards[0].ShardId), memory()>>10)
	clk.Advance(time.Hour) // the retention timer fires: no read is needed to release memory
	fmt.Printf("after 24h: the stream holds %d KiB, shard 0 %d readable records\n", memory()>>10, countShard(ctx, e, ref, shards.Shards[0].ShardId))
	if _, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator}); errors.Is(err, apierr.ExpiredIterator) {
		fmt.Println("an iterator taken 24h ago:", err)
	}
}

// countShard reads a whole shard with GetRecords and returns how many records it holds.
func countShard(ctx context.Context, e *stream.Engine, ref stream.StreamRef, shardID string) int {
	it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: shardID, ShardIteratorType: stream.TrimHorizon})
	must(err)
	n, next := 0, it.ShardIterator
	for {
		out, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: next})
		must(err)
		n += len(out.Records)
		if len(out.Records) == 0 || out.MillisBehindLatest == 0 && len(out.Records) < stream.MaxGetRecordsLimit {
			return n
		}
		next = out.NextShardIterator
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
