package sql

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse feeds arbitrary text to Parse: it never panics, every failure is an *Error with a real position,
// and every tree it returns prints to text that parses back to the same tree (positions aside) and prints the
// same again. Parse's limits (MaxInputBytes, MaxDepth) bound its time and memory on hostile input. The example
// applications of testdata/ and fragments of the dialect seed the corpus.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
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
