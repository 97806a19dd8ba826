package query

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Functions lists the scalar functions a Call may name: those the developer guide's example applications use
// (analytics.md §1.4, §1.9) and their close relatives.
var Functions = []string{
	"ABS", "CEIL", "CEILING", "CHAR_LENGTH", "CHARACTER_LENGTH", "CHAR_TO_TIMESTAMP", "COALESCE", "CURRENT_ROW_TIMESTAMP",
	"CURRENT_TIMESTAMP", "EXP", "EXTRACT", "FLOOR", "INITCAP", "LN", "LOCALTIMESTAMP", "LOG10", "LOWER", "MOD", "NULLIF",
	"POSITION", "POWER", "REGEX_REPLACE", "ROUND", "SQRT", "STEP", "SUBSTRING", "TIMESTAMP_TO_CHAR", "TO_TIMESTAMP",
	"TRIM", "TSDIFF", "UNIX_TIMESTAMP", "UPPER",
}

type fnImpl func(args []Value, c *Ctx) (Value, error)

func compileCall(e Call, s Schema) (compiled, error) {
	name := strings.ToUpper(e.Name)
	args, err := compileAll(e.Args, s)
	if err != nil {
		return compiled{}, err
	}
	arity := func(lo, hi int) error {
		if len(args) < lo || len(args) > hi {
			return planErr("%s takes %d to %d arguments, not %d.", name, lo, hi, len(args))
		}
		return nil
	}
	kind := func(i int) Kind { return args[i].typ.Kind }
	var t Type
	var impl fnImpl
	nullIn := true // NULL in any argument gives NULL
	switch name {
	case "ABS":
		if err := arity(1, 1); err != nil {
			return compiled{}, err
		}
		t = args[0].typ
		impl = func(a []Value, _ *Ctx) (Value, error) {
			v := a[0]
			switch {
			case v.kind == Real || v.kind == Double:
				v.f = math.Abs(v.f)
			case v.i == math.MinInt64:
				return NullValue, runtimeErr("NumericOverflow", "ABS overflows")
			case v.i < 0:
				v.i = -v.i
			}
			return v, nil
		}
	case "FLOOR", "CEIL", "CEILING":
		if err := arity(1, 2); err != nil {
			return compiled{}, err
		}
		ceil := name != "FLOOR"
		if len(args) == 2 || kind(0) == Timestamp {
			unit := "DAY"
			if len(args) == 2 {
				if args[1].lit == nil || !args[1].lit.kind.IsString() {
					return compiled{}, planErr("%s(x TO unit) needs a time unit.", name)
				}
				unit = strings.ToUpper(args[1].lit.s)
			}
			f, ok := truncUnit(unit)
			if !ok || kind(0) != Timestamp && kind(0) != Null {
				return compiled{}, planErr("%s of %s TO %s is not supported.", name, args[0].typ, unit)
			}
			t = TimestampType
			impl = func(a []Value, _ *Ctx) (Value, error) {
				lo := f(a[0].i)
				if ceil && lo != a[0].i {
					lo = f(lo + nextUnit(unit, lo))
				}
				return Value{kind: Timestamp, i: lo}, nil
			}
			break
		}
		t = args[0].typ
		if t.Kind.IsInteger() {
			impl = func(a []Value, _ *Ctx) (Value, error) { return a[0], nil }
			break
		}
		if t.Kind == Decimal {
			t = DecimalType(t.Precision, 0)
		}
		impl = func(a []Value, _ *Ctx) (Value, error) {
			v := a[0]
			if v.kind == Decimal {
				q := v.i / pow10[v.scale]
				if r := v.i % pow10[v.scale]; r != 0 && (r > 0) == ceil {
					if ceil {
						q++
					} else {
						q--
					}
				}
				return Value{kind: Decimal, i: q}, nil
			}
			if ceil {
				v.f = math.Ceil(v.Float())
			} else {
				v.f = math.Floor(v.Float())
			}
			return v, nil
		}
	case "STEP":
		if err := arity(2, 2); err != nil {
			return compiled{}, err
		}
		switch {
		case (kind(0) == Timestamp || kind(0) == Null) && args[1].lit != nil && args[1].lit.kind == Interval && args[1].lit.i > 0:
			d := args[1].lit.i
			t = TimestampType
			impl = func(a []Value, _ *Ctx) (Value, error) {
				return Value{kind: Timestamp, i: a[0].i - floorMod(a[0].i, d)}, nil
			}
		case kind(0).IsInteger() && args[1].lit != nil && args[1].lit.kind.IsInteger() && args[1].lit.i > 0:
			n := args[1].lit.i
			t = args[0].typ
			impl = func(a []Value, _ *Ctx) (Value, error) { // STEP(23 BY 5) = 20 (SQL reference, sql-reference-step)
				return Value{kind: a[0].kind, i: a[0].i - floorMod(a[0].i, n)}, nil
			}
		default:
			return compiled{}, planErr("STEP needs a TIMESTAMP and a positive INTERVAL literal, or an integer and a positive integer literal.")
		}
	case "EXTRACT":
		if err := arity(2, 2); err != nil {
			return compiled{}, err
		}
		if args[0].lit == nil {
			return compiled{}, planErr("EXTRACT needs a time unit.")
		}
		unit := strings.ToUpper(args[0].lit.s)
		t = BigIntType
		impl = func(a []Value, _ *Ctx) (Value, error) {
			v := a[1]
			var tm time.Time
			switch v.kind {
			case Timestamp, Time:
				tm = time.Unix(0, v.i).UTC()
			case Date:
				tm = time.Unix(v.i*86400, 0).UTC()
			default:
				return NullValue, runtimeErr("InvalidArgument", "EXTRACT from %s", v.kind)
			}
			var n int
			switch unit {
			case "YEAR":
				n = tm.Year()
			case "MONTH":
				n = int(tm.Month())
			case "DAY":
				n = tm.Day()
			case "HOUR":
				n = tm.Hour()
			case "MINUTE":
				n = tm.Minute()
			case "SECOND":
				n = tm.Second()
			case "DOW":
				n = int(tm.Weekday()) + 1
			case "DOY":
				n = tm.YearDay()
			case "MILLISECOND":
				n = tm.Nanosecond() / 1e6
			default:
				return NullValue, runtimeErr("InvalidArgument", "EXTRACT %s", unit)
			}
			return Int64(int64(n)), nil
		}
	case "UNIX_TIMESTAMP":
		if err := arity(1, 1); err != nil {
			return compiled{}, err
		}
		t = BigIntType
		impl = func(a []Value, _ *Ctx) (Value, error) { // milliseconds since the epoch
			if a[0].kind != Timestamp {
				return NullValue, runtimeErr("InvalidArgument", "UNIX_TIMESTAMP of %s", a[0].kind)
			}
			return Int64(floorDiv(a[0].i, int64(time.Millisecond))), nil
		}
	case "TO_TIMESTAMP":
		if err := arity(1, 1); err != nil {
			return compiled{}, err
		}
		t = TimestampType
		impl = func(a []Value, _ *Ctx) (Value, error) {
			ms := a[0].Int()
			if ms > math.MaxInt64/int64(time.Millisecond) || ms < math.MinInt64/int64(time.Millisecond) {
				return NullValue, runtimeErr("NumericOverflow", "TO_TIMESTAMP(%d)", ms)
			}
			return Value{kind: Timestamp, i: ms * int64(time.Millisecond)}, nil
		}
	case "TSDIFF":
		if err := arity(2, 2); err != nil {
			return compiled{}, err
		}
		t = BigIntType
		impl = func(a []Value, _ *Ctx) (Value, error) { // milliseconds a − b
			return Int64((a[0].i - a[1].i) / int64(time.Millisecond)), nil
		}
	case "TIMESTAMP_TO_CHAR", "CHAR_TO_TIMESTAMP":
		if err := arity(2, 2); err != nil {
			return compiled{}, err
		}
		var fixed string
		if args[0].lit != nil {
			fixed = javaLayout(args[0].lit.s)
		}
		toChar := name == "TIMESTAMP_TO_CHAR"
		if toChar {
			t = VarcharType(0)
		} else {
			t = TimestampType
		}
		impl = func(a []Value, _ *Ctx) (Value, error) {
			layout := fixed
			if layout == "" {
				layout = javaLayout(textOf(a[0]))
			}
			if toChar {
				return String(time.Unix(0, a[1].i).UTC().Format(layout)), nil
			}
			tm, err := time.Parse(layout, textOf(a[1]))
			if err != nil {
				return NullValue, runtimeErr("CastError", "cannot parse '%s' as a timestamp", clip(textOf(a[1])))
			}
			return TimestampValue(tm), nil
		}
	case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURRENT_ROW_TIMESTAMP":
		if err := arity(0, 0); err != nil {
			return compiled{}, err
		}
		t = TimestampType
		impl = func(_ []Value, c *Ctx) (Value, error) { return Value{kind: Timestamp, i: c.Now}, nil }
	case "CHAR_LENGTH", "CHARACTER_LENGTH":
		if err := arity(1, 1); err != nil {
			return compiled{}, err
		}
		t = IntegerType
		impl = func(a []Value, _ *Ctx) (Value, error) {
			return Int(Integer, int64(utf8.RuneCountInString(textOf(a[0])))), nil
		}
	case "UPPER", "LOWER", "INITCAP", "TRIM":
		if err := arity(1, 1); err != nil {
			return compiled{}, err
		}
		t = VarcharType(args[0].typ.Length)
		f := map[string]func(string) string{"UPPER": strings.ToUpper, "LOWER": strings.ToLower, "INITCAP": initcap,
			"TRIM": func(s string) string { return strings.Trim(s, " ") }}[name]
		impl = func(a []Value, _ *Ctx) (Value, error) { return String(f(textOf(a[0]))), nil }
	case "SUBSTRING":
		if err := arity(2, 3); err != nil {
			return compiled{}, err
		}
		t = VarcharType(args[0].typ.Length)
		impl = func(a []Value, _ *Ctx) (Value, error) { // 1-based start, SQL:2008's rules for out-of-range bounds
			rs := []rune(textOf(a[0]))
			start := a[1].Int()
			end := int64(len(rs)) + 1
			if len(a) == 3 {
				n := a[2].Int()
				if n < 0 {
					return NullValue, runtimeErr("InvalidArgument", "SUBSTRING length %d is negative", n)
				}
				end = min(end, start+n)
			}
			start = max(start, 1)
			if end <= start {
				return String(""), nil
			}
			return String(string(rs[start-1 : end-1])), nil
		}
	case "POSITION":
		if err := arity(2, 2); err != nil {
			return compiled{}, err
		}
		t = IntegerType
		impl = func(a []Value, _ *Ctx) (Value, error) {
			hay, needle := textOf(a[1]), textOf(a[0])
			i := strings.Index(hay, needle)
			if i < 0 {
				return Int(Integer, 0), nil
			}
			return Int(Integer, int64(utf8.RuneCountInString(hay[:i]))+1), nil
		}
	case "REGEX_REPLACE":
		if err := arity(3, 5); err != nil {
			return compiled{}, err
		}
		var fixed *regexp.Regexp
		if args[1].lit != nil {
			re, err := regexp.Compile(args[1].lit.s)
			if err != nil {
				return compiled{}, planErr("Invalid regular expression %q: %v", args[1].lit.s, err)
			}
			fixed = re
		}
		t = VarcharType(0)
		impl = func(a []Value, _ *Ctx) (Value, error) {
			re := fixed
			if re == nil {
				var err error
				if re, err = regexp.Compile(textOf(a[1])); err != nil {
					return NullValue, runtimeErr("InvalidArgument", "invalid regular expression: %v", err)
				}
			}
			return String(regexReplace(re, textOf(a[0]), javaReplacement(textOf(a[2])), a)), nil
		}
	case "COALESCE":
		if len(args) == 0 {
			return compiled{}, planErr("COALESCE needs arguments.")
		}
		t = args[0].typ
		nullIn = false
		impl = func(a []Value, _ *Ctx) (Value, error) {
			for _, v := range a {
				if v.kind != Null {
					return v, nil
				}
			}
			return NullValue, nil
		}
	case "NULLIF":
		if err := arity(2, 2); err != nil {
			return compiled{}, err
		}
		t = args[0].typ
		nullIn = false
		impl = func(a []Value, _ *Ctx) (Value, error) {
			if a[0].Equal(a[1]) {
				return NullValue, nil
			}
			return a[0], nil
		}
	case "MOD":
		if err := arity(2, 2); err != nil {
			return compiled{}, err
		}
		return compileBinary(Binary{Op: OpMod, L: e.Args[0], R: e.Args[1]}, s)
	case "POWER", "SQRT", "EXP", "LN", "LOG10", "ROUND":
		lo, hi := 1, 1
		if name == "POWER" {
			lo, hi = 2, 2
		}
		if name == "ROUND" {
			hi = 2
		}
		if err := arity(lo, hi); err != nil {
			return compiled{}, err
		}
		t = DoubleType
		impl = func(a []Value, _ *Ctx) (Value, error) {
			x := a[0].Float()
			var f float64
			switch name {
			case "POWER":
				f = math.Pow(x, a[1].Float())
			case "SQRT":
				f = math.Sqrt(x)
			case "EXP":
				f = math.Exp(x)
			case "LN":
				f = math.Log(x)
			case "LOG10":
				f = math.Log10(x)
			case "ROUND":
				p := 1.0
				if len(a) == 2 {
					p = math.Pow(10, a[1].Float())
				}
				f = math.Round(x*p) / p
			}
			if !floatOK(f) {
				return NullValue, runtimeErr("InvalidArgument", "%s(%v) is not a number", name, x)
			}
			return Float(f), nil
		}
	default:
		return compiled{}, planErr("No function %s (see query.Functions).", e.Name)
	}
	fns := make([]evalFn, len(args))
	for i, a := range args {
		fns[i] = a.fn
	}
	scratch := make([]Value, 0, len(fns)) // a compiled expression is evaluated by one operator, one row at a time
	return compiled{typ: t, fn: func(r *Row, c *Ctx) (Value, error) {
		vals := scratch[:0]
		for _, f := range fns {
			v, err := f(r, c)
			if err != nil {
				return v, err
			}
			if v.kind == Null && nullIn {
				return NullValue, nil
			}
			vals = append(vals, v)
		}
		return impl(vals, c)
	}}, nil
}

func floorDiv(a, b int64) int64 { return (a - floorMod(a, b)) / b }

// truncUnit returns the function that rounds a timestamp down to a whole unit.
func truncUnit(unit string) (func(int64) int64, bool) {
	if d, ok := timeUnits[unit]; ok {
		return func(n int64) int64 { return n - floorMod(n, int64(d)) }, true
	}
	switch unit {
	case "MONTH":
		return func(n int64) int64 {
			t := time.Unix(0, n).UTC()
			return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).UnixNano()
		}, true
	case "YEAR":
		return func(n int64) int64 {
			return time.Date(time.Unix(0, n).UTC().Year(), 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
		}, true
	}
	return nil, false
}

func nextUnit(unit string, n int64) int64 {
	if d, ok := timeUnits[unit]; ok {
		return int64(d)
	}
	t := time.Unix(0, n).UTC()
	if unit == "MONTH" {
		return t.AddDate(0, 1, 0).UnixNano() - n
	}
	return t.AddDate(1, 0, 0).UnixNano() - n
}

func initcap(s string) string {
	rs := []rune(strings.ToLower(s))
	start := true
	for i, r := range rs {
		if start && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
		}
		start = !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}
	return string(rs)
}

// regexReplace replaces, from the 1-based character position a[3] (default 1), the a[4]-th match (0, the default:
// every match), as REGEX_REPLACE(s, regex, replacement, startPosition, occurrence) does.
func regexReplace(re *regexp.Regexp, s, repl string, a []Value) string {
	start, occ := int64(1), int64(0)
	if len(a) > 3 {
		start = max(a[3].Int(), 1)
	}
	if len(a) > 4 {
		occ = max(a[4].Int(), 0)
	}
	rs := []rune(s)
	if start > int64(len(rs)) {
		return s
	}
	head, tail := string(rs[:start-1]), string(rs[start-1:])
	if occ == 0 {
		return head + re.ReplaceAllString(tail, repl)
	}
	n := int64(0)
	var out strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(tail, -1) {
		n++
		if n == occ {
			out.WriteString(tail[last:m[0]])
			out.Write(re.ExpandString(nil, repl, tail, m))
			last = m[1]
			break
		}
	}
	out.WriteString(tail[last:])
	return head + out.String()
}

// javaReplacement turns Java's $1 group references into Go's ${1}.
func javaReplacement(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		switch {
		case r[i] == '\\' && i+1 < len(r):
			i++
			if r[i] == '$' {
				b.WriteString("$$")
			} else {
				b.WriteByte(r[i])
			}
		case r[i] == '$' && i+1 < len(r) && r[i+1] >= '0' && r[i+1] <= '9':
			j := i + 1
			for j < len(r) && r[j] >= '0' && r[j] <= '9' {
				j++
			}
			b.WriteString("${" + r[i+1:j] + "}")
			i = j - 1
		default:
			b.WriteByte(r[i])
		}
	}
	return b.String()
}

// javaLayout translates a java.text.SimpleDateFormat pattern (TIMESTAMP_TO_CHAR's) into a Go time layout.
func javaLayout(p string) string {
	repl := []struct{ java, golang string }{
		{"yyyy", "2006"}, {"yy", "06"}, {"MMMM", "January"}, {"MMM", "Jan"}, {"MM", "01"}, {"M", "1"},
		{"dd", "02"}, {"d", "2"}, {"HH", "15"}, {"hh", "03"}, {"h", "3"}, {"mm", "04"}, {"ss", "05"},
		{"SSS", "000"}, {"a", "PM"}, {"EEEE", "Monday"}, {"EEE", "Mon"}, {"Z", "-0700"}, {"z", "MST"},
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		if p[i] == '\'' {
			j := strings.IndexByte(p[i+1:], '\'')
			if j < 0 {
				b.WriteString(p[i+1:])
				break
			}
			b.WriteString(p[i+1 : i+1+j])
			i += j + 2
			continue
		}
		matched := false
		for _, r := range repl {
			if strings.HasPrefix(p[i:], r.java) {
				b.WriteString(r.golang)
				i += len(r.java)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(p[i])
			i++
		}
	}
	return b.String()
}

// isFunction reports whether name is a scalar function of Functions.
func isFunction(name string) bool { return slices.Contains(Functions, strings.ToUpper(name)) }
