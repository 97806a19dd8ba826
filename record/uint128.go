package record

import (
	"math/bits"
)

// u128 is an unsigned 128-bit integer, the representation shared by hash keys and sequence numbers. Every piece
// of 128-bit arithmetic in this package is one of its methods, all built on math/bits.
type u128 struct{ hi, lo uint64 }

// maxU128 is 2^128−1.
var maxU128 = u128{^uint64(0), ^uint64(0)}

// add returns a+b and whether it overflowed 128 bits.
func (a u128) add(b u128) (u128, bool) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}, c != 0
}

// sub returns a−b and whether it went below zero.
func (a u128) sub(b u128) (u128, bool) {
	lo, c := bits.Sub64(a.lo, b.lo, 0)
	hi, c := bits.Sub64(a.hi, b.hi, c)
	return u128{hi, lo}, c != 0
}

// addSat returns a+b, or 2^128−1 if that overflows.
func (a u128) addSat(b u128) u128 {
	if s, over := a.add(b); !over {
		return s
	}
	return maxU128
}

// subSat returns a−b, or 0 if b > a.
func (a u128) subSat(b u128) u128 {
	if d, under := a.sub(b); !under {
		return d
	}
	return u128{}
}

// shr1 returns a/2.
func (a u128) shr1() u128 { return u128{a.hi >> 1, a.lo>>1 | a.hi<<63} }

// div64 returns a/d and a mod d, for d > 0.
func (a u128) div64(d uint64) (q u128, r uint64) {
	q.hi, r = a.hi/d, a.hi%d
	q.lo, r = bits.Div64(r, a.lo, d)
	return q, r
}

// mulAdd64 returns a·m + d and whether it overflowed 128 bits.
func (a u128) mulAdd64(m, d uint64) (u128, bool) {
	hiHi, hiLo := bits.Mul64(a.hi, m)
	loHi, loLo := bits.Mul64(a.lo, m)
	hi, c := bits.Add64(hiLo, loHi, 0)
	if hiHi != 0 || c != 0 {
		return u128{}, true
	}
	return u128{hi, loLo}.add(u128{0, d})
}

func (a u128) cmp(b u128) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

const pow19 = 10_000_000_000_000_000_000 // 10^19, the largest power of ten in a uint64

// appendDecimal appends the decimal form of a, with no leading zeros, without allocating beyond dst's growth.
func (a u128) appendDecimal(dst []byte) []byte {
	if a.hi == 0 {
		return appendUint(dst, a.lo)
	}
	// Split into base-10^19 chunks: a = c2·10^38 + c1·10^19 + c0.
	var chunks [3]uint64
	n := 0
	for a != (u128{}) {
		a, chunks[n] = a.div64(pow19)
		n++
	}
	dst = appendUint(dst, chunks[n-1])
	for i := n - 2; i >= 0; i-- {
		dst = appendPadded19(dst, chunks[i])
	}
	return dst
}

func appendUint(dst []byte, v uint64) []byte {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

func appendPadded19(dst []byte, v uint64) []byte {
	var buf [19]byte
	for i := len(buf) - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, buf[:]...)
}

// parseDecimal parses a canonical decimal string: "0", or a non-zero digit followed by digits, at most maxDigits
// long. It reports malformed=true for anything else, and overflow=true for a well-formed value above 2^128−1.
func parseDecimal(s string, maxDigits int) (v u128, malformed, overflow bool) {
	if len(s) == 0 || len(s) > maxDigits || (s[0] == '0' && len(s) > 1) {
		return u128{}, true, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return u128{}, true, false
		}
		if overflow {
			continue
		}
		if v, overflow = v.mulAdd64(10, uint64(c-'0')); overflow {
			v = u128{}
		}
	}
	if overflow {
		return u128{}, false, true
	}
	return v, false, false
}
