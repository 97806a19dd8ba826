package query

import (
	"cmp"
	"slices"
	"time"
)

// TopKItemsTumbling is TOP_K_ITEMS_TUMBLING(CURSOR(…), 'COLUMN', K, windowSeconds) (developer guide,
// examples-window-topkitems): in each tumbling ROWTIME window of Window, the K most frequent values of Column. When
// the window ends it emits up to K rows (the value, then MOST_FREQUENT_VALUES, its count as a BIGINT), most frequent
// first, ties in the order the values were first seen; ROWTIME is the window's end. Counts are exact (KDA's are an
// approximation that is exact for small windows).
type TopKItemsTumbling struct {
	Column string
	K      int
	Window time.Duration
}

type topK struct {
	in, out    Schema
	col        int
	k          int
	width      int64
	open       bool
	start, end int64
	index      map[string]int
	items      []topItem
}

type topItem struct {
	v     Value
	count int64
}

// Build implements Step.
func (t TopKItemsTumbling) Build(in Schema, _ *Env) (Operator, error) {
	i := in.Index(t.Column)
	if i < 0 {
		return nil, planErr("Column %q not found in %s.", t.Column, in)
	}
	if t.K < 1 {
		return nil, planErr("TOP_K_ITEMS_TUMBLING needs K ≥ 1, not %d.", t.K)
	}
	if err := positive(t.Window, "TOP_K_ITEMS_TUMBLING's window"); err != nil {
		return nil, err
	}
	return &topK{in: in, out: Schema{in[i], {"MOST_FREQUENT_VALUES", BigIntType}}, col: i, k: t.K,
		width: int64(t.Window), index: make(map[string]int)}, nil
}

func (t *topK) Schema() Schema { return t.out }

func (t *topK) Push(now int64, rows []Row, out *Output) {
	var buf []byte
	for i := range rows {
		r := &rows[i]
		start := r.Rowtime - floorMod(r.Rowtime, t.width)
		if t.open && start > t.start {
			t.emit(out)
		}
		if !t.open {
			t.open, t.start, t.end = true, start, start+t.width
		}
		v := r.Values[t.col]
		if v.kind == Null {
			continue
		}
		buf = appendKey(buf[:0], v)
		j, ok := t.index[string(buf)]
		if !ok {
			j = len(t.items)
			t.index[string(buf)] = j
			t.items = append(t.items, topItem{v: v})
		}
		t.items[j].count++
	}
	t.Advance(now, out)
}

func (t *topK) Advance(now int64, out *Output) {
	if t.open && now >= t.end {
		t.emit(out)
	}
}

func (t *topK) emit(out *Output) {
	slices.SortStableFunc(t.items, func(a, b topItem) int { return cmp.Compare(b.count, a.count) })
	for _, it := range t.items[:min(t.k, len(t.items))] {
		out.Rows = append(out.Rows, Row{Rowtime: t.end, Values: []Value{it.v, Int64(it.count)}})
	}
	clear(t.index)
	t.items = t.items[:0]
	t.open = false
}

// OrderWithinBucket is a streaming ORDER BY: ORDER BY FLOOR(ROWTIME TO SECOND), ANOMALY_SCORE DESC (developer
// guide, app-anomaly-detection) sorts the rows of each ROWTIME bucket of Bucket by Keys, emitting a bucket when it
// ends. Rows of equal keys keep their order.
type OrderWithinBucket struct {
	Bucket time.Duration
	Keys   []SortKey
}

// SortKey is one key of an ORDER BY.
type SortKey struct {
	Expr Expr
	Desc bool
}

type orderOp struct {
	in         Schema
	keys       []evalFn
	desc       []bool
	width      int64
	open       bool
	start, end int64
	rows       []sortRow
}

type sortRow struct {
	r    Row
	keys []Value
}

// Build implements Step.
func (o OrderWithinBucket) Build(in Schema, _ *Env) (Operator, error) {
	if err := positive(o.Bucket, "ORDER BY's ROWTIME bucket"); err != nil {
		return nil, err
	}
	op := &orderOp{in: in, width: int64(o.Bucket)}
	for _, k := range o.Keys {
		c, err := compile(k.Expr, in)
		if err != nil {
			return nil, err
		}
		op.keys, op.desc = append(op.keys, c.fn), append(op.desc, k.Desc)
	}
	return op, nil
}

func (o *orderOp) Schema() Schema { return o.in }

func (o *orderOp) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
rows:
	for i := range rows {
		r := rows[i]
		start := r.Rowtime - floorMod(r.Rowtime, o.width)
		if o.open && start > o.start {
			o.emit(out)
		}
		if !o.open {
			o.open, o.start, o.end = true, start, start+o.width
		}
		keys := make([]Value, len(o.keys))
		for k, f := range o.keys {
			v, err := f(&r, &c)
			if err != nil {
				out.Fail(now, o.in, r, err)
				continue rows
			}
			keys[k] = v
		}
		o.rows = append(o.rows, sortRow{r: r, keys: keys})
	}
	o.Advance(now, out)
}

func (o *orderOp) Advance(now int64, out *Output) {
	if o.open && now >= o.end {
		o.emit(out)
	}
}

func (o *orderOp) emit(out *Output) {
	if len(o.rows) == 0 {
		o.open = false
		return
	}
	// The sorted rows leave at the bucket's latest ROWTIME, keeping the stream's ROWTIME monotonic (taken before the
	// sort moves that row).
	last := o.rows[0].r.Rowtime
	for _, s := range o.rows[1:] {
		last = max(last, s.r.Rowtime)
	}
	slices.SortStableFunc(o.rows, func(a, b sortRow) int {
		for k := range a.keys {
			x, y := a.keys[k], b.keys[k]
			var c int
			switch {
			case x.kind == Null && y.kind == Null:
			case x.kind == Null:
				c = 1 // NULLs last
			case y.kind == Null:
				c = -1
			default:
				c, _ = Compare(x, y)
				if o.desc[k] {
					c = -c
				}
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	for _, s := range o.rows {
		s.r.Rowtime = last
		out.Rows = append(out.Rows, s.r)
	}
	clear(o.rows)
	o.rows = o.rows[:0]
	o.open = false
}
