package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/internal/meter"
)

// Shard-level metrics, named as Kinesis enhanced monitoring names them. Every shard counts them in one-minute
// buckets of the engine's clock, always (it costs a few additions per call, under the shard's lock); the last
// [MetricsWindow] are kept. They are read per shard or per stream over any span with [Engine.Metrics].

// Datapoint is the value of every shard-level metric over one period.
type Datapoint struct {
	// Timestamp is the start of the period.
	Timestamp time.Time
	// IncomingBytes and IncomingRecords count what puts wrote (data plus partition keys for bytes).
	IncomingBytes, IncomingRecords int64
	// OutgoingBytes and OutgoingRecords count what GetRecords returned.
	OutgoingBytes, OutgoingRecords int64
	// WriteProvisionedThroughputExceeded counts records refused by write throttling.
	WriteProvisionedThroughputExceeded int64
	// ReadProvisionedThroughputExceeded counts GetRecords calls refused by read throttling.
	ReadProvisionedThroughputExceeded int64
	// IteratorAgeMilliseconds is the largest age, at the time of the call, of the last record a GetRecords call
	// returned (0 for a call that returned nothing).
	IteratorAgeMilliseconds int64
}

func (d *Datapoint) add(o *Datapoint) {
	d.IncomingBytes += o.IncomingBytes
	d.IncomingRecords += o.IncomingRecords
	d.OutgoingBytes += o.OutgoingBytes
	d.OutgoingRecords += o.OutgoingRecords
	d.WriteProvisionedThroughputExceeded += o.WriteProvisionedThroughputExceeded
	d.ReadProvisionedThroughputExceeded += o.ReadProvisionedThroughputExceeded
	d.IteratorAgeMilliseconds = max(d.IteratorAgeMilliseconds, o.IteratorAgeMilliseconds)
}

// MetricsWindow is how far back metrics are kept.
const MetricsWindow = meter.Retention

// MaxMetricsDatapoints is the most datapoints one [Engine.Metrics] call may ask for, as for CloudWatch's
// GetMetricStatistics: "The maximum number of data points returned from a single call is 1,440. If you request
// more than 1,440 data points, CloudWatch returns an error." (CloudWatch API Reference, GetMetricStatistics).
const MaxMetricsDatapoints = meter.MaxDatapoints

// MetricsInput is the input of [Engine.Metrics].
type MetricsInput struct {
	StreamRef
	// ShardId selects one shard; "" sums the stream's shards (IteratorAgeMilliseconds: their maximum).
	ShardId string
	// Start and End bound the span, rounded down to whole minutes; the zero End means now.
	Start, End time.Time
	// Period is the length of each datapoint, a whole number of minutes; 0 means one minute.
	Period time.Duration
}

// Metrics returns a shard's or a stream's metrics over a span, one datapoint per period (a kinesim extension
// modelled on CloudWatch's enhanced shard-level monitoring and its GetMetricStatistics). A call may ask for at
// most [MaxMetricsDatapoints] periods, counted from Start's minute to End's, both included, as CloudWatch counts
// them: a day of one-minute datapoints is Start = End − 23h59m. Only the last 24 hours are kept: the span is
// clamped to them (and to now), so a call returns only the datapoints of minutes still kept; periods stay
// aligned to Start. Shards that have expired no longer count.
//
// Errors: InvalidArgument (no Start, Start after End, a period that is not a whole number of minutes),
// InvalidParameterCombination (more than 1,440 datapoints asked for, with CloudWatch's message),
// ResourceNotFound (stream or shard).
func (e *Engine) Metrics(ctx context.Context, in MetricsInput) ([]Datapoint, error) {
	if err := e.enter(ctx); err != nil {
		return nil, err
	}
	now := e.clk.Now()
	span, err := meter.Query(now, in.Start, in.End, in.Period, meter.RetentionMinutes)
	if err != nil {
		return nil, err
	}
	s, err := e.resolve(in.StreamRef, false)
	if err != nil {
		return nil, err
	}
	out := make([]Datapoint, span.Len())
	for i := range out {
		out[i].Timestamp = span.Start(i)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	shards := s.shards
	if in.ShardId != "" {
		sh, err := s.shard(in.ShardId)
		if err != nil {
			return nil, err
		}
		shards = []*shardState{sh}
	}
	for _, sh := range shards {
		sh.mu.Lock()
		sh.meter.Sum(span, now, out, (*Datapoint).add)
		sh.mu.Unlock()
	}
	return out, nil
}
