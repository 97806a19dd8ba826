// Command compare runs the end-to-end workload (see package workload) in several scenarios against kinesim, the
// plain-Go baseline, franz-go's kfake, an embedded NATS JetStream server and kinesalite, and prints markdown tables
// of the medians with ratios to kinesim, and kinesim as a fraction of the physical limit of each scenario.
//
//	cd benchmarks && go run ./cmd/compare [-rounds 3] [-scale 1] [-scenarios all] [-systems kinesim,baseline,…]
//
// The main scenario (10,000 keys) runs every system, with heap, peak RSS and cold starts; the other scenarios run
// kinesim, the baseline and kfake (NATS and kinesalite move 5k–60k records/s, so they run only the main scenario).
// Every measurement runs in a fresh child process (this program re-executed with -child), one per system,
// scenario, round and kind (throughput run, cold starts, or the physical limit), so that heap and peak RSS are the
// system's own. A child prints its result as JSON on stdout. kinesalite is installed by peers/setup.sh (npm) if it
// is missing; without npm or node it is skipped and the table says why. With kinesalite, each round also measures
// PutRecords of 500 × 100 B through the same aws-sdk-go-v2 client in process (awssdk) and against kinesalite, and
// the main table is followed by the line "SDK PutRecords in-process vs kinesalite: N×", for one caller and for
// GOMAXPROCS callers sharing the client.
package main

import (
	"bytes"
	"context"
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
	scale := flag.Float64("scale", 1, "multiplies every scenario's record count")
	klRecords := flag.Int("kinesalite-records", 50000, "records per run for kinesalite (it moves ~10k records/s)")
	natsRecords := flag.Int("nats-records", 300000, "records per run for NATS (it moves ~60k records/s)")
	kfakeShare := flag.Float64("kfake-share", 0.3, "kfake's record count as a share of kinesim's in the scenarios other than the main one")
	rounds := flag.Int("rounds", 3, "rounds; each runs every system of every scenario once, each in a fresh process")
	colds := flag.Int("coldstarts", 201, "cold starts per round for each first-batch size, kinesim and baseline")
	peerColds := flag.Int("peer-coldstarts", 21, "cold starts per round for each first-batch size, kfake and NATS")
	klColds := flag.Int("kinesalite-coldstarts", 3, "cold starts per round for each first-batch size, kinesalite")
	systemsFlag := flag.String("systems", strings.Join(workload.Systems, ","), "systems to compare, comma-separated; kinesim first")
	scenariosFlag := flag.String("scenarios", "all", "scenarios to run, comma-separated names (see package workload), or all")
	setup := flag.Bool("setup", true, "install kinesalite with peers/setup.sh if it is missing")
	child := flag.String("child", "", "internal: run one measurement of this system and print it as JSON")
	mode := flag.String("mode", "run", "internal, with -child: run (throughput, heap, RSS), cold (cold starts), limit or sdk (SDK PutRecords)")
	scenario := flag.String("scenario", workload.Main.Name, "internal, with -child: the scenario")
	records := flag.Int("records", 0, "internal, with -child: records per run")
	flag.Parse()

	if *child != "" {
		if err := runChild(*child, *mode, *scenario, *records, *colds); err != nil {
			fmt.Fprintln(os.Stderr, "compare: child:", err)
			os.Exit(1)
		}
		return
	}
	if *scale <= 0 || *klRecords < 1 || *natsRecords < 1 || *kfakeShare <= 0 || *rounds < 1 || *colds < 1 || *peerColds < 1 || *klColds < 1 {
		fmt.Fprintln(os.Stderr, "compare: counts must be positive")
		os.Exit(2)
	}
	systems := strings.Split(*systemsFlag, ",")
	if systems[0] != workload.Kinesim {
		fmt.Fprintln(os.Stderr, "compare: -systems must start with kinesim (the ratios are to kinesim)")
		os.Exit(2)
	}
	var scenarios []workload.Scenario
	if *scenariosFlag == "all" {
		for _, sc := range workload.Scenarios {
			sc, _ = workload.ScenarioNamed(sc.Name)
			scenarios = append(scenarios, sc)
		}
	} else {
		for _, name := range strings.Split(*scenariosFlag, ",") {
			sc, ok := workload.ScenarioNamed(strings.TrimSpace(name))
			if !ok {
				fmt.Fprintf(os.Stderr, "compare: unknown scenario %q\n", name)
				os.Exit(2)
			}
			scenarios = append(scenarios, sc)
		}
	}
	klSkip := ""
	if slices.Contains(systems, workload.Kinesalite) {
		if klSkip = kinesaliteReady(*setup); klSkip != "" {
			fmt.Fprintf(os.Stderr, "compare: skipping kinesalite: %s\n", klSkip)
		}
	}
	var groups []group
	for _, sc := range scenarios {
		g := group{scenario: sc, main: sc.Name == workload.Main.Name}
		n := max(1, int(float64(sc.Records)**scale))
		for _, s := range systems {
			p := plan{system: s, scenario: sc.Name, records: n, colds: *peerColds, cold: g.main}
			switch s {
			case workload.Kinesim, workload.Baseline:
				p.colds = *colds
			case workload.Kfake:
				if !g.main {
					p.records = max(1, int(float64(n)**kfakeShare))
				}
			case workload.NATS:
				if !g.main {
					continue
				}
				p.records = max(1, int(float64(*natsRecords)**scale))
			case workload.Kinesalite:
				if !g.main {
					continue
				}
				p.records, p.colds, p.skip = max(1, int(float64(*klRecords)**scale)), *klColds, klSkip
			default:
				fmt.Fprintf(os.Stderr, "compare: unknown system %q\n", s)
				os.Exit(2)
			}
			g.plans = append(g.plans, p)
		}
		groups = append(groups, g)
	}
	if err := compare(groups, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// group is one scenario's plans, kinesim first, and its physical limit.
type group struct {
	scenario workload.Scenario
	main     bool // the main scenario: every system, heap, RSS and cold starts
	plans    []plan
	metrics  []metrics
	limit    workload.Limit
	sdk      [2][]float64 // main scenario: SDK PutRecords records/s per round, kinesim in process and kinesalite, one caller
	sdkPar   [2][]float64 // the same with GOMAXPROCS callers sharing the client
	sdkSkip  string       // why the SDK comparison did not run; "" if it ran
}

// plan is what the comparison runs for one system in one scenario.
type plan struct {
	system   string
	scenario string
	records  int    // records per run
	cold     bool   // measure cold starts too
	colds    int    // cold starts per first-batch size per round
	skip     string // why the system is skipped; "" if it runs
}

// sdkRound measures SDK PutRecords in process and against kinesalite, each in a child, in the opposite order every
// other round, when the comparison includes kinesalite and it runs.
func sdkRound(exe string, g *group, round int) {
	kl := slices.IndexFunc(g.plans, func(p plan) bool { return p.system == workload.Kinesalite })
	if kl < 0 || g.sdkSkip != "" {
		return
	}
	if g.plans[kl].skip != "" {
		g.sdkSkip = "kinesalite: " + g.plans[kl].skip
		return
	}
	order := []int{0, 1}
	if round%2 == 1 {
		order = []int{1, 0}
	}
	var rps, par [2]float64
	for _, i := range order {
		system := []string{workload.Kinesim, workload.Kinesalite}[i]
		r, err := spawn(exe, plan{system: system, scenario: g.scenario.Name}, "sdk")
		if err != nil {
			g.sdkSkip = "failed: " + err.Error()
			fmt.Fprintf(os.Stderr, "round %d SDK PutRecords %s\n", round+1, g.sdkSkip)
			return
		}
		rps[i], par[i] = r.SDKRps, r.SDKParallelRps
	}
	g.sdk[0], g.sdk[1] = append(g.sdk[0], rps[0]), append(g.sdk[1], rps[1])
	g.sdkPar[0], g.sdkPar[1] = append(g.sdkPar[0], par[0]), append(g.sdkPar[1], par[1])
	fmt.Fprintf(os.Stderr, "round %d SDK PutRecords in process %9.0f rec/s, kinesalite %9.0f rec/s (%.0f×); %d callers %9.0f vs %9.0f (%.0f×)\n",
		round+1, rps[0], rps[1], rps[0]/rps[1], runtime.GOMAXPROCS(0), par[0], par[1], par[0]/par[1])
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
	Limit   workload.Limit  `json:",omitzero"`
	SDKRps  float64         `json:",omitzero"` // records/s of SDK PutRecords, one caller (mode sdk)

	SDKParallelRps float64 `json:",omitzero"` // records/s of SDK PutRecords, GOMAXPROCS callers sharing the client (mode sdk)
}

// sdkDuration is how long a child of mode sdk calls PutRecords through the SDK, with one caller and then with
// GOMAXPROCS callers.
const sdkDuration = 2 * time.Second

var firstSizes = [2]int{1, workload.BatchSize}

func runChild(system, mode, scenario string, records, colds int) error {
	sc, ok := workload.ScenarioNamed(scenario)
	if !ok {
		return fmt.Errorf("unknown scenario %q", scenario)
	}
	if records < 1 {
		records = sc.Records
	}
	var out childResult
	switch mode {
	case "run":
		res, err := workload.Run(system, sc, records)
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
	case "limit":
		out.Limit = workload.MeasureLimit(sc)
	case "sdk":
		rps, err := workload.MeasureSDKPutRecords(context.Background(), system, sdkDuration, 1)
		if err != nil {
			return err
		}
		par, err := workload.MeasureSDKPutRecords(context.Background(), system, sdkDuration, runtime.GOMAXPROCS(0))
		if err != nil {
			return err
		}
		out.SDKRps, out.SDKParallelRps = rps, par
	default:
		return fmt.Errorf("unknown -mode %q", mode)
	}
	out.PeakRSS = workload.PeakRSS()
	return json.NewEncoder(os.Stdout).Encode(out)
}

// spawn runs this program as a child for one measurement.
func spawn(exe string, p plan, mode string) (childResult, error) {
	cmd := exec.Command(exe, "-child", p.system, "-mode", mode, "-scenario", p.scenario,
		"-records", fmt.Sprint(p.records), "-coldstarts", fmt.Sprint(p.colds))
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return childResult{}, fmt.Errorf("%s, %s (%s): %w", p.system, p.scenario, mode, err)
	}
	var r childResult
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return childResult{}, fmt.Errorf("%s, %s (%s): reading the child's output: %w", p.system, p.scenario, mode, err)
	}
	return r, nil
}

// metrics are one system's measurements over the rounds.
type metrics struct {
	rps, prod, heapMiB, rssMiB, otherMiB []float64
	coldUs                               [2][]float64
}

func compare(groups []group, rounds int) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	began := time.Now()
	for gi := range groups {
		g := &groups[gi]
		g.metrics = make([]metrics, len(g.plans))
		r, err := spawn(exe, plan{system: workload.Kinesim, scenario: g.scenario.Name}, "limit")
		if err != nil {
			return err
		}
		g.limit = r.Limit
		fmt.Fprintf(os.Stderr, "%-13s limit: MD5 %.0f ns + append %.0f ns (copy alone %.0f ns) + reader %.0f ns, %d core(s) = %s records/s\n", g.scenario.Name,
			g.limit.MD5Ns, g.limit.AppendNs, g.limit.CopyNs, g.limit.ReadNs, g.limit.Cores, thousands(g.limit.RecordsPerSecond()))
	}
	for round := range rounds {
		for gi := range groups {
			g := &groups[gi]
			for j := range g.plans {
				i := j
				if round%2 == 1 { // every other round in the opposite order, so that a drifting load favours no one
					i = len(g.plans) - 1 - j
				}
				p := &g.plans[i]
				if p.skip != "" {
					continue
				}
				r, err := spawn(exe, *p, "run")
				if err == nil && p.cold {
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
					fmt.Fprintf(os.Stderr, "round %d %-13s %-10s %s\n", round+1, g.scenario.Name, p.system, p.skip)
					continue
				}
				res := r.Result
				m := &g.metrics[i]
				m.rps = append(m.rps, res.RecordsPerSecond())
				m.prod = append(m.prod, res.ProducerRecordsPerSecond())
				m.heapMiB = append(m.heapMiB, mib(res.HeapBytes))
				m.rssMiB = append(m.rssMiB, mib(r.PeakRSS+res.OtherPeakRSS))
				m.otherMiB = append(m.otherMiB, mib(res.OtherPeakRSS))
				for j := range firstSizes {
					m.coldUs[j] = append(m.coldUs[j], r.ColdUs[j])
				}
				heap := "n/a"
				if res.HeapBytes >= 0 {
					heap = f1(mib(res.HeapBytes)) + " MiB"
				}
				fmt.Fprintf(os.Stderr, "round %d %-13s %-10s e2e %9.0f rec/s  producer %9.0f rec/s  heap %s  peak RSS %6.1f MiB  cold %s / %s µs  (%d records, %v, %d violations)\n",
					round+1, g.scenario.Name, p.system, res.RecordsPerSecond(), res.ProducerRecordsPerSecond(), heap,
					mib(r.PeakRSS+res.OtherPeakRSS), us(r.ColdUs[0]), us(r.ColdUs[1]), res.Records, res.Elapsed.Round(time.Millisecond), res.OrderViolations)
			}
			if g.plans[0].skip != "" {
				return errors.New("kinesim did not run")
			}
			if g.main {
				sdkRound(exe, g, round)
			}
		}
	}
	took := time.Since(began)
	fmt.Printf("%s · %s · %d cores (GOMAXPROCS %d) · %s/%s · %s · whole comparison %v · median of %d rounds, each system in a fresh process per round\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH,
		runtime.Version(), took.Round(time.Second), rounds)
	for _, g := range groups {
		if g.main {
			printMain(g)
		}
	}
	printScenarios(groups)
	return nil
}

// printMain prints the main scenario's table: every system, with heap, RSS and cold starts.
func printMain(g group) {
	plans, m := g.plans, g.metrics
	k := m[0]
	fmt.Printf("\n### Main scenario: every system\n\n")
	fmt.Printf("Workload: %d-byte records, %d shards (partitions, subjects), keys %s, batches of %d from one "+
		"producer, one reader per shard reading from the start; every record checked read exactly once, on its shard, in "+
		"per-key order.\n\n", g.scenario.RecordSize, g.scenario.Shards, g.scenario.KeysText(), workload.BatchSize)
	var counts []string
	for _, p := range plans {
		counts = append(counts, fmt.Sprintf("%s %s", p.system, thousands(float64(p.records))))
	}
	fmt.Printf("Records per run: %s (NATS and kinesalite get fewer records; their rates are over a shorter run).\n\n", strings.Join(counts, ", "))
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
		rate := func(v, kv []float64) string { // rates: the median of the rounds' ratios
			if first {
				return thousands(median(v))
			}
			return fmt.Sprintf("%s (%s×)", thousands(median(v)), ratio(roundRatio(kv, v)))
		}
		heap := cell(median(x.heapMiB), median(k.heapMiB), f1, false)
		rss := cell(median(x.rssMiB), median(k.rssMiB), f1, false)
		if p.system == workload.Kinesalite {
			heap = "n/a (Node.js)"
			rss = fmt.Sprintf("%s (%s×; node %s)", f1(median(x.rssMiB)), ratio(median(x.rssMiB)/median(k.rssMiB)), f1(median(x.otherMiB)))
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", p.system, thousands(float64(p.records)),
			rate(x.rps, k.rps),
			rate(x.prod, k.prod),
			heap, rss,
			cell(median(x.coldUs[0]), median(k.coldUs[0]), us, false),
			cell(median(x.coldUs[1]), median(k.coldUs[1]), us, false))
	}
	if g.sdkSkip != "" {
		fmt.Printf("\nSDK PutRecords in-process vs kinesalite: skipped (%s).\n", g.sdkSkip)
	} else if len(g.sdk[1]) > 0 {
		fmt.Printf("\nSDK PutRecords in-process vs kinesalite: %s× (%s vs %s records/s: batches of %d records of %d B through "+
			"the same aws-sdk-go-v2 client, over awssdk.NewKinesisClient in process and against kinesalite on loopback, "+
			"for %v each per round; the median of the rounds' ratios). With %d callers sharing each client (a call in flight "+
			"per core): %s× (%s vs %s records/s).\n",
			ratio(roundRatio(g.sdk[0], g.sdk[1])), thousands(median(g.sdk[0])), thousands(median(g.sdk[1])),
			workload.SDKBatchRecords, workload.SDKRecordBytes, sdkDuration, runtime.GOMAXPROCS(0),
			ratio(roundRatio(g.sdkPar[0], g.sdkPar[1])), thousands(median(g.sdkPar[0])), thousands(median(g.sdkPar[1])))
	}
	fmt.Printf("\nIn parentheses: how many times kinesim is better (kinesim ÷ system for records/s, the median of the rounds' ratios; system ÷ kinesim for heap, "+
		"RSS and cold start). Heap: HeapAlloc after runtime.GC() twice once everything is read, minus HeapAlloc before "+
		"the system was made (payload alone: %.1f MiB per million records). Peak RSS: VmHWM of the measuring process "+
		"(plus kinesalite's Node.js process). Cold start: from creating the engine, server or process (stream/topic "+
		"creation and readers included) to the first record read, with a first put of 1 record or of %d; median of "+
		"%s per round.\n", 1e6*float64(g.scenario.RecordSize)/float64(1<<20), workload.BatchSize, coldCounts(plans))
}

// printScenarios prints one row per scenario: end-to-end and producer-only rates of kinesim, its ratio to each
// other system, and kinesim as a fraction of the scenario's physical limit.
func printScenarios(groups []group) {
	var peers []string
	for _, g := range groups {
		for _, p := range g.plans[1:] {
			if !slices.Contains(peers, p.system) && p.system != workload.NATS && p.system != workload.Kinesalite {
				peers = append(peers, p.system)
			}
		}
	}
	fmt.Printf("\n### Scenarios: kinesim against the baseline and kfake, end to end\n\n")
	head := "| scenario | records | kinesim end-to-end records/s | kinesim producer-only records/s |"
	sep := "|---|---:|---:|---:|"
	for _, p := range peers {
		head += " ÷ " + p + " end-to-end | ÷ " + p + " producer |"
		sep += "---:|---:|"
	}
	head += " physical limit records/s | kinesim end-to-end ÷ limit |"
	sep += "---:|---:|"
	fmt.Println(head)
	fmt.Println(sep)
	for _, g := range groups {
		k := g.metrics[0]
		row := fmt.Sprintf("| %s | %s | %s | %s |", g.scenario.Name, thousands(float64(g.plans[0].records)),
			thousands(median(k.rps)), thousands(median(k.prod)))
		for _, peer := range peers {
			i := slices.IndexFunc(g.plans, func(p plan) bool { return p.system == peer })
			switch {
			case i < 0:
				row += " — | — |"
			case g.plans[i].skip != "":
				row += " skipped | |"
			default:
				x := g.metrics[i]
				row += fmt.Sprintf(" %s× | %s× |", ratio(roundRatio(k.rps, x.rps)), ratio(roundRatio(k.prod, x.prod)))
			}
		}
		lim := g.limit.RecordsPerSecond()
		row += fmt.Sprintf(" %s | %.0f %% |", thousands(lim), 100*median(k.rps)/lim)
		fmt.Println(row)
	}
	fmt.Printf("\nScenarios: ")
	var ds []string
	for _, g := range groups {
		sc := g.scenario
		d := fmt.Sprintf("**%s**: %d-byte records, %d shards, keys %s, %d producer(s)", sc.Name, sc.RecordSize, sc.Shards, sc.KeysText(), sc.Producers)
		if sc.JSON {
			d += ", JSON payloads that each reader decodes with encoding/json"
		}
		var counts []string
		for _, p := range g.plans {
			if p.system != workload.NATS && p.system != workload.Kinesalite {
				counts = append(counts, fmt.Sprintf("%s %s", p.system, thousands(float64(p.records))))
			}
		}
		ds = append(ds, d+" ("+strings.Join(counts, ", ")+" records)")
	}
	fmt.Printf("%s. Every run checks every record read exactly once, on its shard, in per-key order. ÷: kinesim's rate "+
		"divided by the system's, the median of the rounds' ratios (the systems of a round run back to back, in the opposite order every other round). Physical limit: the machine's cores doing only what each record needs — MD5 of its key, an "+
		"append of its payload in the shard log's format (the copy into fresh memory included) and the reader's check of it (its JSON decoding in the JSON scenario) — the producers' part on one core per producer; "+
		"measured with Go benchmarks in a child process before the rounds (ns per record, MD5 + append + reader: ", strings.Join(ds, "; "))
	var ls []string
	for _, g := range groups {
		ls = append(ls, fmt.Sprintf("%s %.0f + %.0f + %.0f", g.scenario.Name, g.limit.MD5Ns, g.limit.AppendNs, g.limit.ReadNs))
	}
	fmt.Printf("%s; %d cores). kinesim can pass it when its MD5 lanes or hash cache spare part of MD5.\n", strings.Join(ls, ", "), groups[0].limit.Cores)
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

// roundRatio is the median over the rounds of a[j] / b[j]: each round's systems ran back to back, so a round's
// ratio is less disturbed by the machine's other work than a ratio of medians.
func roundRatio(a, b []float64) float64 {
	r := make([]float64, 0, len(a))
	for j := range min(len(a), len(b)) {
		r = append(r, a[j]/b[j])
	}
	return median(r)
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
