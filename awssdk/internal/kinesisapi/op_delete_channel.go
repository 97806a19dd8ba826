package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/channel"
)

func (a channelAPI) deleteChannel(ctx context.Context, in *channelARNInput) (*struct{}, error) {
	return nil, a.c.DeleteChannel(ctx, channel.DeleteChannelInput{ChannelARN: in.ChannelARN})
}
