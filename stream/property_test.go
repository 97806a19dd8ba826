package stream_test

// The resharding property test of issue 3: under random schedules of PutRecord / PutRecords by concurrent
// producers and SplitShard / MergeShards / UpdateShardCount by the main goroutine, a reader that drains parents
// before children reads every acknowledged record exactly once, and the records of each partition key in the order
// they were put. Two readers check it: a blocking reader (Engine.Records) that follows the shards while the
// producers and the resharding run, and a GetRecords reader that follows ChildShards afterwards.

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

func TestReshardingPropertyEveryAckedRecordReadOnceInKeyOrder(t *testing.T) {
	for seed := range uint64(16) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) { rsProperty(t, seed) })
	}
}

// rsAck is an acknowledged record: what the put returned for it.
type rsAck struct {
	id    string // the record's data: unique
	shard string
	seq   record.SequenceNumber
}

// rsLedger is what the producers had acknowledged, per partition key in put order.
type rsLedger struct {
	mu    sync.Mutex
	byKey map[string][]rsAck
	n     atomic.Int64
}

func (l *rsLedger) add(key string, a rsAck) {
	l.mu.Lock()
	l.byKey[key] = append(l.byKey[key], a)
	l.mu.Unlock()
	l.n.Add(1)
}

// rsReadLog is what a reader read, per partition key in read order.
type rsReadLog struct {
	mu    sync.Mutex
	byKey map[string][]record.Record
	ids   map[string]bool
	n     atomic.Int64 // distinct ids read
}

func rsNewReadLog() *rsReadLog {
	return &rsReadLog{byKey: map[string][]record.Record{}, ids: map[string]bool{}}
}

func (l *rsReadLog) add(rec record.Record) {
	rec.Data = slices.Clone(rec.Data)
	l.mu.Lock()
	l.byKey[rec.PartitionKey] = append(l.byKey[rec.PartitionKey], rec)
	if !l.ids[string(rec.Data)] {
		l.ids[string(rec.Data)] = true
		l.n.Add(1)
	}
	l.mu.Unlock()
}

func rsProperty(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	// Odd seeds reshard with an update delay: each change waits 30 s, with the stream UPDATING, before it applies.
	delay := time.Duration(seed%2) * 30 * time.Second
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false), stream.WithSeed(seed), stream.WithStatusDelays(0, 0, delay))
	r.create("p", 1+rng.IntN(4))
	ledger := &rsLedger{byKey: map[string][]rsAck{}}

	// The blocking reader follows the stream from the start, concurrently with everything else.
	readCtx, stopReading := context.WithCancel(r.ctx)
	defer stopReading()
	blocking := rsNewReadLog()
	follower := rsFollow(t, r, readCtx, blocking)

	// Producers: each owns its keys and puts sequentially, remembering every acknowledged record.
	producers := 3 + rng.IntN(2)
	const perProducer = 2000 // a bound; the producers put until the resharding is over
	var stop atomic.Bool
	var finished atomic.Int32
	var allowance atomic.Int64 // the producers put while fewer records than this are acknowledged
	allowance.Store(rsBetweenReshards)
	var wg sync.WaitGroup
	for p := range producers {
		prng := rand.New(rand.NewPCG(seed, uint64(p)+1))
		wg.Go(func() {
			defer finished.Add(1)
			keys := make([]string, 3+prng.IntN(6))
			for i := range keys {
				keys[i] = fmt.Sprintf("p%d-key%d", p, i)
			}
			n := 0
			for n < perProducer && !stop.Load() {
				if ledger.n.Load() >= allowance.Load() {
					runtime.Gosched() // wait for the next reshard
					continue
				}
				if prng.IntN(3) == 0 {
					key := keys[prng.IntN(len(keys))]
					id := fmt.Sprintf("p%d-%d", p, n)
					n++
					out, err := r.e.PutRecord(r.ctx, stream.PutRecordInput{StreamRef: ref("p"), PartitionKey: key, Data: []byte(id)})
					if err != nil {
						t.Errorf("producer %d: PutRecord: %v", p, err)
						return
					}
					ledger.add(key, rsAck{id, out.ShardId, out.SequenceNumber})
					continue
				}
				entries := make([]stream.PutRecordsEntry, 1+prng.IntN(20))
				for i := range entries {
					entries[i] = stream.PutRecordsEntry{PartitionKey: keys[prng.IntN(len(keys))], Data: fmt.Appendf(nil, "p%d-%d", p, n)}
					n++
				}
				out, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("p"), Records: entries})
				if err != nil {
					t.Errorf("producer %d: PutRecords: %v", p, err)
					return
				}
				for i, res := range out.Records {
					if res.ErrorCode == "" {
						ledger.add(entries[i].PartitionKey, rsAck{string(entries[i].Data), res.ShardId, res.SequenceNumber})
					}
				}
			}
		})
	}

	// The main goroutine reshards at random, letting the producers put some records before, during (when the
	// change waits for the update delay, as UPDATING) and after each change.
	ops := 12 + rng.IntN(12)
	counts := map[string]int{}
	done := func() bool { return finished.Load() == int32(producers) }
	rsWaitProgress(ledger, allowance.Load(), done)
	for range ops {
		op := rsReshardAtRandom(t, r, rng)
		counts[op]++
		allowance.Add(rsBetweenReshards)
		rsWaitProgress(ledger, allowance.Load(), done)
		r.clk.Advance(delay + time.Duration(rng.IntN(120))*time.Second)
	}
	stop.Store(true)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	total := ledger.n.Load()
	t.Logf("update delay %v, %d producers, %d acknowledged records, %d shards, reshards %v", delay, producers, total, len(r.Shards("p")), counts)

	// The blocking reader has caught up when it has read every acknowledged record; then it is stopped.
	watchdog := time.After(20 * time.Second) // not a sleep: only fires if the reader never catches up
	for blocking.n.Load() < total {
		select {
		case <-follower.progress:
		case <-watchdog:
			t.Fatalf("the blocking reader read %d of %d acknowledged records", blocking.n.Load(), total)
		}
	}
	stopReading()
	follower.wait()
	if t.Failed() {
		t.FailNow()
	}
	rsCheckReads(t, "blocking reader", ledger, blocking)

	// The polling reader drains the stream afterwards, parents before children, following ChildShards.
	polled := rsNewReadLog()
	visited := rsDrainInOrder(t, r, polled)
	rsCheckReads(t, "GetRecords reader", ledger, polled)
	all := r.Shards("p")
	if len(visited) != len(all) {
		t.Errorf("the GetRecords reader reached %d of %d shards by following ChildShards", len(visited), len(all))
	}
	rsCheckTiling(t, all)
}

// rsBetweenReshards is about how many records the producers put between two reshards.
const rsBetweenReshards = 60

// rsWaitProgress waits until the producers have acknowledged target records, or have all finished.
func rsWaitProgress(l *rsLedger, target int64, done func() bool) {
	for l.n.Load() < target && !done() {
		runtime.Gosched()
	}
}

// rsReshardAtRandom applies one random valid SplitShard, MergeShards or UpdateShardCount and returns its name.
func rsReshardAtRandom(t *testing.T, r *harness, rng *rand.Rand) string {
	t.Helper()
	const most = 12
	open := r.open("p")
	choice := rng.IntN(10)
	switch {
	case choice < 5 && len(open) < most, len(open) == 1:
		var wide []stream.Shard
		for _, s := range open {
			if new(big.Int).Sub(s.HashKeyRange.EndingHashKey.Big(), s.HashKeyRange.StartingHashKey.Big()).Cmp(big.NewInt(3)) >= 0 {
				wide = append(wide, s)
			}
		}
		s := wide[rng.IntN(len(wide))]
		// A key strictly inside by AWS's rule: start+2 … end−1.
		lo := new(big.Int).Add(s.HashKeyRange.StartingHashKey.Big(), big.NewInt(2))
		span := new(big.Int).Sub(s.HashKeyRange.EndingHashKey.Big(), lo) // ≥ 1
		key := new(big.Int).Add(lo, rsRandBig(rng, span))
		if err := r.split("p", s.ShardId, key.String()); err != nil {
			t.Fatalf("SplitShard(%s at %s): %v", s.ShardId, key, err)
		}
		return "split"
	case choice < 8:
		i := rng.IntN(len(open) - 1)
		a, b := open[i], open[i+1] // ShardToMerge is the lower one, as AWS requires
		rng.IntN(2)                // the draw that used to pick the order: keeps the seeded sequence
		if err := r.merge("p", a.ShardId, b.ShardId); err != nil {
			t.Fatalf("MergeShards(%s, %s): %v", a.ShardId, b.ShardId, err)
		}
		return "merge"
	default:
		cur := len(open)
		lo, hi := (cur+1)/2, min(2*cur, most)
		target := lo + rng.IntN(hi-lo+1)
		_, err := r.e.UpdateShardCount(r.ctx, stream.UpdateShardCountInput{StreamRef: ref("p"), TargetShardCount: target})
		switch {
		case errors.Is(err, apierr.LimitExceeded):
			return "updateShardCount refused"
		case err != nil:
			t.Fatalf("UpdateShardCount(%d → %d): %v", cur, target, err)
		}
		return "updateShardCount"
	}
}

// rsRandBig returns a uniform random integer in [0, n).
func rsRandBig(rng *rand.Rand, n *big.Int) *big.Int {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	v := new(big.Int).SetBytes(b[:])
	return v.Mod(v, n)
}

// rsFollower runs blocking reads of a stream's shards, each child once all of its parents are read to the end.
type rsFollower struct {
	progress chan struct{} // a signal: something was read
	wg       sync.WaitGroup
	mu       sync.Mutex
	started  map[string]bool
	drained  map[string]bool
}

func (f *rsFollower) wait() { f.wg.Wait() }

func rsFollow(t *testing.T, r *harness, ctx context.Context, log *rsReadLog) *rsFollower {
	f := &rsFollower{progress: make(chan struct{}, 1), started: map[string]bool{}, drained: map[string]bool{}}
	var startReady func()
	read := func(id string) {
		defer f.wg.Done()
		for rec, err := range r.e.Records(ctx, stream.ReadInput{StreamRef: ref("p"), ShardId: id, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
			if err != nil {
				if ctx.Err() == nil {
					t.Errorf("blocking read of %s: %v", id, err)
				}
				return
			}
			if rec.ShardId != id {
				t.Errorf("blocking read of %s yielded a record of %s", id, rec.ShardId)
			}
			log.add(rec)
			select {
			case f.progress <- struct{}{}:
			default:
			}
		}
		// The read ended by itself: the shard is closed and read to its end. Its children may be ready.
		f.mu.Lock()
		f.drained[id] = true
		f.mu.Unlock()
		startReady()
	}
	startReady = func() {
		var shards []stream.Shard
		in := stream.ListShardsInput{StreamRef: ref("p")}
		for {
			out, err := r.e.ListShards(context.Background(), in)
			if err != nil {
				t.Errorf("ListShards: %v", err)
				return
			}
			shards = append(shards, out.Shards...)
			if out.NextToken == "" {
				break
			}
			in = stream.ListShardsInput{NextToken: out.NextToken}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, s := range shards {
			if f.started[s.ShardId] {
				continue
			}
			ready := true
			for _, p := range []string{s.ParentShardId, s.AdjacentParentShardId} {
				if p != "" && !f.drained[p] {
					ready = false
				}
			}
			if ready {
				f.started[s.ShardId] = true
				f.wg.Add(1)
				go read(s.ShardId)
			}
		}
	}
	startReady()
	return f
}

// rsDrainInOrder reads every shard with GetRecords, starting from the shards without parents and going on to a
// child (from the ChildShards of the shard end) once all its parents have been read to the end. It returns the
// shards visited.
func rsDrainInOrder(t *testing.T, r *harness, log *rsReadLog) map[string]bool {
	t.Helper()
	visited, drained := map[string]bool{}, map[string]bool{}
	var queue []string
	for _, s := range r.Shards("p") {
		if s.ParentShardId == "" && s.AdjacentParentShardId == "" {
			queue = append(queue, s.ShardId)
			visited[s.ShardId] = true
		}
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		it := r.Iterator("p", id, stream.TrimHorizon, "", time.Time{})
		for step := 0; ; step++ {
			out, err := r.e.GetRecords(r.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: 1 + step%37})
			if err != nil {
				t.Fatalf("GetRecords(%s): %v", id, err)
			}
			if (out.NextShardIterator == "") != (len(out.ChildShards) > 0) {
				t.Fatalf("%s: NextShardIterator %q with %d ChildShards", id, out.NextShardIterator, len(out.ChildShards))
			}
			for _, rec := range out.Records {
				log.add(rec)
			}
			if out.NextShardIterator == "" {
				drained[id] = true
				for _, c := range out.ChildShards {
					if !slices.Contains(c.ParentShards, id) {
						t.Fatalf("child %s of %s does not name it among its parents %v", c.ShardId, id, c.ParentShards)
					}
					ready := true
					for _, p := range c.ParentShards {
						ready = ready && drained[p]
					}
					if ready && !visited[c.ShardId] {
						visited[c.ShardId] = true
						queue = append(queue, c.ShardId)
					}
				}
				break
			}
			if len(out.Records) == 0 && out.MillisBehindLatest == 0 {
				break // an open shard, read to its tip (the producers have stopped)
			}
			it = out.NextShardIterator
		}
	}
	return visited
}

// rsCheckReads checks that the reader read every acknowledged record exactly once, as acknowledged (shard and
// sequence number), nothing else, and each key's records in put order.
func rsCheckReads(t *testing.T, who string, ledger *rsLedger, log *rsReadLog) {
	t.Helper()
	ledger.mu.Lock()
	defer ledger.mu.Unlock()
	log.mu.Lock()
	defer log.mu.Unlock()
	readKeys := 0
	for key, got := range log.byKey {
		want := ledger.byKey[key]
		if len(got) != len(want) {
			t.Errorf("%s: key %s: read %d records, %d were acknowledged", who, key, len(got), len(want))
			continue
		}
		readKeys++
		for i := range want {
			g, w := got[i], want[i]
			if string(g.Data) != w.id || g.SequenceNumber != w.seq || g.ShardId != w.shard {
				t.Errorf("%s: key %s, record %d: read %s (%s %s), want %s (%s %s) — lost, duplicated or out of put order",
					who, key, i, g.Data, g.ShardId, g.SequenceNumber, w.id, w.shard, w.seq)
				break
			}
		}
	}
	if readKeys != len(ledger.byKey) {
		for key, want := range ledger.byKey {
			if _, ok := log.byKey[key]; !ok {
				t.Errorf("%s: key %s: none of its %d acknowledged records read", who, key, len(want))
			}
		}
	}
}
