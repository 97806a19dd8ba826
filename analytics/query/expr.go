package query

import (
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/kinesim/kinesim/apierr"
)

// Expr is an expression tree over the columns of one row: data that a SQL planner builds from an AST (and the
// Go builders of builder.go build by hand). An operator compiles its expressions against its input schema when it
// is built; evaluating one never panics: a runtime failure is a *RuntimeError, which becomes an error-stream row.
type Expr interface{ expr() }

// Col is a reference to the input column named Name (see Schema.Index for join-qualified names).
type Col struct{ Name string }

// Rowtime is the row's ROWTIME, a TIMESTAMP.
type Rowtime struct{}

// Lit is a literal value: INTERVAL '1' MINUTE is Lit{IntervalValue(time.Minute)}, a time unit or a format
// string is a VARCHAR literal.
type Lit struct{ Value Value }

// Op is an operator of Unary or Binary.
type Op string

// The operators.
const (
	OpNeg       Op = "-"
	OpNot       Op = "NOT"
	OpIsNull    Op = "IS NULL"
	OpIsNotNull Op = "IS NOT NULL"

	OpAdd       Op = "+"
	OpSub       Op = "-"
	OpMul       Op = "*"
	OpDiv       Op = "/"
	OpMod       Op = "%"
	OpConcat    Op = "||"
	OpEq        Op = "="
	OpNe        Op = "<>"
	OpLt        Op = "<"
	OpLe        Op = "<="
	OpGt        Op = ">"
	OpGe        Op = ">="
	OpAnd       Op = "AND"
	OpOr        Op = "OR"
	OpLike      Op = "LIKE"
	OpSimilarTo Op = "SIMILAR TO"
)

// Unary is a prefix or postfix operator: -x, NOT x, x IS NULL, x IS NOT NULL.
type Unary struct {
	Op Op
	X  Expr
}

// Binary is an infix operator.
type Binary struct {
	Op   Op
	L, R Expr
}

// Case is CASE [Operand] WHEN … THEN … [ELSE …] END: with an Operand, a When's Cond is compared to it for
// equality; without, each Cond is a condition. A missing Else is NULL.
type Case struct {
	Operand Expr
	Whens   []When
	Else    Expr
}

// When is one WHEN … THEN … arm of a Case.
type When struct{ Cond, Then Expr }

// CastExpr is CAST(X AS To).
type CastExpr struct {
	X  Expr
	To Type
}

// Call is a scalar function call by its SQL name, upper case (see Functions). SQL forms with keywords take their
// parts as arguments in order: FLOOR(x TO MINUTE) is FLOOR(x, 'MINUTE'), STEP(x BY INTERVAL '1' MINUTE) is
// STEP(x, INTERVAL), POSITION(a IN b) is POSITION(a, b), EXTRACT(SECOND FROM x) is EXTRACT('SECOND', x),
// SUBSTRING(s FROM i FOR n) is SUBSTRING(s, i, n).
type Call struct {
	Name string
	Args []Expr
}

func (Col) expr()      {}
func (Rowtime) expr()  {}
func (Lit) expr()      {}
func (Unary) expr()    {}
func (Binary) expr()   {}
func (Case) expr()     {}
func (CastExpr) expr() {}
func (Call) expr()     {}

// Ctx is what evaluation reads besides the row: the time of the call (CURRENT_TIMESTAMP), Unix nanoseconds.
type Ctx struct{ Now int64 }

type evalFn func(r *Row, c *Ctx) (Value, error)

// compiled is an expression bound to a schema.
type compiled struct {
	fn  evalFn
	typ Type
	lit *Value // the constant value of a literal
	col int    // the input column of a plain column reference, +1 (0: not a column)
}

func planErr(format string, args ...any) error { return apierr.CodeValidation.New(format, args...) }

// compile binds e to the input schema s.
func compile(e Expr, s Schema) (compiled, error) {
	switch e := e.(type) {
	case nil:
		return compiled{}, planErr("missing expression")
	case Col:
		i := s.Index(e.Name)
		if i < 0 && strings.EqualFold(e.Name, "ROWTIME") {
			return compile(Rowtime{}, s)
		}
		if i < 0 {
			return compiled{}, planErr("Column %q not found in %s.", e.Name, s)
		}
		return compiled{fn: func(r *Row, _ *Ctx) (Value, error) { return r.Values[i], nil }, typ: s[i].Type, col: i + 1}, nil
	case Rowtime:
		return compiled{fn: func(r *Row, _ *Ctx) (Value, error) { return Value{kind: Timestamp, i: r.Rowtime}, nil }, typ: TimestampType}, nil
	case Lit:
		v := e.Value
		t := Type{Kind: v.kind}
		if v.kind == Decimal {
			t = DecimalType(MaxDecimalPrecision, int(v.scale))
		}
		return compiled{fn: func(*Row, *Ctx) (Value, error) { return v, nil }, typ: t, lit: &v}, nil
	case Unary:
		return compileUnary(e, s)
	case Binary:
		return compileBinary(e, s)
	case Case:
		return compileCase(e, s)
	case CastExpr:
		x, err := compile(e.X, s)
		if err != nil {
			return compiled{}, err
		}
		to, xf := e.To, x.fn
		return compiled{fn: func(r *Row, c *Ctx) (Value, error) {
			v, err := xf(r, c)
			if err != nil {
				return v, err
			}
			return Cast(v, to)
		}, typ: to}, nil
	case Call:
		return compileCall(e, s)
	}
	return compiled{}, planErr("unsupported expression %T", e)
}

func compileAll(es []Expr, s Schema) ([]compiled, error) {
	out := make([]compiled, len(es))
	for i, e := range es {
		c, err := compile(e, s)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func compileUnary(e Unary, s Schema) (compiled, error) {
	x, err := compile(e.X, s)
	if err != nil {
		return compiled{}, err
	}
	xf := x.fn
	switch e.Op {
	case OpNeg:
		if !x.typ.Kind.IsNumeric() && x.typ.Kind != Interval && x.typ.Kind != Null {
			return compiled{}, planErr("Cannot negate %s.", x.typ)
		}
		return compiled{typ: x.typ, fn: func(r *Row, c *Ctx) (Value, error) {
			v, err := xf(r, c)
			if err != nil || v.kind == Null {
				return v, err
			}
			if v.kind == Real || v.kind == Double {
				v.f = -v.f
			} else {
				v.i = -v.i
			}
			return v, nil
		}}, nil
	case OpNot:
		return compiled{typ: BooleanType, fn: func(r *Row, c *Ctx) (Value, error) {
			v, err := xf(r, c)
			if err != nil || v.kind == Null {
				return v, err
			}
			return Bool(v.i == 0), nil
		}}, nil
	case OpIsNull, OpIsNotNull:
		want := e.Op == OpIsNull
		return compiled{typ: BooleanType, fn: func(r *Row, c *Ctx) (Value, error) {
			v, err := xf(r, c)
			if err != nil {
				return v, err
			}
			return Bool(v.IsNull() == want), nil
		}}, nil
	}
	return compiled{}, planErr("Unknown operator %s.", e.Op)
}

// numericRank orders the numeric kinds for the result of arithmetic: the wider operand's kind wins.
func arithKind(a, b Kind) Kind {
	if a == Null {
		return b
	}
	if b == Null {
		return a
	}
	return max(a, b)
}

func compileBinary(e Binary, s Schema) (compiled, error) {
	l, err := compile(e.L, s)
	if err != nil {
		return compiled{}, err
	}
	r, err := compile(e.R, s)
	if err != nil {
		return compiled{}, err
	}
	lf, rf := l.fn, r.fn
	lk, rk := l.typ.Kind, r.typ.Kind
	switch e.Op {
	case OpAnd, OpOr:
		and := e.Op == OpAnd
		return compiled{typ: BooleanType, fn: func(row *Row, c *Ctx) (Value, error) {
			a, err := lf(row, c)
			if err != nil {
				return a, err
			}
			if a.kind != Null && (a.i != 0) != and { // FALSE AND …, TRUE OR …
				return a, nil
			}
			b, err := rf(row, c)
			if err != nil {
				return b, err
			}
			switch {
			case b.kind != Null && (b.i != 0) != and:
				return b, nil
			case a.kind == Null || b.kind == Null:
				return NullValue, nil
			}
			return Bool(and), nil
		}}, nil
	case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe:
		op := e.Op
		return compiled{typ: BooleanType, fn: func(row *Row, c *Ctx) (Value, error) {
			a, err := lf(row, c)
			if err != nil {
				return a, err
			}
			b, err := rf(row, c)
			if err != nil {
				return b, err
			}
			if a.kind == Null || b.kind == Null {
				return NullValue, nil
			}
			if a.kind.IsString() && !b.kind.IsString() && b.kind != Varbinary { // '42' = 42, '2018-…' = ts
				if a, err = Cast(a, Type{Kind: b.kind, Scale: int(b.scale), Precision: MaxDecimalPrecision}); err != nil {
					return a, err
				}
			} else if b.kind.IsString() && !a.kind.IsString() && a.kind != Varbinary {
				if b, err = Cast(b, Type{Kind: a.kind, Scale: int(a.scale), Precision: MaxDecimalPrecision}); err != nil {
					return b, err
				}
			}
			n, ok := Compare(a, b)
			if !ok {
				return NullValue, runtimeErr("InvalidArgument", "cannot compare %s with %s", a.kind, b.kind)
			}
			switch op {
			case OpEq:
				return Bool(n == 0), nil
			case OpNe:
				return Bool(n != 0), nil
			case OpLt:
				return Bool(n < 0), nil
			case OpLe:
				return Bool(n <= 0), nil
			case OpGt:
				return Bool(n > 0), nil
			}
			return Bool(n >= 0), nil
		}}, nil
	case OpConcat:
		return compiled{typ: VarcharType(0), fn: func(row *Row, c *Ctx) (Value, error) {
			a, err := lf(row, c)
			if err != nil || a.kind == Null {
				return a, err
			}
			b, err := rf(row, c)
			if err != nil || b.kind == Null {
				return b, err
			}
			return String(textOf(a) + textOf(b)), nil
		}}, nil
	case OpLike, OpSimilarTo:
		similar := e.Op == OpSimilarTo
		var fixed *regexp.Regexp
		if r.lit != nil && r.lit.kind.IsString() {
			re, err := patternRegexp(r.lit.s, similar)
			if err != nil {
				return compiled{}, planErr("Invalid pattern %q: %v", r.lit.s, err)
			}
			fixed = re
		}
		return compiled{typ: BooleanType, fn: func(row *Row, c *Ctx) (Value, error) {
			a, err := lf(row, c)
			if err != nil || a.kind == Null {
				return a, err
			}
			re := fixed
			if re == nil {
				p, err := rf(row, c)
				if err != nil || p.kind == Null {
					return p, err
				}
				if re, err = patternRegexp(textOf(p), similar); err != nil {
					return NullValue, runtimeErr("InvalidArgument", "invalid pattern: %v", err)
				}
			}
			return Bool(re.MatchString(textOf(a))), nil
		}}, nil
	case OpAdd, OpSub, OpMul, OpDiv, OpMod:
	default:
		return compiled{}, planErr("Unknown operator %s.", e.Op)
	}
	// Arithmetic.
	op := e.Op
	switch {
	case lk == Timestamp && rk == Interval && (op == OpAdd || op == OpSub),
		lk == Interval && rk == Timestamp && op == OpAdd:
		return compiled{typ: TimestampType, fn: func(row *Row, c *Ctx) (Value, error) {
			a, b, err := both(lf, rf, row, c)
			if err != nil || a.kind == Null || b.kind == Null {
				return NullValue, err
			}
			if op == OpSub {
				return Value{kind: Timestamp, i: a.i - b.i}, nil
			}
			return Value{kind: Timestamp, i: a.i + b.i}, nil
		}}, nil
	case lk == Timestamp && rk == Timestamp && op == OpSub:
		return compiled{typ: IntervalType, fn: func(row *Row, c *Ctx) (Value, error) {
			a, b, err := both(lf, rf, row, c)
			if err != nil || a.kind == Null || b.kind == Null {
				return NullValue, err
			}
			return Value{kind: Interval, i: a.i - b.i}, nil
		}}, nil
	}
	numeric := func(k Kind) bool { return k.IsNumeric() || k == Null || k.IsString() }
	if !numeric(lk) || !numeric(rk) {
		return compiled{}, planErr("Cannot apply %s to %s and %s.", op, l.typ, r.typ)
	}
	// Strings in arithmetic are read as DOUBLE.
	if lk.IsString() {
		lk = Double
	}
	if rk.IsString() {
		rk = Double
	}
	k := arithKind(lk, rk)
	if k == Decimal && (op == OpMul || op == OpDiv || op == OpMod) {
		k = Double // kinesim: DECIMAL products and quotients are DOUBLE
	}
	t := Type{Kind: k}
	if k == Decimal {
		t = DecimalType(MaxDecimalPrecision, max(l.typ.Scale, r.typ.Scale))
	}
	return compiled{typ: t, fn: func(row *Row, c *Ctx) (Value, error) {
		a, b, err := both(lf, rf, row, c)
		if err != nil || a.kind == Null || b.kind == Null {
			return NullValue, err
		}
		return arith(op, k, a, b)
	}}, nil
}

func both(lf, rf evalFn, row *Row, c *Ctx) (Value, Value, error) {
	a, err := lf(row, c)
	if err != nil {
		return a, a, err
	}
	b, err := rf(row, c)
	return a, b, err
}

func arith(op Op, k Kind, a, b Value) (Value, error) {
	if a.kind.IsString() {
		var err error
		if a, err = Cast(a, DoubleType); err != nil {
			return a, err
		}
	}
	if b.kind.IsString() {
		var err error
		if b, err = Cast(b, DoubleType); err != nil {
			return b, err
		}
	}
	switch {
	case k.IsInteger():
		x, y := a.i, b.i
		var n int64
		switch op {
		case OpAdd:
			n = x + y
			if (n > x) != (y > 0) {
				return NullValue, runtimeErr("NumericOverflow", "%d + %d overflows %s", x, y, k)
			}
		case OpSub:
			n = x - y
			if (n < x) != (y > 0) {
				return NullValue, runtimeErr("NumericOverflow", "%d - %d overflows %s", x, y, k)
			}
		case OpMul:
			n = x * y
			if x != 0 && (n/x != y || x == -1 && y == math.MinInt64) {
				return NullValue, runtimeErr("NumericOverflow", "%d * %d overflows %s", x, y, k)
			}
		case OpDiv, OpMod:
			if y == 0 {
				return NullValue, runtimeErr("DivisionByZero", "/ by zero")
			}
			if x == math.MinInt64 && y == -1 {
				return NullValue, runtimeErr("NumericOverflow", "%d / %d overflows %s", x, y, k)
			}
			if op == OpDiv {
				n = x / y
			} else {
				n = x % y
			}
		}
		if !intFits(k, n) {
			return NullValue, runtimeErr("NumericOverflow", "%d is out of range for %s", n, k)
		}
		return Value{kind: k, i: n}, nil
	case k == Decimal: // + and − only (see compileBinary)
		sc := max(a.scale, b.scale)
		if a.kind != Decimal {
			a = Value{kind: Decimal, i: a.i}
		}
		if b.kind != Decimal {
			b = Value{kind: Decimal, i: b.i}
		}
		x, err := rescale(a, DecimalType(MaxDecimalPrecision, int(sc)))
		if err != nil {
			return x, err
		}
		y, err := rescale(b, DecimalType(MaxDecimalPrecision, int(sc)))
		if err != nil {
			return y, err
		}
		if op == OpSub {
			y.i = -y.i
		}
		n := x.i + y.i
		if (n > x.i) != (y.i > 0) {
			return NullValue, runtimeErr("NumericOverflow", "DECIMAL overflow")
		}
		return Value{kind: Decimal, i: n, scale: sc}, nil
	}
	x, y := a.Float(), b.Float()
	var f float64
	switch op {
	case OpAdd:
		f = x + y
	case OpSub:
		f = x - y
	case OpMul:
		f = x * y
	case OpDiv:
		if y == 0 {
			return NullValue, runtimeErr("DivisionByZero", "/ by zero")
		}
		f = x / y
	case OpMod:
		if y == 0 {
			return NullValue, runtimeErr("DivisionByZero", "/ by zero")
		}
		f = math.Mod(x, y)
	}
	if !floatOK(f) {
		return NullValue, runtimeErr("NumericOverflow", "%v %s %v overflows %s", x, op, y, k)
	}
	if k == Real {
		f = float64(float32(f))
	}
	return Value{kind: k, f: f}, nil
}

// textOf is a value's text for string operations.
func textOf(v Value) string {
	if v.kind.IsString() || v.kind == Varbinary {
		return v.s
	}
	return string(v.AppendText(nil))
}

// patternRegexp translates a LIKE or SIMILAR TO pattern into an anchored regular expression: % is any run, _ any
// one character; SIMILAR TO also keeps | * + ? ( ) [ ] { } as regular-expression operators.
func patternRegexp(p string, similar bool) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)^(?:`)
	for _, r := range p {
		switch {
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteString(".")
		case similar && strings.ContainsRune("|*+?()[]{}", r):
			b.WriteRune(r)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.Compile(b.String())
}

func compileCase(e Case, s Schema) (compiled, error) {
	var op *compiled
	if e.Operand != nil {
		c, err := compile(e.Operand, s)
		if err != nil {
			return compiled{}, err
		}
		op = &c
	}
	type arm struct{ cond, then compiled }
	arms := make([]arm, len(e.Whens))
	var t Type
	for i, w := range e.Whens {
		c, err := compile(w.Cond, s)
		if err != nil {
			return compiled{}, err
		}
		th, err := compile(w.Then, s)
		if err != nil {
			return compiled{}, err
		}
		arms[i] = arm{c, th}
		if t.Kind == Null {
			t = th.typ
		}
	}
	var els *compiled
	if e.Else != nil {
		c, err := compile(e.Else, s)
		if err != nil {
			return compiled{}, err
		}
		els = &c
		if t.Kind == Null {
			t = c.typ
		}
	}
	if len(arms) == 0 {
		return compiled{}, planErr("CASE without WHEN")
	}
	return compiled{typ: t, fn: func(r *Row, c *Ctx) (Value, error) {
		var subject Value
		if op != nil {
			v, err := op.fn(r, c)
			if err != nil {
				return v, err
			}
			subject = v
		}
		for _, a := range arms {
			v, err := a.cond.fn(r, c)
			if err != nil {
				return v, err
			}
			hit := v.kind != Null && v.i != 0
			if op != nil {
				hit = subject.Equal(v)
			}
			if hit {
				return a.then.fn(r, c)
			}
		}
		if els != nil {
			return els.fn(r, c)
		}
		return NullValue, nil
	}}, nil
}

// timeUnits are the units of FLOOR(x TO unit), CEIL and EXTRACT.
var timeUnits = map[string]time.Duration{"SECOND": time.Second, "MINUTE": time.Minute, "HOUR": time.Hour, "DAY": 24 * time.Hour}
