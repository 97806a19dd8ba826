package awssdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	katypes "github.com/aws/aws-sdk-go-v2/service/kinesisanalytics/types"

	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/stream"
)

// The developer guide's continuous filter (analytics.md §1.9 E1), created from its published SQL through
// aws-sdk-go-v2's kinesisanalytics client (v1.31.0): CreateApplication with ApplicationCode and an input mapped
// from JSON, AddApplicationOutput, StartApplication, records put through the Kinesis client, the kept rows read from the output
// stream; then DescribeApplication (with the ApplicationCode given), ListApplications, StopApplication and DeleteApplication; a typo in the code is
// a CodeValidationException naming its line and column.
func TestKinesisAnalyticsSDKRunsASQLApplication(t *testing.T) {
	ctx := context.Background()
	acct, kc := newClient(t)
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	mustCreate(t, kc, "ticks", 1)
	mustCreate(t, kc, "kept", 1)
	id := acct.Identity()
	code, err := os.ReadFile(filepath.Join("..", "analytics", "sql", "testdata", "e01_continuous_filter.sql"))
	if err != nil {
		t.Fatal(err)
	}
	col := func(name, sqlType string) katypes.RecordColumn {
		return katypes.RecordColumn{Name: aws.String(name), Mapping: aws.String("$." + name), SqlType: aws.String(sqlType)}
	}
	out, err := ka.CreateApplication(ctx, &kinesisanalytics.CreateApplicationInput{ApplicationName: aws.String("filter"),
		ApplicationCode: aws.String(string(code)),
		Inputs: []katypes.Input{{NamePrefix: aws.String("SOURCE_SQL_STREAM"),
			KinesisStreamsInput: &katypes.KinesisStreamsInput{ResourceARN: aws.String(id.StreamARN("ticks")), RoleARN: aws.String("arn:aws:iam::000000000000:role/r")},
			InputSchema: &katypes.SourceSchema{RecordFormat: &katypes.RecordFormat{RecordFormatType: katypes.RecordFormatTypeJson,
				MappingParameters: &katypes.MappingParameters{JSONMappingParameters: &katypes.JSONMappingParameters{RecordRowPath: aws.String("$")}}},
				RecordEncoding: aws.String("UTF-8"),
				RecordColumns:  []katypes.RecordColumn{col("TICKER_SYMBOL", "VARCHAR(4)"), col("SECTOR", "VARCHAR(16)"), col("CHANGE", "REAL"), col("PRICE", "REAL")}}}},
	})
	if err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	if _, err := ka.AddApplicationOutput(ctx, &kinesisanalytics.AddApplicationOutputInput{ApplicationName: aws.String("filter"),
		CurrentApplicationVersionId: aws.Int64(1), Output: &katypes.Output{Name: aws.String("DESTINATION_SQL_STREAM"),
			KinesisStreamsOutput: &katypes.KinesisStreamsOutput{ResourceARN: aws.String(id.StreamARN("kept")), RoleARN: aws.String("arn:aws:iam::000000000000:role/r")},
			DestinationSchema:    &katypes.DestinationSchema{RecordFormatType: katypes.RecordFormatTypeJson}}}); err != nil {
		t.Fatalf("AddApplicationOutput: %v", err)
	}
	if out.ApplicationSummary.ApplicationStatus != katypes.ApplicationStatusReady {
		t.Errorf("status %s", out.ApplicationSummary.ApplicationStatus)
	}
	if _, err := ka.StartApplication(ctx, &kinesisanalytics.StartApplicationInput{ApplicationName: aws.String("filter"),
		InputConfigurations: []katypes.InputConfiguration{{Id: aws.String("1.1"),
			InputStartingPositionConfiguration: &katypes.InputStartingPositionConfiguration{InputStartingPosition: katypes.InputStartingPositionTrimHorizon}}}}); err != nil {
		t.Fatalf("StartApplication: %v", err)
	}
	for _, rec := range []string{`{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":20,"PRICE":120}`,
		`{"TICKER_SYMBOL":"TGT","SECTOR":"RETAIL","CHANGE":1,"PRICE":51}`, `{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-5,"PRICE":20}`} {
		if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("ticks"), PartitionKey: aws.String("k"), Data: []byte(rec)}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	rctx, cancel := context.WithCancel(ctx)
	for r, err := range acct.Streams().Follow(rctx, stream.FollowInput{StreamRef: stream.StreamRef{StreamName: "kept"}}) {
		if err != nil {
			t.Fatal(err)
		}
		var row struct {
			TICKER_SYMBOL string
			PRICE         float64
		}
		if err := json.Unmarshal(r.Data, &row); err != nil {
			t.Fatalf("%s: %v", r.Data, err)
		}
		got = append(got, row.TICKER_SYMBOL)
		if len(got) == 2 {
			break
		}
	}
	cancel()
	if len(got) != 2 || got[0] != "AMZN" || got[1] != "QXZ" {
		t.Errorf("kept %v, want AMZN and QXZ (changes over 15 %%)", got)
	}
	d, err := ka.DescribeApplication(ctx, &kinesisanalytics.DescribeApplicationInput{ApplicationName: aws.String("filter")})
	if err != nil {
		t.Fatal(err)
	}
	if d.ApplicationDetail.ApplicationStatus != katypes.ApplicationStatusRunning || len(d.ApplicationDetail.InputDescriptions) != 1 ||
		d.ApplicationDetail.InputDescriptions[0].InAppStreamNames[0] != "SOURCE_SQL_STREAM_001" || len(d.ApplicationDetail.OutputDescriptions) != 1 || aws.ToInt64(d.ApplicationDetail.ApplicationVersionId) != 2 {
		t.Errorf("describe: %+v", d.ApplicationDetail)
	}
	if aws.ToString(d.ApplicationDetail.ApplicationCode) != string(code) {
		t.Errorf("DescribeApplication's ApplicationCode %q, want the SQL CreateApplication was given", aws.ToString(d.ApplicationDetail.ApplicationCode))
	}
	l, err := ka.ListApplications(ctx, &kinesisanalytics.ListApplicationsInput{})
	if err != nil || len(l.ApplicationSummaries) != 1 || aws.ToString(l.ApplicationSummaries[0].ApplicationName) != "filter" {
		t.Errorf("list: %+v, %v", l, err)
	}
	if _, err := ka.StopApplication(ctx, &kinesisanalytics.StopApplicationInput{ApplicationName: aws.String("filter")}); err != nil {
		t.Fatalf("StopApplication: %v", err)
	}
	var cm *katypes.ConcurrentModificationException
	if _, err := ka.DeleteApplication(ctx, &kinesisanalytics.DeleteApplicationInput{ApplicationName: aws.String("filter"), CreateTimestamp: aws.Time(t0.Add(-1))}); !errors.As(err, &cm) {
		t.Errorf("DeleteApplication with another CreateTimestamp: %v", err)
	}
	if _, err := ka.DeleteApplication(ctx, &kinesisanalytics.DeleteApplicationInput{ApplicationName: aws.String("filter"), CreateTimestamp: d.ApplicationDetail.CreateTimestamp}); err != nil {
		t.Fatalf("DeleteApplication: %v", err)
	}
	typo, err := os.ReadFile(filepath.Join("..", "analytics", "sql", "testdata", "e15_left_outer_join_typo.sql"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ka.CreateApplication(ctx, &kinesisanalytics.CreateApplicationInput{ApplicationName: aws.String("typo"), ApplicationCode: aws.String(string(typo))})
	var cv *katypes.CodeValidationException
	if !errors.As(err, &cv) || aws.ToString(cv.Message) == "" {
		t.Fatalf("CreateApplication with the typo: %v, want a CodeValidationException", err)
	}
	if msg := aws.ToString(cv.Message); msg[:len("line 5, column 1")] != "line 5, column 1" {
		t.Errorf("message %q does not name line 5, column 1", msg)
	}
}
