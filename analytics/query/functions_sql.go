package query

import (
	"regexp"
	"strconv"
	"strings"
)

// LogParsers are the parse functions whose result is a row, compiled as a ParseLog step (SQL reference,
// sql-reference-pattern-matching-functions).
var LogParsers = []string{"W3C_LOG_PARSE", "REGEX_LOG_PARSE", "VARIABLE_COLUMN_LOG_PARSE"}

// ParseLog appends to each row the columns of a log parse function's result row, named Prefix.COLUMN1 … (or as
// declared): the SQL planner's form of a select item such as W3C_LOG_PARSE("log", 'COMMON') AS r, whose fields
// are read as r.COLUMN1 (developer guide, examples-transforming-strings-w3clogparse, -regexlogparse,
// -variablecolumnlogparse; analytics.md §1.4).
//
//   - W3C_LOG_PARSE(x, format): format is COMMON (%h %l %u %t "%r" %>s %b), COMMON WITH VHOST (%v first),
//     NCSA EXTENDED (COMMON, then "%{Referer}i" "%{User-agent}i") or an Apache format of its own; one column per
//     specifier, VARCHAR but %>s and %s (INTEGER) and %b (BIGINT, "-" NULL). A %t reads the bracketed time, a
//     quoted specifier up to its closing quote, any other up to the next blank.
//   - REGEX_LOG_PARSE(x, regex): one VARCHAR column per capturing group, the first match of the pattern in x
//     (the pattern's Java syntax as far as Go's RE2 shares it).
//   - VARIABLE_COLUMN_LOG_PARSE(x, columns, delimiter): columns is 'NAME TYPE type, …' (or a number n of
//     VARCHAR columns COLUMN1 … COLUMNn); x split at delimiter, each field cast to its column's type.
//
// A value that does not parse gives NULL columns, as the functions return NULL for input they do not match; a
// field that does not cast to its column's type is NULL.
type ParseLog struct {
	Func   string
	Arg    Expr
	Params []string
	Prefix string
}

type parseLog struct {
	in, out Schema
	arg     evalFn
	types   []Type
	split   func(s string) []string // nil: no match
}

var w3cFormats = map[string]string{
	"COMMON":            `%h %l %u %t "%r" %>s %b`,
	"COMMON WITH VHOST": `%v %h %l %u %t "%r" %>s %b`,
	"NCSA EXTENDED":     `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`,
}

var specifier = regexp.MustCompile(`%[<>]?(\{[^}]*\})?[a-zA-Z]`)

// Build implements Step.
func (p ParseLog) Build(in Schema, _ *Env) (Operator, error) {
	c, err := compile(p.Arg, in)
	if err != nil {
		return nil, err
	}
	if !c.typ.Kind.IsString() && c.typ.Kind != Null {
		return nil, planErr("%s parses a VARCHAR, not %s.", p.Func, c.typ)
	}
	op := &parseLog{in: in, arg: c.fn, out: append(Schema(nil), in...)}
	var names []string
	switch strings.ToUpper(p.Func) {
	case "W3C_LOG_PARSE":
		if len(p.Params) != 1 {
			return nil, planErr("W3C_LOG_PARSE takes a value and a format.")
		}
		format := p.Params[0]
		if f, ok := w3cFormats[strings.ToUpper(format)]; ok {
			format = f
		}
		var pattern strings.Builder
		pattern.WriteByte('^')
		last := 0
		for _, loc := range specifier.FindAllStringIndex(format, -1) {
			lit := format[last:loc[0]]
			pattern.WriteString(regexp.QuoteMeta(lit))
			spec := format[loc[0]:loc[1]]
			switch {
			case strings.HasSuffix(spec, "t"):
				pattern.WriteString(`\[([^\]]*)\]`)
			case strings.HasSuffix(lit, `"`):
				pattern.WriteString(`([^"]*)`)
			default:
				pattern.WriteString(`(\S*)`)
			}
			t := VarcharType(MaxLength)
			switch spec {
			case "%>s", "%s":
				t = IntegerType
			case "%b":
				t = BigIntType
			}
			op.types = append(op.types, t)
			names = append(names, "COLUMN"+strconv.Itoa(len(op.types)))
			last = loc[1]
		}
		if len(op.types) == 0 {
			return nil, planErr("W3C_LOG_PARSE's format %q has no specifier.", p.Params[0])
		}
		pattern.WriteString(regexp.QuoteMeta(format[last:]))
		re := regexp.MustCompile(pattern.String()) // quoted literals and fixed groups always compile
		op.split = func(s string) []string {
			m := re.FindStringSubmatch(s)
			if m == nil {
				return nil
			}
			return m[1:]
		}
	case "REGEX_LOG_PARSE":
		if len(p.Params) != 1 {
			return nil, planErr("REGEX_LOG_PARSE takes a value and a pattern.")
		}
		re, err := regexp.Compile(p.Params[0])
		if err != nil {
			return nil, planErr("REGEX_LOG_PARSE's pattern %q does not compile: %v", p.Params[0], err)
		}
		for i := range re.NumSubexp() {
			op.types = append(op.types, VarcharType(MaxLength))
			names = append(names, "COLUMN"+strconv.Itoa(i+1))
		}
		op.split = func(s string) []string {
			m := re.FindStringSubmatch(s)
			if m == nil {
				return nil
			}
			return m[1:]
		}
	case "VARIABLE_COLUMN_LOG_PARSE":
		if len(p.Params) != 2 || p.Params[1] == "" {
			return nil, planErr("VARIABLE_COLUMN_LOG_PARSE takes a value, its columns and a delimiter.")
		}
		if n, err := strconv.Atoi(strings.TrimSpace(p.Params[0])); err == nil {
			if n < 1 || n > 1000 {
				return nil, planErr("VARIABLE_COLUMN_LOG_PARSE takes 1 to 1000 columns, not %d.", n)
			}
			for i := range n {
				op.types = append(op.types, VarcharType(MaxLength))
				names = append(names, "COLUMN"+strconv.Itoa(i+1))
			}
		} else {
			for _, def := range strings.Split(p.Params[0], ",") {
				name, typ, ok := strings.Cut(strings.TrimSpace(def), " TYPE ")
				if !ok {
					return nil, planErr("VARIABLE_COLUMN_LOG_PARSE's column %q is not NAME TYPE type.", def)
				}
				t, err := ParseType(typ)
				if err != nil {
					return nil, err
				}
				op.types = append(op.types, t)
				names = append(names, strings.TrimSpace(name))
			}
		}
		delim, n := p.Params[1], len(op.types)
		op.split = func(s string) []string { return strings.SplitN(s, delim, n) }
	default:
		return nil, planErr("%s is not a log parse function.", p.Func)
	}
	for i, n := range names {
		op.out = append(op.out, Column{Name: p.Prefix + "." + n, Type: op.types[i]})
	}
	return op, nil
}

func (p *parseLog) Schema() Schema { return p.out }

func (p *parseLog) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
	for i := range rows {
		v, err := p.arg(&rows[i], &c)
		if err != nil {
			out.Fail(now, p.in, rows[i], err)
			continue
		}
		vals := make([]Value, len(p.out))
		copy(vals, rows[i].Values)
		if !v.IsNull() {
			fields := p.split(v.Str())
			for j := range p.types {
				if j >= len(fields) || fields == nil {
					break
				}
				f := fields[j]
				if p.types[j].Kind != Varchar && f == "-" {
					continue
				}
				if cv, err := Cast(String(f), p.types[j]); err == nil {
					vals[len(p.in)+j] = cv
				}
			}
		}
		out.Rows = append(out.Rows, Row{Rowtime: rows[i].Rowtime, Values: vals})
	}
}

func (p *parseLog) Advance(int64, *Output) {}
