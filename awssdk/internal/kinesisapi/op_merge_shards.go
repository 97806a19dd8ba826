package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type mergeShardsInput struct {
	ref
	ShardToMerge         string `json:"ShardToMerge"`
	AdjacentShardToMerge string `json:"AdjacentShardToMerge"`
}

func (a api) mergeShards(ctx context.Context, in *mergeShardsInput) (*struct{}, error) {
	return nil, a.e.MergeShards(ctx, stream.MergeShardsInput{StreamRef: in.stream(), ShardToMerge: in.ShardToMerge, AdjacentShardToMerge: in.AdjacentShardToMerge})
}
