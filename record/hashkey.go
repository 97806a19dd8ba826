package record

import (
	"crypto/md5"
	"encoding/binary"
	"errors"
	"math/big"
)

// HashKey is a point of the 128-bit hash-key space 0 … 2^128−1 that Kinesis routes records over. A partition key
// maps to the unsigned big-endian integer of its MD5 digest ([HashKeyOf]); an explicit hash key is given as a
// decimal string ([ParseHashKey]). The zero value is hash key 0. HashKey is a comparable value type.
type HashKey struct{ v u128 }

// MaxHashKey is 2^128−1 = 340282366920938463463374607431768211455, the end of the hash-key space.
var MaxHashKey = HashKey{maxU128}

// HashKeyOf returns the hash key AWS assigns to partitionKey: MD5 of its UTF-8 bytes, read as an unsigned
// big-endian 128-bit integer.
func HashKeyOf(partitionKey string) HashKey {
	var sum [md5.Size]byte
	if len(partitionKey) <= 64 {
		var buf [64]byte // keeps the []byte conversion on the stack for the common short key
		n := copy(buf[:], partitionKey)
		sum = md5.Sum(buf[:n])
	} else {
		h := md5.New()
		_, _ = h.Write([]byte(partitionKey))
		h.Sum(sum[:0])
	}
	return HashKeyFromBytes(sum)
}

// HashKeyFromBytes reads b as an unsigned big-endian 128-bit integer.
func HashKeyFromBytes(b [16]byte) HashKey {
	return HashKey{u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}}
}

// HashKeyFromUint64s returns the hash key hi·2^64 + lo.
func HashKeyFromUint64s(hi, lo uint64) HashKey { return HashKey{u128{hi, lo}} }

// Uint64s returns the high and low 64 bits of k.
func (k HashKey) Uint64s() (hi, lo uint64) { return k.v.hi, k.v.lo }

// Bytes returns k as 16 big-endian bytes.
func (k HashKey) Bytes() [16]byte {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], k.v.hi)
	binary.BigEndian.PutUint64(b[8:], k.v.lo)
	return b
}

// Big returns k as a new big.Int.
func (k HashKey) Big() *big.Int {
	b := k.Bytes()
	return new(big.Int).SetBytes(b[:])
}

// Compare returns -1, 0 or +1 as k is less than, equal to or greater than o.
func (k HashKey) Compare(o HashKey) int { return k.v.cmp(o.v) }

// Less reports whether k < o.
func (k HashKey) Less(o HashKey) bool { return k.v.cmp(o.v) < 0 }

// Add returns k+n, saturating at MaxHashKey.
func (k HashKey) Add(n uint64) HashKey { return HashKey{k.v.addSat(u128{0, n})} }

// Sub returns k−n, saturating at 0.
func (k HashKey) Sub(n uint64) HashKey { return HashKey{k.v.subSat(u128{0, n})} }

// String returns the decimal form AWS uses for hash keys, e.g. "113427455640312821154458202477256070484".
func (k HashKey) String() string { return string(k.v.appendDecimal(nil)) }

// AppendText appends the decimal form of k to b.
func (k HashKey) AppendText(b []byte) ([]byte, error) { return k.v.appendDecimal(b), nil }

// MarshalText returns the decimal form of k.
func (k HashKey) MarshalText() ([]byte, error) { return k.v.appendDecimal(nil), nil }

// UnmarshalText parses a decimal hash key as [ParseHashKey] does.
func (k *HashKey) UnmarshalText(b []byte) error {
	v, err := ParseHashKey(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Errors of [ParseHashKey].
var (
	// ErrMalformedHashKey: the text is not a canonical decimal of at most 39 digits (AWS's pattern 0|([1-9]\d{0,38})).
	ErrMalformedHashKey = errors.New("record: hash key is not a decimal integer of at most 39 digits")
	// ErrHashKeyOutOfRange: the decimal is well formed but above 2^128−1.
	ErrHashKeyOutOfRange = errors.New("record: hash key is outside the range [0, 2^128-1]")
)

// ParseHashKey parses an ExplicitHashKey or a StartingHashKey/EndingHashKey: a decimal integer in 0 … 2^128−1,
// without sign, spaces or leading zeros. It returns [ErrMalformedHashKey] or [ErrHashKeyOutOfRange].
func ParseHashKey(s string) (HashKey, error) {
	v, malformed, overflow := parseDecimal(s, 39)
	switch {
	case malformed:
		return HashKey{}, ErrMalformedHashKey
	case overflow:
		return HashKey{}, ErrHashKeyOutOfRange
	}
	return HashKey{v}, nil
}

// HashKeyRange is the closed range [StartingHashKey, EndingHashKey] of hash keys a shard owns (the SDK's
// types.HashKeyRange, as values).
type HashKeyRange struct {
	StartingHashKey HashKey
	EndingHashKey   HashKey
}

// Contains reports whether k lies in r.
func (r HashKeyRange) Contains(k HashKey) bool {
	return r.StartingHashKey.v.cmp(k.v) <= 0 && k.v.cmp(r.EndingHashKey.v) <= 0
}

// Route returns the index of the range that holds k among ranges sorted by StartingHashKey that do not overlap:
// the open shards of a stream, or a shard map read with ListShards. ok is false when no range holds k (a gap, or
// no ranges). It is the one routing rule of kinesim: the stream, the heat reports and the producer library route
// with it.
func Route(ranges []HashKeyRange, k HashKey) (i int, ok bool) {
	lo, hi := 0, len(ranges) // the first range starting after k is at lo
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ranges[m].StartingHashKey.v.cmp(k.v) <= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 || ranges[lo-1].EndingHashKey.v.cmp(k.v) < 0 {
		return 0, false
	}
	return lo - 1, true
}

// SplitEvenly returns n contiguous ranges covering 0 … 2^128−1 as AWS lays out a new stream of n shards: each
// floor(2^128/n) wide, the last one ending at 2^128−1. It returns nil for n < 1.
func SplitEvenly(n int) []HashKeyRange {
	if n < 1 {
		return nil
	}
	// width = floor(2^128 / n) computed as floor((2^128−1)/n), corrected when n divides 2^128.
	width, rem := maxU128.div64(uint64(n))
	if rem == uint64(n)-1 { // (2^128−1) mod n == n−1  ⇔  n divides 2^128
		width = width.addSat(u128{0, 1})
	}
	out := make([]HashKeyRange, n)
	start := u128{}
	for i := range out {
		end := maxU128
		if i < n-1 {
			end = start.addSat(width).subSat(u128{0, 1})
		}
		out[i] = HashKeyRange{StartingHashKey: HashKey{start}, EndingHashKey: HashKey{end}}
		start = end.addSat(u128{0, 1})
	}
	return out
}

// Midpoint returns the first hash key of the upper half of r: Start + (End−Start)/2 + 1, the key that splits r into
// two halves of equal size (the lower one a key smaller when r holds an odd number of keys). For a range of one
// key it returns End.
func (r HashKeyRange) Midpoint() HashKey {
	if r.StartingHashKey == r.EndingHashKey {
		return r.EndingHashKey
	}
	half := r.EndingHashKey.v.subSat(r.StartingHashKey.v).shr1()
	return HashKey{r.StartingHashKey.v.addSat(half).addSat(u128{0, 1})}
}
