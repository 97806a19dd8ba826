package heatmap

import (
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/record"
)

func labelStyle(size float64) text.Style {
	return text.Style{Font: sans(size), Handler: plot.New().Title.TextStyle.Handler}
}

func TestRowLabelNamesTheShardsHottestKeyAndItsShare(t *testing.T) {
	sty := labelStyle(10)
	for _, c := range []struct {
		sh   heat.ShardReport
		want string
	}{
		{heat.ShardReport{ShardId: record.ShardID(3), Records: 1000,
			HotKeys: []heat.KeyCount{{Key: "tenant-hot", Records: 410}, {Key: "b", Records: 10}}}, "shard 3 · tenant-hot 41%"},
		{heat.ShardReport{ShardId: record.ShardID(12), Records: 1000,
			HotKeys: []heat.KeyCount{{Key: "k", Records: 71, MaxOvercount: 5}}}, "shard 12 · k ≤7.1%"},
		{heat.ShardReport{ShardId: record.ShardID(0), Records: 100_000,
			HotKeys: []heat.KeyCount{{Key: "k", Records: 35}}}, "shard 0 · k 0.04%"},
		{heat.ShardReport{ShardId: record.ShardID(1)}, "shard 1"},
		{heat.ShardReport{ShardId: "my-shard", Records: 5, HotKeys: []heat.KeyCount{{Key: "k", Records: 5}}}, "my-shard · k 100%"},
	} {
		if got := shardLabel(c.sh, sty, 100); got != c.want {
			t.Errorf("label %q, want %q", got, c.want)
		}
	}
	if got := share(heat.KeyCount{Records: 1}, 1_000_000); got != "<0.01%" {
		t.Errorf("1 in a million is %q, want <0.01%%", got)
	}
}

func TestLongKeysAreCutToFit(t *testing.T) {
	sty := labelStyle(10)
	width := vg.Points(60)
	long := "tenant-with-a-very-long-partition-key-0001"
	cut := truncate(long, sty, width)
	if !strings.HasSuffix(cut, "…") || !strings.HasPrefix(long, strings.TrimSuffix(cut, "…")) {
		t.Errorf("%q cut to %q, want a beginning of it and …", long, cut)
	}
	if w := sty.Width(cut); w > width {
		t.Errorf("%q is %v wide, more than %v", cut, w, width)
	}
	if got := truncate("key-1", sty, width); got != "key-1" {
		t.Errorf("a short key became %q", got)
	}
	if got := truncate("ééééééééééééééééééééé", sty, vg.Points(1)); got != "é…" {
		t.Errorf("a key cut to nothing is %q, want its first rune and …", got)
	}
}

func TestLabelsStayReadableWithManyShards(t *testing.T) {
	const height = vg.Length(450) // a 600-pixel chart
	for _, n := range []int{4, 16, 32, 64, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rep := &heat.Report{Seconds: 10}
			for i := range n {
				rep.Shards = append(rep.Shards, heat.ShardReport{ShardId: record.ShardID(i), Records: 100,
					HotKeys: []heat.KeyCount{{Key: "customer-with-a-long-key-" + fmt.Sprint(i), Records: 40}}})
			}
			g := &grid{seconds: 10, binSeconds: 1, shards: rep.Shards, load: make([][]float64, n), throttled: make([][]bool, n)}
			var sty text.Style
			sty.Handler = plot.New().Title.TextStyle.Handler
			ticks := shardTicks(rep, g, height, &sty).Ticks(-0.5, float64(n)-0.5)
			size := sty.Font.Size.Points()
			if size < 6 {
				t.Errorf("labels in %.1f-point type, want 6 or more", size)
			}
			if n <= 16 && size < 9 {
				t.Errorf("%d shards in %.1f-point type, want 9 or more", n, size)
			}
			row := (height - 90) / vg.Length(n)
			var labelled []float64
			for _, tk := range ticks {
				if tk.Label == "" {
					continue
				}
				labelled = append(labelled, tk.Value)
				if w := sty.Width(tk.Label); w > vg.Points(150) {
					t.Errorf("label %q is %v wide, want 150 points at most", tk.Label, w)
				}
			}
			if n <= 32 && len(labelled) != n {
				t.Errorf("%d of %d rows labelled, want all", len(labelled), n)
			}
			for i := 1; i < len(labelled); i++ {
				if gap := vg.Length(labelled[i-1]-labelled[i]) * row; gap < sty.Font.Size {
					t.Errorf("labels %.1f points apart in %.1f-point type: they overlap", gap.Points(), size)
					break
				}
			}
		})
	}
}
