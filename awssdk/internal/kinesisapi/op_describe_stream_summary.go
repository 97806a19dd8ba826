package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type describeStreamSummaryOutput struct {
	StreamDescriptionSummary streamDescriptionSummary `json:"StreamDescriptionSummary"`
}

type streamDescriptionSummary struct {
	StreamName                 string                            `json:"StreamName"`
	StreamARN                  string                            `json:"StreamARN"`
	StreamStatus               stream.StreamStatus               `json:"StreamStatus"`
	StreamModeDetails          streamModeDetails                 `json:"StreamModeDetails"`
	RetentionPeriodHours       int                               `json:"RetentionPeriodHours"`
	StreamCreationTimestamp    wire.Timestamp                    `json:"StreamCreationTimestamp"`
	EnhancedMonitoring         []enhancedMetrics                 `json:"EnhancedMonitoring"`
	EncryptionType             string                            `json:"EncryptionType,omitempty"`
	KeyId                      string                            `json:"KeyId,omitempty"`
	OpenShardCount             int                               `json:"OpenShardCount"`
	ConsumerCount              int                               `json:"ConsumerCount"`
	WarmThroughput             *warmThroughput                   `json:"WarmThroughput,omitempty"`
	MaxRecordSizeInKiB         int                               `json:"MaxRecordSizeInKiB,omitempty"`
	RecordDistributionStrategy stream.RecordDistributionStrategy `json:"RecordDistributionStrategy,omitempty"`
}

func (a api) describeStreamSummary(ctx context.Context, in *ref) (*describeStreamSummaryOutput, error) {
	s, err := a.e.DescribeStreamSummary(ctx, in.stream())
	if err != nil {
		return nil, err
	}
	return &describeStreamSummaryOutput{StreamDescriptionSummary: streamDescriptionSummary{
		StreamName:                 s.StreamName,
		StreamARN:                  s.StreamARN,
		StreamStatus:               s.StreamStatus,
		StreamModeDetails:          streamModeDetails{s.StreamMode},
		RetentionPeriodHours:       s.RetentionPeriodHours,
		StreamCreationTimestamp:    wire.At(s.StreamCreationTimestamp),
		EnhancedMonitoring:         toEnhancedMonitoring(s.EnhancedMonitoring),
		EncryptionType:             s.EncryptionType,
		KeyId:                      s.KeyId,
		OpenShardCount:             s.OpenShardCount,
		ConsumerCount:              s.ConsumerCount,
		WarmThroughput:             toWarmThroughput(s.WarmThroughput),
		MaxRecordSizeInKiB:         s.MaxRecordSizeInKiB,
		RecordDistributionStrategy: s.RecordDistributionStrategy,
	}}, nil
}
