// Command compare runs the end-to-end workload (see package workload) against kinesim and the plain-Go baseline,
// alternately, and prints a markdown table of the medians.
//
//	cd benchmarks && go run ./cmd/compare [-records 1000000] [-rounds 3] [-coldstarts 201]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/kinesim/kinesim/benchmarks/workload"
)

func main() {
	records := flag.Int("records", 1000000, "records per run")
	rounds := flag.Int("rounds", 3, "rounds; each runs kinesim then the baseline")
	colds := flag.Int("coldstarts", 201, "cold starts per system per round")
	flag.Parse()
	if *records < 1 || *rounds < 1 || *colds < 1 {
		fmt.Fprintln(os.Stderr, "compare: -records, -rounds and -coldstarts must be positive")
		os.Exit(2)
	}
	if err := compare(*records, *rounds, *colds); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// metrics are one system's measurements over the rounds.
type metrics struct {
	rps, mbps, prod, heapMiB []float64
	coldUs                   [2][]float64 // first record; first batch of BatchSize
}

func compare(records, rounds, colds int) error {
	systems := []struct {
		name string
		run  func(int) (workload.Result, error)
		cold func(int) (time.Duration, error)
	}{
		{workload.Kinesim, workload.RunKinesim, workload.ColdStartKinesim},
		{workload.Baseline, workload.RunBaseline, workload.ColdStartBaseline},
	}
	m := make([]metrics, len(systems))
	for round := range rounds {
		for i, s := range systems {
			runtime.GC()
			res, err := s.run(records)
			if err != nil {
				return err
			}
			if err := res.Check(); err != nil {
				return err
			}
			m[i].rps = append(m[i].rps, res.RecordsPerSecond())
			m[i].mbps = append(m[i].mbps, res.MBPerSecond())
			m[i].prod = append(m[i].prod, res.ProducerRecordsPerSecond())
			m[i].heapMiB = append(m[i].heapMiB, float64(res.HeapBytes)/(1<<20))
			fmt.Fprintf(os.Stderr, "round %d %-8s  e2e %10.0f rec/s %7.1f MB/s  producer %10.0f rec/s  heap %6.1f MiB  (%v, %d read, %d violations)\n",
				round+1, s.name, res.RecordsPerSecond(), res.MBPerSecond(), res.ProducerRecordsPerSecond(),
				float64(res.HeapBytes)/(1<<20), res.Elapsed.Round(time.Millisecond), res.Read, res.OrderViolations)
		}
		for j, first := range []int{1, workload.BatchSize} {
			for i, s := range systems {
				runtime.GC()
				d := make([]float64, 0, colds)
				for range colds {
					c, err := s.cold(first)
					if err != nil {
						return err
					}
					d = append(d, float64(c)/float64(time.Microsecond))
				}
				m[i].coldUs[j] = append(m[i].coldUs[j], median(d))
				fmt.Fprintf(os.Stderr, "round %d %-8s  cold start (first put of %d) median %.1f µs over %d\n", round+1, s.name, first, median(d), colds)
			}
		}
	}

	k, b := m[0], m[1]
	fmt.Printf("\n## kinesim vs plain-Go baseline\n\n")
	fmt.Printf("%s · %s/%s · %d CPUs (GOMAXPROCS %d) · %s\n\n", time.Now().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Printf("%d × %d-byte records, %d shards, %d keys, PutRecords batches of %d from one producer, one reader per shard. "+
		"Median of %d rounds (cold start: median of %d runs per round, then median over rounds).\n\n",
		records, workload.RecordSize, workload.Shards, workload.Keys, workload.BatchSize, rounds, colds)
	fmt.Println("| metric | kinesim | baseline | kinesim ÷ baseline |")
	fmt.Println("|---|---:|---:|---:|")
	row := func(name, format string, kv, bv []float64) {
		km, bm := median(kv), median(bv)
		fmt.Printf("| %s | "+format+" | "+format+" | %.2f× |\n", name, km, bm, km/bm)
	}
	row("end-to-end records/s", "%.0f", k.rps, b.rps)
	row("end-to-end MB/s", "%.1f", k.mbps, b.mbps)
	row("producer-only records/s", "%.0f", k.prod, b.prod)
	row("heap after puts (MiB)", "%.1f", k.heapMiB, b.heapMiB)
	for j, what := range []string{"first record put", fmt.Sprintf("first batch of %d put", workload.BatchSize)} {
		kc, bc := median(k.coldUs[j]), median(b.coldUs[j])
		fmt.Printf("| cold start (µs, New → %s → read) | %.1f | %.1f | %.2f× (%+.1f µs) |\n", what, kc, bc, kc/bc, kc-bc)
	}
	fmt.Printf("\nMB = 10^6 bytes of payload. Heap: HeapAlloc after runtime.GC() twice, once all records are put and read, "+
		"minus HeapAlloc before the engine (or baseline) was made; payload alone is %.1f MiB.\n",
		float64(records)*workload.RecordSize/(1<<20))
	return nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
