package partition

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/itchyny/gojq"

	"github.com/kinesim/kinesim/apierr"
)

// Error codes Firehose writes in the error records of records it cannot partition, under the error output
// prefix. CodeMetadataExtractionFailed is the code of delivered records whose keys could not be extracted (as
// observed in error records; the developer guide says only that such records go to the error prefix "organized
// based on the error type"); CodeActivePartitionsExceeded is kinesim's code for the records past the
// active-partition limit, which AWS delivers under the error output type [ErrorOutputTypeActivePartitionExceeded].
const (
	CodeMetadataExtractionFailed  = "DynamicPartitioning.MetadataExtractionFailed"
	CodeActivePartitionsExceeded  = "DynamicPartitioning.ActivePartitionsLimitExceeded"
	MessageActivePartitionsExceed = "The number of active partitions exceeds the limit of the delivery stream."
)

// Errors of the package, matched with errors.Is.
var (
	// ErrMetadataExtraction: a record is not JSON, or the query fails on it, or gives no object of keys, or a key
	// of the object is null or not a scalar.
	ErrMetadataExtraction = errors.New("partition: metadata extraction failed")
	// ErrMissingPartitionKey: a prefix names a partition key the record does not have.
	ErrMissingPartitionKey = errors.New("partition: partition key not found")
)

// Query is a compiled MetadataExtractionQuery: a jq program (jq 1.6 syntax, evaluated by itchyny/gojq) that
// turns a JSON record into an object of partition keys, such as
//
//	{customer_id: .customer_id, year: .event_timestamp | strftime("%Y")}
//
// A Query is immutable and safe for concurrent use.
type Query struct {
	src  string
	code *gojq.Code
}

// CompileQuery parses and compiles a MetadataExtractionQuery. The jq builtins that would reach outside the record
// are cut off: $ENV and env see no environment, input and inputs have no input, and now is the instant the caller
// passes to [Query.Keys] (virtual time), not the machine's clock.
//
// Errors: a query that does not parse or compile is an InvalidArgumentException (apierr.InvalidArgument).
func CompileQuery(src string) (*Query, error) {
	if _, err := gojq.Parse(src); err != nil {
		return nil, apierr.InvalidArgument.New("Invalid MetadataExtractionQuery %q: %v", src, err)
	}
	// jq's now is the caller's instant: a definition of now ahead of the query shadows the builtin.
	q, err := gojq.Parse("def now: $__now; " + src)
	if err != nil {
		return nil, apierr.InvalidArgument.New("Invalid MetadataExtractionQuery %q: %v", src, err)
	}
	code, err := gojq.Compile(q, gojq.WithEnvironLoader(func() []string { return nil }), gojq.WithVariables([]string{"$__now"}))
	if err != nil {
		return nil, apierr.InvalidArgument.New("Invalid MetadataExtractionQuery %q: %v", src, err)
	}
	return &Query{src: src, code: code}, nil
}

// String returns the query's source.
func (q *Query) String() string { return q.src }

// Keys evaluates the query on one JSON record and returns its partition keys. The query's first output must be
// an object; each value must be a string, a number (written as jq writes it: 1565382027, 2.5) or a boolean. A
// record that is not one JSON value, an error of the query, no output, an output that is not an object, or a
// null, array or object value is an error matching [ErrMetadataExtraction]: Firehose sends that record to the
// error output (errorCode [CodeMetadataExtractionFailed]). ctx bounds the evaluation (a query may loop); now is
// the value of jq's now.
func (q *Query) Keys(ctx context.Context, now time.Time, data []byte) (map[string]string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	v, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMetadataExtraction, err)
	}
	nowSec := float64(now.UnixNano()) / 1e9
	it := q.code.RunWithContext(ctx, v, nowSec)
	out, ok := it.Next()
	if !ok {
		return nil, fmt.Errorf("%w: the query gave no output", ErrMetadataExtraction)
	}
	if err, isErr := out.(error); isErr {
		return nil, fmt.Errorf("%w: %v", ErrMetadataExtraction, err)
	}
	obj, isObj := out.(map[string]any)
	if !isObj {
		return nil, fmt.Errorf("%w: the query gave %s, not an object", ErrMetadataExtraction, typeName(out))
	}
	keys := make(map[string]string, len(obj))
	for k, val := range obj {
		s, ok := scalar(val)
		if !ok {
			return nil, fmt.Errorf("%w: partition key %q is %s", ErrMetadataExtraction, k, typeName(val))
		}
		keys[k] = s
	}
	return keys, nil
}

// decode reads data as one JSON value, numbers as gojq takes them (int, float64 or *big.Int).
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return normalize(v), nil
}

func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.Atoi(string(x)); err == nil {
			return i
		}
		if b, ok := new(big.Int).SetString(string(x), 10); ok {
			return b
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
	}
	return v
}

// scalar renders a key value as jq's tostring does for a string, number or boolean.
func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int:
		return strconv.Itoa(x), true
	case *big.Int:
		return x.String(), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", false
		}
		if x == math.Trunc(x) && math.Abs(x) < 1e17 {
			return strconv.FormatFloat(x, 'f', -1, 64), true
		}
		return strconv.FormatFloat(x, 'g', 17, 64), true
	}
	return "", false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}
