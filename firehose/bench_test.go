package firehose_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/compress"
)

// Direct PUT of 500-record batches into an uncompressed memory store (issue 10's target: ≥ 1 M records/s).
func BenchmarkPutRecordBatch500(b *testing.B) {
	e, _ := newEngine(b, firehose.WithThrottling(false))
	create(b, e, "s", s3(hints(128, 900)))
	recs := make([]firehose.Record, 500)
	for i := range recs {
		recs[i].Data = bytes.Repeat([]byte("r"), 100)
	}
	ctx := context.Background()
	in := firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: recs}
	b.ReportAllocs()
	b.SetBytes(500 * 100)
	for b.Loop() {
		if _, err := e.PutRecordBatch(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	flush(b, e, "s")
	b.ReportMetric(float64(b.N)*500/b.Elapsed().Seconds(), "records/s")
}

// 1 KiB JSON records through buffering and GZIP into the memory store, against the same compressor alone on the
// same bytes (issue 10's target: ≥ 0.8× the compressor's throughput). Each iteration moves 64 MiB.
func BenchmarkGzipDelivery(b *testing.B) {
	// 4,096 distinct 1 KiB JSON records with varied fields, as a click stream would have.
	rng := rand.New(rand.NewPCG(1, 1))
	recs := make([][]byte, 4096)
	var all []byte
	for i := range recs {
		r := fmt.Appendf(nil, `{"id":%d,"user":"u%06d","ticker":"%s","price":%d.%02d,"ts":%d,"note":"`,
			i, rng.IntN(1e6), []string{"AMZN", "MSFT", "GOOG", "AAPL"}[rng.IntN(4)], rng.IntN(1000), rng.IntN(100), 1780000000000+rng.Int64N(1e9))
		for len(r) < 1022 {
			r = append(r, "abcdefghijklmnopqrstuvwxyz0123456789 "[rng.IntN(37)])
		}
		recs[i] = append(r, '"', '}')
		all = append(all, recs[i]...)
	}
	rec := recs[0]
	const perIter = 64 << 20
	n := perIter / len(rec)
	b.Run("compressor-alone", func(b *testing.B) {
		data := bytes.Repeat(all, 5<<20/len(all)+1)[:5<<20] // the 5 MiB objects the engine writes
		b.SetBytes(perIter)
		b.ReportAllocs()
		var dst []byte
		for b.Loop() {
			for done := 0; done < perIter; done += len(data) {
				dst, _ = compress.Encode(dst[:0], data, compress.GZIP, compress.Options{})
			}
		}
	})
	b.Run("buffer+gzip+store", func(b *testing.B) {
		e, _ := newEngine(b, firehose.WithThrottling(false))
		c := s3(hints(5, 900))
		c.CompressionFormat = firehose.GZIP
		create(b, e, "s", c)
		batch := make([]firehose.Record, 500)
		for i := range batch {
			batch[i].Data = recs[i]
		}
		ctx := context.Background()
		b.SetBytes(perIter)
		b.ReportAllocs()
		for b.Loop() {
			for put := 0; put < n; put += len(batch) {
				for i := range batch {
					batch[i].Data = recs[(put+i)%len(recs)]
				}
				if _, err := e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: batch}); err != nil {
					b.Fatal(err)
				}
			}
			flush(b, e, "s")
		}
	})
}

// 500-record batches of small JSON records through the processing path: a jq MetadataExtraction query and dynamic
// partitioning over 8 partitions, delivered when the benchmark flushes (the query dominates).
func BenchmarkDynamicPartitioning500(b *testing.B) {
	e, _ := newEngine(b, firehose.WithThrottling(false))
	c := dynamic("{t: .ticker}", "t=!{partitionKeyFromQuery:t}/")
	c.BufferingHints = hints(128, 900)
	create(b, e, "s", c)
	recs := make([]firehose.Record, 500)
	size := 0
	for i := range recs {
		recs[i].Data = fmt.Appendf(nil, `{"id":%d,"ticker":"T%d","price":%d}`, i, i%8, i*3)
		size += len(recs[i].Data)
	}
	ctx := context.Background()
	in := firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: recs}
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		if _, err := e.PutRecordBatch(ctx, in); err != nil {
			b.Fatal(err)
		}
		flush(b, e, "s")
	}
	b.ReportMetric(float64(b.N)*500/b.Elapsed().Seconds(), "records/s")
}

// 1 KiB records through buffering to an in-process HTTP endpoint that acknowledges without reading the records:
// the cost of the request's JSON body (base64 of every record) and the response check. Each iteration delivers one
// 1 MiB buffer.
func BenchmarkHTTPEndpointDelivery(b *testing.B) {
	ack := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"requestId":%q,"timestamp":0}`, r.Header.Get("X-Amz-Firehose-Request-Id"))
	})
	e, _ := newEngine(b, firehose.WithThrottling(false), firehose.WithHTTPEndpoint(endpointURL, ack))
	c := httpConfig()
	c.RequestConfiguration = nil
	c.BufferingHints = hints(1, 900)
	if _, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s",
		HttpEndpointDestinationConfiguration: c}); err != nil {
		b.Fatal(err)
	}
	recs := make([]firehose.Record, 500)
	for i := range recs {
		recs[i].Data = bytes.Repeat([]byte("r"), 1<<10)
	}
	in := firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: recs}
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(2 * 500 << 10)
	for b.Loop() {
		for range 2 {
			if _, err := e.PutRecordBatch(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
		flush(b, e, "s")
	}
	m, _ := e.Metrics("s")
	if m.DeliveryToHttpEndpoint.Records != int64(b.N)*1000 {
		b.Fatalf("delivered %d of %d", m.DeliveryToHttpEndpoint.Records, b.N*1000)
	}
}
