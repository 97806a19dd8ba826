package hotspots_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/kinesim/kinesim/analytics/hotspots"
)

// The developer guide's HOTSPOTS application on points of a 10×10 field with a crowded square at (2, 7)–(3, 8).
func Example() {
	h, err := hotspots.New(hotspots.Config{WindowSize: 1000, ScanRadius: 0.2, MinimumNumberOfPointsInAHotspot: 17, Dimensions: 2})
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var res hotspots.Result
	for i := range 1000 {
		p := []float64{rng.Float64() * 10, rng.Float64() * 10}
		if i%5 == 0 {
			p = []float64{2 + rng.Float64(), 7 + rng.Float64()}
		}
		res, _ = h.Add(p)
	}
	hs := res.Hotspots[0]
	fmt.Printf("%d hotspot, x %.0f–%.0f, y %.0f–%.0f\n", len(res.Hotspots), hs.MinValues[0], hs.MaxValues[0], hs.MinValues[1], hs.MaxValues[1])
	// Output:
	// 1 hotspot, x 2–3, y 7–8
}
