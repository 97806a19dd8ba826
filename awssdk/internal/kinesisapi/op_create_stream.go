package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type createStreamInput struct {
	StreamName                 string                            `json:"StreamName"`
	ShardCount                 *int                              `json:"ShardCount"`
	StreamModeDetails          *streamModeDetails                `json:"StreamModeDetails"`
	Tags                       map[string]string                 `json:"Tags"`
	MaxRecordSizeInKiB         *int                              `json:"MaxRecordSizeInKiB"`
	WarmThroughputMiBps        *int                              `json:"WarmThroughputMiBps"`
	RecordDistributionStrategy stream.RecordDistributionStrategy `json:"RecordDistributionStrategy"`
}

func (a api) createStream(ctx context.Context, in *createStreamInput) (*struct{}, error) {
	cs := stream.CreateStreamInput{
		StreamName:                 in.StreamName,
		ShardCount:                 sentInt(in.ShardCount),
		Tags:                       in.Tags,
		MaxRecordSizeInKiB:         sentInt(in.MaxRecordSizeInKiB),
		WarmThroughputMiBps:        sentInt(in.WarmThroughputMiBps),
		RecordDistributionStrategy: in.RecordDistributionStrategy,
	}
	if in.StreamModeDetails != nil {
		cs.StreamMode = in.StreamModeDetails.StreamMode
	}
	return nil, a.e.CreateStream(ctx, cs)
}
