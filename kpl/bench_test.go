package kpl_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/kinesim/kinesim/kpl"
	"github.com/kinesim/kinesim/stream"
)

// runUntil moves both clocks of v to t, stepping from one producer timer to the next on the way.
func (v *env) runUntil(t time.Time) {
	for {
		if err := v.clk.WaitPending(context.Background(), 1); err != nil {
			v.t.Fatal(err)
		}
		next, _ := v.clk.Next()
		if next.After(t) {
			v.eclk.AdvanceTo(t)
			v.clk.AdvanceTo(t)
			return
		}
		v.eclk.AdvanceTo(next)
		v.clk.AdvanceTo(next)
	}
}

// The producer alone on a throttled 4-shard stream, given more than the shards take, keeps each shard at its write
// limit (1 MiB/s of data and partition keys) without being throttled: the custom metrics are each shard's
// utilisation over 10 s of virtual time after the first second (the token buckets' burst), and the entries the
// stream throttled. Sources: Kinesis API Reference, PutRecords (1 MiB/s and 1,000 records/s per shard); DevGuide
// kinesis-producer-adv-retries-rate-limiting.
func BenchmarkProducerFillsThrottledShards(b *testing.B) {
	const (
		shards  = 4
		size    = 1000
		warm    = time.Second
		window  = 10 * time.Second
		offered = 1.15 // times what the shards take in warm+window
	)
	n := int(offered * float64(shards*stream.WriteBytesPerShard) * (warm + window).Seconds() / size)
	data := make([]byte, size-8)
	b.ReportAllocs()
	b.SetBytes(int64(n * size))
	var minUtil, maxUtil float64
	var util [shards]float64
	var throttled int64
	for b.Loop() {
		v := newEnv(b, shards, true)
		p, err := kpl.New(v.e, v.ref, kpl.WithClock(v.clk), kpl.WithRecordTTL(time.Minute))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		for i := range n {
			if _, err := p.Put(ctx, kpl.UserRecord{PartitionKey: "k" + strconv.Itoa(i), Data: data}); err != nil {
				b.Fatal(err)
			}
		}
		bytesAt := func() [shards]int64 {
			var out [shards]int64
			for s := range shards {
				info, err := v.e.ShardInfo(ctx, v.ref, fmt.Sprintf("shardId-%012d", s))
				if err != nil {
					b.Fatal(err)
				}
				out[s] = info.Bytes
			}
			return out
		}
		v.runUntil(t0.Add(warm))
		before := bytesAt()
		v.runUntil(t0.Add(warm + window))
		after := bytesAt()
		minUtil, maxUtil = 2, 0
		for s := range shards {
			util[s] = float64(after[s]-before[s]) / (stream.WriteBytesPerShard * window.Seconds())
			minUtil, maxUtil = min(minUtil, util[s]), max(maxUtil, util[s])
		}
		throttled = p.Metrics().Throttled
		done := make(chan struct{})
		go func() { _ = p.Close(); close(done) }()
		v.until(done)
	}
	for s := range shards {
		b.ReportMetric(100*util[s], fmt.Sprintf("shard%d-util%%", s))
	}
	b.ReportMetric(100*minUtil, "min-util%")
	b.ReportMetric(100*maxUtil, "max-util%")
	b.ReportMetric(float64(throttled), "throttled")
	// Not exceeding the limit: the stream, whose buckets are exactly AWS's, throttled nothing. The window may hold a
	// little more than 10 s of the limit: the tokens left in a bucket when it opens, less than one aggregate.
	slack := float64(kpl.DefaultAggregationMaxSize+256) / (stream.WriteBytesPerShard * window.Seconds())
	if minUtil < 0.9 || maxUtil > 1+slack || throttled != 0 {
		b.Errorf("shard utilisation %.3f%% … %.3f%%, %d throttled: want 90 … 100%% (+%.2f%%), none throttled", 100*minUtil, 100*maxUtil, throttled, 100*slack)
	}
}

// Records per second through the producer into the in-process engine with throttling off: batches of 1,000
// records of 100 bytes on 1,000 keys over 4 shards, each batch flushed, the producer's rate limiting off (wall time; the virtual
// clock never moves).
func BenchmarkProducerRecordsPerSecond(b *testing.B) {
	v := newEnv(b, 4, false)
	p, err := kpl.New(v.e, v.ref, kpl.WithClock(v.clk), kpl.WithoutRateLimit())
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	const batch = 1000
	keys := make([]string, batch)
	for i := range keys {
		keys[i] = "customer-" + strconv.Itoa(i)
	}
	data := make([]byte, 100)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(batch * int64(len(data)+len(keys[0])))
	start := time.Now()
	for b.Loop() {
		for _, k := range keys {
			if _, err := p.Put(ctx, kpl.UserRecord{PartitionKey: k, Data: data}); err != nil {
				b.Fatal(err)
			}
		}
		if err := p.Flush(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/time.Since(start).Seconds(), "records/s")
	if m := p.Metrics(); m.Failed != 0 {
		b.Fatalf("%d records failed", m.Failed)
	}
}
