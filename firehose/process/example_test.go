package process_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kinesim/kinesim/firehose/process"
)

// A transformation written in Go: upper-case each record, drop empty ones, and give a partition key.
func ExampleInvoke() {
	upper := process.PerRecord(func(_ context.Context, r *process.Record) process.Response {
		if len(r.Data) == 0 {
			return process.Response{Result: process.Dropped}
		}
		return process.Response{Result: process.Ok, Data: []byte(strings.ToUpper(string(r.Data))),
			Metadata: process.Metadata{PartitionKeys: map[string]string{"first": string(r.Data[:1])}}}
	})
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	req := &process.Request{Records: []process.Record{
		{RecordId: "1", Data: []byte("hello"), ApproximateArrivalTimestamp: now},
		{RecordId: "2", Data: nil, ApproximateArrivalTimestamp: now},
	}}
	inv := process.Invoke(context.Background(), upper, req, process.DefaultNumberOfRetries)
	for _, o := range inv.Outcomes {
		fmt.Println(o.Record.RecordId, o.Result, string(o.Data), o.PartitionKeys)
	}
	// Output:
	// 1 Ok HELLO map[first:h]
	// 2 Dropped  map[]
}

// A function that forgets a record fails its whole batch; the error records go under processing-failed.
func ExampleInvocation_Failed() {
	forgetful := process.TransformerFunc(func(context.Context, *process.Request) ([]process.Response, error) {
		return []process.Response{{RecordId: "1", Result: process.Ok}}, nil
	})
	arrived := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	req := &process.Request{Records: []process.Record{
		{RecordId: "1", Data: []byte("a"), ApproximateArrivalTimestamp: arrived},
		{RecordId: "2", Data: []byte("b"), ApproximateArrivalTimestamp: arrived},
	}}
	inv := process.Invoke(context.Background(), forgetful, req, 3)
	for _, r := range inv.Failed("arn:aws:lambda:us-east-1:123456789012:function:f", arrived.Add(time.Second)) {
		fmt.Print(string(r.AppendJSON(nil)))
	}
	// Output:
	// {"attemptsMade":1,"arrivalTimestamp":1796119200000,"errorCode":"Lambda.MissingRecordId","errorMessage":"One or more record IDs were not returned. Ensure that the Lambda function returns all received record IDs.","attemptEndingTimestamp":1796119201000,"rawData":"YQ==","lambdaArn":"arn:aws:lambda:us-east-1:123456789012:function:f"}
	// {"attemptsMade":1,"arrivalTimestamp":1796119200000,"errorCode":"Lambda.MissingRecordId","errorMessage":"One or more record IDs were not returned. Ensure that the Lambda function returns all received record IDs.","attemptEndingTimestamp":1796119201000,"rawData":"Yg==","lambdaArn":"arn:aws:lambda:us-east-1:123456789012:function:f"}
}

func ExampleParseConfiguration() {
	v := func(s string) *string { return &s }
	on := true
	c, err := process.ParseConfiguration("extendedS3DestinationConfiguration.processingConfiguration", &process.ProcessingConfiguration{
		Enabled: &on,
		Processors: []process.Processor{
			{Type: process.ProcessorTypeLambda, Parameters: []process.ProcessorParameter{
				{ParameterName: process.ParameterLambdaArn, ParameterValue: v("arn:aws:lambda:us-east-1:123456789012:function:f")},
				{ParameterName: process.ParameterBufferSizeInMBs, ParameterValue: v("3")},
			}},
			{Type: process.ProcessorTypeAppendDelimiterToRecord},
		},
	})
	fmt.Println(err, c.Lambda.NumberOfRetries, c.Lambda.EffectiveBufferSize(false), c.Lambda.BufferInterval, c.AppendDelimiter)
	_, err = process.ParseConfiguration("p", &process.ProcessingConfiguration{Processors: []process.Processor{{Type: process.ProcessorTypeLambda}}})
	fmt.Println(err)
	// Output:
	// <nil> 3 3145728 1m0s [10]
	// InvalidArgumentException: Processor type Lambda requires the parameter LambdaArn.
}

// A Lambda made of kinesim's transformers: CSV rows to JSON, then Glue-style DropNullFields and Filter. The
// note is null in one record but set in another, so DropNullFields keeps it (Glue drops only fields null in
// every record); the tracking field is null in both and goes.
func ExampleChain() {
	pipeline := process.Chain(
		&process.CSVToJSON{Columns: []string{"user", "action", "note", "tracking"}, EmptyAsNull: true},
		process.DropNullFields(),
		process.Filter(func(o process.JSONObject) bool { return o["action"] != "ignore" }),
	)
	req := &process.Request{Records: []process.Record{
		{RecordId: "1", Data: []byte("ann,click,,")},
		{RecordId: "2", Data: []byte("bob,ignore,x,")},
		{RecordId: "3", Data: []byte(`eve,"click`)},
	}}
	inv := process.Invoke(context.Background(), pipeline, req, 0)
	for _, o := range inv.Outcomes {
		fmt.Println(strings.TrimSpace(fmt.Sprint(o.Result, " ", string(o.Data), o.ErrorMessage)))
	}
	// Output:
	// Ok {"action":"click","note":null,"user":"ann"}
	// Dropped
	// ProcessingFailed ProcessingFailed status set for record: process: record is not a CSV row of the columns: line 1: a quoted field is not closed
}
