package firehose_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/partition"
	"github.com/kinesim/kinesim/firehose/process"
)

const lambdaARN = "arn:aws:lambda:us-east-1:000000000000:function:upper"

func ptr[T any](v T) *T { return &v }

func processors(ps ...process.Processor) *firehose.ProcessingConfiguration {
	return &firehose.ProcessingConfiguration{Enabled: ptr(true), Processors: ps}
}

func processor(typ process.ProcessorType, kv ...string) process.Processor {
	p := process.Processor{Type: typ}
	for i := 0; i+1 < len(kv); i += 2 {
		p.Parameters = append(p.Parameters, process.ProcessorParameter{ParameterName: process.ProcessorParameterName(kv[i]), ParameterValue: ptr(kv[i+1])})
	}
	return p
}

// upper upper-cases records, drops "drop" and fails "bad".
var upper = process.PerRecord(func(_ context.Context, r *process.Record) process.Response {
	switch string(r.Data) {
	case "drop":
		return process.Response{Result: process.Dropped}
	case "bad":
		return process.Response{Result: process.ProcessingFailed}
	}
	return process.Response{Result: process.Ok, Data: bytes.ToUpper(r.Data)}
})

// errorDocs returns the error records under prefix, decoded.
func errorDocs(t *testing.T, e *firehose.Engine, prefix string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, k := range e.Store().Keys("bucket", prefix) {
		body, _ := e.Store().Get("bucket", k)
		for _, line := range strings.Split(strings.TrimSpace(string(body)), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			out = append(out, m)
		}
	}
	return out
}

func dataObjects(e *firehose.Engine) []string {
	var out []string
	for _, o := range e.Store().Objects("bucket") {
		if !strings.HasPrefix(o.Key, "errors/") && !strings.HasPrefix(o.Key, "backup/") {
			out = append(out, string(o.Body))
		}
	}
	return out
}

// lambdaStream is an engine with delivery stream "s" to S3 whose Lambda processor is fn, registered as arn,
// followed by AppendDelimiterToRecord; processing failures go under errors/processing-failed/.
func lambdaStream(t *testing.T, arn string, fn process.Transformer) *firehose.Engine {
	e, _ := newEngine(t, firehose.WithFunction(arn, fn))
	c := s3(hints(5, 60))
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	c.ProcessingConfiguration = processors(processor(process.ProcessorTypeLambda, "LambdaArn", arn),
		processor(process.ProcessorTypeAppendDelimiterToRecord))
	create(t, e, "s", c)
	return e
}

// A Lambda processor invokes the function registered under its LambdaArn; Ok records are delivered transformed,
// Dropped ones are not (and count as processed), ProcessingFailed ones go under the error output prefix as
// processing-failed records with the lambdaArn (developer guide, "Data transformation and status model", "Handle
// failure in data transformation"). AppendDelimiterToRecord writes "\n" after each record.
func TestLambdaTransformationDeliversOkAndWritesProcessingFailed(t *testing.T) {
	e := lambdaStream(t, lambdaARN, upper)
	put(t, e, "s", "a", "drop", "bad", "b")
	flush(t, e, "s")
	if got := dataObjects(e); !slices.Equal(got, []string{"A\nB\n"}) {
		t.Fatalf("objects %q", got)
	}
	docs := errorDocs(t, e, "errors/processing-failed/")
	if len(docs) != 1 || docs[0]["lambdaArn"] != lambdaARN || docs[0]["errorCode"] != process.CodeProcessingFailedStatus ||
		docs[0]["rawData"] != base64.StdEncoding.EncodeToString([]byte("bad")) {
		t.Fatalf("error records %v", docs)
	}
	m, _ := e.Metrics("s")
	if m.DroppedRecords != 1 || m.ErrorOutputRecords != 1 {
		t.Fatalf("metrics %+v", m)
	}
	d, _ := e.DescribeDeliveryStream(context.Background(), firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	ext := d.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription
	if ext.ProcessingConfiguration == nil || len(ext.ProcessingConfiguration.Processors) != 2 || ext.S3BackupMode != firehose.S3BackupDisabled {
		t.Fatalf("description %+v", ext)
	}
}

// A delivery stream whose Lambda is one of kinesim's ready-made transformers (process.CSVToJSON, chained with
// the Glue-style DropFields) delivers CSV records as JSON objects; the rows that do not parse go under the
// error output prefix as processing-failed records whose errorMessage says why (developer guide, "Convert
// input data format": CSV is turned into JSON by a Lambda first; "Handle failure in data transformation").
func TestDeliveryStreamWithACSVToJSONLambdaDeliversJSON(t *testing.T) {
	const csvARN = "arn:aws:lambda:us-east-1:000000000000:function:csv-to-json"
	fn := process.Chain(&process.CSVToJSON{Columns: []string{"id", "name", "secret"}}, process.DropFields("secret"))
	e := lambdaStream(t, csvARN, fn)
	put(t, e, "s", "1,ann,x", `2,"bob, jr",y`, "3,eve")
	flush(t, e, "s")
	if got := dataObjects(e); !slices.Equal(got, []string{`{"id":"1","name":"ann"}` + "\n" + `{"id":"2","name":"bob, jr"}` + "\n"}) {
		t.Fatalf("objects %q", got)
	}
	docs := errorDocs(t, e, "errors/processing-failed/")
	if len(docs) != 1 || docs[0]["lambdaArn"] != csvARN || docs[0]["errorCode"] != process.CodeProcessingFailedStatus ||
		docs[0]["rawData"] != base64.StdEncoding.EncodeToString([]byte("3,eve")) ||
		docs[0]["errorMessage"] != process.MessageProcessingFailed+": process: record is not a CSV row of the columns: line 1 has 2 fields for 3 columns" {
		t.Fatalf("error records %v", docs)
	}
}

// The Lambda buffers with its own hints: records are invoked per processing buffer (1 MB or 60 s by default;
// API_ProcessorParameter), and the destination's interval starts when the transformed data arrives (developer
// guide, "Configure buffering hints").
func TestLambdaInvokedPerProcessingBuffer(t *testing.T) {
	var calls []int
	count := process.TransformerFunc(func(ctx context.Context, req *process.Request) ([]process.Response, error) {
		calls = append(calls, len(req.Records))
		return upper.Transform(ctx, req)
	})
	e, clk := newEngine(t, firehose.WithFunction(lambdaARN, count))
	c := s3(hints(5, 60))
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	c.ProcessingConfiguration = processors(processor(process.ProcessorTypeLambda, "LambdaArn", lambdaARN, "BufferIntervalInSeconds", "60"))
	create(t, e, "s", c)
	events := e.Store().Subscribe(4)
	put(t, e, "s", "a")
	put(t, e, "s", "b")
	clk.Advance(60 * time.Second)                                    // the processing interval: one invocation of both
	if err := clk.WaitPending(context.Background(), 1); err != nil { // the destination's timer, armed after the Lambda
		t.Fatal(err)
	}
	if n := len(e.Store().Keys("bucket", "")); n != 0 {
		t.Fatalf("%d objects before the destination's interval", n)
	}
	clk.Advance(60 * time.Second)
	ev := <-events
	body, _ := e.Store().Get("bucket", ev.Key)
	if string(body) != "AB" || !slices.Equal(calls, []int{2}) {
		t.Fatalf("object %q, invocations %v", body, calls)
	}
}

// A LambdaArn no function is registered under fails at invocation, as AWS accepts any well-formed ARN at creation:
// after the retries every record is processing-failed with Lambda.FunctionError.
func TestUnknownFunctionFailsAtInvocation(t *testing.T) {
	e, _ := newEngine(t)
	c := s3(hints(5, 60))
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	c.ProcessingConfiguration = processors(processor(process.ProcessorTypeLambda, "LambdaArn", lambdaARN, "NumberOfRetries", "1"))
	create(t, e, "s", c)
	put(t, e, "s", "a", "b")
	flush(t, e, "s")
	docs := errorDocs(t, e, "errors/processing-failed/")
	if len(docs) != 2 || docs[0]["errorCode"] != process.CodeFunctionError || docs[0]["attemptsMade"] != 2.0 {
		t.Fatalf("error records %v", docs)
	}
}

func dynamic(query, prefix string) *firehose.ExtendedS3DestinationConfiguration {
	c := s3(hints(5, 60))
	c.Prefix = prefix
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	c.ProcessingConfiguration = processors(processor(process.ProcessorTypeMetadataExtraction,
		"MetadataExtractionQuery", query, "JsonParsingEngine", "JQ-1.6"))
	c.DynamicPartitioningConfiguration = &firehose.DynamicPartitioningConfiguration{Enabled: ptr(true)}
	return c
}

// Dynamic partitioning: the MetadataExtraction query's keys fill !{partitionKeyFromQuery:…} and each evaluated
// prefix gets its own buffer and objects; a record whose keys cannot be extracted goes to the error output
// (developer guide, "Dynamic partitioning", "Handle errors").
func TestDynamicPartitioningWritesAnObjectPerPartition(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "s", dynamic("{customer: .customer}", "customer=!{partitionKeyFromQuery:customer}/"))
	put(t, e, "s", `{"customer":"a","n":1}`, `{"customer":"b","n":2}`, `{"customer":"a","n":3}`, `not json`)
	flush(t, e, "s")
	var keys []string
	for _, k := range e.Store().Keys("bucket", "customer=") {
		body, _ := e.Store().Get("bucket", k)
		keys = append(keys, k[:strings.Index(k, "/")]+" "+string(body))
	}
	slices.Sort(keys)
	want := []string{`customer=a {"customer":"a","n":1}{"customer":"a","n":3}`, `customer=b {"customer":"b","n":2}`}
	if !slices.Equal(keys, want) {
		t.Fatalf("objects %q", keys)
	}
	docs := errorDocs(t, e, "errors/processing-failed/")
	if len(docs) != 1 || docs[0]["errorCode"] != partition.CodeMetadataExtractionFailed {
		t.Fatalf("error records %v", docs)
	}
}

// Each partition's buffer has its own interval, counted from its first record ("Buffer data for dynamic
// partitioning"): a partition begun 30 s later is delivered 30 s later.
func TestEachPartitionBuffersWithItsOwnInterval(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "s", dynamic("{c: .c}", "!{partitionKeyFromQuery:c}/"))
	events := e.Store().Subscribe(4)
	ctx := context.Background()
	put(t, e, "s", `{"c":"a"}`)
	if err := clk.WaitPending(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clk.Advance(30 * time.Second)
	put(t, e, "s", `{"c":"b"}`)
	if err := clk.WaitPending(ctx, 2); err != nil {
		t.Fatal(err)
	}
	clk.Advance(30 * time.Second)
	if ev := <-events; !strings.HasPrefix(ev.Key, "a/") {
		t.Fatalf("first object %s", ev.Key)
	}
	if n := len(e.Store().Keys("bucket", "b/")); n != 0 {
		t.Fatal("partition b delivered with a")
	}
	clk.Advance(30 * time.Second)
	if ev := <-events; !strings.HasPrefix(ev.Key, "b/") {
		t.Fatalf("second object %s", ev.Key)
	}
}

// Past the active-partition limit (500 by default), records of new partitions go to the error output as
// activePartitionExceeded (Firehose quotas; "Buffer data for dynamic partitioning").
func TestRecordsPastTheActivePartitionLimitGoToErrorOutput(t *testing.T) {
	e, _ := newEngine(t, firehose.WithThrottling(false))
	create(t, e, "s", dynamic("{c: .c}", "!{partitionKeyFromQuery:c}/"))
	recs := make([]string, 0, 501)
	for i := range partition.DefaultActivePartitions + 1 {
		recs = append(recs, `{"c":`+strconv.Itoa(i)+`}`)
	}
	for chunk := range slices.Chunk(recs, 500) {
		put(t, e, "s", chunk...)
	}
	flush(t, e, "s")
	docs := errorDocs(t, e, "errors/activePartitionExceeded/")
	if len(docs) != 1 || docs[0]["errorCode"] != partition.CodeActivePartitionsExceeded {
		t.Fatalf("error records %v", docs)
	}
}

// The rules of dynamic partitioning, enforced at creation and update (developer guide, "Dynamic partitioning"):
// an ErrorOutputPrefix is mandatory, the prefix uses the keys, keys need their processor, no zero buffering;
// it can be enabled only at creation and never disabled.
func TestDynamicPartitioningRules(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	bad := map[string]*firehose.ExtendedS3DestinationConfiguration{}
	c := dynamic("{c: .c}", "!{partitionKeyFromQuery:c}/")
	c.ErrorOutputPrefix = ""
	bad["no error prefix"] = c
	c = dynamic("{c: .c}", "x/")
	bad["prefix without keys"] = c
	c = dynamic("{c: .c}", "!{partitionKeyFromLambda:c}/")
	bad["lambda key without lambda"] = c
	c = dynamic("{c: .c}", "!{partitionKeyFromQuery:c}/")
	c.BufferingHints = hints(5, 0)
	bad["zero buffering"] = c
	c = s3(nil)
	c.Prefix = "!{partitionKeyFromQuery:c}/"
	c.ErrorOutputPrefix = "e/!{firehose:error-output-type}/"
	bad["keys without partitioning"] = c
	for name, c := range bad {
		_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s", ExtendedS3DestinationConfiguration: c})
		if !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%s: %v", name, err)
		}
	}
	create(t, e, "plain", s3(nil))
	err := e.UpdateDestination(ctx, firehose.UpdateDestinationInput{DeliveryStreamName: "plain", CurrentDeliveryStreamVersionId: "1",
		DestinationId: firehose.DestinationID, ExtendedS3DestinationUpdate: &firehose.ExtendedS3DestinationUpdate{
			DynamicPartitioningConfiguration: &firehose.DynamicPartitioningConfiguration{Enabled: ptr(true)}}})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("enabling at update: %v", err)
	}
	create(t, e, "dp", dynamic("{c: .c}", "!{partitionKeyFromQuery:c}/"))
	err = e.UpdateDestination(ctx, firehose.UpdateDestinationInput{DeliveryStreamName: "dp", CurrentDeliveryStreamVersionId: "1",
		DestinationId: firehose.DestinationID, ExtendedS3DestinationUpdate: &firehose.ExtendedS3DestinationUpdate{
			DynamicPartitioningConfiguration: &firehose.DynamicPartitioningConfiguration{Enabled: ptr(false)}}})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("disabling: %v", err)
	}
}

var columns = []convert.Column{{Name: "customer", Type: "string"}, {Name: "n", Type: "bigint"}}

func conversion() *firehose.DataFormatConversionConfiguration {
	return &firehose.DataFormatConversionConfiguration{
		InputFormatConfiguration:  &convert.InputFormatConfiguration{Deserializer: &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{}}},
		OutputFormatConfiguration: &convert.OutputFormatConfiguration{Serializer: &convert.Serializer{ParquetSerDe: &convert.ParquetSerDe{}}},
		SchemaConfiguration: &convert.SchemaConfiguration{DatabaseName: ptr("db"), TableName: ptr("orders"),
			RoleARN: ptr(roleARN)},
	}
}

// With format conversion, CompressionFormat must be UNCOMPRESSED and SizeInMBs at least 64, 128 by default
// (developer guide, "Record format conversion"); the schema's table must be registered (kinesim's Glue).
func TestFormatConversionRules(t *testing.T) {
	e, _ := newEngine(t, firehose.WithTable("db", "orders", columns))
	ctx := context.Background()
	for name, mod := range map[string]func(c *firehose.ExtendedS3DestinationConfiguration){
		"gzip":         func(c *firehose.ExtendedS3DestinationConfiguration) { c.CompressionFormat = firehose.GZIP },
		"small buffer": func(c *firehose.ExtendedS3DestinationConfiguration) { c.BufferingHints = hints(63, 60) },
		"unknown table": func(c *firehose.ExtendedS3DestinationConfiguration) {
			c.DataFormatConversionConfiguration.SchemaConfiguration.TableName = ptr("x")
		},
	} {
		c := s3(nil)
		c.DataFormatConversionConfiguration = conversion()
		mod(c)
		_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s", ExtendedS3DestinationConfiguration: c})
		if !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%s: %v", name, err)
		}
	}
	c := s3(nil)
	c.DataFormatConversionConfiguration = conversion()
	create(t, e, "s", c)
	d, _ := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	ext := d.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription
	if *ext.BufferingHints.SizeInMBs != 128 || ext.DataFormatConversionConfiguration == nil {
		t.Fatalf("description %+v", ext)
	}
}

// Converted objects are Parquet files; records that do not fit the schema go to the error output as
// format-conversion-failed ("Record format conversion error handling").
func TestFormatConversionWritesParquetAndFailedRecords(t *testing.T) {
	e, _ := newEngine(t, firehose.WithTable("db", "orders", columns))
	c := s3(nil)
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	c.DataFormatConversionConfiguration = conversion()
	create(t, e, "s", c)
	put(t, e, "s", `{"customer":"a","n":1}`, `{"customer":"b","n":"x"}`, `[1]`)
	flush(t, e, "s")
	objs := dataObjects(e)
	if len(objs) != 1 || !strings.HasPrefix(objs[0], "PAR1") || !strings.HasSuffix(objs[0], "PAR1") {
		t.Fatalf("objects %d", len(objs))
	}
	docs := errorDocs(t, e, "errors/format-conversion-failed/")
	if len(docs) != 2 || docs[0]["lastErrorCode"] != convert.CodeMalformedData {
		t.Fatalf("error records %v", docs)
	}
	for _, o := range e.Store().Objects("bucket") {
		if isError := strings.HasPrefix(o.Key, "errors/"); isError == strings.HasSuffix(o.Key, firehose.ParquetExtension) {
			t.Errorf("key %s: a data object ends .parquet, an error object does not", o.Key)
		}
	}
}

// "When you enable data format conversion or compression, Firehose will append a file extension based on the
// configuration": ".parquet" for Parquet, unless FileExtension overrides it (developer guide, "Configure Amazon S3
// object name format"; API Reference, ExtendedS3DestinationConfiguration FileExtension).
func TestConvertedObjectsEndWithTheParquetExtension(t *testing.T) {
	for ext, want := range map[string]string{"": ".parquet", ".pq": ".pq"} {
		e, _ := newEngine(t, firehose.WithTable("db", "orders", columns))
		c := s3(nil)
		c.DataFormatConversionConfiguration = conversion()
		c.FileExtension = ext
		create(t, e, "s", c)
		put(t, e, "s", `{"customer":"a","n":1}`)
		flush(t, e, "s")
		keys := e.Store().Keys("bucket", "")
		if len(keys) != 1 || !strings.HasSuffix(keys[0], want) || strings.Count(keys[0], ".") != 1 { // one extension, no ".snappy.parquet"
			t.Errorf("FileExtension %q: keys %v, want a key ending %s", ext, keys, want)
		}
	}
}

// Source-record backup writes every record as it came, before processing, under the backup destination's prefix
// (developer guide, "Data transformation": "source record backup"); once enabled it cannot be disabled.
func TestSourceRecordBackupWritesRawRecords(t *testing.T) {
	e, _ := newEngine(t, firehose.WithFunction(lambdaARN, upper))
	c := s3(hints(5, 60))
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	c.ProcessingConfiguration = processors(processor(process.ProcessorTypeLambda, "LambdaArn", lambdaARN))
	c.S3BackupMode = firehose.S3BackupEnabled
	c.S3BackupConfiguration = &firehose.S3DestinationConfiguration{BucketARN: bucketARN, RoleARN: roleARN, Prefix: "backup/"}
	create(t, e, "s", c)
	put(t, e, "s", "a", "drop", "b")
	flush(t, e, "s")
	var backup []string
	for _, k := range e.Store().Keys("bucket", "backup/") {
		b, _ := e.Store().Get("bucket", k)
		backup = append(backup, string(b))
	}
	if !slices.Equal(backup, []string{"adropb"}) || !slices.Equal(dataObjects(e), []string{"AB"}) {
		t.Fatalf("backup %q, data %q", backup, dataObjects(e))
	}
	err := e.UpdateDestination(context.Background(), firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "1",
		DestinationId: firehose.DestinationID, ExtendedS3DestinationUpdate: &firehose.ExtendedS3DestinationUpdate{S3BackupMode: firehose.S3BackupDisabled}})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("disabling backup: %v", err)
	}
	c = s3(nil)
	c.S3BackupMode = firehose.S3BackupEnabled
	if _, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "t", ExtendedS3DestinationConfiguration: c}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("backup without configuration: %v", err)
	}
}

// A KinesisStreamAsSource delivery stream needs its KinesisStreamSourceConfiguration and a stream reader.
func TestKinesisSourceNeedsItsConfiguration(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s",
		DeliveryStreamType: firehose.KinesisStreamAsSource, ExtendedS3DestinationConfiguration: s3(nil)})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatal(err)
	}
	_, err = e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s",
		DeliveryStreamType: firehose.KinesisStreamAsSource, ExtendedS3DestinationConfiguration: s3(nil),
		KinesisStreamSourceConfiguration: &firehose.KinesisStreamSourceConfiguration{KinesisStreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/x", RoleARN: roleARN}})
	if !errors.Is(err, apierr.InvalidArgument) { // no reader
		t.Fatal(err)
	}
}

// UpdateDestination merges a ProcessingConfiguration into the destination: what was buffered is delivered under
// the old one, later records are transformed, and DescribeDeliveryStream reports the new configuration (API
// Reference, UpdateDestination: "merges the old configuration with the new").
func TestUpdateDestinationAddsProcessing(t *testing.T) {
	e, _ := newEngine(t, firehose.WithFunction(lambdaARN, upper))
	ctx := context.Background()
	c := s3(hints(5, 60))
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	create(t, e, "s", c)
	put(t, e, "s", "a")
	err := e.UpdateDestination(ctx, firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "1",
		DestinationId: firehose.DestinationID, ExtendedS3DestinationUpdate: &firehose.ExtendedS3DestinationUpdate{
			ProcessingConfiguration: processors(processor(process.ProcessorTypeLambda, "LambdaArn", lambdaARN))}})
	if err != nil {
		t.Fatal(err)
	}
	put(t, e, "s", "b")
	flush(t, e, "s")
	got := dataObjects(e)
	slices.Sort(got)
	if !slices.Equal(got, []string{"B", "a"}) {
		t.Fatalf("objects %q", got)
	}
	d, _ := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	desc := d.DeliveryStreamDescription
	if desc.VersionId != "2" || desc.Destinations[0].ExtendedS3DestinationDescription.ProcessingConfiguration == nil {
		t.Fatalf("description %+v", desc)
	}
}

// The API's constraints on the new fields are ValidationExceptions (API_RetryOptions: 0–7200;
// API_ExtendedS3DestinationConfiguration: S3BackupMode Disabled | Enabled; API_KinesisStreamSourceConfiguration:
// the ARN patterns).
func TestPipelineFieldConstraintsAreValidationErrors(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	c := dynamic("{c: .c}", "!{partitionKeyFromQuery:c}/")
	c.DynamicPartitioningConfiguration.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(7201)}
	d := s3(nil)
	d.S3BackupMode = "Sometimes"
	for _, in := range []firehose.CreateDeliveryStreamInput{
		{DeliveryStreamName: "s", ExtendedS3DestinationConfiguration: c},
		{DeliveryStreamName: "s", ExtendedS3DestinationConfiguration: d},
		{DeliveryStreamName: "s", DeliveryStreamType: firehose.KinesisStreamAsSource, ExtendedS3DestinationConfiguration: s3(nil),
			KinesisStreamSourceConfiguration: &firehose.KinesisStreamSourceConfiguration{KinesisStreamARN: "orders", RoleARN: roleARN}},
	} {
		if _, err := e.CreateDeliveryStream(ctx, in); !errors.Is(err, apierr.Validation) {
			t.Errorf("%+v: %v", in.ExtendedS3DestinationConfiguration, err)
		}
	}
}
