package sql

// Inspect walks the tree under n depth-first in source order: it calls f(node) and, if f returns true, walks the
// node's children, each a Node: statements, queries, table references, expressions and the parts between them
// (*SelectItem, *OrderItem, *NamedWindow, *WindowSpec, *Frame, *Bound, *Over, *Stagger, *When, *ColumnDef,
// *DataType, *Ident). Nil children are skipped. Subqueries (CURSOR, derived tables, IN, EXISTS) are walked like
// any child; a planner that scopes names per SELECT stops at them by returning false for the *Select.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	ids := func(ids []Ident) {
		for i := range ids {
			Inspect(&ids[i], f)
		}
	}
	optIdent := func(id *Ident) {
		if id != nil {
			Inspect(id, f)
		}
	}
	exprs := func(es []Expr) {
		for _, e := range es {
			inspectExpr(e, f)
		}
	}
	orders := func(items []OrderItem) {
		for i := range items {
			Inspect(&items[i], f)
		}
	}
	switch n := n.(type) {
	case *Script:
		for _, s := range n.Statements {
			Inspect(s, f)
		}
	case *CreateStream:
		Inspect(&n.Name, f)
		for i := range n.Columns {
			Inspect(&n.Columns[i], f)
		}
	case *ColumnDef:
		Inspect(&n.Name, f)
		Inspect(&n.Type, f)
	case *CreatePump:
		Inspect(&n.Name, f)
		if n.Insert != nil {
			Inspect(n.Insert, f)
		}
	case *Insert:
		Inspect(&n.Into, f)
		ids(n.Columns)
		inspectQuery(n.Query, f)
	case *QueryStatement:
		inspectQuery(n.Query, f)
	case *SetOperation:
		inspectQuery(n.Left, f)
		inspectQuery(n.Right, f)
	case *Select:
		for i := range n.Items {
			Inspect(&n.Items[i], f)
		}
		for _, t := range n.From {
			Inspect(t, f)
		}
		inspectExpr(n.Where, f)
		exprs(n.GroupBy)
		if n.Windowed != nil {
			Inspect(n.Windowed, f)
		}
		inspectExpr(n.Having, f)
		for i := range n.Windows {
			Inspect(&n.Windows[i], f)
		}
		orders(n.OrderBy)
	case *SelectItem:
		inspectExpr(n.Expr, f)
		optIdent(n.Alias)
	case *OrderItem:
		inspectExpr(n.Expr, f)
	case *Stagger:
		exprs(n.PartitionBy)
		inspectExpr(n.Range, f)
	case *NamedWindow:
		Inspect(&n.Name, f)
		if n.Spec != nil {
			Inspect(n.Spec, f)
		}
	case *WindowSpec:
		exprs(n.PartitionBy)
		orders(n.OrderBy)
		if n.Frame != nil {
			Inspect(n.Frame, f)
		}
	case *Frame:
		Inspect(&n.Start, f)
		if n.End != nil {
			Inspect(n.End, f)
		}
	case *Bound:
		inspectExpr(n.Offset, f)
	case *Over:
		optIdent(n.Name)
		if n.Spec != nil {
			Inspect(n.Spec, f)
		}
	case *TableName:
		ids(n.Name)
		if n.Over != nil {
			Inspect(n.Over, f)
		}
		optIdent(n.Alias)
		ids(n.Columns)
	case *DerivedTable:
		inspectQuery(n.Query, f)
		optIdent(n.Alias)
		ids(n.Columns)
	case *TableFunction:
		if n.Call != nil {
			Inspect(n.Call, f)
		}
		optIdent(n.Alias)
		ids(n.Columns)
	case *Join:
		Inspect(n.Left, f)
		Inspect(n.Right, f)
		inspectExpr(n.On, f)
		ids(n.Using)
	case *Ref:
		ids(n.Parts)
	case *Star:
		ids(n.Qualifier)
	case *Unary:
		inspectExpr(n.X, f)
	case *Binary:
		inspectExpr(n.L, f)
		inspectExpr(n.R, f)
	case *Like:
		inspectExpr(n.X, f)
		inspectExpr(n.Pattern, f)
		inspectExpr(n.Escape, f)
	case *Is:
		inspectExpr(n.X, f)
	case *Between:
		inspectExpr(n.X, f)
		inspectExpr(n.Low, f)
		inspectExpr(n.High, f)
	case *In:
		inspectExpr(n.X, f)
		exprs(n.List)
		inspectQuery(n.Query, f)
	case *Case:
		inspectExpr(n.Operand, f)
		for i := range n.Whens {
			Inspect(&n.Whens[i], f)
		}
		inspectExpr(n.Else, f)
	case *When:
		inspectExpr(n.Cond, f)
		inspectExpr(n.Result, f)
	case *Cast:
		inspectExpr(n.X, f)
		Inspect(&n.Type, f)
	case *Call:
		Inspect(&n.Name, f)
		exprs(n.Args)
		if n.Over != nil {
			Inspect(n.Over, f)
		}
	case *Step:
		inspectExpr(n.X, f)
		inspectExpr(n.By, f)
	case *TimeFloor:
		inspectExpr(n.X, f)
	case *Extract:
		inspectExpr(n.X, f)
	case *Position:
		inspectExpr(n.Sub, f)
		inspectExpr(n.X, f)
	case *Cursor:
		inspectQuery(n.Query, f)
	case *Subquery:
		inspectQuery(n.Query, f)
	}
}

// inspectExpr and inspectQuery skip nil interfaces, which Inspect cannot tell from a typed nil.
func inspectExpr(e Expr, f func(Node) bool) {
	if e != nil {
		Inspect(e, f)
	}
}

func inspectQuery(q Query, f func(Node) bool) {
	if q != nil {
		Inspect(q, f)
	}
}
