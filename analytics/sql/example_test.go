package sql_test

import (
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/analytics/sql"
)

// Parse an application (E2 of analytics.md §1.9, DG:examples-window-tumbling-rowtime) and read its streams,
// pumps and the tumbling window of its GROUP BY.
func ExampleParse() {
	script, err := sql.Parse(`
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (TICKER VARCHAR(4), MIN_PRICE REAL, MAX_PRICE REAL);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM TICKER, MIN(PRICE), MAX(PRICE)
        FROM "SOURCE_SQL_STREAM_001"
        GROUP BY TICKER, 
            STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range script.Statements {
		switch st := st.(type) {
		case *sql.CreateStream:
			fmt.Printf("stream %s with %d columns\n", st.Name.Name, len(st.Columns))
		case *sql.CreatePump:
			sel := st.Insert.Query.(*sql.Select)
			step := sel.GroupBy[1].(*sql.Step)
			iv := step.By.(*sql.IntervalLiteral)
			fmt.Printf("pump %s into %s at line %d: tumbling window of %s %s over %s\n",
				st.Name.Name, st.Insert.Into.Name, st.Line, iv.Value, iv.Unit, sql.Print(step.X))
		}
	}
	// Output:
	// stream DESTINATION_SQL_STREAM with 3 columns
	// pump STREAM_PUMP into DESTINATION_SQL_STREAM at line 4: tumbling window of 60 SECOND over SOURCE_SQL_STREAM_001.ROWTIME
}

// Print gives the canonical text: identifiers resolved, only the parentheses precedence needs.
func ExamplePrint() {
	script, _ := sql.Parse(`create or replace pump "myPump" as insert into "OUT"
select stream ticker_symbol, AVG(price) over last2rows from "SOURCE_SQL_STREAM_001"
where (ABS((change / (price-change)) * 100)) > 15
window last2rows as (partition by ticker_symbol rows 2 preceding)`)
	fmt.Print(sql.Print(script))
	// Output:
	// CREATE OR REPLACE PUMP "myPump" AS
	// INSERT INTO OUT
	// SELECT STREAM TICKER_SYMBOL, AVG(PRICE) OVER LAST2ROWS
	// FROM SOURCE_SQL_STREAM_001
	// WHERE ABS(CHANGE / (PRICE - CHANGE) * 100) > 15
	// WINDOW LAST2ROWS AS (PARTITION BY TICKER_SYMBOL ROWS 2 PRECEDING);
}

// A syntax error names its line, its column and what was expected: here the comma before FROM of the DG's LEFT
// OUTER JOIN sample (DG:stream-joins-concepts).
func ExampleError() {
	_, err := sql.Parse(`SELECT STREAM
    ROWTIME, 
    o.orderId, o.ticker, o.amount AS orderAmount,
    t.ticker, t.tradeId, t.amount AS tradeAmount,
FROM OrderStream AS o
LEFT OUTER JOIN TradeStream OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t
ON    o.orderId = t.orderId;`)
	fmt.Println(err)
	var e *sql.Error
	if errors.As(err, &e) {
		fmt.Printf("line %d, column %d, expected %s, found %s\n", e.Line, e.Column, e.Expected, e.Found)
	}
	// Output:
	// line 5, column 1: expected an expression, found "FROM"
	// line 5, column 1, expected an expression, found "FROM"
}

// Inspect finds the table functions of an application and the streams their cursors read.
func ExampleInspect() {
	script, _ := sql.Parse(`CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "TEMP_STREAM"
SELECT STREAM "COL_TIMESTAMP", "COL_VALUE", "ANOMALY_SCORE" / 8.0 FROM
  TABLE(RANDOM_CUT_FOREST(
    CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), -- inputStream
    100, 256, 100000, 1))`)
	sql.Inspect(script, func(n sql.Node) bool {
		if tf, ok := n.(*sql.TableFunction); ok {
			from := tf.Call.Args[0].(*sql.Cursor).Query.(*sql.Select).From[0].(*sql.TableName)
			fmt.Printf("%s reads %s with %d parameters\n", tf.Call.Name.Name, from.Name[0].Name, len(tf.Call.Args)-1)
		}
		return true
	})
	// Output:
	// RANDOM_CUT_FOREST reads SOURCE_SQL_STREAM_001 with 4 parameters
}
