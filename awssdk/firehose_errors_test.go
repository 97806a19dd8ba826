package awssdk_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/smithy-go"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/control"
	fh "github.com/kinesim/kinesim/firehose"
)

// createOrders creates the delivery stream "orders" into the account's memory store through the client.
func createOrders(t testing.TB, c *firehose.Client) {
	t.Helper()
	if _, err := c.CreateDeliveryStream(context.Background(), &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String("orders"),
		ExtendedS3DestinationConfiguration: s3Destination()}); err != nil {
		t.Fatalf("CreateDeliveryStream: %v", err)
	}
}

// The engine's errors reach the SDK as its typed exceptions (service/firehose/types/errors.go) with the engine's
// messages, which follow AWS's wording (firehose/errors.go; API Reference, the Errors of each action), in both
// protocols: ResourceNotFoundException, ResourceInUseException (a name taken, a stream not ACTIVE),
// InvalidArgumentException, LimitExceededException, ConcurrentModificationException, ServiceUnavailableException
// (the Direct PUT request quota), InvalidKMSResourceException (which only a control makes: kinesim calls no KMS);
// a ValidationException, which the Firehose model does not declare, is a smithy.APIError with its code.
func TestSDKFirehoseErrorsAreTypedWithAWSMessages(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt, kinesim.WithFirehoseOptions(fh.WithLimits(fh.Limits{RequestsPerSecond: 1})))
			ctx := t.Context()
			createOrders(t, c)
			name := aws.String("orders")
			tags := func(from, n int) []types.Tag {
				out := make([]types.Tag, n)
				for i := range out {
					out[i] = types.Tag{Key: aws.String(fmt.Sprint("k", from+i)), Value: aws.String("v")}
				}
				return out
			}
			if _, err := c.TagDeliveryStream(ctx, &firehose.TagDeliveryStreamInput{DeliveryStreamName: name, Tags: tags(0, 30)}); err != nil {
				t.Fatalf("TagDeliveryStream: %v", err)
			}
			const limitZero = "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
			// Absent, the Limit is the default page.
			if out, err := c.ListTagsForDeliveryStream(ctx, &firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: name}); err != nil || len(out.Tags) != 30 {
				t.Fatalf("ListTagsForDeliveryStream without a Limit: %d tags, %v; want 30", len(out.Tags), err)
			}
			for _, tc := range []struct {
				name    string
				call    func() error
				want    any // a pointer to the typed exception, or the code of a smithy.APIError
				message string
			}{
				{"missing stream", func() error {
					_, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("nope")})
					return err
				}, new(*types.ResourceNotFoundException), "Firehose nope under account 000000000000 not found."},
				{"name taken", func() error {
					_, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: name, ExtendedS3DestinationConfiguration: s3Destination()})
					return err
				}, new(*types.ResourceInUseException), "Firehose orders under account 000000000000 already exists."},
				{"no destination", func() error {
					_, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String("other")})
					return err
				}, new(*types.InvalidArgumentException), "Exactly one destination configuration must be specified."},
				{"51 tags", func() error {
					_, err := c.TagDeliveryStream(ctx, &firehose.TagDeliveryStreamInput{DeliveryStreamName: name, Tags: tags(30, 21)})
					return err
				}, new(*types.LimitExceededException), "A Firehose stream cannot have more than 50 tags."},
				{"stale version", func() error {
					_, err := c.UpdateDestination(ctx, &firehose.UpdateDestinationInput{DeliveryStreamName: name, CurrentDeliveryStreamVersionId: aws.String("7"),
						DestinationId: aws.String(fh.DestinationID), ExtendedS3DestinationUpdate: &types.ExtendedS3DestinationUpdate{Prefix: aws.String("x/")}})
					return err
				}, new(*types.ConcurrentModificationException), "Cannot update firehose: orders since the current version id: 1 and specified version id: 7 do not match"},
				{"over the request quota", func() error {
					// One request a second: the first call takes it, the second, at the same instant, is refused.
					if _, err := c.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: name, Record: &types.Record{Data: []byte("a")}}); err != nil {
						return fmt.Errorf("first PutRecord: %w", err)
					}
					_, err := c.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: name, Record: &types.Record{Data: []byte("b")}})
					return err
				}, new(*types.ServiceUnavailableException), "Slow down."},
				{"KMS refused the key", func() error {
					acct.Controls().Add(fh.OpStartDeliveryStreamEncryption, func(control.Call) (control.Response, bool) {
						return control.Response{Err: apierr.InvalidKMSResource.New("The key is disabled.")}, true
					})
					_, err := c.StartDeliveryStreamEncryption(ctx, &firehose.StartDeliveryStreamEncryptionInput{DeliveryStreamName: name})
					return err
				}, new(*types.InvalidKMSResourceException), "The key is disabled."},
				// A Limit of 0 sent is below the members' minimum of 1 (API Reference, DescribeDeliveryStream,
				// ListDeliveryStreams, ListTagsForDeliveryStream: Limit, "Valid Range: Minimum value of 1"), not the
				// default page an absent Limit gives.
				{"DescribeDeliveryStream Limit 0", func() error {
					_, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: name, Limit: aws.Int32(0)})
					return err
				}, "ValidationException", limitZero},
				{"ListDeliveryStreams Limit 0", func() error {
					_, err := c.ListDeliveryStreams(ctx, &firehose.ListDeliveryStreamsInput{Limit: aws.Int32(0)})
					return err
				}, "ValidationException", limitZero},
				{"ListTagsForDeliveryStream Limit 0", func() error {
					_, err := c.ListTagsForDeliveryStream(ctx, &firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: name, Limit: aws.Int32(0)})
					return err
				}, "ValidationException", limitZero},
				{"bad name", func() error {
					_, err := c.DeleteDeliveryStream(ctx, &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: aws.String("no spaces")})
					return err
				}, "ValidationException", "1 validation error detected: Value 'no spaces' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
			} {
				err := tc.call()
				var ae smithy.APIError
				if !errors.As(err, &ae) {
					t.Errorf("%s: %v (%T) is no API error", tc.name, err, err)
					continue
				}
				switch want := tc.want.(type) {
				case string:
					if ae.ErrorCode() != want {
						t.Errorf("%s: %v, want %s", tc.name, err, want)
					}
				default:
					if !errors.As(err, want) {
						t.Errorf("%s: %v (%T), want %T", tc.name, ae, ae, want)
					}
				}
				if ae.ErrorMessage() != tc.message {
					t.Errorf("%s: message %q, want %q", tc.name, ae.ErrorMessage(), tc.message)
				}
			}
		})
	}
}

// A delivery stream that is still CREATING refuses records with ResourceInUseException (API Reference,
// PutRecord), and the SDK sees it so.
func TestSDKPutRecordToACreatingStreamIsResourceInUse(t *testing.T) {
	acct, c := newFirehose(t, nil, kinesim.WithFirehoseOptions(fh.WithStatusDelays(time.Minute, 0)))
	createOrders(t, c)
	_, err := c.PutRecord(t.Context(), &firehose.PutRecordInput{DeliveryStreamName: aws.String("orders"), Record: &types.Record{Data: []byte("a")}})
	var iu *types.ResourceInUseException
	if !errors.As(err, &iu) || aws.ToString(iu.Message) != "Firehose orders under account 000000000000 is not ACTIVE, instead in state CREATING." {
		t.Fatalf("PutRecord while CREATING: %v", err)
	}
	acct.Clock().(interface{ Advance(time.Duration) }).Advance(time.Minute)
	if _, err := c.PutRecord(t.Context(), &firehose.PutRecordInput{DeliveryStreamName: aws.String("orders"), Record: &types.Record{Data: []byte("a")}}); err != nil {
		t.Fatalf("PutRecord once ACTIVE: %v", err)
	}
}

// PutRecordBatch answers 200 with per-record failures: FailedPutCount counts the entries with an ErrorCode and
// ErrorMessage, the others have a RecordId and are delivered (API Reference, PutRecordBatch: "resend … the
// records that failed"). The failures come from a control on firehose:PutRecordBatch (entry errors) and from the
// Direct PUT record quota (ServiceUnavailableException "Slow down.").
func TestSDKPutRecordBatchReportsPerRecordFailures(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt, kinesim.WithFirehoseOptions(fh.WithLimits(fh.Limits{RecordsPerSecond: 4})))
			ctx := t.Context()
			createOrders(t, c)
			acct.Controls().Add(fh.OpPutRecordBatch, func(control.Call) (control.Response, bool) {
				return control.Response{EntryErrors: map[int]*apierr.Error{1: apierr.InternalFailure.With("Internal failure.")}}, true
			})
			recs := make([]types.Record, 6)
			for i := range recs {
				recs[i].Data = []byte{'0' + byte(i)}
			}
			out, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: recs})
			if err != nil {
				t.Fatalf("PutRecordBatch: %v", err)
			}
			// Entry 1 fails by the control; of the other five, four fit the quota of 4 records a second.
			if aws.ToInt32(out.FailedPutCount) != 2 || len(out.RequestResponses) != 6 {
				t.Fatalf("FailedPutCount %d, %d responses", aws.ToInt32(out.FailedPutCount), len(out.RequestResponses))
			}
			wantCodes := []string{"", "InternalFailureException", "", "", "", "ServiceUnavailableException"}
			wantMsgs := []string{"", "Internal failure.", "", "", "", "Slow down."}
			for i, r := range out.RequestResponses {
				if aws.ToString(r.ErrorCode) != wantCodes[i] || aws.ToString(r.ErrorMessage) != wantMsgs[i] || (r.RecordId == nil) != (wantCodes[i] != "") {
					t.Errorf("entry %d: %q %q %q", i, aws.ToString(r.RecordId), aws.ToString(r.ErrorCode), aws.ToString(r.ErrorMessage))
				}
			}
			if err := acct.Firehose().Flush(ctx, "orders"); err != nil {
				t.Fatalf("Flush: %v", err)
			}
			objs := acct.Firehose().Store().Objects("bucket")
			if len(objs) != 1 || string(objs[0].Body) != "0234" {
				t.Fatalf("objects %+v, want the records taken, 0234", objs)
			}
		})
	}
}

// Members of the model that would change what is delivered and that kinesim does not implement are refused with
// InvalidArgumentException naming the member, never accepted and dropped; their disabled forms, and members that
// change nothing delivered (CloudWatch logging, the Direct PUT throughput hint, NoEncryption), are accepted.
func TestSDKUnsupportedFirehoseMembersAreRefusedByName(t *testing.T) {
	_, c := newFirehose(t, nil)
	ctx := t.Context()
	s3 := &types.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::bucket"), RoleARN: aws.String("arn:aws:iam::000000000000:role/firehose")}
	with := func(f func(*types.ExtendedS3DestinationConfiguration)) *types.ExtendedS3DestinationConfiguration {
		d := s3Destination()
		f(d)
		return d
	}
	n := 0
	create := func(in firehose.CreateDeliveryStreamInput) error {
		n++
		in.DeliveryStreamName = aws.String(fmt.Sprint("s", n))
		_, err := c.CreateDeliveryStream(ctx, &in)
		return err
	}
	for _, tc := range []struct {
		name    string
		in      firehose.CreateDeliveryStreamInput
		refused string // the member named, "" when accepted
	}{
		{"OpenSearch Serverless", firehose.CreateDeliveryStreamInput{AmazonOpenSearchServerlessDestinationConfiguration: &types.AmazonOpenSearchServerlessDestinationConfiguration{
			IndexName: aws.String("i"), RoleARN: s3.RoleARN, S3Configuration: s3}}, "AmazonOpenSearchServerlessDestinationConfiguration"},
		{"HTTP endpoint with Secrets Manager", firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: &types.HttpEndpointDestinationConfiguration{
			EndpointConfiguration: &types.HttpEndpointConfiguration{Url: aws.String("https://example.com")}, S3Configuration: s3,
			SecretsManagerConfiguration: &types.SecretsManagerConfiguration{Enabled: aws.Bool(true)}}}, "HttpEndpointDestinationConfiguration.SecretsManagerConfiguration"},
		{"MSK source", firehose.CreateDeliveryStreamInput{DeliveryStreamType: types.DeliveryStreamTypeMSKAsSource,
			MSKSourceConfiguration: &types.MSKSourceConfiguration{MSKClusterARN: aws.String("arn:aws:kafka:us-east-1:000000000000:cluster/c/1"),
				TopicName: aws.String("t"), AuthenticationConfiguration: &types.AuthenticationConfiguration{Connectivity: types.ConnectivityPublic,
					RoleARN: aws.String("arn:aws:iam::000000000000:role/r")}}, ExtendedS3DestinationConfiguration: s3Destination()}, "MSKSourceConfiguration"},
		{"KMS encryption of the source record backup", firehose.CreateDeliveryStreamInput{ExtendedS3DestinationConfiguration: with(func(d *types.ExtendedS3DestinationConfiguration) {
			d.S3BackupMode = types.S3BackupModeEnabled
			d.S3BackupConfiguration = &types.S3DestinationConfiguration{BucketARN: s3.BucketARN, RoleARN: s3.RoleARN,
				EncryptionConfiguration: &types.EncryptionConfiguration{KMSEncryptionConfig: &types.KMSEncryptionConfig{AWSKMSKeyARN: aws.String("arn:aws:kms:us-east-1:000000000000:key/k")}}}
		})}, "ExtendedS3DestinationConfiguration.S3BackupConfiguration.EncryptionConfiguration.KMSEncryptionConfig"},
		{"KMS object encryption", firehose.CreateDeliveryStreamInput{S3DestinationConfiguration: &types.S3DestinationConfiguration{
			BucketARN: s3.BucketARN, RoleARN: s3.RoleARN, EncryptionConfiguration: &types.EncryptionConfiguration{
				KMSEncryptionConfig: &types.KMSEncryptionConfig{AWSKMSKeyARN: aws.String("arn:aws:kms:us-east-1:000000000000:key/k")}}}},
			"S3DestinationConfiguration.EncryptionConfiguration.KMSEncryptionConfig"},
		{"disabled forms", firehose.CreateDeliveryStreamInput{ExtendedS3DestinationConfiguration: with(func(d *types.ExtendedS3DestinationConfiguration) {
			d.ProcessingConfiguration = &types.ProcessingConfiguration{Enabled: aws.Bool(false), Processors: []types.Processor{{Type: types.ProcessorTypeAppendDelimiterToRecord}}}
			d.DataFormatConversionConfiguration = &types.DataFormatConversionConfiguration{Enabled: aws.Bool(false)}
			d.DynamicPartitioningConfiguration = &types.DynamicPartitioningConfiguration{Enabled: aws.Bool(false)}
			d.S3BackupMode = types.S3BackupModeDisabled
			d.EncryptionConfiguration = &types.EncryptionConfiguration{NoEncryptionConfig: types.NoEncryptionConfigNoEncryption}
		})}, ""},
		{"logging and the throughput hint", firehose.CreateDeliveryStreamInput{
			DirectPutSourceConfiguration: &types.DirectPutSourceConfiguration{ThroughputHintInMBs: aws.Int32(5)},
			ExtendedS3DestinationConfiguration: with(func(d *types.ExtendedS3DestinationConfiguration) {
				d.CloudWatchLoggingOptions = &types.CloudWatchLoggingOptions{Enabled: aws.Bool(true), LogGroupName: aws.String("g"), LogStreamName: aws.String("s")}
			})}, ""},
	} {
		err := create(tc.in)
		if tc.refused == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		var ia *types.InvalidArgumentException
		if want := tc.refused + " is not supported by kinesim yet."; !errors.As(err, &ia) || aws.ToString(ia.Message) != want {
			t.Errorf("%s: %v, want InvalidArgumentException %q", tc.name, err, want)
		}
	}
	// A backup mode outside the model's enum is a ValidationException, as for every enum member.
	err := create(firehose.CreateDeliveryStreamInput{ExtendedS3DestinationConfiguration: with(func(d *types.ExtendedS3DestinationConfiguration) {
		d.S3BackupMode = "Sometimes"
	})})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationException" || ae.ErrorMessage() != "1 validation error detected: Value 'Sometimes' at "+
		"'extendedS3DestinationConfiguration.s3BackupMode' failed to satisfy constraint: Member must satisfy enum value set: [Disabled, Enabled]" {
		t.Errorf("S3BackupMode Sometimes: %v", err)
	}
	// UpdateDestination refuses the same members, and other destinations' updates.
	if err := create(firehose.CreateDeliveryStreamInput{ExtendedS3DestinationConfiguration: s3Destination()}); err != nil {
		t.Fatal(err)
	}
	name := aws.String(fmt.Sprint("s", n))
	for _, tc := range []struct {
		name    string
		in      firehose.UpdateDestinationInput
		refused string
	}{
		{"Snowflake", firehose.UpdateDestinationInput{SnowflakeDestinationUpdate: &types.SnowflakeDestinationUpdate{AccountUrl: aws.String("https://x.snowflakecomputing.com")}}, "SnowflakeDestinationUpdate"},
		{"KMS encryption of the source record backup", firehose.UpdateDestinationInput{ExtendedS3DestinationUpdate: &types.ExtendedS3DestinationUpdate{
			S3BackupUpdate: &types.S3DestinationUpdate{EncryptionConfiguration: &types.EncryptionConfiguration{
				KMSEncryptionConfig: &types.KMSEncryptionConfig{AWSKMSKeyARN: aws.String("arn:aws:kms:us-east-1:000000000000:key/k")}}}}},
			"ExtendedS3DestinationUpdate.S3BackupUpdate.EncryptionConfiguration.KMSEncryptionConfig"},
		{"KMS object encryption", firehose.UpdateDestinationInput{S3DestinationUpdate: &types.S3DestinationUpdate{EncryptionConfiguration: &types.EncryptionConfiguration{
			KMSEncryptionConfig: &types.KMSEncryptionConfig{AWSKMSKeyARN: aws.String("arn:aws:kms:us-east-1:000000000000:key/k")}}}}, "S3DestinationUpdate.EncryptionConfiguration.KMSEncryptionConfig"},
	} {
		tc.in.DeliveryStreamName, tc.in.CurrentDeliveryStreamVersionId, tc.in.DestinationId = name, aws.String("1"), aws.String(fh.DestinationID)
		_, err := c.UpdateDestination(ctx, &tc.in)
		var ia *types.InvalidArgumentException
		if want := tc.refused + " is not supported by kinesim yet."; !errors.As(err, &ia) || aws.ToString(ia.Message) != want {
			t.Errorf("update %s: %v, want InvalidArgumentException %q", tc.name, err, want)
		}
	}
}

// The SDK's standard retryer retries Firehose's ServiceUnavailableException, a server fault (HTTP 500; aws/retry
// retries 5xx), and LimitExceededException, one of its throttle codes, as it does for AWS: a PutRecordBatch failed
// both ways succeeds on the third attempt; InvalidArgumentException, a client fault, is not retried.
func TestSDKFirehoseRetriesWhatAWSRetries(t *testing.T) {
	acct, _ := newFirehose(t, nil)
	c := awssdk.NewFirehoseClient(acct, func(o *firehose.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.Backoff = noBackoff{} })
	})
	ctx := t.Context()
	createOrders(t, c)
	var attempts atomic.Int32
	fails := []error{apierr.ServiceUnavailable.New("Slow down."), apierr.LimitExceeded.New("Limit exceeded.")}
	acct.Controls().Add(fh.OpPutRecordBatch, func(control.Call) (control.Response, bool) {
		if n := attempts.Add(1); int(n) <= len(fails) {
			return control.Response{Err: fails[n-1]}, true
		}
		return control.Response{}, false
	}, control.Keep())
	out, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: []types.Record{{Data: []byte("x")}}})
	if err != nil || aws.ToInt32(out.FailedPutCount) != 0 {
		t.Fatalf("PutRecordBatch after a server fault and a throttle: %v", err)
	}
	if n := attempts.Load(); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
	attempts.Store(0)
	acct.Controls().Add(fh.OpPutRecord, func(control.Call) (control.Response, bool) {
		attempts.Add(1)
		return control.Response{Err: apierr.InvalidArgument.New("no")}, true
	}, control.Keep())
	_, err = c.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: aws.String("orders"), Record: &types.Record{Data: []byte("x")}})
	var ia *types.InvalidArgumentException
	if !errors.As(err, &ia) || attempts.Load() != 1 {
		t.Fatalf("client fault: %v after %d attempts", err, attempts.Load())
	}
}

// PutRecordBatch's limits hold through the SDK and the handler's body bound (API Reference, PutRecordBatch; Developer
// Guide, "Amazon Data Firehose quota"): a batch of 500 records of 8,000 bytes (about 5.3 MiB of JSON) is taken; a
// batch over 4 MiB of data is an InvalidArgumentException, 501 records or a record over 1,000 KiB a
// ValidationException, and none of them takes a record.
func TestSDKPutRecordBatchLimits(t *testing.T) {
	acct, c := newFirehose(t, nil, kinesim.WithFirehoseOptions(fh.WithThrottling(false)))
	ctx := t.Context()
	createOrders(t, c)
	batch := func(n, size int) []types.Record {
		recs := make([]types.Record, n)
		data := make([]byte, size)
		for i := range recs {
			recs[i].Data = data
		}
		return recs
	}
	out, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: batch(500, 8000)})
	if err != nil || aws.ToInt32(out.FailedPutCount) != 0 || len(out.RequestResponses) != 500 {
		t.Fatalf("500 records of 8,000 bytes: %v", err)
	}
	for _, tc := range []struct {
		name    string
		recs    []types.Record
		code    string
		message string
	}{
		{"over 4 MiB", batch(5, 1000<<10), "InvalidArgumentException", "Records size exceeds 4194304 bytes limit: 5120000 bytes."},
		{"501 records", batch(501, 1), "ValidationException",
			"1 validation error detected: Value '501 records' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500"},
		{"a record over 1,000 KiB", batch(1, 1000<<10+1), "ValidationException", ""},
	} {
		_, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: tc.recs})
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != tc.code || tc.message != "" && ae.ErrorMessage() != tc.message {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	m, err := acct.Firehose().Metrics("orders")
	if err != nil || m.IncomingRecords != 500 {
		t.Fatalf("IncomingRecords %+v %v, want the 500 of the first batch only", m, err)
	}
}
