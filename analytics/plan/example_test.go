package plan_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/analytics/plan"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/analytics/sql"
)

// The developer guide's tumbling window, compiled from its SQL and run on a few rows: MIN and MAX per ticker per
// minute of ROWTIME, emitted when the minute ends.
func ExampleCompileText() {
	code := `
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (TICKER VARCHAR(4), MIN_PRICE REAL, MAX_PRICE REAL);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM TICKER, MIN(PRICE), MAX(PRICE)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY TICKER, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);`
	in := query.Schema{{Name: "TICKER", Type: query.VarcharType(4)}, {Name: "PRICE", Type: query.DoubleType}}
	p, err := plan.CompileText(code, plan.Catalog{Streams: map[string]query.Schema{"SOURCE_SQL_STREAM_001": in}})
	if err != nil {
		fmt.Println(err)
		return
	}
	pump := p.Pumps[0]
	pl, err := p.Compile(pump, p.Env(nil, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2018, 8, 1, 10, 0, 0, 0, time.UTC)
	var out query.Output
	for i, price := range []float64{33.11, 34.5, 32.9} {
		rt := query.RowtimeOf(t0.Add(time.Duration(i) * 10 * time.Second))
		pl.Push(rt, []query.Row{{Rowtime: rt, Values: []query.Value{query.String("TBV"), query.Float(price)}}}, &out)
	}
	pl.Advance(query.RowtimeOf(t0.Add(time.Minute)), &out)
	fmt.Println(pump.Name, pump.From, "→", pump.Into, pl.Schema())
	for _, r := range out.Rows {
		fmt.Println(r.Format())
	}
	// Output:
	// STREAM_PUMP SOURCE_SQL_STREAM_001 → DESTINATION_SQL_STREAM (TICKER VARCHAR(4), MIN_PRICE REAL, MAX_PRICE REAL)
	// 2018-08-01 10:01:00.000	TBV	32.9	34.5
}

// A semantic error names its line and column: here a GROUP BY with no window on ROWTIME.
func ExampleCompile_error() {
	script, _ := sql.Parse(`CREATE OR REPLACE STREAM "D" (TICKER VARCHAR(4), N BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "D"
    SELECT STREAM TICKER, COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY TICKER;`)
	in := query.Schema{{Name: "TICKER", Type: query.VarcharType(4)}}
	_, err := plan.Compile(script, plan.Catalog{Streams: map[string]query.Schema{"SOURCE_SQL_STREAM_001": in}})
	var e *sql.Error
	if errors.As(err, &e) {
		fmt.Println(e.Line, e.Column)
	}
	fmt.Println(err)
	// Output:
	// 3 74
	// line 3, column 74: a GROUP BY needs a window on ROWTIME: STEP(ROWTIME BY INTERVAL …) or FLOOR(ROWTIME TO unit)
}
