package stream

import (
	"context"
	"iter"
	"sync"

	"github.com/kinesim/kinesim/record"
)

// readBatch is how many records a blocking read takes from a shard per lock.
const readBatch = 512

// Records returns an iterator over a shard's records from a starting position that waits for new records as they
// are put: a waiting reader is woken by the put itself (no polling), so a record reaches it microseconds after
// PutRecord returns. Iteration ends at the end of a closed shard; it yields a final error and ends when ctx is done
// (ctx.Err()), the engine closes ([ErrClosed]), the stream is deleted (ResourceNotFound), or the input is invalid
// (the errors of GetShardIterator). Records past retention are skipped, as GetRecords skips them.
//
// The starting position is resolved when iteration begins (LATEST means the records put after that); use
// [Engine.Subscribe] to fix it at the call.
//
// Blocking reads model a dedicated (enhanced fan-out) reader: they are not subject to the GetRecords and
// GetShardIterator rate limits. The records yielded alias the stream's memory: treat Data as read-only. The
// iterator allocates one batch buffer per iteration and nothing per record.
func (e *Engine) Records(ctx context.Context, in ReadInput) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		if err := e.live(ctx); err != nil {
			yield(record.Record{}, err)
			return
		}
		if e.ctl.n.Load() != 0 {
			if _, err := e.intercept(ctx, OpSubscribe, in); err != nil {
				yield(record.Record{}, err)
				return
			}
		}
		s, sh, pos, _, err := e.startRead(in.StreamRef, in.ShardId, in.StartingPosition, "startingPosition.", false)
		if err != nil {
			yield(record.Record{}, err)
			return
		}
		e.readFrom(ctx, s, sh, pos, yield)
	}
}

// readFrom yields the shard's records from pos on, waiting for new ones, until yield returns false or the read ends.
func (e *Engine) readFrom(ctx context.Context, s *dataStream, sh *shardState, pos uint64, yield func(record.Record, error) bool) {
	buf := make([]record.Record, 0, readBatch)
	wake := make(chan struct{}, 1) // reused for every wait: waiting allocates nothing
	stop := func(err error) {
		sh.mu.Lock()
		sh.unawait(wake)
		sh.mu.Unlock()
		yield(record.Record{}, err)
	}
	for {
		if err := e.live(ctx); err != nil {
			yield(record.Record{}, err)
			return
		}
		s.mu.RLock()
		retention := s.retention
		sh.mu.Lock()
		if sh.gone {
			err := e.streamNotFound(s.name)
			if !s.removed { // the shard itself expired
				err = e.shardNotFound(sh.log.ID(), s.name)
			}
			sh.mu.Unlock()
			s.mu.RUnlock()
			yield(record.Record{}, err)
			return
		}
		sh.log.Expire(e.clk.Now().Add(-retention))
		var next uint64
		buf, next = sh.log.Read(pos, readBatch, MaxGetRecordsBytes, buf[:0])
		waiting := len(buf) == 0
		if waiting {
			if closed, _ := sh.log.Closed(); closed {
				sh.mu.Unlock()
				s.mu.RUnlock()
				return
			}
			sh.await(wake)
		}
		sh.mu.Unlock()
		s.mu.RUnlock()
		if waiting {
			select {
			case <-wake: // a stale signal only costs one more look
				continue
			case <-ctx.Done():
				stop(ctx.Err())
				return
			case <-e.done:
				stop(ErrClosed)
				return
			}
		}
		for i := range buf {
			if !yield(buf[i], nil) {
				return
			}
		}
		pos = next
	}
}

// Subscription is a blocking read that delivers a shard's records on a channel, from a goroutine the engine owns.
//
// The channel returned by [Subscription.Records] is closed by the subscription when the read ends: at the end of a
// closed shard, when [Subscription.Close] is called, when the context given to [Engine.Subscribe] is done, when the
// stream is deleted, or when the engine closes. [Subscription.Err] then says why. A Subscription is safe for
// concurrent use.
type Subscription struct {
	ch     chan record.Record
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once

	mu  sync.Mutex
	err error
}

// SubscriptionBuffer is the capacity of a subscription's channel.
const SubscriptionBuffer = 256

// Subscribe starts a blocking read of a shard (see [Engine.Records]) whose records arrive on a channel. Invalid
// input and a missing stream or shard are returned at once.
func (e *Engine) Subscribe(ctx context.Context, in ReadInput) (*Subscription, error) {
	if err := e.live(ctx); err != nil {
		return nil, err
	}
	if e.ctl.n.Load() != 0 {
		if _, err := e.intercept(ctx, OpSubscribe, in); err != nil {
			return nil, err
		}
	}
	s, sh, pos, _, err := e.startRead(in.StreamRef, in.ShardId, in.StartingPosition, "startingPosition.", false)
	if err != nil {
		return nil, err
	}
	if !e.enter() {
		return nil, ErrClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	sub := &Subscription{ch: make(chan record.Record, SubscriptionBuffer), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer e.wg.Done()
		defer close(sub.done)
		defer close(sub.ch)
		defer cancel()
		e.readFrom(ctx, s, sh, pos, func(r record.Record, err error) bool {
			if err != nil {
				sub.setErr(err)
				return false
			}
			select {
			case sub.ch <- r:
				return true
			case <-ctx.Done():
				sub.setErr(ctx.Err())
				return false
			case <-e.done:
				sub.setErr(ErrClosed)
				return false
			}
		})
	}()
	return sub, nil
}

func (sub *Subscription) setErr(err error) {
	sub.mu.Lock()
	sub.err = err
	sub.mu.Unlock()
}

// Records returns the channel the records arrive on. The subscription closes it when the read ends.
func (sub *Subscription) Records() <-chan record.Record { return sub.ch }

// Done returns a channel closed once the subscription's goroutine has ended.
func (sub *Subscription) Done() <-chan struct{} { return sub.done }

// Err reports why the read ended: nil at the end of a closed shard, context.Canceled after Close, ctx.Err(),
// ErrClosed, or a ResourceNotFound error for a deleted stream. It is nil while the read goes on.
func (sub *Subscription) Err() error {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	return sub.err
}

// Close ends the subscription and waits for its goroutine to end. It is idempotent and returns nil.
func (sub *Subscription) Close() error {
	sub.once.Do(sub.cancel)
	<-sub.done
	return nil
}
