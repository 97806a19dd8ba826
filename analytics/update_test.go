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

// TestAddOutputAndUpdateCodeBumpTheVersion: AddApplicationOutput and UpdateApplication take the current
// ApplicationVersionId and make the next; a stale version is a ConcurrentModificationException, code that does not
// compile a CodeValidationException, and neither changes the application (API reference, AddApplicationOutput,
// UpdateApplication). The output added then delivers what the SQL keeps.
func TestAddOutputAndUpdateCodeBumpTheVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter")})
	version := func() int64 {
		d, err := f.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"})
		if err != nil {
			t.Fatal(err)
		}
		return d.ApplicationVersionId
	}
	if err := f.e.AddApplicationOutput(ctx, analytics.AddApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: 7,
		Output: jsonOutput("DESTINATION_SQL_STREAM", outARN)}); !errors.Is(err, apierr.ConcurrentModification) {
		t.Fatalf("a stale version: %v", err)
	}
	if err := f.e.AddApplicationOutput(ctx, analytics.AddApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: 1,
		Output: jsonOutput("DESTINATION_SQL_STREAM", outARN)}); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(exampleSQL(t, "e01_continuous_filter"), "WHERE", "WHERE NOPE > 1 AND", 1)
	if err := f.e.UpdateApplication(ctx, analytics.UpdateApplicationInput{ApplicationName: "app", CurrentApplicationVersionId: 2,
		ApplicationCodeUpdate: bad}); !errors.Is(err, apierr.CodeValidation) {
		t.Fatalf("code that does not compile: %v", err)
	}
	if v := version(); v != 2 {
		t.Fatalf("version %d after one change and one refused, want 2", v)
	}
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0.Add(-time.Second), `{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":20,"PRICE":120}`)
	if got := f.out.waitFor(t, outARN, 1); !strings.Contains(got[0], `"TICKER_SYMBOL":"AMZN"`) {
		t.Errorf("got %v", got)
	}
}

// TestAChangeToARunningApplicationRestartsItWhereItStopped: the API reference lets AddApplicationInput,
// AddApplicationOutput, AddApplicationReferenceDataSource and UpdateApplication change an application without
// asking that it be stopped; kinesim restarts a RUNNING one with the new configuration, its input resuming where
// it stopped reading, so each record is read once. A change whose application cannot start (a reference table
// that cannot be loaded) is refused and the application runs on as it was.
func TestAChangeToARunningApplicationRestartsItWhereItStopped(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter"),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0.Add(-time.Second), `{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":20,"PRICE":120}`)
	f.out.waitFor(t, outARN, 1)
	if err := f.e.AddApplicationOutput(ctx, analytics.AddApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: 1,
		Output: jsonOutput("error_stream", errARN)}); err != nil {
		t.Fatalf("AddApplicationOutput while RUNNING: %v", err)
	}
	d, err := f.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"})
	if err != nil || d.ApplicationStatus != analytics.StatusRunning || d.ApplicationVersionId != 2 || len(d.OutputDescriptions) != 2 {
		t.Fatalf("after the change: %+v, %v", d, err)
	}
	ref := analytics.ReferenceDataSource{TableName: "CompanyName",
		S3ReferenceDataSource: analytics.S3ReferenceDataSource{BucketARN: "arn:aws:s3:::refs", FileKey: "TickerReference.csv"},
		ReferenceSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatCSV},
			RecordColumns: []analytics.RecordColumn{{Name: "Ticker", SqlType: "VARCHAR(4)"}, {Name: "Company", SqlType: "VARCHAR(20)"}}}}
	if err := f.e.AddApplicationReferenceDataSource(ctx, analytics.AddApplicationReferenceDataSourceInput{ApplicationName: "app",
		CurrentApplicationVersionId: 2, ReferenceDataSource: ref}); !errors.Is(err, apierr.InvalidApplicationConfiguration) {
		t.Fatalf("a reference table the engine cannot load (no object store): %v", err)
	}
	f.in.put(t0, `{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-5,"PRICE":20}`)
	f.out.waitFor(t, outARN, 2)
	if err := f.e.StopApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"}); err != nil {
		t.Fatal(err)
	}
	got := f.out.records(outARN)
	if len(got) != 2 || !strings.Contains(got[0], `"AMZN"`) || !strings.Contains(got[1], `"QXZ"`) {
		t.Errorf("delivered %v, want AMZN then QXZ, each once", got)
	}
	d, err = f.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"})
	if err != nil || d.ApplicationVersionId != 2 || len(d.ReferenceDataSources) != 0 {
		t.Errorf("the refused change changed the application: %+v, %v", d, err)
	}
}

// TestDescribeApplicationReturnsTheApplicationCode: ApplicationDetail.ApplicationCode returns the application code
// that was provided (API reference, ApplicationDetail): CreateApplication's, then
// UpdateApplication's; a refused update leaves it as it was.
func TestDescribeApplicationReturnsTheApplicationCode(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	first := exampleSQL(t, "e01_continuous_filter")
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: first})
	code := func() string {
		d, err := f.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"})
		if err != nil {
			t.Fatal(err)
		}
		return d.ApplicationCode
	}
	if got := code(); got != first {
		t.Fatalf("ApplicationCode %q, want CreateApplication's", got)
	}
	second := strings.Replace(first, "15", "25", -1)
	if err := f.e.UpdateApplication(ctx, analytics.UpdateApplicationInput{ApplicationName: "app", CurrentApplicationVersionId: 1, ApplicationCodeUpdate: second}); err != nil {
		t.Fatal(err)
	}
	if err := f.e.UpdateApplication(ctx, analytics.UpdateApplicationInput{ApplicationName: "app", CurrentApplicationVersionId: 2, ApplicationCodeUpdate: "NOT SQL"}); !errors.Is(err, apierr.CodeValidation) {
		t.Fatalf("an update that does not compile: %v", err)
	}
	if got := code(); got != second {
		t.Fatalf("ApplicationCode %q, want UpdateApplication's", got)
	}
}
