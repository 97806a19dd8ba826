package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
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
	// hash-key ranges must touch, ShardToMerge's ending just below AdjacentShardToMerge's.
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

// A change is a planned reshaping of a stream — a split, a merge, a uniform scaling, a capacity-mode switch —
// validated against the stream when it was asked for, and applied by [dataStream.apply], at once or when the
// update delay ends.
type change struct {
	kind   changeKind
	a, b   *shardState    // split: a; merge: a and b
	at     record.HashKey // split: the first hash key of the upper child
	target int            // scale: the open shard count to reach; warm and mode: the warm throughput, MiB/s
	mode   StreamMode     // mode: the new capacity mode
	// added is how many open shards the change adds (negative when it removes some); while the change is pending,
	// the positive part is reserved against the account's shard quota.
	added int
	// set, if not nil, changes a setting of the stream (enhanced monitoring, encryption) when the change applies.
	set func(s *dataStream, now time.Time)
}

type changeKind uint8

const (
	changeNone changeKind = iota
	changeSplit
	changeMerge
	changeScale
	changeMode
	changeWarm
)

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
	if _, err := begin(e, ctx, OpSplitShard, &in); err != nil {
		return err
	}
	at, err := checkSplit(in)
	if err != nil {
		return err
	}
	return e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		if err := s.reshardable("SplitShard"); err != nil {
			return err
		}
		c, err := s.planSplit(in, at)
		if err != nil {
			return err
		}
		return s.schedule(now, c)
	})
}

// checkSplit validates SplitShard's input and returns the split key (zero if out of range, which the plan
// reports).
func checkSplit(in SplitShardInput) (record.HashKey, error) {
	var v validate.Violations
	shardID(&v, "shardToSplit", in.ShardToSplit)
	at, err := record.ParseHashKey(in.NewStartingHashKey)
	if v.Required("newStartingHashKey", in.NewStartingHashKey) && err == record.ErrMalformedHashKey {
		v.Add(validate.Quote(in.NewStartingHashKey), "newStartingHashKey", validate.PatternPrefix+hashKeyPattern)
	}
	return at, v.Err()
}

// planSplit checks a split against the stream. s.mu must be held.
func (s *dataStream) planSplit(in SplitShardInput, at record.HashKey) (change, error) {
	sh, err := s.openShard(in.ShardToSplit)
	if err != nil {
		return change{}, err
	}
	r := sh.log.HashKeyRange()
	if at.Compare(r.StartingHashKey.Add(1)) <= 0 || at.Compare(r.EndingHashKey) >= 0 {
		return change{}, apierr.InvalidArgument.New("NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is not both greater than one plus the shard's StartingHashKey %s and less than the shard's EndingHashKey %s.",
			in.NewStartingHashKey, sh.log.ID(), s.name, s.e.cfg.Account.ID, r.StartingHashKey, r.EndingHashKey)
	}
	return change{kind: changeSplit, a: sh, at: at, added: 1}, nil
}

// MergeShards closes two open shards whose hash-key ranges touch and opens one child covering both, with
// ShardToMerge as its ParentShardId and AdjacentShardToMerge as its AdjacentParentShardId. Timing and errors are as
// for [Engine.SplitShard]; shards that are not adjacent are an InvalidArgument error, and so is a pair given upper
// shard first: ShardToMerge must be the one whose range ends just below AdjacentShardToMerge's, as AWS requires.
func (e *Engine) MergeShards(ctx context.Context, in MergeShardsInput) error {
	if _, err := begin(e, ctx, OpMergeShards, &in); err != nil {
		return err
	}
	if err := checkMerge(in); err != nil {
		return err
	}
	return e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		if err := s.reshardable("MergeShards"); err != nil {
			return err
		}
		c, err := s.planMerge(in)
		if err != nil {
			return err
		}
		return s.schedule(now, c)
	})
}

func checkMerge(in MergeShardsInput) error {
	var v validate.Violations
	shardID(&v, "shardToMerge", in.ShardToMerge)
	shardID(&v, "adjacentShardToMerge", in.AdjacentShardToMerge)
	return v.Err()
}

// planMerge checks a merge against the stream. s.mu must be held.
func (s *dataStream) planMerge(in MergeShardsInput) (change, error) {
	a, err := s.openShard(in.ShardToMerge)
	if err != nil {
		return change{}, err
	}
	b, err := s.openShard(in.AdjacentShardToMerge)
	if err != nil {
		return change{}, err
	}
	// ShardToMerge must be the lower shard of the pair: AWS refuses a pair whose ShardToMerge lies just above
	// AdjacentShardToMerge as not adjacent (kinesalite's test "should return InvalidArgumentException if
	// adjacency is inverted", test/mergeShards.js, a suite run against AWS; kinesalite checks
	// ShardToMerge.EndingHashKey+1 == AdjacentShardToMerge.StartingHashKey). The API reference defines adjacency
	// only as a union of ranges without gaps, and does not say either way.
	ra, rb := a.log.HashKeyRange(), b.log.HashKeyRange()
	adjacent := ra.EndingHashKey != record.MaxHashKey && ra.EndingHashKey.Add(1) == rb.StartingHashKey
	if a == b || !adjacent {
		return change{}, apierr.InvalidArgument.New("Shards %s and %s in stream %s under account %s are not an adjacent pair of shards eligible for merging",
			a.log.ID(), b.log.ID(), s.name, s.e.cfg.Account.ID)
	}
	return change{kind: changeMerge, a: a, b: b, added: -1}, nil
}

// UpdateShardCount scales a provisioned stream to TargetShardCount shards of equal hash-key ranges, by splitting
// and merging its open shards (which may create short-lived intermediate shards, as in AWS). Limits, as AWS's
// defaults: at most 10 calls per stream in a rolling 24 hours, at most double and at least half the current open
// shard count, at most 10,000 shards, and the account's shard quota; a call beyond them is a LimitExceeded error.
// Timing and other errors are as for [Engine.SplitShard].
func (e *Engine) UpdateShardCount(ctx context.Context, in UpdateShardCountInput) (UpdateShardCountOutput, error) {
	if _, err := begin(e, ctx, OpUpdateShardCount, &in); err != nil {
		return UpdateShardCountOutput{}, err
	}
	var v validate.Violations
	if in.TargetShardCount < 1 {
		v.Add(validate.QuoteInt(in.TargetShardCount), "targetShardCount", validate.ValueAtLeast+"1")
	}
	if in.ScalingType != "" {
		v.Enum("scalingType", in.ScalingType, UniformScaling)
	}
	if err := v.Err(); err != nil {
		return UpdateShardCountOutput{}, err
	}
	var out UpdateShardCountOutput
	err := e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		if err := s.reshardable("UpdateShardCount"); err != nil {
			return err
		}
		cur, target := len(s.open), in.TargetShardCount
		switch {
		case s.scalings.Full(now):
			return apierr.LimitExceeded.New("Stream %s under account %s has exceeded the limit of %d UpdateShardCount calls in a rolling 24-hour period.", s.name, e.cfg.Account.ID, MaxShardCountUpdatesPerDay)
		case target > 2*cur:
			return apierr.LimitExceeded.New("UpdateShardCount cannot scale up over double the current open shard count of stream %s. Current open shard count: %d. Target shard count: %d.", s.name, cur, target)
		case target < (cur+1)/2:
			return apierr.LimitExceeded.New("UpdateShardCount cannot scale down below half the current open shard count of stream %s. Current open shard count: %d. Target shard count: %d.", s.name, cur, target)
		case target > MaxShardsPerStream:
			return apierr.LimitExceeded.New("UpdateShardCount cannot scale stream %s above %d shards. Target shard count: %d.", s.name, MaxShardsPerStream, target)
		}
		if err := s.schedule(now, change{kind: changeScale, target: target, added: target - cur}); err != nil {
			return err
		}
		s.scalings.Take(now)
		out = UpdateShardCountOutput{StreamName: s.name, StreamARN: s.arn, CurrentShardCount: cur, TargetShardCount: target}
		return nil
	})
	if err != nil {
		return UpdateShardCountOutput{}, err
	}
	return out, nil
}

// modify runs do on the stream ref names, with e.mu and s.mu held for writing and the clock read once; a
// rejected call changes nothing. Retention is re-armed afterwards (resharding closes shards, which expire).
func (e *Engine) modify(ref StreamRef, do func(s *dataStream, now time.Time) error) error {
	s, err := e.resolve(ref, false)
	if err != nil {
		return err
	}
	defer s.rearmRetention() // runs after the locks are released
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.life.Closed() {
		return ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.removed {
		return e.streamNotFound(s.name)
	}
	return do(s, e.clk.Now())
}

// reshardable checks that a provisioned, ACTIVE stream may be resharded. s.mu must be held.
func (s *dataStream) reshardable(op string) error {
	if s.mode == StreamModeOnDemand {
		return apierr.Validation.New("%s is not supported for a stream in ON_DEMAND capacity mode: you tried to invoke this API for a data stream with the on-demand capacity mode.", op)
	}
	if !s.state.Is(status.Active) {
		return s.e.notActive(s.name, s.streamStatus())
	}
	return nil
}

// openShard returns the open shard with id, or the AWS error for a missing or closed one: SplitShard and
// MergeShards word a missing shard "Could not find shard shardId-000000000005 in stream s under account …" (the id
// normalised when it parses), not as GetShardIterator does — AWS's answers to kinesalite's test suite
// (test/mergeShards.js, test/splitShard.js; moto's ShardNotFoundError has the same text, checked against AWS in
// getmoto/moto#4540). s.mu must be held.
func (s *dataStream) openShard(id string) (*shardState, error) {
	i, ok := shardIndex(id)
	sh := (*shardState)(nil)
	if ok {
		sh = s.shardAt(i)
		id = record.ShardID(i)
	}
	if sh == nil {
		return nil, apierr.ResourceNotFound.New("Could not find shard %s in stream %s under account %s.", id, s.name, s.e.cfg.Account.ID)
	}
	if !s.isOpen(sh) {
		return nil, apierr.InvalidArgument.New("Shard %s in stream %s under account %s has already been merged or split, and thus is not eligible for merging or splitting.", sh.log.ID(), s.name, s.e.cfg.Account.ID)
	}
	return sh, nil
}

// schedule applies c to the stream: at once with no update delay, else when the delay ends, the stream UPDATING
// meanwhile (reads and writes go on) and the shards c adds reserved against the account's quota, so that other
// calls see them. e.mu and s.mu must be held for writing.
func (s *dataStream) schedule(now time.Time, c change) error {
	e := s.e
	if c.added > 0 && c.added > e.cfg.shardLimit-e.shards {
		return e.shardLimitExceeded(c.added)
	}
	d := e.cfg.updateDelay
	if d == 0 {
		s.apply(now, c)
		return nil
	}
	s.reserved = max(c.added, 0)
	e.shards += s.reserved
	s.pending = c
	s.state.Begin(status.Updating, nil, lifecycle.AfterFunc(e.life, d, s, (*dataStream).finishUpdate))
	return nil
}

// applyNow applies c at once, whatever the stream's status (a forced change). e.mu and s.mu must be held for
// writing.
func (s *dataStream) applyNow(now time.Time, c change) error {
	e := s.e
	if c.added > 0 && c.added > e.cfg.shardLimit-e.shards {
		return e.shardLimitExceeded(c.added)
	}
	s.apply(now, c)
	return nil
}

// finishUpdate ends the UPDATING delay by applying the pending change (a timer callback).
func (s *dataStream) finishUpdate() {
	e := s.e
	e.mu.Lock()
	s.mu.Lock()
	due := !s.removed && s.state.Is(status.Updating)
	if due {
		c := s.pending
		s.pending = change{}
		s.releaseReserved()
		s.apply(e.clk.Now(), c)
		s.state.Finish(status.Active)
	}
	s.mu.Unlock()
	e.mu.Unlock()
	if due {
		s.rearmRetention()
	}
}

// releaseReserved gives back the shards a pending change reserved. e.mu and s.mu must be held for writing.
func (s *dataStream) releaseReserved() {
	s.e.shards -= s.reserved
	s.reserved = 0
}

// apply makes a change, counting the open shards it adds or removes against the account's quota. A split or merge
// whose shards a forced change has closed meanwhile does nothing. e.mu and s.mu must be held for writing.
func (s *dataStream) apply(now time.Time, c change) {
	before := len(s.open)
	switch c.kind {
	case changeSplit:
		if s.isOpen(c.a) {
			s.split(now, c.a, c.at)
		}
	case changeMerge:
		if s.isOpen(c.a) && s.isOpen(c.b) {
			s.merge(now, c.a, c.b)
		}
	case changeScale:
		s.scale(now, c.target)
	case changeMode:
		s.mode = c.mode
		s.warmMiBps = c.target            // a switch to on-demand may set it; provisioned streams have none
		if s.mode != StreamModeOnDemand { // nor a record distribution strategy
			s.setAutoLocked(false)
		}
		s.armScalerLocked()
	case changeWarm:
		s.warmMiBps = c.target // the on-demand scaler splits towards it from its next tick
	}
	if c.set != nil {
		c.set(s, now)
	}
	s.e.shards += len(s.open) - before
}

// isOpen reports whether sh is still among the open shards. sh's log is only closed with s.mu held for writing, so
// s.mu must be held.
func (s *dataStream) isOpen(sh *shardState) bool {
	closed, _ := sh.log.Closed()
	return !closed
}

// split closes sh and opens its two children, split at hash key at. s.mu must be held for writing.
func (s *dataStream) split(now time.Time, sh *shardState, at record.HashKey) {
	r := sh.log.HashKeyRange()
	parent := sh.log.ID()
	lower := s.newShard(now, s.takeIndex(), record.HashKeyRange{StartingHashKey: r.StartingHashKey, EndingHashKey: at.Sub(1)}, parent, "")
	upper := s.newShard(now, s.takeIndex(), record.HashKeyRange{StartingHashKey: at, EndingHashKey: r.EndingHashKey}, parent, "")
	s.replaceOpen(now, []*shardState{sh}, lower, upper)
}

// merge closes a and b and opens their child. s.mu must be held for writing.
func (s *dataStream) merge(now time.Time, a, b *shardState) {
	ra, rb := a.log.HashKeyRange(), b.log.HashKeyRange()
	r := record.HashKeyRange{StartingHashKey: ra.StartingHashKey, EndingHashKey: rb.EndingHashKey}
	if rb.StartingHashKey.Less(ra.StartingHashKey) { // scale merges in hash-key order; kept for any caller
		r = record.HashKeyRange{StartingHashKey: rb.StartingHashKey, EndingHashKey: ra.EndingHashKey}
	}
	child := s.newShard(now, s.takeIndex(), r, a.log.ID(), b.log.ID())
	s.replaceOpen(now, []*shardState{a, b}, child)
}

// scale reshapes the open shards into target shards of equal ranges: it splits every open shard at each target
// boundary inside it, then merges the pieces that fall in the same target range. s.mu must be held for writing.
func (s *dataStream) scale(now time.Time, target int) {
	ranges := record.SplitEvenly(target)
	for _, r := range ranges[1:] {
		sh := s.open[s.routeIndex(r.StartingHashKey)]
		if sh.log.HashKeyRange().StartingHashKey != r.StartingHashKey {
			s.split(now, sh, r.StartingHashKey)
		}
	}
	for _, r := range ranges {
		for {
			i := s.routeIndex(r.StartingHashKey)
			if s.open[i].log.HashKeyRange().EndingHashKey == r.EndingHashKey {
				break
			}
			s.merge(now, s.open[i], s.open[i+1])
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
		sh.waiters.Signal() // blocking readers see the shard end
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
	s.ranges = s.ranges[:0]
	for _, sh := range s.open {
		s.ranges = append(s.ranges, sh.log.HashKeyRange())
	}
	s.routes.Store(nil)
	s.shards = append(s.shards, children...)
}
