package rcf

import (
	"encoding/json"
	"math"
	"strconv"
)

// Direction says on which side of the forest's sample a column's value lies: HIGH when the value is unusually
// high, LOW when unusually low (KDA's ANOMALY_EXPLANATION DIRECTION).
type Direction string

// The directions of ANOMALY_EXPLANATION.
const (
	High Direction = "HIGH"
	Low  Direction = "LOW"
)

// Attribution is a point's anomaly score split over its input columns: RANDOM_CUT_FOREST_WITH_EXPLANATION's
// ANOMALY_SCORE and ANOMALY_EXPLANATION. For each column, High[i] is the part of the score due to the value being
// unusually high and Low[i] the part due to it being unusually low; the sum of High and Low over all columns is
// Score ("the sum of the attribution scores of all columns is equal to the anomaly score", SQL reference,
// sqlrf-random-cut-forest-with-explanation). With shingling, a column's parts add up its values at every
// position of the shingle.
type Attribution struct {
	Score     float64
	High, Low []float64
}

// Column is one column's entry of ANOMALY_EXPLANATION.
type Column struct {
	// Score is the column's ATTRIBUTION_SCORE: High[i] + Low[i].
	Score float64
	// Direction is HIGH when High[i] ≥ Low[i], else LOW.
	Direction Direction
	// Strength is |High[i] − Low[i]|, the part of the column's attribution that points one way. KDA documents no
	// formula for its STRENGTH (analytics.md §2.2, UNVERIFIED): this is kinesim's.
	Strength float64
}

// Column returns column i's attribution.
func (a Attribution) Column(i int) Column {
	c := Column{Score: a.High[i] + a.Low[i], Direction: High, Strength: math.Abs(a.High[i] - a.Low[i])}
	if a.Low[i] > a.High[i] {
		c.Direction = Low
	}
	return c
}

// Attribution returns point's score split by column and direction. Like Score, it does not change the forest;
// it is all zeros where Score is 0.
func (f *Forest) Attribution(point []float64) Attribution {
	n := f.cfg.Dimensions
	a := Attribution{High: make([]float64, n), Low: make([]float64, n)}
	if f.check(point) != nil || !f.Ready() || !f.shingle(point) {
		return a
	}
	clear(f.high)
	clear(f.low)
	scale := f.norm / float64(len(f.trees))
	for _, t := range f.trees {
		t.attribute(f.shing, f.high, f.low, scale)
	}
	for i := range f.dims {
		a.High[i%n] += f.high[i]
		a.Low[i%n] += f.low[i]
		a.Score += f.high[i] + f.low[i]
	}
	return a
}

// AppendExplanation appends to b the ANOMALY_EXPLANATION JSON of the attribution, keyed by the column names
// (names[i] for column i; a missing name is "COL<i>"), in column order, each value
// {"DIRECTION":"HIGH"|"LOW","STRENGTH":"<4 decimals>","ATTRIBUTION_SCORE":"<4 decimals>"} with the numbers as
// JSON strings, as the developer guide shows (examine-results-with-exp). withDirectionality false (the sixth
// argument of RANDOM_CUT_FOREST_WITH_EXPLANATION) leaves out DIRECTION and STRENGTH.
func (a Attribution) AppendExplanation(b []byte, names []string, withDirectionality bool) []byte {
	b = append(b, '{')
	for i := range a.High {
		if i > 0 {
			b = append(b, ',')
		}
		name := "COL" + strconv.Itoa(i)
		if i < len(names) {
			name = names[i]
		}
		q, _ := json.Marshal(name) // a string always marshals
		b = append(b, q...)
		b = append(b, ":{"...)
		c := a.Column(i)
		if withDirectionality {
			b = append(b, `"DIRECTION":"`...)
			b = append(b, c.Direction...)
			b = append(b, `","STRENGTH":"`...)
			b = strconv.AppendFloat(b, c.Strength, 'f', 4, 64)
			b = append(b, `",`...)
		}
		b = append(b, `"ATTRIBUTION_SCORE":"`...)
		b = strconv.AppendFloat(b, c.Score, 'f', 4, 64)
		b = append(b, `"}`...)
	}
	return append(b, '}')
}
