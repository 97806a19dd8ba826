package analytics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
)

const (
	preARN  = "arn:aws:lambda:us-east-1:000000000000:function:pre"
	pre2ARN = "arn:aws:lambda:us-east-1:000000000000:function:pre2"
)

// upperInput maps upper-case JSON keys: a record reaches it as the preprocessing function upper-cases it.
var upperInput = analytics.Input{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: inARN},
	InputSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatJSON},
		RecordColumns: []analytics.RecordColumn{{Name: "TICKER_SYMBOL", Mapping: "$.TICKER", SqlType: "VARCHAR(4)"},
			{Name: "PRICE", Mapping: "$.PRICE", SqlType: "DOUBLE"}}}}

func withProcessor(in analytics.Input, arn string) analytics.Input {
	in.InputProcessingConfiguration = &analytics.InputProcessingConfiguration{InputLambdaProcessor: &analytics.InputLambdaProcessor{ResourceARN: arn, RoleARN: roleARN}}
	return in
}

// preprocessor is a preprocessing function for tests: it upper-cases a record's data, drops a record holding "drop"
// and fails one holding "fail", and keeps the requests it was sent.
type preprocessor struct {
	mu   sync.Mutex
	reqs []analytics.PreprocessingRequest
	arns []string
	// respond, when set, replaces the function's answer.
	respond func(analytics.PreprocessingRequest) ([]byte, error)
}

func (p *preprocessor) Invoke(_ context.Context, arn string, payload []byte) ([]byte, error) {
	var req analytics.PreprocessingRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.reqs = append(p.reqs, req)
	p.arns = append(p.arns, arn)
	respond := p.respond
	p.mu.Unlock()
	if respond != nil {
		return respond(req)
	}
	var resp analytics.PreprocessingResponse
	for _, r := range req.Records {
		res := analytics.PreprocessingResult{RecordId: r.RecordId, Result: "Ok", Data: bytes.ToUpper(r.Data)}
		switch {
		case bytes.Contains(r.Data, []byte("drop")):
			res = analytics.PreprocessingResult{RecordId: r.RecordId, Result: "Dropped"}
		case bytes.Contains(r.Data, []byte("fail")):
			res = analytics.PreprocessingResult{RecordId: r.RecordId, Result: "ProcessingFailed"}
		}
		resp.Records = append(resp.Records, res)
	}
	return json.Marshal(resp)
}

func (p *preprocessor) calls() ([]analytics.PreprocessingRequest, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]analytics.PreprocessingRequest(nil), p.reqs...), append([]string(nil), p.arns...)
}

// TestPreprocessingFunctionTransformsDropsAndFailsRecords: an input's Lambda function receives the records read,
// base64 data with the data stream's metadata (streamArn, shardId, partitionKey, sequenceNumber, arrival time) and
// the application's ARN; its Ok records are mapped by the input schema with the data it returned, Dropped ones are
// left out, ProcessingFailed ones go to error_stream with the record's data (developer guide,
// lambda-preprocessing, "Data model for records"; error-handling).
func TestPreprocessingFunctionTransformsDropsAndFailsRecords(t *testing.T) {
	fn := &preprocessor{}
	f := newFixture(t, analytics.WithFunctions(fn))
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{withProcessor(upperInput, preARN)}, Code: filterCode(0),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN), jsonOutput(analytics.ErrorStreamName, errARN)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0.Add(-time.Second), `{"ticker":"amzn","price":120.5}`, `{"ticker":"drop","price":1}`, `{"ticker":"fail","price":2}`, `{"ticker":"was","price":51}`)
	got := f.out.waitFor(t, outARN, 2)
	want := []string{`{"ROWTIME":"2024-05-01 10:00:00.000","TICKER_SYMBOL":"AMZN","PRICE":120.5}`,
		`{"ROWTIME":"2024-05-01 10:00:00.000","TICKER_SYMBOL":"WAS","PRICE":51}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	errs := f.out.waitFor(t, errARN, 1)
	if len(errs) != 1 || !strings.Contains(errs[0], `"ERROR_NAME":"`+analytics.ErrorNameLambdaProcessingFailed+`"`) ||
		!strings.Contains(errs[0], `"DATA_ROW":"7b227469636b6572223a226661696c22`) {
		t.Errorf("error stream %v, want the failed record with its data", errs)
	}
	reqs, arns := fn.calls()
	if len(reqs) == 0 || arns[0] != preARN {
		t.Fatalf("invocations %v", arns)
	}
	r := reqs[0]
	if r.ApplicationArn == "" || r.StreamArn != inARN || r.InvocationId == "" || len(r.Records) == 0 {
		t.Fatalf("request %+v", r)
	}
	m := r.Records[0].KinesisStreamRecordMetadata
	if r.Records[0].RecordId == "" || string(r.Records[0].Data) != `{"ticker":"amzn","price":120.5}` || m == nil ||
		m.ShardId != "shardId-000000000000" || m.PartitionKey != "a" || m.ApproximateArrivalTimestamp != t0.Add(-time.Second).UnixMilli() ||
		r.Records[0].KinesisFirehoseRecordMetadata != nil {
		t.Errorf("first record %+v, metadata %+v", r.Records[0], m)
	}
	if err := f.e.StopApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"}); err != nil {
		t.Fatal(err)
	}
	d := describe(t, f.e)
	if in := d.InputDescriptions[0]; in.RecordsRead != 4 || in.RowsFailed != 1 || in.InputProcessingConfiguration == nil ||
		in.InputProcessingConfiguration.InputLambdaProcessor.ResourceARN != preARN {
		t.Errorf("input description %+v", in)
	}
}

// TestPreprocessingInvocationErrorsGoToTheErrorStream: when the function cannot be invoked, or returns what is not
// the response model (not JSON, a record without a result, a result other than Ok, Dropped and ProcessingFailed),
// the records go to error_stream as LambdaInvocationFailed (kinesim's ERROR_NAME: the developer guide names none)
// and the application goes on.
func TestPreprocessingInvocationErrorsGoToTheErrorStream(t *testing.T) {
	fn := &preprocessor{}
	var n int
	fn.respond = func(req analytics.PreprocessingRequest) ([]byte, error) {
		n++
		switch n {
		case 1:
			return nil, errors.New("function not found")
		case 2:
			return []byte("not json"), nil
		case 3: // its first record has another result, the others none
			return json.Marshal(analytics.PreprocessingResponse{Records: []analytics.PreprocessingResult{{RecordId: req.Records[0].RecordId, Result: "Maybe"}}})
		default:
			return []byte(`{"records":[]}`), nil
		}
	}
	f := newFixture(t, analytics.WithFunctions(fn))
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{withProcessor(upperInput, preARN)}, Code: filterCode(0),
		Outputs: []analytics.Output{jsonOutput(analytics.ErrorStreamName, errARN)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0, `{"a":1}`)
	f.out.waitFor(t, errARN, 1)
	f.in.put(t0, `{"b":2}`)
	f.out.waitFor(t, errARN, 2)
	f.in.put(t0, `{"c":3}`)
	f.out.waitFor(t, errARN, 3)
	f.in.put(t0, `{"d":4}`)
	errs := f.out.waitFor(t, errARN, 4)
	for i, e := range errs {
		if !strings.Contains(e, `"ERROR_NAME":"`+analytics.ErrorNameLambdaInvocationFailed+`"`) {
			t.Errorf("error row %d: %s", i, e)
		}
	}
	for _, want := range []string{"function not found", "malformed response", `\"Maybe\"`, "no result for record 0"} {
		if !strings.Contains(strings.Join(errs, "\n"), want) {
			t.Errorf("error rows lack %q:\n%s", want, strings.Join(errs, "\n"))
		}
	}
}

// TestInputProcessingConfigurationIsAddedUpdatedAndDeleted: AddApplicationInputProcessingConfiguration,
// UpdateApplication's InputProcessingConfigurationUpdate and DeleteApplicationInputProcessingConfiguration take
// the CurrentApplicationVersionId (a stale one is a ConcurrentModificationException) and make the next; an unknown
// input is a ResourceNotFoundException, a configuration without its ARNs an InvalidArgumentException, and a refused
// call changes nothing (API reference, AddApplicationInputProcessingConfiguration,
// DeleteApplicationInputProcessingConfiguration, InputProcessingConfigurationUpdate). A RUNNING application is
// restarted with the change: once the configuration is deleted its records are mapped as read, with no invocation.
func TestInputProcessingConfigurationIsAddedUpdatedAndDeleted(t *testing.T) {
	ctx := context.Background()
	fn := &preprocessor{}
	f := newFixture(t, analytics.WithFunctions(fn))
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{upperInput}, Code: filterCode(0),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)}})
	cfg := analytics.InputProcessingConfiguration{InputLambdaProcessor: &analytics.InputLambdaProcessor{ResourceARN: preARN, RoleARN: roleARN}}
	add := func(version int64, id string, c analytics.InputProcessingConfiguration) error {
		return f.e.AddApplicationInputProcessingConfiguration(ctx, analytics.AddApplicationInputProcessingConfigurationInput{ApplicationName: "app",
			CurrentApplicationVersionId: version, InputId: id, InputProcessingConfiguration: c})
	}
	del := func(version int64, id string) error {
		return f.e.DeleteApplicationInputProcessingConfiguration(ctx, analytics.DeleteApplicationInputProcessingConfigurationInput{ApplicationName: "app",
			CurrentApplicationVersionId: version, InputId: id})
	}
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"stale version", add(7, "1.1", cfg), apierr.ConcurrentModification},
		{"unknown input", add(1, "2.1", cfg), apierr.ResourceNotFound},
		{"bad id", add(1, "a b", cfg), apierr.InvalidArgument},
		{"no processor", add(1, "1.1", analytics.InputProcessingConfiguration{}), apierr.InvalidArgument},
		{"no role", add(1, "1.1", analytics.InputProcessingConfiguration{InputLambdaProcessor: &analytics.InputLambdaProcessor{ResourceARN: preARN}}), apierr.InvalidArgument},
		{"delete none", del(1, "1.1"), apierr.ResourceNotFound},
		{"update none", f.e.UpdateApplication(ctx, analytics.UpdateApplicationInput{ApplicationName: "app", CurrentApplicationVersionId: 1,
			InputUpdates: []analytics.InputUpdate{{InputId: "1.1", InputProcessingConfigurationUpdate: &analytics.InputProcessingConfigurationUpdate{
				InputLambdaProcessorUpdate: &analytics.InputLambdaProcessorUpdate{ResourceARNUpdate: pre2ARN}}}}}), apierr.InvalidArgument},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
		}
	}
	if err := f.e.AddApplicationInputProcessingConfiguration(ctx, analytics.AddApplicationInputProcessingConfigurationInput{ApplicationName: "none",
		CurrentApplicationVersionId: 1, InputId: "1.1", InputProcessingConfiguration: cfg}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("an unknown application: %v", err)
	}
	if d := describe(t, f.e); d.ApplicationVersionId != 1 || d.InputDescriptions[0].InputProcessingConfiguration != nil {
		t.Fatalf("refused calls changed the application: %+v", d)
	}
	f.start(t, analytics.StartTrimHorizon)
	if err := add(1, "1.1", cfg); err != nil {
		t.Fatalf("AddApplicationInputProcessingConfiguration while RUNNING: %v", err)
	}
	if err := add(2, "1.1", cfg); !errors.Is(err, apierr.InvalidArgument) {
		t.Errorf("a second configuration: %v", err)
	}
	f.in.put(t0, `{"ticker":"amzn","price":1}`)
	if got := f.out.waitFor(t, outARN, 1); !strings.Contains(got[0], `"AMZN"`) {
		t.Errorf("output %v, want the function's upper-cased record", got)
	}
	if err := f.e.UpdateApplication(ctx, analytics.UpdateApplicationInput{ApplicationName: "app", CurrentApplicationVersionId: 2,
		InputUpdates: []analytics.InputUpdate{{InputId: "1.1", InputProcessingConfigurationUpdate: &analytics.InputProcessingConfigurationUpdate{
			InputLambdaProcessorUpdate: &analytics.InputLambdaProcessorUpdate{ResourceARNUpdate: pre2ARN}}}}}); err != nil {
		t.Fatalf("UpdateApplication: %v", err)
	}
	d := describe(t, f.e)
	if p := d.InputDescriptions[0].InputProcessingConfiguration; d.ApplicationVersionId != 3 || d.ApplicationStatus != analytics.StatusRunning ||
		p == nil || p.InputLambdaProcessor.ResourceARN != pre2ARN || p.InputLambdaProcessor.RoleARN != roleARN {
		t.Fatalf("after the update: version %d, %s, %+v", d.ApplicationVersionId, d.ApplicationStatus, p)
	}
	f.in.put(t0.Add(time.Second), `{"ticker":"tgt","price":2}`)
	f.out.waitFor(t, outARN, 2)
	_, arns := fn.calls()
	if arns[len(arns)-1] != pre2ARN {
		t.Errorf("invoked %v after the update, want %s last", arns, pre2ARN)
	}
	if err := del(2, "1.1"); !errors.Is(err, apierr.ConcurrentModification) {
		t.Errorf("delete with a stale version: %v", err)
	}
	if err := del(3, "1.1"); err != nil {
		t.Fatalf("DeleteApplicationInputProcessingConfiguration: %v", err)
	}
	before := len(arns)
	f.in.put(t0.Add(2*time.Second), `{"TICKER":"raw","PRICE":3}`)
	got := f.out.waitFor(t, outARN, 3)
	if !strings.Contains(got[2], `"raw"`) {
		t.Errorf("output %v, want the record mapped as read", got)
	}
	if _, arns := fn.calls(); len(arns) != before {
		t.Errorf("the function was invoked %d times after its configuration was deleted", len(arns)-before)
	}
	if d := describe(t, f.e); d.ApplicationVersionId != 4 || d.InputDescriptions[0].InputProcessingConfiguration != nil {
		t.Errorf("after the deletion: %+v", d)
	}
}

// TestStartFailsWithoutAFunctionInvoker: an input with a processing configuration cannot start on an engine that
// cannot invoke functions (InvalidApplicationConfiguration, as for a source without a reader).
func TestStartFailsWithoutAFunctionInvoker(t *testing.T) {
	f := newFixture(t)
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{withProcessor(upperInput, preARN)}, Code: filterCode(0)})
	err := f.e.StartApplication(context.Background(), analytics.StartApplicationInput{ApplicationName: "app"})
	if !errors.Is(err, apierr.InvalidApplicationConfiguration) {
		t.Errorf("StartApplication: %v", err)
	}
}

// memDelivery serves a memStream as a Firehose delivery stream.
type memDelivery struct{ *memStream }

func (d memDelivery) FollowDeliveryStream(ctx context.Context, arn string, from time.Time) iter.Seq2[record.Record, error] {
	return d.Follow(ctx, arn, from)
}

// TestPreprocessingOfADeliveryStreamInputCarriesFirehoseMetadata: for an input reading a delivery stream, the
// event's streamArn is the delivery stream's and each record carries kinesisFirehoseRecordMetadata (its arrival
// time) instead of the data stream's metadata (developer guide, lambda-preprocessing, "Data model for records").
func TestPreprocessingOfADeliveryStreamInputCarriesFirehoseMetadata(t *testing.T) {
	const dsARN = "arn:aws:firehose:us-east-1:000000000000:deliverystream/ds"
	fn := &preprocessor{}
	ds := memDelivery{newMemStream()}
	f := newFixture(t, analytics.WithFunctions(fn), analytics.WithDeliveryStreamReader(ds))
	in := withProcessor(upperInput, preARN)
	in.KinesisStreamsInput, in.KinesisFirehoseInput = nil, &analytics.KinesisFirehoseInput{ResourceARN: dsARN}
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{in}, Code: filterCode(0),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)}})
	f.start(t, analytics.StartTrimHorizon)
	ds.put(t0, `{"ticker":"amzn","price":1}`)
	if got := f.out.waitFor(t, outARN, 1); !strings.Contains(got[0], `"AMZN"`) {
		t.Errorf("output %v", got)
	}
	reqs, _ := fn.calls()
	r := reqs[0]
	if r.StreamArn != dsARN || len(r.Records) != 1 || r.Records[0].KinesisStreamRecordMetadata != nil ||
		r.Records[0].KinesisFirehoseRecordMetadata == nil || r.Records[0].KinesisFirehoseRecordMetadata.ApproximateArrivalTimestamp != t0.UnixMilli() {
		t.Errorf("request %+v", r)
	}
}
