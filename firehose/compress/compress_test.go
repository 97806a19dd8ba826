package compress_test

import (
	"archive/zip"
	"bytes"
	gzipstd "compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/snappy/xerial"
	"github.com/klauspost/compress/zstd"

	"github.com/kinesim/kinesim/firehose/compress"
)

var modified = time.Date(2026, 7, 13, 14, 0, 0, 0, time.UTC)

// decode reads an object back with a decoder other than the encoder: the standard library's gzip and zip readers,
// klauspost's xerial reader, readHadoop below, and klauspost's zstd streaming reader (the zstd command reads them
// in TestZstdObjectsReadBackWithTheZstdCommand).
func decode(t testing.TB, f compress.Format, obj []byte) []byte {
	t.Helper()
	switch f {
	case compress.Uncompressed:
		return obj
	case compress.GZIP:
		r, err := gzipstd.NewReader(bytes.NewReader(obj))
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return out
	case compress.ZIP:
		zr, err := zip.NewReader(bytes.NewReader(obj), int64(len(obj)))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != 1 || zr.File[0].Method != zip.Deflate {
			t.Fatalf("zip of %d entries, first method %d; want one deflated entry", len(zr.File), zr.File[0].Method)
		}
		rc, err := zr.File[0].Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		out, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return out
	case compress.Snappy:
		if !bytes.HasPrefix(obj, []byte("\x82SNAPPY\x00")) {
			t.Fatalf("no xerial magic: % x", obj[:min(8, len(obj))])
		}
		if len(obj) == 16 {
			return nil
		}
		out, err := xerial.Decode(obj)
		if err != nil {
			t.Fatal(err)
		}
		return out
	case compress.HadoopSnappy:
		out, err := readHadoop(obj)
		if err != nil {
			t.Fatal(err)
		}
		return out
	case compress.ZSTD:
		z, err := zstd.NewReader(bytes.NewReader(obj), zstd.WithDecoderConcurrency(1))
		if err != nil {
			t.Fatal(err)
		}
		defer z.Close()
		out, err := io.ReadAll(z)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Fatalf("format %s", f)
	return nil
}

// readHadoop reads Hadoop's BlockCompressorStream framing, written here from Hadoop's description
// (BlockDecompressorStream): a 4-byte big-endian uncompressed length, then blocks of a 4-byte big-endian
// compressed length and a raw snappy block until the frame's uncompressed length is reached.
func readHadoop(b []byte) ([]byte, error) {
	var out []byte
	for len(b) > 0 {
		if len(b) < 4 {
			return nil, errors.New("short frame header")
		}
		want := int(binary.BigEndian.Uint32(b))
		b = b[4:]
		got := 0
		for got < want {
			if len(b) < 4 {
				return nil, errors.New("short block header")
			}
			n := int(binary.BigEndian.Uint32(b))
			b = b[4:]
			if n > len(b) {
				return nil, errors.New("short block")
			}
			block, err := snappy.Decode(nil, b[:n])
			if err != nil {
				return nil, err
			}
			b = b[n:]
			out = append(out, block...)
			got += len(block)
		}
		if got != want {
			return nil, fmt.Errorf("frame of %d bytes holds %d", want, got)
		}
	}
	return out, nil
}

func payloads() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 600<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	return map[string][]byte{
		"empty":  nil,
		"one":    []byte("x"),
		"json":   bytes.Repeat([]byte(`{"ticker":"AMZN","price":123.45}`), 40000), // > 1 MiB: several Hadoop frames
		"random": random,
	}
}

// allFormats is Firehose's formats and ZSTD, the channels' extra one.
var allFormats = append(slices.Clone(compress.Formats), compress.ZSTD)

// Every object reads back with a standard decoder and equals what was written.
func TestEveryFormatReadsBackWithAStandardDecoder(t *testing.T) {
	for _, f := range allFormats {
		for name, p := range payloads() {
			t.Run(string(f)+"/"+name, func(t *testing.T) {
				obj, err := compress.Encode(nil, p, f, compress.Options{EntryName: "3f5c2d0e-entry", Modified: modified})
				if err != nil {
					t.Fatal(err)
				}
				if got := decode(t, f, obj); !bytes.Equal(got, p) {
					t.Fatalf("read back %d bytes, wrote %d", len(got), len(p))
				}
			})
		}
	}
}

// A ZIP object is one deflated entry named with the given UUID (floci's probe of AWS, see the package doc).
func TestZipHoldsOneEntryNamedWithTheUUID(t *testing.T) {
	obj, err := compress.Encode(nil, []byte("abc"), compress.ZIP, compress.Options{EntryName: "7d1b0a62-1f3e-4b8e-9a55-0c2f1e9d8a11", Modified: modified})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(obj), int64(len(obj)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "7d1b0a62-1f3e-4b8e-9a55-0c2f1e9d8a11" {
		t.Fatalf("entries %v", zr.File)
	}
}

// Encode appends to dst.
func TestEncodeAppends(t *testing.T) {
	for _, f := range allFormats {
		obj, err := compress.Encode([]byte("prefix"), []byte("data"), f, compress.Options{})
		if err != nil || !bytes.HasPrefix(obj, []byte("prefix")) {
			t.Fatalf("%s: %q %v", f, obj, err)
		}
		if got := decode(t, f, obj[len("prefix"):]); string(got) != "data" {
			t.Fatalf("%s: %q", f, got)
		}
	}
	if _, err := compress.Encode(nil, nil, "LZ4", compress.Options{}); !errors.Is(err, compress.ErrFormat) {
		t.Fatalf("unknown format: %v", err)
	}
}

// The extensions of AWS's "Configure Amazon S3 object name format" page.
func TestExtensionsFollowAWSNamingPage(t *testing.T) {
	want := map[compress.Format]string{compress.Uncompressed: "", compress.GZIP: ".gz", compress.ZIP: ".zip",
		compress.Snappy: ".snappy", compress.HadoopSnappy: ".hsnappy"}
	for f, ext := range want {
		if f.Extension() != ext || !f.Valid() {
			t.Errorf("%s: %q", f, f.Extension())
		}
	}
	if compress.ZSTD.Extension() != ".zst" || compress.ZSTD.Valid() {
		t.Errorf("ZSTD is %q, Valid %v: want .zst, and not one of Firehose's formats", compress.ZSTD.Extension(), compress.ZSTD.Valid())
	}
	if compress.Format("snappy").Valid() {
		t.Error("the enum is case sensitive: snappy is not Snappy")
	}
	if compress.Snappy.ContentEncoding() != "snappy-java" || compress.GZIP.ContentEncoding() != "gzip" {
		t.Error("content encodings")
	}
}

// ZSTD objects are standard Zstandard streams: the reference implementation's command reads them back (RFC 8878).
func TestZstdObjectsReadBackWithTheZstdCommand(t *testing.T) {
	bin, err := exec.LookPath("zstd")
	if err != nil {
		t.Skip("no zstd command; TestEveryFormatReadsBackWithAStandardDecoder reads ZSTD with klauspost's reader")
	}
	for name, p := range payloads() {
		obj, err := compress.Encode(nil, p, compress.ZSTD, compress.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-d", "-c", "-q")
		cmd.Stdin = bytes.NewReader(obj)
		out, err := cmd.Output()
		if err != nil || !bytes.Equal(out, p) {
			t.Fatalf("%s: zstd -d gave %d bytes of %d, %v", name, len(out), len(p), err)
		}
	}
}

// Decode reads back what Encode writes for UNCOMPRESSED, GZIP (every member) and ZSTD (every frame), up to its
// limit, and refuses the formats it has no decoder for.
func TestDecodeReadsBackGzipAndZstdWithinTheLimit(t *testing.T) {
	p := payloads()["json"]
	for _, f := range []compress.Format{compress.Uncompressed, compress.GZIP, compress.ZSTD} {
		obj, _ := compress.Encode(nil, p, f, compress.Options{})
		two, _ := compress.Encode(slices.Clone(obj), []byte("more"), f, compress.Options{}) // two members/frames
		if got, err := compress.Decode(two, f, 0); err != nil || string(got) != string(p)+"more" {
			t.Errorf("%s: %d bytes, %v", f, len(got), err)
		}
		if got, err := compress.Decode(obj, f, int64(len(p))); err != nil || !bytes.Equal(got, p) {
			t.Errorf("%s at its size: %d bytes, %v", f, len(got), err)
		}
		if _, err := compress.Decode(obj, f, int64(len(p)-1)); !errors.Is(err, compress.ErrTooLarge) {
			t.Errorf("%s over the limit: %v", f, err)
		}
		if f != compress.Uncompressed {
			if _, err := compress.Decode(obj[:len(obj)/2], f, 0); err == nil || errors.Is(err, compress.ErrTooLarge) {
				t.Errorf("%s truncated: %v", f, err)
			}
		}
	}
	for _, f := range []compress.Format{compress.ZIP, compress.Snappy, compress.HadoopSnappy, "LZ4"} {
		if _, err := compress.Decode(nil, f, 0); !errors.Is(err, compress.ErrNoDecoder) {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	p := payloads()["json"]
	for _, f := range allFormats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(p)))
			var dst []byte
			for b.Loop() {
				dst, _ = compress.Encode(dst[:0], p, f, compress.Options{})
			}
		})
	}
}
