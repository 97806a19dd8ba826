package stream

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/btree"
	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/shard"
)

// Engine is one AWS account's Kinesis Data Streams in one region: a registry of named streams and the operations
// of the Kinesis API on them, named as AWS names them.
//
// An Engine is safe for concurrent use by any number of goroutines. It starts no goroutine of its own except for
// subscriptions ([Engine.Subscribe]) and, with the real clock, the timers of status delays and retention; all of
// them end in [Engine.Close]. Every call after Close returns [ErrClosed].
type Engine struct {
	cfg       config
	clk       clock.Clock
	key       [32]byte      // signs iterators and pagination tokens
	serial    atomic.Uint64 // numbers the tokens issued
	iterFloor atomic.Uint64 // iterators numbered up to this have been expired by ExpireIterators
	ctl       controls      // test controls

	mu       sync.RWMutex
	byName   map[string]*dataStream
	byEpoch  map[uint32]*dataStream
	names    *btree.BTreeG[*dataStream] // by name, for ListStreams
	creating int                        // streams in CREATING or DELETING
	shards   int                        // open shards over all streams
	epochSeq uint32
	closed   bool

	done chan struct{}  // closed by Close
	wg   sync.WaitGroup // timer callbacks and subscriptions
}

// New returns an engine with no streams. It does no I/O and starts nothing: creation takes microseconds.
func New(opts ...Option) *Engine {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if !cfg.seeded {
		var b [8]byte
		_, _ = rand.Read(b[:])
		cfg.seed = binary.LittleEndian.Uint64(b[:])
	}
	e := &Engine{
		cfg:     cfg,
		clk:     cfg.clock,
		byName:  make(map[string]*dataStream),
		byEpoch: make(map[uint32]*dataStream),
		names:   btree.NewG(8, func(a, b *dataStream) bool { return a.name < b.name }),
		done:    make(chan struct{}),
	}
	var seed [8]byte
	binary.LittleEndian.PutUint64(seed[:], cfg.seed)
	e.key = sha256.Sum256(append([]byte("kinesim token key "), seed[:]...))
	e.epochSeq = uint32(cfg.seed>>32) ^ uint32(cfg.seed)
	return e
}

// Clock returns the engine's clock.
func (e *Engine) Clock() clock.Clock { return e.clk }

// AccountID returns the account id used in ARNs and messages.
func (e *Engine) AccountID() string { return e.cfg.accountID }

// Region returns the region used in ARNs.
func (e *Engine) Region() string { return e.cfg.region }

// Close ends the engine: blocking reads and subscriptions end (their channels close), pending timers stop, and
// every later call returns [ErrClosed]. Close waits for the engine's goroutines and is idempotent.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		e.wg.Wait()
		return nil
	}
	e.closed = true
	close(e.done)
	streams := e.streamsLocked()
	e.mu.Unlock()
	for _, s := range streams {
		s.stopTimers()
	}
	e.wg.Wait()
	return nil
}

// streamsLocked returns the registered streams. e.mu must be held.
func (e *Engine) streamsLocked() []*dataStream {
	streams := make([]*dataStream, 0, len(e.byName))
	for _, s := range e.byName {
		streams = append(streams, s)
	}
	return streams
}

// enter registers a unit of background work (a timer callback or a subscription); it reports false once the
// engine is closed. The caller calls e.wg.Done when the work ends.
func (e *Engine) enter() bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return false
	}
	e.wg.Add(1)
	return true
}

// afterFunc runs f after d on the engine's clock, unless the engine closes first.
func (e *Engine) afterFunc(d time.Duration, f func()) clock.Timer {
	return e.clk.AfterFunc(d, func() {
		if !e.enter() {
			return
		}
		defer e.wg.Done()
		f()
	})
}

// dataStream is one stream. Lock order: Engine.mu, then dataStream.mu, then shardState.mu.
type dataStream struct {
	e             *Engine
	name, arn     string
	epoch         uint32
	created       time.Time
	mode          StreamMode
	maxRecordSize atomic.Int64 // bytes; set by CreateStream and UpdateMaxRecordSize
	discardData   bool
	tags          map[string]string

	mu         sync.RWMutex
	status     StreamStatus
	retention  time.Duration
	throttling bool
	shards     []*shardState    // every shard not yet expired, by index
	open       []*shardState    // open shards in hash-key order, for routing
	starts     []record.HashKey // the first hash key of each open shard (routing's binary search)
	nextIndex  int
	statusT    clock.Timer
	scalings   []time.Time // UpdateShardCount calls of the last 24 hours
	reserved   int         // shards a pending reshard has taken from the account's quota

	modeChanges []time.Time // UpdateStreamMode calls of the last 24 hours
	scaler      clock.Timer // the on-demand scaler's next tick; nil when the stream is provisioned
	peaks       peakWindow  // per-minute write rates that may still be the 30-day peak

	removed bool // deleted and dropped from the registry

	retMu    sync.Mutex
	retTimer clock.Timer // fires when the oldest record expires; nil when none is armed
	retArmed atomic.Bool // a retention timer is armed (read on the put path without locks)

	hashes atomic.Pointer[hashCache] // memoised partition-key hashes; made once the stream is busy
	puts   atomic.Int64              // records put before the cache was made
}

// shardState is a shard's log with what the shell adds: its lock, the wake-up signal of blocking readers, and
// throttling state.
type shardState struct {
	mu    sync.Mutex
	log   *shard.Log
	index int
	// waiters are the wake-up channels (1-buffered, one per blocking reader) of the readers waiting for the next
	// append; an append signals each without blocking and clears the list.
	waiters []chan struct{}
	gone    bool // the stream was deleted

	writeRecords, writeBytes *rate.Limiter
	readCalls, readBytes     *rate.Limiter
	iteratorCalls            *rate.Limiter
	penaltyUntil             time.Time
	throttleMsg              string

	meter meter // shard-level metrics
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
		throttleMsg:   throttledMessage(record.ShardID(index), s.name, s.e.cfg.accountID),
	}
}

// signal wakes the shard's blocking readers. sh.mu must be held.
func (sh *shardState) signal() {
	for i, w := range sh.waiters {
		select {
		case w <- struct{}{}:
		default: // already signalled
		}
		sh.waiters[i] = nil
	}
	sh.waiters = sh.waiters[:0]
}

// await registers a reader's wake-up channel for the next append (or close, or deletion). sh.mu must be held.
func (sh *shardState) await(wake chan struct{}) { sh.waiters = append(sh.waiters, wake) }

// unawait removes a reader's wake-up channel that is no longer waited on. sh.mu must be held.
func (sh *shardState) unawait(wake chan struct{}) {
	for i, w := range sh.waiters {
		if w == wake {
			last := len(sh.waiters) - 1
			sh.waiters[i], sh.waiters[last] = sh.waiters[last], nil
			sh.waiters = sh.waiters[:last]
			return
		}
	}
}

func (s *dataStream) stopTimers() {
	s.mu.Lock()
	if s.statusT != nil {
		s.statusT.Stop()
		s.statusT = nil
	}
	if s.scaler != nil {
		s.scaler.Stop()
		s.scaler = nil
	}
	s.mu.Unlock()
	s.retMu.Lock()
	if s.retTimer != nil {
		s.retTimer.Stop()
		s.retTimer = nil
	}
	s.retMu.Unlock()
}

// resolve returns the stream a StreamRef names. With data set, a stream still CREATING is not found, as in AWS.
// path is the input field name used in validation messages ("streamName").
func (e *Engine) resolve(ref StreamRef, data bool) (*dataStream, error) {
	name, err := e.refName(ref)
	if err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return nil, ErrClosed
	}
	s := e.byName[name]
	if s == nil {
		return nil, e.streamNotFound(name)
	}
	if data {
		s.mu.RLock()
		st := s.status
		s.mu.RUnlock()
		if st == StreamStatusCreating {
			return nil, e.streamNotFound(name)
		}
	}
	return s, nil
}

// refName validates a StreamRef and returns the stream name it designates.
func (e *Engine) refName(ref StreamRef) (string, error) {
	var v violations
	v.streamName("streamName", ref.StreamName, false)
	if ref.StreamARN != "" && len(ref.StreamARN) > 2048 {
		v.add(quote(ref.StreamARN), "streamARN", lengthAtMost+"2048")
	}
	if err := v.err(); err != nil {
		return "", err
	}
	name := ref.StreamName
	if ref.StreamARN != "" {
		region, account, arnName, ok := parseStreamARN(ref.StreamARN)
		if !ok {
			return "", apierr.InvalidArgument.New("Invalid StreamARN %s.", ref.StreamARN)
		}
		if name != "" && name != arnName {
			return "", apierr.InvalidArgument.New("StreamARN %s and StreamName %s do not refer to the same stream.", ref.StreamARN, name)
		}
		if region != e.cfg.region || account != e.cfg.accountID {
			return "", apierr.ResourceNotFound.New("Stream %s under account %s not found.", arnName, account)
		}
		name = arnName
	}
	if name == "" {
		return "", apierr.InvalidArgument.New("Either StreamName or StreamARN must be provided.")
	}
	return name, nil
}

// StreamARN returns the ARN of the stream name in this engine's account and region.
func (e *Engine) StreamARN(name string) string {
	return "arn:aws:kinesis:" + e.cfg.region + ":" + e.cfg.accountID + ":stream/" + name
}

func parseStreamARN(arn string) (region, account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") || parts[2] != "kinesis" {
		return "", "", "", false
	}
	res, found := strings.CutPrefix(parts[5], "stream/")
	if !found || !validName(res) || len(res) > 128 {
		return "", "", "", false
	}
	return parts[3], parts[4], res, true
}

// live reports ctx's error or ErrClosed.
func (e *Engine) live(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case <-e.done:
		return ErrClosed
	default:
		return nil
	}
}
