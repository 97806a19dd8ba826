package awssdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	katypes "github.com/aws/aws-sdk-go-v2/service/kinesisanalytics/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/stream"
)

// readStream reads the first n records of the data stream name.
func readStream(t *testing.T, acct *kinesim.Account, name string, n int) []string {
	t.Helper()
	var got []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for r, err := range acct.Streams().Follow(ctx, stream.FollowInput{StreamRef: stream.StreamRef{StreamName: name}}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(r.Data))
		if len(got) == n {
			break
		}
	}
	return got
}

// TestKinesisAnalyticsSDKPreprocessesInputRecordsWithALambdaFunction: through aws-sdk-go-v2's kinesisanalytics
// client, AddApplicationInputProcessingConfiguration gives the continuous filter's input (analytics.md §1.9 E1) a
// Lambda function, which DescribeApplication shows as InputProcessingConfigurationDescription; the function gets
// the records read (base64 data, kinesisStreamRecordMetadata, the stream's and the application's ARNs) and its Ok
// records are what the SQL reads, its Dropped ones are gone and its ProcessingFailed ones are rows of error_stream
// (developer guide, lambda-preprocessing). UpdateApplication's InputProcessingConfigurationUpdate changes the
// function, DeleteApplicationInputProcessingConfiguration removes it, each with the next version; a stale version
// is a ConcurrentModificationException, an unknown input a ResourceNotFoundException (API reference).
func TestKinesisAnalyticsSDKPreprocessesInputRecordsWithALambdaFunction(t *testing.T) {
	ctx := context.Background()
	const fnARN, fn2ARN = "arn:aws:lambda:us-east-1:000000000000:function:upper", "arn:aws:lambda:us-east-1:000000000000:function:upper2"
	var mu sync.Mutex
	var reqs []analytics.PreprocessingRequest
	upper := analytics.FunctionInvokerFunc(func(_ context.Context, arn string, payload []byte) ([]byte, error) {
		var req analytics.PreprocessingRequest
		if err := json.Unmarshal(payload, &req); err != nil {
			return nil, err
		}
		mu.Lock()
		reqs = append(reqs, req)
		mu.Unlock()
		var resp analytics.PreprocessingResponse
		for _, r := range req.Records {
			switch {
			case bytes.Contains(r.Data, []byte(`"drop"`)):
				resp.Records = append(resp.Records, analytics.PreprocessingResult{RecordId: r.RecordId, Result: "Dropped"})
			case bytes.Contains(r.Data, []byte(`"fail"`)):
				resp.Records = append(resp.Records, analytics.PreprocessingResult{RecordId: r.RecordId, Result: "ProcessingFailed"})
			default:
				resp.Records = append(resp.Records, analytics.PreprocessingResult{RecordId: r.RecordId, Result: "Ok", Data: bytes.ToUpper(r.Data)})
			}
		}
		return json.Marshal(resp)
	})
	calls := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(reqs)
	}
	acct, kc := newClient(t, kinesim.WithAnalyticsOptions(analytics.WithFunctions(upper)))
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	for _, s := range []string{"ticks", "kept", "errors"} {
		mustCreate(t, kc, s, 1)
	}
	output := func(name, stream string) katypes.Output {
		return katypes.Output{Name: aws.String(name), KinesisStreamsOutput: &katypes.KinesisStreamsOutput{ResourceARN: aws.String(acct.Identity().StreamARN(stream)), RoleARN: aws.String(kaRole)},
			DestinationSchema: &katypes.DestinationSchema{RecordFormatType: katypes.RecordFormatTypeJson}}
	}
	newFilterApplication(t, acct, ka, []katypes.Output{output("DESTINATION_SQL_STREAM", "kept"), output("error_stream", "errors")}, nil)
	add := func(version int64, id string) error {
		_, err := ka.AddApplicationInputProcessingConfiguration(ctx, &kinesisanalytics.AddApplicationInputProcessingConfigurationInput{ApplicationName: aws.String("app"),
			CurrentApplicationVersionId: aws.Int64(version), InputId: aws.String(id), InputProcessingConfiguration: &katypes.InputProcessingConfiguration{
				InputLambdaProcessor: &katypes.InputLambdaProcessor{ResourceARN: aws.String(fnARN), RoleARN: aws.String(kaRole)}}})
		return err
	}
	var cm *katypes.ConcurrentModificationException
	var nf *katypes.ResourceNotFoundException
	var invalid *katypes.InvalidArgumentException
	if err := add(9, "1.1"); !errors.As(err, &cm) {
		t.Errorf("a stale version: %v, want a ConcurrentModificationException", err)
	}
	if err := add(1, "9.1"); !errors.As(err, &nf) {
		t.Errorf("an unknown input: %v, want a ResourceNotFoundException", err)
	}
	if err := add(1, "1.1"); err != nil {
		t.Fatalf("AddApplicationInputProcessingConfiguration: %v", err)
	}
	d := describeApp(t, ka)
	if p := d.InputDescriptions[0].InputProcessingConfigurationDescription; aws.ToInt64(d.ApplicationVersionId) != 2 || p == nil ||
		aws.ToString(p.InputLambdaProcessorDescription.ResourceARN) != fnARN || aws.ToString(p.InputLambdaProcessorDescription.RoleARN) != kaRole {
		t.Fatalf("DescribeApplication: version %d, %+v", aws.ToInt64(d.ApplicationVersionId), p)
	}
	if _, err := ka.StartApplication(ctx, &kinesisanalytics.StartApplicationInput{ApplicationName: aws.String("app"),
		InputConfigurations: []katypes.InputConfiguration{{Id: aws.String("1.1"),
			InputStartingPositionConfiguration: &katypes.InputStartingPositionConfiguration{InputStartingPosition: katypes.InputStartingPositionTrimHorizon}}}}); err != nil {
		t.Fatalf("StartApplication: %v", err)
	}
	put := func(recs ...string) {
		for _, rec := range recs {
			if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("ticks"), PartitionKey: aws.String("k"), Data: []byte(rec)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	put(`{"TICKER_SYMBOL":"drop","SECTOR":"x","CHANGE":20,"PRICE":120}`, `{"TICKER_SYMBOL":"fail","SECTOR":"x","CHANGE":20,"PRICE":120}`,
		`{"TICKER_SYMBOL":"amzn","SECTOR":"technology","CHANGE":20,"PRICE":120}`)
	if got := readStream(t, acct, "kept", 1); !strings.Contains(got[0], `"AMZN"`) {
		t.Errorf("kept %v, want the upper-cased AMZN", got)
	}
	if got := readStream(t, acct, "errors", 1); !strings.Contains(got[0], `"ERROR_NAME":"LambdaProcessingFailed"`) {
		t.Errorf("error stream %v", got)
	}
	mu.Lock()
	r := reqs[0]
	mu.Unlock()
	if r.StreamArn != acct.Identity().StreamARN("ticks") || r.ApplicationArn != aws.ToString(d.ApplicationARN) || len(r.Records) == 0 ||
		r.Records[0].KinesisStreamRecordMetadata == nil || r.Records[0].KinesisStreamRecordMetadata.PartitionKey != "k" ||
		r.Records[0].KinesisStreamRecordMetadata.SequenceNumber == "" {
		t.Errorf("the function's event %+v", r)
	}
	if _, err := ka.UpdateApplication(ctx, &kinesisanalytics.UpdateApplicationInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(2),
		ApplicationUpdate: &katypes.ApplicationUpdate{InputUpdates: []katypes.InputUpdate{{InputId: aws.String("1.1"), NamePrefixUpdate: aws.String("X")}}}}); !errors.As(err, &invalid) {
		t.Errorf("an InputUpdate kinesim does not implement: %v, want an InvalidArgumentException", err)
	}
	if _, err := ka.UpdateApplication(ctx, &kinesisanalytics.UpdateApplicationInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(2),
		ApplicationUpdate: &katypes.ApplicationUpdate{InputUpdates: []katypes.InputUpdate{{InputId: aws.String("1.1"),
			InputProcessingConfigurationUpdate: &katypes.InputProcessingConfigurationUpdate{InputLambdaProcessorUpdate: &katypes.InputLambdaProcessorUpdate{
				ResourceARNUpdate: aws.String(fn2ARN)}}}}}}); err != nil {
		t.Fatalf("UpdateApplication: %v", err)
	}
	d = describeApp(t, ka)
	if p := d.InputDescriptions[0].InputProcessingConfigurationDescription; aws.ToInt64(d.ApplicationVersionId) != 3 || d.ApplicationStatus != katypes.ApplicationStatusRunning ||
		p == nil || aws.ToString(p.InputLambdaProcessorDescription.ResourceARN) != fn2ARN {
		t.Fatalf("after UpdateApplication: version %d, %s, %+v", aws.ToInt64(d.ApplicationVersionId), d.ApplicationStatus, p)
	}
	if _, err := ka.DeleteApplicationInputProcessingConfiguration(ctx, &kinesisanalytics.DeleteApplicationInputProcessingConfigurationInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(2), InputId: aws.String("1.1")}); !errors.As(err, &cm) {
		t.Errorf("delete with a stale version: %v, want a ConcurrentModificationException", err)
	}
	if _, err := ka.DeleteApplicationInputProcessingConfiguration(ctx, &kinesisanalytics.DeleteApplicationInputProcessingConfigurationInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(3), InputId: aws.String("1.1")}); err != nil {
		t.Fatalf("DeleteApplicationInputProcessingConfiguration: %v", err)
	}
	d = describeApp(t, ka)
	if aws.ToInt64(d.ApplicationVersionId) != 4 || d.InputDescriptions[0].InputProcessingConfigurationDescription != nil {
		t.Fatalf("after the deletion: version %d, %+v", aws.ToInt64(d.ApplicationVersionId), d.InputDescriptions[0].InputProcessingConfigurationDescription)
	}
	before := calls()
	put(`{"TICKER_SYMBOL":"raw","SECTOR":"x","CHANGE":20,"PRICE":120}`)
	if got := readStream(t, acct, "kept", 2); !strings.Contains(got[1], `"raw"`) {
		t.Errorf("kept %v, want raw as read: the function is no longer called", got)
	}
	if n := calls(); n != before {
		t.Errorf("the function was invoked %d times after its configuration was deleted", n-before)
	}
}
