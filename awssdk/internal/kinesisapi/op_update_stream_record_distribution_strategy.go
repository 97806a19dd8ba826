package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type updateStreamRecordDistributionStrategyInput struct {
	StreamARN                  string                            `json:"StreamARN"`
	RecordDistributionStrategy stream.RecordDistributionStrategy `json:"RecordDistributionStrategy"`
}

func (a api) updateStreamRecordDistributionStrategy(ctx context.Context, in *updateStreamRecordDistributionStrategyInput) (*struct{}, error) {
	return nil, a.e.UpdateStreamRecordDistributionStrategy(ctx, stream.UpdateStreamRecordDistributionStrategyInput{StreamARN: in.StreamARN, RecordDistributionStrategy: in.RecordDistributionStrategy})
}
