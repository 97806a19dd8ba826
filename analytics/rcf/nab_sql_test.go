package rcf_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kinesim/kinesim/analytics/plan"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/analytics/rcf"
)

// NAB's own KDA application (numenta/NAB random_cut_forest.sql, kept verbatim as testdata/nab/
// random_cut_forest.sql, example E19 of package sql's tests too; analytics.md §2.4), compiled from its SQL by package plan and run on the five
// series, gives exactly the scores of the forest run directly with the same parameters and seed (the forest of
// TestNABForestFindsWindowsAtLeastAsWellAsKDA), and so the same NAB result, at least AWS's recorded scores' at
// NAB's published threshold. Like that test it skips under -race and -short.
func TestNABApplicationFromItsSQLReproducesTheForestsNABResult(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("the forest over NAB's five series takes minutes under -race or with -short; run without them")
	}
	code, err := os.ReadFile(filepath.Join("testdata", "nab", "random_cut_forest.sql"))
	if err != nil {
		t.Fatal(err)
	}
	in := query.Schema{{Name: "COL_TIMESTAMP", Type: query.TimestampType}, {Name: "COL_VALUE", Type: query.DoubleType}}
	p, err := plan.CompileText(string(code), plan.Catalog{Streams: map[string]query.Schema{"SOURCE_SQL_STREAM_001": in}})
	if err != nil {
		t.Fatal(err)
	}
	series, aws := loadNAB(t)
	var awsSum float64
	for _, f := range aws {
		awsSum += nabFileScore(f.rows, f.nwin, f.values, nabPublishedThreshold, nabStandard)
	}
	const seed = 1
	scores := make([][]float64, len(series))
	for k, f := range series {
		score, output := pipe(t, p, "STREAM_PUMP", seed), pipe(t, p, "OUTPUT_PUMP", seed)
		forest, err := rcf.New(rcf.Config{NumberOfTrees: 100, SubSampleSize: 256, TimeDecay: 100000, ShingleSize: 1, Dimensions: 1, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		var mid, out query.Output
		for i, v := range f.values {
			rt := query.RowtimeOf(f.times[i])
			mid.Reset()
			score.Push(rt, []query.Row{{Rowtime: rt, Values: []query.Value{query.TimestampValue(f.times[i]), query.Float(v)}}}, &mid)
			output.Push(rt, mid.Rows, &out)
			want, err := forest.ScoreAndUpdate([]float64{v})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Rows) != i+1 || out.Rows[i].Values[2].Float() != want/8 {
				t.Fatalf("%s row %d: the SQL application scores %v, the forest %v / 8", f.name, i, out.Rows[len(out.Rows)-1].Values, want)
			}
		}
		scores[k] = make([]float64, len(out.Rows))
		for i, r := range out.Rows {
			scores[k][i] = r.Values[2].Float()
		}
	}
	th, sum := nabBestThreshold(series, scores, nabStandard)
	t.Logf("seed %d: NAB sum %.3f at threshold %.4f from the SQL application; AWS's recorded scores %.3f", seed, sum, th, awsSum)
	if sum < awsSum {
		t.Errorf("NAB sum %.3f below AWS's %.3f at the published threshold", sum, awsSum)
	}
}

func pipe(t *testing.T, p *plan.Plan, name string, seed uint64) *query.Pipeline {
	t.Helper()
	for _, pu := range p.Pumps {
		if pu.Name == name {
			pl, err := p.Compile(pu, p.Env(nil, seed))
			if err != nil {
				t.Fatal(err)
			}
			return pl
		}
	}
	t.Fatalf("no pump %s", name)
	return nil
}
