package copyfmt_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

// BenchmarkDecodeJSON is the decoding part of a COPY … JSON 'auto' alone: 100k records of five columns into
// Go values, without a database (redshiftpg's BenchmarkCopyJSON is the whole COPY).
func BenchmarkDecodeJSON(b *testing.B) {
	var sb strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&sb, `{"id":%d,"name":"c-%d","amount":%d.%02d,"at":"2026-12-01 10:%02d:%02d","ok":%t}`+"\n", i, i%1000, i%9999, i%100, i/60%60, i%60, i%2 == 0)
	}
	data := []byte(sb.String())
	o, _ := copyfmt.Parse("JSON 'auto'")
	cs := []copyfmt.Column{{Name: "id", Type: copyfmt.Bigint}, {Name: "name", Type: copyfmt.Varchar, Length: 16},
		{Name: "amount", Type: copyfmt.Numeric, Precision: 10, Scale: 2}, {Name: "at", Type: copyfmt.Timestamp}, {Name: "ok", Type: copyfmt.Boolean}}
	d := copyfmt.NewDecoder(o, cs)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		d.Decode("f", data, func(r *copyfmt.Row) error {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			n++
			return nil
		})
		if n != 100_000 {
			b.Fatal(n)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
