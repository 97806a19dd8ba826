package firehose

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/firehose/buffer"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/partition"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/internal/engine"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/retry"
	"github.com/kinesim/kinesim/internal/status"
)

// The operations as controls name them.
const (
	OpCreateDeliveryStream          control.Op = "firehose:CreateDeliveryStream"
	OpDeleteDeliveryStream          control.Op = "firehose:DeleteDeliveryStream"
	OpDescribeDeliveryStream        control.Op = "firehose:DescribeDeliveryStream"
	OpListDeliveryStreams           control.Op = "firehose:ListDeliveryStreams"
	OpUpdateDestination             control.Op = "firehose:UpdateDestination"
	OpPutRecord                     control.Op = "firehose:PutRecord"
	OpPutRecordBatch                control.Op = "firehose:PutRecordBatch"
	OpTagDeliveryStream             control.Op = "firehose:TagDeliveryStream"
	OpUntagDeliveryStream           control.Op = "firehose:UntagDeliveryStream"
	OpListTagsForDeliveryStream     control.Op = "firehose:ListTagsForDeliveryStream"
	OpStartDeliveryStreamEncryption control.Op = "firehose:StartDeliveryStreamEncryption"
	OpStopDeliveryStreamEncryption  control.Op = "firehose:StopDeliveryStreamEncryption"
)

// Engine is one account's Amazon Data Firehose in one region: a registry of delivery streams, the operations of
// the Firehose API on them, and the delivery of their buffered records to object stores.
//
// An Engine is safe for concurrent use. Each delivery stream has one delivery goroutine, and its buffer interval
// is a timer on the engine's clock; [Engine.Close] delivers everything buffered, then stops them. Every call after
// Close returns [ErrClosed].
type Engine struct {
	cfg   config
	clk   clock.Clock
	life  *lifecycle.Group
	ctl   *control.Set
	store *MemoryStore // the default destination when no store is configured

	rngMu sync.Mutex
	rng   *rand.Rand // record ids, object UUIDs, random prefix strings

	mu      sync.Mutex
	streams map[string]*deliveryStream
	closing bool
	closed  atomic.Bool // closing, for readers that must not take mu

	regMu     sync.RWMutex
	functions map[string]process.Transformer // by Lambda ARN
	tables    map[string][]convert.Column    // by database "\x00" table
	targets   map[registration]any           // destination endpoints, by kind and key (v unset)

	http *http.Client // of HTTP endpoint destinations without a handler

	drain     chan struct{} // closed by Close once every buffer is queued: workers finish their queues and exit
	retry     retry.Policy  // the delivery retries, on clk, ended by drain
	closeOnce sync.Once
	lost      atomic.Int64 // records neither delivered nor written to the error output, when Close ended retries
}

// engines counts the engines made, for their default labels.
var engines atomic.Uint64

// New returns an engine with no delivery streams. It starts nothing.
func New(opts ...Option) *Engine {
	cfg := defaultConfig()
	engine.Apply(&cfg, opts)
	cfg.Fill("firehose", &engines)
	rl := RegionLimits(cfg.Account.Region)
	if cfg.limits.RecordsPerSecond <= 0 {
		cfg.limits.RecordsPerSecond = rl.RecordsPerSecond
	}
	if cfg.limits.RequestsPerSecond <= 0 {
		cfg.limits.RequestsPerSecond = rl.RequestsPerSecond
	}
	if cfg.limits.BytesPerSecond <= 0 {
		cfg.limits.BytesPerSecond = rl.BytesPerSecond
	}
	e := &Engine{
		cfg:     cfg,
		clk:     cfg.Clock,
		life:    lifecycle.New(cfg.Clock, cfg.Label),
		ctl:     cfg.Controls,
		rng:     rand.New(rand.NewPCG(cfg.Seed, 0x66697265686f7365)), // "firehose"
		streams: make(map[string]*deliveryStream),
		drain:   make(chan struct{}),
	}
	e.retry = retry.Policy{Clock: e.clk, Drain: e.drain, BackoffStart: RetryBackoffStart, BackoffMax: RetryBackoffMax,
		CloseAttempts: closeAttempts}
	for arn, t := range cfg.functions {
		e.RegisterFunction(arn, t)
	}
	for _, r := range cfg.targets {
		e.register(r.kind, r.key, r.v)
	}
	e.http = cfg.httpClient
	if e.http == nil {
		e.http = &http.Client{}
	}
	client := *e.http
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	e.http = &client
	for k, cols := range cfg.tables {
		db, table, _ := strings.Cut(k, "\x00")
		e.RegisterTable(db, table, cols)
	}
	if cfg.defaultStore == nil {
		e.store = NewMemoryStore()
	}
	return e
}

// Clock returns the engine's clock.
func (e *Engine) Clock() clock.Clock { return e.clk }

// Account returns the account and region of the engine's ARNs.
func (e *Engine) Account() arn.Account { return e.cfg.Account }

// Controls returns the engine's test controls.
func (e *Engine) Controls() *control.Set { return e.ctl }

// Store returns the in-memory store that receives the objects of buckets without a store of their own, or nil
// when [WithObjectStore] set one. The engine owns it: [Engine.Close] closes it once everything is delivered,
// which closes its subscriptions' channels; its objects stay readable.
func (e *Engine) Store() *MemoryStore { return e.store }

// DeliveryStreamARN returns the ARN of the delivery stream name.
func (e *Engine) DeliveryStreamARN(name string) string { return e.cfg.Account.DeliveryStreamARN(name) }

func (e *Engine) storeFor(bucket string) ObjectStore {
	if s := e.cfg.stores[bucket]; s != nil {
		return s
	}
	if e.cfg.defaultStore != nil {
		return e.cfg.defaultStore
	}
	return e.store
}

// Close delivers every record buffered or queued (the size and interval hints no longer wait), then stops the
// delivery goroutines and timers. A delivery that fails while closing is not retried for long: its records go to
// the error output at once, and records that cannot be written there either are counted in the returned error,
// which wraps [ErrUndelivered]. Close waits for in-flight PutObject calls (a store must return when its context is
// done; the attempt timeout runs on the engine's clock). Close is idempotent; later calls return nil.
func (e *Engine) Close() error {
	var err error
	e.closeOnce.Do(func() {
		now := e.clk.Now()
		e.mu.Lock()
		e.closing = true
		e.closed.Store(true)
		list := make([]*deliveryStream, 0, len(e.streams))
		for _, s := range e.streams {
			list = append(list, s)
		}
		e.mu.Unlock()
		for _, s := range list { // the readers of Kinesis sources end first: what they read is delivered below
			if s.stopRead != nil {
				s.stopRead()
				<-s.readDone
			}
		}
		now = e.clk.Now()
		for _, s := range list {
			s.mu.Lock()
			s.closed = true
			s.flushLocked(now)
			s.endFollowersLocked(ErrClosed)
			s.mu.Unlock()
		}
		close(e.drain)
		e.life.Close()
		e.http.CloseIdleConnections()
		if e.store != nil {
			_ = e.store.Close()
		}
		if n := e.lost.Load(); n > 0 {
			err = fmt.Errorf("%w: %d records", ErrUndelivered, n)
		}
	})
	return err
}

// begin starts an operation: a nil or done ctx or a closed engine fails it, and the test controls see the call.
func begin[In any](e *Engine, ctx context.Context, op control.Op, in *In) (map[int]*apierr.Error, error) {
	if ctx == nil {
		return nil, ErrNilContext
	}
	if err := e.live(ctx); err != nil {
		return nil, err
	}
	if !e.ctl.Active() {
		return nil, nil
	}
	return e.ctl.Intercept(ctx, control.Env{Clock: e.clk, Done: e.life.Done(), Closed: ErrClosed}, op, *in)
}

func (e *Engine) live(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.life.Closed() || e.isClosing() {
		return ErrClosed
	}
	return nil
}

func (e *Engine) isClosing() bool { return e.closed.Load() }

// lookup returns the named delivery stream.
func (e *Engine) lookup(name string) (*deliveryStream, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closing {
		return nil, ErrClosed
	}
	s := e.streams[name]
	if s == nil {
		return nil, e.notFound(name)
	}
	return s, nil
}

// uuid returns a version-4 UUID drawn from the engine's seed.
func (e *Engine) uuid() string {
	e.rngMu.Lock()
	hi, lo := e.rng.Uint64(), e.rng.Uint64()
	e.rngMu.Unlock()
	hi = hi&^0xf000 | 0x4000
	lo = lo&^(0xc<<60) | 0x8<<60
	const hex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i := range 16 {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		var v byte
		if i < 8 {
			v = byte(hi >> (56 - 8*i))
		} else {
			v = byte(lo >> (56 - 8*(i-8)))
		}
		b[j], b[j+1] = hex[v>>4], hex[v&15]
		j += 2
	}
	return string(b[:])
}

// appendRandom appends an !{firehose:random-string}: 11 characters of [0-9a-zA-Z] drawn from the seed.
func (e *Engine) appendRandom(dst []byte) []byte {
	const chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	e.rngMu.Lock()
	defer e.rngMu.Unlock()
	for range RandomStringLength {
		dst = append(dst, chars[e.rng.IntN(len(chars))])
	}
	return dst
}

// deliveryStream is one delivery stream. Lock order: Engine.mu, then deliveryStream.mu.
type deliveryStream struct {
	e         *Engine
	name, arn string
	typ       DeliveryStreamType
	created   time.Time

	mu       sync.Mutex
	state    status.Machine
	updated  time.Time
	version  int
	dest     *destination // the current configuration; replaced, never changed, by UpdateDestination
	buf      *buffer.Buffer
	timer    *lifecycle.Timer // the buffer's interval timer; nil when none is armed
	armedAt  time.Time        // when timer fires
	queue    []job            // batches waiting for delivery, oldest first
	queued   uint64           // batches ever queued
	finished uint64           // batches delivered or written to the error output
	progress chan struct{}    // closed when finished grows; nil until a Flush waits
	wake     chan struct{}    // 1-buffered: the worker has something to do
	closed   bool             // deleted or the engine closing: no more records
	tags     map[string]string
	enc      DeliveryStreamEncryptionConfiguration

	throttling                 bool
	records, requests, bytesRL *rate.Limiter

	m metrics

	scratch []byte // the delivery goroutine's compression buffer (deliver.go); only that goroutine touches it

	// The processing path (pipeline.go), when the destination has processing, conversion, partitioning or
	// backup, or the source is a Kinesis data stream: buf is then the ingest (processing) buffer.
	pipe       bool
	ingestMeta []recMeta         // the metadata of buf's records, in order
	parts      map[string]*part  // the destination buffers, by partition id
	active     *partition.Active // the active partitions of dynamic partitioning
	allPending int               // flush jobs queued and not yet run: they deliver every part
	// The Kinesis source (source.go).
	sourceARN, sourceRole string
	sourceStart           time.Time
	arrived               chan struct{}      // closed when records arrive; nil until a WaitIncoming waits
	stopRead              context.CancelFunc // ends the reading goroutine
	readDone              chan struct{}      // closed when it has ended
	// The followers (follow.go).
	followers []*follower
	nfollow   atomic.Int32 // len(followers), for the puts that must not take mu to see there are none
}

// job is one batch to deliver, with the configuration it was buffered under.
type job struct {
	batch   buffer.Batch
	dest    *destination
	version int
	kind    uint8     // jobPlain, jobProcess, jobPart
	part    *part     // of a jobPart
	meta    []recMeta // the records' metadata (pipeline), in batch order
	all     bool      // a jobProcess that delivers every part after it (a flush)
}

func (s *deliveryStream) status() DeliveryStreamStatus { return DeliveryStreamStatus(s.state.Status()) }

// flushLocked queues what the buffer holds. s.mu must be held.
func (s *deliveryStream) flushLocked(now time.Time) {
	if s.pipe {
		s.queueIngestLocked(now, true)
		return
	}
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if s.buf.Len() == 0 {
		return
	}
	s.queue = append(s.queue, job{batch: s.buf.Take(now), dest: s.dest, version: s.version})
	s.queued++
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// armLocked arms the interval timer for the buffer's deadline if it is not armed for it. s.mu must be held.
func (s *deliveryStream) armLocked(now time.Time) {
	at, ok := s.buf.NextDeadline()
	if !ok {
		return
	}
	if s.timer != nil {
		if s.armedAt.Equal(at) {
			return
		}
		s.timer.Stop()
	}
	s.armedAt = at
	s.timer = lifecycle.AfterFunc(s.e.life, at.Sub(now), s, (*deliveryStream).intervalElapsed)
}

// intervalElapsed is the interval timer's callback.
func (s *deliveryStream) intervalElapsed() {
	now := s.e.clk.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = nil
	if s.buf.Due(now) && s.pipe {
		s.queueIngestLocked(now, false)
	} else if s.buf.Due(now) {
		s.flushLocked(now)
	} else {
		s.armLocked(now)
	}
}

// Flush delivers what the delivery stream's buffer holds now, without waiting for its hints, and waits until it
// and every batch queued before it are delivered (or written to the error output), or ctx is done. Delivery
// retries run on the engine's clock: with a [clock.Manual], advance it while Flush waits on a failing store.
//
// Errors: ResourceNotFoundException; [ErrClosed]; ctx's error.
func (e *Engine) Flush(ctx context.Context, name string) error {
	if ctx == nil {
		return ErrNilContext
	}
	if err := e.live(ctx); err != nil {
		return err
	}
	s, err := e.lookup(name)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.flushLocked(e.clk.Now())
	target := s.queued
	for s.finished < target {
		if s.progress == nil {
			s.progress = make(chan struct{})
		}
		ch := s.progress
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-e.life.Done():
			return ErrClosed
		}
		s.mu.Lock()
	}
	s.mu.Unlock()
	return nil
}

// SetThrottling turns the Direct PUT quotas of one delivery stream on or off (a kinesim extension).
//
// Errors: ResourceNotFoundException; [ErrClosed].
func (e *Engine) SetThrottling(name string, on bool) error {
	s, err := e.lookup(name)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.throttling = on
	s.mu.Unlock()
	return nil
}

var errAttemptTimeout = errors.New("firehose: PutObject attempt timed out")
