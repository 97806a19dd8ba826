package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type untagDeliveryStreamInput struct {
	DeliveryStreamName string   `json:"DeliveryStreamName"`
	TagKeys            []string `json:"TagKeys"`
}

func (a api) untagDeliveryStream(ctx context.Context, in *untagDeliveryStreamInput) (*struct{}, error) {
	return nil, a.e.UntagDeliveryStream(ctx, firehose.UntagDeliveryStreamInput{DeliveryStreamName: in.DeliveryStreamName, TagKeys: in.TagKeys})
}
