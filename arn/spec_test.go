package arn_test

// Tests named after the documented formats and rules of the Kinesis family's ARNs, each with its AWS source.

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/arn"
)

// ---- Accounts and partitions ----

func TestDefaultAccountIsTwelveZerosInUsEast1(t *testing.T) {
	a := arn.DefaultAccount()
	if a.ID != "000000000000" || a.Region != "us-east-1" || a.Partition() != "aws" {
		t.Fatalf("DefaultAccount() = %+v (partition %s)", a, a.Partition())
	}
	if err := a.Validate(); err != nil {
		t.Fatalf("the default account does not validate: %v", err)
	}
}

// The partitions and their region patterns are those of the SDKs' partition table (aws-sdk-go-v2
// internal/endpoints/awsrulesfn/partitions.json, regionRegex).
func TestPartitionFollowsTheRegion(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1":       "aws",
		"eu-west-1":       "aws",
		"ap-southeast-4":  "aws",
		"il-central-1":    "aws",
		"cn-north-1":      "aws-cn",
		"cn-northwest-1":  "aws-cn",
		"us-gov-west-1":   "aws-us-gov",
		"us-gov-east-1":   "aws-us-gov",
		"us-iso-east-1":   "aws-iso",
		"us-isob-east-1":  "aws-iso-b",
		"eu-isoe-west-1":  "aws-iso-e",
		"us-isof-south-1": "aws-iso-f",
		"eusc-de-east-1":  "aws-eusc",
	} {
		if got := arn.PartitionOf(region); got != want {
			t.Errorf("PartitionOf(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestAccountIDHasExactlyTwelveDigits(t *testing.T) {
	for _, id := range []string{"123456789012", "000000000000"} {
		if err := arn.CheckAccountID(id); err != nil {
			t.Errorf("CheckAccountID(%q) = %v", id, err)
		}
	}
	for _, id := range []string{"", "12345678901", "1234567890123", "12345678901a", " 23456789012", "１２３４５６７８９０１２"} {
		if err := arn.CheckAccountID(id); !errors.Is(err, arn.ErrAccountID) {
			t.Errorf("CheckAccountID(%q) = %v, want ErrAccountID", id, err)
		}
		if _, err := arn.NewAccount(id, "us-east-1"); !errors.Is(err, arn.ErrAccountID) {
			t.Errorf("NewAccount(%q, us-east-1) = %v, want ErrAccountID", id, err)
		}
	}
}

func TestRegionIsShapedLikeARegionCode(t *testing.T) {
	for _, r := range []string{"us-east-1", "us-gov-west-1", "eu-isoe-west-1", "eusc-de-east-1", "ap-southeast-4", "me-central-1"} {
		if err := arn.CheckRegion(r); err != nil {
			t.Errorf("CheckRegion(%q) = %v", r, err)
		}
	}
	for _, r := range []string{"", "us", "us-east", "us-1", "US-EAST-1", "us-east-1a", "us--east-1", "-us-east-1", "us-east-1-", "us_east_1", "us-east-", "local"} {
		if err := arn.CheckRegion(r); !errors.Is(err, arn.ErrRegion) {
			t.Errorf("CheckRegion(%q) = %v, want ErrRegion", r, err)
		}
		if _, err := arn.NewAccount("123456789012", r); !errors.Is(err, arn.ErrRegion) {
			t.Errorf("NewAccount(_, %q) = %v, want ErrRegion", r, err)
		}
	}
}

func TestOwnsComparesPartitionRegionAndAccount(t *testing.T) {
	a := arn.Account{ID: "123456789012", Region: "us-east-1"}
	mine := arn.ARN{Partition: "aws", Service: "kinesis", Region: "us-east-1", AccountID: "123456789012", Resource: "stream/s"}
	if !a.Owns(mine) {
		t.Fatal("the account does not own its own stream")
	}
	for _, other := range []arn.ARN{
		{Partition: "aws-cn", Service: "kinesis", Region: "us-east-1", AccountID: "123456789012", Resource: "stream/s"},
		{Partition: "aws", Service: "kinesis", Region: "eu-west-1", AccountID: "123456789012", Resource: "stream/s"},
		{Partition: "aws", Service: "kinesis", Region: "us-east-1", AccountID: "111111111111", Resource: "stream/s"},
	} {
		if a.Owns(other) {
			t.Errorf("%v owns %v", a, other)
		}
	}
}

// ---- The generic form: arn:partition:service:region:account-id:resource (IAM User Guide, "IAM identifiers",
// ARN format) ----

func TestParseSplitsAtTheFirstFiveColons(t *testing.T) {
	got, err := arn.Parse("arn:aws:kinesis:us-west-2:123456789012:stream/samplestream/consumer/app:1572383852")
	want := arn.ARN{Partition: "aws", Service: "kinesis", Region: "us-west-2", AccountID: "123456789012", Resource: "stream/samplestream/consumer/app:1572383852"}
	if err != nil || got != want {
		t.Fatalf("Parse = %+v, %v; want %+v", got, err, want)
	}
	// Global resources have no region or account.
	if got, err := arn.Parse("arn:aws:s3:::my-bucket"); err != nil || got.Region != "" || got.AccountID != "" || got.Resource != "my-bucket" {
		t.Fatalf("Parse(s3 bucket ARN) = %+v, %v", got, err)
	}
	for _, s := range []string{"", "arn", "arn:", "ARN:aws:kinesis:us-east-1:123456789012:stream/s", "not-an-arn",
		"arn:aws:kinesis:us-east-1:123456789012", "arn::kinesis:us-east-1:123456789012:stream/s",
		"arn:aws::us-east-1:123456789012:stream/s", "arn:aws:kinesis:us-east-1:123456789012:"} {
		if _, err := arn.Parse(s); !errors.Is(err, arn.ErrMalformed) {
			t.Errorf("Parse(%q) = %v, want ErrMalformed", s, err)
		}
	}
}

// ---- Kinesis Data Streams ----

// AWS CLI Command Reference, kinesis describe-stream-consumer, example output:
// "StreamARN": "arn:aws:kinesis:us-west-2:123456789012:stream/samplestream".
func TestStreamARNIsStreamSlashName(t *testing.T) {
	a := arn.Account{ID: "123456789012", Region: "us-west-2"}
	const want = "arn:aws:kinesis:us-west-2:123456789012:stream/samplestream"
	if got := a.StreamARN("samplestream"); got != want {
		t.Fatalf("StreamARN = %s, want %s", got, want)
	}
	s, err := arn.ParseStreamARN(want)
	if err != nil || s.Name != "samplestream" || s.Account() != a || s.Partition != "aws" || s.String() != want {
		t.Fatalf("ParseStreamARN = %+v, %v", s, err)
	}
}

// The stream engine's StreamARN wrote "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name; for the
// regions of the aws partition the account's formatter writes the same (stream/spec_test.go checks
// arn:aws:kinesis:eu-central-1:123456789012:stream/x).
func TestStreamARNMatchesTheEngineFormat(t *testing.T) {
	for _, region := range []string{"us-east-1", "eu-central-1", "ap-south-2"} {
		a := arn.Account{ID: "123456789012", Region: region}
		if got, want := a.StreamARN("x"), "arn:aws:kinesis:"+region+":123456789012:stream/x"; got != want {
			t.Errorf("StreamARN = %s, want %s", got, want)
		}
	}
}

// The Kinesis API's StreamARN pattern is arn:aws.*:kinesis:.*:\d{12}:stream/\S+ (Kinesis API Reference,
// StreamDescription): an ARN of another region, another partition or no region at all is well formed, and it is
// the caller's to find it is not its own.
func TestKinesisStreamARNMayNameAnyRegion(t *testing.T) {
	mine := arn.DefaultAccount()
	for _, s := range []string{
		"arn:aws:kinesis:eu-west-1:000000000000:stream/s",
		"arn:aws:kinesis:us-east-1:111111111111:stream/s",
		"arn:aws-cn:kinesis:us-east-1:000000000000:stream/s",
		"arn:aws:kinesis::000000000000:stream/s",
		"arn:aws:kinesis:Somewhere Else:000000000000:stream/s",
	} {
		st, err := arn.ParseStreamARN(s)
		if err != nil {
			t.Errorf("ParseStreamARN(%q) = %v", s, err)
			continue
		}
		if mine.Owns(st.ARN) {
			t.Errorf("%q is owned by the default account", s)
		}
	}
	st, err := arn.ParseStreamARN("arn:aws:kinesis:us-east-1:000000000000:stream/s")
	if err != nil || !mine.Owns(st.ARN) {
		t.Fatalf("the default account's own stream: %+v, %v", st, err)
	}
}

// Kinesis API Reference, CreateStream: StreamName has 1 to 128 characters of [a-zA-Z0-9_.-]+.
func TestStreamNameHas1To128Characters(t *testing.T) {
	checkNameRule(t, arn.StreamName, 128)
	const prefix = "arn:aws:kinesis:us-east-1:123456789012:stream/"
	if _, err := arn.ParseStreamARN(prefix + strings.Repeat("s", 128)); err != nil {
		t.Fatalf("128-character name: %v", err)
	}
	for _, name := range []string{"", strings.Repeat("s", 129), "a b", "a*b", "a/b", "s/consumer/c:1"} {
		if _, err := arn.ParseStreamARN(prefix + name); !errors.Is(err, arn.ErrName) {
			t.Errorf("ParseStreamARN(stream/%q) = %v, want ErrName", name, err)
		}
	}
}

// Consumer ARNs end in the creation timestamp in seconds: AWS CLI Command Reference, kinesis
// describe-stream-consumer, example output "ConsumerARN":
// "arn:aws:kinesis:us-west-2:123456789012:stream/samplestream/consumer/KinesisConsumerApplication:1572383852" with
// "ConsumerCreationTimestamp": 1572383852.0. The Kinesis API Reference (ConsumerDescription) says a consumer
// registered again under the same name gets another ARN, because the ARN contains the creation timestamp.
func TestConsumerARNEndsInCreationTimestampInSeconds(t *testing.T) {
	a := arn.Account{ID: "123456789012", Region: "us-west-2"}
	const want = "arn:aws:kinesis:us-west-2:123456789012:stream/samplestream/consumer/KinesisConsumerApplication:1572383852"
	created := time.Unix(1572383852, 0)
	if got := a.ConsumerARN("samplestream", "KinesisConsumerApplication", created.Add(999*time.Millisecond)); got != want {
		t.Fatalf("ConsumerARN = %s, want %s", got, want)
	}
	c, err := arn.ParseConsumerARN(want)
	if err != nil || c.StreamName != "samplestream" || c.Name != "KinesisConsumerApplication" || !c.Created.Equal(created) ||
		c.Created.Location() != time.UTC || c.Account() != a || c.String() != want {
		t.Fatalf("ParseConsumerARN = %+v, %v", c, err)
	}
	if got := c.StreamARN(); got != "arn:aws:kinesis:us-west-2:123456789012:stream/samplestream" {
		t.Fatalf("Consumer.StreamARN = %s", got)
	}
	if again := a.ConsumerARN("samplestream", "KinesisConsumerApplication", created.Add(time.Hour)); again == want {
		t.Fatal("a consumer registered again has the same ARN")
	}
}

// Kinesis API Reference, RegisterStreamConsumer: ConsumerName has 1 to 128 characters of [a-zA-Z0-9_.-]+; the
// ConsumerARN pattern is ^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+.
func TestConsumerARNIsStreamConsumerNameAndTimestamp(t *testing.T) {
	checkNameRule(t, arn.ConsumerName, 128)
	const p = "arn:aws:kinesis:us-west-2:123456789012:"
	for s, want := range map[string]error{
		p + "stream/s/consumer/" + strings.Repeat("c", 128) + ":1":      nil,
		p + "stream/s/consumer/" + strings.Repeat("c", 129) + ":1":      arn.ErrName,
		p + "stream/s/consumer/:1":                                      arn.ErrName,
		p + "stream//consumer/c:1":                                      arn.ErrName,
		p + "stream/s/consumer/c":                                       arn.ErrResourceType,
		p + "stream/s":                                                  arn.ErrResourceType,
		p + "stream/s/consumers/c:1":                                    arn.ErrResourceType,
		p + "deliverystream/s/consumer/c:1":                             arn.ErrResourceType,
		p + "stream/s/consumer/c:":                                      arn.ErrCreationTime,
		p + "stream/s/consumer/c:-1":                                    arn.ErrCreationTime,
		p + "stream/s/consumer/c:12x":                                   arn.ErrCreationTime,
		p + "stream/s/consumer/c:99999999999999999999":                  arn.ErrCreationTime,
		p + "stream/s/consumer/c:1:2":                                   arn.ErrCreationTime,
		"arn:aws:kinesis:us-west-2:12345678901:stream/s/consumer/c:1":   arn.ErrAccountID,
		"arn:aws:firehose:us-west-2:123456789012:stream/s/consumer/c:1": arn.ErrService,
	} {
		checkParse(t, "ParseConsumerARN", func(s string) error { _, err := arn.ParseConsumerARN(s); return err }, s, want)
	}
}

// ---- Firehose ----

// Amazon CloudWatch Logs User Guide, "Example 3: Subscription filters with Amazon Kinesis Data Firehose":
// "DeliveryStreamARN": "arn:aws:firehose:us-east-1:123456789012:deliverystream/my-delivery-stream".
func TestDeliveryStreamARNIsDeliverystreamSlashName(t *testing.T) {
	a := arn.Account{ID: "123456789012", Region: "us-east-1"}
	const want = "arn:aws:firehose:us-east-1:123456789012:deliverystream/my-delivery-stream"
	if got := a.DeliveryStreamARN("my-delivery-stream"); got != want {
		t.Fatalf("DeliveryStreamARN = %s, want %s", got, want)
	}
	d, err := arn.ParseDeliveryStreamARN(want)
	if err != nil || d.Name != "my-delivery-stream" || d.Account() != a || d.String() != want {
		t.Fatalf("ParseDeliveryStreamARN = %+v, %v", d, err)
	}
}

// Amazon Data Firehose API Reference, CreateDeliveryStream: DeliveryStreamName has 1 to 64 characters of
// [a-zA-Z0-9_.-]+; DeliveryStreamDescription: DeliveryStreamARN has 1 to 512 characters and the pattern
// arn:.*:firehose:[a-zA-Z0-9\-]+:\d{12}:deliverystream/[a-zA-Z0-9._-]+.
func TestDeliveryStreamNameHas1To64CharactersAndTheARNAtMost512(t *testing.T) {
	checkNameRule(t, arn.DeliveryStreamName, 64)
	const p = "arn:aws:firehose:us-east-1:123456789012:"
	long := "arn:aws:firehose:" + strings.Repeat("r", 512-len("arn:aws:firehose::123456789012:deliverystream/d")) + ":123456789012:deliverystream/d"
	for s, want := range map[string]error{
		p + "deliverystream/" + strings.Repeat("d", 64): nil,
		long: nil,
		"arn:x:firehose:us-east-1:123456789012:deliverystream/d":   nil, // the pattern allows any partition
		"arn:aws:firehose:US-East-1:123456789012:deliverystream/d": nil, // and upper case in the region
		long + "d": arn.ErrMalformed,
		p + "deliverystream/" + strings.Repeat("d", 65):            arn.ErrName,
		p + "deliverystream/":                                      arn.ErrName,
		p + "deliverystream/a:b":                                   arn.ErrName,
		p + "stream/d":                                             arn.ErrResourceType,
		"arn:aws:firehose::123456789012:deliverystream/d":          arn.ErrRegion,
		"arn:aws:firehose:us_east_1:123456789012:deliverystream/d": arn.ErrRegion,
		"arn:aws:firehose:us-east-1:1234567890:deliverystream/d":   arn.ErrAccountID,
		"arn:aws:kinesis:us-east-1:123456789012:deliverystream/d":  arn.ErrService,
	} {
		checkParse(t, "ParseDeliveryStreamARN", func(s string) error { _, err := arn.ParseDeliveryStreamARN(s); return err }, s, want)
	}
}

// ---- Kinesis Video Streams ----

// The video stream ARN is arn:${Partition}:kinesisvideo:${Region}:${Account}:stream/${StreamName}/${CreationTime}
// (Service Authorization Reference, Amazon Kinesis Video Streams, resource types). AWS's examples end in 13
// digits, milliseconds since the epoch: AWS CLI Command Reference, rekognition create-stream-processor,
// "arn:aws:kinesisvideo:us-west-2:123456789012:stream/macwebcam/1530559711205" (2018-07-02T19:28:31.205Z).
func TestVideoStreamARNEndsInCreationTimeInMilliseconds(t *testing.T) {
	a := arn.Account{ID: "123456789012", Region: "us-west-2"}
	const want = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/macwebcam/1530559711205"
	created := time.Date(2018, 7, 2, 19, 28, 31, 205_000_000, time.UTC)
	if got := a.VideoStreamARN("macwebcam", created.Add(999*time.Microsecond)); got != want {
		t.Fatalf("VideoStreamARN = %s, want %s", got, want)
	}
	v, err := arn.ParseVideoStreamARN(want)
	if err != nil || v.Name != "macwebcam" || !v.Created.Equal(created) || v.Created.Location() != time.UTC || v.Account() != a || v.String() != want {
		t.Fatalf("ParseVideoStreamARN = %+v, %v", v, err)
	}
}

// Kinesis Video Streams API Reference, CreateStream: StreamName has 1 to 256 characters of [a-zA-Z0-9_.-]+;
// StreamInfo: StreamARN has 1 to 1024 characters and the pattern
// arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+.
func TestVideoStreamNameHas1To256Characters(t *testing.T) {
	checkNameRule(t, arn.VideoStreamName, 256)
	const p = "arn:aws:kinesisvideo:us-west-2:123456789012:"
	for s, want := range map[string]error{
		p + "stream/" + strings.Repeat("v", 256) + "/1": nil,
		"arn:aws:kinesisvideo:us-west-2:123:stream/v/1": nil, // the pattern allows any number of digits
		p + "stream/" + strings.Repeat("v", 257) + "/1": arn.ErrName,
		p + "stream//1":                     arn.ErrName,
		p + "stream/v":                      arn.ErrResourceType,
		p + "channel/v/1":                   arn.ErrResourceType,
		p + "stream/v/":                     arn.ErrCreationTime,
		p + "stream/v/1/2":                  arn.ErrCreationTime,
		p + "stream/v/99999999999999999999": arn.ErrCreationTime,
		"arn:AWS:kinesisvideo:us-west-2:123456789012:stream/v/1":                   arn.ErrPartition,
		"arn:aws:kinesisvideo:US-WEST-2:123456789012:stream/v/1":                   arn.ErrRegion,
		"arn:aws:kinesisvideo:us-west-2:12345678901a:stream/v/1":                   arn.ErrAccountID,
		"arn:aws:kinesisvideo:us-west-2::stream/v/1":                               arn.ErrAccountID,
		"arn:aws:kinesis:us-west-2:123456789012:stream/v/1":                        arn.ErrService,
		p + "stream/" + strings.Repeat("v", 256) + "/" + strings.Repeat("0", 1024): arn.ErrMalformed,
	} {
		checkParse(t, "ParseVideoStreamARN", func(s string) error { _, err := arn.ParseVideoStreamARN(s); return err }, s, want)
	}
}

// ---- Kinesis Data Analytics (SQL) ----

// Amazon Kinesis Data Analytics for SQL Applications Developer Guide, "Using Tagging":
// "ResourceARN": "arn:aws:kinesisanalytics:us-west-2:012345678901:application/MyApplication".
func TestApplicationARNIsApplicationSlashName(t *testing.T) {
	a := arn.Account{ID: "012345678901", Region: "us-west-2"}
	const want = "arn:aws:kinesisanalytics:us-west-2:012345678901:application/MyApplication"
	if got := a.ApplicationARN("MyApplication"); got != want {
		t.Fatalf("ApplicationARN = %s, want %s", got, want)
	}
	app, err := arn.ParseApplicationARN(want)
	if err != nil || app.Name != "MyApplication" || app.Account() != a || app.String() != want {
		t.Fatalf("ParseApplicationARN = %+v, %v", app, err)
	}
}

// Kinesis Data Analytics API Reference (v1, SQL), CreateApplication: ApplicationName has 1 to 128 characters of
// [a-zA-Z0-9_.-]+.
func TestApplicationNameHas1To128Characters(t *testing.T) {
	checkNameRule(t, arn.ApplicationName, 128)
	const p = "arn:aws:kinesisanalytics:us-west-2:012345678901:"
	for s, want := range map[string]error{
		p + "application/" + strings.Repeat("a", 128):                     nil,
		p + "application/" + strings.Repeat("a", 129):                     arn.ErrName,
		p + "application/":                                                arn.ErrName,
		p + "application/a/b":                                             arn.ErrName,
		p + "stream/a":                                                    arn.ErrResourceType,
		"arn:gcp:kinesisanalytics:us-west-2:012345678901:application/a":   arn.ErrPartition,
		"arn:aws:kinesisanalytics::012345678901:application/a":            arn.ErrRegion,
		"arn:aws:kinesisanalytics:us-west-2:0123456789:application/a":     arn.ErrAccountID,
		"arn:aws:kinesisanalyticsv2:us-west-2:012345678901:application/a": arn.ErrService,
	} {
		checkParse(t, "ParseApplicationARN", func(s string) error { _, err := arn.ParseApplicationARN(s); return err }, s, want)
	}
}

// ---- Across resources ----

func TestARNsCarryThePartitionOfTheRegion(t *testing.T) {
	cn := arn.Account{ID: "123456789012", Region: "cn-north-1"}
	gov := arn.Account{ID: "123456789012", Region: "us-gov-west-1"}
	for got, want := range map[string]string{
		cn.StreamARN("s"):                          "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s",
		cn.DeliveryStreamARN("d"):                  "arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/d",
		gov.ConsumerARN("s", "c", time.Unix(7, 0)): "arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s/consumer/c:7",
		gov.VideoStreamARN("v", time.UnixMilli(7)): "arn:aws-us-gov:kinesisvideo:us-gov-west-1:123456789012:stream/v/7",
		gov.ApplicationARN("a"):                    "arn:aws-us-gov:kinesisanalytics:us-gov-west-1:123456789012:application/a",
	} {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// The ARN patterns admit only digits in creation times, so a time before 1970 cannot be written as it is.
func TestCreationTimesBeforeTheEpochAreWrittenAsZero(t *testing.T) {
	a := arn.DefaultAccount()
	before := time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)
	if got := a.ConsumerARN("s", "c", before); !strings.HasSuffix(got, ":0") {
		t.Errorf("ConsumerARN = %s", got)
	}
	if got := a.VideoStreamARN("v", time.Time{}); !strings.HasSuffix(got, "/0") {
		t.Errorf("VideoStreamARN = %s", got)
	}
}

func TestEachParserChecksItsService(t *testing.T) {
	a := arn.DefaultAccount()
	now := time.Unix(1700000000, 0)
	texts := map[string]string{
		"stream":      a.StreamARN("x"),
		"consumer":    a.ConsumerARN("x", "c", now),
		"firehose":    a.DeliveryStreamARN("x"),
		"video":       a.VideoStreamARN("x", now),
		"application": a.ApplicationARN("x"),
	}
	parsers := map[string]func(string) error{
		"stream":      func(s string) error { _, err := arn.ParseStreamARN(s); return err },
		"consumer":    func(s string) error { _, err := arn.ParseConsumerARN(s); return err },
		"firehose":    func(s string) error { _, err := arn.ParseDeliveryStreamARN(s); return err },
		"video":       func(s string) error { _, err := arn.ParseVideoStreamARN(s); return err },
		"application": func(s string) error { _, err := arn.ParseApplicationARN(s); return err },
	}
	for kind, parse := range parsers {
		for other, text := range texts {
			err := parse(text)
			switch {
			case kind == other && err != nil:
				t.Errorf("%s parser rejects %s: %v", kind, text, err)
			case kind != other && err == nil:
				t.Errorf("%s parser accepts the %s ARN %s", kind, other, text)
			}
		}
	}
}

// checkNameRule checks a NameRule against its documented bounds: 1 to max characters of [a-zA-Z0-9_.-].
func checkNameRule(t *testing.T, r arn.NameRule, max int) {
	t.Helper()
	if r.Max() != max {
		t.Errorf("Max() = %d, want %d", r.Max(), max)
	}
	for _, ok := range []string{"a", "Z", "0", "_", ".", "-", "my-app_v1.2", strings.Repeat("x", max)} {
		if err := r.Check(ok); err != nil || !r.Valid(ok) {
			t.Errorf("Check(%.20q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", strings.Repeat("x", max+1), "a b", "a/b", "a:b", "é", "a\x00", "a+b"} {
		if err := r.Check(bad); !errors.Is(err, arn.ErrName) || r.Valid(bad) {
			t.Errorf("Check(%.20q) = %v, want ErrName", bad, err)
		}
	}
}

// checkParse checks that parse rejects s with an error wrapping want, or accepts it when want is nil.
func checkParse(t *testing.T, name string, parse func(string) error, s string, want error) {
	t.Helper()
	err := parse(s)
	if want == nil && err != nil || want != nil && !errors.Is(err, want) {
		t.Errorf("%s(%.80q) = %v, want %v", name, s, err, want)
	}
}

// With replaces what is given and keeps the rest: how WithAccount options apply to the default account.
func TestWithReplacesOnlyWhatIsGiven(t *testing.T) {
	d := arn.DefaultAccount()
	for _, c := range []struct {
		id, region string
		want       arn.Account
	}{
		{"", "", d},
		{"123456789012", "", arn.Account{ID: "123456789012", Region: d.Region}},
		{"", "eu-west-1", arn.Account{ID: d.ID, Region: "eu-west-1"}},
		{"123456789012", "cn-north-1", arn.Account{ID: "123456789012", Region: "cn-north-1"}},
	} {
		if got := d.With(c.id, c.region); got != c.want {
			t.Errorf("With(%q, %q) = %+v, want %+v", c.id, c.region, got, c.want)
		}
	}
}
