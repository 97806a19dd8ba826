package shard

import (
	"unsafe"
)

// keyDict interns the partition keys of a run of consecutive segments (a generation), so a key that recurs is
// stored once and each record refers to it by a small id. Key bytes live in fixed-size chunks that never move or
// change once written, so the strings handed to readers alias them safely. The hash index exists only while the
// generation is being appended to; a sealed generation keeps just the keys.
//
// The index steps aside in a generation whose keys rarely recur (a UUID per record): after dictTrial lookups that
// found fewer than a quarter of their keys, the generation stops indexing and stores each key it is given anew,
// which costs less than looking up keys that are never there.
type keyDict struct {
	chunks [][]byte // key bytes; each chunk has capacity keyChunkSize
	keys   []keyRef
	hashes []uint32 // the hash each key was interned with, while indexed (for growing the table)
	table  []uint64 // open addressing: hash<<32 | id+1; 0 = empty. nil once sealed or unindexed.
	segs   int      // segments that refer to this generation

	probes, found int  // lookups in the index, and those that found their key
	unindexed     bool // the index stepped aside: keys are stored without lookup
}

type keyRef struct {
	chunk uint32
	off   uint16
	n     uint16
}

const (
	keyChunkSize     = 64 << 10
	maxKeyBytes      = 4 * 256 // a 256-character key is at most 1,024 UTF-8 bytes
	maxDictKeys      = 1 << 16 // keeps ids within three varint bytes
	maxDictSegments  = 64      // a generation spans at most this many segments, so retention can free it
	initialDictSlots = 256
	dictTrial        = 2048 // lookups before the index may step aside
)

// full reports whether the generation should be sealed before the next segment starts.
func (d *keyDict) full() bool { return len(d.keys) >= maxDictKeys || d.segs >= maxDictSegments }

// key returns the key with the given id, aliasing the dictionary's bytes.
func (d *keyDict) key(id uint32) string {
	r := d.keys[id]
	if r.n == 0 {
		return ""
	}
	c := d.chunks[r.chunk]
	return unsafe.String(&c[r.off], int(r.n))
}

// intern returns the id of key, whose hash is h (any hash of the key: equal keys interned with equal hashes share
// one id), adding it if new. ok is false when the generation cannot take another key (the caller then starts a
// new generation). key must be at most maxKeyBytes long.
func (d *keyDict) intern(key string, h uint32) (id uint32, ok bool) {
	if d.unindexed {
		if len(d.keys) >= maxDictKeys {
			return 0, false
		}
		id = uint32(len(d.keys))
		d.keys = append(d.keys, d.store(key))
		return id, true
	}
	if d.table == nil {
		d.table = make([]uint64, initialDictSlots)
	}
	d.probes++
	mask := uint32(len(d.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := d.table[i]
		if e == 0 {
			break
		}
		if uint32(e>>32) == h {
			id := uint32(e) - 1
			if d.key(id) == key {
				d.found++
				return id, true
			}
		}
	}
	if len(d.keys) >= maxDictKeys {
		return 0, false
	}
	id = uint32(len(d.keys))
	d.keys = append(d.keys, d.store(key))
	if d.probes >= dictTrial && 4*d.found < d.probes {
		d.unindexed, d.table, d.hashes = true, nil, nil
		return id, true
	}
	d.hashes = append(d.hashes, h)
	if 2*len(d.keys) > len(d.table) {
		d.grow()
	} else {
		d.insert(h, id)
	}
	return id, true
}

func (d *keyDict) store(key string) keyRef {
	if len(key) == 0 {
		return keyRef{}
	}
	n := len(d.chunks)
	if n == 0 || len(d.chunks[n-1])+len(key) > keyChunkSize {
		size := keyChunkSize
		if n == 0 {
			size = 4 << 10 // small streams stay small
		}
		d.chunks = append(d.chunks, make([]byte, 0, size))
		n++
	}
	c := d.chunks[n-1]
	if len(c)+len(key) > cap(c) { // the first chunk is smaller; replace it by a full-size one
		d.chunks = append(d.chunks, make([]byte, 0, keyChunkSize))
		n++
		c = d.chunks[n-1]
	}
	off := len(c)
	d.chunks[n-1] = append(c, key...)
	return keyRef{chunk: uint32(n - 1), off: uint16(off), n: uint16(len(key))}
}

func (d *keyDict) insert(h, id uint32) {
	mask := uint32(len(d.table) - 1)
	i := h & mask
	for d.table[i] != 0 {
		i = (i + 1) & mask
	}
	d.table[i] = uint64(h)<<32 | uint64(id+1)
}

func (d *keyDict) grow() {
	d.table = make([]uint64, 2*len(d.table))
	for id, h := range d.hashes {
		d.insert(h, uint32(id))
	}
}

// seal drops the hash index; the generation can still be read but no longer appended to.
func (d *keyDict) seal() { d.table, d.hashes = nil, nil }
