package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type stopDeliveryStreamEncryptionInput struct {
	DeliveryStreamName string `json:"DeliveryStreamName"`
}

func (a api) stopDeliveryStreamEncryption(ctx context.Context, in *stopDeliveryStreamEncryptionInput) (*struct{}, error) {
	return nil, a.e.StopDeliveryStreamEncryption(ctx, firehose.StopDeliveryStreamEncryptionInput{DeliveryStreamName: in.DeliveryStreamName})
}
