package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

func (a api) deleteResourcePolicy(ctx context.Context, in *resourceARNInput) (*struct{}, error) {
	return nil, a.e.DeleteResourcePolicy(ctx, stream.ResourcePolicyInput{ResourceARN: in.ResourceARN})
}
