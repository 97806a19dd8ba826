package query

import (
	"math"
	"math/bits"
	"strings"
)

// AggFunc is an aggregate function.
type AggFunc string

// The aggregate functions (analytics.md §1.4). COUNT_DISTINCT_ITEMS_TUMBLING and APPROXIMATE_COUNT_DISTINCT count
// distinct values exactly up to 10,000 of them in a window, as KDA's HyperLogLog does ("exact when ≤ 10,000
// distinct items", SQL reference, count-distinct-items), then estimate with a HyperLogLog sketch.
const (
	Count                      AggFunc = "COUNT"
	Sum                        AggFunc = "SUM"
	Avg                        AggFunc = "AVG"
	Min                        AggFunc = "MIN"
	Max                        AggFunc = "MAX"
	ApproximateCountDistinct   AggFunc = "APPROXIMATE_COUNT_DISTINCT"
	CountDistinctItemsTumbling AggFunc = "COUNT_DISTINCT_ITEMS_TUMBLING"
)

// Aggregate is one aggregate of a GroupBy, Sliding or Stagger step: Func(Arg), COUNT(*) with a nil Arg,
// Func(DISTINCT Arg) with Distinct. Over names the window of a Sliding step (WINDOW W1 AS …, AGG(x) OVER W1).
type Aggregate struct {
	Func     AggFunc
	Arg      Expr
	Distinct bool
	Name     string
	Over     string
}

// boundAgg is an aggregate compiled against an input schema.
type boundAgg struct {
	fn       AggFunc
	arg      evalFn // nil: COUNT(*)
	distinct bool
	argType  Type
	out      Type
	fast     bool // COUNT without DISTINCT, or SUM/AVG of an integer column without DISTINCT
	col      int  // the argument's input column +1 when it is a plain column reference
}

func bindAggs(aggs []Aggregate, in Schema) ([]boundAgg, []Column, error) {
	out := make([]boundAgg, len(aggs))
	cols := make([]Column, len(aggs))
	for i, a := range aggs {
		b := boundAgg{fn: AggFunc(strings.ToUpper(string(a.Func))), distinct: a.Distinct}
		if a.Arg != nil {
			c, err := compile(a.Arg, in)
			if err != nil {
				return nil, nil, err
			}
			b.arg, b.argType, b.col = c.fn, c.typ, c.col
		}
		k := b.argType.Kind
		switch b.fn {
		case Count, ApproximateCountDistinct, CountDistinctItemsTumbling:
			b.out = BigIntType
			if b.fn != Count && b.arg == nil {
				return nil, nil, planErr("%s needs an argument.", b.fn)
			}
		case Sum:
			switch {
			case k.IsInteger():
				b.out = BigIntType
			case k == Decimal:
				b.out = DecimalType(MaxDecimalPrecision, b.argType.Scale)
			case k == Real || k == Double || k == Null:
				b.out = Type{Kind: max(k, Real)}
			default:
				return nil, nil, planErr("SUM of %s.", b.argType)
			}
		case Avg:
			if !k.IsNumeric() && k != Null {
				return nil, nil, planErr("AVG of %s.", b.argType)
			}
			b.out = DoubleType // kinesim: AVG is DOUBLE whatever the argument's numeric type
		case Min, Max:
			if b.arg == nil {
				return nil, nil, planErr("%s needs an argument.", b.fn)
			}
			b.out = b.argType
		default:
			return nil, nil, planErr("No aggregate function %s.", a.Func)
		}
		if b.arg == nil && b.fn != Count {
			return nil, nil, planErr("%s(*) is not an aggregate.", b.fn)
		}
		b.fast = !b.distinct && (b.fn == Count || (b.fn == Sum || b.fn == Avg) && k.IsInteger())
		out[i] = b
		name := a.Name
		if name == "" {
			name = string(b.fn)
		}
		cols[i] = Column{Name: name, Type: b.out}
	}
	return out, cols, nil
}

// acc is the running state of one aggregate.
type acc struct {
	n        int64
	i        int64
	f        float64
	v        Value
	overflow bool
	set      map[string]struct{}
	sketch   *hll
}

const exactDistinct = 10000

// add folds v (the argument's value; ignored for COUNT(*)) into the accumulator.
func (a *acc) add(b *boundAgg, v Value) {
	if b.arg != nil && v.kind == Null {
		return
	}
	if b.fast { // COUNT, and SUM or AVG of integers: the hot path of a tumbling window
		a.n++
		s := a.i + v.i
		if (s > a.i) != (v.i > 0) {
			a.overflow = true
		}
		a.i = s
		return
	}
	if approx := b.fn == ApproximateCountDistinct || b.fn == CountDistinctItemsTumbling; b.distinct || approx {
		key := string(appendKey(nil, v))
		if a.sketch != nil {
			a.sketch.add(key)
			return
		}
		if _, dup := a.set[key]; dup {
			return
		}
		if a.set == nil {
			a.set = make(map[string]struct{})
		}
		if approx && len(a.set) == exactDistinct {
			a.sketch = newHLL()
			for k := range a.set {
				a.sketch.add(k)
			}
			a.sketch.add(key)
			a.set = nil
			return
		}
		a.set[key] = struct{}{}
	}
	a.n++
	switch b.fn {
	case Sum, Avg:
		switch {
		case v.kind.IsInteger() || v.kind == Decimal && b.fn == Sum:
			s := a.i + v.i
			if (s > a.i) != (v.i > 0) {
				a.overflow = true
			}
			a.i = s
		default:
			a.f += v.Float()
		}
	case Min:
		if c, ok := Compare(v, a.v); a.v.kind == Null || ok && c < 0 {
			a.v = v
		}
	case Max:
		if c, ok := Compare(v, a.v); a.v.kind == Null || ok && c > 0 {
			a.v = v
		}
	}
}

// result returns the aggregate's value; an overflowing integer SUM is an error.
func (a *acc) result(b *boundAgg) (Value, error) {
	switch b.fn {
	case Count:
		return Int64(a.n), nil
	case ApproximateCountDistinct, CountDistinctItemsTumbling:
		if a.sketch != nil {
			return Int64(a.sketch.estimate()), nil
		}
		return Int64(int64(len(a.set))), nil
	}
	if a.n == 0 {
		return NullValue, nil
	}
	switch b.fn {
	case Sum:
		switch b.out.Kind {
		case BigInt:
			if a.overflow {
				return NullValue, runtimeErr("NumericOverflow", "SUM overflows BIGINT")
			}
			return Int64(a.i), nil
		case Decimal:
			if a.overflow {
				return NullValue, runtimeErr("NumericOverflow", "SUM overflows DECIMAL")
			}
			return Value{kind: Decimal, i: a.i, scale: int8(b.out.Scale)}, nil
		case Real:
			return Value{kind: Real, f: float64(float32(a.f))}, nil
		}
		return Float(a.f), nil
	case Avg:
		if b.argType.Kind.IsInteger() {
			return Float(float64(a.i) / float64(a.n)), nil
		}
		return Float(a.f / float64(a.n)), nil
	}
	return a.v, nil
}

// appendKey appends an encoding of v that equal values share and different values do not: the group and
// partition keys of windows.
func appendKey(b []byte, v Value) []byte {
	k := v.kind
	switch {
	case k.IsInteger() || k == Boolean:
		k = BigInt
	case k == Real:
		k = Double
	case k == Char:
		k = Varchar
		v.s = strings.TrimRight(v.s, " ")
	}
	b = append(b, byte(k))
	switch k {
	case Null:
		return b
	case Double:
		f := v.f
		if f == 0 {
			f = 0 // −0 = 0
		}
		u := math.Float64bits(f)
		return append(b, byte(u), byte(u>>8), byte(u>>16), byte(u>>24), byte(u>>32), byte(u>>40), byte(u>>48), byte(u>>56))
	case Varchar, Varbinary:
		n := len(v.s)
		b = append(b, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
		return append(b, v.s...)
	case Decimal:
		b = append(b, byte(v.scale))
	}
	u := uint64(v.i)
	return append(b, byte(u), byte(u>>8), byte(u>>16), byte(u>>24), byte(u>>32), byte(u>>40), byte(u>>48), byte(u>>56))
}

// hll is a HyperLogLog sketch with 2^14 registers (standard error ≈ 0.8 %).
type hll struct{ reg [1 << hllBits]uint8 }

const hllBits = 14

func newHLL() *hll { return new(hll) }

func (h *hll) add(key string) {
	x := fnv64(key)
	i := x >> (64 - hllBits)
	w := x<<hllBits | 1<<(hllBits-1)
	r := uint8(bits.LeadingZeros64(w)) + 1
	if r > h.reg[i] {
		h.reg[i] = r
	}
}

func (h *hll) estimate() int64 {
	m := float64(len(h.reg))
	var sum float64
	zeros := 0
	for _, r := range h.reg {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	e := 0.7213 / (1 + 1.079/m) * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros))
	}
	return int64(math.Round(e))
}

// fnv64 is FNV-1a followed by a 64-bit finalizer: deterministic across runs, unlike maphash's random seeds.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
