package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/apierr"
)

// Shard-level metrics, named as Kinesis enhanced monitoring names them. Every shard counts them in one-minute
// buckets of the engine's clock, always (it costs a few additions per call, under the shard's lock); the last
// [MetricsWindow] are kept. They are read per shard or per stream over any span with [Engine.Metrics].

// MetricsWindow is how far back metrics are kept.
const MetricsWindow = 24 * time.Hour

const metricsBuckets = int(MetricsWindow / time.Minute)

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

// meter holds one shard's metrics: one bucket per minute that saw activity, oldest first, none older than
// MetricsWindow. Guarded by the shard's lock.
type meter struct {
	buckets []Datapoint
}

func minuteOf(t time.Time) int64 { return t.Unix() / 60 }

// at returns the bucket of now's minute. A now earlier than the newest bucket (calls racing across a minute
// boundary) counts in the newest bucket.
func (m *meter) at(now time.Time) *Datapoint {
	min := minuteOf(now)
	if n := len(m.buckets); n > 0 && minuteOf(m.buckets[n-1].Timestamp) >= min {
		return &m.buckets[n-1]
	}
	drop := 0
	for drop < len(m.buckets) && minuteOf(m.buckets[drop].Timestamp) <= min-int64(metricsBuckets) {
		drop++
	}
	if drop > 0 {
		m.buckets = append(m.buckets[:0], m.buckets[drop:]...)
	}
	m.buckets = append(m.buckets, Datapoint{Timestamp: time.Unix(min*60, 0).UTC()})
	return &m.buckets[len(m.buckets)-1]
}

// sum adds the buckets of minutes [from, to), and not before kept, to per-period datapoints starting at from.
func (m *meter) sum(from, to, kept int64, period int64, out []Datapoint) {
	for i := range m.buckets {
		b := &m.buckets[i]
		min := minuteOf(b.Timestamp)
		if min < from || min >= to || min < kept {
			continue
		}
		out[(min-from)/period].add(b)
	}
}

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

// Metrics returns a shard's or a stream's metrics over a span of the last 24 hours, one datapoint per period (a
// kinesim extension modelled on CloudWatch's enhanced shard-level monitoring). Shards that have expired no longer
// count.
func (e *Engine) Metrics(ctx context.Context, in MetricsInput) ([]Datapoint, error) {
	if err := e.live(ctx); err != nil {
		return nil, err
	}
	period := in.Period
	if period == 0 {
		period = time.Minute
	}
	if period < time.Minute || period%time.Minute != 0 {
		return nil, apierr.InvalidArgument.New("Period must be a whole number of minutes; got %v.", in.Period)
	}
	end := in.End
	if end.IsZero() {
		end = e.clk.Now()
	}
	from, to := minuteOf(in.Start), minuteOf(end)+1
	if in.Start.IsZero() || to <= from {
		return nil, apierr.InvalidArgument.New("Start must be set and before End.")
	}
	s, err := e.resolve(in.StreamRef, false)
	if err != nil {
		return nil, err
	}
	p := int64(period / time.Minute)
	out := make([]Datapoint, (to-from+p-1)/p)
	for i := range out {
		out[i].Timestamp = time.Unix((from+int64(i)*p)*60, 0).UTC()
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
	kept := minuteOf(e.clk.Now()) - int64(metricsBuckets) + 1 // older minutes are no longer kept
	for _, sh := range shards {
		sh.mu.Lock()
		sh.meter.sum(from, to, kept, p, out)
		sh.mu.Unlock()
	}
	return out, nil
}
