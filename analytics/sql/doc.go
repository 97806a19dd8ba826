// Package sql parses the SQL of Kinesis Data Analytics for SQL applications (KDA, retired by AWS in January
// 2026) as AWS's example applications write it, and prints a syntax tree back as canonical SQL. It is the front
// half of running such applications: a planner compiles the tree onto kinesim's analytics operators. The package
// is a pure core: no engine, no goroutines, no clock.
//
// # Usage
//
//	script, err := sql.Parse(code) // the application code: statements separated by ';'
//	var e *sql.Error
//	if errors.As(err, &e) { … e.Line, e.Column, e.Expected, e.Found … }
//	for _, st := range script.Statements { … *sql.CreateStream, *sql.CreatePump … }
//	text := sql.Print(script) // canonical SQL; sql.Parse(text) gives the same tree
//	sql.Inspect(script, func(n sql.Node) bool { … })
//
// # Sources
//
// The dialect is the one of the Kinesis Data Analytics SQL Developer Guide and SQL Reference as summarised in
// kinesim's research notes (analytics.md §1, with the parser checklist of §1.8). The tests parse, verbatim, the
// SQL of every example application of §1.9 that AWS published (testdata/e*.sql, named after the example and its
// DG page) and NAB's own KDA application (numenta/NAB random_cut_forest.sql, unchanged), and compare their
// printed forms with golden files (go test -update rewrites them). The one typo of the published SQL, the comma
// before FROM in the DG's LEFT OUTER JOIN sample (DG:stream-joins-concepts), is a negative test: line 5,
// column 1, expected an expression, found "FROM".
//
// # The dialect
//
// Statements: CREATE [OR REPLACE] STREAM name (column type [NOT NULL], …); CREATE [OR REPLACE] PUMP name AS
// INSERT INTO stream [(columns)] query; INSERT INTO … alone; and a query alone (the DG's join snippets).
//
// Types: VARCHAR(n), CHAR(n), INTEGER (INT), BIGINT, SMALLINT, TINYINT, DOUBLE [PRECISION], REAL, FLOAT,
// DECIMAL(p[,s]) (DEC, NUMERIC), BOOLEAN, TIMESTAMP, DATE, TIME, VARBINARY(n), BINARY(n); CHARACTER [VARYING]
// for CHAR and VARCHAR.
//
// Queries: SELECT [STREAM] [DISTINCT|ALL] items FROM … [WHERE …] [GROUP BY … | WINDOWED BY STAGGER (PARTITION BY …
// RANGE interval)] [HAVING …] [WINDOW name AS (…), …] [ORDER BY … [ASC|DESC]], combined with UNION [ALL], EXCEPT,
// INTERSECT (one precedence, left to right; an ORDER BY belongs to the SELECT block it ends). FROM items: stream
// and table names (schema-qualified allowed) with [OVER window] (a windowed stream-to-stream join),
// TABLE(fn(CURSOR(query), args…)) (the table functions RANDOM_CUT_FOREST, RANDOM_CUT_FOREST_WITH_EXPLANATION,
// HOTSPOTS, TOP_K_ITEMS_TUMBLING and any other), derived tables (query), each with [AS] alias [(columns)]; [INNER]
// JOIN, LEFT|RIGHT|FULL [OUTER] JOIN with ON or USING, CROSS JOIN, and comma lists. Windows: (PARTITION BY … ORDER
// BY … ROWS|RANGE frame) with frames n PRECEDING, INTERVAL '1' MINUTE PRECEDING, UNBOUNDED PRECEDING, CURRENT ROW
// and BETWEEN … AND ….
//
// Expressions, from loosest to tightest: OR; AND; NOT; comparisons (= <> != < <= > >=), IS [NOT]
// NULL|TRUE|FALSE|UNKNOWN, [NOT] LIKE … [ESCAPE …], [NOT] SIMILAR TO …, [NOT] BETWEEN … AND …, [NOT] IN (list or
// query); ||; + -; * / %; unary - +. Operands: column references of any number of parts (l.r.COLUMN1, "S".ROWTIME),
// * and t.*, numbers, strings in single quotes (a quote inside doubled), TRUE, FALSE, NULL, INTERVAL [-]'value'
// unit[(p)] [TO unit[(p)]], TIMESTAMP|DATE|TIME 'value', CASE, CAST(x AS type), EXISTS (query), (query), calls with
// DISTINCT/ALL, COUNT(*), IGNORE|RESPECT NULLS and OVER window, and the forms STEP(x BY width), FLOOR|CEIL(x TO
// unit), EXTRACT(unit FROM x), POSITION(s IN x), CURSOR(query).
//
// Lexical rules: unquoted identifiers are upper-cased, "quoted" ones keep their case (a double quote inside
// doubled), as KDA resolves them (DG:how-it-works-app-code); keywords are case-insensitive; comments are -- to the
// end of the line and /* … */. These reserved words cannot be unquoted names (quote them, as schema discovery
// renames them, §1.6): ALL, AND, AS, BETWEEN, BY, CASE, CAST, CREATE, CROSS, DISTINCT, ELSE, END, ESCAPE, EXCEPT,
// EXISTS, FALSE, FROM, FULL, GROUP, HAVING, IN, INNER, INSERT, INTERSECT, INTERVAL, INTO, IS, JOIN, LEFT, LIKE,
// NATURAL, NOT, NULL, ON, OR, ORDER, OUTER, OVER, PARTITION, RIGHT, SELECT, SIMILAR, STREAM, TABLE, THEN, TRUE,
// UNION, USING, VALUES, WHEN, WHERE, WINDOW, WINDOWED. TIMESTAMP, DATE and TIME can, except right before a string.
//
// Not supported, as no example uses them: SUBSTRING(s FROM i FOR n) and TRIM(… FROM …) (call SUBSTRING(s, i, n)
// as the DG does), OVERLAY, u&'unicode' and X'hex' literals, row constructors, VALUES, LIMIT, ORDER BY … NULLS
// FIRST, NATURAL joins, DDL other than streams and pumps (reference tables come from the API).
//
// # Errors and limits
//
// Every error is an *Error with the line and column (from 1, in characters) where it was found. A syntax error
// says what was expected and what was found; KDA's own wording is undocumented, so the text is kinesim's in the
// shape KDA users saw: "line 5, column 1: expected an expression, found "FROM"". Checks that need no engine are
// made while parsing, with the position of the offending name: duplicate column names in CREATE STREAM and in
// INSERT's or an alias's column list, unknown type names and malformed type parameters, malformed interval
// values and qualifiers, a window defined twice in a WINDOW clause, and OVER naming a window the enclosing
// SELECT does not define. Resolving streams, columns and functions is the planner's.
//
// Hostile input is bounded: text over MaxInputBytes (1,024,000 bytes, ten times KDA's 100 KB limit on
// application code, MaxApplicationCodeBytes, which the API enforces) is refused before it is read, and nesting
// deeper than MaxDepth (parentheses, subqueries, calls, unary operators, and each operator of a chain or join of
// a FROM) is refused where it goes too deep, so the parser's stack, the tree's height and every recursive walk of
// it stay bounded; parsing takes time and memory linear in the text.
//
// Print's canonical text can be longer than the text parsed (indentation, AS before aliases, INTEGER for INT):
// five times for deeply nested derived tables, the longest of the shapes tested, twice for the others.
// MaxInputBytes leaves room for it, so for every text up to MaxApplicationCodeBytes that Parse accepts,
// Parse(Print(tree)) gives the same tree (the fuzz target checks this, and a test checks code of that size shaped
// to lengthen most).
//
// # The tree, for the planner
//
// A *Script holds Statements: *CreateStream (Name, Columns with Type and NotNull), *CreatePump (Name, Insert),
// *Insert (Into, Columns, Query) and *QueryStatement. A Query is a *Select or a *SetOperation. A *Select keeps
// its clauses as written: Items (each an Expr with an optional Alias), From (TableRefs: *TableName with its
// optional Over window, *DerivedTable, *TableFunction whose Call's first argument is usually a *Cursor, and
// *Join trees), Where, GroupBy (where a *Step or a *TimeFloor over ROWTIME makes a tumbling window), Windowed (a
// *Stagger), Having, Windows (named *WindowSpecs, referenced by name from a *Call's or *TableName's *Over) and
// OrderBy. Parentheses are not kept: the tree's shape is the precedence.
//
// Names are *Ident values whose Name is already resolved by KDA's case rules, so comparing Names compares
// identifiers; a *Ref's Parts is the dotted path as written (qualifier resolution is the planner's). Literals
// keep their text: a number as written (8.0, 100000), a string with its quotes undone, an interval's value and
// qualifier apart. Every node embeds a Pos (Line, Column) of its first character, for the planner's own errors.
//
// Parse, Print and Inspect are safe for concurrent use; a tree is not modified by them and may be shared once
// built.
package sql
