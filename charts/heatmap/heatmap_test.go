package heatmap_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/charts/heatmap"
	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
)

const longKey = "tenant-with-a-partition-key-far-too-long-for-a-label"

// hotReport is 3,000 records/s on 16 shards for 8 seconds, 40 % of them with the key tenant-hot, 5 % with a
// long key.
func hotReport(t *testing.T) *heat.Report {
	t.Helper()
	rep, err := heat.Run(context.Background(), heat.Config{
		Name: "hot key",
		Keys: keys.HotKey(9, 0.4, "tenant-hot",
			keys.HotKey(11, 0.05/0.6, longKey, keys.Zipf(10, 500, 1.2))),
		RecordsPerSecond: 3000,
		RecordSize:       200,
		Duration:         8 * time.Second,
		Layout:           heat.Provisioned(16),
		Seed:             3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// texts returns the text of every <text> element of an SVG.
func texts(svg []byte) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<text[^>]*>([^<]*)</text>`).FindAllSubmatch(svg, -1) {
		out = append(out, strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").
			Replace(string(m[1])))
	}
	return out
}

func TestPNGDecodesAtTheRequestedSize(t *testing.T) {
	rep := hotReport(t)
	for _, size := range [][2]int{{900, 450}, {heatmap.MinWidth, heatmap.MinHeight}, {1600, 1200}} {
		var b bytes.Buffer
		if err := heatmap.Write(&b, rep, heatmap.Options{Width: size[0], Height: size[1]}); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%v: not a PNG: %v", size, err)
		}
		if got := img.Bounds().Size(); got.X != size[0] || got.Y != size[1] {
			t.Errorf("chart is %d×%d, want %d×%d", got.X, got.Y, size[0], size[1])
		}
	}
	var b bytes.Buffer
	if err := heatmap.Write(&b, rep, heatmap.Options{}); err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(&b); err != nil || cfg.Width != 1200 || cfg.Height != 600 {
		t.Errorf("zero options: %d×%d (%v), want a 1200×600 PNG", cfg.Width, cfg.Height, err)
	}
}

func TestSVGLabelsEachShardWithItsHottestKey(t *testing.T) {
	rep := hotReport(t)
	var b bytes.Buffer
	if err := heatmap.Write(&b, rep, heatmap.Options{Format: "svg"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(b.Bytes()), []byte("<?xml")) || !bytes.Contains(b.Bytes(), []byte("<svg")) {
		t.Fatalf("not an SVG: %.100s", b.String())
	}
	all := texts(b.Bytes())
	has := func(s string) bool {
		for _, x := range all {
			if x == s {
				return true
			}
		}
		return false
	}
	// Every one of the 16 rows is labelled with its shard number; the hot key's row with the key and its share.
	for i := range 16 {
		found := false
		for _, x := range all {
			found = found || x == "shard "+strconv.Itoa(i) || strings.HasPrefix(x, "shard "+strconv.Itoa(i)+" · ")
		}
		if !found {
			t.Errorf("no label for shard %d in %q", i, all)
		}
	}
	var hot heat.ShardReport
	for _, sh := range rep.Shards {
		if sh.HotKeys[0].Key == "tenant-hot" {
			hot = sh
		}
	}
	if hot.ShardId == "" {
		t.Fatal("no shard has tenant-hot as its hottest key")
	}
	pct := 100 * float64(hot.HotKeys[0].Records) / float64(hot.Records)
	label := regexp.MustCompile(`^shard \d+ · tenant-hot (\d+)%$`)
	var got string
	for _, x := range all {
		if label.MatchString(x) {
			got = x
		}
	}
	if want := fmt.Sprintf(" tenant-hot %.0f%%", pct); got == "" || !strings.HasSuffix(got, want) {
		t.Errorf("hot key's row is labelled %q, want shard N · tenant-hot %.0f%%; labels %q", got, pct, all)
	}
	// The stream's hottest keys, with their share of all records.
	if !has("hottest keys") || !has("tenant-hot") || !has("40%") {
		t.Errorf("no table of the stream's hottest keys with tenant-hot at 40%%: %q", all)
	}
	// The long key is cut short, in the table and on its row.
	if bytes.Contains(b.Bytes(), []byte(longKey)) {
		t.Errorf("the SVG holds the whole of %s", longKey)
	}
	cut := 0
	for _, x := range all {
		if strings.Contains(x, "tenant-with-a") && strings.Contains(x, "…") {
			cut++
		}
	}
	if cut < 2 {
		t.Errorf("%d texts with %s cut short, want its row and its line in the table: %q", cut, longKey, all)
	}
}

func TestSaveTakesTheFormatFromTheExtension(t *testing.T) {
	rep := hotReport(t)
	dir := t.TempDir()
	for name, want := range map[string]string{"a.png": "\x89PNG", "b.SVG": "<?xml", "c.svg": "<?xml"} {
		path := filepath.Join(dir, name)
		if err := heatmap.Save(path, rep, heatmap.Options{Width: 800, Height: 400}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(want)) {
			t.Errorf("%s starts %q, want %q", name, b[:min(8, len(b))], want)
		}
	}
	// Options.Format names the format of a file without a known extension.
	path := filepath.Join(dir, "chart.out")
	if err := heatmap.Save(path, rep, heatmap.Options{Format: "svg"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte("<?xml")) {
		t.Errorf("chart.out with Format svg is not an SVG")
	}
}

func TestBadOptionsAreRefused(t *testing.T) {
	rep := hotReport(t)
	for name, opts := range map[string]heatmap.Options{
		"unknown format": {Format: "gif"},
		"too narrow":     {Width: heatmap.MinWidth - 1, Height: 600},
		"too low":        {Width: 1200, Height: heatmap.MinHeight - 1},
		"too wide":       {Width: heatmap.MaxSide + 1, Height: 600},
		"negative":       {Width: -1200, Height: -600},
	} {
		var b bytes.Buffer
		if err := heatmap.Write(&b, rep, opts); err == nil {
			t.Errorf("%s (%+v): no error", name, opts)
		} else if b.Len() != 0 {
			t.Errorf("%s: %d bytes written with the error %v", name, b.Len(), err)
		}
	}
	dir := t.TempDir()
	for name, c := range map[string]struct {
		path string
		opts heatmap.Options
	}{
		"unknown extension":   {"chart.gif", heatmap.Options{}},
		"no extension":        {"chart", heatmap.Options{}},
		"extension ≠ format":  {"chart.png", heatmap.Options{Format: "svg"}},
		"too small to a file": {"small.png", heatmap.Options{Width: 100, Height: 100}},
	} {
		path := filepath.Join(dir, c.path)
		if err := heatmap.Save(path, rep, c.opts); err == nil {
			t.Errorf("%s: Save(%s, %+v): no error", name, c.path, c.opts)
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("%s: Save wrote %s although it failed", name, c.path)
		}
	}
}

func TestReportsThatCannotBeDrawnAreRefused(t *testing.T) {
	short := hotReport(t)
	short.Shards[3].Series.Records = short.Shards[3].Series.Records[:2]
	for name, rep := range map[string]*heat.Report{
		"nil":            nil,
		"no shards":      {Seconds: 10},
		"no seconds":     {Shards: []heat.ShardReport{{ShardId: "shardId-000000000000"}}},
		"a short series": short,
	} {
		if err := heatmap.Write(&bytes.Buffer{}, rep, heatmap.Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
