package query

import (
	"strings"
	"time"
)

// GroupBy is a tumbling-window aggregation: GROUP BY keys, one of them a window on ROWTIME, STEP(ROWTIME BY
// INTERVAL …) or FLOOR(ROWTIME TO unit) ("aggregates without OVER require a GROUP BY on a monotonic expression based
// on ROWTIME", SQL reference, sql-reference-avg). The other keys may be any expressions, event-time windows
// (STEP(EVENT_TIME BY …), FLOOR(EVENT_TIME TO MINUTE)) among them. Rows of one ROWTIME window fall into one group
// per distinct key; when the window ends (a row of a later window arrives, or time passes its end) each group
// emits one row: the keys, then the aggregates, in that order, groups in the order they were first seen.
//
// The rows a window emits have ROWTIME the window's end, as the developer guide's stagger-window page shows for
// its tumbling query (rows at 11:00:20 and 11:00:30 emit at 11:01:00; analytics.md §1.9 E5, the rule chosen where
// E4's listing shows the start).
type GroupBy struct {
	Keys       []Item
	Aggregates []Aggregate
}

type group struct {
	keys []Value
	accs []acc
}

type groupBy struct {
	in, out    Schema
	keys       []evalFn
	width      int64
	aggs       []boundAgg
	open       bool
	start, end int64
	index      map[string]int
	groups     []group
	buf        []byte
	winKey     int   // the index of the ROWTIME window among keys
	keyCols    []int // per key, its input column +1 when it is a plain column reference
}

// rowtimeWindow returns the width of a STEP(ROWTIME BY d) or FLOOR(ROWTIME TO unit) expression, or 0.
func rowtimeWindow(e Expr) time.Duration {
	c, ok := e.(Call)
	if !ok || len(c.Args) != 2 || !isRowtime(c.Args[0]) {
		return 0
	}
	l, ok := c.Args[1].(Lit)
	if !ok {
		return 0
	}
	switch strings.ToUpper(c.Name) {
	case "STEP":
		if l.Value.kind == Interval && l.Value.i > 0 {
			return time.Duration(l.Value.i)
		}
	case "FLOOR":
		if l.Value.kind.IsString() {
			return timeUnits[strings.ToUpper(l.Value.s)]
		}
	}
	return 0
}

func isRowtime(e Expr) bool {
	switch e := e.(type) {
	case Rowtime:
		return true
	case Col:
		return strings.EqualFold(e.Name, "ROWTIME")
	}
	return false
}

// Build implements Step.
func (g GroupBy) Build(in Schema, _ *Env) (Operator, error) {
	op := &groupBy{in: in, index: make(map[string]int)}
	op.winKey = -1
	for i, k := range g.Keys {
		if w := rowtimeWindow(k.Expr); w > 0 && op.width == 0 {
			op.width, op.winKey = int64(w), i
		}
		c, err := compile(k.Expr, in)
		if err != nil {
			return nil, err
		}
		op.keys = append(op.keys, c.fn)
		op.keyCols = append(op.keyCols, c.col)
		op.out = append(op.out, Column{Name: itemName(k, i), Type: c.typ})
	}
	if op.width == 0 {
		return nil, planErr("A GROUP BY needs a window on ROWTIME: STEP(ROWTIME BY INTERVAL …) or FLOOR(ROWTIME TO unit).")
	}
	aggs, cols, err := bindAggs(g.Aggregates, in)
	if err != nil {
		return nil, err
	}
	op.aggs = aggs
	op.out = append(op.out, cols...)
	return op, nil
}

func (g *groupBy) Schema() Schema { return g.out }

func (g *groupBy) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
	nk := len(g.keys)
	var kstack, astack [8]Value // the row's keys and aggregate arguments, on the stack for the usual few
	kv, av := kstack[:0], astack[:0]
	if nk > len(kstack) {
		kv = make([]Value, 0, nk)
	}
	if len(g.aggs) > len(astack) {
		av = make([]Value, 0, len(g.aggs))
	}
rows:
	for ri := range rows {
		r := &rows[ri]
		start := g.start
		if !g.open || r.Rowtime < g.start || r.Rowtime >= g.end { // most rows fall in the open window: no division
			start = r.Rowtime - floorMod(r.Rowtime, g.width)
		}
		if g.open && start != g.start {
			if start < g.start {
				out.Fail(now, g.in, *r, runtimeErr("RowtimeOutOfOrder", "ROWTIME %s is before the open window", r.Time().Format(TimestampLayout)))
				continue
			}
			g.emit(now, out)
		}
		if !g.open {
			g.open, g.start, g.end = true, start, start+g.width
		}
		b := g.buf[:0]
		kv = kv[:0]
		for k, f := range g.keys {
			if k == g.winKey { // the window's own key is the same for every row of the window
				kv = append(kv, Value{kind: Timestamp, i: start})
				continue
			}
			if col := g.keyCols[k]; col > 0 { // a plain column: no call
				v := r.Values[col-1]
				kv = append(kv, v)
				b = appendKey(b, v)
				continue
			}
			v, err := f(r, &c)
			if err != nil {
				out.Fail(now, g.in, *r, err)
				continue rows
			}
			kv = append(kv, v)
			b = appendKey(b, v)
		}
		av = av[:0]
		for j := range g.aggs {
			if g.aggs[j].arg == nil {
				av = append(av, NullValue)
				continue
			}
			if col := g.aggs[j].col; col > 0 {
				av = append(av, r.Values[col-1])
				continue
			}
			v, err := g.aggs[j].arg(r, &c)
			if err != nil {
				out.Fail(now, g.in, *r, err)
				continue rows
			}
			av = append(av, v)
		}
		g.buf = b
		gi, ok := g.index[string(b)]
		if !ok {
			gi = len(g.groups)
			g.index[string(b)] = gi
			g.groups = append(g.groups, group{keys: append(make([]Value, 0, nk), kv...), accs: make([]acc, len(g.aggs))})
		}
		accs := g.groups[gi].accs
		for j := range g.aggs {
			accs[j].add(&g.aggs[j], av[j])
		}
	}
	if g.open && now >= g.end {
		g.emit(now, out)
	}
}

func (g *groupBy) Advance(now int64, out *Output) {
	if g.open && now >= g.end {
		g.emit(now, out)
	}
}

// emit closes the open window: one row per group.
func (g *groupBy) emit(now int64, out *Output) {
	emitGroups(now, g.end, g.groups, g.aggs, g.out, out)
	clear(g.index)
	clear(g.groups)
	g.groups = g.groups[:0]
	g.open = false
}

func emitGroups(now, rowtime int64, groups []group, aggs []boundAgg, s Schema, out *Output) {
	n := len(s)
	slab := make([]Value, len(groups)*n)
groups:
	for i := range groups {
		vals := slab[i*n : (i+1)*n : (i+1)*n]
		k := copy(vals, groups[i].keys)
		for j := range aggs {
			v, err := groups[i].accs[j].result(&aggs[j])
			if err != nil {
				out.Fail(now, s, Row{Rowtime: rowtime, Values: vals}, err)
				continue groups
			}
			vals[k+j] = v
		}
		out.Rows = append(out.Rows, Row{Rowtime: rowtime, Values: vals})
	}
}

// Stagger is a stagger window (WINDOWED BY STAGGER (PARTITION BY keys RANGE INTERVAL …)): a window per partition
// key "opens when the first event matching the partition key arrives" and closes Range later (developer guide,
// stagger-window-concepts). When it closes it emits one row, the partition keys then the aggregates, with ROWTIME
// its open time plus Range (analytics.md §1.9 E5). A row of the key that arrives once its window closed opens the
// next one.
type Stagger struct {
	Partition  []Item
	Range      time.Duration
	Aggregates []Aggregate
}

type staggerWindow struct {
	key   string
	close int64
	g     group
}

type stagger struct {
	in, out Schema
	keys    []evalFn
	width   int64
	aggs    []boundAgg
	open    map[string]*staggerWindow
	fifo    []*staggerWindow // open windows, by open (= close) time
	buf     []byte
	vals    []Value
}

// Build implements Step.
func (s Stagger) Build(in Schema, _ *Env) (Operator, error) {
	if err := positive(s.Range, "A stagger window's RANGE"); err != nil {
		return nil, err
	}
	op := &stagger{in: in, width: int64(s.Range), open: make(map[string]*staggerWindow)}
	for i, k := range s.Partition {
		c, err := compile(k.Expr, in)
		if err != nil {
			return nil, err
		}
		op.keys = append(op.keys, c.fn)
		op.out = append(op.out, Column{Name: itemName(k, i), Type: c.typ})
	}
	aggs, cols, err := bindAggs(s.Aggregates, in)
	if err != nil {
		return nil, err
	}
	op.aggs, op.vals = aggs, make([]Value, len(aggs))
	op.out = append(op.out, cols...)
	return op, nil
}

func (s *stagger) Schema() Schema { return s.out }

func (s *stagger) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
rows:
	for ri := range rows {
		r := &rows[ri]
		s.closeUntil(now, r.Rowtime, out)
		b := s.buf[:0]
		var keys [8]Value
		kv := keys[:0]
		for _, f := range s.keys {
			v, err := f(r, &c)
			if err != nil {
				out.Fail(now, s.in, *r, err)
				continue rows
			}
			kv = append(kv, v)
			b = appendKey(b, v)
		}
		for j, a := range s.aggs {
			s.vals[j] = NullValue
			if a.arg != nil {
				v, err := a.arg(r, &c)
				if err != nil {
					out.Fail(now, s.in, *r, err)
					continue rows
				}
				s.vals[j] = v
			}
		}
		s.buf = b
		w := s.open[string(b)]
		if w == nil {
			w = &staggerWindow{key: string(b), close: r.Rowtime + s.width,
				g: group{keys: append([]Value(nil), kv...), accs: make([]acc, len(s.aggs))}}
			s.open[w.key] = w
			s.fifo = append(s.fifo, w)
		}
		for j := range s.aggs {
			w.g.accs[j].add(&s.aggs[j], s.vals[j])
		}
	}
	s.closeUntil(now, now, out)
}

func (s *stagger) Advance(now int64, out *Output) { s.closeUntil(now, now, out) }

// closeUntil emits the windows that close at or before t.
func (s *stagger) closeUntil(now, t int64, out *Output) {
	n := 0
	for n < len(s.fifo) && s.fifo[n].close <= t {
		w := s.fifo[n]
		emitGroups(now, w.close, []group{w.g}, s.aggs, s.out, out)
		delete(s.open, w.key)
		n++
	}
	if n > 0 {
		clear(s.fifo[:n])
		s.fifo = s.fifo[n:]
	}
}

// Window is a named window of a Sliding step: WINDOW Name AS (PARTITION BY … RANGE INTERVAL … PRECEDING) or
// (PARTITION BY … ROWS n PRECEDING). With Rows > 0 the frame is the row and the Rows rows of its partition before
// it; otherwise it is the rows of the partition whose ROWTIME is within Range before the row's, the row's peers
// (rows of the same ROWTIME that arrive together) included.
type Window struct {
	Name      string
	Partition []Expr
	Range     time.Duration
	Rows      int
}

// Sliding is a sliding-window query (AGG(x) OVER W …, developer guide, sliding-window-concepts): one output row per
// input row, its columns the input's followed by the aggregates, each over its window's frame (Aggregate.Over names
// the window; empty means the first). A RANGE frame reaches back exactly Range, excluding a row Range old: with a
// five-second window, rows at 1, 2, 6, 7 and three at 8 seconds count 1, 2, 2, 2 and 5 (the developer guide's
// timeline, analytics.md §1.3).
type Sliding struct {
	Windows    []Window
	Aggregates []Aggregate
}

type slEntry struct {
	rt   int64
	vals []Value
}

type slPart struct {
	entries []slEntry
	head    int
}

type slWindow struct {
	spec  Window
	keys  []evalFn
	aggs  []int // indexes into sliding.aggs
	parts map[string]*slPart
}

type sliding struct {
	in, out Schema
	wins    []*slWindow
	aggs    []boundAgg
	win     []int // window of each aggregate
	buf     []byte
}

// Build implements Step.
func (s Sliding) Build(in Schema, _ *Env) (Operator, error) {
	if len(s.Windows) == 0 {
		return nil, planErr("A sliding query needs a window.")
	}
	op := &sliding{in: in, out: append(Schema(nil), in...)}
	for _, w := range s.Windows {
		if w.Rows <= 0 {
			if err := positive(w.Range, "A sliding window's RANGE"); err != nil {
				return nil, err
			}
		}
		sw := &slWindow{spec: w, parts: make(map[string]*slPart)}
		for _, p := range w.Partition {
			c, err := compile(p, in)
			if err != nil {
				return nil, err
			}
			sw.keys = append(sw.keys, c.fn)
		}
		op.wins = append(op.wins, sw)
	}
	aggs, cols, err := bindAggs(s.Aggregates, in)
	if err != nil {
		return nil, err
	}
	op.aggs = aggs
	op.out = append(op.out, cols...)
	for i, a := range s.Aggregates {
		wi := -1
		for j, w := range s.Windows {
			if a.Over == "" && j == 0 || strings.EqualFold(a.Over, w.Name) {
				wi = j
				break
			}
		}
		if wi < 0 {
			return nil, planErr("Window %q is not defined.", a.Over)
		}
		op.win = append(op.win, wi)
		op.wins[wi].aggs = append(op.wins[wi].aggs, i)
	}
	return op, nil
}

func (s *sliding) Schema() Schema { return s.out }

func (s *sliding) Push(now int64, rows []Row, out *Output) {
	c := Ctx{Now: now}
	nin, n := len(s.in), len(s.out)
	slab := make([]Value, len(rows)*n)
	args := make([]Value, len(rows)*len(s.aggs))
	parts := make([]*slPart, len(rows)*len(s.wins))
	ok := make([]bool, len(rows))
	// Evaluate every row's partition keys and aggregate arguments first: a row that fails goes to the error stream
	// and into no frame.
rows:
	for i := range rows {
		r := &rows[i]
		for j, a := range s.aggs {
			if a.arg != nil {
				v, err := a.arg(r, &c)
				if err != nil {
					out.Fail(now, s.in, *r, err)
					continue rows
				}
				args[i*len(s.aggs)+j] = v
			}
		}
		for wi, w := range s.wins {
			b := s.buf[:0]
			for _, f := range w.keys {
				v, err := f(r, &c)
				if err != nil {
					out.Fail(now, s.in, *r, err)
					continue rows
				}
				b = appendKey(b, v)
			}
			s.buf = b
			p := w.parts[string(b)]
			if p == nil {
				p = &slPart{}
				w.parts[string(b)] = p
			}
			parts[i*len(s.wins)+wi] = p
		}
		ok[i] = true
	}
	entryVals := func(i int, w *slWindow) []Value {
		v := make([]Value, len(w.aggs))
		for k, ai := range w.aggs {
			v[k] = args[i*len(s.aggs)+ai]
		}
		return v
	}
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && rows[hi].Rowtime == rows[lo].Rowtime {
			hi++
		}
		t := rows[lo].Rowtime
		for wi, w := range s.wins {
			if w.spec.Rows > 0 {
				for i := lo; i < hi; i++ {
					if !ok[i] {
						continue
					}
					p := parts[i*len(s.wins)+wi]
					p.push(slEntry{rt: t, vals: entryVals(i, w)}, w.spec.Rows+1)
					s.compute(w, p, slab[i*n+nin:(i+1)*n])
				}
				continue
			}
			for i := lo; i < hi; i++ { // the run's peers enter the frames first
				if ok[i] {
					p := parts[i*len(s.wins)+wi]
					p.evict(t - int64(w.spec.Range))
					p.push(slEntry{rt: t, vals: entryVals(i, w)}, 0)
				}
			}
			for i := lo; i < hi; i++ {
				if ok[i] {
					s.compute(w, parts[i*len(s.wins)+wi], slab[i*n+nin:(i+1)*n])
				}
			}
		}
		for i := lo; i < hi; i++ {
			if ok[i] {
				vals := slab[i*n : (i+1)*n : (i+1)*n]
				copy(vals, rows[i].Values[:nin])
				if s.failed(now, rows[i], vals, out) {
					continue
				}
				out.Rows = append(out.Rows, Row{Rowtime: rows[i].Rowtime, Values: vals})
			}
		}
		lo = hi
	}
}

// failed reports (and sends to the error stream) a row whose aggregate failed, marked by compute with a
// RuntimeError value in the slot.
func (s *sliding) failed(now int64, r Row, vals []Value, out *Output) bool {
	for i := len(s.in); i < len(vals); i++ {
		if vals[i].kind == kindFailed {
			out.Fail(now, s.in, r, runtimeErr("NumericOverflow", "%s", vals[i].s))
			return true
		}
	}
	return false
}

// kindFailed marks an aggregate slot whose result failed; it never leaves the operator.
const kindFailed Kind = 255

func (s *sliding) compute(w *slWindow, p *slPart, dst []Value) {
	for k, ai := range w.aggs {
		a := &acc{}
		for _, e := range p.entries[p.head:] {
			a.add(&s.aggs[ai], e.vals[k])
		}
		v, err := a.result(&s.aggs[ai])
		if err != nil {
			v = Value{kind: kindFailed, s: err.Error()}
		}
		dst[ai] = v
	}
}

func (p *slPart) push(e slEntry, keep int) {
	p.entries = append(p.entries, e)
	if keep > 0 && len(p.entries)-p.head > keep {
		p.entries[p.head] = slEntry{}
		p.head++
	}
	if p.head > 64 && p.head*2 > len(p.entries) {
		n := copy(p.entries, p.entries[p.head:])
		clear(p.entries[n:])
		p.entries = p.entries[:n]
		p.head = 0
	}
}

// evict drops the entries at or before t.
func (p *slPart) evict(t int64) {
	for p.head < len(p.entries) && p.entries[p.head].rt <= t {
		p.entries[p.head] = slEntry{}
		p.head++
	}
}

// Advance forgets the partitions of RANGE windows whose rows all left their frames.
func (s *sliding) Advance(now int64, _ *Output) {
	for _, w := range s.wins {
		if w.spec.Rows > 0 {
			continue
		}
		for k, p := range w.parts {
			p.evict(now - int64(w.spec.Range))
			if p.head == len(p.entries) {
				delete(w.parts, k)
			}
		}
	}
}
