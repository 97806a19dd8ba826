package sql

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ with the current printed form")

// examples are the SQL texts of the example applications of analytics.md §1.9 (and the two statements of §1.1),
// verbatim in testdata/<file>.sql (E19, NAB's, in package rcf's NAB data: exampleSQL), with the DG page each comes
// from.
var examples = []struct{ file, source string }{
	{"streams_pumps_create_stream", "DG:streams-pumps"},
	{"streams_pumps_create_pump", "DG:streams-pumps"},
	{"e01_continuous_filter", "DG:continuous-queries-concepts"},
	{"e02_tumbling_rowtime", "DG:examples-window-tumbling-rowtime"},
	{"e02_tumbling_rowtime_concepts", "DG:tumbling-window-concepts"},
	{"e03_tumbling_event_time", "DG:examples-window-tumbling-event"},
	{"e04_two_window_strategy", "DG:timestamps-rowtime-concepts"},
	{"e05_tumbling_partial_results", "DG:stagger-window-concepts"},
	{"e05_stagger", "DG:stagger-window-concepts"},
	{"e06_stagger_application", "DG:examples-window-stagger"},
	{"e07_sliding_1_minute", "DG:sliding-window-concepts, example 1"},
	{"e07_sliding_10_seconds", "DG:sliding-window-concepts, example 2"},
	{"e07_sliding_rows", "DG:sliding-window-concepts, example 3"},
	{"e08_random_cut_forest", "DG:app-anomaly-detection"},
	{"e09_random_cut_forest_with_explanation", "DG:app-anom-with-exp-create-app"},
	{"e10_hotspots", "DG:app-hotspot-create-app"},
	{"e11_w3c_log_parse", "DG:examples-transforming-strings-w3clogparse"},
	{"e12_regex_log_parse", "DG:examples-transforming-strings-regexlogparse"},
	{"e12_substring", "DG:examples-transforming-strings-substring"},
	{"e12_regex_replace", "DG:examples-transforming-strings-regexreplace"},
	{"e12_variable_column_log_parse", "DG:examples-transforming-strings-variablecolumnlogparse"},
	{"e12_datetime", "DG:app-string-datetime-manipulation"},
	{"e13_top_k_items_tumbling", "DG:examples-window-topkitems"},
	{"e13_partial_results", "DG:examples-window-partialresults"},
	{"e14_reference_join", "DG:app-add-reference-data"},
	{"e15_inner_join_over", "DG:stream-joins-concepts"},
	{"e15_inner_join_named_window", "DG:stream-joins-concepts"},
	{"e16_alert_throttling", "DG:app-throttled-alerts"},
	{"e17_pump_fan_out", "DG:get-started-update-appcode"},
	{"e18_divide_by_zero", "DG:app-explore-error-stream"},
	{"e19_nab_random_cut_forest", "numenta/NAB nab/detectors/random_cut_forest/random_cut_forest.sql"},
}

// TestExampleApplicationsParse parses the SQL of every example application AWS published (analytics.md §1.9),
// and NAB's KDA application unchanged, compares the printed form with testdata/<example>.golden (go test
// -update rewrites them), checks that every node has a position and that the printed form parses back to the
// same tree.
func TestExampleApplicationsParse(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.file, func(t *testing.T) {
			script, err := Parse(readFile(t, exampleSQL(ex.file)))
			if err != nil {
				t.Fatalf("%s (%s): %v", ex.file, ex.source, err)
			}
			if len(script.Statements) == 0 {
				t.Fatal("no statements")
			}
			checkPositions(t, reflect.ValueOf(script), "Script")
			printed := Print(script)
			golden := filepath.Join("testdata", ex.file+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(printed), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := readFile(t, golden); printed != want {
				t.Errorf("printed form differs from %s (go test -update rewrites it):\n%s", golden, printed)
			}
			roundTrip(t, script)
		})
	}
}

// TestEveryExampleIsListed keeps the table above and testdata/ in step.
func TestEveryExampleIsListed(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, ex := range examples {
		listed[ex.file] = true
	}
	listed["e15_left_outer_join_typo"] = true // the negative test below
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".sql"); !listed[name] {
			t.Errorf("%s is in no test", f)
		}
	}
}

// TestLeftOuterJoinExampleTypoIsASyntaxError: the DG's LEFT OUTER JOIN sample (DG:stream-joins-concepts) ends its
// select list with a comma before FROM (analytics.md §1.5 and §1.9 E15); a user gets the error at FROM, line 5,
// column 1, where an expression was expected.
func TestLeftOuterJoinExampleTypoIsASyntaxError(t *testing.T) {
	_, err := Parse(readFile(t, "testdata/e15_left_outer_join_typo.sql"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an *Error", err)
	}
	want := Error{Line: 5, Column: 1, Expected: "an expression", Found: `"FROM"`, Message: `expected an expression, found "FROM"`}
	if *e != want {
		t.Fatalf("err = %+v, want %+v", *e, want)
	}
	if got := e.Error(); got != `line 5, column 1: expected an expression, found "FROM"` {
		t.Fatalf("Error() = %q", got)
	}
	// Without the comma the statement parses: the typo is the only fault.
	fixed := strings.Replace(readFile(t, "testdata/e15_left_outer_join_typo.sql"), "tradeAmount,", "tradeAmount", 1)
	s, err := Parse(fixed)
	if err != nil {
		t.Fatal(err)
	}
	j := s.Statements[0].(*QueryStatement).Query.(*Select).From[0].(*Join)
	if j.Kind != LeftJoin || !j.Outer || j.Right.(*TableName).Over.Spec.Frame.Unit != Range {
		t.Fatalf("join = %+v", j)
	}
}

// pumpSelect returns the SELECT of the i-th statement of an example, a pump.
func pumpSelect(t *testing.T, s *Script, i int) *Select {
	t.Helper()
	p, ok := s.Statements[i].(*CreatePump)
	if !ok {
		t.Fatalf("statement %d is %T", i, s.Statements[i])
	}
	return p.Insert.Query.(*Select)
}

// TestHotspotsPumpSelectsWithoutStream: E10's outer SELECT has no STREAM keyword (analytics.md §1.9 E10), its
// cursor's has; HOTSPOTS takes the cursor and three numbers (DG:app-hotspot-create-app).
func TestHotspotsPumpSelectsWithoutStream(t *testing.T) {
	s, err := Parse(readFile(t, "testdata/e10_hotspots.sql"))
	if err != nil {
		t.Fatal(err)
	}
	sel := pumpSelect(t, s, 1)
	tf := sel.From[0].(*TableFunction)
	if sel.Stream || !tf.Call.Args[0].(*Cursor).Query.(*Select).Stream || tf.Call.Name.Name != "HOTSPOTS" || len(tf.Call.Args) != 4 {
		t.Fatalf("select = %+v, table function = %+v", sel, tf.Call)
	}
	if c := s.Statements[0].(*CreateStream).Columns[3]; c.Name.Name != "HOTSPOTS_RESULT" || c.Type.Name != "VARCHAR" || c.Type.Params[0] != 10000 {
		t.Fatalf("column = %+v", c)
	}
}

// TestNABApplicationShape: NAB's KDA application (analytics.md §1.9 E19) divides the score by 8.0, calls
// RANDOM_CUT_FOREST with 100 trees, 256 samples, time decay 100000 and shingle size 1, and orders the output by
// "TEMP_STREAM".ROWTIME ASC; its comments, also after the arguments, are skipped.
func TestNABApplicationShape(t *testing.T) {
	s, err := Parse(readFile(t, nabExampleSQL))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Statements) != 4 {
		t.Fatalf("%d statements", len(s.Statements))
	}
	score := pumpSelect(t, s, 2)
	div := score.Items[2].Expr.(*Binary)
	if div.Op != "/" || div.R.(*Literal).Text != "8.0" || div.L.(*Ref).Parts[0].Name != "ANOMALY_SCORE" {
		t.Fatalf("score = %s", Print(div))
	}
	var params []string
	for _, a := range score.From[0].(*TableFunction).Call.Args[1:] {
		params = append(params, a.(*Literal).Text)
	}
	if !reflect.DeepEqual(params, []string{"100", "256", "100000", "1"}) {
		t.Fatalf("parameters = %q", params)
	}
	out := pumpSelect(t, s, 3)
	if o := out.OrderBy[0]; o.Direction != Asc || Print(o.Expr) != "TEMP_STREAM.ROWTIME" {
		t.Fatalf("order = %+v", o)
	}
	// CURSOR(…) starts line 27, column 5, before its comment.
	if p := score.From[0].(*TableFunction).Call.Args[0].Position(); p != (Pos{Line: 27, Column: 5}) {
		t.Fatalf("cursor at %+v", p)
	}
}
