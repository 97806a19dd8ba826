package sql

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary text to Parse: it never panics, every failure is an *Error with a real position, and
// every tree it returns from code of KDA's size prints to text that parses back to the same tree (positions aside)
// and prints the same again. Parse's limits (MaxInputBytes, MaxDepth) bound its time and memory on hostile input.
// The example applications (testdata/ and NAB's) and fragments of the dialect seed the corpus.
func FuzzParse(f *testing.F) {
	for _, name := range exampleFiles(f, "*.sql") {
		f.Add(readFile(f, name))
	}
	for _, s := range []string{
		"", ";", "SELECT STREAM * FROM s", `SELECT STREAM "a""b" FROM "s"."t" AS x(y, z)`,
		"SELECT STREAM a FROM s UNION ALL (SELECT STREAM b FROM t)",
		"SELECT STREAM CASE WHEN a IS NULL THEN -(-1) ELSE 'x' || 'y' END FROM s WHERE a NOT BETWEEN 1 AND 2",
		"SELECT STREAM LAG(a) RESPECT NULLS OVER (ORDER BY ROWTIME ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) FROM s",
		"SELECT STREAM INTERVAL '1 2:03:04.5' DAY TO SECOND(3), TIMESTAMP '2020-01-01 00:00:00' FROM s /* c */ -- d",
		"SELECT STREAM a FROM ((s JOIN t ON a = b) LEFT OUTER JOIN u USING (c)), v",
		"SELECT STREAM e IN (SELECT x FROM y), EXISTS (SELECT 1), POSITION('a' || 'b' IN c), CEIL(x TO DAY) FROM s",
	} {
		f.Add(s)
	}
	for _, s := range trickyInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse(src)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Line < 1 || e.Column < 1 || e.Message == "" {
				t.Fatalf("Parse(%q) = %#v, want an *Error with a position", src, err)
			}
			return
		}
		if len(src) > MaxApplicationCodeBytes && len(Print(s)) > MaxInputBytes {
			return // longer than KDA accepts, and printed longer than Parse reads: outside the guarantee
		}
		roundTrip(t, s)
	})
}

// TestEqualButPositionsSeesDifferences keeps the fuzzer's comparison honest: it ignores positions only.
func TestEqualButPositionsSeesDifferences(t *testing.T) {
	parse := func(src string) reflect.Value {
		s, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		return reflect.ValueOf(s)
	}
	if !equalButPositions(parse("SELECT STREAM a FROM s"), parse("SELECT\n  STREAM   a FROM s;")) {
		t.Fatal("same trees at other positions compare unequal")
	}
	for _, other := range []string{"SELECT STREAM b FROM s", "SELECT a FROM s", "SELECT STREAM a, a FROM s",
		`SELECT STREAM "a" FROM s`, "SELECT STREAM a FROM s WHERE TRUE", "SELECT STREAM a AS a FROM s"} {
		if equalButPositions(parse("SELECT STREAM a FROM s"), parse(other)) {
			t.Fatalf("%q compares equal to SELECT STREAM a FROM s", other)
		}
	}
}

// TestDeepestInputsPrintBackWithinTheLimit: for each kind of nesting, the deepest text that parses prints to
// text that parses too (Print adds no nesting), to the same tree.
func TestDeepestInputsPrintBackWithinTheLimit(t *testing.T) {
	kinds := map[string]func(n int) string{
		"unary signs": func(n int) string { return "SELECT STREAM " + strings.Repeat("+ - ", n) + "a FROM s" },
		"NOT":         func(n int) string { return "SELECT STREAM a FROM s WHERE " + strings.Repeat("NOT ", n) + "a" },
		"parentheses": func(n int) string {
			return "SELECT STREAM " + strings.Repeat("(", n) + "a" + strings.Repeat(")", n) + " FROM s"
		},
		"right nesting": func(n int) string {
			return "SELECT STREAM " + strings.Repeat("a - (", n) + "a" + strings.Repeat(")", n) + " FROM s"
		},
		"left nesting": func(n int) string {
			return "SELECT STREAM " + strings.Repeat("(", n) + "a" + strings.Repeat(" - a)", n) + " FROM s"
		},
		"chain": func(n int) string { return "SELECT STREAM a" + strings.Repeat(" * a", n) + " FROM s" },
		"frame offset": func(n int) string {
			return `SELECT STREAM AVG(a) OVER (ROWS ` + strings.Repeat("(", n) + `"CURRENT"` + strings.Repeat(")", n) + ` PRECEDING) FROM s`
		},
		"unions": func(n int) string {
			return strings.Repeat("SELECT a FROM s UNION (", n) + "SELECT a FROM s" + strings.Repeat(")", n)
		},
		"joins": func(n int) string {
			return "SELECT a FROM s" + strings.Repeat(" JOIN (s", n) + strings.Repeat(" JOIN s ON a) ON a", n)
		},
		"calls": func(n int) string {
			return "SELECT STREAM " + strings.Repeat("f(", n) + "a" + strings.Repeat(")", n) + " FROM s"
		},
		"cursors": func(n int) string {
			return "SELECT STREAM " + strings.Repeat("f(CURSOR(SELECT STREAM ", n) + "a" + strings.Repeat(" FROM s))", n)
		},
		"derived tables": func(n int) string {
			return "SELECT a FROM " + strings.Repeat("(SELECT a FROM ", n) + "s" + strings.Repeat(") AS t", n)
		},
		"subqueries": func(n int) string {
			return "SELECT " + strings.Repeat("(SELECT ", n) + "a" + strings.Repeat(" FROM s)", n)
		},
		"CASE": func(n int) string {
			return "SELECT " + strings.Repeat("CASE WHEN ", n) + "a" + strings.Repeat(" THEN 1 END", n)
		},
		"IN and BETWEEN": func(n int) string {
			return "SELECT " + strings.Repeat("a IN (b BETWEEN c AND ", n) + "d" + strings.Repeat(")", n)
		},
	}
	for name, gen := range kinds {
		t.Run(name, func(t *testing.T) {
			// Nesting n parses for n up to some deepest one: find it by bisection.
			lo, hi := 1, MaxDepth+1 // gen(lo) parses, gen(hi) does not
			if _, err := Parse(gen(lo)); err != nil {
				t.Fatalf("depth 1: %v", err)
			}
			if _, err := Parse(gen(hi)); err == nil {
				t.Fatalf("depth %d parses", hi)
			}
			for hi-lo > 1 {
				if mid := (lo + hi) / 2; func() bool { _, err := Parse(gen(mid)); return err == nil }() {
					lo = mid
				} else {
					hi = mid
				}
			}
			n := lo
			s, err := Parse(gen(n))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(gen(n + 1)); err == nil {
				t.Fatalf("depth %d parses but is not the deepest", n+1)
			}
			roundTrip(t, s)
		})
	}
}

// TestCanonicalTextOfKDASizedCodeParsesBack: for code up to MaxApplicationCodeBytes shaped to make Print
// lengthen it most (indentation of nested queries, AS before aliases, INTEGER for INT, quotes around non-ASCII
// names, one clause per line), the printed text is within MaxInputBytes and parses back to the same tree.
func TestCanonicalTextOfKDASizedCodeParsesBack(t *testing.T) {
	fill := func(head, unit func(i int) string, sep, tail string) string {
		var b strings.Builder
		b.WriteString(head(0))
		for i := 0; b.Len()+len(sep)+len(unit(i))+len(tail) <= MaxApplicationCodeBytes; i++ {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(unit(i))
		}
		b.WriteString(tail)
		return b.String()
	}
	constant := func(s string) func(int) string { return func(int) string { return s } }
	nested := strings.Repeat("(select*from", 120) + "s" + strings.Repeat(")", 120)
	shapes := map[string]string{
		"columns":         fill(constant("create stream s("), func(i int) string { return "a" + strconv.Itoa(i) + " int" }, ",", ")"),
		"aliases":         fill(constant("select "), constant("a b"), ",", " from s"),
		"nested queries":  fill(constant(""), constant("select*from"+nested), ";", ""),
		"unary signs":     fill(constant("select "), constant(strings.Repeat("-+", 200)+"a"), ",", " from s"),
		"non-ASCII names": fill(constant("select "), constant("é"), ",", " from s"),
		"statements":      fill(constant(""), constant("select*from s"), ";", ""),
		"joins":           fill(constant(""), constant("select*from s"+strings.Repeat(" join s on 1", 100)), ";", ""),
	}
	for name, src := range shapes {
		t.Run(name, func(t *testing.T) {
			if len(src) > MaxApplicationCodeBytes {
				t.Fatalf("the shape is %d bytes", len(src))
			}
			s, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			n := len(Print(s))
			if n > MaxInputBytes {
				t.Fatalf("%d bytes print to %d, over MaxInputBytes", len(src), n)
			}
			t.Logf("%d bytes print to %d (%.1f×)", len(src), n, float64(n)/float64(len(src)))
			roundTrip(t, s)
		})
	}
}
