package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type listDeliveryStreamsInput struct {
	DeliveryStreamType               string `json:"DeliveryStreamType"`
	ExclusiveStartDeliveryStreamName string `json:"ExclusiveStartDeliveryStreamName"`
	Limit                            *int   `json:"Limit"`
}

type listDeliveryStreamsOutput struct {
	DeliveryStreamNames    []string `json:"DeliveryStreamNames"`
	HasMoreDeliveryStreams bool     `json:"HasMoreDeliveryStreams"`
}

func (a api) listDeliveryStreams(ctx context.Context, in *listDeliveryStreamsInput) (*listDeliveryStreamsOutput, error) {
	out, err := a.e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{
		DeliveryStreamType:               firehose.DeliveryStreamType(in.DeliveryStreamType),
		ExclusiveStartDeliveryStreamName: in.ExclusiveStartDeliveryStreamName,
		Limit:                            intOr(in.Limit),
	})
	if err != nil {
		return nil, err
	}
	names := out.DeliveryStreamNames
	if names == nil {
		names = []string{}
	}
	return &listDeliveryStreamsOutput{DeliveryStreamNames: names, HasMoreDeliveryStreams: out.HasMoreDeliveryStreams}, nil
}

// intOr returns *p, or 0 (the engine's "not given") when p is nil.
func intOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
