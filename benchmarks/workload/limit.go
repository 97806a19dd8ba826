package workload

import (
	"crypto/md5"
	"math"
	"runtime"
	"time"

	"github.com/kinesim/kinesim/shard"
)

// Limit is the physical limit of a scenario on this machine: the work every record needs however it is stored,
// measured with Go benchmarks — MD5 of its partition key (the routing Kinesis prescribes), an append of its
// payload to a shard's log in kinesim's format (the copy into fresh arena memory plus a few header bytes), and
// the reader's check of it (the harness's, which decodes the JSON payload in JSON scenarios) — spread over the
// machine's cores, with the producers' part on as many cores as there are producers.
type Limit struct {
	MD5Ns    float64 // MD5 of one of the scenario's keys
	CopyNs   float64 // copying a payload into fresh memory (arena segments of 256 KiB), alone
	AppendNs float64 // shard.Log.Append of a payload: the copy and the record's header
	ReadNs   float64 // a reader's check of one record, as the harness's readers do it (JSON decoding included)

	Producers int // the scenario's producer goroutines
	Cores     int // GOMAXPROCS when measured
}

// PerRecordNs is the time one record needs at least on one core: MD5 + append (which includes the copy) + the
// reader's check.
func (l Limit) PerRecordNs() float64 { return l.MD5Ns + l.AppendNs + l.ReadNs }

// RecordsPerSecond is the most records per second the machine can route, store and check: every core busy with
// that work only, and the producers' part (MD5 and append) on at most one core per producer.
func (l Limit) RecordsPerSecond() float64 {
	cores := float64(max(1, l.Cores))
	producers := min(cores, float64(max(1, l.Producers)))
	return min(cores*1e9/l.PerRecordNs(), producers*1e9/(l.MD5Ns+l.AppendNs))
}

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
	// The readers' check: records 0, 1, 2, … (as many as fit in a few MiB, then again from the first), each
	// checked by the reader of its shard.
	payloads := t.newBatch()
	for len(payloads)*sc.RecordSize < 4<<20 && len(payloads) < ops {
		payloads = append(payloads, t.newBatch()...)
	}
	for first := 0; first < len(payloads); first += BatchSize {
		t.fill(payloads[first:first+BatchSize], first, 1)
	}
	readers := make([]*reader, sc.Shards)
	for s := range readers {
		readers[s] = t.newReader(s, math.MaxInt64)
	}
	readns := fastest(ops, func(n int) {
		for i := range n {
			p := &payloads[i%len(payloads)]
			k := i % len(payloads) % t.keyCount()
			readers[t.keyShard[k]].see(t, p.Data)
		}
	})
	_ = sink
	return Limit{MD5Ns: md5ns, CopyNs: copyns, AppendNs: appendns, ReadNs: readns, Producers: sc.Producers, Cores: runtime.GOMAXPROCS(0)}
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
