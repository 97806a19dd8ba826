package arn

// firehoseShape is what Firehose accepts before the resource of a delivery stream ARN. The API reference gives
// DeliveryStreamARN the pattern arn:.*:firehose:[a-zA-Z0-9\-]+:\d{12}:deliverystream/[a-zA-Z0-9._-]+ and a length
// of 1 to 512 (Amazon Data Firehose API Reference, DeliveryStreamDescription): any partition, a region of letters,
// digits and hyphens, a 12-digit account.
var firehoseShape = shape{service: "firehose", maxLen: 512, partition: anyText, region: nonEmptyOf(alnumHyphen), account: isAccountID}

// DeliveryStream is a parsed Firehose stream ARN, arn:PARTITION:firehose:REGION:ACCOUNT:deliverystream/NAME.
type DeliveryStream struct {
	ARN
	// Name is the Firehose stream (delivery stream) name.
	Name string
}

// DeliveryStreamARN returns the ARN of the Firehose stream name in a, e.g.
// "arn:aws:firehose:us-east-1:123456789012:deliverystream/my-delivery-stream". It does not check name
// ([DeliveryStreamName] does).
func (a Account) DeliveryStreamARN(name string) string {
	return a.arn("firehose", "deliverystream/"+name)
}

// ParseDeliveryStreamARN parses a Firehose stream ARN. It accepts what Firehose's DeliveryStreamARN pattern
// accepts (see the package documentation) whose name satisfies [DeliveryStreamName]. The error wraps one of the
// package's Err values.
func ParseDeliveryStreamARN(s string) (DeliveryStream, error) {
	a, name, err := firehoseShape.parseNamed(s, "deliverystream", DeliveryStreamName)
	if err != nil {
		return DeliveryStream{}, err
	}
	return DeliveryStream{ARN: a, Name: name}, nil
}
