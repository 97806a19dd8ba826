package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/analytics/sql"
)

// Catalog is what a script may read besides the streams it creates: the in-application input streams
// (SOURCE_SQL_STREAM_001 and its columns, ROWTIME aside) and the reference tables, by name.
type Catalog struct {
	Streams map[string]query.Schema
	Tables  map[string]query.Schema
}

// Stream is an in-application stream a script creates (CREATE OR REPLACE STREAM).
type Stream struct {
	Name   string
	Schema query.Schema
}

// Pump is a compiled CREATE OR REPLACE PUMP: the rows of From run through Steps; what comes out has Schema and is
// inserted, column by column, into Into (cast to its types: query.Into, which Plan.Compile appends). A query
// standing alone (SELECT STREAM … as the developer guide's join snippets write it) is a Pump without Name and Into.
type Pump struct {
	Name   string
	From   string
	Into   string
	Steps  []query.Step
	Schema query.Schema
	Pos    sql.Pos
}

// Plan is a compiled script: the streams it creates and its pumps, in the order written. Schemas holds every
// stream the pumps read or write (the catalog's and the script's). A Plan is plain data, safe for concurrent
// reads.
type Plan struct {
	Streams []Stream
	Pumps   []Pump
	Schemas map[string]query.Schema
	Tables  map[string]query.Schema
}

// Env returns an environment for building the plan's pipelines: its stream schemas, the given reference tables
// (nil: empty tables of the catalog's schemas) and seed.
func (p *Plan) Env(tables map[string]*query.Table, seed uint64) *query.Env {
	if tables == nil {
		tables = map[string]*query.Table{}
		for n, s := range p.Tables {
			tables[n] = &query.Table{Schema: s}
		}
	}
	return &query.Env{Streams: p.Schemas, Tables: tables, Seed: seed}
}

// Compile builds pump's pipeline, ending in the cast to its target stream's columns when it has one.
func (p *Plan) Compile(pump Pump, env *query.Env) (*query.Pipeline, error) {
	steps := pump.Steps
	if pump.Into != "" {
		into, err := query.Into(pump.Schema, p.Schemas[pump.Into])
		if err != nil {
			return nil, err
		}
		steps = append(slices.Clone(steps), into)
	}
	return query.Compile(p.Schemas[pump.From], env, steps...)
}

// CompileText parses code and compiles it: Parse's syntax errors and Compile's semantic errors, both *sql.Error.
func CompileText(code string, cat Catalog) (*Plan, error) {
	script, err := sql.Parse(code)
	if err != nil {
		return nil, err
	}
	return Compile(script, cat)
}

// errAt is a semantic error at p: found is the offending text.
func errAt(p sql.Pos, found, format string, args ...any) *sql.Error {
	return &sql.Error{Line: p.Line, Column: p.Column, Found: found, Message: fmt.Sprintf(format, args...)}
}

// planner holds the state of one Compile.
type planner struct {
	cat     Catalog
	schemas map[string]query.Schema
	created map[string]bool
	env     *query.Env
}

// Compile compiles a parsed script against the catalog. Errors are *sql.Error values positioned at the offending
// name or clause.
func Compile(script *sql.Script, cat Catalog) (*Plan, error) {
	if script == nil {
		return nil, &sql.Error{Line: 1, Column: 1, Message: "no script"}
	}
	pl := &planner{cat: cat, schemas: map[string]query.Schema{}, created: map[string]bool{}}
	for n, s := range cat.Streams {
		pl.schemas[n] = s
	}
	tables := map[string]*query.Table{}
	for n, s := range cat.Tables {
		tables[n] = &query.Table{Schema: s}
	}
	pl.env = &query.Env{Streams: pl.schemas, Tables: tables}
	out := &Plan{Schemas: pl.schemas, Tables: cat.Tables}
	for _, st := range script.Statements {
		switch st := st.(type) {
		case *sql.CreateStream:
			s, err := pl.createStream(st)
			if err != nil {
				return nil, err
			}
			out.Streams = append(out.Streams, s)
		case *sql.CreatePump:
			p, err := pl.insert(st.Insert)
			if err != nil {
				return nil, err
			}
			p.Name, p.Pos = st.Name.Name, st.Pos
			for _, q := range out.Pumps {
				if q.Name == p.Name {
					return nil, errAt(st.Name.Pos, p.Name, "pump %s is defined twice", p.Name)
				}
			}
			out.Pumps = append(out.Pumps, p)
		case *sql.Insert:
			return nil, errAt(st.Pos, "INSERT", "an INSERT runs only in a pump: CREATE OR REPLACE PUMP name AS INSERT INTO …")
		case *sql.QueryStatement:
			r, err := pl.query(st.Query)
			if err != nil {
				return nil, err
			}
			out.Pumps = append(out.Pumps, Pump{From: r.from, Steps: r.steps, Schema: r.schema, Pos: st.Pos})
		}
	}
	return out, nil
}

func (pl *planner) createStream(st *sql.CreateStream) (Stream, error) {
	name := st.Name.Name
	if _, ok := pl.cat.Streams[name]; ok || name == "error_stream" {
		return Stream{}, errAt(st.Name.Pos, name, "stream %s already exists", name)
	}
	if pl.created[name] {
		return Stream{}, errAt(st.Name.Pos, name, "stream %s is created twice", name)
	}
	var s query.Schema
	for _, c := range st.Columns {
		t, err := typeOf(c.Type)
		if err != nil {
			return Stream{}, err
		}
		s = append(s, query.Column{Name: c.Name.Name, Type: t})
	}
	pl.created[name] = true
	pl.schemas[name] = s
	return Stream{Name: name, Schema: s}, nil
}

func typeOf(d sql.DataType) (query.Type, error) {
	text := d.Name
	if len(d.Params) > 0 {
		var ps []string
		for _, p := range d.Params {
			ps = append(ps, strconv.Itoa(p))
		}
		text += "(" + strings.Join(ps, ",") + ")"
	}
	t, err := query.ParseType(text)
	if err != nil {
		return query.Type{}, errAt(d.Pos, text, "type %s is not supported", text)
	}
	return t, nil
}

func (pl *planner) insert(in *sql.Insert) (Pump, error) {
	target, ok := pl.schemas[in.Into.Name]
	if !ok {
		return Pump{}, errAt(in.Into.Pos, in.Into.Name, "stream %s does not exist", in.Into.Name)
	}
	if !pl.created[in.Into.Name] {
		return Pump{}, errAt(in.Into.Pos, in.Into.Name, "stream %s is an input stream: a pump inserts into a stream the code creates", in.Into.Name)
	}
	r, err := pl.query(in.Query)
	if err != nil {
		return Pump{}, err
	}
	if len(in.Columns) > 0 {
		if len(in.Columns) != len(r.schema) {
			return Pump{}, errAt(in.Query.Position(), "SELECT", "the query has %d columns but the INSERT lists %d", len(r.schema), len(in.Columns))
		}
		pos := make([]int, len(target))
		for i := range pos {
			pos[i] = -1
		}
		for j, c := range in.Columns {
			i := target.Index(c.Name)
			if i < 0 || target[i].Name != c.Name {
				return Pump{}, errAt(c.Pos, c.Name, "column %s is not a column of %s", c.Name, in.Into.Name)
			}
			pos[i] = j
		}
		inOrder := len(in.Columns) == len(target)
		for i, j := range pos {
			inOrder = inOrder && i == j
		}
		if !inOrder {
			items := make([]query.Item, len(target))
			for i, j := range pos {
				if j < 0 {
					items[i] = query.Item{Expr: query.Lit{}, Name: target[i].Name}
				} else {
					items[i] = query.Item{Expr: query.Col{Name: r.schema[j].Name}, Name: target[i].Name}
				}
			}
			if err := r.add(pl, in.Pos, query.Project{Items: items}); err != nil {
				return Pump{}, err
			}
		}
	}
	if len(r.schema) != len(target) {
		return Pump{}, errAt(in.Query.Position(), "SELECT", "the query has %d columns but stream %s has %d", len(r.schema), in.Into.Name, len(target))
	}
	if _, err := query.Into(r.schema, target); err != nil {
		return Pump{}, errAt(in.Query.Position(), "SELECT", "%v", err)
	}
	return Pump{From: r.from, Into: in.Into.Name, Steps: r.steps, Schema: r.schema}, nil
}

// rel is a relation being planned: the stream it reads, its steps so far, the schema they emit, and the names
// that qualify its columns (a qualifier maps to the prefix of its columns' names: "" for the stream's own, "t."
// for the right side of a join aliased t).
type rel struct {
	from   string
	steps  []query.Step
	schema query.Schema
	quals  map[string]string
	// rows, for a plain select list, holds per item the prefix of the columns of a log parse row ("" for a
	// value): a derived table's column list renames a row as one name.
	rows []string
}

// add appends a step, computing the new schema; a step that does not build is an error at p.
func (r *rel) add(pl *planner, p sql.Pos, st query.Step) error {
	steps := append(slices.Clone(r.steps), st)
	c, err := query.Compile(pl.schemas[r.from], pl.env, steps...)
	if err != nil {
		return errAt(p, "", "%s", apiMessage(err))
	}
	r.steps, r.schema = steps, c.Schema()
	return nil
}

// apiMessage strips the apierr code of a query error, keeping its message.
func apiMessage(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i >= 0 && !strings.Contains(s[:i], " ") {
		return s[i+2:]
	}
	return s
}

func (pl *planner) query(q sql.Query) (*rel, error) {
	switch q := q.(type) {
	case *sql.Select:
		return pl.selectQuery(q)
	case *sql.SetOperation:
		return nil, errAt(q.Pos, string(q.Op), "%s of streams is not supported", q.Op)
	}
	return nil, &sql.Error{Line: 1, Column: 1, Message: "no query"}
}

func (pl *planner) from(sel *sql.Select, t sql.TableRef) (*rel, error) {
	switch t := t.(type) {
	case *sql.TableName:
		name := t.Name[len(t.Name)-1]
		if t.Over != nil {
			return nil, errAt(t.Pos, name.Name, "OVER windows the right side of a stream join")
		}
		s, ok := pl.schemas[name.Name]
		if !ok {
			if _, table := pl.cat.Tables[name.Name]; table {
				return nil, errAt(name.Pos, name.Name, "%s is a reference table: join it to a stream", name.Name)
			}
			return nil, errAt(name.Pos, name.Name, "stream %s does not exist", name.Name)
		}
		r := &rel{from: name.Name, schema: s, quals: map[string]string{name.Name: ""}}
		if t.Alias != nil {
			r.quals[t.Alias.Name] = ""
		}
		return r, nil
	case *sql.DerivedTable:
		r, err := pl.query(t.Query)
		if err != nil {
			return nil, err
		}
		r.quals = map[string]string{}
		if t.Alias != nil {
			r.quals[t.Alias.Name] = ""
		}
		if len(t.Columns) > 0 {
			n := len(r.schema)
			if r.rows != nil {
				n = len(r.rows)
			}
			if len(t.Columns) != n {
				return nil, errAt(t.Columns[0].Pos, t.Columns[0].Name, "the alias names %d columns of %d", len(t.Columns), n)
			}
			var items []query.Item
			k := 0
			for i, c := range t.Columns {
				if r.rows == nil || r.rows[i] == "" {
					items = append(items, query.Item{Expr: query.Col{Name: r.schema[k].Name}, Name: c.Name})
					k++
					continue
				}
				for ; k < len(r.schema) && strings.HasPrefix(r.schema[k].Name, r.rows[i]+"."); k++ {
					items = append(items, query.Item{Expr: query.Col{Name: r.schema[k].Name}, Name: c.Name + strings.TrimPrefix(r.schema[k].Name, r.rows[i])})
				}
			}
			if err := r.add(pl, t.Pos, query.Project{Items: items}); err != nil {
				return nil, err
			}
		}
		return r, nil
	case *sql.TableFunction:
		r, err := pl.tableFunction(t.Call)
		if err != nil {
			return nil, err
		}
		if t.Alias != nil {
			r.quals[t.Alias.Name] = ""
		}
		return r, nil
	case *sql.Join:
		return pl.join(sel, t)
	}
	return nil, errAt(t.Position(), "", "unsupported FROM item")
}

// cursor plans the CURSOR(query) first argument of a table function.
func (pl *planner) cursor(c *sql.Call) (*rel, error) {
	if len(c.Args) == 0 {
		return nil, errAt(c.Pos, c.Name.Name, "%s needs CURSOR(SELECT STREAM …) as its first argument", c.Name.Name)
	}
	cur, ok := c.Args[0].(*sql.Cursor)
	if !ok {
		return nil, errAt(c.Args[0].Position(), "", "%s needs CURSOR(SELECT STREAM …) as its first argument", c.Name.Name)
	}
	r, err := pl.query(cur.Query)
	if err != nil {
		return nil, err
	}
	r.quals = map[string]string{}
	return r, nil
}

// cursorAndArgs plans a table function's cursor and reads its min to max constant arguments.
func (pl *planner) cursorAndArgs(c *sql.Call, min, max int) (*rel, []*sql.Literal, error) {
	r, err := pl.cursor(c)
	if err != nil {
		return nil, nil, err
	}
	args, err := constArgs(c, min, max)
	return r, args, err
}

// constArgs reads a table function's constant arguments after the cursor: numbers, strings and booleans.
func constArgs(c *sql.Call, min, max int) ([]*sql.Literal, error) {
	args := c.Args[1:]
	if len(args) < min || len(args) > max {
		return nil, errAt(c.Pos, c.Name.Name, "%s takes %d to %d arguments after its cursor, not %d", c.Name.Name, min, max, len(args))
	}
	out := make([]*sql.Literal, len(args))
	for i, a := range args {
		l, ok := a.(*sql.Literal)
		if !ok {
			return nil, errAt(a.Position(), "", "%s's argument %d must be a constant", c.Name.Name, i+2)
		}
		out[i] = l
	}
	return out, nil
}

func intArg(l *sql.Literal, fn string) (int, error) {
	n, err := strconv.Atoi(l.Text)
	if l.Kind != sql.NumberLiteral || err != nil {
		return 0, errAt(l.Pos, l.Text, "%s expects an integer here, not %s", fn, l.Text)
	}
	return n, nil
}

func (pl *planner) tableFunction(c *sql.Call) (*rel, error) {
	name := c.Name.Name
	switch name {
	case "RANDOM_CUT_FOREST", "RANDOM_CUT_FOREST_WITH_EXPLANATION":
		expl := name == "RANDOM_CUT_FOREST_WITH_EXPLANATION"
		maxArgs := 4
		if expl {
			maxArgs = 5
		}
		r, args, err := pl.cursorAndArgs(c, 0, maxArgs)
		if err != nil {
			return nil, err
		}
		var ns [4]int
		st := query.RandomCutForest{WithExplanation: expl}
		for i, a := range args {
			if i == 4 {
				if a.Kind != sql.BoolLiteral {
					return nil, errAt(a.Pos, a.Text, "withDirectionality must be TRUE or FALSE")
				}
				st.Directionality = a.Text == "TRUE"
				continue
			}
			if ns[i], err = intArg(a, name); err != nil {
				return nil, err
			}
		}
		st.NumberOfTrees, st.SubSampleSize, st.TimeDecay, st.ShingleSize = ns[0], ns[1], ns[2], ns[3]
		return r, r.add(pl, c.Pos, st)
	case "HOTSPOTS":
		r, args, err := pl.cursorAndArgs(c, 3, 3)
		if err != nil {
			return nil, err
		}
		w, err := intArg(args[0], name)
		if err != nil {
			return nil, err
		}
		radius, err := strconv.ParseFloat(args[1].Text, 64)
		if err != nil || args[1].Kind != sql.NumberLiteral {
			return nil, errAt(args[1].Pos, args[1].Text, "HOTSPOTS expects a number as scanRadius")
		}
		m, err := intArg(args[2], name)
		if err != nil {
			return nil, err
		}
		return r, r.add(pl, c.Pos, query.Hotspots{WindowSize: w, ScanRadius: radius, MinimumNumberOfPointsInAHotspot: m})
	case "TOP_K_ITEMS_TUMBLING":
		r, args, err := pl.cursorAndArgs(c, 3, 3)
		if err != nil {
			return nil, err
		}
		if args[0].Kind != sql.StringLiteral {
			return nil, errAt(args[0].Pos, args[0].Text, "TOP_K_ITEMS_TUMBLING expects the column name as a string")
		}
		if r.schema.Index(args[0].Text) < 0 {
			return nil, errAt(args[0].Pos, args[0].Text, "column %s not found in %s", args[0].Text, r.schema)
		}
		k, err := intArg(args[1], name)
		if err != nil {
			return nil, err
		}
		secs, err := intArg(args[2], name)
		if err != nil {
			return nil, err
		}
		return r, r.add(pl, c.Pos, query.TopKItemsTumbling{Column: args[0].Text, K: k, Window: time.Duration(secs) * time.Second})
	}
	return nil, errAt(c.Name.Pos, name, "table function %s does not exist", name)
}

func (pl *planner) join(sel *sql.Select, j *sql.Join) (*rel, error) {
	if j.Kind != sql.InnerJoin && j.Kind != sql.LeftJoin {
		return nil, errAt(j.Pos, string(j.Kind), "%s JOIN is not supported: use JOIN or LEFT JOIN", j.Kind)
	}
	if len(j.Using) > 0 {
		return nil, errAt(j.Using[0].Pos, "USING", "USING is not supported: write ON")
	}
	left, err := pl.from(sel, j.Left)
	if err != nil {
		return nil, err
	}
	if len(left.steps) > 0 {
		return nil, errAt(j.Left.Position(), "", "the left side of a join must be a stream")
	}
	right, ok := j.Right.(*sql.TableName)
	if !ok {
		return nil, errAt(j.Right.Position(), "", "the right side of a join must be a stream or a reference table")
	}
	rname := right.Name[len(right.Name)-1]
	alias := rname.Name
	switch {
	case right.Alias != nil:
		alias = right.Alias.Name
	case right.Over != nil && right.Over.Name != nil: // JOIN TradeStream OVER t … WINDOW t AS (…): t.amount
		alias = right.Over.Name.Name
	}
	var rs query.Schema
	var rng time.Duration
	if right.Over != nil {
		s, ok := pl.schemas[rname.Name]
		if !ok {
			return nil, errAt(rname.Pos, rname.Name, "stream %s does not exist", rname.Name)
		}
		rs = s
		if rng, err = joinRange(sel, right.Over); err != nil {
			return nil, err
		}
	} else {
		s, ok := pl.cat.Tables[rname.Name]
		if !ok {
			if _, isStream := pl.schemas[rname.Name]; isStream {
				return nil, errAt(rname.Pos, rname.Name, "joining stream %s needs a window: %s OVER (RANGE INTERVAL … PRECEDING)", rname.Name, rname.Name)
			}
			return nil, errAt(rname.Pos, rname.Name, "reference table %s does not exist", rname.Name)
		}
		rs = s
	}
	lscope := &scope{schema: left.schema, quals: left.quals}
	rscope := &scope{schema: rs, quals: map[string]string{alias: "", rname.Name: ""}}
	var keys []query.JoinKey
	var rest []sql.Expr
	for _, c := range conjuncts(j.On) {
		if b, ok := c.(*sql.Binary); ok && b.Op == "=" {
			l1, e1 := pl.expr(b.L, lscope)
			r1, e2 := pl.expr(b.R, rscope)
			if e1 == nil && e2 == nil {
				keys = append(keys, query.JoinKey{Left: l1, Right: r1})
				continue
			}
			l2, e3 := pl.expr(b.R, lscope)
			r2, e4 := pl.expr(b.L, rscope)
			if e3 == nil && e4 == nil {
				keys = append(keys, query.JoinKey{Left: l2, Right: r2})
				continue
			}
		}
		rest = append(rest, c)
	}
	quals := map[string]string{}
	for q, p := range left.quals {
		quals[q] = p
	}
	prefix := alias + "."
	quals[alias], quals[rname.Name] = prefix, prefix
	joined := make(query.Schema, 0, len(left.schema)+len(rs))
	joined = append(joined, left.schema...)
	for _, c := range rs {
		joined = append(joined, query.Column{Name: prefix + c.Name, Type: c.Type})
	}
	var on query.Expr
	for _, c := range rest {
		e, err := pl.expr(c, &scope{schema: joined, quals: quals})
		if err != nil {
			return nil, err
		}
		if on == nil {
			on = e
		} else {
			on = query.And(on, e)
		}
	}
	outer := j.Kind == sql.LeftJoin
	var st query.Step = query.RefJoin{Table: rname.Name, Alias: alias, Keys: keys, On: on, Outer: outer}
	if right.Over != nil {
		st = query.StreamJoin{Stream: rname.Name, Alias: alias, Range: rng, Keys: keys, On: on, Outer: outer}
	}
	if err := left.add(pl, j.Pos, st); err != nil {
		return nil, err
	}
	left.quals = quals
	return left, nil
}

func conjuncts(e sql.Expr) []sql.Expr {
	if b, ok := e.(*sql.Binary); ok && b.Op == "AND" {
		return append(conjuncts(b.L), conjuncts(b.R)...)
	}
	if e == nil {
		return nil
	}
	return []sql.Expr{e}
}

// windowSpec returns the spec of an OVER: written in place or named in the SELECT's WINDOW clause.
func windowSpec(sel *sql.Select, o *sql.Over) (*sql.WindowSpec, string, error) {
	if o.Spec != nil {
		return o.Spec, "", nil
	}
	for _, w := range sel.Windows {
		if w.Name.Name == o.Name.Name {
			return w.Spec, w.Name.Name, nil
		}
	}
	return nil, "", errAt(o.Name.Pos, o.Name.Name, "window %s is not defined", o.Name.Name)
}

func joinRange(sel *sql.Select, o *sql.Over) (time.Duration, error) {
	spec, _, err := windowSpec(sel, o)
	if err != nil {
		return 0, err
	}
	f := spec.Frame
	if f == nil || f.Unit != sql.Range || f.Start.Kind != sql.Preceding || f.End != nil {
		return 0, errAt(spec.Pos, "", "a stream join's window is RANGE INTERVAL … PRECEDING")
	}
	iv, ok := f.Start.Offset.(*sql.IntervalLiteral)
	if !ok {
		return 0, errAt(f.Start.Pos, "", "a stream join's RANGE is an interval")
	}
	return interval(iv)
}
