package awssdk_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/schemas"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	fh "github.com/kinesim/kinesim/firehose"
)

// firehoseOperations are the Firehose operations the handler serves: every operation of the engine
// (firehose/engine.go's Op constants), which are every operation of the SDK's client (service/firehose v1.52).
var firehoseOperations = []string{
	"CreateDeliveryStream", "DeleteDeliveryStream", "DescribeDeliveryStream", "ListDeliveryStreams",
	"ListTagsForDeliveryStream", "PutRecord", "PutRecordBatch", "StartDeliveryStreamEncryption",
	"StopDeliveryStreamEncryption", "TagDeliveryStream", "UntagDeliveryStream", "UpdateDestination",
}

// The served operations are every operation of the SDK's client: the methods of *firehose.Client that take an
// input (service/firehose v1.52.10, api_op_*.go).
func TestFirehoseOperationsAreTheSDKClientsOperations(t *testing.T) {
	var ops []string
	typ := reflect.TypeFor[*firehose.Client]()
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		if m.Type.NumIn() > 2 && strings.HasSuffix(m.Type.In(2).String(), "."+m.Name+"Input") {
			ops = append(ops, m.Name)
		}
	}
	slices.Sort(ops)
	if !slices.Equal(ops, firehoseOperations) {
		t.Errorf("the SDK's operations %v\nserved %v", ops, firehoseOperations)
	}
}

// firehoseProtocols are the protocols the Firehose client is tested in: its default, AWS JSON 1.1, and Smithy
// RPCv2 CBOR, which its settable Options.Protocol speaks (rpcv2.NewCBOR with the client's own schema).
var firehoseProtocols = []struct {
	name string
	opt  func(*firehose.Options)
}{
	{"json", nil},
	{"rpcv2cbor", func(o *firehose.Options) { o.Protocol = rpcv2.NewCBOR(schemas.Firehose_20150804) }},
}

// newFirehose returns an account on a manual clock at t0, seeded, and a Firehose client of it without retries
// (a throttled call fails at once instead of sleeping in the SDK's backoff), in the protocol opt sets.
func newFirehose(t testing.TB, opt func(*firehose.Options), opts ...kinesim.Option) (*kinesim.Account, *firehose.Client) {
	t.Helper()
	acct := kinesim.New(append([]kinesim.Option{kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1)}, opts...)...)
	t.Cleanup(func() { _ = acct.Close() })
	return acct, awssdk.NewFirehoseClient(acct, func(o *firehose.Options) { o.Retryer = aws.NopRetryer{} }, opt)
}

// s3Destination is an extended S3 destination into bucket "bucket" of the account's memory store.
func s3Destination() *types.ExtendedS3DestinationConfiguration {
	return &types.ExtendedS3DestinationConfiguration{
		BucketARN: aws.String("arn:aws:s3:::bucket"),
		RoleARN:   aws.String("arn:aws:iam::000000000000:role/firehose"),
	}
}

// Every operation of the Firehose engine is reachable through the SDK's *firehose.Client, in AWS JSON 1.1 (the
// client's default) and in Smithy RPCv2 CBOR: each call below succeeds, and a watching control
// ("firehose:*") sees the engine run each operation with the input the client sent.
func TestEveryFirehoseOperationIsReachableThroughTheSDK(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) { everyFirehoseOperation(t, p.opt) })
	}
}

func everyFirehoseOperation(t *testing.T, protocol func(*firehose.Options)) {
	acct, c := newFirehose(t, protocol)
	seen := watchOperations(acct.Controls(), "firehose:*")
	name := aws.String("orders")
	steps := []opStep{
		{"CreateDeliveryStream", func(ctx context.Context) error {
			_, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: name,
				DeliveryStreamType: types.DeliveryStreamTypeDirectPut, ExtendedS3DestinationConfiguration: s3Destination(),
				Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}})
			return err
		}},
		{"DescribeDeliveryStream", func(ctx context.Context) error {
			_, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: name})
			return err
		}},
		{"ListDeliveryStreams", func(ctx context.Context) error {
			_, err := c.ListDeliveryStreams(ctx, &firehose.ListDeliveryStreamsInput{})
			return err
		}},
		{"PutRecord", func(ctx context.Context) error {
			_, err := c.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: name, Record: &types.Record{Data: []byte("a\n")}})
			return err
		}},
		{"PutRecordBatch", func(ctx context.Context) error {
			_, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: name, Records: []types.Record{{Data: []byte("b\n")}}})
			return err
		}},
		{"TagDeliveryStream", func(ctx context.Context) error {
			_, err := c.TagDeliveryStream(ctx, &firehose.TagDeliveryStreamInput{DeliveryStreamName: name, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("test")}}})
			return err
		}},
		{"ListTagsForDeliveryStream", func(ctx context.Context) error {
			_, err := c.ListTagsForDeliveryStream(ctx, &firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: name})
			return err
		}},
		{"UntagDeliveryStream", func(ctx context.Context) error {
			_, err := c.UntagDeliveryStream(ctx, &firehose.UntagDeliveryStreamInput{DeliveryStreamName: name, TagKeys: []string{"env"}})
			return err
		}},
		{"StartDeliveryStreamEncryption", func(ctx context.Context) error {
			_, err := c.StartDeliveryStreamEncryption(ctx, &firehose.StartDeliveryStreamEncryptionInput{DeliveryStreamName: name,
				DeliveryStreamEncryptionConfigurationInput: &types.DeliveryStreamEncryptionConfigurationInput{KeyType: types.KeyTypeAwsOwnedCmk}})
			return err
		}},
		{"StopDeliveryStreamEncryption", func(ctx context.Context) error {
			_, err := c.StopDeliveryStreamEncryption(ctx, &firehose.StopDeliveryStreamEncryptionInput{DeliveryStreamName: name})
			return err
		}},
		{"UpdateDestination", func(ctx context.Context) error {
			_, err := c.UpdateDestination(ctx, &firehose.UpdateDestinationInput{DeliveryStreamName: name,
				CurrentDeliveryStreamVersionId: aws.String("1"), DestinationId: aws.String(fh.DestinationID),
				ExtendedS3DestinationUpdate: &types.ExtendedS3DestinationUpdate{Prefix: aws.String("logs/")}})
			return err
		}},
		{"DeleteDeliveryStream", func(ctx context.Context) error {
			_, err := c.DeleteDeliveryStream(ctx, &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: name})
			return err
		}},
	}
	called := callSteps(t, seen, steps)
	if !slices.Equal(called, firehoseOperations) {
		t.Errorf("operations called %v\nserved %v", called, firehoseOperations)
	}
	// The inputs reach the engine field by field (samples; the others are checked by their effects below).
	if in, ok := seen.input("CreateDeliveryStream").(fh.CreateDeliveryStreamInput); !ok || in.DeliveryStreamName != "orders" ||
		in.DeliveryStreamType != fh.DirectPut || in.ExtendedS3DestinationConfiguration == nil ||
		in.ExtendedS3DestinationConfiguration.BucketARN != "arn:aws:s3:::bucket" || !slices.Equal(in.Tags, []fh.Tag{{Key: "team", Value: "a"}}) {
		t.Errorf("CreateDeliveryStream input %#v", seen.input("CreateDeliveryStream"))
	}
	if in, ok := seen.input("PutRecordBatch").(fh.PutRecordBatchInput); !ok || len(in.Records) != 1 || string(in.Records[0].Data) != "b\n" {
		t.Errorf("PutRecordBatch input %#v", seen.input("PutRecordBatch"))
	}
	if in, ok := seen.input("UpdateDestination").(fh.UpdateDestinationInput); !ok || in.ExtendedS3DestinationUpdate == nil ||
		in.ExtendedS3DestinationUpdate.Prefix == nil || *in.ExtendedS3DestinationUpdate.Prefix != "logs/" || in.ExtendedS3DestinationUpdate.BucketARN != "" {
		t.Errorf("UpdateDestination input %#v", seen.input("UpdateDestination"))
	}
	// What was buffered when the stream was deleted is still delivered (Close waits for it): both records, in one
	// object.
	if err := acct.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	objs := acct.Firehose().Store().Objects("bucket")
	if len(objs) != 1 || string(objs[0].Body) != "a\nb\n" {
		t.Errorf("objects after delete: %+v", objs)
	}
}
