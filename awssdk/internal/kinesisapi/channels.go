package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/channel"
)

// Channels is what the Kinesis service needs of the channels engine (*channel.Engine satisfies it): the five
// channel operations of the Kinesis API.
type Channels interface {
	CreateChannel(ctx context.Context, in channel.CreateChannelInput) (channel.CreateChannelOutput, error)
	DescribeChannel(ctx context.Context, in channel.DescribeChannelInput) (channel.DescribeChannelOutput, error)
	ListChannels(ctx context.Context, in channel.ListChannelsInput) (channel.ListChannelsOutput, error)
	UpdateChannel(ctx context.Context, in channel.UpdateChannelInput) (channel.UpdateChannelOutput, error)
	DeleteChannel(ctx context.Context, in channel.DeleteChannelInput) error
}

// channelAPI serves the channel operations of one engine.
type channelAPI struct{ c Channels }

// WithChannels adds the channel operations of c to s, the Kinesis service of [Service], and returns s.
func WithChannels(s *wire.Service, c Channels) *wire.Service {
	a := channelAPI{c}
	s.Ops["CreateChannel"] = wire.Unary(a.createChannel)
	s.Ops["DescribeChannel"] = wire.Unary(a.describeChannel)
	s.Ops["ListChannels"] = wire.Unary(a.listChannels)
	s.Ops["UpdateChannel"] = wire.Unary(a.updateChannel)
	s.Ops["DeleteChannel"] = wire.Unary(a.deleteChannel)
	return s
}

// The shapes of the channel operations, named as the model names them.

type channelStreamDescription struct {
	StreamARN               string              `json:"StreamARN"`
	StreamCreationTimestamp wire.Timestamp      `json:"StreamCreationTimestamp"`
	RecordConfiguration     recordConfiguration `json:"RecordConfiguration"`
}

type recordConfiguration struct {
	RecordFormatType channel.RecordFormatType `json:"RecordFormatType"`
	GSRSchemaARN     string                   `json:"GSRSchemaARN,omitempty"`
}

type s3DestinationDescription struct {
	DataFreshnessInSeconds         int                                    `json:"DataFreshnessInSeconds"`
	DeadLetterQueueS3Configuration channel.DeadLetterQueueS3Configuration `json:"DeadLetterQueueS3Configuration"`
	StorageConfiguration           channel.S3StorageConfiguration         `json:"StorageConfiguration"`
}

type channelDescription struct {
	ChannelARN                 string                                  `json:"ChannelARN"`
	ChannelCreationTimestamp   wire.Timestamp                          `json:"ChannelCreationTimestamp"`
	ChannelId                  string                                  `json:"ChannelId"`
	ChannelName                string                                  `json:"ChannelName"`
	ChannelStatus              channel.ChannelStatus                   `json:"ChannelStatus"`
	ChannelStatusReason        string                                  `json:"ChannelStatusReason,omitempty"`
	LoggingConfiguration       loggingConfiguration                    `json:"LoggingConfiguration"`
	ServiceExecutionRoleARN    string                                  `json:"ServiceExecutionRoleARN"`
	StreamConfigurationList    []channelStreamDescription              `json:"StreamConfigurationList"`
	EncryptionConfiguration    *channel.ChannelEncryptionConfiguration `json:"EncryptionConfiguration,omitempty"`
	S3DestinationConfiguration *s3DestinationDescription               `json:"S3DestinationConfiguration,omitempty"`
}

// loggingConfiguration is a ChannelLoggingConfiguration on the wire: CloudWatchLogs is required in the model, so
// a channel without logging reports it disabled.
type loggingConfiguration struct {
	CloudWatchLogs cloudWatchLogs `json:"CloudWatchLogs"`
}

type cloudWatchLogs struct {
	Enabled       bool   `json:"Enabled"`
	LogGroupName  string `json:"LogGroupName,omitempty"`
	LogStreamName string `json:"LogStreamName,omitempty"`
}

func toChannelDescription(d channel.ChannelDescription) channelDescription {
	out := channelDescription{
		ChannelARN: d.ChannelARN, ChannelCreationTimestamp: wire.At(d.ChannelCreationTimestamp), ChannelId: d.ChannelId,
		ChannelName: d.ChannelName, ChannelStatus: d.ChannelStatus, ChannelStatusReason: d.ChannelStatusReason,
		ServiceExecutionRoleARN: d.ServiceExecutionRoleARN, EncryptionConfiguration: d.EncryptionConfiguration,
		StreamConfigurationList: make([]channelStreamDescription, len(d.StreamConfigurationList)),
	}
	if cw := d.LoggingConfiguration.CloudWatchLogs; cw != nil {
		out.LoggingConfiguration.CloudWatchLogs = cloudWatchLogs{Enabled: cw.Enabled != nil && *cw.Enabled,
			LogGroupName: cw.LogGroupName, LogStreamName: cw.LogStreamName}
	}
	for i, s := range d.StreamConfigurationList {
		out.StreamConfigurationList[i] = channelStreamDescription{StreamARN: s.StreamARN,
			StreamCreationTimestamp: wire.At(s.StreamCreationTimestamp), RecordConfiguration: recordConfiguration(s.RecordConfiguration)}
	}
	if s := d.S3DestinationConfiguration; s != nil {
		out.S3DestinationConfiguration = &s3DestinationDescription{DataFreshnessInSeconds: s.DataFreshnessInSeconds,
			DeadLetterQueueS3Configuration: s.DeadLetterQueueS3Configuration, StorageConfiguration: s.StorageConfiguration}
	}
	return out
}

type channelARNInput struct {
	ChannelARN string `json:"ChannelARN"`
}
