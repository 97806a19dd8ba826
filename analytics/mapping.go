package analytics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/apierr"
)

// mapper turns source records into rows by a SourceSchema (developer guide, sch-mapping).
type mapper struct {
	format   RecordFormatType
	rowPath  []pathStep
	cols     []colMap
	rowDelim string
	colDelim string
	schema   query.Schema // the mapped columns
}

type colMap struct {
	path []pathStep
	typ  query.Type
}

// pathStep is one step of a JSONPath: a member name, or an array index when name is empty.
type pathStep struct {
	name  string
	index int
}

const maxColumns = 1000

func invalidConfig(format string, args ...any) error {
	return apierr.InvalidArgument.New(format, args...)
}

// newMapper validates a SourceSchema and compiles it.
func newMapper(s SourceSchema) (*mapper, error) {
	if len(s.RecordColumns) == 0 || len(s.RecordColumns) > maxColumns {
		return nil, invalidConfig("RecordColumns must have between 1 and %d columns.", maxColumns)
	}
	if s.RecordEncoding != "" && !strings.EqualFold(s.RecordEncoding, "UTF-8") {
		return nil, invalidConfig("RecordEncoding must be UTF-8.")
	}
	m := &mapper{format: s.RecordFormat.RecordFormatType, rowDelim: "\n", colDelim: ","}
	mp := s.RecordFormat.MappingParameters
	switch m.format {
	case FormatJSON:
		rp := "$"
		if mp != nil && mp.JSONMappingParameters != nil && mp.JSONMappingParameters.RecordRowPath != "" {
			rp = mp.JSONMappingParameters.RecordRowPath
		}
		p, err := parsePath(rp)
		if err != nil {
			return nil, err
		}
		m.rowPath = p
	case FormatCSV:
		if mp != nil && mp.CSVMappingParameters != nil {
			if d := mp.CSVMappingParameters.RecordRowDelimiter; d != "" {
				m.rowDelim = d
			}
			if d := mp.CSVMappingParameters.RecordColumnDelimiter; d != "" {
				m.colDelim = d
			}
		}
	default:
		return nil, invalidConfig("RecordFormatType must be JSON or CSV, not %q.", m.format)
	}
	seen := map[string]bool{}
	for i, c := range s.RecordColumns {
		if c.Name == "" || len(c.Name) > 256 {
			return nil, invalidConfig("RecordColumns[%d].Name must be 1 to 256 characters.", i)
		}
		if seen[c.Name] {
			return nil, invalidConfig("Duplicate column name %q.", c.Name)
		}
		seen[c.Name] = true
		t, err := query.ParseType(c.SqlType)
		if err != nil {
			return nil, err
		}
		cm := colMap{typ: t}
		if m.format == FormatJSON {
			mapping := c.Mapping
			if mapping == "" {
				mapping = "$." + c.Name
			}
			if cm.path, err = parsePath(mapping); err != nil {
				return nil, err
			}
		}
		m.cols = append(m.cols, cm)
		m.schema = append(m.schema, query.Column{Name: c.Name, Type: t})
	}
	return m, nil
}

// parsePath parses the JSONPath subset of KDA's mappings: $, .name, ['name'], [index].
func parsePath(p string) ([]pathStep, error) {
	bad := func() error { return invalidConfig("Invalid JSONPath %q.", p) }
	rest, ok := strings.CutPrefix(strings.TrimSpace(p), "$")
	if !ok {
		return nil, bad()
	}
	var steps []pathStep
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			n := strings.IndexAny(rest, ".[")
			if n < 0 {
				n = len(rest)
			}
			if n == 0 {
				return nil, bad()
			}
			steps, rest = append(steps, pathStep{name: rest[:n]}), rest[n:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, bad()
			}
			inner := rest[1:end]
			rest = rest[end+1:]
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				steps = append(steps, pathStep{name: inner[1 : len(inner)-1]})
				continue
			}
			i, err := strconv.Atoi(inner)
			if err != nil || i < 0 {
				return nil, bad()
			}
			steps = append(steps, pathStep{index: i})
		default:
			return nil, bad()
		}
	}
	return steps, nil
}

func walk(v any, path []pathStep) (any, bool) {
	for _, s := range path {
		switch x := v.(type) {
		case map[string]any:
			if s.name == "" {
				return nil, false
			}
			var ok bool
			if v, ok = x[s.name]; !ok {
				return nil, false
			}
		case []any:
			if s.name != "" || s.index >= len(x) {
				return nil, false
			}
			v = x[s.index]
		default:
			return nil, false
		}
	}
	return v, true
}

// coercionError is a record that does not map onto the schema.
type coercionError struct{ msg string }

func (e *coercionError) Error() string { return e.msg }

// rows appends the rows of one record to dst: one per row of a JSON record's row path (an array there is one row
// per element), one per line of a CSV record. A record or value that does not map is a *coercionError.
func (m *mapper) rows(data []byte, dst [][]query.Value) ([][]query.Value, error) {
	if m.format == FormatCSV {
		for _, line := range strings.Split(strings.TrimSuffix(string(data), m.rowDelim), m.rowDelim) {
			if line == "" && len(m.cols) > 1 {
				continue
			}
			fields := strings.Split(line, m.colDelim)
			vals := make([]query.Value, len(m.cols))
			for i := range m.cols {
				if i >= len(fields) {
					break // a missing field is NULL
				}
				v, err := coerceText(strings.TrimRight(fields[i], "\r"), m.cols[i].typ)
				if err != nil {
					return dst, &coercionError{fmt.Sprintf("column %s: %v", m.schema[i].Name, err)}
				}
				vals[i] = v
			}
			dst = append(dst, vals)
		}
		return dst, nil
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var doc any
	if err := d.Decode(&doc); err != nil {
		return dst, &coercionError{"the record is not valid JSON: " + err.Error()}
	}
	row, ok := walk(doc, m.rowPath)
	if !ok {
		return dst, &coercionError{"the record has no element at the row path"}
	}
	elems := []any{row}
	if arr, isArr := row.([]any); isArr && len(m.rowPath) > 0 {
		elems = arr
	}
	for _, e := range elems {
		vals := make([]query.Value, len(m.cols))
		for i, c := range m.cols {
			x, ok := walk(e, c.path)
			if !ok {
				continue // NULL
			}
			v, err := coerceJSON(x, c.typ)
			if err != nil {
				return dst, &coercionError{fmt.Sprintf("column %s: %v", m.schema[i].Name, err)}
			}
			vals[i] = v
		}
		dst = append(dst, vals)
	}
	return dst, nil
}

// coerceText converts a CSV field: empty is NULL but for strings.
func coerceText(s string, t query.Type) (query.Value, error) {
	if s == "" && !t.Kind.IsString() {
		return query.NullValue, nil
	}
	return query.Cast(query.String(s), t)
}

// coerceJSON applies the JSON-to-SQL rules of the developer guide (sch-mapping): null is NULL; a boolean is 1/0,
// BOOLEAN or 'true'/'false'; a number fits a numeric type exactly or fails (123.4 into INTEGER is an error), is
// BOOLEAN (0 is false) or its text; a string parses into a number, BOOLEAN ("true" case-insensitively), a
// date-time, or is truncated into CHAR/VARCHAR; an array or object maps only to CHAR/VARCHAR, as its JSON text.
func coerceJSON(x any, t query.Type) (query.Value, error) {
	switch v := x.(type) {
	case nil:
		return query.NullValue, nil
	case bool:
		switch {
		case t.Kind == query.Boolean:
			return query.Bool(v), nil
		case t.Kind.IsNumeric():
			n := int64(0)
			if v {
				n = 1
			}
			return query.Cast(query.Int64(n), t)
		case t.Kind.IsString():
			return query.Cast(query.String(strconv.FormatBool(v)), t)
		}
	case json.Number:
		s := v.String()
		switch {
		case t.Kind.IsInteger():
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return query.NullValue, fmt.Errorf("%s is not an integer", s)
			}
			return query.Cast(query.Int64(n), t)
		case t.Kind == query.Decimal, t.Kind == query.Real, t.Kind == query.Double:
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsInf(f, 0) {
				return query.NullValue, fmt.Errorf("%s is out of range", s)
			}
			if t.Kind == query.Decimal {
				return query.Cast(query.String(s), t)
			}
			return query.Cast(query.Float(f), t)
		case t.Kind == query.Boolean:
			f, _ := strconv.ParseFloat(s, 64)
			return query.Bool(f != 0), nil
		case t.Kind.IsString():
			return query.Cast(query.String(s), t)
		case t.Kind == query.Timestamp:
			return query.NullValue, fmt.Errorf("a number does not map to TIMESTAMP")
		}
	case string:
		if t.Kind == query.Boolean {
			return query.Bool(strings.EqualFold(strings.TrimSpace(v), "true")), nil
		}
		return query.Cast(query.String(v), t)
	case []any, map[string]any:
		if t.Kind.IsString() {
			b, _ := json.Marshal(v)
			return query.Cast(query.String(string(b)), t)
		}
		return query.NullValue, fmt.Errorf("an array or object maps only to CHAR or VARCHAR, not %s", t)
	}
	return query.NullValue, fmt.Errorf("a JSON %T does not map to %s", x, t)
}
