package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type listStreamConsumersInput struct {
	StreamARN               string         `json:"StreamARN"`
	NextToken               string         `json:"NextToken"`
	MaxResults              *int           `json:"MaxResults"`
	StreamCreationTimestamp wire.Timestamp `json:"StreamCreationTimestamp"`
}

type listStreamConsumersOutput struct {
	Consumers []consumer `json:"Consumers"`
	NextToken string     `json:"NextToken,omitempty"`
}

func (a api) listStreamConsumers(ctx context.Context, in *listStreamConsumersInput) (*listStreamConsumersOutput, error) {
	l, err := a.e.ListStreamConsumers(ctx, stream.ListStreamConsumersInput{
		StreamARN:               in.StreamARN,
		NextToken:               in.NextToken,
		MaxResults:              sentInt(in.MaxResults),
		StreamCreationTimestamp: in.StreamCreationTimestamp.Time,
	})
	if err != nil {
		return nil, err
	}
	out := &listStreamConsumersOutput{Consumers: make([]consumer, len(l.Consumers)), NextToken: l.NextToken}
	for i, c := range l.Consumers {
		out.Consumers[i] = toConsumer(c)
	}
	return out, nil
}
