package copyfmt

import (
	"strings"
	"unicode/utf8"
)

// MaxRowBytes is the largest record COPY reads: "The maximum size of a single input row from any source is 4 MB"
// (Database Developer Guide, "COPY").
const MaxRowBytes = 4 << 20

// LoadError is one row of a load-errors table shaped like Redshift's STL_LOAD_ERRORS (Database Developer Guide,
// "STL_LOAD_ERRORS"): where the bad record is and why it was not loaded.
type LoadError struct {
	Filename   string // the object's URL (character(256))
	LineNumber int64  // the line of the record in the object; for JSON the last line of the object
	Colname    string // the column whose value failed, "" for a record-level error (character(127))
	Type       string // the column's type (character(10))
	ColLength  string // the column's width or precision, when it has one (character(10))
	Position   int    // the position of the error in the field
	RawLine    string // the record, multibyte characters replaced with '.', at most 1024 bytes
	RawField   string // the field's text before conversion, at most 1024 bytes
	Code       int    // a code of the Load error reference (1200–1224)
	Reason     string // at most 100 bytes
}

// Row is one record decoded for a COPY: a value per column of the COPY, or the reason it is bad.
type Row struct {
	// Line is the record's line in its object (for JSON, the last line of the object).
	Line int64
	// Values holds one value per column: nil for NULL, else int16, int32, int64, Decimal, float32, float64,
	// string, bool or time.Time. A Row handed to the callback owns its Values.
	Values []any
	// Present reports, per column, whether the record gave it a value; false only for a JSON key that is absent
	// from the object, whose column then takes its DEFAULT. Shared between rows: read it, do not keep or change it.
	Present []bool
	// Err is set for a bad record; Values and Present are then nil.
	Err *LoadError
}

// Decoder decodes the objects of one COPY into rows of its columns. It is not safe for concurrent use; each
// COPY uses its own.
type Decoder struct {
	o       *Options
	cols    []Column
	byName  map[string]int
	all     []bool // every column present
	present []bool // scratch for JSON
	lower   []byte
	scratch []byte
}

// NewDecoder returns a decoder of records under o into rows of cols (the COPY's column list in order). With
// JSON 'auto' a key matches a column of exactly its name ("Column names in Amazon Redshift tables are always
// lowercase, so when you use the 'auto' option, matching JSON field names must also be lowercase"); with
// 'auto ignorecase' case is ignored (COPY from JSON format).
func NewDecoder(o *Options, cols []Column) *Decoder {
	d := &Decoder{o: o, cols: cols, byName: make(map[string]int, len(cols)), all: make([]bool, len(cols)), present: make([]bool, len(cols))}
	for i, c := range cols {
		d.all[i] = true
		name := c.Name
		if o.JSONIgnoreCase {
			name = strings.ToLower(name)
		}
		if _, dup := d.byName[name]; !dup {
			d.byName[name] = i
		}
	}
	return d
}

// Decode decodes one object's data (already decompressed) and calls fn with each record in order; file names
// the object in load errors. A non-nil error from fn stops decoding and is returned.
func (d *Decoder) Decode(file string, data []byte, fn func(*Row) error) error {
	rs := d.Records(file, data)
	for {
		r, ok := rs.Next()
		if !ok {
			return nil
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
}

// Records reads the records of one object's data (already decompressed) one at a time, for a caller that
// pulls them. It shares its Decoder's scratch space: use one Records of a Decoder at a time.
type Records struct {
	d      *Decoder
	file   string
	s      jsonScan // the data, the position and the line: JSON and text alike
	header bool     // IGNOREHEADER lines skipped
	fields []field
	buf    []byte
}

// Records returns the records of data, the object file names.
func (d *Decoder) Records(file string, data []byte) *Records {
	return &Records{d: d, file: file, s: jsonScan{data: data, line: 1}}
}

// Next returns the next record, or false at the end of the data.
func (r *Records) Next() (Row, bool) {
	if r.d.o.Format == JSON {
		return r.d.nextJSON(r.file, &r.s)
	}
	return r.nextText()
}

// rawLine is STL_LOAD_ERRORS's raw_line: "Multibyte characters in the load data are replaced with a period."
func rawLine(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b) && sb.Len() < 1024; {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == 0 {
				c = '.'
			}
			sb.WriteByte(c)
			i++
			continue
		}
		_, n := utf8.DecodeRune(b[i:])
		sb.WriteByte('.')
		i += n
	}
	return sb.String()
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// fieldError builds the load error of a value of column c that did not convert.
func (d *Decoder) fieldError(file string, line int64, raw []byte, c *Column, field string, e *fieldErr) *LoadError {
	le := &LoadError{Filename: clip(file, 256), LineNumber: line, Colname: clip(c.Name, 127), Type: c.Type.String(),
		Position: e.pos, RawLine: rawLine(raw), RawField: clip(strings.ToValidUTF8(field, "."), 1024), Code: e.code, Reason: clip(e.reason, 100)}
	switch {
	case c.Type.character() && c.Length > 0:
		le.ColLength = itoa(c.Length)
	case c.Type == Numeric && c.Precision > 0:
		le.ColLength = itoa(c.Precision) + "," + itoa(c.Scale)
	}
	return le
}

func (d *Decoder) recordError(file string, line int64, raw []byte, code int, reason string) *LoadError {
	return &LoadError{Filename: clip(file, 256), LineNumber: line, RawLine: rawLine(raw), Code: code, Reason: clip(reason, 100)}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// value converts one field for column i: the NULL rules, NOT NULL, then the type's conversion.
func (d *Decoder) value(i int, s string, null bool) (any, *fieldErr) {
	c := &d.cols[i]
	if !null && c.nullText(s, d.o) {
		null = true
	}
	if !null {
		v, e := c.convert(s, d.o)
		if e == nil {
			return v, nil
		}
		if d.o.AcceptAnyDate && (c.Type == Date || c.Type == Timestamp || c.Type == Timestamptz) && (e.code == CodeDateFormat || e.code == CodeTimestamp) {
			null = true // "If the date format for the data doesn't match the DATEFORMAT specification, Amazon Redshift inserts a NULL value"
		} else {
			return nil, e
		}
	}
	if c.NotNull {
		return nil, &fieldErr{CodeNotNull, "Missing data for not-null field", 0}
	}
	return nil, nil
}
