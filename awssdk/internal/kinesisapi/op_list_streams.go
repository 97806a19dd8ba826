package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type listStreamsInput struct {
	Limit                    *int   `json:"Limit"`
	ExclusiveStartStreamName string `json:"ExclusiveStartStreamName"`
	NextToken                string `json:"NextToken"`
}

type listStreamsOutput struct {
	StreamNames     []string         `json:"StreamNames"`
	HasMoreStreams  bool             `json:"HasMoreStreams"`
	NextToken       string           `json:"NextToken,omitempty"`
	StreamSummaries []streamListItem `json:"StreamSummaries"`
}

type streamListItem struct {
	StreamName              string              `json:"StreamName"`
	StreamARN               string              `json:"StreamARN"`
	StreamStatus            stream.StreamStatus `json:"StreamStatus"`
	StreamModeDetails       streamModeDetails   `json:"StreamModeDetails"`
	StreamCreationTimestamp wire.Timestamp      `json:"StreamCreationTimestamp"`
}

func (a api) listStreams(ctx context.Context, in *listStreamsInput) (*listStreamsOutput, error) {
	l, err := a.e.ListStreams(ctx, stream.ListStreamsInput{Limit: sentInt(in.Limit), ExclusiveStartStreamName: in.ExclusiveStartStreamName, NextToken: in.NextToken})
	if err != nil {
		return nil, err
	}
	out := &listStreamsOutput{
		StreamNames:     l.StreamNames,
		HasMoreStreams:  l.HasMoreStreams,
		NextToken:       l.NextToken,
		StreamSummaries: make([]streamListItem, len(l.StreamSummaries)),
	}
	if out.StreamNames == nil {
		out.StreamNames = []string{}
	}
	for i, s := range l.StreamSummaries {
		out.StreamSummaries[i] = streamListItem{
			StreamName:              s.StreamName,
			StreamARN:               s.StreamARN,
			StreamStatus:            s.StreamStatus,
			StreamModeDetails:       streamModeDetails{s.StreamMode},
			StreamCreationTimestamp: wire.At(s.StreamCreationTimestamp),
		}
	}
	return out, nil
}
