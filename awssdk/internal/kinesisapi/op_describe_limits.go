package kinesisapi

import "context"

type describeLimitsOutput struct {
	ShardLimit               int `json:"ShardLimit"`
	OpenShardCount           int `json:"OpenShardCount"`
	OnDemandStreamCount      int `json:"OnDemandStreamCount"`
	OnDemandStreamCountLimit int `json:"OnDemandStreamCountLimit"`
	ChannelCount             int `json:"ChannelCount"`
	ChannelCountLimit        int `json:"ChannelCountLimit"`
}

func (a api) describeLimits(ctx context.Context, _ *struct{}) (*describeLimitsOutput, error) {
	l, err := a.e.DescribeLimits(ctx)
	if err != nil {
		return nil, err
	}
	return &describeLimitsOutput{ShardLimit: l.ShardLimit, OpenShardCount: l.OpenShardCount,
		OnDemandStreamCount: l.OnDemandStreamCount, OnDemandStreamCountLimit: l.OnDemandStreamCountLimit,
		ChannelCount: l.ChannelCount, ChannelCountLimit: l.ChannelCountLimit}, nil
}
