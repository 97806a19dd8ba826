package copyfmt_test

import (
	"errors"
	"testing"

	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

// Database Developer Guide, "COPY" and "Data format parameters": parameters in any order and case, AS optional,
// the formats Firehose users write.
func TestParseReadsTheParametersFirehoseUsersWrite(t *testing.T) {
	cases := []struct {
		in    string
		check func(*copyfmt.Options) bool
	}{
		{"JSON 'auto'", func(o *copyfmt.Options) bool { return o.Format == copyfmt.JSON && !o.JSONIgnoreCase }},
		{"json 'auto ignorecase' gzip", func(o *copyfmt.Options) bool { return o.JSONIgnoreCase && o.Compression == copyfmt.GZIP }},
		{"FORMAT AS JSON 'auto' ZSTD", func(o *copyfmt.Options) bool { return o.Format == copyfmt.JSON && o.Compression == copyfmt.ZSTD }},
		{"FORMAT CSV", func(o *copyfmt.Options) bool { return o.Format == copyfmt.CSV && o.Delimiter == "," && o.Quote == '"' }},
		{"CSV QUOTE AS '%' DELIMITER AS ';'", func(o *copyfmt.Options) bool { return o.Quote == '%' && o.Delimiter == ";" }},
		{"CSV QUOTE ''''", func(o *copyfmt.Options) bool { return o.Quote == '\'' }},
		{"", func(o *copyfmt.Options) bool {
			return o.Format == copyfmt.Text && o.Delimiter == "|" && o.NullAs == `\N`
		}},
		{`delimiter '\t' lzop`[:15], func(o *copyfmt.Options) bool { return o.Delimiter == "\t" }},
		{`DELIMITER '\001'`, func(o *copyfmt.Options) bool { return o.Delimiter == "\x01" }},
		{"DELIMITER '|~|' ESCAPE REMOVEQUOTES", func(o *copyfmt.Options) bool { return o.Delimiter == "|~|" && o.Escape && o.RemoveQuotes }},
		{"IGNOREHEADER AS 2 NULL AS 'null' BZIP2", func(o *copyfmt.Options) bool {
			return o.IgnoreHeader == 2 && o.NullAs == "null" && o.Compression == copyfmt.BZIP2
		}},
		{"EMPTYASNULL BLANKSASNULL TRIMBLANKS TRUNCATECOLUMNS ACCEPTINVCHARS ROUNDEC ACCEPTANYDATE FILLRECORD IGNOREBLANKLINES", func(o *copyfmt.Options) bool {
			return o.EmptyAsNull && o.BlanksAsNull && o.TrimBlanks && o.TruncateColumns && o.AcceptInvChars && o.InvCharReplacement == '?' &&
				o.RoundDec && o.AcceptAnyDate && o.FillRecord && o.IgnoreBlankLines
		}},
		{"ACCEPTINVCHARS AS '^'", func(o *copyfmt.Options) bool { return o.InvCharReplacement == '^' }},
		{"TIMEFORMAT 'auto' DATEFORMAT AS 'MM/DD/YYYY'", func(o *copyfmt.Options) bool { return o.TimeFormat == "auto" && o.DateFormat == "MM/DD/YYYY" }},
		{"TIMEFORMAT 'epochmillisecs'", func(o *copyfmt.Options) bool { return o.TimeFormat == "epochmillisecs" }},
		{"MAXERROR AS 250 ;", func(o *copyfmt.Options) bool { return o.MaxError == 250 }},
		// "The MAXERROR default value is 0 and the limit is 100000."
		{"MAXERROR 5000000", func(o *copyfmt.Options) bool { return o.MaxError == copyfmt.MaxErrorLimit }},
		{"COMPUPDATE OFF STATUPDATE ON COMPROWS 1000 REGION 'us-east-1' MANIFEST ENCODING UTF8", func(o *copyfmt.Options) bool { return true }},
		{"EXPLICIT_IDS NOLOAD", func(o *copyfmt.Options) bool { return o.ExplicitIDs && o.NoLoad }},
	}
	for _, c := range cases {
		o, err := copyfmt.Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if !c.check(o) {
			t.Errorf("Parse(%q) = %+v", c.in, o)
		}
	}
}

// Parameters Redshift knows but kinesim does not model are refused with ErrUnsupportedOption naming them;
// anything else invalid with ErrOptionSyntax. The combinations Redshift forbids are refused: "CSV can't be used
// with FIXEDWIDTH, REMOVEQUOTES, or ESCAPE"; QUOTE only with CSV; the delimited-text parameters with JSON.
func TestParseRefusesWhatItDoesNotModelNamingIt(t *testing.T) {
	cases := []struct {
		in   string
		want error
	}{
		{"DELIMITER '\\t' LZOP", copyfmt.ErrUnsupportedOption},
		{"FIXEDWIDTH 'a:1'", copyfmt.ErrUnsupportedOption},
		{"FORMAT AS AVRO 'auto'", copyfmt.ErrUnsupportedOption},
		{"FORMAT AS PARQUET", copyfmt.ErrUnsupportedOption},
		{"JSON 's3://bucket/jsonpaths.json'", copyfmt.ErrUnsupportedOption},
		{"JSON 'noshred'", copyfmt.ErrUnsupportedOption},
		{"ENCODING UTF16", copyfmt.ErrUnsupportedOption},
		{"ENCRYPTED", copyfmt.ErrUnsupportedOption},
		{"JSON", copyfmt.ErrOptionSyntax},
		{"JSON 'AUTO'", copyfmt.ErrOptionSyntax},
		{"BOGUS", copyfmt.ErrOptionSyntax},
		{"CSV ESCAPE", copyfmt.ErrOptionSyntax},
		{"CSV REMOVEQUOTES", copyfmt.ErrOptionSyntax},
		{"QUOTE '\"'", copyfmt.ErrOptionSyntax},
		{"JSON 'auto' DELIMITER ','", copyfmt.ErrOptionSyntax},
		{"JSON 'auto' NULL AS 'x'", copyfmt.ErrOptionSyntax},
		{"JSON 'auto' CSV", copyfmt.ErrOptionSyntax},
		{"GZIP BZIP2", copyfmt.ErrOptionSyntax},
		{"GZIP GZIP", copyfmt.ErrOptionSyntax},
		{"MAXERROR", copyfmt.ErrOptionSyntax},
		{"MAXERROR -1", copyfmt.ErrOptionSyntax},
		{"IGNOREHEADER 99999999999", copyfmt.ErrOptionSyntax},
		{"NULL AS 'x", copyfmt.ErrOptionSyntax},
		{"DELIMITER ''", copyfmt.ErrOptionSyntax},
		{"CSV QUOTE 'ab'", copyfmt.ErrOptionSyntax},
		{"CSV DELIMITER '\"'", copyfmt.ErrOptionSyntax},
		{"DATEFORMAT 'YYYY-QQ'", copyfmt.ErrOptionSyntax},
		{"GZIP; MAXERROR 1", copyfmt.ErrOptionSyntax},
		{"ACCEPTINVCHARS AS '\\000'", copyfmt.ErrOptionSyntax},
	}
	for _, c := range cases {
		o, err := copyfmt.Parse(c.in)
		if !errors.Is(err, c.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %v", c.in, o, err, c.want)
		}
	}
}
