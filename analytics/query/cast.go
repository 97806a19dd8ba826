package query

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Cast converts v to the type to, as CAST and an INSERT into a declared column do: numbers between kinds (an
// integer out of the target's range is an error), numbers and strings both ways (a string that does not parse is
// an error), strings truncated to CHAR/VARCHAR(n) without error (developer guide, sch-mapping), strings to
// DATE/TIME/TIMESTAMP in the forms "1992-02-14", "1992-02-14 18:35:44.0" and ISO 8601, BOOLEAN to and from numbers.
// NULL casts to NULL. The error is a *RuntimeError named "CastError" or "NumericOverflow".
func Cast(v Value, to Type) (Value, error) {
	if v.kind == Null {
		return NullValue, nil
	}
	switch to.Kind {
	case Null:
		return NullValue, nil
	case Boolean:
		switch {
		case v.kind == Boolean:
			return v, nil
		case v.kind.IsNumeric():
			return Bool(v.Float() != 0), nil
		case v.kind.IsString():
			switch strings.ToLower(strings.TrimSpace(v.s)) {
			case "true":
				return Bool(true), nil
			case "false":
				return Bool(false), nil
			}
		}
	case TinyInt, SmallInt, Integer, BigInt:
		var n int64
		switch {
		case v.kind.IsInteger() || v.kind == Boolean:
			n = v.i
		case v.kind == Decimal:
			n = v.i / pow10[v.scale]
		case v.kind == Real || v.kind == Double:
			if !floatOK(v.f) || v.f >= 9.223372036854775807e18 || v.f < -9.223372036854775808e18 {
				return NullValue, runtimeErr("NumericOverflow", "%v is out of range for %s", v.f, to)
			}
			n = int64(v.f)
		case v.kind.IsString():
			s := strings.TrimSpace(v.s)
			p, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return NullValue, runtimeErr("CastError", "cannot cast '%s' to %s", clip(v.s), to)
			}
			n = p
		default:
			return NullValue, castErr(v, to)
		}
		if !intFits(to.Kind, n) {
			return NullValue, runtimeErr("NumericOverflow", "%d is out of range for %s", n, to)
		}
		return Value{kind: to.Kind, i: n}, nil
	case Decimal:
		var f float64
		switch {
		case v.kind == Decimal:
			return rescale(v, to)
		case v.kind.IsInteger():
			return rescale(Value{kind: Decimal, i: v.i}, to)
		case v.kind == Real || v.kind == Double:
			f = v.f
		case v.kind.IsString():
			p, err := strconv.ParseFloat(strings.TrimSpace(v.s), 64)
			if err != nil {
				return NullValue, runtimeErr("CastError", "cannot cast '%s' to %s", clip(v.s), to)
			}
			f = p
		default:
			return NullValue, castErr(v, to)
		}
		u := math.Round(f * float64(pow10[to.Scale]))
		if !floatOK(u) || math.Abs(u) >= float64(pow10[min(to.Precision, 18)]) {
			return NullValue, runtimeErr("NumericOverflow", "%v is out of range for %s", f, to)
		}
		return Value{kind: Decimal, i: int64(u), scale: int8(to.Scale)}, nil
	case Real, Double:
		var f float64
		switch {
		case v.kind.IsNumeric() || v.kind == Boolean:
			f = v.Float()
		case v.kind.IsString():
			p, err := strconv.ParseFloat(strings.TrimSpace(v.s), 64)
			if err != nil || !floatOK(p) {
				return NullValue, runtimeErr("CastError", "cannot cast '%s' to %s", clip(v.s), to)
			}
			f = p
		default:
			return NullValue, castErr(v, to)
		}
		if to.Kind == Real {
			if math.Abs(f) > math.MaxFloat32 {
				return NullValue, runtimeErr("NumericOverflow", "%v is out of range for REAL", f)
			}
			f = float64(float32(f))
		}
		return Value{kind: to.Kind, f: f}, nil
	case Char, Varchar:
		s := v.s
		if !v.kind.IsString() {
			s = string(v.AppendText(nil))
		}
		s = truncate(s, to.Length)
		if to.Kind == Char && to.Length > 0 {
			if n := utf8.RuneCountInString(s); n < to.Length {
				s += strings.Repeat(" ", to.Length-n)
			}
		}
		return Value{kind: to.Kind, s: s}, nil
	case Varbinary:
		if v.kind == Varbinary || v.kind.IsString() {
			s := v.s
			if to.Length > 0 && len(s) > to.Length {
				s = s[:to.Length]
			}
			return Value{kind: Varbinary, s: s}, nil
		}
	case Timestamp:
		switch v.kind {
		case Timestamp:
			return v, nil
		case Date:
			return Value{kind: Timestamp, i: v.i * 86400 * int64(time.Second)}, nil
		case Char, Varchar:
			if t, ok := ParseTimestamp(v.s); ok {
				return TimestampValue(t), nil
			}
			return NullValue, runtimeErr("CastError", "cannot cast '%s' to TIMESTAMP", clip(v.s))
		}
	case Date:
		switch v.kind {
		case Date:
			return v, nil
		case Timestamp:
			return DateValue(v.Time()), nil
		case Char, Varchar:
			if t, ok := ParseTimestamp(v.s); ok {
				return DateValue(t), nil
			}
			return NullValue, runtimeErr("CastError", "cannot cast '%s' to DATE", clip(v.s))
		}
	case Time:
		switch v.kind {
		case Time:
			return v, nil
		case Timestamp:
			return Value{kind: Time, i: floorMod(v.i, 86400*int64(time.Second))}, nil
		case Char, Varchar:
			if t, err := time.Parse("15:04:05.999999999", strings.TrimSpace(v.s)); err == nil {
				return TimeValue(t.Hour(), t.Minute(), t.Second(), t.Nanosecond()), nil
			}
			return NullValue, runtimeErr("CastError", "cannot cast '%s' to TIME", clip(v.s))
		}
	case Interval:
		if v.kind == Interval {
			return v, nil
		}
	}
	return NullValue, castErr(v, to)
}

func castErr(v Value, to Type) error {
	return runtimeErr("CastError", "cannot cast %s to %s", v.kind, to)
}

func rescale(v Value, to Type) (Value, error) {
	s := int(v.scale)
	u := v.i
	switch {
	case to.Scale > s:
		m := pow10[to.Scale-s]
		if u > math.MaxInt64/m || u < math.MinInt64/m {
			return NullValue, runtimeErr("NumericOverflow", "%s is out of range for %s", v, to)
		}
		u *= m
	case to.Scale < s:
		u /= pow10[s-to.Scale]
	}
	if p := min(to.Precision, 18); p > 0 && (u >= pow10[p] || u <= -pow10[p]) {
		return NullValue, runtimeErr("NumericOverflow", "%s is out of range for %s", v, to)
	}
	return Value{kind: Decimal, i: u, scale: int8(to.Scale)}, nil
}

func intFits(k Kind, n int64) bool {
	switch k {
	case TinyInt:
		return n >= math.MinInt8 && n <= math.MaxInt8
	case SmallInt:
		return n >= math.MinInt16 && n <= math.MaxInt16
	case Integer:
		return n >= math.MinInt32 && n <= math.MaxInt32
	}
	return true
}

// truncate cuts s to n characters (n ≤ 0: no limit), on a rune boundary.
func truncate(s string, n int) string {
	if n <= 0 || len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func clip(s string) string { return truncate(s, 64) }

func floorMod(a, m int64) int64 {
	r := a % m
	if r < 0 {
		r += m
	}
	return r
}

var timestampLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTimestamp parses the timestamp forms KDA's schema mapping accepts: "1992-02-14", "1992-02-14 18:35:44.0"
// and ISO 8601 with a "T" and an optional zone ("2018-08-01T20:17:20.797945"). A time without a zone is UTC.
func ParseTimestamp(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timestampLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
