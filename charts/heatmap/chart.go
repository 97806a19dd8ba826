package heatmap

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/record"
)

// minColumnWidth is the narrowest a column of the heat map gets, in points, before seconds are binned.
const minColumnWidth = vg.Length(2.5)

// panelWidth is the width of the column at the right of the chart that holds the colour scale and the legend.
func panelWidth(width vg.Length) vg.Length {
	return min(vg.Points(150), 0.3*width)
}

// drawHeatMap draws the heat map, with its title and axes, on c.
func drawHeatMap(c draw.Canvas, rep *heat.Report) {
	p := plot.New()
	title := rep.Layout
	if rep.Name != "" {
		title = rep.Name + " on " + rep.Layout
	}
	p.Title.Text = fmt.Sprintf("%s\n%.0f records/s of %d B · imbalance %.2f · throttled %.1f%% of records in %d of %d s",
		title, rep.RecordsPerSecond, rep.RecordSize, rep.Imbalance, 100*ratio(rep.ThrottledRecords, rep.Records),
		rep.ThrottledSeconds, rep.Seconds)
	fitTitle(&p.Title.Text, &p.Title.TextStyle, c.Max.X-c.Min.X-vg.Points(10))
	p.X.Label.TextStyle.Font = sans(10)
	p.Y.Label.TextStyle.Font = sans(10)
	p.X.Tick.Label.Font = sans(9)
	p.X.Padding, p.Y.Padding = 0, 0

	// The columns: as many as fit at minColumnWidth in the width the plot will have (the canvas less the shard
	// labels, about a quarter of it).
	g := newGrid(rep, int(0.75*float64((c.Max.X-c.Min.X)/minColumnWidth)))
	p.Add(cells{g})
	p.X.Min, p.X.Max = 0, float64(rep.Seconds)
	p.Y.Min, p.Y.Max = -0.5, float64(len(rep.Shards))-0.5
	p.X.Label.Text = "time (virtual seconds)"
	if g.binSeconds > 1 {
		p.X.Label.Text = fmt.Sprintf("time (virtual seconds; each column shows the busiest of %d s)", g.binSeconds)
	}
	// At most a label every 45 points of the time axis (about the plot's width, the canvas less the shard labels).
	p.X.Tick.Marker = secondTicks{most: max(3, int(0.75*(c.Max.X-c.Min.X)/vg.Points(45)))}
	// The longest label of the shard axis that fits beside the rows.
	for _, label := range []string{"shard · its hottest key, share of its records", "shard · hottest key, share", "shard"} {
		p.Y.Label.Text = label
		if p.Y.Label.TextStyle.Width(label) <= c.Max.Y-c.Min.Y-vg.Points(90) {
			break
		}
	}
	p.Y.Tick.Marker = shardTicks(rep, g, c.Max.Y-c.Min.Y, &p.Y.Tick.Label)
	p.Draw(c)
}

// fitTitle sets the title's type between 11 and 8 points, the largest at which it fits in width; when it does not
// fit at 8 points, it breaks the title's lines at their " · " as well.
func fitTitle(title *string, sty *text.Style, width vg.Length) {
	for size := 11.0; size >= 8; size -= 0.5 {
		sty.Font = sans(size)
		if sty.Width(*title) <= width {
			return
		}
	}
	*title = strings.ReplaceAll(*title, " · ", "\n")
}

// shardTicks labels the rows with shardLabel: all of them when they are tall enough for a label in 6-point type or
// more, every second, third … row otherwise. It sets the size of the labels' type in sty.
func shardTicks(rep *heat.Report, g *grid, height vg.Length, sty *text.Style) plot.Ticker {
	// The rows share the canvas less the title and the time axis, about 90 points.
	row := (height - vg.Points(90)) / vg.Length(len(rep.Shards))
	size := min(max(row.Points()*0.7, 6), 10)
	sty.Font = sans(size)
	every := max(1, int(math.Ceil(size/0.7/max(row.Points(), 0.1)-1e-9)))
	var ticks []plot.Tick
	for r, sh := range g.shards {
		t := plot.Tick{Value: g.rowY(r)}
		if r%every == 0 {
			t.Label = shardLabel(sh, *sty, vg.Length(7)*sty.Font.Size)
		}
		ticks = append(ticks, t)
	}
	return plot.ConstantTicks(ticks)
}

// shortID is "shard 3" for "shardId-000000000003".
func shortID(id string) string {
	if i, ok := record.ParseShardID(id); ok {
		return "shard " + strconv.Itoa(i)
	}
	return id
}

// secondTicks labels the time axis at a round number of seconds, with at most about 12 labels, and fewer than
// most.
type secondTicks struct{ most int }

func (t secondTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400} {
		step = s
		if (hi-lo)/s <= float64(min(12, t.most)) {
			break
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// drawPanel draws the column at the right of the chart: the colour scale, above a legend of the marks and a table
// of the stream's hottest keys with their share of its records (as many as fit, up to five).
func drawPanel(c draw.Canvas, rep *heat.Report) {
	sty := text.Style{Color: color.Black, Font: sans(8.5), Handler: plot.New().Title.TextStyle.Handler,
		XAlign: draw.XLeft, YAlign: draw.YCenter}
	right := sty
	right.XAlign = draw.XRight
	line := 1.35 * sty.Font.Size
	x0, x1 := c.Min.X+vg.Points(10), c.Max.X-vg.Points(8)

	type entry struct {
		thumb func(c *draw.Canvas, x, y vg.Length)
		label string
	}
	entries := []entry{{label: "throttled second", thumb: func(c *draw.Canvas, x, y vg.Length) {
		c.DrawGlyphNoClip(draw.GlyphStyle{Shape: draw.CrossGlyph{}, Radius: vg.Points(3), Color: color.Black},
			vg.Point{X: x, Y: y})
	}}}
	for _, sh := range rep.Shards {
		if sh.OpenFromSeconds > 0 || sh.OpenUntilSeconds < rep.DurationSeconds {
			entries = append(entries, entry{label: "shard not open", thumb: func(c *draw.Canvas, x, y vg.Length) {
				s := 0.4 * line
				fill(c, notOpenColour, x-s, y-s, x+s, y+s)
				hatch(c, x-s, y-s, x+s, y+s)
			}})
			break
		}
	}
	keys := rep.HotKeys[:min(5, len(rep.HotKeys))]
	if rep.Records == 0 {
		keys = nil
	}
	// The scale gets the height the legend and the keys leave, and at least minScale: keys are dropped to keep it.
	const minScale = 110
	legend := vg.Length(len(entries))*line + vg.Points(8)
	table := func() vg.Length {
		if len(keys) == 0 {
			return 0
		}
		return vg.Length(1+len(keys))*line + vg.Points(8)
	}
	for len(keys) > 0 && c.Max.Y-c.Min.Y-legend-table() < vg.Points(minScale) {
		keys = keys[:len(keys)-1]
	}
	drawScale(draw.Crop(c, vg.Points(8), -vg.Points(56), legend+table()+vg.Points(18), -vg.Points(8)))

	y := c.Min.Y + legend + table() - line/2
	for _, e := range entries {
		e.thumb(&c, x0+vg.Points(4), y)
		c.FillText(sty, vg.Point{X: x0 + vg.Points(14), Y: y}, e.label)
		y -= line
	}
	if len(keys) == 0 {
		return
	}
	y -= vg.Points(8)
	c.FillText(sty, vg.Point{X: x0, Y: y}, "hottest keys")
	c.FillText(right, vg.Point{X: x1, Y: y}, "share")
	c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}, x0, y-line/2, x1, y-line/2)
	for _, k := range keys {
		y -= line
		pct := share(k, rep.Records)
		c.FillText(sty, vg.Point{X: x0, Y: y}, truncate(k.Key, sty, x1-x0-right.Width(pct)-vg.Points(6)))
		c.FillText(right, vg.Point{X: x1, Y: y}, pct)
	}
}

// drawScale draws the colour scale, 0 to 100 % of the write limit, with the colour of loads above 100 % as a
// block of its own on top.
func drawScale(c draw.Canvas) {
	p := plot.New()
	p.Title.Text = "offered load,\n% of write limit"
	p.Title.TextStyle.Font = sans(9)
	p.HideX()
	p.Y.Padding = 0
	p.Y.Tick.Label.Font = sans(8.5)
	p.Y.Tick.Marker = percentTicks{}
	p.Y.Min, p.Y.Max = 0, scaleTop
	p.Add(scaleBar{})
	p.Draw(c)
}

// scaleTop is the top of the colour scale's axis, in %: the block above 100 % reaches from overflowFrom to it.
const (
	overflowFrom = 104
	scaleTop     = 118
)

// scaleBar is the plot.Plotter of the colour scale: a stack of 1 % steps from 0 to 100 %, then the overflow block.
type scaleBar struct{}

func (scaleBar) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	x0, x1 := trX(0), trX(1)
	const steps = 200
	for i := range steps {
		top := trY(100 * float64(i+1) / steps)
		if i < steps-1 {
			top += seam
		}
		fill(&c, loadColour((float64(i)+0.5)/steps), x0, trY(100*float64(i)/steps), x1, top)
	}
	fill(&c, overflowColour, x0, trY(overflowFrom), x1, trY(scaleTop))
}

func (scaleBar) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, 0, scaleTop }

// percentTicks labels the colour scale every 25 %, and the overflow block "> 100%".
type percentTicks struct{}

func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var t []plot.Tick
	for v := 0; v <= 100; v += 25 {
		t = append(t, plot.Tick{Value: float64(v), Label: strconv.Itoa(v) + "%"})
	}
	return append(t, plot.Tick{Value: (overflowFrom + scaleTop) / 2, Label: "> 100%"})
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
