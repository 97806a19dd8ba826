package workload

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Every system reads every record exactly once, on the shard its key routes to, in per-key order.
func TestEveryRecordReadOnceInKeyOrder(t *testing.T) {
	const n = 20000
	for _, system := range Systems {
		t.Run(system, func(t *testing.T) {
			if system == Kinesalite {
				skipWithoutKinesalite(t)
			}
			checkRun(t, system, Main, n)
		})
	}
}

// In every scenario, kinesim, the baseline and kfake read every record exactly once, in per-key order.
func TestEveryScenarioReadsEveryRecordOnce(t *testing.T) {
	for _, sc := range Scenarios[1:] {
		sc = sc.withDefaults()
		n := max(BatchSize+1, sc.Records/200) // more than one batch, a few thousand records
		for _, system := range []string{Kinesim, Baseline, Kfake} {
			t.Run(sc.Name+"/"+system, func(t *testing.T) { checkRun(t, system, sc, n) })
		}
	}
}

func checkRun(t *testing.T, system string, sc Scenario, n int) {
	t.Helper()
	res, err := Run(system, sc, n)
	if err != nil {
		t.Fatal(err)
	}
	if res.System != system {
		t.Errorf("System = %q, want %q", res.System, system)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	if res.Read != int64(n) || res.OrderViolations != 0 {
		t.Fatalf("read %d records with %d order violations, want %d and 0", res.Read, res.OrderViolations, n)
	}
	if res.Elapsed <= 0 || res.Producer <= 0 || res.Producer > res.Elapsed {
		t.Errorf("Elapsed %v, Producer %v: want 0 < Producer <= Elapsed", res.Elapsed, res.Producer)
	}
	if res.HeapBytes < 0 && system != Kinesalite {
		t.Errorf("HeapBytes = %d, want it measured", res.HeapBytes)
	}
	if system == Kinesalite && res.OtherPeakRSS <= 0 {
		t.Errorf("OtherPeakRSS = %d, want the Node.js process's peak RSS", res.OtherPeakRSS)
	}
}

// skipWithoutKinesalite skips t unless kinesalite is installed (benchmarks/peers/setup.sh, which needs npm) and
// node is on the PATH.
func skipWithoutKinesalite(t testing.TB) {
	t.Helper()
	if _, ok, why := KinesalitePeers(); !ok {
		t.Skip("kinesalite: " + why)
	}
}

// The kfake partitioner routes every key to the shard its MD5 hash key falls in, as the others do.
func TestKfakePartitionerRoutesByMD5(t *testing.T) {
	tp := md5Partitioner().ForTopic(kfakeTopic)
	tb := mainTables()
	for k := range Keys {
		r := &kgo.Record{Key: []byte(tb.key(k))}
		if got := tp.Partition(r, Shards); got != int(tb.keyShard[k]) {
			t.Fatalf("key %q: partition %d, want shard %d", tb.key(k), got, tb.keyShard[k])
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
	per := mainTables().expected()
	for s, c := range per {
		if c < Keys/Shards/2 {
			t.Errorf("shard %d holds %d of %d keys", s, c, Keys)
		}
	}
}

// The order check catches a duplicate, a record on the wrong shard, an out-of-range index and a short payload, in
// binary and JSON payloads.
func TestReaderFlagsViolations(t *testing.T) {
	for _, sc := range []Scenario{Main, {Name: "JSON", JSON: true}} {
		t.Run(sc.Name, func(t *testing.T) {
			tb := newTables(sc.withDefaults(), Keys)
			batch := tb.newBatch()
			tb.fill(batch, 0, 1)
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
			r := tb.newReader(s, 100)
			r.see(tb, batch[0].Data)
			if r.violations != 0 {
				t.Fatalf("first read: %d violations", r.violations)
			}
			r.see(tb, batch[0].Data) // duplicate
			r.see(tb, batch[otherIdx].Data)
			r.see(tb, batch[0].Data[:10])
			bad := append([]byte(nil), batch[0].Data...)
			bad[0] = 0xff // index far above n (binary) or not JSON
			r.see(tb, bad)
			if r.violations != 4 {
				t.Fatalf("violations = %d, want 4", r.violations)
			}
		})
	}
}

// The physical limit's parts are measured and positive.
func TestMeasureLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds")
	}
	l := MeasureLimit(Main)
	if l.MD5Ns <= 0 || l.CopyNs <= 0 || l.AppendNs <= 0 || l.ReadNs <= 0 || l.Cores < 1 || l.Producers != 1 || l.RecordsPerSecond() <= 0 {
		t.Fatalf("limit %+v", l)
	}
	// A reader that decodes JSON spends more on each record than one that reads an index from its first bytes.
	sc, _ := ScenarioNamed("JSON readers")
	if j := MeasureLimit(sc); j.ReadNs <= l.ReadNs {
		t.Errorf("JSON readers: a reader's check takes %.0f ns, the main scenario's %.0f ns: want more", j.ReadNs, l.ReadNs)
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
		res, err := run(Main, benchRecords, false, open)
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
