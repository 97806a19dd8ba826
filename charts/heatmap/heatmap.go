package heatmap

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/kinesim/kinesim/heat"
)

// Options sets the size and format of a chart. The zero value is a 1200×600 PNG.
type Options struct {
	// Width and Height are the chart's size in pixels (at 96 dpi for SVG); 0 means 1200 and 600. A chart is at
	// least MinWidth×MinHeight and at most MaxSide pixels a side.
	Width, Height int
	// Format is "png" or "svg". Empty means PNG for [Write], and for [Save] the format the file's extension
	// names.
	Format string
}

// The bounds of [Options.Width] and [Options.Height], in pixels. Below the minimum the shard labels, the colour
// scale and the legend no longer fit beside the heat map.
const (
	MinWidth  = 640
	MinHeight = 320
	MaxSide   = 8000
)

// dpi is the resolution at which chart pixels map to lengths.
const dpi = 96

// Write draws rep as a heat map and writes it to w as a PNG or an SVG image.
//
// Rows are the report's shards, top to bottom in the order of their hash-key ranges (the report's order, unless
// the stream split shards: then each shard's children come right after it). Each row is labelled with the
// shard's number, its hottest key and that key's share of the shard's records ("shard 3 · tenant-hot 41%";
// "≤41%" when the count is an upper bound, see [heat.KeyCount.MaxOvercount]); long keys are cut short with "…",
// and with many shards the labels get smaller, then only every second (third …) row is labelled.
//
// Columns are the seconds of the run. A cell's colour is the shard's offered load in that second as a share of
// its write limit (the larger of records/1,000 and bytes/1 MiB, see [heat.Series.Utilisation]), on a sequential
// scale from light yellow at 0 % through orange and red to dark red at 100 %; a load above 100 % is deep purple,
// and a second in which the shard was not open is hatched blue-grey. A × marks each second in which the shard
// throttled records. When the run has more seconds than the chart has room for columns, a column covers several
// seconds and shows the busiest of them (the axis label says how many).
//
// At the right are the colour scale, a legend of the marks and a table of the stream's hottest keys (up to five,
// as many as fit) with their share of its records.
//
// Write returns an error, and writes nothing, for options out of bounds, an unknown format, or a report without
// shards or seconds or whose series are shorter than its seconds.
func Write(w io.Writer, rep *heat.Report, opts Options) error {
	if opts.Format == "" {
		opts.Format = "png"
	}
	b, err := render(rep, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Save draws rep as [Write] does and writes the chart to the file path, replacing it if it exists. The format is
// opts.Format or, when that is empty, the one the extension of path names (.png or .svg, in any case); a path
// whose extension names the other format than opts.Format is refused. Nothing is written when the chart cannot be
// drawn.
func Save(path string, rep *heat.Report, opts Options) error {
	ext := strings.ToLower(filepath.Ext(path))
	named := map[string]string{".png": "png", ".svg": "svg"}[ext]
	switch {
	case opts.Format == "" && named == "":
		return fmt.Errorf("heatmap: cannot tell the format of %s: name it .png or .svg, or set Options.Format", path)
	case opts.Format == "":
		opts.Format = named
	case named != "" && !strings.EqualFold(named, opts.Format):
		return fmt.Errorf("heatmap: %s is named %s but Options.Format is %q", path, ext, opts.Format)
	}
	b, err := render(rep, opts)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o666)
}

// render draws the chart in memory, so that a chart that cannot be drawn writes nothing.
func render(rep *heat.Report, opts Options) ([]byte, error) {
	if opts.Width == 0 {
		opts.Width = 1200
	}
	if opts.Height == 0 {
		opts.Height = 600
	}
	if opts.Width < MinWidth || opts.Height < MinHeight || opts.Width > MaxSide || opts.Height > MaxSide {
		return nil, fmt.Errorf("heatmap: a chart is %d×%d to %d×%d pixels, not %d×%d",
			MinWidth, MinHeight, MaxSide, MaxSide, opts.Width, opts.Height)
	}
	if err := check(rep); err != nil {
		return nil, err
	}
	width := vg.Length(opts.Width) * vg.Inch / dpi
	height := vg.Length(opts.Height) * vg.Inch / dpi
	var canvas vg.CanvasWriterTo
	switch strings.ToLower(opts.Format) {
	case "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))}
	case "svg":
		canvas = vgsvg.New(width, height)
	default:
		return nil, fmt.Errorf("heatmap: unknown format %q (png or svg)", opts.Format)
	}
	dc := draw.New(canvas)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	panel := panelWidth(width)
	drawHeatMap(draw.Crop(dc, 0, -panel, 0, 0), rep)
	drawPanel(draw.Crop(dc, width-panel, 0, 0, 0), rep)

	var b bytes.Buffer
	if _, err := canvas.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("heatmap: %w", err)
	}
	return b.Bytes(), nil
}

// check refuses a report the chart cannot be drawn from: one built by hand, or decoded from damaged JSON.
func check(rep *heat.Report) error {
	if rep == nil {
		return errors.New("heatmap: no report")
	}
	if len(rep.Shards) == 0 || rep.Seconds <= 0 {
		return errors.New("heatmap: the report has no shards or no seconds to chart")
	}
	for _, sh := range rep.Shards {
		s := sh.Series
		if len(s.Records) < rep.Seconds || len(s.Bytes) < rep.Seconds || len(s.Throttled) < rep.Seconds {
			return fmt.Errorf("heatmap: %s has %d, %d and %d seconds of records, bytes and throttled records; the report has %d",
				sh.ShardId, len(s.Records), len(s.Bytes), len(s.Throttled), rep.Seconds)
		}
	}
	return nil
}

// sans is the chart's typeface at size points: a sans serif reads better than the default serif at small sizes.
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}
