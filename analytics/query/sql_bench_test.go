package query_test

import (
	"testing"

	"github.com/kinesim/kinesim/analytics/plan"
	q "github.com/kinesim/kinesim/analytics/query"
)

// tumblingSQL is BenchmarkTumblingCountSum's query as an application writes it.
const tumblingSQL = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (TICKER VARCHAR(4), N BIGINT, TOTAL BIGINT);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM TICKER, COUNT(*) AS N, SUM(PRICE) AS TOTAL
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY TICKER, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);`

// BenchmarkTumblingGoVersusSQL runs the figure twice in one run: the tumbling COUNT/SUM of
// BenchmarkTumblingCountSum written in Go (one GroupBy step), and the same query compiled from its SQL by
// package plan (the GroupBy, the select list's Project and the INSERT's cast to the destination's columns), over
// the same 1 M rows (100 tickers, 10,000 rows a second) in batches of 500. The issue asks the SQL within 1.5× of
// the Go pipeline.
func BenchmarkTumblingGoVersusSQL(b *testing.B) {
	rows := tumblingRows()
	p, err := plan.CompileText(tumblingSQL, plan.Catalog{Streams: map[string]q.Schema{"SOURCE_SQL_STREAM_001": tumblingInput}})
	if err != nil {
		b.Fatal(err)
	}
	builds := map[string]func() (*q.Pipeline, error){
		"Go":  func() (*q.Pipeline, error) { return q.Compile(tumblingInput, nil, tumblingStep) },
		"SQL": func() (*q.Pipeline, error) { return p.Compile(p.Pumps[0], p.Env(nil, 0)) },
	}
	for _, name := range []string{"Go", "SQL"} {
		b.Run(name, func(b *testing.B) { benchmarkTumbling(b, rows, builds[name]) })
	}
}
