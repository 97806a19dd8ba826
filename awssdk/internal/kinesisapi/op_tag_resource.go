package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type tagResourceInput struct {
	ResourceARN string            `json:"ResourceARN"`
	Tags        map[string]string `json:"Tags"`
}

func (a api) tagResource(ctx context.Context, in *tagResourceInput) (*struct{}, error) {
	return nil, a.e.TagResource(ctx, stream.TagResourceInput{ResourceARN: in.ResourceARN, Tags: in.Tags})
}
