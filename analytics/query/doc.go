// Package query is the pure core of a Kinesis Data Analytics for SQL application: typed rows, an expression
// tree, and the operators of its continuous queries — filters and projections, tumbling, sliding and stagger
// windows with their aggregates, top-K items, joins with reference tables and windowed joins of two streams, and
// RANDOM_CUT_FOREST and HOTSPOTS over packages rcf and hotspots (analytics.md §1–§3).
//
// # Usage
//
// A query is a list of steps, plain data a SQL planner builds from an AST (or Go code by hand, with the builders
// C, L, Fn, StepBy, FloorTo, As, Agg …). Compile binds them to the schema of the rows they read:
//
//	// SELECT STREAM TICKER_SYMBOL, COUNT(*) FROM … GROUP BY TICKER_SYMBOL, STEP(ROWTIME BY INTERVAL '1' MINUTE)
//	p, err := query.Compile(in, nil, query.GroupBy{
//		Keys:       []query.Item{{Expr: query.C("TICKER_SYMBOL")}, {Expr: query.StepBy(query.Rowtime{}, time.Minute)}},
//		Aggregates: []query.Aggregate{query.CountStar("TICKER_COUNT")},
//	})
//	var out query.Output
//	p.Push(now, rows, &out) // rows in ROWTIME order, ROWTIME ≤ now
//	p.Advance(later, &out)  // time passes: windows that ended emit
//
// # Model
//
// Time is ROWTIME, the instant a row entered the application (the shell stamps it, monotonic): windows close when
// ROWTIME passes their end, as KDA has no watermarks (analytics.md §1.2). Event-time columns are ordinary values:
// grouping by STEP(EVENT_TIME …) beside STEP(ROWTIME …) is the developer guide's two-window strategy, and a late row
// becomes a partial row of a later ROWTIME window. A tumbling or stagger window emits its rows with ROWTIME its end;
// a sliding window emits one row per input row.
//
// Errors of evaluation (a division by zero, a value that does not cast, an overflow) never panic and never stop the
// query: the failing row becomes a row of the error stream (ErrorRow, with the documented columns) and the query
// goes on (developer guide, error-handling). Errors of planning (an unknown column or function, a GROUP BY without a
// ROWTIME window) are apierr.CodeValidation.
//
// Operators and pipelines are not safe for concurrent use; the package starts no goroutines and reads no clock:
// every call is given now.
package query
