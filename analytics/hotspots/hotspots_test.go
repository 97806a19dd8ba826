package hotspots_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/analytics/hotspots"
)

// generator is the developer guide's HOTSPOTS data generator (app-hotspots-prepare): points in a 10×10 field,
// 20 % of them drawn from a 1×1 hotspot square that moves every 1000 points.
type generator struct {
	rng    *rand.Rand
	n      int
	hx, hy float64 // the hotspot square's lower corner
}

func newGenerator(seed uint64) *generator {
	g := &generator{rng: rand.New(rand.NewPCG(seed, 1))}
	g.move()
	return g
}

func (g *generator) move() { g.hx, g.hy = g.rng.Float64()*9, g.rng.Float64()*9 }

func (g *generator) next() (p []float64, hot bool) {
	if g.n > 0 && g.n%1000 == 0 {
		g.move()
	}
	g.n++
	if g.rng.Float64() < 0.2 {
		return []float64{g.hx + g.rng.Float64(), g.hy + g.rng.Float64()}, true
	}
	return []float64{g.rng.Float64() * 10, g.rng.Float64() * 10}, false
}

// The developer guide's application, HOTSPOTS(…, 1000, 0.2, 17) on its generator's points (DG:app-hotspots-
// detection), finds the hotspot: once the window holds only points of the current square, the densest hotspot
// is that square (its box lies within it, give or take the radius, and holds its centre) and no other hotspot is
// reported; the JSON is the documented {"hotspots":[{"density","minValues","maxValues"}]}.
func TestDeveloperGuideHotspotIsFound(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		g := newGenerator(seed)
		h, err := hotspots.New(hotspots.Config{WindowSize: 1000, ScanRadius: 0.2, MinimumNumberOfPointsInAHotspot: 17, Dimensions: 2})
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for i := range 5000 {
			p, _ := g.next()
			if i%1000 != 999 { // the window holds exactly the points of one square at i%1000 == 999
				if err := h.Push(p); err != nil {
					t.Fatal(err)
				}
				continue
			}
			res, err := h.Add(p)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			if len(res.Hotspots) != 1 {
				t.Fatalf("seed %d point %d: %d hotspots %+v, want the one square at (%.2f, %.2f)", seed, i, len(res.Hotspots), res.Hotspots, g.hx, g.hy)
			}
			hs := res.Hotspots[0]
			cx, cy := g.hx+0.5, g.hy+0.5
			if hs.MinValues[0] > cx || hs.MaxValues[0] < cx || hs.MinValues[1] > cy || hs.MaxValues[1] < cy {
				t.Errorf("seed %d: box %v–%v misses the square's centre (%.2f, %.2f)", seed, hs.MinValues, hs.MaxValues, cx, cy)
			}
			if hs.MinValues[0] < g.hx-0.2 || hs.MaxValues[0] > g.hx+1.2 || hs.MinValues[1] < g.hy-0.2 || hs.MaxValues[1] > g.hy+1.2 {
				t.Errorf("seed %d: box %v–%v reaches beyond the square at (%.2f, %.2f) by more than the radius", seed, hs.MinValues, hs.MaxValues, g.hx, g.hy)
			}
			if hs.Points < 170 || hs.Density < 5 {
				t.Errorf("seed %d: hotspot of %d points, density %.2f", seed, hs.Points, hs.Density)
			}
			var decoded struct {
				Hotspots []struct {
					Density   *float64  `json:"density"`
					MinValues []float64 `json:"minValues"`
					MaxValues []float64 `json:"maxValues"`
				} `json:"hotspots"`
			}
			js := res.AppendJSON(nil)
			if err := json.Unmarshal(js, &decoded); err != nil || len(decoded.Hotspots) != 1 || decoded.Hotspots[0].Density == nil ||
				len(decoded.Hotspots[0].MinValues) != 2 || len(decoded.Hotspots[0].MaxValues) != 2 {
				t.Errorf("JSON %s: %v", js, err)
			}
		}
		if checked != 5 {
			t.Fatalf("checked %d windows", checked)
		}
	}
}

// Uniform points (no hotspot in the generator) give no hotspot: about one neighbour within 0.2 per point,
// far from 17.
func TestUniformPointsHaveNoHotspot(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	h, _ := hotspots.New(hotspots.Config{WindowSize: 1000, ScanRadius: 0.2, MinimumNumberOfPointsInAHotspot: 17, Dimensions: 2})
	for i := range 1500 {
		res, err := h.Add([]float64{rng.Float64() * 10, rng.Float64() * 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hotspots) != 0 {
			t.Fatalf("point %d: hotspots %+v in uniform data", i, res.Hotspots)
		}
		if js := string(res.AppendJSON(nil)); js != `{"hotspots":[]}` {
			t.Fatalf("JSON %s", js)
		}
	}
}

// Two separate dense squares are two hotspots, densest first.
func TestTwoSquaresAreTwoHotspots(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	h, _ := hotspots.New(hotspots.Config{WindowSize: 500, ScanRadius: 0.3, MinimumNumberOfPointsInAHotspot: 10, Dimensions: 2})
	var res hotspots.Result
	for i := range 500 {
		var p []float64
		switch i % 5 {
		case 0, 1:
			p = []float64{1 + rng.Float64(), 1 + rng.Float64()} // 200 points in 1×1
		case 2:
			p = []float64{6 + 2*rng.Float64(), 6 + 2*rng.Float64()} // 100 points in 2×2
		default:
			p = []float64{rng.Float64() * 10, rng.Float64() * 10}
		}
		res, _ = h.Add(p)
	}
	if len(res.Hotspots) != 2 {
		t.Fatalf("%d hotspots: %+v", len(res.Hotspots), res.Hotspots)
	}
	if res.Hotspots[0].MinValues[0] > 2 || res.Hotspots[1].MinValues[0] < 5 || res.Hotspots[0].Density < res.Hotspots[1].Density {
		t.Errorf("hotspots %+v", res.Hotspots)
	}
}

// New rejects parameters outside HOTSPOTS' ranges (windowSize 100 to 1000), naming the field; Add rejects a
// point of the wrong length or with NaN/Inf and keeps the window.
func TestConfigRangesAndInvalidPoints(t *testing.T) {
	for _, tc := range []struct {
		cfg  hotspots.Config
		want string
	}{
		{hotspots.Config{WindowSize: 99, ScanRadius: 1, MinimumNumberOfPointsInAHotspot: 2, Dimensions: 1}, "WindowSize"},
		{hotspots.Config{WindowSize: 1001, ScanRadius: 1, MinimumNumberOfPointsInAHotspot: 2, Dimensions: 1}, "WindowSize"},
		{hotspots.Config{WindowSize: 100, ScanRadius: 0, MinimumNumberOfPointsInAHotspot: 2, Dimensions: 1}, "ScanRadius"},
		{hotspots.Config{WindowSize: 100, ScanRadius: 1, MinimumNumberOfPointsInAHotspot: 1, Dimensions: 1}, "MinimumNumberOfPointsInAHotspot"},
		{hotspots.Config{WindowSize: 100, ScanRadius: 1, MinimumNumberOfPointsInAHotspot: 2, Dimensions: 0}, "Dimensions"},
	} {
		if _, err := hotspots.New(tc.cfg); !errors.Is(err, hotspots.ErrConfig) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v", tc.cfg, err)
		}
	}
	h, _ := hotspots.New(hotspots.Config{WindowSize: 100, ScanRadius: 1, MinimumNumberOfPointsInAHotspot: 3, Dimensions: 2})
	for range 5 {
		h.Add([]float64{0, 0})
	}
	for _, p := range [][]float64{nil, {1}, {1, 2, 3}, {0, nan()}} {
		if _, err := h.Add(p); !errors.Is(err, hotspots.ErrPoint) {
			t.Errorf("Add(%v) = %v", p, err)
		}
	}
	res, _ := h.Add([]float64{0, 0})
	if len(res.Hotspots) != 1 || res.Hotspots[0].Points != 6 {
		t.Errorf("after invalid points: %+v", res.Hotspots)
	}
}

func nan() float64 { var z float64; return z / z }

// BenchmarkHotspots is the developer guide's application: a full window of 1000 points, one Add per point.
func BenchmarkHotspots(b *testing.B) {
	g := newGenerator(1)
	h, _ := hotspots.New(hotspots.Config{WindowSize: 1000, ScanRadius: 0.2, MinimumNumberOfPointsInAHotspot: 17, Dimensions: 2})
	pts := make([][]float64, 4000)
	for i := range pts {
		pts[i], _ = g.next()
	}
	for _, p := range pts[:1000] {
		h.Add(p)
	}
	b.ReportAllocs()
	i := 1000
	for b.Loop() {
		h.Add(pts[i%len(pts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
}
