package stream

import (
	"encoding/binary"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/kinesim/kinesim/record"
)

// hashCache memoises record.HashKeyOf (MD5, the most expensive step of a put) for the partition keys a stream
// sees again and again. It is a fixed-size, 4-way set-associative table indexed by xxhash of the key, holding keys
// of up to 24 bytes; longer keys are hashed every time. Entries are seqlocked words read and written atomically, so
// lookups take no lock, writers never block, and a torn read is detected and treated as a miss. The table never
// grows and allocates nothing after it is made. Safe for concurrent use.
type hashCache struct {
	sets []cacheSet
	mask uint64
}

const (
	cacheSets      = 8192 // × 4 ways = 32,768 keys, 1.8 MiB
	cacheWays      = 4
	cacheMaxKey    = 24
	cacheAfterPuts = 4096 // an engine gets a cache once its streams have taken this many records
)

// A set keeps the tags of its ways together, so a lookup reads one cache line to find the way that may hold a key.
type cacheSet struct {
	next atomic.Uint32            // FIFO replacement cursor
	meta [cacheWays]atomic.Uint64 // xxhash with the low byte replaced by len(key)+1 (0 = empty); written under seq
	ways [cacheWays]cacheEntry
}

type cacheEntry struct {
	seq atomic.Uint64 // even: stable; odd: being written
	key [3]atomic.Uint64
	hk  [2]atomic.Uint64
}

func newHashCache() *hashCache {
	return &hashCache{sets: make([]cacheSet, cacheSets), mask: cacheSets - 1}
}

// hashKey returns record.HashKeyOf(key), from the cache when it can.
func (c *hashCache) hashKey(key string) record.HashKey {
	if len(key) > cacheMaxKey {
		return record.HashKeyOf(key)
	}
	h := xxhash.Sum64String(key)
	meta := h&^0xff | uint64(len(key)+1)
	var buf [cacheMaxKey]byte
	copy(buf[:], key)
	k0, k1, k2 := binary.LittleEndian.Uint64(buf[0:]), binary.LittleEndian.Uint64(buf[8:]), binary.LittleEndian.Uint64(buf[16:])
	set := &c.sets[(h>>8)&c.mask]
	for i := range set.meta {
		if set.meta[i].Load() != meta {
			continue
		}
		e := &set.ways[i]
		s1 := e.seq.Load()
		if s1&1 != 0 || e.key[0].Load() != k0 || e.key[1].Load() != k1 || e.key[2].Load() != k2 {
			continue
		}
		hi, lo := e.hk[0].Load(), e.hk[1].Load()
		if e.seq.Load() == s1 && set.meta[i].Load() == meta {
			return record.HashKeyFromUint64s(hi, lo)
		}
	}
	hk := record.HashKeyOf(key)
	w := set.next.Add(1) % cacheWays
	e := &set.ways[w]
	if s := e.seq.Load(); s&1 == 0 && e.seq.CompareAndSwap(s, s+1) {
		hi, lo := hk.Uint64s()
		set.meta[w].Store(meta)
		e.key[0].Store(k0)
		e.key[1].Store(k1)
		e.key[2].Store(k2)
		e.hk[0].Store(hi)
		e.hk[1].Store(lo)
		e.seq.Store(s + 2)
	}
	return hk
}
