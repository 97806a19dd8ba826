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
	if err := f.e.AddApplicationOutput(ctx, analytics.AddApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: 2,
		Output: jsonOutput("error_stream", errARN)}); !errors.Is(err, apierr.ResourceInUse) {
		t.Errorf("a change while RUNNING: %v", err)
	}
	f.in.put(t0.Add(-time.Second), `{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":20,"PRICE":120}`)
	if got := f.out.waitFor(t, outARN, 1); !strings.Contains(got[0], `"TICKER_SYMBOL":"AMZN"`) {
		t.Errorf("got %v", got)
	}
}

// TestDescribeApplicationReturnsTheApplicationCode: ApplicationDetail.ApplicationCode is "the application code
// (SQL statements)" the application runs (API reference, ApplicationDetail): CreateApplication's, then
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
