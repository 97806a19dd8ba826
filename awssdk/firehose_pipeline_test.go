package awssdk_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/kinesim/kinesim/awssdk"
	fh "github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/process"
)

// lambdaARN names the Go Transformer the pipeline tests register in place of a Lambda function.
const lambdaARN = "arn:aws:lambda:us-east-1:000000000000:function:enrich"

// enrich is a data-transformation Lambda: it ends each record with a newline (developer guide, "Transform source
// data in Amazon Data Firehose": each response echoes the recordId, with result Ok and the new data).
var enrich = process.TransformerFunc(func(_ context.Context, req *process.Request) ([]process.Response, error) {
	out := make([]process.Response, len(req.Records))
	for i, r := range req.Records {
		out[i] = process.Response{RecordId: r.RecordId, Result: process.Ok, Data: append(append([]byte{}, r.Data...), '\n')}
	}
	return out, nil
})

// A delivery stream with a Lambda processor and dynamic partitioning by a jq query, created through the SDK (JSON
// 1.1 and RPCv2 CBOR): records put with PutRecordBatch are transformed by the registered function, partitioned by
// the query's key into one object per customer= prefix, and DescribeDeliveryStream returns the processing and
// partitioning configuration as sent (API Reference, CreateDeliveryStream, ExtendedS3DestinationConfiguration;
// developer guide, "Dynamic partitioning in Amazon Data Firehose", "Partitioning keys with inline parsing").
func TestSDKFirehoseLambdaAndDynamicPartitioning(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt)
			acct.Firehose().RegisterFunction(lambdaARN, enrich)
			ctx := t.Context()
			proc := &types.ProcessingConfiguration{Enabled: aws.Bool(true), Processors: []types.Processor{
				{Type: types.ProcessorTypeLambda, Parameters: []types.ProcessorParameter{
					{ParameterName: types.ProcessorParameterNameLambdaArn, ParameterValue: aws.String(lambdaARN)},
					{ParameterName: types.ProcessorParameterNameLambdaNumberOfRetries, ParameterValue: aws.String("2")},
				}},
				{Type: types.ProcessorTypeMetadataExtraction, Parameters: []types.ProcessorParameter{
					{ParameterName: types.ProcessorParameterNameMetadataExtractionQuery, ParameterValue: aws.String("{customer: .customer}")},
					{ParameterName: types.ProcessorParameterNameJsonParsingEngine, ParameterValue: aws.String("JQ-1.6")},
				}},
			}}
			dyn := &types.DynamicPartitioningConfiguration{Enabled: aws.Bool(true), RetryOptions: &types.RetryOptions{DurationInSeconds: aws.Int32(300)}}
			d := s3Destination()
			d.Prefix = aws.String("customer=!{partitionKeyFromQuery:customer}/")
			d.ErrorOutputPrefix = aws.String("errors/!{firehose:error-output-type}/")
			d.ProcessingConfiguration, d.DynamicPartitioningConfiguration = proc, dyn
			if _, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{
				DeliveryStreamName: aws.String("orders"), ExtendedS3DestinationConfiguration: d}); err != nil {
				t.Fatal(err)
			}
			var recs []types.Record
			for i, cust := range []string{"a", "b", "a", "b", "a"} {
				recs = append(recs, types.Record{Data: fmt.Appendf(nil, `{"customer":%q,"n":%d}`, cust, i)})
			}
			out, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: recs})
			if err != nil || aws.ToInt32(out.FailedPutCount) != 0 {
				t.Fatalf("PutRecordBatch: %v %+v", err, out)
			}
			if err := acct.Firehose().Flush(ctx, "orders"); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, o := range acct.Firehose().Store().Objects("bucket") {
				part, _, _ := strings.Cut(o.Key, "/")
				got[part] += string(o.Body)
			}
			want := map[string]string{
				"customer=a": "{\"customer\":\"a\",\"n\":0}\n{\"customer\":\"a\",\"n\":2}\n{\"customer\":\"a\",\"n\":4}\n",
				"customer=b": "{\"customer\":\"b\",\"n\":1}\n{\"customer\":\"b\",\"n\":3}\n",
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("objects by partition %q, want %q", got, want)
			}
			desc, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("orders")})
			if err != nil {
				t.Fatal(err)
			}
			x := desc.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription
			if !reflect.DeepEqual(x.ProcessingConfiguration, proc) || !reflect.DeepEqual(x.DynamicPartitioningConfiguration, dyn) ||
				x.S3BackupMode != types.S3BackupModeDisabled || x.S3BackupDescription != nil || x.DataFormatConversionConfiguration != nil {
				t.Fatalf("described %+v %+v %+v, want %+v %+v", x.ProcessingConfiguration, x.DynamicPartitioningConfiguration, x.S3BackupMode, proc, dyn)
			}
			if desc.DeliveryStreamDescription.Source != nil {
				t.Errorf("Direct PUT described with a Source %+v", desc.DeliveryStreamDescription.Source)
			}
		})
	}
}

// Format conversion: JSON records are written as Parquet with the columns of the table the SchemaConfiguration
// names (registered on the engine, which stands for the Glue Data Catalog), and the configuration is described as sent. Source record backup (S3BackupMode Enabled) writes the JSON records,
// unconverted, to the backup bucket, which is described as S3BackupDescription (developer guide, "Convert input
// data format in Amazon Data Firehose"; API Reference, ExtendedS3DestinationDescription).
func TestSDKFirehoseConvertsToParquetWithARegisteredTable(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt)
			acct.Firehose().RegisterTable("sales", "orders", []convert.Column{{Name: "customer", Type: "string"}, {Name: "n", Type: "int"}})
			ctx := t.Context()
			conv := &types.DataFormatConversionConfiguration{
				Enabled:                   aws.Bool(true),
				InputFormatConfiguration:  &types.InputFormatConfiguration{Deserializer: &types.Deserializer{OpenXJsonSerDe: &types.OpenXJsonSerDe{}}},
				OutputFormatConfiguration: &types.OutputFormatConfiguration{Serializer: &types.Serializer{ParquetSerDe: &types.ParquetSerDe{Compression: types.ParquetCompressionGzip}}},
				SchemaConfiguration: &types.SchemaConfiguration{DatabaseName: aws.String("sales"), TableName: aws.String("orders"),
					RoleARN: aws.String("arn:aws:iam::000000000000:role/firehose"), Region: aws.String("us-east-1")},
			}
			d := s3Destination()
			d.Prefix = aws.String("parquet/")
			d.BufferingHints = &types.BufferingHints{SizeInMBs: aws.Int32(64), IntervalInSeconds: aws.Int32(60)}
			d.DataFormatConversionConfiguration = conv
			d.S3BackupMode = types.S3BackupModeEnabled
			d.S3BackupConfiguration = &types.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::backup"),
				RoleARN: aws.String("arn:aws:iam::000000000000:role/firehose"), Prefix: aws.String("raw/")}
			if _, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{
				DeliveryStreamName: aws.String("orders"), ExtendedS3DestinationConfiguration: d}); err != nil {
				t.Fatal(err)
			}
			recs := []types.Record{{Data: []byte(`{"customer":"a","n":1}`)}, {Data: []byte(`{"Customer":"b","n":2}`)}}
			if out, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: recs}); err != nil || aws.ToInt32(out.FailedPutCount) != 0 {
				t.Fatalf("PutRecordBatch: %v %+v", err, out)
			}
			if err := acct.Firehose().Flush(ctx, "orders"); err != nil {
				t.Fatal(err)
			}
			objs := acct.Firehose().Store().Objects("bucket")
			if len(objs) != 1 || !strings.HasPrefix(objs[0].Key, "parquet/") {
				t.Fatalf("objects %v, want one under parquet/", keysOf(objs))
			}
			rows, err := convert.ReadRows(objs[0].Body)
			if err != nil {
				t.Fatal(err)
			}
			if want := []map[string]string{{"customer": "a", "n": "1"}, {"customer": "b", "n": "2"}}; !reflect.DeepEqual(rows, want) {
				t.Fatalf("rows %v, want %v", rows, want)
			}
			backup := acct.Firehose().Store().Objects("backup")
			if len(backup) != 1 || !strings.HasPrefix(backup[0].Key, "raw/") || string(backup[0].Body) != `{"customer":"a","n":1}{"Customer":"b","n":2}` {
				t.Fatalf("backup objects %v", keysOf(backup))
			}
			desc, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("orders")})
			if err != nil {
				t.Fatal(err)
			}
			x := desc.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription
			if !reflect.DeepEqual(x.DataFormatConversionConfiguration, conv) {
				t.Errorf("described conversion %+v, want %+v", x.DataFormatConversionConfiguration, conv)
			}
			if b := x.S3BackupDescription; x.S3BackupMode != types.S3BackupModeEnabled || b == nil || aws.ToString(b.BucketARN) != "arn:aws:s3:::backup" ||
				aws.ToString(b.Prefix) != "raw/" || b.EncryptionConfiguration == nil || b.EncryptionConfiguration.NoEncryptionConfig != types.NoEncryptionConfigNoEncryption {
				t.Errorf("described backup %v %+v", x.S3BackupMode, b)
			}
		})
	}
}

// keysOf lists the keys of objects, for failure messages.
func keysOf(objs []fh.Object) []string {
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = o.Key
	}
	return keys
}

// A KinesisStreamAsSource delivery stream, created through the SDK over a data stream created through the Kinesis
// client of the same account, delivers the records put into the data stream; it is described with its Source,
// and PutRecordBatch to it is InvalidArgumentException (API Reference, CreateDeliveryStream
// "KinesisStreamSourceConfiguration", PutRecordBatch "InvalidArgumentException"; developer guide, "Send data to a
// Firehose stream from Kinesis Data Streams").
func TestSDKFirehoseReadsAKinesisStreamSource(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt)
			kc := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
			ctx := t.Context()
			if _, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(2)}); err != nil {
				t.Fatal(err)
			}
			sum, err := kc.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("clicks")})
			if err != nil {
				t.Fatal(err)
			}
			streamARN := aws.ToString(sum.StreamDescriptionSummary.StreamARN)
			role := "arn:aws:iam::000000000000:role/firehose"
			if _, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{
				DeliveryStreamName: aws.String("clicks-to-s3"), DeliveryStreamType: types.DeliveryStreamTypeKinesisStreamAsSource,
				KinesisStreamSourceConfiguration:   &types.KinesisStreamSourceConfiguration{KinesisStreamARN: aws.String(streamARN), RoleARN: aws.String(role)},
				ExtendedS3DestinationConfiguration: s3Destination(),
			}); err != nil {
				t.Fatal(err)
			}
			want := []string{}
			for i := range 6 {
				data := fmt.Sprintf("click-%d;", i)
				want = append(want, data)
				if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("clicks"), Data: []byte(data),
					PartitionKey: aws.String(fmt.Sprint("user", i))}); err != nil {
					t.Fatal(err)
				}
			}
			if err := acct.Firehose().WaitIncoming(ctx, "clicks-to-s3", int64(len(want))); err != nil {
				t.Fatal(err)
			}
			if err := acct.Firehose().Flush(ctx, "clicks-to-s3"); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range acct.Firehose().Store().Objects("bucket") {
				for r := range strings.SplitAfterSeq(string(o.Body), ";") {
					if r != "" {
						got = append(got, r)
					}
				}
			}
			sort.Strings(got) // the shards' records interleave in no set order
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("delivered %q, want %q", got, want)
			}
			_, err = c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("clicks-to-s3"),
				Records: []types.Record{{Data: []byte("x")}}})
			var ia *types.InvalidArgumentException
			if !errors.As(err, &ia) {
				t.Fatalf("PutRecordBatch to a Kinesis-sourced delivery stream: %v, want InvalidArgumentException", err)
			}
			desc, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("clicks-to-s3")})
			if err != nil {
				t.Fatal(err)
			}
			d := desc.DeliveryStreamDescription
			if d.DeliveryStreamType != types.DeliveryStreamTypeKinesisStreamAsSource || d.Source == nil || d.Source.KinesisStreamSourceDescription == nil {
				t.Fatalf("described %v %+v", d.DeliveryStreamType, d.Source)
			}
			if k := d.Source.KinesisStreamSourceDescription; aws.ToString(k.KinesisStreamARN) != streamARN || aws.ToString(k.RoleARN) != role ||
				k.DeliveryStartTimestamp == nil || !k.DeliveryStartTimestamp.Equal(t0) {
				t.Errorf("described source %s %s %v", aws.ToString(k.KinesisStreamARN), aws.ToString(k.RoleARN), k.DeliveryStartTimestamp)
			}
		})
	}
}

// UpdateDestination through the SDK adds a processor to a delivery stream (the next records are processed by it,
// and Describe shows it) and sets the source record backup; dynamic partitioning cannot be enabled on a delivery
// stream created without it, an InvalidArgumentException that changes nothing (API Reference, UpdateDestination;
// developer guide, "Dynamic partitioning": it can be enabled only when the Firehose stream is created).
func TestSDKFirehoseUpdateDestinationAddsProcessingAndBackup(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt)
			ctx := t.Context()
			name := aws.String("logs")
			if _, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: name, ExtendedS3DestinationConfiguration: s3Destination()}); err != nil {
				t.Fatal(err)
			}
			dest := aws.String(fh.DestinationID)
			_, err := c.UpdateDestination(ctx, &firehose.UpdateDestinationInput{DeliveryStreamName: name, CurrentDeliveryStreamVersionId: aws.String("1"),
				DestinationId: dest, ExtendedS3DestinationUpdate: &types.ExtendedS3DestinationUpdate{
					DynamicPartitioningConfiguration: &types.DynamicPartitioningConfiguration{Enabled: aws.Bool(true)}}})
			var ia *types.InvalidArgumentException
			if !errors.As(err, &ia) {
				t.Fatalf("enabling dynamic partitioning by UpdateDestination: %v, want InvalidArgumentException", err)
			}
			proc := &types.ProcessingConfiguration{Enabled: aws.Bool(true), Processors: []types.Processor{{Type: types.ProcessorTypeAppendDelimiterToRecord}}}
			if _, err := c.UpdateDestination(ctx, &firehose.UpdateDestinationInput{DeliveryStreamName: name, CurrentDeliveryStreamVersionId: aws.String("1"),
				DestinationId: dest, ExtendedS3DestinationUpdate: &types.ExtendedS3DestinationUpdate{ProcessingConfiguration: proc,
					S3BackupMode: types.S3BackupModeEnabled, S3BackupUpdate: &types.S3DestinationUpdate{BucketARN: aws.String("arn:aws:s3:::backup"),
						RoleARN: aws.String("arn:aws:iam::000000000000:role/firehose")}}}); err != nil {
				t.Fatal(err)
			}
			desc, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: name})
			if err != nil {
				t.Fatal(err)
			}
			x := desc.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription
			if aws.ToString(desc.DeliveryStreamDescription.VersionId) != "2" || !reflect.DeepEqual(x.ProcessingConfiguration, proc) ||
				x.S3BackupMode != types.S3BackupModeEnabled || x.S3BackupDescription == nil || aws.ToString(x.S3BackupDescription.BucketARN) != "arn:aws:s3:::backup" {
				t.Fatalf("described version %s, %+v, %v %+v", aws.ToString(desc.DeliveryStreamDescription.VersionId), x.ProcessingConfiguration, x.S3BackupMode, x.S3BackupDescription)
			}
			if _, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: name,
				Records: []types.Record{{Data: []byte("a")}, {Data: []byte("b")}}}); err != nil {
				t.Fatal(err)
			}
			if err := acct.Firehose().Flush(ctx, "logs"); err != nil {
				t.Fatal(err)
			}
			objs, backup := acct.Firehose().Store().Objects("bucket"), acct.Firehose().Store().Objects("backup")
			if len(objs) != 1 || string(objs[0].Body) != "a\nb\n" || len(backup) != 1 || string(backup[0].Body) != "ab" {
				t.Fatalf("objects %v %v", keysOf(objs), keysOf(backup))
			}
		})
	}
}
