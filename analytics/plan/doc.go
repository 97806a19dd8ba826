// Package plan compiles the SQL of a Kinesis Data Analytics for SQL application, parsed by package sql, onto the
// operators of package query: each CREATE OR REPLACE PUMP … INSERT INTO … SELECT STREAM … becomes a Pump, the
// stream it reads, a list of query steps and the stream it inserts into; each CREATE OR REPLACE STREAM becomes a
// Stream with its typed columns; a query standing alone (the developer guide's join snippets) becomes a Pump
// without a name or a target. The package is a pure core: no goroutines, no clock.
//
// # Usage
//
//	p, err := plan.CompileText(code, plan.Catalog{
//		Streams: map[string]query.Schema{"SOURCE_SQL_STREAM_001": inputColumns},
//		Tables:  map[string]query.Schema{"CompanyName": referenceColumns},
//	})
//	var e *sql.Error
//	if errors.As(err, &e) { … e.Line, e.Column, e.Message … }
//	for _, pump := range p.Pumps {
//		pl, err := p.Compile(pump, p.Env(tables, seed)) // a *query.Pipeline, ending in the cast to pump.Into
//		…
//	}
//
// # What compiles to what
//
// Sources follow kinesim's research notes (analytics.md §1, the checklist of §1.8, the examples of §1.9).
//
//   - FROM a stream (its name, or an alias, qualifies its columns: "SOURCE_SQL_STREAM_001".ROWTIME); FROM a
//     derived table (query) AS t [(columns)]; FROM TABLE(RANDOM_CUT_FOREST(CURSOR(…), numberOfTrees,
//     subSampleSize, timeDecay, shingleSize)), RANDOM_CUT_FOREST_WITH_EXPLANATION(…, withDirectionality),
//     HOTSPOTS(CURSOR(…), windowSize, scanRadius, minimumNumberOfPointsInAHotspot) and TOP_K_ITEMS_TUMBLING(
//     CURSOR(…), 'column', k, windowSeconds): the cursor's steps, then query.RandomCutForest, query.Hotspots or
//     query.TopKItemsTumbling.
//   - [LEFT] JOIN a reference table ON …: query.RefJoin, the equalities between the two sides its keys, the rest
//     of ON a condition over the joined row; [LEFT [OUTER]] JOIN a stream OVER (RANGE INTERVAL … PRECEDING) (or
//     OVER a window of the WINDOW clause): query.StreamJoin. The right side's columns are named alias.column.
//   - WHERE: query.Filter. GROUP BY with a ROWTIME window (STEP(ROWTIME BY INTERVAL …) or FLOOR(ROWTIME TO
//     unit)), the other keys any expressions: query.GroupBy, then HAVING as a Filter. WINDOWED BY STAGGER
//     (PARTITION BY … RANGE INTERVAL …): query.Stagger. Aggregates OVER windows (ROWS n PRECEDING, RANGE INTERVAL
//     … PRECEDING, named or in place): query.Sliding. The select list is then a query.Project over the window's
//     output: a group key written again is its column, an aggregate its result.
//   - ORDER BY ROWTIME is the order rows already have; ORDER BY FLOOR(ROWTIME TO unit), keys… is
//     query.OrderWithinBucket.
//   - INSERT INTO s [(columns)]: the query's columns go, by position, into s's (or the listed ones, the others
//     NULL), cast to their types (query.Into, which Plan.Compile appends).
//
// Identifiers follow KDA's case rules as package sql resolves them: unquoted names are upper case, quoted names
// keep theirs. Unnamed select items are named as KDA does: a column its name, anything else EXPR$n.
//
// # Errors
//
// Every error is a *sql.Error with the line and column of the offending name or clause, Found the offending
// text and Message what was wrong and what is expected: an unknown stream, table, column or function; a type
// that does not fit ("WHERE needs a BOOLEAN condition"); a GROUP BY without a ROWTIME window; an aggregate
// without GROUP BY, STAGGER or OVER; a column neither grouped nor aggregated; a pump inserting into an input
// stream or a stream of another number of columns. Runtime errors (a division by zero, a cast that fails) are
// not the planner's: the pipelines send the failing rows to the error stream.
//
// Not compiled, as no published example needs them or the operators lack them: UNION, EXCEPT and INTERSECT,
// SELECT DISTINCT, subqueries as values, RIGHT and FULL joins, year-month intervals, and the row-typed results of
// W3C_LOG_PARSE, REGEX_LOG_PARSE and VARIABLE_COLUMN_LOG_PARSE (l.r.COLUMN1): those examples (E11, E12's log
// parsers) are refused with a positioned error.
//
// Compile, CompileText and a Plan's methods are safe for concurrent use; a Plan is plain data once built.
package plan
