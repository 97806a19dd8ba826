package arn

import (
	"fmt"
	"strings"
	"time"
)

// videoShape is what Kinesis Video Streams accepts before the resource of a stream ARN. The API reference gives
// StreamARN the pattern arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+ and a length of
// 1 to 1024 (Kinesis Video Streams API Reference, StreamInfo and DescribeStream): a partition and a region of
// lowercase letters, digits and hyphens, and an account of one or more digits (not necessarily 12).
var videoShape = shape{service: "kinesisvideo", maxLen: 1024, partition: nonEmptyOf(lowerDigitHyphen), region: nonEmptyOf(lowerDigitHyphen), account: nonEmptyOf(digit)}

// VideoStream is a parsed Kinesis video stream ARN, arn:PARTITION:kinesisvideo:REGION:ACCOUNT:stream/NAME/CREATION_TIME.
type VideoStream struct {
	ARN
	// Name is the video stream name.
	Name string
	// Created is the stream's creation time, to the millisecond, in UTC.
	Created time.Time
}

// VideoStreamARN returns the ARN of the Kinesis video stream name in a, created at created, e.g.
// "arn:aws:kinesisvideo:us-west-2:123456789012:stream/macwebcam/1530559711205". The ARN carries the creation time
// in milliseconds since the Unix epoch (the 13-digit number AWS's example ARNs end with); a time before the epoch
// is written as 0. It does not check name ([VideoStreamName] does).
func (a Account) VideoStreamARN(name string, created time.Time) string {
	return a.arn("kinesisvideo", "stream/"+name+"/"+decimal(nonNegative(created.UnixMilli())))
}

// ParseVideoStreamARN parses a Kinesis video stream ARN. It accepts what Kinesis Video Streams' StreamARN pattern
// accepts (see the package documentation) whose resource type is "stream" (not, say, a signaling "channel") and
// whose name satisfies [VideoStreamName]. The error wraps one of the package's Err values.
func ParseVideoStreamARN(s string) (VideoStream, error) {
	a, err := videoShape.parse(s)
	if err != nil {
		return VideoStream{}, err
	}
	rest, err := resourceOf(a, "stream")
	if err != nil {
		return VideoStream{}, err
	}
	name, stamp, ok := strings.Cut(rest, "/")
	if !ok {
		return VideoStream{}, fmt.Errorf("%w in %q: a video stream ARN's resource is stream/NAME/CREATION_TIME", ErrResourceType, s)
	}
	if err := checkName(VideoStreamName, name, s); err != nil {
		return VideoStream{}, err
	}
	ms, err := parseCount(stamp, s)
	if err != nil {
		return VideoStream{}, err
	}
	return VideoStream{ARN: a, Name: name, Created: unixMilliUTC(ms)}, nil
}
