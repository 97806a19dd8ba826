package heatmap

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"testing"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/record"
)

// constantShard is a shard sent records at load × its record limit in every second of a run of seconds, open
// from from to until; it throttles in every second above its limit.
func constantShard(i int, seconds int, load float64, from, until float64) heat.ShardReport {
	sh := heat.ShardReport{ShardId: record.ShardID(i), OpenFromSeconds: from, OpenUntilSeconds: until,
		OpenSeconds: until - from}
	for s := range seconds {
		var n, th int64
		if float64(s+1) > from && float64(s) < until {
			n = int64(math.Round(load * 1000))
			th = max(n-1000, 0)
		}
		sh.Series.Records = append(sh.Series.Records, n)
		sh.Series.Bytes = append(sh.Series.Bytes, n*100)
		sh.Series.Throttled = append(sh.Series.Throttled, th)
		sh.Records += n
		sh.ThrottledRecords += th
	}
	return sh
}

// testReport has four shards of 60 seconds: at 98 %, 75 % and 150 % of the write limit, and one at 30 % that
// opens half way through.
func testReport() *heat.Report {
	return &heat.Report{Name: "test", Layout: "4 provisioned shards", Seconds: 60, DurationSeconds: 60,
		RecordsPerSecond: 3530, RecordSize: 100,
		Shards: []heat.ShardReport{
			constantShard(0, 60, 0.98, 0, 60),
			constantShard(1, 60, 0.75, 0, 60),
			constantShard(2, 60, 1.50, 0, 60),
			constantShard(3, 60, 0.30, 30, 60),
		}}
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

// pixels counts the pixels of each colour in img.
func pixels(img image.Image) map[color.NRGBA]int {
	n := make(map[color.NRGBA]int)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			n[color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)]++
		}
	}
	return n
}

func TestCellsAreColouredByTheirLoad(t *testing.T) {
	b, err := render(testReport(), Options{Format: "png"})
	if err != nil {
		t.Fatal(err)
	}
	n := pixels(decodePNG(t, b))
	// Each shard's row is about 900 × 120 pixels of its colour, less its marks (and half of it for shard 3).
	for name, c := range map[string]color.NRGBA{
		"98%": loadColour(0.98), "75%": loadColour(0.75), "over 100%": overflowColour, "30%": loadColour(0.30),
		"not open": notOpenColour,
	} {
		if n[c] < 20_000 {
			t.Errorf("%s: %d pixels of %v, want the cells of a whole row", name, n[c], c)
		}
	}
}

func TestChildShardsComeRightAfterTheirParent(t *testing.T) {
	mid, end := record.HashKeyFromUint64s(1<<63, 0), record.MaxHashKey // 2^127: half the hash-key space
	// In the order first seen, as heat reports them: the parents, then the children of shard 1, then of shard 0.
	parent0 := heat.ShardReport{ShardId: record.ShardID(0), EndingHashKey: mid, OpenUntilSeconds: 60}
	parent1 := heat.ShardReport{ShardId: record.ShardID(1), StartingHashKey: mid.Add(1), EndingHashKey: end, OpenUntilSeconds: 30}
	child1a := heat.ShardReport{ShardId: record.ShardID(2), StartingHashKey: mid.Add(1), OpenFromSeconds: 30}
	child1b := heat.ShardReport{ShardId: record.ShardID(3), StartingHashKey: mid.Add(1 << 60), OpenFromSeconds: 30}
	child0a := heat.ShardReport{ShardId: record.ShardID(4), OpenFromSeconds: 60}
	var got []string
	for _, sh := range rowOrder([]heat.ShardReport{parent0, parent1, child1b, child1a, child0a}) {
		got = append(got, shortID(sh.ShardId))
	}
	want := []string{"shard 0", "shard 4", "shard 1", "shard 2", "shard 3"}
	if !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}
