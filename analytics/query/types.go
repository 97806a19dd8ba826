package query

import (
	"cmp"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kinesim/kinesim/apierr"
)

// Kind is a SQL type of Kinesis Data Analytics for SQL (developer guide, sch-mapping; SQL reference, data types),
// plus INTERVAL, the type of interval literals such as INTERVAL '1' MINUTE.
type Kind uint8

// The kinds. Null is the kind of the untyped NULL literal.
const (
	Null Kind = iota
	Boolean
	TinyInt
	SmallInt
	Integer
	BigInt
	Decimal
	Real
	Double
	Char
	Varchar
	Varbinary
	Date
	Time
	Timestamp
	Interval
)

var kindNames = [...]string{"NULL", "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DECIMAL", "REAL", "DOUBLE",
	"CHAR", "VARCHAR", "VARBINARY", "DATE", "TIME", "TIMESTAMP", "INTERVAL"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "KIND(" + strconv.Itoa(int(k)) + ")"
}

// IsInteger reports whether k is TINYINT, SMALLINT, INTEGER or BIGINT.
func (k Kind) IsInteger() bool { return k >= TinyInt && k <= BigInt }

// IsNumeric reports whether k is an integer kind, DECIMAL, REAL or DOUBLE: the kinds RANDOM_CUT_FOREST and HOTSPOTS
// read are the numeric kinds but DECIMAL (SQL reference, sqlrf-random-cut-forest).
func (k Kind) IsNumeric() bool { return k >= TinyInt && k <= Double }

// IsString reports whether k is CHAR or VARCHAR.
func (k Kind) IsString() bool { return k == Char || k == Varchar }

// Type is a SQL type: a kind with its length (CHAR(n), VARCHAR(n), VARBINARY(n); 0 is unbounded) or its precision
// and scale (DECIMAL(p,s)).
type Type struct {
	Kind      Kind
	Length    int
	Precision int
	Scale     int
}

// The types without parameters, for building schemas.
var (
	BooleanType   = Type{Kind: Boolean}
	TinyIntType   = Type{Kind: TinyInt}
	SmallIntType  = Type{Kind: SmallInt}
	IntegerType   = Type{Kind: Integer}
	BigIntType    = Type{Kind: BigInt}
	RealType      = Type{Kind: Real}
	DoubleType    = Type{Kind: Double}
	DateType      = Type{Kind: Date}
	TimeType      = Type{Kind: Time}
	TimestampType = Type{Kind: Timestamp}
	IntervalType  = Type{Kind: Interval}
)

// VarcharType returns VARCHAR(n).
func VarcharType(n int) Type { return Type{Kind: Varchar, Length: n} }

// CharType returns CHAR(n).
func CharType(n int) Type { return Type{Kind: Char, Length: n} }

// VarbinaryType returns VARBINARY(n).
func VarbinaryType(n int) Type { return Type{Kind: Varbinary, Length: n} }

// DecimalType returns DECIMAL(p,s).
func DecimalType(p, s int) Type { return Type{Kind: Decimal, Precision: p, Scale: s} }

// String returns the type as SQL writes it: VARCHAR(4), DECIMAL(5,2), DOUBLE.
func (t Type) String() string {
	switch t.Kind {
	case Char, Varchar, Varbinary:
		if t.Length > 0 {
			return t.Kind.String() + "(" + strconv.Itoa(t.Length) + ")"
		}
	case Decimal:
		return "DECIMAL(" + strconv.Itoa(t.Precision) + "," + strconv.Itoa(t.Scale) + ")"
	}
	return t.Kind.String()
}

// Limits of the types: the widest string (a row is at most 512 KB) and the widest DECIMAL an int64 holds.
const (
	MaxLength           = 512 * 1024
	MaxDecimalPrecision = 18
)

// ParseType parses a SQL type as a schema declares it: VARCHAR(64), CHAR(2), INTEGER, INT, BIGINT, SMALLINT,
// TINYINT, DOUBLE, DOUBLE PRECISION, FLOAT, REAL, DECIMAL(5,2), NUMERIC, BOOLEAN, TIMESTAMP, DATE, TIME,
// VARBINARY(16), case-insensitively. It returns an error wrapping apierr.InvalidArgument for anything else.
func ParseType(s string) (Type, error) {
	u := strings.ToUpper(strings.Join(strings.Fields(s), " "))
	name, args, hasArgs := strings.Cut(u, "(")
	name = strings.TrimSpace(name)
	var nums []int
	if hasArgs {
		inner, ok := strings.CutSuffix(strings.TrimSpace(args), ")")
		if !ok {
			return Type{}, badType(s)
		}
		for _, p := range strings.Split(inner, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n < 0 {
				return Type{}, badType(s)
			}
			nums = append(nums, n)
		}
	}
	simple := map[string]Kind{"BOOLEAN": Boolean, "TINYINT": TinyInt, "SMALLINT": SmallInt, "INTEGER": Integer,
		"INT": Integer, "BIGINT": BigInt, "REAL": Real, "DOUBLE": Double, "DOUBLE PRECISION": Double, "FLOAT": Double,
		"DATE": Date, "TIME": Time, "TIMESTAMP": Timestamp}
	if k, ok := simple[name]; ok {
		if hasArgs {
			return Type{}, badType(s)
		}
		return Type{Kind: k}, nil
	}
	switch name {
	case "VARCHAR", "CHAR", "CHARACTER", "VARBINARY", "CHARACTER VARYING":
		k := map[string]Kind{"VARCHAR": Varchar, "CHARACTER VARYING": Varchar, "CHAR": Char, "CHARACTER": Char, "VARBINARY": Varbinary}[name]
		switch {
		case len(nums) == 1 && nums[0] >= 1 && nums[0] <= MaxLength:
			return Type{Kind: k, Length: nums[0]}, nil
		case !hasArgs && k == Char:
			return Type{Kind: Char, Length: 1}, nil
		}
	case "DECIMAL", "NUMERIC", "DEC":
		switch {
		case !hasArgs:
			return Type{Kind: Decimal, Precision: MaxDecimalPrecision}, nil
		case len(nums) == 1 && nums[0] >= 1 && nums[0] <= MaxDecimalPrecision:
			return Type{Kind: Decimal, Precision: nums[0]}, nil
		case len(nums) == 2 && nums[0] >= 1 && nums[0] <= MaxDecimalPrecision && nums[1] <= nums[0]:
			return Type{Kind: Decimal, Precision: nums[0], Scale: nums[1]}, nil
		}
	}
	return Type{}, badType(s)
}

func badType(s string) error { return apierr.InvalidArgument.New("Unsupported SQL type %q.", s) }

// Column is a named, typed column of a schema.
type Column struct {
	Name string
	Type Type
}

// Schema is the columns of a stream's rows, in order. Every row also has ROWTIME, which no schema lists.
type Schema []Column

// Index returns the position of the column name, or −1. An exact match wins; otherwise a name matches a column
// qualified by a join alias ("c.Company" for "Company") when exactly one does.
func (s Schema) Index(name string) int {
	for i, c := range s {
		if c.Name == name {
			return i
		}
	}
	found := -1
	for i, c := range s {
		if j := strings.LastIndexByte(c.Name, '.'); j >= 0 && c.Name[j+1:] == name {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// String returns the schema as a column list: (TICKER VARCHAR(4), PRICE DOUBLE).
func (s Schema) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name + " " + c.Type.String())
	}
	b.WriteByte(')')
	return b.String()
}

// Value is one SQL value: NULL or a value of a kind. Values are small and immutable; the zero Value is NULL.
// Integers, BOOLEAN (1 or 0), DECIMAL (unscaled, with its scale), DATE (days since 1970-01-01), TIME (nanoseconds
// since midnight), TIMESTAMP (Unix nanoseconds, UTC) and INTERVAL (nanoseconds) are held as an int64; REAL and
// DOUBLE as a float64; CHAR, VARCHAR and VARBINARY as a string.
type Value struct {
	kind  Kind
	scale int8
	i     int64
	f     float64
	s     string
}

// NullValue is SQL NULL.
var NullValue = Value{}

// Constructors of values.
func Bool(b bool) Value {
	if b {
		return Value{kind: Boolean, i: 1}
	}
	return Value{kind: Boolean}
}
func Int(k Kind, n int64) Value { return Value{kind: k, i: n} }
func Int64(n int64) Value       { return Value{kind: BigInt, i: n} }
func Float(f float64) Value     { return Value{kind: Double, f: f} }
func Float32(f float32) Value   { return Value{kind: Real, f: float64(f)} }
func String(s string) Value     { return Value{kind: Varchar, s: s} }
func Bytes(b []byte) Value      { return Value{kind: Varbinary, s: string(b)} }
func DecimalValue(unscaled int64, scale int) Value {
	return Value{kind: Decimal, i: unscaled, scale: int8(scale)}
}
func TimestampValue(t time.Time) Value    { return Value{kind: Timestamp, i: t.UnixNano()} }
func TimestampNanos(n int64) Value        { return Value{kind: Timestamp, i: n} }
func IntervalValue(d time.Duration) Value { return Value{kind: Interval, i: int64(d)} }
func DateValue(t time.Time) Value {
	y, m, d := t.Date()
	return Value{kind: Date, i: time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400}
}
func TimeValue(h, m, s, nanos int) Value {
	return Value{kind: Time, i: int64(h)*int64(time.Hour) + int64(m)*int64(time.Minute) + int64(s)*int64(time.Second) + int64(nanos)}
}

// Kind returns the value's kind, Null for NULL.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is NULL.
func (v Value) IsNull() bool { return v.kind == Null }

// Int returns an integer, BOOLEAN, DATE, TIME, TIMESTAMP or INTERVAL value's int64 (a DECIMAL's integer part, a
// float's truncation).
func (v Value) Int() int64 {
	switch v.kind {
	case Real, Double:
		return int64(v.f)
	case Decimal:
		return v.i / pow10[v.scale]
	}
	return v.i
}

// Float returns a numeric value as a float64.
func (v Value) Float() float64 {
	switch v.kind {
	case Real, Double:
		return v.f
	case Decimal:
		return float64(v.i) / float64(pow10[v.scale])
	}
	return float64(v.i)
}

// Str returns a CHAR, VARCHAR or VARBINARY value's text.
func (v Value) Str() string { return v.s }

// Bool returns a BOOLEAN value's truth.
func (v Value) Bool() bool { return v.i != 0 }

// Time returns a TIMESTAMP value as a time.Time in UTC.
func (v Value) Time() time.Time { return time.Unix(0, v.i).UTC() }

// Equal reports whether two values are equal as SQL compares them (NULL equals nothing, not even NULL).
func (v Value) Equal(w Value) bool {
	c, ok := Compare(v, w)
	return ok && c == 0
}

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// Compare orders two non-NULL values of comparable kinds: −1, 0 or 1, and ok false when either is NULL or they
// do not compare (a string with a number).
func Compare(a, b Value) (int, bool) {
	if a.kind == Null || b.kind == Null {
		return 0, false
	}
	switch {
	case a.kind.IsNumeric() && b.kind.IsNumeric():
		if a.kind.IsInteger() && b.kind.IsInteger() || a.kind == Decimal && b.kind == Decimal && a.scale == b.scale {
			return cmp.Compare(a.i, b.i), true
		}
		x, y := a.Float(), b.Float()
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case (a.kind.IsString() || a.kind == Varbinary) && (b.kind.IsString() || b.kind == Varbinary):
		x, y := a.s, b.s
		if a.kind == Char || b.kind == Char { // CHAR compares padded: trailing blanks do not count
			x, y = strings.TrimRight(x, " "), strings.TrimRight(y, " ")
		}
		return strings.Compare(x, y), true
	case a.kind == b.kind:
		return cmp.Compare(a.i, b.i), true
	}
	return 0, false
}

// TimestampLayout is how timestamps print: KDA's console form, 2016-07-19 17:05:00.000.
const TimestampLayout = "2006-01-02 15:04:05.000"

// String returns the value as text: what CAST(v AS VARCHAR) gives, and "NULL" for NULL.
func (v Value) String() string {
	if v.kind == Null {
		return "NULL"
	}
	return string(v.AppendText(nil))
}

// AppendText appends the value's text form to b (nothing for NULL): numbers in shortest form, booleans as
// TRUE/FALSE, timestamps as TimestampLayout, VARBINARY as hex.
func (v Value) AppendText(b []byte) []byte {
	switch v.kind {
	case Null:
		return b
	case Boolean:
		if v.i != 0 {
			return append(b, "TRUE"...)
		}
		return append(b, "FALSE"...)
	case TinyInt, SmallInt, Integer, BigInt:
		return strconv.AppendInt(b, v.i, 10)
	case Decimal:
		return appendDecimal(b, v.i, int(v.scale))
	case Real:
		return strconv.AppendFloat(b, v.f, 'g', -1, 32)
	case Double:
		return strconv.AppendFloat(b, v.f, 'g', -1, 64)
	case Char, Varchar:
		return append(b, v.s...)
	case Varbinary:
		return hex.AppendEncode(b, []byte(v.s))
	case Date:
		return time.Unix(v.i*86400, 0).UTC().AppendFormat(b, "2006-01-02")
	case Time:
		return time.Unix(0, v.i).UTC().AppendFormat(b, "15:04:05.000")
	case Timestamp:
		return time.Unix(0, v.i).UTC().AppendFormat(b, TimestampLayout)
	case Interval:
		return append(b, time.Duration(v.i).String()...)
	}
	return b
}

func appendDecimal(b []byte, unscaled int64, scale int) []byte {
	if scale == 0 {
		return strconv.AppendInt(b, unscaled, 10)
	}
	neg := unscaled < 0
	u := uint64(unscaled)
	if neg {
		u = uint64(-unscaled)
		b = append(b, '-')
	}
	digits := strconv.FormatUint(u, 10)
	for len(digits) <= scale {
		digits = "0" + digits
	}
	b = append(b, digits[:len(digits)-scale]...)
	b = append(b, '.')
	return append(b, digits[len(digits)-scale:]...)
}

// Row is one row of an in-application stream: its ROWTIME (Unix nanoseconds, UTC) and its values in schema
// order. Operators treat the Values of the rows they are given as read-only and may share them in their output.
type Row struct {
	Rowtime int64
	Values  []Value
}

// RowtimeOf returns t as a ROWTIME.
func RowtimeOf(t time.Time) int64 { return t.UnixNano() }

// Time returns the row's ROWTIME as a time.Time in UTC.
func (r Row) Time() time.Time { return time.Unix(0, r.Rowtime).UTC() }

// Format writes the row as one line of text, ROWTIME first, values separated by tabs: the form of the golden
// files.
func (r Row) Format() string {
	b := time.Unix(0, r.Rowtime).UTC().AppendFormat(nil, TimestampLayout)
	for _, v := range r.Values {
		b = append(b, '\t')
		if v.kind == Null {
			b = append(b, "NULL"...)
			continue
		}
		b = v.AppendText(b)
	}
	return string(b)
}

// RuntimeError is an error of evaluating an expression on a row: a division by zero, a value that does not cast,
// an overflow. It becomes a row of the error stream, never a panic (developer guide, error-handling).
type RuntimeError struct {
	// Name is the error stream's ERROR_NAME: "DivisionByZero", "CastError", "NumericOverflow", "InvalidArgument".
	Name    string
	Message string
}

func (e *RuntimeError) Error() string { return e.Name + ": " + e.Message }

func runtimeErr(name, format string, args ...any) *RuntimeError {
	return &RuntimeError{Name: name, Message: fmt.Sprintf(format, args...)}
}

// floatOK reports whether f is a value SQL can hold (not NaN or infinite).
func floatOK(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
