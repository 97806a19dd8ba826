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
		Limit:                            sentLimit(in.Limit),
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

// sentLimit is a Limit member for the engine: 0 (its "not given") when p is nil, firehose.ExplicitZero when the
// request sent a 0, which the engine refuses as below the minimum of 1, as AWS does.
func sentLimit(p *int) int {
	switch {
	case p == nil:
		return 0
	case *p == 0:
		return firehose.ExplicitZero
	}
	return *p
}
