package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type updateShardCountInput struct {
	ref
	TargetShardCount int    `json:"TargetShardCount"`
	ScalingType      string `json:"ScalingType"`
}

type updateShardCountOutput struct {
	StreamName        string `json:"StreamName"`
	StreamARN         string `json:"StreamARN"`
	CurrentShardCount int    `json:"CurrentShardCount"`
	TargetShardCount  int    `json:"TargetShardCount"`
}

func (a api) updateShardCount(ctx context.Context, in *updateShardCountInput) (*updateShardCountOutput, error) {
	u, err := a.e.UpdateShardCount(ctx, stream.UpdateShardCountInput{StreamRef: in.stream(), TargetShardCount: in.TargetShardCount, ScalingType: in.ScalingType})
	if err != nil {
		return nil, err
	}
	return &updateShardCountOutput{StreamName: u.StreamName, StreamARN: u.StreamARN, CurrentShardCount: u.CurrentShardCount, TargetShardCount: u.TargetShardCount}, nil
}
