package sql

import (
	"reflect"
	"strings"
	"testing"
)

// mustParse parses src or fails t.
func mustParse(t *testing.T, src string) *Script {
	t.Helper()
	s, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	roundTrip(t, s)
	return s
}

// onlySelect returns the one SELECT of a one-statement script.
func onlySelect(t *testing.T, src string) *Select {
	t.Helper()
	s := mustParse(t, src)
	switch st := s.Statements[0].(type) {
	case *QueryStatement:
		return st.Query.(*Select)
	case *CreatePump:
		return st.Insert.Query.(*Select)
	}
	t.Fatalf("statement %T", s.Statements[0])
	return nil
}

// TestUnquotedIdentifiersAreUpperCaseQuotedKeepTheirCase: "Unquoted identifiers default to upper case; quoted
// identifiers are case sensitive" (DG:how-it-works-app-code, analytics.md §1.1).
func TestUnquotedIdentifiersAreUpperCaseQuotedKeepTheirCase(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM ticker_Symbol, "heartRate", "say ""hi""", "TICKER" FROM "SOURCE_SQL_STREAM_001"`)
	var got []string
	for _, it := range s.Items {
		got = append(got, it.Expr.(*Ref).Parts[0].Name)
	}
	want := []string{"TICKER_SYMBOL", "heartRate", `say "hi"`, "TICKER"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("names = %q, want %q", got, want)
	}
	if got := Print(s.Items[0].Expr); got != "TICKER_SYMBOL" {
		t.Fatalf("Print = %s", got)
	}
	if got := Print(s.Items[2].Expr); got != `"say ""hi"""` {
		t.Fatalf("Print = %s", got)
	}
	if got := Print(s.From[0]); got != "SOURCE_SQL_STREAM_001" {
		t.Fatalf("Print = %s", got)
	}
}

// TestStreamRowtimeReferences: "stream".ROWTIME and "stream"."ROWTIME" are the same reference (analytics.md §1.8).
func TestStreamRowtimeReferences(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM "S".ROWTIME, "S"."ROWTIME", s.rowtime FROM "S"`)
	for i, it := range s.Items {
		if got := it.Expr.(*Ref).Parts; len(got) != 2 || got[0].Name != "S" || got[1].Name != "ROWTIME" {
			t.Fatalf("item %d = %+v", i, got)
		}
	}
}

// TestTumblingWindowGroupByStepAndFloor: GROUP BY STEP(… BY INTERVAL '60' SECOND) and FLOOR(… TO MINUTE)
// (DG:tumbling-window-concepts, analytics.md §1.3).
func TestTumblingWindowGroupByStepAndFloor(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM ticker, COUNT(*) FROM s GROUP BY ticker, STEP(s.ROWTIME BY INTERVAL '60' SECOND), FLOOR(s.event_time TO MINUTE), STEP(x BY 5)`)
	step := s.GroupBy[1].(*Step)
	if iv := step.By.(*IntervalLiteral); iv.Value != "60" || iv.Unit != "SECOND" || iv.Precision != -1 || iv.To != "" {
		t.Fatalf("interval = %+v", iv)
	}
	if f := s.GroupBy[2].(*TimeFloor); f.Unit != "MINUTE" || f.Ceil {
		t.Fatalf("floor = %+v", f)
	}
	if lit := s.GroupBy[3].(*Step).By.(*Literal); lit.Kind != NumberLiteral || lit.Text != "5" {
		t.Fatalf("integer step = %+v", lit)
	}
	if c := s.Items[1].Expr.(*Call); c.Name.Name != "COUNT" || !c.Star || c.Args != nil {
		t.Fatalf("COUNT(*) = %+v", c)
	}
	// FLOOR without TO is the numeric function.
	if c := onlySelect(t, "SELECT STREAM FLOOR(price), floor(a, b) FROM s").Items[1].Expr.(*Call); c.Name.Name != "FLOOR" || len(c.Args) != 2 {
		t.Fatalf("FLOOR call = %+v", c)
	}
}

// TestSlidingWindowsNamedAndInline: WINDOW W1 AS (PARTITION BY … RANGE INTERVAL '1' MINUTE PRECEDING), ROWS n
// PRECEDING, and an inline OVER (…) (DG:sliding-window-concepts).
func TestSlidingWindowsNamedAndInline(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM AVG(price) OVER w1, SUM(x) OVER (PARTITION BY a ORDER BY ROWTIME ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
		LAG(price, 1) IGNORE NULLS OVER w2 FROM s
		WINDOW w1 AS (PARTITION BY ticker RANGE INTERVAL '1' MINUTE PRECEDING), w2 AS (ROWS UNBOUNDED PRECEDING)`)
	if o := s.Items[0].Expr.(*Call).Over; o.Name == nil || o.Name.Name != "W1" || o.Spec != nil {
		t.Fatalf("OVER w1 = %+v", o)
	}
	inline := s.Items[1].Expr.(*Call).Over.Spec
	if f := inline.Frame; f.Unit != Rows || f.Start.Kind != Preceding || f.End.Kind != CurrentRow || len(inline.OrderBy) != 1 {
		t.Fatalf("inline window = %+v", inline)
	}
	if lag := s.Items[2].Expr.(*Call); lag.Nulls != "IGNORE NULLS" || lag.Over.Name.Name != "W2" {
		t.Fatalf("LAG = %+v", lag)
	}
	w1 := s.Windows[0].Spec
	if w1.Frame.Unit != Range || w1.Frame.Start.Offset.(*IntervalLiteral).Unit != "MINUTE" || w1.Frame.End != nil {
		t.Fatalf("w1 = %+v", w1)
	}
	if s.Windows[1].Spec.Frame.Start.Kind != UnboundedPreceding {
		t.Fatalf("w2 = %+v", s.Windows[1].Spec)
	}
}

// TestStaggerWindowReplacesGroupBy: WINDOWED BY STAGGER (PARTITION BY … RANGE INTERVAL …) comes after WHERE and
// before HAVING (DG:stagger-window-concepts).
func TestStaggerWindowReplacesGroupBy(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM ticker, COUNT(ticker) FROM s WHERE price > 0
		WINDOWED BY STAGGER (PARTITION BY FLOOR(event_time TO MINUTE), ticker RANGE INTERVAL '1' MINUTE) HAVING COUNT(ticker) > 1`)
	if s.Windowed == nil || len(s.Windowed.PartitionBy) != 2 || s.GroupBy != nil || s.Having == nil || s.Where == nil {
		t.Fatalf("select = %+v", s)
	}
}

// TestTableFunctionsTakeACursor: FROM TABLE(fn(CURSOR(SELECT STREAM …), literal, …)) (DG:app-anomaly-detection,
// DG:app-hotspots-detection, DG:examples-window-topkitems).
func TestTableFunctionsTakeACursor(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM * FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM * FROM "S"), 100, 256, 100000, 1, true)) AS r`)
	tf := s.From[0].(*TableFunction)
	if tf.Call.Name.Name != "RANDOM_CUT_FOREST_WITH_EXPLANATION" || len(tf.Call.Args) != 6 || tf.Alias.Name != "R" {
		t.Fatalf("table function = %+v", tf)
	}
	cur := tf.Call.Args[0].(*Cursor).Query.(*Select)
	if !cur.Stream || cur.From[0].(*TableName).Name[0].Name != "S" {
		t.Fatalf("cursor = %+v", cur)
	}
	if b := tf.Call.Args[5].(*Literal); b.Kind != BoolLiteral || b.Text != "TRUE" {
		t.Fatalf("true = %+v", b)
	}
}

// TestDerivedTableWithRowAlias: FROM (SELECT STREAM W3C_LOG_PARSE(…) FROM …) AS l(r) and l.r.COLUMN1
// (DG:examples-transforming-strings-w3clogparse).
func TestDerivedTableWithRowAlias(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM l.r.COLUMN1 FROM (SELECT STREAM W3C_LOG_PARSE("log", 'COMMON') FROM "S") AS l(r)`)
	dt := s.From[0].(*DerivedTable)
	if dt.Alias.Name != "L" || len(dt.Columns) != 1 || dt.Columns[0].Name != "R" {
		t.Fatalf("derived table = %+v", dt)
	}
	if parts := s.Items[0].Expr.(*Ref).Parts; len(parts) != 3 || parts[2].Name != "COLUMN1" {
		t.Fatalf("ref = %+v", parts)
	}
}

// TestJoins: a reference-table LEFT JOIN … ON (DG:app-add-reference-data), a windowed stream join with OVER
// (RANGE …) on the right side, and a named window (DG:stream-joins-concepts).
func TestJoins(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM * FROM a LEFT JOIN "CompanyName" AS "c" ON a.t = "c"."Ticker"
		INNER JOIN b OVER w AS x ON x.id = a.id CROSS JOIN c, d USING_NOT_A_KEYWORD WINDOW w AS (RANGE INTERVAL '1' MINUTE PRECEDING)`)
	if len(s.From) != 2 || s.From[1].(*TableName).Alias.Name != "USING_NOT_A_KEYWORD" {
		t.Fatalf("from = %+v", s.From)
	}
	cross := s.From[0].(*Join)
	inner := cross.Left.(*Join)
	left := inner.Left.(*Join)
	if cross.Kind != CrossJoin || inner.Kind != InnerJoin || !inner.Explicit || left.Kind != LeftJoin || left.Outer {
		t.Fatalf("joins = %+v %+v %+v", cross, inner, left)
	}
	if inner.Right.(*TableName).Over.Name.Name != "W" || left.Right.(*TableName).Alias.Name != "c" {
		t.Fatalf("right sides = %+v %+v", inner.Right, left.Right)
	}
	u := onlySelect(t, "SELECT STREAM * FROM a JOIN b USING (id, ts)").From[0].(*Join)
	if len(u.Using) != 2 || u.Explicit {
		t.Fatalf("using = %+v", u)
	}
}

// TestPredicatesAndOperators: LIKE, SIMILAR TO (DG:get-started-update-appcode), IS NULL, BETWEEN, IN, CASE, CAST,
// ||, arithmetic precedence, TIMESTAMP literals, POSITION … IN, EXTRACT … FROM (analytics.md §1.4).
func TestPredicatesAndOperators(t *testing.T) {
	s := onlySelect(t, `SELECT STREAM
		CASE WHEN a IS NOT NULL THEN 'x' || b ELSE NULL END,
		CASE a WHEN 1 THEN 'one' END,
		CAST(price AS DECIMAL(5, 2)),
		1 + 2 * 3 - -4,
		POSITION('.com' IN referrer),
		EXTRACT(SECOND FROM event_time),
		TIMESTAMP '2018-05-09 12:50:41', DATE '2018-05-09', TIME '12:50:41',
		event_time - INTERVAL '1:30' MINUTE TO SECOND
		FROM s
		WHERE a LIKE 'A%' ESCAPE '!' AND b NOT SIMILAR TO '%TECH%' AND c BETWEEN 1 AND 10
			AND d NOT IN (1, 2) AND e IN (SELECT x FROM t) OR NOT f = 1 AND EXISTS (SELECT 1 FROM u)`)
	c := s.Items[0].Expr.(*Case)
	if c.Operand != nil || c.Whens[0].Cond.(*Is).What != "NULL" || !c.Whens[0].Cond.(*Is).Not || c.Else.(*Literal).Kind != NullLiteral {
		t.Fatalf("case = %+v", c)
	}
	if cast := s.Items[2].Expr.(*Cast); cast.Type.Name != "DECIMAL" || !reflect.DeepEqual(cast.Type.Params, []int{5, 2}) {
		t.Fatalf("cast = %+v", cast)
	}
	arith := s.Items[3].Expr.(*Binary) // (1 + (2 * 3)) - (-4)
	if arith.Op != "-" || arith.L.(*Binary).R.(*Binary).Op != "*" || arith.R.(*Unary).Op != "-" {
		t.Fatalf("arithmetic = %s", Print(arith))
	}
	if got := Print(arith); got != "1 + 2 * 3 - -4" {
		t.Fatalf("Print = %s", got)
	}
	if ts := s.Items[6].Expr.(*TypedLiteral); ts.Type != "TIMESTAMP" || ts.Value != "2018-05-09 12:50:41" {
		t.Fatalf("timestamp = %+v", ts)
	}
	if iv := s.Items[9].Expr.(*Binary).R.(*IntervalLiteral); iv.Unit != "MINUTE" || iv.To != "SECOND" {
		t.Fatalf("interval = %+v", iv)
	}
	or := s.Where.(*Binary)
	if or.Op != "OR" || or.R.(*Binary).L.(*Unary).Op != "NOT" || !or.R.(*Binary).R.(*Subquery).Exists {
		t.Fatalf("where = %s", Print(or))
	}
}

// TestPrintAddsOnlyNeededParentheses: the canonical form drops redundant parentheses and keeps those precedence
// needs, so the DG's WHERE (ABS((CHANGE / (PRICE-CHANGE)) * 100)) > 15 prints without the outer pairs.
func TestPrintAddsOnlyNeededParentheses(t *testing.T) {
	cases := map[string]string{
		"(ABS((CHANGE / (PRICE-CHANGE)) * 100)) > 15": "ABS(CHANGE / (PRICE - CHANGE) * 100) > 15",
		"a - (b - c)":                      "A - (B - C)",
		"(a - b) - c":                      "A - B - C",
		"(a OR b) AND c":                   "(A OR B) AND C",
		"NOT (a AND b)":                    "NOT (A AND B)",
		"-(-a)":                            "- -A",
		"+(-(+a))":                         "+ - +A",
		"- (a + b)":                        "-(A + B)",
		"(a = b) = c":                      "A = B = C",
		"a = (b = c)":                      "A = (B = C)",
		"(a || b) || c":                    "A || B || C",
		"a BETWEEN (b AND c) AND d":        "A BETWEEN (B AND C) AND D",
		"(a IS NULL) IS NOT TRUE":          "A IS NULL IS NOT TRUE",
		"(NOT a) LIKE 'x'":                 "(NOT A) LIKE 'x'",
		"a != b":                           "A <> B",
		"'it''s'":                          "'it''s'",
		"CEILING(ts TO HOUR)":              "CEIL(TS TO HOUR)",
		`"STEP"(a, b)`:                     `"STEP"(A, B)`,
		`"timestamp" + "TIMESTAMP"`:        `"timestamp" + "TIMESTAMP"`,
		"COUNT(DISTINCT a) + count(ALL b)": "COUNT(DISTINCT A) + COUNT(ALL B)",
		"INTERVAL -'5' DAY(3) + INTERVAL '1.5' SECOND": "INTERVAL -'5' DAY(3) + INTERVAL '1.5' SECOND",
		"FLOOR((ts + INTERVAL '1' DAY) TO HOUR)":       "FLOOR((TS + INTERVAL '1' DAY) TO HOUR)",
		`AVG(a) OVER (ROWS "CURRENT" PRECEDING)`:       `AVG(A) OVER (ROWS "CURRENT" PRECEDING)`,
		`AVG(a) OVER (ROWS "UNBOUNDED" + 1 FOLLOWING)`: `AVG(A) OVER (ROWS "UNBOUNDED" + 1 FOLLOWING)`,
	}
	for in, want := range cases {
		s := onlySelect(t, "SELECT STREAM "+in+" FROM s")
		if got := Print(s.Items[0].Expr); got != want {
			t.Errorf("Print(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestUnionAll: UNION [ALL], EXCEPT and INTERSECT are left-associative; a parenthesised right side keeps its
// parentheses.
func TestUnionAll(t *testing.T) {
	s := mustParse(t, "SELECT STREAM a FROM s UNION ALL SELECT STREAM a FROM t UNION (SELECT STREAM a FROM u EXCEPT SELECT STREAM a FROM v)")
	u := s.Statements[0].(*QueryStatement).Query.(*SetOperation)
	if u.Op != Union || u.All || !u.Left.(*SetOperation).All || u.Right.(*SetOperation).Op != Except {
		t.Fatalf("union = %+v", u)
	}
}

// TestCommentsAndSemicolons: -- comments, also after arguments and at the end without a newline, /* … */
// comments, and ';' between statements with the last one optional (analytics.md §1.8).
func TestCommentsAndSemicolons(t *testing.T) {
	s := mustParse(t, "-- lead\n/* block\n comment */ CREATE STREAM s (a INTEGER, -- the a\n b DOUBLE /* the b */);;\nSELECT STREAM a FROM s -- end")
	if len(s.Statements) != 2 {
		t.Fatalf("statements = %d", len(s.Statements))
	}
	if p := s.Statements[0].Position(); p != (Pos{Line: 3, Column: 13}) {
		t.Fatalf("CREATE at %+v", p)
	}
	if p := s.Statements[0].(*CreateStream).Columns[1].Position(); p != (Pos{Line: 4, Column: 2}) {
		t.Fatalf("column b at %+v", p)
	}
}

// TestPositionsCountCharactersFromOne: lines and columns count from 1, a column in characters (so a multi-byte
// character counts once and a tab counts once).
func TestPositionsCountCharactersFromOne(t *testing.T) {
	s := onlySelect(t, "SELECT STREAM 'é', \tx\n  FROM s")
	if p := s.Items[1].Position(); p != (Pos{Line: 1, Column: 21}) {
		t.Fatalf("x at %+v", p)
	}
	if p := s.From[0].Position(); p != (Pos{Line: 2, Column: 8}) {
		t.Fatalf("s at %+v", p)
	}
}

// TestColumnTypes: the types of analytics.md §1.8 and their spellings, with NOT NULL (DG:streams-pumps).
func TestColumnTypes(t *testing.T) {
	s := mustParse(t, `CREATE OR REPLACE STREAM s (a VARCHAR(64) NOT NULL, b CHAR(2), c INTEGER, d INT, e BIGINT, f SMALLINT,
		g TINYINT, h DOUBLE, i DOUBLE PRECISION, j REAL, k DECIMAL(5,2), l NUMERIC(10), m BOOLEAN, n TIMESTAMP, o DATE,
		p TIME, q VARBINARY(16), r CHARACTER VARYING(3), t varchar(20), u FLOAT)`)
	var got []string
	for _, c := range s.Statements[0].(*CreateStream).Columns {
		got = append(got, Print(&c.Type))
	}
	want := []string{"VARCHAR(64)", "CHAR(2)", "INTEGER", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "DOUBLE",
		"DOUBLE", "REAL", "DECIMAL(5, 2)", "DECIMAL(10)", "BOOLEAN", "TIMESTAMP", "DATE", "TIME", "VARBINARY(16)",
		"VARCHAR(3)", "VARCHAR(20)", "FLOAT"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("types = %q\nwant %q", got, want)
	}
	if !s.Statements[0].(*CreateStream).Columns[0].NotNull {
		t.Fatal("NOT NULL lost")
	}
}

// trickyInputs parse, and must print to text that reads back the same: quoted names that are keywords in some
// position, operators that would fuse into comments, nested set operations and joins.
var trickyInputs = []string{
	`SELECT STREAM "CURRENT", "UNBOUNDED", "TO", "IGNORE", "ASC", "ROWS" FROM "TIMESTAMP" AS "DATE"`,
	`SELECT STREAM AVG(a) OVER (ROWS BETWEEN "CURRENT" PRECEDING AND "UNBOUNDED" FOLLOWING) FROM s`,
	`SELECT STREAM FLOOR("TO" TO MINUTE), FLOOR("TO"), "FLOOR"(DISTINCT a), "STEP"(a), "CURSOR"(b) FROM s`,
	`SELECT STREAM a - -b, - -c, -(-d), +-e, a/ *b, a * * FROM s`,
	`SELECT STREAM t.*, * AS x, "TIMESTAMP" + TIMESTAMP 'x' FROM s`,
	`SELECT STREAM f(*), g(DISTINCT *), h(*, a), COUNT(ALL a) FROM s`,
	`SELECT STREAM a FROM s UNION (SELECT STREAM b FROM t UNION ALL (SELECT STREAM c FROM u))`,
	`SELECT STREAM a FROM (a JOIN (b CROSS JOIN c) ON x = y), (SELECT 1) AS d(e)`,
	`SELECT STREAM a FROM s WHERE a IN ((SELECT 1)) AND b IN (SELECT 2 FROM t) AND EXISTS ((SELECT 3))`,
	`SELECT STREAM CASE CASE a WHEN 1 THEN 2 END WHEN 2 THEN NOT a = b ELSE -1.5E3 END FROM s`,
	`SELECT STREAM a LIKE b LIKE c, a BETWEEN b AND c BETWEEN d AND e, a IS NULL IS NOT UNKNOWN FROM s`,
	`SELECT STREAM 1., .5, 1.e5, 'a''b', "a""b", "日本", 日本 FROM s`,
	`SELECT STREAM FLOOR(INTERVAL '1' DAY TO HOUR), FLOOR((INTERVAL '1' DAY) TO HOUR), CEIL(a + INTERVAL '1' HOUR TO MINUTE) FROM s`,
	`SELECT STREAM POSITION(a IN b IN (c)), POSITION((a = b) IN c) FROM s`,
	`INSERT INTO s (SELECT a FROM t); INSERT INTO s (a) (SELECT a FROM t)`,
}

// TestTrickyInputsPrintBackTheSame: each of trickyInputs parses and round-trips through Print.
func TestTrickyInputsPrintBackTheSame(t *testing.T) {
	for _, src := range trickyInputs {
		mustParse(t, src)
	}
}

// TestDocListsTheReservedWords keeps doc.go's list of reserved words in step with the parser's.
func TestDocListsTheReservedWords(t *testing.T) {
	doc := strings.Join(strings.Fields(readFile(t, "doc.go")), " ")
	for w := range reserved {
		if !strings.Contains(doc, " "+w+",") && !strings.Contains(doc, " "+w+".") {
			t.Errorf("doc.go does not list the reserved word %s", w)
		}
	}
}
