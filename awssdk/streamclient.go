package awssdk

import "github.com/aws/aws-sdk-go-v2/service/kinesis"

// StreamClient adapts a *kinesis.Client of the AWS SDK for Go v2 to the small interfaces kinesim's client
// libraries declare (kcl.Kinesis, kpl's): methods of *stream.Engine's signatures, whose inputs and outputs it
// converts to and from the SDK's. It is safe for concurrent use, as the SDK client is.
type StreamClient struct{ client *kinesis.Client }

// NewStreamClient returns a StreamClient calling c.
func NewStreamClient(c *kinesis.Client) *StreamClient { return &StreamClient{client: c} }
