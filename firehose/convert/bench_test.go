package convert_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/kinesim/kinesim/firehose/convert"
)

// BenchmarkConvert: 10,000 JSON records of about 150 bytes into one Snappy Parquet object.
func BenchmarkConvert(b *testing.B) {
	cols := []convert.Column{{Name: "id", Type: "bigint"}, {Name: "user", Type: "string"}, {Name: "at", Type: "timestamp"},
		{Name: "score", Type: "double"}, {Name: "tags", Type: "array<string>"}, {Name: "ok", Type: "boolean"}}
	c, err := convert.New(config(nil, nil), cols)
	if err != nil {
		b.Fatal(err)
	}
	records := make([]convert.Record, 10000)
	size := 0
	for i := range records {
		data, _ := json.Marshal(map[string]any{"id": i, "user": fmt.Sprintf("user-%d", i%100), "at": "2026-12-01T10:00:00.123Z",
			"score": float64(i) / 7, "tags": []string{"a", "b"}, "ok": i%2 == 0})
		records[i] = convert.Record{Data: data}
		size += len(data)
	}
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		res, err := c.Convert(now, records)
		if err != nil || res.Rows != len(records) {
			b.Fatal(err)
		}
	}
}
