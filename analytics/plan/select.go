package plan

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/analytics/sql"
)

// scope resolves column references: the schema of the rows and the qualifiers naming them.
type scope struct {
	schema query.Schema
	quals  map[string]string
	// post, when set, rewrites an expression after GROUP BY or a window (a key or an aggregate) before the
	// column rules apply; ok false leaves it to them.
	post func(e sql.Expr) (query.Expr, bool, error)
	// grouped: after GROUP BY or STAGGER, a column that is neither a key nor in an aggregate is an error.
	grouped bool
	// aggs collects the aggregates met while planning a select list with a window.
	aggs *aggCollector
}

// aggCollector names the aggregates of a select list as columns of the window step's output.
type aggCollector struct {
	list  []query.Aggregate
	calls []*sql.Call
	over  []string // the window name of each (sliding)
	wins  []query.Window
}

var aggregates = map[string]query.AggFunc{"COUNT": query.Count, "SUM": query.Sum, "AVG": query.Avg, "MIN": query.Min,
	"MAX": query.Max, "APPROXIMATE_COUNT_DISTINCT": query.ApproximateCountDistinct,
	"COUNT_DISTINCT_ITEMS_TUMBLING": query.CountDistinctItemsTumbling}

// niladic are the functions written without parentheses.
var niladic = map[string]bool{"CURRENT_TIMESTAMP": true, "CURRENT_ROW_TIMESTAMP": true, "LOCALTIMESTAMP": true}

func (pl *planner) selectQuery(sel *sql.Select) (*rel, error) {
	if len(sel.From) == 0 {
		return nil, errAt(sel.Pos, "SELECT", "a query reads a stream: FROM is missing")
	}
	if len(sel.From) > 1 {
		return nil, errAt(sel.From[1].Position(), "", "a comma list of FROM items is not supported: write a JOIN")
	}
	r, err := pl.from(sel, sel.From[0])
	if err != nil {
		return nil, err
	}
	if sel.Quantifier == sql.Distinct {
		return nil, errAt(sel.Pos, "DISTINCT", "SELECT DISTINCT is not supported on a stream")
	}
	if sel.Where != nil {
		w, err := pl.expr(sel.Where, &scope{schema: r.schema, quals: r.quals})
		if err != nil {
			return nil, err
		}
		if err := r.add(pl, sel.Where.Position(), query.Filter{Where: w}); err != nil {
			return nil, err
		}
	}
	hasAgg, hasOver := false, false
	for _, it := range sel.Items {
		sql.Inspect(it.Expr, func(n sql.Node) bool {
			if c, ok := n.(*sql.Call); ok {
				if _, agg := aggregates[c.Name.Name]; agg {
					if c.Over != nil {
						hasOver = true
					} else {
						hasAgg = true
					}
				}
			}
			return true
		})
	}
	in := &scope{schema: r.schema, quals: r.quals}
	var items []query.Item
	switch {
	case len(sel.GroupBy) > 0 || sel.Windowed != nil:
		if hasOver {
			return nil, errAt(sel.Pos, "OVER", "a windowed aggregate cannot be mixed with GROUP BY")
		}
		items, err = pl.grouped(sel, r, in)
	case hasAgg:
		var pos sql.Pos
		for _, it := range sel.Items {
			sql.Inspect(it.Expr, func(n sql.Node) bool {
				if c, ok := n.(*sql.Call); ok && c.Over == nil && pos.Line == 0 {
					if _, agg := aggregates[c.Name.Name]; agg {
						pos = c.Pos
					}
				}
				return true
			})
		}
		return nil, errAt(pos, "", "an aggregate without OVER needs a GROUP BY with a ROWTIME window: STEP(ROWTIME BY INTERVAL …) or FLOOR(ROWTIME TO unit), or WINDOWED BY STAGGER")
	case hasOver:
		items, err = pl.sliding(sel, r, in)
	default:
		if sel.Having != nil {
			return nil, errAt(sel.Having.Position(), "HAVING", "HAVING needs a GROUP BY")
		}
		var rows map[int]string
		if rows, err = pl.logParsers(sel, r); err == nil {
			in.schema = r.schema
			r.rows = make([]string, len(sel.Items))
			for i, p := range rows {
				r.rows[i] = p
			}
			items, err = pl.items(sel, in, rows)
		}
	}
	if err != nil {
		return nil, err
	}
	if items != nil {
		if err := r.add(pl, sel.Pos, query.Project{Items: items}); err != nil {
			return nil, err
		}
	}
	if err := pl.orderBy(sel, r); err != nil {
		return nil, err
	}
	return r, nil
}

// items converts a select list in scope s; nil when it is SELECT * alone (no step). rows names the items that
// are log parse rows, by index, with the prefix of their columns.
func (pl *planner) items(sel *sql.Select, s *scope, rows map[int]string) ([]query.Item, error) {
	if len(sel.Items) == 1 && s.post == nil {
		if st, ok := sel.Items[0].Expr.(*sql.Star); ok && len(st.Qualifier) == 0 {
			return nil, nil
		}
	}
	var items []query.Item
	for i, it := range sel.Items {
		if st, ok := it.Expr.(*sql.Star); ok {
			prefix, err := s.qualifier(st.Qualifier, st.Pos)
			if err != nil {
				return nil, err
			}
			for _, c := range s.schema {
				if strings.HasPrefix(c.Name, prefix) && (prefix != "" || !strings.Contains(c.Name, ".")) && !strings.HasPrefix(c.Name, "$") {
					items = append(items, query.Item{Expr: query.Col{Name: c.Name}, Name: strings.TrimPrefix(c.Name, prefix)})
				}
			}
			continue
		}
		if prefix, ok := rows[i]; ok { // a log parse function's row: its columns, ParseLog appended them
			for _, c := range s.schema {
				if strings.HasPrefix(c.Name, prefix+".") {
					items = append(items, query.Item{Expr: query.Col{Name: c.Name}, Name: c.Name})
				}
			}
			continue
		}
		e, err := pl.expr(it.Expr, s)
		if err != nil {
			return nil, err
		}
		name := itemName(it, i)
		if err := pl.check(s.schema, e, it.Pos); err != nil {
			return nil, err
		}
		items = append(items, query.Item{Expr: e, Name: name})
	}
	return items, nil
}

// logParsers adds a ParseLog step for each select item calling a log parse function, and returns the prefixes
// of their columns by item: the item's alias, else EXPR$n.
func (pl *planner) logParsers(sel *sql.Select, r *rel) (map[int]string, error) {
	rows := map[int]string{}
	for i, it := range sel.Items {
		c, ok := it.Expr.(*sql.Call)
		if !ok || !slices.Contains(query.LogParsers, c.Name.Name) {
			continue
		}
		if len(c.Args) < 2 {
			return nil, errAt(c.Pos, c.Name.Name, "%s takes a value and its parameters", c.Name.Name)
		}
		arg, err := pl.expr(c.Args[0], &scope{schema: r.schema, quals: r.quals})
		if err != nil {
			return nil, err
		}
		var params []string
		for _, a := range c.Args[1:] {
			l, ok := a.(*sql.Literal)
			if !ok || l.Kind != sql.StringLiteral {
				return nil, errAt(a.Position(), "", "%s's parameters are strings", c.Name.Name)
			}
			params = append(params, l.Text)
		}
		prefix := "EXPR$" + strconv.Itoa(i)
		if it.Alias != nil {
			prefix = it.Alias.Name
		}
		if err := r.add(pl, c.Pos, query.ParseLog{Func: c.Name.Name, Arg: arg, Params: params, Prefix: prefix}); err != nil {
			return nil, err
		}
		rows[i] = prefix
	}
	return rows, nil
}

// itemName is the column name of select item i as KDA names it: its alias, a column's own name, else EXPR$i.
func itemName(it sql.SelectItem, i int) string {
	switch {
	case it.Alias != nil:
		return it.Alias.Name
	case isRef(it.Expr):
		ref := it.Expr.(*sql.Ref)
		return ref.Parts[len(ref.Parts)-1].Name
	}
	return "EXPR$" + strconv.Itoa(i)
}

func isRef(e sql.Expr) bool { _, ok := e.(*sql.Ref); return ok }

// check compiles e alone over schema, so that a type error is reported at its own position.
func (pl *planner) check(schema query.Schema, e query.Expr, p sql.Pos) error {
	if _, err := query.Compile(schema, pl.env, query.Project{Items: []query.Item{{Expr: e, Name: "X"}}}); err != nil {
		return errAt(p, "", "%s", apiMessage(err))
	}
	return nil
}

// grouped plans GROUP BY (a tumbling window) or WINDOWED BY STAGGER: the window step, HAVING, and the select list
// over the window's output.
func (pl *planner) grouped(sel *sql.Select, r *rel, in *scope) ([]query.Item, error) {
	var keyExprs []sql.Expr
	if sel.Windowed != nil {
		keyExprs = sel.Windowed.PartitionBy
	} else {
		keyExprs = sel.GroupBy
	}
	keys := make([]query.Item, len(keyExprs))
	conv := make([]query.Expr, len(keyExprs))
	window := false
	for i, k := range keyExprs {
		e, err := pl.expr(k, in)
		if err != nil {
			return nil, err
		}
		if err := pl.check(in.schema, e, k.Position()); err != nil {
			return nil, err
		}
		conv[i] = e
		keys[i] = query.Item{Expr: e, Name: "$K" + strconv.Itoa(i)}
		window = window || rowtimeWindow(e)
	}
	if sel.Windowed == nil && !window {
		return nil, errAt(sel.GroupBy[0].Position(), "GROUP BY", "a GROUP BY needs a window on ROWTIME: STEP(ROWTIME BY INTERVAL …) or FLOOR(ROWTIME TO unit)")
	}
	ac := &aggCollector{}
	post := &scope{quals: in.quals, grouped: true}
	post.post = func(e sql.Expr) (query.Expr, bool, error) {
		if c, ok := e.(*sql.Call); ok {
			if f, agg := aggregates[c.Name.Name]; agg {
				a, err := pl.aggregate(c, f, in)
				if err != nil {
					return nil, true, err
				}
				a.Name = "$A" + strconv.Itoa(len(ac.list))
				ac.list = append(ac.list, a)
				return query.Col{Name: a.Name}, true, nil
			}
		}
		switch e.(type) {
		case *sql.Literal, *sql.IntervalLiteral, *sql.TypedLiteral:
			return nil, false, nil
		}
		c, err := pl.expr(e, in)
		if err != nil {
			return nil, false, nil //nolint:nilerr // not a key: the column rules report it
		}
		for i, k := range conv {
			if reflect.DeepEqual(c, k) {
				return query.Col{Name: "$K" + strconv.Itoa(i)}, true, nil
			}
		}
		if isRowtime(c) {
			return query.Rowtime{}, true, nil
		}
		if ref, ok := e.(*sql.Ref); ok {
			return nil, true, errAt(ref.Pos, refText(ref), "column %s is neither grouped nor aggregated", refText(ref))
		}
		return nil, false, nil
	}
	// The select list and HAVING are converted first, collecting the aggregates; their schema is the window's.
	var items []query.Item
	var having query.Expr
	collect := func() error {
		post.schema = nil
		var err error
		if items, err = pl.itemsPost(sel, post); err != nil {
			return err
		}
		if sel.Having != nil {
			if having, err = pl.expr(sel.Having, post); err != nil {
				return err
			}
		}
		return nil
	}
	if err := collect(); err != nil {
		return nil, err
	}
	var st query.Step = query.GroupBy{Keys: keys, Aggregates: ac.list}
	p := sel.GroupBy
	pos := sel.Pos
	if len(p) > 0 {
		pos = p[0].Position()
	}
	if sel.Windowed != nil {
		iv, ok := sel.Windowed.Range.(*sql.IntervalLiteral)
		if !ok {
			return nil, errAt(sel.Windowed.Range.Position(), "", "a stagger window's RANGE is an interval")
		}
		d, err := interval(iv)
		if err != nil {
			return nil, err
		}
		st, pos = query.Stagger{Partition: keys, Range: d, Aggregates: ac.list}, sel.Windowed.Pos
	}
	if err := r.add(pl, pos, st); err != nil {
		return nil, err
	}
	if having != nil {
		if err := r.add(pl, sel.Having.Position(), query.Filter{Where: having}); err != nil {
			return nil, err
		}
	}
	for i, it := range items {
		if err := pl.check(r.schema, it.Expr, sel.Items[i].Pos); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// itemsPost converts a select list whose expressions go through s.post (no * allowed).
func (pl *planner) itemsPost(sel *sql.Select, s *scope) ([]query.Item, error) {
	var items []query.Item
	for i, it := range sel.Items {
		if st, ok := it.Expr.(*sql.Star); ok {
			return nil, errAt(st.Pos, "*", "SELECT * cannot be grouped: list the keys and aggregates")
		}
		e, err := pl.expr(it.Expr, s)
		if err != nil {
			return nil, err
		}
		name := itemName(it, i)
		items = append(items, query.Item{Expr: e, Name: name})
	}
	return items, nil
}

// sliding plans aggregates OVER windows: one Sliding step, then the select list over its output.
func (pl *planner) sliding(sel *sql.Select, r *rel, in *scope) ([]query.Item, error) {
	ac := &aggCollector{}
	post := &scope{schema: in.schema, quals: in.quals}
	post.post = func(e sql.Expr) (query.Expr, bool, error) {
		c, ok := e.(*sql.Call)
		if !ok {
			return nil, false, nil
		}
		f, agg := aggregates[c.Name.Name]
		if !agg {
			return nil, false, nil
		}
		if c.Over == nil {
			return nil, true, errAt(c.Pos, c.Name.Name, "%s without OVER cannot be mixed with windowed aggregates", c.Name.Name)
		}
		a, err := pl.aggregate(c, f, in)
		if err != nil {
			return nil, true, err
		}
		wname, err := pl.window(sel, c.Over, ac, in)
		if err != nil {
			return nil, true, err
		}
		a.Name, a.Over = "$A"+strconv.Itoa(len(ac.list)), wname
		ac.list = append(ac.list, a)
		return query.Col{Name: a.Name}, true, nil
	}
	items, err := pl.itemsPost(sel, post)
	if err != nil {
		return nil, err
	}
	if err := r.add(pl, sel.Pos, query.Sliding{Windows: ac.wins, Aggregates: ac.list}); err != nil {
		return nil, err
	}
	for i, it := range items {
		if err := pl.check(r.schema, it.Expr, sel.Items[i].Pos); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// window adds the window of an OVER to the collector (once per name) and returns its name.
func (pl *planner) window(sel *sql.Select, o *sql.Over, ac *aggCollector, in *scope) (string, error) {
	spec, name, err := windowSpec(sel, o)
	if err != nil {
		return "", err
	}
	if name == "" {
		name = "$W" + strconv.Itoa(len(ac.wins))
	}
	for _, w := range ac.wins {
		if w.Name == name {
			return name, nil
		}
	}
	w := query.Window{Name: name}
	for _, p := range spec.PartitionBy {
		e, err := pl.expr(p, in)
		if err != nil {
			return "", err
		}
		w.Partition = append(w.Partition, e)
	}
	f := spec.Frame
	if f == nil || f.Start.Kind != sql.Preceding || f.End != nil {
		return "", errAt(spec.Pos, "", "a sliding window is RANGE INTERVAL … PRECEDING or ROWS n PRECEDING")
	}
	switch f.Unit {
	case sql.Range:
		iv, ok := f.Start.Offset.(*sql.IntervalLiteral)
		if !ok {
			return "", errAt(f.Start.Pos, "", "a RANGE window reaches back an interval: RANGE INTERVAL '1' MINUTE PRECEDING")
		}
		if w.Range, err = interval(iv); err != nil {
			return "", err
		}
	case sql.Rows:
		l, ok := f.Start.Offset.(*sql.Literal)
		n, err := 0, error(nil)
		if ok {
			n, err = strconv.Atoi(l.Text)
		}
		if !ok || err != nil || n < 1 {
			return "", errAt(f.Start.Pos, "", "a ROWS window reaches back a positive number of rows: ROWS 2 PRECEDING")
		}
		w.Rows = n
	}
	ac.wins = append(ac.wins, w)
	return name, nil
}

func (pl *planner) aggregate(c *sql.Call, f query.AggFunc, in *scope) (query.Aggregate, error) {
	a := query.Aggregate{Func: f, Distinct: c.Quantifier == sql.Distinct}
	switch {
	case c.Star:
		if f != query.Count {
			return a, errAt(c.Pos, c.Name.Name, "only COUNT takes *")
		}
	case len(c.Args) != 1:
		return a, errAt(c.Pos, c.Name.Name, "%s takes one argument, not %d", c.Name.Name, len(c.Args))
	default:
		e, err := pl.expr(c.Args[0], &scope{schema: in.schema, quals: in.quals})
		if err != nil {
			return a, err
		}
		if err := pl.check(in.schema, e, c.Args[0].Position()); err != nil {
			return a, err
		}
		a.Arg = e
	}
	return a, nil
}

// orderBy plans ORDER BY: rows already come in ROWTIME order, so ORDER BY ROWTIME is nothing and ORDER BY
// FLOOR(ROWTIME TO unit), keys… sorts each bucket.
func (pl *planner) orderBy(sel *sql.Select, r *rel) error {
	if len(sel.OrderBy) == 0 {
		return nil
	}
	s := &scope{schema: r.schema, quals: r.quals}
	first, err := pl.expr(sel.OrderBy[0].Expr, s)
	if err != nil {
		return err
	}
	if sel.OrderBy[0].Direction == sql.Desc {
		return errAt(sel.OrderBy[0].Pos, "DESC", "a stream is ordered by ascending ROWTIME first")
	}
	if isRowtime(first) && len(sel.OrderBy) == 1 {
		return nil
	}
	c, ok := first.(query.Call)
	var bucket time.Duration
	if ok && len(c.Args) == 2 && isRowtime(c.Args[0]) {
		if l, ok := c.Args[1].(query.Lit); ok {
			switch c.Name {
			case "FLOOR":
				bucket = units[l.Value.Str()]
			case "STEP":
				bucket = time.Duration(l.Value.Int())
			}
		}
	}
	if bucket <= 0 {
		return errAt(sel.OrderBy[0].Pos, "", "a streaming ORDER BY starts with ROWTIME or a window on it: FLOOR(ROWTIME TO unit)")
	}
	var keys []query.SortKey
	for _, o := range sel.OrderBy[1:] {
		e, err := pl.expr(o.Expr, s)
		if err != nil {
			return err
		}
		keys = append(keys, query.SortKey{Expr: e, Desc: o.Direction == sql.Desc})
	}
	return r.add(pl, sel.OrderBy[0].Pos, query.OrderWithinBucket{Bucket: bucket, Keys: keys})
}

var units = map[string]time.Duration{"SECOND": time.Second, "MINUTE": time.Minute, "HOUR": time.Hour, "DAY": 24 * time.Hour}

func isRowtime(e query.Expr) bool {
	switch e := e.(type) {
	case query.Rowtime:
		return true
	case query.Col:
		return e.Name == "ROWTIME"
	}
	return false
}

// rowtimeWindow reports whether e is STEP(ROWTIME BY …) or FLOOR(ROWTIME TO …).
func rowtimeWindow(e query.Expr) bool {
	c, ok := e.(query.Call)
	return ok && (c.Name == "STEP" || c.Name == "FLOOR") && len(c.Args) == 2 && isRowtime(c.Args[0])
}

func refText(r *sql.Ref) string {
	var parts []string
	for _, p := range r.Parts {
		parts = append(parts, p.Name)
	}
	return strings.Join(parts, ".")
}

// qualifier returns the column-name prefix a qualifier stands for.
func (s *scope) qualifier(q []sql.Ident, p sql.Pos) (string, error) {
	if len(q) == 0 {
		return "", nil
	}
	name := q[len(q)-1]
	prefix, ok := s.quals[name.Name]
	if !ok {
		return "", errAt(name.Pos, name.Name, "%s names no stream or alias of the FROM clause", name.Name)
	}
	return prefix, nil
}

// ref resolves a column reference: [qualifier.]column, or [qualifier.]row.field for the row of a log parse
// function (l.r.COLUMN1, T.REC.COLUMN1).
func (pl *planner) ref(r *sql.Ref, s *scope) (query.Expr, error) {
	parts := r.Parts
	prefix := ""
	if len(parts) > 1 {
		if p, ok := s.quals[parts[0].Name]; ok {
			prefix, parts = p, parts[1:]
		} else if len(parts) == 2 {
			return nil, errAt(parts[0].Pos, parts[0].Name, "%s names no stream or alias of the FROM clause", parts[0].Name)
		}
	}
	col := parts[len(parts)-1]
	if col.Name == "ROWTIME" && prefix == "" && len(parts) == 1 {
		return query.Rowtime{}, nil
	}
	var names []string
	for _, p := range parts {
		names = append(names, p.Name)
	}
	name := prefix + strings.Join(names, ".")
	if s.schema != nil {
		if i := s.schema.Index(name); i < 0 || (prefix == "" && strings.HasPrefix(s.schema[i].Name, "$")) {
			if len(r.Parts) == 1 && niladic[col.Name] {
				return query.Call{Name: col.Name}, nil
			}
			return nil, errAt(col.Pos, refText(r), "column %s not found in %s", refText(r), visible(s.schema))
		}
	}
	return query.Col{Name: name}, nil
}

// visible is the schema without the planner's own columns, for messages.
func visible(s query.Schema) query.Schema {
	return slices.DeleteFunc(slices.Clone(s), func(c query.Column) bool { return strings.HasPrefix(c.Name, "$") })
}

var binaryOps = map[string]query.Op{"OR": query.OpOr, "AND": query.OpAnd, "=": query.OpEq, "<>": query.OpNe,
	"<": query.OpLt, "<=": query.OpLe, ">": query.OpGt, ">=": query.OpGe, "||": query.OpConcat, "+": query.OpAdd,
	"-": query.OpSub, "*": query.OpMul, "/": query.OpDiv, "%": query.OpMod}

// expr converts an expression in scope s.
func (pl *planner) expr(e sql.Expr, s *scope) (query.Expr, error) {
	if s.post != nil {
		q, ok, err := s.post(e)
		if err != nil || ok {
			return q, err
		}
	}
	switch e := e.(type) {
	case *sql.Ref:
		if s.grouped { // after a window only keys and aggregates are columns
			return nil, errAt(e.Pos, refText(e), "column %s is neither grouped nor aggregated", refText(e))
		}
		return pl.ref(e, s)
	case *sql.Star:
		return nil, errAt(e.Pos, "*", "* is a select list item, not a value")
	case *sql.Literal:
		return literal(e)
	case *sql.IntervalLiteral:
		d, err := interval(e)
		if err != nil {
			return nil, err
		}
		return query.L(d), nil
	case *sql.TypedLiteral:
		t, err := query.ParseType(e.Type)
		if err != nil {
			return nil, errAt(e.Pos, e.Type, "type %s is not supported", e.Type)
		}
		v, err := query.Cast(query.String(e.Value), t)
		if err != nil {
			return nil, errAt(e.Pos, e.Value, "%q is not a %s", e.Value, e.Type)
		}
		return query.Lit{Value: v}, nil
	case *sql.Unary:
		x, err := pl.expr(e.X, s)
		if err != nil {
			return nil, err
		}
		switch e.Op {
		case "-":
			return query.Unary{Op: query.OpNeg, X: x}, nil
		case "+":
			return x, nil
		}
		return query.Unary{Op: query.OpNot, X: x}, nil
	case *sql.Binary:
		x, err := pl.exprs(s, e.L, e.R)
		if err != nil {
			return nil, err
		}
		op, ok := binaryOps[e.Op]
		if !ok {
			return nil, errAt(e.Pos, e.Op, "operator %s is not supported", e.Op)
		}
		return query.Binary{Op: op, L: x[0], R: x[1]}, nil
	case *sql.Like:
		if e.Escape != nil {
			return nil, errAt(e.Escape.Position(), "ESCAPE", "ESCAPE is not supported")
		}
		x, err := pl.exprs(s, e.X, e.Pattern)
		if err != nil {
			return nil, err
		}
		op := query.OpLike
		if e.Similar {
			op = query.OpSimilarTo
		}
		return not(e.Not, query.Binary{Op: op, L: x[0], R: x[1]}), nil
	case *sql.Is:
		x, err := pl.expr(e.X, s)
		if err != nil {
			return nil, err
		}
		var out query.Expr
		switch e.What {
		case "NULL", "UNKNOWN":
			out = query.Unary{Op: query.OpIsNull, X: x}
		case "TRUE":
			out = query.Case{Whens: []query.When{{Cond: x, Then: query.L(true)}}, Else: query.L(false)}
		default:
			out = query.Case{Whens: []query.When{{Cond: query.Unary{Op: query.OpNot, X: x}, Then: query.L(true)}}, Else: query.L(false)}
		}
		return not(e.Not, out), nil
	case *sql.Between:
		x, err := pl.exprs(s, e.X, e.Low, e.High)
		if err != nil {
			return nil, err
		}
		return not(e.Not, query.And(query.Ge(x[0], x[1]), query.Binary{Op: query.OpLe, L: x[0], R: x[2]})), nil
	case *sql.In:
		if e.Query != nil {
			return nil, errAt(e.Query.Position(), "SELECT", "IN (query) is not supported on a stream")
		}
		x, err := pl.expr(e.X, s)
		if err != nil {
			return nil, err
		}
		var out query.Expr
		for _, v := range e.List {
			c, err := pl.expr(v, s)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = query.Eq(x, c)
			} else {
				out = query.Binary{Op: query.OpOr, L: out, R: query.Eq(x, c)}
			}
		}
		return not(e.Not, out), nil
	case *sql.Case:
		var out query.Case
		var err error
		if e.Operand != nil {
			if out.Operand, err = pl.expr(e.Operand, s); err != nil {
				return nil, err
			}
		}
		for _, w := range e.Whens {
			c, err := pl.expr(w.Cond, s)
			if err != nil {
				return nil, err
			}
			r, err := pl.expr(w.Result, s)
			if err != nil {
				return nil, err
			}
			out.Whens = append(out.Whens, query.When{Cond: c, Then: r})
		}
		if e.Else != nil {
			if out.Else, err = pl.expr(e.Else, s); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *sql.Cast:
		x, err := pl.expr(e.X, s)
		if err != nil {
			return nil, err
		}
		t, err := typeOf(e.Type)
		if err != nil {
			return nil, err
		}
		return query.CastExpr{X: x, To: t}, nil
	case *sql.Call:
		return pl.call(e, s)
	case *sql.Step:
		x, err := pl.exprs(s, e.X, e.By)
		if err != nil {
			return nil, err
		}
		return query.Call{Name: "STEP", Args: x}, nil
	case *sql.TimeFloor:
		x, err := pl.expr(e.X, s)
		if err != nil {
			return nil, err
		}
		name := "FLOOR"
		if e.Ceil {
			name = "CEIL"
		}
		return query.Call{Name: name, Args: []query.Expr{x, query.Lit{Value: query.String(e.Unit)}}}, nil
	case *sql.Extract:
		x, err := pl.expr(e.X, s)
		if err != nil {
			return nil, err
		}
		return query.Call{Name: "EXTRACT", Args: []query.Expr{query.Lit{Value: query.String(e.Unit)}, x}}, nil
	case *sql.Position:
		x, err := pl.exprs(s, e.Sub, e.X)
		if err != nil {
			return nil, err
		}
		return query.Call{Name: "POSITION", Args: x}, nil
	case *sql.Cursor:
		return nil, errAt(e.Pos, "CURSOR", "CURSOR is the first argument of a table function in FROM")
	case *sql.Subquery:
		return nil, errAt(e.Pos, "SELECT", "a subquery as a value is not supported on a stream")
	}
	return nil, errAt(e.Position(), "", "unsupported expression")
}

func not(n bool, e query.Expr) query.Expr {
	if n {
		return query.Unary{Op: query.OpNot, X: e}
	}
	return e
}

func (pl *planner) call(c *sql.Call, s *scope) (query.Expr, error) {
	name := c.Name.Name
	if _, agg := aggregates[name]; agg {
		return nil, errAt(c.Pos, name, "aggregate %s needs a GROUP BY with a ROWTIME window, WINDOWED BY STAGGER or OVER a window", name)
	}
	if c.Over != nil {
		return nil, errAt(c.Over.Pos, "OVER", "%s is not an aggregate: it takes no OVER", name)
	}
	if !slices.Contains(query.Functions, name) {
		return nil, errAt(c.Name.Pos, name, "function %s does not exist", name)
	}
	if c.Star || c.Quantifier != sql.NoQuantifier {
		return nil, errAt(c.Pos, name, "%s is not an aggregate", name)
	}
	args, err := pl.exprs(s, c.Args...)
	if err != nil {
		return nil, err
	}
	return query.Call{Name: name, Args: args}, nil
}

// exprs converts expressions in scope s.
func (pl *planner) exprs(s *scope, es ...sql.Expr) ([]query.Expr, error) {
	out := make([]query.Expr, len(es))
	for i, e := range es {
		x, err := pl.expr(e, s)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// literal converts a number, string, boolean or NULL: an integer that fits is an INTEGER (BIGINT beyond), a
// number with a point or an exponent a DOUBLE.
func literal(l *sql.Literal) (query.Expr, error) {
	switch l.Kind {
	case sql.StringLiteral:
		return query.L(l.Text), nil
	case sql.BoolLiteral:
		return query.L(l.Text == "TRUE"), nil
	case sql.NullLiteral:
		return query.Lit{}, nil
	}
	if n, err := strconv.ParseInt(l.Text, 10, 64); err == nil {
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return query.L(int(n)), nil
		}
		return query.L(n), nil
	}
	f, err := strconv.ParseFloat(l.Text, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, errAt(l.Pos, l.Text, "number %s is out of range", l.Text)
	}
	return query.L(f), nil
}

var intervalUnits = []struct {
	name string
	d    time.Duration
}{{"DAY", 24 * time.Hour}, {"HOUR", time.Hour}, {"MINUTE", time.Minute}, {"SECOND", time.Second}}

// interval converts a day-time interval literal: INTERVAL '60' SECOND, INTERVAL '1:30' MINUTE TO SECOND.
func interval(iv *sql.IntervalLiteral) (time.Duration, error) {
	from, to := -1, -1
	for i, u := range intervalUnits {
		if u.name == iv.Unit {
			from = i
		}
		if u.name == iv.To {
			to = i
		}
	}
	if iv.To == "" {
		to = from
	}
	if from < 0 || to < from {
		return 0, errAt(iv.Pos, iv.Unit, "year-month intervals are not supported on a stream: use DAY, HOUR, MINUTE or SECOND")
	}
	fields := strings.FieldsFunc(iv.Value, func(r rune) bool { return r == ' ' || r == ':' })
	if len(fields) != to-from+1 {
		return 0, errAt(iv.Pos, iv.Value, "interval '%s' does not match %s", iv.Value, strings.TrimSpace(iv.Unit+" TO "+iv.To))
	}
	var d time.Duration
	for i, f := range fields {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil || x < 0 || x > 1e9 {
			return 0, errAt(iv.Pos, iv.Value, "interval '%s' is not a number of %s", iv.Value, intervalUnits[from+i].name)
		}
		d += time.Duration(x * float64(intervalUnits[from+i].d))
	}
	if iv.Negative {
		d = -d
	}
	return d, nil
}
