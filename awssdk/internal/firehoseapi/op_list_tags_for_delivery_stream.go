package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type listTagsForDeliveryStreamInput struct {
	DeliveryStreamName   string `json:"DeliveryStreamName"`
	ExclusiveStartTagKey string `json:"ExclusiveStartTagKey"`
	Limit                *int   `json:"Limit"`
}

type listTagsForDeliveryStreamOutput struct {
	Tags        []tag `json:"Tags"`
	HasMoreTags bool  `json:"HasMoreTags"`
}

func (a api) listTagsForDeliveryStream(ctx context.Context, in *listTagsForDeliveryStreamInput) (*listTagsForDeliveryStreamOutput, error) {
	out, err := a.e.ListTagsForDeliveryStream(ctx, firehose.ListTagsForDeliveryStreamInput{
		DeliveryStreamName: in.DeliveryStreamName, ExclusiveStartTagKey: in.ExclusiveStartTagKey, Limit: sentLimit(in.Limit),
	})
	if err != nil {
		return nil, err
	}
	res := &listTagsForDeliveryStreamOutput{Tags: make([]tag, len(out.Tags)), HasMoreTags: out.HasMoreTags}
	for i, t := range out.Tags {
		res.Tags[i] = tag{Key: t.Key, Value: t.Value}
	}
	return res, nil
}
