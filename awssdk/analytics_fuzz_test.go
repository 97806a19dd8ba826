package awssdk_test

import (
	"net/http"
	"testing"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
)

// FuzzKinesisAnalyticsJSONRequest sends an arbitrary body to an arbitrary Kinesis Analytics operation (or an
// unknown one): the handler never panics, whatever the SQL of ApplicationCode, and answers 200 or a 4xx/5xx with
// an AWS error body whose __type matches the X-Amzn-ErrorType header (post checks both).
func FuzzKinesisAnalyticsJSONRequest(f *testing.F) {
	input := `"Inputs":[{"NamePrefix":"SOURCE_SQL_STREAM","KinesisStreamsInput":{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/in"},"InputSchema":{"RecordFormat":{"RecordFormatType":"JSON"},"RecordColumns":[{"Name":"PRICE","Mapping":"$.price","SqlType":"DOUBLE"}]}}]`
	for _, s := range []struct{ op, body string }{
		{"CreateApplication", `{"ApplicationName":"a",` + input + `,"ApplicationCode":"CREATE OR REPLACE STREAM \"D\" (N BIGINT);\nCREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"D\" SELECT STREAM COUNT(*) FROM \"SOURCE_SQL_STREAM_001\" GROUP BY FLOOR(ROWTIME TO MINUTE);"}`},
		{"CreateApplication", `{"ApplicationName":"b","ApplicationCode":"SELECT STREAM * FROM x,","Tags":[{"Key":"k","Value":"v"}]}`},
		{"StartApplication", `{"ApplicationName":"a","InputConfigurations":[{"Id":"1.1","InputStartingPositionConfiguration":{"InputStartingPosition":"NOW"}}]}`},
		{"StopApplication", `{"ApplicationName":"a"}`},
		{"DescribeApplication", `{"ApplicationName":"a"}`},
		{"ListApplications", `{"Limit":1,"ExclusiveStartApplicationName":"a"}`},
		{"DeleteApplication", `{"ApplicationName":"a","CreateTimestamp":1.5}`},
		{"DiscoverInputSchema", `{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/in","InputStartingPositionConfiguration":{"InputStartingPosition":"TRIM_HORIZON"}}`},
		{"AddApplicationOutput", `{"ApplicationName":"a","CurrentApplicationVersionId":1,"Output":{"Name":"D","KinesisStreamsOutput":{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/out"},"DestinationSchema":{"RecordFormatType":"CSV"}}}`},
		{"AddApplicationInput", `{"ApplicationName":"a","CurrentApplicationVersionId":2,"Input":{"NamePrefix":"X","KinesisFirehoseInput":{"ResourceARN":"arn:aws:firehose:us-east-1:000000000000:deliverystream/d"}}}`},
		{"AddApplicationReferenceDataSource", `{"ApplicationName":"a","CurrentApplicationVersionId":2,"ReferenceDataSource":{"TableName":"T","S3ReferenceDataSource":{"BucketARN":"arn:aws:s3:::b","FileKey":"k"},"ReferenceSchema":{"RecordFormat":{"RecordFormatType":"CSV","MappingParameters":{"CSVMappingParameters":{"RecordRowDelimiter":"\n","RecordColumnDelimiter":","}}},"RecordColumns":[{"Name":"K","SqlType":"VARCHAR(4)"}]}}}`},
		{"UpdateApplication", `{"ApplicationName":"a","CurrentApplicationVersionId":2,"ApplicationUpdate":{"ApplicationCodeUpdate":"CREATE OR REPLACE STREAM \"D\" (N BIGINT);"}}`},
		{"DeleteApplicationOutput", `{"ApplicationName":"a","CurrentApplicationVersionId":2,"OutputId":"1.1"}`},
		{"DeleteApplicationReferenceDataSource", `{"ApplicationName":"a","CurrentApplicationVersionId":3,"ReferenceId":"1.1"}`},
		{"AddApplicationCloudWatchLoggingOption", `{"ApplicationName":"a","CurrentApplicationVersionId":2,"CloudWatchLoggingOption":{"LogStreamARN":"arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:s","RoleARN":"arn:aws:iam::000000000000:role/r"}}`},
		{"DeleteApplicationCloudWatchLoggingOption", `{"ApplicationName":"a","CurrentApplicationVersionId":3,"CloudWatchLoggingOptionId":"1.1"}`},
		{"CreateApplication", `{"ApplicationName":"c","CloudWatchLoggingOptions":[{"LogStreamARN":"arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:s","RoleARN":""}]}`},
		{"UpdateApplication", `{"ApplicationName":"a","CurrentApplicationVersionId":3,"ApplicationUpdate":{"CloudWatchLoggingOptionUpdates":[{"CloudWatchLoggingOptionId":"1.1","RoleARNUpdate":"arn:aws:iam::000000000000:role/s"}]}}`},
		{"AddApplicationInputProcessingConfiguration", `{"ApplicationName":"a","CurrentApplicationVersionId":3,"InputId":"1.1","InputProcessingConfiguration":{"InputLambdaProcessor":{"ResourceARN":"arn:aws:lambda:us-east-1:000000000000:function:pre","RoleARN":"arn:aws:iam::000000000000:role/r"}}}`},
		{"AddApplicationInputProcessingConfiguration", `{"ApplicationName":"a","CurrentApplicationVersionId":3,"InputId":"1.1","InputProcessingConfiguration":{}}`},
		{"DeleteApplicationInputProcessingConfiguration", `{"ApplicationName":"a","CurrentApplicationVersionId":4,"InputId":"1.1"}`},
		{"CreateApplication", `{"ApplicationName":"d","Inputs":[{"NamePrefix":"S","KinesisStreamsInput":{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/in"},"InputProcessingConfiguration":{"InputLambdaProcessor":{"ResourceARN":"arn:aws:lambda:us-east-1:000000000000:function:pre","RoleARN":""}},"InputSchema":{"RecordFormat":{"RecordFormatType":"JSON"},"RecordColumns":[{"Name":"P","Mapping":"$.p","SqlType":"DOUBLE"}]}}]}`},
		{"UpdateApplication", `{"ApplicationName":"a","CurrentApplicationVersionId":4,"ApplicationUpdate":{"InputUpdates":[{"InputId":"1.1","InputProcessingConfigurationUpdate":{"InputLambdaProcessorUpdate":{"ResourceARNUpdate":"arn:aws:lambda:us-east-1:000000000000:function:other"}}}]}}`},
		{"UpdateApplication", `{"ApplicationName":"a","CurrentApplicationVersionId":4,"ApplicationUpdate":{"InputUpdates":[{"InputId":"1.1","NamePrefixUpdate":"X","InputSchemaUpdate":null}]}}`},
		{"Nope", `{`},
	} {
		f.Add(s.op, []byte(s.body))
	}
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1))
	f.Cleanup(func() { _ = acct.Close() })
	h := awssdk.Handler(acct)
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		status, _, _, _ := post(t, h, "KinesisAnalytics_20150814."+op, jsonType, body)
		if status != http.StatusOK && (status < 400 || status > 599) {
			t.Fatalf("status %d", status)
		}
	})
}
