// Keyspread answers "how will my partition keys spread over shards, and where will I be throttled?" before a real
// stream is paid for. It sends 3,000 records/s of 1 KiB for 60 virtual seconds with three key distributions —
// 10,000 uniform keys, 10,000 Zipf-distributed keys (s = 1.1), and one hot key taking 40 % of the records over
// uniform background keys — to streams of 4 and of 16 provisioned shards, prints a shard-heat table for each run,
// and writes a heat-map chart of each (shards over time) to a directory (-out; a new temporary directory by default).
//
// It lives in the charts module, beside the package that draws the charts; from the repository's root:
//
//	cd charts && go run ./examples/keyspread [-out dir] [-rate 3000] [-size 1024] [-duration 60s] [-svg]
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
	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
)

func main() {
	out := flag.String("out", "", "directory the charts are written to (created if missing); default a new temporary directory")
	rate := flag.Float64("rate", 3000, "records per second")
	size := flag.Int("size", 1024, "data bytes per record (the partition key adds its own)")
	duration := flag.Duration("duration", time.Minute, "virtual duration of each run")
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
	ctx := context.Background()
	start := time.Now()
	var charts []string
	fmt.Printf("%.0f records/s of %d bytes for %v of virtual time per run\n\n", *rate, *size, *duration)
	for _, shards := range []int{4, 16} {
		for _, d := range distributions {
			rep, err := heat.Run(ctx, heat.Config{
				Name:             d.name,
				Keys:             d.keys(),
				RecordsPerSecond: *rate,
				RecordSize:       *size,
				Duration:         *duration,
				Layout:           heat.Provisioned(shards),
			})
			if err != nil {
				log.Fatal(err)
			}
			if err := rep.WriteTable(os.Stdout); err != nil {
				log.Fatal(err)
			}
			fmt.Println()
			base := filepath.Join(*out, fmt.Sprintf("%s-%dshards", d.file, shards))
			if err := heatmap.Save(base+".png", rep, heatmap.Options{}); err != nil {
				log.Fatal(err)
			}
			charts = append(charts, base+".png")
			if *svg {
				if err := heatmap.Save(base+".svg", rep, heatmap.Options{}); err != nil {
					log.Fatal(err)
				}
				charts = append(charts, base+".svg")
			}
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
	fmt.Printf("6 runs in %v of wall time\n", time.Since(start).Round(time.Millisecond))
}
