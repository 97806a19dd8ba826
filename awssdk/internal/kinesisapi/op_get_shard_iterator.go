package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type getShardIteratorInput struct {
	ref
	ShardId                string                   `json:"ShardId"`
	ShardIteratorType      stream.ShardIteratorType `json:"ShardIteratorType"`
	StartingSequenceNumber string                   `json:"StartingSequenceNumber"`
	Timestamp              wire.Timestamp           `json:"Timestamp"`
	DryRun                 bool                     `json:"DryRun"`
}

type getShardIteratorOutput struct {
	ShardIterator string `json:"ShardIterator"`
}

func (a api) getShardIterator(ctx context.Context, in *getShardIteratorInput) (*getShardIteratorOutput, error) {
	g, err := a.e.GetShardIterator(ctx, stream.GetShardIteratorInput{
		StreamRef:              in.stream(),
		ShardId:                in.ShardId,
		ShardIteratorType:      in.ShardIteratorType,
		StartingSequenceNumber: in.StartingSequenceNumber,
		Timestamp:              in.Timestamp.Time,
		DryRun:                 in.DryRun,
	})
	if err != nil {
		return nil, err
	}
	return &getShardIteratorOutput{ShardIterator: g.ShardIterator}, nil
}
