package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type tagDeliveryStreamInput struct {
	DeliveryStreamName string `json:"DeliveryStreamName"`
	Tags               []tag  `json:"Tags"`
}

func (a api) tagDeliveryStream(ctx context.Context, in *tagDeliveryStreamInput) (*struct{}, error) {
	return nil, a.e.TagDeliveryStream(ctx, firehose.TagDeliveryStreamInput{DeliveryStreamName: in.DeliveryStreamName, Tags: toEngineTags(in.Tags)})
}
