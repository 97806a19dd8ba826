package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
)

var iteratorTypes = "[AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"

// shardIndex resolves a shard id as AWS does: the number at its end names the shard ("shardId-5" is
// shardId-000000000005). ok is false when it has no such number or the number is out of range.
func shardIndex(id string) (int, bool) {
	end := len(id)
	start := end
	for start > 0 && id[start-1] >= '0' && id[start-1] <= '9' {
		start--
	}
	if start == end {
		return 0, false
	}
	n := 0
	for _, c := range []byte(id[start:end]) {
		n = n*10 + int(c-'0')
		if n > 2147483647 {
			return 0, false
		}
	}
	return n, true
}

// shard returns the shard of a stream by id, or the AWS error for a missing one. s.mu must be held.
func (s *dataStream) shard(id string) (*shardState, error) {
	i, ok := shardIndex(id)
	if !ok {
		return nil, apierr.ResourceNotFound.New("Could not find shard %s in stream %s under account %s.", id, s.name, s.e.cfg.accountID)
	}
	if sh := s.shardAt(i); sh != nil {
		return sh, nil
	}
	return nil, s.e.shardNotFound(record.ShardID(i), s.name)
}

// shardAt returns the shard with index i, or nil. s.mu must be held.
func (s *dataStream) shardAt(i int) *shardState {
	// s.shards is ordered by index; expired shards are dropped, so search.
	lo, hi := 0, len(s.shards)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.shards[m].index < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(s.shards) && s.shards[lo].index == i {
		return s.shards[lo]
	}
	return nil
}

// checkStart validates a starting position's combination of type, sequence number and timestamp and returns the
// parsed sequence number.
func checkStart(path string, typ ShardIteratorType, seq string, ts time.Time, now time.Time) (record.SequenceNumber, error) {
	var v violations
	var sn record.SequenceNumber
	switch typ {
	case AtSequenceNumber, AfterSequenceNumber, TrimHorizon, Latest, AtTimestamp:
	case "":
		v.add("null", path+"shardIteratorType", mustNotBeNull)
	default:
		v.add(quote(string(typ)), path+"shardIteratorType", enumPrefix+iteratorTypes)
	}
	if seq != "" {
		var err error
		if sn, err = record.ParseSequenceNumber(seq); err == record.ErrMalformedSequenceNumber {
			v.add(quote(seq), path+"startingSequenceNumber", patternPrefix+seqPattern)
		}
	}
	if err := v.err(); err != nil {
		return sn, err
	}
	const either = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
	switch typ {
	case AtSequenceNumber, AfterSequenceNumber:
		if seq == "" {
			return sn, apierr.InvalidArgument.New(either+"Request specified %s and no StartingSequenceNumber.", typ)
		}
	case TrimHorizon, Latest:
		if seq != "" {
			return sn, apierr.InvalidArgument.New(either+"Request specified %s and also a StartingSequenceNumber.", typ)
		}
	case AtTimestamp:
		if ts.IsZero() {
			return sn, apierr.InvalidArgument.New("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")
		}
		if ts.UnixMilli() > now.UnixMilli() {
			return sn, apierr.InvalidArgument.New("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d", ts.UnixMilli(), now.UnixMilli())
		}
	}
	return sn, nil
}

// startPosition resolves a validated starting position to a position in the shard. sh.mu must be held, and
// retention applied.
func (s *dataStream) startPosition(sh *shardState, typ ShardIteratorType, seqText string, sn record.SequenceNumber, ts time.Time) (uint64, error) {
	l := sh.log
	switch typ {
	case TrimHorizon:
		return l.TrimHorizon(), nil
	case Latest:
		return l.Next(), nil
	case AtTimestamp:
		return l.PositionAtTime(ts), nil
	}
	invalid := func(why string) error {
		return apierr.InvalidArgument.New("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s under account %s is invalid%s.", seqText, l.ID(), s.name, s.e.cfg.accountID, why)
	}
	if sn.IsZero() || sn.Epoch() != s.epoch {
		return 0, invalid(" because it did not come from this stream")
	}
	if int(sn.ShardIndex()) != sh.index {
		return 0, apierr.InvalidArgument.New("Invalid StartingSequenceNumber. It encodes %s, while it was used in a call to a shard with %s", record.ShardID(int(sn.ShardIndex())), l.ID())
	}
	pos := sn.Position()
	if closed, _ := l.Closed(); closed && sn == l.EndingSequenceNumber() {
		// The last number of a closed shard: AT reads from there (the shard's end if it took no record); nothing
		// can come after it.
		if typ == AfterSequenceNumber {
			return 0, apierr.InvalidArgument.New("Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard.")
		}
		return min(pos, l.Next()), nil
	}
	if pos >= l.Next() {
		return 0, invalid("")
	}
	if typ == AfterSequenceNumber {
		pos++
	}
	return pos, nil
}

// GetShardIterator returns an iterator for reading a shard from a position. The iterator is an opaque,
// tamper-evident token that expires 5 minutes after it is issued.
//
// Errors: Validation (bad shard id, type or sequence-number syntax), InvalidArgument (type and sequence number or
// timestamp do not go together, a sequence number of another shard or stream, a timestamp in the future),
// ResourceNotFound (stream or shard), ProvisionedThroughputExceeded (over 5 calls/s on the shard).
func (e *Engine) GetShardIterator(ctx context.Context, in GetShardIteratorInput) (GetShardIteratorOutput, error) {
	if err := e.live(ctx); err != nil {
		return GetShardIteratorOutput{}, err
	}
	if e.ctl.n.Load() != 0 {
		if _, err := e.intercept(ctx, OpGetShardIterator, in); err != nil {
			return GetShardIteratorOutput{}, err
		}
	}
	start := StartingPosition{Type: in.ShardIteratorType, SequenceNumber: in.StartingSequenceNumber, Timestamp: in.Timestamp}
	s, sh, pos, now, err := e.startRead(in.StreamRef, in.ShardId, start, "", true)
	if err != nil {
		return GetShardIteratorOutput{}, err
	}
	return GetShardIteratorOutput{ShardIterator: e.encodeIterator(iterator{
		stream: s.name, epoch: s.epoch, shard: uint32(sh.index), pos: pos, created: now,
	})}, nil
}

// startRead validates the shard and starting position of a read (GetShardIterator's input, or a blocking read's,
// whose field names carry the prefix path) and resolves them to a position in the shard. For GetShardIterator
// (getShardIterator set) it applies the call's rate limit and words a missing stream as AWS does.
func (e *Engine) startRead(ref StreamRef, shardID string, p StartingPosition, path string, getShardIterator bool) (*dataStream, *shardState, uint64, time.Time, error) {
	var v violations
	if shardID == "" {
		v.add("null", "shardId", mustNotBeNull)
	} else {
		v.name("shardId", shardID, 128)
	}
	if err := v.err(); err != nil {
		return nil, nil, 0, time.Time{}, err
	}
	now := e.clk.Now()
	sn, err := checkStart(path, p.Type, p.SequenceNumber, p.Timestamp, now)
	if err != nil {
		return nil, nil, 0, now, err
	}
	s, err := e.resolve(ref, true)
	if err != nil {
		// AWS names the shard when the stream is missing.
		if name, nerr := e.refName(ref); nerr == nil && getShardIterator && isNotFound(err) {
			if i, ok := shardIndex(shardID); ok {
				err = e.shardNotFound(record.ShardID(i), name)
			}
		}
		return nil, nil, 0, now, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	sh, err := s.shard(shardID)
	if err != nil {
		return nil, nil, 0, now, err
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if getShardIterator && s.throttling && !sh.iteratorCalls.AllowN(now, 1) {
		return nil, nil, 0, now, apierr.ProvisionedThroughputExceeded.With(sh.throttleMsg)
	}
	sh.log.Expire(now.Add(-s.retention))
	pos, err := s.startPosition(sh, p.Type, p.SequenceNumber, sn, p.Timestamp)
	return s, sh, pos, now, err
}

func isNotFound(err error) bool {
	e, ok := err.(*apierr.Error)
	return ok && e.Kind() == apierr.ResourceNotFound
}

// GetRecords reads records from the position of a shard iterator: at most Limit records (default and maximum
// 10,000) and 10 MiB. It always returns a fresh NextShardIterator, except at the end of a closed shard, where
// NextShardIterator is "" and ChildShards lists the shard's children. MillisBehindLatest is the age of the first
// record not yet read (0 when caught up).
//
// Throttling (when on): 5 calls/s per shard and 2 MiB/s of reads per shard with a 10 MiB burst; a call that
// returns 10 MiB throttles the shard's reads for the next 5 seconds. A throttled call returns no records.
//
// Errors: Validation (Limit outside 1–10000, an empty iterator), InvalidArgument (a forged or malformed iterator),
// ExpiredIterator (older than 5 minutes), ResourceNotFound (the stream or shard is gone),
// ProvisionedThroughputExceeded.
func (e *Engine) GetRecords(ctx context.Context, in GetRecordsInput) (GetRecordsOutput, error) {
	if err := e.live(ctx); err != nil {
		return GetRecordsOutput{}, err
	}
	if e.ctl.n.Load() != 0 {
		if _, err := e.intercept(ctx, OpGetRecords, in); err != nil {
			return GetRecordsOutput{}, err
		}
	}
	var v violations
	switch {
	case in.Limit < 0:
		v.add(quoteInt(in.Limit), "limit", valueAtLeast+"1")
	case in.Limit > MaxGetRecordsLimit:
		v.add(quoteInt(in.Limit), "limit", valueAtMost+"10000")
	}
	switch {
	case in.ShardIterator == "":
		v.add("null", "shardIterator", mustNotBeNull)
	case len(in.ShardIterator) > 512:
		v.add(quote(in.ShardIterator), "shardIterator", lengthAtMost+"512")
	}
	if err := v.err(); err != nil {
		return GetRecordsOutput{}, err
	}
	limit := in.Limit
	if limit == 0 {
		limit = MaxGetRecordsLimit
	}
	it, ok := e.decodeIterator(in.ShardIterator)
	if !ok {
		return GetRecordsOutput{}, apierr.InvalidArgument.New("Invalid ShardIterator.")
	}
	now := e.clk.Now()
	if now.Sub(it.created) > IteratorLifetime || it.serial <= e.iterFloor.Load() {
		return GetRecordsOutput{}, apierr.ExpiredIterator.New("Iterator expired. The iterator was created at time %s while right now it is %s which is further in the future than the tolerated delay of %d milliseconds.",
			javaDate(it.created), javaDate(now), IteratorLifetime.Milliseconds())
	}
	e.mu.RLock()
	s := e.byEpoch[it.epoch]
	closed := e.closed
	e.mu.RUnlock()
	if closed {
		return GetRecordsOutput{}, ErrClosed
	}
	if s == nil || (in.StreamARN != "" && in.StreamARN != s.arn) {
		return GetRecordsOutput{}, e.shardNotFound(record.ShardID(int(it.shard)), it.stream)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	sh := s.shardAt(int(it.shard))
	if sh == nil || s.removed {
		return GetRecordsOutput{}, e.shardNotFound(record.ShardID(int(it.shard)), s.name)
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	m := sh.meter.at(now)
	if s.throttling && !sh.allowRead(now) {
		m.ReadProvisionedThroughputExceeded++
		return GetRecordsOutput{}, apierr.ProvisionedThroughputExceeded.With(sh.throttleMsg)
	}
	l := sh.log
	l.Expire(now.Add(-s.retention))
	avail := int(min(uint64(limit), l.Next()-min(max(it.pos, l.TrimHorizon()), l.Next())))
	recs, next := l.Read(it.pos, limit, MaxGetRecordsBytes, make([]record.Record, 0, avail))
	var bytes int
	for i := range recs {
		bytes += recs[i].Size()
	}
	if s.throttling {
		sh.chargeRead(now, bytes)
	}
	m.OutgoingRecords += int64(len(recs))
	m.OutgoingBytes += int64(bytes)
	if len(recs) > 0 {
		m.IteratorAgeMilliseconds = max(m.IteratorAgeMilliseconds, now.Sub(recs[len(recs)-1].ApproximateArrivalTimestamp).Milliseconds())
	}
	out := GetRecordsOutput{Records: recs}
	if a, ok := l.ArrivalAt(next); ok {
		out.MillisBehindLatest = max(now.Sub(a).Milliseconds(), 0)
	}
	if closed, _ := l.Closed(); closed && next >= l.Next() {
		out.ChildShards = s.children(sh)
	}
	if out.ChildShards == nil {
		out.NextShardIterator = e.encodeIterator(iterator{stream: s.name, epoch: s.epoch, shard: it.shard, pos: next, created: now})
	}
	return out, nil
}

// allowRead reports whether a GetRecords call may proceed now: within 5 calls/s, outside the penalty after a
// 10 MiB read, and with the 2 MiB/s byte budget not in debt. It takes a call token when it allows. sh.mu must be
// held.
func (sh *shardState) allowRead(now time.Time) bool {
	if now.Before(sh.penaltyUntil) || sh.readBytes.TokensAt(now) < 0 {
		return false
	}
	return sh.readCalls.AllowN(now, 1)
}

// chargeRead debits the bytes a call returned from the read budget. sh.mu must be held.
func (sh *shardState) chargeRead(now time.Time, bytes int) {
	if bytes == 0 {
		return
	}
	sh.readBytes.ReserveN(now, min(bytes, MaxGetRecordsBytes))
	if bytes >= MaxGetRecordsBytes {
		sh.penaltyUntil = now.Add(LargeReadPenalty)
	}
}

// children returns the shards made from sh. s.mu must be held.
func (s *dataStream) children(sh *shardState) []ChildShard {
	id := sh.log.ID()
	var out []ChildShard
	for _, c := range s.shards {
		cfg := c.log.Config()
		if cfg.ParentShardID != id && cfg.AdjacentParentShardID != id {
			continue
		}
		parents := []string{cfg.ParentShardID}
		if cfg.AdjacentParentShardID != "" {
			parents = append(parents, cfg.AdjacentParentShardID)
		}
		out = append(out, ChildShard{ShardId: c.log.ID(), ParentShards: parents, HashKeyRange: cfg.HashKeyRange})
	}
	return out
}
