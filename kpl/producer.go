package kpl

import (
	"context"
	"sync"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// Client is what a [Producer] needs of Kinesis Data Streams: *stream.Engine satisfies it, and so does the
// SDK-backed awssdk.StreamClient, so the same producer runs in process and against AWS. A producer calls it from
// its own goroutine, one call at a time, with a context that is never cancelled (Close drains); errors are matched
// with errors.Is against the apierr values (ProvisionedThroughputExceeded and other retryable ones are retried).
type Client interface {
	// PutRecords puts up to 500 records (5 MiB) and reports each entry's sequence number and shard, or its error.
	PutRecords(ctx context.Context, in stream.PutRecordsInput) (stream.PutRecordsOutput, error)
	// ListShards lists the stream's shards (open and closed, with their hash-key ranges), page by page.
	ListShards(ctx context.Context, in stream.ListShardsInput) (stream.ListShardsOutput, error)
}

// maxListPages bounds one listing of the shard map (1,000 shards per page: a million shards).
const maxListPages = 1000

// Producer puts user records into one stream as the KPL does: it buffers them for up to RecordMaxBufferedTime,
// aggregates those predicted for the same shard into KPL aggregated records, collects the aggregates into
// PutRecords calls, rate-limits each shard to its write limits, retries failed and throttled records until their
// RecordTtl, and hands out one [Result] per user record. See the package documentation.
//
// A Producer is safe for concurrent use. It runs one goroutine, started by [New] and ended by [Producer.Close],
// which makes the PutRecords and ListShards calls one at a time.
type Producer struct {
	c   Client
	clk clock.Clock
	cfg config

	mu      sync.Mutex
	core    *core
	closed  bool
	flushes []chan struct{}
	timer   clock.Timer // armed only while the goroutine waits; stopped by whoever wakes it
	armed   bool        // timer is armed

	signal  chan struct{}
	exited  chan struct{}
	results chan Result
	once    sync.Once
}

// New returns a Producer putting into the stream ref names (by StreamName or StreamARN) through c, and starts its
// goroutine. Errors: [ErrNilClient]; [ErrInvalidOption] for an option out of its range. The stream is not looked
// up here: the first send lists its shards, and a missing stream fails the records with ResourceNotFoundException
// once their TTL has passed.
func New(c Client, ref stream.StreamRef, opts ...Option) (*Producer, error) {
	if c == nil {
		return nil, ErrNilClient
	}
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	p := &Producer{c: c, clk: cfg.clock, cfg: cfg, signal: make(chan struct{}, 1), exited: make(chan struct{})}
	p.core = newCore(&p.cfg, ref)
	if cfg.resultsEnabled {
		p.results = make(chan Result, cfg.results)
	}
	go p.run()
	return p, nil
}

// Put buffers one user record and returns the future of its [Result]. The record is checked as the KPL's
// addUserRecord checks it, and its data is kept (not copied) until its result is out.
//
// Errors: [ErrNilContext]; ctx's error if it is done; [ErrInvalidRecord]; [ErrClosed] after [Producer.Close].
// A refused record is not buffered.
func (p *Producer) Put(ctx context.Context, r UserRecord) (*Pending, error) {
	if ctx == nil {
		return nil, ErrNilContext
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	hk, size, err := check(&r)
	if err != nil {
		return nil, err
	}
	e := &entry{rec: r, hk: hk, size: size}
	e.pending.done = make(chan struct{})
	e.p = &e.pending
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	p.core.add(p.clk.Now(), e)
	p.wakeLocked()
	p.mu.Unlock()
	return e.p, nil
}

// Flush sends every buffered record at once, without waiting for RecordMaxBufferedTime, and returns when every
// record put so far, and any put meanwhile, has its result (the KPL's flushSync). Retries still wait for their
// backoff and the shards' rate limits on the producer's clock.
//
// Errors: [ErrNilContext]; ctx's error if it ends the wait (the records stay buffered and keep going);
// [ErrClosed] after [Producer.Close].
func (p *Producer) Flush(ctx context.Context) error {
	if ctx == nil {
		return ErrNilContext
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	if p.core.outstanding == 0 {
		p.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	p.flushes = append(p.flushes, ch)
	p.core.flushing = true
	p.wakeLocked()
	p.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops taking records, sends every buffered one at once, waits until each has its result (retries
// included, on the producer's clock: with a clock.Manual, keep advancing it), closes the [Producer.Results]
// channel and ends the producer's goroutine. It is idempotent and returns nil.
func (p *Producer) Close() error {
	p.once.Do(func() {
		p.mu.Lock()
		p.closed = true
		p.core.flushing = true
		p.wakeLocked()
		p.mu.Unlock()
	})
	<-p.exited
	return nil
}

// Results returns the channel on which every user record's result is delivered as well, when the producer was
// made with [WithResults]; else nil. [Producer.Close] closes it after the last result. The producer waits while
// the channel is full.
func (p *Producer) Results() <-chan Result { return p.results }

// Metrics returns a snapshot of the producer's counters.
func (p *Producer) Metrics() Metrics {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.core.m
}

// wakeLocked wakes the goroutine: it stops its timer, so that an armed timer always means the goroutine is waiting
// with nothing to do before it (a test on a clock.Manual can then step to it), and signals. p.mu must be held.
func (p *Producer) wakeLocked() {
	if p.armed {
		p.timer.Stop()
		p.armed = false
	}
	select {
	case p.signal <- struct{}{}:
	default:
	}
}

// run is the producer's goroutine: it asks the core what to send, makes the calls, and delivers the results.
func (p *Producer) run() {
	defer close(p.exited)
	defer func() {
		p.mu.Lock()
		if p.timer != nil {
			p.timer.Stop()
		}
		p.mu.Unlock()
		if p.results != nil {
			close(p.results)
		}
	}()
	ctx := context.Background() // calls are not cancelled: Close drains
	for {
		p.mu.Lock()
		now := p.clk.Now()
		if p.core.wantMap(now) {
			p.mu.Unlock()
			shards, err := p.listShards(ctx)
			p.mu.Lock()
			if now = p.clk.Now(); err != nil {
				p.core.mapFailed(now, err)
			} else {
				p.core.setMap(now, shards)
			}
			p.settle()
			continue
		}
		req, wake := p.core.next(now)
		if req != nil {
			p.settle()
			out, err := p.c.PutRecords(ctx, req.input)
			p.mu.Lock()
			p.core.complete(p.clk.Now(), req, out, err)
			p.settle()
			continue
		}
		exit := p.closed && p.core.outstanding == 0
		var tc <-chan time.Time
		if !exit && !wake.IsZero() {
			d := wake.Sub(now)
			if p.timer == nil {
				p.timer = p.clk.NewTimer(d)
			} else {
				p.timer.Reset(d)
			}
			p.armed = true
			tc = p.timer.C()
		}
		p.settle()
		if exit {
			return
		}
		select {
		case <-p.signal:
		case <-tc: // armed stays true: a Stop of a fired timer does nothing
		}
	}
}

// settle unlocks, delivers the core's completions, and then releases the flushes that are done, so that every
// result is out when a Flush returns.
func (p *Producer) settle() {
	var release []chan struct{}
	if p.core.outstanding == 0 && len(p.flushes) > 0 {
		release = p.flushes
		p.flushes = nil
		p.core.flushing = p.closed
	}
	done := p.core.takeDone()
	p.mu.Unlock()
	for _, d := range done {
		d.p.complete(d.r)
		if p.results != nil {
			p.results <- d.r
		}
	}
	for _, ch := range release {
		close(ch)
	}
}

// listShards reads the whole shard map, following NextToken.
func (p *Producer) listShards(ctx context.Context) ([]stream.Shard, error) {
	in := stream.ListShardsInput{StreamRef: p.core.ref}
	var shards []stream.Shard
	for range maxListPages {
		out, err := p.c.ListShards(ctx, in)
		if err != nil {
			return nil, err
		}
		shards = append(shards, out.Shards...)
		if out.NextToken == "" {
			return shards, nil
		}
		in = stream.ListShardsInput{NextToken: out.NextToken}
	}
	return shards, nil
}
