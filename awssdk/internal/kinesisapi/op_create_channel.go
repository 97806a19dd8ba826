package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/channel"
)

type createChannelInput struct {
	ChannelName                      string                                    `json:"ChannelName"`
	ServiceExecutionRoleARN          string                                    `json:"ServiceExecutionRoleARN"`
	StreamConfigurationList          []channel.ChannelStreamConfiguration      `json:"StreamConfigurationList"`
	EncryptionConfiguration          *channel.ChannelEncryptionConfiguration   `json:"EncryptionConfiguration"`
	LoggingConfiguration             *channel.ChannelLoggingConfiguration      `json:"LoggingConfiguration"`
	S3DestinationConfiguration       *channel.S3DestinationConfiguration       `json:"S3DestinationConfiguration"`
	S3TablesDestinationConfiguration *channel.S3TablesDestinationConfiguration `json:"S3TablesDestinationConfiguration"`
	Tags                             map[string]string                         `json:"Tags"`
}

type channelDescriptionOutput struct {
	ChannelDescription channelDescription `json:"ChannelDescription"`
}

func (a channelAPI) createChannel(ctx context.Context, in *createChannelInput) (*channelDescriptionOutput, error) {
	out, err := a.c.CreateChannel(ctx, channel.CreateChannelInput(*in))
	if err != nil {
		return nil, err
	}
	return &channelDescriptionOutput{ChannelDescription: toChannelDescription(out.ChannelDescription)}, nil
}
