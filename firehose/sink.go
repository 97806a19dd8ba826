package firehose

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"github.com/kinesim/kinesim/internal/retry"
)

// destKind is the kind of a delivery stream's destination.
type destKind uint8

const (
	kindS3 destKind = iota
	kindHTTPEndpoint
	kindRedshift
	kindOpenSearch
	kindSplunk
	kindElasticsearch
)

// name is the kind as messages name it.
func (k destKind) name() string {
	return [...]string{"ExtendedS3", "HttpEndpoint", "Redshift", "Amazonopensearchservice", "Splunk", "Elasticsearch"}[k]
}

// sink is one destination kind's delivery: what a batch becomes at the destination. Buffering, processing and the
// error output are shared (deliver.go, pipeline.go); a sink only sends. It is called on the delivery stream's
// goroutine, one batch at a time, and appends to failed the records it could not deliver in the end: they are
// written under the error output of the destination's S3 configuration.
type sink interface {
	deliver(s *deliveryStream, j *job, failed *[]failedRecord)
	// describe fills the kind's member of out (and the S3 description the kind has).
	describe(d *destination, out *DestinationDescription)
}

// s3Sink is the S3 destination: one object per batch.
type s3Sink struct{}

func (s3Sink) deliver(s *deliveryStream, j *job, failed *[]failedRecord) {
	if data := s.s3Body(j, failed); len(data) > 0 {
		s.put(j, data, failed)
	}
}

func (s3Sink) describe(d *destination, out *DestinationDescription) {
	out.ExtendedS3DestinationDescription = d.describeExtendedS3()
	out.S3DestinationDescription = d.describeS3()
}

// retrying makes attempts of try, each with timeout on the engine's clock, until one succeeds or the retry window
// is over, with the backoff of [RetryBackoffStart] doubling to [RetryBackoffMax]. The window counts from the
// first attempt (Redshift, OpenSearch), or (ackWindow: the HTTP endpoint and Splunk rule, "This duration starts
// after the initial attempt … fails. It doesn't include the periods during which Firehose waits for
// acknowledgment") counts only the waits between attempts, so an attempt in flight is always waited for. A window
// of 0 means one attempt. An error that stops retries (a permanent one) ends them at once. Once the engine is
// closing, at most closeAttempts are made. counted sees every attempt's outcome.
func (s *deliveryStream) retrying(window, timeout time.Duration, ackWindow bool, try func(ctx context.Context) error, counted func(now time.Time, ok bool)) (int, error) {
	w := retry.Within(s.e.clk.Now(), window)
	if ackWindow {
		w = retry.Waiting(window)
	}
	return s.e.retry.Do(w, func() error { return s.timed(timeout, try) }, func(now time.Time, err error) bool {
		if counted != nil {
			counted(now, err == nil)
		}
		var p interface{ stopsRetries() bool }
		return err != nil && errors.As(err, &p) && p.stopsRetries()
	})
}

// destErrorDoc is a record in the error output, one JSON document per line, as Firehose writes it (developer
// guide, "Transform source data" for processing-failed records: attemptsMade, arrivalTimestamp, errorCode,
// errorMessage, attemptEndingTimestamp, rawData; "Handle data delivery failures" for the other destinations'
// own fields: esDocumentId, esIndexName, esTypeName for OpenSearch, EventId for Splunk).
type destErrorDoc struct {
	AttemptsMade           int    `json:"attemptsMade"`
	ArrivalTimestamp       int64  `json:"arrivalTimestamp"`
	ErrorCode              string `json:"errorCode"`
	ErrorMessage           string `json:"errorMessage"`
	AttemptEndingTimestamp int64  `json:"attemptEndingTimestamp"`
	RawData                string `json:"rawData"`
	EsDocumentId           string `json:"esDocumentId,omitempty"`
	EsIndexName            string `json:"esIndexName,omitempty"`
	EsTypeName             string `json:"esTypeName,omitempty"`
	EventId                string `json:"EventId,omitempty"`
}

// failed returns the error output record of doc, its raw data and arrival filled in.
func (doc destErrorDoc) failed(errType string, raw []byte, arrival, now time.Time) failedRecord {
	doc.ArrivalTimestamp, doc.AttemptEndingTimestamp = arrival.UnixMilli(), now.UnixMilli()
	doc.RawData = base64.StdEncoding.EncodeToString(raw)
	b, _ := json.Marshal(doc) // strings and numbers only: cannot fail
	return failedRecord{doc: append(b, '\n'), raw: raw, arrival: arrival, errType: errType, errorCode: doc.ErrorCode,
		message: doc.ErrorMessage, attempts: doc.AttemptsMade}
}

// failAll appends every record of j to failed with the same error.
func failAll(j *job, failed *[]failedRecord, errType, code, msg string, attempts int, now time.Time) {
	for i := range j.batch.Len() {
		doc := destErrorDoc{AttemptsMade: attempts, ErrorCode: code, ErrorMessage: msg}
		*failed = append(*failed, doc.failed(errType, j.batch.Record(i), j.batch.Records[i].Arrival, now))
	}
}

// s3Part is the S3 configuration every destination other than S3 has (the intermediate bucket of Redshift, the
// backup bucket of the others), validated under path: an S3 destination without a sink of its own, which
// carries the processing configuration of the whole destination.
func (e *Engine) s3Part(path string, c *S3DestinationConfiguration, proc *ProcessingConfiguration) (*destination, error) {
	if c == nil {
		return nil, errMissing(path)
	}
	x := legacyConfig(c)
	x.ProcessingConfiguration = proc
	return e.newDestinationAt(x, path, true)
}

// sinkLimits are a kind's buffering and retry defaults and bounds.
type sinkLimits struct {
	defSize, maxSize, defInterval, maxInterval, defRetry int
}

// sinkBase is what the sinks with an S3 backup configuration of their own keep: the retry window, the hints and
// the S3 configuration as given and as described.
type sinkBase struct {
	retry int // seconds
	hints BufferingHints
	s3c   S3DestinationConfiguration
	s3    *S3DestinationDescription
}

// finishSink validates a kind's buffering hints and retry options into d and b, makes d back up every source
// record to its S3 configuration c when all (the All* backup modes, through the processing path's source-record
// backup), and makes k d's sink.
func (e *Engine) finishSink(d *destination, b *sinkBase, path string, h *BufferingHints, r *RetryOptions, l sinkLimits,
	all bool, c *S3DestinationConfiguration, kind destKind, k sink) error {
	b.s3c, b.s3 = *c, d.describeS3()
	var err error
	if b.retry, err = retryWindow(path, r, l.defRetry); err != nil {
		return err
	}
	if err := withSinkHints(d, path, h, l.defSize, l.maxSize, l.defInterval, l.maxInterval); err != nil {
		return err
	}
	b.hints = d.bufferingHints()
	if all {
		bd, err := e.newDestination(legacyConfig(c), true)
		if err != nil {
			return err
		}
		d.backupMode, d.backupDest = S3BackupEnabled, bd
	}
	d.kind, d.sink = kind, k
	return nil
}

// withSinkHints replaces d's buffering with a kind's own hints: defaults, then the given values in min–max.
func withSinkHints(d *destination, path string, h *BufferingHints, defSize, maxSize, defInterval, maxInterval int) error {
	d.sizeMB, d.intervalS = defSize, defInterval
	if h == nil {
		return nil
	}
	if (h.SizeInMBs == nil) != (h.IntervalInSeconds == nil) {
		return errBothHints
	}
	if err := checkRange(path+".bufferingHints.sizeInMBs", h.SizeInMBs, MinSizeInMBs, maxSize); err != nil {
		return err
	}
	if err := checkRange(path+".bufferingHints.intervalInSeconds", h.IntervalInSeconds, MinIntervalInSeconds, maxInterval); err != nil {
		return err
	}
	d.sizeMB, d.intervalS = *h.SizeInMBs, *h.IntervalInSeconds
	return nil
}

// retryWindow validates RetryOptions (0–7200 s) and returns its duration, def seconds when unset.
func retryWindow(path string, r *RetryOptions, def int) (int, error) {
	if r == nil || r.DurationInSeconds == nil {
		return def, nil
	}
	if err := checkRange(path+".retryOptions.durationInSeconds", r.DurationInSeconds, 0, MaxRetrySeconds); err != nil {
		return 0, err
	}
	return *r.DurationInSeconds, nil
}

// MaxRetrySeconds bounds every RetryOptions.DurationInSeconds (API Reference: 0–7200).
const MaxRetrySeconds = 7200

// secondsOf is n seconds.
func secondsOf(n int) time.Duration { return time.Duration(n) * time.Second }
