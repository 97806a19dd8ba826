package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type record struct {
	Data []byte `json:"Data"`
}

type putRecordInput struct {
	DeliveryStreamName string `json:"DeliveryStreamName"`
	Record             record `json:"Record"`
}

type putRecordOutput struct {
	RecordId  string `json:"RecordId"`
	Encrypted bool   `json:"Encrypted"`
}

func (a api) putRecord(ctx context.Context, in *putRecordInput) (*putRecordOutput, error) {
	out, err := a.e.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: in.DeliveryStreamName, Record: firehose.Record{Data: in.Record.Data}})
	if err != nil {
		return nil, err
	}
	return &putRecordOutput{RecordId: out.RecordId, Encrypted: out.Encrypted}, nil
}
