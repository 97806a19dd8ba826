package kcl_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

// Both shapes of SubscribeToShard serve a worker: the engine's, returning *stream.ShardSubscription, and
// FanOut's, returning a Subscription (what awssdk.StreamClient implements over the SDK).
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

// A worker with WithFanOut reads through a client whose SubscribeToShard returns a Subscription (kcl.FanOut), as
// it reads through the engine's own (kcl.EngineFanOut): every record once, across resubscriptions. Source:
// issue 13 ("a small interface that both *stream.Engine and an SDK-backed adapter satisfy"); Kinesis API
// SubscribeToShard.
func TestEnhancedFanOutReadsThroughEitherShapeOfSubscribeToShard(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 2)
		c, err := ev.e.RegisterStreamConsumer(ev.ctx, stream.RegisterStreamConsumerInput{StreamARN: ev.e.StreamARN("orders"), ConsumerName: "app"})
		if err != nil {
			t.Fatal(err)
		}
		ev.run(time.Second)
		w, err := kcl.NewWorker(kcl.Config{Stream: ev.ref, WorkerID: "w", Client: subscriptionClient{ev.e}, Leases: ev.table,
			NewProcessor: func(shard string) kcl.RecordProcessor {
				return &recorder{worker: "w", shard: shard, log: ev.log, policy: checkpointPolicy{every: 1}}
			}}, ev.testOptions(kcl.WithFanOut(c.ConsumerARN))...)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		var want []string
		for round := range 3 {
			want = append(want, ev.put("a", round*5, 5)...)
			want = append(want, ev.put("b", round*5, 5)...)
			ev.run(3 * time.Minute)
		}
		got := byData(ev.log.snapshot())
		for _, d := range want {
			if got[d] != 1 {
				t.Fatalf("record %s delivered %d times; want once", d, got[d])
			}
		}
	})
}
