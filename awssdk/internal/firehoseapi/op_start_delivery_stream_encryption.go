package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type startDeliveryStreamEncryptionInput struct {
	DeliveryStreamName                         string                                      `json:"DeliveryStreamName"`
	DeliveryStreamEncryptionConfigurationInput *deliveryStreamEncryptionConfigurationInput `json:"DeliveryStreamEncryptionConfigurationInput"`
}

func (a api) startDeliveryStreamEncryption(ctx context.Context, in *startDeliveryStreamEncryptionInput) (*struct{}, error) {
	return nil, a.e.StartDeliveryStreamEncryption(ctx, firehose.StartDeliveryStreamEncryptionInput{
		DeliveryStreamName:                         in.DeliveryStreamName,
		DeliveryStreamEncryptionConfigurationInput: in.DeliveryStreamEncryptionConfigurationInput.engine(),
	})
}
