package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type retentionInput struct {
	ref
	RetentionPeriodHours int `json:"RetentionPeriodHours"`
}

func (in *retentionInput) engine() stream.RetentionInput {
	return stream.RetentionInput{StreamRef: in.stream(), RetentionPeriodHours: in.RetentionPeriodHours}
}

func (a api) increaseStreamRetentionPeriod(ctx context.Context, in *retentionInput) (*struct{}, error) {
	return nil, a.e.IncreaseStreamRetentionPeriod(ctx, in.engine())
}
