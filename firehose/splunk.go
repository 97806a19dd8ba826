package firehose

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/kinesim/kinesim/internal/validate"
)

// The Splunk destination's limits and defaults (API Reference, SplunkBufferingHints, SplunkRetryOptions,
// SplunkDestinationConfiguration).
const (
	SplunkDefaultSizeInMBs         = 5
	SplunkMaxSizeInMBs             = 5
	SplunkDefaultIntervalInSeconds = 60
	SplunkMaxIntervalInSeconds     = 60
	// SplunkDefaultRetrySeconds is RetryOptions.DurationInSeconds' default, counted from the end of the first
	// failed attempt, not counting the waits for acknowledgements.
	SplunkDefaultRetrySeconds = 3600
	// HECAcknowledgmentTimeoutInSeconds: 180–600, 180 by default.
	MinHECAckTimeoutSeconds, MaxHECAckTimeoutSeconds, DefaultHECAckTimeoutSeconds = 180, 600, 180
	// SplunkFailed is the error output type of events not acknowledged.
	SplunkFailed = "splunk-failed"
)

// The errorCode of events Splunk did not take: Splunk.AckTimeout is AWS's (developer guide, "Handle data delivery
// failures"); the others are kinesim's names.
const (
	CodeSplunkAckTimeout       = "Splunk.AckTimeout"
	CodeSplunkServerError      = "Splunk.ServerError"
	CodeSplunkConnectionFailed = "Splunk.ConnectionFailed"
)

// HECEndpointType is the HTTP Event Collector endpoint a Splunk destination sends to.
type HECEndpointType string

// Raw sends the records' bytes as they are; Event sends each record as an event (a JSON HEC event object).
const (
	HECRaw   HECEndpointType = "Raw"
	HECEvent HECEndpointType = "Event"
)

// SplunkS3BackupMode is what a Splunk destination writes to its S3 configuration.
type SplunkS3BackupMode string

// FailedEventsOnly (the default) writes the events not acknowledged; AllEvents also every source record.
const (
	FailedEventsOnly SplunkS3BackupMode = "FailedEventsOnly"
	AllEvents        SplunkS3BackupMode = "AllEvents"
)

// SplunkDestinationConfiguration is a Splunk destination (SDK types.SplunkDestinationConfiguration).
type SplunkDestinationConfiguration struct {
	HECEndpoint     string          // required: names the [SplunkHEC] registered for it
	HECEndpointType HECEndpointType // required
	HECToken        string          // required
	// HECAcknowledgmentTimeoutInSeconds: 180–600, 180 by default.
	HECAcknowledgmentTimeoutInSeconds *int
	// BufferingHints: 1–5 MiB (5), 0–60 s (60).
	BufferingHints          *BufferingHints
	RetryOptions            *RetryOptions
	ProcessingConfiguration *ProcessingConfiguration
	S3BackupMode            SplunkS3BackupMode
	S3Configuration         *S3DestinationConfiguration // required
}

// SplunkDestinationDescription describes a Splunk destination, the defaults filled in.
type SplunkDestinationDescription struct {
	HECEndpoint                       string
	HECEndpointType                   HECEndpointType
	HECToken                          string
	HECAcknowledgmentTimeoutInSeconds int
	BufferingHints                    BufferingHints
	RetryOptions                      RetryOptions
	ProcessingConfiguration           *ProcessingConfiguration
	S3BackupMode                      SplunkS3BackupMode
	S3DestinationDescription          *S3DestinationDescription
}

// SplunkDestinationUpdate changes a Splunk destination: members set replace the current ones.
type SplunkDestinationUpdate struct {
	HECEndpoint                       string
	HECEndpointType                   HECEndpointType
	HECToken                          string
	HECAcknowledgmentTimeoutInSeconds *int
	BufferingHints                    *BufferingHints
	RetryOptions                      *RetryOptions
	ProcessingConfiguration           *ProcessingConfiguration
	S3BackupMode                      SplunkS3BackupMode
	S3Update                          *ExtendedS3DestinationUpdate
}

// SplunkHEC is a Splunk HTTP Event Collector with indexer acknowledgement. The engine calls Send from a delivery
// goroutine (one call at a time per delivery stream) with one buffer's events; ctx ends at the acknowledgement
// timeout on the engine's clock, and Send must return by then. An error, or an acknowledgement not given, fails
// every event of the request: they are sent again for the retry duration, then written to the error output.
type SplunkHEC interface {
	Send(ctx context.Context, req HECRequest) (HECAck, error)
}

// HECRequest is one request to the collector.
type HECRequest struct {
	Endpoint     string
	EndpointType HECEndpointType
	Token        string
	Events       []HECEventData
}

// HECEventData is one record: EventId is Firehose's (the same on every retry), Data the record (not to be
// modified or kept: copy it).
type HECEventData struct {
	EventId string
	Data    []byte
	Arrival time.Time
}

// HECAck is the collector's answer: Acknowledged once the events are indexed.
type HECAck struct {
	Acknowledged bool
}

type splunkSink struct {
	sinkBase
	cfg SplunkDestinationConfiguration
	ack int
}

func (e *Engine) newSplunk(c SplunkDestinationConfiguration) (*destination, error) {
	const path = "splunkDestinationConfiguration"
	var v validate.Violations
	if v.Required(path+".hECEndpoint", c.HECEndpoint) {
		v.Length(path+".hECEndpoint", c.HECEndpoint, len(c.HECEndpoint), 0, 2048)
	}
	if v.Required(path+".hECEndpointType", string(c.HECEndpointType)) {
		v.Enum(path+".hECEndpointType", string(c.HECEndpointType), "Raw", "Event")
	}
	if v.Required(path+".hECToken", c.HECToken) {
		v.Length(path+".hECToken", c.HECToken, len(c.HECToken), 0, 2048)
	}
	if c.HECAcknowledgmentTimeoutInSeconds != nil {
		v.Range(path+".hECAcknowledgmentTimeoutInSeconds", *c.HECAcknowledgmentTimeoutInSeconds, MinHECAckTimeoutSeconds, MaxHECAckTimeoutSeconds)
	}
	if c.S3BackupMode != "" {
		v.Enum(path+".s3BackupMode", string(c.S3BackupMode), "FailedEventsOnly", "AllEvents")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	d, err := e.s3Part(path+".s3Configuration", c.S3Configuration, c.ProcessingConfiguration)
	if err != nil {
		return nil, err
	}
	k := &splunkSink{cfg: c, ack: DefaultHECAckTimeoutSeconds}
	if c.HECAcknowledgmentTimeoutInSeconds != nil {
		k.ack = *c.HECAcknowledgmentTimeoutInSeconds
	}
	if k.cfg.S3BackupMode == "" {
		k.cfg.S3BackupMode = FailedEventsOnly
	}
	l := sinkLimits{SplunkDefaultSizeInMBs, SplunkMaxSizeInMBs, SplunkDefaultIntervalInSeconds, SplunkMaxIntervalInSeconds, SplunkDefaultRetrySeconds}
	if err := e.finishSink(d, &k.sinkBase, path, c.BufferingHints, c.RetryOptions, l, k.cfg.S3BackupMode == AllEvents,
		c.S3Configuration, kindSplunk, k); err != nil {
		return nil, err
	}
	return d, nil
}

func (k *splunkSink) describe(d *destination, out *DestinationDescription) {
	c := k.cfg
	out.SplunkDestinationDescription = &SplunkDestinationDescription{HECEndpoint: c.HECEndpoint,
		HECEndpointType: c.HECEndpointType, HECToken: c.HECToken, HECAcknowledgmentTimeoutInSeconds: k.ack,
		BufferingHints: k.hints, RetryOptions: RetryOptions{DurationInSeconds: &k.retry}, ProcessingConfiguration: d.procCfg,
		S3BackupMode: c.S3BackupMode, S3DestinationDescription: k.s3}
}

func (k *splunkSink) update(u *SplunkDestinationUpdate) SplunkDestinationConfiguration {
	c := k.cfg
	applySplunkUpdate(&c, u)
	c.S3Configuration = mergeS3(k.s3c, u.S3Update)
	return c
}

func applySplunkUpdate(c *SplunkDestinationConfiguration, u *SplunkDestinationUpdate) {
	c.HECEndpoint = cmp.Or(u.HECEndpoint, c.HECEndpoint)
	c.HECEndpointType = cmp.Or(u.HECEndpointType, c.HECEndpointType)
	c.HECToken = cmp.Or(u.HECToken, c.HECToken)
	c.HECAcknowledgmentTimeoutInSeconds = cmp.Or(u.HECAcknowledgmentTimeoutInSeconds, c.HECAcknowledgmentTimeoutInSeconds)
	c.BufferingHints = cmp.Or(u.BufferingHints, c.BufferingHints)
	c.RetryOptions = cmp.Or(u.RetryOptions, c.RetryOptions)
	c.ProcessingConfiguration = cmp.Or(u.ProcessingConfiguration, c.ProcessingConfiguration)
	c.S3BackupMode = cmp.Or(u.S3BackupMode, c.S3BackupMode)
}

func splunkUpdateConfig(u *SplunkDestinationUpdate) SplunkDestinationConfiguration {
	var c SplunkDestinationConfiguration
	applySplunkUpdate(&c, u)
	if u.S3Update != nil {
		c.S3Configuration = mergeS3(S3DestinationConfiguration{}, u.S3Update)
	}
	return c
}

var errNotAcknowledged = errors.New("firehose: the HEC did not acknowledge the events")

func (k *splunkSink) deliver(s *deliveryStream, j *job, failed *[]failedRecord) {
	n := j.batch.Len()
	req := HECRequest{Endpoint: k.cfg.HECEndpoint, EndpointType: k.cfg.HECEndpointType, Token: k.cfg.HECToken,
		Events: make([]HECEventData, n)}
	for i := range req.Events {
		req.Events[i] = HECEventData{EventId: s.e.uuid(), Data: j.batch.Record(i), Arrival: j.batch.Records[i].Arrival}
	}
	attempts, err := s.retrying(secondsOf(k.retry), secondsOf(k.ack), true, func(ctx context.Context) error {
		hec, _ := s.e.target(kindSplunk, k.cfg.HECEndpoint).(SplunkHEC)
		if hec == nil {
			return errors.New("the Splunk HEC " + k.cfg.HECEndpoint + " is not reachable (no SplunkHEC is registered for it)")
		}
		ack, err := hec.Send(ctx, req)
		if err != nil {
			return &httpFailure{code: CodeSplunkServerError, msg: err.Error()}
		}
		if !ack.Acknowledged {
			return errNotAcknowledged
		}
		return nil
	}, func(now time.Time, ok bool) { s.m.request(now, kindSplunk, ok) })
	now := s.e.clk.Now()
	if err == nil {
		s.m.sent(now, kindSplunk, n, len(j.batch.Data), j.batch.Oldest)
		return
	}
	code, msg := CodeSplunkConnectionFailed, err.Error()
	var f *httpFailure
	switch {
	case errors.As(err, &f):
		code, msg = f.code, f.msg
	case errors.Is(err, errAttemptTimeout), errors.Is(err, errNotAcknowledged):
		code, msg = CodeSplunkAckTimeout, "Did not receive an acknowledgement from HEC before the HEC acknowledgement timeout expired."
	}
	for i := range n {
		doc := destErrorDoc{AttemptsMade: attempts, ErrorCode: code, ErrorMessage: msg, EventId: req.Events[i].EventId}
		*failed = append(*failed, doc.failed(SplunkFailed, j.batch.Record(i), j.batch.Records[i].Arrival, now))
	}
}

// MemorySplunk is an in-memory [SplunkHEC]: it acknowledges every request at once and keeps its events. On the
// Event endpoint each record must be a JSON object with an "event" member (the HEC event format); a request
// holding another is refused with an error, as HEC answers 400. It is safe for concurrent use.
type MemorySplunk struct {
	mu     sync.Mutex
	events []HECEventData
}

// NewMemorySplunk returns an empty collector.
func NewMemorySplunk() *MemorySplunk { return &MemorySplunk{} }

// Send indexes the events.
func (m *MemorySplunk) Send(ctx context.Context, req HECRequest) (HECAck, error) {
	if err := ctx.Err(); err != nil {
		return HECAck{}, err
	}
	if req.EndpointType == HECEvent {
		for _, ev := range req.Events {
			var obj struct {
				Event json.RawMessage `json:"event"`
			}
			if json.Unmarshal(ev.Data, &obj) != nil || obj.Event == nil {
				return HECAck{}, errors.New("400 Bad Request: event field is required")
			}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ev := range req.Events {
		ev.Data = append([]byte(nil), ev.Data...)
		m.events = append(m.events, ev)
	}
	return HECAck{Acknowledged: true}, nil
}

// Events returns a copy of the events indexed, in order (a retried request's events appear again).
func (m *MemorySplunk) Events() []HECEventData {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]HECEventData(nil), m.events...)
}
