package kcl

import (
	"context"
	"errors"
	"hash/fnv"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// Kinesis is what a worker needs of Kinesis Data Streams for polling retrieval: the methods of [*stream.Engine]
// with their signatures, so that an engine, or an adapter of the AWS SDK (awssdk.StreamClient), serves it.
type Kinesis interface {
	ListShards(ctx context.Context, in stream.ListShardsInput) (stream.ListShardsOutput, error)
	GetShardIterator(ctx context.Context, in stream.GetShardIteratorInput) (stream.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in stream.GetRecordsInput) (stream.GetRecordsOutput, error)
}

// Subscription is an enhanced fan-out subscription as a worker reads it: the methods of [*stream.ShardSubscription].
// Events is closed by the subscription when it ends, Err then says why (nil for a clean end: the subscription's
// lifetime, or a closed shard's last event), and Close ends it, waits for its goroutines and is idempotent.
//
// It is an alias of an unnamed interface type, so that an adapter spells the same type without importing kcl:
// awssdk.StreamClient's SubscribeToShard returns awssdk.ShardSubscription, an alias of the same type.
type Subscription = interface {
	Events() <-chan stream.SubscribeToShardEvent
	Err() error
	Close() error
}

// FanOut is what a worker needs for enhanced fan-out retrieval ([WithFanOut]), found on its [Kinesis] client by
// type assertion: SubscribeToShard returning a [Subscription], as awssdk.StreamClient does over the AWS SDK.
// [*stream.Engine], whose SubscribeToShard returns the concrete *stream.ShardSubscription, serves as well
// ([EngineFanOut]): a worker takes either, so the same code reads through the engine and through the SDK.
type FanOut interface {
	SubscribeToShard(ctx context.Context, in stream.SubscribeToShardInput) (Subscription, error)
}

// EngineFanOut is [*stream.Engine]'s SubscribeToShard, which a worker accepts in place of [FanOut].
type EngineFanOut interface {
	SubscribeToShard(ctx context.Context, in stream.SubscribeToShardInput) (*stream.ShardSubscription, error)
}

// fanOutOf returns the client's enhanced fan-out, either shape, or false.
func fanOutOf(c Kinesis) (FanOut, bool) {
	switch fo := c.(type) {
	case FanOut:
		return fo, true
	case EngineFanOut:
		return engineFanOut{fo}, true
	}
	return nil, false
}

// engineFanOut serves [FanOut] with an [EngineFanOut].
type engineFanOut struct{ e EngineFanOut }

func (f engineFanOut) SubscribeToShard(ctx context.Context, in stream.SubscribeToShardInput) (Subscription, error) {
	sub, err := f.e.SubscribeToShard(ctx, in)
	if err != nil || sub == nil { // no typed nil in the interface
		return nil, err
	}
	return sub, nil
}

// Config declares a worker: which stream it reads, who it is, where its leases are and what processes records.
// Every field is required.
type Config struct {
	// Stream is the stream to read, by name or ARN.
	Stream stream.StreamRef
	// WorkerID names the worker in the lease table; workers sharing a table must have different ids.
	WorkerID string
	// Client reaches Data Streams.
	Client Kinesis
	// Leases is the lease table the application's workers share.
	Leases LeaseTable
	// NewProcessor makes the record processor of each lease taken.
	NewProcessor ProcessorFactory
}

// InitialPosition is where a worker starts the shards of a new lease table (the KCL's
// InitialPositionInStreamExtended): TRIM_HORIZON, LATEST, or AT_TIMESTAMP with Timestamp. Children of processed
// shards always start at their trim horizon.
type InitialPosition struct {
	Type      stream.ShardIteratorType
	Timestamp time.Time
}

// Option modifies a worker.
type Option func(*options)

type options struct {
	clock         clock.Clock
	seed          uint64
	seeded        bool
	failover      time.Duration
	maxSteal      int
	initial       InitialPosition
	maxRecords    int
	idle          time.Duration
	parentPoll    time.Duration
	shardSync     time.Duration
	consumerARN   string
	takeInterval  time.Duration
	renewInterval time.Duration
}

func defaults() options {
	return options{
		clock:      clock.Real,
		failover:   10 * time.Second,
		maxSteal:   1,
		initial:    InitialPosition{Type: stream.Latest},
		maxRecords: 10000,
		idle:       1500 * time.Millisecond,
		parentPoll: 10 * time.Second,
		shardSync:  time.Minute,
	}
}

// WithClock sets the clock of renewals, expiry, polling and waits; the default is [clock.Real].
func WithClock(c clock.Clock) Option { return func(o *options) { o.clock = clock.Or(c) } }

// WithSeed seeds the random choices of lease taking (which expired or stolen lease first); the default seed is a
// hash of the worker id, so a worker's choices are the same from run to run.
func WithSeed(seed uint64) Option { return func(o *options) { o.seed, o.seeded = seed, true } }

// WithFailoverTime sets how long a lease's counter must stand still before other workers take it (KCL
// failoverTimeMillis, default 10 s). Leases are renewed every third of it and taken every two of it.
func WithFailoverTime(d time.Duration) Option { return func(o *options) { o.failover = d } }

// WithMaxLeasesToSteal sets the most leases taken from another worker at once (KCL maxLeasesToStealAtOneTime,
// default 1).
func WithMaxLeasesToSteal(n int) Option { return func(o *options) { o.maxSteal = n } }

// WithInitialPosition sets where the shards of a new lease table start (KCL initialPositionInStream, default
// LATEST).
func WithInitialPosition(p InitialPosition) Option { return func(o *options) { o.initial = p } }

// WithMaxRecords sets the most records of one GetRecords call, 1–10000 (KCL maxRecords, default 10000).
func WithMaxRecords(n int) Option { return func(o *options) { o.maxRecords = n } }

// WithIdleTimeBetweenReads sets how long a polling consumer waits between GetRecords calls, and after a failed
// call (KCL idleTimeBetweenReadsInMillis, default 1.5 s); a consumer behind the tip of its shard reads on at once.
func WithIdleTimeBetweenReads(d time.Duration) Option { return func(o *options) { o.idle = d } }

// WithParentShardPollInterval sets how often a child shard's consumer checks whether its parents have reached
// SHARD_END (KCL parentShardPollIntervalMillis, default 10 s).
func WithParentShardPollInterval(d time.Duration) Option {
	return func(o *options) { o.parentPoll = d }
}

// WithShardSyncInterval sets how often the worker lists the stream's shards to create missing leases (KCL
// shardSyncIntervalMillis, default 1 minute); leases of child shards are also created at each shard's end.
func WithShardSyncInterval(d time.Duration) Option { return func(o *options) { o.shardSync = d } }

// WithFanOut reads with enhanced fan-out (SubscribeToShard) as the registered consumer consumerARN, instead of
// polling with GetRecords; the worker's client must implement [FanOut] or [EngineFanOut].
func WithFanOut(consumerARN string) Option { return func(o *options) { o.consumerARN = consumerARN } }

// Errors of NewWorker.
var (
	// ErrInvalidConfig: a required field of Config is missing or an option is out of range.
	ErrInvalidConfig = errors.New("kcl: invalid worker configuration")
)

func (o *options) validate(cfg Config) error {
	switch {
	case cfg.Stream.StreamName == "" && cfg.Stream.StreamARN == "":
		return errors.Join(ErrInvalidConfig, errors.New("kcl: Config.Stream names no stream"))
	case cfg.WorkerID == "":
		return errors.Join(ErrInvalidConfig, errors.New("kcl: Config.WorkerID is empty"))
	case cfg.Client == nil || cfg.Leases == nil || cfg.NewProcessor == nil:
		return errors.Join(ErrInvalidConfig, errors.New("kcl: Config.Client, Leases and NewProcessor are required"))
	case o.failover <= 0 || o.idle <= 0 || o.parentPoll <= 0 || o.shardSync <= 0:
		return errors.Join(ErrInvalidConfig, errors.New("kcl: failover time, idle time, parent poll and shard sync intervals must be positive"))
	case o.maxSteal < 1:
		return errors.Join(ErrInvalidConfig, errors.New("kcl: MaxLeasesToSteal must be at least 1"))
	case o.maxRecords < 1 || o.maxRecords > stream.MaxGetRecordsLimit:
		return errors.Join(ErrInvalidConfig, errors.New("kcl: MaxRecords must be 1 to 10000"))
	}
	switch o.initial.Type {
	case stream.TrimHorizon, stream.Latest:
	case stream.AtTimestamp:
		if o.initial.Timestamp.IsZero() {
			return errors.Join(ErrInvalidConfig, errors.New("kcl: AT_TIMESTAMP needs a timestamp"))
		}
	default:
		return errors.Join(ErrInvalidConfig, errors.New("kcl: the initial position is TRIM_HORIZON, LATEST or AT_TIMESTAMP"))
	}
	if o.consumerARN != "" {
		if _, ok := fanOutOf(cfg.Client); !ok {
			return errors.Join(ErrInvalidConfig, errors.New("kcl: WithFanOut needs a client with SubscribeToShard"))
		}
	}
	if !o.seeded {
		h := fnv.New64a()
		h.Write([]byte(cfg.WorkerID))
		o.seed = h.Sum64()
	}
	o.renewInterval = o.failover / 3
	o.takeInterval = 2 * o.failover
	return nil
}
