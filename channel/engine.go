package channel

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/firehose/buffer"
	"github.com/kinesim/kinesim/internal/engine"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/retry"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/token"
)

// The operations as controls name them: the channel operations belong to the Kinesis API.
const (
	OpCreateChannel   control.Op = "kinesis:CreateChannel"
	OpDescribeChannel control.Op = "kinesis:DescribeChannel"
	OpListChannels    control.Op = "kinesis:ListChannels"
	OpUpdateChannel   control.Op = "kinesis:UpdateChannel"
	OpDeleteChannel   control.Op = "kinesis:DeleteChannel"
)

// Engine is one account's Kinesis Data Streams channels in one region: a registry of channels, the five channel
// operations, and the delivery of each channel's source records to its bucket.
//
// An Engine is safe for concurrent use. Each channel has a reading goroutine (the source stream's follower) and a
// delivery goroutine, and its data freshness is a timer on the engine's clock; [Engine.Close] stops the readers,
// delivers everything they read, then stops the rest. Every call after Close returns [ErrClosed].
type Engine struct {
	cfg    config
	clk    clock.Clock
	life   *lifecycle.Group
	ctl    *control.Set
	tokens *token.Signer

	rngMu sync.Mutex
	rng   *rand.Rand // channel ids, object key suffixes

	mu       sync.Mutex
	channels map[string]*ch // by ARN
	closing  bool
	closed   atomic.Bool

	drain     chan struct{} // closed by Close once every buffer is queued: workers finish their queues and exit
	retry     retry.Policy  // the delivery retries, on clk, ended by drain
	closeOnce sync.Once
	lost      atomic.Int64 // records neither delivered nor dead-lettered, when Close ended retries
}

// engines counts the engines made, for their default labels.
var engines atomic.Uint64

// New returns an engine with no channels. It starts nothing.
func New(opts ...Option) *Engine {
	cfg := defaultConfig()
	engine.Apply(&cfg, opts)
	cfg.Fill("channel", &engines)
	e := &Engine{
		cfg:      cfg,
		clk:      cfg.Clock,
		life:     lifecycle.New(cfg.Clock, cfg.Label),
		ctl:      cfg.Controls,
		tokens:   token.NewSigner(cfg.Seed, "kinesis channel tokens"),
		rng:      rand.New(rand.NewPCG(cfg.Seed, 0x6368616e6e656c)), // "channel"
		channels: make(map[string]*ch),
		drain:    make(chan struct{}),
	}
	e.retry = retry.Policy{Clock: e.clk, Drain: e.drain, BackoffStart: RetryBackoffStart, BackoffMax: RetryBackoffMax,
		CloseAttempts: closeAttempts}
	return e
}

// Clock returns the engine's clock.
func (e *Engine) Clock() clock.Clock { return e.clk }

// Account returns the account and region of the engine's ARNs.
func (e *Engine) Account() arn.Account { return e.cfg.Account }

// Controls returns the engine's test controls.
func (e *Engine) Controls() *control.Set { return e.ctl }

// ChannelARN returns the ARN of the channel name: arn:PARTITION:kinesis:REGION:ACCOUNT:channel/NAME (kinesim's
// form; the API Reference does not publish the channel ARN's pattern).
func (e *Engine) ChannelARN(name string) string {
	a := e.cfg.Account
	return "arn:" + a.Partition() + ":kinesis:" + a.Region + ":" + a.ID + ":channel/" + name
}

func (e *Engine) storeFor(bucket string) ObjectStore {
	if s := e.cfg.stores[bucket]; s != nil {
		return s
	}
	return e.cfg.store
}

// Close stops reading the source streams, delivers every record read (data freshness no longer waits), then stops
// the delivery goroutines and timers. A delivery that fails while closing is tried a few times, then its records
// go to the dead-letter queue; records that cannot be written there either are counted in the returned error,
// which wraps [ErrUndelivered]. Close is idempotent; later calls return nil.
func (e *Engine) Close() error {
	var err error
	e.closeOnce.Do(func() {
		e.mu.Lock()
		e.closing = true
		e.closed.Store(true)
		list := make([]*ch, 0, len(e.channels))
		for _, c := range e.channels {
			list = append(list, c)
		}
		e.mu.Unlock()
		for _, c := range list {
			c.stopReading()
		}
		now := e.clk.Now()
		for _, c := range list {
			c.mu.Lock()
			c.closed = true
			c.flushLocked(now)
			c.mu.Unlock()
		}
		close(e.drain)
		e.life.Close()
		if n := e.lost.Load(); n > 0 {
			err = fmt.Errorf("%w: %d records", ErrUndelivered, n)
		}
	})
	return err
}

// begin starts an operation: a nil or done ctx or a closed engine fails it, and the test controls see the call.
func begin[In any](e *Engine, ctx context.Context, op control.Op, in *In) error {
	if ctx == nil {
		return ErrNilContext
	}
	if err := e.live(ctx); err != nil {
		return err
	}
	if !e.ctl.Active() {
		return nil
	}
	_, err := e.ctl.Intercept(ctx, control.Env{Clock: e.clk, Done: e.life.Done(), Closed: ErrClosed}, op, *in)
	return err
}

func (e *Engine) live(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.life.Closed() || e.closed.Load() {
		return ErrClosed
	}
	return nil
}

func (e *Engine) draining() bool { return e.retry.Draining() }

// lookup returns the channel channelARN names.
func (e *Engine) lookup(channelARN string) (*ch, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closing {
		return nil, ErrClosed
	}
	c := e.channels[channelARN]
	if c == nil {
		return nil, notFound(channelARN)
	}
	return c, nil
}

// uuid returns a version-4 UUID drawn from the engine's seed (channel ids and object key suffixes).
func (e *Engine) uuid() string {
	var b [16]byte
	e.rngMu.Lock()
	binary.BigEndian.PutUint64(b[:8], e.rng.Uint64())
	binary.BigEndian.PutUint64(b[8:], e.rng.Uint64())
	e.rngMu.Unlock()
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant 10
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	hex.Encode(s[9:13], b[4:6])
	hex.Encode(s[14:18], b[6:8])
	hex.Encode(s[19:23], b[8:10])
	hex.Encode(s[24:], b[10:])
	s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
	return string(s[:])
}

// ch is one channel. Its configuration fields are set at creation and never change, except those UpdateChannel
// changes (freshness, logging), which ch.mu guards. Lock order: Engine.mu, then ch.mu.
type ch struct {
	e                   *Engine
	name, id, arn, role string
	created             time.Time
	streamARN           string
	streamName          string
	streamCreated       time.Time
	rec                 RecordConfiguration
	storage             S3StorageConfiguration // defaults filled in
	bucket              string
	dlq                 DeadLetterQueueS3Configuration // defaults filled in
	dlqBucket           string
	tpl, errTpl         keyTemplate
	enc                 *ChannelEncryptionConfiguration
	tags                map[string]string

	state  status.Machine // guarded by Engine.mu
	reason string         // ChannelStatusReason of a FAILED channel; Engine.mu

	mu        sync.Mutex
	freshness int // seconds
	logging   ChannelLoggingConfiguration
	buf       *buffer.Buffer // records to deliver
	meta      []recMeta      // buf's records' source metadata, in order
	dead      *buffer.Buffer // dead-letter documents of records that failed validation
	timer     *lifecycle.Timer
	armedAt   time.Time
	queue     []job
	queued    uint64
	finished  uint64
	progress  chan struct{} // closed when finished grows; nil until a Flush waits
	wake      chan struct{} // 1-buffered: the worker has something to do
	closed    bool          // deleted or the engine closing: no more records
	arrived   chan struct{} // closed when IncomingRecords reaches arrivedAt; nil until a WaitIncoming waits
	arrivedAt int64
	scratch   []byte // the reader's record-plus-delimiter buffer
	m         Metrics

	stopRead context.CancelFunc
	readDone chan struct{}
	packed   []byte // the delivery goroutine's compression buffer; only that goroutine touches it
}

// recMeta is where a buffered record came from, for its dead-letter document.
type recMeta struct {
	shardID, sequenceNumber, partitionKey string
}

// job is one batch to deliver.
type job struct {
	batch buffer.Batch
	meta  []recMeta // data jobs: the records' metadata, in batch order
	dead  bool      // a batch of dead-letter documents
}

func (c *ch) status() ChannelStatus { return ChannelStatus(c.state.Status()) }

func (c *ch) hints() buffer.Hints {
	return buffer.Hints{SizeBytes: c.e.cfg.targetSize, Interval: time.Duration(c.freshness) * time.Second}
}
