package kinesim_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/stream"
)

const fhRole = "arn:aws:iam::000000000000:role/firehose"

func kinesisSource(t testing.TB, acct *kinesim.Account, streamName, name string, c *firehose.ExtendedS3DestinationConfiguration) {
	t.Helper()
	_, err := acct.Firehose().CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: name, DeliveryStreamType: firehose.KinesisStreamAsSource,
		KinesisStreamSourceConfiguration: &firehose.KinesisStreamSourceConfiguration{
			KinesisStreamARN: acct.Streams().StreamARN(streamName), RoleARN: fhRole},
		ExtendedS3DestinationConfiguration: c,
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A delivery stream with a Kinesis Data Stream source reads the whole stream (every shard) from its creation on,
// de-aggregates KPL-aggregated records, gives the transformation the records' kinesisRecordMetadata and the
// sourceKinesisStreamArn, and refuses PutRecord and PutRecordBatch (developer guide, "Read from Kinesis Data
// Streams": Firehose de-aggregates KPL records, Direct PUT is disabled; aws-lambda-go events/firehose.go).
func TestKinesisSourceReadsTheStreamAndRefusesDirectPut(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var seen []string
	var source string
	fn := process.TransformerFunc(func(ctx context.Context, req *process.Request) ([]process.Response, error) {
		source = req.SourceKinesisStreamArn
		out := make([]process.Response, len(req.Records))
		for i, r := range req.Records {
			seen = append(seen, r.KinesisRecordMetadata.PartitionKey)
			out[i] = process.Response{RecordId: r.RecordId, Result: process.Ok, Data: append(r.Data, '\n')}
		}
		return out, nil
	})
	const fnARN = "arn:aws:lambda:us-east-1:000000000000:function:f"
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1), kinesim.WithFirehoseOptions(firehose.WithFunction(fnARN, fn)))
	defer acct.Close()
	if err := acct.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 2}); err != nil {
		t.Fatal(err)
	}
	c := &firehose.ExtendedS3DestinationConfiguration{BucketARN: "arn:aws:s3:::bucket", RoleARN: fhRole,
		ErrorOutputPrefix: "errors/!{firehose:error-output-type}/",
		ProcessingConfiguration: &firehose.ProcessingConfiguration{Enabled: new(bool), Processors: []process.Processor{{
			Type: process.ProcessorTypeLambda, Parameters: []process.ProcessorParameter{{ParameterName: process.ParameterLambdaArn, ParameterValue: new(string)}}}}}}
	*c.ProcessingConfiguration.Enabled = true
	*c.ProcessingConfiguration.Processors[0].Parameters[0].ParameterValue = fnARN
	kinesisSource(t, acct, "orders", "fh", c)
	ref := stream.StreamRef{StreamName: "orders"}
	for _, k := range []string{"alice", "bob"} {
		if _, err := acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, PartitionKey: k, Data: []byte(k)}); err != nil {
			t.Fatal(err)
		}
	}
	blob, err := agg.Encode(nil, []agg.Record{{PartitionKey: "carol", Data: []byte("carol")}, {PartitionKey: "dave", Data: []byte("dave")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, PartitionKey: "kpl", Data: blob}); err != nil {
		t.Fatal(err)
	}
	fh := acct.Firehose()
	if err := fh.WaitIncoming(ctx, "fh", 3); err != nil {
		t.Fatal(err)
	}
	if err := fh.Flush(ctx, "fh"); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, o := range fh.Store().Objects("bucket") {
		lines = append(lines, strings.Fields(string(o.Body))...)
	}
	slices.Sort(lines)
	slices.Sort(seen)
	if !slices.Equal(lines, []string{"alice", "bob", "carol", "dave"}) || !slices.Equal(seen, []string{"alice", "bob", "carol", "dave"}) ||
		source != acct.Streams().StreamARN("orders") {
		t.Fatalf("delivered %q, partition keys %q, source %q", lines, seen, source)
	}
	_, err = fh.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "fh", Record: firehose.Record{Data: []byte("x")}})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("PutRecord: %v", err)
	}
	d, _ := fh.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "fh"})
	if src := d.DeliveryStreamDescription.Source; src == nil || src.KinesisStreamSourceDescription.KinesisStreamARN != acct.Streams().StreamARN("orders") {
		t.Fatalf("source %+v", src)
	}
}

// Close delivers what the reader has read, and ends the reading goroutine (DeleteDeliveryStream too).
func TestKinesisSourceDeleteAndCloseEndTheReader(t *testing.T) {
	ctx := context.Background()
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))))
	if err := acct.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	c := &firehose.ExtendedS3DestinationConfiguration{BucketARN: "arn:aws:s3:::bucket", RoleARN: fhRole}
	kinesisSource(t, acct, "s", "a", c)
	kinesisSource(t, acct, "s", "b", c)
	if _, err := acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "s"}, PartitionKey: "k", Data: []byte("r")}); err != nil {
		t.Fatal(err)
	}
	fh := acct.Firehose()
	for _, name := range []string{"a", "b"} {
		if err := fh.WaitIncoming(ctx, name, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := fh.DeleteDeliveryStream(ctx, firehose.DeleteDeliveryStreamInput{DeliveryStreamName: "a"}); err != nil {
		t.Fatal(err)
	}
	store := fh.Store()
	if err := acct.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(store.Keys("bucket", "")); n != 2 {
		t.Fatalf("%d objects, want one per delivery stream", n)
	}
}

// A Data Stream feeding Firehose with a transformation, partitioned by a JSON field: the seeds' pipeline, small.
func Example_firehoseFromDataStream() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	const fnARN = "arn:aws:lambda:us-east-1:000000000000:function:tag"
	tag := process.Map(func(o process.JSONObject) (process.JSONObject, error) { o["seen"] = true; return o, nil })
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(7), kinesim.WithFirehoseOptions(firehose.WithFunction(fnARN, tag)))
	defer acct.Close()
	_ = acct.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: "events", ShardCount: 1})
	_, err := acct.Firehose().CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: "events-to-s3", DeliveryStreamType: firehose.KinesisStreamAsSource,
		KinesisStreamSourceConfiguration: &firehose.KinesisStreamSourceConfiguration{
			KinesisStreamARN: acct.Streams().StreamARN("events"), RoleARN: fhRole},
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{
			BucketARN: "arn:aws:s3:::lake", RoleARN: fhRole,
			Prefix:            "kind=!{partitionKeyFromQuery:kind}/",
			ErrorOutputPrefix: "errors/!{firehose:error-output-type}/",
			ProcessingConfiguration: &firehose.ProcessingConfiguration{Enabled: ptrTo(true), Processors: []process.Processor{
				{Type: process.ProcessorTypeLambda, Parameters: []process.ProcessorParameter{{ParameterName: process.ParameterLambdaArn, ParameterValue: ptrTo(fnARN)}}},
				{Type: process.ProcessorTypeMetadataExtraction, Parameters: []process.ProcessorParameter{
					{ParameterName: process.ParameterMetadataExtractionQuery, ParameterValue: ptrTo("{kind: .kind}")},
					{ParameterName: process.ParameterJsonParsingEngine, ParameterValue: ptrTo("JQ-1.6")}}},
				{Type: process.ProcessorTypeAppendDelimiterToRecord}}},
			DynamicPartitioningConfiguration: &firehose.DynamicPartitioningConfiguration{Enabled: ptrTo(true)},
		},
	})
	if err != nil {
		panic(err)
	}
	for i, kind := range []string{"click", "view", "click"} {
		_, _ = acct.Streams().PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "events"},
			PartitionKey: kind, Data: fmt.Appendf(nil, `{"kind":%q,"n":%d}`, kind, i)})
	}
	_ = acct.Firehose().WaitIncoming(ctx, "events-to-s3", 3)
	_ = acct.Firehose().Flush(ctx, "events-to-s3")
	for _, o := range acct.Firehose().Store().Objects("lake") {
		fmt.Printf("%s\n%s", o.Key[:strings.Index(o.Key, "/")], o.Body)
	}
	// Output:
	// kind=click
	// {"kind":"click","n":0,"seen":true}
	// {"kind":"click","n":2,"seen":true}
	// kind=view
	// {"kind":"view","n":1,"seen":true}
}

func ptrTo[T any](v T) *T { return &v }
