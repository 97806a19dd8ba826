// Command compare runs the end-to-end workload (see package workload) against kinesim, the plain-Go baseline,
// franz-go's kfake, an embedded NATS JetStream server and kinesalite, and prints a markdown table of the medians
// with ratios to kinesim.
//
//	cd benchmarks && go run ./cmd/compare [-records 1000000] [-kinesalite-records 50000] [-rounds 5]
//
// Every measurement runs in a fresh child process (this program re-executed with -child), one per system, round
// and kind (throughput run, or cold starts), so that heap and peak RSS are the system's own. A child prints its
// result as JSON on stdout. kinesalite is installed by peers/setup.sh (npm) if it is missing; without npm or node it
// is skipped and the table says why.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/kinesim/kinesim/benchmarks/workload"
)

func main() {
	records := flag.Int("records", 1000000, "records per run (kinesim, baseline, kfake, NATS)")
	klRecords := flag.Int("kinesalite-records", 50000, "records per run for kinesalite (it moves ~10k records/s)")
	rounds := flag.Int("rounds", 5, "rounds; each runs every system once, each in a fresh process")
	colds := flag.Int("coldstarts", 201, "cold starts per round for each first-batch size, kinesim and baseline")
	peerColds := flag.Int("peer-coldstarts", 21, "cold starts per round for each first-batch size, kfake and NATS")
	klColds := flag.Int("kinesalite-coldstarts", 3, "cold starts per round for each first-batch size, kinesalite")
	systemsFlag := flag.String("systems", strings.Join(workload.Systems, ","), "systems to compare, comma-separated; kinesim first")
	setup := flag.Bool("setup", true, "install kinesalite with peers/setup.sh if it is missing")
	child := flag.String("child", "", "internal: run one measurement of this system and print it as JSON")
	mode := flag.String("mode", "run", "internal, with -child: run (throughput, heap, RSS) or cold (cold starts)")
	flag.Parse()

	if *child != "" {
		if err := runChild(*child, *mode, *records, *colds); err != nil {
			fmt.Fprintln(os.Stderr, "compare: child:", err)
			os.Exit(1)
		}
		return
	}
	if *records < 1 || *klRecords < 1 || *rounds < 1 || *colds < 1 || *peerColds < 1 || *klColds < 1 {
		fmt.Fprintln(os.Stderr, "compare: counts must be positive")
		os.Exit(2)
	}
	systems := strings.Split(*systemsFlag, ",")
	if systems[0] != workload.Kinesim {
		fmt.Fprintln(os.Stderr, "compare: -systems must start with kinesim (the ratios are to kinesim)")
		os.Exit(2)
	}
	var plans []plan
	for _, s := range systems {
		p := plan{system: s, records: *records, colds: *peerColds}
		switch s {
		case workload.Kinesim, workload.Baseline:
			p.colds = *colds
		case workload.Kinesalite:
			p.records, p.colds = *klRecords, *klColds
			if p.skip = kinesaliteReady(*setup); p.skip != "" {
				fmt.Fprintf(os.Stderr, "compare: skipping kinesalite: %s\n", p.skip)
			}
		case workload.Kfake, workload.NATS:
		default:
			fmt.Fprintf(os.Stderr, "compare: unknown system %q\n", s)
			os.Exit(2)
		}
		plans = append(plans, p)
	}
	if err := compare(plans, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// plan is what the comparison runs for one system.
type plan struct {
	system  string
	records int    // records per run
	colds   int    // cold starts per first-batch size per round
	skip    string // why the system is skipped; "" if it runs
}

// kinesaliteReady installs kinesalite if needed (and allowed) and returns why it cannot run, or "".
func kinesaliteReady(setup bool) string {
	dir, ok, why := workload.KinesalitePeers()
	if ok {
		return ""
	}
	if dir == "" || !setup {
		return why
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return "npm not found on the PATH, so kinesalite cannot be installed (" + why + ")"
	}
	fmt.Fprintf(os.Stderr, "installing kinesalite: %s\n", filepath.Join(dir, "setup.sh"))
	cmd := exec.Command("sh", filepath.Join(dir, "setup.sh"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "peers/setup.sh failed: " + err.Error()
	}
	if _, ok, why = workload.KinesalitePeers(); !ok {
		return why
	}
	return ""
}

// childResult is what a child prints.
type childResult struct {
	Result  workload.Result `json:",omitzero"`
	PeakRSS int64           // the child's own VmHWM, bytes
	ColdUs  [2]float64      // median cold start, µs: first record; first batch of BatchSize
}

var firstSizes = [2]int{1, workload.BatchSize}

func runChild(system, mode string, records, colds int) error {
	var out childResult
	switch mode {
	case "run":
		res, err := workload.Run(system, records)
		if err != nil {
			return err
		}
		if err := res.Check(); err != nil {
			return err
		}
		out.Result = res
	case "cold":
		for j, first := range firstSizes {
			d := make([]float64, 0, colds)
			for range colds {
				c, err := workload.ColdStart(system, first)
				if err != nil {
					return err
				}
				d = append(d, float64(c)/float64(time.Microsecond))
			}
			out.ColdUs[j] = median(d)
		}
	default:
		return fmt.Errorf("unknown -mode %q", mode)
	}
	out.PeakRSS = workload.PeakRSS()
	return json.NewEncoder(os.Stdout).Encode(out)
}

// spawn runs this program as a child for one measurement.
func spawn(exe string, p plan, mode string) (childResult, error) {
	cmd := exec.Command(exe, "-child", p.system, "-mode", mode, "-records", fmt.Sprint(p.records), "-coldstarts", fmt.Sprint(p.colds))
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return childResult{}, fmt.Errorf("%s (%s): %w", p.system, mode, err)
	}
	var r childResult
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return childResult{}, fmt.Errorf("%s (%s): reading the child's output: %w", p.system, mode, err)
	}
	return r, nil
}

// metrics are one system's measurements over the rounds.
type metrics struct {
	rps, prod, heapMiB, rssMiB, otherMiB []float64
	coldUs                               [2][]float64
}

func compare(plans []plan, rounds int) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	m := make([]metrics, len(plans))
	began := time.Now()
	for round := range rounds {
		for i := range plans {
			p := &plans[i]
			if p.skip != "" {
				continue
			}
			r, err := spawn(exe, *p, "run")
			if err == nil {
				var c childResult
				if c, err = spawn(exe, *p, "cold"); err == nil {
					r.ColdUs = c.ColdUs
				}
			}
			if err != nil {
				if p.system == workload.Kinesim || p.system == workload.Baseline {
					return err
				}
				p.skip = "failed: " + err.Error()
				fmt.Fprintf(os.Stderr, "round %d %-10s %s\n", round+1, p.system, p.skip)
				continue
			}
			res := r.Result
			m[i].rps = append(m[i].rps, res.RecordsPerSecond())
			m[i].prod = append(m[i].prod, res.ProducerRecordsPerSecond())
			m[i].heapMiB = append(m[i].heapMiB, mib(res.HeapBytes))
			m[i].rssMiB = append(m[i].rssMiB, mib(r.PeakRSS+res.OtherPeakRSS))
			m[i].otherMiB = append(m[i].otherMiB, mib(res.OtherPeakRSS))
			for j := range firstSizes {
				m[i].coldUs[j] = append(m[i].coldUs[j], r.ColdUs[j])
			}
			heap := "n/a"
			if res.HeapBytes >= 0 {
				heap = f1(mib(res.HeapBytes)) + " MiB"
			}
			fmt.Fprintf(os.Stderr, "round %d %-10s e2e %9.0f rec/s  producer %9.0f rec/s  heap %s  peak RSS %6.1f MiB  cold %s / %s µs  (%d records, %v, %d violations)\n",
				round+1, p.system, res.RecordsPerSecond(), res.ProducerRecordsPerSecond(), heap,
				mib(r.PeakRSS+res.OtherPeakRSS), us(r.ColdUs[0]), us(r.ColdUs[1]), res.Records, res.Elapsed.Round(time.Millisecond), res.OrderViolations)
		}
	}
	if plans[0].skip != "" {
		return errors.New("kinesim did not run")
	}
	printTable(plans, m, rounds, time.Since(began))
	return nil
}

func printTable(plans []plan, m []metrics, rounds int, took time.Duration) {
	k := m[0]
	fmt.Printf("\n## kinesim vs peers\n\n")
	fmt.Printf("%s · %s · %d cores (GOMAXPROCS %d) · %s/%s · %s · whole comparison %v\n\n", time.Now().Format("2006-01-02"),
		cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), took.Round(time.Second))
	fmt.Printf("Workload: %d-byte records, %d shards (partitions, subjects), keys `user-<i mod %d>`, batches of %d from one "+
		"producer, one reader per shard reading from the start; every record checked read exactly once, on its shard, in "+
		"per-key order. Median of %d rounds, each system in a fresh process per round.\n\n",
		workload.RecordSize, workload.Shards, workload.Keys, workload.BatchSize, rounds)
	var counts []string
	for _, p := range plans {
		counts = append(counts, fmt.Sprintf("%s %s", p.system, thousands(float64(p.records))))
	}
	fmt.Printf("Records per run: %s", strings.Join(counts, ", "))
	if slices.ContainsFunc(plans, func(p plan) bool { return p.system == workload.Kinesalite && p.records != plans[0].records }) {
		fmt.Printf(" (kinesalite moves about 10k records/s, so it gets fewer records; its rates are over a shorter run)")
	}
	fmt.Printf(".\n\n")
	fmt.Println("| system | records | end-to-end records/s | producer-only records/s | heap (MiB) | peak RSS (MiB) | cold start, first record (µs) | cold start, first batch of 500 (µs) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	for i, p := range plans {
		if p.skip != "" {
			fmt.Printf("| %s | — | skipped: %s | | | | | |\n", p.system, p.skip)
			continue
		}
		x := m[i]
		first := i == 0
		cell := func(v, kv float64, f func(float64) string, higherBetter bool) string {
			if first {
				return f(v)
			}
			r := kv / v
			if !higherBetter {
				r = v / kv
			}
			return fmt.Sprintf("%s (%s×)", f(v), ratio(r))
		}
		heap := cell(median(x.heapMiB), median(k.heapMiB), f1, false)
		rss := cell(median(x.rssMiB), median(k.rssMiB), f1, false)
		if p.system == workload.Kinesalite {
			heap = "n/a (Node.js)"
			rss = fmt.Sprintf("%s (%s×; node %s)", f1(median(x.rssMiB)), ratio(median(x.rssMiB)/median(k.rssMiB)), f1(median(x.otherMiB)))
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", p.system, thousands(float64(p.records)),
			cell(median(x.rps), median(k.rps), thousands, true),
			cell(median(x.prod), median(k.prod), thousands, true),
			heap, rss,
			cell(median(x.coldUs[0]), median(k.coldUs[0]), us, false),
			cell(median(x.coldUs[1]), median(k.coldUs[1]), us, false))
	}
	fmt.Printf("\nIn parentheses: how many times kinesim is better (kinesim ÷ system for records/s; system ÷ kinesim for heap, "+
		"RSS and cold start). Heap: HeapAlloc after runtime.GC() twice once everything is read, minus HeapAlloc before "+
		"the system was made (payload alone: %.1f MiB per million records). Peak RSS: VmHWM of the measuring process "+
		"(plus kinesalite's Node.js process). Cold start: from creating the engine, server or process (stream/topic "+
		"creation and readers included) to the first record read, with a first put of 1 record or of %d; median of "+
		"%s per round.\n", 1e6*workload.RecordSize/float64(1<<20), workload.BatchSize, coldCounts(plans))
}

func coldCounts(plans []plan) string {
	var parts []string
	for _, p := range plans {
		if p.skip == "" {
			parts = append(parts, fmt.Sprintf("%d (%s)", p.colds, p.system))
		}
	}
	return strings.Join(parts, ", ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "CPU unknown"
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return "CPU unknown"
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }

func us(v float64) string {
	if v < 100 {
		return fmt.Sprintf("%.1f", v)
	}
	return thousands(v)
}

func ratio(r float64) string {
	if r >= 10 {
		return fmt.Sprintf("%.0f", r)
	}
	return fmt.Sprintf("%.2f", r)
}

// thousands formats v rounded to an integer, with commas.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
