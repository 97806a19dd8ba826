package query

import "time"

// RefJoin joins each row with the rows of a reference table (FROM "S" [LEFT] JOIN "T" AS "c" ON …, developer
// guide, app-add-reference-data): the pairs whose Keys are equal (Keys[i].Left over the stream's columns,
// Keys[i].Right over the table's) and for which On, when given, is TRUE over the joined columns. With Outer, a row
// that matches nothing is kept with NULLs for the table's columns (LEFT JOIN). The joined row's columns are the
// stream's followed by the table's, each table column named Alias.name (just name without an Alias).
type RefJoin struct {
	Table string
	Alias string
	Keys  []JoinKey
	On    Expr
	Outer bool
}

// JoinKey is one equality of a join's ON: Left over the left (stream) row, Right over the right row.
type JoinKey struct{ Left, Right Expr }

type refJoin struct {
	in, out Schema
	left    []evalFn
	index   map[string][]int
	rows    [][]Value
	on      evalFn
	outer   bool
	nRight  int
	buf     []byte
}

func joinedSchema(left, right Schema, alias string) Schema {
	out := append(Schema(nil), left...)
	for _, c := range right {
		if alias != "" {
			c.Name = alias + "." + c.Name
		}
		out = append(out, c)
	}
	return out
}

// Build implements Step.
func (j RefJoin) Build(in Schema, env *Env) (Operator, error) {
	t := env.Tables[j.Table]
	if t == nil {
		return nil, planErr("Reference table %q not found.", j.Table)
	}
	op := &refJoin{in: in, out: joinedSchema(in, t.Schema, j.Alias), index: make(map[string][]int), rows: t.Rows,
		outer: j.Outer, nRight: len(t.Schema)}
	right := make([]evalFn, len(j.Keys))
	for i, k := range j.Keys {
		l, err := compile(k.Left, in)
		if err != nil {
			return nil, err
		}
		r, err := compile(k.Right, t.Schema)
		if err != nil {
			return nil, err
		}
		op.left, right[i] = append(op.left, l.fn), r.fn
	}
	if j.On != nil {
		c, err := compile(j.On, op.out)
		if err != nil {
			return nil, err
		}
		op.on = c.fn
	}
	var c Ctx
rows:
	for i, vals := range t.Rows {
		r := Row{Values: vals}
		var b []byte
		for _, f := range right {
			v, err := f(&r, &c)
			if err != nil || v.kind == Null {
				continue rows // a key that fails or is NULL matches nothing
			}
			b = appendKey(b, v)
		}
		op.index[string(b)] = append(op.index[string(b)], i)
	}
	return op, nil
}

func (j *refJoin) Schema() Schema { return j.out }

func (j *refJoin) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
	n := len(j.out)
rows:
	for ri := range rows {
		r := &rows[ri]
		b := j.buf[:0]
		null := false
		for _, f := range j.left {
			v, err := f(r, &c)
			if err != nil {
				out.Fail(now, j.in, *r, err)
				continue rows
			}
			null = null || v.kind == Null
			b = appendKey(b, v)
		}
		j.buf = b
		var matches []int
		if !null {
			matches = j.index[string(b)]
		}
		hit := false
		for _, m := range matches {
			joined, ok, err := joinRow(r, j.rows[m], n, j.on, &c)
			if err != nil {
				out.Fail(now, j.in, *r, err)
				continue rows
			}
			if ok {
				hit = true
				out.Rows = append(out.Rows, joined)
			}
		}
		if !hit && j.outer {
			vals := make([]Value, n)
			copy(vals, r.Values)
			out.Rows = append(out.Rows, Row{Rowtime: r.Rowtime, Values: vals})
		}
	}
}

func (j *refJoin) Advance(int64, *Output) {}

// StreamJoin joins each row of the pipeline's stream with the rows of a second in-application stream that arrived
// within Range before it (FROM OrderStream AS o JOIN TradeStream OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t
// ON …, developer guide, stream-joins-concepts): a joined row is emitted when a left row arrives, for each right
// row with ROWTIME in (left ROWTIME − Range, left ROWTIME] whose Keys are equal and for which On holds. With Outer
// (LEFT OUTER JOIN) a left row that matches nothing is emitted with NULLs. Right rows reach the step through
// Pipeline.PushRight; a StreamJoin must be the first step of its pipeline. Columns are named as RefJoin's.
type StreamJoin struct {
	Stream string
	Alias  string
	Range  time.Duration
	Keys   []JoinKey
	On     Expr
	Outer  bool
}

type streamJoin struct {
	spec        StreamJoin
	in, rs, out Schema
	left, right []evalFn
	on          evalFn
	parts       map[string]*slPart
	buf         []byte
	latest      int64
}

// Build implements Step.
func (j StreamJoin) Build(in Schema, env *Env) (Operator, error) {
	rs, ok := env.Streams[j.Stream]
	if !ok {
		return nil, planErr("Stream %q not found.", j.Stream)
	}
	if err := positive(j.Range, "A stream join's RANGE"); err != nil {
		return nil, err
	}
	op := &streamJoin{spec: j, in: in, rs: rs, out: joinedSchema(in, rs, j.Alias), parts: make(map[string]*slPart)}
	for _, k := range j.Keys {
		l, err := compile(k.Left, in)
		if err != nil {
			return nil, err
		}
		r, err := compile(k.Right, rs)
		if err != nil {
			return nil, err
		}
		op.left, op.right = append(op.left, l.fn), append(op.right, r.fn)
	}
	if j.On != nil {
		c, err := compile(j.On, op.out)
		if err != nil {
			return nil, err
		}
		op.on = c.fn
	}
	return op, nil
}

func (j *streamJoin) Schema() Schema { return j.out }

func (j *streamJoin) key(r *Row, fns []evalFn, c *Ctx) ([]byte, bool, error) {
	b := j.buf[:0]
	for _, f := range fns {
		v, err := f(r, c)
		if err != nil {
			return nil, false, err
		}
		if v.kind == Null {
			return nil, false, nil
		}
		b = appendKey(b, v)
	}
	j.buf = b
	return b, true, nil
}

// pushRight keeps right rows for the left rows to come; a right row that fails to key is dropped (it has no
// error-stream row: the pipeline's output goes with left rows).
func (j *streamJoin) pushRight(now int64, rows []Row) {
	c := Ctx{Now: now}
	for i := range rows {
		b, ok, err := j.key(&rows[i], j.right, &c)
		if err != nil || !ok {
			continue
		}
		p := j.parts[string(b)]
		if p == nil {
			p = &slPart{}
			j.parts[string(b)] = p
		}
		p.evict(rows[i].Rowtime - int64(j.spec.Range))
		p.push(slEntry{rt: rows[i].Rowtime, vals: rows[i].Values}, 0)
	}
}

func (j *streamJoin) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
	n := len(j.out)
rows:
	for ri := range rows {
		r := &rows[ri]
		b, ok, err := j.key(r, j.left, &c)
		if err != nil {
			out.Fail(now, j.in, *r, err)
			continue
		}
		hit := false
		if p := j.parts[string(b)]; ok && p != nil {
			lo := r.Rowtime - int64(j.spec.Range)
			for _, e := range p.entries[p.head:] {
				if e.rt <= lo || e.rt > r.Rowtime {
					continue
				}
				joined, ok, err := joinRow(r, e.vals, n, j.on, &c)
				if err != nil {
					out.Fail(now, j.in, *r, err)
					continue rows
				}
				if ok {
					hit = true
					out.Rows = append(out.Rows, joined)
				}
			}
		}
		if !hit && j.spec.Outer {
			vals := make([]Value, n)
			copy(vals, r.Values)
			out.Rows = append(out.Rows, Row{Rowtime: r.Rowtime, Values: vals})
		}
	}
}

// Advance forgets right rows older than Range.
func (j *streamJoin) Advance(now int64, _ *Output) {
	for k, p := range j.parts {
		p.evict(now - int64(j.spec.Range))
		if p.head == len(p.entries) {
			delete(j.parts, k)
		}
	}
}

// joinRow joins the left row r with the right values into a row of n columns, and reports whether the residual
// condition on (if any) holds for it.
func joinRow(r *Row, right []Value, n int, on evalFn, c *Ctx) (Row, bool, error) {
	vals := make([]Value, n)
	copy(vals[copy(vals, r.Values):], right)
	joined := Row{Rowtime: r.Rowtime, Values: vals}
	if on == nil {
		return joined, true, nil
	}
	v, err := on(&joined, c)
	return joined, err == nil && v.kind == Boolean && v.i != 0, err
}
