package firehose

import (
	"sync"
	"time"
)

// Metrics are a delivery stream's counters since it was created, named after the AWS/Firehose CloudWatch metrics
// (Developer Guide, "Monitor with CloudWatch metrics"), as totals instead of per-minute datapoints.
type Metrics struct {
	// IncomingRecords and IncomingBytes count what PutRecord and PutRecordBatch took (after throttling).
	IncomingRecords, IncomingBytes int64
	// ThrottledRecords counts the records refused by the Direct PUT quotas.
	ThrottledRecords int64
	// DeliveryToS3Records and DeliveryToS3Bytes count what reached S3 under the data prefix (Bytes as stored,
	// after compression); DeliveryToS3ObjectCount counts the objects.
	DeliveryToS3Records, DeliveryToS3Bytes, DeliveryToS3ObjectCount int64
	// DeliveryToS3Success is successful PutObject calls over all PutObject calls (1 when there was none).
	DeliveryToS3Success float64
	// DeliveryToS3DataFreshness is the age of the oldest record not yet delivered, at the time of the call (0 when
	// none is waiting).
	DeliveryToS3DataFreshness time.Duration
	// TimedOutAttempts counts PutObject attempts abandoned after the attempt timeout: each may have been written
	// anyway, so it counts possible duplicates (a kinesim metric).
	TimedOutAttempts int64
	// ErrorOutputRecords counts records written under the error output prefix (a kinesim metric).
	ErrorOutputRecords int64
}

// metrics is a delivery stream's counters; it has its own lock, taken with or without deliveryStream.mu.
type metrics struct {
	mu                           sync.Mutex
	inRecords, inBytes, throttle int64
	records, bytes, objects      int64
	puts, failedPuts, timeouts   int64
	errored                      int64
}

func (m *metrics) incoming(records, bytes, throttled int) {
	m.mu.Lock()
	m.inRecords += int64(records)
	m.inBytes += int64(bytes)
	m.throttle += int64(throttled)
	m.mu.Unlock()
}

func (m *metrics) delivered(_ time.Time, j *job, size, attempts int, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.puts++ // the successful one; failed ones were counted by failedAttempt
	if !ok {
		m.puts--
		return
	}
	m.records += int64(j.batch.Len())
	m.bytes += int64(size)
	m.objects++
}

func (m *metrics) failedAttempt() {
	m.mu.Lock()
	m.puts++
	m.failedPuts++
	m.mu.Unlock()
}

func (m *metrics) timedOut() {
	m.mu.Lock()
	m.timeouts++
	m.mu.Unlock()
}

func (m *metrics) erroredOut(n int) {
	m.mu.Lock()
	m.errored += int64(n)
	m.mu.Unlock()
}

// Metrics returns the delivery stream's counters.
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
	m := &s.m
	m.mu.Lock()
	defer m.mu.Unlock()
	out := Metrics{
		IncomingRecords: m.inRecords, IncomingBytes: m.inBytes, ThrottledRecords: m.throttle,
		DeliveryToS3Records: m.records, DeliveryToS3Bytes: m.bytes, DeliveryToS3ObjectCount: m.objects,
		DeliveryToS3Success: 1, TimedOutAttempts: m.timeouts, ErrorOutputRecords: m.errored,
	}
	if m.puts > 0 {
		out.DeliveryToS3Success = float64(m.puts-m.failedPuts) / float64(m.puts)
	}
	if !oldest.IsZero() {
		out.DeliveryToS3DataFreshness = max(now.Sub(oldest), 0)
	}
	return out, nil
}
