package sql

import (
	"strconv"
	"strings"
)

// Print returns n as canonical SQL text: keywords upper case, identifiers unquoted when KDA would read them back
// unchanged (upper case letters, digits and _, not a reserved word) and quoted otherwise, only the parentheses
// precedence needs, one clause per line for statements and derived tables (queries inside expressions, such as
// CURSOR(…), on one line), and ";" after every statement of a Script. For every tree Parse returns from at most
// MaxApplicationCodeBytes of text, Parse(Print(tree)) returns the same tree but for positions. n may be any node
// Inspect visits; a part of a statement prints as it reads inside the statement (a *SelectItem as "X AS Y", an
// *Over without OVER); a nil n prints as "".
func Print(n Node) string {
	var pr printer
	pr.node(n)
	return pr.b.String()
}

// maxIndent bounds the indentation of nested queries, which keeps the printed text within a small multiple of
// the parsed text (see MaxInputBytes) however deeply queries nest.
const maxIndent = 16

// printer writes SQL text; indent is the current line prefix of multi-line queries, flat puts a query on one line.
type printer struct {
	b      strings.Builder
	indent string
	flat   bool
}

func (pr *printer) w(s string) { pr.b.WriteString(s) }

// nl starts a new clause: a new line at the indent, or a space when flat.
func (pr *printer) nl() {
	if pr.flat {
		pr.w(" ")
		return
	}
	pr.w("\n" + pr.indent)
}

func (pr *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
	case *Script:
		for i, s := range n.Statements {
			if i > 0 {
				pr.w("\n")
			}
			pr.node(s)
			pr.w(";\n")
		}
	case Statement:
		pr.statement(n)
	case Query:
		pr.query(n)
	case Expr:
		pr.expr(n, 0)
	case TableRef:
		pr.table(n)
	case *DataType:
		pr.dataType(*n)
	case *Ident:
		pr.ident(*n)
	case *ColumnDef:
		pr.column(*n)
	case *SelectItem:
		pr.selectItem(*n)
	case *OrderItem:
		pr.orderItem(*n)
	case *NamedWindow:
		pr.namedWindow(*n)
	case *WindowSpec:
		pr.windowSpec(n)
	case *Frame:
		pr.frame(n)
	case *Bound:
		pr.bound(*n)
	case *Over:
		pr.overBody(n)
	case *Stagger:
		pr.stagger(n)
	case *When:
		pr.w("WHEN ")
		pr.expr(n.Cond, 0)
		pr.w(" THEN ")
		pr.expr(n.Result, 0)
	}
}

// plainIdent reports whether name reads back unchanged unquoted.
func plainIdent(name string) bool {
	if name == "" || reserved[name] {
		return false
	}
	for i, r := range name {
		switch {
		case r >= 'A' && r <= 'Z', r == '_':
		case i > 0 && (r >= '0' && r <= '9' || r == '$'):
		default:
			return false
		}
	}
	// Words read specially before a string or "(" are quoted so that they always read back as names.
	switch name {
	case "TIMESTAMP", "DATE", "TIME":
		return false
	}
	return true
}

func (pr *printer) ident(id Ident) {
	if plainIdent(id.Name) {
		pr.w(id.Name)
		return
	}
	pr.w(`"` + strings.ReplaceAll(id.Name, `"`, `""`) + `"`)
}

func (pr *printer) idents(ids []Ident, sep string) {
	for i, id := range ids {
		if i > 0 {
			pr.w(sep)
		}
		pr.ident(id)
	}
}

func (pr *printer) identList(ids []Ident) {
	pr.w("(")
	pr.idents(ids, ", ")
	pr.w(")")
}

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (pr *printer) dataType(t DataType) {
	pr.w(t.Name)
	if len(t.Params) > 0 {
		pr.w("(")
		for i, v := range t.Params {
			if i > 0 {
				pr.w(", ")
			}
			pr.w(strconv.Itoa(v))
		}
		pr.w(")")
	}
}

// create prints CREATE [OR REPLACE] what name.
func (pr *printer) create(orReplace bool, what string, name Ident) {
	pr.w("CREATE ")
	if orReplace {
		pr.w("OR REPLACE ")
	}
	pr.w(what + " ")
	pr.ident(name)
}

func (pr *printer) statement(s Statement) {
	switch s := s.(type) {
	case *CreateStream:
		pr.create(s.OrReplace, "STREAM", s.Name)
		pr.w(" (")
		for i, c := range s.Columns {
			if i > 0 {
				pr.w(",")
			}
			pr.w("\n    ")
			pr.column(c)
		}
		pr.w(")")
	case *CreatePump:
		pr.create(s.OrReplace, "PUMP", s.Name)
		pr.w(" AS")
		pr.nl()
		pr.statement(s.Insert)
	case *Insert:
		if s == nil {
			return
		}
		pr.w("INSERT INTO ")
		pr.ident(s.Into)
		if s.Columns != nil {
			pr.w(" ")
			pr.identList(s.Columns)
		}
		pr.nl()
		pr.query(s.Query)
	case *QueryStatement:
		pr.query(s.Query)
	}
}

func (pr *printer) query(q Query) {
	switch q := q.(type) {
	case *Select:
		pr.selectBlock(q)
	case *SetOperation:
		pr.query(q.Left)
		pr.nl()
		pr.w(string(q.Op))
		if q.All {
			pr.w(" ALL")
		}
		pr.nl()
		if _, nested := q.Right.(*SetOperation); nested {
			pr.subquery(q.Right)
		} else {
			pr.query(q.Right)
		}
	}
}

// subquery prints (query): on one line when flat, else indented on lines of its own.
func (pr *printer) subquery(q Query) {
	if pr.flat {
		pr.w("(")
		pr.query(q)
		pr.w(")")
		return
	}
	saved := pr.indent
	if len(pr.indent) < maxIndent {
		pr.indent += "    "
	}
	pr.w("(")
	pr.nl()
	pr.query(q)
	pr.indent = saved
	pr.nl()
	pr.w(")")
}

// flatQuery prints a query inside an expression on one line.
func (pr *printer) flatQuery(q Query) {
	saved := pr.flat
	pr.flat = true
	pr.query(q)
	pr.flat = saved
}

func (pr *printer) exprs(es []Expr) {
	for i, e := range es {
		if i > 0 {
			pr.w(", ")
		}
		pr.expr(e, 0)
	}
}

func (pr *printer) selectBlock(s *Select) {
	pr.w("SELECT ")
	if s.Stream {
		pr.w("STREAM ")
	}
	switch s.Quantifier {
	case Distinct:
		pr.w("DISTINCT ")
	case All:
		pr.w("ALL ")
	}
	for i, it := range s.Items {
		if i > 0 {
			pr.w(", ")
		}
		pr.selectItem(it)
	}
	if s.From != nil {
		pr.nl()
		pr.w("FROM ")
		for i, t := range s.From {
			if i > 0 {
				pr.w(", ")
			}
			pr.table(t)
		}
	}
	pr.clause("WHERE", s.Where)
	if s.GroupBy != nil {
		pr.nl()
		pr.w("GROUP BY ")
		pr.exprs(s.GroupBy)
	}
	if s.Windowed != nil {
		pr.nl()
		pr.stagger(s.Windowed)
	}
	pr.clause("HAVING", s.Having)
	if s.Windows != nil {
		pr.nl()
		pr.w("WINDOW ")
		for i, w := range s.Windows {
			if i > 0 {
				pr.w(", ")
			}
			pr.namedWindow(w)
		}
	}
	if s.OrderBy != nil {
		pr.nl()
		pr.w("ORDER BY ")
		pr.orderItems(s.OrderBy)
	}
}

// clause prints a clause of one expression on a line of its own, if there is one.
func (pr *printer) clause(keyword string, e Expr) {
	if e != nil {
		pr.nl()
		pr.w(keyword + " ")
		pr.expr(e, 0)
	}
}

func (pr *printer) orderItems(items []OrderItem) {
	for i, it := range items {
		if i > 0 {
			pr.w(", ")
		}
		pr.orderItem(it)
	}
}

func (pr *printer) orderItem(it OrderItem) {
	pr.expr(it.Expr, 0)
	switch it.Direction {
	case Asc:
		pr.w(" ASC")
	case Desc:
		pr.w(" DESC")
	}
}

func (pr *printer) windowSpec(w *WindowSpec) {
	pr.w("(")
	sep := ""
	if w.PartitionBy != nil {
		pr.w("PARTITION BY ")
		pr.exprs(w.PartitionBy)
		sep = " "
	}
	if w.OrderBy != nil {
		pr.w(sep + "ORDER BY ")
		pr.orderItems(w.OrderBy)
		sep = " "
	}
	if w.Frame != nil {
		pr.w(sep)
		pr.frame(w.Frame)
	}
	pr.w(")")
}

func (pr *printer) frame(f *Frame) {
	pr.w(string(f.Unit) + " ")
	if f.End != nil {
		pr.w("BETWEEN ")
		pr.bound(f.Start)
		pr.w(" AND ")
		pr.bound(*f.End)
		return
	}
	pr.bound(f.Start)
}

func (pr *printer) column(c ColumnDef) {
	pr.ident(c.Name)
	pr.w(" ")
	pr.dataType(c.Type)
	if c.NotNull {
		pr.w(" NOT NULL")
	}
}

func (pr *printer) selectItem(it SelectItem) {
	pr.expr(it.Expr, 0)
	if it.Alias != nil {
		pr.w(" AS ")
		pr.ident(*it.Alias)
	}
}

func (pr *printer) namedWindow(w NamedWindow) {
	pr.ident(w.Name)
	pr.w(" AS ")
	if w.Spec != nil {
		pr.windowSpec(w.Spec)
	}
}

func (pr *printer) stagger(st *Stagger) {
	pr.w("WINDOWED BY STAGGER (PARTITION BY ")
	pr.exprs(st.PartitionBy)
	pr.w(" RANGE ")
	pr.expr(st.Range, 0)
	pr.w(")")
}

func (pr *printer) bound(b Bound) {
	if b.Offset != nil {
		// An offset that starts with the name CURRENT or UNBOUNDED (a column so named, quoted in the source) has
		// the name quoted so that it does not read back as CURRENT ROW or UNBOUNDED PRECEDING. No keyword that
		// starts an expression is spelt so, so the word is a name.
		sub := printer{flat: true}
		sub.expr(b.Offset, precConcat)
		text := sub.b.String()
		if w := leadingWord(text); w == "CURRENT" || w == "UNBOUNDED" {
			text = `"` + w + `"` + text[len(w):]
		}
		pr.w(text + " ")
	}
	pr.w(string(b.Kind))
}

// leadingWord returns the unquoted word text starts with.
func leadingWord(text string) string {
	i := 0
	for i < len(text) && (text[i] == '_' || text[i] == '$' || text[i] >= 'A' && text[i] <= 'Z' || text[i] >= '0' && text[i] <= '9') {
		i++
	}
	return text[:i]
}

// endsWithBareInterval reports whether e prints ending with an interval literal without TO, which a following
// TO (of FLOOR(x TO unit)) would extend.
func endsWithBareInterval(e Expr) bool {
	for {
		switch x := e.(type) {
		case *IntervalLiteral:
			return x.To == ""
		case *Binary:
			e = x.R
		case *Unary:
			e = x.X
		case *Like:
			if x.Escape != nil {
				e = x.Escape
			} else {
				e = x.Pattern
			}
		case *Between:
			e = x.High
		default:
			return false
		}
	}
}

func (pr *printer) over(o *Over) {
	pr.w(" OVER ")
	pr.overBody(o)
}

// overBody prints what follows OVER: a window name or specification.
func (pr *printer) overBody(o *Over) {
	if o.Name != nil {
		pr.ident(*o.Name)
		return
	}
	pr.windowSpec(o.Spec)
}

func (pr *printer) tableAlias(a *Ident, cols []Ident) {
	if a == nil {
		return
	}
	pr.w(" AS ")
	pr.ident(*a)
	if cols != nil {
		pr.identList(cols)
	}
}

func (pr *printer) table(t TableRef) {
	switch t := t.(type) {
	case *TableName:
		pr.idents(t.Name, ".")
		if t.Over != nil {
			pr.over(t.Over)
		}
		pr.tableAlias(t.Alias, t.Columns)
	case *DerivedTable:
		pr.subquery(t.Query)
		pr.tableAlias(t.Alias, t.Columns)
	case *TableFunction:
		pr.w("TABLE(")
		pr.call(t.Call)
		pr.w(")")
		pr.tableAlias(t.Alias, t.Columns)
	case *Join:
		pr.table(t.Left)
		pr.nl()
		switch {
		case t.Kind == InnerJoin && !t.Explicit:
		case t.Kind == InnerJoin || t.Kind == CrossJoin:
			pr.w(string(t.Kind) + " ")
		default:
			pr.w(string(t.Kind) + " ")
			if t.Outer {
				pr.w("OUTER ")
			}
		}
		pr.w("JOIN ")
		if _, nested := t.Right.(*Join); nested {
			pr.w("(")
			pr.table(t.Right)
			pr.w(")")
		} else {
			pr.table(t.Right)
		}
		switch {
		case t.On != nil:
			pr.w(" ON ")
			pr.expr(t.On, 0)
		case t.Using != nil:
			pr.w(" USING ")
			pr.identList(t.Using)
		}
	}
}

// Precedences of expressions, low to high, as the parser reads them.
const (
	precOr = 1 + iota
	precAnd
	precNot
	precCompare
	precConcat
	precAdd
	precMul
	precUnary
	precPrimary
)

func precedence(e Expr) int {
	switch e := e.(type) {
	case *Binary:
		switch e.Op {
		case "OR":
			return precOr
		case "AND":
			return precAnd
		case "||":
			return precConcat
		case "+", "-":
			return precAdd
		case "*", "/", "%":
			return precMul
		}
		return precCompare
	case *Unary:
		if e.Op == "NOT" {
			return precNot
		}
		return precUnary
	case *Like, *Is, *Between, *In:
		return precCompare
	}
	return precPrimary
}

// expr prints e, in parentheses when its precedence is below min.
func (pr *printer) expr(e Expr, min int) {
	if e == nil {
		return
	}
	if precedence(e) < min {
		pr.w("(")
		pr.expr(e, 0)
		pr.w(")")
		return
	}
	switch e := e.(type) {
	case *Ref:
		pr.idents(e.Parts, ".")
	case *Star:
		if e.Qualifier != nil {
			pr.idents(e.Qualifier, ".")
			pr.w(".")
		}
		pr.w("*")
	case *Literal:
		switch e.Kind {
		case StringLiteral:
			pr.w(quoteString(e.Text))
		case NullLiteral:
			pr.w("NULL")
		default:
			pr.w(e.Text)
		}
	case *IntervalLiteral:
		pr.w("INTERVAL ")
		if e.Negative {
			pr.w("-")
		}
		pr.w(quoteString(e.Value) + " " + e.Unit)
		if e.Precision >= 0 {
			pr.w("(" + strconv.Itoa(e.Precision) + ")")
		}
		if e.To != "" {
			pr.w(" TO " + e.To)
			if e.ToPrecision >= 0 {
				pr.w("(" + strconv.Itoa(e.ToPrecision) + ")")
			}
		}
	case *TypedLiteral:
		pr.w(e.Type + " " + quoteString(e.Value))
	case *Unary:
		if e.Op == "NOT" {
			pr.w("NOT ")
			pr.expr(e.X, precNot)
			return
		}
		pr.w(e.Op)
		if _, signed := e.X.(*Unary); signed {
			pr.w(" ") // - -x, not --x, which would start a comment
		}
		pr.expr(e.X, precUnary)
	case *Binary:
		p := precedence(e)
		pr.expr(e.L, p)
		pr.w(" " + e.Op + " ")
		pr.expr(e.R, p+1)
	case *Like:
		pr.expr(e.X, precCompare)
		if e.Not {
			pr.w(" NOT")
		}
		if e.Similar {
			pr.w(" SIMILAR TO ")
		} else {
			pr.w(" LIKE ")
		}
		pr.expr(e.Pattern, precConcat)
		if e.Escape != nil {
			pr.w(" ESCAPE ")
			pr.expr(e.Escape, precConcat)
		}
	case *Is:
		pr.expr(e.X, precCompare)
		pr.w(" IS ")
		if e.Not {
			pr.w("NOT ")
		}
		pr.w(e.What)
	case *Between:
		pr.expr(e.X, precCompare)
		if e.Not {
			pr.w(" NOT")
		}
		pr.w(" BETWEEN ")
		pr.expr(e.Low, precConcat)
		pr.w(" AND ")
		pr.expr(e.High, precConcat)
	case *In:
		pr.expr(e.X, precCompare)
		if e.Not {
			pr.w(" NOT")
		}
		pr.w(" IN (")
		if e.Query != nil {
			pr.flatQuery(e.Query)
		} else {
			pr.exprs(e.List)
		}
		pr.w(")")
	case *Case:
		pr.w("CASE")
		if e.Operand != nil {
			pr.w(" ")
			pr.expr(e.Operand, 0)
		}
		for _, w := range e.Whens {
			pr.w(" WHEN ")
			pr.expr(w.Cond, 0)
			pr.w(" THEN ")
			pr.expr(w.Result, 0)
		}
		if e.Else != nil {
			pr.w(" ELSE ")
			pr.expr(e.Else, 0)
		}
		pr.w(" END")
	case *Cast:
		pr.w("CAST(")
		pr.expr(e.X, 0)
		pr.w(" AS ")
		pr.dataType(e.Type)
		pr.w(")")
	case *Call:
		pr.call(e)
	case *Step:
		pr.w("STEP(")
		pr.expr(e.X, 0)
		pr.w(" BY ")
		pr.expr(e.By, 0)
		pr.w(")")
	case *TimeFloor:
		if e.Ceil {
			pr.w("CEIL(")
		} else {
			pr.w("FLOOR(")
		}
		if endsWithBareInterval(e.X) {
			pr.w("(")
			pr.expr(e.X, 0)
			pr.w(")")
		} else {
			pr.expr(e.X, 0)
		}
		pr.w(" TO " + e.Unit + ")")
	case *Extract:
		pr.w("EXTRACT(" + e.Unit + " FROM ")
		pr.expr(e.X, 0)
		pr.w(")")
	case *Position:
		pr.w("POSITION(")
		pr.expr(e.Sub, precConcat)
		pr.w(" IN ")
		pr.expr(e.X, 0)
		pr.w(")")
	case *Cursor:
		pr.w("CURSOR(")
		pr.flatQuery(e.Query)
		pr.w(")")
	case *Subquery:
		if e.Exists {
			pr.w("EXISTS ")
		}
		pr.w("(")
		pr.flatQuery(e.Query)
		pr.w(")")
	}
}

func (pr *printer) call(c *Call) {
	if c == nil {
		return
	}
	if mustQuoteCall(c) {
		pr.w(`"` + strings.ReplaceAll(c.Name.Name, `"`, `""`) + `"`)
	} else {
		pr.w(c.Name.Name)
	}
	pr.w("(")
	switch c.Quantifier {
	case Distinct:
		pr.w("DISTINCT ")
	case All:
		pr.w("ALL ")
	}
	if c.Star {
		pr.w("*")
	}
	pr.exprs(c.Args)
	pr.w(")")
	if c.Nulls != "" {
		pr.w(" " + c.Nulls)
	}
	if c.Over != nil {
		pr.over(c.Over)
	}
}

// mustQuoteCall reports whether a plain call's name must be quoted to read back as a plain call: the names with a
// syntax of their own read otherwise (FLOOR(x) and FLOOR(x, y) read back as calls; FLOOR(DISTINCT x) would not).
func mustQuoteCall(c *Call) bool {
	switch c.Name.Name {
	case "STEP", "EXTRACT", "POSITION", "CURSOR":
		return true
	case "FLOOR", "CEIL", "CEILING":
		return c.Quantifier != NoQuantifier || c.Star || len(c.Args) == 0
	}
	return !plainIdent(c.Name.Name)
}
