package copyfmt_test

import (
	"fmt"

	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

// Parse a Firehose destination's CopyOptions, then decode a delivered object's records into rows of the
// table's columns: the good ones hold Go values, the bad one its STL_LOAD_ERRORS row.
func Example() {
	o, err := copyfmt.Parse("JSON 'auto' TIMEFORMAT 'auto' MAXERROR 1")
	if err != nil {
		panic(err)
	}
	cols := []copyfmt.Column{{Name: "id", Type: copyfmt.Integer}, {Name: "at", Type: copyfmt.Timestamp}}
	obj := []byte(`{"id":1,"at":"2026-12-01T10:00:00Z"}{"id":"two"}`)
	copyfmt.NewDecoder(o, cols).Decode("s3://bucket/object", obj, func(r *copyfmt.Row) error {
		if r.Err != nil {
			fmt.Println(r.Err.Code, r.Err.Colname, r.Err.Reason)
			return nil
		}
		fmt.Println(r.Values[0], r.Values[1])
		return nil
	})
	_, err = copyfmt.Parse("JSON 'auto' LZOP")
	fmt.Println(err)
	// Output:
	// 1 2026-12-01 10:00:00 +0000 UTC
	// 1207 id Invalid digit, Value 't', Pos 0, Type: Integer
	// copyfmt: COPY parameter not supported: LZOP (no Go decoder for lzop is well kept; use GZIP, BZIP2 or ZSTD)
}
