package heatmap_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinesim/kinesim/charts/heatmap"
	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
)

func smallReport(t *testing.T) *heat.Report {
	t.Helper()
	rep, err := heat.Run(context.Background(), heat.Config{
		Name:             "hot key",
		Keys:             keys.HotKey(9, 0.4, "hot", keys.Zipf(10, 500, 1.2)),
		RecordsPerSecond: 3000,
		RecordSize:       200,
		Duration:         8 * time.Second,
		Layout:           heat.Provisioned(4),
		Seed:             3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestChartIsWritten(t *testing.T) {
	rep := smallReport(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "heat.png")
	if err := heatmap.Save(path, rep, heatmap.Options{Width: 900, Height: 450}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	if cfg.Width != 900 || cfg.Height != 450 {
		t.Errorf("chart is %d×%d, want 900×450", cfg.Width, cfg.Height)
	}

	svg := filepath.Join(dir, "heat.svg")
	if err := heatmap.Save(svg, rep, heatmap.Options{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("shard 3")) {
		t.Errorf("%s is not an SVG chart with shard labels", svg)
	}
	if err := heatmap.Write(&bytes.Buffer{}, rep, heatmap.Options{Format: "gif"}); err == nil {
		t.Error("format gif: no error")
	}
}
