package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type listShardsInput struct {
	ref
	NextToken               string         `json:"NextToken"`
	ExclusiveStartShardId   string         `json:"ExclusiveStartShardId"`
	MaxResults              *int           `json:"MaxResults"`
	StreamCreationTimestamp wire.Timestamp `json:"StreamCreationTimestamp"`
	ShardFilter             *shardFilter   `json:"ShardFilter"`
}

type shardFilter struct {
	Type      stream.ShardFilterType `json:"Type"`
	ShardId   string                 `json:"ShardId"`
	Timestamp wire.Timestamp         `json:"Timestamp"`
}

type listShardsOutput struct {
	Shards    []shard `json:"Shards"`
	NextToken string  `json:"NextToken,omitempty"`
}

func (a api) listShards(ctx context.Context, in *listShardsInput) (*listShardsOutput, error) {
	ls := stream.ListShardsInput{
		StreamRef:               in.stream(),
		NextToken:               in.NextToken,
		ExclusiveStartShardId:   in.ExclusiveStartShardId,
		MaxResults:              sentInt(in.MaxResults),
		StreamCreationTimestamp: in.StreamCreationTimestamp.Time,
	}
	if f := in.ShardFilter; f != nil {
		ls.ShardFilter = &stream.ShardFilter{Type: f.Type, ShardId: f.ShardId, Timestamp: f.Timestamp.Time}
	}
	out, err := a.e.ListShards(ctx, ls)
	if err != nil {
		return nil, err
	}
	return &listShardsOutput{Shards: toShards(out.Shards), NextToken: out.NextToken}, nil
}
