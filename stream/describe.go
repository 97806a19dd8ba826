package stream

import (
	"context"

	"github.com/kinesim/kinesim/internal/validate"
)

// DescribeStreamInput is the input of [Engine.DescribeStream].
type DescribeStreamInput struct {
	StreamRef
	// Limit is the most shards to describe, 1–10000; 0 means 100 (at most 100 are returned).
	Limit int
	// ExclusiveStartShardId describes the shards after this one.
	ExclusiveStartShardId string
}

// StreamDescription is the output of [Engine.DescribeStream].
type StreamDescription struct {
	StreamSummary
	// Shards are the stream's shards not yet expired, in shard-id order, at most Limit of them.
	Shards []Shard
	// HasMoreShards reports that shards follow the last one listed (continue with ExclusiveStartShardID).
	HasMoreShards bool
}

// MaxDescribeStreamShards is the most shards one DescribeStream call returns.
const MaxDescribeStreamShards = 100

// DescribeStream describes a stream and a page of its shards, as AWS's legacy DescribeStream does (ListShards and
// DescribeStreamSummary are the recommended pair; some consumers still call this one, e.g. for the ARN).
func (e *Engine) DescribeStream(ctx context.Context, in DescribeStreamInput) (StreamDescription, error) {
	if _, err := begin(e, ctx, OpDescribeStream, &in); err != nil {
		return StreamDescription{}, err
	}
	var v validate.Violations
	v.PageSize("limit", in.Limit, MaxListPageSize)
	optionalShardID(&v, "exclusiveStartShardId", in.ExclusiveStartShardId)
	if err := v.Err(); err != nil {
		return StreamDescription{}, err
	}
	s, err := e.resolve(in.StreamRef, false)
	if err != nil {
		return StreamDescription{}, err
	}
	limit := in.Limit
	if limit == 0 || limit > MaxDescribeStreamShards {
		limit = MaxDescribeStreamShards
	}
	q := shardQuery{after: -1}
	if in.ExclusiveStartShardId != "" {
		if i, ok := shardIndex(in.ExclusiveStartShardId); ok {
			q.after = i
		}
	}
	shards, more := s.describeShards(&q, e.clk.Now(), limit)
	return StreamDescription{StreamSummary: s.summary(), Shards: shards, HasMoreShards: more}, nil
}
