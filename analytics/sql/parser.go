package sql

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// MaxApplicationCodeBytes is KDA's limit on application code, 100 KB (analytics.md §1.1, the limits page; the
// API's ApplicationCode is at most 102400 characters). Parse accepts more, up to MaxInputBytes; the API refuses
// longer code before parsing it.
const MaxApplicationCodeBytes = 100 * 1024

// MaxInputBytes is the largest SQL text Parse reads, a bound for hostile input; longer text is refused with an
// *Error at line 1, column 1. It is ten times MaxApplicationCodeBytes so that the canonical text Print makes of
// any code KDA accepts, which can be longer than the code (indentation, AS before aliases, INTEGER for INT), is
// within it and parses back.
const MaxInputBytes = 10 * MaxApplicationCodeBytes

// MaxDepth bounds how deeply Parse lets constructs nest: parentheses, subqueries, function arguments, unary
// operators and the operators of one chain (a + b + … counts one per operator), so the tree's height, the
// parser's stack and every recursive walk of the tree stay bounded on hostile input. Deeper text is refused with
// an *Error at the construct that went too deep.
const MaxDepth = 500

// reserved are the words that cannot be unquoted identifiers or aliases: they start or end clauses and
// operators. Quote them ("TIMESTAMP") to use them as names, as KDA's schema discovery does by renaming
// (analytics.md §1.6).
var reserved = map[string]bool{
	"SELECT": true, "STREAM": true, "FROM": true, "WHERE": true, "GROUP": true, "BY": true, "HAVING": true,
	"WINDOW": true, "WINDOWED": true, "ORDER": true, "UNION": true, "EXCEPT": true, "INTERSECT": true,
	"JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true, "FULL": true, "OUTER": true, "CROSS": true,
	"NATURAL": true, "ON": true, "USING": true, "AS": true, "AND": true, "OR": true, "NOT": true, "IS": true,
	"NULL": true, "TRUE": true, "FALSE": true, "CASE": true, "WHEN": true, "THEN": true, "ELSE": true,
	"END": true, "IN": true, "BETWEEN": true, "LIKE": true, "SIMILAR": true, "ESCAPE": true, "DISTINCT": true,
	"ALL": true, "INTO": true, "INSERT": true, "CREATE": true, "OVER": true, "PARTITION": true,
	"INTERVAL": true, "CAST": true, "TABLE": true, "VALUES": true, "EXISTS": true,
}

// specialCalls are the function names with a syntax of their own (STEP(x BY i), FLOOR(x TO MINUTE),
// EXTRACT(SECOND FROM x), POSITION(s IN x), CURSOR(query)); unquoted, they are parsed so.
var specialCalls = map[string]bool{
	"STEP": true, "FLOOR": true, "CEIL": true, "CEILING": true, "EXTRACT": true, "POSITION": true, "CURSOR": true,
}

// timeUnits are the units of FLOOR/CEIL … TO and EXTRACT.
var timeUnits = map[string]bool{
	"YEAR": true, "QUARTER": true, "MONTH": true, "WEEK": true, "DAY": true, "HOUR": true, "MINUTE": true,
	"SECOND": true, "MILLISECOND": true,
}

// intervalUnits are the units of an interval qualifier; intervalRanges the valid unit TO unit pairs.
var (
	intervalUnits  = map[string]bool{"YEAR": true, "MONTH": true, "DAY": true, "HOUR": true, "MINUTE": true, "SECOND": true}
	intervalRanges = map[string]bool{"YEAR MONTH": true, "DAY HOUR": true, "DAY MINUTE": true, "DAY SECOND": true,
		"HOUR MINUTE": true, "HOUR SECOND": true, "MINUTE SECOND": true}
)

// Parse parses application code: statements separated by ';' (a last ';' is optional). It returns the first
// error as an *Error with its line and column: a syntax error, text over MaxInputBytes or nested over MaxDepth, or
// a semantic error found without an engine (a duplicate column name in CREATE STREAM or INSERT, an unknown type
// name, a malformed type or interval, a window named twice or used in OVER but not defined). Parse is safe for
// concurrent use.
func Parse(src string) (*Script, error) {
	if len(src) > MaxInputBytes {
		return nil, &Error{Line: 1, Column: 1, Found: strconv.Itoa(len(src)) + " bytes",
			Message: fmt.Sprintf("the SQL text is %d bytes, over the limit of %d", len(src), MaxInputBytes)}
	}
	p := &parser{lx: newLexer(src)}
	s := p.script()
	if p.err != nil {
		return nil, p.err
	}
	return s, nil
}

// parser is a recursive-descent parser over a lazily lexed token stream. After the first error every token reads
// as end of input, so all loops end and the error is the first one found.
type parser struct {
	lx     *lexer
	toks   []token // lookahead from toks[head]
	head   int
	eof    token  // what at returns past the tokens
	lexErr *Error // the lexer's error after toks
	err    *Error
	depth  int
	overs  [][]*Ident // OVER window names used, per enclosing SELECT
}

// peek returns the token k places ahead (end of input after an error).
func (p *parser) peek(k int) token {
	if p.err != nil {
		return token{kind: tokEOF, pos: p.lx.pos()}
	}
	for len(p.toks)-p.head <= k {
		if p.lexErr != nil || len(p.toks) > p.head && p.toks[len(p.toks)-1].kind == tokEOF {
			break
		}
		t, err := p.lx.next()
		if err != nil {
			p.lexErr = err
			break
		}
		p.toks = append(p.toks, t)
	}
	if p.head+k < len(p.toks) {
		return p.toks[p.head+k]
	}
	if len(p.toks) > p.head && p.toks[len(p.toks)-1].kind == tokEOF {
		return p.toks[len(p.toks)-1]
	}
	return token{kind: tokEOF, pos: p.lx.pos()}
}

// cur is the current token; a lexer error becomes the parse error when reached.
func (p *parser) cur() token {
	t := p.peek(0)
	if p.head == len(p.toks) && p.lexErr != nil && p.err == nil {
		p.err = p.lexErr
	}
	return t
}

func (p *parser) advance() token {
	t := p.cur()
	if p.head < len(p.toks) && t.kind != tokEOF {
		p.head++
		if p.head == len(p.toks) {
			p.toks, p.head = p.toks[:0], 0
		}
	}
	return t
}

// fail records a syntax error at the current token unless one is recorded.
func (p *parser) fail(expected string) {
	if p.err == nil {
		t := p.cur()
		if p.err == nil {
			p.err = syntaxError(t.pos, expected, t.describe())
		}
	}
}

// failAt records a semantic error unless one is recorded.
func (p *parser) failAt(e *Error) {
	if p.err == nil {
		p.err = e
	}
}

// at returns the current token by reference, for the checks made many times per token.
func (p *parser) at() *token {
	if p.err == nil && p.head < len(p.toks) {
		return &p.toks[p.head]
	}
	p.eof = p.cur()
	if p.err == nil && p.head < len(p.toks) {
		return &p.toks[p.head]
	}
	return &p.eof
}

func (p *parser) isWord(w string) bool { t := p.at(); return t.kind == tokWord && t.text == w }
func (p *parser) isWordAt(k int, w string) bool {
	t := p.peek(k)
	return t.kind == tokWord && t.text == w
}
func (p *parser) isOp(s string) bool { t := p.at(); return t.kind == tokOp && t.text == s }

func (p *parser) acceptWord(w string) bool {
	if p.isWord(w) {
		p.advance()
		return true
	}
	return false
}

func (p *parser) acceptOp(s string) bool {
	if p.isOp(s) {
		p.advance()
		return true
	}
	return false
}

func (p *parser) expectWord(w string) {
	if !p.acceptWord(w) {
		p.fail(w)
	}
}

func (p *parser) expectOp(s string) {
	if !p.acceptOp(s) {
		p.fail(strconv.Quote(s))
	}
}

// enter counts one level of nesting at pos; it reports false (and records the error) past MaxDepth.
func (p *parser) enter(pos Pos) bool {
	p.depth++
	if p.depth > MaxDepth {
		p.failAt(&Error{Line: pos.Line, Column: pos.Column, Found: p.cur().describe(),
			Message: fmt.Sprintf("the text nests deeper than %d levels", MaxDepth)})
		return false
	}
	return p.err == nil
}

// isIdent reports whether the current token can be an identifier.
func (p *parser) isIdentAt(k int) bool {
	t := p.peek(k)
	return t.kind == tokQuoted || t.kind == tokWord && !reserved[t.text]
}

// ident reads an identifier; what names it in the error.
func (p *parser) ident(what string) Ident {
	t := p.cur()
	if !p.isIdentAt(0) {
		p.fail(what)
		return Ident{Pos: t.pos}
	}
	p.advance()
	return Ident{Pos: t.pos, Name: t.text}
}

// identList reads ( ident, … ) and reports a name given twice.
func (p *parser) identList(what string) []Ident {
	p.expectOp("(")
	var ids []Ident
	seen := map[string]bool{}
	for p.err == nil {
		id := p.ident(what)
		if seen[id.Name] && p.err == nil {
			p.failAt(semanticError(id.Pos, id.Name, "%s %q is listed twice", what, id.Name))
		}
		seen[id.Name] = true
		ids = append(ids, id)
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
	return ids
}

func (p *parser) script() *Script {
	s := &Script{Pos: p.cur().pos}
	for p.err == nil {
		for p.acceptOp(";") {
		}
		if p.cur().kind == tokEOF {
			break
		}
		st := p.statement()
		if p.err != nil {
			break
		}
		s.Statements = append(s.Statements, st)
		if !p.acceptOp(";") && p.cur().kind != tokEOF {
			p.fail(`";" or end of input`)
		}
	}
	return s
}

func (p *parser) statement() Statement {
	t := p.cur()
	switch {
	case p.isWord("CREATE"):
		p.advance()
		orReplace := false
		if p.acceptWord("OR") {
			p.expectWord("REPLACE")
			orReplace = true
		}
		switch {
		case p.acceptWord("STREAM"):
			return p.createStream(t.pos, orReplace)
		case p.acceptWord("PUMP"):
			name := p.ident("a pump name")
			p.expectWord("AS")
			return &CreatePump{Pos: t.pos, OrReplace: orReplace, Name: name, Insert: p.insert()}
		}
		if orReplace {
			p.fail("STREAM or PUMP")
		} else {
			p.fail("OR REPLACE, STREAM or PUMP")
		}
		return nil
	case p.isWord("INSERT"):
		return p.insert()
	case p.isWord("SELECT") || p.isOp("("):
		return &QueryStatement{Pos: t.pos, Query: p.query()}
	}
	p.fail("CREATE, INSERT or SELECT")
	return nil
}

func (p *parser) createStream(pos Pos, orReplace bool) *CreateStream {
	cs := &CreateStream{Pos: pos, OrReplace: orReplace, Name: p.ident("a stream name")}
	p.expectOp("(")
	seen := map[string]bool{}
	for p.err == nil {
		c := ColumnDef{Pos: p.cur().pos, Name: p.ident("a column name")}
		if p.err == nil && seen[c.Name.Name] {
			p.failAt(semanticError(c.Name.Pos, c.Name.Name, "duplicate column name %q in stream %q", c.Name.Name, cs.Name.Name))
		}
		seen[c.Name.Name] = true
		c.Type = p.dataType()
		if p.acceptWord("NOT") {
			p.expectWord("NULL")
			c.NotNull = true
		}
		cs.Columns = append(cs.Columns, c)
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
	return cs
}

// typeParams is how many parenthesised numbers each type takes, at most.
var typeParams = map[string]int{
	"VARCHAR": 1, "CHAR": 1, "VARBINARY": 1, "BINARY": 1, "DECIMAL": 2, "INTEGER": 0, "BIGINT": 0,
	"SMALLINT": 0, "TINYINT": 0, "DOUBLE": 0, "REAL": 0, "FLOAT": 1, "BOOLEAN": 0, "TIMESTAMP": 1, "DATE": 0,
	"TIME": 1,
}

// dataType reads a type name with its parameters.
func (p *parser) dataType() DataType {
	t := p.cur()
	dt := DataType{Pos: t.pos}
	if t.kind != tokWord {
		p.fail("a type")
		return dt
	}
	p.advance()
	name := t.text
	switch name {
	case "INT":
		name = "INTEGER"
	case "DEC", "NUMERIC":
		name = "DECIMAL"
	case "DOUBLE":
		p.acceptWord("PRECISION")
	case "CHARACTER":
		name = "CHAR"
		if p.acceptWord("VARYING") {
			name = "VARCHAR"
		}
	}
	max, ok := typeParams[name]
	if !ok {
		p.failAt(semanticError(t.pos, t.text, "unknown type %s", t.text))
		return dt
	}
	dt.Name = name
	if p.acceptOp("(") {
		for p.err == nil {
			n := p.cur()
			v, err := strconv.Atoi(n.text)
			if n.kind != tokNumber || err != nil || strings.ContainsAny(n.text, ".E") {
				p.fail("an unsigned integer")
				return dt
			}
			p.advance()
			dt.Params = append(dt.Params, v)
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
		switch {
		case p.err != nil:
		case len(dt.Params) > max:
			p.failAt(semanticError(t.pos, name, "type %s takes at most %d parameters, not %d", name, max, len(dt.Params)))
		case (name == "VARCHAR" || name == "CHAR" || name == "VARBINARY" || name == "BINARY" || name == "DECIMAL") && dt.Params[0] < 1:
			p.failAt(semanticError(t.pos, name, "type %s needs a length or precision of at least 1", name))
		case name == "DECIMAL" && len(dt.Params) == 2 && dt.Params[1] > dt.Params[0]:
			p.failAt(semanticError(t.pos, name, "DECIMAL scale %d exceeds its precision %d", dt.Params[1], dt.Params[0]))
		}
	}
	return dt
}

func (p *parser) insert() *Insert {
	t := p.cur()
	p.expectWord("INSERT")
	p.expectWord("INTO")
	ins := &Insert{Pos: t.pos, Into: p.ident("a stream name")}
	if p.isOp("(") && !p.isWordAt(1, "SELECT") && !p.isOpAt(1, "(") {
		ins.Columns = p.identList("a column name")
	}
	if !p.isWord("SELECT") && !p.isOp("(") {
		p.fail("SELECT")
		return ins
	}
	ins.Query = p.query()
	return ins
}

func (p *parser) isOpAt(k int, s string) bool { t := p.peek(k); return t.kind == tokOp && t.text == s }

// query reads a query: SELECT blocks or parenthesised queries joined by UNION, EXCEPT or INTERSECT, all of one
// precedence, left-associative.
func (p *parser) query() Query {
	saved := p.depth
	defer func() { p.depth = saved }()
	pos := p.cur().pos
	if !p.enter(pos) {
		return nil
	}
	left := p.queryTerm()
	for p.err == nil {
		var op SetOp
		switch {
		case p.isWord("UNION"):
			op = Union
		case p.isWord("EXCEPT"):
			op = Except
		case p.isWord("INTERSECT"):
			op = Intersect
		default:
			return left
		}
		p.advance()
		if !p.enter(pos) {
			return nil
		}
		all := p.acceptWord("ALL")
		if !all {
			p.acceptWord("DISTINCT")
		}
		left = &SetOperation{Pos: left.Position(), Op: op, All: all, Left: left, Right: p.queryTerm()}
	}
	return left
}

func (p *parser) queryTerm() Query {
	if p.acceptOp("(") {
		q := p.query()
		p.expectOp(")")
		return q
	}
	return p.selectBlock()
}

func (p *parser) selectBlock() *Select {
	s := &Select{Pos: p.cur().pos}
	p.expectWord("SELECT")
	p.overs = append(p.overs, nil)
	defer func() { p.overs = p.overs[:len(p.overs)-1] }()
	s.Stream = p.acceptWord("STREAM")
	s.Quantifier = p.quantifier()
	for p.err == nil {
		it := SelectItem{Pos: p.cur().pos, Expr: p.expr()}
		it.Alias = p.alias()
		s.Items = append(s.Items, it)
		if !p.acceptOp(",") {
			break
		}
	}
	if p.acceptWord("FROM") {
		for p.err == nil {
			s.From = append(s.From, p.tableRef())
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptWord("WHERE") {
		s.Where = p.expr()
	}
	switch {
	case p.isWord("GROUP"):
		p.advance()
		p.expectWord("BY")
		s.GroupBy = p.exprList()
	case p.isWord("WINDOWED"):
		st := &Stagger{Pos: p.advance().pos}
		p.expectWord("BY")
		p.expectWord("STAGGER")
		p.expectOp("(")
		p.expectWord("PARTITION")
		p.expectWord("BY")
		st.PartitionBy = p.exprList()
		p.expectWord("RANGE")
		st.Range = p.expr()
		p.expectOp(")")
		s.Windowed = st
	}
	if p.acceptWord("HAVING") {
		s.Having = p.expr()
	}
	if p.acceptWord("WINDOW") {
		seen := map[string]bool{}
		for p.err == nil {
			w := NamedWindow{Pos: p.cur().pos, Name: p.ident("a window name")}
			if p.err == nil && seen[w.Name.Name] {
				p.failAt(semanticError(w.Name.Pos, w.Name.Name, "window %q is defined twice", w.Name.Name))
			}
			seen[w.Name.Name] = true
			p.expectWord("AS")
			w.Spec = p.windowSpec()
			s.Windows = append(s.Windows, w)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.isWord("ORDER") {
		p.advance()
		p.expectWord("BY")
		s.OrderBy = p.orderList()
	}
	if p.err == nil {
		for _, id := range p.overs[len(p.overs)-1] {
			if !s.hasWindow(id.Name) {
				p.failAt(semanticError(id.Pos, id.Name, "window %q is not defined in the WINDOW clause", id.Name))
				break
			}
		}
	}
	return s
}

func (s *Select) hasWindow(name string) bool {
	for _, w := range s.Windows {
		if w.Name.Name == name {
			return true
		}
	}
	return false
}

func (p *parser) quantifier() Quantifier {
	switch {
	case p.acceptWord("DISTINCT"):
		return Distinct
	case p.acceptWord("ALL"):
		return All
	}
	return NoQuantifier
}

// alias reads [AS] name, nil when there is none.
func (p *parser) alias() *Ident {
	if p.acceptWord("AS") || p.isIdentAt(0) {
		id := p.ident("an alias")
		return &id
	}
	return nil
}

func (p *parser) exprList() []Expr {
	var es []Expr
	for p.err == nil {
		es = append(es, p.expr())
		if !p.acceptOp(",") {
			break
		}
	}
	return es
}

func (p *parser) orderList() []OrderItem {
	var items []OrderItem
	for p.err == nil {
		it := OrderItem{Pos: p.cur().pos, Expr: p.expr()}
		switch {
		case p.acceptWord("ASC"):
			it.Direction = Asc
		case p.acceptWord("DESC"):
			it.Direction = Desc
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			break
		}
	}
	return items
}

// windowSpec reads ( [PARTITION BY …] [ORDER BY …] [ROWS|RANGE frame] ).
func (p *parser) windowSpec() *WindowSpec {
	w := &WindowSpec{Pos: p.cur().pos}
	p.expectOp("(")
	if p.acceptWord("PARTITION") {
		p.expectWord("BY")
		w.PartitionBy = p.exprList()
	}
	if p.acceptWord("ORDER") {
		p.expectWord("BY")
		w.OrderBy = p.orderList()
	}
	if p.isWord("ROWS") || p.isWord("RANGE") {
		t := p.advance()
		f := &Frame{Pos: t.pos, Unit: FrameUnit(t.text)}
		if p.acceptWord("BETWEEN") {
			f.Start = p.bound()
			p.expectWord("AND")
			end := p.bound()
			f.End = &end
		} else {
			f.Start = p.bound()
		}
		w.Frame = f
	}
	if !p.isOp(")") {
		switch {
		case w.Frame != nil:
			p.fail(`")"`)
		case w.OrderBy != nil:
			p.fail(`ROWS, RANGE or ")"`)
		default:
			p.fail(`PARTITION BY, ORDER BY, ROWS, RANGE or ")"`)
		}
	}
	p.advance()
	return w
}

func (p *parser) bound() Bound {
	b := Bound{Pos: p.cur().pos}
	switch {
	case p.acceptWord("UNBOUNDED"):
		b.Kind = p.direction(UnboundedPreceding, UnboundedFollowing)
	case p.acceptWord("CURRENT"):
		p.expectWord("ROW")
		b.Kind = CurrentRow
	default:
		b.Offset = p.concat()
		b.Kind = p.direction(Preceding, Following)
	}
	return b
}

// direction reads PRECEDING or FOLLOWING and returns the matching kind.
func (p *parser) direction(preceding, following BoundKind) BoundKind {
	switch {
	case p.acceptWord("PRECEDING"):
		return preceding
	case p.acceptWord("FOLLOWING"):
		return following
	}
	p.fail("PRECEDING or FOLLOWING")
	return ""
}

// over reads what follows OVER: a window name or a window specification.
func (p *parser) over(pos Pos) *Over {
	o := &Over{Pos: pos}
	if p.isOp("(") {
		o.Spec = p.windowSpec()
		return o
	}
	if !p.isIdentAt(0) {
		p.fail(`a window name or "("`)
		return o
	}
	id := p.ident("a window name")
	o.Name = &id
	if n := len(p.overs); n > 0 {
		p.overs[n-1] = append(p.overs[n-1], o.Name)
	}
	return o
}

// tableRef reads a FROM item with its joins, left-associative.
func (p *parser) tableRef() TableRef {
	saved := p.depth
	defer func() { p.depth = saved }()
	left := p.tablePrimary()
	for p.err == nil {
		j := &Join{Pos: left.Position()}
		switch {
		case p.isWord("JOIN"):
			j.Kind = InnerJoin
		case p.acceptWord("INNER"):
			j.Kind, j.Explicit = InnerJoin, true
		case p.acceptWord("LEFT"):
			j.Kind = LeftJoin
		case p.acceptWord("RIGHT"):
			j.Kind = RightJoin
		case p.acceptWord("FULL"):
			j.Kind = FullJoin
		case p.acceptWord("CROSS"):
			j.Kind = CrossJoin
		default:
			return left
		}
		if j.Kind == LeftJoin || j.Kind == RightJoin || j.Kind == FullJoin {
			j.Outer = p.acceptWord("OUTER")
		}
		p.expectWord("JOIN")
		if !p.enter(j.Pos) {
			return left
		}
		j.Left, j.Right = left, p.tablePrimary()
		if j.Kind != CrossJoin {
			switch {
			case p.acceptWord("ON"):
				j.On = p.expr()
			case p.acceptWord("USING"):
				j.Using = p.identList("a column name")
			default:
				p.fail("ON or USING")
			}
		}
		left = j
	}
	return left
}

func (p *parser) tablePrimary() TableRef {
	saved := p.depth
	defer func() { p.depth = saved }()
	t := p.cur()
	if !p.enter(t.pos) {
		return &TableName{Pos: t.pos}
	}
	switch {
	case p.isWord("TABLE"):
		p.advance()
		p.expectOp("(")
		tf := &TableFunction{Pos: t.pos}
		name := p.cur()
		if !p.isIdentAt(0) || !p.isOpAt(1, "(") {
			p.fail("a table function call")
			return tf
		}
		p.advance()
		tf.Call = p.call(Ident{Pos: name.pos, Name: name.text})
		p.expectOp(")")
		tf.Alias, tf.Columns = p.tableAlias()
		return tf
	case p.isOp("("):
		if p.isWordAt(1, "SELECT") || p.isOpAt(1, "(") && p.isWordAt(2, "SELECT") {
			p.advance()
			dt := &DerivedTable{Pos: t.pos, Query: p.query()}
			p.expectOp(")")
			dt.Alias, dt.Columns = p.tableAlias()
			return dt
		}
		p.advance()
		r := p.tableRef()
		p.expectOp(")")
		return r
	}
	tn := &TableName{Pos: t.pos, Name: []Ident{p.ident("a stream or table name")}}
	for p.err == nil && p.acceptOp(".") {
		tn.Name = append(tn.Name, p.ident("a stream or table name"))
	}
	if p.isWord("OVER") {
		tn.Over = p.over(p.advance().pos)
	}
	tn.Alias, tn.Columns = p.tableAlias()
	return tn
}

// tableAlias reads [AS] alias [(columns)].
func (p *parser) tableAlias() (*Ident, []Ident) {
	a := p.alias()
	if a != nil && p.isOp("(") {
		return a, p.identList("a column name")
	}
	return a, nil
}

// Expressions, by precedence from low to high: OR, AND, NOT, comparisons and predicates (= <> < <= > >= IS LIKE
// SIMILAR TO BETWEEN IN), ||, + -, * / %, unary - +.
func (p *parser) expr() Expr { return p.or() }

// chain parses a left-associative chain of the binary operators ops (tokens of kind) over next. Each operator
// counts one level against MaxDepth.
func (p *parser) chain(next func() Expr, kind tokenKind, ops ...string) Expr {
	saved := p.depth
	defer func() { p.depth = saved }()
	left := next()
	for p.err == nil {
		t := p.at()
		if t.kind != kind || !slices.Contains(ops, t.text) {
			return left
		}
		op := p.advance()
		if !p.enter(op.pos) {
			return left
		}
		left = &Binary{Pos: left.Position(), Op: op.text, L: left, R: next()}
	}
	return left
}

func (p *parser) or() Expr  { return p.chain(p.and, tokWord, "OR") }
func (p *parser) and() Expr { return p.chain(p.not, tokWord, "AND") }

func (p *parser) not() Expr   { return p.prefixed(tokWord, []string{"NOT"}, p.comparison) }
func (p *parser) unary() Expr { return p.prefixed(tokOp, []string{"-", "+"}, p.primary) }

// prefixed parses prefix operators ops (tokens of kind), each counting one level against MaxDepth, before an
// operand read by next.
func (p *parser) prefixed(kind tokenKind, ops []string, next func() Expr) Expr {
	if t := p.at(); t.kind != kind || !slices.Contains(ops, t.text) {
		return next()
	}
	saved := p.depth
	defer func() { p.depth = saved }()
	t := p.advance()
	if !p.enter(t.pos) {
		return nil
	}
	return &Unary{Pos: t.pos, Op: t.text, X: p.prefixed(kind, ops, next)}
}

func (p *parser) comparison() Expr {
	saved := p.depth
	defer func() { p.depth = saved }()
	left := p.concat()
	for p.err == nil {
		t := p.cur()
		pos := left.Position()
		if t.kind == tokOp {
			switch t.text {
			case "=", "<>", "!=", "<", "<=", ">", ">=":
				p.advance()
				if !p.enter(t.pos) {
					return left
				}
				op := t.text
				if op == "!=" {
					op = "<>"
				}
				left = &Binary{Pos: pos, Op: op, L: left, R: p.concat()}
				continue
			}
			return left
		}
		if t.kind != tokWord {
			return left
		}
		not := false
		if t.text == "NOT" {
			n := p.peek(1)
			if n.kind != tokWord || n.text != "LIKE" && n.text != "SIMILAR" && n.text != "BETWEEN" && n.text != "IN" {
				return left
			}
			p.advance()
			not = true
			t = p.cur()
		}
		switch t.text {
		case "IS", "LIKE", "SIMILAR", "BETWEEN", "IN":
		default:
			return left
		}
		p.advance()
		if !p.enter(t.pos) {
			return left
		}
		switch t.text {
		case "IS":
			is := &Is{Pos: pos, X: left, Not: p.acceptWord("NOT")}
			w := p.cur()
			if w.kind != tokWord || w.text != "NULL" && w.text != "TRUE" && w.text != "FALSE" && w.text != "UNKNOWN" {
				p.fail("NULL, TRUE, FALSE or UNKNOWN")
				return left
			}
			p.advance()
			is.What = w.text
			left = is
		case "LIKE", "SIMILAR":
			l := &Like{Pos: pos, X: left, Not: not, Similar: t.text == "SIMILAR"}
			if l.Similar {
				p.expectWord("TO")
			}
			l.Pattern = p.concat()
			if p.acceptWord("ESCAPE") {
				l.Escape = p.concat()
			}
			left = l
		case "BETWEEN":
			b := &Between{Pos: pos, X: left, Not: not, Low: p.concat()}
			p.expectWord("AND")
			b.High = p.concat()
			left = b
		case "IN":
			in := &In{Pos: pos, X: left, Not: not}
			p.expectOp("(")
			if p.isWord("SELECT") {
				in.Query = p.query()
			} else {
				in.List = p.exprList()
			}
			p.expectOp(")")
			left = in
		}
	}
	return left
}

func (p *parser) concat() Expr         { return p.chain(p.additive, tokOp, "||") }
func (p *parser) additive() Expr       { return p.chain(p.multiplicative, tokOp, "+", "-") }
func (p *parser) multiplicative() Expr { return p.chain(p.unary, tokOp, "*", "/", "%") }

// primary reads an operand; it never returns nil while no error is recorded.
func (p *parser) primary() Expr {
	saved := p.depth
	defer func() { p.depth = saved }()
	t := p.cur()
	if !p.enter(t.pos) {
		return &Literal{Pos: t.pos, Kind: NullLiteral}
	}
	switch t.kind {
	case tokNumber:
		p.advance()
		return &Literal{Pos: t.pos, Kind: NumberLiteral, Text: t.text}
	case tokString:
		p.advance()
		return &Literal{Pos: t.pos, Kind: StringLiteral, Text: t.text}
	case tokOp:
		if t.text == "*" {
			p.advance()
			return &Star{Pos: t.pos}
		}
		if t.text == "(" {
			if p.isWordAt(1, "SELECT") {
				p.advance()
				sq := &Subquery{Pos: t.pos, Query: p.query()}
				p.expectOp(")")
				return sq
			}
			p.advance()
			e := p.expr()
			p.expectOp(")")
			return e
		}
	case tokWord:
		switch t.text {
		case "NULL":
			p.advance()
			return &Literal{Pos: t.pos, Kind: NullLiteral, Text: "NULL"}
		case "TRUE", "FALSE":
			p.advance()
			return &Literal{Pos: t.pos, Kind: BoolLiteral, Text: t.text}
		case "INTERVAL":
			p.advance()
			return p.interval(t.pos)
		case "TIMESTAMP", "DATE", "TIME":
			if s := p.peek(1); s.kind == tokString {
				p.advance()
				p.advance()
				return &TypedLiteral{Pos: t.pos, Type: t.text, Value: s.text}
			}
		case "CASE":
			p.advance()
			return p.caseExpr(t.pos)
		case "CAST":
			p.advance()
			p.expectOp("(")
			c := &Cast{Pos: t.pos, X: p.expr()}
			p.expectWord("AS")
			c.Type = p.dataType()
			p.expectOp(")")
			return c
		case "EXISTS":
			p.advance()
			p.expectOp("(")
			sq := &Subquery{Pos: t.pos, Exists: true}
			if !p.isWord("SELECT") && !p.isOp("(") {
				p.fail("SELECT")
			}
			sq.Query = p.query()
			p.expectOp(")")
			return sq
		}
		if specialCalls[t.text] && p.isOpAt(1, "(") {
			p.advance()
			p.advance()
			return p.special(t)
		}
	}
	if !p.isIdentAt(0) {
		p.fail("an expression")
		return &Literal{Pos: t.pos, Kind: NullLiteral}
	}
	first := p.ident("an identifier")
	if p.isOp("(") {
		return p.call(first)
	}
	ref := &Ref{Pos: t.pos, Parts: []Ident{first}}
	for p.err == nil && p.acceptOp(".") {
		if p.isOp("*") {
			p.advance()
			return &Star{Pos: t.pos, Qualifier: ref.Parts}
		}
		ref.Parts = append(ref.Parts, p.ident("an identifier"))
	}
	return ref
}

// interval reads what follows INTERVAL: [sign] 'value' unit [(p)] [TO unit [(p)]].
func (p *parser) interval(pos Pos) Expr {
	iv := &IntervalLiteral{Pos: pos, Precision: -1, ToPrecision: -1}
	if p.acceptOp("-") {
		iv.Negative = true
	} else {
		p.acceptOp("+")
	}
	v := p.cur()
	if v.kind != tokString {
		p.fail("a quoted interval value such as '10'")
		return iv
	}
	p.advance()
	iv.Value = v.text
	iv.Unit, iv.Precision = p.intervalUnit()
	if p.acceptWord("TO") {
		iv.To, iv.ToPrecision = p.intervalUnit()
		if p.err == nil && !intervalRanges[iv.Unit+" "+iv.To] {
			p.failAt(semanticError(pos, iv.Unit+" TO "+iv.To, "invalid interval qualifier %s TO %s", iv.Unit, iv.To))
		}
	}
	if p.err == nil && !validIntervalValue(iv.Value, iv.To == "", iv.Unit == "SECOND") {
		p.failAt(semanticError(v.pos, "'"+iv.Value+"'", "invalid interval value '%s' for %s", iv.Value, intervalQualifier(iv)))
	}
	return iv
}

func intervalQualifier(iv *IntervalLiteral) string {
	if iv.To == "" {
		return iv.Unit
	}
	return iv.Unit + " TO " + iv.To
}

// validIntervalValue checks an interval's quoted value: digits (with a fraction for SECOND) for a single unit,
// digit groups separated by space, ':', '-' or '.' for a range; an optional sign first.
func validIntervalValue(v string, single, second bool) bool {
	v = strings.TrimSpace(v)
	if v != "" && (v[0] == '-' || v[0] == '+') {
		v = v[1:]
	}
	if v == "" || !isDigit(rune(v[0])) || !isDigit(rune(v[len(v)-1])) {
		return false
	}
	dots := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isDigit(rune(c)):
		case c == '.' && (second || !single):
			dots++
		case !single && (c == ' ' || c == ':' || c == '-'):
		default:
			return false
		}
	}
	return !single || dots <= 1
}

func (p *parser) intervalUnit() (string, int) {
	u := p.cur()
	if u.kind != tokWord || !intervalUnits[u.text] {
		p.fail("YEAR, MONTH, DAY, HOUR, MINUTE or SECOND")
		return "", -1
	}
	p.advance()
	prec := -1
	if p.acceptOp("(") {
		n := p.cur()
		v, err := strconv.Atoi(n.text)
		if n.kind != tokNumber || err != nil || v > 9 {
			p.fail("a precision from 0 to 9")
			return u.text, -1
		}
		p.advance()
		prec = v
		p.expectOp(")")
	}
	return u.text, prec
}

func (p *parser) caseExpr(pos Pos) Expr {
	c := &Case{Pos: pos}
	if !p.isWord("WHEN") {
		c.Operand = p.expr()
	}
	for p.err == nil && p.isWord("WHEN") {
		w := When{Pos: p.advance().pos, Cond: p.expr()}
		p.expectWord("THEN")
		w.Result = p.expr()
		c.Whens = append(c.Whens, w)
	}
	if c.Whens == nil {
		p.fail("WHEN")
	}
	if p.acceptWord("ELSE") {
		c.Else = p.expr()
	}
	p.expectWord("END")
	return c
}

// call reads a call's parenthesised arguments (the current token is "("), then IGNORE/RESPECT NULLS and OVER.
func (p *parser) call(name Ident) *Call {
	c := &Call{Pos: name.Pos, Name: name}
	p.expectOp("(")
	if !p.isOp(")") {
		c.Quantifier = p.quantifier()
		if c.Quantifier == NoQuantifier && p.isOp("*") && p.isOpAt(1, ")") {
			p.advance()
			c.Star = true
		} else {
			c.Args = p.exprList()
		}
	}
	p.expectOp(")")
	for _, w := range []string{"IGNORE", "RESPECT"} {
		if p.isWord(w) && p.isWordAt(1, "NULLS") {
			p.advance()
			p.advance()
			c.Nulls = w + " NULLS"
		}
	}
	if p.isWord("OVER") {
		c.Over = p.over(p.advance().pos)
	}
	return c
}

// special reads the arguments of STEP, FLOOR, CEIL, EXTRACT, POSITION or CURSOR after their "(".
func (p *parser) special(name token) Expr {
	switch name.text {
	case "STEP":
		s := &Step{Pos: name.pos, X: p.expr()}
		p.expectWord("BY")
		s.By = p.expr()
		p.expectOp(")")
		return s
	case "FLOOR", "CEIL", "CEILING":
		x := p.expr()
		if p.acceptWord("TO") {
			u := p.cur()
			if u.kind != tokWord || !timeUnits[u.text] {
				p.fail("a time unit such as MINUTE")
			}
			p.advance()
			p.expectOp(")")
			return &TimeFloor{Pos: name.pos, Ceil: name.text != "FLOOR", X: x, Unit: u.text}
		}
		c := &Call{Pos: name.pos, Name: Ident{Pos: name.pos, Name: name.text}, Args: []Expr{x}}
		for p.err == nil && p.acceptOp(",") {
			c.Args = append(c.Args, p.expr())
		}
		p.expectOp(")")
		return c
	case "EXTRACT":
		u := p.cur()
		if u.kind != tokWord || !timeUnits[u.text] {
			p.fail("a time unit such as SECOND")
		}
		p.advance()
		p.expectWord("FROM")
		e := &Extract{Pos: name.pos, Unit: u.text, X: p.expr()}
		p.expectOp(")")
		return e
	case "POSITION":
		ps := &Position{Pos: name.pos, Sub: p.concat()}
		p.expectWord("IN")
		ps.X = p.expr()
		p.expectOp(")")
		return ps
	}
	c := &Cursor{Pos: name.pos}
	if !p.isWord("SELECT") && !p.isOp("(") {
		p.fail("SELECT")
		return c
	}
	c.Query = p.query()
	p.expectOp(")")
	return c
}
