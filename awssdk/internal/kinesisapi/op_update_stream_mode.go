package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type updateStreamModeInput struct {
	StreamARN           string             `json:"StreamARN"`
	StreamModeDetails   *streamModeDetails `json:"StreamModeDetails"`
	WarmThroughputMiBps *int               `json:"WarmThroughputMiBps"`
}

func (a api) updateStreamMode(ctx context.Context, in *updateStreamModeInput) (*struct{}, error) {
	u := stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: in.StreamARN}, WarmThroughputMiBps: sentInt(in.WarmThroughputMiBps)}
	if in.StreamModeDetails != nil {
		u.StreamMode = in.StreamModeDetails.StreamMode
	}
	return nil, a.e.UpdateStreamMode(ctx, u)
}
