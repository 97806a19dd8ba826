package copyfmt

import (
	"bytes"
)

// field is one field of a delimited record: its text after quotes and escapes are removed, and whether it is
// the NULL AS string (compared with the field as it stands in the data; a quoted field is never NULL).
type field struct {
	text string
	null bool
}

// nextText reads the next record of delimited text (the default format, or CSV): records end at a line feed,
// except inside a CSV quoted field or after an ESCAPE backslash (Data format parameters). IGNOREHEADER lines
// are skipped at the start of each object.
func (r *Records) nextText() (Row, bool) {
	d, data := r.d, r.s.data
	pos, line := r.s.pos, r.s.line-1 // s.line is the next record's first line
	defer func() { r.s.pos, r.s.line = pos, line+1 }()
	if !r.header {
		r.header = true
		for h := 0; h < d.o.IgnoreHeader && pos < len(data); h++ {
			if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
				pos += i + 1
			} else {
				pos = len(data)
			}
			line++
		}
	}
	for d.o.IgnoreBlankLines && pos < len(data) && data[pos] == '\n' {
		pos++
		line++
	}
	if pos >= len(data) {
		return Row{}, false
	}
	start := pos
	line++
	var perr string
	var lines int64
	if d.o.Format == CSV {
		r.fields, pos, lines, perr = d.csvRecord(data, pos, r.fields[:0], &r.buf)
	} else {
		r.fields, pos, lines, perr = d.textRecord(data, pos, r.fields[:0], &r.buf)
	}
	line += lines
	fields := r.fields
	raw := data[start:pos]
	if n := len(raw); n > 0 && raw[n-1] == '\n' {
		raw = raw[:n-1]
	}
	if len(raw) > MaxRowBytes && perr == "" {
		perr = "The total size of the row exceeds the max limit of 4194304 bytes"
	}
	file := r.file
	row := Row{Line: line}
	switch {
	case perr != "":
		row.Err = d.recordError(file, line, raw, CodeInvalidLine, perr)
	case len(fields) > len(d.cols):
		row.Err = d.recordError(file, line, raw, CodeExtraColumns, "Extra column(s) found")
	case len(fields) < len(d.cols) && !d.o.FillRecord:
		row.Err = d.recordError(file, line, raw, CodeDelimiter, "Delimiter not found")
	default:
		values := make([]any, len(d.cols))
		for i := range d.cols {
			text, null := "", true // FILLRECORD: "The missing columns are loaded as NULLs"
			if i < len(fields) {
				text, null = fields[i].text, fields[i].null
			}
			v, e := d.value(i, text, null)
			if e != nil {
				row.Err = d.fieldError(file, line, raw, &d.cols[i], text, e)
				break
			}
			values[i] = v
		}
		if row.Err == nil {
			row.Values, row.Present = values, d.all
		}
	}
	return row, true
}

// textRecord splits one record of delimited text at pos into fields, honouring ESCAPE and REMOVEQUOTES. It
// returns the position after the record's line feed and how many line feeds inside the record it crossed.
func (d *Decoder) textRecord(data []byte, pos int, fields []field, buf *[]byte) ([]field, int, int64, string) {
	delim := d.o.Delimiter
	if !d.o.Escape && !d.o.RemoveQuotes {
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end < 0 {
			end = len(data)
		} else {
			end += pos
			next = end + 1
		}
		rec := data[pos:end]
		for {
			i := bytes.Index(rec, []byte(delim))
			if i < 0 {
				fields = append(fields, field{text: string(rec), null: string(rec) == d.o.NullAs})
				return fields, next, 0, ""
			}
			fields = append(fields, field{text: string(rec[:i]), null: string(rec[:i]) == d.o.NullAs})
			rec = rec[i+len(delim):]
		}
	}
	var lines int64
	i := pos
	for {
		b := (*buf)[:0]
		fs := i
		quoted := false
		if d.o.RemoveQuotes && i < len(data) && data[i] == '"' {
			// "Removes surrounding quotation marks from strings in the incoming data. All characters within the
			// quotation marks, including delimiters, are retained." (Data conversion parameters)
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if d.o.Escape && data[j] == '\\' && j+1 < len(data) {
					j++
				}
				if data[j] == '\n' {
					lines++
				}
				b = append(b, data[j])
				j++
			}
			if j >= len(data) {
				*buf = b
				return fields, len(data), lines, "Unmatched quotation mark"
			}
			i = j + 1
			quoted = true
		}
		for i < len(data) {
			c := data[i]
			if d.o.Escape && c == '\\' && i+1 < len(data) {
				if data[i+1] == '\n' {
					lines++
				}
				b = append(b, data[i+1])
				i += 2
				continue
			}
			if c == '\n' || bytes.HasPrefix(data[i:], []byte(delim)) {
				break
			}
			b = append(b, c)
			i++
		}
		*buf = b
		fields = append(fields, field{text: string(b), null: !quoted && string(data[fs:i]) == d.o.NullAs})
		if i >= len(data) {
			return fields, i, lines, ""
		}
		if data[i] == '\n' {
			return fields, i + 1, lines, ""
		}
		i += len(delim)
	}
}

// csvRecord splits one CSV record at pos: fields separated by the delimiter, a field in QUOTE characters may
// hold delimiters, line breaks and doubled quote characters; "When a field is enclosed in quotes, white space
// between the delimiters and the quote characters is ignored." A carriage return before the line feed ending a
// record is dropped.
func (d *Decoder) csvRecord(data []byte, pos int, fields []field, buf *[]byte) ([]field, int, int64, string) {
	delim, q := d.o.Delimiter, d.o.Quote
	var lines int64
	i := pos
	isSpace := func(c byte) bool { return (c == ' ' || c == '\t') && delim[0] != c && q != c }
	for {
		j := i
		for j < len(data) && isSpace(data[j]) {
			j++
		}
		if j < len(data) && data[j] == q {
			b := (*buf)[:0]
			j++
			for {
				if j >= len(data) {
					*buf = b
					return fields, len(data), lines, "Unterminated quoted field"
				}
				c := data[j]
				if c == q {
					if j+1 < len(data) && data[j+1] == q {
						b = append(b, q)
						j += 2
						continue
					}
					j++
					break
				}
				if c == '\n' {
					lines++
				}
				b = append(b, c)
				j++
			}
			*buf = b
			for j < len(data) && (isSpace(data[j]) || (data[j] == '\r' && j+1 < len(data) && data[j+1] == '\n')) {
				j++
			}
			fields = append(fields, field{text: string(b)})
			switch {
			case j >= len(data):
				return fields, j, lines, ""
			case data[j] == '\n':
				return fields, j + 1, lines, ""
			case bytes.HasPrefix(data[j:], []byte(delim)):
				i = j + len(delim)
				continue
			}
			return fields, d.skipLine(data, j, &lines), lines, "Unexpected character after a closing quote"
		}
		j = i
		for j < len(data) && data[j] != '\n' && !bytes.HasPrefix(data[j:], []byte(delim)) {
			j++
		}
		text := data[i:j]
		if j < len(data) && data[j] == '\n' && len(text) > 0 && text[len(text)-1] == '\r' {
			text = text[:len(text)-1]
		}
		fields = append(fields, field{text: string(text), null: string(text) == d.o.NullAs})
		switch {
		case j >= len(data):
			return fields, j, lines, ""
		case data[j] == '\n':
			return fields, j + 1, lines, ""
		}
		i = j + len(delim)
	}
}

// skipLine returns the position after the line feed ending the line at i.
func (d *Decoder) skipLine(data []byte, i int, lines *int64) int {
	if k := bytes.IndexByte(data[i:], '\n'); k >= 0 {
		return i + k + 1
	}
	return len(data)
}
