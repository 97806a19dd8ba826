package copyfmt_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// STL_LOAD_ERRORS and the Load error reference: the load error of each kind of bad JSON record, as the
// load-errors table holds it (testdata/bad_records.json → testdata/bad_records.golden; -update rewrites it).
func TestBadRecordsGiveSTLLoadErrorRows(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "bad_records.json"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := copyfmt.Parse("JSON 'auto'")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("line_number | colname | type | col_length | position | err_code | err_reason | raw_field_value | raw_line\n")
	copyfmt.NewDecoder(o, cols).Decode("s3://bucket/bad_records.json", data, func(r *copyfmt.Row) error {
		if e := r.Err; e != nil {
			fmt.Fprintf(&b, "%d | %s | %s | %s | %d | %d | %s | %q | %q\n", e.LineNumber, e.Colname, e.Type, e.ColLength, e.Position, e.Code, e.Reason, e.RawField, e.RawLine)
		} else {
			fmt.Fprintf(&b, "%d | loaded\n", r.Line)
		}
		return nil
	})
	golden := filepath.Join("testdata", "bad_records.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if b.String() != string(want) {
		t.Fatalf("load errors differ from %s (go test -update rewrites it):\n%s", golden, b.String())
	}
}
