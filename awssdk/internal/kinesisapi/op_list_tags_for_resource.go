package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type resourceARNInput struct {
	ResourceARN string `json:"ResourceARN"`
}

type listTagsForResourceOutput struct {
	Tags []tag `json:"Tags"`
}

func (a api) listTagsForResource(ctx context.Context, in *resourceARNInput) (*listTagsForResourceOutput, error) {
	l, err := a.e.ListTagsForResource(ctx, stream.ListTagsForResourceInput{ResourceARN: in.ResourceARN})
	if err != nil {
		return nil, err
	}
	return &listTagsForResourceOutput{Tags: toTags(l.Tags)}, nil
}
