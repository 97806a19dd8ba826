package analytics_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/apierr"
)

const (
	logARN  = "arn:aws:logs:us-east-1:000000000000:log-group:kda:log-stream:app"
	roleARN = "arn:aws:iam::000000000000:role/kda-logs"
)

func logs(d analytics.ApplicationDetail) []analytics.CloudWatchLoggingOptionDescription {
	return d.CloudWatchLoggingOptionDescriptions
}

// TestCloudWatchLoggingOptionsAreRecordedWithTheirIds: CreateApplication's CloudWatchLoggingOptions,
// AddApplicationCloudWatchLoggingOption, UpdateApplication's CloudWatchLoggingOptionUpdates and
// DeleteApplicationCloudWatchLoggingOption (API reference; developer guide, cloudwatch-logs) each change what
// DescribeApplication's CloudWatchLoggingOptionDescriptions shows, with an id per option and the next version;
// a RUNNING application runs on. LogStreamARN and RoleARN are required (InvalidArgumentException), an unknown id
// is a ResourceNotFoundException, a stale version a ConcurrentModificationException, and a refused call changes
// nothing. kinesim writes no logs.
func TestCloudWatchLoggingOptionsAreRecordedWithTheirIds(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter"),
		CloudWatchLoggingOptions: []analytics.CloudWatchLoggingOption{{LogStreamARN: logARN, RoleARN: roleARN}}})
	if l := logs(describe(t, f.e)); len(l) != 1 || l[0].CloudWatchLoggingOptionId != "1.1" || l[0].LogStreamARN != logARN || l[0].RoleARN != roleARN {
		t.Fatalf("CreateApplication's options: %+v", l)
	}
	if _, err := f.e.CreateApplication(ctx, analytics.CreateApplicationInput{ApplicationName: "other",
		CloudWatchLoggingOptions: []analytics.CloudWatchLoggingOption{{LogStreamARN: logARN}}}); !errors.Is(err, apierr.InvalidArgument) {
		t.Errorf("CreateApplication with an option without RoleARN: %v", err)
	}
	f.start(t, analytics.StartTrimHorizon)
	add := func(version int64, o analytics.CloudWatchLoggingOption) error {
		return f.e.AddApplicationCloudWatchLoggingOption(ctx, analytics.AddApplicationCloudWatchLoggingOptionInput{ApplicationName: "app",
			CurrentApplicationVersionId: version, CloudWatchLoggingOption: o})
	}
	second := analytics.CloudWatchLoggingOption{LogStreamARN: logARN + "-2", RoleARN: roleARN}
	for _, c := range []struct {
		version int64
		o       analytics.CloudWatchLoggingOption
		want    error
	}{
		{2, second, apierr.ConcurrentModification},
		{1, analytics.CloudWatchLoggingOption{LogStreamARN: logARN + "-2"}, apierr.InvalidArgument},
		{1, analytics.CloudWatchLoggingOption{LogStreamARN: logARN, RoleARN: roleARN}, apierr.InvalidArgument}, // already an option
	} {
		if err := add(c.version, c.o); !errors.Is(err, c.want) {
			t.Errorf("adding %+v at version %d: %v, want %v", c.o, c.version, err, c.want)
		}
	}
	if err := add(1, second); err != nil {
		t.Fatalf("AddApplicationCloudWatchLoggingOption while RUNNING: %v", err)
	}
	d := describe(t, f.e)
	if l := logs(d); d.ApplicationVersionId != 2 || d.ApplicationStatus != analytics.StatusRunning || len(l) != 2 || l[1].CloudWatchLoggingOptionId != "2.1" {
		t.Fatalf("after the addition: version %d, %s, %+v", d.ApplicationVersionId, d.ApplicationStatus, l)
	}
	update := func(version int64, u analytics.CloudWatchLoggingOptionUpdate) error {
		return f.e.UpdateApplication(ctx, analytics.UpdateApplicationInput{ApplicationName: "app", CurrentApplicationVersionId: version,
			CloudWatchLoggingOptionUpdates: []analytics.CloudWatchLoggingOptionUpdate{u}})
	}
	if err := update(2, analytics.CloudWatchLoggingOptionUpdate{CloudWatchLoggingOptionId: "7.1", RoleARNUpdate: roleARN + "2"}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("an update of an unknown option: %v", err)
	}
	if err := update(2, analytics.CloudWatchLoggingOptionUpdate{CloudWatchLoggingOptionId: "1.1", RoleARNUpdate: roleARN + "2"}); err != nil {
		t.Fatalf("UpdateApplication's CloudWatchLoggingOptionUpdates: %v", err)
	}
	d = describe(t, f.e)
	if l := logs(d); d.ApplicationVersionId != 3 || d.ApplicationCode != exampleSQL(t, "e01_continuous_filter") || l[0].RoleARN != roleARN+"2" || l[0].LogStreamARN != logARN {
		t.Fatalf("after the update: version %d, %+v (the code kept: %v)", d.ApplicationVersionId, l, d.ApplicationCode != "")
	}
	del := func(version int64, id string) error {
		return f.e.DeleteApplicationCloudWatchLoggingOption(ctx, analytics.DeleteApplicationCloudWatchLoggingOptionInput{ApplicationName: "app",
			CurrentApplicationVersionId: version, CloudWatchLoggingOptionId: id})
	}
	if err := del(3, "9.1"); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("deleting an unknown option: %v", err)
	}
	if err := del(3, "1.1"); err != nil {
		t.Fatal(err)
	}
	if err := del(4, "1.1"); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("deleting an option twice: %v", err)
	}
	d = describe(t, f.e)
	if l := logs(d); d.ApplicationVersionId != 4 || d.ApplicationStatus != analytics.StatusRunning || len(l) != 1 || l[0].CloudWatchLoggingOptionId != "2.1" {
		t.Fatalf("after the deletion: version %d, %s, %+v", d.ApplicationVersionId, d.ApplicationStatus, l)
	}
	// A change that rebuilds the application carries the options.
	if err := f.e.AddApplicationOutput(ctx, analytics.AddApplicationOutputInput{ApplicationName: "app", CurrentApplicationVersionId: 4,
		Output: jsonOutput("DESTINATION_SQL_STREAM", outARN)}); err != nil {
		t.Fatal(err)
	}
	if l := logs(describe(t, f.e)); len(l) != 1 || l[0].CloudWatchLoggingOptionId != "2.1" {
		t.Errorf("after AddApplicationOutput: %+v", l)
	}
}
