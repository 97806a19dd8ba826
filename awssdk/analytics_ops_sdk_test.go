package awssdk_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	katypes "github.com/aws/aws-sdk-go-v2/service/kinesisanalytics/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
)

const kaRole = "arn:aws:iam::000000000000:role/r"

// newFilterApplication creates "app" from the continuous filter's SQL (analytics.md §1.9 E1) with the given outputs
// and logging options, through the SDK client.
func newFilterApplication(t *testing.T, acct *kinesim.Account, ka *kinesisanalytics.Client, outputs []katypes.Output, logs []katypes.CloudWatchLoggingOption) {
	t.Helper()
	code, err := os.ReadFile(filepath.Join("..", "analytics", "sql", "testdata", "e01_continuous_filter.sql"))
	if err != nil {
		t.Fatal(err)
	}
	col := func(name, sqlType string) katypes.RecordColumn {
		return katypes.RecordColumn{Name: aws.String(name), Mapping: aws.String("$." + name), SqlType: aws.String(sqlType)}
	}
	if _, err := ka.CreateApplication(context.Background(), &kinesisanalytics.CreateApplicationInput{ApplicationName: aws.String("app"),
		ApplicationCode: aws.String(string(code)), Outputs: outputs, CloudWatchLoggingOptions: logs,
		Inputs: []katypes.Input{{NamePrefix: aws.String("SOURCE_SQL_STREAM"),
			KinesisStreamsInput: &katypes.KinesisStreamsInput{ResourceARN: aws.String(acct.Identity().StreamARN("ticks")), RoleARN: aws.String(kaRole)},
			InputSchema: &katypes.SourceSchema{RecordFormat: &katypes.RecordFormat{RecordFormatType: katypes.RecordFormatTypeJson},
				RecordColumns: []katypes.RecordColumn{col("TICKER_SYMBOL", "VARCHAR(4)"), col("SECTOR", "VARCHAR(16)"), col("CHANGE", "REAL"), col("PRICE", "REAL")}}}},
	}); err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
}

func describeApp(t *testing.T, ka *kinesisanalytics.Client) *katypes.ApplicationDetail {
	t.Helper()
	d, err := ka.DescribeApplication(context.Background(), &kinesisanalytics.DescribeApplicationInput{ApplicationName: aws.String("app")})
	if err != nil {
		t.Fatalf("DescribeApplication: %v", err)
	}
	return d.ApplicationDetail
}

// TestKinesisAnalyticsSDKDeletesAnOutputAndAReferenceDataSource: DeleteApplicationOutput and
// DeleteApplicationReferenceDataSource through aws-sdk-go-v2's kinesisanalytics client name what they delete by
// the OutputId and ReferenceId DescribeApplication shows, take the CurrentApplicationVersionId (a stale one is a
// ConcurrentModificationException) and make the next; an id that names nothing is a ResourceNotFoundException
// (API reference, DeleteApplicationOutput, DeleteApplicationReferenceDataSource).
func TestKinesisAnalyticsSDKDeletesAnOutputAndAReferenceDataSource(t *testing.T) {
	ctx := context.Background()
	acct, _ := newClient(t)
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	output := func(name, stream string) katypes.Output {
		return katypes.Output{Name: aws.String(name), KinesisStreamsOutput: &katypes.KinesisStreamsOutput{ResourceARN: aws.String(acct.Identity().StreamARN(stream)), RoleARN: aws.String(kaRole)},
			DestinationSchema: &katypes.DestinationSchema{RecordFormatType: katypes.RecordFormatTypeJson}}
	}
	newFilterApplication(t, acct, ka, []katypes.Output{output("DESTINATION_SQL_STREAM", "kept"), output("error_stream", "errors")}, nil)
	if _, err := ka.AddApplicationReferenceDataSource(ctx, &kinesisanalytics.AddApplicationReferenceDataSourceInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(1), ReferenceDataSource: &katypes.ReferenceDataSource{TableName: aws.String("CompanyName"),
			S3ReferenceDataSource: &katypes.S3ReferenceDataSource{BucketARN: aws.String("arn:aws:s3:::refs"), FileKey: aws.String("TickerReference.csv"), ReferenceRoleARN: aws.String(kaRole)},
			ReferenceSchema: &katypes.SourceSchema{RecordFormat: &katypes.RecordFormat{RecordFormatType: katypes.RecordFormatTypeCsv,
				MappingParameters: &katypes.MappingParameters{CSVMappingParameters: &katypes.CSVMappingParameters{RecordRowDelimiter: aws.String("\n"), RecordColumnDelimiter: aws.String(",")}}},
				RecordColumns: []katypes.RecordColumn{{Name: aws.String("Ticker"), SqlType: aws.String("VARCHAR(4)")}}}}}); err != nil {
		t.Fatalf("AddApplicationReferenceDataSource: %v", err)
	}
	d := describeApp(t, ka)
	if len(d.OutputDescriptions) != 2 || aws.ToString(d.OutputDescriptions[0].OutputId) != "1.1" || aws.ToString(d.OutputDescriptions[1].OutputId) != "2.1" {
		t.Fatalf("OutputDescriptions %+v", d.OutputDescriptions)
	}
	if len(d.ReferenceDataSourceDescriptions) != 1 || aws.ToString(d.ReferenceDataSourceDescriptions[0].ReferenceId) != "1.1" ||
		aws.ToString(d.ReferenceDataSourceDescriptions[0].TableName) != "CompanyName" ||
		aws.ToString(d.ReferenceDataSourceDescriptions[0].S3ReferenceDataSourceDescription.FileKey) != "TickerReference.csv" {
		t.Fatalf("ReferenceDataSourceDescriptions %+v", d.ReferenceDataSourceDescriptions)
	}
	var stale *katypes.ConcurrentModificationException
	if _, err := ka.DeleteApplicationOutput(ctx, &kinesisanalytics.DeleteApplicationOutputInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(1), OutputId: aws.String("1.1")}); !errors.As(err, &stale) {
		t.Errorf("a stale version: %v, want a ConcurrentModificationException", err)
	}
	var notFound *katypes.ResourceNotFoundException
	if _, err := ka.DeleteApplicationOutput(ctx, &kinesisanalytics.DeleteApplicationOutputInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(2), OutputId: aws.String("5.1")}); !errors.As(err, &notFound) {
		t.Errorf("an unknown OutputId: %v, want a ResourceNotFoundException", err)
	}
	if _, err := ka.DeleteApplicationOutput(ctx, &kinesisanalytics.DeleteApplicationOutputInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(2), OutputId: aws.String("1.1")}); err != nil {
		t.Fatalf("DeleteApplicationOutput: %v", err)
	}
	if _, err := ka.DeleteApplicationReferenceDataSource(ctx, &kinesisanalytics.DeleteApplicationReferenceDataSourceInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(3), ReferenceId: aws.String("4.1")}); !errors.As(err, &notFound) {
		t.Errorf("an unknown ReferenceId: %v, want a ResourceNotFoundException", err)
	}
	if _, err := ka.DeleteApplicationReferenceDataSource(ctx, &kinesisanalytics.DeleteApplicationReferenceDataSourceInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(3), ReferenceId: aws.String("1.1")}); err != nil {
		t.Fatalf("DeleteApplicationReferenceDataSource: %v", err)
	}
	d = describeApp(t, ka)
	if aws.ToInt64(d.ApplicationVersionId) != 4 || len(d.OutputDescriptions) != 1 || aws.ToString(d.OutputDescriptions[0].OutputId) != "2.1" ||
		aws.ToString(d.OutputDescriptions[0].Name) != "error_stream" || len(d.ReferenceDataSourceDescriptions) != 0 {
		t.Errorf("after the deletions: version %d, outputs %+v, references %+v", aws.ToInt64(d.ApplicationVersionId), d.OutputDescriptions, d.ReferenceDataSourceDescriptions)
	}
}

// TestKinesisAnalyticsSDKRecordsCloudWatchLoggingOptions: CreateApplication's CloudWatchLoggingOptions,
// AddApplicationCloudWatchLoggingOption, UpdateApplication's CloudWatchLoggingOptionUpdates and
// DeleteApplicationCloudWatchLoggingOption through the SDK client show in DescribeApplication's
// CloudWatchLoggingOptionDescriptions with their ids (API reference; developer guide, cloudwatch-logs); a log stream
// already an option is an InvalidArgumentException, an unknown id a ResourceNotFoundException. kinesim records
// the options and writes no logs.
func TestKinesisAnalyticsSDKRecordsCloudWatchLoggingOptions(t *testing.T) {
	ctx := context.Background()
	acct, _ := newClient(t)
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	const logs = "arn:aws:logs:us-east-1:000000000000:log-group:kda:log-stream:"
	newFilterApplication(t, acct, ka, nil, []katypes.CloudWatchLoggingOption{{LogStreamARN: aws.String(logs + "a"), RoleARN: aws.String(kaRole)}})
	var invalid *katypes.InvalidArgumentException
	if _, err := ka.AddApplicationCloudWatchLoggingOption(ctx, &kinesisanalytics.AddApplicationCloudWatchLoggingOptionInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(1), CloudWatchLoggingOption: &katypes.CloudWatchLoggingOption{LogStreamARN: aws.String(logs + "a"), RoleARN: aws.String(kaRole)}}); !errors.As(err, &invalid) {
		t.Errorf("a log stream already an option: %v, want an InvalidArgumentException", err)
	}
	if _, err := ka.AddApplicationCloudWatchLoggingOption(ctx, &kinesisanalytics.AddApplicationCloudWatchLoggingOptionInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(1), CloudWatchLoggingOption: &katypes.CloudWatchLoggingOption{LogStreamARN: aws.String(logs + "b"), RoleARN: aws.String(kaRole)}}); err != nil {
		t.Fatalf("AddApplicationCloudWatchLoggingOption: %v", err)
	}
	if _, err := ka.UpdateApplication(ctx, &kinesisanalytics.UpdateApplicationInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(2),
		ApplicationUpdate: &katypes.ApplicationUpdate{CloudWatchLoggingOptionUpdates: []katypes.CloudWatchLoggingOptionUpdate{{
			CloudWatchLoggingOptionId: aws.String("1.1"), LogStreamARNUpdate: aws.String(logs + "c")}}}}); err != nil {
		t.Fatalf("UpdateApplication's CloudWatchLoggingOptionUpdates: %v", err)
	}
	var notFound *katypes.ResourceNotFoundException
	if _, err := ka.DeleteApplicationCloudWatchLoggingOption(ctx, &kinesisanalytics.DeleteApplicationCloudWatchLoggingOptionInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(3), CloudWatchLoggingOptionId: aws.String("3.1")}); !errors.As(err, &notFound) {
		t.Errorf("an unknown id: %v, want a ResourceNotFoundException", err)
	}
	d := describeApp(t, ka)
	var got []string
	for _, l := range d.CloudWatchLoggingOptionDescriptions {
		got = append(got, aws.ToString(l.CloudWatchLoggingOptionId)+"="+strings.TrimPrefix(aws.ToString(l.LogStreamARN), logs)+","+aws.ToString(l.RoleARN))
	}
	if want := "1.1=c," + kaRole + " 2.1=b," + kaRole; strings.Join(got, " ") != want || aws.ToInt64(d.ApplicationVersionId) != 3 {
		t.Fatalf("options %v at version %d, want %s at 3", got, aws.ToInt64(d.ApplicationVersionId), want)
	}
	if _, err := ka.DeleteApplicationCloudWatchLoggingOption(ctx, &kinesisanalytics.DeleteApplicationCloudWatchLoggingOptionInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(3), CloudWatchLoggingOptionId: aws.String("1.1")}); err != nil {
		t.Fatalf("DeleteApplicationCloudWatchLoggingOption: %v", err)
	}
	if d := describeApp(t, ka); len(d.CloudWatchLoggingOptionDescriptions) != 1 || aws.ToString(d.CloudWatchLoggingOptionDescriptions[0].CloudWatchLoggingOptionId) != "2.1" {
		t.Errorf("after the deletion: %+v", d.CloudWatchLoggingOptionDescriptions)
	}
}
