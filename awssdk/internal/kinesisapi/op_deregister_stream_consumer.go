package kinesisapi

import (
	"context"
)

func (a api) deregisterStreamConsumer(ctx context.Context, in *consumerRef) (*struct{}, error) {
	return nil, a.e.DeregisterStreamConsumer(ctx, in.ref())
}
