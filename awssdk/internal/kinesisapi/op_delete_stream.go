package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type deleteStreamInput struct {
	ref
	EnforceConsumerDeletion bool `json:"EnforceConsumerDeletion"`
}

func (a api) deleteStream(ctx context.Context, in *deleteStreamInput) (*struct{}, error) {
	return nil, a.e.DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: in.stream(), EnforceConsumerDeletion: in.EnforceConsumerDeletion})
}
