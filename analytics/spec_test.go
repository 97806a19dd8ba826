package analytics_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
)

const (
	inARN  = "arn:aws:kinesis:us-east-1:000000000000:stream/in"
	outARN = "arn:aws:kinesis:us-east-1:000000000000:stream/out"
	errARN = "arn:aws:kinesis:us-east-1:000000000000:stream/errors"
)

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

var tickerInput = analytics.Input{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: inARN},
	InputSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatJSON},
		RecordColumns: []analytics.RecordColumn{{Name: "TICKER_SYMBOL", Mapping: "$.ticker", SqlType: "VARCHAR(4)"},
			{Name: "PRICE", Mapping: "$.price", SqlType: "DOUBLE"}}}}

func jsonOutput(stream, arn string) analytics.Output {
	return analytics.Output{Name: stream, KinesisStreamsOutput: &analytics.KinesisStreamsOutput{ResourceARN: arn},
		DestinationSchema: analytics.DestinationSchema{RecordFormatType: analytics.FormatJSON}}
}

type fixture struct {
	e   *analytics.Engine
	clk *clock.Manual
	in  *memStream
	out *sink
}

func newFixture(t *testing.T, opts ...analytics.Option) *fixture {
	f := &fixture{clk: clock.NewManual(t0), in: newMemStream(), out: newSink()}
	label := "analytics-test-" + t.Name()
	f.e = analytics.New(append([]analytics.Option{analytics.WithClock(f.clk), analytics.WithSeed(1), analytics.WithLabel(label),
		analytics.WithStreamReader(f.in), analytics.WithStreamWriter(f.out)}, opts...)...)
	t.Cleanup(func() {
		f.e.Close()
		checkNoGoroutines(t, label)
	})
	return f
}

func (f *fixture) create(t *testing.T, in analytics.CreateApplicationInput) {
	t.Helper()
	if in.ApplicationName == "" {
		in.ApplicationName = "app"
	}
	if _, err := f.e.CreateApplication(context.Background(), in); err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
}

func (f *fixture) start(t *testing.T, pos analytics.InputStartingPosition) {
	t.Helper()
	if err := f.e.StartApplication(context.Background(), analytics.StartApplicationInput{ApplicationName: "app",
		InputConfigurations: []analytics.InputConfiguration{{Id: "1.1", InputStartingPositionConfiguration: analytics.InputStartingPositionConfiguration{InputStartingPosition: pos}}}}); err != nil {
		t.Fatalf("StartApplication: %v", err)
	}
}

var destCols = query.Schema{{Name: "TICKER_SYMBOL", Type: query.VarcharType(4)}, {Name: "PRICE", Type: query.DoubleType}}

func filterCode(min float64) *analytics.Code {
	return &analytics.Code{Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: destCols}},
		Pumps: []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM",
			Steps: []query.Step{query.Filter{Where: query.Gt(query.C("PRICE"), query.L(min))},
				query.Project{Items: []query.Item{{Expr: query.C("TICKER_SYMBOL")}, {Expr: query.C("PRICE")}}}}}}}
}

// TestApplicationMapsJSONRecordsAndWritesItsOutput: a JSON record's fields map by JSONPath onto typed columns, a
// pump filters them, and the output writes each row as a JSON record with ROWTIME, the entry time (developer
// guide, sch-mapping, how-it-works-output).
func TestApplicationMapsJSONRecordsAndWritesItsOutput(t *testing.T) {
	f := newFixture(t)
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{tickerInput}, Code: filterCode(50),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0.Add(-time.Second), `{"ticker":"AMZN","price":120.5}`, `{"ticker":"TGT","price":20}`, `{"ticker":"WAS","price":51}`)
	got := f.out.waitFor(t, outARN, 2)
	want := []string{`{"ROWTIME":"2024-05-01 10:00:00.000","TICKER_SYMBOL":"AMZN","PRICE":120.5}`,
		`{"ROWTIME":"2024-05-01 10:00:00.000","TICKER_SYMBOL":"WAS","PRICE":51}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	d, _ := f.e.DescribeApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"})
	if d.ApplicationStatus != analytics.StatusRunning || d.InputDescriptions[0].InAppStreamNames[0] != "SOURCE_SQL_STREAM_001" {
		t.Errorf("describe: %+v", d)
	}
}

// TestTumblingWindowClosesAsVirtualTimePasses: a GROUP BY STEP(ROWTIME BY INTERVAL '1' MINUTE) emits when the clock
// passes the minute, with no further row (developer guide, tumbling-window-concepts).
func TestTumblingWindowClosesAsVirtualTimePasses(t *testing.T) {
	f := newFixture(t)
	raw := "arn:aws:kinesis:us-east-1:000000000000:stream/raw"
	code := &analytics.Code{Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: query.Schema{
		{Name: "TICKER_SYMBOL", Type: query.VarcharType(4)}, {Name: "TICKER_COUNT", Type: query.IntegerType}}},
		{Name: "RAW", Columns: destCols}},
		Pumps: []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM",
			Steps: []query.Step{query.GroupBy{Keys: []query.Item{{Expr: query.C("TICKER_SYMBOL")}, {Expr: query.StepBy(query.Rowtime{}, time.Minute)}},
				Aggregates: []query.Aggregate{query.CountStar("TICKER_COUNT")}},
				query.Project{Items: []query.Item{{Expr: query.C("TICKER_SYMBOL")}, {Expr: query.C("TICKER_COUNT")}}}}},
			{Name: "RAW_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "RAW",
				Steps: []query.Step{query.Project{Items: []query.Item{{Expr: query.C("TICKER_SYMBOL")}, {Expr: query.C("PRICE")}}}}}}}
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{tickerInput}, Code: code,
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN), jsonOutput("RAW", raw)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0, `{"ticker":"AMZN","price":1}`, `{"ticker":"AMZN","price":2}`, `{"ticker":"TGT","price":3}`)
	f.out.waitFor(t, raw, 3) // the rows entered the application (ROWTIME 10:00:00) before the clock moves
	for range 61 {
		f.clk.Advance(time.Second)
	}
	got := f.out.waitFor(t, outARN, 2)
	if !strings.Contains(got[0], `"ROWTIME":"2024-05-01 10:01:00.000","TICKER_SYMBOL":"AMZN","TICKER_COUNT":2`) ||
		!strings.Contains(got[1], `"TGT","TICKER_COUNT":1`) {
		t.Errorf("got %v", got)
	}
}

// TestErrorStreamTakesCoercionAndDivisionErrors: a record whose value does not fit its column and a row that
// divides by zero become rows of error_stream, which an output may write, and the application goes on (developer
// guide, error-handling, app-explore-error-stream).
func TestErrorStreamTakesCoercionAndDivisionErrors(t *testing.T) {
	f := newFixture(t)
	code := &analytics.Code{Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: destCols}},
		Pumps: []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM",
			Steps: []query.Step{query.Project{Items: []query.Item{{Expr: query.C("TICKER_SYMBOL")}, {Expr: query.Div(query.L(100.0), query.C("PRICE"))}}}}}}}
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{tickerInput}, Code: code,
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN), jsonOutput(analytics.ErrorStreamName, errARN)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0, `{"ticker":"AMZN","price":"high"}`, `{"ticker":"TGT","price":0}`, `{"ticker":"WAS","price":4}`)
	errs := f.out.waitFor(t, errARN, 2)
	out := f.out.waitFor(t, outARN, 1)
	if !strings.Contains(out[0], `"WAS","PRICE":25`) {
		t.Errorf("output %v", out)
	}
	joined := strings.Join(errs, "\n")
	for _, want := range []string{`"ERROR_NAME":"CoercionError"`, `"ERROR_NAME":"DivisionByZero"`, `"PUMP_NAME":"STREAM_PUMP"`, `"DATA_ROW":"7b227469636b6572223a22414d5a4e22`} {
		if !strings.Contains(joined, want) {
			t.Errorf("error stream lacks %s:\n%s", want, joined)
		}
	}
}

// TestStartingPositions: NOW skips the records that arrived before the start, LAST_STOPPED_POINT reads on from
// where the application stopped, TRIM_HORIZON from the oldest (API Reference, InputStartingPositionConfiguration).
func TestStartingPositions(t *testing.T) {
	f := newFixture(t)
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{tickerInput}, Code: filterCode(0),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)}})
	f.in.put(t0.Add(-time.Minute), `{"ticker":"OLD","price":1}`)
	ctx := context.Background()
	if err := f.e.StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: "app", InputConfigurations: []analytics.InputConfiguration{
		{Id: "1.1", InputStartingPositionConfiguration: analytics.InputStartingPositionConfiguration{InputStartingPosition: analytics.StartLastStoppedPoint}}}}); !errors.Is(err, apierr.InvalidArgument) {
		t.Errorf("LAST_STOPPED_POINT before any stop: %v", err)
	}
	f.start(t, analytics.StartNow)
	f.in.put(t0, `{"ticker":"A","price":1}`)
	f.out.waitFor(t, outARN, 1)
	if err := f.e.StopApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"}); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(time.Second)
	f.in.put(f.clk.Now(), `{"ticker":"B","price":1}`)
	f.start(t, analytics.StartLastStoppedPoint)
	got := f.out.waitFor(t, outARN, 2)
	f.e.StopApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"})
	f.start(t, analytics.StartTrimHorizon)
	got = f.out.waitFor(t, outARN, 5)
	var syms []string
	for _, g := range got {
		syms = append(syms, g[strings.Index(g, `"TICKER_SYMBOL":"`)+17:][:1])
	}
	if s := strings.Join(syms, ""); s != "ABOAB" {
		t.Errorf("tickers read %q, want A (NOW), B (LAST_STOPPED_POINT), then O, A, B (TRIM_HORIZON)", s)
	}
}

// TestAPIErrors enumerates the refusals: a bad name, a taken name, SQL text, unknown columns in the code, starting
// a running application, an unknown application, a nil context, a closed engine.
func TestAPIErrors(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	base := analytics.CreateApplicationInput{ApplicationName: "app", Inputs: []analytics.Input{tickerInput}, Code: filterCode(0)}
	cases := []struct {
		name string
		in   func(analytics.CreateApplicationInput) analytics.CreateApplicationInput
		want error
	}{
		{"bad name", func(in analytics.CreateApplicationInput) analytics.CreateApplicationInput {
			in.ApplicationName = "a b"
			return in
		}, apierr.InvalidArgument},
		{"sql", func(in analytics.CreateApplicationInput) analytics.CreateApplicationInput {
			in.ApplicationCode = "SELECT 1"
			return in
		}, apierr.CodeValidation},
		{"unknown column", func(in analytics.CreateApplicationInput) analytics.CreateApplicationInput {
			in.Code = &analytics.Code{Streams: in.Code.Streams, Pumps: []analytics.Pump{{Name: "P", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM",
				Steps: []query.Step{query.Filter{Where: query.Gt(query.C("NOPE"), query.L(1))}}}}}
			return in
		}, apierr.CodeValidation},
		{"bad type", func(in analytics.CreateApplicationInput) analytics.CreateApplicationInput {
			in.Inputs = []analytics.Input{tickerInput}
			in.Inputs[0].InputSchema.RecordColumns = []analytics.RecordColumn{{Name: "X", SqlType: "VARCHAR(0)"}}
			return in
		}, apierr.InvalidArgument},
		{"two inputs", func(in analytics.CreateApplicationInput) analytics.CreateApplicationInput {
			in.Inputs = []analytics.Input{tickerInput, tickerInput}
			return in
		}, apierr.LimitExceeded},
	}
	for _, c := range cases {
		if _, err := f.e.CreateApplication(ctx, c.in(base)); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := f.e.CreateApplication(ctx, base); err != nil {
		t.Fatal(err)
	}
	if _, err := f.e.CreateApplication(ctx, base); !errors.Is(err, apierr.ResourceInUse) {
		t.Errorf("duplicate: %v", err)
	}
	f.start(t, analytics.StartNow)
	if err := f.e.StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: "app"}); !errors.Is(err, apierr.ResourceInUse) {
		t.Errorf("start twice: %v", err)
	}
	if _, err := f.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: "none"}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("unknown: %v", err)
	}
	//lint:ignore SA1012 the nil context is the point
	if err := f.e.StopApplication(nil, analytics.ApplicationRef{ApplicationName: "app"}); !errors.Is(err, analytics.ErrNilContext) { //nolint:staticcheck
		t.Errorf("nil ctx: %v", err)
	}
	f.e.Close()
	if _, err := f.e.ListApplications(ctx); !errors.Is(err, analytics.ErrClosed) {
		t.Errorf("closed: %v", err)
	}
}

// TestControlsInterceptEveryCall: a control on "kinesisanalytics:*" fails each operation with its error before
// the engine looks at the input (package control).
func TestControlsInterceptEveryCall(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	calls := map[control.Op]func() error{
		analytics.OpCreateApplication: func() error {
			_, err := f.e.CreateApplication(ctx, analytics.CreateApplicationInput{ApplicationName: "x"})
			return err
		},
		analytics.OpStartApplication:    func() error { return f.e.StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: "x"}) },
		analytics.OpStopApplication:     func() error { return f.e.StopApplication(ctx, analytics.ApplicationRef{ApplicationName: "x"}) },
		analytics.OpDeleteApplication:   func() error { return f.e.DeleteApplication(ctx, analytics.ApplicationRef{ApplicationName: "x"}) },
		analytics.OpDescribeApplication: func() error { _, err := f.e.DescribeApplication(ctx, analytics.ApplicationRef{}); return err },
		analytics.OpListApplications:    func() error { _, err := f.e.ListApplications(ctx); return err },
		analytics.OpDiscoverInputSchema: func() error {
			_, err := f.e.DiscoverInputSchema(ctx, analytics.DiscoverInputSchemaInput{Records: [][]byte{[]byte("{}")}})
			return err
		},
	}
	for op, call := range calls {
		var seen control.Op
		f.e.Controls().Add("kinesisanalytics:*", func(c control.Call) (control.Response, bool) {
			seen = c.Op
			return control.Response{Err: apierr.ServiceUnavailable}, true
		})
		if err := call(); !errors.Is(err, apierr.ServiceUnavailable) || seen != op {
			t.Errorf("%s: %v (control saw %q)", op, err, seen)
		}
	}
}

// TestDiscoverInputSchemaRenamesAndInfers: discovery renames reserved words and odd characters with COL_ and
// infers the narrowest integer type, DECIMAL for fractions and VARCHAR for text (developer guide, sch-dis,
// app-anom-score-create-app: heart rates become TINYINT).
func TestDiscoverInputSchemaRenamesAndInfers(t *testing.T) {
	f := newFixture(t)
	recs := [][]byte{[]byte(`{"USER":"ann","USER@DOMAIN":"a@b","@@":1,"heartRate":72,"price":33.11,"ok":true,"1st":"x"}`),
		[]byte(`{"USER":"bob","USER@DOMAIN":"c@d","@@":2,"heartRate":180,"price":123.4,"ok":false,"1st":"y"}`)}
	out, err := f.e.DiscoverInputSchema(context.Background(), analytics.DiscoverInputSchemaInput{Records: recs})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range out.InputSchema.RecordColumns {
		got = append(got, c.Name+" "+c.SqlType+" "+c.Mapping)
	}
	want := "COL_USER VARCHAR(4) $.USER|COL_USERDOMAIN VARCHAR(4) $['USER@DOMAIN']|COL_2 TINYINT $['@@']|heartRate SMALLINT $.heartRate|price DECIMAL(5,2) $.price|ok BOOLEAN $.ok|COL_1st VARCHAR(1) $['1st']"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
	if len(out.ParsedInputRecords) != 2 || out.ParsedInputRecords[0][3] != "72" {
		t.Errorf("parsed %v", out.ParsedInputRecords)
	}
	f.in.put(t0, "AMZN,12,4.5", "TGT,7,1.25")
	out, err = f.e.DiscoverInputSchema(context.Background(), analytics.DiscoverInputSchemaInput{ResourceARN: inARN,
		InputStartingPositionConfiguration: analytics.InputStartingPositionConfiguration{InputStartingPosition: analytics.StartTrimHorizon}})
	if err != nil || fmt.Sprint(out.InputSchema.RecordColumns) != "[{COL_0  VARCHAR(4)} {COL_1  TINYINT} {COL_2  DECIMAL(3,2)}]" {
		t.Errorf("CSV: %v %v", out.InputSchema.RecordColumns, err)
	}
	f.clk.Advance(time.Second) // NOW: nothing arrived since
	if _, err := f.e.DiscoverInputSchema(context.Background(), analytics.DiscoverInputSchemaInput{ResourceARN: inARN,
		InputStartingPositionConfiguration: analytics.InputStartingPositionConfiguration{InputStartingPosition: analytics.StartNow}}); !errors.Is(err, apierr.UnableToDetectSchema) {
		t.Errorf("no records: %v", err)
	}
}
