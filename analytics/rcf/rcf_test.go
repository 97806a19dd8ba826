package rcf_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/analytics/rcf"
)

func readPaper(t testing.TB) [][]float64 {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", "rcf", "rcf-paper.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var pts [][]float64
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var p []float64
		for _, s := range strings.Split(sc.Text(), ",") {
			p = append(p, parseFloat(t, s))
		}
		pts = append(pts, p)
	}
	return pts
}

// paperAnomalies are the 0-based rows of rcf-paper.csv near the origin (testdata/rcf/README.md).
var paperAnomalies = []int{293, 403, 606, 942, 1054, 1091, 1162, 1559, 1693, 1959, 2005}

// On the paper's example (Guha et al. 2016; aws/random-cut-forest-by-aws example-data/rcf-paper.csv: two
// clusters and 11 points at the origin), streamed through a forest of 100 trees, the origin points score well
// above the cluster points, and every point's attribution sums to its score (SQL reference,
// sqlrf-random-cut-forest-with-explanation).
func TestPaperAnomaliesScoreAboveClustersAndAttributionSumsToScore(t *testing.T) {
	pts := readPaper(t)
	f, err := rcf.New(rcf.Config{Dimensions: 3, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	scores := make([]float64, len(pts))
	for i, p := range pts {
		if i%10 == 0 || slices.Contains(paperAnomalies, i) {
			a := f.Attribution(p)
			s := f.Score(p)
			var sum float64
			for j := range a.High {
				sum += a.High[j] + a.Low[j]
			}
			if math.Abs(sum-s) > 1e-9*math.Max(1, s) || math.Abs(a.Score-s) > 1e-9*math.Max(1, s) {
				t.Fatalf("row %d: attribution sums to %v (Score field %v), score %v", i, sum, a.Score, s)
			}
		}
		if scores[i], err = f.ScoreAndUpdate(p); err != nil {
			t.Fatal(err)
		}
	}
	var minAnom = math.Inf(1)
	for _, i := range paperAnomalies {
		if i >= 256 { // scored only once the samples are full
			minAnom = min(minAnom, scores[i])
		}
	}
	var cluster []float64
	for i := 256; i < len(pts); i++ {
		if !slices.Contains(paperAnomalies, i) {
			cluster = append(cluster, scores[i])
		}
	}
	slices.Sort(cluster)
	median, p99 := cluster[len(cluster)/2], cluster[len(cluster)*99/100]
	t.Logf("origin points: min %.3f; cluster points: median %.3f, 99th percentile %.3f, max %.3f", minAnom, median, p99, cluster[len(cluster)-1])
	if minAnom < 2*median || minAnom < p99 {
		t.Errorf("origin points score at least %.3f, not well above the clusters (median %.3f, 99th percentile %.3f)", minAnom, median, p99)
	}
	// The origin point's attribution: it lies between the clusters on x, so no single direction dominates x;
	// the parts are non-negative.
	a := f.Attribution([]float64{0, 0, 0})
	for j := range a.High {
		if a.High[j] < 0 || a.Low[j] < 0 {
			t.Errorf("negative attribution %v", a)
		}
	}
}

// The score is 0 until every tree's sample is full: KDA's recorded output for nyc_taxi scores exactly the first
// 256 rows 0 (subSampleSize 256) and the 257th not (analytics.md §2.1).
func TestScoreIsZeroUntilTheSampleIsFull(t *testing.T) {
	f, err := rcf.New(rcf.Config{Dimensions: 1, NumberOfTrees: 10, SubSampleSize: 256, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 256 {
		s, err := f.ScoreAndUpdate([]float64{float64(i % 7)})
		if err != nil || s != 0 {
			t.Fatalf("point %d scored %v, %v; want 0 while the sample fills", i+1, s, err)
		}
	}
	if s := f.Score([]float64{1000}); s <= 0 {
		t.Errorf("the 257th point scored %v; want > 0", s)
	}
	// As KDA did on nyc_taxi with NAB's application (100 trees, 256 samples): rows 1–256 score 0, row 257 does not.
	series, aws := loadNAB(t)
	kda := aws[0].values
	f, _ = rcf.New(rcf.Config{Dimensions: 1, Seed: 1})
	for i, v := range series[0].values[:257] {
		s, _ := f.ScoreAndUpdate([]float64{v})
		if (s == 0) != (kda[i] == 0) || (i < 256) != (s == 0) {
			t.Fatalf("nyc_taxi row %d: kinesim %v, KDA %v; want both 0 exactly for rows 1–256", i+1, s, kda[i]*8)
		}
	}
}

// Scores lie in 0…log2(subSampleSize) (NAB's random_cut_forest.sql comment: "a number between 0 and
// LOG2(subSampleSize)"), an extreme point close to the top.
func TestScoreRangeIsZeroToLog2SubSampleSize(t *testing.T) {
	for _, size := range []int{16, 256} {
		f, err := rcf.New(rcf.Config{Dimensions: 2, NumberOfTrees: 20, SubSampleSize: size, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		x := uint64(1)
		for range 2000 {
			x = x*6364136223846793005 + 1442695040888963407
			p := []float64{float64(x>>40) / (1 << 24), float64(x>>20&0xfffff) / (1 << 20)}
			s, _ := f.ScoreAndUpdate(p)
			if s < 0 || s > math.Log2(float64(size)) {
				t.Fatalf("size %d: score %v outside 0…%v", size, s, math.Log2(float64(size)))
			}
		}
		far := f.Score([]float64{1e9, -1e9})
		if far < 0.9*math.Log2(float64(size)) || far > math.Log2(float64(size)) {
			t.Errorf("size %d: a far point scored %v, want near log2 = %v", size, far, math.Log2(float64(size)))
		}
	}
}

// Two forests with the same Config (Seed included) and inputs give the same scores; another seed differs.
func TestSameSeedSameScores(t *testing.T) {
	pts := readPaper(t)[:800]
	run := func(seed uint64) []float64 {
		f, _ := rcf.New(rcf.Config{Dimensions: 3, NumberOfTrees: 20, SubSampleSize: 64, TimeDecay: 100, Seed: seed})
		var out []float64
		for _, p := range pts {
			s, _ := f.ScoreAndUpdate(p)
			out = append(out, s)
		}
		return out
	}
	a, b, c := run(7), run(7), run(8)
	if !slices.Equal(a, b) {
		t.Error("same seed, different scores")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds, same scores")
	}
}

// Shingling: with ShingleSize 4 the forest sees four consecutive values; a break in a periodic pattern that stays
// within the range of the values scores above the pattern, which a single value cannot show.
func TestShingleFindsABrokenPattern(t *testing.T) {
	f, err := rcf.New(rcf.Config{Dimensions: 1, ShingleSize: 4, NumberOfTrees: 50, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	pattern := []float64{0, 1, 2, 3, 2, 1}
	var normal, broken float64
	for i := range 3000 {
		v := pattern[i%len(pattern)]
		if i == 2500 {
			v = 0 // 0 where 3 should be
		}
		s, err := f.ScoreAndUpdate([]float64{v})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case i == 2500:
			broken = s
		case i > 1000 && i < 2500:
			normal = max(normal, s)
		}
	}
	if broken <= 2*normal {
		t.Errorf("broken pattern scored %.3f, the pattern at most %.3f", broken, normal)
	}
}

// New fills KDA's defaults (100, 256, 100000, 1) and rejects a Config outside the ranges, saying which field.
func TestConfigDefaultsAndRanges(t *testing.T) {
	f, err := rcf.New(rcf.Config{Dimensions: 2})
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Config(); c.NumberOfTrees != 100 || c.SubSampleSize != 256 || c.TimeDecay != 100000 || c.ShingleSize != 1 {
		t.Errorf("defaults %+v", c)
	}
	for _, tc := range []struct {
		cfg  rcf.Config
		want string
	}{
		{rcf.Config{}, "Dimensions"},
		{rcf.Config{Dimensions: 1, NumberOfTrees: -1}, "NumberOfTrees"},
		{rcf.Config{Dimensions: 1, NumberOfTrees: 1001}, "NumberOfTrees"},
		{rcf.Config{Dimensions: 1, SubSampleSize: 9}, "SubSampleSize"},
		{rcf.Config{Dimensions: 1, SubSampleSize: 1001}, "SubSampleSize"},
		{rcf.Config{Dimensions: 1, TimeDecay: -5}, "TimeDecay"},
		{rcf.Config{Dimensions: 1, ShingleSize: -1}, "ShingleSize"},
		{rcf.Config{Dimensions: 10, ShingleSize: 101}, "Dimensions × ShingleSize"},
	} {
		_, err := rcf.New(tc.cfg)
		if !errors.Is(err, rcf.ErrConfig) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v; want ErrConfig naming %s", tc.cfg, err, tc.want)
		}
	}
}

// A point of the wrong length or with NaN/Inf is rejected with ErrPoint, scores 0 and changes nothing.
func TestInvalidPointIsRejected(t *testing.T) {
	f, _ := rcf.New(rcf.Config{Dimensions: 2, NumberOfTrees: 5, SubSampleSize: 10})
	for _, p := range [][]float64{nil, {1}, {1, 2, 3}, {math.NaN(), 1}, {1, math.Inf(1)}} {
		if err := f.Update(p); !errors.Is(err, rcf.ErrPoint) {
			t.Errorf("Update(%v) = %v; want ErrPoint", p, err)
		}
		if s := f.Score(p); s != 0 {
			t.Errorf("Score(%v) = %v", p, s)
		}
		if a := f.Attribution(p); a.Score != 0 {
			t.Errorf("Attribution(%v) = %v", p, a)
		}
	}
	if f.Updates() != 0 {
		t.Errorf("%d updates after only invalid points", f.Updates())
	}
}

// Steady state allocates nothing: the node arenas are preallocated (ScoreAndUpdate on a full forest).
func TestScoreAndUpdateAllocatesNothing(t *testing.T) {
	pts := readPaper(t)
	f, _ := rcf.New(rcf.Config{Dimensions: 3, NumberOfTrees: 20, Seed: 1})
	for _, p := range pts[:1000] {
		f.ScoreAndUpdate(p)
	}
	i := 1000
	allocs := testing.AllocsPerRun(500, func() {
		f.ScoreAndUpdate(pts[i%len(pts)])
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per point", allocs)
	}
}

// The sample is time-decayed: with a short TimeDecay the forest forgets an old level within a few hundred
// points of a shift (300 here), so the new level soon scores as normal; with KDA's default 100000 the sample is still
// mostly the old level and the new one still stands out (analytics.md §2.2: "1/timeDecay is approximately the
// average number of steps that a point will be included in the sample").
func TestTimeDecayFavoursRecentPoints(t *testing.T) {
	after := func(decay int) float64 {
		f, err := rcf.New(rcf.Config{Dimensions: 1, NumberOfTrees: 30, TimeDecay: decay, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		x := uint64(7)
		noise := func() float64 {
			x = x*6364136223846793005 + 1442695040888963407
			return float64(x>>11) * 0x1p-53
		}
		for range 5000 {
			f.Update([]float64{noise()})
		}
		for range 300 {
			f.Update([]float64{10 + noise()})
		}
		return f.Score([]float64{10.5})
	}
	short, long := after(100), after(100000)
	t.Logf("the new level scores %.3f with TimeDecay 100, %.3f with 100000", short, long)
	if short > 1.5 || long < 1.5*short {
		t.Errorf("new level scores %.3f (TimeDecay 100) and %.3f (TimeDecay 100000)", short, long)
	}
}

// ANOMALY_EXPLANATION has the developer guide's shape (examine-results-with-exp): an object keyed by column name
// in column order, each {"DIRECTION":"HIGH"|"LOW","STRENGTH":"<4 decimals>","ATTRIBUTION_SCORE":"<4 decimals>"},
// numbers as strings, the attribution scores summing to ANOMALY_SCORE up to the rounding; without
// directionality only ATTRIBUTION_SCORE.
func TestExplanationJSONHasTheDeveloperGuideShape(t *testing.T) {
	f, _ := rcf.New(rcf.Config{Dimensions: 2, Seed: 9})
	x := uint64(3)
	next := func(n uint64) float64 {
		x = x*6364136223846793005 + 1442695040888963407
		return float64(x >> 33 % n)
	}
	for range 600 {
		f.Update([]float64{90 + next(31), 60 + next(21)})
	}
	for _, p := range [][]float64{{101, 66}, {144, 123}, {50, 30}} {
		a := f.Attribution(p)
		js := string(a.AppendExplanation(nil, []string{"Systolic", "Diastolic"}, true))
		if !strings.HasPrefix(js, `{"Systolic":{"DIRECTION":"`) || !strings.Contains(js, `},"Diastolic":{"DIRECTION":"`) {
			t.Fatalf("explanation %s", js)
		}
		var m map[string]map[string]string
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		var sum float64
		for col, v := range m {
			if len(v) != 3 || (v["DIRECTION"] != "HIGH" && v["DIRECTION"] != "LOW") {
				t.Errorf("%s: column %s: %v", js, col, v)
			}
			for _, k := range []string{"STRENGTH", "ATTRIBUTION_SCORE"} {
				if i := strings.IndexByte(v[k], '.'); i < 0 || len(v[k])-i-1 != 4 {
					t.Errorf("%s: %s %q has not 4 decimals", js, k, v[k])
				}
			}
			sum += parseFloat(t, v["ATTRIBUTION_SCORE"])
		}
		if math.Abs(sum-a.Score) > 1e-4 {
			t.Errorf("%s: attribution scores sum to %.4f, score %.6f", js, sum, a.Score)
		}
		if p[0] == 144 && (m["Systolic"]["DIRECTION"] != "HIGH" || m["Diastolic"]["DIRECTION"] != "HIGH") {
			t.Errorf("high blood pressure %v: %s", p, js)
		}
		if p[0] == 50 && (m["Systolic"]["DIRECTION"] != "LOW" || m["Diastolic"]["DIRECTION"] != "LOW") {
			t.Errorf("low blood pressure %v: %s", p, js)
		}
		plain := string(a.AppendExplanation(nil, []string{"Systolic", "Diastolic"}, false))
		if strings.Contains(plain, "DIRECTION") || !strings.HasPrefix(plain, `{"Systolic":{"ATTRIBUTION_SCORE":"`) {
			t.Errorf("without directionality: %s", plain)
		}
	}
}
