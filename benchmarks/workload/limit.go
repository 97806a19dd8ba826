package workload

import (
	"crypto/md5"
	"math"
	"runtime"
	"time"

	"github.com/kinesim/kinesim/shard"
)

// Limit is the physical limit of one producer core for a scenario: the work every record needs however it is
// stored — MD5 of its partition key (the routing Kinesis prescribes), and an append of its payload to a shard's
// log in kinesim's format (the copy into fresh arena memory plus a few header bytes) — measured with Go
// benchmarks on this machine.
type Limit struct {
	MD5Ns    float64 // MD5 of one of the scenario's keys
	CopyNs   float64 // copying a payload into fresh memory (arena segments of 256 KiB), alone
	AppendNs float64 // shard.Log.Append of a payload: the copy and the record's header
}

// PerRecordNs is the time one record needs at least: MD5 + append (which includes the copy).
func (l Limit) PerRecordNs() float64 { return l.MD5Ns + l.AppendNs }

// RecordsPerSecond is the most records per second one core can route and store.
func (l Limit) RecordsPerSecond() float64 { return 1e9 / l.PerRecordNs() }

// MeasureLimit measures the scenario's [Limit]: each part is timed over limitOps records, five times, and the
// fastest time is kept (the limit is what the machine can do, not what a disturbed moment gave).
func MeasureLimit(sc Scenario) Limit {
	sc = sc.withDefaults()
	t := newTables(sc, min(sc.keyCount(sc.Records), 100000))
	data := t.newBatch()[0].Data
	keys := make([]string, t.keyCount())
	for k := range keys {
		keys[k] = t.key(k)
	}
	ops := limitOps
	if sc.RecordSize > 1000 {
		ops /= 20 // large payloads: fewer records, the same time
	}
	var sink byte
	md5ns := fastest(ops, func(n int) {
		for i := range n {
			h := md5.Sum([]byte(keys[i%len(keys)]))
			sink ^= h[0]
		}
	})
	copyns := fastest(ops, func(n int) {
		var arena []byte
		for range n {
			if len(arena)+len(data) > cap(arena) {
				arena = make([]byte, 0, max(256<<10, len(data)))
			}
			arena = append(arena, data...)
		}
		sink ^= byte(len(arena))
	})
	appendns := fastest(ops, func(n int) {
		l := shard.New(shard.Config{})
		now := time.Unix(0, 0)
		for i := range n {
			if _, _, err := l.Append(now, data, keys[i%len(keys)]); err != nil {
				panic(err)
			}
		}
	})
	_ = sink
	return Limit{MD5Ns: md5ns, CopyNs: copyns, AppendNs: appendns}
}

// limitOps is how many records each timing of a part of the limit covers.
const limitOps = 200000

// fastest returns the fewest ns per op that f(n) took over five runs.
func fastest(n int, f func(n int)) float64 {
	best := time.Duration(math.MaxInt64)
	for range 5 {
		start := time.Now()
		f(n)
		best = min(best, time.Since(start))
		runtime.GC()
	}
	return float64(best.Nanoseconds()) / float64(n)
}
