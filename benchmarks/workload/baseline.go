package workload

import (
	"context"
	"crypto/md5"
	"encoding/binary"
	"sort"
	"sync"

	"github.com/kinesim/kinesim/stream"
)

// Store is the plain-Go baseline: the strongest simple stand-in for a Kinesis stream that a Go user would write by
// hand, without kinesim's arenas, caches or sequence numbers.
//
//   - Routing: MD5 of the partition key (crypto/md5), read as a 128-bit big-endian number, looked up by binary
//     search in the shards' hash-key ranges — exactly what Kinesis does, once per record.
//   - Writes in batches: PutBatch groups a batch's records by shard and takes each shard's mutex once for all of
//     its records (as kinesim's PutRecords takes each shard's lock once).
//   - Copies as a careful user would: each shard's records of a batch are copied into one new buffer (one
//     allocation per shard per batch, not per record), and the shard keeps sub-slices of it in a [][]byte.
//   - One wake-up per batch: a shard's readers wait on a channel that the put closes (and replaces) after it has
//     appended the batch's records — one close per shard per batch, not a broadcast per record.
//
// It keeps only payloads: no keys, sequence numbers, arrival times, retention or limits. A Store is safe for
// concurrent use.
type Store struct {
	starts [][2]uint64 // each shard's first hash key, as (high, low) 64-bit halves, ascending
	shards []*storeShard
	pool   sync.Pool // *storeScratch
}

type storeShard struct {
	mu   sync.Mutex
	recs [][]byte
	wake chan struct{} // closed (and replaced) after each batch appended; readers wait on it
}

// storeScratch is a put's working memory: the shard of each record, and the records grouped by shard.
type storeScratch struct {
	shard []int
	byIdx [][]int
}

// NewStore returns a store of n shards whose hash-key ranges are floor(2^128/n) wide, the last one ending at
// 2^128−1 (the ranges of a new Kinesis stream).
func NewStore(n int) *Store {
	st := &Store{shards: make([]*storeShard, n)}
	for i, r := range hashRanges(n) {
		st.starts = append(st.starts, [2]uint64{binary.BigEndian.Uint64(r.start[:8]), binary.BigEndian.Uint64(r.start[8:])})
		st.shards[i] = &storeShard{wake: make(chan struct{})}
	}
	st.pool.New = func() any { return &storeScratch{byIdx: make([][]int, n)} }
	return st
}

// route returns the shard whose hash-key range holds MD5 of key.
func (st *Store) route(key string) int {
	h := md5.Sum([]byte(key))
	hi, lo := binary.BigEndian.Uint64(h[:8]), binary.BigEndian.Uint64(h[8:])
	// The last range whose start is at or below the hash.
	return sort.Search(len(st.starts), func(i int) bool {
		s := st.starts[i]
		return s[0] > hi || s[0] == hi && s[1] > lo
	}) - 1
}

// PutBatch appends copies of the records' payloads to the shards their keys route to, each shard's records in
// batch order, and wakes each shard's readers once.
func (st *Store) PutBatch(batch []stream.PutRecordsEntry) {
	sc := st.pool.Get().(*storeScratch)
	defer st.pool.Put(sc)
	sc.shard = sc.shard[:0]
	for i := range batch {
		sc.shard = append(sc.shard, st.route(batch[i].PartitionKey))
	}
	for s := range sc.byIdx {
		sc.byIdx[s] = sc.byIdx[s][:0]
	}
	for i, s := range sc.shard {
		sc.byIdx[s] = append(sc.byIdx[s], i)
	}
	for s, idx := range sc.byIdx {
		if len(idx) == 0 {
			continue
		}
		size := 0
		for _, i := range idx {
			size += len(batch[i].Data)
		}
		buf := make([]byte, 0, size)
		sh := st.shards[s]
		sh.mu.Lock()
		for _, i := range idx {
			off := len(buf)
			buf = append(buf, batch[i].Data...)
			sh.recs = append(sh.recs, buf[off:len(buf):len(buf)])
		}
		close(sh.wake)
		sh.wake = make(chan struct{})
		sh.mu.Unlock()
	}
}

// Put appends a copy of data to the shard that key routes to (a batch of one).
func (st *Store) Put(key string, data []byte) {
	st.PutBatch([]stream.PutRecordsEntry{{PartitionKey: key, Data: data}})
}

// Read calls fn with every payload of shard, from the first, in order, waiting for new ones, until fn returns false
// (Read returns nil) or ctx is done (Read returns ctx.Err()). fn must not change the payload.
func (st *Store) Read(ctx context.Context, shard int, fn func(data []byte) bool) error {
	sh := st.shards[shard]
	pos := 0
	for {
		sh.mu.Lock()
		tail, wake := sh.recs[pos:], sh.wake
		sh.mu.Unlock()
		if len(tail) == 0 {
			select {
			case <-wake:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		pos += len(tail)
		for _, data := range tail {
			if !fn(data) {
				return nil
			}
		}
	}
}

type baselineSystem struct{ st *Store }

func openBaseline(_ context.Context, shards int) (system, error) {
	return baselineSystem{NewStore(shards)}, nil
}

func (baselineSystem) name() string { return Baseline }

func (b baselineSystem) put(_ context.Context, batch []stream.PutRecordsEntry) error {
	b.st.PutBatch(batch)
	return nil
}

func (b baselineSystem) read(ctx context.Context, shard int, see func([]byte) bool) error {
	return b.st.Read(ctx, shard, see)
}

func (baselineSystem) close() {}
