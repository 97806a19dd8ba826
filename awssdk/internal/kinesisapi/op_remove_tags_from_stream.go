package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type removeTagsFromStreamInput struct {
	ref
	TagKeys []string `json:"TagKeys"`
}

func (a api) removeTagsFromStream(ctx context.Context, in *removeTagsFromStreamInput) (*struct{}, error) {
	return nil, a.e.RemoveTagsFromStream(ctx, stream.TagKeysInput{StreamRef: in.stream(), TagKeys: in.TagKeys})
}
