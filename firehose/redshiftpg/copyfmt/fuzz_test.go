package copyfmt_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

// FuzzParse: Parse never panics; it accepts or refuses with one of its two errors, and what it accepts is
// usable (a delimiter for delimited data, MAXERROR within its limit).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"JSON 'auto' GZIP", "CSV QUOTE AS '''' IGNOREHEADER 1 NULL AS 'x'", `DELIMITER '\t' ESCAPE`, "LZOP",
		"TIMEFORMAT 'YYYY-MM-DD HH24:MI:SS.SSS' DATEFORMAT 'auto' MAXERROR 9;", "ACCEPTINVCHARS AS '^' COMPUPDATE OFF", "'", "FORMAT AS"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := copyfmt.Parse(s)
		if err != nil {
			if !errors.Is(err, copyfmt.ErrOptionSyntax) && !errors.Is(err, copyfmt.ErrUnsupportedOption) {
				t.Fatalf("Parse(%q): %v wraps neither error", s, err)
			}
			return
		}
		if o.Format != copyfmt.JSON && o.Delimiter == "" {
			t.Fatalf("Parse(%q): no delimiter", s)
		}
		if o.MaxError < 0 || o.MaxError > copyfmt.MaxErrorLimit || o.IgnoreHeader < 0 {
			t.Fatalf("Parse(%q): %+v", s, o)
		}
	})
}

// checkRows decodes data and checks what holds of any input: each record is bad or has a value per column,
// line numbers never go back nor past the data's lines.
func checkRows(t *testing.T, o *copyfmt.Options, cs []copyfmt.Column, data []byte) []*copyfmt.Row {
	t.Helper()
	var rows []*copyfmt.Row
	lines := int64(bytes.Count(data, []byte("\n")) + 1)
	last := int64(0)
	err := copyfmt.NewDecoder(o, cs).Decode("f", data, func(r *copyfmt.Row) error {
		if (r.Err == nil) == (r.Values == nil) || (r.Err == nil && (len(r.Values) != len(cs) || len(r.Present) != len(cs))) {
			t.Fatalf("row %+v", r)
		}
		if r.Line < last || r.Line < 1 || r.Line > lines {
			t.Fatalf("line %d after %d, data has %d lines", r.Line, last, lines)
		}
		last = r.Line
		if r.Err != nil && (r.Err.Code < 1200 || r.Err.Code > 1224 || len(r.Err.RawLine) > 1024 || len(r.Err.Reason) > 100) {
			t.Fatalf("load error %+v", r.Err)
		}
		c := *r
		rows = append(rows, &c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

var fuzzCols = []copyfmt.Column{{Name: "name", Type: copyfmt.Varchar}, {Name: "n", Type: copyfmt.Double}, {Name: "d", Type: copyfmt.Numeric, Precision: 10, Scale: 3}}

// FuzzDecodeJSON: the JSON decoder never panics; a single object encoding/json accepts is one record with no
// syntax error, and its "name" string reads as encoding/json reads it.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"name":"a","n":1.5,"d":"2.5"}{"name":"b"}`, `{"name":"\u00e9\ud83d\ude00","x":{"y":[1,2]}}`, "{\"n\":1}\n{bad\n{\"n\":2}", `[1]`, `{"name":null}`, `{}`} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, ignorecase bool) {
		o, _ := copyfmt.Parse("JSON 'auto'")
		o.JSONIgnoreCase = ignorecase
		rows := checkRows(t, o, fuzzCols, data)
		var m map[string]any
		if json.Unmarshal(data, &m) != nil || !utf8.Valid(data) || bytes.Contains(data, []byte(`\u0000`)) {
			return
		}
		if len(rows) != 1 {
			t.Fatalf("%d records from one object", len(rows))
		}
		r := rows[0]
		if r.Err != nil {
			if strings.HasPrefix(r.Err.Reason, "Invalid JSON object") {
				t.Fatalf("syntax error %q on an object encoding/json reads", r.Err.Reason)
			}
			return
		}
		if ignorecase {
			return
		}
		if s, ok := m["name"].(string); ok && !strings.ContainsRune(s, utf8.RuneError) && r.Values[0] != s {
			t.Fatalf("name %q, encoding/json reads %q", r.Values[0], s)
		}
	})
}

// FuzzDecodeCSV: the CSV decoder never panics, under any quote and delimiter; fields written with quotes read
// back as written.
func FuzzDecodeCSV(f *testing.F) {
	f.Add([]byte("a,1,2\n\"b,\"\"c\",3,4\r\n"), byte('"'), ",", "a\"b", "x\ny")
	f.Add([]byte("x|'y'|z\n'unterminated"), byte('\''), "|", "", ",")
	f.Fuzz(func(t *testing.T, data []byte, quote byte, delim string, f1, f2 string) {
		o, err := copyfmt.Parse("CSV")
		if err != nil {
			t.Fatal(err)
		}
		if delim == "" || strings.ContainsAny(delim, "\r\n") || strings.IndexByte(delim, quote) >= 0 || quote == '\n' || quote == '\r' {
			return
		}
		o.Quote, o.Delimiter = quote, delim
		checkRows(t, o, fuzzCols, data)
		if !utf8.ValidString(f1) || !utf8.ValidString(f2) || strings.ContainsRune(f1+f2, 0) {
			return
		}
		q := string([]byte{quote})
		line := q + strings.ReplaceAll(f1, q, q+q) + q + delim + q + strings.ReplaceAll(f2, q, q+q) + q + delim + "\n"
		checkRows(t, o, fuzzCols[:1:1], []byte(line))
		three := []copyfmt.Column{{Name: "a", Type: copyfmt.Varchar}, {Name: "b", Type: copyfmt.Varchar}, {Name: "c", Type: copyfmt.Varchar}}
		rows := checkRows(t, o, three, []byte(line))
		if len(rows) != 1 || rows[0].Err != nil || rows[0].Values[0] != f1 || rows[0].Values[1] != f2 {
			t.Fatalf("%q read back as %+v", line, rows[0].Err)
		}
	})
}

// FuzzDecodeText: the delimited-text decoder never panics, with or without ESCAPE and REMOVEQUOTES.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("a|1|2\n\\N|x\\|y|3\n\"q|r\"|4|5"), "|", true, true)
	f.Add([]byte("a~~b\n\n"), "~~", false, false)
	f.Fuzz(func(t *testing.T, data []byte, delim string, escape, removeQuotes bool) {
		if delim == "" || strings.ContainsAny(delim, "\r\n") {
			return
		}
		o, _ := copyfmt.Parse("")
		o.Delimiter, o.Escape, o.RemoveQuotes = delim, escape, removeQuotes
		checkRows(t, o, fuzzCols, data)
		o.IgnoreBlankLines, o.FillRecord, o.IgnoreHeader = true, true, 1
		checkRows(t, o, fuzzCols, data)
	})
}
