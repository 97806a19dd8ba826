package query

import (
	"time"
)

// The builders below write expressions in Go the way SQL writes them; each returns plain Expr data.

// C is a column reference.
func C(name string) Expr { return Col{Name: name} }

// L is a literal: a Go bool, int, int64, float64, string, time.Time (TIMESTAMP) or time.Duration (INTERVAL), or a
// Value.
func L(v any) Expr {
	switch v := v.(type) {
	case Value:
		return Lit{v}
	case bool:
		return Lit{Bool(v)}
	case int:
		return Lit{Int(Integer, int64(v))}
	case int64:
		return Lit{Int64(v)}
	case float64:
		return Lit{Float(v)}
	case string:
		return Lit{Value{kind: Char, s: v}}
	case time.Time:
		return Lit{TimestampValue(v)}
	case time.Duration:
		return Lit{IntervalValue(v)}
	case nil:
		return Lit{NullValue}
	}
	return Lit{NullValue}
}

// Fn is a scalar function call.
func Fn(name string, args ...Expr) Expr { return Call{Name: name, Args: args} }

// StepBy is STEP(x BY INTERVAL d).
func StepBy(x Expr, d time.Duration) Expr {
	return Call{Name: "STEP", Args: []Expr{x, Lit{IntervalValue(d)}}}
}

// FloorTo is FLOOR(x TO unit), unit SECOND, MINUTE, HOUR, DAY, MONTH or YEAR.
func FloorTo(x Expr, unit string) Expr {
	return Call{Name: "FLOOR", Args: []Expr{x, Lit{String(unit)}}}
}

// Bin is a binary operator.
func Bin(l Expr, op Op, r Expr) Expr { return Binary{Op: op, L: l, R: r} }

// Arithmetic and comparison shorthands.
func Add(l, r Expr) Expr { return Binary{OpAdd, l, r} }
func Sub(l, r Expr) Expr { return Binary{OpSub, l, r} }
func Mul(l, r Expr) Expr { return Binary{OpMul, l, r} }
func Div(l, r Expr) Expr { return Binary{OpDiv, l, r} }
func Eq(l, r Expr) Expr  { return Binary{OpEq, l, r} }
func Gt(l, r Expr) Expr  { return Binary{OpGt, l, r} }
func Ge(l, r Expr) Expr  { return Binary{OpGe, l, r} }
func Lt(l, r Expr) Expr  { return Binary{OpLt, l, r} }
func And(l, r Expr) Expr { return Binary{OpAnd, l, r} }

// SimilarTo is x SIMILAR TO pattern.
func SimilarTo(x Expr, pattern string) Expr { return Binary{OpSimilarTo, x, Lit{String(pattern)}} }

// As names an expression for a select list or GROUP BY.
func As(e Expr, name string) Item { return Item{Expr: e, Name: name} }

// Agg is an aggregate; CountStar is COUNT(*).
func Agg(f AggFunc, arg Expr, name string) Aggregate { return Aggregate{Func: f, Arg: arg, Name: name} }

// CountStar is COUNT(*) named name.
func CountStar(name string) Aggregate { return Aggregate{Func: Count, Name: name} }
