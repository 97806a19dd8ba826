package convert

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// errValue is the error of a JSON value that its column's type cannot take.
type errValue struct {
	column string
	msg    string
}

func (e *errValue) Error() string { return "column " + e.column + ": " + e.msg }

func valueError(column, format string, args ...any) error {
	return &errValue{column: column, msg: fmt.Sprintf(format, args...)}
}

// lookup returns the value of the field name of obj under the deserializer's rules (nil when absent): for
// OpenX, keys are lower-cased when CaseInsensitive and their dots turned into underscores when
// ConvertDotsInJsonKeysToUnderscores; Hive matches names case-insensitively, as Hive's column names are.
func (c *Converter) lookup(obj map[string]any, name string) any {
	if v, ok := obj[name]; ok {
		return v
	}
	if !c.caseInsensitive && !c.dotsToUnderscores {
		return nil
	}
	for k, v := range obj {
		if c.normalize(k) == name {
			return v
		}
	}
	return nil
}

func (c *Converter) normalize(k string) string {
	if c.caseInsensitive {
		k = strings.ToLower(k)
	}
	if c.dotsToUnderscores {
		k = strings.ReplaceAll(k, ".", "_")
	}
	return k
}

// stringOf renders a JSON value for a string column: strings as they are, numbers and booleans as their JSON text,
// and (OpenX only) objects and arrays as compact JSON.
func (c *Converter) stringOf(column string, t *Type, v any) (string, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = string(x)
	case bool:
		s = strconv.FormatBool(x)
	default:
		if !c.openX {
			return "", valueError(column, "the Hive JSON SerDe does not convert nested JSON into a string")
		}
		b, err := json.Marshal(x)
		if err != nil {
			return "", valueError(column, "%v", err)
		}
		s = string(b)
	}
	switch t.Kind {
	case Varchar:
		s = truncateRunes(s, t.Length)
	case Char:
		s = truncateRunes(s, t.Length)
		if n := utf8.RuneCountInString(s); n < t.Length {
			s += strings.Repeat(" ", t.Length-n)
		}
	}
	return s, nil
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// numberText returns the text of a JSON number, or (OpenX only) of a string holding one.
func (c *Converter) numberText(column string, v any) (string, error) {
	switch x := v.(type) {
	case json.Number:
		return string(x), nil
	case string:
		if c.openX {
			return strings.TrimSpace(x), nil
		}
		return "", valueError(column, "the Hive JSON SerDe does not read a number from the string %q", x)
	}
	return "", valueError(column, "%s is not a number", jsonKind(v))
}

func (c *Converter) integer(column string, t *Type, v any) (int64, error) {
	s, err := c.numberText(column, v)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, valueError(column, "%q is not an integer of type %s", s, t)
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	switch t.Kind {
	case TinyInt:
		lo, hi = math.MinInt8, math.MaxInt8
	case SmallInt:
		lo, hi = math.MinInt16, math.MaxInt16
	case Int:
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if n < lo || n > hi {
		return 0, valueError(column, "%d is out of the range of %s", n, t)
	}
	return n, nil
}

func (c *Converter) float(column string, v any, bits int) (float64, error) {
	s, err := c.numberText(column, v)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		return 0, valueError(column, "%q is not a number", s)
	}
	return f, nil
}

func (c *Converter) boolean(column string, v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		if c.openX {
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true":
				return true, nil
			case "false":
				return false, nil
			}
		}
	}
	return false, valueError(column, "%s is not a boolean", jsonKind(v))
}

// OpenX's string timestamps (developer guide, "Choosing the JSON deserializer"): yyyy-MM-dd'T'HH:mm:ss[.S]'Z' and
// yyyy-[M]M-[d]d HH:mm:ss[.S], the fraction up to 9 digits. Go accepts a fraction after the seconds without a
// layout for it.
var openXLayouts = []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-1-2 15:04:05", "2006-1-2T15:04:05Z07:00"}

// javaTimestamp is java.sql.Timestamp.valueOf's format, the Hive SerDe's default: yyyy-[m]m-[d]d hh:mm:ss[.f…].
const javaTimestamp = "2006-1-2 15:04:05"

// epochMillisFrom is the magnitude from which OpenX reads an integer as epoch milliseconds rather than seconds:
// 1e11 seconds is the year 5138, 1e11 milliseconds 1973.
const epochMillisFrom = 1e11

func (c *Converter) timestamp(column string, v any) (time.Time, error) {
	if c.openX {
		switch x := v.(type) {
		case json.Number:
			return epoch(column, string(x))
		case string:
			s := strings.TrimSpace(x)
			for _, l := range openXLayouts {
				if t, err := time.Parse(l, s); err == nil {
					return t.UTC(), nil
				}
			}
			if _, err := strconv.ParseFloat(s, 64); err == nil {
				return epoch(column, s)
			}
			return time.Time{}, valueError(column, "%q is not a timestamp the OpenX JSON SerDe reads", x)
		}
		return time.Time{}, valueError(column, "%s is not a timestamp", jsonKind(v))
	}
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = x
	default:
		return time.Time{}, valueError(column, "%s is not a timestamp", jsonKind(v))
	}
	if c.hiveMillis {
		if ms, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			return time.UnixMilli(ms).UTC(), nil
		}
	}
	layouts := c.hiveLayouts
	if len(layouts) == 0 && !c.hiveMillis {
		layouts = []string{javaTimestamp}
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, valueError(column, "%q matches no timestamp format of the Hive JSON SerDe", s)
}

// epoch reads epoch seconds, epoch milliseconds or fractional epoch seconds.
func epoch(column, s string) (time.Time, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n >= epochMillisFrom || n <= -epochMillisFrom {
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if ip, fp, ok := strings.Cut(s, "."); ok && len(fp) > 0 && len(fp) <= 9 && strings.Trim(fp, "0123456789") == "" {
		// Exact decimal seconds: the fraction's digits are nanoseconds, without float rounding.
		if sec, err := strconv.ParseInt(ip, 10, 64); err == nil && (ip != "" && ip != "-") && sec > -1e12 && sec < 1e12 {
			ns, _ := strconv.ParseInt(fp+strings.Repeat("0", 9-len(fp)), 10, 64)
			if strings.HasPrefix(ip, "-") {
				ns = -ns
			}
			return time.Unix(sec, ns).UTC(), nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 1e12 {
		return time.Time{}, valueError(column, "%q is not an epoch timestamp", s)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), nil
}

func (c *Converter) date(column string, v any) (int32, error) {
	s, ok := v.(string)
	if !ok {
		return 0, valueError(column, "%s is not a date", jsonKind(v))
	}
	t, err := time.Parse("2006-1-2", strings.TrimSpace(s))
	if err != nil {
		return 0, valueError(column, "%q is not a date (yyyy-MM-dd)", s)
	}
	return int32(t.Unix() / 86400), nil
}

var errDecimal = errors.New("not a decimal")

// decimal returns the unscaled value of v in decimal(p,s), rounded half away from zero to s digits; a value with
// more than p digits is an error.
func (c *Converter) decimal(column string, t *Type, v any) (*big.Int, error) {
	s, err := c.numberText(column, v)
	if err != nil {
		return nil, err
	}
	if len(s) > 100 {
		return nil, valueError(column, "%.20q… is not a decimal(%d,%d)", s, t.Precision, t.Scale)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, valueError(column, "%q is not a decimal: %v", s, errDecimal)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.Scale)), nil)
	r.Mul(r, new(big.Rat).SetInt(scale))
	num, den := r.Num(), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Sign() != 0 && new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.Precision)), nil)
	if new(big.Int).Abs(q).Cmp(limit) >= 0 {
		return nil, valueError(column, "%s does not fit decimal(%d,%d)", s, t.Precision, t.Scale)
	}
	return q, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// jodaLayout translates a Joda-Time DateTimeFormat pattern into a Go time layout: years (yyyy, yy), months (MM,
// M, MMM, MMMM), days (dd, d), day names (EEE, EEEE), hours (HH, H, hh, h), minutes (mm, m), seconds (ss, s), a
// fraction after a '.' or ',' (S…), halfday (a), zones (Z, ZZ) and quoted literals. Other letters, and literal
// digits (a Go layout cannot hold them), are refused.
func jodaLayout(p string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(p); {
		c := p[i]
		j := i
		for j < len(p) && p[j] == c {
			j++
		}
		n := j - i
		switch {
		case c == '\'':
			end := strings.IndexByte(p[i+1:], '\'')
			if end < 0 {
				return "", fmt.Errorf("unclosed quote in %q", p)
			}
			lit := p[i+1 : i+1+end]
			if lit == "" {
				b.WriteByte('\'')
			} else if strings.ContainsAny(lit, "0123456789") {
				return "", fmt.Errorf("a literal with digits cannot be expressed in %q", p)
			}
			b.WriteString(lit)
			i += end + 2
			continue
		case c == 'y' && n == 2:
			b.WriteString("06")
		case c == 'y' || c == 'Y' || c == 'u':
			b.WriteString("2006")
		case c == 'M':
			b.WriteString([]string{"1", "01", "Jan", "January"}[min(n, 4)-1])
		case c == 'd':
			b.WriteString([]string{"2", "02"}[min(n, 2)-1])
		case c == 'E':
			b.WriteString(map[bool]string{true: "Monday", false: "Mon"}[n >= 4])
		case c == 'H':
			b.WriteString("15")
		case c == 'h':
			b.WriteString([]string{"3", "03"}[min(n, 2)-1])
		case c == 'm':
			b.WriteString([]string{"4", "04"}[min(n, 2)-1])
		case c == 's':
			b.WriteString([]string{"5", "05"}[min(n, 2)-1])
		case c == 'S':
			s := b.String()
			if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ",") {
				return "", fmt.Errorf("a fraction of seconds must follow '.' or ',' in %q", p)
			}
			b.WriteString(strings.Repeat("9", min(n, 9)))
		case c == 'a':
			b.WriteString("PM")
		case c == 'Z':
			b.WriteString(map[bool]string{true: "Z07:00", false: "Z0700"}[n >= 2])
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return "", fmt.Errorf("pattern letter %q is not supported in %q", c, p)
		case c >= '0' && c <= '9':
			return "", fmt.Errorf("a literal digit cannot be expressed in %q", p)
		default:
			b.WriteString(p[i:j])
		}
		i = j
	}
	return b.String(), nil
}
