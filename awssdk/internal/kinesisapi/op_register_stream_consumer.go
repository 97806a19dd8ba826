package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type registerStreamConsumerInput struct {
	StreamARN    string            `json:"StreamARN"`
	ConsumerName string            `json:"ConsumerName"`
	Tags         map[string]string `json:"Tags"`
}

type registerStreamConsumerOutput struct {
	Consumer consumer `json:"Consumer"`
}

// consumer is the model's Consumer (RegisterStreamConsumer, ListStreamConsumers): every member is required, the
// creation timestamp in the protocol's timestamp encoding.
type consumer struct {
	ConsumerName              string                `json:"ConsumerName"`
	ConsumerARN               string                `json:"ConsumerARN"`
	ConsumerStatus            stream.ConsumerStatus `json:"ConsumerStatus"`
	ConsumerCreationTimestamp wire.Timestamp        `json:"ConsumerCreationTimestamp"`
}

func toConsumer(c stream.Consumer) consumer {
	return consumer{
		ConsumerName:              c.ConsumerName,
		ConsumerARN:               c.ConsumerARN,
		ConsumerStatus:            c.ConsumerStatus,
		ConsumerCreationTimestamp: wire.At(c.ConsumerCreationTimestamp),
	}
}

func (a api) registerStreamConsumer(ctx context.Context, in *registerStreamConsumerInput) (*registerStreamConsumerOutput, error) {
	c, err := a.e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: in.StreamARN, ConsumerName: in.ConsumerName, Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &registerStreamConsumerOutput{Consumer: toConsumer(c)}, nil
}
