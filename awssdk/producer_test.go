package awssdk_test

import (
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"strconv"
	"sync"
	"testing"
	"time"

	producer "github.com/a8m/kinesis-producer"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// a8m/kinesis-producer (a KPL-like producer in Go, pinned in go.mod), unmodified, puts 100,000 user records with
// its aggregation on through an SDK v2 client of awssdk.NewKinesisClient (its Putter), and every one reads back
// exactly once after deaggregation with kinesim's agg package: the user records of an aggregated record carry its
// sequence number and sub-sequence numbers 0…n−1 in the order they were put; the records too large to aggregate
// arrive on their own (not aggregated, sub-sequence number 0). Sources: the KPL aggregation format
// (github.com/awslabs/amazon-kinesis-producer, aggregation-format.md; shared/docs/data-streams.md §2.1); the
// producer's aggregator.go and producer.go (aggregates up to AggregateBatchCount records, sends a record above
// AggregateBatchSize alone, Stop flushes everything); Kinesis API Reference, PutRecords, GetRecords.
//
// The producer runs on real timers (third-party code); the engine runs on a manual clock with throttling off, so
// no put is throttled and nothing waits on the producer's backoff.
func TestKinesisProducerAggregatesAndEveryRecordReadsBack(t *testing.T) {
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false)))
	t.Cleanup(func() { _ = acct.Close() })
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
	ctx := t.Context()
	const name, shards = "kpl", 4
	mustCreate(t, c, name, shards)

	const (
		n         = 100_000
		perAgg    = 500    // AggregateBatchCount
		aggMax    = 1024   // AggregateBatchSize: a user record larger than this bypasses aggregation
		bigEvery  = 10_000 // every bigEvery-th record is too large to aggregate
		bigRecord = 2 * aggMax
	)
	p := producer.New(&producer.Config{
		StreamName:          name,
		Client:              c, // *kinesis.Client is a producer.Putter
		AggregateBatchCount: perAgg,
		AggregateBatchSize:  aggMax,
		FlushInterval:       50 * time.Millisecond,
		Logger:              &producer.StdLogger{Logger: log.New(io.Discard, "", 0)},
	})
	failures := p.NotifyFailures()
	var failed []string
	var wg sync.WaitGroup
	wg.Go(func() {
		for f := range failures { // closed by Stop
			failed = append(failed, fmt.Sprintf("%q: %v", f.Data[:min(len(f.Data), 24)], f))
		}
	})
	began := time.Now()
	p.Start()
	for i := range n {
		// Each user record's data is its index, 4 bytes big-endian (kept small: the test's time under the race
		// detector goes in proportion to the bytes moved).
		size := 4
		if i%bigEvery == bigEvery-1 {
			size = bigRecord
		}
		data := binary.BigEndian.AppendUint32(make([]byte, 0, size), uint32(i))[:size]
		if err := p.Put(data, "key-"+strconv.Itoa(i%1000)); err != nil {
			t.Fatalf("Put %d: %v", i, err)
		}
	}
	putDone := time.Since(began)
	p.Stop() // flushes the aggregator and the backlog and waits for the in-flight PutRecords
	wg.Wait()
	if len(failed) != 0 {
		t.Fatalf("%d records failed, first %s", len(failed), failed[0])
	}

	stopped := time.Since(began)
	ls, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(name)})
	if err != nil || len(ls.Shards) != shards {
		t.Fatalf("ListShards: %v, %v", ls, err)
	}
	seen := make([]int, n) // times each user record was read
	aggregates, unaggregated, kinesisRecords := 0, 0, 0
	for _, sh := range ls.Shards {
		it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: sh.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatalf("GetShardIterator: %v", err)
		}
		iter := it.ShardIterator
		for polls := 0; ; polls++ {
			if polls > 1000 {
				t.Fatalf("shard %s not caught up after 1000 GetRecords calls", aws.ToString(sh.ShardId))
			}
			out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				t.Fatalf("GetRecords: %v", err)
			}
			for _, r := range out.Records {
				kinesisRecords++
				seq, err := record.ParseSequenceNumber(aws.ToString(r.SequenceNumber))
				if err != nil {
					t.Fatalf("sequence number %q: %v", aws.ToString(r.SequenceNumber), err)
				}
				users, err := agg.Deaggregate(record.Record{Data: r.Data, PartitionKey: aws.ToString(r.PartitionKey), SequenceNumber: seq, ShardId: aws.ToString(sh.ShardId)})
				if err != nil {
					t.Fatalf("Deaggregate %s: %v", aws.ToString(r.SequenceNumber), err)
				}
				if len(users) == 0 {
					t.Fatalf("record %s deaggregates to no user records", aws.ToString(r.SequenceNumber))
				}
				if users[0].Aggregated {
					aggregates++
				} else {
					unaggregated++
				}
				last := -1
				for j, u := range users {
					if u.SubSequenceNumber != uint64(j) || u.SequenceNumber != seq || u.Aggregated != users[0].Aggregated {
						t.Fatalf("record %s, user record %d: sub-sequence number %d, sequence number %s, aggregated %v",
							aws.ToString(r.SequenceNumber), j, u.SubSequenceNumber, u.SequenceNumber, u.Aggregated)
					}
					if len(u.Data) != 4 && len(u.Data) != bigRecord {
						t.Fatalf("record %s, user record %d: %d bytes of data, want 4 or %d", aws.ToString(r.SequenceNumber), j, len(u.Data), bigRecord)
					}
					idx := int(binary.BigEndian.Uint32(u.Data))
					if idx >= n || (len(u.Data) == bigRecord) != (idx%bigEvery == bigEvery-1) {
						t.Fatalf("record %s, user record %d: unexpected data %q", aws.ToString(r.SequenceNumber), j, u.Data[:min(len(u.Data), 40)])
					}
					if idx <= last {
						t.Fatalf("record %s: user record %d (put %d) comes after put %d", aws.ToString(r.SequenceNumber), j, idx, last)
					}
					last = idx
					seen[idx]++
				}
			}
			iter = out.NextShardIterator
			if len(out.Records) == 0 && aws.ToInt64(out.MillisBehindLatest) == 0 {
				break
			}
		}
	}
	for i, k := range seen {
		if k != 1 {
			t.Fatalf("user record %d read %d times, want once", i, k)
		}
	}
	if unaggregated != n/bigEvery {
		t.Errorf("%d records arrived unaggregated, want the %d too large to aggregate", unaggregated, n/bigEvery)
	}
	if aggregates < (n-n/bigEvery)/perAgg {
		t.Errorf("%d aggregated records for %d small user records, want at least %d (%d per aggregate at most)", aggregates, n-n/bigEvery, (n-n/bigEvery)/perAgg, perAgg)
	}
	t.Logf("%d user records in %d Kinesis records: %d aggregated, %d alone; put %v stop %v read %v", n, kinesisRecords, aggregates, unaggregated, putDone, stopped, time.Since(began))
}
