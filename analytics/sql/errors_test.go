package sql

import (
	"errors"
	"strings"
	"testing"
)

// TestErrorsNameLineColumnExpectedAndFound enumerates the errors Parse reports, each with its position and what
// was expected (analytics.md §1.8 is the grammar; KDA's wording is undocumented, the shape is line, column,
// expected, found).
func TestErrorsNameLineColumnExpectedAndFound(t *testing.T) {
	cases := []struct {
		name, sql         string
		line, col         int
		expected, found   string
		messageContaining string
	}{
		{"missing FROM item", "SELECT STREAM a FROM ;", 1, 22, "a stream or table name", `";"`, ""},
		{"missing closing paren", "SELECT STREAM (a + b FROM s", 1, 22, `")"`, `"FROM"`, ""},
		{"statement without a verb", "DROP STREAM s", 1, 1, "CREATE, INSERT or SELECT", `"DROP"`, ""},
		{"two statements without a semicolon", "SELECT STREAM a FROM s\nSELECT STREAM b FROM s", 2, 1, `";" or end of input`, `"SELECT"`, ""},
		{"CREATE without STREAM or PUMP", "CREATE OR REPLACE VIEW v", 1, 19, "STREAM or PUMP", `"VIEW"`, ""},
		{"pump without INSERT", `CREATE OR REPLACE PUMP "P" AS SELECT STREAM a FROM s`, 1, 31, "INSERT", `"SELECT"`, ""},
		{"INSERT without query", `INSERT INTO s (a) VALUES (1)`, 1, 19, "SELECT", `"VALUES"`, ""},
		{"STEP without BY", `SELECT STREAM STEP(ROWTIME, INTERVAL '1' MINUTE) FROM s`, 1, 27, "BY", `","`, ""},
		{"FLOOR TO a non-unit", `SELECT STREAM FLOOR(ROWTIME TO FORTNIGHT) FROM s`, 1, 32, "a time unit such as MINUTE", `"FORTNIGHT"`, ""},
		{"interval without unit", `SELECT STREAM ROWTIME - INTERVAL '5' FROM s`, 1, 38, "YEAR, MONTH, DAY, HOUR, MINUTE or SECOND", `"FROM"`, ""},
		{"interval without quotes", `SELECT STREAM ROWTIME - INTERVAL 5 MINUTE FROM s`, 1, 34, "a quoted interval value such as '10'", `"5"`, ""},
		{"window frame without PRECEDING", `SELECT STREAM AVG(x) OVER (ROWS 2) FROM s`, 1, 34, "PRECEDING or FOLLOWING", `")"`, ""},
		{"stagger without RANGE", `SELECT STREAM a FROM s WINDOWED BY STAGGER (PARTITION BY a)`, 1, 59, "RANGE", `")"`, ""},
		{"join without ON", `SELECT STREAM a FROM s JOIN t WHERE a = 1`, 1, 31, "ON or USING", `"WHERE"`, ""},
		{"IS without NULL", `SELECT STREAM a FROM s WHERE a IS 3`, 1, 35, "NULL, TRUE, FALSE or UNKNOWN", `"3"`, ""},
		{"CASE without WHEN", `SELECT STREAM CASE a END FROM s`, 1, 22, "WHEN", `"END"`, ""},
		{"reserved word as a column", `CREATE STREAM s (select INTEGER)`, 1, 18, "a column name", `"SELECT"`, ""},
		{"unterminated string", "SELECT STREAM 'abc FROM s", 1, 26, "a closing ' of the string", "end of input", ""},
		{"unterminated quoted identifier", `SELECT STREAM "abc FROM s`, 1, 26, `a closing " of the quoted identifier`, "end of input", ""},
		{"end of input after a comment", "SELECT STREAM a FROM -- é", 1, 26, "a stream or table name", "end of input", ""},
		{"unterminated comment", "SELECT STREAM a /* FROM s", 1, 26, "*/ closing the comment", "end of input", ""},
		{"stray character", "SELECT STREAM a ? b FROM s", 1, 17, "a token", `'?'`, ""},
		{"number glued to a word", "SELECT STREAM 2PRECEDING FROM s", 1, 16, "white space or an operator after the number", `'P'`, ""},
		{"VARCHAR length not a number", `CREATE STREAM s (a VARCHAR(x))`, 1, 28, "an unsigned integer", `"X"`, ""},
		// Semantic errors: Expected is empty, Found is the offending text.
		{"duplicate column", "CREATE OR REPLACE STREAM \"S\" (\n  a INTEGER,\n  \"A\" DOUBLE)", 3, 3, "", "A", `duplicate column name "A" in stream "S"`},
		{"unknown type", "CREATE OR REPLACE STREAM s (a STRING)", 1, 31, "", "STRING", "unknown type STRING"},
		{"VARCHAR of length 0", "CREATE STREAM s (a VARCHAR(0))", 1, 20, "", "VARCHAR", "at least 1"},
		{"DECIMAL scale over precision", "CREATE STREAM s (a DECIMAL(2, 5))", 1, 20, "", "DECIMAL", "DECIMAL scale 5 exceeds its precision 2"},
		{"INTEGER with a length", "CREATE STREAM s (a INTEGER(4))", 1, 20, "", "INTEGER", "at most 0 parameters"},
		{"insert column twice", `INSERT INTO s (a, b, "A") SELECT STREAM a, b, c FROM t`, 1, 22, "", "A", `a column name "A" is listed twice`},
		{"window defined twice", "SELECT STREAM AVG(x) OVER w FROM s WINDOW w AS (ROWS 2 PRECEDING), W AS (ROWS 3 PRECEDING)", 1, 68, "", "W", `window "W" is defined twice`},
		{"window used but not defined", "SELECT STREAM AVG(x) OVER w2 FROM s WINDOW w AS (ROWS 2 PRECEDING)", 1, 27, "", "W2", `window "W2" is not defined`},
		{"interval value not a number", `SELECT STREAM ROWTIME - INTERVAL 'five' MINUTE FROM s`, 1, 34, "", "'five'", "invalid interval value 'five' for MINUTE"},
		{"interval range reversed", `SELECT STREAM ROWTIME - INTERVAL '1:30' SECOND TO MINUTE FROM s`, 1, 25, "", "SECOND TO MINUTE", "invalid interval qualifier"},
		{"empty quoted identifier", `SELECT STREAM "" FROM s`, 1, 15, "", `""`, "cannot be empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.sql)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %v, want an *Error", c.sql, err)
			}
			if e.Line != c.line || e.Column != c.col || e.Expected != c.expected || e.Found != c.found {
				t.Fatalf("Parse(%q) = %+v, want line %d column %d expected %q found %q", c.sql, *e, c.line, c.col, c.expected, c.found)
			}
			if !strings.Contains(e.Message, c.messageContaining) {
				t.Fatalf("message %q does not contain %q", e.Message, c.messageContaining)
			}
			if c.expected != "" && e.Message != "expected "+c.expected+", found "+c.found {
				t.Fatalf("message %q", e.Message)
			}
		})
	}
}

// TestHostileInputIsRefusedWithinLimits: text over MaxInputBytes (ten times KDA's 100 KB code limit, analytics.md §1.1)
// and nesting over MaxDepth are refused with an *Error instead of exhausting the stack or memory.
func TestHostileInputIsRefusedWithinLimits(t *testing.T) {
	deep := func(open, middle, close string, n int) string {
		return "SELECT STREAM " + strings.Repeat(open, n) + middle + strings.Repeat(close, n) + " FROM s"
	}
	cases := []struct {
		name, sql, message string
	}{
		{"over the size limit", "SELECT STREAM a FROM s" + strings.Repeat(" ", MaxInputBytes), "over the limit of 1024000"},
		{"nested parentheses", deep("(", "a", ")", MaxDepth+1), "nests deeper than 500"},
		{"nested calls", deep("f(", "a", ")", MaxDepth+1), "nests deeper than 500"},
		{"chained unary minus", deep("- ", "a", "", MaxDepth+1), "nests deeper than 500"},
		{"chained NOT", "SELECT STREAM a FROM s WHERE " + strings.Repeat("NOT ", MaxDepth+1) + "a", "nests deeper than 500"},
		{"long operator chain", "SELECT STREAM a" + strings.Repeat(" + a", MaxDepth+1) + " FROM s", "nests deeper than 500"},
		{"nested subqueries", "SELECT STREAM a FROM " + strings.Repeat("(SELECT STREAM a FROM ", MaxDepth) + "s" + strings.Repeat(")", MaxDepth), "nests deeper than 500"},
		{"nested cursors", deep("CURSOR(SELECT STREAM ", "a", " FROM s)", MaxDepth), "nests deeper than 500"},
		{"nested joins", "SELECT STREAM a FROM " + strings.Repeat("(", MaxDepth+1) + "s" + strings.Repeat(")", MaxDepth+1), "nests deeper than 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.sql)
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Message, c.message) {
				t.Fatalf("err = %v, want an *Error saying %q", err, c.message)
			}
		})
	}
	// Just under the limits still parses.
	if _, err := Parse(deep("(", "a", ")", MaxDepth/2)); err != nil {
		t.Fatalf("nesting of %d: %v", MaxDepth/2, err)
	}
}
