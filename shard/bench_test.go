package shard_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/shard"
)

var benchT0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// distinctKeys returns n partition keys "key-00000", "key-00001", ….
func distinctKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("key-%05d", i)
	}
	return keys
}

// filledLog returns a log of n records of size data bytes over keys, one millisecond apart.
func filledLog(tb testing.TB, n, size int, keys []string) *shard.Log {
	tb.Helper()
	l := shard.New(shard.Config{Index: 1})
	data := make([]byte, size)
	for i := range n {
		if _, _, err := l.Append(benchT0.Add(time.Duration(i)*time.Millisecond), data, keys[i%len(keys)]); err != nil {
			tb.Fatal(err)
		}
	}
	return l
}

func TestAppendAllocatesNothingPerRecord(t *testing.T) {
	const perRun = 10_000
	keys := distinctKeys(10_000)
	data := make([]byte, 100)
	// A fresh log each run: the count includes every arena segment and every step of dictionary growth.
	avg := testing.AllocsPerRun(5, func() {
		l := shard.New(shard.Config{})
		for i := range perRun {
			if _, _, err := l.Append(benchT0, data, keys[i]); err != nil {
				t.Fatal(err)
			}
		}
	})
	if perRecord := avg / perRun; perRecord >= 0.01 {
		t.Fatalf("Append allocates %.4f times per record (%.0f per %d appends), want < 0.01", perRecord, avg, perRun)
	}
	t.Logf("fresh log: %.1f allocations per %d appends", avg, perRun)
	// Once the keys are known, appending allocates only segments: a few allocations per 256 KiB arena.
	l := shard.New(shard.Config{})
	i := 0
	avg = testing.AllocsPerRun(5, func() {
		for range perRun {
			if _, _, err := l.Append(benchT0, data, keys[i%len(keys)]); err != nil {
				t.Fatal(err)
			}
			i++
		}
	})
	segments := perRun*(len(data)+8)/(256<<10) + 1
	if avg > float64(4*segments) {
		t.Fatalf("Append with known keys allocates %.0f times per %d appends, want at most 4 per segment (%d segments)", avg, perRun, segments)
	}
}

func TestReadAllocatesNothingWithCapacity(t *testing.T) {
	l := filledLog(t, 20_000, 100, distinctKeys(10_000))
	dst := make([]record.Record, 0, 1000)
	pos := uint64(0)
	avg := testing.AllocsPerRun(100, func() {
		var next uint64
		dst, next = l.Read(pos, 1000, 1<<30, dst[:0])
		if len(dst) == 0 {
			t.Fatal("read nothing")
		}
		pos = next % l.Next()
	})
	if avg != 0 {
		t.Fatalf("Read into a slice with room allocates %.2f times per call, want 0", avg)
	}
	// Lookups by time and position allocate nothing either.
	avg = testing.AllocsPerRun(100, func() {
		_ = l.PositionAtTime(benchT0.Add(7777 * time.Millisecond))
		_, _ = l.ArrivalAt(12345)
	})
	if avg != 0 {
		t.Fatalf("PositionAtTime and ArrivalAt allocate %.2f times per call, want 0", avg)
	}
}

// BenchmarkAppend appends 100-byte records over 10,000 distinct partition keys. Every 65,536 records it trims
// all but the newest 10,000, as retention would, so memory stays bounded however long the benchmark runs.
func BenchmarkAppend(b *testing.B) {
	keys := distinctKeys(10_000)
	data := make([]byte, 100)
	l := shard.New(shard.Config{})
	now := benchT0
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		if _, _, err := l.Append(now, data, keys[i%len(keys)]); err != nil {
			b.Fatal(err)
		}
		i++
		if i%(1<<16) == 0 {
			l.TrimTo(l.Next() - 10_000)
			now = now.Add(time.Millisecond)
		}
	}
}

// BenchmarkAppendSizes appends records of several sizes over 1,000 keys.
func BenchmarkAppendSizes(b *testing.B) {
	keys := distinctKeys(1000)
	for _, size := range []int{0, 10, 100, 1000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			data := make([]byte, size)
			l := shard.New(shard.Config{})
			b.ReportAllocs()
			b.SetBytes(int64(size))
			i := 0
			for b.Loop() {
				if _, _, err := l.Append(benchT0, data, keys[i%len(keys)]); err != nil {
					b.Fatal(err)
				}
				i++
				if l.Bytes() > 64<<20 {
					l.TrimTo(l.Next())
				}
			}
		})
	}
}

// BenchmarkRead reads batches of 1,000 records of 100 bytes (as GetRecords with a limit of 1,000 would),
// cycling over a log of 100,000 records.
func BenchmarkRead(b *testing.B) {
	keys := distinctKeys(10_000)
	l := filledLog(b, 100_000, 100, keys)
	dst := make([]record.Record, 0, 1000)
	b.ReportAllocs()
	b.SetBytes(1000 * int64(100+len(keys[0])))
	pos := uint64(0)
	for b.Loop() {
		var next uint64
		dst, next = l.Read(pos, 1000, 10<<20, dst[:0])
		if len(dst) != 1000 {
			b.Fatalf("read %d records", len(dst))
		}
		pos = next % (l.Next() - 1000)
	}
}

// BenchmarkPositionAtTime looks up the position of an instant, as an AT_TIMESTAMP iterator does.
func BenchmarkPositionAtTime(b *testing.B) {
	l := filledLog(b, 100_000, 100, distinctKeys(1000))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		at := benchT0.Add(time.Duration(i*7919%100_000) * time.Millisecond)
		if p := l.PositionAtTime(at); p >= l.Next() {
			b.Fatalf("PositionAtTime(%v) = %d", at, p)
		}
		i++
	}
}

// BenchmarkReadOn reads a log of 100,000 records of 100 bytes from the start to its end in steps of 8 records, as
// a blocking reader woken for each small batch does: with Read, which finds each step's position anew, and with
// ReadCursor, which continues where the previous step stopped.
func BenchmarkReadOn(b *testing.B) {
	const filled, step = 100_000, 8
	l := filledLog(b, filled, 100, distinctKeys(10_000))
	dst := make([]record.Record, 0, step)
	for _, withCursor := range []bool{false, true} {
		name := "Read"
		if withCursor {
			name = "ReadCursor"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var cur shard.Cursor
				for pos := uint64(0); pos < filled; {
					if withCursor {
						dst, pos = l.ReadCursor(&cur, pos, step, 10<<20, dst[:0])
					} else {
						dst, pos = l.Read(pos, step, 10<<20, dst[:0])
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*filled), "ns/record")
		})
	}
}
