package record

import (
	"errors"
)

// SequenceNumber identifies a record within its shard. Numbers of one shard increase in put order; numbers of
// different shards are not comparable, as in AWS.
//
// A kinesim sequence number is a 128-bit integer printed in decimal, like AWS's (which are opaque decimal strings of
// up to 129 digits). Its bits carry, from the top: a 4-bit format version, the 32-bit incarnation (epoch) of the
// stream that issued it, the 28-bit index of the shard, and the 64-bit position of the record in that shard. The
// stream uses the first three to reject a number issued by another shard or another stream (or another incarnation
// of a stream of the same name) exactly where AWS does. A child shard has a higher index than its parents, so every
// number of a child is above every number of its parents.
//
// The zero value is not a valid sequence number; [SequenceNumber.IsZero] reports it.
type SequenceNumber struct{ v u128 }

const (
	seqVersion     = 2
	seqVersionBits = 4
	seqEpochBits   = 32
	seqShardBits   = 28
	// MaxShardIndex is the largest shard index a sequence number can carry.
	MaxShardIndex = 1<<seqShardBits - 1
)

// NewSequenceNumber returns the number of the record at position in shard shardIndex of the stream incarnation
// epoch. shardIndex is truncated to 28 bits.
func NewSequenceNumber(epoch uint32, shardIndex uint32, position uint64) SequenceNumber {
	hi := uint64(seqVersion)<<(64-seqVersionBits) | uint64(epoch)<<seqShardBits | uint64(shardIndex)&MaxShardIndex
	return SequenceNumber{u128{hi, position}}
}

// Epoch returns the incarnation of the stream that issued n.
func (n SequenceNumber) Epoch() uint32 { return uint32(n.v.hi >> seqShardBits) }

// ShardIndex returns the index of the shard that issued n (the 12-digit number of its shard id).
func (n SequenceNumber) ShardIndex() uint32 { return uint32(n.v.hi & MaxShardIndex) }

// Position returns the position of n's record in its shard, counting from 0.
func (n SequenceNumber) Position() uint64 { return n.v.lo }

// IsZero reports whether n is the zero value (no sequence number).
func (n SequenceNumber) IsZero() bool { return n.v == u128{} }

// Compare returns -1, 0 or +1 as n is less than, equal to or greater than o.
func (n SequenceNumber) Compare(o SequenceNumber) int { return n.v.cmp(o.v) }

// String returns the decimal form, e.g. "42535295865117307932921825928971026432". It returns "" for the zero value.
func (n SequenceNumber) String() string {
	if n.IsZero() {
		return ""
	}
	var buf [40]byte
	return string(n.v.appendDecimal(buf[:0]))
}

// AppendText appends the decimal form of n to b (nothing for the zero value).
func (n SequenceNumber) AppendText(b []byte) ([]byte, error) {
	if n.IsZero() {
		return b, nil
	}
	return n.v.appendDecimal(b), nil
}

// MarshalText returns the decimal form of n.
func (n SequenceNumber) MarshalText() ([]byte, error) { return n.AppendText(nil) }

// UnmarshalText parses a decimal sequence number as [ParseSequenceNumber] does; empty text gives the zero value.
func (n *SequenceNumber) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = SequenceNumber{}
		return nil
	}
	v, err := ParseSequenceNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Errors of [ParseSequenceNumber].
var (
	// ErrMalformedSequenceNumber: the text does not match AWS's pattern 0|([1-9]\d{0,128}).
	ErrMalformedSequenceNumber = errors.New("record: sequence number is not a decimal integer of at most 129 digits")
	// ErrForeignSequenceNumber: the text is a well-formed decimal but not a number kinesim issues (AWS accepts the
	// syntax and then rejects the number as not coming from the stream).
	ErrForeignSequenceNumber = errors.New("record: sequence number was not issued by a kinesim stream")
)

// ParseSequenceNumber parses the decimal form of a sequence number. Text that does not match AWS's pattern gives
// [ErrMalformedSequenceNumber]; a well-formed number that kinesim cannot have issued gives
// [ErrForeignSequenceNumber].
func ParseSequenceNumber(s string) (SequenceNumber, error) {
	v, malformed, overflow := parseDecimal(s, 129)
	switch {
	case malformed:
		return SequenceNumber{}, ErrMalformedSequenceNumber
	case overflow, v.hi>>(64-seqVersionBits) != seqVersion:
		return SequenceNumber{}, ErrForeignSequenceNumber
	}
	return SequenceNumber{v}, nil
}
