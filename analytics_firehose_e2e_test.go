package kinesim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/kinesimtest"
	"github.com/kinesim/kinesim/stream"
)

// TestAnalyticsReadsADeliveryStreamInput runs an application whose input is a Firehose delivery stream (kinesim
// issue 11 §1; API Reference, KinesisFirehoseInput): the records put with PutRecordBatch after it started come out
// of its query, in order, in the data stream of its output.
func TestAnalyticsReadsADeliveryStreamInput(t *testing.T) {
	k := kinesimtest.New(t)
	ctx := context.Background()
	if _, err := k.Firehose().CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "readings",
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{BucketARN: "arn:aws:s3:::bucket", RoleARN: fhRole}}); err != nil {
		t.Fatal(err)
	}
	out := k.CreateStream("hot", 1)
	out.StreamARN = k.Identity().StreamARN("hot")
	e := k.Analytics()
	_, err := e.CreateApplication(ctx, analytics.CreateApplicationInput{ApplicationName: "thermostat",
		Inputs: []analytics.Input{{NamePrefix: "SOURCE_SQL_STREAM", KinesisFirehoseInput: &analytics.KinesisFirehoseInput{ResourceARN: k.Firehose().DeliveryStreamARN("readings")},
			InputSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatJSON},
				RecordColumns: []analytics.RecordColumn{{Name: "sensor", Mapping: "$.sensor", SqlType: "VARCHAR(8)"},
					{Name: "temp", Mapping: "$.temp", SqlType: "DOUBLE"}}}}},
		Code: &analytics.Code{
			Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: query.Schema{{Name: "sensor", Type: query.VarcharType(8)},
				{Name: "temp", Type: query.DoubleType}}}},
			Pumps: []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM",
				Steps: []query.Step{query.Project{Items: []query.Item{{Expr: query.C("sensor")}, {Expr: query.C("temp")}}}}}},
		},
		Outputs: []analytics.Output{{Name: "DESTINATION_SQL_STREAM", KinesisStreamsOutput: &analytics.KinesisStreamsOutput{ResourceARN: out.StreamARN},
			DestinationSchema: analytics.DestinationSchema{RecordFormatType: analytics.FormatJSON}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: "thermostat", InputConfigurations: []analytics.InputConfiguration{
		{Id: "1.1", InputStartingPositionConfiguration: analytics.InputStartingPositionConfiguration{InputStartingPosition: analytics.StartNow}}}}); err != nil {
		t.Fatal(err)
	}
	if err := k.Firehose().WaitFollowers(ctx, "readings", 1); err != nil { // the application's reader is asynchronous
		t.Fatal(err)
	}
	const n = 300
	in := firehose.PutRecordBatchInput{DeliveryStreamName: "readings"}
	for i := range n {
		in.Records = append(in.Records, firehose.Record{Data: fmt.Appendf(nil, `{"sensor":"s%d","temp":%d.5}`, i%4, i)})
	}
	if o, err := k.Firehose().PutRecordBatch(ctx, in); err != nil || o.FailedPutCount != 0 {
		t.Fatalf("PutRecordBatch: %v, %d failed", err, o.FailedPutCount)
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	i := 0
	for r, err := range k.Streams().Follow(rctx, stream.FollowInput{StreamRef: out}) {
		if err != nil {
			t.Fatal(err)
		}
		var row struct {
			Sensor string  `json:"sensor"`
			Temp   float64 `json:"temp"`
		}
		if err := json.Unmarshal(r.Data, &row); err != nil {
			t.Fatalf("%s: %v", r.Data, err)
		}
		if want := fmt.Sprintf("s%d", i%4); row.Sensor != want || row.Temp != float64(i)+0.5 {
			t.Fatalf("row %d is %s, want sensor %s temp %d.5", i, r.Data, want, i)
		}
		if i++; i == n {
			break
		}
	}
}
