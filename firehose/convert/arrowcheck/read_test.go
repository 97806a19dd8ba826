package arrowcheck_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/convert/arrowcheck"
)

func s(v string) *string { return &v }

func config(p *convert.ParquetSerDe, d *convert.Deserializer) *convert.DataFormatConversionConfiguration {
	if d == nil {
		d = &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{}}
	}
	return &convert.DataFormatConversionConfiguration{
		InputFormatConfiguration:  &convert.InputFormatConfiguration{Deserializer: d},
		OutputFormatConfiguration: &convert.OutputFormatConfiguration{Serializer: &convert.Serializer{ParquetSerDe: p}},
		SchemaConfiguration:       &convert.SchemaConfiguration{DatabaseName: s("db"), TableName: s("t"), RoleARN: s("arn:aws:iam::123456789012:role/r")},
	}
}

var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// normalize turns a decoded JSON value into a comparable form: numbers as their float64 text.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return strconv.FormatFloat(f, 'g', -1, 64)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return strconv.FormatFloat(float64(x), 'g', -1, 64)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = normalize(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = normalize(e)
		}
		return a
	}
	return v
}

func compare(t *testing.T, got []map[string]any, want []map[string]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows read back, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := normalize(got[i]), normalize(want[i])
		if !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Errorf("row %d:\n got %s\nwant %s", i, gj, wj)
		}
	}
}

// Developer guide, record format conversion: JSON in, Parquet out under the declared schema; read back with
// Apache Arrow's reader, every type of the schema holds the values put.
func TestParquetReadsBackWithArrowUnderTheDeclaredSchema(t *testing.T) {
	cols := []convert.Column{{Name: "s", Type: "string"}, {Name: "i", Type: "int"}, {Name: "b", Type: "bigint"}, {Name: "d", Type: "double"}, {Name: "f", Type: "float"}, {Name: "ok", Type: "boolean"},
		{Name: "ts", Type: "timestamp"}, {Name: "day", Type: "date"}, {Name: "dec", Type: "decimal(10,2)"}, {Name: "big", Type: "decimal(30,4)"}, {Name: "small", Type: "decimal(5,1)"},
		{Name: "tiny", Type: "tinyint"}, {Name: "sm", Type: "smallint"}, {Name: "vc", Type: "varchar(3)"},
		{Name: "arr", Type: "array<int>"}, {Name: "m", Type: "map<string,bigint>"}, {Name: "st", Type: "struct<a:string,n:array<struct<x:int>>>"}}
	c, err := convert.New(config(&convert.ParquetSerDe{}, nil), cols)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Convert(now, []convert.Record{
		{Data: []byte(`{"s":"x","i":1,"b":2,"d":2.5,"f":1.5,"ok":true,"ts":"2026-12-01T10:00:00.123Z","day":"2026-12-01","dec":12.345,"big":"-123456789012345678.12345","small":-1.25,"tiny":-128,"sm":32767,"vc":"abcdef","arr":[1,null,3],"m":{"k":7,"n":null},"st":{"a":"A","n":[{"x":1},{"x":null},null]}}`)},
		{Data: []byte(`{"s":null}{"S":"upper","arr":[],"m":{},"st":{},"ts":1518033528123,"TS":1}`)},
		{Data: []byte(`[1]`)},
		{Data: []byte(`{"i":"not a number"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || len(res.Failed) != 2 {
		t.Fatalf("rows %d failed %d", res.Rows, len(res.Failed))
	}
	got, _, err := arrowcheck.Rows(res.Parquet)
	if err != nil {
		t.Fatal(err)
	}
	null := map[string]any{}
	for _, c := range cols {
		null[c.Name] = nil
	}
	row := func(kv map[string]any) map[string]any {
		m := map[string]any{}
		for k, v := range null {
			m[k] = v
		}
		for k, v := range kv {
			m[k] = v
		}
		return m
	}
	compare(t, got, []map[string]any{
		row(map[string]any{"s": "x", "i": 1.0, "b": 2.0, "d": 2.5, "f": 1.5, "ok": true, "ts": "2026-12-01T10:00:00.123Z", "day": "2026-12-01",
			"dec": "12.35", "big": "-123456789012345678.1235", "small": "-1.3", "tiny": -128.0, "sm": 32767.0, "vc": "abc",
			"arr": []any{1.0, nil, 3.0}, "m": []any{map[string]any{"key": "k", "value": 7.0}, map[string]any{"key": "n", "value": nil}},
			"st": map[string]any{"a": "A", "n": []any{map[string]any{"x": 1.0}, map[string]any{"x": nil}, nil}}}),
		row(nil),
		row(map[string]any{"s": "upper", "arr": []any{}, "m": []any{}, "st": map[string]any{"a": nil, "n": nil}, "ts": "2018-02-07T19:58:48.123Z"}),
	})
}

// API_ParquetSerDe: Compression SNAPPY (default), GZIP or UNCOMPRESSED; WriterVersion V1 (default) or V2;
// EnableDictionaryCompression. Every combination reads back the same, and the file says which codec it used.
func TestEveryParquetSerDeOptionReadsBackWithArrow(t *testing.T) {
	cols := []convert.Column{{Name: "id", Type: "bigint"}, {Name: "name", Type: "string"}, {Name: "tags", Type: "array<string>"}, {Name: "score", Type: "double"}}
	r := rand.New(rand.NewPCG(1, 2))
	var records []convert.Record
	var want []map[string]any
	for i := range 2000 {
		name := fmt.Sprintf("user-%d", r.IntN(20)) // repeats: dictionaries matter
		tags := []any{}
		for range r.IntN(3) {
			tags = append(tags, fmt.Sprintf("t%d", r.IntN(5)))
		}
		score := float64(r.IntN(1000)) / 8
		obj := map[string]any{"id": i, "name": name, "tags": tags, "score": score, "extra": "ignored"}
		data, _ := json.Marshal(obj)
		records = append(records, convert.Record{Data: data})
		want = append(want, map[string]any{"id": float64(i), "name": name, "tags": tags, "score": score})
	}
	for _, comp := range []convert.ParquetCompression{"", convert.ParquetCompressionSnappy, convert.ParquetCompressionGzip, convert.ParquetCompressionUncompressed} {
		for _, version := range []convert.ParquetWriterVersion{"", convert.ParquetWriterVersionV2} {
			for _, dict := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s-%s-dict=%v", comp, version, dict), func(t *testing.T) {
					page := int32(64 << 10)
					c, err := convert.New(config(&convert.ParquetSerDe{Compression: comp, WriterVersion: version, EnableDictionaryCompression: &dict, PageSizeBytes: &page}, nil), cols)
					if err != nil {
						t.Fatal(err)
					}
					res, err := c.Convert(now, records)
					if err != nil || len(res.Failed) != 0 {
						t.Fatalf("%v %v", err, res.Failed)
					}
					got, _, err := arrowcheck.Rows(res.Parquet)
					if err != nil {
						t.Fatal(err)
					}
					compare(t, got, want)
					rdr, err := file.NewParquetReader(bytes.NewReader(res.Parquet))
					if err != nil {
						t.Fatal(err)
					}
					defer rdr.Close()
					cc, err := rdr.MetaData().RowGroup(0).ColumnChunk(0)
					if err != nil {
						t.Fatal(err)
					}
					wantCodec := map[convert.ParquetCompression]string{"": "SNAPPY", "SNAPPY": "SNAPPY", "GZIP": "GZIP", "UNCOMPRESSED": "UNCOMPRESSED"}[comp]
					if got := cc.Compression().String(); got != wantCodec {
						t.Errorf("codec %s, want %s", got, wantCodec)
					}
				})
			}
		}
	}
}

// Developer guide, "Choosing the JSON deserializer": the OpenX options and the Hive SerDe's timestamp formats,
// read back with Arrow.
func TestDeserializerOptionsReadBackWithArrow(t *testing.T) {
	no := false
	yes := true
	openx := &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{CaseInsensitive: &yes, ConvertDotsInJsonKeysToUnderscores: &yes,
		ColumnToJsonKeyMappings: map[string]string{"ts": "timestamp"}}}
	c, err := convert.New(config(&convert.ParquetSerDe{}, openx), []convert.Column{{Name: "ts", Type: "timestamp"}, {Name: "a_b", Type: "string"}, {Name: "n", Type: "int"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Convert(now, []convert.Record{{Data: []byte(`{"timestamp":"2017-02-07 15:13:01.14","a.b":"dot","N":"42"}`)}, {Data: []byte(`{"timestamp":1518033528.5}`)}, {Data: []byte(`{"timestamp":"1969-12-31T23:59:59.5Z"}`)}})
	if err != nil || len(res.Failed) != 0 {
		t.Fatalf("%v %+v", err, res.Failed)
	}
	got, _, _ := arrowcheck.Rows(res.Parquet)
	compare(t, got, []map[string]any{
		{"ts": "2017-02-07T15:13:01.14Z", "a_b": "dot", "n": 42.0},
		{"ts": "2018-02-07T19:58:48.5Z", "a_b": nil, "n": nil},
		{"ts": "1969-12-31T23:59:59.5Z", "a_b": nil, "n": nil},
	})

	sensitive := &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{CaseInsensitive: &no}}
	c, _ = convert.New(config(&convert.ParquetSerDe{}, sensitive), []convert.Column{{Name: "n", Type: "int"}})
	res, _ = c.Convert(now, []convert.Record{{Data: []byte(`{"N":1}`)}})
	got, _, _ = arrowcheck.Rows(res.Parquet)
	compare(t, got, []map[string]any{{"n": nil}})

	hive := &convert.Deserializer{HiveJsonSerDe: &convert.HiveJsonSerDe{TimestampFormats: []string{"dd/MM/yyyy HH:mm:ss", "millis"}}}
	c, err = convert.New(config(&convert.ParquetSerDe{}, hive), []convert.Column{{Name: "ts", Type: "timestamp"}})
	if err != nil {
		t.Fatal(err)
	}
	res, _ = c.Convert(now, []convert.Record{{Data: []byte(`{"ts":"07/02/2017 15:13:01"}`)}, {Data: []byte(`{"ts":1518033528123}`)}})
	got, _, _ = arrowcheck.Rows(res.Parquet)
	compare(t, got, []map[string]any{{"ts": "2017-02-07T15:13:01Z"}, {"ts": "2018-02-07T19:58:48.123Z"}})
}
