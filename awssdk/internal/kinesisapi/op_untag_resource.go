package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type untagResourceInput struct {
	ResourceARN string   `json:"ResourceARN"`
	TagKeys     []string `json:"TagKeys"`
}

func (a api) untagResource(ctx context.Context, in *untagResourceInput) (*struct{}, error) {
	return nil, a.e.UntagResource(ctx, stream.UntagResourceInput{ResourceARN: in.ResourceARN, TagKeys: in.TagKeys})
}
