package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type splitShardInput struct {
	ref
	ShardToSplit       string `json:"ShardToSplit"`
	NewStartingHashKey string `json:"NewStartingHashKey"`
}

func (a api) splitShard(ctx context.Context, in *splitShardInput) (*struct{}, error) {
	return nil, a.e.SplitShard(ctx, stream.SplitShardInput{StreamRef: in.stream(), ShardToSplit: in.ShardToSplit, NewStartingHashKey: in.NewStartingHashKey})
}
