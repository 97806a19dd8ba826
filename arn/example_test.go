package arn_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/arn"
)

func Example() {
	acct, err := arn.NewAccount("123456789012", "us-west-2")
	if err != nil {
		panic(err)
	}
	created := time.Date(2019, 10, 29, 21, 17, 32, 0, time.UTC)

	fmt.Println(acct.StreamARN("samplestream"))
	fmt.Println(acct.ConsumerARN("samplestream", "app", created))
	fmt.Println(acct.DeliveryStreamARN("to-s3"))
	fmt.Println(acct.VideoStreamARN("camera", created))
	fmt.Println(acct.ApplicationARN("counts"))
	// Output:
	// arn:aws:kinesis:us-west-2:123456789012:stream/samplestream
	// arn:aws:kinesis:us-west-2:123456789012:stream/samplestream/consumer/app:1572383852
	// arn:aws:firehose:us-west-2:123456789012:deliverystream/to-s3
	// arn:aws:kinesisvideo:us-west-2:123456789012:stream/camera/1572383852000
	// arn:aws:kinesisanalytics:us-west-2:123456789012:application/counts
}

// A service parses the ARN a caller gives, rejects what is malformed, and looks up the rest in its own account.
func ExampleParseStreamARN() {
	mine := arn.DefaultAccount()
	for _, text := range []string{
		"arn:aws:kinesis:us-east-1:000000000000:stream/orders",
		"arn:aws:kinesis:eu-west-1:000000000000:stream/orders",
		"arn:aws:firehose:us-east-1:000000000000:deliverystream/orders",
		"arn:aws:kinesis:us-east-1:000000000000:stream/",
	} {
		s, err := arn.ParseStreamARN(text)
		switch {
		case errors.Is(err, arn.ErrService):
			fmt.Println("not a Kinesis ARN")
		case err != nil:
			fmt.Println("malformed:", errors.Is(err, arn.ErrName))
		case !mine.Owns(s.ARN):
			fmt.Printf("stream %s under account %s in %s: not here\n", s.Name, s.AccountID, s.Region)
		default:
			fmt.Println("found", s.Name)
		}
	}
	// Output:
	// found orders
	// stream orders under account 000000000000 in eu-west-1: not here
	// not a Kinesis ARN
	// malformed: true
}

func ExampleParseConsumerARN() {
	c, err := arn.ParseConsumerARN("arn:aws:kinesis:us-west-2:123456789012:stream/samplestream/consumer/KinesisConsumerApplication:1572383852")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.StreamName, c.Name, c.Created.Format(time.RFC3339))
	fmt.Println(c.StreamARN())
	// Output:
	// samplestream KinesisConsumerApplication 2019-10-29T21:17:32Z
	// arn:aws:kinesis:us-west-2:123456789012:stream/samplestream
}

func ExamplePartitionOf() {
	for _, region := range []string{"us-east-1", "cn-northwest-1", "us-gov-west-1"} {
		fmt.Println(region, arn.PartitionOf(region))
	}
	fmt.Println(arn.Account{ID: "123456789012", Region: "cn-north-1"}.DeliveryStreamARN("logs"))
	// Output:
	// us-east-1 aws
	// cn-northwest-1 aws-cn
	// us-gov-west-1 aws-us-gov
	// arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/logs
}

func ExampleNameRule_Check() {
	fmt.Println(arn.DeliveryStreamName.Check("to-s3"))
	fmt.Println(arn.DeliveryStreamName.Check("to s3"))
	// Output:
	// <nil>
	// arn: invalid resource name: the delivery stream name "to s3" has ' ' at byte 2; only letters, digits, '_', '.' and '-' are allowed
}
