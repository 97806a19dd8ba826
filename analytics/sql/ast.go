package sql

// Pos is a position in the SQL text: Line and Column count from 1, Column in characters (runes), a tab counting
// as one. Every node of the syntax tree embeds the Pos of its first character.
type Pos struct {
	Line, Column int
}

// Position returns p; embedding Pos gives every node its Position method.
func (p Pos) Position() Pos { return p }

// Node is any node of the syntax tree. Nodes are plain data: Parse builds them, and nothing in the package
// modifies them afterwards, so a tree may be read from many goroutines at once; a caller that modifies one
// synchronises that itself.
type Node interface {
	Position() Pos
}

// Statement is a *CreateStream, *CreatePump, *Insert or *QueryStatement.
type Statement interface {
	Node
	statementNode()
}

// Query is a *Select or a *SetOperation (UNION, EXCEPT, INTERSECT).
type Query interface {
	Node
	queryNode()
}

// Expr is a value expression: *Ref, *Star, *Literal, *IntervalLiteral, *TypedLiteral, *Unary, *Binary, *Like, *Is,
// *Between, *In, *Case, *Cast, *Call, *Step, *TimeFloor, *Extract, *Position, *Cursor, *Subquery.
type Expr interface {
	Node
	exprNode()
}

// TableRef is an item of a FROM clause: *TableName, *DerivedTable, *TableFunction or *Join.
type TableRef interface {
	Node
	tableNode()
}

// Script is a whole application code: its statements in order. Like every node it is safe for concurrent reads.
type Script struct {
	Pos
	Statements []Statement
}

// Ident is an identifier as KDA resolves it: an unquoted identifier is upper-cased ("ticker" is TICKER), a quoted
// one ("heartRate") keeps its case and may hold any character. Two identifiers name the same thing iff their
// Names are equal, so "TICKER" and ticker are the same name.
type Ident struct {
	Pos
	Name string
}

// DataType is a column or CAST type. Name is canonical: VARCHAR, CHAR, INTEGER (INT), BIGINT, SMALLINT, TINYINT,
// DOUBLE (DOUBLE PRECISION), REAL, FLOAT, DECIMAL (DEC, NUMERIC), BOOLEAN, TIMESTAMP, DATE, TIME, VARBINARY,
// BINARY. Params holds the parenthesised numbers as written: a length (VARCHAR(64)), a precision and a scale
// (DECIMAL(5,2)), or none.
type DataType struct {
	Pos
	Name   string
	Params []int
}

// ColumnDef is one column of CREATE STREAM: name, type, NOT NULL.
type ColumnDef struct {
	Pos
	Name    Ident
	Type    DataType
	NotNull bool
}

// CreateStream is CREATE [OR REPLACE] STREAM name (columns).
type CreateStream struct {
	Pos
	OrReplace bool
	Name      Ident
	Columns   []ColumnDef
}

// CreatePump is CREATE [OR REPLACE] PUMP name AS INSERT INTO …: a continuous insert query.
type CreatePump struct {
	Pos
	OrReplace bool
	Name      Ident
	Insert    *Insert
}

// Insert is INSERT INTO stream [(columns)] query. Outside a pump KDA does not run it, but it parses.
type Insert struct {
	Pos
	Into    Ident
	Columns []Ident
	Query   Query
}

// QueryStatement is a query standing alone (the DG's join and error-stream snippets are written so).
type QueryStatement struct {
	Pos
	Query Query
}

// Quantifier is a set quantifier of SELECT or an aggregate: none, DISTINCT or ALL.
type Quantifier int

// The set quantifiers.
const (
	NoQuantifier Quantifier = iota
	Distinct
	All
)

// Select is one SELECT [STREAM] query block. Stream reports the STREAM keyword: KDA pumps select streams, and E10's
// HOTSPOTS pump omits it. Windowed is WINDOWED BY STAGGER (KDA puts it after WHERE, in place of GROUP BY); Windows
// are the named windows of the WINDOW clause.
type Select struct {
	Pos
	Stream     bool
	Quantifier Quantifier
	Items      []SelectItem
	From       []TableRef // comma-separated items; each may be a join tree
	Where      Expr
	GroupBy    []Expr
	Windowed   *Stagger
	Having     Expr
	Windows    []NamedWindow
	OrderBy    []OrderItem
}

// SelectItem is an expression of the select list with its alias (nil when none). A * or t.* is a *Star Expr.
type SelectItem struct {
	Pos
	Expr  Expr
	Alias *Ident
}

// SetOp names a set operation.
type SetOp string

// The set operations.
const (
	Union     SetOp = "UNION"
	Except    SetOp = "EXCEPT"
	Intersect SetOp = "INTERSECT"
)

// SetOperation is Left UNION [ALL] Right (or EXCEPT, INTERSECT), left-associative.
type SetOperation struct {
	Pos
	Op    SetOp
	All   bool
	Left  Query
	Right Query
}

// Stagger is WINDOWED BY STAGGER (PARTITION BY keys RANGE interval): a window per key that opens on the key's
// first row and closes Range later (DG:stagger-window-concepts).
type Stagger struct {
	Pos
	PartitionBy []Expr
	Range       Expr
}

// NamedWindow is name AS (spec) of a WINDOW clause.
type NamedWindow struct {
	Pos
	Name Ident
	Spec *WindowSpec
}

// WindowSpec is the parenthesised window of OVER or WINDOW: PARTITION BY, ORDER BY and a frame, each optional.
type WindowSpec struct {
	Pos
	PartitionBy []Expr
	OrderBy     []OrderItem
	Frame       *Frame
}

// FrameUnit is ROWS or RANGE.
type FrameUnit string

// The frame units.
const (
	Rows  FrameUnit = "ROWS"
	Range FrameUnit = "RANGE"
)

// Frame is RANGE|ROWS start, or RANGE|ROWS BETWEEN start AND end (End nil without BETWEEN). KDA's sliding windows
// are RANGE INTERVAL '1' MINUTE PRECEDING and ROWS 2 PRECEDING (DG:sliding-window-concepts).
type Frame struct {
	Pos
	Unit  FrameUnit
	Start Bound
	End   *Bound
}

// BoundKind is the kind of a frame bound.
type BoundKind string

// The frame bound kinds.
const (
	UnboundedPreceding BoundKind = "UNBOUNDED PRECEDING"
	Preceding          BoundKind = "PRECEDING"
	CurrentRow         BoundKind = "CURRENT ROW"
	Following          BoundKind = "FOLLOWING"
	UnboundedFollowing BoundKind = "UNBOUNDED FOLLOWING"
)

// Bound is a frame bound; Offset is the row count or interval of Preceding and Following, nil otherwise.
type Bound struct {
	Pos
	Kind   BoundKind
	Offset Expr
}

// Over is the window of OVER: a window named in the WINDOW clause (Name) or one written in place (Spec).
type Over struct {
	Pos
	Name *Ident
	Spec *WindowSpec
}

// Direction is the sort direction of an ORDER BY item as written.
type Direction int

// The sort directions; NoDirection sorts ascending.
const (
	NoDirection Direction = iota
	Asc
	Desc
)

// OrderItem is an expression of ORDER BY with its direction.
type OrderItem struct {
	Pos
	Expr      Expr
	Direction Direction
}

// TableName is a stream or reference table of FROM, optionally windowed with OVER (the right side of a windowed
// stream-to-stream join), with an alias and an alias column list.
type TableName struct {
	Pos
	Name    []Ident // one part, or schema-qualified parts
	Over    *Over
	Alias   *Ident
	Columns []Ident
}

// DerivedTable is (query) [AS alias [(columns)]]: E11's AS l(r) names the row a parse function returns.
type DerivedTable struct {
	Pos
	Query   Query
	Alias   *Ident
	Columns []Ident
}

// TableFunction is TABLE(fn(args)) in FROM: RANDOM_CUT_FOREST, RANDOM_CUT_FOREST_WITH_EXPLANATION, HOTSPOTS,
// TOP_K_ITEMS_TUMBLING and the like, whose first argument is usually a *Cursor.
type TableFunction struct {
	Pos
	Call    *Call
	Alias   *Ident
	Columns []Ident
}

// JoinKind is the kind of a join.
type JoinKind string

// The join kinds; Left, Right and Full are written with or without OUTER (Outer records which).
const (
	InnerJoin JoinKind = "INNER"
	LeftJoin  JoinKind = "LEFT"
	RightJoin JoinKind = "RIGHT"
	FullJoin  JoinKind = "FULL"
	CrossJoin JoinKind = "CROSS"
)

// Join is Left [kind] JOIN Right ON cond (or USING (columns)), left-associative. Explicit reports a written INNER;
// Outer a written OUTER.
type Join struct {
	Pos
	Kind     JoinKind
	Explicit bool
	Outer    bool
	Left     TableRef
	Right    TableRef
	On       Expr
	Using    []Ident
}

// Ref is a column, stream or niladic reference of one or more dot-separated parts: TICKER,
// "SOURCE_SQL_STREAM_001".ROWTIME, l.r.COLUMN1.
type Ref struct {
	Pos
	Parts []Ident
}

// Star is * or qualifier.* in a select list (or COUNT's argument is a Call with Star set instead).
type Star struct {
	Pos
	Qualifier []Ident
}

// LiteralKind is the kind of a literal.
type LiteralKind int

// The literal kinds.
const (
	NumberLiteral LiteralKind = iota
	StringLiteral
	BoolLiteral
	NullLiteral
)

// Literal is a number (Text as written: 8.0, 100000, 1.5E3), a string (Text is the value, quotes undone), TRUE or
// FALSE (Text upper case), or NULL.
type Literal struct {
	Pos
	Kind LiteralKind
	Text string
}

// IntervalLiteral is INTERVAL 'value' unit [(precision)] [TO unit [(precision)]]: INTERVAL '60' SECOND, INTERVAL
// '1:30' MINUTE TO SECOND. Precisions are -1 when not written.
type IntervalLiteral struct {
	Pos
	Negative    bool // INTERVAL -'1' DAY
	Value       string
	Unit        string // YEAR, MONTH, DAY, HOUR, MINUTE, SECOND
	Precision   int
	To          string // empty without TO
	ToPrecision int
}

// TypedLiteral is TIMESTAMP '…', DATE '…' or TIME '…'.
type TypedLiteral struct {
	Pos
	Type  string
	Value string
}

// Unary is an operator before its operand: "-", "+" or "NOT".
type Unary struct {
	Pos
	Op string
	X  Expr
}

// Binary is L op R with op one of OR AND = <> < <= > >= || + - * / %. Comparison != is read as <>.
type Binary struct {
	Pos
	Op   string
	L, R Expr
}

// Like is X [NOT] LIKE pattern [ESCAPE e], or X [NOT] SIMILAR TO pattern [ESCAPE e] when Similar.
type Like struct {
	Pos
	X       Expr
	Not     bool
	Similar bool
	Pattern Expr
	Escape  Expr
}

// Is is X IS [NOT] NULL / TRUE / FALSE / UNKNOWN (What is the upper-case word).
type Is struct {
	Pos
	X    Expr
	Not  bool
	What string
}

// Between is X [NOT] BETWEEN Low AND High.
type Between struct {
	Pos
	X         Expr
	Not       bool
	Low, High Expr
}

// In is X [NOT] IN (list) or X [NOT] IN (query).
type In struct {
	Pos
	X     Expr
	Not   bool
	List  []Expr
	Query Query
}

// Case is CASE [operand] WHEN … THEN … [ELSE …] END.
type Case struct {
	Pos
	Operand Expr
	Whens   []When
	Else    Expr
}

// When is one WHEN cond THEN result of a CASE.
type When struct {
	Pos
	Cond, Result Expr
}

// Cast is CAST(X AS type).
type Cast struct {
	Pos
	X    Expr
	Type DataType
}

// Call is a function call: Name (upper case unless quoted) with arguments, COUNT(*) (Star), an aggregate's DISTINCT
// or ALL, LAG's IGNORE NULLS / RESPECT NULLS (Nulls), and the analytic form's OVER window.
type Call struct {
	Pos
	Name       Ident
	Quantifier Quantifier
	Star       bool
	Args       []Expr
	Nulls      string // "", "IGNORE NULLS" or "RESPECT NULLS"
	Over       *Over
}

// Step is STEP(X BY Width): X rounded down to a multiple of Width, an interval for time values
// (SR:sql-reference-step).
type Step struct {
	Pos
	X, By Expr
}

// TimeFloor is FLOOR(X TO unit), or CEIL / CEILING (Ceil) — time rounded to a whole unit.
type TimeFloor struct {
	Pos
	Ceil bool
	X    Expr
	Unit string
}

// Extract is EXTRACT(unit FROM X).
type Extract struct {
	Pos
	Unit string
	X    Expr
}

// Position is POSITION(Sub IN X).
type Position struct {
	Pos
	Sub, X Expr
}

// Cursor is CURSOR(query), the stream argument of a table function.
type Cursor struct {
	Pos
	Query Query
}

// Subquery is a parenthesised query used as a value, or EXISTS (query) when Exists.
type Subquery struct {
	Pos
	Exists bool
	Query  Query
}

func (*CreateStream) statementNode()   {}
func (*CreatePump) statementNode()     {}
func (*Insert) statementNode()         {}
func (*QueryStatement) statementNode() {}

func (*Select) queryNode()       {}
func (*SetOperation) queryNode() {}

func (*TableName) tableNode()     {}
func (*DerivedTable) tableNode()  {}
func (*TableFunction) tableNode() {}
func (*Join) tableNode()          {}

func (*Ref) exprNode()             {}
func (*Star) exprNode()            {}
func (*Literal) exprNode()         {}
func (*IntervalLiteral) exprNode() {}
func (*TypedLiteral) exprNode()    {}
func (*Unary) exprNode()           {}
func (*Binary) exprNode()          {}
func (*Like) exprNode()            {}
func (*Is) exprNode()              {}
func (*Between) exprNode()         {}
func (*In) exprNode()              {}
func (*Case) exprNode()            {}
func (*Cast) exprNode()            {}
func (*Call) exprNode()            {}
func (*Step) exprNode()            {}
func (*TimeFloor) exprNode()       {}
func (*Extract) exprNode()         {}
func (*Position) exprNode()        {}
func (*Cursor) exprNode()          {}
func (*Subquery) exprNode()        {}
