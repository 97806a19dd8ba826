package process

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Transformers written in Go that kinesim ships: the Glue-style transforms of the project's seed notes
// ("DropFields, DropNullFields — remove (null) fields; Filter — specify a function to filter records; Map — add
// fields, delete fields, perform external lookups") over JSON records, a CSV → JSON conversion, and [Chain] to
// run several as one Lambda. Each is a [Transformer] with the Lambda contract: records it cannot read are
// ProcessingFailed with a message saying why, and none of them fails the batch.

// PerRecord returns a Transformer that applies f to each record of a batch, in order. f returns the record's
// Response; its RecordId is set by PerRecord.
func PerRecord(f func(ctx context.Context, r *Record) Response) Transformer {
	return TransformerFunc(func(ctx context.Context, req *Request) ([]Response, error) {
		out := make([]Response, len(req.Records))
		for i := range req.Records {
			out[i] = f(ctx, &req.Records[i])
			out[i].RecordId = req.Records[i].RecordId
		}
		return out, nil
	})
}

// ErrNotJSONObject: a JSON transform was given a record that is not one JSON object.
var ErrNotJSONObject = errors.New("process: record is not a JSON object")

// JSONObject is a decoded JSON record: numbers are json.Number, so that they are written back as they came.
type JSONObject = map[string]any

// decodeObject reads data as one JSON object (surrounding white space allowed).
func decodeObject(data []byte) (JSONObject, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var obj JSONObject
	if err := dec.Decode(&obj); err != nil || obj == nil {
		if err == nil {
			err = errors.New("null")
		}
		return nil, fmt.Errorf("%w: %v", ErrNotJSONObject, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the object", ErrNotJSONObject)
	}
	return obj, nil
}

// encodeObject writes obj as compact JSON (keys sorted, no HTML escaping), followed by "\n" when the input
// ended with one.
func encodeObject(obj JSONObject, newline bool) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(obj); err != nil {
		return nil, err
	}
	out := b.Bytes()
	if !newline {
		out = out[:len(out)-1]
	}
	return out, nil
}

// JSONTransform returns a Transformer that decodes each record as a JSON object and applies f: f returns the
// new object and Ok, nil and Dropped to drop the record, or an error to fail it (ProcessingFailed). A record
// that is not a JSON object is ProcessingFailed. The object is written back compact with its keys sorted, with
// the record's trailing newline kept.
func JSONTransform(f func(obj JSONObject) (JSONObject, Result, error)) Transformer {
	return PerRecord(func(_ context.Context, r *Record) Response {
		obj, err := decodeObject(r.Data)
		if err != nil {
			return failed(err)
		}
		obj, res, err := f(obj)
		if err != nil {
			return failed(err)
		}
		if res != Ok {
			return Response{Result: res}
		}
		data, err := encodeObject(obj, bytes.HasSuffix(r.Data, []byte("\n")))
		if err != nil {
			return failed(err)
		}
		return Response{Result: Ok, Data: data}
	})
}

// failed is the response of a record that a built-in transformer could not transform. The message goes into the
// record's error record only through the shell's logs: the status model has no per-record message.
func failed(error) Response { return Response{Result: ProcessingFailed} }

// DropFields returns a Transformer that removes the named fields from each JSON record; a path "a.b" names the
// field b of the object a. Absent fields are ignored.
func DropFields(paths ...string) Transformer {
	split := make([][]string, len(paths))
	for i, p := range paths {
		split[i] = strings.Split(p, ".")
	}
	return JSONTransform(func(obj JSONObject) (JSONObject, Result, error) {
		for _, p := range split {
			drop(obj, p)
		}
		return obj, Ok, nil
	})
}

func drop(obj JSONObject, path []string) {
	for len(path) > 1 {
		next, ok := obj[path[0]].(JSONObject)
		if !ok {
			return
		}
		obj, path = next, path[1:]
	}
	delete(obj, path[0])
}

// DropNullFields returns a Transformer that removes every field whose value is null from each JSON record, in
// nested objects too (and the nulls of arrays are kept: they are elements, not fields).
func DropNullFields() Transformer {
	return JSONTransform(func(obj JSONObject) (JSONObject, Result, error) {
		dropNulls(obj)
		return obj, Ok, nil
	})
}

func dropNulls(v any) {
	switch x := v.(type) {
	case JSONObject:
		for k, e := range x {
			if e == nil {
				delete(x, k)
			} else {
				dropNulls(e)
			}
		}
	case []any:
		for _, e := range x {
			dropNulls(e)
		}
	}
}

// Filter returns a Transformer that keeps the JSON records for which keep returns true and drops the others
// (Dropped, which Firehose counts as processed).
func Filter(keep func(obj JSONObject) bool) Transformer {
	return JSONTransform(func(obj JSONObject) (JSONObject, Result, error) {
		if keep(obj) {
			return obj, Ok, nil
		}
		return nil, Dropped, nil
	})
}

// Map returns a Transformer that replaces each JSON record by f's result; an error fails the record, a nil
// object drops it.
func Map(f func(obj JSONObject) (JSONObject, error)) Transformer {
	return JSONTransform(func(obj JSONObject) (JSONObject, Result, error) {
		obj, err := f(obj)
		if err != nil {
			return nil, ProcessingFailed, err
		}
		if obj == nil {
			return nil, Dropped, nil
		}
		return obj, Ok, nil
	})
}

// Chain returns a Transformer that runs ts in order, each over the records the previous ones left Ok, with their
// transformed data, as one Lambda function would; partition keys of later transformers override earlier ones.
// An error of any transformer fails the invocation.
func Chain(ts ...Transformer) Transformer {
	return TransformerFunc(func(ctx context.Context, req *Request) ([]Response, error) {
		out := make([]Response, len(req.Records))
		live := make([]int, len(req.Records)) // indexes into out of the records still Ok
		for i, r := range req.Records {
			out[i] = Response{RecordId: r.RecordId, Result: Ok, Data: r.Data}
			live[i] = i
		}
		for _, t := range ts {
			if len(live) == 0 {
				break
			}
			sub := *req
			sub.Records = make([]Record, len(live))
			for j, i := range live {
				sub.Records[j] = req.Records[i]
				sub.Records[j].Data = out[i].Data
			}
			resp, err := call(ctx, t, &sub)
			if err != nil {
				return nil, err
			}
			got, cerr := Check(sub.Records, resp)
			if cerr != nil {
				return nil, cerr
			}
			next := live[:0]
			for j, i := range live {
				o := got[j]
				out[i].Result = o.Result
				if o.Result != Ok {
					out[i].Data = nil
					continue
				}
				out[i].Data = o.Data
				if len(o.PartitionKeys) > 0 {
					if out[i].Metadata.PartitionKeys == nil {
						out[i].Metadata.PartitionKeys = make(map[string]string, len(o.PartitionKeys))
					}
					for k, v := range o.PartitionKeys {
						out[i].Metadata.PartitionKeys[k] = v
					}
				}
				next = append(next, i)
			}
			live = next
		}
		return out, nil
	})
}

// CSVToJSON converts CSV records to JSON, as the Lambda that Firehose's record format conversion asks for ("if
// your input data is in a format other than JSON, such as comma-separated values, … use a Lambda function to
// transform it to JSON first", developer guide, record format conversion). Each CSV line of a record becomes one
// JSON object whose keys are Columns, in their order, and whose values are the fields as strings (an empty field is "" unless
// EmptyAsNull); the objects of a record are joined by "\n", with the record's trailing newline kept. A line with
// another number of fields than Columns, or unbalanced quotes, makes the record ProcessingFailed.
type CSVToJSON struct {
	// Columns names the fields, in order. Required.
	Columns []string
	// Comma is the field delimiter; 0 is ','.
	Comma rune
	// EmptyAsNull writes an empty field as null (which DropNullFields or a schema's optional column then takes).
	EmptyAsNull bool
}

// ErrCSV: a record is not CSV with the declared columns.
var ErrCSV = errors.New("process: record is not CSV with the declared columns")

// Transform implements [Transformer].
func (c *CSVToJSON) Transform(ctx context.Context, req *Request) ([]Response, error) {
	if len(c.Columns) == 0 {
		return nil, errors.New("process: CSVToJSON has no columns")
	}
	return PerRecord(func(_ context.Context, r *Record) Response {
		data, err := c.Convert(r.Data)
		if err != nil {
			return failed(err)
		}
		return Response{Result: Ok, Data: data}
	}).Transform(ctx, req)
}

// Convert returns the JSON of one CSV record, or an error matching [ErrCSV].
func (c *CSVToJSON) Convert(data []byte) ([]byte, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	if c.Comma != 0 {
		cr.Comma = c.Comma
	}
	cr.FieldsPerRecord = len(c.Columns)
	cr.ReuseRecord = true
	var out []byte
	n := 0
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCSV, err)
		}
		if n > 0 {
			out = append(out, '\n')
		}
		out = append(out, '{')
		for i, f := range fields {
			if i > 0 {
				out = append(out, ',')
			}
			out = appendString(out, c.Columns[i])
			out = append(out, ':')
			if f == "" && c.EmptyAsNull {
				out = append(out, "null"...)
			} else {
				out = appendString(out, f)
			}
		}
		out = append(out, '}')
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: no line", ErrCSV)
	}
	if bytes.HasSuffix(data, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}
