package stream

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/btree"
	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/internal/engine"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/meter"
	"github.com/kinesim/kinesim/internal/notify"
	"github.com/kinesim/kinesim/internal/quota"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/shard"
)

// Engine is one AWS account's Kinesis Data Streams in one region: a registry of named streams and the operations
// of the Kinesis API on them, named as AWS names them.
//
// An Engine is safe for concurrent use by any number of goroutines. It starts no goroutine of its own except for
// subscriptions ([Engine.Subscribe], [Engine.SubscribeToShard]) and, with the real clock, the timers of status
// delays, retention and on-demand scaling; all of them end in [Engine.Close]. Every call after Close returns
// [ErrClosed]. An Engine that nobody references any more is garbage collected with its records, closed or not: its
// timers hold it weakly.
type Engine struct {
	cfg       config
	clk       clock.Clock
	life      *lifecycle.Group // background work: subscriptions and timers
	tokens    *token.Signer    // signs iterators and pagination tokens
	iterFloor atomic.Uint64    // iterators numbered up to this have been expired by ExpireIterators
	ctl       *control.Set     // test controls
	// reads is cancelled when Close begins, before the lifecycle group closes: it wakes the blocking readers (each
	// has a context.AfterFunc on it), which then find the engine closed (live) and end. A reader thus waits on its
	// wake-up channel alone, not in a select with the group's Done channel, which every reader would share.
	reads     context.Context
	stopReads context.CancelFunc

	hashes atomic.Pointer[hashCache] // memoised partition-key hashes, shared by all streams; made once busy
	puts   atomic.Int64              // records put before the cache was made

	mu          sync.RWMutex
	byName      map[string]*dataStream
	byEpoch     map[uint32]*dataStream
	names       *btree.BTreeG[*dataStream] // by name, for ListStreams
	transitions status.Limit               // streams in CREATING or DELETING
	shards      int                        // open shards over all streams, and shards reserved by pending changes
	epochSeq    uint32

	acct accountState // DescribeLimits' and the account settings' rate limits, the account settings (account.go)
}

// engines counts the engines made, for their default goroutine labels.
var engines atomic.Uint64

// New returns an engine with no streams. It does no I/O and starts nothing: creation takes microseconds.
func New(opts ...Option) *Engine {
	cfg := defaultConfig()
	engine.Apply(&cfg, opts)
	cfg.Fill("stream", &engines)
	e := &Engine{
		cfg:         cfg,
		clk:         cfg.Clock,
		life:        lifecycle.New(cfg.Clock, cfg.Label),
		tokens:      token.NewSigner(cfg.Seed, "kinesim token key"),
		ctl:         cfg.Controls,
		byName:      make(map[string]*dataStream),
		byEpoch:     make(map[uint32]*dataStream),
		names:       btree.NewG(8, func(a, b *dataStream) bool { return a.name < b.name }),
		transitions: status.Limit{Max: cfg.maxTransitions},
	}
	e.epochSeq = uint32(cfg.Seed>>32) ^ uint32(cfg.Seed)
	e.reads, e.stopReads = context.WithCancel(context.Background())
	lifecycle.Attach(e.life, e)
	return e
}

// Clock returns the engine's clock.
func (e *Engine) Clock() clock.Clock { return e.clk }

// Account returns the account and region the engine's streams belong to, as ARNs and messages show them.
func (e *Engine) Account() arn.Account { return e.cfg.Account }

// AccountID returns the account id used in ARNs and messages.
func (e *Engine) AccountID() string { return e.cfg.Account.ID }

// Region returns the region used in ARNs.
func (e *Engine) Region() string { return e.cfg.Account.Region }

// Controls returns the engine's test controls (see [Engine.Control]); with [WithControls] they are shared with
// the other services of an account.
func (e *Engine) Controls() *control.Set { return e.ctl }

// Close ends the engine: blocking reads and subscriptions end (their channels close), every timer stops, and
// every later call returns [ErrClosed]. Close waits for the engine's goroutines and is idempotent. It must not be
// called from a control function or a timer of the engine.
func (e *Engine) Close() error {
	e.stopReads() // first: live reports ErrClosed from here on, and the blocking readers wake to find it
	e.life.Close()
	return nil
}

// begin starts an operation: a nil or done ctx or a closed engine fails the call, and the test controls of op see
// the call. It returns the entry errors a control asked for. It takes the input by pointer, and is generic in it,
// so that a copy of the input becomes an interface value (and escapes) only when a control is installed: with
// none, an operation copies and allocates nothing here.
func begin[In any](e *Engine, ctx context.Context, op control.Op, in *In) (map[int]*apierr.Error, error) {
	if err := e.enter(ctx); err != nil {
		return nil, err
	}
	if !e.ctl.Active() {
		return nil, nil
	}
	return e.ctl.Intercept(ctx, control.Env{Clock: e.clk, Done: e.life.Done(), Closed: ErrClosed}, op, *in)
}

// enter starts a call that controls do not see: a nil or done ctx or a closed engine fails it.
func (e *Engine) enter(ctx context.Context) error {
	if ctx == nil {
		return ErrNilContext
	}
	return e.live(ctx)
}

// live reports ctx's error or ErrClosed.
func (e *Engine) live(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.life.Closed() || e.reads.Err() != nil {
		return ErrClosed
	}
	return nil
}

// dataStream is one stream. Lock order: Engine.mu, then dataStream.mu, then shardState.mu; retMu comes last (it
// may be taken with the others held, and nothing else is taken while it is held but the lifecycle group's lock),
// and so does dryRuns.mu (nothing at all is taken while it is held).
type dataStream struct {
	e             *Engine
	name, arn     string
	epoch         uint32
	created       time.Time
	maxRecordSize atomic.Int64 // bytes; set by CreateStream and UpdateMaxRecordSize
	discardData   bool

	mu         sync.RWMutex
	state      status.Machine // CREATING, ACTIVE, UPDATING, DELETING, with the pending transition
	pending    change         // the change applied when UPDATING ends
	mode       StreamMode
	tags       tagSet
	retention  time.Duration
	throttling bool
	shards     []*shardState              // every shard not yet expired, by index
	open       []*shardState              // open shards in hash-key order, for routing
	ranges     []record.HashKeyRange      // the hash-key range of each open shard (routing's binary search)
	routes     atomic.Pointer[routeTable] // made from ranges by the first put after they change (nil: not yet)
	nextIndex  int
	scalings   quota.Rolling // UpdateShardCount calls of the last 24 hours
	modes      quota.Rolling // UpdateStreamMode calls of the last 24 hours
	scaler     *lifecycle.Timer
	peaks      peakWindow    // per-minute write rates that may still be the 30-day peak
	reserved   int           // shards a pending change has taken from the account's quota
	warmMiBps  int           // on-demand warm throughput target (UpdateStreamWarmThroughput), MiB/s; 0 for none
	auto       atomic.Bool   // AUTO record distribution (read on the put path; set with s.mu held for writing)
	autoNext   atomic.Uint64 // AUTO's round-robin cursor over the open shards
	removed    bool          // deleted and dropped from the registry
	monitoring metricSet     // enhanced monitoring's shard-level metrics (monitoring.go)
	enc        encryption    // server-side encryption (encryption.go)
	policy     string        // the resource policy, "" for none (policy.go)

	efo consumerRegistry // enhanced fan-out consumers (consumers.go)

	dryRuns dryRunLimit // the dry-run quota of the five data-plane operations (dryrun.go)

	retMu    sync.Mutex
	retTimer *lifecycle.Timer // fires when the oldest record expires; nil when none is armed
	retArmed atomic.Bool      // a retention timer is armed (read on the put path without locks)
}

// streamStatus returns the stream's state. s.mu must be held.
func (s *dataStream) streamStatus() StreamStatus { return StreamStatus(s.state.Status()) }

// shardState is a shard's log with what the shell adds: its lock, the wake-up list of blocking readers, and
// throttling state.
type shardState struct {
	mu      sync.Mutex
	log     *shard.Log
	index   int
	waiters notify.List // blocking readers waiting for the next append (or close, or deletion)
	gone    bool        // the stream was deleted, or the shard expired

	writeRecords, writeBytes *rate.Limiter
	readCalls, readBytes     *rate.Limiter
	iteratorCalls            *rate.Limiter
	penaltyUntil             time.Time
	throttleMsg              string

	meter meter.Meter[Datapoint] // shard-level metrics

	encMarks []encMark // where the shard's records start or stop being encrypted, by position (encryption.go)
}

func (s *dataStream) newShard(now time.Time, index int, r record.HashKeyRange, parent, adjacent string) *shardState {
	burst := max(WriteBytesPerShard, int(s.maxRecordSize.Load()))
	return &shardState{
		log: shard.New(shard.Config{
			Index: index, Epoch: s.epoch, HashKeyRange: r,
			ParentShardID: parent, AdjacentParentShardID: adjacent, Created: now, DiscardData: s.discardData,
		}),
		index:         index,
		writeRecords:  rate.NewLimiter(WriteRecordsPerShard, WriteRecordsPerShard),
		writeBytes:    rate.NewLimiter(WriteBytesPerShard, burst),
		readCalls:     rate.NewLimiter(ReadCallsPerShard, ReadCallsPerShard),
		readBytes:     rate.NewLimiter(ReadBytesPerShard, MaxGetRecordsBytes),
		iteratorCalls: rate.NewLimiter(GetShardIteratorCallsPerShard, GetShardIteratorCallsPerShard),
		throttleMsg:   throttledMessage(record.ShardID(index), s.name, s.e.cfg.Account.ID),
		meter:         meter.Meter[Datapoint]{Window: meter.RetentionMinutes},
		encMarks:      s.enc.initialMarks(),
	}
}

// resolve returns the stream a StreamRef names. With data set, a stream still CREATING is not found, as in AWS.
func (e *Engine) resolve(ref StreamRef, data bool) (*dataStream, error) {
	name, err := e.refName(ref)
	if err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.life.Closed() {
		return nil, ErrClosed
	}
	s := e.byName[name]
	if s == nil {
		return nil, e.streamNotFound(name)
	}
	if data {
		s.mu.RLock()
		creating := s.state.Is(status.Creating)
		s.mu.RUnlock()
		if creating {
			return nil, e.streamNotFound(name)
		}
	}
	return s, nil
}

// refName validates a StreamRef and returns the stream name it designates.
func (e *Engine) refName(ref StreamRef) (string, error) {
	var v validate.Violations
	if ref.StreamName != "" {
		v.Name("streamName", ref.StreamName, MaxStreamNameLength)
	}
	if len(ref.StreamARN) > 2048 {
		v.Add(validate.Quote(ref.StreamARN), "streamARN", validate.LengthAtMost+"2048")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	name := ref.StreamName
	if ref.StreamARN != "" {
		a, err := arn.ParseStreamARN(ref.StreamARN)
		if err != nil {
			return "", apierr.InvalidArgument.New("Invalid StreamARN %s.", ref.StreamARN)
		}
		if name != "" && name != a.Name {
			return "", apierr.InvalidArgument.New("StreamARN %s and StreamName %s do not refer to the same stream.", ref.StreamARN, name)
		}
		if !e.cfg.Account.Owns(a.ARN) {
			return "", apierr.ResourceNotFound.New("Stream %s under account %s not found.", a.Name, a.AccountID)
		}
		name = a.Name
	}
	if name == "" {
		return "", apierr.InvalidArgument.New("Either StreamName or StreamARN must be provided.")
	}
	return name, nil
}

// StreamARN returns the ARN of the stream name in this engine's account and region.
func (e *Engine) StreamARN(name string) string { return e.cfg.Account.StreamARN(name) }
