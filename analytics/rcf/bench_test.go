package rcf_test

import (
	"testing"

	"github.com/kinesim/kinesim/analytics/rcf"
)

// benchForest streams NAB's nyc_taxi series (one column, as NAB's KDA application) through a full forest of the
// given number of trees × 256 samples, one ScoreAndUpdate per point, and reports points/s.
func benchForest(b *testing.B, trees int) {
	files, _ := loadNAB(b)
	vals := files[0].values
	f, err := rcf.New(rcf.Config{NumberOfTrees: trees, SubSampleSize: 256, Dimensions: 1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	p := make([]float64, 1)
	for _, v := range vals[:2000] { // past the warm-up: samples full
		p[0] = v
		f.ScoreAndUpdate(p)
	}
	b.ReportAllocs()
	b.SetBytes(8)
	i := 2000
	for b.Loop() {
		p[0] = vals[i%len(vals)]
		f.ScoreAndUpdate(p)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
}

func BenchmarkRCF100Trees(b *testing.B) { benchForest(b, 100) }
func BenchmarkRCF50Trees(b *testing.B)  { benchForest(b, 50) }

// BenchmarkRCF100Trees3D is the 100-tree forest on the paper's three-dimensional points.
func BenchmarkRCF100Trees3D(b *testing.B) {
	pts := readPaper(b)
	f, _ := rcf.New(rcf.Config{Dimensions: 3, Seed: 1})
	for _, p := range pts {
		f.ScoreAndUpdate(p)
	}
	b.ReportAllocs()
	b.SetBytes(24)
	i := 0
	for b.Loop() {
		f.ScoreAndUpdate(pts[i%len(pts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
}

// BenchmarkAttribution is RANDOM_CUT_FOREST_WITH_EXPLANATION's extra work per point: 100 trees, 3 columns.
func BenchmarkAttribution(b *testing.B) {
	pts := readPaper(b)
	f, _ := rcf.New(rcf.Config{Dimensions: 3, Seed: 1})
	for _, p := range pts {
		f.ScoreAndUpdate(p)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		f.Attribution(pts[i%len(pts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
}
