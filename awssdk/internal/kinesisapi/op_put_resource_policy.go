package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type putResourcePolicyInput struct {
	ResourceARN string `json:"ResourceARN"`
	Policy      string `json:"Policy"`
}

func (a api) putResourcePolicy(ctx context.Context, in *putResourcePolicyInput) (*struct{}, error) {
	return nil, a.e.PutResourcePolicy(ctx, stream.PutResourcePolicyInput{ResourceARN: in.ResourceARN, Policy: in.Policy})
}
