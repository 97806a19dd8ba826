package shard

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/record"
)

// This file holds a plain-slice model of a shard log and a driver that runs the same operations on a Log and on
// the model and compares every observable result. The model restates the documented behaviour and nothing of
// the implementation: positions are slice indexes, arrivals never decrease, reads stop at the record count and
// the byte limit (but always take one record), expiry removes what arrived at or before the cutoff.

// pool is the immutable source of record payloads: a record's data is pool[off:off+n], so the model stores two
// ints per record, not a copy of the data.
var pool = func() []byte {
	b := make([]byte, 1<<16+4096)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}()

type modelRecord struct {
	off, n int
	key    string
	ms     int64
}

func (m modelRecord) data() []byte { return pool[m.off : m.off+m.n] }
func (m modelRecord) size() int64  { return int64(m.n + len(m.key)) }

type model struct {
	recs   []modelRecord // by position
	trim   uint64
	size   int64 // data and key bytes of the readable records
	closed bool
	closAt time.Time
}

func (m *model) next() uint64 { return uint64(len(m.recs)) }

// append adds a record arriving at ms; arrival never goes below the newest record's.
func (m *model) append(ms int64, off, n int, key string) (uint64, int64) {
	if len(m.recs) > 0 {
		ms = max(ms, m.recs[len(m.recs)-1].ms)
	}
	m.recs = append(m.recs, modelRecord{off: off, n: n, key: key, ms: ms})
	m.size += int64(n + len(key))
	return m.next() - 1, ms
}

func (m *model) bytes() int64 { return m.size }

// read returns the positions Log.Read should return and the position it should report.
func (m *model) read(pos uint64, maxRecords int, maxBytes int64) ([]uint64, uint64) {
	pos = max(pos, m.trim)
	if pos >= m.next() || maxRecords <= 0 {
		return nil, pos
	}
	var out []uint64
	var total int64
	for len(out) < maxRecords && pos < m.next() {
		s := m.recs[pos].size()
		if len(out) > 0 && total+s > maxBytes {
			break
		}
		total += s
		out = append(out, pos)
		pos++
	}
	return out, pos
}

// atOrAfter returns the first readable position whose arrival is ≥ ms, or next.
func (m *model) atOrAfter(ms int64) uint64 {
	// Arrivals never decrease (append enforces it), so the records at or after ms are a suffix.
	rest := m.recs[m.trim:]
	i, _ := slices.BinarySearchFunc(rest, ms, func(r modelRecord, ms int64) int { return cmp.Compare(r.ms, ms) })
	return m.trim + uint64(i)
}

func (m *model) trimTo(pos uint64) int {
	pos = min(pos, m.next())
	if pos <= m.trim {
		return 0
	}
	n := int(pos - m.trim)
	for _, r := range m.recs[m.trim:pos] {
		m.size -= r.size()
	}
	m.trim = pos
	return n
}

// expire removes the records that arrived at or before cutoffMs.
func (m *model) expire(cutoffMs int64) int { return m.trimTo(m.atOrAfter(cutoffMs + 1)) }

// harness drives a Log and its model together. Its methods report mismatches through tb.
type harness struct {
	tb    testing.TB
	l     *Log
	m     *model
	cfg   Config
	id    string // record.ShardID(cfg.Index)
	dst   []record.Record
	kept  []keptRecord // records returned by earlier reads, checked again later
	reads int

	// A follower reads the log in order with a Cursor kept between reads, as a blocking reader does; another
	// cursor is handed to some of the reads at random positions, where it is mostly stale.
	follow    uint64
	followCur Cursor
	randomCur Cursor
}

type keptRecord struct {
	rec record.Record
	pos uint64
	exp modelRecord
}

func newHarness(tb testing.TB, cfg Config) *harness {
	return &harness{tb: tb, l: New(cfg), m: &model{}, cfg: cfg, id: record.ShardID(cfg.Index)}
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func (h *harness) append(now time.Time, off, n int, key string) {
	h.tb.Helper()
	pos, arrival, err := h.l.Append(now, pool[off:off+n], key)
	if h.m.closed {
		if err != ErrClosed {
			h.tb.Fatalf("Append on a closed log: err = %v, want ErrClosed", err)
		}
		return
	}
	if err != nil {
		h.tb.Fatalf("Append(%v, %d bytes, %d-byte key): %v", now, n, len(key), err)
	}
	wantPos, wantMs := h.m.append(now.UnixMilli(), off, n, key)
	if pos != wantPos || !arrival.Equal(msTime(wantMs)) {
		h.tb.Fatalf("Append(%v) = pos %d arrival %v, want pos %d arrival %v", now, pos, arrival, wantPos, msTime(wantMs))
	}
}

// checkRecord compares one record returned by Read with the model's record at pos.
// (No tb.Helper here: it is called for every record read and Helper is costly.)
func (h *harness) checkRecord(what string, r record.Record, pos uint64, exp modelRecord) {
	if !bytes.Equal(r.Data, exp.data()) {
		h.tb.Fatalf("%s: record at %d has data %d bytes %x…, want %d bytes", what, pos, len(r.Data), r.Data[:min(8, len(r.Data))], exp.n)
	}
	if r.PartitionKey != exp.key {
		h.tb.Fatalf("%s: record at %d has key %q, want %q", what, pos, r.PartitionKey, exp.key)
	}
	if want := record.NewSequenceNumber(h.cfg.Epoch, uint32(h.cfg.Index), pos); r.SequenceNumber != want {
		h.tb.Fatalf("%s: record at %d has sequence number %v, want %v", what, pos, r.SequenceNumber, want)
	}
	if want := msTime(exp.ms); !r.ApproximateArrivalTimestamp.Equal(want) || r.ApproximateArrivalTimestamp.Location() != time.UTC {
		h.tb.Fatalf("%s: record at %d arrived %v, want %v (UTC)", what, pos, r.ApproximateArrivalTimestamp, want)
	}
	if r.ShardId != h.id || r.ExplicitHashKey != "" {
		h.tb.Fatalf("%s: record at %d has shard %q, explicit hash key %q", what, pos, r.ShardId, r.ExplicitHashKey)
	}
	if cap(r.Data) != len(r.Data) {
		h.tb.Fatalf("%s: record at %d has Data with spare capacity %d (appending to it would write into the log)", what, pos, cap(r.Data)-len(r.Data))
	}
}

func (h *harness) read(pos uint64, maxRecords int, maxBytes int64) {
	h.tb.Helper()
	prefix := len(h.dst) % 3 // sometimes read into a slice that already holds records; they must be kept
	h.dst = h.dst[:prefix]
	for i := range h.dst {
		h.dst[i] = record.Record{PartitionKey: "keep"}
	}
	var got []record.Record
	var next uint64
	if h.reads%2 == 0 {
		got, next = h.l.Read(pos, maxRecords, maxBytes, h.dst)
	} else {
		got, next = h.l.ReadCursor(&h.randomCur, pos, maxRecords, maxBytes, h.dst)
	}
	h.dst = got
	want, wantNext := h.m.read(pos, maxRecords, maxBytes)
	what := fmt.Sprintf("Read(%d, %d, %d) [trim %d next %d]", pos, maxRecords, maxBytes, h.m.trim, h.m.next())
	if len(got)-prefix != len(want) || next != wantNext {
		h.tb.Fatalf("%s = %d records, next %d; want %d records, next %d", what, len(got)-prefix, next, len(want), wantNext)
	}
	for i := range prefix {
		if got[i].PartitionKey != "keep" {
			h.tb.Fatalf("%s overwrote dst[%d]", what, i)
		}
	}
	for i, p := range want {
		h.checkRecord(what, got[prefix+i], p, h.m.recs[p])
	}
	h.reads++
	if len(want) > 0 && h.reads%7 == 0 && len(h.kept) < 2000 {
		i := len(want) - 1 - (h.reads % len(want))
		h.kept = append(h.kept, keptRecord{rec: got[prefix+i], pos: want[i], exp: h.m.recs[want[i]]})
	}
	h.readOn(maxRecords, maxBytes)
}

// readOn is the follower's next read: from where its previous read stopped, with its cursor.
func (h *harness) readOn(maxRecords int, maxBytes int64) {
	h.tb.Helper()
	got, next := h.l.ReadCursor(&h.followCur, h.follow, maxRecords, maxBytes, h.dst[:0])
	h.dst = got
	want, wantNext := h.m.read(h.follow, maxRecords, maxBytes)
	what := fmt.Sprintf("ReadCursor(follower at %d, %d, %d) [trim %d next %d]", h.follow, maxRecords, maxBytes, h.m.trim, h.m.next())
	if len(got) != len(want) || next != wantNext {
		h.tb.Fatalf("%s = %d records, next %d; want %d records, next %d", what, len(got), next, len(want), wantNext)
	}
	for i, p := range want {
		h.checkRecord(what, got[i], p, h.m.recs[p])
	}
	h.follow = next
}

// checkKept verifies that every record returned earlier is unchanged by everything done since.
func (h *harness) checkKept() {
	h.tb.Helper()
	for _, k := range h.kept {
		h.checkRecord("record returned earlier", k.rec, k.pos, k.exp)
	}
}

func (h *harness) expire(cutoff time.Time) {
	h.tb.Helper()
	got := h.l.Expire(cutoff)
	if want := h.m.expire(cutoff.UnixMilli()); got != want {
		h.tb.Fatalf("Expire(%v) = %d, want %d [model trim %d next %d]", cutoff, got, want, h.m.trim, h.m.next())
	}
}

func (h *harness) trimTo(pos uint64) {
	h.tb.Helper()
	if got, want := h.l.TrimTo(pos), h.m.trimTo(pos); got != want {
		h.tb.Fatalf("TrimTo(%d) = %d, want %d", pos, got, want)
	}
}

func (h *harness) positionAtTime(t time.Time) {
	h.tb.Helper()
	if got, want := h.l.PositionAtTime(t), h.m.atOrAfter(t.UnixMilli()); got != want {
		h.tb.Fatalf("PositionAtTime(%v) = %d, want %d [trim %d next %d]", t, got, want, h.m.trim, h.m.next())
	}
}

func (h *harness) arrivalAt(pos uint64) {
	h.tb.Helper()
	got, ok := h.l.ArrivalAt(pos)
	readable := pos >= h.m.trim && pos < h.m.next()
	if ok != readable || (ok && !got.Equal(msTime(h.m.recs[pos].ms))) {
		h.tb.Fatalf("ArrivalAt(%d) = %v, %v; want readable=%v", pos, got, ok, readable)
	}
}

func (h *harness) close(now time.Time) {
	h.l.Close(now)
	if !h.m.closed {
		h.m.closed, h.m.closAt = true, now
	}
}

// check compares the log's counters with the model and verifies the log's internal invariants.
func (h *harness) check() {
	h.tb.Helper()
	l, m := h.l, h.m
	if l.Len() != int(m.next()-m.trim) || l.Next() != m.next() || l.TrimHorizon() != m.trim {
		h.tb.Fatalf("Len %d Next %d TrimHorizon %d; want %d %d %d", l.Len(), l.Next(), l.TrimHorizon(), m.next()-m.trim, m.next(), m.trim)
	}
	if l.Bytes() != m.bytes() {
		h.tb.Fatalf("Bytes() = %d, want %d", l.Bytes(), m.bytes())
	}
	if len(m.recs) == 0 {
		if !l.LastArrival().IsZero() {
			h.tb.Fatalf("LastArrival() = %v on a log that never took a record", l.LastArrival())
		}
	} else if want := msTime(m.recs[len(m.recs)-1].ms); !l.LastArrival().Equal(want) {
		h.tb.Fatalf("LastArrival() = %v, want %v", l.LastArrival(), want)
	}
	closed, at := l.Closed()
	if closed != m.closed || !at.Equal(m.closAt) {
		h.tb.Fatalf("Closed() = %v, %v; want %v, %v", closed, at, m.closed, m.closAt)
	}
	end := l.EndingSequenceNumber()
	switch {
	case !m.closed:
		if !end.IsZero() {
			h.tb.Fatalf("EndingSequenceNumber() = %v while open", end)
		}
	case m.next() == 0:
		if end != l.StartingSequenceNumber() {
			h.tb.Fatalf("EndingSequenceNumber() = %v on an empty closed log, want the starting number", end)
		}
	default:
		if end != l.SequenceNumber(m.next()-1) {
			h.tb.Fatalf("EndingSequenceNumber() = %v, want position %d", end, m.next()-1)
		}
	}
	checkLayout(h.tb, l)
}

// checkLayout verifies the invariants of the arena layout that the public API relies on.
func checkLayout(tb testing.TB, l *Log) {
	tb.Helper()
	var arena int64
	refs := map[*keyDict]int{}
	for i, s := range l.segs {
		arena += int64(cap(s.buf))
		refs[s.dict]++
		if s.n <= 0 {
			tb.Fatalf("segment %d holds %d records", i, s.n)
		}
		if i > 0 {
			p := l.segs[i-1]
			if s.base != p.base+uint64(p.n) {
				tb.Fatalf("segment %d starts at %d, the previous one ends at %d", i, s.base, p.base+uint64(p.n))
			}
			if s.firstMs < p.lastMs {
				tb.Fatalf("segment %d starts at %d ms, before the previous one ends (%d ms)", i, s.firstMs, p.lastMs)
			}
		}
		if len(s.marks) != (s.n+markEvery-1)/markEvery {
			tb.Fatalf("segment %d has %d marks for %d records", i, len(s.marks), s.n)
		}
		if s.base+uint64(s.n) <= l.TrimHorizon() {
			tb.Fatalf("segment %d holds only expired records (%d … %d, trim horizon %d) and was not released", i, s.base, s.base+uint64(s.n), l.TrimHorizon())
		}
		if s.lastMs < s.firstMs || s.lastMs-s.firstMs >= maxSegmentSpan {
			tb.Fatalf("segment %d spans %d … %d ms", i, s.firstMs, s.lastMs)
		}
	}
	if arena != l.ArenaBytes() {
		tb.Fatalf("ArenaBytes() = %d, segments hold %d", l.ArenaBytes(), arena)
	}
	for d, n := range refs {
		if d.segs != n {
			tb.Fatalf("a key dictionary counts %d segments, %d refer to it", d.segs, n)
		}
		if d.segs > maxDictSegments || len(d.keys) > maxDictKeys {
			tb.Fatalf("a key dictionary spans %d segments and %d keys", d.segs, len(d.keys))
		}
	}
	if k := len(l.segs); k > 0 {
		if last := l.segs[k-1]; last.base+uint64(last.n) != l.Next() {
			tb.Fatalf("the last segment ends at %d, Next() = %d", last.base+uint64(last.n), l.Next())
		}
		if l.segs[0].base > l.TrimHorizon() {
			tb.Fatalf("the first segment starts at %d, above the trim horizon %d", l.segs[0].base, l.TrimHorizon())
		}
	} else if l.TrimHorizon() != l.Next() {
		tb.Fatalf("no segments, but records %d … %d are readable", l.TrimHorizon(), l.Next())
	}
}

// randomPos returns a position around the readable range, a little below the trim horizon to past Next.
func (h *harness) randomPos(r *rand.Rand) uint64 {
	lo := h.m.trim
	if lo > 3 {
		lo -= 3
	} else {
		lo = 0
	}
	if r.IntN(8) == 0 {
		return h.m.next() + uint64(r.IntN(3))
	}
	return lo + r.Uint64N(h.m.next()-lo+4)
}

// randomCutoff returns an instant near the arrival of a random record, or before or after all of them.
func (h *harness) randomCutoff(r *rand.Rand, start time.Time) time.Time {
	if len(h.m.recs) == 0 || r.IntN(10) == 0 {
		return start.Add(-time.Duration(r.IntN(1000)) * time.Millisecond)
	}
	if r.IntN(10) == 0 {
		return msTime(h.m.recs[len(h.m.recs)-1].ms).Add(time.Duration(r.IntN(3)) * time.Millisecond)
	}
	p := h.m.trim
	if n := h.m.next() - h.m.trim; n > 0 {
		p += r.Uint64N(n)
	} else {
		p = r.Uint64N(h.m.next())
	}
	return msTime(h.m.recs[p].ms).Add(time.Duration(r.IntN(3)-1)*time.Millisecond + time.Duration(r.IntN(1000))*time.Microsecond)
}

type modelRun struct {
	seed     uint64
	ops      int
	keys     func(r *rand.Rand, i int) string
	maxData  int
	expireP  int // expire or trim once in expireP operations
	readP    int // read once in readP operations
	closeAt  int // close after this many operations (0: never)
	checkAll int // check counters and layout every checkAll operations
}

func runModel(t *testing.T, run modelRun) *harness {
	r := rand.New(rand.NewPCG(run.seed, 99))
	cfg := Config{Index: 1 + r.IntN(1000), Epoch: r.Uint32(), HashKeyRange: record.SplitEvenly(4)[1]}
	h := newHarness(t, cfg)
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(1e9)) * time.Microsecond)
	now := start
	for i := range run.ops {
		switch x := r.IntN(100); {
		case x < 85: // the clock moves on a little
			now = now.Add(time.Duration(r.IntN(20_000)) * time.Microsecond)
		case x < 97: // the clock goes backwards
			now = now.Add(-time.Duration(r.IntN(2_000_000)) * time.Microsecond)
		case x < 99: // a pause of hours
			now = now.Add(time.Duration(r.IntN(10)) * time.Hour)
		default: // a pause longer than a segment may span
			now = now.Add(30 * 24 * time.Hour)
		}
		n := r.IntN(run.maxData + 1)
		h.append(now, r.IntN(len(pool)-n+1), n, run.keys(r, i))
		if run.closeAt > 0 && i == run.closeAt {
			h.close(now)
		}
		if r.IntN(run.readP) == 0 {
			maxRecords := 1 + r.IntN(100)
			switch r.IntN(4) {
			case 0:
				maxRecords = 10_000
			case 1:
				maxRecords = r.IntN(3) // 0 reads nothing
			}
			maxBytes := int64(r.IntN(5 << 20))
			if r.IntN(2) == 0 {
				maxBytes = int64(r.IntN(8000)) - 10
			}
			h.read(h.randomPos(r), maxRecords, maxBytes)
			h.arrivalAt(h.randomPos(r))
			h.positionAtTime(h.randomCutoff(r, start))
		}
		if r.IntN(run.expireP) == 0 {
			if r.IntN(3) == 0 {
				h.trimTo(h.randomPos(r))
			} else {
				h.expire(h.randomCutoff(r, start))
			}
		}
		if i%run.checkAll == 0 {
			h.check()
		}
	}
	h.check()
	// Read everything that is left, in batches, and check the records returned along the way.
	h.readAll()
	h.checkKept()
	return h
}

// readAll reads the whole readable log in batches and compares it with the model.
func (h *harness) readAll() {
	h.tb.Helper()
	pos := uint64(0) // below the trim horizon: reads from there
	for {
		got, next := h.l.Read(pos, 777, 300_000, nil)
		want, wantNext := h.m.read(pos, 777, 300_000)
		if len(got) != len(want) || next != wantNext {
			h.tb.Fatalf("Read(%d) = %d records next %d, want %d next %d", pos, len(got), next, len(want), wantNext)
		}
		for i, p := range want {
			h.checkRecord("readAll", got[i], p, h.m.recs[p])
		}
		if len(got) == 0 {
			return
		}
		pos = next
	}
}

// smallKeySpace gives 8 short keys (stored in their records) and 8 long ones (stored in the dictionary).
func smallKeySpace(r *rand.Rand, _ int) string {
	if r.IntN(2) == 0 {
		return fmt.Sprintf("key-%d", r.IntN(8))
	}
	return fmt.Sprintf("a-longer-recurring-key-%d", r.IntN(8))
}

var keyRunes = []rune("abcXYZ019-_éßñ日本語😀🚀")

func largeKeySpace(r *rand.Rand, _ int) string {
	if r.IntN(20) == 0 {
		return "" // the log does not validate keys; the empty key is stored like any other
	}
	var sb strings.Builder
	for range 1 + r.IntN(256) {
		sb.WriteRune(keyRunes[r.IntN(len(keyRunes))])
	}
	return sb.String()
}

func TestLogMatchesModelWithFewKeys(t *testing.T) {
	runModel(t, modelRun{seed: 1, ops: 6000, keys: smallKeySpace, maxData: 3000, expireP: 150, readP: 4, checkAll: 50})
}

func TestLogMatchesModelWithManyKeys(t *testing.T) {
	runModel(t, modelRun{seed: 2, ops: 6000, keys: largeKeySpace, maxData: 3000, expireP: 150, readP: 4, checkAll: 50})
}

func TestLogMatchesModelWithSmallRecords(t *testing.T) {
	// Records of 0 … 40 bytes put hundreds of records, and many marks, in each segment.
	runModel(t, modelRun{seed: 3, ops: 20000, keys: smallKeySpace, maxData: 40, expireP: 500, readP: 5, checkAll: 500})
}

func TestLogMatchesModelAfterClose(t *testing.T) {
	h := runModel(t, modelRun{seed: 4, ops: 3000, keys: smallKeySpace, maxData: 3000, expireP: 100, readP: 3, closeAt: 1500, checkAll: 50})
	if h.m.next() != 1501 {
		t.Fatalf("the closed log took %d records, want 1501", h.m.next())
	}
}

func TestLogMatchesModelAcrossDictionaryRotation(t *testing.T) {
	// About 1.8·65,536 distinct keys: the appends go through at least two key-dictionary generations.
	ops := 2*maxDictKeys + 3000
	h := runModel(t, modelRun{
		seed: 5, ops: ops, maxData: 24, expireP: 1 << 30, readP: 200, checkAll: 10000,
		keys: func(r *rand.Rand, i int) string {
			if r.IntN(10) == 0 {
				return fmt.Sprintf("old-%d", r.IntN(100)) // keys that recur in every generation
			}
			return fmt.Sprintf("distinct-key-%d", i)
		},
	})
	gens := map[*keyDict]bool{}
	for _, s := range h.l.segs {
		gens[s.dict] = true
	}
	if len(gens) < 2 {
		t.Fatalf("the readable segments use %d key dictionary generations, want several", len(gens))
	}
	sealed := 0
	for d := range gens {
		if d.table == nil {
			sealed++
		}
	}
	if sealed != len(gens)-1 {
		t.Fatalf("%d of %d generations are sealed, want all but the current one", sealed, len(gens))
	}
	// Expire step by step, then everything: every generation but the current one is released.
	r := rand.New(rand.NewPCG(5, 5))
	for range 20 {
		h.expire(h.randomCutoff(r, msTime(h.m.recs[0].ms)))
		h.check()
		h.read(h.randomPos(r), 10_000, 1<<20)
	}
	h.expire(msTime(h.m.recs[len(h.m.recs)-1].ms))
	h.check()
	if len(h.l.segs) != 0 || h.l.ArenaBytes() != 0 {
		t.Fatalf("%d segments, %d arena bytes left after everything expired", len(h.l.segs), h.l.ArenaBytes())
	}
	h.checkKept()
}
