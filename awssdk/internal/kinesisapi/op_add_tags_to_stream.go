package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type addTagsToStreamInput struct {
	ref
	Tags map[string]string `json:"Tags"`
}

func (a api) addTagsToStream(ctx context.Context, in *addTagsToStreamInput) (*struct{}, error) {
	return nil, a.e.AddTagsToStream(ctx, stream.TagsInput{StreamRef: in.stream(), Tags: in.Tags})
}
