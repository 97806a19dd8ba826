package heatmap

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/record"
)

// Options sets the size and format of a chart. The zero value is a 1200×600 PNG.
type Options struct {
	// Width and Height are in pixels (at 96 dpi for SVG); 0 means 1200 and 600.
	Width, Height int
	// Format is "png" (the default) or "svg".
	Format string
}

// chartDPI is the resolution at which chart pixels map to lengths.
const chartDPI = 96

// notOpen is the colour of seconds in which a shard was not open: a dark grey, far from every colour of the
// blue–white–red load scale (whose middle, 100 %, is a light grey).
var notOpen = color.Gray{Y: 0x50}

// maxUtilisation is the top of the colour scale: twice the shard limit. Loads above it get the top colour.
const maxUtilisation = 2.0

// Save writes the report's chart to path, as SVG if path ends in ".svg" and as PNG otherwise
// (opts.Format is ignored).
func Save(path string, rep *heat.Report, opts Options) (err error) {
	opts.Format = "png"
	if strings.EqualFold(filepath.Ext(path), ".svg") {
		opts.Format = "svg"
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return Write(f, rep, opts)
}

// Write draws the report as a heat map of shards (rows, in report order) over the seconds of the run
// (columns): each cell is coloured by the shard's offered load in that second as a share of its write limit (the
// larger of records/1,000 and bytes/1 MiB) — blue with headroom, white at the limit, red above it — with a colour
// scale at the right; a × marks every second in which the shard throttled records; dark grey cells are seconds in which
// the shard was not open.
func Write(w io.Writer, rep *heat.Report, opts Options) error {
	if opts.Width == 0 {
		opts.Width = 1200
	}
	if opts.Height == 0 {
		opts.Height = 600
	}
	if opts.Width < 200 || opts.Height < 150 {
		return fmt.Errorf("heatmap: a chart needs at least 200×150 pixels, not %d×%d", opts.Width, opts.Height)
	}
	if len(rep.Shards) == 0 || rep.Seconds == 0 {
		return fmt.Errorf("heatmap: the report has no shards or no seconds to chart")
	}
	width := vg.Length(opts.Width) * vg.Inch / chartDPI
	height := vg.Length(opts.Height) * vg.Inch / chartDPI

	var canvas vg.CanvasWriterTo
	switch opts.Format {
	case "", "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(chartDPI))}
	case "svg":
		canvas = vgsvg.New(width, height)
	default:
		return fmt.Errorf("heatmap: unknown chart format %q (png or svg)", opts.Format)
	}
	dc := draw.New(canvas)

	colours := moreland.SmoothBlueRed()
	colours.SetMin(0)
	colours.SetMax(100 * maxUtilisation)

	heatMap, marked, err := heatPlot(rep, colours)
	if err != nil {
		return err
	}
	bar := plot.New()
	bar.Title.Text = "offered load,\n% of write limit"
	bar.Title.TextStyle.Font.Size = vg.Points(10)
	bar.HideX()
	bar.Y.Padding = 0
	bar.Y.Tick.Marker = percentTicks{}
	bar.Add(&plotter.ColorBar{ColorMap: colours, Vertical: true})

	// The heat map on the left; on the right, the colour scale above a legend of the marks.
	right := vg.Points(130)
	legendHeight := vg.Points(64)
	heatMap.Draw(draw.Crop(dc, 0, -right, 0, 0))
	bar.Draw(draw.Crop(dc, width-right+vg.Points(16), -vg.Points(24), legendHeight+vg.Points(34), -vg.Points(8)))
	legend := plot.NewLegend()
	legend.Left, legend.Top = true, true
	legend.TextStyle.Font.Size = vg.Points(9)
	legend.Add("throttled second", marked)
	for _, sh := range rep.Shards {
		if sh.OpenFromSeconds > 0 || sh.OpenUntilSeconds < rep.DurationSeconds {
			legend.Add("shard not open", swatch{notOpen})
			break
		}
	}
	legend.Draw(draw.Crop(dc, width-right+vg.Points(12), 0, 0, -(height - legendHeight)))
	_, err = canvas.WriteTo(w)
	return err
}

// heatPlot is the heat map itself, with the throttled seconds marked.
func heatPlot(rep *heat.Report, colours palette.ColorMap) (*plot.Plot, *plotter.Scatter, error) {
	p := plot.New()
	title := rep.Layout
	if rep.Name != "" {
		title = rep.Name + " on " + rep.Layout
	}
	p.Title.Text = fmt.Sprintf("%s\n%.0f records/s of %d B · imbalance %.2f · throttled %.1f%% of records in %d of %d s",
		title, rep.RecordsPerSecond, rep.RecordSize, rep.Imbalance, 100*ratio(rep.ThrottledRecords, rep.Records),
		rep.ThrottledSeconds, rep.Seconds)
	p.X.Label.Text = "time (virtual seconds)"
	p.Y.Label.Text = "shard"
	p.X.Padding, p.Y.Padding = 0, 0

	g := grid{rep}
	h := plotter.NewHeatMap(g, colours.Palette(256))
	h.Min, h.Max = 0, 100*maxUtilisation
	top := h.Palette.Colors()
	h.Overflow = top[len(top)-1]
	h.NaN = notOpen
	p.Add(h)

	var marks plotter.XYs
	for r, sh := range rep.Shards {
		for c, n := range sh.Series.Throttled {
			if n > 0 {
				marks = append(marks, plotter.XY{X: g.X(c), Y: g.Y(r)})
			}
		}
	}
	sc := &plotter.Scatter{XYs: marks, GlyphStyle: draw.GlyphStyle{Shape: draw.CrossGlyph{}, Color: color.Black,
		Radius: vg.Points(3)}}
	p.Add(sc)

	p.X.Min, p.X.Max = 0, float64(rep.Seconds)
	p.Y.Min, p.Y.Max = -0.5, float64(len(rep.Shards))-0.5
	every := (len(rep.Shards) + 31) / 32 // at most 32 labels
	var ticks []plot.Tick
	for r, sh := range rep.Shards {
		t := plot.Tick{Value: float64(r)}
		if r%every == 0 {
			t.Label = shortID(sh.ShardId)
		}
		ticks = append(ticks, t)
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Marker = secondTicks{}
	return p, sc, nil
}

// shortID is "shard 3" for "shardId-000000000003".
func shortID(id string) string {
	if i, ok := record.ParseShardID(id); ok {
		return "shard " + strconv.Itoa(i)
	}
	return id
}

// grid presents a report's per-second utilisation as a plotter.GridXYZ: column c is second c, row r is shard r.
type grid struct{ rep *heat.Report }

func (g grid) Dims() (c, r int) { return g.rep.Seconds, len(g.rep.Shards) }
func (g grid) X(c int) float64  { return float64(c) + 0.5 }
func (g grid) Y(r int) float64  { return float64(r) }

func (g grid) Z(c, r int) float64 {
	sh := &g.rep.Shards[r]
	if float64(c+1) <= sh.OpenFromSeconds || float64(c) >= sh.OpenUntilSeconds {
		return math.NaN() // the shard was not open in this second
	}
	return 100 * sh.Series.Utilisation(c)
}

// percentTicks labels the colour scale every 25 %.
type percentTicks struct{}

func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var t []plot.Tick
	for v := math.Ceil(lo/25) * 25; v <= hi+1e-9; v += 25 {
		tk := plot.Tick{Value: v}
		if int(v)%50 == 0 {
			tk.Label = strconv.Itoa(int(v)) + "%"
		}
		t = append(t, tk)
	}
	return t
}

// secondTicks labels the time axis at a round number of seconds, with at most about 12 labels.
type secondTicks struct{}

func (secondTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200} {
		step = s
		if (hi-lo)/s <= 12 {
			break
		}
	}
	var t []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		t = append(t, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return t
}

// swatch is a legend thumbnail: a square of one colour.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	side := min(c.Max.X-c.Min.X, c.Max.Y-c.Min.Y)
	mid := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
	lo, hi := mid.Y-side/2, mid.Y+side/2
	left, right := mid.X-side/2, mid.X+side/2
	c.FillPolygon(s.c, []vg.Point{{X: left, Y: lo}, {X: right, Y: lo}, {X: right, Y: hi}, {X: left, Y: hi}})
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
