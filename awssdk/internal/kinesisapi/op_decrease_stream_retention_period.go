package kinesisapi

import "context"

func (a api) decreaseStreamRetentionPeriod(ctx context.Context, in *retentionInput) (*struct{}, error) {
	return nil, a.e.DecreaseStreamRetentionPeriod(ctx, in.engine())
}
