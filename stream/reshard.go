package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
)

// SplitShardInput is the input of [Engine.SplitShard].
type SplitShardInput struct {
	StreamRef
	// ShardToSplit is the open shard to split.
	ShardToSplit string
	// NewStartingHashKey is the first hash key of the upper child (decimal); the lower child ends just below it. It
	// must be greater than one plus the shard's StartingHashKey and less than its EndingHashKey.
	NewStartingHashKey string
}

// MergeShardsInput is the input of [Engine.MergeShards].
type MergeShardsInput struct {
	StreamRef
	// ShardToMerge becomes the child's ParentShardId; AdjacentShardToMerge its AdjacentParentShardId. Their
	// hash-key ranges must touch.
	ShardToMerge         string
	AdjacentShardToMerge string
}

// ScalingType of UpdateShardCount; AWS offers only uniform scaling.
const UniformScaling = "UNIFORM_SCALING"

// UpdateShardCountInput is the input of [Engine.UpdateShardCount].
type UpdateShardCountInput struct {
	StreamRef
	TargetShardCount int
	// ScalingType must be UNIFORM_SCALING ("" means it).
	ScalingType string
}

// UpdateShardCountOutput is the output of [Engine.UpdateShardCount].
type UpdateShardCountOutput struct {
	StreamName        string
	StreamARN         string
	CurrentShardCount int
	TargetShardCount  int
}

// Limits of UpdateShardCount (Kinesis quotas).
const (
	// MaxShardCountUpdatesPerDay is how many UpdateShardCount calls a stream takes in a rolling 24 hours.
	MaxShardCountUpdatesPerDay = 10
	// MaxShardsPerStream is the most shards UpdateShardCount scales a stream to.
	MaxShardsPerStream = 10000
)

// reshardable checks that a provisioned, ACTIVE stream may be resharded. s.mu must be held.
func (s *dataStream) reshardable(op string) error {
	if s.mode == StreamModeOnDemand {
		return apierr.Validation.New("%s is not supported for a stream in ON_DEMAND capacity mode: you tried to invoke this API for a data stream with the on-demand capacity mode.", op)
	}
	if s.status != StreamStatusActive {
		return s.e.notActive(s.name, s.status)
	}
	return nil
}

// openShard returns the open shard with id, or the AWS error for a missing or closed one. s.mu must be held.
func (s *dataStream) openShard(id string) (*shardState, error) {
	sh, err := s.shard(id)
	if err != nil {
		return nil, err
	}
	if closed, _ := sh.log.Closed(); closed {
		return nil, apierr.InvalidArgument.New("Shard %s in stream %s under account %s has already been merged or split, and thus is not eligible for merging or splitting.", sh.log.ID(), s.name, s.e.cfg.accountID)
	}
	return sh, nil
}

// SplitShard closes an open shard and opens two children that share its hash-key range: the lower one ends just
// below NewStartingHashKey, the upper one starts at it. The children take the next unused shard indexes, have the
// split shard as ParentShardId, and start their sequence numbers above the parent's EndingSequenceNumber. Reads
// and writes go on while the stream is UPDATING (for the engine's update delay, see [WithStatusDelays]); the split
// takes effect when it ends (at once with no delay).
//
// Errors: Validation (malformed input; an on-demand stream), ResourceInUse (the stream is not ACTIVE),
// InvalidArgument (the key is not strictly inside the shard's range; the shard is closed), ResourceNotFound,
// LimitExceeded (the account's shard quota).
func (e *Engine) SplitShard(ctx context.Context, in SplitShardInput) error {
	return e.splitShard(ctx, in, false)
}

func (e *Engine) splitShard(ctx context.Context, in SplitShardInput, force bool) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	var v violations
	v.shardID("shardToSplit", in.ShardToSplit)
	at, perr := record.ParseHashKey(in.NewStartingHashKey)
	switch {
	case in.NewStartingHashKey == "":
		v.add("null", "newStartingHashKey", mustNotBeNull)
	case perr == record.ErrMalformedHashKey:
		v.add(quote(in.NewStartingHashKey), "newStartingHashKey", patternPrefix+hashKeyPattern)
	}
	if err := v.err(); err != nil {
		return err
	}
	return e.reshard(in.StreamRef, "SplitShard", force, func(s *dataStream) (func(time.Time), int, error) {
		sh, err := s.openShard(in.ShardToSplit)
		if err != nil {
			return nil, 0, err
		}
		r := sh.log.HashKeyRange()
		if perr != nil || at.Compare(r.StartingHashKey.Add(1)) <= 0 || at.Compare(r.EndingHashKey) >= 0 {
			return nil, 0, apierr.InvalidArgument.New("NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is not both greater than one plus the shard's StartingHashKey %s and less than the shard's EndingHashKey %s.",
				in.NewStartingHashKey, sh.log.ID(), s.name, e.cfg.accountID, r.StartingHashKey, r.EndingHashKey)
		}
		return func(now time.Time) {
			if s.isOpen(sh) { // a forced change may have closed it meanwhile
				s.splitLocked(now, sh, at)
			}
		}, 1, nil
	})
}

// MergeShards closes two open shards whose hash-key ranges touch and opens one child covering both, with
// ShardToMerge as its ParentShardId and AdjacentShardToMerge as its AdjacentParentShardId. Timing and errors are as
// for [Engine.SplitShard]; shards that are not adjacent are an InvalidArgument error.
func (e *Engine) MergeShards(ctx context.Context, in MergeShardsInput) error {
	return e.mergeShards(ctx, in, false)
}

func (e *Engine) mergeShards(ctx context.Context, in MergeShardsInput, force bool) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	var v violations
	v.shardID("shardToMerge", in.ShardToMerge)
	v.shardID("adjacentShardToMerge", in.AdjacentShardToMerge)
	if err := v.err(); err != nil {
		return err
	}
	return e.reshard(in.StreamRef, "MergeShards", force, func(s *dataStream) (func(time.Time), int, error) {
		a, err := s.openShard(in.ShardToMerge)
		if err != nil {
			return nil, 0, err
		}
		b, err := s.openShard(in.AdjacentShardToMerge)
		if err != nil {
			return nil, 0, err
		}
		ra, rb := a.log.HashKeyRange(), b.log.HashKeyRange()
		if a == b || (ra.EndingHashKey.Add(1) != rb.StartingHashKey && rb.EndingHashKey.Add(1) != ra.StartingHashKey) || ra.EndingHashKey == record.MaxHashKey && rb.EndingHashKey == record.MaxHashKey {
			return nil, 0, apierr.InvalidArgument.New("Shards %s and %s in stream %s under account %s are not an adjacent pair of shards eligible for merging",
				a.log.ID(), b.log.ID(), s.name, e.cfg.accountID)
		}
		return func(now time.Time) {
			if s.isOpen(a) && s.isOpen(b) { // a forced change may have closed one meanwhile
				s.mergeLocked(now, a, b)
			}
		}, -1, nil
	})
}

// UpdateShardCount scales a provisioned stream to TargetShardCount shards of equal hash-key ranges, by splitting
// and merging its open shards (which may create short-lived intermediate shards, as in AWS). Limits, as AWS's
// defaults: at most 10 calls per stream in a rolling 24 hours, at most double and at least half the current open
// shard count, at most 10,000 shards, and the account's shard quota; a call beyond them is a LimitExceeded error.
// Timing and other errors are as for [Engine.SplitShard].
func (e *Engine) UpdateShardCount(ctx context.Context, in UpdateShardCountInput) (UpdateShardCountOutput, error) {
	if err := e.live(ctx); err != nil {
		return UpdateShardCountOutput{}, err
	}
	var v violations
	if in.TargetShardCount < 1 {
		v.add(quoteInt(in.TargetShardCount), "targetShardCount", valueAtLeast+"1")
	}
	if in.ScalingType != "" && in.ScalingType != UniformScaling {
		v.add(quote(in.ScalingType), "scalingType", enumPrefix+"[UNIFORM_SCALING]")
	}
	if err := v.err(); err != nil {
		return UpdateShardCountOutput{}, err
	}
	var out UpdateShardCountOutput
	err := e.reshard(in.StreamRef, "UpdateShardCount", false, func(s *dataStream) (func(time.Time), int, error) {
		cur, target := len(s.open), in.TargetShardCount
		out = UpdateShardCountOutput{StreamName: s.name, StreamARN: s.arn, CurrentShardCount: cur, TargetShardCount: target}
		now := e.clk.Now()
		s.scalings = lastDay(s.scalings, now)
		switch {
		case len(s.scalings) >= MaxShardCountUpdatesPerDay:
			return nil, 0, apierr.LimitExceeded.New("Stream %s under account %s has exceeded the limit of %d UpdateShardCount calls in a rolling 24-hour period.", s.name, e.cfg.accountID, MaxShardCountUpdatesPerDay)
		case target > 2*cur:
			return nil, 0, apierr.LimitExceeded.New("UpdateShardCount cannot scale up over double the current open shard count of stream %s. Current open shard count: %d. Target shard count: %d.", s.name, cur, target)
		case 2*target < cur:
			return nil, 0, apierr.LimitExceeded.New("UpdateShardCount cannot scale down below half the current open shard count of stream %s. Current open shard count: %d. Target shard count: %d.", s.name, cur, target)
		case target > MaxShardsPerStream:
			return nil, 0, apierr.LimitExceeded.New("UpdateShardCount cannot scale stream %s above %d shards. Target shard count: %d.", s.name, MaxShardsPerStream, target)
		}
		return func(applied time.Time) {
			s.scalings = append(s.scalings, now)
			s.scaleLocked(applied, target)
		}, target - cur, nil
	})
	if err != nil {
		return UpdateShardCountOutput{}, err
	}
	return out, nil
}

// reshard runs a resharding operation: plan validates it against the stream (with the stream locked) and returns
// how to apply it and how many open shards it adds. The stream is UPDATING for the engine's update delay, then the
// change is applied; with no delay, or forced, it is applied before reshard returns (a forced change skips the
// status and capacity-mode checks too). A rejected call changes nothing.
func (e *Engine) reshard(ref StreamRef, op string, force bool, plan func(*dataStream) (apply func(time.Time), added int, err error)) error {
	s, err := e.resolve(ref, false)
	if err != nil {
		return err
	}
	defer s.rearmRetention() // closed shards expire after the retention period; runs after the locks are released
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.removed {
		return e.streamNotFound(s.name)
	}
	if !force {
		if err := s.reshardable(op); err != nil {
			return err
		}
	}
	apply, added, err := plan(s)
	if err != nil {
		return err
	}
	if added > 0 && e.shards+added > e.cfg.shardLimit {
		return e.shardLimitExceeded(added)
	}
	if force {
		s.applyReshardLocked(apply, 0)
		return nil
	}
	// The quota is taken now, so that other calls see it, and given back as the change applies.
	e.shards += added
	s.reserved += added
	s.update(func(time.Time) { s.applyReshardLocked(apply, added) })
	return nil
}

// update applies a change to the stream: at once with no update delay, else after it, the stream UPDATING
// meanwhile (reads and writes go on). Either way apply runs with e.mu and s.mu held for writing, and retention is
// re-armed afterwards (resharding closes shards, which expire). e.mu and s.mu must be held for writing.
func (s *dataStream) update(apply func(now time.Time)) {
	e := s.e
	d := e.cfg.updateDelay
	if d == 0 {
		apply(e.clk.Now())
		return
	}
	s.status = StreamStatusUpdating
	s.statusT = e.afterFunc(d, func() {
		e.mu.Lock()
		s.mu.Lock()
		due := !s.removed && s.status == StreamStatusUpdating
		if due {
			apply(e.clk.Now())
			s.status = StreamStatusActive
		}
		s.mu.Unlock()
		e.mu.Unlock()
		if due {
			s.rearmRetention()
		}
	})
}

// applyReshardLocked applies a planned change, counting the open shards it adds against the account's quota in
// place of the reserved ones (a forced change may have come first and changed the outcome). e.mu and s.mu must be
// held for writing.
func (s *dataStream) applyReshardLocked(apply func(time.Time), reserved int) {
	before := len(s.open)
	apply(s.e.clk.Now())
	s.e.shards += len(s.open) - before - reserved
	s.reserved -= reserved
}

// isOpen reports whether sh is still among the open shards. s.mu must be held.
func (s *dataStream) isOpen(sh *shardState) bool {
	closed, _ := sh.log.Closed()
	return !closed
}

// splitLocked closes sh and opens its two children, split at hash key at. s.mu must be held for writing.
func (s *dataStream) splitLocked(now time.Time, sh *shardState, at record.HashKey) (lower, upper *shardState) {
	r := sh.log.HashKeyRange()
	parent := sh.log.ID()
	lower = s.newShard(now, s.takeIndex(), record.HashKeyRange{StartingHashKey: r.StartingHashKey, EndingHashKey: at.Sub(1)}, parent, "")
	upper = s.newShard(now, s.takeIndex(), record.HashKeyRange{StartingHashKey: at, EndingHashKey: r.EndingHashKey}, parent, "")
	s.replaceOpen(now, []*shardState{sh}, lower, upper)
	return lower, upper
}

// mergeLocked closes a and b and opens their child. s.mu must be held for writing.
func (s *dataStream) mergeLocked(now time.Time, a, b *shardState) *shardState {
	ra, rb := a.log.HashKeyRange(), b.log.HashKeyRange()
	r := record.HashKeyRange{StartingHashKey: ra.StartingHashKey, EndingHashKey: rb.EndingHashKey}
	if rb.StartingHashKey.Less(ra.StartingHashKey) {
		r = record.HashKeyRange{StartingHashKey: rb.StartingHashKey, EndingHashKey: ra.EndingHashKey}
	}
	child := s.newShard(now, s.takeIndex(), r, a.log.ID(), b.log.ID())
	s.replaceOpen(now, []*shardState{a, b}, child)
	return child
}

// scaleLocked reshapes the open shards into target shards of equal ranges: it splits every open shard at each
// target boundary inside it, then merges the pieces that fall in the same target range. s.mu must be held for
// writing.
func (s *dataStream) scaleLocked(now time.Time, target int) {
	ranges := record.SplitEvenly(target)
	for _, r := range ranges[1:] {
		sh := s.open[s.routeIndex(r.StartingHashKey)]
		if sh.log.HashKeyRange().StartingHashKey != r.StartingHashKey {
			s.splitLocked(now, sh, r.StartingHashKey)
		}
	}
	for _, r := range ranges {
		for {
			i := s.routeIndex(r.StartingHashKey)
			if s.open[i].log.HashKeyRange().EndingHashKey == r.EndingHashKey {
				break
			}
			s.mergeLocked(now, s.open[i], s.open[i+1])
		}
	}
}

func (s *dataStream) takeIndex() int {
	i := s.nextIndex
	s.nextIndex++
	return i
}

// replaceOpen closes the shards old (adjacent, in hash-key order or not) and puts children, in hash-key order, in
// their place among the open shards. s.mu must be held for writing.
func (s *dataStream) replaceOpen(now time.Time, old []*shardState, children ...*shardState) {
	for _, sh := range old {
		sh.mu.Lock()
		sh.log.Close(now)
		sh.signal() // blocking readers see the shard end
		sh.mu.Unlock()
	}
	first := len(s.open)
	for i, sh := range s.open {
		for _, o := range old {
			if sh == o {
				first = min(first, i)
			}
		}
	}
	open := make([]*shardState, 0, len(s.open)-len(old)+len(children))
	open = append(open, s.open[:first]...)
	open = append(open, children...)
	open = append(open, s.open[first+len(old):]...)
	s.open = open
	s.starts = s.starts[:0]
	for _, sh := range s.open {
		s.starts = append(s.starts, sh.log.HashKeyRange().StartingHashKey)
	}
	s.shards = append(s.shards, children...)
}

// shardID checks a shard id input.
func (v *violations) shardID(path, id string) {
	if id == "" {
		v.add("null", path, mustNotBeNull)
		return
	}
	v.name(path, id, 128)
}

// lastDay keeps the times of calls made in the rolling 24 hours before now (the window of AWS's per-day limits).
func lastDay(calls []time.Time, now time.Time) []time.Time {
	kept := calls[:0]
	for _, t := range calls {
		if now.Sub(t) < 24*time.Hour {
			kept = append(kept, t)
		}
	}
	return kept
}
