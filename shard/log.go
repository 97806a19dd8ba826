package shard

import (
	"encoding/binary"
	"errors"
	"math"
	"sync"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"github.com/kinesim/kinesim/internal/hugepage"

	"github.com/kinesim/kinesim/record"
)

// Errors of the log.
var (
	// ErrClosed: the shard is closed and takes no more records.
	ErrClosed = errors.New("shard: closed")
	// ErrRecordTooLarge: a record's key is longer than 1,024 bytes or the record does not fit the arena limits.
	ErrRecordTooLarge = errors.New("shard: record too large")
)

// Config describes a shard when it is made.
type Config struct {
	// Index is the shard's number; its id is "shardId-" and Index in 12 digits.
	Index int
	// Epoch is the incarnation of the stream, carried in every sequence number.
	Epoch uint32
	// HashKeyRange is the range of hash keys the shard owns.
	HashKeyRange record.HashKeyRange
	// ParentShardID and AdjacentParentShardID name the shards this one was split or merged from ("" for none).
	ParentShardID, AdjacentParentShardID string
	// Created is when the shard was opened.
	Created time.Time
	// DiscardData makes the log keep each record's metadata (partition key, size, sequence number, arrival) but not
	// its data: reads return Data of the right length, all zero bytes. For long simulations where only volumes,
	// routing and throttling matter.
	DiscardData bool
}

// zeros backs the Data of records read from a log that discards data; it is made when first needed and never
// written, so the operating system maps it lazily to its shared zero page.
var zeros = sync.OnceValue(func() []byte { return make([]byte, MaxRecordBytes) })

// MaxRecordBytes is the largest record a log takes: 10 MiB of data (the Kinesis maximum record size).
const MaxRecordBytes = 10 << 20

// Log is the ordered, in-memory log of one shard: it assigns sequence numbers, stores records compactly, reads
// them back by position, finds positions by sequence number and by arrival time, and drops what retention expires.
//
// Records are packed into arena segments (one []byte each, up to 256 KiB, plus a sparse index). A short partition
// key (up to 16 bytes) is stored with its record, which costs a copy of a few bytes where looking it up would cost
// cache misses; longer keys are interned per generation of segments, so that a recurring long key is stored once. A
// record costs its payload plus a few bytes, and the garbage collector sees a handful of pointer-free blocks rather
// than one object per record. Memory is released a segment at a time
// as retention expires it.
//
// A Log is a pure data structure: it starts no goroutines and never reads a clock; callers pass the time in. It is
// not safe for concurrent use: the owner serialises every call (the stream package holds a mutex per shard).
// Records returned by [Log.Read] alias the log's memory and stay valid (and unchanged) after later calls.
type Log struct {
	cfg Config
	id  string

	trim uint64 // first readable position (the trim horizon)
	next uint64 // position of the next record

	segs   []*segment
	dict   *keyDict
	nextSz int // capacity of the next segment

	lastMs  int64 // arrival of the newest record, in Unix milliseconds
	closed  bool
	closeAt time.Time

	bytes      int64 // data+key bytes of readable records
	arenaBytes int64 // capacity of the segments held

	releases uint64 // how many times segments were released: a Cursor made before a release is stale
}

// segment is a run of consecutive records packed into one arena.
//
// Record encoding: uvarint(len(data)) uvarint(key) uvarint(arrival − previous arrival, ms) [key bytes] data, where
// key is len(key)<<1|1 for a key stored in the record (its bytes then come before the data) and id<<1 for a key
// of the segment's dictionary.
type segment struct {
	base    uint64 // position of the first record
	n       int    // records held
	buf     []byte
	marks   []mark // every markEvery-th record: where it starts and when it arrived
	firstMs int64
	lastMs  int64
	dict    *keyDict
	sizes   int64 // data+key bytes of the records
	discard bool  // the data of the records is not stored
}

// data returns the data of a record whose data starts at off (its length is n), aliasing the arena.
func (s *segment) data(off, n int) []byte {
	if s.discard {
		return zeros()[:n:n]
	}
	return s.buf[off : off+n : off+n]
}

type mark struct {
	off uint32
	dms uint32 // arrival − firstMs, ms
}

const (
	markEvery       = 16
	minSegmentSize  = 4 << 10
	maxSegmentSize  = 256 << 10
	maxSegmentSpan  = 1 << 31 // ms between a segment's first and last arrival, so marks fit in uint32
	maxHeaderLength = 3 * binary.MaxVarintLen64
	maxInlineKey    = 16 // keys up to this long are stored in their records, not in the dictionary
)

// key returns the key of a record whose key field (see the record encoding) is kf and whose data starts at
// dataOff, aliasing the arena or the dictionary.
func (s *segment) key(kf uint64, dataOff int) string {
	if kf&1 == 0 {
		return s.dict.key(uint32(kf >> 1))
	}
	n := int(kf >> 1)
	if n == 0 {
		return ""
	}
	return unsafe.String(&s.buf[dataOff-n], n)
}

// New returns an empty open log.
func New(cfg Config) *Log {
	return &Log{cfg: cfg, id: record.ShardID(cfg.Index), nextSz: minSegmentSize}
}

// ID returns the shard id, e.g. "shardId-000000000000".
func (l *Log) ID() string { return l.id }

// Config returns the configuration the log was made with.
func (l *Log) Config() Config { return l.cfg }

// HashKeyRange returns the hash keys the shard owns.
func (l *Log) HashKeyRange() record.HashKeyRange { return l.cfg.HashKeyRange }

// Len returns the number of readable records.
func (l *Log) Len() int { return int(l.next - l.trim) }

// Bytes returns the data and partition-key bytes of the readable records.
func (l *Log) Bytes() int64 { return l.bytes }

// ArenaBytes returns the memory the log holds for records (segment capacities), readable or awaiting release.
func (l *Log) ArenaBytes() int64 { return l.arenaBytes }

// TrimHorizon returns the position of the oldest readable record (equal to [Log.Next] when none is readable).
func (l *Log) TrimHorizon() uint64 { return l.trim }

// Next returns the position the next appended record will get; the newest record is at Next()−1.
func (l *Log) Next() uint64 { return l.next }

// SequenceNumber returns the sequence number of the record at pos.
func (l *Log) SequenceNumber(pos uint64) record.SequenceNumber {
	return record.NewSequenceNumber(l.cfg.Epoch, uint32(l.cfg.Index), pos)
}

// StartingSequenceNumber returns the number of the shard's first possible record.
func (l *Log) StartingSequenceNumber() record.SequenceNumber { return l.SequenceNumber(0) }

// LastArrival returns the arrival time of the newest record, or the zero time if there has been none.
func (l *Log) LastArrival() time.Time {
	if l.next == 0 {
		return time.Time{}
	}
	return time.UnixMilli(l.lastMs).UTC()
}

// Closed reports whether the shard is closed, and when it was closed.
func (l *Log) Closed() (closed bool, at time.Time) { return l.closed, l.closeAt }

// Close closes the shard at now: it takes no more records. Closing a closed log does nothing.
func (l *Log) Close(now time.Time) {
	if !l.closed {
		l.closed, l.closeAt = true, now
	}
}

// Append adds a record that arrived at now and returns its position and the arrival time it was given. Arrival
// times never decrease within a shard: a now earlier than the newest record's arrival is raised to it.
// data is copied; key must be at most 1,024 bytes (the stream validates limits before calling).
func (l *Log) Append(now time.Time, data []byte, key string) (pos uint64, arrival time.Time, err error) {
	var h uint32
	if len(key) > maxInlineKey { // only a key of the dictionary needs a hash
		h = uint32(xxhash.Sum64String(key))
	}
	return l.AppendHashed(now, data, key, h)
}

// AppendHashed is [Log.Append] for a caller that has already hashed the key (with any good hash: the stream
// passes bits of the key's MD5, which routing computed), sparing the log hashing it again. The log keeps one copy
// of a recurring long key for records given equal keys with equal hashes; keyHash affects nothing else (and is not
// used for keys of up to 16 bytes, which are stored with their records).
func (l *Log) AppendHashed(now time.Time, data []byte, key string, keyHash uint32) (pos uint64, arrival time.Time, err error) {
	if pos, err = l.AppendAt(UnixMilli(now), data, key, keyHash); err != nil {
		return 0, time.Time{}, err
	}
	return pos, time.UnixMilli(l.lastMs).UTC(), nil
}

// AppendAt is [Log.AppendHashed] for a caller that appends many records arriving at one instant: it takes the
// arrival as [UnixMilli] of it (converted once per batch) and returns the position only ([Log.LastArrival] is
// the arrival the record was given).
func (l *Log) AppendAt(ms int64, data []byte, key string, keyHash uint32) (pos uint64, err error) {
	if l.closed {
		return 0, ErrClosed
	}
	if len(key) > maxKeyBytes || len(data) > MaxRecordBytes {
		return 0, ErrRecordTooLarge
	}
	if l.next > 0 && ms < l.lastMs {
		ms = l.lastMs
	}
	stored := len(data)
	if l.cfg.DiscardData {
		stored = 0
	}
	inline := len(key) <= maxInlineKey
	var kf uint64
	if inline {
		kf = uint64(len(key))<<1 | 1
		stored += len(key)
	}
	s := l.tail(stored, ms)
	if !inline {
		id, ok := s.dict.intern(key, keyHash)
		if !ok { // generation full mid-segment: start a new segment with a new generation
			s = l.startSegment(stored, ms, true)
			id, _ = s.dict.intern(key, keyHash)
		}
		kf = uint64(id) << 1
	}
	off := len(s.buf)
	if s.n%markEvery == 0 {
		s.marks = append(s.marks, mark{off: uint32(off), dms: uint32(ms - s.firstMs)})
	}
	prev := s.lastMs
	if s.n == 0 {
		prev = ms
	}
	// tail and startSegment leave room for the longest header and the data: write in place.
	b := s.buf[off:cap(s.buf)]
	k := putUvarint(b, 0, uint64(len(data)))
	k = putUvarint(b, k, kf)
	k = putUvarint(b, k, uint64(ms-prev))
	if inline {
		k += copy(b[k:], key)
	}
	if !l.cfg.DiscardData {
		k += copy(b[k:], data)
	}
	s.buf = s.buf[:off+k]
	s.n++
	s.lastMs = ms
	size := int64(len(data) + len(key))
	s.sizes += size
	l.bytes += size
	l.lastMs = ms
	pos = l.next
	l.next++
	return pos, nil
}

// putUvarint writes v as a uvarint at b[k:] (which has room for it) and returns the offset after it.
func putUvarint(b []byte, k int, v uint64) int {
	if v < 0x80 { // the common case: one byte, without a loop
		b[k] = byte(v)
		return k + 1
	}
	return k + binary.PutUvarint(b[k:], v)
}

// tail returns the segment to append a record of n bytes (data and key) arriving at ms to, starting a new one if
// needed.
func (l *Log) tail(n int, ms int64) *segment {
	if k := len(l.segs); k > 0 {
		s := l.segs[k-1]
		if len(s.buf)+maxHeaderLength+n <= cap(s.buf) && ms-s.firstMs < maxSegmentSpan {
			return s
		}
	}
	return l.startSegment(n, ms, false)
}

func (l *Log) startSegment(n int, ms int64, newDict bool) *segment {
	if l.dict == nil || newDict || l.dict.full() {
		if l.dict != nil {
			l.dict.seal()
		}
		l.dict = &keyDict{}
	}
	// Segments double up to maxSegmentSize however large the records, so that records larger than the current size
	// soon share segments too (a segment per 10 KB record would cost an allocation and a segment header each).
	size := max(l.nextSz, maxHeaderLength+n)
	if l.nextSz < maxSegmentSize {
		l.nextSz *= 2
	}
	s := &segment{base: l.next, buf: make([]byte, 0, size), firstMs: ms, lastMs: ms, dict: l.dict, discard: l.cfg.DiscardData}
	if !s.discard {
		hugepage.Advise(s.buf)
	}
	s.marks = make([]mark, 0, min(size, maxSegmentSize)/(64*markEvery)+1) // room for records of 64 bytes or more
	l.dict.segs++
	l.segs = append(l.segs, s)
	l.arenaBytes += int64(size)
	return s
}

// find returns the index of the segment holding pos (pos must be within [segs[0].base, next)).
func (l *Log) find(pos uint64) int {
	lo, hi := 0, len(l.segs)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if l.segs[m].base <= pos {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// cursor walks records of one segment.
type cursor struct {
	s   *segment
	i   int // index of the record at off within the segment
	off int
	ms  int64 // arrival of the previous record (or of record i when i is a mark)
}

// seek positions a cursor on record i of s.
func (s *segment) seek(i int) cursor {
	m := s.marks[i/markEvery]
	c := cursor{s: s, i: i / markEvery * markEvery, off: int(m.off), ms: s.firstMs + int64(m.dms)}
	for c.i < i {
		c.next()
	}
	return c
}

// decode reads the record at the cursor without moving it: where its data starts and how long it is, its key
// field (see the record encoding; [segment.key] gives the key), its arrival, and where the next record starts.
func (c *cursor) decode() (dataOff, dataLen int, kf uint64, ms int64, end int) {
	b := c.s.buf
	n, id, d, off, ok := shortHeader(b, c.off)
	if !ok {
		n, off = uvarint(b, c.off)
		id, off = uvarint(b, off)
		d, off = uvarint(b, off)
	}
	ms = c.ms
	if c.i%markEvery != 0 { // a marked record's arrival is the mark itself
		ms += int64(d)
	}
	if id&1 != 0 { // the key's bytes come first
		off += int(id >> 1)
	}
	if c.s.discard {
		return off, int(n), id, ms, off
	}
	return off, int(n), id, ms, off + int(n)
}

// shortHeader decodes the header at b[off:] when it has the common shape — a data length below 128, a key field
// below 16,384 and an arrival step below 128 ms — without a loop; ok is false otherwise.
func shortHeader(b []byte, off int) (n, id, d uint64, end int, ok bool) {
	if off+4 > len(b) || b[off] >= 0x80 {
		return 0, 0, 0, 0, false
	}
	n = uint64(b[off])
	end = off + 2
	if x := b[off+1]; x < 0x80 {
		id = uint64(x)
	} else if y := b[off+2]; y < 0x80 {
		id, end = uint64(x&0x7f)|uint64(y)<<7, off+3
	} else {
		return 0, 0, 0, 0, false
	}
	if z := b[end]; z < 0x80 {
		return n, id, uint64(z), end + 1, true
	}
	return 0, 0, 0, 0, false
}

// uvarint decodes the uvarint at b[off:] and returns it with the offset after it.
func uvarint(b []byte, off int) (uint64, int) {
	v, k := binary.Uvarint(b[off:])
	return v, off + k
}

func (c *cursor) next() {
	_, _, _, ms, end := c.decode()
	c.off, c.ms = end, ms
	c.i++
	if c.i%markEvery == 0 && c.i < c.s.n {
		m := c.s.marks[c.i/markEvery]
		c.ms = c.s.firstMs + int64(m.dms)
	}
}

// Read appends to dst the readable records from position pos on: at most maxRecords of them, and no more than
// maxBytes of data and keys in all (the first record is always taken if any is readable). It returns the extended
// slice and the position after the last record read. A pos below the trim horizon reads from the trim horizon; a
// pos at or past [Log.Next] reads nothing.
//
// The returned records alias the log: their Data must not be modified. Read allocates nothing beyond dst's growth.
func (l *Log) Read(pos uint64, maxRecords int, maxBytes int64, dst []record.Record) ([]record.Record, uint64) {
	return l.ReadCursor(nil, pos, maxRecords, maxBytes, dst)
}

// Cursor remembers where a read of a log stopped — the segment and the byte offset of the next record — so that
// a read continuing from there ([Log.ReadCursor]) starts at once instead of searching the log for its position and
// decoding its way to it. The zero Cursor remembers nothing. A Cursor is only a shortcut: a read given one that
// does not match its position (another position, another log, or segments released since, as retention or
// trimming release them) searches as [Log.Read] does. It is a value the caller keeps between reads, under the
// same serialisation as the log's other calls.
type Cursor struct {
	log      *Log
	releases uint64 // l.releases when the cursor was left
	pos      uint64 // the position of the record at c
	si       int    // index in l.segs of c's segment
	c        cursor
}

// ReadCursor is [Log.Read] from pos for a reader that keeps cur between reads: when cur was left at pos by the
// previous ReadCursor of this log (and no segment was released since), the read continues there without a
// search. It leaves cur at the position it returns. A nil cur is allowed (then it is Read).
func (l *Log) ReadCursor(cur *Cursor, pos uint64, maxRecords int, maxBytes int64, dst []record.Record) ([]record.Record, uint64) {
	if pos < l.trim {
		pos = l.trim
	}
	if pos >= l.next || maxRecords <= 0 {
		return dst, pos
	}
	var si int
	var c cursor
	if cur != nil && cur.log == l && cur.releases == l.releases && cur.pos == pos && cur.c.s != nil {
		si, c = cur.si, cur.c
		c.resume()
	} else {
		si = l.find(pos)
		c = l.segs[si].seek(int(pos - l.segs[si].base))
	}
	s := c.s
	var total int64
	lastMs, lastT := int64(math.MinInt64), time.Time{} // records of a batch share their arrival: convert it once
	for got := 0; got < maxRecords && pos < l.next; got++ {
		if c.i >= s.n {
			si++
			s = l.segs[si]
			c = s.seek(0)
		}
		dataOff, dataLen, kf, ms, end := c.decode()
		key := s.key(kf, dataOff)
		size := int64(dataLen + len(key))
		if got > 0 && total+size > maxBytes {
			break
		}
		total += size
		if ms != lastMs {
			lastMs, lastT = ms, time.UnixMilli(ms).UTC()
		}
		dst = append(dst, record.Record{
			Data:                        s.data(dataOff, dataLen),
			PartitionKey:                key,
			SequenceNumber:              l.SequenceNumber(pos),
			ApproximateArrivalTimestamp: lastT,
			ShardId:                     l.id,
		})
		c.off, c.ms = end, ms
		c.i++
		if c.i%markEvery == 0 && c.i < s.n {
			c.ms = s.firstMs + int64(s.marks[c.i/markEvery].dms)
		}
		pos++
	}
	if cur != nil {
		*cur = Cursor{log: l, releases: l.releases, pos: pos, si: si, c: c}
	}
	return dst, pos
}

// resume readies a cursor left after the last record of its segment for the records appended since: a record
// that starts a run of markEvery takes its arrival from its mark, which did not exist when the cursor was left.
func (c *cursor) resume() {
	if c.i%markEvery == 0 && c.i < c.s.n {
		c.ms = c.s.firstMs + int64(c.s.marks[c.i/markEvery].dms)
	}
}

// ArrivalAt returns the arrival time of the record at pos, which must be readable.
func (l *Log) ArrivalAt(pos uint64) (time.Time, bool) {
	if pos < l.trim || pos >= l.next {
		return time.Time{}, false
	}
	s := l.segs[l.find(pos)]
	c := s.seek(int(pos - s.base))
	_, _, _, ms, _ := c.decode()
	return time.UnixMilli(ms).UTC(), true
}

// PositionAtTime returns the position of the first readable record that arrived at or after t (millisecond
// precision), or [Log.Next] if there is none. A t at or before the trim horizon's arrival gives the trim horizon.
func (l *Log) PositionAtTime(t time.Time) uint64 {
	ms := UnixMilli(t)
	if ms == math.MinInt64 { // before every representable arrival
		return l.trim
	}
	return l.firstAfter(ms - 1)
}

// UnixMilli is t in Unix milliseconds, as [time.Time.UnixMilli], but saturated at the int64 range instead of
// wrapping for instants hundreds of millions of years away: an instant before time.UnixMilli(math.MinInt64) is
// math.MinInt64 (older than every arrival), one after time.UnixMilli(math.MaxInt64) math.MaxInt64. It is the one
// rule by which arrival times, AT_TIMESTAMP positions and the checks of their callers compare instants.
func UnixMilli(t time.Time) int64 {
	switch {
	case t.Before(minMilli):
		return math.MinInt64
	case t.After(maxMilli):
		return math.MaxInt64
	}
	return t.UnixMilli()
}

// The instants of the smallest and the largest int64 millisecond.
var minMilli, maxMilli = time.UnixMilli(math.MinInt64), time.UnixMilli(math.MaxInt64)

// firstAfter returns the first readable position whose arrival is > ms, or next.
func (l *Log) firstAfter(ms int64) uint64 {
	if l.trim >= l.next {
		return l.next
	}
	// Segments are in arrival order; find the first whose last arrival is > ms.
	lo, hi := l.find(l.trim), len(l.segs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if l.segs[m].lastMs <= ms {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(l.segs) {
		return l.next
	}
	s := l.segs[lo]
	// Find the last mark at or before ms, then walk.
	mk := 0
	for a, b := 0, len(s.marks); a < b; {
		m := int(uint(a+b) >> 1)
		if s.firstMs+int64(s.marks[m].dms) <= ms {
			mk, a = m, m+1
		} else {
			b = m
		}
	}
	c := s.seek(mk * markEvery)
	for c.i < s.n {
		_, _, _, rms, _ := c.decode()
		if rms > ms {
			break
		}
		c.next()
	}
	pos := s.base + uint64(c.i)
	if pos < l.trim {
		pos = l.trim
	}
	return pos
}

// Expire makes unreadable every record that arrived at or before cutoff (for retention r at time now, cutoff is
// now−r: a record expires once it is r old) and releases the segments that hold only expired records. It returns
// the number of records that became unreadable.
func (l *Log) Expire(cutoff time.Time) int {
	if l.trim >= l.next {
		l.release()
		return 0
	}
	ms := UnixMilli(cutoff)
	if l.segs[l.find(l.trim)].firstMs > ms {
		return 0
	}
	return l.TrimTo(l.firstAfter(ms))
}

// TrimTo makes every record below pos unreadable (pos is clamped to [trim horizon, Next]) and releases the
// segments that hold only unreadable records. It returns the number of records that became unreadable.
func (l *Log) TrimTo(pos uint64) int {
	if pos > l.next {
		pos = l.next
	}
	if pos <= l.trim {
		return 0
	}
	n := int(pos - l.trim)
	// Subtract the sizes of the records that become unreadable.
	for p := l.trim; p < pos; {
		si := l.find(p)
		s := l.segs[si]
		end := s.base + uint64(s.n)
		if p == s.base && end <= pos {
			l.bytes -= s.sizes
			p = end
			continue
		}
		stop := min(end, pos)
		c := s.seek(int(p - s.base))
		for ; p < stop; p++ {
			dataOff, dataLen, kf, _, _ := c.decode()
			l.bytes -= int64(dataLen + len(s.key(kf, dataOff)))
			c.next()
		}
	}
	l.trim = pos
	l.release()
	return n
}

// release drops the segments wholly below the trim horizon (all of them once every record has expired).
func (l *Log) release() {
	k := 0
	for k < len(l.segs) {
		s := l.segs[k]
		end := s.base + uint64(s.n)
		if end > l.trim {
			break
		}
		l.arenaBytes -= int64(cap(s.buf))
		s.dict.segs--
		k++
	}
	if k == 0 {
		return
	}
	l.releases++
	clear(l.segs[:k])
	l.segs = l.segs[k:]
	if len(l.segs) == 0 {
		l.segs, l.dict = nil, nil
		l.nextSz = minSegmentSize
	}
}

// EndingSequenceNumber returns the number of the last record the closed shard can hold: the last record it took,
// or its starting number if it took none. It is the zero value while the shard is open.
func (l *Log) EndingSequenceNumber() record.SequenceNumber {
	if !l.closed {
		return record.SequenceNumber{}
	}
	if l.next == 0 {
		return l.SequenceNumber(0)
	}
	return l.SequenceNumber(l.next - 1)
}
