package kcl

import (
	"context"
	"errors"
	"sync"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// shardConsumer runs the record processor of one held lease on its own goroutine (the KCL's ShardConsumer): it
// waits for the shard's parents, initialises the processor, delivers batches, and ends the lease one of three ways
// (lease lost, shard ended, shutdown requested).
type shardConsumer struct {
	w        *Worker
	hl       *heldLease
	ctx      context.Context // cancelled when the lease is lost or the worker closes
	shardID  string
	shutdown chan struct{} // closed by requestShutdown
	shutOnce sync.Once
	done     chan struct{} // closed when run returns
	timer    clock.Timer   // the consumer's waits; only run uses it

	mu        sync.Mutex // guards the checkpoint state below (a processor may checkpoint from any goroutine)
	delivered Checkpoint // the last user record delivered
	atEnd     bool       // in ShardEnded: Checkpoint records SHARD_END
	ended     bool       // SHARD_END was checkpointed
	cp        Checkpointer
}

func newShardConsumer(w *Worker, hl *heldLease, ctx context.Context) *shardConsumer {
	c := &shardConsumer{w: w, hl: hl, ctx: ctx, shardID: hl.l.LeaseKey, shutdown: make(chan struct{}), done: make(chan struct{})}
	c.cp.c = c
	return c
}

func (c *shardConsumer) requestShutdown() { c.shutOnce.Do(func() { close(c.shutdown) }) }

// largest is what Checkpoint records: the last user record delivered, or SHARD_END at the shard's end.
func (c *shardConsumer) largest() Checkpoint {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.atEnd {
		return CheckpointShardEnd
	}
	return c.delivered
}

// checkpoint writes cp to the lease table, if it lies between the last checkpoint and the last record delivered.
func (c *shardConsumer) checkpoint(ctx context.Context, cp Checkpoint, all bool) error {
	if ctx == nil {
		return ErrNilContext
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !(all && cp == CheckpointShardEnd) {
		last := c.hl.lease().Checkpoint
		if cp.IsSentinel() && cp != last || !cp.IsSentinel() && (cp.Less(last) || c.delivered.Less(cp)) {
			return ErrCheckpointOutOfRange
		}
	}
	err := c.hl.write(c.w.clk.Now(), func(l Lease) (Lease, error) { return c.w.cfg.Leases.UpdateCheckpoint(ctx, l, cp) })
	if err == nil && cp == CheckpointShardEnd {
		c.ended = true
	}
	return err
}

// run is the consumer's goroutine.
func (c *shardConsumer) run() {
	w := c.w
	defer w.wg.Done()
	defer close(c.done)
	defer w.consumerDone(c)
	defer func() {
		if c.timer != nil {
			c.timer.Stop()
		}
	}()
	if !c.waitForParents() {
		return
	}
	l := c.hl.lease()
	proc := w.cfg.NewProcessor(c.shardID)
	if proc == nil { // nothing to process with: give the lease up rather than hold it idle
		w.release(w.ctx, c.hl)
		return
	}
	c.mu.Lock()
	c.delivered = l.Checkpoint
	c.mu.Unlock()
	proc.Initialize(c.ctx, InitializationInput{ShardId: c.shardID, Checkpoint: l.Checkpoint})
	hashRange := l.HashKeyRange
	if hashRange == (record.HashKeyRange{}) {
		hashRange = agg.AllHashKeys
	}
	var r retriever
	if w.o.consumerARN != "" {
		fo, _ := fanOutOf(w.cfg.Client) // validate made sure it has one
		r = &fanoutRetriever{c: c, fo: fo, pos: c.startFrom(l.Checkpoint)}
	} else {
		r = &poller{c: c, pos: c.startFrom(l.Checkpoint)}
	}
	defer r.close()
	skip := l.Checkpoint // user records up to it were processed before
	var buf []agg.UserRecord
	for {
		if c.ending(proc) {
			return
		}
		b, ok := r.next()
		if !ok {
			continue
		}
		buf = buf[:0]
		for _, rec := range b.records {
			if rec.ShardId == "" { // an SDK's records do not carry it
				rec.ShardId = c.shardID
			}
			buf, _ = agg.AppendDeaggregated(buf, rec, hashRange) // the KCL drops what is outside the shard, silently
		}
		if !skip.IsSentinel() && skip.SequenceNumber != "" {
			n := 0
			for _, u := range buf {
				if !skip.Less(Checkpoint{SequenceNumber: u.SequenceNumber.String(), SubSequenceNumber: u.SubSequenceNumber}) {
					continue // at or before the checkpoint
				}
				buf[n] = u
				n++
			}
			buf = buf[:n]
			if len(b.records) > 0 {
				skip = Checkpoint{}
			}
		}
		if len(buf) > 0 {
			last := buf[len(buf)-1]
			c.mu.Lock()
			c.delivered = Checkpoint{SequenceNumber: last.SequenceNumber.String(), SubSequenceNumber: last.SubSequenceNumber}
			c.mu.Unlock()
			proc.ProcessRecords(c.ctx, ProcessRecordsInput{ShardId: c.shardID, Records: buf, MillisBehindLatest: b.behind, Checkpointer: &c.cp})
		}
		if b.end {
			c.endShard(proc, b.children)
			return
		}
	}
}

// ending reports whether the consumer must stop, calling LeaseLost or ShutdownRequested as the reason wants
// (nothing when the worker was closed).
func (c *shardConsumer) ending(proc RecordProcessor) bool {
	if c.w.ctx.Err() != nil {
		return true
	}
	if c.hl.isLost() {
		proc.LeaseLost(c.w.ctx, LeaseLostInput{ShardId: c.shardID})
		return true
	}
	select {
	case <-c.shutdown:
		proc.ShutdownRequested(c.w.ctx, ShutdownRequestedInput{ShardId: c.shardID, Checkpointer: &c.cp})
		return true
	default:
	}
	return false
}

// waitForParents waits until every parent lease is checkpointed at SHARD_END (or gone); it reports false when the
// consumer must stop first.
func (c *shardConsumer) waitForParents() bool {
	for {
		pending := false
		for _, p := range c.hl.lease().ParentShardIds {
			pl, err := c.w.cfg.Leases.GetLease(c.ctx, p)
			if errors.Is(err, ErrLeaseNotFound) {
				continue
			}
			if err != nil || pl.Checkpoint != CheckpointShardEnd {
				pending = true
				break
			}
		}
		if !pending {
			return c.ctx.Err() == nil
		}
		if !c.w.sleep(&c.timer, c.w.o.parentPoll, c.ctx.Done(), c.shutdown) {
			return false
		}
	}
}

// endShard creates the children's leases, calls ShardEnded until the processor checkpoints SHARD_END, and
// releases the lease.
func (c *shardConsumer) endShard(proc RecordProcessor, children []stream.ChildShard) {
	for _, ch := range children {
		l := Lease{LeaseKey: ch.ShardId, ParentShardIds: ch.ParentShards, HashKeyRange: ch.HashKeyRange, Checkpoint: CheckpointTrimHorizon}
		for c.ctx.Err() == nil {
			if _, err := c.w.cfg.Leases.CreateLeaseIfNotExists(c.ctx, l); err == nil {
				break
			}
			if !c.w.sleep(&c.timer, c.w.o.idle, c.ctx.Done()) {
				break
			}
		}
	}
	c.mu.Lock()
	c.atEnd = true
	c.mu.Unlock()
	for {
		if c.w.ctx.Err() != nil {
			return
		}
		if c.hl.isLost() {
			proc.LeaseLost(c.w.ctx, LeaseLostInput{ShardId: c.shardID})
			return
		}
		proc.ShardEnded(c.ctx, ShardEndedInput{ShardId: c.shardID, Checkpointer: &c.cp})
		c.mu.Lock()
		ended := c.ended
		c.mu.Unlock()
		if ended {
			c.w.release(c.w.ctx, c.hl)
			return
		}
		if !c.w.sleep(&c.timer, c.w.o.idle, c.ctx.Done()) {
			continue
		}
	}
}

// position is where a retriever reads next.
type position struct {
	typ stream.ShardIteratorType
	seq string
}

// startFrom returns where a lease checkpointed at cp starts: at the checkpointed record (its later user records,
// and the records after it, are delivered), or at the sentinel's position.
func (c *shardConsumer) startFrom(cp Checkpoint) position {
	switch cp.SequenceNumber {
	case SentinelTrimHorizon:
		return position{typ: stream.TrimHorizon}
	case SentinelLatest:
		return position{typ: stream.Latest}
	case SentinelAtTimestamp:
		return position{typ: stream.AtTimestamp}
	case "":
		return position{typ: c.w.o.initial.Type}
	}
	return position{typ: stream.AtSequenceNumber, seq: cp.SequenceNumber}
}

// batch is what one retrieval gives.
type batch struct {
	records  []record.Record
	behind   int64
	children []stream.ChildShard
	end      bool
}

// retriever gets a shard's records, polling or by enhanced fan-out. next blocks; it reports false when the
// consumer must stop or the call failed (the consumer looks at why and calls again).
type retriever interface {
	next() (batch, bool)
	close()
}

// poller reads with GetShardIterator and GetRecords.
type poller struct {
	c        *shardConsumer
	pos      position
	iterator string
	wait     bool // wait the idle time before the next call
}

func (p *poller) next() (batch, bool) {
	c, w := p.c, p.c.w
	if p.wait && !w.sleep(&c.timer, w.o.idle, c.ctx.Done(), c.shutdown) {
		return batch{}, false
	}
	p.wait = true
	if p.iterator == "" {
		in := stream.GetShardIteratorInput{StreamRef: w.cfg.Stream, ShardId: c.shardID, ShardIteratorType: p.pos.typ, StartingSequenceNumber: p.pos.seq}
		if p.pos.typ == stream.AtTimestamp {
			in.Timestamp = w.o.initial.Timestamp
		}
		out, err := w.cfg.Client.GetShardIterator(c.ctx, in)
		if errors.Is(err, apierr.ResourceNotFound) {
			return batch{end: true}, true // the shard is gone (expired): as the KCL's KinesisDataFetcher, its end
		}
		if err != nil {
			return batch{}, false
		}
		p.iterator = out.ShardIterator
	}
	out, err := w.cfg.Client.GetRecords(c.ctx, stream.GetRecordsInput{ShardIterator: p.iterator, Limit: w.o.maxRecords})
	switch {
	case errors.Is(err, apierr.ResourceNotFound):
		return batch{end: true}, true
	case errors.Is(err, apierr.ExpiredIterator), errors.Is(err, apierr.InvalidArgument):
		p.iterator = "" // get a new one from the last record delivered
		return batch{}, false
	case err != nil:
		return batch{}, false // throttled or failed: try again after the idle time
	}
	p.iterator = out.NextShardIterator
	if n := len(out.Records); n > 0 {
		p.pos = position{typ: stream.AfterSequenceNumber, seq: out.Records[n-1].SequenceNumber.String()}
		p.wait = out.MillisBehindLatest == 0
	}
	return batch{records: out.Records, behind: out.MillisBehindLatest, children: out.ChildShards, end: out.NextShardIterator == ""}, true
}

func (p *poller) close() {}

// fanoutRetriever reads with SubscribeToShard, subscribing again after each subscription ends.
type fanoutRetriever struct {
	c   *shardConsumer
	fo  FanOut
	pos position
	sub Subscription
}

func (f *fanoutRetriever) next() (batch, bool) {
	c, w := f.c, f.c.w
	if f.sub == nil {
		in := stream.SubscribeToShardInput{ConsumerARN: w.o.consumerARN, ShardId: c.shardID,
			StartingPosition: stream.StartingPosition{Type: f.pos.typ, SequenceNumber: f.pos.seq}}
		if f.pos.typ == stream.AtTimestamp {
			in.StartingPosition.Timestamp = w.o.initial.Timestamp
		}
		sub, err := f.fo.SubscribeToShard(c.ctx, in)
		if err != nil {
			wait := w.o.idle
			if errors.Is(err, apierr.ResourceInUse) {
				wait = max(wait, stream.SubscribeToShardTakeover)
			}
			w.sleep(&c.timer, wait, c.ctx.Done(), c.shutdown)
			return batch{}, false
		}
		f.sub = sub
	}
	select {
	case ev, ok := <-f.sub.Events():
		if !ok {
			err := f.sub.Err()
			f.sub.Close()
			f.sub = nil
			if err != nil {
				w.sleep(&c.timer, w.o.idle, c.ctx.Done(), c.shutdown)
			}
			return batch{}, false
		}
		if ev.ContinuationSequenceNumber != "" {
			f.pos = position{typ: stream.AfterSequenceNumber, seq: ev.ContinuationSequenceNumber}
		}
		return batch{records: ev.Records, behind: ev.MillisBehindLatest, children: ev.ChildShards, end: ev.ContinuationSequenceNumber == ""}, true
	case <-c.ctx.Done():
	case <-c.shutdown:
	}
	return batch{}, false
}

func (f *fanoutRetriever) close() {
	if f.sub != nil {
		f.sub.Close()
		f.sub = nil
	}
}
