package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type getRecordsInput struct {
	ShardIterator string `json:"ShardIterator"`
	Limit         *int   `json:"Limit"`
	StreamARN     string `json:"StreamARN"`
	DryRun        bool   `json:"DryRun"`
}

type getRecordsOutput struct {
	Records            []wireRecord `json:"Records"`
	NextShardIterator  string       `json:"NextShardIterator,omitempty"`
	MillisBehindLatest int64        `json:"MillisBehindLatest"`
	ChildShards        []childShard `json:"ChildShards,omitempty"`
}

type wireRecord struct {
	SequenceNumber              string         `json:"SequenceNumber"`
	ApproximateArrivalTimestamp wire.Timestamp `json:"ApproximateArrivalTimestamp"`
	Data                        []byte         `json:"Data"`
	PartitionKey                string         `json:"PartitionKey"`
	EncryptionType              string         `json:"EncryptionType,omitempty"`
}

type childShard struct {
	ShardId      string       `json:"ShardId"`
	ParentShards []string     `json:"ParentShards"`
	HashKeyRange hashKeyRange `json:"HashKeyRange"`
}

func toChildShards(in []stream.ChildShard) []childShard {
	if len(in) == 0 {
		return nil
	}
	out := make([]childShard, len(in))
	for i, c := range in {
		out[i] = childShard{ShardId: c.ShardId, ParentShards: c.ParentShards, HashKeyRange: toHashKeyRange(c.HashKeyRange)}
	}
	return out
}

func (a api) getRecords(ctx context.Context, in *getRecordsInput) (*getRecordsOutput, error) {
	g, err := a.e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: in.ShardIterator, Limit: sentInt(in.Limit), StreamARN: in.StreamARN, DryRun: in.DryRun})
	if err != nil {
		return nil, err
	}
	out := &getRecordsOutput{
		Records:            make([]wireRecord, len(g.Records)),
		NextShardIterator:  g.NextShardIterator,
		MillisBehindLatest: g.MillisBehindLatest,
		ChildShards:        toChildShards(g.ChildShards),
	}
	for i := range g.Records {
		r := &g.Records[i]
		out.Records[i] = wireRecord{
			SequenceNumber:              r.SequenceNumber.String(),
			ApproximateArrivalTimestamp: wire.At(r.ApproximateArrivalTimestamp),
			Data:                        r.Data,
			PartitionKey:                r.PartitionKey,
			EncryptionType:              r.EncryptionType,
		}
	}
	return out, nil
}
