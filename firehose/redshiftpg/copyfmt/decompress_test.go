package copyfmt_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

// File compression parameters: GZIP objects as Firehose writes them (and several gzip members one after another)
// and ZSTD objects read back; a limit bounds what an object may decompress to.
func TestDecompressReadsWhatFirehoseAndZstdWrite(t *testing.T) {
	data := bytes.Repeat([]byte(`{"id":1}`), 1000)
	gz, err := compress.Encode(nil, data, compress.GZIP, compress.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gz2, _ := compress.Encode(gz[:len(gz):len(gz)], data, compress.GZIP, compress.Options{})
	enc, _ := zstd.NewWriter(nil)
	zs := enc.EncodeAll(data, nil)
	enc.Close()
	for _, c := range []struct {
		c    copyfmt.Compression
		body []byte
		want []byte
	}{{copyfmt.Uncompressed, data, data}, {copyfmt.GZIP, gz, data}, {copyfmt.GZIP, gz2, append(append([]byte(nil), data...), data...)}, {copyfmt.ZSTD, zs, data}} {
		got, err := copyfmt.Decompress(c.c, c.body, 1<<20)
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%s: %d bytes, %v; want %d bytes", c.c, len(got), err, len(c.want))
		}
	}
	if _, err := copyfmt.Decompress(copyfmt.GZIP, gz, 100); !errors.Is(err, copyfmt.ErrTooLarge) {
		t.Errorf("gzip beyond the limit: %v, want ErrTooLarge", err)
	}
	for _, c := range []copyfmt.Compression{copyfmt.GZIP, copyfmt.BZIP2, copyfmt.ZSTD} {
		if _, err := copyfmt.Decompress(c, data, 1<<20); err == nil {
			t.Errorf("%s of plain bytes: no error", c)
		}
	}
}
