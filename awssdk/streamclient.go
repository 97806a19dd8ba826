package awssdk

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/smithy-go"

	"github.com/kinesim/kinesim/apierr"
)

// StreamClient adapts a *kinesis.Client of the AWS SDK for Go v2 to the small interfaces kinesim's client
// libraries declare (kcl.Kinesis and kcl.FanOut, kpl.Client): methods of *stream.Engine's signatures, whose inputs
// and outputs it converts to and from the SDK's, except SubscribeToShard, which returns a [ShardSubscription]
// interface over the SDK's event stream. So a KCL worker (polling or with enhanced fan-out) and a KPL producer run
// unchanged against real AWS. Sequence numbers in responses are read with record.ParseAnySequenceNumber: AWS's
// own keep their exact text (foreign numbers), kinesim's read as the engine's. It is safe for concurrent use, as
// the SDK client is.
type StreamClient struct{ client *kinesis.Client }

// NewStreamClient returns a StreamClient calling c.
func NewStreamClient(c *kinesis.Client) *StreamClient { return &StreamClient{client: c} }

// sdkAPIError turns the SDK's error for a service exception into the apierr value of its code, so that callers
// match it with errors.Is as they match the engine's; other errors (transport, context) pass unchanged.
func sdkAPIError(err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if k := apierr.ByCode(ae.ErrorCode()); k != nil {
			return k.With(ae.ErrorMessage())
		}
	}
	return err
}

// optBool is b as the SDK's optional boolean: nil when false, so that the request carries the member only when it
// is set.
func optBool(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}

// optString is s as the SDK's optional string: nil when empty.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
