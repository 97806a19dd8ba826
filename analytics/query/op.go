package query

import (
	"encoding/hex"
	"errors"
	"strconv"
	"time"
)

// Operator is a built step of a continuous query: it consumes rows in ROWTIME order and appends what it emits to
// an Output. It is given the time of each call (now, Unix nanoseconds) and never reads a clock.
//
// Push takes rows, all with ROWTIME ≤ now, in non-decreasing ROWTIME order. An operator may keep the Values of
// the rows it is given but not the rows slice itself, which the caller reuses. Advance tells the operator that
// time reached now without rows: windows that end by now close and emit.
//
// An Operator is not safe for concurrent use.
type Operator interface {
	// Schema is the columns of the rows the operator emits.
	Schema() Schema
	Push(now int64, rows []Row, out *Output)
	Advance(now int64, out *Output)
}

// Output is what operators emit: rows, in ROWTIME order, and error-stream rows.
type Output struct {
	Rows   []Row
	Errors []ErrorRow
	// Pump is the PUMP_NAME the error rows get.
	Pump string
}

// Reset empties the output, keeping its memory.
func (o *Output) Reset() {
	clear(o.Rows)
	o.Rows = o.Rows[:0]
	o.Errors = o.Errors[:0]
}

// ErrorRow is a row of the error stream, with its documented columns (developer guide, error-handling):
// ERROR_TIME, ERROR_LEVEL, ERROR_NAME, MESSAGE, DATA_ROWTIME, DATA_ROW (the failing row, hex-encoded) and
// PUMP_NAME.
type ErrorRow struct {
	ErrorTime   int64 // Unix nanoseconds
	ErrorLevel  string
	ErrorName   string
	Message     string
	DataRowtime int64
	DataRow     string
	PumpName    string
}

// ErrorSchema is the error stream's schema (developer guide, error-handling).
var ErrorSchema = Schema{
	{"ERROR_TIME", TimestampType}, {"ERROR_LEVEL", VarcharType(10)}, {"ERROR_NAME", VarcharType(32)},
	{"MESSAGE", VarcharType(4096)}, {"DATA_ROWTIME", TimestampType}, {"DATA_ROW", VarcharType(49152)},
	{"PUMP_NAME", VarcharType(128)},
}

// Row returns the error as a row of ErrorSchema, with ROWTIME its ERROR_TIME.
func (e ErrorRow) Row() Row {
	return Row{Rowtime: e.ErrorTime, Values: []Value{TimestampNanos(e.ErrorTime), String(e.ErrorLevel),
		String(truncate(e.ErrorName, 32)), String(truncate(e.Message, 4096)), TimestampNanos(e.DataRowtime),
		String(truncate(e.DataRow, 49152)), String(truncate(e.PumpName, 128))}}
}

// Format writes the error as one line of text, its columns tab-separated.
func (e ErrorRow) Format() string { return e.Row().Format()[len(TimestampLayout)+1:] }

// EncodeDataRow is the error stream's DATA_ROW of a row: the hex encoding of the row's JSON form (AppendJSON).
func EncodeDataRow(s Schema, r Row) string { return hex.EncodeToString(AppendJSON(nil, s, r, false)) }

// AppendJSON appends the row as a JSON object of its columns in schema order (with ROWTIME first if withRowtime):
// numbers and booleans as JSON numbers and booleans, NULL as null, other values as their text.
func AppendJSON(b []byte, s Schema, r Row, withRowtime bool) []byte {
	b = append(b, '{')
	if withRowtime {
		b = append(b, `"ROWTIME":"`...)
		b = time.Unix(0, r.Rowtime).UTC().AppendFormat(b, TimestampLayout)
		b = append(b, '"')
	}
	for i, v := range r.Values {
		if i > 0 || withRowtime {
			b = append(b, ',')
		}
		name := "COL" + strconv.Itoa(i)
		if i < len(s) {
			name = s[i].Name
		}
		b = strconv.AppendQuote(b, name)
		b = append(b, ':')
		switch {
		case v.kind == Null:
			b = append(b, "null"...)
		case v.kind == Boolean:
			b = strconv.AppendBool(b, v.i != 0)
		case v.kind.IsNumeric():
			b = v.AppendText(b)
		default:
			b = strconv.AppendQuote(b, v.String())
		}
	}
	return append(b, '}')
}

// Fail appends the error-stream row for err, which happened on row r of schema s at now. A *RuntimeError keeps its
// name; any other error is an "InternalError".
func (o *Output) Fail(now int64, s Schema, r Row, err error) {
	name, msg := "InternalError", err.Error()
	var re *RuntimeError
	if errors.As(err, &re) {
		name, msg = re.Name, re.Message
	}
	o.Errors = append(o.Errors, ErrorRow{ErrorTime: now, ErrorLevel: "ERROR", ErrorName: name, Message: msg,
		DataRowtime: r.Rowtime, DataRow: EncodeDataRow(s, r), PumpName: o.Pump})
}

// Table is a reference table: the rows of a reference data source, loaded when the application starts.
type Table struct {
	Schema Schema
	Rows   [][]Value
}

// Env is what steps may refer to by name while they are built: reference tables (for RefJoin) and the schemas of
// in-application streams (for StreamJoin), and the seed of the random steps.
type Env struct {
	Tables  map[string]*Table
	Streams map[string]Schema
	Seed    uint64
}

// Step is the description of an operator, data a SQL planner produces: Filter, Project, GroupBy, Sliding,
// Stagger, TopKItemsTumbling, RefJoin, StreamJoin, RandomCutForest, Hotspots, OrderWithinBucket. Build makes a
// fresh operator (with empty state) reading rows of schema in.
type Step interface {
	Build(in Schema, env *Env) (Operator, error)
}

// Pipeline is a chain of operators, each reading what the one before emits: the SELECT of one pump.
//
// A Pipeline is not safe for concurrent use.
type Pipeline struct {
	in   Schema
	ops  []Operator
	tmp  []Output
	join *streamJoin // the first operator, when it joins a second stream
}

// Compile builds steps into a pipeline reading rows of schema in. Errors wrap apierr.CodeValidation: a column that
// does not exist, a function called wrongly, a GROUP BY without a ROWTIME window.
func Compile(in Schema, env *Env, steps ...Step) (*Pipeline, error) {
	if env == nil {
		env = &Env{}
	}
	p := &Pipeline{in: in}
	s := in
	for i, st := range steps {
		if st == nil {
			return nil, planErr("step %d is nil", i)
		}
		op, err := st.Build(s, env)
		if err != nil {
			return nil, err
		}
		if j, ok := op.(*streamJoin); ok {
			if i != 0 {
				return nil, planErr("a stream join must be the first step of its pipeline")
			}
			p.join = j
		}
		p.ops = append(p.ops, op)
		s = op.Schema()
	}
	p.tmp = make([]Output, len(p.ops))
	return p, nil
}

// Input returns the schema the pipeline reads.
func (p *Pipeline) Input() Schema { return p.in }

// Schema returns the schema of the rows the pipeline emits.
func (p *Pipeline) Schema() Schema {
	if len(p.ops) == 0 {
		return p.in
	}
	return p.ops[len(p.ops)-1].Schema()
}

// JoinsStream returns the in-application stream the pipeline's first step joins, or "".
func (p *Pipeline) JoinsStream() string {
	if p.join == nil {
		return ""
	}
	return p.join.spec.Stream
}

// Push runs rows through the pipeline and appends what comes out to out.
func (p *Pipeline) Push(now int64, rows []Row, out *Output) { p.run(0, now, rows, out, false) }

// PushRight gives rows of the joined stream (see StreamJoin) to the pipeline's first step.
func (p *Pipeline) PushRight(now int64, rows []Row, out *Output) {
	if p.join == nil {
		return
	}
	p.join.pushRight(now, rows)
	p.run(1, now, nil, out, true) // nothing downstream to feed, but keep the shape of a call
}

// Advance tells every operator that time reached now, and runs what windows emit through the rest of the pipeline.
func (p *Pipeline) Advance(now int64, out *Output) {
	for i := range p.ops {
		t := &p.tmp[i]
		t.Reset()
		t.Pump = out.Pump
		p.ops[i].Advance(now, t)
		out.Errors = append(out.Errors, t.Errors...)
		if len(t.Rows) > 0 {
			p.run(i+1, now, t.Rows, out, false)
		}
	}
}

// run pushes rows into operator i and what it emits through the operators after it.
func (p *Pipeline) run(i int, now int64, rows []Row, out *Output, noop bool) {
	if noop {
		return
	}
	for ; i < len(p.ops); i++ {
		t := &p.tmp[i]
		if len(rows) == 0 {
			return
		}
		if i == len(p.ops)-1 {
			e := len(out.Errors)
			p.ops[i].Push(now, rows, out)
			for k := e; k < len(out.Errors); k++ {
				out.Errors[k].PumpName = out.Pump
			}
			return
		}
		t.Reset()
		t.Pump = out.Pump
		p.ops[i].Push(now, rows, t)
		out.Errors = append(out.Errors, t.Errors...)
		rows = t.Rows
	}
	out.Rows = append(out.Rows, rows...)
}

// Item is a named expression of a select list or a GROUP BY. An empty Name is derived: a column's own name, else
// EXPR$<position>.
type Item struct {
	Expr Expr
	Name string
}

func itemName(it Item, i int) string {
	if it.Name != "" {
		return it.Name
	}
	switch e := it.Expr.(type) {
	case Col:
		return e.Name
	case Rowtime:
		return "ROWTIME"
	}
	return "EXPR$" + strconv.Itoa(i)
}

// Filter keeps the rows for which Where is TRUE (WHERE, HAVING). A row whose condition fails to evaluate goes to
// the error stream.
type Filter struct{ Where Expr }

type filter struct {
	in   Schema
	cond evalFn
}

// Build implements Step.
func (f Filter) Build(in Schema, _ *Env) (Operator, error) {
	c, err := compile(f.Where, in)
	if err != nil {
		return nil, err
	}
	if c.typ.Kind != Boolean && c.typ.Kind != Null {
		return nil, planErr("WHERE needs a BOOLEAN condition, not %s.", c.typ)
	}
	return &filter{in: in, cond: c.fn}, nil
}

func (f *filter) Schema() Schema { return f.in }

func (f *filter) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
	for i := range rows {
		v, err := f.cond(&rows[i], &c)
		if err != nil {
			out.Fail(now, f.in, rows[i], err)
			continue
		}
		if v.kind == Boolean && v.i != 0 {
			out.Rows = append(out.Rows, rows[i])
		}
	}
}

func (f *filter) Advance(int64, *Output) {}

// Project computes a select list: one output row per input row, with the items as columns. A row whose item fails
// to evaluate goes to the error stream instead of the output (developer guide, app-explore-error-stream). An item
// with a Type casts its value to it, as an INSERT into a declared column does (VARCHAR(n) truncates).
type Project struct {
	Items []Item
	// Types, when not nil, are the declared types of the target columns, one per item.
	Types []Type
}

// Star returns the items of SELECT *: every column of s.
func Star(s Schema) []Item {
	items := make([]Item, len(s))
	for i, c := range s {
		items[i] = Item{Expr: Col{Name: c.Name}, Name: c.Name}
	}
	return items
}

// Into returns the Project that inserts rows of schema in into a stream of schema target, column by column
// (INSERT INTO "S" SELECT …): each value is cast to its column's type.
func Into(in, target Schema) (Project, error) {
	if len(in) != len(target) {
		return Project{}, planErr("The query has %d columns but the stream %s has %d.", len(in), target, len(target))
	}
	p := Project{Items: make([]Item, len(in)), Types: make([]Type, len(in))}
	for i := range in {
		p.Items[i] = Item{Expr: Col{Name: in[i].Name}, Name: target[i].Name}
		p.Types[i] = target[i].Type
	}
	return p, nil
}

type project struct {
	in, out Schema
	fns     []evalFn
	casts   []Type
}

// Build implements Step.
func (p Project) Build(in Schema, _ *Env) (Operator, error) {
	if p.Types != nil && len(p.Types) != len(p.Items) {
		return nil, planErr("Project has %d items but %d types.", len(p.Items), len(p.Types))
	}
	op := &project{in: in, casts: p.Types}
	for i, it := range p.Items {
		c, err := compile(it.Expr, in)
		if err != nil {
			return nil, err
		}
		t := c.typ
		if p.Types != nil {
			t = p.Types[i]
		}
		op.fns = append(op.fns, c.fn)
		op.out = append(op.out, Column{Name: itemName(it, i), Type: t})
	}
	return op, nil
}

func (p *project) Schema() Schema { return p.out }

func (p *project) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
	n := len(p.fns)
	slab := make([]Value, len(rows)*n)
rows:
	for i := range rows {
		vals := slab[i*n : (i+1)*n : (i+1)*n]
		for j, f := range p.fns {
			v, err := f(&rows[i], &c)
			if err == nil && p.casts != nil {
				v, err = Cast(v, p.casts[j])
			}
			if err != nil {
				out.Fail(now, p.in, rows[i], err)
				continue rows
			}
			vals[j] = v
		}
		out.Rows = append(out.Rows, Row{Rowtime: rows[i].Rowtime, Values: vals})
	}
}

func (p *project) Advance(int64, *Output) {}

// Nanos converts a duration literal of a step to nanoseconds, refusing one that is not positive.
func positive(d time.Duration, what string) error {
	if d <= 0 {
		return planErr("%s must be a positive interval, not %v.", what, d)
	}
	return nil
}
