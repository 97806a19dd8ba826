package compress

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/snappy/xerial"
	"github.com/klauspost/compress/zip"
)

// Format is a Firehose CompressionFormat, as the API names it.
type Format string

// The formats of Firehose's CompressionFormat enum (API Reference, ExtendedS3DestinationConfiguration).
const (
	Uncompressed Format = "UNCOMPRESSED"
	GZIP         Format = "GZIP"
	ZIP          Format = "ZIP"
	Snappy       Format = "Snappy"
	HadoopSnappy Format = "HADOOP_SNAPPY"
)

// Formats lists every format, in the order of the API's enum.
var Formats = []Format{Uncompressed, GZIP, ZIP, Snappy, HadoopSnappy}

// Extension returns the file extension Firehose gives an object of the format: "" for UNCOMPRESSED, ".gz",
// ".zip", ".snappy", and ".hsnappy" for HADOOP_SNAPPY, as the Developer Guide's "Configure Amazon S3 object name
// format" lists them (a third-party probe reports ".snappy" for HADOOP_SNAPPY; kinesim follows AWS's page, and
// FileExtension overrides it).
func (f Format) Extension() string {
	switch f {
	case GZIP:
		return ".gz"
	case ZIP:
		return ".zip"
	case Snappy:
		return ".snappy"
	case HadoopSnappy:
		return ".hsnappy"
	}
	return ""
}

// ContentEncoding returns the Content-Encoding an object of the format carries in S3: "gzip" for GZIP and
// "snappy-java" for Snappy (the xerial stream format), "" otherwise.
func (f Format) ContentEncoding() string {
	switch f {
	case GZIP:
		return "gzip"
	case Snappy:
		return "snappy-java"
	}
	return ""
}

// Valid reports whether f is one of [Formats].
func (f Format) Valid() bool {
	for _, g := range Formats {
		if f == g {
			return true
		}
	}
	return false
}

// ErrFormat is returned for a format that is not one of [Formats].
var ErrFormat = errors.New("compress: unknown compression format")

// HadoopBlockSize is the most uncompressed bytes one Hadoop-Snappy frame holds: Hadoop's default buffer of the
// BlockCompressorStream (io.compression.codec.snappy.buffersize, 256 KiB).
const HadoopBlockSize = 256 << 10

// Options are what a compressed object's encoding depends on besides its bytes.
type Options struct {
	// EntryName names the single entry of a ZIP object (Firehose names it with a UUID).
	EntryName string
	// Modified is the ZIP entry's modification time and the GZIP header's.
	Modified time.Time
}

var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

// Encode appends src compressed in format f to dst and returns the extended slice. UNCOMPRESSED appends src as it
// is. It returns [ErrFormat] for an unknown format.
func Encode(dst, src []byte, f Format, o Options) ([]byte, error) {
	switch f {
	case Uncompressed, "":
		return append(dst, src...), nil
	case GZIP:
		if cap(dst)-len(dst) < len(src)/2 {
			dst = slices.Grow(dst, len(src)/2+64) // text compresses to about half or better: one growth at most
		}
		buf := bytes.NewBuffer(dst)
		w := gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(w)
		w.Reset(buf)
		w.ModTime = o.Modified
		if _, err := w.Write(src); err != nil {
			return dst, err
		}
		if err := w.Close(); err != nil {
			return dst, err
		}
		return buf.Bytes(), nil
	case ZIP:
		buf := bytes.NewBuffer(dst)
		zw := zip.NewWriter(buf)
		name := o.EntryName
		if name == "" {
			name = "data"
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: o.Modified})
		if err != nil {
			return dst, err
		}
		if _, err := w.Write(src); err != nil {
			return dst, err
		}
		if err := zw.Close(); err != nil {
			return dst, err
		}
		return buf.Bytes(), nil
	case Snappy:
		if len(src) == 0 {
			// xerial.Encode writes nothing for nothing; an empty stream still has its header.
			return append(dst, xerialEmpty...), nil
		}
		if len(dst) > 0 {
			// xerial.Encode takes a non-empty dst for a stream it is extending.
			return append(dst, xerial.Encode(nil, src)...), nil
		}
		return xerial.Encode(dst, src), nil
	case HadoopSnappy:
		return encodeHadoop(dst, src), nil
	}
	return dst, ErrFormat
}

// xerialEmpty is the header of a xerial snappy-java stream (magic 0x82 "SNAPPY" 0x00, version 1, compatible 1)
// with no block.
var xerialEmpty = []byte{0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1}

// encodeHadoop writes Hadoop's BlockCompressorStream framing: for each frame of at most HadoopBlockSize bytes, a
// 4-byte big-endian uncompressed length, then one block: a 4-byte big-endian compressed length and the raw snappy
// block.
func encodeHadoop(dst, src []byte) []byte {
	for len(src) > 0 {
		n := min(len(src), HadoopBlockSize)
		dst = binary.BigEndian.AppendUint32(dst, uint32(n))
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		need := s2.MaxEncodedLen(n)
		dst = slices.Grow(dst, need)
		block := s2.EncodeSnappy(dst[len(dst):len(dst)+need], src[:n])
		binary.BigEndian.PutUint32(dst[at:], uint32(len(block)))
		dst = dst[:len(dst)+len(block)]
		src = src[n:]
	}
	return dst
}
