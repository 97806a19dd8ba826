package copyfmt

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

// ErrTooLarge is wrapped by the error [Decompress] returns for an object that decompresses to more than its
// limit.
var ErrTooLarge = errors.New("copyfmt: object decompresses beyond the limit")

// Decompress returns an object's bytes under the COPY's compression: the body itself when uncompressed, else
// the decompressed stream (every member of a multi-member GZIP file, as Redshift reads them). It refuses to
// produce more than limit bytes (limit <= 0: no limit).
func Decompress(c Compression, body []byte, limit int64) ([]byte, error) {
	var r io.Reader
	switch c {
	case Uncompressed:
		if limit > 0 && int64(len(body)) > limit {
			return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
		}
		return body, nil
	case GZIP:
		z, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		r = z
	case BZIP2:
		r = bzip2.NewReader(bytes.NewReader(body))
	case ZSTD:
		z, err := zstd.NewReader(bytes.NewReader(body), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(max(limit, 64<<20))))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		defer z.Close()
		r = z
	default:
		return nil, fmt.Errorf("copyfmt: unknown compression %d", c)
	}
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c, err)
	}
	if limit > 0 && int64(len(out)) > limit {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	return out, nil
}
