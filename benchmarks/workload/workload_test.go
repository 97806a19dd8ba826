package workload

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Both systems read every record exactly once, on the shard its key routes to, in per-key order.
func TestEveryRecordReadOnceInKeyOrder(t *testing.T) {
	const n = 20000
	for _, tc := range []struct {
		name string
		run  func(int) (Result, error)
	}{
		{Kinesim, RunKinesim},
		{Baseline, RunBaseline},
		{Kfake, func(n int) (Result, error) { return Run(Kfake, n) }},
		{NATS, func(n int) (Result, error) { return Run(NATS, n) }},
		{Kinesalite, func(n int) (Result, error) { return Run(Kinesalite, n) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == Kinesalite {
				skipWithoutKinesalite(t)
			}
			res, err := tc.run(n)
			if err != nil {
				t.Fatal(err)
			}
			if res.System != tc.name {
				t.Errorf("System = %q, want %q", res.System, tc.name)
			}
			if err := res.Check(); err != nil {
				t.Fatal(err)
			}
			if res.Read != n || res.OrderViolations != 0 {
				t.Fatalf("read %d records with %d order violations, want %d and 0", res.Read, res.OrderViolations, n)
			}
			if res.Elapsed <= 0 || res.Producer <= 0 || res.Producer > res.Elapsed {
				t.Errorf("Elapsed %v, Producer %v: want 0 < Producer <= Elapsed", res.Elapsed, res.Producer)
			}
			if res.HeapBytes < 0 && tc.name != Kinesalite {
				t.Errorf("HeapBytes = %d, want it measured", res.HeapBytes)
			}
			if tc.name == Kinesalite && res.OtherPeakRSS <= 0 {
				t.Errorf("OtherPeakRSS = %d, want the Node.js process's peak RSS", res.OtherPeakRSS)
			}
		})
	}
}

// skipWithoutKinesalite skips t unless kinesalite is installed (benchmarks/peers/setup.sh, which needs npm) and
// node is on the PATH.
func skipWithoutKinesalite(t *testing.T) {
	t.Helper()
	if _, ok, why := KinesalitePeers(); !ok {
		t.Skip("kinesalite: " + why)
	}
}

// The kfake partitioner routes every key to the shard its MD5 hash key falls in, as the others do.
func TestKfakePartitionerRoutesByMD5(t *testing.T) {
	tp := md5Partitioner().ForTopic(kfakeTopic)
	tb := sharedTables()
	for k := range Keys {
		r := &kgo.Record{Key: []byte(tb.keys[k])}
		if got := tp.Partition(r, Shards); got != int(tb.keyShard[k]) {
			t.Fatalf("key %q: partition %d, want shard %d", tb.keys[k], got, tb.keyShard[k])
		}
	}
}

func TestPeakRSS(t *testing.T) {
	if rss := PeakRSS(); rss < 1<<20 {
		t.Fatalf("PeakRSS() = %d, want at least 1 MiB", rss)
	}
}

// The records are spread over all shards, as MD5 of 10,000 keys spreads them.
func TestKeysSpreadOverAllShards(t *testing.T) {
	per := sharedTables().expected(Keys)
	for s, c := range per {
		if c < Keys/Shards/2 {
			t.Errorf("shard %d holds %d of %d keys", s, c, Keys)
		}
	}
}

// The order check catches a duplicate, a record on the wrong shard, an out-of-range index and a short payload.
func TestReaderFlagsViolations(t *testing.T) {
	tb := sharedTables()
	batch := newBatch()
	tb.fill(batch, 0)
	s := int(tb.keyShard[0]) // record 0 has key 0
	other := (s + 1) % Shards
	otherIdx := -1
	for i := range BatchSize {
		if int(tb.keyShard[i]) == other {
			otherIdx = i
			break
		}
	}
	if otherIdx < 0 {
		t.Fatalf("no record of shard %d in the first batch", other)
	}
	r := newReader(s, Keys, 100)
	r.see(tb, batch[0].Data)
	if r.violations != 0 {
		t.Fatalf("first read: %d violations", r.violations)
	}
	r.see(tb, batch[0].Data) // duplicate
	r.see(tb, batch[otherIdx].Data)
	r.see(tb, batch[0].Data[:10])
	bad := append([]byte(nil), batch[0].Data...)
	bad[0] = 0xff // index far above n
	r.see(tb, bad)
	if r.violations != 4 {
		t.Fatalf("violations = %d, want 4", r.violations)
	}
}

func TestColdStart(t *testing.T) {
	for _, tc := range []struct {
		name string
		cold func(int) (d time.Duration, err error)
	}{
		{Kinesim, ColdStartKinesim},
		{Baseline, ColdStartBaseline},
		{Kfake, func(first int) (time.Duration, error) { return ColdStart(Kfake, first) }},
		{NATS, func(first int) (time.Duration, error) { return ColdStart(NATS, first) }},
		{Kinesalite, func(first int) (time.Duration, error) { return ColdStart(Kinesalite, first) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == Kinesalite {
				skipWithoutKinesalite(t)
			}
			for _, first := range []int{1, BatchSize, 1} {
				d, err := tc.cold(first)
				if err != nil {
					t.Fatal(err)
				}
				if d <= 0 {
					t.Fatalf("cold start %v", d)
				}
			}
		})
	}
}

const benchRecords = 100000

func benchmarkEndToEnd(b *testing.B, open opener) {
	b.ReportAllocs()
	b.SetBytes(RecordSize * benchRecords)
	var rps, prod float64
	for b.Loop() {
		res, err := run(benchRecords, false, open)
		if err != nil {
			b.Fatal(err)
		}
		if err := res.Check(); err != nil {
			b.Fatal(err)
		}
		rps += res.RecordsPerSecond()
		prod += res.ProducerRecordsPerSecond()
	}
	b.ReportMetric(rps/float64(b.N), "records/s")
	b.ReportMetric(prod/float64(b.N), "put-records/s")
}

// BenchmarkEndToEndKinesim runs the workload with 100,000 records per op against kinesim.
func BenchmarkEndToEndKinesim(b *testing.B) { benchmarkEndToEnd(b, openKinesim) }

// BenchmarkEndToEndBaseline runs the workload with 100,000 records per op against the plain-Go baseline.
func BenchmarkEndToEndBaseline(b *testing.B) { benchmarkEndToEnd(b, openBaseline) }

func benchmarkColdStart(b *testing.B, cold func(int) (time.Duration, error)) {
	b.ReportAllocs()
	var total time.Duration
	for b.Loop() {
		d, err := cold(1)
		if err != nil {
			b.Fatal(err)
		}
		total += d
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs/coldstart")
}

// BenchmarkColdStartKinesim measures ColdStartKinesim: New, CreateStream, readers, a first record put, first record read.
func BenchmarkColdStartKinesim(b *testing.B) { benchmarkColdStart(b, ColdStartKinesim) }

// BenchmarkColdStartBaseline measures ColdStartBaseline.
func BenchmarkColdStartBaseline(b *testing.B) { benchmarkColdStart(b, ColdStartBaseline) }
