package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// ListShards lists a stream's shards in shard-id order, at most MaxResults (at most 1,000) at a time; NextToken,
// valid for 300 seconds, continues the listing. Expired shards (closed shards whose records have all passed
// retention) are not listed. ShardFilter selects: AFTER_SHARD_ID (shards after ShardId), AT_TRIM_HORIZON (open at
// the trim horizon), FROM_TRIM_HORIZON (all, the default), AT_LATEST (open now), AT_TIMESTAMP (open at Timestamp),
// FROM_TIMESTAMP (open at or after Timestamp).
//
// Errors: Validation (MaxResults outside 1–10000, a malformed shard id), InvalidArgument (NextToken with stream,
// ExclusiveStartShardId or ShardFilter; neither NextToken nor stream; a malformed token or filter),
// ExpiredNextToken, ResourceNotFound.
func (e *Engine) ListShards(ctx context.Context, in ListShardsInput) (ListShardsOutput, error) {
	if _, err := begin(e, ctx, OpListShards, &in); err != nil {
		return ListShardsOutput{}, err
	}
	var v validate.Violations
	v.PageSize("maxResults", in.MaxResults, MaxListPageSize)
	optionalShardID(&v, "exclusiveStartShardId", in.ExclusiveStartShardId)
	if err := v.Err(); err != nil {
		return ListShardsOutput{}, err
	}
	q := shardQuery{after: -1}
	now := e.clk.Now()
	if in.NextToken != "" {
		for _, c := range []struct {
			set  bool
			name string
		}{
			{in.StreamName != "", "StreamName"}, {in.StreamARN != "", "StreamARN"},
			{in.ExclusiveStartShardId != "", "ExclusiveStartShardId"}, {in.ShardFilter != nil, "ShardFilter"},
			{!in.StreamCreationTimestamp.IsZero(), "StreamCreationTimestamp"},
		} {
			if c.set {
				return ListShardsOutput{}, apierr.InvalidArgument.New("NextToken and %s cannot be provided together.", c.name)
			}
		}
		var err error
		if q, err = e.decodeShardToken(in.NextToken, now); err != nil {
			return ListShardsOutput{}, err
		}
	} else {
		if in.StreamName == "" && in.StreamARN == "" {
			return ListShardsOutput{}, apierr.InvalidArgument.New("Either NextToken or StreamName should be provided.")
		}
		name, err := e.refName(in.StreamRef)
		if err != nil {
			return ListShardsOutput{}, err
		}
		q.stream = name
		if in.ExclusiveStartShardId != "" {
			if i, ok := shardIndex(in.ExclusiveStartShardId); ok {
				q.after = i
			}
		}
		if f := in.ShardFilter; f != nil {
			if err := q.setFilter(*f, now); err != nil {
				return ListShardsOutput{}, err
			}
		}
	}
	s, err := e.resolve(StreamRef{StreamName: q.stream}, false)
	if err != nil {
		return ListShardsOutput{}, err
	}
	if q.fromToken && q.epoch != s.epoch { // a token of a deleted incarnation of the stream
		return ListShardsOutput{}, e.streamNotFound(q.stream)
	}
	if ts := in.StreamCreationTimestamp; !ts.IsZero() && !ts.Equal(s.created) {
		return ListShardsOutput{}, e.streamNotFound(q.stream)
	}
	q.epoch = s.epoch
	max := in.MaxResults
	if max == 0 || max > MaxListShardsResults {
		max = MaxListShardsResults
	}

	shards, more := s.describeShards(&q, now, max)
	out := ListShardsOutput{Shards: shards}
	if more {
		q.after = shards[len(shards)-1].index()
		out.NextToken = e.encodeShardToken(q, now)
	}
	return out, nil
}

// describeShards describes the shards q selects at now, at most limit of them, and reports whether more follow.
func (s *dataStream) describeShards(q *shardQuery, now time.Time, limit int) (shards []Shard, more bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	horizon := now.Add(-s.retention)
	shards = []Shard{}
	for _, sh := range s.shards {
		if sh.index <= q.after {
			continue
		}
		sh.mu.Lock()
		desc, keep := q.describe(sh, horizon)
		sh.mu.Unlock()
		if !keep {
			continue
		}
		if len(shards) == limit {
			return shards, true
		}
		shards = append(shards, desc)
	}
	return shards, false
}

func (s Shard) index() int { i, _ := record.ParseShardID(s.ShardId); return i }

// shardQuery is the state of a ListShards listing, carried in its NextToken.
type shardQuery struct {
	stream string
	epoch  uint32
	// fromToken is set when the query comes from a NextToken, whose epoch must be the stream's.
	fromToken bool
	after     int // list shards with a larger index
	filter    ShardFilterType
	ts        time.Time
}

func (q *shardQuery) setFilter(f ShardFilter, now time.Time) error {
	switch f.Type {
	case FilterAfterShardId:
		if f.ShardId == "" {
			return apierr.InvalidArgument.New("ShardId must be supplied in a ShardFilter with a Type of AFTER_SHARD_ID.")
		}
		i, ok := shardIndex(f.ShardId)
		if !ok {
			return apierr.InvalidArgument.New("Invalid ShardId %s in ShardFilter.", f.ShardId)
		}
		q.after = max(q.after, i)
	case FilterAtTimestamp, FilterFromTimestamp:
		if f.Timestamp.IsZero() {
			return apierr.InvalidArgument.New("Timestamp must be supplied in a ShardFilter with a Type of AT_TIMESTAMP or FROM_TIMESTAMP.")
		}
		if f.Timestamp.After(now) {
			return apierr.InvalidArgument.New("The timestamp in a ShardFilter cannot be in the future.")
		}
		q.ts = f.Timestamp
	case FilterAtTrimHorizon, FilterFromTrimHorizon, FilterAtLatest:
	default:
		var v validate.Violations
		v.Enum("shardFilter.type", string(f.Type), string(FilterAfterShardId), string(FilterAtTrimHorizon), string(FilterFromTrimHorizon),
			string(FilterAtLatest), string(FilterAtTimestamp), string(FilterFromTimestamp))
		return v.Err()
	}
	q.filter = f.Type
	return nil
}

// describe returns the shard's description and whether the query lists it. sh.mu must be held.
func (q *shardQuery) describe(sh *shardState, horizon time.Time) (Shard, bool) {
	l := sh.log
	cfg := l.Config()
	closed, closedAt := l.Closed()
	if closed && l.Len() == 0 && !closedAt.After(horizon) {
		return Shard{}, false // expired
	}
	initial := cfg.ParentShardID == "" && cfg.AdjacentParentShardID == ""
	openAt := func(t time.Time) bool {
		return (initial || !cfg.Created.After(t)) && (!closed || closedAt.After(t))
	}
	switch q.filter {
	case FilterAtLatest:
		if closed {
			return Shard{}, false
		}
	case FilterAtTrimHorizon:
		if !openAt(horizon) {
			return Shard{}, false
		}
	case FilterAtTimestamp:
		if !openAt(q.ts) {
			return Shard{}, false
		}
	case FilterFromTimestamp:
		if closed && !closedAt.After(q.ts) {
			return Shard{}, false
		}
	}
	d := Shard{
		ShardId: l.ID(), ParentShardId: cfg.ParentShardID, AdjacentParentShardId: cfg.AdjacentParentShardID,
		HashKeyRange:        cfg.HashKeyRange,
		SequenceNumberRange: SequenceNumberRange{StartingSequenceNumber: l.StartingSequenceNumber()},
	}
	if closed {
		d.SequenceNumberRange.EndingSequenceNumber = l.EndingSequenceNumber()
	}
	return d, true
}
