package compress

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/snappy/xerial"
	"github.com/klauspost/compress/zip"
	"github.com/klauspost/compress/zstd"
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

// ZSTD is Zstandard (RFC 8878), the S3CompressionType ZSTD of Kinesis Data Streams channels (aws-sdk-go-v2
// service/kinesis types.S3CompressionTypeZstd). It is not a Firehose CompressionFormat: it is not in [Formats],
// [Format.Valid] is false for it, and Firehose's CreateDeliveryStream refuses it.
const ZSTD Format = "ZSTD"

// Extension returns the file extension Firehose gives an object of the format: "" for UNCOMPRESSED, ".gz",
// ".zip", ".snappy", and ".hsnappy" for HADOOP_SNAPPY, as the Developer Guide's "Configure Amazon S3 object name
// format" lists them (a third-party probe reports ".snappy" for HADOOP_SNAPPY; kinesim follows AWS's page, and
// FileExtension overrides it); ".zst" for ZSTD, Zstandard's registered extension (RFC 8878, media type
// application/zstd), as AWS lists none for channels.
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
	case ZSTD:
		return ".zst"
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
	case ZSTD:
		return zstdEncoder().EncodeAll(src, dst), nil
	}
	return dst, ErrFormat
}

// zstdEncoder is the one Zstandard encoder, made on first use: EncodeAll may be called concurrently, each call on
// one goroutine, and writes the same bytes for the same input. An empty input is a full (empty) frame, so that
// every object is a Zstandard stream.
var zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
	e, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithZeroFrames(true))
	if err != nil {
		panic(err) // the options are constant and valid
	}
	return e
})

// ErrTooLarge is wrapped by the error [Decode] returns for an object that decompresses to more than its limit.
var ErrTooLarge = errors.New("compress: object decompresses beyond the limit")

// ErrNoDecoder is returned by [Decode] for a format it does not read.
var ErrNoDecoder = errors.New("compress: no decoder for the format")

// Decode returns the bytes an object of format f holds, refusing to produce more than limit bytes (limit <= 0: no
// limit; a Zstandard window is bounded at max(limit, 64 MiB) either way). It reads UNCOMPRESSED, GZIP (every
// member of a multi-member stream) and ZSTD (every frame), the formats that readers of kinesim's objects need
// (Redshift COPY, channel objects); other formats give [ErrNoDecoder]. A corrupt object gives an error that
// starts with the format's name in lower case ("gzip: …", "zstd: …").
func Decode(src []byte, f Format, limit int64) ([]byte, error) {
	var r io.Reader
	name := strings.ToLower(string(f)) // "gzip: …", "zstd: …", as the codecs name themselves
	switch f {
	case Uncompressed, "":
		if limit > 0 && int64(len(src)) > limit {
			return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
		}
		return src, nil
	case GZIP:
		z, err := gzip.NewReader(bytes.NewReader(src))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		r = z
	case ZSTD:
		z, err := zstd.NewReader(bytes.NewReader(src), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(max(limit, 64<<20))))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer z.Close()
		r = z
	default:
		return nil, fmt.Errorf("%w %q", ErrNoDecoder, f)
	}
	out, err := ReadAll(r, limit)
	if err != nil && !errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, err
}

// ReadAll reads r to its end, as io.ReadAll does, but refuses to return more than limit bytes (limit <= 0: no
// limit): beyond it, the error wraps [ErrTooLarge]. It is Decode's reading, for decoders of other packages
// (a standard-library one, say) that want the same bound.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(out)) > limit {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	return out, nil
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
