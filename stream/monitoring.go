package stream

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
)

// Enhanced monitoring. EnableEnhancedMonitoring and DisableEnhancedMonitoring choose which shard-level metrics a
// stream publishes; kinesim counts every metric of every shard whatever is enabled ([Engine.Metrics]), so the
// setting changes only what DescribeStream and DescribeStreamSummary report. The stream is UPDATING for the
// engine's update delay while the change applies, as for the other updates of a stream ([WithStatusDelays]): the
// API reference does not say so, but the output's Current and Desired metrics describe a change in progress, the
// operations fail with ResourceInUseException on a stream that is not ACTIVE, and clients wait for the stream to
// be ACTIVE again afterwards (Terraform's AWS provider, internal/service/kinesis/stream.go, waits for the stream
// update after EnableEnhancedMonitoring).

// MetricsName is a shard-level metric of enhanced monitoring.
type MetricsName string

// Shard-level metrics, as the Kinesis API names them (API model shapes.MetricsName). MetricsNameAll stands for
// the seven others.
const (
	MetricsNameIncomingBytes                      MetricsName = "IncomingBytes"
	MetricsNameIncomingRecords                    MetricsName = "IncomingRecords"
	MetricsNameOutgoingBytes                      MetricsName = "OutgoingBytes"
	MetricsNameOutgoingRecords                    MetricsName = "OutgoingRecords"
	MetricsNameWriteProvisionedThroughputExceeded MetricsName = "WriteProvisionedThroughputExceeded"
	MetricsNameReadProvisionedThroughputExceeded  MetricsName = "ReadProvisionedThroughputExceeded"
	MetricsNameIteratorAgeMilliseconds            MetricsName = "IteratorAgeMilliseconds"
	MetricsNameAll                                MetricsName = "ALL"
)

// MaxShardLevelMetrics is the most entries a ShardLevelMetrics list takes (API model shapes.MetricsNameList: 1–7).
const MaxShardLevelMetrics = 7

// shardLevelMetrics are the seven metrics in the order of the API model, which is the order kinesim reports them in.
var shardLevelMetrics = [...]MetricsName{
	MetricsNameIncomingBytes, MetricsNameIncomingRecords, MetricsNameOutgoingBytes, MetricsNameOutgoingRecords,
	MetricsNameWriteProvisionedThroughputExceeded, MetricsNameReadProvisionedThroughputExceeded,
	MetricsNameIteratorAgeMilliseconds,
}

// EnhancedMetrics is one element of a stream description's EnhancedMonitoring.
type EnhancedMetrics struct {
	ShardLevelMetrics []MetricsName
}

// EnhancedMonitoringInput is the input of [Engine.EnableEnhancedMonitoring] and [Engine.DisableEnhancedMonitoring].
type EnhancedMonitoringInput struct {
	StreamRef
	// ShardLevelMetrics are 1–7 metrics to enable or disable; ALL stands for every metric. Repeats are allowed.
	ShardLevelMetrics []MetricsName
}

// EnhancedMonitoringOutput is the output of [Engine.EnableEnhancedMonitoring] and [Engine.DisableEnhancedMonitoring].
type EnhancedMonitoringOutput struct {
	StreamName string
	StreamARN  string
	// CurrentShardLevelMetrics are the metrics enabled before the call; DesiredShardLevelMetrics those enabled
	// once it has applied. Both list the metrics one by one (ALL expanded), in the API model's order.
	CurrentShardLevelMetrics []MetricsName
	DesiredShardLevelMetrics []MetricsName
}

// metricSet is a set of shard-level metrics, one bit per element of shardLevelMetrics. It is guarded by the
// stream's lock.
type metricSet uint8

const allMetrics metricSet = 1<<len(shardLevelMetrics) - 1

// names lists the set's metrics in the API model's order; an empty set gives an empty, non-nil slice.
func (m metricSet) names() []MetricsName {
	out := make([]MetricsName, 0, len(shardLevelMetrics))
	for i, n := range shardLevelMetrics {
		if m&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// described is the set as a stream description reports it: always one element.
func (m metricSet) described() []EnhancedMetrics {
	return []EnhancedMetrics{{ShardLevelMetrics: m.names()}}
}

// EnableEnhancedMonitoring enables shard-level metrics of a stream, adding them to those already enabled; ALL
// enables the seven. The stream is UPDATING for the engine's update delay (see [WithStatusDelays]), then ACTIVE
// with the metrics enabled (at once with no delay). The metrics themselves are always kept ([Engine.Metrics]).
//
// Errors: Validation (0 or more than 7 metrics, an unknown metric), ResourceInUse (the stream is not ACTIVE),
// ResourceNotFound, InvalidArgument (a bad StreamARN).
func (e *Engine) EnableEnhancedMonitoring(ctx context.Context, in EnhancedMonitoringInput) (EnhancedMonitoringOutput, error) {
	if _, err := begin(e, ctx, OpEnableEnhancedMonitoring, &in); err != nil {
		return EnhancedMonitoringOutput{}, err
	}
	return e.changeMonitoring(in, true)
}

// DisableEnhancedMonitoring disables shard-level metrics of a stream; ALL disables every metric, and metrics that
// are not enabled are ignored. Timing and errors are as for [Engine.EnableEnhancedMonitoring].
func (e *Engine) DisableEnhancedMonitoring(ctx context.Context, in EnhancedMonitoringInput) (EnhancedMonitoringOutput, error) {
	if _, err := begin(e, ctx, OpDisableEnhancedMonitoring, &in); err != nil {
		return EnhancedMonitoringOutput{}, err
	}
	return e.changeMonitoring(in, false)
}

func (e *Engine) changeMonitoring(in EnhancedMonitoringInput, enable bool) (EnhancedMonitoringOutput, error) {
	asked, err := checkMetrics(in.ShardLevelMetrics)
	if err != nil {
		return EnhancedMonitoringOutput{}, err
	}
	var out EnhancedMonitoringOutput
	err = e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		if !s.state.Is(status.Active) {
			return e.notActive(s.name, s.streamStatus())
		}
		cur := s.monitoring
		want := cur | asked
		if !enable {
			want = cur &^ asked
		}
		c := change{set: func(s *dataStream, _ time.Time) { s.monitoring = want }}
		if err := s.schedule(now, c); err != nil {
			return err
		}
		out = EnhancedMonitoringOutput{StreamName: s.name, StreamARN: s.arn, CurrentShardLevelMetrics: cur.names(), DesiredShardLevelMetrics: want.names()}
		return nil
	})
	if err != nil {
		return EnhancedMonitoringOutput{}, err
	}
	return out, nil
}

// checkMetrics validates a ShardLevelMetrics list (1–7 known names) and returns the set it names.
func checkMetrics(list []MetricsName) (metricSet, error) {
	var v validate.Violations
	rendered := func() string { // as AWS's Java services print a list
		parts := make([]string, len(list))
		for i, m := range list {
			parts[i] = string(m)
		}
		return validate.Quote("[" + strings.Join(parts, ", ") + "]")
	}
	switch {
	case len(list) == 0:
		v.Add(rendered(), "shardLevelMetrics", validate.LengthAtLeast+"1")
	case len(list) > MaxShardLevelMetrics:
		v.Add(rendered(), "shardLevelMetrics", validate.LengthAtMost+strconv.Itoa(MaxShardLevelMetrics))
	}
	var set metricSet
	known := true
	for _, m := range list {
		bit, ok := metricBit(m)
		known = known && ok
		set |= bit
	}
	if !known {
		names := make([]string, 0, len(shardLevelMetrics)+1)
		for _, n := range shardLevelMetrics {
			names = append(names, string(n))
		}
		names = append(names, string(MetricsNameAll))
		v.Add(rendered(), "shardLevelMetrics", "Member must satisfy constraint: ["+validate.EnumPrefix+"["+strings.Join(names, ", ")+"]]")
	}
	return set, v.Err()
}

// metricBit returns the set a metric name stands for (every metric for ALL).
func metricBit(m MetricsName) (metricSet, bool) {
	if m == MetricsNameAll {
		return allMetrics, true
	}
	for i, n := range shardLevelMetrics {
		if m == n {
			return 1 << i, true
		}
	}
	return 0, false
}
