package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type putRecordInput struct {
	ref
	Data                      []byte `json:"Data"`
	PartitionKey              string `json:"PartitionKey"`
	ExplicitHashKey           string `json:"ExplicitHashKey"`
	SequenceNumberForOrdering string `json:"SequenceNumberForOrdering"`
	DryRun                    bool   `json:"DryRun"`
}

type putRecordOutput struct {
	ShardId        string `json:"ShardId"`
	SequenceNumber string `json:"SequenceNumber"`
	EncryptionType string `json:"EncryptionType,omitempty"`
}

func (a api) putRecord(ctx context.Context, in *putRecordInput) (*putRecordOutput, error) {
	p, err := a.e.PutRecord(ctx, stream.PutRecordInput{
		StreamRef:                 in.stream(),
		Data:                      in.Data,
		PartitionKey:              in.PartitionKey,
		ExplicitHashKey:           in.ExplicitHashKey,
		SequenceNumberForOrdering: in.SequenceNumberForOrdering,
		DryRun:                    in.DryRun,
	})
	if err != nil {
		return nil, err
	}
	return &putRecordOutput{ShardId: p.ShardId, SequenceNumber: p.SequenceNumber.String(), EncryptionType: p.EncryptionType}, nil
}
