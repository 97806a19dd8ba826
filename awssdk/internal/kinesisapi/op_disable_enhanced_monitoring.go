package kinesisapi

import "context"

func (a api) disableEnhancedMonitoring(ctx context.Context, in *enhancedMonitoringInput) (*enhancedMonitoringOutput, error) {
	return toEnhancedMonitoringOutput(a.e.DisableEnhancedMonitoring(ctx, in.engine()))
}
