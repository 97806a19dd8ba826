package stream

import (
	"crypto/md5"
	"encoding/binary"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/kinesim/kinesim/internal/md5lanes"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/shard"
)

// Routing hashes. Every record without an explicit hash key is routed by MD5 of its partition key, the most
// expensive step of a put. Two things make it cheaper without changing a single result:
//
//   - A PutRecords batch hashes its keys in lanes (package md5lanes: eight keys at once with AVX2), which costs a
//     fraction of hashing them one by one.
//   - A hash cache memoises MD5 for the keys an engine sees again and again. It serves single puts (and batches
//     on machines without lanes). It watches its own hit rate and steps aside — hashing directly, without looking
//     up or inserting — while the rate is too low to pay for the lookups, so a key space larger than the cache
//     costs almost nothing more than no cache; and it is dropped when a stream's records have all expired, so that
//     an engine holding no records holds no cache either.
//
// The shard's log needs a hash of each key too (to keep one copy of a recurring key): bits of the MD5 are handed
// down to it ([shard.Log.AppendHashed]), so that a key is hashed once per put.

// hashCache memoises record.HashKeyOf for partition keys of up to 24 bytes. It is a fixed-size, 4-way
// set-associative table indexed by xxhash of the key. Entries are seqlocked words read and written atomically, so
// lookups take no lock, writers never block, and a torn read is detected and treated as a miss. The table never
// grows and allocates nothing after it is made. Safe for concurrent use.
type hashCache struct {
	sets []cacheSet
	mask uint64

	// The hit-rate watch: lookups and hits of the current window; while aside > 0 the cache is bypassed for that
	// many more keys.
	lookups atomic.Int64
	hits    atomic.Int64
	aside   atomic.Int64
}

const (
	cacheSets      = 8192 // × 4 ways = 32,768 keys, 1.8 MiB
	cacheWays      = 4
	cacheMaxKey    = 24
	cacheAfterPuts = 4096 // an engine gets a cache once its streams have taken this many records

	// A hit costs a lookup (tens of ns, mostly a cache-line miss); a miss costs the lookup, MD5 (~130–190 ns) and an
	// insert: below about 40 % of hits the cache costs more than it saves. A window of 2·cacheWindow lookups first
	// fills the cache (a key space it can hold shows its hits only once every key has been seen), then counts the
	// hits of its second half.
	cacheWindow     = cacheSets * cacheWays // the cache's capacity: lookups per half window
	cacheMinHits    = cacheWindow / 2
	cacheAsideFor   = 16 * 2 * cacheWindow // keys hashed directly after a window below cacheMinHits, before the next trial window
	batchLaneMinLen = 4                    // batches with at least this many keys to hash use md5lanes when it has lanes
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
	if c.aside.Load() > 0 {
		if c.aside.Add(-1) == 0 { // the next lookups are a trial window
			c.lookups.Store(0)
			c.hits.Store(0)
		}
		return record.HashKeyOf(key)
	}
	hk, hit := c.lookup(key, xxhash.Sum64String(key))
	c.note(hit)
	return hk
}

// note counts a lookup in the current window and steps the cache aside at the end of a window with too few hits
// in its second half.
func (c *hashCache) note(hit bool) {
	n := c.lookups.Add(1)
	if hit && n > cacheWindow {
		c.hits.Add(1)
	}
	if n != 2*cacheWindow {
		return
	}
	hits := c.hits.Swap(0)
	c.lookups.Store(0)
	if hits < cacheMinHits {
		c.aside.Store(cacheAsideFor)
	}
}

// lookup returns the hash key of key (whose xxhash is h), from the table or computed and inserted.
func (c *hashCache) lookup(key string, h uint64) (record.HashKey, bool) {
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
			return record.HashKeyFromUint64s(hi, lo), true
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
	return hk, false
}

// routeOne returns the hash key of one partition key: through the engine's cache if it has one.
func (e *Engine) routeOne(key string) record.HashKey {
	if c := e.hashes.Load(); c != nil {
		return c.hashKey(key)
	}
	return record.HashKeyOf(key)
}

// routeMany sets hks[i] to the hash key of keys[i] for every i, using lanes for a batch when the machine has them
// and the cache otherwise. sums is scratch of at least len(keys) digests.
func (e *Engine) routeMany(keys []string, hks []record.HashKey, sums [][md5.Size]byte) {
	if md5lanes.Lanes() > 1 && len(keys) >= batchLaneMinLen {
		md5lanes.Sums(keys, sums)
		for i := range keys {
			hks[i] = record.HashKeyFromBytes(sums[i])
		}
		return
	}
	for i, k := range keys {
		hks[i] = e.routeOne(k)
	}
}

// appendEntry appends entry r, routed by hk and arriving at ms (shard.UnixMilli of the put's time), to a shard's
// log. A key routed by its MD5 hands bits of that hash down to the log, which needs a hash of the key too: each
// key is hashed once per put.
func appendEntry(l *shard.Log, ms int64, r *PutRecordsEntry, hk record.HashKey) (uint64, error) {
	var h uint32
	if r.ExplicitHashKey == "" {
		_, lo := hk.Uint64s()
		h = uint32(lo)
	} else {
		h = uint32(xxhash.Sum64String(r.PartitionKey)) // as shard.Log.Append hashes it
	}
	return l.AppendAt(ms, r.Data, r.PartitionKey, h)
}

// dropHashCache releases the engine's hash cache (a stream's records have all expired): the engine makes a new one
// once it is busy again.
func (e *Engine) dropHashCache() {
	if e.hashes.Swap(nil) != nil {
		e.puts.Store(0)
	}
}
