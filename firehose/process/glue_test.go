package process_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/firehose/process"
)

// invoke runs tr over records with the given data and returns the outcomes, failing on a batch error.
func invoke(t *testing.T, tr process.Transformer, data ...string) []process.Outcome {
	t.Helper()
	inv := process.Invoke(context.Background(), tr, batch(data...), 0)
	if inv.Err != nil {
		t.Fatal(inv.Err)
	}
	return inv.Outcomes
}

func wantData(t *testing.T, o process.Outcome, want string) {
	t.Helper()
	if o.Result != process.Ok || string(o.Data) != want {
		t.Errorf("%s: %v %q %s, want Ok %q", o.Record.RecordId, o.Result, o.Data, o.ErrorMessage, want)
	}
}

func wantFailed(t *testing.T, o process.Outcome, message string) {
	t.Helper()
	if o.Result != process.ProcessingFailed || o.ErrorCode != process.CodeProcessingFailedStatus ||
		!strings.HasPrefix(o.ErrorMessage, process.MessageProcessingFailed+": ") || !strings.Contains(o.ErrorMessage, message) {
		t.Errorf("%s: %v %s %q, want ProcessingFailed with %q", o.Record.RecordId, o.Result, o.ErrorCode, o.ErrorMessage, message)
	}
}

// AWS Glue developer guide, "DropFields class": DropFields drops the nodes at "a list of full paths"; a nested
// field is named by its path through objects. Absent paths and paths through arrays change nothing.
func TestDropFieldsRemovesFieldsAtFullPaths(t *testing.T) {
	out := invoke(t, process.DropFields("secret", "meta.y", "absent.z", "tags.x", "`a.b`.c"),
		`{"id":1,"secret":"s","meta":{"x":null,"y":2},"tags":[{"x":1}],"a.b":{"c":1,"d":2}}`+"\n", `{"id":2}`)
	wantData(t, out[0], `{"a.b":{"d":2},"id":1,"meta":{"x":null},"tags":[{"x":1}]}`+"\n")
	wantData(t, out[1], `{"id":2}`)
}

func TestDropFieldsRefusesPathsThatDoNotParse(t *testing.T) {
	for _, p := range []string{"", "a..b", "a.", ".a", "`a", "`a`b"} {
		inv := process.Invoke(context.Background(), process.DropFields(p), batch(`{}`), 0)
		if !errors.Is(inv.Err, process.ErrFieldPath) || inv.Outcomes[0].ErrorCode != process.CodeFunctionError {
			t.Errorf("%q: %v", p, inv.Err)
		}
	}
}

// A record that is not one JSON object is ProcessingFailed, with the reason in its error record's message; the
// others of the batch are transformed (Glue's error records; Firehose developer guide, "Data transformation and
// status model").
func TestJSONTransformsFailRecordsThatAreNotJSONObjects(t *testing.T) {
	for _, data := range []string{`not json`, `[1]`, `null`, `{"a":1} {"b":2}`} {
		out := invoke(t, process.DropFields("a"), data, `{"a":1,"b":2}`)
		wantFailed(t, out[0], process.ErrNotJSONObject.Error())
		wantData(t, out[1], `{"b":2}`)
	}
}

// AWS Glue developer guide, "DropNullFields class": DropNullFields drops the fields "with missing or null
// values in every record"; a field with a value in some record is kept everywhere, its nulls included. The
// batch of one invocation is the data set.
func TestDropNullFieldsDropsFieldsNullInEveryRecordOfTheBatch(t *testing.T) {
	out := invoke(t, process.DropNullFields(),
		`{"id":1,"never":null,"sometimes":null,"meta":{"x":null,"y":2},"tags":[null]}`+"\n",
		`{"id":2,"sometimes":"v","meta":null}`,
		`{"id":3}`,
		`not json`)
	wantData(t, out[0], `{"id":1,"meta":{"y":2},"sometimes":null,"tags":[null]}`+"\n")
	wantData(t, out[1], `{"id":2,"meta":null,"sometimes":"v"}`)
	wantData(t, out[2], `{"id":3}`)
	wantFailed(t, out[3], "not a JSON object")
}

// AWS Glue Studio, "Using DropNullFields to remove fields with null values": the empty string, the string
// "null", the integer -1 and custom values can also count as null, and "custom null values and their data
// types must match exactly".
func TestDropNullFieldsTakesExtraNullValuesOfTheSameType(t *testing.T) {
	out := invoke(t, process.DropNullFields("", "null", -1, int64(0)),
		`{"a":"","b":"null","c":-1,"d":0,"e":"-1","f":-1.0,"g":null}`,
		`{"a":null,"c":-1,"d":0}`)
	wantData(t, out[0], `{"e":"-1","f":-1.0}`)
	wantData(t, out[1], `{}`)
}

// AWS Glue developer guide, "Filter class": the records that satisfy the predicate are kept; the others are
// Dropped, which Firehose counts as processed. A predicate that panics fails its record only.
func TestFilterDropsRecordsThePredicateRejects(t *testing.T) {
	keep := process.Filter(func(o process.JSONObject) bool {
		if o["boom"] != nil {
			panic("boom")
		}
		return o["name"] != nil
	})
	out := invoke(t, keep, `{"name":"a"}`, `{"name":null}`, `{"boom":1}`)
	wantData(t, out[0], `{"name":"a"}`)
	if out[1].Result != process.Dropped {
		t.Errorf("%v", out[1].Result)
	}
	wantFailed(t, out[2], "panicked: boom")
}

// AWS Glue developer guide, "Map class": the function is applied to every record, one record out per record
// in; a record it fails on is an error record (here ProcessingFailed with the error as its message).
func TestMapReplacesEachRecordByTheFunctionsResult(t *testing.T) {
	upper := process.Map(func(o process.JSONObject) (process.JSONObject, error) {
		switch o["id"] {
		case json.Number("2"):
			return nil, errors.New("no twos")
		case json.Number("3"):
			return nil, nil
		}
		return process.JSONObject{"id": o["id"], "upper": strings.ToUpper(o["name"].(string))}, nil
	})
	out := invoke(t, upper, `{"id":1,"name":"a"}`+"\n", `{"id":2}`, `{"id":3}`, `{"id":4}`)
	wantData(t, out[0], `{"id":1,"upper":"A"}`+"\n")
	wantFailed(t, out[1], "no twos")
	wantFailed(t, out[2], process.ErrNoRecord.Error())
	wantFailed(t, out[3], "panicked") // o["name"] is nil: the type assertion panics
}

// Chain runs its transformers as one Lambda: each over what the previous left Ok, later partition keys
// override earlier ones, and a record keeps the result and message of the transformer that ended it.
func TestChainComposesTransformersAsOneFunction(t *testing.T) {
	keys := process.PerRecord(func(_ context.Context, r *process.Record) process.Response {
		return process.Response{Result: process.Ok, Data: r.Data, Metadata: process.Metadata{PartitionKeys: map[string]string{"n": string(r.Data[:1])}}}
	})
	chain := process.Chain(&process.CSVToJSON{Columns: []string{"id", "name", "secret"}, EmptyAsNull: true},
		process.DropNullFields(), process.DropFields("secret"),
		process.Filter(func(o process.JSONObject) bool { return o["id"] != "3" }), keys)
	out := invoke(t, chain, "1,,s\n", `2,"x`, "3,,s", "4,,")
	wantData(t, out[0], `{"id":"1"}`+"\n")
	if out[0].PartitionKeys["n"] != "{" {
		t.Errorf("keys %v", out[0].PartitionKeys)
	}
	wantFailed(t, out[1], "not closed")
	if out[2].Result != process.Dropped {
		t.Errorf("%v", out[2].Result)
	}
	wantData(t, out[3], `{"id":"4"}`)

	broken := process.TransformerFunc(func(context.Context, *process.Request) ([]process.Response, error) { return nil, nil })
	inv := process.Invoke(context.Background(), process.Chain(process.DropFields("a"), broken), batch(`{}`), 0)
	if inv.Err == nil || inv.Outcomes[0].ErrorCode != process.CodeFunctionError {
		t.Errorf("%v %+v", inv.Err, inv.Outcomes)
	}
}

// CSVToJSON makes one JSON object per record, keys from the declared columns in their order, values as strings
// (developer guide, "Convert input data format": CSV must be turned into JSON by a Lambda first).
func TestCSVToJSONMakesOneObjectPerRecordFromTheDeclaredColumns(t *testing.T) {
	c := &process.CSVToJSON{Columns: []string{"id", "name", "note"}, EmptyAsNull: true}
	out := invoke(t, c, "1,\"a, b\",\n", "2,c,d\r\n", "1,2", "1,2,3,4", "1,a,b\n2,c,d\n", "")
	wantData(t, out[0], `{"id":"1","name":"a, b","note":null}`+"\n")
	wantData(t, out[1], `{"id":"2","name":"c","note":"d"}`+"\n")
	wantFailed(t, out[2], "line 1 has 2 fields for 3 columns")
	wantFailed(t, out[3], "line 1 has 4 fields for 3 columns")
	wantFailed(t, out[4], "2 rows")
	wantFailed(t, out[5], "0 rows")

	tab := &process.CSVToJSON{Columns: []string{"a", "b"}, Comma: '\t'}
	if js, err := tab.Convert([]byte("x y\t")); err != nil || string(js) != `{"a":"x y","b":""}` {
		t.Errorf("%q %v", js, err)
	}
}

// With Header, each record's first line names the columns.
func TestCSVToJSONTakesColumnNamesFromTheHeaderLine(t *testing.T) {
	c := &process.CSVToJSON{Header: true}
	out := invoke(t, c, "id,\"the name\"\n7,ann\n", "a,a\n1,2", "id\n1\n2\n", "id,name\n1")
	wantData(t, out[0], `{"id":"7","the name":"ann"}`+"\n")
	wantFailed(t, out[1], `names column "a" twice`)
	wantFailed(t, out[2], "2 rows")
	wantFailed(t, out[3], "line 2 has 1 fields for 2 columns")

	named := &process.CSVToJSON{Header: true, Columns: []string{"x"}}
	if js, err := named.Convert([]byte("ignored\nv")); err != nil || string(js) != `{"x":"v"}` {
		t.Errorf("%q %v", js, err)
	}
}

// RFC 4180, section 2: fields with delimiters, quotes or line breaks are quoted; a quote inside is doubled; a
// quoted field keeps its line breaks; spaces are part of a field. Text that breaks these rules is refused.
func TestCSVToJSONReadsQuotingAsRFC4180Says(t *testing.T) {
	c := &process.CSVToJSON{Columns: []string{"a", "b"}}
	for in, want := range map[string]string{
		`"x ""q"" y", z `:       `{"a":"x \"q\" y","b":" z "}`,
		"\"two\r\nlines\",\"\"": `{"a":"two\r\nlines","b":""}`,
		"\"\",\"a,b\"\r\n":      `{"a":"","b":"a,b"}` + "\n",
		"x,":                    `{"a":"x","b":""}`,
	} {
		if js, err := c.Convert([]byte(in)); err != nil || string(js) != want {
			t.Errorf("%q: %q %v, want %q", in, js, err, want)
		}
	}
	for in, why := range map[string]string{
		`x"y,z`:            "a double quote in an unquoted field",
		`"x"y,z`:           `'y' after a closing quote`,
		`"x,z`:             "not closed",
		"x\ry,z":           "carriage return",
		"a,\"b":            "line 1: a quoted field is not closed",
		"\"a\nb\",c\nd,\"": "2 rows",
	} {
		if _, err := c.Convert([]byte(in)); !errors.Is(err, process.ErrCSV) || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want %q", in, err, why)
		}
	}
}

func TestCSVToJSONWithoutColumnsFailsTheInvocation(t *testing.T) {
	for _, c := range []*process.CSVToJSON{{}, {Columns: []string{"a"}, Comma: '"'}, {Columns: []string{"a"}, Comma: '\n'}} {
		inv := process.Invoke(context.Background(), c, batch("a"), 0)
		if !errors.Is(inv.Err, process.ErrCSVConfig) {
			t.Errorf("%+v: %v", c, inv.Err)
		}
	}
}

// What encoding/csv writes (RFC 4180 quoting), CSVToJSON reads back field for field.
func TestCSVToJSONReadsWhatEncodingCSVWrites(t *testing.T) {
	rows := [][]string{{"plain", ""}, {"a,b", `q"q`}, {"line\nbreak", " lead"}, {"crlf\r\ninside", "\t"}}
	c := &process.CSVToJSON{Columns: []string{"x", "y"}}
	for _, row := range rows {
		roundTripCSV(t, c, row)
	}
}

func roundTripCSV(t *testing.T, c *process.CSVToJSON, row []string) {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.Write(row); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	js, err := c.Convert([]byte(b.String()))
	if err != nil {
		t.Fatalf("%q: %v", b.String(), err)
	}
	var got map[string]string
	if err := json.Unmarshal(js, &got); err != nil || got["x"] != row[0] || got["y"] != row[1] {
		t.Fatalf("%q → %s: %v", b.String(), js, err)
	}
}
