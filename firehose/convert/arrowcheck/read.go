package arrowcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Rows reads a Parquet file with arrow-go and returns its rows as JSON objects (Arrow's JSON rendering: numbers,
// strings, timestamps as "2006-01-02 15:04:05.999999999", dates as "2006-01-02", decimals as strings, lists as
// arrays, maps as arrays of {key, value}, structs as objects), and the Arrow schema's text.
func Rows(data []byte) ([]map[string]any, string, error) {
	rdr, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("arrow-go cannot open the file: %w", err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, "", err
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		return nil, "", fmt.Errorf("arrow-go cannot read the table: %w", err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1024)
	defer tr.Release()
	var rows []map[string]any
	for tr.Next() {
		var buf bytes.Buffer
		if err := array.RecordToJSON(tr.RecordBatch(), &buf); err != nil {
			return nil, "", err
		}
		dec := json.NewDecoder(&buf)
		dec.UseNumber()
		for dec.More() {
			var m map[string]any
			if err := dec.Decode(&m); err != nil {
				return nil, "", err
			}
			rows = append(rows, m)
		}
	}
	return rows, tbl.Schema().String(), nil
}
