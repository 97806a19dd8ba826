package workload

import (
	"context"
	"crypto/md5"
	"sync"

	"github.com/kinesim/kinesim/stream"
)

// Store is the plain-Go baseline: the obvious hand-written stand-in for a Kinesis stream, "MD5 + a mutex-guarded
// slice of []byte per shard". A put hashes the partition key with MD5, finds the shard whose hash-key range holds
// the hash, and appends a copy of the payload to that shard's slice under its mutex, then wakes the shard's readers.
// It keeps only payloads: no keys, sequence numbers or arrival times. A Store is safe for concurrent use.
type Store struct {
	ranges []hashRange
	shards []*storeShard
}

type storeShard struct {
	mu   sync.Mutex
	cond sync.Cond // on mu: broadcast after every append
	recs [][]byte
}

// NewStore returns a store of n shards whose hash-key ranges are floor(2^128/n) wide, the last one ending at
// 2^128−1 (the ranges of a new Kinesis stream).
func NewStore(n int) *Store {
	st := &Store{ranges: hashRanges(n), shards: make([]*storeShard, n)}
	for i := range st.shards {
		sh := &storeShard{}
		sh.cond.L = &sh.mu
		st.shards[i] = sh
	}
	return st
}

// Put appends a copy of data to the shard that key routes to.
func (st *Store) Put(key string, data []byte) {
	sh := st.shards[shardOf(st.ranges, md5.Sum([]byte(key)))]
	sh.mu.Lock()
	sh.recs = append(sh.recs, append([]byte(nil), data...))
	sh.mu.Unlock()
	sh.cond.Broadcast()
}

// Read calls fn with every payload of shard, from the first, in order, waiting for new ones, until fn returns false
// (Read returns nil) or ctx is done (Read returns ctx.Err()). fn must not change the payload.
func (st *Store) Read(ctx context.Context, shard int, fn func(data []byte) bool) error {
	sh := st.shards[shard]
	defer context.AfterFunc(ctx, func() {
		sh.mu.Lock()
		sh.cond.Broadcast()
		sh.mu.Unlock()
	})()
	pos := 0
	for {
		sh.mu.Lock()
		for len(sh.recs) == pos && ctx.Err() == nil {
			sh.cond.Wait()
		}
		tail := sh.recs[pos:]
		sh.mu.Unlock()
		if len(tail) == 0 {
			return ctx.Err()
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

func openBaseline(context.Context) (system, error) { return baselineSystem{NewStore(Shards)}, nil }

func (baselineSystem) name() string { return Baseline }

func (b baselineSystem) put(_ context.Context, batch []stream.PutRecordsEntry) error {
	for i := range batch {
		b.st.Put(batch[i].PartitionKey, batch[i].Data)
	}
	return nil
}

func (b baselineSystem) read(ctx context.Context, shard int, see func([]byte) bool) error {
	return b.st.Read(ctx, shard, see)
}

func (baselineSystem) close() {}
