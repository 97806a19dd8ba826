package convert_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/kinesim/kinesim/firehose/convert"
)

// FuzzParseType: no panic; an accepted type prints to a string that parses to the same type.
func FuzzParseType(f *testing.F) {
	for _, s := range []string{"int", "decimal(10,2)", "map<string,array<struct<a:int,b:varchar(3)>>>", "struct<", "array<array<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		typ, err := convert.ParseType(s)
		if err != nil {
			return
		}
		again, err := convert.ParseType(typ.String())
		if err != nil || again.String() != typ.String() {
			t.Fatalf("%q printed %q reparsed %v", s, typ, err)
		}
	})
}

// FuzzConvert: no panic on any record; every record either converts or fails, and what converts is a Parquet file.
func FuzzConvert(f *testing.F) {
	f.Add([]byte(`{"s":"x","n":[1,2],"m":{"k":{"a":1.5}},"ts":"2017-02-07 15:13:01.14","d":"12.3"}`), false)
	f.Add([]byte(`{"S":1}{"n":null}`), true)
	f.Add([]byte(`[1]`), false)
	cols := []convert.Column{{Name: "s", Type: "string"}, {Name: "n", Type: "array<bigint>"}, {Name: "m", Type: "map<string,struct<a:double>>"},
		{Name: "ts", Type: "timestamp"}, {Name: "d", Type: "decimal(20,4)"}}
	openx, _ := convert.New(config(nil, nil), cols)
	hiveC, _ := convert.New(config(nil, hive("yyyy-MM-dd HH:mm:ss.SSS", "millis")), cols)
	f.Fuzz(func(t *testing.T, data []byte, useHive bool) {
		c := openx
		if useHive {
			c = hiveC
		}
		res, err := c.Convert(now, []convert.Record{{Data: data}, {Data: []byte(`{"s":"ok"}`)}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows < 1 || len(res.Failed) > 1 || string(res.Parquet[:4]) != "PAR1" {
			t.Fatalf("rows %d failed %d", res.Rows, len(res.Failed))
		}
		if len(res.Failed) == 1 && string(res.Failed[0].RawData) != string(data) {
			t.Fatal("rawData is not the record")
		}
	})
}

// FuzzTimestampFormats: no panic on any Joda pattern or value; an accepted pattern either parses the value or
// fails the record.
func FuzzTimestampFormats(f *testing.F) {
	f.Add("yyyy-MM-dd'T'HH:mm:ss.SSSZZ", "2017-02-07T15:13:01.392+01:00")
	f.Add("dd/MMM/yyyy:HH:mm:ss Z", "07/Feb/2017:15:13:01 +0000")
	f.Add("'", "x")
	f.Fuzz(func(t *testing.T, pattern, value string) {
		c, err := convert.New(config(nil, hive(pattern)), []convert.Column{{Name: "ts", Type: "timestamp"}})
		if err != nil {
			return
		}
		data, _ := json.Marshal(map[string]string{"ts": value})
		res, err := c.Convert(now, []convert.Record{{Data: data}})
		if err != nil || res.Rows+len(res.Failed) != 1 {
			t.Fatalf("%v rows %d failed %d", err, res.Rows, len(res.Failed))
		}
	})
}

// FuzzParseJSONMatchesEncodingJSON: the converter's JSON reader accepts what encoding/json's Decoder (UseNumber)
// accepts, as a sequence of objects, and reads the same values.
func FuzzParseJSONMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{`{"a":1}{"b":[1,2.5e-3,"x\u00e9\ud83d\ude00",null,true,{"c":{}}]}`, `{"a":"\ud800"}`, "{\"a\":\"\xff\"}", `{"a":1,"a":2}`, `{"a":01}`, `[1]`, `{"a":1} x`, `{"a":-0.0E+1}`, ` `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, gerr := convert.DecodeObjectsForTest(data)
		var want []map[string]any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var werr error
		for {
			var v any
			if werr = dec.Decode(&v); werr != nil {
				if werr == io.EOF {
					werr = nil
				}
				break
			}
			obj, ok := v.(map[string]any)
			if !ok {
				werr = errors.New("not an object")
				break
			}
			want = append(want, obj)
		}
		if werr == nil && len(want) == 0 {
			werr = errors.New("no object")
		}
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("%q: our reader %v, encoding/json %v", data, gerr, werr)
		}
		if gerr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %#v, encoding/json %#v", data, got, want)
		}
	})
}
