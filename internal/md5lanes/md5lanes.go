package md5lanes

import (
	"crypto/md5"
	"encoding/binary"
)

// MaxLen is the longest message that fits one MD5 block (64 bytes, less the 0x80 marker and the 8-byte length).
const MaxLen = 55

// Lanes is how many messages are hashed together when the CPU allows it (1 when it does not).
func Lanes() int {
	if hasLanes {
		return groupSize
	}
	return 1
}

// Sums sets sums[i] to the MD5 digest of msgs[i], for every i < len(msgs). It panics if sums is shorter than msgs.
func Sums(msgs []string, sums [][md5.Size]byte) {
	_ = sums[:len(msgs)]
	if !hasLanes {
		for i, m := range msgs {
			sums[i] = sum1(m)
		}
		return
	}
	var g group
	for i, m := range msgs {
		if len(m) > MaxLen {
			sums[i] = sum1(m)
			continue
		}
		g.add(m, int32(i))
		if g.n == groupSize {
			g.run(sums)
		}
	}
	if g.n > 0 {
		g.run(sums)
	}
}

// sum1 is crypto/md5 of one message, without allocating for a short one.
func sum1(m string) [md5.Size]byte {
	if len(m) <= 64 {
		var buf [64]byte
		n := copy(buf[:], m)
		return md5.Sum(buf[:n])
	}
	h := md5.New()
	_, _ = h.Write([]byte(m))
	var s [md5.Size]byte
	h.Sum(s[:0])
	return s
}

// groupSize is how many messages one call of block16 hashes: two groups of eight lanes.
const groupSize = 16

// group collects up to groupSize one-block messages, padded as MD5 pads them.
type group struct {
	n      int
	idx    [groupSize]int32      // the index of each lane's message in msgs
	blocks [groupSize][64]byte   // lane l's padded block
	words  [16][groupSize]uint32 // the blocks transposed: word k of lane l at [k][l] (scratch of block16)
	state  [4][groupSize]uint32  // the digests' words a, b, c, d per lane
}

func (g *group) add(m string, i int32) {
	b := &g.blocks[g.n]
	*b = [64]byte{}
	copy(b[:], m)
	b[len(m)] = 0x80
	binary.LittleEndian.PutUint64(b[56:], uint64(len(m))<<3)
	g.idx[g.n] = i
	g.n++
}

// run hashes the group's messages into sums and empties the group. Unused lanes hash stale blocks, harmlessly.
func (g *group) run(sums [][md5.Size]byte) {
	block16(&g.state, &g.blocks, &g.words)
	for l := range g.n {
		s := &sums[g.idx[l]]
		for w := range 4 {
			binary.LittleEndian.PutUint32(s[4*w:], g.state[w][l])
		}
	}
	g.n = 0
}
