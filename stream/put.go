package stream

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// Puts. PutRecord and PutRecords share one pipeline: validate the input's shape, resolve the stream, check each
// record's size against the stream and route it, then write — shard by shard, each shard's lock taken once,
// throttling, appending, metering and waking readers per record. PutRecord is a batch of one whose entry failure
// becomes the call's error.

// PutRecord writes one record to the shard its partition key (or explicit hash key) routes to.
//
// Errors: Validation (key of 0 or over 256 characters, malformed hash key or sequence number), InvalidArgument
// (hash key above 2^128−1, foreign SequenceNumberForOrdering), ResourceNotFound, ProvisionedThroughputExceeded
// (the shard's 1 MiB/s or 1,000 records/s is used up).
func (e *Engine) PutRecord(ctx context.Context, in PutRecordInput) (PutRecordOutput, error) {
	if _, err := begin(e, ctx, OpPutRecord, &in); err != nil {
		return PutRecordOutput{}, err
	}
	entries := [1]PutRecordsEntry{{Data: in.Data, PartitionKey: in.PartitionKey, ExplicitHashKey: in.ExplicitHashKey}}
	var v validate.Violations
	putEntry(&v, -1, &entries[0])
	order := sequenceNumber(&v, "sequenceNumberForOrdering", in.SequenceNumberForOrdering)
	if err := v.Err(); err != nil {
		return PutRecordOutput{}, err
	}
	s, err := e.resolve(in.StreamRef, true)
	if err != nil {
		return PutRecordOutput{}, err
	}
	if sn := in.SequenceNumberForOrdering; sn != "" && (order.IsZero() || order.Epoch() != s.epoch) {
		return PutRecordOutput{}, apierr.InvalidArgument.New("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.", sn, s.name, e.cfg.account.ID)
	}
	var results [1]PutRecordsResultEntry
	if _, err := s.put(entries[:], results[:], nil, false); err != nil {
		return PutRecordOutput{}, err
	}
	r := &results[0]
	switch r.ErrorCode {
	case "":
		return PutRecordOutput{ShardId: r.ShardId, SequenceNumber: r.SequenceNumber, EncryptionType: s.encryptionType()}, nil
	case apierr.ProvisionedThroughputExceeded.Code:
		return PutRecordOutput{}, apierr.ProvisionedThroughputExceeded.With(r.ErrorMessage)
	}
	return PutRecordOutput{}, apierr.InternalFailure.With(r.ErrorMessage)
}

// PutRecords writes 1–500 records (5 MiB at most in all) in one call. Each entry succeeds or fails on its own: a
// throttled entry carries ErrorCode ProvisionedThroughputExceededException and its message, and FailedRecordCount
// counts the failures. Results are in request order. Entries are written shard by shard, each shard's entries in
// request order.
//
// Whole-call errors (nothing is written): Validation (0 or over 500 entries, a bad key or hash key), InvalidArgument
// (over 5 MiB, a hash key above 2^128−1), ResourceNotFound.
func (e *Engine) PutRecords(ctx context.Context, in PutRecordsInput) (PutRecordsOutput, error) {
	injected, err := begin(e, ctx, OpPutRecords, &in)
	if err != nil {
		return PutRecordsOutput{}, err
	}
	n := len(in.Records)
	var v validate.Violations
	if n == 0 {
		v.Add("'[]'", "records", validate.LengthAtLeast+"1")
	} else if n > MaxPutRecordsEntries {
		v.Add(validate.Quote("["+strconv.Itoa(n)+" entries]"), "records", validate.LengthAtMost+strconv.Itoa(MaxPutRecordsEntries))
	}
	total := 0
	for i := range in.Records {
		r := &in.Records[i]
		putEntry(&v, i, r)
		total += len(r.Data) + len(r.PartitionKey)
	}
	if err := v.Err(); err != nil {
		return PutRecordsOutput{}, err
	}
	s, err := e.resolve(in.StreamRef, true)
	if err != nil {
		return PutRecordsOutput{}, err
	}
	if total > MaxPutRecordsBytes {
		return PutRecordsOutput{}, apierr.InvalidArgument.New("Records size exceeds 5 MB limit")
	}
	out := PutRecordsOutput{Records: make([]PutRecordsResultEntry, n), EncryptionType: s.encryptionType()}
	if out.FailedRecordCount, err = s.put(in.Records, out.Records, injected, true); err != nil {
		return PutRecordsOutput{}, err
	}
	return out, nil
}

// putScratch is the working memory of a put of several entries, pooled so that a call allocates only its result.
type putScratch struct {
	keys  []record.HashKey
	slot  []int32 // index into dataStream.open of each entry's shard
	count []int32 // entries per open shard, then start offsets
	order []int32 // entry indexes grouped by shard, in request order within a shard
	// groups are the shards that take entries, in hash-key order, each with its entries order[lo:hi].
	groups []putGroup
}

type putGroup struct{ shard, lo, hi int32 }

var scratchPool = sync.Pool{New: func() any { return new(putScratch) }}

// put writes entries (validated in shape) to the stream and fills results, one per entry, returning the number of
// entries that failed. injected fails entries by index (a test control's EntryErrors). batch names the entries'
// fields in error messages as PutRecords entries ("records.N.member.data") rather than as PutRecord's ("data"). A
// record too large for the stream or an explicit hash key out of range fails the whole call, writing nothing.
func (s *dataStream) put(entries []PutRecordsEntry, results []PutRecordsResultEntry, injected map[int]*apierr.Error, batch bool) (failed int, err error) {
	if len(entries) == 1 { // PutRecord: one shard, no grouping, no scratch
		hk, err := s.prepare(0, &entries[0], batch)
		if err != nil {
			return 0, err
		}
		now := s.e.clk.Now()
		if err := s.lockForWrite(); err != nil {
			return 0, err
		}
		one := [1]int32{0}
		failed = s.write(now, s.open[s.putIndex(hk)], one[:], entries, results, injected)
		s.mu.RUnlock()
		s.afterPut(1)
		return failed, nil
	}
	sc := scratchPool.Get().(*putScratch)
	defer scratchPool.Put(sc)
	sc.keys = sc.keys[:0]
	for i := range entries {
		hk, err := s.prepare(i, &entries[i], batch)
		if err != nil {
			return 0, err
		}
		sc.keys = append(sc.keys, hk)
	}
	now := s.e.clk.Now()
	if err := s.lockForWrite(); err != nil {
		return 0, err
	}
	s.group(sc)
	for _, g := range sc.groups {
		failed += s.write(now, s.open[g.shard], sc.order[g.lo:g.hi], entries, results, injected)
	}
	s.mu.RUnlock()
	s.afterPut(len(entries))
	return failed, nil
}

// prepare checks entry i's size against the stream and returns the hash key that routes it.
func (s *dataStream) prepare(i int, r *PutRecordsEntry, batch bool) (record.HashKey, error) {
	entry := -1
	if batch {
		entry = i
	}
	if err := s.checkSize(entry, r.Data, r.PartitionKey); err != nil {
		return record.HashKey{}, err
	}
	if s.auto.Load() { // AUTO distribution: keys route nothing (see putIndex)
		return record.HashKey{}, nil
	}
	return s.e.routeKey(r.PartitionKey, r.ExplicitHashKey)
}

// lockForWrite takes s.mu for reading if the stream takes writes now, and returns the error to fail the put with
// otherwise (holding nothing).
func (s *dataStream) lockForWrite() error {
	s.mu.RLock()
	if s.removed || s.state.Is(status.Creating) {
		s.mu.RUnlock()
		return s.e.streamNotFound(s.name)
	}
	return nil
}

// write writes the entries of one shard, order holding their indexes in request order: each is failed by a test
// control, throttled, or appended, and metered; waiting readers are woken. It returns how many failed. s.mu must
// be held.
func (s *dataStream) write(now time.Time, sh *shardState, order []int32, entries []PutRecordsEntry, results []PutRecordsResultEntry, injected map[int]*apierr.Error) (failed int) {
	sh.mu.Lock()
	var counts Datapoint
	for _, i := range order {
		r, res := &entries[i], &results[i]
		if injected != nil {
			if ee := injected[int(i)]; ee != nil {
				res.ErrorCode, res.ErrorMessage = entryError(ee)
				failed++
				continue
			}
		}
		size := len(r.Data) + len(r.PartitionKey)
		if s.throttling && !sh.allowWrite(now, size) {
			res.ErrorCode, res.ErrorMessage = apierr.ProvisionedThroughputExceeded.Code, sh.throttleMsg
			failed++
			counts.WriteProvisionedThroughputExceeded++
			continue
		}
		pos, _, err := sh.log.Append(now, r.Data, r.PartitionKey)
		if err != nil {
			res.ErrorCode, res.ErrorMessage = apierr.PutRecordsEntryInternalFailure, "Internal service failure."
			failed++
			continue
		}
		res.ShardId, res.SequenceNumber = sh.log.ID(), sh.log.SequenceNumber(pos)
		counts.IncomingRecords++
		counts.IncomingBytes += int64(size)
	}
	sh.meter.At(now).add(&counts)
	if counts.IncomingRecords > 0 {
		sh.waiters.Signal()
	}
	sh.mu.Unlock()
	return failed
}

// routeKey returns the hash key that routes a record: the explicit hash key if given, else MD5 of the key.
func (e *Engine) routeKey(key, ehk string) (record.HashKey, error) {
	if ehk == "" {
		if c := e.hashes.Load(); c != nil {
			return c.hashKey(key), nil
		}
		return record.HashKeyOf(key), nil
	}
	hk, err := record.ParseHashKey(ehk)
	if err != nil {
		return record.HashKey{}, apierr.InvalidArgument.New("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was %s", ehk)
	}
	return hk, nil
}

// checkSize rejects a record larger than the stream's maximum record size (data plus partition key).
// entry is the index of a PutRecords entry, or -1 for PutRecord.
func (s *dataStream) checkSize(entry int, data []byte, key string) error {
	limit := int(s.maxRecordSize.Load())
	if len(data)+len(key) <= limit {
		return nil
	}
	// Data alone over the limit is reported as AWS reports it (the limit); data that fits but not with its key,
	// with the room the key leaves.
	room := limit
	if len(data) <= limit {
		room = limit - len(key)
	}
	var v validate.Violations
	v.Add(validate.Blob(data), entryPrefix(entry)+"data", validate.LengthAtMost+strconv.Itoa(room))
	return v.Err()
}

// allowWrite takes a record of size bytes from the shard's write budget, or reports false (taking nothing).
// sh.mu must be held.
func (sh *shardState) allowWrite(now time.Time, size int) bool {
	if sh.writeRecords.TokensAt(now) < 1 || sh.writeBytes.TokensAt(now) < float64(size) {
		return false
	}
	sh.writeRecords.AllowN(now, 1)
	sh.writeBytes.AllowN(now, size)
	return true
}

// group sorts the entries of sc.keys by open shard (a counting sort, stable) into sc.groups. s.mu must be held.
func (s *dataStream) group(sc *putScratch) {
	n, m := len(sc.keys), len(s.open)
	sc.order = grow(sc.order, n)
	sc.groups = sc.groups[:0]
	sc.slot = grow(sc.slot, n)
	sc.count = grow(sc.count, m+1)
	clear(sc.count)
	for i, hk := range sc.keys {
		j := s.putIndex(hk)
		sc.slot[i] = int32(j)
		sc.count[j+1]++
	}
	for j := 1; j <= m; j++ {
		sc.count[j] += sc.count[j-1]
	}
	for j := range m {
		if lo, hi := sc.count[j], sc.count[j+1]; lo < hi {
			sc.groups = append(sc.groups, putGroup{shard: int32(j), lo: lo, hi: hi})
		}
	}
	// Place entries using a running cursor per shard, starting at the shard's offset.
	for i := range n {
		j := sc.slot[i]
		sc.order[sc.count[j]] = int32(i)
		sc.count[j]++
	}
}

func grow(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}

// routeIndex returns the index in s.open of the shard whose range holds hk (the open ranges cover the whole
// hash-key space). s.mu must be held.
func (s *dataStream) routeIndex(hk record.HashKey) int {
	i, _ := record.Route(s.ranges, hk)
	return i
}

// afterPut arms the retention timer if none is armed, and gives a busy engine its hash cache.
func (s *dataStream) afterPut(n int) {
	if !s.retArmed.Load() {
		s.rearmRetention()
	}
	e := s.e
	if e.hashes.Load() == nil && e.puts.Add(int64(n)) >= cacheAfterPuts {
		e.hashes.CompareAndSwap(nil, newHashCache())
	}
}

// entryError is the ErrorCode and ErrorMessage a PutRecords entry failed by err carries. An error that is not of
// the catalog (no Code, or a code apierr does not know) counts as an internal failure.
func entryError(err *apierr.Error) (code, message string) {
	switch {
	case apierr.ByCode(err.Code) == nil, err.Kind() == apierr.InternalFailure:
		code = apierr.PutRecordsEntryInternalFailure
	default:
		code = err.Code
	}
	if message = err.Message; message == "" {
		message = "Internal service failure."
	}
	return code, message
}
