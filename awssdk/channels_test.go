package awssdk_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
)

// The unmodified SDK client creates, describes, lists, updates and deletes Kinesis Data Streams channels, in AWS
// JSON 1.1 and in Smithy RPCv2 CBOR, and the records put into the stream arrive in the bucket (API Reference:
// CreateChannel, DescribeChannel, ListChannels, UpdateChannel, DeleteChannel; the ChannelActive waiter of
// service/kinesis v1.56.11).
func TestSDKClientManagesChannelsAndTheRecordsArriveInTheBucket(t *testing.T) {
	for _, p := range []struct {
		name string
		opt  func(*kinesis.Options)
	}{
		{"json", nil},
		{"rpcv2cbor", func(o *kinesis.Options) { o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202) }},
	} {
		t.Run(p.name, func(t *testing.T) { sdkChannels(t, p.opt) })
	}
}

func sdkChannels(t *testing.T, protocol func(*kinesis.Options)) {
	ctx := t.Context()
	clk := clock.NewManual(t0)
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1))
	t.Cleanup(func() { _ = acct.Close() })
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} }, protocol)
	var ops []string
	acct.Controls().Add("kinesis:*", func(call control.Call) (control.Response, bool) {
		if a := call.Op.Action(); strings.Contains(a, "Channel") {
			ops = append(ops, a)
		}
		return control.Response{}, false
	}, control.Keep())

	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("orders"),
		StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
		t.Fatal(err)
	}
	streamARN := acct.Streams().StreamARN("orders")
	created, err := c.CreateChannel(ctx, &kinesis.CreateChannelInput{
		ChannelName: aws.String("archive"), ServiceExecutionRoleARN: aws.String("arn:aws:iam::000000000000:role/channel"),
		StreamConfigurationList: []types.ChannelStreamConfiguration{{StreamARN: aws.String(streamARN),
			RecordConfiguration: &types.RecordConfiguration{RecordFormatType: types.RecordFormatTypeJson}}},
		S3DestinationConfiguration: &types.S3DestinationConfiguration{DataFreshnessInSeconds: aws.Int32(600),
			StorageConfiguration: &types.S3StorageConfiguration{BucketARN: aws.String("arn:aws:s3:::lake"),
				ExpectedBucketOwner: aws.String("000000000000"), CompressionType: types.S3CompressionTypeNone}},
		Tags: map[string]string{"team": "data"},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := created.ChannelDescription
	arn := aws.ToString(d.ChannelARN)
	if d.ChannelStatus != types.ChannelStatusActive || aws.ToString(d.ChannelName) != "archive" || aws.ToString(d.ChannelId) == "" ||
		!d.ChannelCreationTimestamp.Equal(t0) || len(d.StreamConfigurationList) != 1 ||
		aws.ToString(d.StreamConfigurationList[0].StreamARN) != streamARN || !d.StreamConfigurationList[0].StreamCreationTimestamp.Equal(t0) ||
		d.StreamConfigurationList[0].RecordConfiguration.RecordFormatType != types.RecordFormatTypeJson ||
		aws.ToInt32(d.S3DestinationConfiguration.DataFreshnessInSeconds) != 600 ||
		aws.ToString(d.S3DestinationConfiguration.StorageConfiguration.OutputKeyTemplate) != channel.DefaultOutputKeyTemplate ||
		aws.ToString(d.S3DestinationConfiguration.DeadLetterQueueS3Configuration.BucketARN) != "arn:aws:s3:::lake" ||
		d.LoggingConfiguration == nil || aws.ToBool(d.LoggingConfiguration.CloudWatchLogs.Enabled) {
		t.Fatalf("CreateChannel: %+v", d)
	}
	if _, err := kinesis.NewChannelActiveWaiter(c).WaitForOutput(ctx, &kinesis.DescribeChannelInput{ChannelARN: aws.String(arn)}, time.Minute); err != nil {
		t.Fatal("ChannelActive waiter:", err)
	}

	if _, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("orders"), Records: []types.PutRecordsRequestEntry{
		{PartitionKey: aws.String("k"), Data: []byte(`{"id":1}`)}, {PartitionKey: aws.String("k"), Data: []byte(`{"id":2}`)}}}); err != nil {
		t.Fatal(err)
	}
	if err := acct.Channels().WaitIncoming(ctx, arn, 2); err != nil {
		t.Fatal(err)
	}
	sub := acct.Firehose().Store().Subscribe(1)
	clk.Advance(600 * time.Second)
	o := <-sub
	if body, _ := acct.Firehose().Store().Get("lake", o.Key); string(body) != "{\"id\":1}\n{\"id\":2}\n" ||
		!strings.HasPrefix(o.Key, "kinesis-channel/archive/"+aws.ToString(d.ChannelId)+"/2026/01/02/03/") {
		t.Fatalf("object %s: %q", o.Key, body)
	}

	upd, err := c.UpdateChannel(ctx, &kinesis.UpdateChannelInput{ChannelARN: aws.String(arn),
		S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(900)},
		LoggingConfiguration:       &types.ChannelLoggingUpdateInput{CloudWatchLogs: &types.CloudWatchLogsUpdateInput{Enabled: aws.Bool(true)}}})
	if err != nil || aws.ToInt32(upd.ChannelDescription.S3DestinationConfiguration.DataFreshnessInSeconds) != 900 ||
		aws.ToString(upd.ChannelDescription.LoggingConfiguration.CloudWatchLogs.LogStreamName) != "DestinationDelivery" {
		t.Fatalf("UpdateChannel: %v %+v", err, upd)
	}
	desc, err := c.DescribeChannel(ctx, &kinesis.DescribeChannelInput{ChannelARN: aws.String(arn)})
	if err != nil || aws.ToInt32(desc.ChannelDescription.S3DestinationConfiguration.DataFreshnessInSeconds) != 900 {
		t.Fatalf("DescribeChannel: %v %+v", err, desc)
	}

	for _, name := range []string{"a", "b"} {
		if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name),
			StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
			t.Fatal(err)
		}
		if _, err := acct.Channels().CreateChannel(ctx, channel.CreateChannelInput{ChannelName: "ch-" + name,
			ServiceExecutionRoleARN: "arn:aws:iam::000000000000:role/channel",
			StreamConfigurationList: []channel.ChannelStreamConfiguration{{StreamARN: acct.Streams().StreamARN(name),
				RecordConfiguration: &channel.RecordConfiguration{RecordFormatType: channel.RecordFormatTypeString}}},
			S3DestinationConfiguration: &channel.S3DestinationConfiguration{StorageConfiguration: &channel.S3StorageConfiguration{
				BucketARN: "arn:aws:s3:::lake", ExpectedBucketOwner: "000000000000", CompressionType: channel.S3CompressionTypeGzip}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	pages := kinesis.NewListChannelsPaginator(c, &kinesis.ListChannelsInput{MaxResults: aws.Int32(2)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.ChannelSummaries {
			names = append(names, aws.ToString(s.ChannelName))
			if s.ChannelDestinationType != types.ChannelDestinationTypeS3 || len(s.Streams) != 1 || s.ChannelStatus != types.ChannelStatusActive {
				t.Fatalf("summary %+v", s)
			}
		}
	}
	if !slices.Equal(names, []string{"archive", "ch-a", "ch-b"}) {
		t.Fatalf("listed %q", names)
	}
	filtered, err := c.ListChannels(ctx, &kinesis.ListChannelsInput{StreamFilter: []types.StreamFilter{{StreamARN: aws.String(acct.Streams().StreamARN("b")), StreamCreationTimestamp: aws.Time(t0.Add(600 * time.Second))}}}) // made after the advance
	if err != nil || len(filtered.ChannelSummaries) != 1 || aws.ToString(filtered.ChannelSummaries[0].ChannelName) != "ch-b" {
		t.Fatalf("filtered: %v %+v", err, filtered)
	}

	if _, err := c.DeleteChannel(ctx, &kinesis.DeleteChannelInput{ChannelARN: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	var nf *types.ResourceNotFoundException
	if _, err := c.DescribeChannel(ctx, &kinesis.DescribeChannelInput{ChannelARN: aws.String(arn)}); !errors.As(err, &nf) {
		t.Fatalf("DescribeChannel after delete: %v", err)
	}
	var ia *types.InvalidArgumentException
	_, err = c.CreateChannel(ctx, &kinesis.CreateChannelInput{ChannelName: aws.String("tables"),
		ServiceExecutionRoleARN: aws.String("arn:aws:iam::000000000000:role/channel"),
		StreamConfigurationList: []types.ChannelStreamConfiguration{{StreamARN: aws.String(streamARN),
			RecordConfiguration: &types.RecordConfiguration{RecordFormatType: types.RecordFormatTypeJson}}},
		S3TablesDestinationConfiguration: &types.S3TablesDestinationConfiguration{
			DeadLetterQueueS3Configuration: &types.DeadLetterQueueS3Configuration{BucketARN: aws.String("arn:aws:s3:::dlq"), ExpectedBucketOwner: aws.String("000000000000")},
			S3TablesConfigurationList: []types.S3TablesConfiguration{{CompressionType: types.S3TablesCompressionTypeZstd,
				Namespace: aws.String("ns"), TableBucketARN: aws.String("arn:aws:s3tables:us-east-1:000000000000:bucket/t"), TableName: aws.String("t")}}},
	})
	if !errors.As(err, &ia) || !strings.Contains(err.Error(), "Iceberg") {
		t.Fatalf("S3 Tables: %v", err)
	}
	var ve *types.ValidationException
	if _, err := c.UpdateChannel(ctx, &kinesis.UpdateChannelInput{ChannelARN: aws.String("nope"),
		S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(60)}}); !errors.As(err, &ve) {
		t.Fatalf("UpdateChannel: %v", err)
	}
	want := []string{"CreateChannel", "DescribeChannel", "UpdateChannel", "DescribeChannel", "CreateChannel", "CreateChannel",
		"ListChannels", "ListChannels", "ListChannels", "DeleteChannel", "DescribeChannel", "CreateChannel", "UpdateChannel"}
	if !slices.Equal(ops, want) {
		t.Fatalf("the engine saw %q", ops)
	}
}

// A ListChannels MaxResults of aws.Int32(0) is sent by the SDK and is AWS's ValidationException, below the
// minimum of 1, over either protocol; without MaxResults the call lists the default page of 100 (API Reference,
// ListChannels: MaxResults "The default value is 100"; the model's page sizes have a minimum of 1).
func TestSDKListChannelsMaxResultsOfZeroIsValidation(t *testing.T) {
	for _, p := range []struct {
		name string
		opt  func(*kinesis.Options)
	}{
		{"json", nil},
		{"rpcv2cbor", func(o *kinesis.Options) { o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202) }},
	} {
		t.Run(p.name, func(t *testing.T) {
			ctx := t.Context()
			acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1))
			t.Cleanup(func() { _ = acct.Close() })
			c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} }, p.opt)
			if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("orders"),
				StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
				t.Fatal(err)
			}
			if _, err := acct.Channels().CreateChannel(ctx, channel.CreateChannelInput{ChannelName: "archive",
				ServiceExecutionRoleARN: "arn:aws:iam::000000000000:role/channel",
				StreamConfigurationList: []channel.ChannelStreamConfiguration{{StreamARN: acct.Streams().StreamARN("orders"),
					RecordConfiguration: &channel.RecordConfiguration{RecordFormatType: channel.RecordFormatTypeJSON}}},
				S3DestinationConfiguration: &channel.S3DestinationConfiguration{StorageConfiguration: &channel.S3StorageConfiguration{
					BucketARN: "arn:aws:s3:::lake", ExpectedBucketOwner: "000000000000", CompressionType: channel.S3CompressionTypeNone}},
			}); err != nil {
				t.Fatal(err)
			}
			_, err := c.ListChannels(ctx, &kinesis.ListChannelsInput{MaxResults: aws.Int32(0)})
			var ve *types.ValidationException
			const want = "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
			if !errors.As(err, &ve) || ve.ErrorMessage() != want {
				t.Fatalf("MaxResults 0: %v, want ValidationException %q", err, want)
			}
			out, err := c.ListChannels(ctx, &kinesis.ListChannelsInput{})
			if err != nil || len(out.ChannelSummaries) != 1 || aws.ToString(out.ChannelSummaries[0].ChannelName) != "archive" {
				t.Fatalf("without MaxResults: %+v, %v", out, err)
			}
		})
	}
}

// FuzzChannelRequest sends arbitrary bodies to the channel operations of a handler with an on-demand stream and
// a channel: the handler never panics and answers 200 or a 4xx/5xx with an AWS error body.
func FuzzChannelRequest(f *testing.F) {
	create := `{"ChannelName":"c","ServiceExecutionRoleARN":"arn:aws:iam::000000000000:role/r","StreamConfigurationList":[` +
		`{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","RecordConfiguration":{"RecordFormatType":"JSON"}}],` +
		`"S3DestinationConfiguration":{"DataFreshnessInSeconds":300,"StorageConfiguration":{"BucketARN":"arn:aws:s3:::bucket",` +
		`"ExpectedBucketOwner":"000000000000","CompressionType":"GZIP","OutputKeyTemplate":"!{channel-name}/!{yyyy}"}}}`
	channelARN := `{"ChannelARN":"arn:aws:kinesis:us-east-1:000000000000:channel/c"}`
	f.Add("CreateChannel", []byte(strings.Replace(create, `"c"`, `"d"`, 1)))
	f.Add("DescribeChannel", []byte(channelARN))
	f.Add("ListChannels", []byte(`{"MaxResults":1,"StreamFilter":[{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","StreamCreationTimestamp":1.5e9}]}`))
	f.Add("UpdateChannel", []byte(`{"ChannelARN":"arn:aws:kinesis:us-east-1:000000000000:channel/c","S3DestinationConfiguration":{"DataFreshnessInSeconds":600},"LoggingConfiguration":{"CloudWatchLogs":{"Enabled":true}}}`))
	f.Add("DeleteChannel", []byte(channelARN))
	f.Add("CreateChannel", []byte(`{"StreamConfigurationList":[{}],"S3DestinationConfiguration":{},"LoggingConfiguration":{}}`))
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1))
	defer acct.Close()
	h := awssdk.Handler(acct)
	for _, call := range [][2]string{{"CreateStream", `{"StreamName":"s","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}`}, {"CreateChannel", create}} {
		if status, _, msg, _ := post(f, h, "Kinesis_20131202."+call[0], jsonType, []byte(call[1])); status != 200 {
			f.Fatalf("%s: %d %s", call[0], status, msg)
		}
	}
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		status, _, _, _ := post(t, h, "Kinesis_20131202."+op, jsonType, body)
		if status != http.StatusOK && (status < 400 || status > 599) {
			t.Fatalf("status %d", status)
		}
	})
}
