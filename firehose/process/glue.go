package process

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Transformers written in Go that kinesim ships: the Glue-style transforms of the project's seed notes
// ("DropFields, DropNullFields — remove (null) fields; Filter — specify a function to filter records; Map — add
// fields, delete fields, perform external lookups") over JSON records, a CSV → JSON conversion (csv.go), and
// [Chain] to run several as one Lambda. Firehose has no such processor types (its API has only those of
// config.go), so they are ready-made [Transformer]s with the Lambda contract, registered under an ARN with
// firehose.WithFunction like any function. Their semantics are those of AWS Glue's transforms of the same names
// (AWS Glue developer guide, "DropFields class", "DropNullFields class", "Filter class", "Map class"; Glue Studio
// "Using DropNullFields to remove fields with null values"), with a Lambda invocation's batch in the place of
// Glue's DynamicFrame and a record in the place of a DynamicRecord. A record that one of them cannot read or
// transform is ProcessingFailed with a message saying why (Glue's error records); none fails the batch.

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
// new object and Ok, nil and Dropped to drop the record, or an error to fail it (ProcessingFailed, the error
// as its message). A record that is not a JSON object is ProcessingFailed, and so is a record for which f
// panics (Glue makes an error record of a record its function fails on). The object is written back compact
// with its keys sorted, with the record's trailing newline kept.
func JSONTransform(f func(obj JSONObject) (JSONObject, Result, error)) Transformer {
	return PerRecord(func(_ context.Context, r *Record) Response {
		obj, err := decodeObject(r.Data)
		if err != nil {
			return failed(err)
		}
		obj, res, err := safely(f, obj)
		if err != nil {
			return failed(err)
		}
		if res != Ok {
			return Response{Result: res}
		}
		return encoded(obj, r.Data)
	})
}

func encoded(obj JSONObject, in []byte) Response {
	data, err := encodeObject(obj, bytes.HasSuffix(in, []byte("\n")))
	if err != nil {
		return failed(err)
	}
	return Response{Result: Ok, Data: data}
}

func safely(f func(obj JSONObject) (JSONObject, Result, error), obj JSONObject) (out JSONObject, res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, res, err = nil, ProcessingFailed, fmt.Errorf("process: the function panicked: %v", p)
		}
	}()
	out, res, err = f(obj)
	if err == nil && res == ProcessingFailed {
		err = errors.New("process: the function failed the record")
	}
	return out, res, err
}

// failed is the response of a record that a built-in transformer could not transform, err saying why.
func failed(err error) Response { return Response{Result: ProcessingFailed, ErrorMessage: err.Error()} }

// ErrFieldPath: a DropFields path is not a path.
var ErrFieldPath = errors.New("process: invalid field path")

// DropFields returns a Transformer that removes the fields at paths from each JSON record, as Glue's DropFields
// drops the nodes at "a list of full paths": a path names a field of the record, "a.b" the field b of the
// object a, and so on down; a name that contains a dot is written in backticks ("`a.b`.c"). A path that a
// record does not have (an absent field, or a step through a value that is not an object, such as an array)
// leaves the record as it is. A path that does not parse (empty, an empty name, an unclosed backtick) fails
// every invocation, with [ErrFieldPath].
func DropFields(paths ...string) Transformer {
	split := make([][]string, len(paths))
	for i, p := range paths {
		s, err := splitPath(p)
		if err != nil {
			return TransformerFunc(func(context.Context, *Request) ([]Response, error) { return nil, err })
		}
		split[i] = s
	}
	return JSONTransform(func(obj JSONObject) (JSONObject, Result, error) {
		for _, p := range split {
			drop(obj, p)
		}
		return obj, Ok, nil
	})
}

// splitPath splits a dotted path into names; a backtick-quoted name may contain dots.
func splitPath(p string) ([]string, error) {
	var names []string
	for rest := p; ; {
		var name string
		if strings.HasPrefix(rest, "`") {
			end := strings.IndexByte(rest[1:], '`')
			if end < 0 {
				return nil, fmt.Errorf("%w %q: unclosed backtick", ErrFieldPath, p)
			}
			name, rest = rest[1:1+end], rest[2+end:]
			if rest != "" && rest[0] != '.' {
				return nil, fmt.Errorf("%w %q: a quoted name must be followed by a dot", ErrFieldPath, p)
			}
		} else {
			end := strings.IndexByte(rest, '.')
			if end < 0 {
				end = len(rest)
			}
			name, rest = rest[:end], rest[end:]
		}
		if name == "" {
			return nil, fmt.Errorf("%w %q: empty field name", ErrFieldPath, p)
		}
		names = append(names, name)
		if rest == "" {
			return names, nil
		}
		rest = rest[1:] // the dot
		if rest == "" {
			return nil, fmt.Errorf("%w %q: empty field name", ErrFieldPath, p)
		}
	}
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

// DropNullFields returns a Transformer that, as Glue's DropNullFields drops the fields of type NullType ("fields
// with missing or null values in every record"), removes from the records of each batch the fields that are
// null or missing in every record of that batch that has them; a field with a value in one record is kept in
// all, nulls included. Nested fields count the same way, path by path through objects (a field that is an
// object in one record and null in another is not null-only, but its own null-only fields go); arrays are
// values, whose elements are left alone. alsoNull adds values that count as null, as Glue Studio's node lets
// one choose the empty string, the string "null", the integer -1 or custom values, and as there a value
// matches only with its type: a string matches a JSON string equal to it, an int or int64 a JSON integer equal
// to it (not "-1.0", not "-1"); other values never match. Records that are not JSON objects are ProcessingFailed
// and do not count. The batch is an invocation's: with Firehose's processing buffer, a field is dropped from a
// batch in which it is always null even if other batches have values for it.
func DropNullFields(alsoNull ...any) Transformer {
	isNull := func(v any) bool {
		if v == nil {
			return true
		}
		for _, n := range alsoNull {
			if nullMatch(v, n) {
				return true
			}
		}
		return false
	}
	return TransformerFunc(func(_ context.Context, req *Request) ([]Response, error) {
		out := make([]Response, len(req.Records))
		objs := make([]JSONObject, len(req.Records))
		var decoded []JSONObject
		for i := range req.Records {
			out[i].RecordId = req.Records[i].RecordId
			obj, err := decodeObject(req.Records[i].Data)
			if err != nil {
				out[i] = failed(err)
				out[i].RecordId = req.Records[i].RecordId
				continue
			}
			objs[i] = obj
			decoded = append(decoded, obj)
		}
		dropNullOnly(decoded, isNull)
		for i, obj := range objs {
			if obj != nil {
				out[i] = encoded(obj, req.Records[i].Data)
				out[i].RecordId = req.Records[i].RecordId
			}
		}
		return out, nil
	})
}

// dropNullOnly removes from objs the fields that are null (isNull) in every object that has them, then does the
// same one level down, over the values of each remaining field that are objects.
func dropNullOnly(objs []JSONObject, isNull func(any) bool) {
	valued := map[string]bool{} // field → has a non-null value somewhere
	for _, o := range objs {
		for k, v := range o {
			if !isNull(v) {
				valued[k] = true
			} else if _, seen := valued[k]; !seen {
				valued[k] = false
			}
		}
	}
	for k, hasValue := range valued {
		if !hasValue {
			for _, o := range objs {
				delete(o, k)
			}
			continue
		}
		var children []JSONObject
		for _, o := range objs {
			if c, ok := o[k].(JSONObject); ok {
				children = append(children, c)
			}
		}
		if len(children) > 0 {
			dropNullOnly(children, isNull)
		}
	}
}

// nullMatch reports whether the JSON value v is the null placeholder n, type and value.
func nullMatch(v, n any) bool {
	switch n := n.(type) {
	case string:
		s, ok := v.(string)
		return ok && s == n
	case int:
		return intMatch(v, int64(n))
	case int64:
		return intMatch(v, n)
	}
	return false
}

func intMatch(v any, n int64) bool {
	num, ok := v.(json.Number)
	if !ok {
		return false
	}
	i, err := strconv.ParseInt(string(num), 10, 64)
	return err == nil && i == n
}

// Filter returns a Transformer that keeps the JSON records for which keep returns true and drops the others
// (Dropped, which Firehose counts as processed), as Glue's Filter keeps the records that "satisfy a specified
// predicate function". A record for which keep panics is ProcessingFailed.
func Filter(keep func(obj JSONObject) bool) Transformer {
	return JSONTransform(func(obj JSONObject) (JSONObject, Result, error) {
		if keep(obj) {
			return obj, Ok, nil
		}
		return nil, Dropped, nil
	})
}

// ErrNoRecord: a Map function returned no object.
var ErrNoRecord = errors.New("process: the Map function returned no record")

// Map returns a Transformer that replaces each JSON record by f's result, as Glue's Map applies "a function to
// all records": one record out for each record in (dropping records is Filter's work). An error, a panic or a
// nil object ([ErrNoRecord]) makes the record ProcessingFailed with that message.
func Map(f func(obj JSONObject) (JSONObject, error)) Transformer {
	return JSONTransform(func(obj JSONObject) (JSONObject, Result, error) {
		obj, err := f(obj)
		if err != nil {
			return nil, ProcessingFailed, err
		}
		if obj == nil {
			return nil, ProcessingFailed, ErrNoRecord
		}
		return obj, Ok, nil
	})
}

// Chain returns a Transformer that runs ts in order, each over the records the previous ones left Ok, with their
// transformed data, as one Lambda function would; partition keys of later transformers override earlier ones,
// and a record keeps the result (and message) of the transformer that dropped or failed it. An error of any
// transformer, or a response that breaks the status model, fails the invocation.
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
			messages := map[string]string{}
			for _, r := range resp {
				if r.Result == ProcessingFailed && r.ErrorMessage != "" {
					messages[r.RecordId] = r.ErrorMessage
				}
			}
			next := live[:0]
			for j, i := range live {
				o := got[j]
				out[i].Result = o.Result
				if o.Result != Ok {
					out[i].Data = nil
					out[i].ErrorMessage = messages[out[i].RecordId]
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
