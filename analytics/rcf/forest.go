package rcf

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// The defaults of KDA's RANDOM_CUT_FOREST, used for a zero Config field (SQL reference, sqlrf-random-cut-forest;
// the developer guide's RANDOM_CUT_FOREST_WITH_EXPLANATION call passes the same 100, 256, 100000, 1).
const (
	DefaultNumberOfTrees = 100
	DefaultSubSampleSize = 256
	DefaultTimeDecay     = 100000
	DefaultShingleSize   = 1
)

// The ranges New accepts. The SQL reference's own ranges could not be read (analytics.md §2.1, UNVERIFIED): these
// bound memory (trees × sample × dimensions) and keep every KDA call observed inside them.
const (
	MaxNumberOfTrees = 1000
	MinSubSampleSize = 10
	MaxSubSampleSize = 1000
	MaxShingleSize   = 1000
	MaxDimensions    = 1000 // Dimensions × ShingleSize
)

// Config configures a Forest. A zero field takes KDA's default, except Dimensions, which is required.
type Config struct {
	// NumberOfTrees is the number of random cut trees; the score is their average. Default 100, at most 1000.
	NumberOfTrees int
	// SubSampleSize is the number of points each tree samples from the stream. Scores range over
	// 0…log2(SubSampleSize). Default 256, from 10 to 1000.
	SubSampleSize int
	// TimeDecay is how many recent points the sample favours: a point's chance to stay in the sample decays as
	// exp(−age/TimeDecay). Default 100000 (KDA's timeDecay; that KDA reads it as this horizon is an inference,
	// analytics.md §2.2). At least 1.
	TimeDecay int
	// ShingleSize is how many consecutive input points make one point of the forest (shingling): the forest
	// sees Dimensions × ShingleSize coordinates, oldest first. Default 1.
	ShingleSize int
	// Dimensions is the number of numeric columns of an input point. Required, at least 1;
	// Dimensions × ShingleSize at most 1000.
	Dimensions int
	// Seed makes the forest's random choices reproducible: two forests with the same Config and inputs give
	// the same scores.
	Seed uint64
}

// ErrConfig is the error New returns, wrapped with the reason, for a Config outside the ranges.
var ErrConfig = errors.New("rcf: invalid config")

// MaxValue is the largest magnitude of a point's value: beyond it, the sums of ranges the trees compute could
// overflow.
const MaxValue = 1e300

// ErrPoint is the error Update returns, wrapped with the reason, for a point of the wrong length or with a NaN,
// infinite or larger than MaxValue value. The forest is unchanged.
var ErrPoint = errors.New("rcf: invalid point")

func (c Config) withDefaults() (Config, error) {
	if c.NumberOfTrees == 0 {
		c.NumberOfTrees = DefaultNumberOfTrees
	}
	if c.SubSampleSize == 0 {
		c.SubSampleSize = DefaultSubSampleSize
	}
	if c.TimeDecay == 0 {
		c.TimeDecay = DefaultTimeDecay
	}
	if c.ShingleSize == 0 {
		c.ShingleSize = DefaultShingleSize
	}
	switch {
	case c.NumberOfTrees < 1 || c.NumberOfTrees > MaxNumberOfTrees:
		return c, fmt.Errorf("%w: NumberOfTrees %d is not in 1…%d", ErrConfig, c.NumberOfTrees, MaxNumberOfTrees)
	case c.SubSampleSize < MinSubSampleSize || c.SubSampleSize > MaxSubSampleSize:
		return c, fmt.Errorf("%w: SubSampleSize %d is not in %d…%d", ErrConfig, c.SubSampleSize, MinSubSampleSize, MaxSubSampleSize)
	case c.TimeDecay < 1:
		return c, fmt.Errorf("%w: TimeDecay %d is not at least 1", ErrConfig, c.TimeDecay)
	case c.ShingleSize < 1 || c.ShingleSize > MaxShingleSize:
		return c, fmt.Errorf("%w: ShingleSize %d is not in 1…%d", ErrConfig, c.ShingleSize, MaxShingleSize)
	case c.Dimensions < 1:
		return c, fmt.Errorf("%w: Dimensions %d is not at least 1 (the number of numeric columns is required)", ErrConfig, c.Dimensions)
	case c.Dimensions*c.ShingleSize > MaxDimensions:
		return c, fmt.Errorf("%w: Dimensions × ShingleSize = %d × %d is more than %d", ErrConfig, c.Dimensions, c.ShingleSize, MaxDimensions)
	}
	return c, nil
}

// source is the forest's random number generator: PCG, called directly (no interface) on the hot path.
type source struct{ pcg rand.PCG }

// float64 returns a uniform value in [0, 1).
func (s *source) float64() float64 { return float64(s.pcg.Uint64()>>11) * 0x1p-53 }

// Forest is a streaming random cut forest. Score a point, then Update the forest with it (or ScoreAndUpdate);
// scores are 0 until every tree's sample is full.
//
// A Forest is not safe for concurrent use; it starts no goroutines and reads no clock.
type Forest struct {
	cfg    Config
	dims   int // Dimensions × ShingleSize
	decay  float64
	norm   float64 // log2(SubSampleSize)
	trees  []*tree
	rng    source
	ring   []float64 // the last ShingleSize−1 inputs, oldest first once full
	inputs int64     // points given to Update
	shing  []float64 // scratch: the shingled point
	high   []float64 // scratch for attribution, dims each
	low    []float64
}

// New returns an empty forest, or an error wrapping ErrConfig that says which field is out of range.
func New(cfg Config) (*Forest, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	d := cfg.Dimensions * cfg.ShingleSize
	f := &Forest{
		cfg:   cfg,
		dims:  d,
		decay: 1 / float64(cfg.TimeDecay),
		norm:  math.Log2(float64(cfg.SubSampleSize)),
		trees: make([]*tree, cfg.NumberOfTrees),
		ring:  make([]float64, d),
		shing: make([]float64, d),
		high:  make([]float64, d),
		low:   make([]float64, d),
	}
	f.rng.pcg.Seed(cfg.Seed, 0x6b696e6573696d) // "kinesim"
	for i := range f.trees {
		f.trees[i] = newTree(d, cfg.SubSampleSize)
	}
	return f, nil
}

// Config returns the forest's configuration with the defaults filled in.
func (f *Forest) Config() Config { return f.cfg }

// Updates returns how many points the forest has been updated with.
func (f *Forest) Updates() int64 { return f.inputs }

// Ready reports whether the forest scores points: every tree's sample holds SubSampleSize points. Before that,
// Score is 0, as KDA's output is during its "initial learning phase" (developer guide, examine-results-with-exp).
// NAB's recorded KDA output scores exactly its first 256 rows 0 (analytics.md §2.1): the 257th point is the
// first scored, against full samples; so it is here, with ShingleSize 1.
func (f *Forest) Ready() bool {
	return len(f.trees[0].heapW) == f.cfg.SubSampleSize
}

func (f *Forest) check(point []float64) error {
	if len(point) != f.cfg.Dimensions {
		return fmt.Errorf("%w: %d values, want Dimensions = %d", ErrPoint, len(point), f.cfg.Dimensions)
	}
	for i, x := range point {
		if !(math.Abs(x) <= MaxValue) {
			return fmt.Errorf("%w: value %d is %v, not a number of magnitude at most %g", ErrPoint, i, x, MaxValue)
		}
	}
	return nil
}

// shingle writes into f.shing the forest's point for input point: the previous ShingleSize−1 inputs, then
// point. It reports false while fewer than ShingleSize−1 inputs came before.
func (f *Forest) shingle(point []float64) bool {
	n := f.cfg.Dimensions
	if f.inputs < int64(f.cfg.ShingleSize-1) {
		return false
	}
	copy(f.shing, f.ring[n:])
	copy(f.shing[f.dims-n:], point)
	return true
}

// Score returns the anomaly score of point against the forest, in 0…log2(SubSampleSize): the average over the
// trees of log2(SubSampleSize) times the expected inverse depth at which the point would be cut off. Typical
// points of a stream score about 1; far-out ones approach the maximum. The score is 0 until the forest is
// Ready, while fewer than ShingleSize−1 points came before, and for an invalid point (see Update). Score does
// not change the forest.
func (f *Forest) Score(point []float64) float64 {
	if f.check(point) != nil || !f.Ready() || !f.shingle(point) {
		return 0
	}
	var s float64
	for _, t := range f.trees {
		s += t.score(f.shing)
	}
	return s * f.norm / float64(len(f.trees))
}

// Update learns point: it enters the shingle, and the shingled point is offered to every tree's time-decayed
// sample (a tree whose sample is full takes it in place of one of its points, or leaves it out). It returns an
// error wrapping ErrPoint, and changes nothing, for a point without Dimensions values or with a NaN, infinite
// or larger than MaxValue value.
func (f *Forest) Update(point []float64) error {
	if err := f.check(point); err != nil {
		return err
	}
	if f.shingle(point) {
		for _, t := range f.trees {
			t.offer(f.shing, f.decay, &f.rng)
		}
	}
	n := f.cfg.Dimensions
	copy(f.ring, f.ring[n:])
	copy(f.ring[f.dims-n:], point)
	f.inputs++
	return nil
}

// ScoreAndUpdate scores point, then learns it: what RANDOM_CUT_FOREST does with each row.
func (f *Forest) ScoreAndUpdate(point []float64) (float64, error) {
	if err := f.check(point); err != nil {
		return 0, err
	}
	s := f.Score(point)
	return s, f.Update(point)
}
