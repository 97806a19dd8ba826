package stream

import (
	"context"
	"crypto/md5"
	"strconv"
	"sync"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/shard"
)

// Puts. PutRecord and PutRecords share one pipeline: validate the input's shape, resolve the stream, check each
// record's size against the stream and route it (the batch's partition keys hashed together, see hashcache.go),
// then write — shard by shard, each shard's lock taken once, throttling, appending, metering per record and waking
// readers once per shard. PutRecord is a batch of one whose entry failure becomes the call's error. A call
// allocates its results only: sequence numbers are values, shard ids the shards' own strings, and the working
// memory is pooled.

// PutRecord writes one record to the shard its partition key (or explicit hash key) routes to.
//
// Errors: Validation (key of 0 or over 256 characters, malformed hash key or sequence number), InvalidArgument
// (hash key above 2^128−1, foreign SequenceNumberForOrdering), ResourceNotFound, ProvisionedThroughputExceeded
// (the shard's 1 MiB/s or 1,000 records/s is used up).
//
// With DryRun, every check above but the shard's throughput is made and nothing is written: the answer is
// DryRunOperation, or Throttling past the stream's dry-run limit (see the package documentation's Dry runs).
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
		return PutRecordOutput{}, apierr.InvalidArgument.New("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.", sn, s.name, e.cfg.Account.ID)
	}
	if in.DryRun {
		if err := s.checkPut(entries[:], false); err != nil {
			return PutRecordOutput{}, err
		}
		return PutRecordOutput{}, s.answerDryRun(e.clk.Now())
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
//
// With DryRun, the whole-call checks are made and nothing is written: the answer is DryRunOperation, or
// Throttling past the stream's dry-run limit (see the package documentation's Dry runs).
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
	if in.DryRun {
		if err := s.checkPut(in.Records, true); err != nil {
			return PutRecordsOutput{}, err
		}
		return PutRecordsOutput{}, s.answerDryRun(e.clk.Now())
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
	// The entries routed by partition key: their indexes, keys and hash keys, and MD5 scratch.
	hashed []int32
	pkeys  []string
	phks   []record.HashKey
	sums   [][md5.Size]byte
}

type putGroup struct{ shard, lo, hi int32 }

var scratchPool = sync.Pool{New: func() any { return new(putScratch) }}

// put writes entries (validated in shape) to the stream and fills results, one per entry, returning the number of
// entries that failed. injected fails entries by index (a test control's EntryErrors). batch names the entries'
// fields in error messages as PutRecords entries ("records.N.member.data") rather than as PutRecord's ("data"). A
// record too large for the stream or an explicit hash key out of range fails the whole call, writing nothing.
func (s *dataStream) put(entries []PutRecordsEntry, results []PutRecordsResultEntry, injected map[int]*apierr.Error, batch bool) (failed int, err error) {
	if len(entries) == 1 { // PutRecord: one shard, no grouping, no scratch
		r := &entries[0]
		if err := s.checkEntry(0, r, batch); err != nil {
			return 0, err
		}
		var hk [1]record.HashKey
		if r.ExplicitHashKey != "" {
			if hk[0], err = explicitHashKey(r.ExplicitHashKey); err != nil {
				return 0, err
			}
		} else {
			hk[0] = s.e.routeOne(r.PartitionKey)
		}
		now := s.e.clk.Now()
		if err := s.lockForWrite(); err != nil {
			return 0, err
		}
		one := [1]int32{0}
		failed = s.write(now, s.open[s.putIndex(hk[0])], one[:], entries, hk[:], results, injected)
		s.mu.RUnlock()
		s.afterPut(1)
		return failed, nil
	}
	sc := scratchPool.Get().(*putScratch)
	defer func() {
		clear(sc.pkeys) // the pool keeps no caller's strings
		scratchPool.Put(sc)
	}()
	sc.keys = growTo(sc.keys, len(entries))
	sc.hashed, sc.pkeys = sc.hashed[:0], sc.pkeys[:0]
	for i := range entries {
		r := &entries[i]
		if err := s.checkEntry(i, r, batch); err != nil {
			return 0, err
		}
		if r.ExplicitHashKey != "" {
			if sc.keys[i], err = explicitHashKey(r.ExplicitHashKey); err != nil {
				return 0, err
			}
			continue
		}
		sc.hashed = append(sc.hashed, int32(i))
		sc.pkeys = append(sc.pkeys, r.PartitionKey)
	}
	if len(sc.pkeys) > 0 {
		sc.phks, sc.sums = growTo(sc.phks, len(sc.pkeys)), growTo(sc.sums, len(sc.pkeys))
		s.e.routeMany(sc.pkeys, sc.phks, sc.sums)
		for j, i := range sc.hashed {
			sc.keys[i] = sc.phks[j]
		}
	}
	now := s.e.clk.Now()
	if err := s.lockForWrite(); err != nil {
		return 0, err
	}
	s.group(sc)
	for _, g := range sc.groups {
		failed += s.write(now, s.open[g.shard], sc.order[g.lo:g.hi], entries, sc.keys, results, injected)
	}
	s.mu.RUnlock()
	s.afterPut(len(entries))
	return failed, nil
}

// growTo returns b with length n, reusing its memory when it is large enough.
func growTo[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// checkEntry checks entry i against the stream: its size, and its partition key, which every stream needs but an
// on-demand stream with the AUTO record distribution, where "the partition key is optional and any value you
// provide is ignored" (API reference, PutRecord's PartitionKey; so the SDK's model no longer requires it).
func (s *dataStream) checkEntry(i int, r *PutRecordsEntry, batch bool) error {
	entry := -1
	if batch {
		entry = i
	}
	if r.PartitionKey == "" && !s.auto.Load() {
		var v validate.Violations
		v.Add(validate.Quote(r.PartitionKey), entryPrefix(entry)+"partitionKey", validate.LengthAtLeast+"1")
		return v.Err()
	}
	return s.checkSize(entry, r.Data, r.PartitionKey)
}

// checkPut checks entries against the stream as [dataStream.put] does before it writes — each entry's partition
// key and size, and its explicit hash key's range — for a dry run, which writes nothing.
func (s *dataStream) checkPut(entries []PutRecordsEntry, batch bool) error {
	for i := range entries {
		r := &entries[i]
		if err := s.checkEntry(i, r, batch); err != nil {
			return err
		}
		if r.ExplicitHashKey != "" {
			if _, err := explicitHashKey(r.ExplicitHashKey); err != nil {
				return err
			}
		}
	}
	return nil
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
// control, throttled, or appended, and metered; waiting readers are woken. hks holds each entry's hash key. It
// returns how many failed. s.mu must be held.
func (s *dataStream) write(now time.Time, sh *shardState, order []int32, entries []PutRecordsEntry, hks []record.HashKey, results []PutRecordsResultEntry, injected map[int]*apierr.Error) (failed int) {
	sh.mu.Lock()
	var counts Datapoint
	id := sh.log.ID()
	ms := shard.UnixMilli(now) // the batch's arrival, converted once
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
		pos, err := appendEntry(sh.log, ms, r, hks[i])
		if err != nil {
			res.ErrorCode, res.ErrorMessage = apierr.PutRecordsEntryInternalFailure, "Internal service failure."
			failed++
			continue
		}
		res.ShardId, res.SequenceNumber = id, sh.log.SequenceNumber(pos)
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

// explicitHashKey parses an entry's ExplicitHashKey (valid in shape), refusing one above 2^128−1.
func explicitHashKey(ehk string) (record.HashKey, error) {
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
	sc.order = growTo(sc.order, n)
	sc.groups = sc.groups[:0]
	sc.slot = growTo(sc.slot, n)
	sc.count = growTo(sc.count, m+1)
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

// routeIndex returns the index in s.open of the shard whose range holds hk (the open ranges cover the whole
// hash-key space). s.mu must be held.
func (s *dataStream) routeIndex(hk record.HashKey) int {
	t := s.routes.Load()
	if t == nil {
		t = newRouteTable(s.ranges)
		s.routes.Store(t) // concurrent puts may each build one: they are equal
	}
	return t.route(hk)
}

// routeTable routes a hash key to its open shard in a step or two where a binary search over the ranges would
// take log2(shards) unpredictable branches: first[b] is the index of the range holding the smallest hash key whose
// top 8 bits are b, and the range holding a key is found by walking up from there.
type routeTable struct {
	ends  [][2]uint64 // each open range's EndingHashKey, high and low halves
	first [256]int32
}

func newRouteTable(ranges []record.HashKeyRange) *routeTable {
	t := &routeTable{ends: make([][2]uint64, len(ranges))}
	for i, r := range ranges {
		hi, lo := r.EndingHashKey.Uint64s()
		t.ends[i] = [2]uint64{hi, lo}
	}
	for b := range t.first {
		i, _ := record.Route(ranges, record.HashKeyFromUint64s(uint64(b)<<56, 0))
		t.first[b] = int32(i)
	}
	return t
}

func (t *routeTable) route(hk record.HashKey) int {
	hi, lo := hk.Uint64s()
	i := int(t.first[hi>>56])
	for i < len(t.ends)-1 && (t.ends[i][0] < hi || t.ends[i][0] == hi && t.ends[i][1] < lo) {
		i++
	}
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
