package kcl_test

import (
	"context"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

// Both shapes of SubscribeToShard serve a worker: the engine's, returning *stream.ShardSubscription, and
// FanOut's, returning a Subscription (what awssdk.StreamClient implements over the SDK); see
// TestEnhancedFanOutDeliversEveryRecordAcrossResubscriptions.
var (
	_ kcl.EngineFanOut = (*stream.Engine)(nil)
	_ kcl.Subscription = (*stream.ShardSubscription)(nil)
	_ kcl.FanOut       = subscriptionClient{}
)

// subscriptionClient serves FanOut with an engine, its SubscribeToShard returning the Subscription interface as
// an SDK adapter does.
type subscriptionClient struct{ *stream.Engine }

func (c subscriptionClient) SubscribeToShard(ctx context.Context, in stream.SubscribeToShardInput) (kcl.Subscription, error) {
	sub, err := c.Engine.SubscribeToShard(ctx, in)
	if err != nil {
		return nil, err
	}
	return sub, nil
}
