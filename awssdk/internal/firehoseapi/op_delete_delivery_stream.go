package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type deleteDeliveryStreamInput struct {
	DeliveryStreamName string `json:"DeliveryStreamName"`
	AllowForceDelete   bool   `json:"AllowForceDelete"`
}

func (a api) deleteDeliveryStream(ctx context.Context, in *deleteDeliveryStreamInput) (*struct{}, error) {
	return nil, a.e.DeleteDeliveryStream(ctx, firehose.DeleteDeliveryStreamInput{DeliveryStreamName: in.DeliveryStreamName, AllowForceDelete: in.AllowForceDelete})
}
