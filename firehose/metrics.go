package firehose

import (
	"context"
	"sync"
	"time"

	"github.com/kinesim/kinesim/internal/meter"
)

// Delivery metrics, named after the AWS/Firehose CloudWatch metrics (Developer Guide, "Monitor with CloudWatch
// metrics"): every delivery stream counts them in one-minute buckets of the engine's clock, for the last
// [MetricsWindow], and as totals since it was created ([Engine.Metrics]).

// MetricsWindow is how far back per-minute metrics are kept.
const MetricsWindow = meter.Retention

// MaxMetricsDatapoints is the most datapoints one [Engine.MetricStatistics] call may ask for, as for CloudWatch's
// GetMetricStatistics.
const MaxMetricsDatapoints = meter.MaxDatapoints

// Datapoint is the value of every delivery metric over one period.
type Datapoint struct {
	// Timestamp is the start of the period.
	Timestamp time.Time
	// IncomingRecords and IncomingBytes count what PutRecord and PutRecordBatch took (after throttling).
	IncomingRecords, IncomingBytes int64
	// ThrottledRecords counts the records refused by the Direct PUT quotas.
	ThrottledRecords int64
	// DeliveryToS3Records and DeliveryToS3Bytes count what reached S3 under the data prefix (bytes as stored,
	// after compression); DeliveryToS3ObjectCount counts the objects.
	DeliveryToS3Records, DeliveryToS3Bytes, DeliveryToS3ObjectCount int64
	// DeliveryToS3Puts and DeliveryToS3SuccessfulPuts count the PutObject calls; DeliveryToS3.Success is their
	// ratio ([Datapoint.DeliveryToS3Success]).
	DeliveryToS3Puts, DeliveryToS3SuccessfulPuts int64
	// DeliveryToS3DataFreshness is the largest age, at delivery, of the oldest record of an object delivered in
	// the period.
	DeliveryToS3DataFreshness time.Duration
	// TimedOutAttempts counts PutObject attempts abandoned after the attempt timeout: each may have been written
	// anyway, so it counts possible duplicates (a kinesim metric).
	TimedOutAttempts int64
	// ErrorOutputRecords counts records written under the error output prefix (a kinesim metric).
	ErrorOutputRecords int64
	// DroppedRecords counts records the transformation returned Dropped (a kinesim metric; Firehose counts them as
	// processed).
	DroppedRecords int64
	// The other destinations' metrics, DeliveryToHttpEndpoint.*, DeliveryToRedshift.*,
	// DeliveryToAmazonOpenSearchService.*, DeliveryToSplunk.* and DeliveryToElasticsearch.* (a Redshift
	// destination also counts its intermediate objects in DeliveryToS3*).
	DeliveryToHttpEndpoint, DeliveryToRedshift, DeliveryToAmazonOpenSearchService, DeliveryToSplunk DestinationDatapoint
	DeliveryToElasticsearch                                                                         DestinationDatapoint
}

// DestinationDatapoint is one destination's delivery metrics over a period (DeliveryTo<Destination>.Records,
// .Bytes, .Success and .DataFreshness in the AWS/Firehose namespace).
type DestinationDatapoint struct {
	// Records and Bytes count what the destination accepted (bytes as sent, before any content encoding).
	Records, Bytes int64
	// Requests and SuccessfulRequests count the delivery attempts (HTTP requests, COPY commands, bulk requests,
	// HEC requests); Success is their ratio ([DestinationDatapoint.Success]).
	Requests, SuccessfulRequests int64
	// DataFreshness is the largest age, at delivery, of the oldest record of a batch delivered in the period.
	DataFreshness time.Duration
}

// Success returns successful requests over all requests, 1 when there was none.
func (d *DestinationDatapoint) Success() float64 {
	if d.Requests == 0 {
		return 1
	}
	return float64(d.SuccessfulRequests) / float64(d.Requests)
}

func (d *DestinationDatapoint) add(o *DestinationDatapoint) {
	d.Records += o.Records
	d.Bytes += o.Bytes
	d.Requests += o.Requests
	d.SuccessfulRequests += o.SuccessfulRequests
	d.DataFreshness = max(d.DataFreshness, o.DataFreshness)
}

// of returns the datapoint of a destination kind (nil for S3, whose fields are the Datapoint's own).
func (d *Datapoint) of(k destKind) *DestinationDatapoint {
	switch k {
	case kindHTTPEndpoint:
		return &d.DeliveryToHttpEndpoint
	case kindRedshift:
		return &d.DeliveryToRedshift
	case kindOpenSearch:
		return &d.DeliveryToAmazonOpenSearchService
	case kindSplunk:
		return &d.DeliveryToSplunk
	case kindElasticsearch:
		return &d.DeliveryToElasticsearch
	}
	return nil
}

// DeliveryToS3Success returns successful PutObject calls over all PutObject calls, 1 when there was none.
func (d *Datapoint) DeliveryToS3Success() float64 {
	if d.DeliveryToS3Puts == 0 {
		return 1
	}
	return float64(d.DeliveryToS3SuccessfulPuts) / float64(d.DeliveryToS3Puts)
}

func (d *Datapoint) add(o *Datapoint) {
	d.IncomingRecords += o.IncomingRecords
	d.IncomingBytes += o.IncomingBytes
	d.ThrottledRecords += o.ThrottledRecords
	d.DeliveryToS3Records += o.DeliveryToS3Records
	d.DeliveryToS3Bytes += o.DeliveryToS3Bytes
	d.DeliveryToS3ObjectCount += o.DeliveryToS3ObjectCount
	d.DeliveryToS3Puts += o.DeliveryToS3Puts
	d.DeliveryToS3SuccessfulPuts += o.DeliveryToS3SuccessfulPuts
	d.DeliveryToS3DataFreshness = max(d.DeliveryToS3DataFreshness, o.DeliveryToS3DataFreshness)
	d.TimedOutAttempts += o.TimedOutAttempts
	d.ErrorOutputRecords += o.ErrorOutputRecords
	d.DroppedRecords += o.DroppedRecords
	d.DeliveryToHttpEndpoint.add(&o.DeliveryToHttpEndpoint)
	d.DeliveryToRedshift.add(&o.DeliveryToRedshift)
	d.DeliveryToAmazonOpenSearchService.add(&o.DeliveryToAmazonOpenSearchService)
	d.DeliveryToSplunk.add(&o.DeliveryToSplunk)
	d.DeliveryToElasticsearch.add(&o.DeliveryToElasticsearch)
}

// Metrics are a delivery stream's totals since it was created ([Engine.Metrics]).
type Metrics struct {
	Datapoint
	// DeliveryToS3Success is successful PutObject calls over all PutObject calls (1 when there was none).
	DeliveryToS3Success float64
	// DeliveryToS3DataFreshness is the age of the oldest record not yet delivered, at the time of the call (0 when
	// none is waiting); it hides the Datapoint's field of the same name.
	DeliveryToS3DataFreshness time.Duration
}

// metrics is a delivery stream's counters; it has its own lock, taken with or without deliveryStream.mu.
type metrics struct {
	mu     sync.Mutex
	total  Datapoint
	minute meter.Meter[Datapoint]
}

// count applies f to the totals and to now's minute.
func (m *metrics) count(now time.Time, f func(d *Datapoint)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.minute.Window == 0 {
		m.minute.Window = meter.RetentionMinutes
	}
	f(&m.total)
	f(m.minute.At(now))
}

func (m *metrics) incoming(now time.Time, records, bytes, throttled int) {
	m.count(now, func(d *Datapoint) {
		d.IncomingRecords += int64(records)
		d.IncomingBytes += int64(bytes)
		d.ThrottledRecords += int64(throttled)
	})
}

func (m *metrics) put(now time.Time, ok bool) {
	m.count(now, func(d *Datapoint) {
		d.DeliveryToS3Puts++
		if ok {
			d.DeliveryToS3SuccessfulPuts++
		}
	})
}

func (m *metrics) delivered(now time.Time, j *job, size int) {
	age := max(now.Sub(j.batch.Oldest), 0)
	m.count(now, func(d *Datapoint) {
		d.DeliveryToS3Records += int64(j.batch.Len())
		d.DeliveryToS3Bytes += int64(size)
		d.DeliveryToS3ObjectCount++
		d.DeliveryToS3DataFreshness = max(d.DeliveryToS3DataFreshness, age)
	})
}

// request counts one delivery attempt to a destination other than S3.
func (m *metrics) request(now time.Time, k destKind, ok bool) {
	m.count(now, func(d *Datapoint) {
		p := d.of(k)
		p.Requests++
		if ok {
			p.SuccessfulRequests++
		}
	})
}

// sent counts records a destination other than S3 accepted.
func (m *metrics) sent(now time.Time, k destKind, records, bytes int, oldest time.Time) {
	age := max(now.Sub(oldest), 0)
	m.count(now, func(d *Datapoint) {
		p := d.of(k)
		p.Records += int64(records)
		p.Bytes += int64(bytes)
		p.DataFreshness = max(p.DataFreshness, age)
	})
}

func (m *metrics) timedOut(now time.Time) {
	m.count(now, func(d *Datapoint) { d.TimedOutAttempts++ })
}

func (m *metrics) dropped(now time.Time, n int) {
	if n > 0 {
		m.count(now, func(d *Datapoint) { d.DroppedRecords += int64(n) })
	}
}

func (m *metrics) erroredOut(now time.Time, n int) {
	m.count(now, func(d *Datapoint) { d.ErrorOutputRecords += int64(n) })
}

// Metrics returns the delivery stream's totals since it was created, and the age of its oldest undelivered
// record.
//
// Errors: ResourceNotFoundException; [ErrClosed].
func (e *Engine) Metrics(name string) (Metrics, error) {
	s, err := e.lookup(name)
	if err != nil {
		return Metrics{}, err
	}
	now := e.clk.Now()
	s.mu.Lock()
	var oldest time.Time
	if t, ok := s.buf.Oldest(); ok {
		oldest = t
	}
	for _, j := range s.queue {
		if oldest.IsZero() || j.batch.Oldest.Before(oldest) {
			oldest = j.batch.Oldest
		}
	}
	s.mu.Unlock()
	s.m.mu.Lock()
	out := Metrics{Datapoint: s.m.total}
	s.m.mu.Unlock()
	out.DeliveryToS3Success = out.Datapoint.DeliveryToS3Success()
	if !oldest.IsZero() {
		out.DeliveryToS3DataFreshness = max(now.Sub(oldest), 0)
	}
	return out, nil
}

// MetricStatisticsInput is the input of [Engine.MetricStatistics].
type MetricStatisticsInput struct {
	DeliveryStreamName string
	// Start and End bound the span, rounded down to whole minutes; the zero End means now.
	Start, End time.Time
	// Period is the length of each datapoint, a whole number of minutes; 0 means one minute.
	Period time.Duration
}

// MetricStatistics returns a delivery stream's metrics over a span, one datapoint per period, as CloudWatch's
// GetMetricStatistics would over the AWS/Firehose namespace (a kinesim extension; the rules of the span are those
// of the Data Streams engine's Metrics: at most 1,440 datapoints, the last 24 hours kept).
//
// Errors: InvalidArgumentException (no Start, Start after End, a period that is not a whole number of minutes);
// InvalidParameterCombination (more than 1,440 datapoints); ResourceNotFoundException; [ErrClosed].
func (e *Engine) MetricStatistics(ctx context.Context, in MetricStatisticsInput) ([]Datapoint, error) {
	if ctx == nil {
		return nil, ErrNilContext
	}
	if err := e.live(ctx); err != nil {
		return nil, err
	}
	now := e.clk.Now()
	span, err := meter.Query(now, in.Start, in.End, in.Period, meter.RetentionMinutes)
	if err != nil {
		return nil, err
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return nil, err
	}
	out := make([]Datapoint, span.Len())
	for i := range out {
		out[i].Timestamp = span.Start(i)
	}
	s.m.mu.Lock()
	s.m.minute.Sum(span, now, out, (*Datapoint).add)
	s.m.mu.Unlock()
	return out, nil
}
