package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type updateStreamWarmThroughputInput struct {
	ref
	WarmThroughputMiBps int `json:"WarmThroughputMiBps"`
}

type updateStreamWarmThroughputOutput struct {
	StreamName     string          `json:"StreamName"`
	StreamARN      string          `json:"StreamARN"`
	WarmThroughput *warmThroughput `json:"WarmThroughput"`
}

func (a api) updateStreamWarmThroughput(ctx context.Context, in *updateStreamWarmThroughputInput) (*updateStreamWarmThroughputOutput, error) {
	u, err := a.e.UpdateStreamWarmThroughput(ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: in.stream(), WarmThroughputMiBps: in.WarmThroughputMiBps})
	if err != nil {
		return nil, err
	}
	return &updateStreamWarmThroughputOutput{StreamName: u.StreamName, StreamARN: u.StreamARN, WarmThroughput: toWarmThroughput(&u.WarmThroughput)}, nil
}
