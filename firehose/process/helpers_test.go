package process_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
)

func gzipWriter(w io.Writer) *gzip.Writer { return gzip.NewWriter(w) }

func jsonValid(b []byte) bool { return json.Valid(b) }
