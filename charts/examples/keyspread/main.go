// Keyspread answers "how will my partition keys spread over shards, and where will I be throttled?" before a real
// stream is paid for. It sends 3,000 records/s of 1 KiB for 60 virtual seconds with three key distributions —
// 10,000 uniform keys, 10,000 Zipf-distributed keys (s = 1.1), and one hot key taking 40 % of the records over
// uniform background keys — to streams of 4 and of 16 provisioned shards, then the Zipf keys for 5 virtual minutes
// to an on-demand stream, which splits its busy shards as it goes. It prints a shard-heat table for each run and
// writes a heat-map chart of each (shards over time, coloured by load, hottest key per shard) to a directory (-out;
// a new temporary directory by default).
//
// It lives in the charts module, beside the package that draws the charts; from the repository's root:
//
//	cd charts && go run ./examples/keyspread [-out dir] [-rate 3000] [-size 1024] [-duration 60s] [-ondemand 5m] [-svg]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/kinesim/kinesim/charts/heatmap"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
)

func main() {
	out := flag.String("out", "", "directory the charts are written to (created if missing); default a new temporary directory")
	rate := flag.Float64("rate", 3000, "records per second")
	size := flag.Int("size", 1024, "data bytes per record (the partition key adds its own)")
	duration := flag.Duration("duration", time.Minute, "virtual duration of each run on provisioned shards")
	onDemand := flag.Duration("ondemand", 5*time.Minute, "virtual duration of the on-demand run (it splits shards once a minute); 0 skips it")
	svg := flag.Bool("svg", false, "write SVG charts as well as PNG")
	flag.Parse()
	if *out == "" {
		dir, err := os.MkdirTemp("", "keyspread-")
		if err != nil {
			log.Fatal(err)
		}
		*out = dir
	} else if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}

	distributions := []struct {
		name, file string
		keys       func() keys.Generator
	}{
		{"uniform, 10,000 keys", "uniform", func() keys.Generator { return keys.Uniform(1, 10_000) }},
		{"Zipf s=1.1, 10,000 keys", "zipf", func() keys.Generator { return keys.Zipf(2, 10_000, 1.1) }},
		{"40% hot key + uniform", "hotkey", func() keys.Generator {
			return keys.HotKey(3, 0.40, "tenant-hot", keys.Uniform(4, 10_000))
		}},
	}
	type run struct {
		file string
		cfg  heat.Config
	}
	var runs []run
	for _, shards := range []int{4, 16} {
		for _, d := range distributions {
			runs = append(runs, run{fmt.Sprintf("%s-%dshards", d.file, shards), heat.Config{
				Name: d.name, Keys: d.keys(), RecordsPerSecond: *rate, RecordSize: *size, Duration: *duration,
				Layout: heat.Provisioned(shards),
			}})
		}
	}
	if *onDemand > 0 {
		zipf := distributions[1]
		runs = append(runs, run{zipf.file + "-ondemand", heat.Config{
			Name: zipf.name, Keys: zipf.keys(), RecordsPerSecond: *rate, RecordSize: *size, Duration: *onDemand,
			Layout: heat.OnDemand(),
		}})
	}

	ctx := context.Background()
	start := clock.Real.Now() // wall time, to report how much faster than real time the runs are
	var charts []string
	fmt.Printf("%.0f records/s of %d bytes per run, %v of virtual time on provisioned shards, %v on demand\n\n",
		*rate, *size, *duration, *onDemand)
	for _, r := range runs {
		rep, err := heat.Run(ctx, r.cfg)
		if err != nil {
			log.Fatal(err)
		}
		if err := rep.WriteTable(os.Stdout); err != nil {
			log.Fatal(err)
		}
		fmt.Println()
		exts := []string{".png"}
		if *svg {
			exts = append(exts, ".svg")
		}
		for _, ext := range exts {
			path := filepath.Join(*out, r.file+ext)
			if err := heatmap.Save(path, rep, heatmap.Options{}); err != nil {
				log.Fatal(err)
			}
			charts = append(charts, path)
		}
	}
	fmt.Println("charts:")
	for _, c := range charts {
		abs, err := filepath.Abs(c)
		if err != nil {
			abs = c
		}
		fmt.Println("  " + abs)
	}
	fmt.Printf("%d runs in %v of wall time\n", len(runs), clock.Real.Now().Sub(start).Round(time.Millisecond))
}
