package agg

import (
	"bytes"
	"crypto/md5"
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/record"
)

// Record is one user record inside an aggregated Kinesis record: what a producer gave the KPL and what a
// consumer gets back from deaggregation.
type Record struct {
	// PartitionKey is the user record's partition key (1 to 256 characters when encoding).
	PartitionKey string
	// ExplicitHashKey, when not empty, is the decimal hash key that routes the user record instead of the
	// partition key.
	ExplicitHashKey string
	// Data is the user record's payload. A decoded Record's Data shares the bytes of the decoded input.
	Data []byte
}

// Magic is the 4-byte prefix of an aggregated record's data: 0xF3 0x89 0x9A 0xC2 (aggregation-format.md).
const Magic = "\xf3\x89\x9a\xc2"

// Sizes of the format and limits of aggregation.
const (
	// Overhead is what the format adds around the protobuf message: the 4-byte magic and the 16-byte MD5.
	Overhead = len(Magic) + md5.Size
	// DefaultMaxSize is the KPL's default AggregationMaxSize: an aggregate's data grows to at most 51200 bytes
	// (KPL default_config.properties).
	DefaultMaxSize = 51200
	// MaxRecordSize is the largest Kinesis record, data and partition key together: 1 MiB. It bounds every
	// aggregate and the KPL's AggregationMaxSize.
	MaxRecordSize = 1 << 20
)

// Errors of the package, matched with errors.Is. They are errors of the format, not AWS exceptions.
var (
	// ErrNotAggregated: the data is not an aggregated record: shorter than the magic, the MD5 and one byte of
	// message, or without the magic.
	ErrNotAggregated = errors.New("agg: data is not a KPL aggregated record")
	// ErrCorrupt matches every error of a record that has the magic but cannot be read: ErrChecksum,
	// ErrMalformed and ErrKeyIndex.
	ErrCorrupt = errors.New("agg: corrupt aggregated record")
	// ErrChecksum: the MD5 trailer does not match the protobuf message.
	ErrChecksum error = &corruptError{"agg: MD5 trailer does not match the aggregated record"}
	// ErrMalformed: the protobuf message cannot be parsed: a truncated or overlong field, a field of wire type
	// 6 or 7, an unbalanced group, or a missing required field (Record.partition_key_index, Record.data,
	// Tag.key).
	ErrMalformed error = &corruptError{"agg: malformed protobuf in aggregated record"}
	// ErrKeyIndex: a user record's partition or explicit hash key index lies outside its key table.
	ErrKeyIndex error = &corruptError{"agg: key index outside the key table of the aggregated record"}
	// ErrOutsideHashRange: a user record's hash key lies outside the shard's hash-key range, so the whole
	// aggregated record was dropped, as the KCL drops it.
	ErrOutsideHashRange = errors.New("agg: user record outside the shard's hash key range")
	// ErrNoRecords: there is nothing to encode.
	ErrNoRecords = errors.New("agg: no records to aggregate")
	// ErrTooLarge: the aggregate or the record would exceed MaxRecordSize.
	ErrTooLarge = errors.New("agg: aggregated record too large")
	// ErrInvalidRecord: a user record has a partition key that is not 1 to 256 characters or an explicit hash
	// key that is not a decimal in 0 … 2^128−1.
	ErrInvalidRecord = errors.New("agg: invalid user record")
)

// corruptError is an error that also matches ErrCorrupt.
type corruptError struct{ msg string }

func (e *corruptError) Error() string        { return e.msg }
func (e *corruptError) Is(target error) bool { return target == ErrCorrupt }

// IsAggregated reports whether data is an aggregated record as the KCL recognises one: it starts with [Magic], has
// more than [Overhead] bytes, and ends with the MD5 of the bytes between. A record that passes can still hold a
// malformed message, which [Decode] reports and [Deaggregate] passes through.
func IsAggregated(data []byte) bool {
	_, err := unwrap(data)
	return err == nil
}

// unwrap returns the protobuf message of an aggregated record, or ErrNotAggregated or ErrChecksum.
func unwrap(data []byte) ([]byte, error) {
	// The KCL needs more than the 16 digest bytes after the magic (AggregatorUtil: remaining() <= DIGEST_SIZE).
	if len(data) <= Overhead || string(data[:len(Magic)]) != Magic {
		return nil, ErrNotAggregated
	}
	body := data[len(Magic) : len(data)-md5.Size]
	sum := md5.Sum(body)
	if !bytes.Equal(sum[:], data[len(data)-md5.Size:]) {
		return nil, ErrChecksum
	}
	return body, nil
}

// Decode returns the user records of an aggregated record, in order. Their Data share data's bytes. It returns
// [ErrNotAggregated], or an error matching [ErrCorrupt] ([ErrChecksum], [ErrMalformed], [ErrKeyIndex]) and no
// records. Unknown protobuf fields are skipped, as protobuf does; tags are checked and dropped (the KPL writes
// none). A well-formed message with no records gives no records and no error.
func Decode(data []byte) ([]Record, error) {
	body, err := unwrap(data)
	if err != nil {
		return nil, err
	}
	m, ok := scan(body)
	if !ok {
		return nil, ErrMalformed
	}
	if m.nrec == 0 {
		return nil, nil
	}
	out := make([]Record, 0, m.nrec)
	c := m.cursor()
	for {
		r, _, more, err := c.next()
		if err != nil {
			return nil, err
		}
		if !more {
			return out, nil
		}
		out = append(out, r)
	}
}

// validate checks a user record as the KPL checks one it is given.
func validate(r *Record) error {
	if !record.ValidPartitionKey(r.PartitionKey) {
		return fmt.Errorf("%w: partition key must have 1 to 256 characters, got %d bytes", ErrInvalidRecord, len(r.PartitionKey))
	}
	if r.ExplicitHashKey != "" {
		if _, err := record.ParseHashKey(r.ExplicitHashKey); err != nil {
			return fmt.Errorf("%w: explicit hash key %q: %w", ErrInvalidRecord, r.ExplicitHashKey, err)
		}
	}
	return nil
}
