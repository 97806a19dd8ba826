package firehose

import (
	"context"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/kinesim/kinesim/record"
)

// FollowQueueRecords is how many records one follower ([Engine.Follow]) may hold back before the puts into its
// delivery stream wait for it: a follower holds at most this many records plus one put's records per put running
// at the same time.
const FollowQueueRecords = 10_000

// follower is the queue of one Follow: the delivery stream appends to it under its mu (acceptance order), the
// follow iterator takes from it. Its fields are guarded by mu.
type follower struct {
	mu    sync.Mutex
	q     []record.Record
	from  time.Time
	ready chan struct{} // 1-buffered: records were queued, or the follower ended
	room  chan struct{} // closed when the queue is taken or the follower ends; nil until a put waits
	end   error         // why the delivery stream ended the follower (deleted, engine closed)
	gone  bool          // detached: puts no longer feed or wait for it
}

// Follow returns an iterator over the records the delivery stream accepts from the moment the iterator starts, in
// acceptance order: those of PutRecord and PutRecordBatch (the entries taken, not those that failed), or those read
// from its Kinesis data stream source, each with its ApproximateArrivalTimestamp (the put's time, or the data
// stream's arrival time) and Data (a copy; PartitionKey, SequenceNumber and ShardId are empty for Direct PUT).
// Records that arrived before from are skipped; records accepted before the iterator started are not seen (Kinesis
// Data Analytics reads a delivery stream's records as they arrive). It is the source of an analytics input with a
// KinesisFirehoseInput (a kinesim extension: Firehose has no read API).
//
// Back-pressure, not loss: a follower holds at most [FollowQueueRecords] queued (plus one put's records per
// concurrent put) besides those it took and is yielding; a put
// that finds a follower's queue full waits, before it changes anything, until the follower takes its records,
// ends, or the put's ctx is done (the put then returns ctx's error). So a slow follower slows the puts of its
// delivery stream down, and memory stays bounded. With no follower the puts pay one atomic load.
//
// The iterator ends when ctx is done (yielding ctx.Err()), the delivery stream is deleted (ResourceNotFoundException,
// after the records queued before) or the engine closes ([ErrClosed]), or the caller stops. It starts no goroutine:
// the caller's does the reading. Errors (yielded): [ErrNilContext]; ResourceNotFoundException; [ErrClosed];
// ctx.Err().
func (e *Engine) Follow(ctx context.Context, name string, from time.Time) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		if ctx == nil {
			yield(record.Record{}, ErrNilContext)
			return
		}
		if err := e.live(ctx); err != nil {
			yield(record.Record{}, err)
			return
		}
		s, err := e.lookup(name)
		if err != nil {
			yield(record.Record{}, err)
			return
		}
		f, err := s.attach(from)
		if err != nil {
			yield(record.Record{}, err)
			return
		}
		defer s.detach(f)
		for {
			recs, end := f.take()
			for _, r := range recs {
				if !yield(r, nil) {
					return
				}
			}
			if end != nil {
				yield(record.Record{}, end)
				return
			}
			if len(recs) > 0 {
				continue
			}
			select {
			case <-f.ready:
			case <-ctx.Done():
				yield(record.Record{}, ctx.Err())
				return
			}
		}
	}
}

// WaitFollowers waits until n followers ([Engine.Follow]) read the delivery stream, or ctx is done: a test that
// starts a reader in another goroutine (an analytics application) then knows the records it puts are seen (a
// kinesim extension).
//
// Errors: [ErrNilContext]; ResourceNotFoundException; [ErrClosed]; ctx's error.
func (e *Engine) WaitFollowers(ctx context.Context, name string, n int) error {
	if ctx == nil {
		return ErrNilContext
	}
	s, err := e.lookup(name)
	if err != nil {
		return err
	}
	return s.waitUntil(ctx, func() bool { return len(s.followers) >= n })
}

// waitUntil waits until done, called with s.mu held, reports true (rechecked whenever arrivedLocked wakes it), or
// ctx is done or the engine closes.
func (s *deliveryStream) waitUntil(ctx context.Context, done func() bool) error {
	for {
		s.mu.Lock()
		if done() {
			s.mu.Unlock()
			return nil
		}
		if s.arrived == nil {
			s.arrived = make(chan struct{})
		}
		ch := s.arrived
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.e.life.Done():
			return ErrClosed
		}
	}
}

func (s *deliveryStream) attach(from time.Time) (*follower, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		if s.e.isClosing() {
			return nil, ErrClosed
		}
		return nil, s.e.notFound(s.name)
	}
	f := &follower{from: from, ready: make(chan struct{}, 1)}
	s.followers = append(s.followers, f)
	s.nfollow.Store(int32(len(s.followers)))
	s.arrivedLocked() // wakes WaitFollowers
	return f, nil
}

func (s *deliveryStream) detach(f *follower) {
	s.mu.Lock()
	if i := slices.Index(s.followers, f); i >= 0 {
		s.followers = slices.Delete(s.followers, i, i+1)
		s.nfollow.Store(int32(len(s.followers)))
	}
	s.mu.Unlock()
	f.mu.Lock()
	f.gone, f.q = true, nil
	f.openLocked()
	f.mu.Unlock()
}

// endFollowersLocked ends every follower with err once it has taken its queue. s.mu must be held.
func (s *deliveryStream) endFollowersLocked(err error) {
	for _, f := range s.followers {
		f.mu.Lock()
		f.end, f.gone = err, true
		f.openLocked()
		f.mu.Unlock()
		f.signal()
	}
	s.followers = nil
	s.nfollow.Store(0)
}

// feedLocked queues one accepted record for every follower. s.mu must be held; call it only with followers.
func (s *deliveryStream) feedLocked(arrival time.Time, data []byte, m recMeta) {
	r := record.Record{Data: append([]byte(nil), data...), ApproximateArrivalTimestamp: arrival}
	if m.kin != nil {
		r.PartitionKey, r.ShardId = m.kin.PartitionKey, m.kin.ShardId
	}
	for _, f := range s.followers {
		if arrival.Before(f.from) {
			continue
		}
		f.mu.Lock()
		f.q = append(f.q, r)
		f.mu.Unlock()
		f.signal()
	}
}

// waitRoom waits until no follower's queue is full, or ctx is done. Call it without s.mu, before the put changes
// anything; call it only when s.nfollow > 0.
func (s *deliveryStream) waitRoom(ctx context.Context) error {
	s.mu.Lock()
	list := slices.Clone(s.followers)
	s.mu.Unlock()
	for _, f := range list {
		for {
			f.mu.Lock()
			if f.gone || len(f.q) < FollowQueueRecords {
				f.mu.Unlock()
				break
			}
			if f.room == nil {
				f.room = make(chan struct{})
			}
			ch := f.room
			f.mu.Unlock()
			select {
			case <-ch:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// take returns the records queued and, once they are all taken, why the follower ended.
func (f *follower) take() ([]record.Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	recs := f.q
	f.q = nil
	f.openLocked()
	if len(recs) > 0 {
		return recs, nil
	}
	return nil, f.end
}

// openLocked wakes the puts waiting for room. f.mu must be held.
func (f *follower) openLocked() {
	if f.room != nil {
		close(f.room)
		f.room = nil
	}
}

func (f *follower) signal() {
	select {
	case f.ready <- struct{}{}:
	default:
	}
}
