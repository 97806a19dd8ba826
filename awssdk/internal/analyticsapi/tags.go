package analyticsapi

import (
	"context"

	"github.com/kinesim/kinesim/analytics"
)

type tagResourceInput struct {
	ResourceARN string          `json:"ResourceARN"`
	Tags        []analytics.Tag `json:"Tags"`
}

func (a api) tagResource(ctx context.Context, in *tagResourceInput) (*struct{}, error) {
	return nil, a.e.TagResource(ctx, analytics.TagResourceInput{ResourceARN: in.ResourceARN, Tags: in.Tags})
}

type untagResourceInput struct {
	ResourceARN string   `json:"ResourceARN"`
	TagKeys     []string `json:"TagKeys"`
}

func (a api) untagResource(ctx context.Context, in *untagResourceInput) (*struct{}, error) {
	return nil, a.e.UntagResource(ctx, analytics.UntagResourceInput{ResourceARN: in.ResourceARN, TagKeys: in.TagKeys})
}

type listTagsOutput struct {
	Tags []analytics.Tag `json:"Tags"`
}

func (a api) listTagsForResource(ctx context.Context, in *analytics.ListTagsForResourceInput) (*listTagsOutput, error) {
	tags, err := a.e.ListTagsForResource(ctx, *in)
	if err != nil {
		return nil, err
	}
	return &listTagsOutput{Tags: tags}, nil
}
