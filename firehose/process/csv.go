package process

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"unicode/utf8"
)

// CSVToJSON is a [Transformer] that converts CSV records to JSON, the Lambda that Firehose's record format
// conversion asks for ("if your input data is in a format other than JSON, such as comma-separated values, …
// use a Lambda function to transform it to JSON first", developer guide, "Convert input data format"). Each
// record is one CSV row and becomes one JSON object: the column names are its keys, in column order, and the
// fields its values, as strings (an empty field is "" unless EmptyAsNull). The record's trailing line break, if
// any, is kept after the object, so that AppendDelimiterToRecord-style delimiters survive.
//
// The column names are Columns, or, with Header, the first line of each record (a record that is a small CSV
// file: a header line and one row); with both, the header line is skipped and Columns name the fields.
//
// Fields are read as RFC 4180 says: separated by Comma; a field may be enclosed in double quotes, and must be
// when it holds the delimiter, a double quote or a line break; a double quote inside a quoted field is written
// twice; a quoted field keeps its line breaks (CRLF included) as they are; white space is part of a field. Lines
// end with CRLF or, as most producers write them, LF. A record that does not parse (a bare quote in an unquoted
// field, text after a closing quote, an unclosed quote, a lone CR), that holds more than one row, or whose row
// has another number of fields than there are columns is ProcessingFailed, with a message ([ErrCSV]) saying
// which line and why. A CSVToJSON without columns or with an invalid Comma fails every invocation.
//
// A CSVToJSON is safe for concurrent use once made; do not change its fields afterwards.
type CSVToJSON struct {
	// Columns names the fields, in order. Required unless Header.
	Columns []string
	// Header says that each record's first line is a header naming the columns.
	Header bool
	// Comma is the field delimiter; 0 is ','. It may not be '"', '\r', '\n' or an invalid rune.
	Comma rune
	// EmptyAsNull writes an empty field as null (which DropNullFields or a schema's optional column then takes).
	EmptyAsNull bool
}

// ErrCSV: a record is not one CSV row of the declared columns.
var ErrCSV = errors.New("process: record is not a CSV row of the columns")

// ErrCSVConfig: a CSVToJSON has no columns or an invalid delimiter.
var ErrCSVConfig = errors.New("process: invalid CSVToJSON")

func (c *CSVToJSON) comma() (string, error) {
	switch {
	case len(c.Columns) == 0 && !c.Header:
		return "", fmt.Errorf("%w: no Columns and no Header", ErrCSVConfig)
	case c.Comma == 0:
		return ",", nil
	case c.Comma == '"' || c.Comma == '\r' || c.Comma == '\n' || !utf8.ValidRune(c.Comma) || c.Comma == utf8.RuneError:
		return "", fmt.Errorf("%w: delimiter %q", ErrCSVConfig, c.Comma)
	}
	return string(c.Comma), nil
}

// Transform implements [Transformer].
func (c *CSVToJSON) Transform(ctx context.Context, req *Request) ([]Response, error) {
	if _, err := c.comma(); err != nil {
		return nil, err
	}
	return PerRecord(func(_ context.Context, r *Record) Response {
		data, err := c.Convert(r.Data)
		if err != nil {
			return failed(err)
		}
		return Response{Result: Ok, Data: data}
	}).Transform(ctx, req)
}

// Convert returns the JSON object of one CSV record, or an error matching [ErrCSV] (or [ErrCSVConfig]).
func (c *CSVToJSON) Convert(data []byte) ([]byte, error) {
	comma, err := c.comma()
	if err != nil {
		return nil, err
	}
	want := 1
	if c.Header {
		want = 2
	}
	rows, err := readCSV(data, comma, want)
	if err != nil {
		return nil, err
	}
	if len(rows) != want {
		return nil, fmt.Errorf("%w: %d rows; CSVToJSON converts one row per record (after the header line with Header)", ErrCSV, len(rows)-(want-1))
	}
	names := c.Columns
	if c.Header && len(names) == 0 {
		names = rows[0].fields
		seen := make(map[string]bool, len(names))
		for _, n := range names {
			if seen[n] {
				return nil, fmt.Errorf("%w: the header names column %q twice", ErrCSV, n)
			}
			seen[n] = true
		}
	}
	row := rows[want-1]
	if len(row.fields) != len(names) {
		return nil, fmt.Errorf("%w: line %d has %d fields for %d columns", ErrCSV, row.line, len(row.fields), len(names))
	}
	out := make([]byte, 0, len(data)+16*len(names))
	out = append(out, '{')
	for i, f := range row.fields {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, names[i])
		out = append(out, ':')
		if f == "" && c.EmptyAsNull {
			out = append(out, "null"...)
		} else {
			out = appendString(out, f)
		}
	}
	out = append(out, '}')
	if bytes.HasSuffix(data, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}

// csvRow is one parsed row and the line it starts on (from 1).
type csvRow struct {
	fields []string
	line   int
}

// readCSV parses data as RFC 4180 rows separated by CRLF or LF, the last line break optional, stopping with the
// row after max (which is then counted but not parsed further than needed to know it is there).
func readCSV(data []byte, comma string, max int) ([]csvRow, error) {
	var rows []csvRow
	line := 1
	i := 0
	for i < len(data) {
		row := csvRow{line: line}
		if len(rows) == max { // one row too many: enough to refuse the record
			return append(rows, row), nil
		}
		for {
			var field []byte
			if data[i] == '"' { // quoted field
				i++
				for {
					j := bytes.IndexByte(data[i:], '"')
					if j < 0 {
						return nil, fmt.Errorf("%w: line %d: a quoted field is not closed", ErrCSV, line)
					}
					field = append(field, data[i:i+j]...)
					i += j + 1
					if i < len(data) && data[i] == '"' {
						field = append(field, '"')
						i++
						continue
					}
					break
				}
				line += bytes.Count(field, []byte("\n"))
				if i < len(data) && !bytes.HasPrefix(data[i:], []byte(comma)) && data[i] != '\n' && data[i] != '\r' {
					return nil, fmt.Errorf("%w: line %d: %q after a closing quote", ErrCSV, line, data[i])
				}
			} else { // unquoted field: up to the delimiter or the line end
				start := i
				for i < len(data) && data[i] != '\n' && data[i] != '\r' && !bytes.HasPrefix(data[i:], []byte(comma)) {
					if data[i] == '"' {
						return nil, fmt.Errorf("%w: line %d: a double quote in an unquoted field", ErrCSV, line)
					}
					i++
				}
				field = data[start:i]
			}
			row.fields = append(row.fields, string(field))
			if i < len(data) && bytes.HasPrefix(data[i:], []byte(comma)) {
				i += len(comma)
				if i == len(data) { // a delimiter at the very end: one more, empty, field
					row.fields = append(row.fields, "")
				}
				if i < len(data) {
					continue
				}
			}
			break
		}
		switch {
		case i == len(data):
		case data[i] == '\n':
			i++
			line++
		case data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n':
			i += 2
			line++
		default:
			return nil, fmt.Errorf("%w: line %d: a carriage return that does not end the line", ErrCSV, line)
		}
		rows = append(rows, row)
	}
	return rows, nil
}
