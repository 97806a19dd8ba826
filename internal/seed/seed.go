// Package seed draws the seed of an account or a service that was given none. Everything a kinesim service makes
// up — token keys, stream incarnations — derives from its seed, so a seeded service is deterministic; an unseeded
// one draws its seed here, once.
package seed

import (
	"crypto/rand"
	"encoding/binary"
)

// Random returns a seed drawn from crypto/rand.
func Random() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand.Read panics rather than return an error)
	return binary.LittleEndian.Uint64(b[:])
}
