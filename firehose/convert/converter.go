package convert

import (
	"bytes"
	"encoding/json"
	"math/big"
	"sort"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/deprecated"
)

// Converter converts JSON records to Parquet objects under one configuration and schema. It is immutable once
// made and safe for concurrent use.
type Converter struct {
	columns []Field // as declared (names lower-cased)
	sorted  []Field // by name: the order of the parquet schema's leaf columns
	ncol    int
	schema  *parquet.Schema
	table   DataCatalogTable

	openX, caseInsensitive, dotsToUnderscores bool
	keyOf                                     map[string]string // OpenX ColumnToJsonKeyMappings, by column
	hiveLayouts                               []string
	hiveMillis                                bool

	compression         ParquetCompression
	writerVersion       ParquetWriterVersion
	blockSize, pageSize int
	dictionary          bool
}

// New returns the converter of cfg (whatever cfg.Enabled says) for a table of the given columns.
//
// Errors (each an InvalidArgumentException, apierr.InvalidArgument): a missing deserializer, serializer or
// schema configuration; both or neither of a pair (HiveJsonSerDe / OpenXJsonSerDe, OrcSerDe / ParquetSerDe); an
// OrcSerDe ([ErrORCUnsupported]); a value outside the ParquetSerDe's enums or minimums; a timestamp format
// kinesim cannot translate; no columns, a repeated column, a column with a period under the Hive SerDe, or a
// type [ParseType] refuses.
func New(cfg *DataFormatConversionConfiguration, columns []Column) (*Converter, error) {
	c := &Converter{}
	if err := c.configure(cfg, columns); err != nil {
		return nil, err
	}
	c.sorted = append([]Field(nil), c.columns...)
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Name < c.sorted[j].Name })
	group := parquet.Group{}
	col := 0
	for _, f := range c.sorted {
		col = assign(f.Type, col)
		group[f.Name] = parquet.Optional(c.node(f.Type))
	}
	c.ncol = col
	c.schema = parquet.NewSchema("hive_schema", group)
	return c, nil
}

// Columns returns the schema's columns, names lower-cased as Hive stores them, in the declared order.
func (c *Converter) Columns() []Field { return append([]Field(nil), c.columns...) }

// Schema returns the Parquet schema the converter writes.
func (c *Converter) Schema() *parquet.Schema { return c.schema }

// assign gives t and its children their leaf columns from col on, in the order of the parquet schema, and
// returns the column after them.
func assign(t *Type, col int) int {
	t.col = col
	switch t.Kind {
	case Array:
		col = assign(t.Elem, col)
	case Map:
		col = assign(t.Value, assign(t.Key, col))
	case Struct:
		for _, f := range t.Fields {
			col = assign(f.Type, col)
		}
	default:
		col++
	}
	t.ncol = col - t.col
	return col
}

// node returns the parquet node of t (not yet optional), as Hive's ParquetHiveSerDe lays the types out: strings
// as UTF8 byte arrays, tinyint and smallint as annotated INT32, timestamps as INT96, dates as DATE, decimals as
// DECIMAL over INT32, INT64 or a fixed-length byte array by precision, arrays as LIST, maps as MAP and structs
// as groups, every value optional.
func (c *Converter) node(t *Type) parquet.Node {
	var n parquet.Node
	switch t.Kind {
	case String, Varchar, Char:
		n = parquet.String()
	case TinyInt:
		n = parquet.Int(8)
	case SmallInt:
		n = parquet.Int(16)
	case Int:
		n = parquet.Int(32)
	case BigInt:
		n = parquet.Int(64)
	case Float:
		n = parquet.Leaf(parquet.FloatType)
	case Double:
		n = parquet.Leaf(parquet.DoubleType)
	case Boolean:
		return parquet.Leaf(parquet.BooleanType)
	case Timestamp:
		n = parquet.Leaf(parquet.Int96Type)
	case Date:
		n = parquet.Date()
	case Decimal:
		switch {
		case t.Precision <= 9:
			n = parquet.Decimal(t.Scale, t.Precision, parquet.Int32Type)
		case t.Precision <= 18:
			n = parquet.Decimal(t.Scale, t.Precision, parquet.Int64Type)
		default:
			n = parquet.Decimal(t.Scale, t.Precision, parquet.FixedLenByteArrayType(decimalBytes(t.Precision)))
		}
	case Array:
		return parquet.List(parquet.Optional(c.node(t.Elem)))
	case Map:
		return parquet.Map(c.node(t.Key), parquet.Optional(c.node(t.Value)))
	case Struct:
		g := parquet.Group{}
		for _, f := range t.Fields {
			g[f.Name] = parquet.Optional(c.node(f.Type))
		}
		return g
	}
	if c.dictionary {
		n = parquet.Encoded(n, &parquet.RLEDictionary)
	}
	return n
}

// decimalBytes is the fewest bytes of a two's-complement integer holding every value of the precision.
func decimalBytes(precision int) int {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(precision)), nil)
	for n := 1; ; n++ {
		if new(big.Int).Lsh(big.NewInt(1), uint(8*n-1)).Cmp(limit) >= 0 {
			return n
		}
	}
}

// Record is one record to convert: its JSON data and what its error record would carry.
type Record struct {
	Data                        []byte
	ApproximateArrivalTimestamp time.Time
	// SequenceNumber and SubsequenceNumber are set for a record read from a Kinesis data stream.
	SequenceNumber    string
	SubsequenceNumber uint64
}

// Result is one converted object.
type Result struct {
	// Parquet is the object: a Parquet file of Rows rows; nil when no record converted.
	Parquet []byte
	// Rows is the number of rows written: one per JSON object (a record may hold several).
	Rows int
	// Failed are the format-conversion-failed error records of the records that did not convert, in order.
	Failed []FormatConversionFailedRecord
}

// Convert converts records into one Parquet object. A record is a JSON object, or several concatenated
// ({"a":1}{"a":2}, developer guide, record format conversion); a JSON array or anything else is not. A record
// that does not parse, or whose values its columns' types cannot take, is left out of the object whole and
// returned as a FormatConversionFailedRecord (attemptEndingTimestamp now). Fields without a column are ignored,
// columns without a field are null. err is only an error of the Parquet writer.
func (c *Converter) Convert(now time.Time, records []Record) (Result, error) {
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, append([]parquet.WriterOption{c.schema}, c.writerOptions()...)...)
	var res Result
	cols := make([][]parquet.Value, c.ncol)
	rows := make([]parquet.Row, 0, len(records))
	var objs []map[string]any
	pending := 0
	for i := range records {
		r := &records[i]
		var err error
		objs, err = decodeObjects(objs[:0], r.Data)
		start := len(rows)
		for _, obj := range objs {
			if err != nil {
				break
			}
			for j := range cols {
				cols[j] = cols[j][:0]
			}
			if err = c.row(cols, obj); err == nil {
				n := 0
				for _, cv := range cols {
					n += len(cv)
				}
				row := make(parquet.Row, 0, n)
				for _, cv := range cols {
					row = append(row, cv...)
				}
				rows = append(rows, row)
			}
		}
		if err != nil {
			rows = rows[:start]
			res.Failed = append(res.Failed, c.failed(now, r, err))
			continue
		}
		pending += len(r.Data)
		if pending >= c.blockSize {
			if err := c.write(w, rows); err != nil {
				return Result{}, err
			}
			res.Rows += len(rows)
			rows = rows[:0]
			if err := w.Flush(); err != nil {
				return Result{}, err
			}
			pending = 0
		}
	}
	if err := c.write(w, rows); err != nil {
		return Result{}, err
	}
	res.Rows += len(rows)
	if err := w.Close(); err != nil {
		return Result{}, err
	}
	if res.Rows > 0 {
		res.Parquet = buf.Bytes()
	}
	return res, nil
}

func (c *Converter) write(w *parquet.Writer, rows []parquet.Row) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := w.WriteRows(rows)
	return err
}

func (c *Converter) writerOptions() []parquet.WriterOption {
	var codec compress.Codec = &parquet.Snappy
	switch c.compression {
	case ParquetCompressionGzip:
		codec = &parquet.Gzip
	case ParquetCompressionUncompressed:
		codec = &parquet.Uncompressed
	}
	version := 1
	if c.writerVersion == ParquetWriterVersionV2 {
		version = 2
	}
	return []parquet.WriterOption{parquet.Compression(codec), parquet.DataPageVersion(version), parquet.PageBufferSize(c.pageSize),
		parquet.CreatedBy("kinesim", "", "")}
}

// row shreds one JSON object into the leaf columns (Dremel's repetition and definition levels).
func (c *Converter) row(cols [][]parquet.Value, obj map[string]any) error {
	for _, f := range c.sorted {
		key := f.Name
		if k, ok := c.keyOf[f.Name]; ok {
			key = k
		}
		v, ok := obj[key]
		if !ok {
			v = c.lookup(obj, c.normalize(key))
		}
		if err := c.shred(cols, f.Name, f.Type, v, 0, 0, 0); err != nil {
			return err
		}
	}
	return nil
}

// shred writes value v of the optional type t at repetition level rep and definition level def (of t's parent),
// depth being the number of repeated ancestors.
func (c *Converter) shred(cols [][]parquet.Value, name string, t *Type, v any, rep, def, depth int) error {
	if v == nil {
		nulls(cols, t, rep, def)
		return nil
	}
	def++
	switch t.Kind {
	case Array:
		arr, ok := v.([]any)
		if !ok {
			return valueError(name, "%s is not an array", jsonKind(v))
		}
		if len(arr) == 0 {
			nulls(cols, t.Elem, rep, def)
			return nil
		}
		for i, e := range arr {
			r := rep
			if i > 0 {
				r = depth + 1
			}
			if err := c.shred(cols, name, t.Elem, e, r, def+1, depth+1); err != nil {
				return err
			}
		}
		return nil
	case Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return valueError(name, "%s is not an object", jsonKind(v))
		}
		if len(obj) == 0 {
			nulls(cols, t.Key, rep, def)
			nulls(cols, t.Value, rep, def)
			return nil
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			r := rep
			if i > 0 {
				r = depth + 1
			}
			kv, err := c.leaf(name, t.Key, keyValue(t.Key, k))
			if err != nil {
				return err
			}
			cols[t.Key.col] = append(cols[t.Key.col], kv.Level(r, def+1, t.Key.col))
			if err := c.shred(cols, name, t.Value, obj[k], r, def+1, depth+1); err != nil {
				return err
			}
		}
		return nil
	case Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return valueError(name, "%s is not an object", jsonKind(v))
		}
		for _, f := range t.Fields {
			fv, ok := obj[f.Name]
			if !ok {
				fv = c.lookup(obj, f.Name)
			}
			if err := c.shred(cols, name+"."+f.Name, f.Type, fv, rep, def, depth); err != nil {
				return err
			}
		}
		return nil
	}
	pv, err := c.leaf(name, t, v)
	if err != nil {
		return err
	}
	cols[t.col] = append(cols[t.col], pv.Level(rep, def, t.col))
	return nil
}

// keyValue is a map key as a JSON value of the key's type: keys are strings in JSON, so numeric keys are read from
// their text.
func keyValue(t *Type, k string) any {
	switch t.Kind {
	case String, Varchar, Char, Timestamp, Date:
		return k
	}
	return json.Number(k)
}

// nulls writes a null at (rep, def) into every leaf column of t.
func nulls(cols [][]parquet.Value, t *Type, rep, def int) {
	for i := t.col; i < t.col+t.ncol; i++ {
		cols[i] = append(cols[i], parquet.NullValue().Level(rep, def, i))
	}
}

// julianUnixEpoch is the Julian day number of 1970-01-01, INT96 timestamps' day origin.
const julianUnixEpoch = 2440588

// leaf converts a JSON value into the parquet value of the primitive type t.
func (c *Converter) leaf(name string, t *Type, v any) (parquet.Value, error) {
	switch t.Kind {
	case String, Varchar, Char:
		s, err := c.stringOf(name, t, v)
		return parquet.ByteArrayValue([]byte(s)), err
	case TinyInt, SmallInt, Int:
		n, err := c.integer(name, t, v)
		return parquet.Int32Value(int32(n)), err
	case BigInt:
		n, err := c.integer(name, t, v)
		return parquet.Int64Value(n), err
	case Float:
		f, err := c.float(name, v, 32)
		return parquet.FloatValue(float32(f)), err
	case Double:
		f, err := c.float(name, v, 64)
		return parquet.DoubleValue(f), err
	case Boolean:
		b, err := c.boolean(name, v)
		return parquet.BooleanValue(b), err
	case Timestamp:
		ts, err := c.timestamp(name, v)
		if err != nil {
			return parquet.Value{}, err
		}
		days := ts.Unix() / 86400
		if ts.Unix() < 0 && ts.Unix()%86400 != 0 {
			days--
		}
		nanos := ts.Sub(time.Unix(days*86400, 0)).Nanoseconds()
		return parquet.Int96Value(deprecated.Int96{uint32(nanos), uint32(nanos >> 32), uint32(days + julianUnixEpoch)}), nil
	case Date:
		d, err := c.date(name, v)
		return parquet.Int32Value(d), err
	case Decimal:
		u, err := c.decimal(name, t, v)
		if err != nil {
			return parquet.Value{}, err
		}
		switch {
		case t.Precision <= 9:
			return parquet.Int32Value(int32(u.Int64())), nil
		case t.Precision <= 18:
			return parquet.Int64Value(u.Int64()), nil
		}
		return parquet.FixedLenByteArrayValue(twosComplement(u, decimalBytes(t.Precision))), nil
	}
	return parquet.Value{}, valueError(name, "type %s is not primitive", t)
}

// twosComplement returns u as an n-byte big-endian two's-complement integer.
func twosComplement(u *big.Int, n int) []byte {
	b := make([]byte, n)
	if u.Sign() >= 0 {
		u.FillBytes(b)
		return b
	}
	m := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), uint(8*n)), u)
	m.FillBytes(b)
	return b
}
