package query

import (
	"github.com/kinesim/kinesim/analytics/hotspots"
	"github.com/kinesim/kinesim/analytics/rcf"
)

// RandomCutForest is RANDOM_CUT_FOREST(CURSOR(…), numberOfTrees, subSampleSize, timeDecay, shingleSize) and, with
// WithExplanation, RANDOM_CUT_FOREST_WITH_EXPLANATION(…, withDirectionality) (SQL reference,
// sqlrf-random-cut-forest; analytics.md §2.1): every input row is emitted with ANOMALY_SCORE (DOUBLE) appended, and
// ANOMALY_EXPLANATION (VARCHAR(20480)) after it with the explanation. The forest reads the numeric columns (DOUBLE,
// REAL, INTEGER, BIGINT, SMALLINT, TINYINT; a DECIMAL column is refused, "use DOUBLE") and passes the others
// through. Zero parameters take KDA's defaults, 100, 256, 100000 and 1. Scores are 0 while the forest's samples fill.
// Seed (or, when 0, the Env's) makes the forest reproducible. A row with a NULL numeric value goes to the error
// stream.
type RandomCutForest struct {
	NumberOfTrees, SubSampleSize, TimeDecay, ShingleSize int
	WithExplanation, Directionality                      bool
	Seed                                                 uint64
}

type rcfOp struct {
	spec  RandomCutForest
	in    Schema
	out   Schema
	cols  []int
	names []string
	f     *rcf.Forest
	point []float64
}

func numericColumns(in Schema, fn string) ([]int, []string, error) {
	var cols []int
	var names []string
	for i, c := range in {
		if c.Type.Kind == Decimal {
			return nil, nil, planErr("%s does not support DECIMAL (column %s): use DOUBLE.", fn, c.Name)
		}
		if c.Type.Kind.IsNumeric() {
			cols, names = append(cols, i), append(names, c.Name)
		}
	}
	if len(cols) == 0 {
		return nil, nil, planErr("%s needs a numeric column in %s.", fn, in)
	}
	return cols, names, nil
}

// Build implements Step.
func (s RandomCutForest) Build(in Schema, env *Env) (Operator, error) {
	name := "RANDOM_CUT_FOREST"
	if s.WithExplanation {
		name += "_WITH_EXPLANATION"
	}
	cols, names, err := numericColumns(in, name)
	if err != nil {
		return nil, err
	}
	seed := s.Seed
	if seed == 0 {
		seed = env.Seed
	}
	f, err := rcf.New(rcf.Config{NumberOfTrees: s.NumberOfTrees, SubSampleSize: s.SubSampleSize, TimeDecay: s.TimeDecay,
		ShingleSize: s.ShingleSize, Dimensions: len(cols), Seed: seed})
	if err != nil {
		return nil, planErr("%s: %v", name, err)
	}
	out := append(Schema(nil), in...)
	out = append(out, Column{"ANOMALY_SCORE", DoubleType})
	if s.WithExplanation {
		out = append(out, Column{"ANOMALY_EXPLANATION", VarcharType(20480)})
	}
	return &rcfOp{spec: s, in: in, out: out, cols: cols, names: names, f: f, point: make([]float64, len(cols))}, nil
}

func (o *rcfOp) Schema() Schema { return o.out }

// Forest returns the operator's forest (for tests and tools).
func (o *rcfOp) Forest() *rcf.Forest { return o.f }

func (o *rcfOp) Push(now int64, rows []Row, out *Output) {
	n := len(o.out)
	slab := make([]Value, len(rows)*n)
rows:
	for i := range rows {
		r := &rows[i]
		if err := readPoint(r, o.cols, o.names, "RANDOM_CUT_FOREST", o.point); err != nil {
			out.Fail(now, o.in, *r, err)
			continue rows
		}
		vals := slab[i*n : (i+1)*n : (i+1)*n]
		copy(vals, r.Values)
		var score float64
		if o.spec.WithExplanation {
			a := o.f.Attribution(o.point)
			score = a.Score
			vals[len(o.in)+1] = String(string(a.AppendExplanation(nil, o.names, o.spec.Directionality)))
		} else {
			score = o.f.Score(o.point)
		}
		if err := o.f.Update(o.point); err != nil {
			out.Fail(now, o.in, *r, runtimeErr("InvalidArgument", "%v", err))
			continue
		}
		vals[len(o.in)] = Float(score)
		out.Rows = append(out.Rows, Row{Rowtime: r.Rowtime, Values: vals})
	}
}

func (o *rcfOp) Advance(int64, *Output) {}

// Hotspots is HOTSPOTS(CURSOR(…), windowSize, scanRadius, minimumNumberOfPointsInAHotspot) (SQL reference,
// sqlrf-hotspots; analytics.md §3): every input row is emitted with HOTSPOTS_RESULT (VARCHAR(10000)) appended, the
// JSON of the hotspots of the window of the last WindowSize rows. It reads the numeric columns as
// RandomCutForest does.
type Hotspots struct {
	WindowSize                      int
	ScanRadius                      float64
	MinimumNumberOfPointsInAHotspot int
}

type hotspotsOp struct {
	in, out Schema
	cols    []int
	names   []string
	d       *hotspots.Detector
	point   []float64
}

// Build implements Step.
func (s Hotspots) Build(in Schema, _ *Env) (Operator, error) {
	cols, names, err := numericColumns(in, "HOTSPOTS")
	if err != nil {
		return nil, err
	}
	d, err := hotspots.New(hotspots.Config{WindowSize: s.WindowSize, ScanRadius: s.ScanRadius,
		MinimumNumberOfPointsInAHotspot: s.MinimumNumberOfPointsInAHotspot, Dimensions: len(cols)})
	if err != nil {
		return nil, planErr("HOTSPOTS: %v", err)
	}
	out := append(append(Schema(nil), in...), Column{"HOTSPOTS_RESULT", VarcharType(10000)})
	return &hotspotsOp{in: in, out: out, cols: cols, names: names, d: d, point: make([]float64, len(cols))}, nil
}

func (o *hotspotsOp) Schema() Schema { return o.out }

func (o *hotspotsOp) Push(now int64, rows []Row, out *Output) {
	n := len(o.out)
	slab := make([]Value, len(rows)*n)
rows:
	for i := range rows {
		r := &rows[i]
		if err := readPoint(r, o.cols, o.names, "HOTSPOTS", o.point); err != nil {
			out.Fail(now, o.in, *r, err)
			continue rows
		}
		res, err := o.d.Add(o.point)
		if err != nil {
			out.Fail(now, o.in, *r, runtimeErr("InvalidArgument", "%v", err))
			continue
		}
		vals := slab[i*n : (i+1)*n : (i+1)*n]
		copy(vals, r.Values)
		vals[len(o.in)] = String(truncate(string(res.AppendJSON(nil)), 10000))
		out.Rows = append(out.Rows, Row{Rowtime: r.Rowtime, Values: vals})
	}
}

func (o *hotspotsOp) Advance(int64, *Output) {}

// readPoint reads the numeric columns cols of r into dst; a NULL among them is an error.
func readPoint(r *Row, cols []int, names []string, fn string, dst []float64) error {
	for k, c := range cols {
		v := r.Values[c]
		if v.kind == Null {
			return runtimeErr("InvalidArgument", "NULL in column %s of %s", names[k], fn)
		}
		dst[k] = v.Float()
	}
	return nil
}
