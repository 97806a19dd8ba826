package kpl

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// This file is the producer's pure core: buffers per predicted shard, aggregation, collection, rate limiting,
// retries and the shard map. It starts no goroutine and reads no clock: every method is given now. The shell
// (producer.go) holds its lock and calls it.

// entry is one user record in the producer.
type entry struct {
	rec      UserRecord
	hk       record.HashKey
	size     int // data and partition key, as AWS counts a record
	deadline time.Time
	expires  time.Time
	attempts int
	lastErr  error
	p        *Pending // &pending: one allocation for the record and its future
	pending  Pending
}

// limits are the token buckets of one shard: Kinesis records and bytes per second. A nil *limits limits nothing
// (WithoutRateLimit).
type limits struct{ records, bytes *rate.Limiter }

func newLimits(percent int, now time.Time) *limits {
	if percent == noRateLimit {
		return nil
	}
	recs := float64(stream.WriteRecordsPerShard) * float64(percent) / 100
	bytes := float64(stream.WriteBytesPerShard) * float64(percent) / 100
	l := &limits{
		records: rate.NewLimiter(rate.Limit(recs), max(int(recs), 1)),
		bytes:   rate.NewLimiter(rate.Limit(bytes), max(int(bytes), MaxUserRecordSize)),
	}
	// A new bucket starts full, as the stream's do.
	l.records.AllowN(now, 0)
	l.bytes.AllowN(now, 0)
	return l
}

// wait returns how long until one record of size bytes fits both buckets: 0 if it fits now.
func (l *limits) wait(now time.Time, size int) time.Duration {
	var d time.Duration
	if l == nil {
		return 0
	}
	if t := l.records.TokensAt(now); t < 1 {
		d = max(d, seconds((1-t)/float64(l.records.Limit())))
	}
	if t := l.bytes.TokensAt(now); t < float64(size) {
		d = max(d, seconds((float64(size)-t)/float64(l.bytes.Limit())))
	}
	return d
}

func (l *limits) take(now time.Time, size int) {
	if l == nil {
		return
	}
	l.records.AllowN(now, 1)
	l.bytes.AllowN(now, size)
}

// seconds converts s seconds to a Duration, rounded up to the next nanosecond.
func seconds(s float64) time.Duration { return time.Duration(math.Ceil(s * 1e9)) }

// queue holds the buffered user records predicted for one open shard, oldest first.
type queue struct {
	id        string
	rng       record.HashKeyRange
	entries   []*entry
	head      int
	bytes     int // data and partition keys of entries[head:]
	failures  int // consecutive failed puts, for the backoff
	notBefore time.Time
	lim       *limits
	prep      *prepared // an aggregate built but not sent yet (not enough tokens or room in the request)
}

// prepared is a Kinesis record built from the first n entries of a queue.
type prepared struct {
	rec  record.Record
	n    int
	size int
}

func (q *queue) len() int { return len(q.entries) - q.head }

func (q *queue) push(e *entry) {
	q.entries = append(q.entries, e)
	q.bytes += e.size
}

// pop removes the first n entries and returns them (a slice the queue no longer uses).
func (q *queue) pop(n int) []*entry {
	out := slices.Clone(q.entries[q.head : q.head+n])
	clear(q.entries[q.head : q.head+n])
	q.head += n
	for _, e := range out {
		q.bytes -= e.size
	}
	if q.head == len(q.entries) {
		q.entries, q.head = q.entries[:0], 0
	} else if q.head > 64 && q.head > len(q.entries)/2 {
		n := copy(q.entries, q.entries[q.head:])
		clear(q.entries[n:])
		q.entries, q.head = q.entries[:n], 0
	}
	return out
}

// prepend puts es back in front of the queue, in their order: a retried record goes before every later one of its
// shard, so that records of one partition key keep their order.
func (q *queue) prepend(es []*entry) {
	rest := q.entries[q.head:]
	q.entries = append(append(make([]*entry, 0, len(es)+len(rest)), es...), rest...)
	q.head = 0
	for _, e := range es {
		q.bytes += e.size
	}
	q.prep = nil
}

// part is one entry of a PutRecords request: the user records of one Kinesis record and their queue.
type part struct {
	q     *queue
	users []*entry
	agg   bool
}

// request is one PutRecords call the core wants made.
type request struct {
	input stream.PutRecordsInput
	parts []part
}

// completion is a result to hand to its Pending (outside the lock).
type completion struct {
	p *Pending
	r Result
}

// wrongShard is an aggregate that landed on another shard than predicted; it is settled with the next shard map.
type wrongShard struct {
	q     *queue
	users []*entry
	res   stream.PutRecordsResultEntry
}

// Metrics are a producer's own counters, a snapshot from [Producer.Metrics] (a value: copy and keep it freely).
type Metrics struct {
	// Buffered is the number of user records waiting to be sent (new or to be retried), BufferedBytes their data
	// and partition-key bytes.
	Buffered      int
	BufferedBytes int64
	// InFlight is the number of user records in the PutRecords call under way or awaiting the shard map.
	InFlight int
	// UserRecordsPut counts user records put; KinesisRecordsPut the Kinesis records that carried them, of which
	// AggregatesPut held two or more user records.
	UserRecordsPut    int64
	KinesisRecordsPut int64
	AggregatesPut     int64
	// PutRecordsCalls counts PutRecords calls made, ListShardsCalls ListShards calls.
	PutRecordsCalls int64
	ListShardsCalls int64
	// Retries counts user records put back in the buffer after a failed attempt.
	Retries int64
	// Throttled counts Kinesis records refused with ProvisionedThroughputExceededException (entries, or all the
	// entries of a refused call).
	Throttled int64
	// Failed counts user records whose result has an error.
	Failed int64
	// ShardMapRefreshes counts shard maps installed; WrongShard counts Kinesis records that landed on another
	// shard than the map predicted (each one makes the producer refresh its map).
	ShardMapRefreshes int64
	WrongShard        int64
}

// core is the producer's state; not safe for concurrent use (the shell holds a lock).
type core struct {
	cfg  *config
	ref  stream.StreamRef
	aggr *agg.Aggregator

	open   []*queue              // the open shards of the map, by StartingHashKey
	ranges []record.HashKeyRange // their ranges, for record.Route
	known  map[string]record.HashKeyRange
	limits map[string]*limits

	waiting  queue // records that no shard of the map holds (no map yet, or a gap)
	mapKnown bool
	stale    bool
	checked  bool // WithShardMapCheck: the map was listed since the last request or wait
	mapRetry time.Time
	mapFails int
	mapErr   error
	wrong    []wrongShard

	rr          int
	flushing    bool
	outstanding int
	m           Metrics
	done        []completion
}

func newCore(cfg *config, ref stream.StreamRef) *core {
	c := &core{cfg: cfg, ref: ref, known: map[string]record.HashKeyRange{}, limits: map[string]*limits{}}
	if cfg.aggregate {
		c.aggr, _ = agg.NewAggregator(cfg.aggMaxSize) // validated by config.validate
	}
	return c
}

// check validates a user record as the KPL's addUserRecord does, and returns its hash key and size.
func check(r *UserRecord) (record.HashKey, int, error) {
	if !record.ValidPartitionKey(r.PartitionKey) {
		return record.HashKey{}, 0, fmt.Errorf("%w: partition key of %d characters (1 to %d)", ErrInvalidRecord,
			record.PartitionKeyLength(r.PartitionKey), record.MaxPartitionKeyLength)
	}
	size := len(r.Data) + len(r.PartitionKey)
	if size > MaxUserRecordSize {
		return record.HashKey{}, 0, fmt.Errorf("%w: data and partition key of %d bytes (at most %d)", ErrInvalidRecord, size, MaxUserRecordSize)
	}
	if r.ExplicitHashKey != "" {
		hk, err := record.ParseHashKey(r.ExplicitHashKey)
		if err != nil {
			return record.HashKey{}, 0, fmt.Errorf("%w: explicit hash key %q: %w", ErrInvalidRecord, r.ExplicitHashKey, err)
		}
		return hk, size, nil
	}
	return record.HashKeyOf(r.PartitionKey), size, nil
}

// add buffers a checked user record.
func (c *core) add(now time.Time, e *entry) {
	e.deadline = now.Add(c.cfg.maxBuffered)
	e.expires = now.Add(c.cfg.ttl)
	c.outstanding++
	c.m.Buffered++
	c.m.BufferedBytes += int64(e.size)
	c.route(e)
}

func (c *core) route(e *entry) {
	if c.mapKnown {
		if i, ok := record.Route(c.ranges, e.hk); ok {
			c.open[i].push(e)
			return
		}
		c.stale = true // a gap in the map: it is out of date
	}
	c.waiting.push(e)
}

// wantMap reports whether the shell should list the shards now.
func (c *core) wantMap(now time.Time) bool {
	if now.Before(c.mapRetry) {
		return false
	}
	return !c.mapKnown || c.stale || len(c.wrong) > 0 || c.cfg.checkMap && !c.checked && c.ready(now)
}

// ready reports whether some queue would go into a request now (the shard-map check lists shards only then).
func (c *core) ready(now time.Time) bool {
	for _, q := range c.open {
		if q.len() > 0 && !q.notBefore.After(now) && c.due(now, q) {
			return true
		}
	}
	return false
}

// due reports whether q's first records should go out now: their deadline passed, a flush asked for everything, or
// a full aggregate waits.
func (c *core) due(now time.Time, q *queue) bool {
	if c.flushing || !q.entries[q.head].deadline.After(now) || !c.cfg.aggregate {
		return true
	}
	return q.bytes >= c.cfg.aggMaxSize || q.len() >= c.cfg.aggMaxCount
}

// backoff is the wait before the n-th consecutive retry: half of RecordMaxBufferedTime as the KPL's, doubled for
// each further failure up to the maximum.
func (c *core) backoff(n int) time.Duration {
	d := max(c.cfg.maxBuffered/2, time.Millisecond)
	for i := 1; i < n && d < c.cfg.maxBackoff; i++ {
		d *= 2
	}
	return min(d, max(c.cfg.maxBackoff, time.Millisecond))
}

// mapFailed records a failed listing: the records wait (and expire) until a later listing succeeds.
func (c *core) mapFailed(now time.Time, err error) {
	c.m.ListShardsCalls++
	c.mapFails++
	c.mapErr = err
	c.mapRetry = now.Add(c.backoff(c.mapFails))
	// The aggregates that landed on an unexpected shard cannot be settled without a map: send them again (a KCL
	// consumer reads each user record at least once), so that they expire with the rest if no map comes.
	for _, w := range c.wrong {
		c.m.InFlight -= len(w.users)
		c.retry(now, w.q, w.users, err, false)
	}
	c.wrong = c.wrong[:0]
	if errors.Is(err, stream.ErrClosed) || errors.Is(err, stream.ErrNilContext) {
		c.failAll(err) // no listing will ever succeed
		return
	}
	c.expireAll(now)
}

// failAll fails every buffered record with err.
func (c *core) failAll(err error) {
	for _, q := range slices.Concat(c.open, []*queue{&c.waiting}) {
		q.prep = nil
		for _, e := range q.pop(q.len()) {
			c.m.Buffered--
			c.m.BufferedBytes -= int64(e.size)
			e.lastErr = err
			c.fail(e, err)
		}
	}
}

// setMap installs the shards listed by ListShards: open shards route records; every listed shard's range settles
// the aggregates that landed on an unexpected shard. Buffered records are routed again, each queue's records in
// order, so the records of one partition key stay in order.
func (c *core) setMap(now time.Time, shards []stream.Shard) {
	c.m.ListShardsCalls++
	c.m.ShardMapRefreshes++
	clear(c.known)
	var open []stream.Shard
	for _, s := range shards {
		c.known[s.ShardId] = s.HashKeyRange
		if s.SequenceNumberRange.EndingSequenceNumber.IsZero() {
			open = append(open, s)
		}
	}
	slices.SortFunc(open, func(a, b stream.Shard) int {
		return a.HashKeyRange.StartingHashKey.Compare(b.HashKeyRange.StartingHashKey)
	})

	// Settle the aggregates that landed elsewhere: put if the shard that took one holds all its user records
	// (a consumer reads them), else sent again (a consumer drops the whole aggregate, as the KCL does).
	for _, w := range c.wrong {
		rng, ok := c.known[w.res.ShardId]
		inside := ok
		for _, e := range w.users {
			inside = inside && rng.Contains(e.hk)
		}
		c.m.InFlight -= len(w.users)
		if inside {
			c.succeed(w.users, w.res, true)
			continue
		}
		c.retry(now, w.q, w.users, fmt.Errorf("kpl: aggregate landed on %s, whose hash-key range does not hold all its user records", w.res.ShardId), false)
	}
	c.wrong = c.wrong[:0]

	old := c.open
	byID := make(map[string]*queue, len(old))
	for _, q := range old {
		byID[q.id] = q
	}
	pending := make([][]*entry, 0, len(old)+1)
	for _, q := range old {
		pending = append(pending, q.entries[q.head:])
	}
	pending = append(pending, c.waiting.entries[c.waiting.head:])
	c.waiting = queue{}

	c.open = make([]*queue, len(open))
	c.ranges = make([]record.HashKeyRange, len(open))
	lims := make(map[string]*limits, len(open))
	for i, s := range open {
		q := byID[s.ShardId]
		if q == nil {
			q = &queue{id: s.ShardId}
		}
		q.rng, q.entries, q.head, q.bytes, q.prep = s.HashKeyRange, nil, 0, 0, nil
		if q.lim = c.limits[s.ShardId]; q.lim == nil && c.cfg.rateLimit != noRateLimit {
			q.lim = newLimits(c.cfg.rateLimit, now)
		}
		lims[s.ShardId] = q.lim
		c.open[i], c.ranges[i] = q, s.HashKeyRange
	}
	c.limits = lims
	c.mapKnown, c.stale, c.checked = true, false, true
	c.mapFails, c.mapErr, c.mapRetry = 0, nil, time.Time{}
	for _, es := range pending {
		for _, e := range es {
			c.route(e)
		}
	}
	if c.stale { // the new map has a gap too: list again after a pause rather than at once
		c.mapFails++
		c.mapRetry = now.Add(c.backoff(c.mapFails))
	}
}

// expire fails the records at the head of q whose TTL has passed.
func (c *core) expire(now time.Time, q *queue) {
	n := 0
	for n < q.len() && !q.entries[q.head+n].expires.After(now) {
		n++
	}
	if n == 0 {
		return
	}
	q.prep = nil
	for _, e := range q.pop(n) {
		c.m.Buffered--
		c.m.BufferedBytes -= int64(e.size)
		c.fail(e, c.expiredErr(e))
	}
}

func (c *core) expireAll(now time.Time) {
	for _, q := range c.open {
		c.expire(now, q)
	}
	c.expire(now, &c.waiting)
}

func (c *core) expiredErr(e *entry) error {
	last := e.lastErr
	if last == nil {
		last = c.mapErr
	}
	if last == nil {
		return ErrExpired
	}
	return fmt.Errorf("%w: %w", ErrExpired, last)
}

func (c *core) fail(e *entry, err error) {
	c.m.Failed++
	c.outstanding--
	c.done = append(c.done, completion{e.p, Result{ShardId: "", Attempts: e.attempts, Err: err}})
}

// build returns the Kinesis record made of q's first records: an aggregate of the records that fit, or one record.
func (c *core) build(q *queue) *prepared {
	if q.prep != nil {
		return q.prep
	}
	first := q.entries[q.head]
	if c.aggr == nil {
		r := record.Record{Data: first.rec.Data, PartitionKey: first.rec.PartitionKey, ExplicitHashKey: first.rec.ExplicitHashKey}
		q.prep = &prepared{rec: r, n: 1, size: first.size}
		return q.prep
	}
	n := 0
	for n < q.len() && n < c.cfg.aggMaxCount {
		e := q.entries[q.head+n]
		ok, err := c.aggr.Add(agg.Record{PartitionKey: e.rec.PartitionKey, ExplicitHashKey: e.rec.ExplicitHashKey, Data: e.rec.Data})
		if err != nil || !ok {
			break // check refused invalid records in Put, so only a full aggregate stops here
		}
		n++
	}
	r, _ := c.aggr.Flush()
	q.prep = &prepared{rec: r, n: n, size: r.Size()}
	return q.prep
}

// next returns the PutRecords call to make now, or nil and when to look again (zero: only when a record is added
// or a flush asked for). A request puts at most one Kinesis record per shard, so that a throttled record is never
// overtaken by a later one of its shard (see the package documentation on ordering).
func (c *core) next(now time.Time) (*request, time.Time) {
	var wake time.Time
	soon := func(t time.Time) {
		if wake.IsZero() || t.Before(wake) {
			wake = t
		}
	}
	c.expireAll(now)
	if !c.mapKnown || c.stale || len(c.wrong) > 0 {
		if c.outstanding > 0 {
			soon(c.mapRetry)
		}
		return nil, wake
	}
	var req *request
	bytes := 0
	n := len(c.open)
	for k := range n {
		q := c.open[(c.rr+k)%n]
		if q.len() == 0 {
			continue
		}
		if q.notBefore.After(now) {
			soon(q.notBefore)
			continue
		}
		if !c.due(now, q) {
			soon(q.entries[q.head].deadline)
			continue
		}
		p := c.build(q)
		if req != nil && (len(req.parts) >= c.cfg.collMaxCount || bytes+p.size > c.cfg.collMaxSize) {
			soon(now) // the request is full: the rest goes in the next one
			break
		}
		if d := q.lim.wait(now, p.size); d > 0 {
			soon(now.Add(d))
			continue
		}
		q.lim.take(now, p.size)
		if req == nil {
			req = &request{input: stream.PutRecordsInput{StreamRef: c.ref}}
		}
		req.input.Records = append(req.input.Records, stream.PutRecordsEntry{Data: p.rec.Data, PartitionKey: p.rec.PartitionKey, ExplicitHashKey: p.rec.ExplicitHashKey})
		users := q.pop(p.n)
		q.prep = nil
		for _, e := range users {
			e.attempts++
			c.m.Buffered--
			c.m.BufferedBytes -= int64(e.size)
		}
		c.m.InFlight += len(users)
		req.parts = append(req.parts, part{q: q, users: users, agg: len(users) > 1})
		bytes += p.size
	}
	c.rr++
	c.checked = false // a reshard may come before the next request
	if req != nil {
		c.m.PutRecordsCalls++
	}
	return req, wake
}

// complete takes the outcome of a request's PutRecords call.
func (c *core) complete(now time.Time, req *request, out stream.PutRecordsOutput, err error) {
	for i, pt := range req.parts {
		perr := err
		var res stream.PutRecordsResultEntry
		if perr == nil {
			if i < len(out.Records) {
				res = out.Records[i]
			} else {
				res.ErrorCode, res.ErrorMessage = apierr.PutRecordsEntryInternalFailure, "no result for the entry"
			}
			if res.ErrorCode != "" {
				perr = entryError(res.ErrorCode, res.ErrorMessage)
			}
		}
		if perr != nil {
			c.m.InFlight -= len(pt.users)
			pt.q.failures++
			pt.q.notBefore = now.Add(c.backoff(pt.q.failures))
			c.retry(now, pt.q, pt.users, perr, true)
			continue
		}
		pt.q.failures = 0
		if res.ShardId != pt.q.id {
			c.m.WrongShard++
			c.stale = true
			if pt.agg {
				c.wrong = append(c.wrong, wrongShard{q: pt.q, users: pt.users, res: res})
				continue
			}
		}
		c.m.InFlight -= len(pt.users)
		c.succeed(pt.users, res, pt.agg)
	}
}

// entryError is the error of a failed PutRecords entry: the apierr value of its code.
func entryError(code, msg string) error {
	if e := apierr.ByCode(code); e != nil {
		return e.With(msg)
	}
	if code == apierr.PutRecordsEntryInternalFailure {
		return apierr.InternalFailure.With(msg)
	}
	return fmt.Errorf("kpl: PutRecords entry failed with %s: %s", code, msg)
}

func (c *core) succeed(users []*entry, res stream.PutRecordsResultEntry, aggregated bool) {
	c.m.KinesisRecordsPut++
	if aggregated {
		c.m.AggregatesPut++
	}
	for i, e := range users {
		c.m.UserRecordsPut++
		c.outstanding--
		r := Result{SequenceNumber: res.SequenceNumber, ShardId: res.ShardId, Attempts: e.attempts, Aggregated: aggregated}
		if aggregated {
			r.SubSequenceNumber = uint64(i)
		}
		c.done = append(c.done, completion{e.p, r})
	}
}

// retry puts the users of a failed Kinesis record back in front of q, or fails those that may not be retried:
// non-retryable AWS exceptions, throttling with FailIfThrottled, and records whose TTL ends before the retry.
func (c *core) retry(now time.Time, q *queue, users []*entry, err error, counted bool) {
	throttled := errors.Is(err, apierr.ProvisionedThroughputExceeded)
	if throttled && counted {
		c.m.Throttled++
	}
	final := finalError(err) || throttled && c.cfg.failThrottled
	at := q.notBefore
	if at.Before(now) {
		at = now
	}
	keep := users[:0]
	for _, e := range users {
		e.lastErr = err
		switch {
		case final:
			c.fail(e, err)
		case !e.expires.After(at):
			c.fail(e, c.expiredErr(e))
		default:
			keep = append(keep, e)
		}
	}
	if len(keep) == 0 {
		return
	}
	c.m.Retries += int64(len(keep))
	c.m.Buffered += len(keep)
	for _, e := range keep {
		c.m.BufferedBytes += int64(e.size)
	}
	q.prepend(keep)
}

// finalError reports whether err fails a record at once instead of being retried: a non-retryable AWS exception,
// or a client that is closed or was given a nil context.
func finalError(err error) bool {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return !ae.Retryable
	}
	return errors.Is(err, stream.ErrClosed) || errors.Is(err, stream.ErrNilContext)
}

// takeDone returns the completions gathered since the last call.
func (c *core) takeDone() []completion {
	d := c.done
	c.done = nil
	return d
}
