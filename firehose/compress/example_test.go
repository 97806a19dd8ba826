package compress_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"

	"github.com/kinesim/kinesim/firehose/compress"
)

func ExampleEncode() {
	obj, err := compress.Encode(nil, []byte(`{"a":1}{"a":2}`), compress.GZIP, compress.Options{})
	if err != nil {
		panic(err)
	}
	r, _ := gzip.NewReader(bytes.NewReader(obj))
	back, _ := io.ReadAll(r)
	fmt.Printf("%s %s\n", compress.GZIP.Extension(), back)
	// Output: .gz {"a":1}{"a":2}
}
