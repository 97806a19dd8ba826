package heatmap

import (
	"cmp"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kinesim/kinesim/heat"
)

// grid is what the heat map shows, worked out from a report: one cell per shard and column, a column covering
// binSeconds seconds (the last one fewer when they do not divide the run).
type grid struct {
	seconds    int
	binSeconds int
	// shards are the report's shards in the order of the rows, top to bottom (see rowOrder).
	shards []heat.ShardReport
	// load[r][c] is the largest load of shard r in the open seconds of column c, as a fraction of its write
	// limit; NaN when the shard was open in none of them.
	load [][]float64
	// throttled[r][c] tells whether shard r throttled records in any second of column c.
	throttled [][]bool
}

// niceSeconds are the column widths a long run is binned in, so the axis can say "the busiest of 5 s".
var niceSeconds = []int{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400}

// newGrid bins rep's seconds into at most maxColumns columns (at least one).
func newGrid(rep *heat.Report, maxColumns int) *grid {
	g := &grid{seconds: rep.Seconds, binSeconds: niceSeconds[len(niceSeconds)-1]}
	for _, s := range niceSeconds {
		if (rep.Seconds+s-1)/s <= max(maxColumns, 1) {
			g.binSeconds = s
			break
		}
	}
	cols := g.columns()
	g.shards = rowOrder(rep.Shards)
	for _, sh := range g.shards {
		load, throttled := make([]float64, cols), make([]bool, cols)
		for c := range cols {
			load[c] = math.NaN()
			for s := c * g.binSeconds; s < min((c+1)*g.binSeconds, rep.Seconds); s++ {
				if float64(s+1) <= sh.OpenFromSeconds || float64(s) >= sh.OpenUntilSeconds {
					continue // the shard was not open in this second
				}
				if u := sh.Series.Utilisation(s); math.IsNaN(load[c]) || u > load[c] {
					load[c] = u
				}
				throttled[c] = throttled[c] || sh.Series.Throttled[s] > 0
			}
		}
		g.load = append(g.load, load)
		g.throttled = append(g.throttled, throttled)
	}
	return g
}

// rowOrder sorts shards into the order of the rows: by the start of their hash-key range, then by the time they
// opened. A provisioned stream's shards keep the report's order; on a stream that split shards, each shard's
// children come right after it, so the rows read as a map of the hash-key space over time.
func rowOrder(shards []heat.ShardReport) []heat.ShardReport {
	rows := slices.Clone(shards)
	slices.SortStableFunc(rows, func(a, b heat.ShardReport) int {
		if c := a.StartingHashKey.Compare(b.StartingHashKey); c != 0 {
			return c
		}
		return cmp.Compare(a.OpenFromSeconds, b.OpenFromSeconds)
	})
	return rows
}

func (g *grid) columns() int { return (g.seconds + g.binSeconds - 1) / g.binSeconds }

// rowY is the y coordinate of the middle of row r: the first shard is at the top.
func (g *grid) rowY(r int) float64 { return float64(len(g.load) - 1 - r) }

// cells is the plot.Plotter that draws a grid: cells of one colour next to each other in a row are one rectangle,
// each drawn a little into the next so no hairline of background shows between them; the not-open ones are
// hatched, and throttled ones get a ×.
type cells struct{ g *grid }

// seam is how far a cell is drawn into its right and upper neighbours, which are drawn after it and cover it:
// more than a pixel, so that the pixel an edge falls in is fully covered before the neighbour's anti-aliased edge
// is blended into it (with less, a little of the white background shows through as hairlines).
const seam = vg.Length(1.2)

func (p cells) Plot(c draw.Canvas, plt *plot.Plot) {
	g := p.g
	trX, trY := plt.Transforms(&c)
	cols := g.columns()
	colX := func(col int) vg.Length { return trX(float64(min(col*g.binSeconds, g.seconds))) }
	// Rows bottom to top, so each row covers the seam of the one below.
	for r := len(g.load) - 1; r >= 0; r-- {
		y0, y1 := trY(g.rowY(r)-0.5), trY(g.rowY(r)+0.5)
		top := y1
		if r > 0 {
			top += seam
		}
		for c0 := 0; c0 < cols; {
			col := loadColour(g.load[r][c0])
			c1 := c0 + 1
			for c1 < cols && loadColour(g.load[r][c1]) == col {
				c1++
			}
			x0, x1 := colX(c0), colX(c1)
			right := x1
			if c1 < cols {
				right += seam
			}
			fill(&c, col, x0, y0, right, top)
			if col == notOpenColour {
				hatch(&c, x0, y0, x1, y1)
			}
			c0 = c1
		}
	}
	// The marks, once every cell is drawn, in the colour that stands out on their cell.
	colWidth := colX(1) - colX(0)
	rowHeight := trY(1) - trY(0)
	radius := min(max(0.3*min(colWidth, rowHeight), vg.Points(2)), vg.Points(3.5))
	for r := range g.load {
		for col, th := range g.throttled[r] {
			if !th {
				continue
			}
			x := (colX(col) + colX(col+1)) / 2
			sty := draw.GlyphStyle{Shape: draw.CrossGlyph{}, Radius: radius, Color: markColour(loadColour(g.load[r][col]))}
			c.DrawGlyphNoClip(sty, vg.Point{X: x, Y: trY(g.rowY(r))})
		}
	}
}

func (p cells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, float64(p.g.seconds), -0.5, float64(len(p.g.load)) - 0.5
}

// fill paints the rectangle x0…x1 × y0…y1.
func fill(c *draw.Canvas, col color.Color, x0, y0, x1, y1 vg.Length) {
	c.FillPolygon(col, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
}

// hatchSpacing is the distance between the lines of a hatched area, along either axis.
const hatchSpacing = vg.Length(6)

// hatch draws diagonal lines (rising to the right) over the rectangle x0…x1 × y0…y1, on one grid for the whole
// canvas so that the hatching of neighbouring rectangles lines up.
func hatch(c *draw.Canvas, x0, y0, x1, y1 vg.Length) {
	sty := draw.LineStyle{Color: hatchColour, Width: vg.Points(0.75)}
	// Lines y = x + k for k on a grid of hatchSpacing; each crosses the rectangle where x0 ≤ x ≤ x1 and
	// y0 ≤ y ≤ y1.
	first := vg.Length(math.Ceil(float64((y0-x1)/hatchSpacing))) * hatchSpacing
	for k := first; k <= y1-x0; k += hatchSpacing {
		from, to := max(x0, y0-k), min(x1, y1-k)
		if from < to {
			c.StrokeLine2(sty, from, from+k, to, to+k)
		}
	}
}
