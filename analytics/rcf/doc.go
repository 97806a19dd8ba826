// Package rcf is a streaming random cut forest: the pure core of Kinesis Data Analytics' RANDOM_CUT_FOREST and
// RANDOM_CUT_FOREST_WITH_EXPLANATION (Guha, Mishra, Roy, Schrijvers, "Robust Random Cut Forest Based Anomaly
// Detection on Streams", ICML 2016).
//
// # Usage
//
//	f, err := rcf.New(rcf.Config{Dimensions: 2, Seed: 1}) // KDA's defaults: 100 trees, 256 samples, timeDecay 100000, shingle 1
//	score, err := f.ScoreAndUpdate([]float64{systolic, diastolic}) // 0 while the samples fill
//	a := f.Attribution(point)                                     // ANOMALY_EXPLANATION's parts
//	js := a.AppendExplanation(nil, []string{"Systolic", "Diastolic"}, true)
//
// # Model
//
// Each of the NumberOfTrees trees keeps a sample of SubSampleSize points from the stream, chosen by weighted
// reservoir sampling with exponential time decay (a point's weight favours recent points with horizon
// TimeDecay points), and a random cut tree over its sample: a cut's dimension is drawn in proportion to the
// sample's extent in it and its value uniformly within it. A point entering or leaving a sample updates its
// tree in place; each tree lives in preallocated arrays, so scoring and updating allocate nothing.
//
// A point's score is the trees' average of log2(SubSampleSize) times the expected inverse depth at which the
// point would be cut off from the sample: about 1 for a typical point, up to log2(SubSampleSize) (8 for 256)
// for one far from everything, as KDA documents its range. Until every tree's sample is full the score is 0,
// as KDA's output is during its "initial learning phase": with SubSampleSize 256 the 257th point is the first
// scored, exactly as in KDA's output recorded by NAB.
//
// With ShingleSize s > 1 the forest sees each input point together with the s−1 before it (Dimensions × s
// coordinates), so it scores patterns in time rather than single values.
//
// An Attribution splits a score over the input columns, and per column into a part for the value being high
// and a part for it being low; the parts sum to the score (SQL reference,
// sqlrf-random-cut-forest-with-explanation). Its ANOMALY_EXPLANATION JSON has KDA's shape; its STRENGTH is
// kinesim's definition, as KDA documents none.
//
// # What was checked against AWS
//
// The package's tests score NAB's five realKnownCause series with the parameters of NAB's KDA application and
// NAB's scoring ported as test code (which first reproduces NAB's published KDA results from AWS's recorded
// scores), and find the labelled windows at least as well as KDA did; on the paper's 3-D example the origin
// points score well above the clusters.
//
// A Forest is not safe for concurrent use; the package starts no goroutines and reads no clock.
package rcf
