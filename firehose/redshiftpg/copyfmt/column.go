package copyfmt

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Type is a column's data type, as far as COPY's conversions go.
type Type int

// The column types modelled: Redshift's numeric, character, boolean and datetime types, as PostgreSQL has them.
const (
	Smallint    Type = iota + 1 // SMALLINT, INT2
	Integer                     // INTEGER, INT, INT4
	Bigint                      // BIGINT, INT8
	Numeric                     // DECIMAL(p,s), NUMERIC(p,s)
	Real                        // REAL, FLOAT4
	Double                      // DOUBLE PRECISION, FLOAT8, FLOAT
	Varchar                     // VARCHAR(n), CHARACTER VARYING(n), TEXT (Length 0)
	Char                        // CHAR(n), CHARACTER(n), BPCHAR
	Boolean                     // BOOLEAN, BOOL
	Date                        // DATE
	Timestamp                   // TIMESTAMP WITHOUT TIME ZONE
	Timestamptz                 // TIMESTAMP WITH TIME ZONE
)

var typeNames = map[Type]string{
	Smallint: "int2", Integer: "int4", Bigint: "int8", Numeric: "numeric", Real: "float4", Double: "float8",
	Varchar: "varchar", Char: "bpchar", Boolean: "bool", Date: "date", Timestamp: "timestamp", Timestamptz: "timestamptz",
}

// String returns the type's short name, as STL_LOAD_ERRORS's type column shows it.
func (t Type) String() string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return "unknown"
}

func (t Type) character() bool { return t == Varchar || t == Char }

// Column is one column a COPY loads: from the column list or, without one, every column of the table. It is a
// plain value, read-only to the Decoder given it.
type Column struct {
	Name string
	Type Type
	// Length is a VARCHAR's or CHAR's width in bytes, as Redshift counts it; 0 means unlimited (TEXT).
	Length int
	// Precision and Scale are a NUMERIC's; Precision 0 means unconstrained (digits kept as given).
	Precision, Scale int
	// NotNull is NOT NULL; HasDefault is a DEFAULT, loaded for a JSON key that is absent.
	NotNull, HasDefault bool
}

// Decimal is a NUMERIC value: Coef × 10^Exp, with Big holding the coefficient when it does not fit an int64.
// It is an immutable value.
type Decimal struct {
	Coef int64
	Big  *big.Int
	Exp  int32
}

// BigInt returns the coefficient as a big.Int.
func (d Decimal) BigInt() *big.Int {
	if d.Big != nil {
		return d.Big
	}
	return big.NewInt(d.Coef)
}

// String formats the decimal in plain notation.
func (d Decimal) String() string {
	s := d.BigInt().String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if d.Exp > 0 {
		s += strings.Repeat("0", int(d.Exp))
	} else if d.Exp < 0 {
		n := int(-d.Exp)
		if len(s) <= n {
			s = strings.Repeat("0", n-len(s)+1) + s
		}
		s = s[:len(s)-n] + "." + s[len(s)-n:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// fieldErr is a value that does not convert: a Redshift load error code and reason, and the position in the
// field.
type fieldErr struct {
	code   int
	reason string
	pos    int
}

// The load error codes used (Database Developer Guide, "Load error reference").
const (
	CodeUnknown         = 1200
	CodeExtraColumns    = 1202
	CodeOutOfRange      = 1204
	CodeDateFormat      = 1205
	CodeTimestamp       = 1206
	CodeInvalidDigit    = 1207
	CodeFloatFormat     = 1208
	CodeDecimalFormat   = 1209
	CodeBooleanFormat   = 1210
	CodeNotNull         = 1213
	CodeDelimiter       = 1214
	CodeInvalidLine     = 1216
	CodeInvalidUTF8     = 1220
	CodeIntegerOverflow = 1222
)

func quoteValue(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return "'" + s + "'"
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n', '\v', '\f':
		default:
			return false
		}
	}
	return true
}

// nullText reports whether a text field (or JSON string) is loaded as NULL: "Empty fields for other data types,
// such as INT, are always loaded with NULL"; EMPTYASNULL and BLANKSASNULL do so for CHAR and VARCHAR
// (Data conversion parameters).
func (c *Column) nullText(s string, o *Options) bool {
	if c.Type.character() {
		return (s == "" && o.EmptyAsNull) || (s != "" && o.BlanksAsNull && isBlank(s))
	}
	return isBlank(s)
}

// convert converts a field's text to the column's Go value: int16, int32, int64, Decimal, float32, float64,
// string, bool or time.Time. The text is not NULL (see nullText).
func (c *Column) convert(s string, o *Options) (any, *fieldErr) {
	if c.Type.character() {
		return c.convertChar(s, o)
	}
	s = strings.Trim(s, " \t\r\n")
	switch c.Type {
	case Smallint:
		n, e := parseInt(s, 16, "Short")
		return int16(n), e
	case Integer:
		n, e := parseInt(s, 32, "Integer")
		return int32(n), e
	case Bigint:
		n, e := parseInt(s, 64, "Long")
		return n, e
	case Numeric:
		return parseDecimal(s, c.Precision, c.Scale, o.RoundDec)
	case Real, Double:
		bits, name := 64, "Double"
		if c.Type == Real {
			bits, name = 32, "Real"
		}
		for i := 0; i < len(s); i++ {
			if b := s[i]; b == '_' || b == 'x' || b == 'X' || b == 'p' || b == 'P' {
				return nil, &fieldErr{CodeFloatFormat, "Invalid digit, Value " + quoteValue(s[i:i+1]) + ", Pos " + strconv.Itoa(i) + ", Type: " + name, i}
			}
		}
		f, err := strconv.ParseFloat(s, bits)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !math.IsInf(f, 0) {
				f = 0 // underflow to zero, as Redshift stores it
			} else if ok && ne.Err == strconv.ErrRange {
				return nil, &fieldErr{CodeOutOfRange, "Overflow, Value " + quoteValue(s) + " exceeds the range of type " + name, 0}
			} else {
				return nil, &fieldErr{CodeFloatFormat, "Invalid digit, Value " + quoteValue(s) + ", Pos 0, Type: " + name, 0}
			}
		}
		if bits == 32 {
			return float32(f), nil
		}
		return f, nil
	case Boolean:
		switch strings.ToLower(s) {
		case "t", "true", "y", "yes", "1":
			return true, nil
		case "f", "false", "n", "no", "0":
			return false, nil
		}
		return nil, &fieldErr{CodeBooleanFormat, "Invalid boolean value " + quoteValue(s), 0}
	case Date:
		l := o.dateLayout
		if l == nil {
			l = defaultDate
		}
		t, ok := l.parse(s)
		if !ok {
			return nil, &fieldErr{CodeDateFormat, "Invalid date format - " + quoteValue(s) + " does not match " + formatName(o.DateFormat, "YYYY-MM-DD"), 0}
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	case Timestamp, Timestamptz:
		l := o.timeLayout
		if l == nil {
			l = defaultTime
		}
		t, ok := l.parse(s)
		if !ok {
			return nil, &fieldErr{CodeTimestamp, "Invalid timestamp format or value [" + formatName(o.TimeFormat, "YYYY-MM-DD HH24:MI:SS") + "]", 0}
		}
		return t.Truncate(time.Microsecond), nil
	}
	return nil, &fieldErr{CodeUnknown, "Unsupported column type", 0}
}

func formatName(f, def string) string {
	if f == "" {
		return def
	}
	return f
}

// convertChar applies TRIMBLANKS, ACCEPTINVCHARS and the column width (TRUNCATECOLUMNS) to a CHAR or VARCHAR
// value. Redshift counts VARCHAR and CHAR widths in bytes; a value within the width in bytes fits PostgreSQL's
// width in characters too.
func (c *Column) convertChar(s string, o *Options) (any, *fieldErr) {
	if o.TrimBlanks && c.Type == Varchar {
		s = strings.TrimRight(s, " \t")
	}
	if c.Type == Char {
		s = strings.TrimRight(s, " ")
	}
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		if !o.AcceptInvChars {
			bad := badUTF8(s)
			return nil, &fieldErr{CodeInvalidUTF8, "String contains invalid or unsupported UTF8 codepoints. Bad UTF8 hex sequence: " + bad, 0}
		}
		s = replaceInvalid(s, o.InvCharReplacement)
	}
	if c.Length > 0 && len(s) > c.Length {
		if !o.TruncateColumns {
			return nil, &fieldErr{CodeOutOfRange, "String length exceeds DDL length", c.Length}
		}
		n := c.Length
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return s, nil
}

func badUTF8(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0 || (r == utf8.RuneError && n <= 1) {
			return strconv.FormatUint(uint64(s[i]), 16)
		}
		i += n
	}
	return ""
}

// replaceInvalid replaces each byte of an invalid UTF-8 sequence, and each NUL, with r: "an invalid three-byte
// character will be replaced with '^^^'" (ACCEPTINVCHARS).
func replaceInvalid(s string, r byte) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		if c == 0 || (c == utf8.RuneError && n <= 1) {
			b.WriteByte(r)
			i++
			continue
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

func parseInt(s string, bits int, name string) (int64, *fieldErr) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i == len(s) {
		return 0, &fieldErr{CodeInvalidDigit, "Invalid digit, Value " + quoteValue(s) + ", Pos 0, Type: " + name, 0}
	}
	for j := i; j < len(s); j++ {
		if s[j] < '0' || s[j] > '9' {
			return 0, &fieldErr{CodeInvalidDigit, "Invalid digit, Value " + quoteValue(s[j:j+1]) + ", Pos " + strconv.Itoa(j) + ", Type: " + name, j}
		}
	}
	n, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		lo, hi := int64(-1)<<(bits-1), int64(uint64(1)<<(bits-1)-1)
		return 0, &fieldErr{CodeOutOfRange, "Overflow (" + name + " valid range " + strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10) + ")", 0}
	}
	return n, nil
}

// parseDecimal reads [+-]digits[.digits] into a Decimal of the column's scale: "By default, COPY truncates values
// when necessary to fit the scale of the column"; with ROUNDEC it rounds (Data conversion parameters). A value
// with more integer digits than precision − scale is out of range.
func parseDecimal(s string, precision, scale int, round bool) (any, *fieldErr) {
	invalid := func(i int) *fieldErr {
		v := s
		if i < len(s) {
			v = s[i : i+1]
		}
		return &fieldErr{CodeDecimalFormat, "Invalid digit, Value " + quoteValue(v) + ", Pos " + strconv.Itoa(i) + ", Type: Decimal", i}
	}
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	intStart := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intPart := s[intStart:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		frac = s[fs:i]
	}
	if i != len(s) || (intPart == "" && frac == "") {
		return nil, invalid(i)
	}
	roundUp := false
	if precision > 0 {
		if len(frac) > scale {
			roundUp = round && frac[scale] >= '5'
			frac = frac[:scale]
		}
		for len(frac) < scale {
			frac += "0"
		}
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	exp := -len(frac)
	var d Decimal
	d.Exp = int32(exp)
	if len(digits) <= 18 {
		var n int64
		for j := 0; j < len(digits); j++ {
			n = n*10 + int64(digits[j]-'0')
		}
		if roundUp {
			n++
		}
		if neg {
			n = -n
		}
		d.Coef = n
	} else {
		b, _ := new(big.Int).SetString(digits, 10)
		if roundUp {
			b.Add(b, big.NewInt(1))
		}
		if neg {
			b.Neg(b)
		}
		d.Big = b
	}
	if precision > 0 && integerDigits(d) > precision-scale {
		return nil, &fieldErr{CodeOutOfRange, "Numeric data overflow (result precision)", 0}
	}
	return d, nil
}

// integerDigits counts the digits of d before its decimal point.
func integerDigits(d Decimal) int {
	n := 0
	if d.Big != nil {
		n = len(new(big.Int).Abs(d.Big).String())
	} else {
		c := d.Coef
		if c < 0 {
			c = -c
		}
		for ; c > 0; c /= 10 {
			n++
		}
	}
	return max(0, n+int(d.Exp))
}
