package kcl_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

// Under concurrent producers, random splits and merges, and controls failing 10 % of GetRecords and PutRecords
// calls, three workers (one of them killed and replaced halfway) read every acknowledged record at least once,
// each key's records in put order; and the history of the lease table is linearizable against a model of a lease
// with a single owner, so the table never had two owners of one lease at one time. Sources: KCL DevGuide "Handle
// resharding" (parents before children keep per-key order), kinesis-record-processor-ddb (at-least-once,
// conditional writes on leaseCounter); porcupine for the linearizability check.
func TestWorkersReadEveryRecordInKeyOrderUnderFaultsAndReshards(t *testing.T) {
	for _, seed := range []uint64{13, 29, 41} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { faultsAndReshards(t, seed) })
	}
}

func faultsAndReshards(t *testing.T, seed uint64) {
	hist := &history{}
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 3)
		ev.table = &recordingTable{LeaseTable: ev.table, h: hist}
		rnd := rand.New(rand.NewPCG(seed, 17))
		var rmu sync.Mutex
		var failedGets, failedPuts atomic.Int64
		failTenth := func(op control.Op, n *atomic.Int64) {
			ev.e.Control(op, func(control.Call) (control.Response, bool) {
				rmu.Lock()
				fail := rnd.IntN(10) == 0
				rmu.Unlock()
				if !fail {
					return control.Response{}, false
				}
				n.Add(1)
				if n.Load()%2 == 0 {
					return control.Response{Err: apierr.InternalFailure.New("Internal service failure.")}, true
				}
				return control.Response{Err: apierr.ProvisionedThroughputExceeded.New("Rate exceeded for shard in stream orders under account 000000000000.")}, true
			}, control.Keep())
		}
		failTenth(stream.OpGetRecords, &failedGets)
		failTenth(stream.OpPutRecords, &failedPuts)

		workers := map[string]*kcl.Worker{}
		for _, id := range []string{"w1", "w2", "w3"} {
			workers[id] = ev.worker(id, checkpointPolicy{every: 3})
		}
		const producers, keysPer = 3, 4
		acked := map[string][]string{} // key → data acknowledged, in put order
		var amu sync.Mutex
		next := make([]int, producers*keysPer)
		pending := make([][]stream.PutRecordsEntry, producers)
		reshards := 0
		for step := range 120 {
			var wg sync.WaitGroup
			for p := range producers {
				wg.Go(func() {
					if pending[p] == nil {
						for k := range keysPer {
							key := fmt.Sprintf("p%d-k%d", p, k)
							i := &next[p*keysPer+k]
							for range 3 {
								pending[p] = append(pending[p], stream.PutRecordsEntry{PartitionKey: key, Data: fmt.Appendf(nil, "%s#%05d", key, *i)})
								*i++
							}
						}
					}
					out, err := ev.e.PutRecords(ev.ctx, stream.PutRecordsInput{StreamRef: ev.ref, Records: pending[p]})
					if err != nil {
						return // not acknowledged: put again next step
					}
					if out.FailedRecordCount != 0 {
						t.Errorf("PutRecords: %d entries failed without a control", out.FailedRecordCount)
					}
					amu.Lock()
					for _, e := range pending[p] {
						acked[e.PartitionKey] = append(acked[e.PartitionKey], string(e.Data))
					}
					amu.Unlock()
					pending[p] = nil
				})
			}
			wg.Wait()
			if step%15 == 7 && reshard(ev, rnd) {
				reshards++
			}
			if step == 60 {
				_ = workers["w3"].Close() // a crash; a new process takes its place
				workers["w4"] = ev.worker("w4", checkpointPolicy{every: 3})
			}
			ev.run(500 * time.Millisecond)
		}
		ev.run(2 * time.Minute) // drain: failovers, parents' ends, children
		list := ev.log.snapshot()
		got := byData(list)
		order := map[string]int{}
		total := 0
		for _, datas := range acked {
			for i, d := range datas {
				order[d] = i
				total++
				if got[d] == 0 {
					t.Fatalf("acknowledged record %s was never delivered", d)
				}
			}
		}
		// Positions in acknowledged order: every delivered datum was acknowledged (a failed call wrote nothing).
		for _, d := range list {
			if _, ok := order[d.data]; !ok {
				t.Fatalf("record %s was delivered but never acknowledged", d.data)
			}
		}
		checkPerKeyOrder(t, list, order)
		if reshards == 0 || failedGets.Load() == 0 || failedPuts.Load() == 0 {
			t.Fatalf("%d reshards, %d failed GetRecords, %d failed PutRecords: the faults did not happen", reshards, failedGets.Load(), failedPuts.Load())
		}
		t.Logf("%d acknowledged records, %d deliveries, %d reshards, %d GetRecords and %d PutRecords failed", total, len(list), reshards, failedGets.Load(), failedPuts.Load())
		for _, w := range workers {
			_ = w.Close()
		}
	})
	ops := hist.operations()
	res, info := porcupine.CheckOperationsVerbose(leaseModel, ops, time.Minute)
	if res != porcupine.Ok {
		_ = info
		t.Fatalf("the lease table's history of %d operations is not linearizable against a single-owner lease (%v)", len(ops), res)
	}
	t.Logf("lease table history: %d operations, linearizable", len(ops))
}

// reshard splits a random open shard at its midpoint or merges two adjacent open shards; it reports whether the
// stream accepted.
func reshard(ev *env, rnd *rand.Rand) bool {
	out, err := ev.e.ListShards(ev.ctx, stream.ListShardsInput{StreamRef: ev.ref, ShardFilter: &stream.ShardFilter{Type: stream.FilterAtLatest}})
	if err != nil || len(out.Shards) == 0 {
		return false
	}
	open := out.Shards
	sort.Slice(open, func(i, j int) bool {
		return open[i].HashKeyRange.StartingHashKey.Less(open[j].HashKeyRange.StartingHashKey)
	})
	if len(open) >= 2 && (len(open) > 4 || rnd.IntN(2) == 0) {
		i := rnd.IntN(len(open) - 1)
		return ev.e.MergeShards(ev.ctx, stream.MergeShardsInput{StreamRef: ev.ref, ShardToMerge: open[i].ShardId, AdjacentShardToMerge: open[i+1].ShardId}) == nil
	}
	s := open[rnd.IntN(len(open))]
	return ev.e.SplitShard(ev.ctx, stream.SplitShardInput{StreamRef: ev.ref, ShardToSplit: s.ShardId, NewStartingHashKey: s.HashKeyRange.Midpoint().String()}) == nil
}

// history records the lease table's operations with logical call and return times.
type history struct {
	mu    sync.Mutex
	clock atomic.Int64
	ops   []porcupine.Operation
}

func (h *history) add(client int, in leaseInput, call int64, out leaseOutput) {
	ret := h.clock.Add(1)
	h.mu.Lock()
	h.ops = append(h.ops, porcupine.Operation{ClientId: client, Input: in, Call: call, Output: out, Return: ret})
	h.mu.Unlock()
}

func (h *history) operations() []porcupine.Operation {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]porcupine.Operation(nil), h.ops...)
}

// leaseInput is one operation on one lease; a ListLeases becomes one read per lease listed.
type leaseInput struct {
	kind    string // create, read, take, renew, evict, checkpoint
	key     string
	owner   string // take: the new owner; renew, evict, checkpoint: the owner the caller read
	counter int64  // the counter the caller read
	cp      kcl.Checkpoint
}

// leaseOutput is what the table answered.
type leaseOutput struct {
	err   string // "", "conflict", "notfound"
	state leaseState
}

// leaseState is the model of one lease: one owner (or none), a counter and a checkpoint.
type leaseState struct {
	exists  bool
	owner   string
	counter int64
	cp      kcl.Checkpoint
}

func stateOf(l kcl.Lease) leaseState {
	return leaseState{exists: true, owner: l.LeaseOwner, counter: l.LeaseCounter, cp: l.Checkpoint}
}

func errName(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, kcl.ErrLeaseConflict):
		return "conflict"
	case errors.Is(err, kcl.ErrLeaseNotFound):
		return "notfound"
	}
	return "other"
}

// leaseModel is the sequential specification of a lease: the conditional writes of kcl.LeaseTable.
var leaseModel = porcupine.Model{
	Partition: func(ops []porcupine.Operation) [][]porcupine.Operation {
		by := map[string][]porcupine.Operation{}
		var keys []string
		for _, op := range ops {
			k := op.Input.(leaseInput).key
			if by[k] == nil {
				keys = append(keys, k)
			}
			by[k] = append(by[k], op)
		}
		out := make([][]porcupine.Operation, 0, len(keys))
		for _, k := range keys {
			out = append(out, by[k])
		}
		return out
	},
	Init: func() any { return leaseState{} },
	Step: func(st, input, output any) (bool, any) {
		s, in, out := st.(leaseState), input.(leaseInput), output.(leaseOutput)
		if out.err == "other" {
			return true, s
		}
		if in.kind == "create" {
			if s.exists {
				return out.err == "conflict", s // not created
			}
			return out.err == "", out.state
		}
		if !s.exists {
			return out.err == "notfound", s
		}
		var ok bool
		next := s
		switch in.kind {
		case "read":
			return out.err == "" && out.state == s, s
		case "take":
			ok = s.counter == in.counter
			next.owner = in.owner
		case "renew":
			ok = s.counter == in.counter && s.owner == in.owner
		case "evict":
			ok = s.owner == in.owner
			next.owner = ""
		case "checkpoint":
			ok = s.counter == in.counter && s.owner == in.owner
			next.cp = in.cp
		}
		if !ok {
			return out.err == "conflict", s
		}
		next.counter++
		return out.err == "" && out.state == next, next
	},
}

// recordingTable records every call to a lease table in a history.
type recordingTable struct {
	kcl.LeaseTable
	h       *history
	mu      sync.Mutex
	clients map[string]int
}

func (r *recordingTable) client(owner string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.clients == nil {
		r.clients = map[string]int{}
	}
	if _, ok := r.clients[owner]; !ok {
		r.clients[owner] = len(r.clients)
	}
	return r.clients[owner]
}

func (r *recordingTable) CreateLeaseIfNotExists(ctx context.Context, l kcl.Lease) (bool, error) {
	call := r.h.clock.Add(1)
	ok, err := r.LeaseTable.CreateLeaseIfNotExists(ctx, l)
	out := leaseOutput{err: errName(err), state: stateOf(l)}
	if err == nil && !ok {
		out.err = "conflict"
	}
	r.h.add(0, leaseInput{kind: "create", key: l.LeaseKey}, call, out)
	return ok, err
}

func (r *recordingTable) GetLease(ctx context.Context, key string) (kcl.Lease, error) {
	call := r.h.clock.Add(1)
	l, err := r.LeaseTable.GetLease(ctx, key)
	out := leaseOutput{err: errName(err)}
	if err == nil {
		out.state = stateOf(l)
	}
	r.h.add(0, leaseInput{kind: "read", key: key}, call, out)
	return l, err
}

func (r *recordingTable) ListLeases(ctx context.Context) ([]kcl.Lease, error) {
	call := r.h.clock.Add(1)
	ls, err := r.LeaseTable.ListLeases(ctx)
	for _, l := range ls {
		r.h.add(0, leaseInput{kind: "read", key: l.LeaseKey}, call, leaseOutput{state: stateOf(l)})
	}
	return ls, err
}

func (r *recordingTable) write(kind string, l kcl.Lease, owner string, cp kcl.Checkpoint, do func() (kcl.Lease, error)) (kcl.Lease, error) {
	call := r.h.clock.Add(1)
	nl, err := do()
	out := leaseOutput{err: errName(err)}
	if err == nil {
		out.state = stateOf(nl)
	}
	r.h.add(r.client(owner), leaseInput{kind: kind, key: l.LeaseKey, owner: owner, counter: l.LeaseCounter, cp: cp}, call, out)
	return nl, err
}

func (r *recordingTable) TakeLease(ctx context.Context, l kcl.Lease, owner string) (kcl.Lease, error) {
	return r.write("take", l, owner, kcl.Checkpoint{}, func() (kcl.Lease, error) { return r.LeaseTable.TakeLease(ctx, l, owner) })
}

func (r *recordingTable) RenewLease(ctx context.Context, l kcl.Lease) (kcl.Lease, error) {
	return r.write("renew", l, l.LeaseOwner, kcl.Checkpoint{}, func() (kcl.Lease, error) { return r.LeaseTable.RenewLease(ctx, l) })
}

func (r *recordingTable) EvictLease(ctx context.Context, l kcl.Lease) (kcl.Lease, error) {
	return r.write("evict", l, l.LeaseOwner, kcl.Checkpoint{}, func() (kcl.Lease, error) { return r.LeaseTable.EvictLease(ctx, l) })
}

func (r *recordingTable) UpdateCheckpoint(ctx context.Context, l kcl.Lease, cp kcl.Checkpoint) (kcl.Lease, error) {
	return r.write("checkpoint", l, l.LeaseOwner, cp, func() (kcl.Lease, error) { return r.LeaseTable.UpdateCheckpoint(ctx, l, cp) })
}
