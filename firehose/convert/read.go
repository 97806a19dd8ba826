package convert

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// ReadRows reads back the rows of a Parquet object, each as a map from column path ("a" or "s.b") to the text of
// its value, nulls left out: what a consumer of converted objects (a table fed by object-created notifications)
// reads without importing a Parquet library. Repeated values (arrays, maps) are joined with ",". It is a
// convenience for flat schemas and examples, not a second decoder of the types: binary values are their bytes,
// numbers their decimal text, INT96 timestamps are not decoded.
func ReadRows(object []byte) ([]map[string]string, error) {
	f, err := parquet.OpenFile(bytes.NewReader(object), int64(len(object)))
	if err != nil {
		return nil, err
	}
	cols := f.Schema().Columns()
	r := parquet.NewReader(bytes.NewReader(object), f.Schema())
	defer r.Close()
	var out []map[string]string
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			m := make(map[string]string)
			for _, v := range row {
				if v.IsNull() || v.Column() < 0 || v.Column() >= len(cols) {
					continue
				}
				name := strings.Join(cols[v.Column()], ".")
				if old, ok := m[name]; ok {
					m[name] = old + "," + v.String()
				} else {
					m[name] = v.String()
				}
			}
			out = append(out, m)
		}
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}
