package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

// consumerRef is the input of DescribeStreamConsumer and DeregisterStreamConsumer: a ConsumerARN, or a StreamARN
// and a ConsumerName.
type consumerRef struct {
	StreamARN    string `json:"StreamARN"`
	ConsumerName string `json:"ConsumerName"`
	ConsumerARN  string `json:"ConsumerARN"`
}

func (r *consumerRef) ref() stream.ConsumerRef {
	return stream.ConsumerRef{StreamARN: r.StreamARN, ConsumerName: r.ConsumerName, ConsumerARN: r.ConsumerARN}
}

type describeStreamConsumerOutput struct {
	ConsumerDescription consumerDescription `json:"ConsumerDescription"`
}

// consumerDescription is the model's ConsumerDescription: a Consumer and its StreamARN, every member required.
type consumerDescription struct {
	ConsumerName              string                `json:"ConsumerName"`
	ConsumerARN               string                `json:"ConsumerARN"`
	ConsumerStatus            stream.ConsumerStatus `json:"ConsumerStatus"`
	ConsumerCreationTimestamp wire.Timestamp        `json:"ConsumerCreationTimestamp"`
	StreamARN                 string                `json:"StreamARN"`
}

func (a api) describeStreamConsumer(ctx context.Context, in *consumerRef) (*describeStreamConsumerOutput, error) {
	d, err := a.e.DescribeStreamConsumer(ctx, in.ref())
	if err != nil {
		return nil, err
	}
	return &describeStreamConsumerOutput{ConsumerDescription: consumerDescription{
		ConsumerName:              d.ConsumerName,
		ConsumerARN:               d.ConsumerARN,
		ConsumerStatus:            d.ConsumerStatus,
		ConsumerCreationTimestamp: wire.At(d.ConsumerCreationTimestamp),
		StreamARN:                 d.StreamARN,
	}}, nil
}
