package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type getResourcePolicyOutput struct {
	Policy string `json:"Policy"`
}

func (a api) getResourcePolicy(ctx context.Context, in *resourceARNInput) (*getResourcePolicyOutput, error) {
	p, err := a.e.GetResourcePolicy(ctx, stream.ResourcePolicyInput{ResourceARN: in.ResourceARN})
	if err != nil {
		return nil, err
	}
	return &getResourcePolicyOutput{Policy: p.Policy}, nil
}
