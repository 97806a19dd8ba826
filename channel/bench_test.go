package channel_test

import (
	"context"
	"iter"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
)

// sliceSource is a Source whose stream holds recs: Follow yields them, then waits for ctx.
type sliceSource struct{ recs []record.Record }

func (s sliceSource) Follow(ctx context.Context, _ string, _ time.Time) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		for _, r := range s.recs {
			if !yield(r, nil) {
				return
			}
		}
		<-ctx.Done()
		yield(record.Record{}, ctx.Err())
	}
}

func (sliceSource) Stream(context.Context, string) (channel.SourceStream, error) {
	return channel.SourceStream{Created: t0, OnDemand: true}, nil
}

// countingStore counts what it is given and keeps nothing.
type countingStore struct{ bytes atomic.Int64 }

func (c *countingStore) PutObject(_ context.Context, _, _ string, body []byte) error {
	c.bytes.Add(int64(len(body)))
	return nil
}

// BenchmarkChannelDelivery reads 1 KiB JSON records, validates them, buffers them into 8 MiB objects and writes
// them, uncompressed or GZIP, to a store that keeps nothing.
func BenchmarkChannelDelivery(b *testing.B) {
	for _, comp := range []channel.S3CompressionType{channel.S3CompressionTypeNone, channel.S3CompressionTypeGzip} {
		b.Run(string(comp), func(b *testing.B) {
			data := []byte(`{"order":"` + strings.Repeat("x", 1024-12) + `"}`)
			recs := make([]record.Record, b.N)
			for i := range recs {
				recs[i] = record.Record{Data: data, PartitionKey: "k", ShardId: "shardId-000000000000", ApproximateArrivalTimestamp: t0}
			}
			store := &countingStore{}
			e := channel.New(channel.WithClock(clock.NewManual(t0)), channel.WithSeed(1), channel.WithSource(sliceSource{recs}),
				channel.WithObjectStore(store), channel.WithTargetObjectSize(8<<20))
			defer e.Close()
			ctx := context.Background()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			out, err := e.CreateChannel(ctx, input("c", "arn:aws:kinesis:us-east-1:000000000000:stream/s", channel.RecordFormatTypeJSON, s3(comp)))
			if err != nil {
				b.Fatal(err)
			}
			arn := out.ChannelDescription.ChannelARN
			if err := e.WaitIncoming(ctx, arn, int64(b.N)); err != nil {
				b.Fatal(err)
			}
			if err := e.Flush(ctx, arn); err != nil {
				b.Fatal(err)
			}
			if store.bytes.Load() == 0 {
				b.Fatal("nothing delivered")
			}
		})
	}
}
