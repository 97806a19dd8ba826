package plan_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinesim/kinesim/analytics/plan"
	"github.com/kinesim/kinesim/analytics/sql"
)

// nabSQL is NAB's KDA application (numenta/NAB random_cut_forest.sql, example E19 of analytics.md §1.9), kept
// verbatim once, among analytics/rcf's NAB data.
var nabSQL = filepath.Join("..", "rcf", "testdata", "nab", "random_cut_forest.sql")

// FuzzPlan plans whatever parses: planning never panics, every error is a *sql.Error with a position, and every
// pump of a plan that compiles builds into a pipeline (the planner checks what query.Compile would refuse).
// The example SQL of analytics/sql's testdata and NAB's application seed the corpus.
func FuzzPlan(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "sql", "testdata", "*.sql"))
	for _, name := range append(files, nabSQL) {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(string(b))
		}
	}
	f.Add(dest + `CREATE PUMP P AS INSERT INTO DEST SELECT STREAM ticker_symbol, COUNT(*) FROM SOURCE_SQL_STREAM_001 GROUP BY ticker_symbol, FLOOR(ROWTIME TO MINUTE) HAVING COUNT(*) > 1;`)
	cat := anyCatalog()
	f.Fuzz(func(t *testing.T, code string) {
		script, err := sql.Parse(code)
		if err != nil {
			return
		}
		p, err := plan.Compile(script, cat)
		if err != nil {
			var e *sql.Error
			if !errors.As(err, &e) || e.Line < 1 || e.Column < 1 {
				t.Fatalf("error %v (%T) is not a positioned *sql.Error", err, err)
			}
			return
		}
		for _, pump := range p.Pumps {
			if _, err := p.Compile(pump, p.Env(nil, 1)); err != nil {
				t.Fatalf("pump %q planned but does not build: %v", pump.Name, err)
			}
		}
	})
}
