package copyfmt_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

var cols = []copyfmt.Column{
	{Name: "id", Type: copyfmt.Integer, NotNull: true},
	{Name: "name", Type: copyfmt.Varchar, Length: 6},
	{Name: "amount", Type: copyfmt.Numeric, Precision: 6, Scale: 2},
	{Name: "at", Type: copyfmt.Timestamp},
	{Name: "ok", Type: copyfmt.Boolean},
	{Name: "day", Type: copyfmt.Date, HasDefault: true},
}

// decode returns each record as text: its line, then its values or its error code, column and reason.
func decode(t testing.TB, options string, cs []copyfmt.Column, data string) []string {
	t.Helper()
	o, err := copyfmt.Parse(options)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	err = copyfmt.NewDecoder(o, cs).Decode("s3://b/k", []byte(data), func(r *copyfmt.Row) error {
		if r.Err != nil {
			out = append(out, fmt.Sprintf("%d: %d %s %s", r.Line, r.Err.Code, r.Err.Colname, r.Err.Reason))
			return nil
		}
		parts := make([]string, len(r.Values))
		for i, v := range r.Values {
			switch x := v.(type) {
			case nil:
				parts[i] = "NULL"
				if !r.Present[i] {
					parts[i] = "DEFAULT"
				}
			case time.Time:
				parts[i] = x.Format("2006-01-02 15:04:05.999999")
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, fmt.Sprintf("%d: %s", r.Line, strings.Join(parts, "|")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equal(t testing.TB, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// COPY from JSON format: objects one after another (Firehose concatenates records verbatim), keys matched to
// columns, nested values of unmatched keys skipped, the line number of a record its last line; a malformed
// record is one bad record and decoding resumes at the next line; NOT NULL without a value is error 1213.
func TestJSONAutoDecodesAStreamOfObjects(t *testing.T) {
	data := `{"id":1,"name":"a\u00e9\"b","amount":1.239,"at":"2026-12-01 10:00:00.123456","ok":false,"x":{"y":[1,{"z":null}]}}{"id":2}` + "\n" +
		`{"id":3,` + "\n" + `"name":"too long!"}` + "\n" +
		`{"id":4,"amount":"12345.6"}` + "\n" +
		`{"id": 5 "name":"x"}` + "\n" +
		`{"name":"n"}` + "\n" +
		`{"id":6,"day":null,"ok":"yes","name":{"nested":true}}` + "\n" +
		`{"id":7,"name":"  "}[1,2]` + "\n" +
		`{"id":8}`
	equal(t, decode(t, "JSON 'auto'", cols, data), []string{
		`1: 1|aé"b|1.23|2026-12-01 10:00:00.123456|false|DEFAULT`,
		"1: 2|DEFAULT|DEFAULT|DEFAULT|DEFAULT|DEFAULT",
		"3: 1204 name String length exceeds DDL length",
		"4: 1204 amount Numeric data overflow (result precision)",
		"5: 1216  Invalid JSON object: expected ',' or '}'",
		"6: 1213 id Missing data for not-null field",
		"7: 1204 name String length exceeds DDL length",
		"8: 7|  |DEFAULT|DEFAULT|DEFAULT|DEFAULT",
		"8: 1216  Invalid JSON object: expected '{' at the start of a record",
		"9: 8|DEFAULT|DEFAULT|DEFAULT|DEFAULT|DEFAULT",
	})
}

// COPY from JSON format: 'auto' matches keys case-sensitively, 'auto ignorecase' whatever their case.
func TestJSONKeyCaseMattersUnlessIgnorecase(t *testing.T) {
	data := `{"ID":1,"Name":"x","id":2}`
	equal(t, decode(t, "JSON 'auto'", cols[:2], data), []string{"1: 2|DEFAULT"})
	equal(t, decode(t, "JSON 'auto ignorecase'", cols[:2], data), []string{"1: 2|x"})
}

// Data format parameters (CSV): quoted fields hold delimiters, doubled quotes and line breaks; white space
// between a delimiter and a quote is ignored; IGNOREHEADER skips lines; too many fields is error 1202, too few
// 1214 unless FILLRECORD.
func TestCSVRecords(t *testing.T) {
	data := "h1\nh2\n1,\"a,\"\"b\",1.5,2026-12-01 10:00:00,t,2026-12-01\r\n2, \"x\ny\" ,,,,\n3,a,1,,,,extra\n4,b\n"
	equal(t, decode(t, "CSV IGNOREHEADER 2", cols, data), []string{
		`3: 1|a,"b|1.50|2026-12-01 10:00:00|true|2026-12-01 00:00:00`,
		"5: 2|x\ny|NULL|NULL|NULL|NULL",
		"6: 1202  Extra column(s) found",
		"7: 1214  Delimiter not found",
	})
	equal(t, decode(t, "CSV FILLRECORD NULL AS 'NULL'", cols, "4,NULL\n5,\"NULL\"\n"), []string{
		"1: 4|NULL|NULL|NULL|NULL|NULL",
		"2: 5|NULL|NULL|NULL|NULL|NULL",
	})
}

// Data format parameters and Data conversion parameters (delimited text): '\N' is NULL by default; ESCAPE takes
// the character after a backslash literally; REMOVEQUOTES keeps delimiters inside quotation marks;
// IGNOREBLANKLINES skips empty lines.
func TestDelimitedTextRecords(t *testing.T) {
	c := cols[:3]
	equal(t, decode(t, "", c, "1|\\N|2\n2||\n"), []string{"1: 1|NULL|2.00", "2: 2||NULL"})
	equal(t, decode(t, "ESCAPE", c, "1|a\\|b|3\n2|x\\\ny|4\n3|\\N|\n"), []string{"1: 1|a|b|3.00", "3: 2|x\ny|4.00", "4: 3|NULL|NULL"})
	equal(t, decode(t, "REMOVEQUOTES DELIMITER ','", c, "1,\"a,b\",1\n"), []string{"1: 1|a,b|1.00"})
	equal(t, decode(t, "IGNOREBLANKLINES DELIMITER '|~|'", c, "1|~|a|~|1\n\n2|~|b|~|2"), []string{"1: 1|a|1.00", "3: 2|b|2.00"})
	equal(t, decode(t, "", c, "1|a\n"), []string{"1: 1214  Delimiter not found"})
}

// Data conversion parameters and the Load error reference: Redshift's conversions of text to each column type.
func TestValuesConvertAsRedshiftConvertsThem(t *testing.T) {
	all := []copyfmt.Column{
		{Name: "s", Type: copyfmt.Smallint}, {Name: "i", Type: copyfmt.Integer}, {Name: "b", Type: copyfmt.Bigint},
		{Name: "r", Type: copyfmt.Real}, {Name: "d", Type: copyfmt.Double}, {Name: "n", Type: copyfmt.Numeric, Precision: 5, Scale: 2},
		{Name: "v", Type: copyfmt.Varchar, Length: 4}, {Name: "c", Type: copyfmt.Char, Length: 3}, {Name: "ok", Type: copyfmt.Boolean},
		{Name: "day", Type: copyfmt.Date}, {Name: "ts", Type: copyfmt.Timestamptz},
	}
	cases := []struct{ options, row, want string }{
		{"", "1|2|3|1.5|2.5|1.239|abcd|ab |yes|2026-12-01|2026-12-01 10:00:00", "1: 1|2|3|1.5|2.5|1.23|abcd|ab|true|2026-12-01 00:00:00|2026-12-01 10:00:00"},
		{"ROUNDEC", "|||||1.235|||||", "1: NULL|NULL|NULL|NULL|NULL|1.24|||NULL|NULL|NULL"},
		{"ROUNDEC", "||||| -999.995|||||", "1: 1204 n Numeric data overflow (result precision)"},
		{"", "40000||||||||||", "1: 1204 s Overflow (Short valid range -32768 to 32767)"},
		{"", "|1.0|||||||||", "1: 1207 i Invalid digit, Value '.', Pos 1, Type: Integer"},
		{"", "|||abc|||||||", "1: 1208 r Invalid digit, Value 'abc', Pos 0, Type: Real"},
		{"", "||||0x10||||||", "1: 1208 d Invalid digit, Value 'x', Pos 1, Type: Double"},
		{"", "|||||1e5|||||", "1: 1209 n Invalid digit, Value 'e', Pos 1, Type: Decimal"},
		{"", "||||||abcde||||", "1: 1204 v String length exceeds DDL length"},
		{"TRUNCATECOLUMNS", "||||||abcdé||||", "1: NULL|NULL|NULL|NULL|NULL|NULL|abcd||NULL|NULL|NULL"},
		{"TRUNCATECOLUMNS", "||||||abcé||||", "1: NULL|NULL|NULL|NULL|NULL|NULL|abc||NULL|NULL|NULL"},
		{"", "||||||a\xffb||||", "1: 1220 v String contains invalid or unsupported UTF8 codepoints. Bad UTF8 hex sequence: ff"},
		{"ACCEPTINVCHARS", "||||||a\xffb||||", "1: NULL|NULL|NULL|NULL|NULL|NULL|a?b||NULL|NULL|NULL"},
		{"", "||||||||maybe||", "1: 1210 ok Invalid boolean value 'maybe'"},
		{"", "|||||||||12/01/2026|", "1: 1205 day Invalid date format - '12/01/2026' does not match YYYY-MM-DD"},
		{"DATEFORMAT 'auto'", "|||||||||12/01/2026|", "1: NULL|NULL|NULL|NULL|NULL|NULL|||NULL|2026-12-01 00:00:00|NULL"},
		{"DATEFORMAT 'MM/DD/YYYY' ACCEPTANYDATE", "|||||||||2026-12-01|", "1: NULL|NULL|NULL|NULL|NULL|NULL|||NULL|NULL|NULL"},
		{"", "||||||||||2026-12-01T10:00:00", "1: 1206 ts Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS]"},
		{"TIMEFORMAT 'auto'", "||||||||||2026-12-01T10:00:00+02:00", "1: NULL|NULL|NULL|NULL|NULL|NULL|||NULL|NULL|2026-12-01 08:00:00"},
		{"TIMEFORMAT 'epochsecs'", "||||||||||1764583200", "1: NULL|NULL|NULL|NULL|NULL|NULL|||NULL|NULL|2025-12-01 10:00:00"},
		{"TIMEFORMAT 'epochmillisecs'", "||||||||||1764583200500", "1: NULL|NULL|NULL|NULL|NULL|NULL|||NULL|NULL|2025-12-01 10:00:00.5"},
		{"TIMEFORMAT 'YYYYMMDDHH24MISS'", "||||||||||20261201235959", "1: NULL|NULL|NULL|NULL|NULL|NULL|||NULL|NULL|2026-12-01 23:59:59"},
		{"DATEFORMAT 'DD MON YY'", "|||||||||31 Feb 26|", "1: 1205 day Invalid date format - '31 Feb 26' does not match DD MON YY"},
		{"DATEFORMAT 'DD MON YY'", "|||||||||28 feb 26|", "1: NULL|NULL|NULL|NULL|NULL|NULL|||NULL|2026-02-28 00:00:00|NULL"},
		{"EMPTYASNULL", "||||||||||", "1: NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL"},
		{"BLANKSASNULL TRIMBLANKS", "||||||  | x  |||", "1: NULL|NULL|NULL|NULL|NULL|NULL|NULL| x|NULL|NULL|NULL"},
		{"TRIMBLANKS", "||||||ab  ||||", "1: NULL|NULL|NULL|NULL|NULL|NULL|ab||NULL|NULL|NULL"},
	}
	for _, c := range cases {
		got := decode(t, c.options, all, c.row)
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s %q:\n got %q\nwant %q", c.options, c.row, got, c.want)
		}
	}
}

// STL_LOAD_ERRORS: raw_line holds the record with "Multibyte characters in the load data … replaced with a
// period"; the widths of the table's columns bound the texts.
func TestLoadErrorFieldsFitSTLLoadErrors(t *testing.T) {
	o, _ := copyfmt.Parse("")
	c := []copyfmt.Column{{Name: strings.Repeat("c", 200), Type: copyfmt.Integer}}
	var le *copyfmt.LoadError
	copyfmt.NewDecoder(o, c).Decode(strings.Repeat("f", 300), []byte("é"+strings.Repeat("x", 2000)), func(r *copyfmt.Row) error {
		le = r.Err
		return nil
	})
	if le == nil {
		t.Fatal("no error")
	}
	if len(le.Filename) != 256 || len(le.Colname) != 127 || len(le.RawLine) != 1024 || le.RawLine[0] != '.' || len(le.RawField) != 1024 || len(le.Reason) > 100 || le.Type != "int4" {
		t.Fatalf("lengths %d %d %d %d %d, raw %q…, type %q", len(le.Filename), len(le.Colname), len(le.RawLine), len(le.RawField), len(le.Reason), le.RawLine[:4], le.Type)
	}
}
