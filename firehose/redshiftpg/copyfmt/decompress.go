package copyfmt

import (
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/firehose/compress"
)

// ErrTooLarge is wrapped by the error [Decompress] returns for an object that decompresses to more than its
// limit.
var ErrTooLarge = errors.New("copyfmt: object decompresses beyond the limit")

// Decompress returns an object's bytes under the COPY's compression: the body itself when uncompressed, else
// the decompressed stream (every member of a multi-member GZIP file, as Redshift reads them, and every frame of a
// ZSTD file). It refuses to produce more than limit bytes (limit <= 0: no limit). Uncompressed, GZIP and ZSTD
// objects are read by firehose/compress, the one package of kinesim that imports a codec library; BZIP2 by the
// standard library.
func Decompress(c Compression, body []byte, limit int64) ([]byte, error) {
	var f compress.Format
	switch c {
	case Uncompressed:
		f = compress.Uncompressed
	case GZIP:
		f = compress.GZIP
	case ZSTD:
		f = compress.ZSTD
	case BZIP2:
		return bunzip2(body, limit)
	default:
		return nil, fmt.Errorf("copyfmt: unknown compression %d", c)
	}
	out, err := compress.Decode(body, f, limit)
	if errors.Is(err, compress.ErrTooLarge) {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	return out, err
}

func bunzip2(body []byte, limit int64) ([]byte, error) {
	out, err := compress.ReadAll(bzip2.NewReader(bytes.NewReader(body)), limit)
	switch {
	case errors.Is(err, compress.ErrTooLarge):
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", BZIP2, err)
	}
	return out, nil
}
