package rcf_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/kinesim/kinesim/analytics/rcf"
)

// Heart rates as the developer guide's anomaly-detection example generates them (60–100, with a rare 150–200):
// the forest scores 0 while its samples fill, then the high rate far above the usual ones.
func Example() {
	f, err := rcf.New(rcf.Config{Dimensions: 1, NumberOfTrees: 50, Seed: 1})
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	first, _ := f.ScoreAndUpdate([]float64{80})
	for range 2000 {
		f.ScoreAndUpdate([]float64{60 + float64(rng.IntN(41))})
	}
	fmt.Printf("first point: %.1f\n", first)
	fmt.Printf("usual rate scores below 1.5: %v\n", f.Score([]float64{75}) < 1.5)
	fmt.Printf("rate 180 scores above 3: %v\n", f.Score([]float64{180}) > 3)
	// Output:
	// first point: 0.0
	// usual rate scores below 1.5: true
	// rate 180 scores above 3: true
}

// RANDOM_CUT_FOREST_WITH_EXPLANATION's output for a high blood pressure among normal ones: both columns HIGH,
// their attribution scores summing to the anomaly score.
func ExampleAttribution_AppendExplanation() {
	f, _ := rcf.New(rcf.Config{Dimensions: 2, Seed: 1})
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		f.Update([]float64{90 + float64(rng.IntN(31)), 60 + float64(rng.IntN(21))}) // NORMAL: 90–120 / 60–80
	}
	a := f.Attribution([]float64{144, 123})
	sys, dia := a.Column(0), a.Column(1)
	fmt.Println(sys.Direction, dia.Direction)
	fmt.Printf("sum of attributions = score: %v\n", fmt.Sprintf("%.9f", sys.Score+dia.Score) == fmt.Sprintf("%.9f", a.Score))
	fmt.Printf("anomalous: %v\n", a.Score > 3)
	js := a.AppendExplanation(nil, []string{"Systolic", "Diastolic"}, true)
	fmt.Println(string(js[:26]))
	// Output:
	// HIGH HIGH
	// sum of attributions = score: true
	// anomalous: true
	// {"Systolic":{"DIRECTION":"
}
