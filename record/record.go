package record

import (
	"time"
	"unicode/utf8"
)

// Record is one data record of a Kinesis data stream, as a put creates it and a read returns it.
//
// On a put, Data, PartitionKey and optionally ExplicitHashKey are the input; the stream assigns SequenceNumber,
// ApproximateArrivalTimestamp and ShardID. On a read, every field but ExplicitHashKey is set: as in AWS, the explicit
// hash key only routes the record and is not stored with it.
//
// Records returned by reads share their Data with the stream's log: treat Data as read-only (copy it to change it).
type Record struct {
	// Data is the payload (the blob), 0 bytes up to the stream's maximum record size minus the partition key.
	Data []byte
	// PartitionKey groups records: it is hashed with MD5 to route the record to a shard, unless ExplicitHashKey is set.
	PartitionKey string
	// ExplicitHashKey, when not empty, is the decimal hash key that routes the record instead of the partition key.
	ExplicitHashKey string
	// SequenceNumber is the record's unique, increasing number within its shard.
	SequenceNumber SequenceNumber
	// ApproximateArrivalTimestamp is when the stream accepted the record, with millisecond precision.
	ApproximateArrivalTimestamp time.Time
	// ShardId is the id of the shard holding the record, e.g. "shardId-000000000003".
	ShardId string
	// EncryptionType is "KMS" for a record written while its stream was encrypted (server-side encryption), and
	// empty otherwise.
	EncryptionType string
}

// Size is what the record counts against size and throughput limits: the bytes of the data and of the partition
// key (UTF-8), as AWS counts them.
func (r *Record) Size() int { return len(r.Data) + len(r.PartitionKey) }

// Limits of partition keys (API model shapes.PartitionKey).
const (
	MinPartitionKeyLength = 1
	MaxPartitionKeyLength = 256
)

// PartitionKeyLength returns the length of key in the units AWS's length constraint counts: UTF-16 code units, the
// length of the key as a Java string (a character outside the Basic Multilingual Plane counts twice). Invalid UTF-8
// bytes count one each.
func PartitionKeyLength(key string) int {
	n := 0
	for i := 0; i < len(key); {
		c := key[i]
		if c < utf8.RuneSelf {
			i++
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(key[i:])
		i += size
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// ValidPartitionKey reports whether key has 1 to 256 characters (see [PartitionKeyLength]).
func ValidPartitionKey(key string) bool {
	switch {
	case len(key) == 0 || len(key) > 4*MaxPartitionKeyLength:
		return false
	case len(key) <= MaxPartitionKeyLength:
		return true // a key never has more UTF-16 units than UTF-8 bytes
	}
	return PartitionKeyLength(key) <= MaxPartitionKeyLength
}

// ShardID returns the AWS shard id of shard index i: "shardId-" and i as 12 zero-padded digits.
func ShardID(i int) string {
	var b [20]byte
	copy(b[:], "shardId-")
	v := i
	for j := 19; j >= 8; j-- {
		b[j] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:])
}

// ParseShardID returns the index of a shard id "shardId-NNNNNNNNNNNN" (exactly 12 digits), or ok=false.
func ParseShardID(id string) (index int, ok bool) {
	if len(id) != 20 || id[:8] != "shardId-" {
		return 0, false
	}
	for _, c := range []byte(id[8:]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		index = index*10 + int(c-'0')
	}
	return index, true
}
