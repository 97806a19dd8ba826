package workload

import (
	"crypto/md5"
	"testing"
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

// MeasureLimit measures the scenario's [Limit] with testing.Benchmark (about a second per part).
func MeasureLimit(sc Scenario) Limit {
	sc = sc.withDefaults()
	t := newTables(sc, min(sc.keyCount(sc.Records), 100000))
	data := t.newBatch()[0].Data
	keys := t.keys
	var sink byte
	md5ns := nsPerOp(func(b *testing.B) {
		i := 0
		for b.Loop() {
			h := md5.Sum([]byte(keys[i%len(keys)]))
			sink ^= h[0]
			i++
		}
	})
	copyns := nsPerOp(func(b *testing.B) {
		var arena []byte
		for b.Loop() {
			if len(arena)+len(data) > cap(arena) {
				arena = make([]byte, 0, max(256<<10, len(data)))
			}
			arena = append(arena, data...)
		}
		sink ^= byte(len(arena))
	})
	appendns := nsPerOp(func(b *testing.B) {
		l := shard.New(shard.Config{})
		now := time.Unix(0, 0)
		i := 0
		for b.Loop() {
			if l.Len() >= 1<<16 { // keep memory bounded, as retention would
				l.TrimTo(l.Next())
			}
			if _, _, err := l.Append(now, data, keys[i%len(keys)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	_ = sink
	return Limit{MD5Ns: md5ns, CopyNs: copyns, AppendNs: appendns}
}

func nsPerOp(f func(b *testing.B)) float64 {
	r := testing.Benchmark(f)
	if r.N == 0 {
		return 0
	}
	return float64(r.T.Nanoseconds()) / float64(r.N)
}
