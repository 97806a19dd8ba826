package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/channel"
)

type updateChannelInput struct {
	ChannelARN                       string                                  `json:"ChannelARN"`
	LoggingConfiguration             *channel.ChannelLoggingUpdateInput      `json:"LoggingConfiguration"`
	S3DestinationConfiguration       *channel.S3DestinationUpdateInput       `json:"S3DestinationConfiguration"`
	S3TablesDestinationConfiguration *channel.S3TablesDestinationUpdateInput `json:"S3TablesDestinationConfiguration"`
}

func (a channelAPI) updateChannel(ctx context.Context, in *updateChannelInput) (*channelDescriptionOutput, error) {
	out, err := a.c.UpdateChannel(ctx, channel.UpdateChannelInput(*in))
	if err != nil {
		return nil, err
	}
	return &channelDescriptionOutput{ChannelDescription: toChannelDescription(out.ChannelDescription)}, nil
}
