package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type describeStreamInput struct {
	ref
	Limit                 *int   `json:"Limit"`
	ExclusiveStartShardId string `json:"ExclusiveStartShardId"`
}

type describeStreamOutput struct {
	StreamDescription streamDescription `json:"StreamDescription"`
}

type streamDescription struct {
	StreamName              string              `json:"StreamName"`
	StreamARN               string              `json:"StreamARN"`
	StreamStatus            stream.StreamStatus `json:"StreamStatus"`
	StreamModeDetails       streamModeDetails   `json:"StreamModeDetails"`
	Shards                  []shard             `json:"Shards"`
	HasMoreShards           bool                `json:"HasMoreShards"`
	RetentionPeriodHours    int                 `json:"RetentionPeriodHours"`
	StreamCreationTimestamp wire.Timestamp      `json:"StreamCreationTimestamp"`
	EnhancedMonitoring      []enhancedMetrics   `json:"EnhancedMonitoring"`
	EncryptionType          string              `json:"EncryptionType,omitempty"`
	KeyId                   string              `json:"KeyId,omitempty"`
}

func (a api) describeStream(ctx context.Context, in *describeStreamInput) (*describeStreamOutput, error) {
	d, err := a.e.DescribeStream(ctx, stream.DescribeStreamInput{StreamRef: in.stream(), Limit: sentInt(in.Limit), ExclusiveStartShardId: in.ExclusiveStartShardId})
	if err != nil {
		return nil, err
	}
	return &describeStreamOutput{StreamDescription: streamDescription{
		StreamName:              d.StreamName,
		StreamARN:               d.StreamARN,
		StreamStatus:            d.StreamStatus,
		StreamModeDetails:       streamModeDetails{d.StreamMode},
		Shards:                  toShards(d.Shards),
		HasMoreShards:           d.HasMoreShards,
		RetentionPeriodHours:    d.RetentionPeriodHours,
		StreamCreationTimestamp: wire.At(d.StreamCreationTimestamp),
		EnhancedMonitoring:      toEnhancedMonitoring(d.EnhancedMonitoring),
		EncryptionType:          d.EncryptionType,
		KeyId:                   d.KeyId,
	}}, nil
}
