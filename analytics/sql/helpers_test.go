package sql

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// nabExample is example E19, NAB's own KDA application (numenta/NAB
// nab/detectors/random_cut_forest/random_cut_forest.sql), kept verbatim once, with NAB's licence, among package
// rcf's NAB data; its golden file is testdata/e19_nab_random_cut_forest.golden.
const (
	nabExample    = "e19_nab_random_cut_forest"
	nabExampleSQL = "../rcf/testdata/nab/random_cut_forest.sql"
)

// exampleSQL returns the path of the SQL text of the example application named file: testdata/<file>.sql, or
// NAB's file for E19.
func exampleSQL(file string) string {
	if file == nabExample {
		return nabExampleSQL
	}
	return filepath.Join("testdata", file+".sql")
}

// exampleFiles returns the SQL files of testdata/ that match pattern (a filepath.Glob pattern such as "e*.sql")
// and NAB's application.
func exampleFiles(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		t.Fatal(err)
	}
	return append(files, nabExampleSQL)
}

// posType is the type of the positions equalButPositions ignores.
var posType = reflect.TypeFor[Pos]()

// equalButPositions reports whether a and b hold the same tree, every Pos aside.
func equalButPositions(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() || a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalButPositions(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.Len() != b.Len() || a.IsNil() != b.IsNil() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalButPositions(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		if a.Type() == posType {
			return true
		}
		for i := 0; i < a.NumField(); i++ {
			if !equalButPositions(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return a.Interface() == b.Interface()
}

// checkPositions fails t for every node in the tree under v whose position is not a real line and column.
func checkPositions(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkPositions(t, v.Elem(), path)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			checkPositions(t, v.Index(i), path)
		}
	case reflect.Struct:
		if v.Type() == posType {
			if p := v.Interface().(Pos); p.Line < 1 || p.Column < 1 {
				t.Errorf("%s has position %+v", path, p)
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			checkPositions(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	}
}

// readFile returns a testdata file's text.
func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// roundTrip checks that Print of s parses back to s (positions aside) and that printing is idempotent.
func roundTrip(t testing.TB, s *Script) {
	t.Helper()
	printed := Print(s)
	again, err := Parse(printed)
	if err != nil {
		t.Fatalf("Parse(Print(ast)) failed: %v\n%s", err, printed)
	}
	if p2 := Print(again); p2 != printed {
		t.Fatalf("Print is not stable:\n%s\n---\n%s", printed, p2)
	}
	if !equalButPositions(reflect.ValueOf(again), reflect.ValueOf(s)) {
		t.Fatalf("Parse(Print(ast)) differs from ast\n%s", printed)
	}
}

// countPositions counts the Pos values in the tree under v: one per node.
func countPositions(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return countPositions(v.Elem())
		}
	case reflect.Slice:
		n := 0
		for i := 0; i < v.Len(); i++ {
			n += countPositions(v.Index(i))
		}
		return n
	case reflect.Struct:
		if v.Type() == posType {
			return 1
		}
		n := 0
		for i := 0; i < v.NumField(); i++ {
			n += countPositions(v.Field(i))
		}
		return n
	}
	return 0
}
