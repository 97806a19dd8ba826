package sql

import (
	"os"
	"reflect"
	"testing"
)

// posType is the type of the positions samePositionless ignores.
var posType = reflect.TypeFor[Pos]()

// stripPositions zeroes every Pos in the tree under v (a pointer or an interface holding one), so that trees
// parsed from different texts compare with reflect.DeepEqual.
func stripPositions(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			stripPositions(v.Elem())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			stripPositions(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == posType {
			if v.CanSet() {
				v.Set(reflect.Zero(posType))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			stripPositions(v.Field(i))
		}
	}
}

// withoutPositions returns s with its positions zeroed (s is modified).
func withoutPositions(s *Script) *Script {
	stripPositions(reflect.ValueOf(s))
	return s
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
	if !reflect.DeepEqual(withoutPositions(again), withoutPositions(s)) {
		t.Fatalf("Parse(Print(ast)) differs from ast\n%s", printed)
	}
}
