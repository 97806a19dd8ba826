package process_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose/process"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func batch(data ...string) *process.Request {
	req := &process.Request{InvocationId: "inv", DeliveryStreamArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/s", Region: "us-east-1"}
	for i, d := range data {
		req.Records = append(req.Records, process.Record{RecordId: string(rune('a' + i)), Data: []byte(d), ApproximateArrivalTimestamp: t0.Add(time.Duration(i) * time.Second)})
	}
	return req
}

func echo(res process.Result) process.Transformer {
	return process.TransformerFunc(func(_ context.Context, req *process.Request) ([]process.Response, error) {
		out := make([]process.Response, len(req.Records))
		for i, r := range req.Records {
			out[i] = process.Response{RecordId: r.RecordId, Result: res, Data: r.Data}
		}
		return out, nil
	})
}

// Firehose developer guide, "Data transformation and status model": Ok and Dropped are successes, ProcessingFailed
// is not; the transformed record must carry the input's record ID.
func TestEachRecordTakesTheResultTheFunctionGives(t *testing.T) {
	req := batch("x", "y", "z")
	resp := []process.Response{
		{RecordId: "c", Result: process.ProcessingFailed},
		{RecordId: "a", Result: process.Ok, Data: []byte("X"), Metadata: process.Metadata{PartitionKeys: map[string]string{"k": "v"}}},
		{RecordId: "b", Result: process.Dropped, Data: []byte("ignored")},
	}
	out, err := process.Check(req.Records, resp)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Result != process.Ok || string(out[0].Data) != "X" || out[0].PartitionKeys["k"] != "v" {
		t.Errorf("a: %+v", out[0])
	}
	if out[1].Result != process.Dropped || out[1].Data != nil {
		t.Errorf("b: %+v", out[1])
	}
	if out[2].Result != process.ProcessingFailed || out[2].ErrorCode != process.CodeProcessingFailedStatus {
		t.Errorf("c: %+v", out[2])
	}
}

// A response that breaks the status model fails the whole batch (developer guide, "Monitoring with CloudWatch
// Logs": Lambda.DuplicatedRecordId, Lambda.MissingRecordId, Lambda.JsonProcessingException).
func TestAResponseBreakingTheStatusModelFailsTheWholeBatch(t *testing.T) {
	ok := func(id string) process.Response { return process.Response{RecordId: id, Result: process.Ok} }
	for _, tc := range []struct {
		name string
		resp []process.Response
		code string
	}{
		{"duplicate id", []process.Response{ok("a"), ok("a"), ok("b")}, process.CodeDuplicatedRecordId},
		{"missing id", []process.Response{ok("a")}, process.CodeMissingRecordId},
		{"unknown id", []process.Response{ok("a"), ok("zz")}, process.CodeMissingRecordId},
		{"invalid result", []process.Response{ok("a"), {RecordId: "b", Result: "OK"}}, process.CodeJsonProcessing},
		{"empty result", []process.Response{ok("a"), {RecordId: "b"}}, process.CodeJsonProcessing},
		{"no records", nil, process.CodeMissingRecordId},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := process.Check(batch("x", "y").Records, tc.resp)
			var be *process.BatchError
			if !errors.As(err, &be) || be.Code != tc.code {
				t.Fatalf("err = %v, want code %s", err, tc.code)
			}
			for _, o := range out {
				if o.Result != process.ProcessingFailed || o.ErrorCode != tc.code || o.Data != nil {
					t.Errorf("outcome %+v", o)
				}
			}
		})
	}
}

// Developer guide, "Handle failure in data transformation": a failed invocation is retried three times by
// default, then the batch is treated as unsuccessfully processed.
func TestAFailingInvocationIsRetriedThenTheBatchFails(t *testing.T) {
	calls := 0
	boom := process.TransformerFunc(func(context.Context, *process.Request) ([]process.Response, error) {
		calls++
		return nil, errors.New("boom")
	})
	inv := process.Invoke(context.Background(), boom, batch("x", "y"), process.DefaultNumberOfRetries)
	if calls != 4 || inv.AttemptsMade != 4 {
		t.Fatalf("calls %d attempts %d, want 4", calls, inv.AttemptsMade)
	}
	var be *process.BatchError
	if !errors.As(inv.Err, &be) || be.Code != process.CodeFunctionError || !strings.Contains(inv.Err.Error(), "boom") {
		t.Fatalf("err %v", inv.Err)
	}
	for _, o := range inv.Outcomes {
		if o.Result != process.ProcessingFailed {
			t.Errorf("%+v", o)
		}
	}
}

func TestAnInvocationThatSucceedsOnARetryIsAccepted(t *testing.T) {
	calls := 0
	flaky := process.TransformerFunc(func(ctx context.Context, req *process.Request) ([]process.Response, error) {
		calls++
		if calls == 1 {
			panic("first call crashes")
		}
		return echo(process.Ok).Transform(ctx, req)
	})
	inv := process.Invoke(nil, flaky, batch("x"), 1) //nolint:staticcheck // a nil context is accepted
	if inv.Err != nil || inv.AttemptsMade != 2 || inv.Outcomes[0].Result != process.Ok {
		t.Fatalf("%+v", inv)
	}
}

func TestInvokeWithNoRetriesMakesOneAttemptAndStopsWhenTheContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	f := process.TransformerFunc(func(ctx context.Context, _ *process.Request) ([]process.Response, error) {
		calls++
		return nil, ctx.Err()
	})
	inv := process.Invoke(ctx, f, batch("x"), 3)
	if calls != 1 || inv.AttemptsMade != 1 || inv.Err == nil {
		t.Fatalf("calls %d %+v", calls, inv)
	}
}

// Lambda's synchronous payload limit is 6 MB (6,291,456 bytes); Firehose's request and response are capped at it.
func TestAResponseOverSixMBFailsTheInvocation(t *testing.T) {
	big := process.TransformerFunc(func(_ context.Context, req *process.Request) ([]process.Response, error) {
		return []process.Response{{RecordId: req.Records[0].RecordId, Result: process.Ok, Data: make([]byte, 5<<20)}}, nil
	})
	inv := process.Invoke(context.Background(), big, batch("x"), 0)
	var be *process.BatchError
	if !errors.As(inv.Err, &be) || be.Code != process.CodeFunctionError {
		t.Fatalf("err %v", inv.Err)
	}
	fits := process.TransformerFunc(func(_ context.Context, req *process.Request) ([]process.Response, error) {
		return []process.Response{{RecordId: req.Records[0].RecordId, Result: process.Ok, Data: make([]byte, 4<<20)}}, nil
	})
	if inv := process.Invoke(context.Background(), fits, batch("x"), 0); inv.Err != nil {
		t.Fatalf("4 MiB of data (5.3 MiB of base64) should fit: %v", inv.Err)
	}
}

func TestResponseSizeIsTheLengthOfTheJSON(t *testing.T) {
	resp := []process.Response{
		{RecordId: "a\"\n\x01é\u2028", Result: process.Ok, Data: []byte("hello"), Metadata: process.Metadata{PartitionKeys: map[string]string{"x": "1", "y<": "\xff"}}},
		{RecordId: "b", Result: process.Dropped},
	}
	js := process.AppendResponse(nil, resp)
	if got := process.ResponseSize(resp); got != len(js) {
		t.Fatalf("ResponseSize %d, JSON %d: %s", got, len(js), js)
	}
	if !json.Valid(js) {
		t.Fatalf("invalid JSON %s", js)
	}
	back, err := process.ParseResponse(js)
	if err != nil || back[0].RecordId != "a\"\n\x01é\u2028" || string(back[0].Data) != "hello" || back[0].Metadata.PartitionKeys["x"] != "1" {
		t.Fatalf("%+v %v", back, err)
	}
}

// Developer guide, "Handle failure in data transformation": the processing-failed record format.
func TestProcessingFailedRecordsCarryAWSFields(t *testing.T) {
	inv := process.Invoke(context.Background(), echo(process.ProcessingFailed), batch("raw"), 0)
	end := t0.Add(time.Minute)
	recs := inv.Failed("arn:aws:lambda:us-east-1:123456789012:function:f", end)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	line := recs[0].AppendJSON(nil)
	var got map[string]any
	if err := json.Unmarshal(line, &got); err != nil || line[len(line)-1] != '\n' {
		t.Fatalf("%s: %v", line, err)
	}
	want := map[string]any{
		"attemptsMade": 1.0, "arrivalTimestamp": float64(t0.UnixMilli()), "errorCode": "Lambda.ProcessingFailedStatus",
		"errorMessage": process.MessageProcessingFailed, "attemptEndingTimestamp": float64(end.UnixMilli()),
		"rawData": base64.StdEncoding.EncodeToString([]byte("raw")), "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("fields %v", got)
	}
	std, _ := json.Marshal(recs[0])
	if !bytes.Equal(append(std, '\n'), line) {
		t.Errorf("AppendJSON %s differs from encoding/json %s", line, std)
	}
}

func TestEventJSONRoundTrips(t *testing.T) {
	req := batch("x", "")
	req.SourceKinesisStreamArn = "arn:aws:kinesis:us-east-1:123456789012:stream/s"
	req.Records[0].KinesisRecordMetadata = &process.KinesisRecordMetadata{ShardId: "shardId-000000000000", PartitionKey: "pk", SequenceNumber: "1", SubsequenceNumber: 2, ApproximateArrivalTimestamp: t0}
	js := process.AppendEvent(nil, req)
	back, err := process.ParseEvent(js)
	if err != nil {
		t.Fatal(err)
	}
	if back.InvocationId != "inv" || back.SourceKinesisStreamArn != req.SourceKinesisStreamArn || len(back.Records) != 2 ||
		string(back.Records[0].Data) != "x" || !back.Records[1].ApproximateArrivalTimestamp.Equal(req.Records[1].ApproximateArrivalTimestamp) ||
		*back.Records[0].KinesisRecordMetadata != *req.Records[0].KinesisRecordMetadata {
		t.Fatalf("%s\n%+v", js, back)
	}
}

func TestParseResponseRejectsWhatIsNotTheStatusModel(t *testing.T) {
	for _, body := range []string{``, `[]`, `{}`, `{"records":[{"recordId":"a","result":"Ok","data":"!!"}]}`, `{"records":[]} x`} {
		if _, err := process.ParseResponse([]byte(body)); !errors.Is(err, process.ErrMalformedResponse) {
			t.Errorf("%q: %v", body, err)
		}
	}
}

func str(s string) *string { return &s }
func yes() *bool           { b := true; return &b }

func param(n process.ProcessorParameterName, v string) process.ProcessorParameter {
	return process.ProcessorParameter{ParameterName: n, ParameterValue: str(v)}
}

// API_ProcessorParameter: defaults of 3 retries, a 60 s interval and a 1 MB buffer (256 KB for Splunk).
func TestLambdaProcessorDefaults(t *testing.T) {
	c, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: yes(), Processors: []process.Processor{
		{Type: process.ProcessorTypeLambda, Parameters: []process.ProcessorParameter{param(process.ParameterLambdaArn, "arn:aws:lambda:us-east-1:123456789012:function:f")}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	l := c.Lambda
	if !c.Enabled || l.NumberOfRetries != 3 || l.BufferInterval != 60*time.Second || l.EffectiveBufferSize(false) != 1<<20 || l.EffectiveBufferSize(true) != 256<<10 {
		t.Fatalf("%+v", l)
	}
}

func TestLambdaProcessorParametersWithinRange(t *testing.T) {
	arnP := param(process.ParameterLambdaArn, "arn:aws:lambda:us-east-1:123456789012:function:f")
	c, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: yes(), Processors: []process.Processor{
		{Type: process.ProcessorTypeLambda, Parameters: []process.ProcessorParameter{arnP, param(process.ParameterBufferSizeInMBs, "0.2"),
			param(process.ParameterBufferIntervalInSeconds, "900"), param(process.ParameterNumberOfRetries, "0"),
			param(process.ParameterRoleArn, "arn:aws:iam::123456789012:role/r")}},
	}})
	if err != nil || c.Lambda.BufferSize != (1<<20)/5 || c.Lambda.BufferInterval != 900*time.Second || c.Lambda.NumberOfRetries != 0 {
		t.Fatalf("%+v %v", c.Lambda, err)
	}
}

func TestProcessingConfigurationErrors(t *testing.T) {
	arnP := param(process.ParameterLambdaArn, "arn:aws:lambda:us-east-1:123456789012:function:f")
	lambda := func(ps ...process.ProcessorParameter) process.Processor {
		return process.Processor{Type: process.ProcessorTypeLambda, Parameters: ps}
	}
	for _, tc := range []struct {
		name  string
		procs []process.Processor
		kind  *apierr.Error
		text  string
	}{
		{"unknown type", []process.Processor{{Type: "Gzip"}}, apierr.Validation, "Value 'Gzip' at 'p.processors.1.member.type' failed to satisfy constraint: Member must satisfy enum value set"},
		{"unknown parameter", []process.Processor{lambda(arnP, param("Retries", "1"))}, apierr.Validation, "p.processors.1.member.parameters.2.member.parameterName"},
		{"null value", []process.Processor{lambda(process.ProcessorParameter{ParameterName: process.ParameterLambdaArn})}, apierr.Validation, "Member must not be null"},
		{"long value", []process.Processor{lambda(param(process.ParameterLambdaArn, strings.Repeat("a", 5121)))}, apierr.Validation, "length less than or equal to 5120"},
		{"missing arn", []process.Processor{lambda()}, apierr.InvalidArgument, "requires the parameter LambdaArn"},
		{"bad arn", []process.Processor{lambda(param(process.ParameterLambdaArn, "arn:aws:s3:::b"))}, apierr.InvalidArgument, "Invalid LambdaArn"},
		{"parameter of another type", []process.Processor{lambda(arnP, param(process.ParameterSubRecordType, "JSON"))}, apierr.InvalidArgument, "not supported for processor type Lambda"},
		{"repeated parameter", []process.Processor{lambda(arnP, arnP)}, apierr.InvalidArgument, "more than once"},
		{"repeated processor", []process.Processor{lambda(arnP), lambda(arnP)}, apierr.InvalidArgument, "more than one processor"},
		{"buffer too small", []process.Processor{lambda(arnP, param(process.ParameterBufferSizeInMBs, "0.1"))}, apierr.InvalidArgument, "BufferSizeInMBs"},
		{"buffer too big", []process.Processor{lambda(arnP, param(process.ParameterBufferSizeInMBs, "3.5"))}, apierr.InvalidArgument, "BufferSizeInMBs"},
		{"buffer NaN", []process.Processor{lambda(arnP, param(process.ParameterBufferSizeInMBs, "NaN"))}, apierr.InvalidArgument, "BufferSizeInMBs"},
		{"interval too short", []process.Processor{lambda(arnP, param(process.ParameterBufferIntervalInSeconds, "59"))}, apierr.InvalidArgument, "BufferIntervalInSeconds"},
		{"retries negative", []process.Processor{lambda(arnP, param(process.ParameterNumberOfRetries, "-1"))}, apierr.InvalidArgument, "NumberOfRetries"},
		{"sub-record type", []process.Processor{{Type: process.ProcessorTypeRecordDeAggregation, Parameters: []process.ProcessorParameter{param(process.ParameterSubRecordType, "KPL")}}}, apierr.InvalidArgument, "SubRecordType"},
		{"delimited without delimiter", []process.Processor{{Type: process.ProcessorTypeRecordDeAggregation, Parameters: []process.ProcessorParameter{param(process.ParameterSubRecordType, "DELIMITED")}}}, apierr.InvalidArgument, "Delimiter is required"},
		{"delimiter not base64", []process.Processor{{Type: process.ProcessorTypeRecordDeAggregation, Parameters: []process.ProcessorParameter{param(process.ParameterSubRecordType, "DELIMITED"), param(process.ParameterDelimiter, "####")}}}, apierr.InvalidArgument, "base64"},
		{"jq engine", []process.Processor{{Type: process.ProcessorTypeMetadataExtraction, Parameters: []process.ProcessorParameter{param(process.ParameterMetadataExtractionQuery, "{a:.a}"), param(process.ParameterJsonParsingEngine, "JQ-1.7")}}}, apierr.InvalidArgument, "JsonParsingEngine"},
		{"jq query missing", []process.Processor{{Type: process.ProcessorTypeMetadataExtraction, Parameters: []process.ProcessorParameter{param(process.ParameterJsonParsingEngine, "JQ-1.6")}}}, apierr.InvalidArgument, "MetadataExtractionQuery"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: yes(), Processors: tc.procs})
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("err %v, want %s containing %q", err, tc.kind.Code, tc.text)
			}
		})
	}
}

func TestDisabledProcessingGivesTheZeroConfigAfterChecking(t *testing.T) {
	c, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Processors: []process.Processor{{Type: process.ProcessorTypeAppendDelimiterToRecord}}})
	if err != nil || c.Enabled || c.AppendDelimiter != nil {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Processors: []process.Processor{{Type: "x"}}}); err == nil {
		t.Fatal("a disabled configuration is still validated")
	}
}

// API_Processor: AppendDelimiterToRecord adds a new line delimiter between records; records are otherwise
// concatenated with no delimiter (developer guide, "Understand data delivery").
func TestAppendDelimiterToRecordAddsANewLineByDefault(t *testing.T) {
	c, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: yes(), Processors: []process.Processor{{Type: process.ProcessorTypeAppendDelimiterToRecord}}})
	if err != nil {
		t.Fatal(err)
	}
	obj := c.AppendRecord(c.AppendRecord(nil, []byte("a")), []byte("b"))
	if string(obj) != "a\nb\n" {
		t.Fatalf("%q", obj)
	}
	c, _ = process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: yes(), Processors: []process.Processor{{Type: process.ProcessorTypeAppendDelimiterToRecord,
		Parameters: []process.ProcessorParameter{param(process.ParameterDelimiter, base64.StdEncoding.EncodeToString([]byte("||")))}}}})
	if obj := c.AppendRecord(nil, []byte("a")); string(obj) != "a||" {
		t.Fatalf("%q", obj)
	}
	var none process.Config
	if obj := none.AppendRecord(none.AppendRecord(nil, []byte("a")), []byte("b")); string(obj) != "ab" {
		t.Fatalf("%q", obj)
	}
}

// Developer guide, "Apply dynamic partitioning to aggregated data": JSON de-aggregation takes {"a":1}{"a":2} and
// JSON lines but not an array; a delimiter is given in base64 ("####" is IyMjIw==); at most 500 per record.
func TestRecordDeAggregationSplitsJSONAndDelimitedRecords(t *testing.T) {
	j := &process.DeAggregation{SubRecordType: process.SubRecordJSON}
	for _, in := range []string{`{"a":1}{"a":2}`, "{\"a\":1}\n{\"a\":2}\n"} {
		parts, err := j.Split([]byte(in))
		if err != nil || len(parts) != 2 || string(parts[0]) != `{"a":1}` || string(parts[1]) != `{"a":2}` {
			t.Errorf("%q: %q %v", in, parts, err)
		}
	}
	if _, err := j.Split([]byte(`[{"a":1},{"a":2}]`)); !errors.Is(err, process.ErrNotJSON) {
		t.Errorf("array: %v", err)
	}
	c, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: yes(), Processors: []process.Processor{{Type: process.ProcessorTypeRecordDeAggregation,
		Parameters: []process.ProcessorParameter{param(process.ParameterSubRecordType, "DELIMITED"), param(process.ParameterDelimiter, "IyMjIw==")}}}})
	if err != nil {
		t.Fatal(err)
	}
	parts, err := c.DeAggregation.Split([]byte("a####b####"))
	if err != nil || len(parts) != 2 || string(parts[0]) != "a" || string(parts[1]) != "b" {
		t.Errorf("%q %v", parts, err)
	}
	if _, err := c.DeAggregation.Split([]byte(strings.Repeat("x####", 501))); !errors.Is(err, process.ErrTooManySubRecords) {
		t.Errorf("501 pieces: %v", err)
	}
	if parts, err := c.DeAggregation.Split([]byte(strings.Repeat("x####", 500))); err != nil || len(parts) != 500 {
		t.Errorf("500 pieces: %d %v", len(parts), err)
	}
	if _, err := j.Split([]byte(strings.Repeat(`{}`, 501))); !errors.Is(err, process.ErrTooManySubRecords) {
		t.Errorf("501 objects: %v", err)
	}
}

// Developer guide, "Writing to Firehose using Kinesis Data Streams": KPL aggregates are de-aggregated before the
// transformation and delivery.
func TestKPLAggregatesAreDeaggregatedForAKinesisSource(t *testing.T) {
	data, err := agg.Encode(nil, []agg.Record{{PartitionKey: "p1", Data: []byte("one")}, {PartitionKey: "p2", Data: []byte("two")}})
	if err != nil {
		t.Fatal(err)
	}
	in := []process.Record{
		{RecordId: "r1", Data: data, ApproximateArrivalTimestamp: t0, KinesisRecordMetadata: &process.KinesisRecordMetadata{ShardId: "shardId-000000000000", PartitionKey: "p1", SequenceNumber: "9"}},
		{RecordId: "r2", Data: []byte("plain")},
	}
	out := process.DeaggregateKPL(in)
	if len(out) != 3 || string(out[0].Data) != "one" || string(out[1].Data) != "two" || string(out[2].Data) != "plain" {
		t.Fatalf("%+v", out)
	}
	if out[1].RecordId != "r1:1" || out[1].KinesisRecordMetadata.SubsequenceNumber != 1 || out[1].KinesisRecordMetadata.PartitionKey != "p2" ||
		out[1].KinesisRecordMetadata.SequenceNumber != "9" || !out[1].ApproximateArrivalTimestamp.Equal(t0) || out[2].RecordId != "r2" {
		t.Fatalf("%+v %+v", out[1], out[1].KinesisRecordMetadata)
	}
	if in[0].KinesisRecordMetadata.SubsequenceNumber != 0 {
		t.Fatal("the input's metadata was changed")
	}
}

func TestDecompressionAndCloudWatchLogProcessing(t *testing.T) {
	var z bytes.Buffer
	zw := gzipWriter(&z)
	zw.Write([]byte(`{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1,"message":"m1"},{"id":"2","timestamp":2,"message":"m2"}]}`))
	zw.Close()
	d := &process.Decompression{CompressionFormat: "GZIP"}
	raw, err := d.Decompress(z.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := (&process.CloudWatchLogProcessing{DataMessageExtraction: true}).Extract(raw)
	if err != nil || len(msgs) != 2 || string(msgs[1]) != "m2" {
		t.Fatalf("%q %v", msgs, err)
	}
	if msgs, err := (&process.CloudWatchLogProcessing{}).Extract([]byte(`{"messageType":"CONTROL_MESSAGE"}`)); err != nil || msgs != nil {
		t.Fatalf("control: %q %v", msgs, err)
	}
	if _, err := d.Decompress([]byte("plain")); !errors.Is(err, process.ErrDecompression) {
		t.Fatal(err)
	}
}

func TestAFailedRecordWithoutALambdaLeavesLambdaArnOut(t *testing.T) {
	r := process.ProcessingFailedRecord{AttemptsMade: 1, ErrorCode: "DynamicPartitioning.MetadataExtractionFailed", RawData: []byte("x")}
	line := r.AppendJSON(nil)
	std, _ := json.Marshal(r)
	if !bytes.Equal(append(std, '\n'), line) || bytes.Contains(line, []byte("lambdaArn")) {
		t.Fatalf("%s vs %s", line, std)
	}
}

func TestPrepareAppliesTheProcessorsBeforeTheLambdaInFirehosesOrder(t *testing.T) {
	var z bytes.Buffer
	zw := gzipWriter(&z)
	zw.Write([]byte(`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"{\"a\":1}{\"a\":2}"},{"message":"{\"a\":3}"}]}`))
	zw.Close()
	c, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: yes(), Processors: []process.Processor{
		{Type: process.ProcessorTypeRecordDeAggregation, Parameters: []process.ProcessorParameter{param(process.ParameterSubRecordType, "JSON")}},
		{Type: process.ProcessorTypeCloudWatchLogProcessing, Parameters: []process.ProcessorParameter{param(process.ParameterDataMessageExtraction, "true")}},
		{Type: process.ProcessorTypeDecompression, Parameters: []process.ProcessorParameter{param(process.ParameterCompressionFormat, "GZIP")}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	out, failed := c.Prepare([]process.Record{{RecordId: "r", Data: z.Bytes(), ApproximateArrivalTimestamp: t0}, {RecordId: "bad", Data: []byte("x")}})
	if len(out) != 3 || string(out[0].Data) != `{"a":1}` || string(out[2].Data) != `{"a":3}` || out[1].RecordId != "r:1" || !out[2].ApproximateArrivalTimestamp.Equal(t0) {
		t.Fatalf("%+v", out)
	}
	if len(failed) != 1 || failed[0].Record.RecordId != "bad" || !errors.Is(failed[0].Err, process.ErrDecompression) {
		t.Fatalf("%+v", failed)
	}
	var off process.Config
	if out, _ := off.Prepare([]process.Record{{RecordId: "x"}}); len(out) != 1 || out[0].RecordId != "x" {
		t.Fatal(out)
	}
}
