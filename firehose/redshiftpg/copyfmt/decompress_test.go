package copyfmt_test

import (
	"bytes"
	"errors"
	"os/exec"
	"testing"

	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

// File compression parameters: GZIP objects as Firehose writes them (and several gzip members one after another)
// and ZSTD objects, from the zstd command when it is installed, read back; a limit bounds what an object may decompress to.
func TestDecompressReadsWhatFirehoseAndZstdWrite(t *testing.T) {
	data := bytes.Repeat([]byte(`{"id":1}`), 1000)
	gz, err := compress.Encode(nil, data, compress.GZIP, compress.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gz2, _ := compress.Encode(gz[:len(gz):len(gz)], data, compress.GZIP, compress.Options{})
	zs, err := compress.Encode(nil, data, compress.ZSTD, compress.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bin, err := exec.LookPath("zstd"); err == nil { // the reference encoder's object, when the command is here
		cmd := exec.Command(bin, "-c", "-q", "-19")
		cmd.Stdin = bytes.NewReader(data)
		if zs, err = cmd.Output(); err != nil {
			t.Fatal(err)
		}
	}
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
	for c, body := range map[copyfmt.Compression][]byte{copyfmt.GZIP: gz, copyfmt.ZSTD: zs, copyfmt.Uncompressed: data} {
		if _, err := copyfmt.Decompress(c, body, 100); !errors.Is(err, copyfmt.ErrTooLarge) {
			t.Errorf("%s beyond the limit: %v, want ErrTooLarge", c, err)
		}
	}
	for _, c := range []copyfmt.Compression{copyfmt.GZIP, copyfmt.BZIP2, copyfmt.ZSTD} {
		if _, err := copyfmt.Decompress(c, data, 1<<20); err == nil {
			t.Errorf("%s of plain bytes: no error", c)
		}
	}
}
