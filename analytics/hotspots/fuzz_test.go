package hotspots_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/kinesim/kinesim/analytics/hotspots"
)

// FuzzHotspots slides a window over arbitrary points (any float64 bit pattern): nothing panics, invalid points
// are rejected (up to 120 points, enough to slide the window of 100), every hotspot has at least minPts points and min ≤ max, and the result is valid JSON.
func FuzzHotspots(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 16*120))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := hotspots.New(hotspots.Config{WindowSize: 100, ScanRadius: 1, MinimumNumberOfPointsInAHotspot: 3, Dimensions: 2})
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; len(data) >= 16 && n < 120; n++ { // past a full window, bounded
			p := []float64{math.Float64frombits(binary.LittleEndian.Uint64(data)), math.Float64frombits(binary.LittleEndian.Uint64(data[8:]))}
			data = data[16:]
			if n%8 != 7 { // Hotspots every 8th point: with identical points a window's every pair neighbours
				if err := h.Push(p); err != nil && !errors.Is(err, hotspots.ErrPoint) {
					t.Fatal(err)
				}
				continue
			}
			res, err := h.Add(p)
			if err != nil {
				continue
			}
			for _, hs := range res.Hotspots {
				if hs.Points < 3 || hs.MinValues[0] > hs.MaxValues[0] || hs.MinValues[1] > hs.MaxValues[1] {
					t.Fatalf("hotspot %+v", hs)
				}
			}
			if js := res.AppendJSON(nil); !json.Valid(js) && !hasNonFinite(res) {
				t.Fatalf("invalid JSON %s", js)
			}
		}
	})
}

// hasNonFinite reports a density that overflowed (boxes near ±MaxFloat64), which JSON cannot carry.
func hasNonFinite(r hotspots.Result) bool {
	for _, h := range r.Hotspots {
		if math.IsNaN(h.Density) || math.IsInf(h.Density, 0) {
			return true
		}
	}
	return false
}
