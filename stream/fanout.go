package stream

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/internal/notify"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// SubscribeToShard: enhanced fan-out reads pushed to a registered consumer (Kinesis API Reference,
// SubscribeToShard, SubscribeToShardEvent; Developer Guide "Develop enhanced fan-out consumers with the Kinesis Data
// Streams API").

const (
	// SubscriptionLifetime is how long a subscription lasts: "your consumer starts receiving events … for up to 5
	// minutes, after which time you need to call SubscribeToShard again". It is measured on the engine's clock;
	// then the events channel closes and Err is nil.
	SubscriptionLifetime = 5 * time.Minute
	// SubscribeToShardTakeover is how long after a successful SubscribeToShard of a consumer and shard another one
	// is refused (ResourceInUseException); a call after it takes the subscription over, and the older one ends
	// with a ResourceInUseException.
	SubscribeToShardTakeover = 5 * time.Second
	// SubscriptionHeartbeat is how long a subscription with no new record waits before it sends an event with no
	// records, whose ContinuationSequenceNumber carries its position (which clients checkpoint with). AWS documents
	// no period; LocalStack states "at least 1 event every 5 seconds" from observation, and kinesim follows it, on
	// the engine's clock.
	SubscriptionHeartbeat = 5 * time.Second
	// ReadBytesPerConsumerShard is the read throughput of one consumer on one shard: 2 MiB/s ("at a rate of up to
	// 2 MiB per second for every shard you subscribe to. This rate is unaffected by the total number of consumers
	// that read from the same stream"), apart from the shard's GetRecords budget.
	ReadBytesPerConsumerShard = 2 << 20
	// SubscriptionEventBuffer is the capacity of a subscription's events channel.
	SubscriptionEventBuffer = 4
)

// SubscribeToShardInput is the input of [Engine.SubscribeToShard].
type SubscribeToShardInput struct {
	// ConsumerARN is the ARN of an ACTIVE consumer ([Engine.RegisterStreamConsumer]).
	ConsumerARN string
	ShardId     string
	// StartingPosition is TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP, checked
	// as GetShardIterator checks its iterator type; it is resolved when SubscribeToShard is called.
	StartingPosition StartingPosition
	// DryRun, if true, checks the call as it would run and runs nothing: the answer is DryRunOperation, or the
	// error the call would return (see the package documentation's Dry runs).
	DryRun bool
}

// SubscribeToShardEvent is one event of a subscription: the records the shard took since the last event (as many
// as one read takes: up to 512 records and 10 MiB), or none for a heartbeat.
type SubscribeToShardEvent struct {
	// Records are owned by the event (a fresh slice per event); their Data aliases the stream's memory: treat it
	// as read-only. Never nil.
	Records []record.Record
	// ContinuationSequenceNumber is the sequence number of the last record of the event, or, in an event with no
	// records, of the last record before the subscription's position (at the very start of a shard, a number just
	// below the shard's first; see SubscribeToShard): subscribe again AFTER_SEQUENCE_NUMBER it to go on. It is ""
	// only in the last event at the end of a closed shard.
	ContinuationSequenceNumber string
	// MillisBehindLatest is the age of the first record not yet delivered, 0 when the subscription is caught up.
	MillisBehindLatest int64
	// ChildShards are the shard's children, set only in the last event at the end of a closed shard.
	ChildShards []ChildShard
}

// ShardSubscription is an enhanced fan-out subscription of one consumer to one shard, made by
// [Engine.SubscribeToShard]. A goroutine of the engine pushes its events: a put wakes it (no polling), and it sends
// one event with every record available.
//
// The channel of [ShardSubscription.Events] is closed by the subscription when it ends: after
// [SubscriptionLifetime] on the engine's clock, after the last event of a closed shard, when a newer subscription
// of the same consumer and shard takes over, when the consumer or the stream is deleted, when the context given to
// SubscribeToShard is done, at [ShardSubscription.Close], or when the engine closes. [ShardSubscription.Err] then
// says why. A ShardSubscription is safe for concurrent use.
type ShardSubscription struct {
	events chan SubscribeToShardEvent
	kill   chan struct{} // closed by end
	done   chan struct{} // closed when the goroutine has ended
	once   sync.Once

	mu     sync.Mutex
	reason error // why kill was closed
	err    error
}

// subSlot is the last successful SubscribeToShard of a consumer on a shard.
type subSlot struct {
	at  time.Time
	sub *ShardSubscription
}

// SubscribeToShard subscribes a registered, ACTIVE consumer to a shard: the records the shard holds from
// StartingPosition on, and those put afterwards, are pushed as [SubscribeToShardEvent]s on the subscription's
// channel, for up to [SubscriptionLifetime]. With no new record for [SubscriptionHeartbeat], an event with no
// records carries the continuation sequence number. At the end of a closed shard a last event has an empty
// ContinuationSequenceNumber and the ChildShards, and the subscription ends with no error.
//
// Within [SubscribeToShardTakeover] of a successful call for the same consumer and shard, another call is a
// ResourceInUseException (this rule subsumes AWS's 1 call per second per consumer per shard, which kinesim does
// not count otherwise); a later call takes the subscription over and the older one ends with a
// ResourceInUseException. While the stream throttles (when the subscription starts), delivery is paced to
// [ReadBytesPerConsumerShard] on the engine's clock: after an event, the next one waits until the bytes delivered
// are paid for at 2 MiB/s, with 2 MiB of burst, so a subscriber never exceeds 2 MiB/s over time; this budget is
// the subscription's own, apart from the shard's GetRecords limits.
//
// Errors: Validation (a missing or malformed ConsumerARN, shard id or starting position's syntax),
// InvalidArgument (type and sequence number or timestamp do not go together, a sequence number of another shard
// or stream, a timestamp in the future, a malformed ConsumerARN), ResourceNotFound (no such consumer, stream or
// shard), ResourceInUse (the consumer is not ACTIVE; a subscription of the consumer and shard less than 5 seconds
// old). Ended subscriptions report ResourceInUse (taken over), ResourceNotFound (consumer or stream deleted),
// ctx.Err(), or [ErrClosed] (Close, or the engine closed) from [ShardSubscription.Err].
//
// With DryRun, every check above is made (the 5-second rule included) and no subscription is opened, taken over
// or counted: the answer is DryRunOperation, or Throttling past the stream's dry-run limit (see the package
// documentation's Dry runs).
func (e *Engine) SubscribeToShard(ctx context.Context, in SubscribeToShardInput) (*ShardSubscription, error) {
	if _, err := begin(e, ctx, OpSubscribeToShard, &in); err != nil {
		return nil, err
	}
	now := e.clk.Now()
	var v validate.Violations
	arnMember(&v, "consumerARN", in.ConsumerARN, consumerARNPattern, consumerARNShape, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	st, err := checkRead(now, in.ShardId, in.StartingPosition, "startingPosition.")
	if err != nil {
		return nil, err
	}
	s, c, err := e.findConsumer(ConsumerRef{ConsumerARN: in.ConsumerARN})
	if err != nil {
		return nil, err
	}
	if err := s.checkSubscriber(c); err != nil {
		return nil, err
	}
	if i, ok := shardIndex(in.ShardId); ok && st.typ == AfterSequenceNumber && st.seq == numberBefore(s.epoch, i, 0) {
		st = start{typ: TrimHorizon} // after the number below the shard's first: from the shard's start
	}
	rp, err := s.startRead(now, in.ShardId, st)
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		s.mu.RLock()
		defer s.mu.RUnlock()
		if err := s.checkSubscribe(now, c, rp.sh); err != nil {
			return nil, err
		}
		return nil, s.dryRun(now)
	}
	sub := &ShardSubscription{
		events: make(chan SubscribeToShardEvent, SubscriptionEventBuffer),
		kill:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	// The timers start at the call, so that the lifetime and the first heartbeat count from it.
	expire := e.clk.NewTimer(SubscriptionLifetime)
	heartbeat := e.clk.NewTimer(SubscriptionHeartbeat)
	fail := func(err error) (*ShardSubscription, error) {
		expire.Stop()
		heartbeat.Stop()
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkSubscribe(now, c, rp.sh); err != nil {
		return fail(err)
	}
	slot := c.subs[rp.sh.index]
	var budget *rate.Limiter
	if s.throttling {
		budget = rate.NewLimiter(ReadBytesPerConsumerShard, ReadBytesPerConsumerShard)
	}
	f := &fanout{e: e, s: s, sub: sub, rp: rp, budget: budget, expire: expire, heartbeat: heartbeat}
	if !e.life.Go(func() { f.run(ctx) }) {
		return fail(ErrClosed)
	}
	if slot != nil {
		slot.sub.end(c.subscriptionInUse(rp.sh))
	}
	if c.subs == nil {
		c.subs = make(map[int]*subSlot)
	}
	c.subs[rp.sh.index] = &subSlot{at: now, sub: sub}
	return sub, nil
}

// checkSubscribe makes the checks of a subscription of c to sh at now that need the stream's lock: the stream and
// the consumer are there and ACTIVE, and no subscription of theirs to sh is less than [SubscribeToShardTakeover]
// old. s.mu must be held.
func (s *dataStream) checkSubscribe(now time.Time, c *consumer, sh *shardState) error {
	switch {
	case s.removed:
		return s.e.streamNotFound(s.name)
	case c.removed:
		return s.e.consumerNotFound(c.arn)
	case !c.state.Is(status.Active):
		return c.notActive()
	}
	if slot := c.subs[sh.index]; slot != nil && now.Sub(slot.at) < SubscribeToShardTakeover {
		return c.subscriptionInUse(sh)
	}
	return nil
}

// checkSubscriber refuses a consumer that is not ACTIVE.
func (s *dataStream) checkSubscriber(c *consumer) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !c.state.Is(status.Active) {
		return c.notActive()
	}
	return nil
}

// subscriptionInUse is AWS's ResourceInUse error for a second subscription within 5 seconds (quoted in
// awslabs/amazon-kinesis-client#391: account:stream:shard:consumer). s.mu must be held.
func (c *consumer) subscriptionInUse(sh *shardState) error {
	return apierr.ResourceInUse.New("Another active subscription exists for this consumer: %s:%s:%s:%s",
		c.s.e.cfg.Account.ID, c.s.name, sh.log.ID(), c.name)
}

// endSubscriptions ends the consumer's subscriptions with ResourceNotFound (the consumer is DELETING or gone).
// Its stream's lock must be held for writing.
func (c *consumer) endSubscriptions() {
	for _, slot := range c.subs {
		slot.sub.end(c.s.e.consumerNotFound(c.arn))
	}
}

// Events returns the channel the events arrive on. The subscription closes it when it ends.
func (sub *ShardSubscription) Events() <-chan SubscribeToShardEvent { return sub.events }

// Done returns a channel closed once the subscription's goroutine has ended (after Events is closed).
func (sub *ShardSubscription) Done() <-chan struct{} { return sub.done }

// Err reports why the subscription ended: nil after [SubscriptionLifetime] or at the end of a closed shard;
// ResourceInUse when a newer subscription took over; ResourceNotFound when the consumer or the stream was
// deleted; the context's error; [ErrClosed] after Close or the engine's Close. It is nil while the subscription
// goes on.
func (sub *ShardSubscription) Err() error {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	return sub.err
}

// Close ends the subscription (Err is then [ErrClosed], unless it had ended already) and waits for its goroutine
// to end. It is idempotent, safe to call concurrently, and returns nil.
func (sub *ShardSubscription) Close() error {
	sub.end(ErrClosed)
	<-sub.done
	return nil
}

// end asks the goroutine to end with err, once; it does not wait.
func (sub *ShardSubscription) end(err error) {
	sub.once.Do(func() {
		sub.mu.Lock()
		sub.reason = err
		sub.mu.Unlock()
		close(sub.kill)
	})
}

func (sub *ShardSubscription) setErr(err error) {
	sub.mu.Lock()
	sub.err = err
	sub.mu.Unlock()
}

// killed records the reason given to end as the subscription's error.
func (sub *ShardSubscription) killed() {
	sub.mu.Lock()
	sub.err = sub.reason
	sub.mu.Unlock()
}

// fanout is the state of a subscription's goroutine, which alone uses it.
type fanout struct {
	e                 *Engine
	s                 *dataStream
	sub               *ShardSubscription
	rp                readPoint
	budget            *rate.Limiter // the 2 MiB/s budget while the stream throttles, nil otherwise
	pace              clock.Timer   // waits out the budget's debt; made on first use
	expire, heartbeat clock.Timer
}

// run pushes the shard's records until the subscription ends.
func (f *fanout) run(ctx context.Context) {
	sub, s := f.sub, f.s
	defer close(sub.done)
	defer close(sub.events)
	defer f.expire.Stop()
	defer f.heartbeat.Stop()
	defer func() {
		if f.pace != nil {
			f.pace.Stop()
		}
	}()
	buf := make([]record.Record, 0, readBufferStart) // grows to what a step reads, at most readBatch
	wake := notify.NewWaker()                        // reused for every wait
	for {
		if !f.alive(ctx) {
			return
		}
		now := f.e.clk.Now()
		if f.budget != nil {
			if debt := f.budget.TokensAt(now); debt < 0 {
				if !f.waitPace(ctx, debt) {
					return
				}
				continue
			}
		}
		var st readState
		var err error
		buf, st, err = s.step(now, &f.rp, buf, wake, false)
		switch st {
		case readGone:
			sub.setErr(err)
			return
		case readEnded:
			f.send(ctx, SubscribeToShardEvent{Records: []record.Record{}, ChildShards: s.childrenOf(f.rp.sh)})
			return
		case readWaiting:
			if !f.wait(ctx, wake) {
				return
			}
			continue
		}
		ev := SubscribeToShardEvent{
			Records:                    slices.Clone(buf),
			ContinuationSequenceNumber: buf[len(buf)-1].SequenceNumber.String(),
			MillisBehindLatest:         s.behind(now, f.rp),
		}
		if f.budget != nil {
			f.charge(now, ev.Records)
		}
		f.heartbeat.Reset(SubscriptionHeartbeat)
		if !f.send(ctx, ev) {
			return
		}
	}
}

// alive reports whether the subscription goes on, recording why it ended when not.
func (f *fanout) alive(ctx context.Context) bool {
	select {
	case <-f.sub.kill:
		f.sub.killed()
		return false
	case <-f.expire.C():
		return false
	default:
	}
	if err := f.e.live(ctx); err != nil {
		f.sub.setErr(err)
		return false
	}
	return true
}

// wait waits for the shard's next append (wake), sending heartbeats; it reports false when the subscription ends.
func (f *fanout) wait(ctx context.Context, wake chan struct{}) bool {
	select { // a put since the look: no need to wait
	case <-wake:
		return true
	default:
	}
	select {
	case <-wake: // a stale signal only costs one more look
		return true
	case <-f.heartbeat.C():
		f.rp.sh.unwait(wake)
		f.heartbeat.Reset(SubscriptionHeartbeat)
		return f.send(ctx, SubscribeToShardEvent{Records: []record.Record{}, ContinuationSequenceNumber: f.continuation()})
	case <-f.expire.C():
	case <-f.sub.kill:
		f.sub.killed()
	case <-ctx.Done():
		f.sub.setErr(ctx.Err())
	case <-f.e.life.Done():
		f.sub.setErr(ErrClosed)
	}
	f.rp.sh.unwait(wake)
	return false
}

// waitPace waits until the budget's debt is paid; it reports false when the subscription ends meanwhile.
func (f *fanout) waitPace(ctx context.Context, debt float64) bool {
	d := time.Duration(-debt/ReadBytesPerConsumerShard*float64(time.Second)) + 1
	if f.pace == nil {
		f.pace = f.e.clk.NewTimer(d)
	} else {
		f.pace.Reset(d)
	}
	select {
	case <-f.pace.C():
		return true
	case <-f.expire.C():
	case <-f.sub.kill:
		f.sub.killed()
	case <-ctx.Done():
		f.sub.setErr(ctx.Err())
	case <-f.e.life.Done():
		f.sub.setErr(ErrClosed)
	}
	return false
}

// charge debits the bytes of recs from the budget, in pieces the size of its burst.
func (f *fanout) charge(now time.Time, recs []record.Record) {
	n := 0
	for i := range recs {
		n += recs[i].Size()
	}
	for n > 0 {
		k := min(n, ReadBytesPerConsumerShard)
		f.budget.ReserveN(now, k)
		n -= k
	}
}

// send delivers ev; it reports false when the subscription ends before the subscriber takes it.
func (f *fanout) send(ctx context.Context, ev SubscribeToShardEvent) bool {
	select { // the common case, while the subscriber keeps up
	case f.sub.events <- ev:
		return true
	default:
	}
	select {
	case f.sub.events <- ev:
		return true
	case <-f.expire.C():
	case <-f.sub.kill:
		f.sub.killed()
	case <-ctx.Done():
		f.sub.setErr(ctx.Err())
	case <-f.e.life.Done():
		f.sub.setErr(ErrClosed)
	}
	return false
}

// continuation is the ContinuationSequenceNumber of an event with no records: the number just below the one of
// the subscription's position, from which AFTER_SEQUENCE_NUMBER goes on at the position (see numberBefore).
func (f *fanout) continuation() string {
	return numberBefore(f.s.epoch, f.rp.sh.index, f.rp.pos).String()
}

// numberBefore returns the sequence number one below the number of position pos of shard idx of the stream
// incarnation epoch, as 128-bit integers: the previous record's number, or, at the very start of a shard (where a
// kinesim shard's first record has the shard's StartingSequenceNumber, and no record comes before it), a number
// just below the shard's numbers. SubscribeToShard takes AFTER_SEQUENCE_NUMBER that number as the shard's start, so
// a heartbeat's continuation on an empty shard resumes without losing the shard's first record, and continuation
// numbers only grow (GetShardIterator refuses it: it encodes another shard).
func numberBefore(epoch uint32, idx int, pos uint64) record.SequenceNumber {
	switch {
	case pos > 0:
		return record.NewSequenceNumber(epoch, uint32(idx), pos-1)
	case idx > 0:
		return record.NewSequenceNumber(epoch, uint32(idx-1), math.MaxUint64)
	default:
		return record.NewSequenceNumber(epoch-1, record.MaxShardIndex, math.MaxUint64)
	}
}

// behind returns the age at now of the record at rp's position, 0 when there is none (caught up).
func (s *dataStream) behind(now time.Time, rp readPoint) int64 {
	rp.sh.mu.Lock()
	a, ok := rp.sh.log.ArrivalAt(rp.pos)
	rp.sh.mu.Unlock()
	if !ok {
		return 0
	}
	return max(now.Sub(a).Milliseconds(), 0)
}

// childrenOf returns the children of sh (see children), taking the stream's lock.
func (s *dataStream) childrenOf(sh *shardState) []ChildShard {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.children(sh)
}
