package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/channel"
)

func (a channelAPI) describeChannel(ctx context.Context, in *channelARNInput) (*channelDescriptionOutput, error) {
	out, err := a.c.DescribeChannel(ctx, channel.DescribeChannelInput{ChannelARN: in.ChannelARN})
	if err != nil {
		return nil, err
	}
	return &channelDescriptionOutput{ChannelDescription: toChannelDescription(out.ChannelDescription)}, nil
}
