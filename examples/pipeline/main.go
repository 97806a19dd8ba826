// Pipeline is the seeds' streaming pipeline in one process: orders go into a Kinesis data stream; a Firehose
// delivery stream reads it, runs a transformation (a Go function registered as a Lambda ARN: drop test orders,
// compute each order's total), partitions the records by their "region" field (a jq MetadataExtraction query),
// converts them to Parquet under a declared schema and writes the objects to a local directory; every object
// written sends an object-created notification to a second function, which reads the Parquet rows back and
// upserts them into a table (an in-memory map), printed at the end. Time is virtual (a manual clock advanced by
// the program), so every run prints the same keys.
//
//	go run ./examples/pipeline
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/stream"
)

const (
	role      = "arn:aws:iam::000000000000:role/firehose"
	enrichARN = "arn:aws:lambda:us-east-1:000000000000:function:enrich"
)

// notifying is the bucket's store: a directory, and an S3-style ObjectCreated event after each write.
type notifying struct {
	dir    *firehose.DirStore
	events chan<- firehose.ObjectCreated // closed by main once the account is closed (no more writes)
}

func (n notifying) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	if err := n.dir.PutObject(ctx, bucket, key, body); err != nil {
		return err
	}
	n.events <- firehose.ObjectCreated{Bucket: bucket, Key: key, Size: len(body)}
	return nil
}

func ptr[T any](v T) *T { return &v }

func param(name process.ProcessorParameterName, value string) process.ProcessorParameter {
	return process.ProcessorParameter{ParameterName: name, ParameterValue: ptr(value)}
}

func main() {
	ctx := context.Background()
	root, err := os.MkdirTemp("", "kinesim-pipeline-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	dir := firehose.NewDirStore(root)
	events := make(chan firehose.ObjectCreated, 64)

	// The transformation: drop test orders, add total = qty × price (in cents).
	enrich := process.Chain(
		process.Filter(func(o process.JSONObject) bool { return o["test"] != true }),
		process.Map(func(o process.JSONObject) (process.JSONObject, error) {
			q, _ := o["qty"].(json.Number)
			p, _ := o["price_cents"].(json.Number)
			qty, err1 := q.Int64()
			price, err2 := p.Int64()
			if err1 == nil && err2 == nil {
				o["total_cents"] = json.Number(fmt.Sprint(qty * price))
			}
			return o, nil
		}),
	)
	columns := []convert.Column{{Name: "order_id", Type: "string"}, {Name: "region", Type: "string"},
		{Name: "qty", Type: "bigint"}, {Name: "price_cents", Type: "bigint"}, {Name: "total_cents", Type: "bigint"}}

	clk := clock.NewManual(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(42), kinesim.WithFirehoseOptions(
		firehose.WithBucket("lake", notifying{dir: dir, events: events}),
		firehose.WithFunction(enrichARN, enrich),
		firehose.WithTable("shop", "orders", columns)))

	// The table, fed by the object-created notifications.
	table := map[string]map[string]string{}
	var fed sync.WaitGroup
	fed.Go(func() {
		for ev := range events {
			if !strings.HasPrefix(ev.Key, "region=") {
				continue
			}
			path, _ := dir.Path(ev.Bucket, ev.Key)
			body, err := os.ReadFile(path)
			if err != nil {
				log.Fatal(err)
			}
			rows, err := convert.ReadRows(body)
			if err != nil {
				log.Fatal(err)
			}
			for _, r := range rows {
				table[r["order_id"]] = r
			}
		}
	})

	if err := acct.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 2}); err != nil {
		log.Fatal(err)
	}
	fh := acct.Firehose()
	_, err = fh.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: "orders-to-lake", DeliveryStreamType: firehose.KinesisStreamAsSource,
		KinesisStreamSourceConfiguration: &firehose.KinesisStreamSourceConfiguration{
			KinesisStreamARN: acct.Streams().StreamARN("orders"), RoleARN: role},
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{
			BucketARN: "arn:aws:s3:::lake", RoleARN: role,
			Prefix:            "region=!{partitionKeyFromQuery:region}/!{timestamp:yyyy/MM/dd}/",
			ErrorOutputPrefix: "errors/!{firehose:error-output-type}/",
			BufferingHints:    &firehose.BufferingHints{SizeInMBs: ptr(64), IntervalInSeconds: ptr(60)},
			ProcessingConfiguration: &firehose.ProcessingConfiguration{Enabled: ptr(true), Processors: []process.Processor{
				{Type: process.ProcessorTypeLambda, Parameters: []process.ProcessorParameter{param(process.ParameterLambdaArn, enrichARN)}},
				{Type: process.ProcessorTypeMetadataExtraction, Parameters: []process.ProcessorParameter{
					param(process.ParameterMetadataExtractionQuery, "{region: .region}"),
					param(process.ParameterJsonParsingEngine, "JQ-1.6")}},
			}},
			DynamicPartitioningConfiguration: &firehose.DynamicPartitioningConfiguration{Enabled: ptr(true)},
			DataFormatConversionConfiguration: &firehose.DataFormatConversionConfiguration{
				InputFormatConfiguration:  &convert.InputFormatConfiguration{Deserializer: &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{}}},
				OutputFormatConfiguration: &convert.OutputFormatConfiguration{Serializer: &convert.Serializer{ParquetSerDe: &convert.ParquetSerDe{}}},
				SchemaConfiguration:       &convert.SchemaConfiguration{DatabaseName: ptr("shop"), TableName: ptr("orders"), RoleARN: ptr(role)},
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}

	orders := []string{
		`{"order_id":"o-1","region":"eu","qty":2,"price_cents":450}`,
		`{"order_id":"o-2","region":"us","qty":1,"price_cents":1999}`,
		`{"order_id":"o-3","region":"eu","qty":5,"price_cents":120}`,
		`{"order_id":"o-4","region":"ap","qty":3,"price_cents":800}`,
		`{"order_id":"t-1","region":"us","qty":1,"price_cents":1,"test":true}`, // dropped by the transformation
		`{"order_id":"o-5","region":"us","qty":"many","price_cents":300}`,      // qty is no bigint: format-conversion-failed
	}
	for _, o := range orders {
		var v struct {
			OrderID string `json:"order_id"`
		}
		_ = json.Unmarshal([]byte(o), &v)
		if _, err := acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "orders"},
			PartitionKey: v.OrderID, Data: []byte(o)}); err != nil {
			log.Fatal(err)
		}
	}
	if err := fh.WaitIncoming(ctx, "orders-to-lake", int64(len(orders))); err != nil { // read from the stream
		log.Fatal(err)
	}
	clk.Advance(60 * time.Second)                           // the Lambda's processing buffer (60 s by default) is invoked
	if err := fh.Flush(ctx, "orders-to-lake"); err != nil { // and the partitions' buffers delivered
		log.Fatal(err)
	}
	m, _ := fh.Metrics("orders-to-lake")
	if err := acct.Close(); err != nil {
		log.Fatal(err)
	}
	close(events)
	fed.Wait()

	fmt.Println("objects:")
	_ = filepath.WalkDir(filepath.Join(root, "lake"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(filepath.Join(root, "lake"), p)
			fmt.Println("  " + filepath.ToSlash(rel))
		}
		return nil
	})
	fmt.Printf("records: %d in, %d dropped, %d in the error output\n", m.IncomingRecords, m.DroppedRecords, m.ErrorOutputRecords)
	fmt.Println("table orders:")
	for _, id := range slices.Sorted(maps.Keys(table)) {
		r := table[id]
		fmt.Printf("  %-4s region=%s qty=%s price_cents=%s total_cents=%s\n", id, r["region"], r["qty"], r["price_cents"], r["total_cents"])
	}
}
