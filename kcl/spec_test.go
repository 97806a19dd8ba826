package kcl_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/kcl"
)

// A worker alone takes every lease and delivers every record of every shard, in shard order. Source: KCL
// DevGuide "Key concepts" (a lease per shard; the worker processes each shard it holds a lease of).
func TestWorkerAloneDeliversEveryRecordOfEveryShard(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 4)
		var want []string
		for k := range 8 {
			want = append(want, ev.put(fmt.Sprintf("key-%d", k), 0, 25)...)
		}
		w := ev.worker("w1", checkpointPolicy{every: 1})
		ev.run(5 * time.Second)
		if got := w.HeldLeases(); len(got) != 4 {
			t.Fatalf("the worker holds %v; want the 4 leases", got)
		}
		ev.checkDeliveredOnceInOrder(want)
		_ = w.Close()
	})
}

// Killing a worker (closing it without checkpointing) mid-lease: after the failover time, in virtual time, the
// other worker takes its leases and resumes from their last checkpoints; no acknowledged record is lost, and the
// records delivered twice are exactly those the killed worker processed after its last checkpoints. Sources:
// KCL DevGuide "Lease table" and DynamoDBLeaseTaker (leases not renewed within failoverTimeMillis are taken);
// kinesis-record-processor-ddb (at-least-once: records after the last checkpoint are processed again).
func TestKilledWorkersLeasesAreTakenAfterFailoverAndResumeFromCheckpoint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 4)
		a := ev.worker("a", checkpointPolicy{every: 4})
		ev.run(time.Second)
		b := ev.worker("b", checkpointPolicy{every: 2})
		ev.run(20 * time.Second) // a steals... b steals from a one lease per take interval (6 s) up to 2
		if la, lb := len(a.HeldLeases()), len(b.HeldLeases()); la != 2 || lb != 2 {
			t.Fatalf("after balancing a holds %d leases and b %d; want 2 and 2", la, lb)
		}
		var want []string
		for round := range 6 {
			for k := range 8 {
				want = append(want, ev.put(fmt.Sprintf("key-%d", k), round*10, 10)...)
			}
			ev.run(300 * time.Millisecond)
		}
		killedLeases := a.HeldLeases()
		ev.log.mu.Lock()
		bound := 0
		for _, s := range killedLeases {
			bound += ev.log.uncheckpointed[[2]string{"a", s}]
		}
		ev.log.mu.Unlock()
		if bound == 0 {
			t.Fatal("the killed worker had checkpointed everything: the test would not see a failover's duplicates")
		}
		lastCheckpoints := map[string]kcl.Checkpoint{}
		for _, s := range killedLeases {
			l, err := ev.table.GetLease(ev.ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			lastCheckpoints[s] = l.Checkpoint
		}
		_ = a.Close() // a crash: no checkpoint, no callback, the leases stay a's in the table
		killedAt := ev.clk.Now()
		for k := range 8 {
			want = append(want, ev.put(fmt.Sprintf("key-%d", k), 60, 5)...)
		}
		ev.run(2 * time.Second)
		if got := b.HeldLeases(); len(got) != 2 {
			t.Fatalf("within the failover time b holds %v; want only its own 2 leases", got)
		}
		ev.run(15 * time.Second)
		if got := b.HeldLeases(); len(got) != 4 {
			t.Fatalf("%v after the kill b holds %v; want all 4 leases", ev.clk.Now().Sub(killedAt), got)
		}
		list := ev.log.snapshot()
		got := byData(list)
		dups := 0
		for _, d := range want {
			if got[d] == 0 {
				t.Fatalf("acknowledged record %s was never delivered", d)
			}
			dups += got[d] - 1
		}
		if dups != bound {
			t.Fatalf("%d records delivered twice; want exactly the %d the killed worker processed after its last checkpoints", dups, bound)
		}
		ev.log.mu.Lock()
		for _, s := range killedLeases {
			starts := ev.log.initialized[s]
			if last := starts[len(starts)-1]; last != lastCheckpoints[s] {
				t.Errorf("b started shard %s from %v; want a's last checkpoint %v", s, last, lastCheckpoints[s])
			}
		}
		ev.log.mu.Unlock()
		checkPerKeyOrder(t, list, nil)
		t.Logf("killed worker: %d leases, %d records after its last checkpoints, %d duplicates", len(killedLeases), bound, dups)
		_ = b.Close()
	})
}

// checkPerKeyOrder checks that each key's records were delivered in put order, allowing replays: a delivery is
// either the next record of its key or one delivered before (at-least-once), never one that skips ahead.
// order gives each datum's position in its key's put order; nil means the "#NNNNN" suffix tests put.
func checkPerKeyOrder(t *testing.T, list []delivery, order map[string]int) {
	t.Helper()
	pos := func(d delivery) int {
		if order != nil {
			return order[d.data]
		}
		var n int
		fmt.Sscanf(d.data[len(d.key)+1:], "%d", &n)
		return n
	}
	first := map[string]int{}
	next := map[string]int{}
	for _, d := range list {
		p := pos(d)
		if _, ok := first[d.key]; !ok {
			first[d.key], next[d.key] = p, p
		}
		switch {
		case p == next[d.key]:
			next[d.key]++
		case p < next[d.key]:
		default:
			t.Fatalf("key %s: record %d delivered before record %d", d.key, p, next[d.key])
		}
	}
}
