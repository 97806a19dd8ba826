package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type enhancedMonitoringInput struct {
	ref
	ShardLevelMetrics []stream.MetricsName `json:"ShardLevelMetrics"`
}

type enhancedMonitoringOutput struct {
	StreamName               string               `json:"StreamName,omitempty"`
	StreamARN                string               `json:"StreamARN,omitempty"`
	CurrentShardLevelMetrics []stream.MetricsName `json:"CurrentShardLevelMetrics"`
	DesiredShardLevelMetrics []stream.MetricsName `json:"DesiredShardLevelMetrics"`
}

func (in *enhancedMonitoringInput) engine() stream.EnhancedMonitoringInput {
	return stream.EnhancedMonitoringInput{StreamRef: in.stream(), ShardLevelMetrics: in.ShardLevelMetrics}
}

func toEnhancedMonitoringOutput(o stream.EnhancedMonitoringOutput, err error) (*enhancedMonitoringOutput, error) {
	if err != nil {
		return nil, err
	}
	out := &enhancedMonitoringOutput{StreamName: o.StreamName, StreamARN: o.StreamARN,
		CurrentShardLevelMetrics: o.CurrentShardLevelMetrics, DesiredShardLevelMetrics: o.DesiredShardLevelMetrics}
	if out.CurrentShardLevelMetrics == nil {
		out.CurrentShardLevelMetrics = []stream.MetricsName{}
	}
	if out.DesiredShardLevelMetrics == nil {
		out.DesiredShardLevelMetrics = []stream.MetricsName{}
	}
	return out, nil
}

func (a api) enableEnhancedMonitoring(ctx context.Context, in *enhancedMonitoringInput) (*enhancedMonitoringOutput, error) {
	return toEnhancedMonitoringOutput(a.e.EnableEnhancedMonitoring(ctx, in.engine()))
}
