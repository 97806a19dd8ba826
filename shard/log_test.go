package shard

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/record"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// mustAppend appends and fails the test on error.
func mustAppend(t testing.TB, l *Log, now time.Time, data, key string) uint64 {
	t.Helper()
	pos, _, err := l.Append(now, []byte(data), key)
	if err != nil {
		t.Fatalf("Append(%v, %q, %q): %v", now, data, key, err)
	}
	return pos
}

// readAll returns every readable record.
func readAll(l *Log) []record.Record {
	recs, _ := l.Read(0, 1<<30, 1<<62, nil)
	return recs
}

func datas(recs []record.Record) string {
	var s []string
	for _, r := range recs {
		s = append(s, string(r.Data))
	}
	return strings.Join(s, ",")
}

func TestNewLogIsEmptyAndOpen(t *testing.T) {
	rng := record.SplitEvenly(3)[2]
	cfg := Config{Index: 7, Epoch: 3, HashKeyRange: rng, ParentShardID: "shardId-000000000001", Created: t0}
	l := New(cfg)
	if l.ID() != "shardId-000000000007" {
		t.Errorf("ID() = %q", l.ID())
	}
	if l.Config() != cfg || l.HashKeyRange() != rng {
		t.Errorf("Config() = %+v, HashKeyRange() = %v", l.Config(), l.HashKeyRange())
	}
	if l.Len() != 0 || l.Next() != 0 || l.TrimHorizon() != 0 || l.Bytes() != 0 || l.ArenaBytes() != 0 {
		t.Errorf("new log: Len %d Next %d TrimHorizon %d Bytes %d ArenaBytes %d", l.Len(), l.Next(), l.TrimHorizon(), l.Bytes(), l.ArenaBytes())
	}
	if !l.LastArrival().IsZero() {
		t.Errorf("LastArrival() = %v, want the zero time", l.LastArrival())
	}
	if closed, _ := l.Closed(); closed {
		t.Error("new log is closed")
	}
	if recs, next := l.Read(0, 10, 1<<20, nil); len(recs) != 0 || next != 0 {
		t.Errorf("Read of an empty log = %d records, next %d", len(recs), next)
	}
	if l.PositionAtTime(t0) != 0 || l.Expire(t0) != 0 || l.TrimTo(5) != 0 {
		t.Error("an empty log found, expired or trimmed something")
	}
}

func TestLogReadsInAppendOrder(t *testing.T) {
	l := New(Config{})
	for i := range 1000 {
		if pos := mustAppend(t, l, t0.Add(ms(i)), fmt.Sprint(i), fmt.Sprintf("k%d", i%3)); pos != uint64(i) {
			t.Fatalf("record %d got position %d", i, pos)
		}
	}
	recs := readAll(l)
	if len(recs) != 1000 {
		t.Fatalf("read %d records", len(recs))
	}
	for i, r := range recs {
		if string(r.Data) != fmt.Sprint(i) || r.PartitionKey != fmt.Sprintf("k%d", i%3) || r.SequenceNumber.Position() != uint64(i) {
			t.Fatalf("record %d = %q key %q position %d", i, r.Data, r.PartitionKey, r.SequenceNumber.Position())
		}
		if i > 0 && recs[i-1].SequenceNumber.Compare(r.SequenceNumber) >= 0 {
			t.Fatalf("sequence numbers do not increase at %d", i)
		}
	}
}

func TestReadRecordsCarrySequenceNumberArrivalAndShardID(t *testing.T) {
	l := New(Config{Index: 12, Epoch: 99})
	at := t0.Add(1500 * time.Microsecond) // 1.5 ms: kept to the millisecond
	mustAppend(t, l, at, "x", "k")
	r := readAll(l)[0]
	if r.ShardId != "shardId-000000000012" {
		t.Errorf("ShardID = %q", r.ShardId)
	}
	n := r.SequenceNumber
	if n.Epoch() != 99 || n.ShardIndex() != 12 || n.Position() != 0 || n != l.SequenceNumber(0) || n != l.StartingSequenceNumber() {
		t.Errorf("SequenceNumber %v = (epoch %d, shard %d, position %d)", n, n.Epoch(), n.ShardIndex(), n.Position())
	}
	if want := t0.Add(ms(1)); !r.ApproximateArrivalTimestamp.Equal(want) || r.ApproximateArrivalTimestamp.Location() != time.UTC {
		t.Errorf("ApproximateArrivalTimestamp = %v, want %v in UTC", r.ApproximateArrivalTimestamp, want)
	}
}

func TestLogReadStopsAtRecordLimit(t *testing.T) {
	l := New(Config{})
	for i := range 10 {
		mustAppend(t, l, t0, fmt.Sprint(i), "k")
	}
	recs, next := l.Read(2, 3, 1<<20, nil)
	if datas(recs) != "2,3,4" || next != 5 {
		t.Fatalf("Read(2, 3) = %s, next %d", datas(recs), next)
	}
	recs, next = l.Read(8, 100, 1<<20, nil)
	if datas(recs) != "8,9" || next != 10 {
		t.Fatalf("Read(8, 100) = %s, next %d", datas(recs), next)
	}
	for _, max := range []int{0, -1} {
		if recs, next := l.Read(4, max, 1<<20, nil); len(recs) != 0 || next != 4 {
			t.Fatalf("Read(4, %d) = %d records, next %d", max, len(recs), next)
		}
	}
}

func TestLogReadStopsAtByteLimit(t *testing.T) {
	l := New(Config{})
	// Each record is 10 data bytes plus a 2-byte key: 12 bytes.
	for i := range 10 {
		mustAppend(t, l, t0, fmt.Sprintf("%010d", i), "kk")
	}
	for _, c := range []struct {
		maxBytes int64
		want     int
	}{
		{36, 3}, // exactly three records
		{47, 3},
		{48, 4},
		{12, 1},
		{13, 1},
		{11, 1}, // the first record is always taken, even above the limit
		{0, 1},
		{-5, 1},
		{1 << 20, 10},
	} {
		recs, next := l.Read(0, 100, c.maxBytes, nil)
		if len(recs) != c.want || next != uint64(c.want) {
			t.Errorf("Read(0, 100, %d bytes) = %d records, next %d; want %d", c.maxBytes, len(recs), next, c.want)
		}
	}
}

func TestReadBelowTrimHorizonStartsAtTrimHorizon(t *testing.T) {
	l := New(Config{})
	for i := range 10 {
		mustAppend(t, l, t0.Add(ms(i)), fmt.Sprint(i), "k")
	}
	l.TrimTo(4)
	recs, next := l.Read(1, 2, 1<<20, nil)
	if datas(recs) != "4,5" || next != 6 {
		t.Fatalf("Read(1, 2) after TrimTo(4) = %s, next %d", datas(recs), next)
	}
}

func TestReadAtOrPastNextReadsNothing(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "a", "k")
	for _, pos := range []uint64{1, 2, 1 << 40} {
		if recs, next := l.Read(pos, 10, 1<<20, nil); len(recs) != 0 || next != pos {
			t.Errorf("Read(%d) = %d records, next %d; want none, next %d", pos, len(recs), next, pos)
		}
	}
}

func TestReadAppendsToDst(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "a", "k")
	mustAppend(t, l, t0, "b", "k")
	dst := []record.Record{{PartitionKey: "earlier"}}
	dst, _ = l.Read(0, 10, 1<<20, dst)
	if len(dst) != 3 || dst[0].PartitionKey != "earlier" || datas(dst[1:]) != "a,b" {
		t.Fatalf("Read into a non-empty dst = %+v", dst)
	}
}

func TestAppendCopiesData(t *testing.T) {
	l := New(Config{})
	data := []byte("original")
	mustAppend(t, l, t0, string(data), "k")
	if _, _, err := l.Append(t0, data, "k"); err != nil {
		t.Fatal(err)
	}
	copy(data, "CHANGED!")
	for _, r := range readAll(l) {
		if string(r.Data) != "original" {
			t.Fatalf("the log kept the caller's buffer: %q", r.Data)
		}
	}
}

func TestReadRecordDataCannotOverwriteTheLog(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "first", "k")
	mustAppend(t, l, t0, "second", "k")
	r := readAll(l)[0]
	if cap(r.Data) != len(r.Data) {
		t.Fatalf("Data has capacity %d beyond its length %d", cap(r.Data), len(r.Data))
	}
	_ = append(r.Data, "XXXXXXXXXXXXXXXX"...)
	if got := datas(readAll(l)); got != "first,second" {
		t.Fatalf("appending to a returned Data changed the log: %s", got)
	}
}

func TestRecordsReadEarlierStayUnchanged(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "r0", "key-0")
	early, _ := l.Read(0, 10, 1<<20, nil)
	// Enough appends to fill many segments and key-dictionary chunks, then expire everything.
	for i := range 20000 {
		key := fmt.Sprintf("key-%d", i) // short keys are stored with their records, long ones in the dictionary
		if i%2 == 1 {
			key += "-of-the-dictionary"
		}
		mustAppend(t, l, t0.Add(ms(i)), strings.Repeat("z", i%300), key)
	}
	l.Expire(t0.Add(time.Hour))
	for i := range 100 {
		mustAppend(t, l, t0.Add(2*time.Hour), "late", fmt.Sprintf("key-%d", i))
	}
	if r := early[0]; string(r.Data) != "r0" || r.PartitionKey != "key-0" || r.SequenceNumber.Position() != 0 || !r.ApproximateArrivalTimestamp.Equal(t0) {
		t.Fatalf("a record read earlier changed: %+v", r)
	}
}

func TestArrivalNeverDecreases(t *testing.T) {
	l := New(Config{})
	times := []time.Time{t0.Add(ms(10)), t0.Add(ms(5)), t0.Add(ms(20)), t0, t0.Add(ms(20)), t0.Add(ms(21))}
	want := []time.Time{t0.Add(ms(10)), t0.Add(ms(10)), t0.Add(ms(20)), t0.Add(ms(20)), t0.Add(ms(20)), t0.Add(ms(21))}
	for i, at := range times {
		_, arrival, err := l.Append(at, []byte{byte(i)}, "k")
		if err != nil || !arrival.Equal(want[i]) {
			t.Fatalf("Append #%d at %v: arrival %v, %v; want %v", i, at.Sub(t0), arrival.Sub(t0), err, want[i].Sub(t0))
		}
	}
	for i, r := range readAll(l) {
		if !r.ApproximateArrivalTimestamp.Equal(want[i]) {
			t.Errorf("record %d arrived %v, want %v", i, r.ApproximateArrivalTimestamp.Sub(t0), want[i].Sub(t0))
		}
		if got, ok := l.ArrivalAt(uint64(i)); !ok || !got.Equal(want[i]) {
			t.Errorf("ArrivalAt(%d) = %v, %v", i, got, ok)
		}
	}
	if !l.LastArrival().Equal(t0.Add(ms(21))) {
		t.Errorf("LastArrival() = %v", l.LastArrival())
	}
	// Expiring everything keeps the newest arrival: the next record cannot arrive earlier.
	l.Expire(t0.Add(time.Hour))
	if _, arrival, _ := l.Append(t0, nil, "k"); !arrival.Equal(t0.Add(ms(21))) {
		t.Errorf("after expiry, a record appended at t0 arrived %v, want t0+21ms", arrival.Sub(t0))
	}
}

func TestArrivalHasMillisecondPrecision(t *testing.T) {
	l := New(Config{})
	at := t0.Add(123*time.Millisecond + 999*time.Microsecond + 999)
	_, arrival, _ := l.Append(at, nil, "k")
	if want := t0.Add(ms(123)); !arrival.Equal(want) || arrival.Location() != time.UTC {
		t.Fatalf("arrival = %v, want %v UTC", arrival, want)
	}
}

// TestArrivalBeforeUnixEpochIsKept: a log that has taken no record has no newest arrival to raise now to, so
// the first record arrives at now even before 1970 — as with the zero-value clock.Manual, which starts at the
// zero time.Time. Retention then works as at any other time.
func TestArrivalBeforeUnixEpochIsKept(t *testing.T) {
	for _, start := range []time.Time{{}, time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC)} {
		l := New(Config{})
		_, arrival, err := l.Append(start, []byte("a"), "k")
		if err != nil {
			t.Fatal(err)
		}
		if !arrival.Equal(start) {
			t.Errorf("first record appended at %v arrived at %v", start, arrival)
		}
		if got := l.LastArrival(); !got.Equal(start) {
			t.Errorf("LastArrival() = %v, want %v", got, start)
		}
		_, arrival, _ = l.Append(start.Add(time.Second), []byte("b"), "k")
		if want := start.Add(time.Second); !arrival.Equal(want) {
			t.Errorf("record appended at %v arrived at %v", want, arrival)
		}
		// A cutoff between the two arrivals expires the first record only.
		if n := l.Expire(start.Add(time.Second - time.Millisecond)); n != 1 {
			t.Errorf("Expire(start+999ms) expired %d records, want 1", n)
		}
		if got := l.PositionAtTime(start.Add(time.Second)); got != 1 {
			t.Errorf("PositionAtTime(start+1s) = %d, want 1", got)
		}
	}
}

func TestPositionAtTimeFindsFirstRecordAtOrAfter(t *testing.T) {
	l := New(Config{})
	// Arrivals (ms after t0): position p arrives at 10·(p/3): three records per 10 ms step, 300 records.
	for p := range 300 {
		mustAppend(t, l, t0.Add(ms(10*(p/3))), "d", "k")
	}
	for _, c := range []struct {
		at   time.Duration
		want uint64
	}{
		{-time.Hour, 0},
		{0, 0},
		{ms(1), 3},
		{ms(10), 3},
		{ms(10) + 500*time.Microsecond, 3}, // millisecond precision: 10.5 ms counts as 10 ms
		{ms(11), 6},
		{ms(500), 150},
		{ms(990), 297},
		{ms(991), 300},
		{time.Hour, 300},
	} {
		if got := l.PositionAtTime(t0.Add(c.at)); got != c.want {
			t.Errorf("PositionAtTime(t0+%v) = %d, want %d", c.at, got, c.want)
		}
	}
	// Below the trim horizon, the answer is the trim horizon.
	l.TrimTo(100)
	for _, at := range []time.Duration{-time.Hour, 0, ms(300), ms(330)} {
		if got := l.PositionAtTime(t0.Add(at)); got != 100 {
			t.Errorf("after TrimTo(100): PositionAtTime(t0+%v) = %d, want 100", at, got)
		}
	}
	if got := l.PositionAtTime(t0.Add(ms(331))); got != 102 {
		t.Errorf("after TrimTo(100): PositionAtTime(t0+331ms) = %d, want 102", got)
	}
}

func TestExpireMakesRecordsUnreadableAndReleasesSegments(t *testing.T) {
	l := New(Config{})
	data := strings.Repeat("d", 1000)
	for i := range 2000 { // about 2 MB: several segments
		mustAppend(t, l, t0.Add(ms(i)), data, "k")
	}
	before := l.ArenaBytes()
	// Retention r at now: cutoff now−r. Records that arrived at or before the cutoff expire.
	if n := l.Expire(t0.Add(ms(999))); n != 1000 {
		t.Fatalf("Expire(t0+999ms) = %d, want 1000", n)
	}
	if l.TrimHorizon() != 1000 || l.Len() != 1000 || l.Bytes() != 1000*1001 {
		t.Fatalf("after Expire: TrimHorizon %d Len %d Bytes %d", l.TrimHorizon(), l.Len(), l.Bytes())
	}
	recs, _ := l.Read(0, 5, 1<<20, nil)
	if len(recs) != 5 || recs[0].SequenceNumber.Position() != 1000 {
		t.Fatalf("Read(0) after Expire starts at %d", recs[0].SequenceNumber.Position())
	}
	if _, ok := l.ArrivalAt(999); ok {
		t.Error("ArrivalAt(999) still reports an expired record")
	}
	if after := l.ArenaBytes(); after >= before || after < l.Bytes() {
		t.Fatalf("ArenaBytes %d → %d after expiring half of %d bytes", before, after, 2000*1001)
	}
	if n := l.Expire(t0.Add(ms(999))); n != 0 {
		t.Fatalf("expiring again = %d", n)
	}
	if n := l.Expire(t0.Add(-time.Hour)); n != 0 {
		t.Fatalf("Expire before the oldest record = %d", n)
	}
}

func TestArenaBytesDropsAfterExpiringEverything(t *testing.T) {
	l := New(Config{})
	for i := range 5000 {
		mustAppend(t, l, t0.Add(ms(i)), strings.Repeat("x", 500), fmt.Sprintf("key-%d", i))
	}
	before := l.ArenaBytes()
	if before < 5000*500 {
		t.Fatalf("ArenaBytes() = %d for %d bytes of records", before, l.Bytes())
	}
	if n := l.Expire(t0.Add(time.Hour)); n != 5000 {
		t.Fatalf("Expire = %d", n)
	}
	if l.Len() != 0 || l.Bytes() != 0 || l.TrimHorizon() != 5000 || l.Next() != 5000 {
		t.Fatalf("after expiring everything: Len %d Bytes %d TrimHorizon %d Next %d", l.Len(), l.Bytes(), l.TrimHorizon(), l.Next())
	}
	if after := l.ArenaBytes(); after != 0 || len(l.segs) != 0 {
		t.Fatalf("ArenaBytes() = %d (was %d), %d segments held after expiring everything", after, before, len(l.segs))
	}
	if recs, next := l.Read(0, 10, 1<<20, nil); len(recs) != 0 || next != 5000 {
		t.Fatalf("Read after expiring everything = %d records, next %d", len(recs), next)
	}
	// Records appended afterwards continue the positions.
	if pos := mustAppend(t, l, t0.Add(2*time.Hour), "new", "k"); pos != 5000 {
		t.Fatalf("next record got position %d", pos)
	}
	if recs := readAll(l); len(recs) != 1 || string(recs[0].Data) != "new" || recs[0].SequenceNumber.Position() != 5000 {
		t.Fatalf("after refill: %+v", recs)
	}
}

func TestExpiringEverythingReleasesEverySegment(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "a", "k")
	if l.ArenaBytes() == 0 {
		t.Fatal("ArenaBytes() = 0 with a record held")
	}
	l.Expire(t0)
	if l.Len() != 0 || l.ArenaBytes() != 0 || len(l.segs) != 0 || l.dict != nil {
		t.Fatalf("after expiring the only record: Len %d, ArenaBytes %d, %d segments", l.Len(), l.ArenaBytes(), len(l.segs))
	}
	mustAppend(t, l, t0.Add(time.Second), "b", "k")
	if l.ArenaBytes() != minSegmentSize {
		t.Fatalf("the next record started a segment of %d bytes, want %d", l.ArenaBytes(), minSegmentSize)
	}
	if recs := readAll(l); len(recs) != 1 || string(recs[0].Data) != "b" || recs[0].SequenceNumber.Position() != 1 {
		t.Fatalf("readable after refill: %+v", recs)
	}
}

func TestTrimToClampsAndCounts(t *testing.T) {
	l := New(Config{})
	for i := range 50 {
		mustAppend(t, l, t0.Add(ms(i)), "12345", "k")
	}
	for _, c := range []struct {
		pos        uint64
		n          int
		trim, size int64
	}{
		{0, 0, 0, 300},
		{10, 10, 10, 240},
		{5, 0, 10, 240}, // below the trim horizon: nothing
		{10, 0, 10, 240},
		{33, 23, 33, 102},
		{1000, 17, 50, 0}, // past Next: trims to Next
	} {
		if n := l.TrimTo(c.pos); n != c.n || int64(l.TrimHorizon()) != c.trim || l.Bytes() != c.size {
			t.Errorf("TrimTo(%d) = %d, trim %d, bytes %d; want %d, %d, %d", c.pos, n, l.TrimHorizon(), l.Bytes(), c.n, c.trim, c.size)
		}
	}
}

func TestBytesCountsDataAndKeyOfReadableRecords(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "12345", "日本")       // 5 + 6
	mustAppend(t, l, t0, "", "k")             // 0 + 1
	mustAppend(t, l, t0.Add(ms(1)), "1", "😀") // 1 + 4
	if l.Bytes() != 17 || l.Len() != 3 {
		t.Fatalf("Bytes %d Len %d, want 17, 3", l.Bytes(), l.Len())
	}
	l.Expire(t0)
	if l.Bytes() != 5 || l.Len() != 1 {
		t.Fatalf("after Expire(t0): Bytes %d Len %d, want 5, 1", l.Bytes(), l.Len())
	}
}

func TestClosedLogRejectsAppend(t *testing.T) {
	l := New(Config{Index: 2})
	mustAppend(t, l, t0, "a", "k")
	closeAt := t0.Add(time.Minute)
	l.Close(closeAt)
	l.Close(closeAt.Add(time.Hour)) // closing again changes nothing
	if closed, at := l.Closed(); !closed || !at.Equal(closeAt) {
		t.Fatalf("Closed() = %v, %v; want true, %v", closed, at, closeAt)
	}
	if _, _, err := l.Append(closeAt, []byte("b"), "k"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Append after Close: %v, want ErrClosed", err)
	}
	if l.Next() != 1 || l.Len() != 1 || datas(readAll(l)) != "a" {
		t.Fatalf("a rejected append changed the log: Next %d Len %d", l.Next(), l.Len())
	}
	// A closed shard can still be read and expired.
	if n := l.Expire(t0); n != 1 || l.Len() != 0 {
		t.Fatalf("Expire on a closed log = %d", n)
	}
}

func TestEndingSequenceNumberAfterClose(t *testing.T) {
	l := New(Config{Index: 5, Epoch: 2})
	mustAppend(t, l, t0, "a", "k")
	mustAppend(t, l, t0, "b", "k")
	if n := l.EndingSequenceNumber(); !n.IsZero() {
		t.Fatalf("EndingSequenceNumber() = %v while open", n)
	}
	l.Close(t0)
	want := record.NewSequenceNumber(2, 5, 1)
	if n := l.EndingSequenceNumber(); n != want {
		t.Fatalf("EndingSequenceNumber() = %v, want %v (the last record)", n, want)
	}
	if last := readAll(l)[1].SequenceNumber; last != want {
		t.Fatalf("last record's number %v != EndingSequenceNumber %v", last, want)
	}
	// Expiry does not change it.
	l.Expire(t0)
	if n := l.EndingSequenceNumber(); n != want {
		t.Fatalf("EndingSequenceNumber() after expiry = %v", n)
	}

	empty := New(Config{Index: 6, Epoch: 2})
	empty.Close(t0)
	if n := empty.EndingSequenceNumber(); n != empty.StartingSequenceNumber() || n != record.NewSequenceNumber(2, 6, 0) {
		t.Fatalf("EndingSequenceNumber() of an empty closed shard = %v, want its starting number", n)
	}
}

func TestAppendRejectsKeysOver1024Bytes(t *testing.T) {
	l := New(Config{})
	if _, _, err := l.Append(t0, nil, strings.Repeat("😀", 256)); err != nil { // 1,024 bytes
		t.Fatalf("a 1,024-byte key: %v", err)
	}
	if _, _, err := l.Append(t0, nil, strings.Repeat("k", 1025)); !errors.Is(err, ErrRecordTooLarge) {
		t.Fatalf("a 1,025-byte key: %v, want ErrRecordTooLarge", err)
	}
	if l.Next() != 1 {
		t.Fatalf("a rejected append took a position: Next %d", l.Next())
	}
	if got := readAll(l)[0].PartitionKey; got != strings.Repeat("😀", 256) {
		t.Fatalf("the 1,024-byte key reads back as %d bytes", len(got))
	}
}

func TestLargeRecordsRoundTrip(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "small", "k")
	var want [][]byte
	for _, size := range []int{1 << 20, 10 << 20, 1<<20 + 1} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + i>>12)
		}
		want = append(want, data)
		if _, _, err := l.Append(t0, data, "big"); err != nil {
			t.Fatalf("Append of %d bytes: %v", size, err)
		}
	}
	mustAppend(t, l, t0, "tail", "k")
	recs := readAll(l)
	if len(recs) != 5 || string(recs[0].Data) != "small" || string(recs[4].Data) != "tail" {
		t.Fatalf("read %d records", len(recs))
	}
	for i, w := range want {
		if !bytes.Equal(recs[i+1].Data, w) || recs[i+1].PartitionKey != "big" {
			t.Fatalf("the %d-byte record does not round-trip (got %d bytes)", len(w), len(recs[i+1].Data))
		}
	}
	// A byte limit below the large record still returns it when it comes first.
	if recs, next := l.Read(2, 10, 1<<20, nil); len(recs) != 1 || next != 3 || len(recs[0].Data) != 10<<20 {
		t.Fatalf("Read(2, 1 MiB limit) = %d records, next %d", len(recs), next)
	}
	if l.Expire(t0) != 5 || l.ArenaBytes() != 0 {
		t.Fatalf("after expiring the large records: Len %d, ArenaBytes %d", l.Len(), l.ArenaBytes())
	}
}

func TestEmptyDataAndEmptyKeyAreStored(t *testing.T) {
	l := New(Config{})
	mustAppend(t, l, t0, "", "")
	mustAppend(t, l, t0, "", "k")
	mustAppend(t, l, t0, "x", "")
	recs := readAll(l)
	if len(recs) != 3 || recs[0].PartitionKey != "" || len(recs[0].Data) != 0 || recs[1].PartitionKey != "k" ||
		string(recs[2].Data) != "x" || recs[2].PartitionKey != "" {
		t.Fatalf("read %+v", recs)
	}
}

func TestSegmentSpansLessThan2To31Milliseconds(t *testing.T) {
	l := New(Config{})
	// Records 30 days apart cannot share a segment (the sparse marks hold 32-bit offsets in ms).
	for i := range 40 {
		mustAppend(t, l, t0.Add(time.Duration(i)*30*24*time.Hour+ms(i)), fmt.Sprint(i), "k")
	}
	if len(l.segs) != 40 {
		t.Fatalf("%d segments for 40 records 30 days apart", len(l.segs))
	}
	checkLayout(t, l)
	for i, r := range readAll(l) {
		if want := t0.Add(time.Duration(i)*30*24*time.Hour + ms(i)); !r.ApproximateArrivalTimestamp.Equal(want) || string(r.Data) != fmt.Sprint(i) {
			t.Fatalf("record %d: %q arrived %v, want %v", i, r.Data, r.ApproximateArrivalTimestamp, want)
		}
	}
	if got := l.PositionAtTime(t0.Add(20 * 30 * 24 * time.Hour)); got != 20 {
		t.Fatalf("PositionAtTime = %d, want 20", got)
	}
}

func TestKeyDictionaryRotatesAfter65536Keys(t *testing.T) {
	l := New(Config{})
	n := maxDictKeys + 10
	for i := range n {
		mustAppend(t, l, t0, "", fmt.Sprintf("dictionary-key-%06d", i)) // longer than maxInlineKey
	}
	first, last := l.segs[0].dict, l.segs[len(l.segs)-1].dict
	if first == last {
		t.Fatalf("%d distinct keys share one dictionary generation", n)
	}
	if first.table != nil || last.table == nil {
		t.Fatal("the full generation is not sealed, or the current one is")
	}
	if len(first.keys) != maxDictKeys {
		t.Fatalf("the first generation holds %d keys, want %d", len(first.keys), maxDictKeys)
	}
	// A key of the old generation used again is interned in the new one, and both read back.
	mustAppend(t, l, t0, "again", "dictionary-key-000000")
	recs := readAll(l)
	for i := range n {
		if recs[i].PartitionKey != fmt.Sprintf("dictionary-key-%06d", i) {
			t.Fatalf("record %d has key %q", i, recs[i].PartitionKey)
		}
	}
	if r := recs[n]; r.PartitionKey != "dictionary-key-000000" || string(r.Data) != "again" {
		t.Fatalf("last record %+v", r)
	}
	checkLayout(t, l)
}

func TestKeyDictionaryGenerationSpansAtMost64Segments(t *testing.T) {
	l := New(Config{})
	big := strings.Repeat("b", maxSegmentSize) // each record fills a segment of its own
	for i := range 2*maxDictSegments + 5 {
		mustAppend(t, l, t0.Add(ms(i)), big, "k")
	}
	checkLayout(t, l)
	gens := map[*keyDict]int{}
	for _, s := range l.segs {
		gens[s.dict]++
	}
	if len(gens) < 3 {
		t.Fatalf("%d segments use %d generations", len(l.segs), len(gens))
	}
	// Expiring the first generation's segments lets it go: no segment refers to it any more.
	firstGen := l.segs[0].dict
	l.Expire(t0.Add(ms(2 * maxDictSegments)))
	checkLayout(t, l)
	if len(l.segs) != 4 {
		t.Fatalf("%d segments left, want 4", len(l.segs))
	}
	for _, s := range l.segs {
		if s.dict == firstGen {
			t.Fatal("a segment still refers to the first generation")
		}
	}
	if firstGen.segs != 0 {
		t.Fatalf("the released generation still counts %d segments", firstGen.segs)
	}
	if recs := readAll(l); len(recs) != 4 || recs[0].PartitionKey != "k" {
		t.Fatalf("%d records left, want 4", len(recs))
	}
}

// A generation whose keys do not recur stops indexing them (each is stored anew), and a generation whose keys
// recur keeps one copy of each; both read back every record's key.
func TestKeyDictionaryStepsAsideWhenKeysDoNotRecur(t *testing.T) {
	for _, tc := range []struct {
		name      string
		key       func(i int) string
		unindexed bool
	}{
		// Keys longer than maxInlineKey: shorter ones are stored with their records, without the dictionary.
		{"a new key per record", func(i int) string { return "uuid-0000-0000-0000-" + strconv.Itoa(i) }, true},
		{"100 recurring keys", func(i int) string { return "recurring-user-key-" + strconv.Itoa(i%100) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := New(Config{})
			now := time.Unix(1000, 0)
			const n = 3 * dictTrial
			for i := range n {
				if _, _, err := l.Append(now, []byte("x"), tc.key(i)); err != nil {
					t.Fatal(err)
				}
			}
			if got := l.dict.unindexed; got != tc.unindexed {
				t.Fatalf("unindexed = %v, want %v", got, tc.unindexed)
			}
			recs, _ := l.Read(0, n, 1<<30, nil)
			for i, r := range recs {
				if r.PartitionKey != tc.key(i) {
					t.Fatalf("record %d: key %q, want %q", i, r.PartitionKey, tc.key(i))
				}
			}
		})
	}
}

// Keys of up to 16 bytes are stored in their records, longer ones in the dictionary (once for a recurring key);
// both read back as they were put, with the empty key and the 16/17-byte boundary, in a log that keeps data and
// in one that discards it.
func TestShortKeysAreStoredWithTheirRecords(t *testing.T) {
	keys := []string{"", "a", "user-1", "日本語", strings.Repeat("k", maxInlineKey), strings.Repeat("k", maxInlineKey+1), "user-1", strings.Repeat("k", maxInlineKey+1)}
	for _, discard := range []bool{false, true} {
		l := New(Config{DiscardData: discard})
		for i, k := range keys {
			mustAppend(t, l, t0, strings.Repeat("d", i*40), k)
		}
		if got := len(l.dict.keys); got != 1 {
			t.Errorf("discard %v: the dictionary holds %d keys, want 1 (the 17-byte key, once)", discard, got)
		}
		recs := readAll(l)
		for i, r := range recs {
			if r.PartitionKey != keys[i] || len(r.Data) != i*40 {
				t.Fatalf("discard %v: record %d: key %q, %d bytes; want %q, %d", discard, i, r.PartitionKey, len(r.Data), keys[i], i*40)
			}
		}
		var want int64
		for i, k := range keys {
			want += int64(i*40 + len(k))
		}
		if l.Bytes() != want {
			t.Errorf("discard %v: Bytes = %d, want %d", discard, l.Bytes(), want)
		}
		l.TrimTo(3)
		if want -= int64(0 + 40 + len("a") + 80 + len("user-1")); l.Bytes() != want {
			t.Errorf("discard %v: after TrimTo(3), Bytes = %d, want %d", discard, l.Bytes(), want)
		}
		checkLayout(t, l)
	}
}

// UnixMilli is time.Time.UnixMilli inside the int64 millisecond range and saturates outside it, where
// UnixMilli wraps (time.UnixMilli(math.MinInt64).Add(-time.Hour).UnixMilli() is a positive number); AT_TIMESTAMP
// positions and the stream's check of a timestamp against now both use it, so they agree on every instant.
func TestUnixMilliSaturatesOutsideTheInt64MillisecondRange(t *testing.T) {
	lo, hi := time.UnixMilli(math.MinInt64), time.UnixMilli(math.MaxInt64)
	for _, c := range []struct {
		t    time.Time
		want int64
	}{
		{t0, t0.UnixMilli()},
		{time.Unix(0, 0), 0},
		{time.Unix(0, -1), -1},
		{lo, math.MinInt64},
		{lo.Add(-time.Nanosecond), math.MinInt64},
		{lo.Add(-time.Hour), math.MinInt64},
		{time.Unix(math.MinInt64, 0), math.MinInt64},
		{hi, math.MaxInt64},
		{hi.Add(time.Nanosecond), math.MaxInt64},
		{time.Unix(1<<62, 0), math.MaxInt64},
	} {
		if got := UnixMilli(c.t); got != c.want {
			t.Errorf("UnixMilli(%v) = %d, want %d", c.t, got, c.want)
		}
	}
	// Positions agree: an instant before every representable millisecond starts at the trim horizon, one after
	// the last record at the end.
	l := New(Config{})
	mustAppend(t, l, t0, "a", "k")
	mustAppend(t, l, t0.Add(ms(5)), "b", "k")
	if p := l.PositionAtTime(lo.Add(-time.Hour)); p != l.TrimHorizon() {
		t.Errorf("PositionAtTime(before int64 ms) = %d, want the trim horizon %d", p, l.TrimHorizon())
	}
	if p := l.PositionAtTime(time.Unix(1<<62, 0)); p != l.Next() {
		t.Errorf("PositionAtTime(after int64 ms) = %d, want Next %d", p, l.Next())
	}
}
