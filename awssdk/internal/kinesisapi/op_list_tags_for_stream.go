package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type listTagsForStreamInput struct {
	ref
	ExclusiveStartTagKey string `json:"ExclusiveStartTagKey"`
	Limit                *int   `json:"Limit"`
}

type listTagsForStreamOutput struct {
	Tags        []tag `json:"Tags"`
	HasMoreTags bool  `json:"HasMoreTags"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value,omitempty"`
}

func toTags(in []stream.Tag) []tag {
	out := make([]tag, len(in))
	for i, t := range in {
		out[i] = tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func (a api) listTagsForStream(ctx context.Context, in *listTagsForStreamInput) (*listTagsForStreamOutput, error) {
	l, err := a.e.ListTagsForStream(ctx, stream.ListTagsForStreamInput{StreamRef: in.stream(), ExclusiveStartTagKey: in.ExclusiveStartTagKey, Limit: sentInt(in.Limit)})
	if err != nil {
		return nil, err
	}
	return &listTagsForStreamOutput{Tags: toTags(l.Tags), HasMoreTags: l.HasMoreTags}, nil
}
