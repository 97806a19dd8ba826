package stream

import (
	"context"
	"iter"
	"slices"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/notify"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// FollowInput is the input of [Engine.Follow].
type FollowInput struct {
	StreamRef
	// StartingPosition is where the follow starts in every shard: TRIM_HORIZON (the oldest readable record of
	// every shard; the default), LATEST (the records put from now on), or AT_TIMESTAMP (the shards open at
	// Timestamp, from their first record that arrived at or after it). Sequence-number types name a position in
	// one shard and are refused.
	StartingPosition StartingPosition
	// StopAtTip ends the follow once every shard it follows has been read to its tip, instead of waiting for new
	// records: a read of everything the stream holds now.
	StopAtTip bool
}

// Follow returns an iterator over the records of a whole stream, across reshards, as the Kinesis Client Library
// reads a stream: every shard in sequence-number order, a parent shard to its end before its children, and both
// parents of a merge before their child. Records of different shards interleave, shard by shard in batches. The
// iterator waits for new records (woken by the puts, no polling) until ctx is done, the engine closes or the
// stream is deleted, each of which it reports as a final error; with StopAtTip it ends, with no error, once it
// has read every shard to its tip. Shards whose parents have expired start from their trim horizon.
//
// It is the building block of everything that reads a stream as a whole: a test that reads back what it put
// (package kinesimtest), a delivery stream or an analytics application with a Data Streams source. Like the other
// blocking reads it stands for a dedicated reader: no GetRecords limits apply. The records yielded alias the
// stream's memory: treat Data as read-only. One goroutine, the caller's, does the reading.
//
// Errors (yielded): Validation and InvalidArgument for a bad input, ResourceNotFound, ctx.Err(), [ErrClosed].
func (e *Engine) Follow(ctx context.Context, in FollowInput) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		f, err := e.startFollow(ctx, in)
		if err != nil {
			yield(record.Record{}, err)
			return
		}
		f.run(ctx, yield)
	}
}

// follower is the state of one Follow: the shards being read, and those read to their end.
type follower struct {
	e      *Engine
	s      *dataStream
	stop   bool         // StopAtTip
	active []readPoint  // shards being read, in index order
	ended  map[int]bool // indexes of shards read to their end
}

func (e *Engine) startFollow(ctx context.Context, in FollowInput) (*follower, error) {
	if _, err := begin(e, ctx, OpSubscribe, &in); err != nil {
		return nil, err
	}
	p := in.StartingPosition
	if p.Type == "" {
		p.Type = TrimHorizon
	}
	now := e.clk.Now()
	st, err := checkStart("startingPosition.", p, now)
	if err != nil {
		return nil, err
	}
	if p.Type == AtSequenceNumber || p.Type == AfterSequenceNumber {
		var v validate.Violations
		v.Enum("startingPosition.type", string(p.Type), string(TrimHorizon), string(Latest), string(AtTimestamp))
		return nil, v.Err()
	}
	if p.SequenceNumber != "" {
		return nil, apierr.InvalidArgument.New("A StartingSequenceNumber cannot be given to follow a whole stream.")
	}
	s, err := e.resolve(in.StreamRef, true)
	if err != nil {
		return nil, err
	}
	f := &follower{e: e, s: s, stop: in.StopAtTip, ended: make(map[int]bool)}
	s.mu.RLock()
	defer s.mu.RUnlock()
	// The shards to start with: those that may hold records from the starting position on and whose parents are
	// not among them (the others start when their parents end).
	take := make(map[string]bool, len(s.shards))
	for _, sh := range s.shards {
		sh.mu.Lock()
		cfg := sh.log.Config()
		closed, closedAt := sh.log.Closed()
		sh.mu.Unlock()
		switch st.typ {
		case TrimHorizon:
			take[sh.log.ID()] = true
		case Latest:
			take[sh.log.ID()] = !closed
		case AtTimestamp: // open at the timestamp, or closed at it (it may hold records that arrived then)
			initial := cfg.ParentShardID == "" && cfg.AdjacentParentShardID == ""
			take[sh.log.ID()] = (initial || !cfg.Created.After(st.ts)) && (!closed || !closedAt.Before(st.ts))
		}
	}
	for _, sh := range s.shards {
		cfg := sh.log.Config()
		if !take[sh.log.ID()] || take[cfg.ParentShardID] || take[cfg.AdjacentParentShardID] {
			continue
		}
		sh.mu.Lock()
		sh.log.Expire(now.Add(-s.retention))
		pos, _ := s.position(sh, st)
		sh.mu.Unlock()
		f.active = append(f.active, readPoint{sh: sh, pos: pos})
	}
	return f, nil
}

// run reads until the follow ends, yielding records and a final error.
func (f *follower) run(ctx context.Context, yield func(record.Record, error) bool) {
	e := f.e
	buf := make([]record.Record, 0, readBatch)
	wake := notify.NewWaker()
	for len(f.active) > 0 {
		if err := e.live(ctx); err != nil {
			yield(record.Record{}, err)
			return
		}
		now := e.clk.Now()
		progressed := false
		for i := 0; i < len(f.active); i++ {
			var st readState
			var err error
			buf, st, err = f.s.step(now, &f.active[i], buf, nil, false)
			switch st {
			case readGone:
				yield(record.Record{}, err)
				return
			case readEnded:
				f.end(i)
				i--
				progressed = true
			case readData:
				progressed = true
				for j := range buf {
					if !yield(buf[j], nil) {
						return
					}
				}
			}
		}
		if progressed {
			continue
		}
		if f.stop {
			return
		}
		if err := f.wait(ctx, wake); err != nil {
			yield(record.Record{}, err)
			return
		}
	}
}

// end drops the shard at f.active[i], read to its end, and starts its children whose parents are all read.
func (f *follower) end(i int) {
	sh := f.active[i].sh
	f.active = slices.Delete(f.active, i, i+1)
	f.ended[sh.index] = true
	s := f.s
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, c := range s.children(sh) {
		ci, _ := record.ParseShardID(c.ShardId)
		child := s.shardAt(ci)
		if child == nil || f.ended[ci] || f.reading(ci) {
			continue
		}
		ready := true
		for _, p := range c.ParentShards {
			pi, _ := record.ParseShardID(p)
			ready = ready && !f.reading(pi)
		}
		if ready {
			// A child takes an index above every shard that existed when it was made, and children are listed in
			// index order: appending keeps f.active in index order.
			f.active = append(f.active, readPoint{sh: child})
		}
	}
}

// reading reports whether the shard with index i is being read.
func (f *follower) reading(i int) bool {
	for _, rp := range f.active {
		if rp.sh.index == i {
			return true
		}
	}
	return false
}

// wait blocks until a shard being read takes a record (or closes, or goes), ctx is done or the engine closes. It
// registers wake with every shard, after checking under each shard's lock that the shard has nothing new, so that
// no append between the reads and the wait is missed.
func (f *follower) wait(ctx context.Context, wake chan struct{}) error {
	e := f.e
	now := e.clk.Now()
	registered := 0
	ready := false
	var buf []record.Record
	for i := range f.active {
		rp := f.active[i] // a copy: looking does not advance the read
		var st readState
		buf, st, _ = f.s.step(now, &rp, buf[:0], wake, false)
		if st != readWaiting {
			ready = true
			break
		}
		registered = i + 1
	}
	defer func() {
		for _, rp := range f.active[:registered] {
			rp.sh.unwait(wake)
		}
	}()
	if ready {
		return nil
	}
	select {
	case <-wake:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-e.life.Done():
		return ErrClosed
	}
}
