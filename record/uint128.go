package record

import (
	"math/bits"
)

// u128 is an unsigned 128-bit integer, the representation shared by hash keys and sequence numbers.
type u128 struct{ hi, lo uint64 }

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
	for a.hi != 0 || a.lo != 0 {
		qhi, rhi := a.hi/pow19, a.hi%pow19
		qlo, r := bits.Div64(rhi, a.lo, pow19)
		chunks[n] = r
		n++
		a = u128{qhi, qlo}
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
		// v = v*10 + d
		hiHi, hiLo := bits.Mul64(v.hi, 10)
		loHi, loLo := bits.Mul64(v.lo, 10)
		hi, carry := bits.Add64(hiLo, loHi, 0)
		if hiHi != 0 || carry != 0 {
			overflow = true
			continue
		}
		lo, c2 := bits.Add64(loLo, uint64(c-'0'), 0)
		hi, c3 := bits.Add64(hi, 0, c2)
		if c3 != 0 {
			overflow = true
			continue
		}
		v = u128{hi, lo}
	}
	if overflow {
		return u128{}, false, true
	}
	return v, false, false
}

func bitsDiv(hi, lo, d uint64) (q, r uint64) { return bits.Div64(hi, lo, d) }

func addU128(a, b u128) HashKey {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c2 := bits.Add64(a.hi, b.hi, c)
	if c2 != 0 {
		return MaxHashKey
	}
	return HashKey{u128{hi, lo}}
}
