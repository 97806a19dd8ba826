package hotspots

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// The window sizes HOTSPOTS accepts: "100 to 1000 inclusive" (SQL reference, sqlrf-hotspots, analytics.md §3).
const (
	MinWindowSize = 100
	MaxWindowSize = 1000
	MaxDimensions = 100
)

// Config configures a Detector with HOTSPOTS' parameters (SQL reference, sqlrf-hotspots:
// HOTSPOTS(inputStream, windowSize, scanRadius, minimumNumberOfPointsInAHotspot)).
type Config struct {
	// WindowSize is the number of most recent points the detector looks at, 100 to 1000.
	WindowSize int
	// ScanRadius is the distance within which two points of a hotspot are neighbours ("analogous to the ε
	// value in the DBSCAN algorithm"). Positive and finite.
	ScanRadius float64
	// MinimumNumberOfPointsInAHotspot is how many points, itself included, must lie within ScanRadius of a point
	// for it to be inside a hotspot (DBSCAN's minPts). At least 2.
	MinimumNumberOfPointsInAHotspot int
	// Dimensions is the number of numeric columns of a point, 1 to 100.
	Dimensions int
}

// ErrConfig is the error New returns, wrapped with the reason, for a Config outside the ranges.
var ErrConfig = errors.New("hotspots: invalid config")

// ErrPoint is the error Add returns, wrapped with the reason, for a point of the wrong length or with a NaN or
// infinite value; the window is unchanged.
var ErrPoint = errors.New("hotspots: invalid point")

// Hotspot is one hotspot of HOTSPOTS_RESULT: a dense region of the window, as its points' bounding box.
type Hotspot struct {
	// Density is how much denser than the window as a whole the hotspot is: its share of the window's points
	// divided by its share of the window's volume, both boxes widened by ScanRadius/2 on every side (so a flat
	// box has a volume). 1 is the window's average; the developer guide's viewer keeps hotspots of density ≥ 40
	// of its own scale. AWS documents no formula (analytics.md §3, UNVERIFIED): this is kinesim's.
	Density float64 `json:"density"`
	// MinValues and MaxValues are the bounding box of the hotspot's points, per dimension.
	MinValues []float64 `json:"minValues"`
	MaxValues []float64 `json:"maxValues"`
	// Points is the number of window points in the hotspot (not in KDA's output; AppendJSON leaves it out).
	Points int `json:"-"`
}

// Result is HOTSPOTS_RESULT: the hotspots of the window, densest first.
type Result struct {
	Hotspots []Hotspot `json:"hotspots"`
}

// AppendJSON appends the result as HOTSPOTS_RESULT's JSON:
// {"hotspots":[{"density":…,"minValues":[…],"maxValues":[…]},…]} (developer guide, app-hotspots-verify-output).
func (r Result) AppendJSON(b []byte) []byte {
	b = append(b, `{"hotspots":[`...)
	for i, h := range r.Hotspots {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"density":`...)
		b = strconv.AppendFloat(b, h.Density, 'g', -1, 64)
		b = append(b, `,"minValues":`...)
		b = appendFloats(b, h.MinValues)
		b = append(b, `,"maxValues":`...)
		b = appendFloats(b, h.MaxValues)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

func appendFloats(b []byte, v []float64) []byte {
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	return append(b, ']')
}

// Detector finds hotspots in a sliding window of the most recent points: HOTSPOTS' state.
//
// A Detector is not safe for concurrent use; it starts no goroutines and reads no clock.
type Detector struct {
	cfg    Config
	points []float64 // ring of WindowSize points, Dimensions each
	n      int       // points in the window
	next   int       // ring slot of the next point
	// byX holds the window's slots ordered by their first coordinate, so neighbours are found by a sweep.
	byX    []int32
	sorted []float64 // the points in byX's order, Dimensions each: the sweep reads memory in order
	count  []int32   // scratch: neighbours of each slot
	parent []int32   // scratch: union-find over slots
	size   []int32   // scratch: points of the hotspot rooted at a slot
	pairs  []int32   // scratch: the slots of each neighbouring pair, two by two
	lo, hi []float64
	wlo    []float64
	whi    []float64
}

// New returns an empty detector, or an error wrapping ErrConfig that says which field is out of range.
func New(cfg Config) (*Detector, error) {
	switch {
	case cfg.WindowSize < MinWindowSize || cfg.WindowSize > MaxWindowSize:
		return nil, fmt.Errorf("%w: WindowSize %d is not in %d…%d", ErrConfig, cfg.WindowSize, MinWindowSize, MaxWindowSize)
	case !(cfg.ScanRadius > 0) || math.IsInf(cfg.ScanRadius, 0):
		return nil, fmt.Errorf("%w: ScanRadius %v is not positive and finite", ErrConfig, cfg.ScanRadius)
	case cfg.MinimumNumberOfPointsInAHotspot < 2:
		return nil, fmt.Errorf("%w: MinimumNumberOfPointsInAHotspot %d is not at least 2", ErrConfig, cfg.MinimumNumberOfPointsInAHotspot)
	case cfg.Dimensions < 1 || cfg.Dimensions > MaxDimensions:
		return nil, fmt.Errorf("%w: Dimensions %d is not in 1…%d", ErrConfig, cfg.Dimensions, MaxDimensions)
	}
	w, d := cfg.WindowSize, cfg.Dimensions
	return &Detector{
		cfg:    cfg,
		points: make([]float64, w*d),
		byX:    make([]int32, 0, w),
		sorted: make([]float64, 0, w*d),
		count:  make([]int32, w),
		parent: make([]int32, w),
		size:   make([]int32, w),
		lo:     make([]float64, w*d),
		hi:     make([]float64, w*d),
		wlo:    make([]float64, d),
		whi:    make([]float64, d),
	}, nil
}

func (h *Detector) point(slot int32) []float64 {
	d := h.cfg.Dimensions
	return h.points[int(slot)*d : int(slot)*d+d]
}

// Add slides the window over point (the oldest point leaves a full window) and returns the window's hotspots,
// as HOTSPOTS returns one HOTSPOTS_RESULT per input row. A hotspot is a DBSCAN cluster of the window: points
// with at least MinimumNumberOfPointsInAHotspot points (themselves included) within ScanRadius are its core,
// core points within ScanRadius of each other are in the same hotspot, and a point within ScanRadius of a core
// point belongs to that core's hotspot. It returns an error wrapping ErrPoint for a point without Dimensions
// values or with a NaN or infinite value, and then leaves the window unchanged.
func (h *Detector) Add(point []float64) (Result, error) {
	if err := h.Push(point); err != nil {
		return Result{}, err
	}
	return h.Hotspots(), nil
}

// Push slides the window over point without computing hotspots (Add is Push then Hotspots); it rejects an
// invalid point as Add does.
func (h *Detector) Push(point []float64) error {
	d := h.cfg.Dimensions
	if len(point) != d {
		return fmt.Errorf("%w: %d values, want Dimensions = %d", ErrPoint, len(point), d)
	}
	for i, x := range point {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: value %d is %v", ErrPoint, i, x)
		}
	}
	slot := int32(h.next)
	if h.n == h.cfg.WindowSize { // the oldest point, in this slot, leaves
		i := h.find(slot)
		h.byX = slices.Delete(h.byX, i, i+1)
		h.sorted = slices.Delete(h.sorted, i*d, i*d+d)
	} else {
		h.n++
	}
	copy(h.point(slot), point)
	i, _ := slices.BinarySearchFunc(h.byX, point[0], func(s int32, x float64) int {
		return cmp(h.point(s)[0], x)
	})
	h.byX = slices.Insert(h.byX, i, slot)
	h.sorted = slices.Insert(h.sorted, i*d, point...)
	h.next = (h.next + 1) % h.cfg.WindowSize
	return nil
}

// find returns the index in byX of slot.
func (h *Detector) find(slot int32) int {
	x := h.point(slot)[0]
	i, _ := slices.BinarySearchFunc(h.byX, x, func(s int32, x float64) int { return cmp(h.point(s)[0], x) })
	for h.byX[i] != slot {
		i++
	}
	return i
}

func cmp(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// neighbours collects in h.pairs every pair of window slots within ScanRadius of each other: a sweep over the
// slots in order of the first coordinate, which stops at the first slot farther than the radius on it.
func (h *Detector) neighbours() {
	r := h.cfg.ScanRadius
	r2 := r * r
	h.pairs = h.pairs[:0]
	d := h.cfg.Dimensions
	sp := h.sorted
	for i, a := range h.byX {
		pa := sp[i*d : i*d+d : i*d+d]
		for j := i + 1; j < len(h.byX); j++ {
			pb := sp[j*d : j*d+d : j*d+d]
			if pb[0]-pa[0] > r {
				break
			}
			var s float64
			for k, x := range pa {
				dx := x - pb[k]
				s += dx * dx
			}
			if s <= r2 {
				h.pairs = append(h.pairs, a, h.byX[j])
			}
		}
	}
}

func (h *Detector) root(a int32) int32 {
	for h.parent[a] != a {
		h.parent[a] = h.parent[h.parent[a]]
		a = h.parent[a]
	}
	return a
}

// Hotspots returns the hotspots of the current window, densest first (see Add).
func (h *Detector) Hotspots() Result {
	minPts := int32(h.cfg.MinimumNumberOfPointsInAHotspot)
	for _, s := range h.byX {
		h.count[s] = 1 // itself
		h.parent[s] = s
	}
	h.neighbours()
	for i := 0; i < len(h.pairs); i += 2 {
		h.count[h.pairs[i]]++
		h.count[h.pairs[i+1]]++
	}
	core := func(s int32) bool { return h.count[s] >= minPts }
	any := false
	for _, s := range h.byX {
		if core(s) {
			any = true
			break
		}
	}
	if !any {
		return Result{}
	}
	// Core points within the radius join; a border point joins the first core neighbour met.
	assigned := func(s int32) bool { return h.parent[s] != s }
	for i := 0; i < len(h.pairs); i += 2 {
		a, b := h.pairs[i], h.pairs[i+1]
		ca, cb := core(a), core(b)
		switch {
		case ca && cb:
			ra, rb := h.root(a), h.root(b)
			if ra != rb {
				h.parent[max(ra, rb)] = min(ra, rb)
			}
		case ca && !assigned(b):
			h.parent[b] = a
		case cb && !assigned(a):
			h.parent[a] = b
		}
	}
	// A border point points at a core point whose root is the cluster's; a core point's root is a core point.
	d := h.cfg.Dimensions
	half := h.cfg.ScanRadius / 2
	for k := range d {
		h.wlo[k], h.whi[k] = math.Inf(1), math.Inf(-1)
	}
	var roots []int32
	for _, s := range h.byX {
		h.size[s] = 0
	}
	for _, s := range h.byX {
		p := h.point(s)
		for k, x := range p {
			h.wlo[k], h.whi[k] = math.Min(h.wlo[k], x), math.Max(h.whi[k], x)
		}
		var r int32
		switch {
		case core(s):
			r = h.root(s)
		case h.parent[s] != s:
			r = h.root(h.parent[s])
		default:
			continue // noise
		}
		if h.size[r] == 0 {
			roots = append(roots, r)
			for k := range d {
				h.lo[int(r)*d+k], h.hi[int(r)*d+k] = math.Inf(1), math.Inf(-1)
			}
		}
		h.size[r]++
		for k, x := range p {
			h.lo[int(r)*d+k] = math.Min(h.lo[int(r)*d+k], x)
			h.hi[int(r)*d+k] = math.Max(h.hi[int(r)*d+k], x)
		}
	}
	windowVolume := 1.0
	for k := range d {
		windowVolume *= h.whi[k] - h.wlo[k] + 2*half
	}
	res := Result{Hotspots: make([]Hotspot, 0, len(roots))}
	for _, r := range roots {
		hs := Hotspot{
			MinValues: slices.Clone(h.lo[int(r)*d : int(r)*d+d]),
			MaxValues: slices.Clone(h.hi[int(r)*d : int(r)*d+d]),
			Points:    int(h.size[r]),
		}
		v := 1.0
		for k := range d {
			v *= hs.MaxValues[k] - hs.MinValues[k] + 2*half
		}
		hs.Density = (float64(hs.Points) / float64(h.n)) / (v / windowVolume)
		res.Hotspots = append(res.Hotspots, hs)
	}
	slices.SortStableFunc(res.Hotspots, func(a, b Hotspot) int { return cmp(b.Density, a.Density) })
	return res
}
