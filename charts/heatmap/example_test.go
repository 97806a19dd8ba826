package heatmap_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/kinesim/kinesim/charts/heatmap"
	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
)

func ExampleWrite() {
	// One tenant sends 40 % of 3,000 records/s: 1,200 records/s, more than any shard takes.
	rep, err := heat.Run(context.Background(), heat.Config{
		Keys:             keys.HotKey(1, 0.4, "tenant-0", keys.Uniform(2, 10_000)),
		RecordsPerSecond: 3000,
		RecordSize:       1024,
		Duration:         10 * time.Second,
		Layout:           heat.Provisioned(4),
	})
	if err != nil {
		panic(err)
	}
	var svg bytes.Buffer
	if err := heatmap.Write(&svg, rep, heatmap.Options{Width: 900, Height: 450, Format: "svg"}); err != nil {
		panic(err)
	}
	// Each row is labelled with its shard's hottest key and that key's share of the shard's records: tenant-0's
	// shard can never take its load, whatever the layout. (With 2,500 background keys a shard, more than it
	// counts exactly, a count may be an upper bound: "≤".)
	for _, m := range regexp.MustCompile(`>(shard \d+ · [^<]*)</text>`).FindAllStringSubmatch(svg.String(), -1) {
		fmt.Println(m[1])
	}
	// Output:
	// shard 0 · tenant-0 73%
	// shard 1 · key-4488 0.19%
	// shard 2 · key-7713 ≤0.18%
	// shard 3 · key-5320 0.22%
}

func ExampleSave() {
	rep, err := heat.Run(context.Background(), heat.Config{
		Name:             "Zipf s=1.1",
		Keys:             keys.Zipf(1, 10_000, 1.1),
		RecordsPerSecond: 3000,
		RecordSize:       1024,
		Duration:         10 * time.Second,
		Layout:           heat.Provisioned(4),
	})
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "heatmap-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	// The extension names the format: .png or .svg.
	path := filepath.Join(dir, "zipf.png")
	if err := heatmap.Save(path, rep, heatmap.Options{Width: 1000, Height: 500}); err != nil {
		panic(err)
	}
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: a %d×%d PNG\n", filepath.Base(path), cfg.Width, cfg.Height)
	// Output:
	// zipf.png: a 1000×500 PNG
}
