package convert_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose/convert"
)

func s(v string) *string { return &v }

func config(p *convert.ParquetSerDe, d *convert.Deserializer) *convert.DataFormatConversionConfiguration {
	if d == nil {
		d = &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{}}
	}
	if p == nil {
		p = &convert.ParquetSerDe{}
	}
	return &convert.DataFormatConversionConfiguration{
		InputFormatConfiguration:  &convert.InputFormatConfiguration{Deserializer: d},
		OutputFormatConfiguration: &convert.OutputFormatConfiguration{Serializer: &convert.Serializer{ParquetSerDe: p}},
		SchemaConfiguration:       &convert.SchemaConfiguration{DatabaseName: s("db"), TableName: s("t"), RoleARN: s("arn:aws:iam::123456789012:role/r"), Region: s("us-east-1")},
	}
}

var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func hive(formats ...string) *convert.Deserializer {
	return &convert.Deserializer{HiveJsonSerDe: &convert.HiveJsonSerDe{TimestampFormats: formats}}
}

// rows reads a file back with parquet-go (the writer's library: these unit tests check the conversion rules; the
// arrowcheck module reads the files with Apache Arrow's reader).
func rows(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	r := parquet.NewReader(bytes.NewReader(data))
	var out []map[string]any
	for {
		row := map[string]any{}
		if err := r.Read(&row); err != nil {
			break
		}
		out = append(out, row)
	}
	return out
}

func convertOne(t *testing.T, d *convert.Deserializer, cols []convert.Column, data string) (convert.Result, error) {
	t.Helper()
	c, err := convert.New(config(nil, d), cols)
	if err != nil {
		t.Fatal(err)
	}
	return c.Convert(now, []convert.Record{{Data: []byte(data), ApproximateArrivalTimestamp: now.Add(-time.Minute), SequenceNumber: "49", SubsequenceNumber: 2}})
}

func TestConfigurationErrors(t *testing.T) {
	one := []convert.Column{{Name: "a", Type: "int"}}
	orc := config(nil, nil)
	orc.OutputFormatConfiguration.Serializer = &convert.Serializer{OrcSerDe: &convert.OrcSerDe{}}
	both := config(nil, nil)
	both.InputFormatConfiguration.Deserializer.HiveJsonSerDe = &convert.HiveJsonSerDe{}
	noSchema := config(nil, nil)
	noSchema.SchemaConfiguration = nil
	noTable := config(nil, nil)
	noTable.SchemaConfiguration.TableName = nil
	small := int32(1 << 20)
	neg := int32(-1)
	for _, tc := range []struct {
		name string
		cfg  *convert.DataFormatConversionConfiguration
		cols []convert.Column
		text string
	}{
		{"orc", orc, one, "ORC output (OrcSerDe) is not supported"},
		{"two deserializers", both, one, "Exactly one of HiveJsonSerDe and OpenXJsonSerDe"},
		{"no schema configuration", noSchema, one, "SchemaConfiguration is required"},
		{"no table", noTable, one, "requires DatabaseName, TableName and RoleARN"},
		{"compression", config(&convert.ParquetSerDe{Compression: "LZ4"}, nil), one, "Invalid Compression"},
		{"writer version", config(&convert.ParquetSerDe{WriterVersion: "V3"}, nil), one, "Invalid WriterVersion"},
		{"block size", config(&convert.ParquetSerDe{BlockSizeBytes: &small}, nil), one, "BlockSizeBytes"},
		{"page size", config(&convert.ParquetSerDe{PageSizeBytes: &neg}, nil), one, "PageSizeBytes"},
		{"padding", config(&convert.ParquetSerDe{MaxPaddingBytes: &neg}, nil), one, "MaxPaddingBytes"},
		{"no columns", config(nil, nil), nil, "no columns"},
		{"repeated column", config(nil, nil), []convert.Column{{Name: "a", Type: "int"}, {Name: "A", Type: "int"}}, "appears twice"},
		{"bad type", config(nil, nil), []convert.Column{{Name: "a", Type: "uniontype<int,string>"}}, "unsupported Hive type"},
		{"dots under hive", config(nil, hive()), []convert.Column{{Name: "a.b", Type: "int"}}, "period"},
		{"untranslatable joda", config(nil, hive("yyyy-MM-dd G")), one, "TimestampFormats"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := convert.New(tc.cfg, tc.cols)
			if !errors.Is(err, apierr.InvalidArgument) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("%v, want InvalidArgument with %q", err, tc.text)
			}
		})
	}
	if _, err := convert.New(orc, one); !errors.Is(err, convert.ErrORCUnsupported) {
		t.Fatal(err)
	}
	if !config(nil, nil).IsEnabled() || (&convert.DataFormatConversionConfiguration{Enabled: new(false)}).IsEnabled() {
		t.Fatal("Enabled defaults to true")
	}
}

func TestParseTypeRoundTrips(t *testing.T) {
	for _, in := range []string{"string", "varchar(10)", "char(3)", "decimal(10,2)", "array<map<string,struct<a:int,b:array<double>>>>", "timestamp"} {
		typ, err := convert.ParseType(in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if typ.String() != in {
			t.Errorf("%s printed as %s", in, typ)
		}
	}
	if typ, _ := convert.ParseType(" STRUCT < B : INT , a : Decimal > "); typ.String() != "struct<a:decimal(10,0),b:int>" {
		t.Errorf("%s", typ)
	}
	for _, bad := range []string{"", "int int", "array<", "map<array<int>,int>", "struct<a:int,a:int>", "decimal(40,1)", "decimal(5,6)", "varchar(0)", "binary", strings.Repeat("array<", 40) + "int" + strings.Repeat(">", 40)} {
		if _, err := convert.ParseType(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Developer guide: "the Hive SerDe gives an error" for numeric types given as JSON strings ({"a":"123"}), and
// "doesn't convert nested JSON into strings"; OpenX does both.
func TestHiveSerDeRefusesNumericStringsAndNestedJSONThatOpenXTakes(t *testing.T) {
	intCol := []convert.Column{{Name: "a", Type: "int"}}
	strCol := []convert.Column{{Name: "a", Type: "string"}}
	res, _ := convertOne(t, hive(), intCol, `{"a":"123"}`)
	if len(res.Failed) != 1 || res.Parquet != nil {
		t.Fatalf("hive numeric string: %+v", res)
	}
	res, _ = convertOne(t, hive(), strCol, `{"a":{"inner":1}}`)
	if len(res.Failed) != 1 {
		t.Fatalf("hive nested: %+v", res)
	}
	res, _ = convertOne(t, nil, intCol, `{"a":"123"}`)
	if got := rows(t, res.Parquet); len(got) != 1 || got[0]["a"] != int32(123) {
		t.Fatalf("openx numeric string: %v", got)
	}
	res, _ = convertOne(t, nil, strCol, `{"a":{"inner":1}}`)
	if got := rows(t, res.Parquet); len(got) != 1 || got[0]["a"] != `{"inner":1}` {
		t.Fatalf("openx nested: %v", got)
	}
}

// Developer guide: OpenX reads yyyy-MM-dd'T'HH:mm:ss[.S]'Z', yyyy-[M]M-[d]d HH:mm:ss[.S] with up to 9 fraction
// digits, epoch seconds, epoch milliseconds and floating-point epoch seconds; the examples are the guide's.
func TestOpenXTimestampFormats(t *testing.T) {
	c, _ := convert.New(config(nil, nil), []convert.Column{{Name: "ts", Type: "timestamp"}})
	for in, want := range map[string]time.Time{
		`"2017-02-07T15:13:01.39256Z"`:     time.Date(2017, 2, 7, 15, 13, 1, 392560000, time.UTC),
		`"2017-02-07T15:13:01.123456789Z"`: time.Date(2017, 2, 7, 15, 13, 1, 123456789, time.UTC),
		`"2017-02-07 15:13:01.14"`:         time.Date(2017, 2, 7, 15, 13, 1, 140000000, time.UTC),
		`"2017-2-7 15:13:01"`:              time.Date(2017, 2, 7, 15, 13, 1, 0, time.UTC),
		`1518033528`:                       time.Unix(1518033528, 0).UTC(),
		`1518033528123`:                    time.UnixMilli(1518033528123).UTC(),
		`1518033528.123`:                   time.UnixMilli(1518033528123).UTC(),
	} {
		res, err := c.Convert(now, []convert.Record{{Data: []byte(`{"ts":` + in + `}`)}})
		if err != nil || len(res.Failed) != 0 {
			t.Fatalf("%s: %v %+v", in, err, res.Failed)
		}
		got := rows(t, res.Parquet)
		v, ok := got[0]["ts"].(deprecated.Int96) // parquet-go reads INT96 as its raw value: nanoseconds of the day, Julian day
		if !ok {
			t.Fatalf("%s read as %T", in, got[0]["ts"])
		}
		nanos := int64(v[1])<<32 | int64(v[0])
		ts := time.Unix((int64(v[2])-2440588)*86400, nanos).UTC()
		if !ts.Equal(want) {
			t.Errorf("%s: %v, want %v", in, ts, want)
		}
	}
	if res, _ := c.Convert(now, []convert.Record{{Data: []byte(`{"ts":"07/02/2017"}`)}}); len(res.Failed) != 1 {
		t.Error("an unsupported format converted")
	}
}

// Developer guide, "Record format conversion error handling": the document written for each failed record.
func TestFailedRecordsCarryTheDocumentedFields(t *testing.T) {
	res, err := convertOne(t, nil, []convert.Column{{Name: "a", Type: "int"}}, `{"a":1.5}`)
	if err != nil || len(res.Failed) != 1 || res.Rows != 0 || res.Parquet != nil {
		t.Fatalf("%v %+v", err, res)
	}
	line := res.Failed[0].AppendJSON(nil)
	var got map[string]any
	if err := json.Unmarshal(line, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"attemptsMade", "arrivalTimestamp", "lastErrorCode", "lastErrorMessage", "attemptEndingTimestamp", "rawData", "sequenceNumber", "subSequenceNumber", "dataCatalogTable"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %s in %s", k, line)
		}
	}
	if got["arrivalTimestamp"] != float64(now.Add(-time.Minute).UnixMilli()) || got["attemptEndingTimestamp"] != float64(now.UnixMilli()) ||
		got["rawData"] != "eyJhIjoxLjV9" || got["sequenceNumber"] != "49" || got["subSequenceNumber"] != 2.0 || got["lastErrorCode"] != convert.CodeMalformedData {
		t.Errorf("%s", line)
	}
	table := got["dataCatalogTable"].(map[string]any)
	if table["databaseName"] != "db" || table["tableName"] != "t" || table["region"] != "us-east-1" || table["versionId"] != "LATEST" {
		t.Errorf("%v", table)
	}
	if !strings.Contains(got["lastErrorMessage"].(string), "column a") {
		t.Errorf("message %v", got["lastErrorMessage"])
	}
}

// Developer guide: several JSON documents in one record are fine; a JSON array is not.
func TestConcatenatedDocumentsAreRowsAndArraysFail(t *testing.T) {
	c, _ := convert.New(config(nil, nil), []convert.Column{{Name: "a", Type: "bigint"}})
	res, err := c.Convert(now, []convert.Record{{Data: []byte(`{"a":1}{"a":2}` + "\n" + `{"a":3}`)}, {Data: []byte(`[{"a":4}]`)}, {Data: []byte(`{"a":5} x`)}, {Data: []byte(` `)}})
	if err != nil || res.Rows != 3 || len(res.Failed) != 3 {
		t.Fatalf("%v rows %d failed %d", err, res.Rows, len(res.Failed))
	}
}

func TestValueRulesOfTheTypes(t *testing.T) {
	cases := []struct {
		typ, in string
		ok      bool
	}{
		{"tinyint", "127", true}, {"tinyint", "128", false}, {"smallint", "-32769", false}, {"int", "2147483648", false},
		{"bigint", "9223372036854775807", true}, {"bigint", "1e3", false}, {"double", `"NaN"`, true}, {"boolean", `"TRUE"`, true},
		{"boolean", "1", false}, {"date", `"2026-02-30"`, false}, {"date", `"2026-2-3"`, true}, {"decimal(3,1)", "99.94", true},
		{"decimal(3,1)", "99.95", false}, {"decimal(38,0)", strings.Repeat("9", 38), true}, {"decimal(38,0)", strings.Repeat("9", 39), false},
		{"array<int>", `{"a":1}`, false}, {"map<int,string>", `{"1":"a","x":"b"}`, false}, {"map<int,string>", `{"1":"a"}`, true},
		{"struct<a:int>", `[1]`, false}, {"varchar(2)", `"héllo"`, true}, {"char(4)", `"ab"`, true},
	}
	for _, tc := range cases {
		c, err := convert.New(config(nil, nil), []convert.Column{{Name: "v", Type: tc.typ}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Convert(now, []convert.Record{{Data: []byte(`{"v":` + tc.in + `}`)}})
		if err != nil {
			t.Fatal(err)
		}
		if ok := len(res.Failed) == 0; ok != tc.ok {
			t.Errorf("%s ← %s: converted %v, want %v (%+v)", tc.typ, tc.in, ok, tc.ok, res.Failed)
		}
	}
	res, _ := convertOne(t, nil, []convert.Column{{Name: "v", Type: "varchar(2)"}, {Name: "c", Type: "char(4)"}}, `{"v":"héllo","c":"ab"}`)
	if got := rows(t, res.Parquet); got[0]["v"] != "hé" || got[0]["c"] != "ab  " {
		t.Errorf("%q", got)
	}
}

func TestEveryColumnIsNullWhenItsFieldIsAbsent(t *testing.T) {
	res, _ := convertOne(t, nil, []convert.Column{{Name: "a", Type: "int"}, {Name: "b", Type: "array<string>"}, {Name: "c", Type: "struct<x:int>"}}, `{"other":1}`)
	got := rows(t, res.Parquet)
	if len(got) != 1 || got[0]["a"] != nil || got[0]["c"] != nil {
		t.Fatalf("%v", got)
	}
}

func TestConverterIsSafeForConcurrentUse(t *testing.T) {
	c, err := convert.New(config(nil, nil), []convert.Column{{Name: "a", Type: "bigint"}, {Name: "t", Type: "array<string>"}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	for range 4 {
		go func() {
			res, err := c.Convert(now, []convert.Record{{Data: []byte(`{"a":1,"t":["x"]}`)}, {Data: []byte(`{"a":"bad"}`)}})
			if err != nil || res.Rows != 1 || len(res.Failed) != 1 {
				t.Errorf("%v rows %d failed %d", err, res.Rows, len(res.Failed))
			}
			done <- res.Rows
		}()
	}
	for range 4 {
		<-done
	}
}
