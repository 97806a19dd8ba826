package analytics_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/apierr"
)

func describe(t *testing.T, e *analytics.Engine) analytics.ApplicationDetail {
	t.Helper()
	d, err := e.DescribeApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func outputIDs(d analytics.ApplicationDetail) string {
	var ids []string
	for _, o := range d.OutputDescriptions {
		ids = append(ids, o.OutputId+"="+o.Output.Name)
	}
	return strings.Join(ids, " ")
}

// TestDeleteApplicationOutputStopsWritingToItsDestination: "Amazon Kinesis Analytics will no longer write data from
// the corresponding in-application stream to the external output destination" (API reference,
// DeleteApplicationOutput); the output is named by the unique OutputId DescribeApplication shows, a stale
// CurrentApplicationVersionId is a ConcurrentModificationException, and a refused call changes nothing. On a
// RUNNING application the deletion restarts it as AddApplicationOutput does; the other output keeps its id, and an
// output added afterwards gets a new one.
func TestDeleteApplicationOutputStopsWritingToItsDestination(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter"),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN), jsonOutput(analytics.ErrorStreamName, errARN)}})
	if got := outputIDs(describe(t, f.e)); got != "1.1=DESTINATION_SQL_STREAM 2.1=error_stream" {
		t.Fatalf("outputs %s", got)
	}
	del := func(version int64, id string) error {
		return f.e.DeleteApplicationOutput(ctx, analytics.DeleteApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: version, OutputId: id})
	}
	for _, c := range []struct {
		version int64
		id      string
		want    error
	}{{7, "1.1", apierr.ConcurrentModification}, {1, "9.1", apierr.ResourceNotFound}, {1, "", apierr.InvalidArgument}, {1, "a b", apierr.InvalidArgument}} {
		if err := del(c.version, c.id); !errors.Is(err, c.want) {
			t.Errorf("version %d, id %q: %v, want %v", c.version, c.id, err, c.want)
		}
	}
	if err := f.e.DeleteApplicationOutput(ctx, analytics.DeleteApplicationOutputInput{ApplicationName: "none", CurrentApplicationVersionId: 1, OutputId: "1.1"}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("an unknown application: %v", err)
	}
	if d := describe(t, f.e); d.ApplicationVersionId != 1 || len(d.OutputDescriptions) != 2 {
		t.Fatalf("refused calls changed the application: version %d, outputs %s", d.ApplicationVersionId, outputIDs(d))
	}
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0.Add(-time.Second), `{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":20,"PRICE":120}`)
	f.out.waitFor(t, outARN, 1)
	if err := del(1, "1.1"); err != nil {
		t.Fatalf("DeleteApplicationOutput while RUNNING: %v", err)
	}
	d := describe(t, f.e)
	if d.ApplicationStatus != analytics.StatusRunning || d.ApplicationVersionId != 2 || outputIDs(d) != "2.1=error_stream" {
		t.Fatalf("after the deletion: %s, version %d, outputs %s", d.ApplicationStatus, d.ApplicationVersionId, outputIDs(d))
	}
	f.in.put(t0, `{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-5,"PRICE":90}`, `not json`)
	f.out.waitFor(t, errARN, 1)
	if err := f.e.StopApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"}); err != nil { // delivers what the stages hold
		t.Fatal(err)
	}
	if got := f.out.records(outARN); len(got) != 1 || !strings.Contains(got[0], `"AMZN"`) {
		t.Errorf("the deleted output's destination got %v, want AMZN alone (read before the deletion)", got)
	}
	if err := f.e.AddApplicationOutput(ctx, analytics.AddApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: 2,
		Output: jsonOutput("DESTINATION_SQL_STREAM", outARN)}); err != nil {
		t.Fatal(err)
	}
	if got := outputIDs(describe(t, f.e)); got != "2.1=error_stream 3.1=DESTINATION_SQL_STREAM" {
		t.Errorf("outputs %s after a new one: the deleted id is not given again", got)
	}
}

var tickerReference = analytics.ReferenceDataSource{TableName: "CompanyName",
	S3ReferenceDataSource: analytics.S3ReferenceDataSource{BucketARN: "arn:aws:s3:::refs", FileKey: "TickerReference.csv"},
	ReferenceSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatCSV},
		RecordColumns: []analytics.RecordColumn{{Name: "Ticker", SqlType: "VARCHAR(4)"}, {Name: "Company", SqlType: "VARCHAR(20)"}}}}

// TestDeleteApplicationReferenceDataSourceRemovesTheTable: the reference data source named by its ReferenceId is
// deleted with its in-application table (API reference, DeleteApplicationReferenceDataSource), with the next
// version. While the application code joins the table the deletion is an InvalidArgumentException (the code
// would not compile; the operation lists no CodeValidationException) and changes nothing; an unknown ReferenceId
// is a ResourceNotFoundException, a stale version a ConcurrentModificationException.
func TestDeleteApplicationReferenceDataSourceRemovesTheTable(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e14_reference_join"),
		ReferenceDataSources: []analytics.ReferenceDataSource{tickerReference}})
	d := describe(t, f.e)
	if len(d.ReferenceDataSourceDescriptions) != 1 || d.ReferenceDataSourceDescriptions[0].ReferenceId != "1.1" || d.ReferenceDataSourceDescriptions[0].TableName != "CompanyName" {
		t.Fatalf("reference data sources %+v", d.ReferenceDataSourceDescriptions)
	}
	del := func(version int64, id string) error {
		return f.e.DeleteApplicationReferenceDataSource(ctx, analytics.DeleteApplicationReferenceDataSourceInput{ApplicationName: "app", CurrentApplicationVersionId: version, ReferenceId: id})
	}
	for _, c := range []struct {
		version int64
		id      string
		want    error
	}{{1, "1.1", apierr.InvalidArgument}, {2, "1.1", apierr.ConcurrentModification}, {1, "2.1", apierr.ResourceNotFound}, {1, "", apierr.InvalidArgument}} {
		if err := del(c.version, c.id); !errors.Is(err, c.want) {
			t.Errorf("version %d, id %q: %v, want %v", c.version, c.id, err, c.want)
		}
	}
	if d := describe(t, f.e); d.ApplicationVersionId != 1 || len(d.ReferenceDataSourceDescriptions) != 1 {
		t.Fatalf("refused calls changed the application: version %d, %+v", d.ApplicationVersionId, d.ReferenceDataSourceDescriptions)
	}
	if err := f.e.UpdateApplication(ctx, analytics.UpdateApplicationInput{ApplicationName: "app", CurrentApplicationVersionId: 1,
		ApplicationCodeUpdate: exampleSQL(t, "e01_continuous_filter")}); err != nil {
		t.Fatal(err)
	}
	if err := del(2, "1.1"); err != nil {
		t.Fatalf("deleting a table the code no longer reads: %v", err)
	}
	d = describe(t, f.e)
	if d.ApplicationVersionId != 3 || len(d.ReferenceDataSourceDescriptions) != 0 || len(d.ReferenceDataSources) != 0 {
		t.Fatalf("after the deletion: version %d, %+v", d.ApplicationVersionId, d.ReferenceDataSourceDescriptions)
	}
	if err := f.e.AddApplicationReferenceDataSource(ctx, analytics.AddApplicationReferenceDataSourceInput{ApplicationName: "app",
		CurrentApplicationVersionId: 3, ReferenceDataSource: tickerReference}); err != nil {
		t.Fatal(err)
	}
	if d := describe(t, f.e); len(d.ReferenceDataSourceDescriptions) != 1 || d.ReferenceDataSourceDescriptions[0].ReferenceId != "2.1" {
		t.Errorf("the source added again: %+v, want the id 2.1", d.ReferenceDataSourceDescriptions)
	}
}

// TestTheConfigurationCallsRefuseANilContext: every operation refuses a nil context and changes nothing (COMMON
// rules: no panic on any input).
func TestTheConfigurationCallsRefuseANilContext(t *testing.T) {
	f := newFixture(t)
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter"),
		Outputs:                  []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)},
		CloudWatchLoggingOptions: []analytics.CloudWatchLoggingOption{{LogStreamARN: logARN, RoleARN: roleARN}}})
	var nilCtx context.Context
	for name, call := range map[string]func() error{
		"DeleteApplicationOutput": func() error {
			return f.e.DeleteApplicationOutput(nilCtx, analytics.DeleteApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: 1, OutputId: "1.1"})
		},
		"DeleteApplicationReferenceDataSource": func() error {
			return f.e.DeleteApplicationReferenceDataSource(nilCtx, analytics.DeleteApplicationReferenceDataSourceInput{ApplicationName: "app", CurrentApplicationVersionId: 1, ReferenceId: "1.1"})
		},
		"AddApplicationCloudWatchLoggingOption": func() error {
			return f.e.AddApplicationCloudWatchLoggingOption(nilCtx, analytics.AddApplicationCloudWatchLoggingOptionInput{ApplicationName: "app", CurrentApplicationVersionId: 1,
				CloudWatchLoggingOption: analytics.CloudWatchLoggingOption{LogStreamARN: logARN + "2", RoleARN: roleARN}})
		},
		"DeleteApplicationCloudWatchLoggingOption": func() error {
			return f.e.DeleteApplicationCloudWatchLoggingOption(nilCtx, analytics.DeleteApplicationCloudWatchLoggingOptionInput{ApplicationName: "app", CurrentApplicationVersionId: 1, CloudWatchLoggingOptionId: "1.1"})
		},
	} {
		if err := call(); !errors.Is(err, analytics.ErrNilContext) {
			t.Errorf("%s with a nil context: %v", name, err)
		}
	}
	if d := describe(t, f.e); d.ApplicationVersionId != 1 || len(d.OutputDescriptions) != 1 || len(d.CloudWatchLoggingOptionDescriptions) != 1 {
		t.Errorf("refused calls changed the application: %+v", d)
	}
}
