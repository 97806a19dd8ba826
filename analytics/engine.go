package analytics

import (
	"context"
	"errors"
	"iter"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/internal/engine"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/record"
)

// The operations as controls name them.
const (
	OpCreateApplication   control.Op = "kinesisanalytics:CreateApplication"
	OpStartApplication    control.Op = "kinesisanalytics:StartApplication"
	OpStopApplication     control.Op = "kinesisanalytics:StopApplication"
	OpDescribeApplication control.Op = "kinesisanalytics:DescribeApplication"
	OpDeleteApplication   control.Op = "kinesisanalytics:DeleteApplication"
	OpListApplications    control.Op = "kinesisanalytics:ListApplications"
	OpDiscoverInputSchema control.Op = "kinesisanalytics:DiscoverInputSchema"
)

var (
	// ErrClosed is returned by every call on an Engine after Engine.Close.
	ErrClosed = errors.New("analytics: engine closed")
	// ErrNilContext is returned by a call given a nil context.Context; the call changes nothing.
	ErrNilContext = errors.New("analytics: nil context.Context")
)

// StreamReader reads a Kinesis data stream as a whole, for an input with a KinesisStreamsInput. Analytics declares
// it so as to import no other service; package kinesim satisfies it with the account's Data Streams engine, as it
// does firehose.StreamReader. Follow returns the records of streamARN that arrived at or after from (the zero time:
// from the trim horizon), waiting for new ones until ctx is done; it ends with an error when the stream is deleted
// or its engine closes. Implementations must be safe for concurrent use.
type StreamReader interface {
	Follow(ctx context.Context, streamARN string, from time.Time) iter.Seq2[record.Record, error]
}

// TipReader is what a StreamReader may also offer for DiscoverInputSchema: the records from from to the stream's
// current tip, then the end.
type TipReader interface {
	ReadToTip(ctx context.Context, streamARN string, from time.Time) iter.Seq2[record.Record, error]
}

// DeliveryStreamReader reads the records put into a Firehose delivery stream, for an input with a
// KinesisFirehoseInput, in the shape of StreamReader.
type DeliveryStreamReader interface {
	FollowDeliveryStream(ctx context.Context, deliveryStreamARN string, from time.Time) iter.Seq2[record.Record, error]
}

// OutputRecord is one record an output writes to a data stream.
type OutputRecord struct {
	Data         []byte
	PartitionKey string
}

// StreamWriter writes output records to a Kinesis data stream: it returns a whole-call error, or one error per
// record (nil for a record written), as PutRecords does. Package kinesim satisfies it with the Data Streams engine.
type StreamWriter interface {
	PutRecords(ctx context.Context, streamARN string, records []OutputRecord) ([]error, error)
}

// DeliveryStreamWriter writes output records to a Firehose delivery stream, as PutRecordBatch does.
type DeliveryStreamWriter interface {
	PutRecordBatch(ctx context.Context, deliveryStreamARN string, records [][]byte) ([]error, error)
}

// FunctionInvoker invokes a Lambda function with a JSON payload and returns its JSON response: the Lambda output
// contract (developer guide, how-it-works-output-lambda; see LambdaRequest and LambdaResponse).
type FunctionInvoker interface {
	Invoke(ctx context.Context, functionARN string, payload []byte) ([]byte, error)
}

// FunctionInvokerFunc adapts a Go function to FunctionInvoker.
type FunctionInvokerFunc func(ctx context.Context, functionARN string, payload []byte) ([]byte, error)

// Invoke calls f.
func (f FunctionInvokerFunc) Invoke(ctx context.Context, functionARN string, payload []byte) ([]byte, error) {
	return f(ctx, functionARN, payload)
}

// ObjectStore reads the objects reference data sources are loaded from.
type ObjectStore interface {
	GetObject(ctx context.Context, bucket, key string) ([]byte, error)
}

// Option configures an Engine.
type Option func(*config)

type config struct {
	engine.Config // clock, account, seed, controls, label: the settings every service shares

	streams   StreamReader
	delivery  DeliveryStreamReader
	sw        StreamWriter
	dw        DeliveryStreamWriter
	functions FunctionInvoker
	store     ObjectStore
	tick      time.Duration
	batch     int
	latency   time.Duration // WithReadLatency
}

// WithClock sets the clock that stamps ROWTIME and closes windows; the default is clock.Real.
func WithClock(c clock.Clock) Option { return engine.Clock[config](c) }

// WithSeed makes the random operators (RANDOM_CUT_FOREST) and the output partition keys reproducible; by default
// a random seed is drawn.
func WithSeed(s uint64) Option { return engine.Seed[config](s) }

// WithAccount sets the account and region of the application ARNs; empty ones keep the defaults.
func WithAccount(id, region string) Option { return engine.Account[config](id, region) }

// WithControls sets the test controls every call consults; by default the engine has its own.
func WithControls(set *control.Set) Option { return engine.Controls[config](set) }

// WithLabel sets the pprof label value of the engine's goroutines; the default is "analytics-<n>".
func WithLabel(label string) Option { return engine.Label[config](label) }

// WithStreamReader sets how inputs read Kinesis data streams; without one, starting such an input fails.
func WithStreamReader(r StreamReader) Option { return func(cfg *config) { cfg.streams = r } }

// WithDeliveryStreamReader sets how inputs read Firehose delivery streams.
func WithDeliveryStreamReader(r DeliveryStreamReader) Option {
	return func(cfg *config) { cfg.delivery = r }
}

// WithStreamWriter sets how outputs write to Kinesis data streams.
func WithStreamWriter(w StreamWriter) Option { return func(cfg *config) { cfg.sw = w } }

// WithDeliveryStreamWriter sets how outputs write to Firehose delivery streams.
func WithDeliveryStreamWriter(w DeliveryStreamWriter) Option { return func(cfg *config) { cfg.dw = w } }

// WithFunctions sets how outputs invoke Lambda functions.
func WithFunctions(f FunctionInvoker) Option { return func(cfg *config) { cfg.functions = f } }

// WithObjectStore sets where reference data sources are read from.
func WithObjectStore(s ObjectStore) Option { return func(cfg *config) { cfg.store = s } }

// WithTickInterval sets how often time reaches the windows of a running application when no rows arrive (so that a
// window closes within this much of its end); the default is one second.
func WithTickInterval(d time.Duration) Option { return func(cfg *config) { cfg.tick = d } }

// WithReadLatency sets how long an input takes from a record's arrival in its source (APPROXIMATE_ARRIVAL_TIME)
// to its insertion into the in-application input stream, which stamps its ROWTIME ("the time when Kinesis Data
// Analytics inserted the row in the first in-application stream", developer guide, timestamps-rowtime-concepts):
// the input inserts each record no earlier than its arrival + d, waiting on the engine's clock, in the source's
// order, so that ROWTIME = max(now, arrival + d, the previous ROWTIME). AWS documents no figure for this delay;
// the default, 0, inserts a record as soon as it is read. A negative d counts as 0. StopApplication ends a wait:
// the record waited for is not read, and LAST_STOPPED_POINT reads it on the next start.
func WithReadLatency(d time.Duration) Option { return func(cfg *config) { cfg.latency = max(d, 0) } }

// WithBatchSize sets the most rows a batch carries between the stages of an application; the default is 1000.
func WithBatchSize(n int) Option { return func(cfg *config) { cfg.batch = n } }

var engines atomic.Uint64

// Engine is one account's Kinesis Data Analytics for SQL in one region: a registry of applications and the
// operations of the kinesisanalytics API on them. A running application has goroutines of its own (a reader and a
// parser per input, one per pump, one per output) linked by channels of row batches.
//
// An Engine is safe for concurrent use. Engine.Close stops every running application, delivering what its pumps
// and outputs hold, and waits for their goroutines; every call after it returns ErrClosed.
type Engine struct {
	cfg  config
	clk  clock.Clock
	life *lifecycle.Group
	ctl  *control.Set

	mu     sync.Mutex
	apps   map[string]*application
	tags   map[string]map[string]string // by application name (tags.go)
	closed bool

	closeOnce sync.Once
}

// New returns an engine with no applications. It starts nothing.
func New(opts ...Option) *Engine {
	cfg := config{Config: engine.Defaults(), tick: time.Second, batch: 1000}
	engine.Apply(&cfg, opts)
	cfg.Fill("analytics", &engines)
	if cfg.tick <= 0 {
		cfg.tick = time.Second
	}
	if cfg.batch <= 0 {
		cfg.batch = 1000
	}
	return &Engine{cfg: cfg, clk: cfg.Clock, life: lifecycle.New(cfg.Clock, cfg.Label), ctl: cfg.Controls,
		apps: make(map[string]*application), tags: make(map[string]map[string]string)}
}

// Clock returns the engine's clock.
func (e *Engine) Clock() clock.Clock { return e.clk }

// Controls returns the engine's test controls.
func (e *Engine) Controls() *control.Set { return e.ctl }

// Close stops every running application (its readers stop, what its pumps and outputs hold is delivered) and waits
// for the engine's goroutines. It is idempotent.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.mu.Lock()
		e.closed = true
		var apps []*application
		for _, a := range e.apps {
			apps = append(apps, a)
		}
		e.mu.Unlock()
		for _, a := range apps {
			a.stop()
		}
		e.life.Close()
	})
	return nil
}

// begin starts an operation: a nil or done ctx or a closed engine fails it, and the test controls see the call.
func begin[In any](e *Engine, ctx context.Context, op control.Op, in *In) error {
	if ctx == nil {
		return ErrNilContext
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.isClosed() {
		return ErrClosed
	}
	if !e.ctl.Active() {
		return nil
	}
	_, err := e.ctl.Intercept(ctx, control.Env{Clock: e.clk, Done: e.life.Done(), Closed: ErrClosed}, op, *in)
	return err
}

func (e *Engine) isClosed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

var namePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`)

func (e *Engine) notFound(name string) error {
	return apierr.ResourceNotFound.New("Application %s is not found.", name)
}

func (e *Engine) lookup(name string) (*application, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, ErrClosed
	}
	a := e.apps[name]
	if a == nil {
		return nil, e.notFound(name)
	}
	return a, nil
}

// CreateApplication creates an application in the READY state: its inputs, outputs, reference data sources and code
// are checked (every pump compiles against the schemas of its streams) but nothing runs until StartApplication.
//
// Errors: InvalidArgument (a bad name, schema, input, output or reference source), CodeValidation (code that does
// not compile, or SQL text), ResourceInUse (the name is taken), LimitExceeded (more than one input, one reference
// source or three outputs), and TagResource's errors for Tags.
func (e *Engine) CreateApplication(ctx context.Context, in CreateApplicationInput) (CreateApplicationOutput, error) {
	if err := begin(e, ctx, OpCreateApplication, &in); err != nil {
		return CreateApplicationOutput{}, err
	}
	var tags map[string]string
	if in.Tags != nil {
		if err := checkTags(in.Tags); err != nil {
			return CreateApplicationOutput{}, err
		}
		var err error
		if tags, err = withTags(nil, in.Tags); err != nil {
			return CreateApplicationOutput{}, err
		}
	}
	now := e.clk.Now()
	a, err := newApplication(e, in, now)
	if err != nil {
		return CreateApplicationOutput{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return CreateApplicationOutput{}, ErrClosed
	}
	if e.apps[in.ApplicationName] != nil {
		return CreateApplicationOutput{}, apierr.ResourceInUse.New("Application %s already exists.", in.ApplicationName)
	}
	e.apps[in.ApplicationName] = a
	e.tags[in.ApplicationName] = tags
	return CreateApplicationOutput{ApplicationSummary: a.summary()}, nil
}

// StartApplication starts a READY application: its reference tables are loaded, each input starts reading at its
// starting position (one InputConfiguration per input; NOW when none is given), and the pumps and outputs run.
// It returns once the application is RUNNING.
//
// Errors: ResourceNotFound, ResourceInUse (the application is not READY), InvalidArgument (an unknown input id or
// starting position, LAST_STOPPED_POINT for an application that never ran), InvalidApplicationConfiguration (a
// source that cannot be read: no reader configured, a reference object that cannot be loaded).
func (e *Engine) StartApplication(ctx context.Context, in StartApplicationInput) error {
	if err := begin(e, ctx, OpStartApplication, &in); err != nil {
		return err
	}
	a, err := e.lookup(in.ApplicationName)
	if err != nil {
		return err
	}
	return a.start(ctx, in.InputConfigurations)
}

// StopApplication stops a RUNNING application: its inputs stop reading (remembering where, for
// LAST_STOPPED_POINT), what its pumps and outputs hold is delivered, and it is READY when the call returns. Windows
// still open are dropped, as a stopped KDA application's are. Stopping a READY application does nothing.
//
// Errors: ResourceNotFound.
func (e *Engine) StopApplication(ctx context.Context, in ApplicationRef) error {
	if err := begin(e, ctx, OpStopApplication, &in); err != nil {
		return err
	}
	a, err := e.lookup(in.ApplicationName)
	if err != nil {
		return err
	}
	a.stop()
	return nil
}

// DescribeApplication returns an application's configuration, status and counters.
//
// Errors: ResourceNotFound.
func (e *Engine) DescribeApplication(ctx context.Context, in ApplicationRef) (ApplicationDetail, error) {
	if err := begin(e, ctx, OpDescribeApplication, &in); err != nil {
		return ApplicationDetail{}, err
	}
	a, err := e.lookup(in.ApplicationName)
	if err != nil {
		return ApplicationDetail{}, err
	}
	return a.describe(), nil
}

// DeleteApplication stops the application if it runs and deletes it.
//
// Errors: ResourceNotFound.
func (e *Engine) DeleteApplication(ctx context.Context, in ApplicationRef) error {
	if err := begin(e, ctx, OpDeleteApplication, &in); err != nil {
		return err
	}
	a, err := e.lookup(in.ApplicationName)
	if err != nil {
		return err
	}
	for {
		a.setStatus(StatusDeleting)
		a.stop()
		e.mu.Lock()
		b := e.apps[in.ApplicationName]
		if b == a || b == nil {
			delete(e.apps, in.ApplicationName)
			delete(e.tags, in.ApplicationName)
			e.mu.Unlock()
			return nil
		}
		e.mu.Unlock()
		a = b // a change to the running application put a restarted one in its place: stop that one too
	}
}

// ListApplications returns the summaries of the applications, by name.
func (e *Engine) ListApplications(ctx context.Context) ([]ApplicationSummary, error) {
	var in struct{}
	if err := begin(e, ctx, OpListApplications, &in); err != nil {
		return nil, err
	}
	e.mu.Lock()
	apps := make([]*application, 0, len(e.apps))
	for _, a := range e.apps {
		apps = append(apps, a)
	}
	e.mu.Unlock()
	out := make([]ApplicationSummary, 0, len(apps))
	for _, a := range apps {
		out = append(out, a.summary())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ApplicationName < out[j].ApplicationName })
	return out, nil
}

// maxDiscoveryRecords is how many records DiscoverInputSchema samples from a stream.
const maxDiscoveryRecords = 100

// DiscoverInputSchema infers a source schema from sample records (developer guide, sch-dis): the given Records, or
// up to 100 records of the data stream ResourceARN from the starting position. Column names follow AWS's renaming
// (ColumnName), types its inference (the narrowest integer type, DECIMAL(p,s), BOOLEAN, VARCHAR(n)).
//
// Errors: InvalidArgument (neither records nor a stream, or a stream without a reader), UnableToDetectSchema (no
// records to sample).
func (e *Engine) DiscoverInputSchema(ctx context.Context, in DiscoverInputSchemaInput) (DiscoverInputSchemaOutput, error) {
	if err := begin(e, ctx, OpDiscoverInputSchema, &in); err != nil {
		return DiscoverInputSchemaOutput{}, err
	}
	records := in.Records
	if len(records) == 0 {
		if in.ResourceARN == "" {
			return DiscoverInputSchemaOutput{}, apierr.InvalidArgument.New("Either ResourceARN or Records must be given.")
		}
		tr, ok := e.cfg.streams.(TipReader)
		if !ok {
			return DiscoverInputSchemaOutput{}, apierr.InvalidArgument.New("Cannot read the streaming source %s.", in.ResourceARN)
		}
		from := time.Time{}
		if in.InputStartingPositionConfiguration.InputStartingPosition == StartNow {
			from = e.clk.Now()
		}
		for r, err := range tr.ReadToTip(ctx, in.ResourceARN, from) {
			if err != nil {
				return DiscoverInputSchemaOutput{}, apierr.InvalidArgument.New("Cannot read the streaming source %s: %v", in.ResourceARN, err)
			}
			records = append(records, slices.Clone(r.Data))
			if len(records) == maxDiscoveryRecords {
				break
			}
		}
	}
	return discover(records)
}

// bucketOf returns the bucket of an S3 bucket ARN (arn:aws:s3:::bucket) or a bare name.
func bucketOf(bucketARN string) string {
	if i := strings.LastIndex(bucketARN, ":"); i >= 0 {
		return bucketARN[i+1:]
	}
	return bucketARN
}

// inAppSchema is the in-application input stream's schema: the mapped columns, then APPROXIMATE_ARRIVAL_TIME
// (developer guide, timestamps-rowtime-concepts).
func inAppSchema(m *mapper) query.Schema {
	return append(append(query.Schema(nil), m.schema...), query.Column{Name: "APPROXIMATE_ARRIVAL_TIME", Type: query.TimestampType})
}
