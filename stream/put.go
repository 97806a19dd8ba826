package stream

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
)

// validateRecord adds the input-shape violations of one record (key length, data length, explicit-hash-key
// pattern) to v. prefix is "" for PutRecord and "records.N.member." for PutRecords entries.
func validateRecord(v *violations, entry int, data []byte, key, ehk string) {
	prefix := func() string { return entryPrefix(entry) }
	if len(key) == 0 {
		v.add(quote(key), prefix()+"partitionKey", lengthAtLeast+"1")
	} else if !record.ValidPartitionKey(key) {
		v.add(quote(key), prefix()+"partitionKey", lengthAtMost+"256")
	}
	if len(data) > MaxMaxRecordSizeInKiB<<10 {
		v.add(blob(data), prefix()+"data", lengthAtMost+strconv.Itoa(MaxMaxRecordSizeInKiB<<10))
	}
	if ehk != "" {
		if _, err := record.ParseHashKey(ehk); err == record.ErrMalformedHashKey {
			v.add(quote(ehk), prefix()+"explicitHashKey", patternPrefix+hashKeyPattern)
		}
	}
}

// routeKey returns the hash key that routes a record: the explicit hash key if given, else MD5 of the key.
func (s *dataStream) routeKey(key, ehk string) (record.HashKey, error) {
	if ehk == "" {
		if c := s.hashes.Load(); c != nil {
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
	var v violations
	v.add(blob(data), entryPrefix(entry)+"data", lengthAtMost+strconv.Itoa(room))
	return v.err()
}

// route returns the open shard whose hash-key range holds hk. s.mu must be held.
func (s *dataStream) route(hk record.HashKey) *shardState { return s.open[s.routeIndex(hk)] }

// writable reports whether the stream takes writes now. s.mu must be held.
func (s *dataStream) writable() error {
	switch {
	case s.removed, s.status == StreamStatusCreating:
		return s.e.streamNotFound(s.name)
	}
	return nil
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

// PutRecord writes one record to the shard its partition key (or explicit hash key) routes to.
//
// Errors: Validation (key of 0 or over 256 characters, malformed hash key or sequence number), InvalidArgument
// (hash key above 2^128−1, foreign SequenceNumberForOrdering), ResourceNotFound, ProvisionedThroughputExceeded
// (the shard's 1 MiB/s or 1,000 records/s is used up).
func (e *Engine) PutRecord(ctx context.Context, in PutRecordInput) (PutRecordOutput, error) {
	if err := e.live(ctx); err != nil {
		return PutRecordOutput{}, err
	}
	if e.ctl.n.Load() != 0 {
		if _, err := e.intercept(ctx, OpPutRecord, in); err != nil {
			return PutRecordOutput{}, err
		}
	}
	var v violations
	validateRecord(&v, -1, in.Data, in.PartitionKey, in.ExplicitHashKey)
	var order record.SequenceNumber
	if sn := in.SequenceNumberForOrdering; sn != "" {
		var err error
		if order, err = record.ParseSequenceNumber(sn); err == record.ErrMalformedSequenceNumber {
			v.add(quote(sn), "sequenceNumberForOrdering", patternPrefix+seqPattern)
		}
	}
	if err := v.err(); err != nil {
		return PutRecordOutput{}, err
	}
	s, err := e.resolve(in.StreamRef, true)
	if err != nil {
		return PutRecordOutput{}, err
	}
	if sn := in.SequenceNumberForOrdering; sn != "" && (order.IsZero() || order.Epoch() != s.epoch) {
		return PutRecordOutput{}, apierr.InvalidArgument.New("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.", sn, s.name, e.cfg.accountID)
	}
	if err := s.checkSize(-1, in.Data, in.PartitionKey); err != nil {
		return PutRecordOutput{}, err
	}
	hk, err := s.routeKey(in.PartitionKey, in.ExplicitHashKey)
	if err != nil {
		return PutRecordOutput{}, err
	}
	now := e.clk.Now()
	s.mu.RLock()
	if err := s.writable(); err != nil {
		s.mu.RUnlock()
		return PutRecordOutput{}, err
	}
	sh := s.route(hk)
	sh.mu.Lock()
	m := sh.meter.at(now)
	if s.throttling && !sh.allowWrite(now, len(in.Data)+len(in.PartitionKey)) {
		m.WriteProvisionedThroughputExceeded++
		sh.mu.Unlock()
		s.mu.RUnlock()
		return PutRecordOutput{}, apierr.ProvisionedThroughputExceeded.With(sh.throttleMsg)
	}
	pos, _, err := sh.log.Append(now, in.Data, in.PartitionKey)
	if err == nil {
		m.IncomingRecords++
		m.IncomingBytes += int64(len(in.Data) + len(in.PartitionKey))
		sh.signal()
	}
	out := PutRecordOutput{ShardId: sh.log.ID(), SequenceNumber: sh.log.SequenceNumber(pos), EncryptionType: EncryptionNone}
	sh.mu.Unlock()
	s.mu.RUnlock()
	if err != nil {
		return PutRecordOutput{}, apierr.InternalFailure.New("Internal service failure.")
	}
	s.afterPut(1)
	return out, nil
}

// entryPrefix is the path prefix of the fields of PutRecords entry i in validation messages ("" for PutRecord).
func entryPrefix(i int) string {
	if i < 0 {
		return ""
	}
	return "records." + strconv.Itoa(i+1) + ".member."
}

// putScratch is the per-call working memory of PutRecords, pooled so a call allocates only its result.
type putScratch struct {
	keys  []record.HashKey
	slot  []int32 // index into dataStream.open of each entry's shard
	count []int32 // entries per open shard, then start offsets
	order []int32 // entry indexes grouped by shard, in request order within a shard
}

var scratchPool = sync.Pool{New: func() any { return new(putScratch) }}

// PutRecords writes 1–500 records (5 MiB at most in all) in one call. Each entry succeeds or fails on its own: a
// throttled entry carries ErrorCode ProvisionedThroughputExceededException and its message, and FailedRecordCount
// counts the failures. Results are in request order. Entries are written shard by shard, each shard's entries in
// request order.
//
// Whole-call errors (nothing is written): Validation (0 or over 500 entries, a bad key or hash key), InvalidArgument
// (over 5 MiB, a hash key above 2^128−1), ResourceNotFound.
func (e *Engine) PutRecords(ctx context.Context, in PutRecordsInput) (PutRecordsOutput, error) {
	if err := e.live(ctx); err != nil {
		return PutRecordsOutput{}, err
	}
	var injected map[int]*apierr.Error
	if e.ctl.n.Load() != 0 {
		var err error
		if injected, err = e.intercept(ctx, OpPutRecords, in); err != nil {
			return PutRecordsOutput{}, err
		}
	}
	n := len(in.Records)
	var v violations
	if n == 0 {
		v.add("'[]'", "records", lengthAtLeast+"1")
	} else if n > MaxPutRecordsEntries {
		v.add(quote("["+strconv.Itoa(n)+" entries]"), "records", lengthAtMost+strconv.Itoa(MaxPutRecordsEntries))
	}
	total := 0
	for i := range in.Records {
		r := &in.Records[i]
		validateRecord(&v, i, r.Data, r.PartitionKey, r.ExplicitHashKey)
		total += len(r.Data) + len(r.PartitionKey)
	}
	if err := v.err(); err != nil {
		return PutRecordsOutput{}, err
	}
	s, err := e.resolve(in.StreamRef, true)
	if err != nil {
		return PutRecordsOutput{}, err
	}
	if total > MaxPutRecordsBytes {
		return PutRecordsOutput{}, apierr.InvalidArgument.New("Records size exceeds 5 MB limit")
	}
	sc := scratchPool.Get().(*putScratch)
	defer scratchPool.Put(sc)
	sc.keys = sc.keys[:0]
	for i := range in.Records {
		r := &in.Records[i]
		if err := s.checkSize(i, r.Data, r.PartitionKey); err != nil {
			return PutRecordsOutput{}, err
		}
		hk, err := s.routeKey(r.PartitionKey, r.ExplicitHashKey)
		if err != nil {
			return PutRecordsOutput{}, err
		}
		sc.keys = append(sc.keys, hk)
	}

	out := PutRecordsOutput{Records: make([]PutRecordsResultEntry, n), EncryptionType: EncryptionNone}
	now := e.clk.Now()
	s.mu.RLock()
	if err := s.writable(); err != nil {
		s.mu.RUnlock()
		return PutRecordsOutput{}, err
	}
	s.group(sc)
	throttling := s.throttling
	for j, sh := range s.open {
		lo, hi := sc.count[j], sc.count[j+1]
		if lo == hi {
			continue
		}
		sh.mu.Lock()
		var counts Datapoint
		for _, i := range sc.order[lo:hi] {
			r, res := &in.Records[i], &out.Records[i]
			if ee := injected[int(i)]; ee != nil {
				res.ErrorCode, res.ErrorMessage = entryCode(ee), ee.Message
				out.FailedRecordCount++
				continue
			}
			size := len(r.Data) + len(r.PartitionKey)
			if throttling && !sh.allowWrite(now, size) {
				res.ErrorCode, res.ErrorMessage = apierr.ProvisionedThroughputExceeded.Code, sh.throttleMsg
				out.FailedRecordCount++
				counts.WriteProvisionedThroughputExceeded++
				continue
			}
			pos, _, err := sh.log.Append(now, r.Data, r.PartitionKey)
			if err != nil {
				res.ErrorCode, res.ErrorMessage = apierr.PutRecordsEntryInternalFailure, "Internal service failure."
				out.FailedRecordCount++
				continue
			}
			res.ShardId, res.SequenceNumber = sh.log.ID(), sh.log.SequenceNumber(pos)
			counts.IncomingRecords++
			counts.IncomingBytes += int64(size)
		}
		sh.meter.at(now).add(&counts)
		sh.signal()
		sh.mu.Unlock()
	}
	s.mu.RUnlock()
	s.afterPut(n)
	return out, nil
}

// group sorts the entries of sc.keys by shard (a counting sort, stable). s.mu must be held.
func (s *dataStream) group(sc *putScratch) {
	n, m := len(sc.keys), len(s.open)
	sc.slot = grow(sc.slot, n)
	sc.order = grow(sc.order, n)
	sc.count = grow(sc.count, m+1)
	clear(sc.count)
	for i, hk := range sc.keys {
		j := s.routeIndex(hk)
		sc.slot[i] = int32(j)
		sc.count[j+1]++
	}
	for j := 1; j <= m; j++ {
		sc.count[j] += sc.count[j-1]
	}
	// Place entries using a running cursor per shard; count[j] is the start of shard j.
	for i := range n {
		j := sc.slot[i]
		sc.order[sc.count[j]] = int32(i)
		sc.count[j]++
	}
	// Shift back: after placement count[j] is the end of shard j, which is the start of shard j+1.
	for j := m; j > 0; j-- {
		sc.count[j] = sc.count[j-1]
	}
	sc.count[0] = 0
}

func grow(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}

// routeIndex returns the index in s.open of the shard whose range holds hk. s.mu must be held.
func (s *dataStream) routeIndex(hk record.HashKey) int {
	lo, hi := 0, len(s.starts)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if s.starts[m].Compare(hk) <= 0 {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// afterPut arms the retention timer if none is armed, and gives a busy stream its hash cache.
func (s *dataStream) afterPut(n int) {
	if !s.retArmed.Load() {
		s.rearmRetention()
	}
	if s.hashes.Load() == nil && s.puts.Add(int64(n)) >= cacheAfterPuts {
		s.hashes.CompareAndSwap(nil, newHashCache())
	}
}

// entryCode is the ErrorCode a PutRecords entry carries for err.
func entryCode(err *apierr.Error) string {
	if err.Kind() == apierr.InternalFailure {
		return apierr.PutRecordsEntryInternalFailure
	}
	return err.Code
}
