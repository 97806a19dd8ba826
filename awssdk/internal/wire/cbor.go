package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/aws/smithy-go/encoding/cbor"
)

// cborCodec is the body format of Smithy RPCv2 CBOR (https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html):
// a CBOR map of the members, blobs as byte strings, timestamps as tag 1 around epoch seconds.
//
// A request is decoded with smithy-go's CBOR decoder into a value tree, which is rewritten as the JSON the AWS
// JSON protocols would carry (byte strings become base64 strings, tag-1 timestamps numbers) and decoded into the
// same wire struct as a JSON request: one set of wire structs serves both protocols. Outputs are encoded from the
// wire structs by reflection over their json tags.
type cborCodec struct{}

// maxCBORItems bounds the data items of a request, so that the decoded tree stays within a small multiple of the
// body: the largest Kinesis input, PutRecords with 500 entries, has about 3,500 (blobs are one item each).
const maxCBORItems = 1 << 16

// countCBORItems counts the data item heads of p (RFC 8949 §3) without decoding it: each head's argument is
// skipped, and so are the bytes of definite-length strings. It stops counting past maxCBORItems. Malformed input
// gives some count; cbor.Decode then reports the error.
func countCBORItems(p []byte) int {
	n := 0
	for i := 0; i < len(p) && n <= maxCBORItems; n++ {
		major, minor := p[i]>>5, p[i]&31
		i++
		var arg uint64
		switch {
		case minor < 24:
			arg = uint64(minor)
		case minor <= 27:
			size := 1 << (minor - 24)
			if len(p)-i < size {
				return n + 1
			}
			for _, b := range p[i : i+size] {
				arg = arg<<8 | uint64(b)
			}
			i += size
		}
		if (major == 2 || major == 3) && minor != 31 {
			if arg > uint64(len(p)-i) {
				return n + 1
			}
			i += int(arg)
		}
	}
	return n
}

// maxCBORDepth bounds the nesting of a request (the deepest Kinesis input nests three levels).
const maxCBORDepth = 32

func (cborCodec) decode(body []byte, v any) error {
	if len(body) == 0 {
		return nil
	}
	if n := countCBORItems(body); n > maxCBORItems {
		return &SerializationError{fmt.Errorf("the CBOR request has more than %d data items", maxCBORItems)}
	}
	tree, err := cbor.Decode(body)
	if err != nil {
		return &SerializationError{fmt.Errorf("malformed CBOR: %v", err)}
	}
	if _, ok := tree.(cbor.Map); !ok {
		return &SerializationError{errors.New("the request body is not a CBOR map")}
	}
	plain, err := fromCBOR(tree, 0)
	if err != nil {
		return &SerializationError{err}
	}
	j, err := json.Marshal(plain)
	if err != nil {
		return &SerializationError{err}
	}
	if err := json.Unmarshal(j, v); err != nil {
		return &SerializationError{jsonMessage(err)}
	}
	return nil
}

// fromCBOR returns v as the value encoding/json marshals into the AWS JSON form of the same request.
func fromCBOR(v cbor.Value, depth int) (any, error) {
	if depth > maxCBORDepth {
		return nil, errors.New("CBOR nested too deeply")
	}
	switch x := v.(type) {
	case cbor.Uint:
		return uint64(x), nil
	case cbor.NegInt:
		if x > math.MaxInt64 {
			return nil, errors.New("CBOR integer out of range")
		}
		return -1 - int64(x), nil
	case cbor.Float32:
		return finite(float64(x))
	case cbor.Float64:
		return finite(float64(x))
	case cbor.String:
		return string(x), nil
	case cbor.Slice:
		return []byte(x), nil
	case cbor.Bool:
		return bool(x), nil
	case *cbor.Nil, *cbor.Undefined, nil:
		return nil, nil
	case cbor.List:
		out := make([]any, len(x))
		for i, e := range x {
			p, err := fromCBOR(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = p
		}
		return out, nil
	case cbor.Map:
		out := make(map[string]any, len(x))
		for k, e := range x {
			p, err := fromCBOR(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = p
		}
		return out, nil
	case *cbor.Tag:
		return fromTag(x.ID, x.Value, depth)
	case cbor.Tag:
		return fromTag(x.ID, x.Value, depth)
	}
	return nil, fmt.Errorf("unexpected CBOR value %T", v)
}

// fromTag accepts tag 1 (epoch-based date/time, RFC 8949 §3.4.2), the only tag RPCv2 uses.
func fromTag(id uint64, v cbor.Value, depth int) (any, error) {
	if id != 1 {
		return nil, fmt.Errorf("unexpected CBOR tag %d", id)
	}
	switch v.(type) {
	case cbor.Uint, cbor.NegInt, cbor.Float32, cbor.Float64:
		return fromCBOR(v, depth+1)
	}
	return nil, errors.New("a CBOR timestamp (tag 1) is not a number")
}

func finite(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errors.New("CBOR float is not finite")
	}
	return f, nil
}

func (cborCodec) encode(v any) ([]byte, error) {
	return cbor.Encode(toCBOR(reflect.ValueOf(v))), nil
}

func (cborCodec) encodeError(code, message string) []byte {
	m := cbor.Map{"__type": cbor.String(code)}
	if message != "" {
		m["message"] = cbor.String(message)
	}
	return cbor.Encode(m)
}

var (
	timestampType = reflect.TypeFor[Timestamp]()
	bytesType     = reflect.TypeFor[[]byte]()
)

// toCBOR encodes a wire value: structs by their json tags (omitempty and omitzero as encoding/json reads them),
// [Timestamp] as tag 1 around float epoch seconds, []byte as a byte string.
func toCBOR(v reflect.Value) cbor.Value {
	switch {
	case !v.IsValid():
		return &cbor.Nil{}
	case v.Type() == timestampType:
		ms := v.Interface().(Timestamp).UnixMilli()
		return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(ms) / 1000)}
	case v.Type() == bytesType:
		if v.IsNil() {
			return &cbor.Nil{}
		}
		return cbor.Slice(v.Bytes())
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return &cbor.Nil{}
		}
		return toCBOR(v.Elem())
	case reflect.Struct:
		m := cbor.Map{}
		structToCBOR(v, m)
		return m
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return &cbor.Nil{}
		}
		l := make(cbor.List, v.Len())
		for i := range l {
			l[i] = toCBOR(v.Index(i))
		}
		return l
	case reflect.Map:
		if v.IsNil() {
			return &cbor.Nil{}
		}
		m := make(cbor.Map, v.Len())
		for it := v.MapRange(); it.Next(); {
			m[it.Key().String()] = toCBOR(it.Value())
		}
		return m
	case reflect.String:
		return cbor.String(v.String())
	case reflect.Bool:
		return cbor.Bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n := v.Int(); n < 0 {
			return cbor.NegInt(uint64(-(n + 1)))
		} else {
			return cbor.Uint(uint64(n))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return cbor.Uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		return cbor.Float64(v.Float())
	}
	return &cbor.Nil{}
}

// structToCBOR adds the members of struct v to m, those of embedded structs as its own.
func structToCBOR(v reflect.Value, m cbor.Map) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		fv := v.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			structToCBOR(fv, m)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if omitted(fv, opts) {
			continue
		}
		m[name] = toCBOR(fv)
	}
}

// omitted reports whether a member with these json tag options is left out, as encoding/json leaves it out.
func omitted(v reflect.Value, opts string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		switch o {
		case "omitzero":
			if v.IsZero() {
				return true
			}
		case "omitempty":
			switch v.Kind() {
			case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
				if v.Len() == 0 {
					return true
				}
			case reflect.Pointer, reflect.Interface:
				if v.IsNil() {
					return true
				}
			case reflect.Bool:
				if !v.Bool() {
					return true
				}
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				if v.Int() == 0 {
					return true
				}
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				if v.Uint() == 0 {
					return true
				}
			case reflect.Float32, reflect.Float64:
				if v.Float() == 0 {
					return true
				}
			}
		}
	}
	return false
}
