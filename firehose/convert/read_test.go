package convert_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinesim/kinesim/firehose/convert"
)

// ReadRows gives back the rows Convert wrote, column by column as text, nulls left out.
func TestReadRowsReturnsTheConvertedRows(t *testing.T) {
	c, err := convert.New(config(nil, nil), []convert.Column{{Name: "id", Type: "string"}, {Name: "n", Type: "bigint"},
		{Name: "tags", Type: "array<string>"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Convert(now, []convert.Record{{Data: []byte(`{"id":"a","n":1,"tags":["x","y"]}{"id":"b"}`)}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := convert.ReadRows(res.Parquet)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[map[id:a n:1 tags.list.element:x,y] map[id:b]]" {
		t.Fatalf("rows %v", got)
	}
	if _, err := convert.ReadRows([]byte("not parquet")); err == nil {
		t.Fatal("no error for a non-Parquet object")
	}
}

func ExampleReadRows() {
	c, _ := convert.New(config(nil, nil), []convert.Column{{Name: "id", Type: "string"}, {Name: "n", Type: "bigint"}})
	res, _ := c.Convert(time.Time{}, []convert.Record{{Data: []byte(`{"id":"a","n":1}`)}, {Data: []byte(`{"id":"b","n":2}`)}})
	rows, _ := convert.ReadRows(res.Parquet)
	fmt.Println(rows)
	// Output: [map[id:a n:1] map[id:b n:2]]
}
