package stream

import (
	"context"
	"iter"
	"sync"
	"time"

	"github.com/kinesim/kinesim/internal/notify"
	"github.com/kinesim/kinesim/record"
)

// readBatch is how many records a blocking read takes from a shard per lock; a reader's buffer starts at
// readBufferStart records and grows only as far as its steps need (a reader woken for a few records at a time keeps
// a small buffer, which the garbage collector scans quickly).
const (
	readBatch       = 512
	readBufferStart = 32
)

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
// iterator allocates a batch buffer per iteration (grown a few times at most, up to 512 records) and nothing per
// record.
func (e *Engine) Records(ctx context.Context, in ReadInput) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		s, rp, err := e.openRead(ctx, in)
		if err != nil {
			yield(record.Record{}, err)
			return
		}
		e.readFrom(ctx, s, rp, yield)
	}
}

// openRead starts a blocking read: it checks the input, resolves the stream and the starting position.
func (e *Engine) openRead(ctx context.Context, in ReadInput) (*dataStream, readPoint, error) {
	if _, err := begin(e, ctx, OpSubscribe, &in); err != nil {
		return nil, readPoint{}, err
	}
	now := e.clk.Now()
	st, err := checkRead(now, in.ShardId, in.StartingPosition, "startingPosition.")
	if err != nil {
		return nil, readPoint{}, err
	}
	s, err := e.resolve(in.StreamRef, true)
	if err != nil {
		return nil, readPoint{}, err
	}
	rp, err := s.startRead(now, in.ShardId, st)
	return s, rp, err
}

// readState is what a read of a shard found.
type readState uint8

const (
	readData    readState = iota // records were read, and more may be there
	readTip                      // records were read to the shard's tip, and wake is registered for the next append
	readWaiting                  // none yet: the shard is open and read to its tip, and wake is registered
	readEnded                    // none ever: the shard is closed and read to its end
	readGone                     // the stream was deleted or the shard expired
)

// step reads the next batch of the shard from rp.pos into buf (at most readBatch records), applying retention at
// now, and advances rp.pos past it (continuing from rp.cur, where the previous step left the log's cursor). With
// nothing to read from an open shard, it registers wake (if not nil) for the shard's next append before releasing
// the lock, so that no append is missed between the read and the wait (readWaiting). With tip set, it also
// registers wake when the records it read reach the tip of an open shard (readTip): a reader that delivers them
// then waits for the next append without locking the shard again to find nothing.
func (s *dataStream) step(now time.Time, rp *readPoint, buf []record.Record, wake chan struct{}, tip bool) ([]record.Record, readState, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sh := rp.sh
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.gone {
		if s.removed {
			return buf, readGone, s.e.streamNotFound(s.name)
		}
		return buf, readGone, s.e.shardNotFound(sh.log.ID(), s.name)
	}
	sh.log.Expire(now.Add(-s.retention))
	buf, rp.pos = sh.log.ReadCursor(&rp.cur, rp.pos, readBatch, MaxGetRecordsBytes, buf[:0])
	sh.setEncryption(buf, rp.pos-uint64(len(buf)))
	open := s.isOpen(sh)
	switch {
	case len(buf) > 0:
		if tip && wake != nil && open && rp.pos == sh.log.Next() {
			sh.waiters.Add(wake)
			return buf, readTip, nil
		}
		return buf, readData, nil
	case !open:
		return buf, readEnded, nil
	}
	if wake != nil {
		sh.waiters.Add(wake)
	}
	return buf, readWaiting, nil
}

// unwait removes wake from the shard's wake-up list (a reader that stops waiting).
func (sh *shardState) unwait(wake chan struct{}) {
	sh.mu.Lock()
	sh.waiters.Remove(wake)
	sh.mu.Unlock()
}

// readFrom yields the shard's records from rp on, waiting for new ones, until yield returns false or the read ends.
func (e *Engine) readFrom(ctx context.Context, s *dataStream, rp readPoint, yield func(record.Record, error) bool) {
	buf := make([]record.Record, 0, readBufferStart) // grows to what a step reads, at most readBatch
	wake := notify.NewWaker()                        // reused for every wait: waiting allocates nothing
	// A done ctx and the engine's Close wake the reader through wake, so that a wait is a receive from one channel
	// rather than a select (the reader then finds ctx done or the engine closed at the top of its loop).
	wakeUp := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	stop := context.AfterFunc(ctx, wakeUp)
	defer stop()
	stopClose := context.AfterFunc(e.reads, wakeUp)
	defer stopClose()
	registered := false // wake may be in the shard's wake-up list
	for {
		if err := e.live(ctx); err != nil {
			if registered {
				rp.sh.unwait(wake)
			}
			yield(record.Record{}, err)
			return
		}
		var st readState
		var err error
		buf, st, err = s.step(e.clk.Now(), &rp, buf, wake, true)
		registered = st == readTip || st == readWaiting
		switch st {
		case readGone:
			yield(record.Record{}, err)
			return
		case readEnded:
			return
		case readData, readTip:
			for i := range buf {
				if !yield(buf[i], nil) {
					if registered {
						rp.sh.unwait(wake)
					}
					return
				}
			}
			if st == readData {
				continue
			}
		}
		// Read to the tip, with wake registered: wait for the next append (or the shard's end or deletion, ctx done,
		// the engine closing). A stale signal only costs one more look.
		<-wake
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
	s, rp, err := e.openRead(ctx, in)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	sub := &Subscription{ch: make(chan record.Record, SubscriptionBuffer), cancel: cancel, done: make(chan struct{})}
	started := e.life.Go(func() {
		defer close(sub.done)
		defer close(sub.ch)
		defer cancel()
		e.readFrom(ctx, s, rp, func(r record.Record, err error) bool {
			if err != nil {
				sub.setErr(err)
				return false
			}
			select { // the common case, while the reader keeps up: a send without the cost of a three-way select
			case sub.ch <- r:
				return true
			default:
			}
			select {
			case sub.ch <- r:
				return true
			case <-ctx.Done():
				sub.setErr(ctx.Err())
				return false
			case <-e.life.Done():
				sub.setErr(ErrClosed)
				return false
			}
		})
	})
	if !started {
		cancel()
		return nil, ErrClosed
	}
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
