package analytics_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/analytics/sql"
	"github.com/kinesim/kinesim/apierr"
)

func exampleSQL(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("sql", "testdata", name+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var demoInput = analytics.Input{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: inARN},
	InputSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatJSON},
		RecordColumns: []analytics.RecordColumn{{Name: "TICKER_SYMBOL", Mapping: "$.TICKER_SYMBOL", SqlType: "VARCHAR(4)"},
			{Name: "SECTOR", Mapping: "$.SECTOR", SqlType: "VARCHAR(16)"}, {Name: "CHANGE", Mapping: "$.CHANGE", SqlType: "REAL"},
			{Name: "PRICE", Mapping: "$.PRICE", SqlType: "REAL"}}}}

// TestApplicationCodeRunsTheContinuousFilterFromItsSQL: CreateApplication with ApplicationCode, the developer
// guide's continuous filter verbatim, maps the demo stream's JSON records, keeps the rows whose price changed more
// than 15 % and writes them to the output (developer guide, continuous-queries-concepts; analytics.md §1.9 E1).
func TestApplicationCodeRunsTheContinuousFilterFromItsSQL(t *testing.T) {
	f := newFixture(t)
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter"),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0.Add(-time.Second), `{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":20,"PRICE":120}`,
		`{"TICKER_SYMBOL":"TGT","SECTOR":"RETAIL","CHANGE":1,"PRICE":51}`, `{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-5,"PRICE":20}`)
	got := f.out.waitFor(t, outARN, 2)
	want := []string{`{"ROWTIME":"2024-05-01 10:00:00.000","TICKER_SYMBOL":"AMZN","PRICE":120}`,
		`{"ROWTIME":"2024-05-01 10:00:00.000","TICKER_SYMBOL":"QXZ","PRICE":20}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestApplicationCodeRunsTheTumblingWindowFromItsSQL: the tumbling-window example's SQL (MIN and MAX per ticker
// per 60 s of ROWTIME) emits when virtual time passes the minute (developer guide,
// examples-window-tumbling-rowtime; analytics.md §1.9 E2). The prices are exact in REAL, the destination columns'
// type.
func TestApplicationCodeRunsTheTumblingWindowFromItsSQL(t *testing.T) {
	f := newFixture(t)
	in := analytics.Input{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: inARN},
		InputSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatJSON},
			RecordColumns: []analytics.RecordColumn{{Name: "TICKER", Mapping: "$.TICKER", SqlType: "VARCHAR(4)"},
				{Name: "PRICE", Mapping: "$.PRICE", SqlType: "DOUBLE"}}}}
	// A second pump copies the source to RAW, so that the test sees the rows enter (ROWTIME 10:00:00) before it
	// moves the clock.
	raw := "arn:aws:kinesis:us-east-1:000000000000:stream/raw"
	code := exampleSQL(t, "e02_tumbling_rowtime") + `
CREATE OR REPLACE STREAM "RAW" (TICKER VARCHAR(4), PRICE DOUBLE);
CREATE OR REPLACE PUMP "RAW_PUMP" AS INSERT INTO "RAW" SELECT STREAM TICKER, PRICE FROM "SOURCE_SQL_STREAM_001";`
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{in}, ApplicationCode: code,
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN), jsonOutput("RAW", raw)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0, `{"TICKER":"TBV","PRICE":33.5}`, `{"TICKER":"TBV","PRICE":35}`, `{"TICKER":"AMZN","PRICE":27.75}`)
	f.out.waitFor(t, raw, 3)
	for range 61 {
		f.clk.Advance(time.Second)
	}
	got := f.out.waitFor(t, outARN, 2)
	want := []string{`{"ROWTIME":"2024-05-01 10:01:00.000","TICKER":"TBV","MIN_PRICE":33.5,"MAX_PRICE":35}`,
		`{"ROWTIME":"2024-05-01 10:01:00.000","TICKER":"AMZN","MIN_PRICE":27.75,"MAX_PRICE":27.75}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestApplicationCodeErrors: code that does not compile is refused with CodeValidationException carrying the
// line and column (a *sql.Error), and no application is created; code over 102,400 characters and code given both
// as SQL and as Go values are invalid arguments (API reference, CreateApplication; analytics.md §1.8).
func TestApplicationCodeErrors(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cases := []struct {
		name string
		in   analytics.CreateApplicationInput
		want *apierr.Error
		line int
	}{
		{"syntax", analytics.CreateApplicationInput{ApplicationCode: exampleSQL(t, "e15_left_outer_join_typo")}, apierr.CodeValidation, 5},
		{"unknown column", analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput},
			ApplicationCode: strings.Replace(exampleSQL(t, "e01_continuous_filter"), "PRICE \n", "PRICES \n", 1)}, apierr.CodeValidation, 7},
		{"query outside a pump", analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e18_divide_by_zero")}, apierr.CodeValidation, 1},
		{"too long", analytics.CreateApplicationInput{ApplicationCode: strings.Repeat(" ", analytics.MaxApplicationCodeBytes+1)}, apierr.InvalidArgument, 0},
		{"both", analytics.CreateApplicationInput{ApplicationCode: exampleSQL(t, "streams_pumps_create_stream"), Code: &analytics.Code{}}, apierr.InvalidArgument, 0},
	}
	for _, c := range cases {
		c.in.ApplicationName = "bad"
		_, err := f.e.CreateApplication(ctx, c.in)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		var e *sql.Error
		if c.line > 0 && (!errors.As(err, &e) || e.Line != c.line || e.Column < 1) {
			t.Errorf("%s: %v, want a *sql.Error at line %d", c.name, err, c.line)
		}
	}
	if _, err := f.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: "bad"}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("a refused application exists: %v", err)
	}
}
