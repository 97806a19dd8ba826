package stream

import (
	"context"
	"errors"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/shard"
)

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
		return nil, apierr.ResourceNotFound.New("Could not find shard %s in stream %s under account %s.", id, s.name, s.e.cfg.Account.ID)
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

// start is a validated starting position: GetShardIterator's, or a blocking read's.
type start struct {
	typ  ShardIteratorType
	text string                // the sequence number as given
	seq  record.SequenceNumber // parsed
	ts   time.Time
}

// checkStart validates a starting position's combination of type, sequence number and timestamp at now. path
// prefixes the field names in validation messages ("startingPosition." for blocking reads).
func checkStart(path string, p StartingPosition, now time.Time) (start, error) {
	var v validate.Violations
	switch p.Type {
	case AtSequenceNumber, AfterSequenceNumber, TrimHorizon, Latest, AtTimestamp:
	case "":
		v.Add("null", path+"shardIteratorType", validate.MustNotBeNull)
	default:
		v.Add(validate.Quote(string(p.Type)), path+"shardIteratorType", validate.EnumPrefix+iteratorTypes)
	}
	st := start{typ: p.Type, text: p.SequenceNumber, ts: p.Timestamp}
	st.seq = sequenceNumber(&v, path+"startingSequenceNumber", p.SequenceNumber)
	if err := v.Err(); err != nil {
		return st, err
	}
	const either = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
	switch p.Type {
	case AtSequenceNumber, AfterSequenceNumber:
		if p.SequenceNumber == "" {
			return st, apierr.InvalidArgument.New(either+"Request specified %s and no StartingSequenceNumber.", p.Type)
		}
	case TrimHorizon, Latest:
		if p.SequenceNumber != "" {
			return st, apierr.InvalidArgument.New(either+"Request specified %s and also a StartingSequenceNumber.", p.Type)
		}
	case AtTimestamp:
		if p.Timestamp.IsZero() {
			return st, apierr.InvalidArgument.New("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")
		}
		if ts, cur := shard.UnixMilli(p.Timestamp), shard.UnixMilli(now); ts > cur {
			return st, apierr.InvalidArgument.New("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d", ts, cur)
		}
	}
	return st, nil
}

// position resolves a validated starting position to a position in the shard. sh.mu must be held, and retention
// applied.
func (s *dataStream) position(sh *shardState, st start) (uint64, error) {
	l := sh.log
	switch st.typ {
	case TrimHorizon:
		return l.TrimHorizon(), nil
	case Latest:
		return l.Next(), nil
	case AtTimestamp:
		return l.PositionAtTime(st.ts), nil
	}
	invalid := func(why string) error {
		return apierr.InvalidArgument.New("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s under account %s is invalid%s.", st.text, l.ID(), s.name, s.e.cfg.Account.ID, why)
	}
	sn := st.seq
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
		if st.typ == AfterSequenceNumber {
			return 0, apierr.InvalidArgument.New("Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard.")
		}
		return min(pos, l.Next()), nil
	}
	if pos >= l.Next() {
		return 0, invalid("")
	}
	if st.typ == AfterSequenceNumber {
		pos++
	}
	return pos, nil
}

// readPoint is a shard and a position in it where a read starts, for a blocking reader: its position, and the
// log's cursor left by its last step (a shortcut to the position, which the log ignores once it no longer matches
// pos).
type readPoint struct {
	sh  *shardState
	pos uint64
	cur shard.Cursor
}

// checkRead validates a read's shard id and starting position (whose field names carry the prefix path) at now.
func checkRead(now time.Time, id string, p StartingPosition, path string) (start, error) {
	var v validate.Violations
	shardID(&v, "shardId", id)
	if err := v.Err(); err != nil {
		return start{}, err
	}
	return checkStart(path, p, now)
}

// startRead resolves a validated starting position in the shard with id shardID to a position at now.
func (s *dataStream) startRead(now time.Time, id string, st start) (readPoint, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sh, err := s.shard(id)
	if err != nil {
		return readPoint{}, err
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.log.Expire(now.Add(-s.retention))
	pos, err := s.position(sh, st)
	return readPoint{sh: sh, pos: pos}, err
}

// GetShardIterator returns an iterator for reading a shard from a position. The iterator is an opaque,
// tamper-evident token that expires 5 minutes after it is issued.
//
// Errors: Validation (bad shard id, type or sequence-number syntax), InvalidArgument (type and sequence number or
// timestamp do not go together, a sequence number of another shard or stream, a timestamp in the future),
// ResourceNotFound (stream or shard), ProvisionedThroughputExceeded (over 5 calls/s on the shard; only valid calls
// count).
//
// With DryRun, every check above but the shard's call rate is made and no iterator is issued: the answer is
// DryRunOperation, or Throttling past the stream's dry-run limit (see the package documentation's Dry runs).
func (e *Engine) GetShardIterator(ctx context.Context, in GetShardIteratorInput) (GetShardIteratorOutput, error) {
	if _, err := begin(e, ctx, OpGetShardIterator, &in); err != nil {
		return GetShardIteratorOutput{}, err
	}
	now := e.clk.Now()
	p := StartingPosition{Type: in.ShardIteratorType, SequenceNumber: in.StartingSequenceNumber, Timestamp: in.Timestamp}
	st, err := checkRead(now, in.ShardId, p, "")
	if err != nil {
		return GetShardIteratorOutput{}, err
	}
	s, err := e.resolve(in.StreamRef, true)
	if err != nil {
		// AWS names the shard when the stream is missing.
		if name, nerr := e.refName(in.StreamRef); nerr == nil && errors.Is(err, apierr.ResourceNotFound) {
			if i, ok := shardIndex(in.ShardId); ok {
				err = e.shardNotFound(record.ShardID(i), name)
			}
		}
		return GetShardIteratorOutput{}, err
	}
	rp, err := s.startRead(now, in.ShardId, st)
	if err != nil {
		return GetShardIteratorOutput{}, err
	}
	if in.DryRun {
		return GetShardIteratorOutput{}, s.answerDryRun(now)
	}
	s.mu.RLock()
	throttling := s.throttling
	s.mu.RUnlock()
	if throttling {
		rp.sh.mu.Lock()
		ok := rp.sh.iteratorCalls.AllowN(now, 1)
		rp.sh.mu.Unlock()
		if !ok {
			return GetShardIteratorOutput{}, apierr.ProvisionedThroughputExceeded.With(rp.sh.throttleMsg)
		}
	}
	return GetShardIteratorOutput{ShardIterator: e.encodeIterator(iterator{
		stream: s.name, epoch: s.epoch, shard: uint32(rp.sh.index), pos: rp.pos, created: now,
	})}, nil
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
//
// With DryRun, the iterator is checked (its form, its age, its stream and shard) and nothing is read: the shard's
// read budget is not spent, and the iterator stays usable. The answer is DryRunOperation, or Throttling past the
// stream's dry-run limit (see the package documentation's Dry runs).
func (e *Engine) GetRecords(ctx context.Context, in GetRecordsInput) (GetRecordsOutput, error) {
	if _, err := begin(e, ctx, OpGetRecords, &in); err != nil {
		return GetRecordsOutput{}, err
	}
	var v validate.Violations
	v.PageSize("limit", in.Limit, MaxGetRecordsLimit)
	switch {
	case in.ShardIterator == "":
		v.Add("null", "shardIterator", validate.MustNotBeNull)
	case len(in.ShardIterator) > 512:
		v.Add(validate.Quote(in.ShardIterator), "shardIterator", validate.LengthAtMost+"512")
	}
	if err := v.Err(); err != nil {
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
	e.mu.RUnlock()
	if e.life.Closed() {
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
	if in.DryRun {
		return GetRecordsOutput{}, s.dryRun(now)
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	m := sh.meter.At(now)
	if s.throttling && !sh.allowRead(now) {
		m.ReadProvisionedThroughputExceeded++
		return GetRecordsOutput{}, apierr.ProvisionedThroughputExceeded.With(sh.throttleMsg)
	}
	l := sh.log
	l.Expire(now.Add(-s.retention))
	avail := int(min(uint64(limit), l.Next()-min(max(it.pos, l.TrimHorizon()), l.Next())))
	recs, next := l.Read(it.pos, limit, MaxGetRecordsBytes, make([]record.Record, 0, avail))
	sh.setEncryption(recs, next-uint64(len(recs)))
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
