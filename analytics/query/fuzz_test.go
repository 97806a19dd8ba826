package query_test

import (
	"testing"

	"github.com/kinesim/kinesim/analytics/query"
)

// FuzzParseType: no input panics; a type that parses prints as SQL that parses to itself.
func FuzzParseType(f *testing.F) {
	for _, s := range []string{"VARCHAR(4)", "decimal(5,2)", "DOUBLE PRECISION", "CHAR", "INT", "VARCHAR(0)", "DECIMAL(19,2)", "(", "VARCHAR(4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, err := query.ParseType(s)
		if err != nil {
			return
		}
		again, err := query.ParseType(typ.String())
		if err != nil || again != typ {
			t.Fatalf("%q → %v → %v, %v", s, typ, again, err)
		}
	})
}

// FuzzCastString: casting any string to any type never panics, and a cast to VARCHAR(n) holds at most n characters.
func FuzzCastString(f *testing.F) {
	for _, s := range []string{"42", "-9223372036854775809", "1e400", "2018-08-01 20:17:20.1", "true", "12.345", "\xff"} {
		f.Add(s)
	}
	types := []query.Type{query.TinyIntType, query.IntegerType, query.BigIntType, query.DecimalType(5, 2), query.RealType,
		query.DoubleType, query.BooleanType, query.TimestampType, query.DateType, query.TimeType, query.VarcharType(3), query.CharType(2)}
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range types {
			v, err := query.Cast(query.String(s), typ)
			if err == nil && typ.Kind == query.Varchar && len([]rune(v.Str())) > typ.Length {
				t.Fatalf("%q as %v is %q", s, typ, v.Str())
			}
		}
	})
}
