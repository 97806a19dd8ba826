package arn

import (
	"fmt"
	"strings"
	"time"
)

// kinesisShape is what the Kinesis API accepts before the resource of a stream or consumer ARN. The API
// reference gives StreamARN the pattern arn:aws.*:kinesis:.*:\d{12}:stream/\S+ and ConsumerARN the pattern
// ^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+, both of length 1 to
// 2048 (Kinesis API Reference, StreamDescription and ConsumerDescription): any partition that starts with "aws",
// any region without a line break (even an empty one), a 12-digit account.
var kinesisShape = shape{service: "kinesis", maxLen: 2048, partition: awsPrefixed, region: anyText, account: isAccountID}

// Stream is a parsed Kinesis data stream ARN, arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME.
type Stream struct {
	ARN
	// Name is the stream name.
	Name string
}

// StreamARN returns the ARN of the Kinesis data stream name in a, e.g.
// "arn:aws:kinesis:us-east-1:123456789012:stream/orders". It does not check name ([StreamName] does).
func (a Account) StreamARN(name string) string { return a.arn("kinesis", "stream/"+name) }

// ParseStreamARN parses a Kinesis data stream ARN. It accepts what the Kinesis API's StreamARN pattern accepts
// (see the package documentation) whose resource is "stream/" and a name that satisfies [StreamName]; the region
// is not checked, so an ARN of another region parses and [Account.Owns] tells whether it is the caller's. The
// error wraps one of the package's Err values.
func ParseStreamARN(s string) (Stream, error) {
	a, name, err := kinesisShape.parseNamed(s, "stream", StreamName)
	if err != nil {
		return Stream{}, err
	}
	return Stream{ARN: a, Name: name}, nil
}

// Consumer is a parsed Kinesis stream consumer ARN,
// arn:PARTITION:kinesis:REGION:ACCOUNT:stream/STREAM/consumer/NAME:CREATION_TIMESTAMP.
type Consumer struct {
	ARN
	// StreamName is the name of the stream the consumer is registered with.
	StreamName string
	// Name is the consumer name.
	Name string
	// Created is the consumer's creation time, to the second, in UTC.
	Created time.Time
}

// StreamARN returns the ARN of the stream the consumer is registered with.
func (c Consumer) StreamARN() string {
	return ARN{Partition: c.Partition, Service: c.Service, Region: c.Region, AccountID: c.AccountID, Resource: "stream/" + c.StreamName}.String()
}

// ConsumerARN returns the ARN of the consumer named consumer of the stream named stream in a, registered at
// created, e.g. "arn:aws:kinesis:us-west-2:123456789012:stream/samplestream/consumer/app:1572383852". The ARN
// carries the creation time in whole seconds since the Unix epoch, so a consumer registered again under the same
// name gets another ARN; a time before the epoch is written as 0. It does not check the names.
func (a Account) ConsumerARN(stream, consumer string, created time.Time) string {
	return a.arn("kinesis", "stream/"+stream+"/consumer/"+consumer+":"+decimal(nonNegative(created.Unix())))
}

// ParseConsumerARN parses a Kinesis stream consumer ARN. It accepts what the Kinesis API's ConsumerARN pattern
// accepts (see the package documentation) whose resource is exactly stream/STREAM/consumer/NAME:SECONDS, with
// names that satisfy [StreamName] and [ConsumerName]; the region is not checked. The error wraps one of the
// package's Err values.
func ParseConsumerARN(s string) (Consumer, error) {
	a, err := kinesisShape.parse(s)
	if err != nil {
		return Consumer{}, err
	}
	rest, err := resourceOf(a, "stream")
	if err != nil {
		return Consumer{}, err
	}
	stream, rest, ok := strings.Cut(rest, "/consumer/")
	if !ok {
		return Consumer{}, fmt.Errorf("%w in %q: a consumer ARN's resource is stream/STREAM/consumer/NAME:TIMESTAMP", ErrResourceType, s)
	}
	name, stamp, ok := strings.Cut(rest, ":")
	if !ok {
		return Consumer{}, fmt.Errorf("%w in %q: the consumer name is not followed by \":\" and its creation timestamp", ErrResourceType, s)
	}
	if err := checkName(StreamName, stream, s); err != nil {
		return Consumer{}, err
	}
	if err := checkName(ConsumerName, name, s); err != nil {
		return Consumer{}, err
	}
	sec, err := parseCount(stamp, s)
	if err != nil {
		return Consumer{}, err
	}
	return Consumer{ARN: a, StreamName: stream, Name: name, Created: unixUTC(sec)}, nil
}
