package record

import (
	"cmp"
	"errors"
	"unique"
)

// SequenceNumber identifies a record within its shard. Numbers of one shard increase in put order; numbers of
// different shards are not comparable, as in AWS.
//
// A SequenceNumber has one of two forms. A kinesim number — every number a kinesim stream issues
// ([NewSequenceNumber], [ParseSequenceNumber]) — is a 128-bit integer printed in decimal, like AWS's (which are
// opaque decimal strings of up to 129 digits). Its bits carry, from the top: a 4-bit format version, the 32-bit
// incarnation (epoch) of the stream that issued it, the 28-bit index of the shard, and the 64-bit position of the
// record in that shard. The stream uses the first three to reject a number issued by another shard or another
// stream (or another incarnation of a stream of the same name) exactly where AWS does. A child shard has a higher
// index than its parents, so every number of a child is above every number of its parents.
//
// A foreign number ([ParseAnySequenceNumber], [SequenceNumber.IsForeign]) is any other decimal AWS's pattern
// allows, such as the 56-digit numbers AWS issues: the adapters of the AWS SDK read them so that records,
// checkpoints and results keep AWS's exact text. It holds a handle to its interned text, so it stays a small
// comparable value: two numbers are == exactly when they print the same. Its Epoch, ShardIndex and Position are 0.
// The handle makes every SequenceNumber 24 bytes, 8 more than a kinesim number needs; the alternative measured, a
// 16-byte number whose top 64 bits are interned too, made NewSequenceNumber two to three times slower.
//
// The zero value is not a valid sequence number; [SequenceNumber.IsZero] reports it.
type SequenceNumber struct {
	v u128
	// foreign is the interned text of a foreign number, the zero handle for a kinesim number (or the zero value):
	// a number the engine issues costs no lookup and no allocation.
	foreign unique.Handle[string]
}

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
	return SequenceNumber{v: u128{hi, position}}
}

// Epoch returns the incarnation of the stream that issued n (0 for a foreign number).
func (n SequenceNumber) Epoch() uint32 { return uint32(n.v.hi >> seqShardBits) }

// ShardIndex returns the index of the shard that issued n, the 12-digit number of its shard id (0 for a foreign
// number).
func (n SequenceNumber) ShardIndex() uint32 { return uint32(n.v.hi & MaxShardIndex) }

// Position returns the position of n's record in its shard, counting from 0 (0 for a foreign number).
func (n SequenceNumber) Position() uint64 { return n.v.lo }

// IsZero reports whether n is the zero value (no sequence number).
func (n SequenceNumber) IsZero() bool { return n == SequenceNumber{} }

// IsForeign reports whether n is a foreign number: one a kinesim stream cannot have issued, read with
// [ParseAnySequenceNumber].
func (n SequenceNumber) IsForeign() bool { return n.foreign != unique.Handle[string]{} }

// Compare returns -1, 0 or +1 as n is less than, equal to or greater than o, comparing the integers the two
// decimals spell (AWS's numbers of one shard increase as integers). The zero value is below every number.
func (n SequenceNumber) Compare(o SequenceNumber) int {
	var buf [40]byte // a kinesim number's 38 digits, when compared with a foreign number
	switch nf, of := n.IsForeign(), o.IsForeign(); {
	case !nf && !of:
		return n.v.cmp(o.v)
	case nf && of:
		if n.foreign == o.foreign {
			return 0
		}
		return compareDecimal(n.foreign.Value(), o.foreign.Value())
	case nf:
		return -compareDigits(o.appendDecimal(buf[:0]), n.foreign.Value())
	}
	return compareDigits(n.appendDecimal(buf[:0]), o.foreign.Value())
}

// compareDecimal compares two canonical decimals (no leading zeros; empty below all): the longer is greater, else
// the digits decide.
func compareDecimal(a, b string) int {
	if d := cmp.Compare(len(a), len(b)); d != 0 {
		return d
	}
	return cmp.Compare(a, b)
}

// compareDigits is compareDecimal of digits written into a buffer; it does not copy them.
func compareDigits(a []byte, b string) int {
	switch {
	case len(a) != len(b):
		return cmp.Compare(len(a), len(b))
	case string(a) < b: // a conversion in a comparison does not allocate
		return -1
	case string(a) == b:
		return 0
	}
	return 1
}

// appendDecimal appends n's decimal form (nothing for the zero value).
func (n SequenceNumber) appendDecimal(b []byte) []byte {
	switch {
	case n.IsForeign():
		return append(b, n.foreign.Value()...)
	case n.v == u128{}:
		return b
	}
	return n.v.appendDecimal(b)
}

// String returns the decimal form, e.g. "42535295865117307932921825928971026432", or a foreign number's text as it
// was parsed. It returns "" for the zero value.
func (n SequenceNumber) String() string {
	if n.IsForeign() {
		return n.foreign.Value()
	}
	if n.IsZero() {
		return ""
	}
	var buf [40]byte
	return string(n.v.appendDecimal(buf[:0]))
}

// AppendText appends the decimal form of n to b (nothing for the zero value).
func (n SequenceNumber) AppendText(b []byte) ([]byte, error) { return n.appendDecimal(b), nil }

// MarshalText returns the decimal form of n.
func (n SequenceNumber) MarshalText() ([]byte, error) { return n.AppendText(nil) }

// UnmarshalText parses a decimal sequence number as [ParseAnySequenceNumber] does, so that every number
// MarshalText writes, foreign or not, reads back; empty text gives the zero value.
func (n *SequenceNumber) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = SequenceNumber{}
		return nil
	}
	v, err := ParseAnySequenceNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Errors of [ParseSequenceNumber] and [ParseAnySequenceNumber].
var (
	// ErrMalformedSequenceNumber: the text does not match AWS's pattern 0|([1-9]\d{0,128}).
	ErrMalformedSequenceNumber = errors.New("record: sequence number is not a decimal integer of at most 129 digits")
	// ErrForeignSequenceNumber: the text is a well-formed decimal but not a number kinesim issues (AWS accepts the
	// syntax and then rejects the number as not coming from the stream).
	ErrForeignSequenceNumber = errors.New("record: sequence number was not issued by a kinesim stream")
)

// ParseSequenceNumber parses the decimal form of a number a kinesim stream may have issued: the parser of the
// engine, which refuses numbers it did not issue as AWS does. Text that does not match AWS's pattern gives
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
	return SequenceNumber{v: v}, nil
}

// ParseAnySequenceNumber parses any sequence number AWS's pattern 0|([1-9]\d{0,128}) allows: the parser of the
// clients and adapters that read another service's numbers (awssdk.StreamClient reading AWS's). A number
// [ParseSequenceNumber] accepts gives the same kinesim number; any other well-formed number gives a foreign number
// ([SequenceNumber.IsForeign]) that prints back as s. Text that does not match the pattern gives
// [ErrMalformedSequenceNumber].
func ParseAnySequenceNumber(s string) (SequenceNumber, error) {
	n, err := ParseSequenceNumber(s)
	if err != ErrForeignSequenceNumber {
		return n, err
	}
	return SequenceNumber{foreign: unique.Make(s)}, nil // Make keeps a copy of s, not s's memory
}
