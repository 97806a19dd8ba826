package kcl

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

var takerT0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

func leasesOf(owners ...string) []Lease {
	ls := make([]Lease, len(owners))
	for i, o := range owners {
		ls[i] = Lease{LeaseKey: "shardId-" + strconv.Itoa(i), LeaseOwner: o, LeaseCounter: 1, Checkpoint: CheckpointTrimHorizon}
	}
	return ls
}

func owners(ls []Lease) map[string]int {
	m := map[string]int{}
	for _, l := range ls {
		m[l.LeaseOwner]++
	}
	return m
}

func newTestTaker(owner string) *leaseTaker {
	return newLeaseTaker(owner, 10*time.Second, 1, rand.New(rand.NewPCG(1, 2)))
}

// Unowned leases are expired at once; a lease seen with an owner expires only after its counter has stood still
// for the failover time. Source: KCL DynamoDBLeaseTaker.updateAllLeases (lastCounterIncrementNanos) and
// Lease.isExpired.
func TestTakerJudgesExpiryFromTheCounterItSaw(t *testing.T) {
	tk := newTestTaker("me")
	ls := leasesOf("", "other")
	tk.observe(takerT0, ls)
	if !tk.expired(takerT0, ls[0]) || tk.expired(takerT0, ls[1]) {
		t.Fatal("an unowned lease must be expired and a newly seen owned one not")
	}
	later := takerT0.Add(10*time.Second + time.Millisecond)
	tk.observe(later, ls)
	if !tk.expired(later, ls[1]) {
		t.Fatal("a lease whose counter stood still for the failover time must be expired")
	}
	ls[1].LeaseCounter++
	tk.observe(later, ls)
	if tk.expired(later, ls[1]) {
		t.Fatal("a lease whose counter moved must not be expired")
	}
}

// Expired leases are taken before any is stolen, up to the target. Source: DynamoDBLeaseTaker.computeLeasesToTake.
func TestTakerTakesExpiredLeasesFirstUpToTheTarget(t *testing.T) {
	tk := newTestTaker("me")
	ls := leasesOf("", "", "", "a", "a", "a")
	tk.observe(takerT0, ls)
	got := tk.choose(takerT0, ls, nil)
	// 6 leases, workers a and me: target 3; the three unowned ones.
	if len(got) != 3 || owners(got)[""] != 3 {
		t.Fatalf("chose %v; want the 3 unowned leases", got)
	}
}

// With nothing expired, a worker steals from the most loaded worker: at most maxLeasesToStealAtOneTime while it
// is above the target, and one when it is at the target and the thief needs more than one. Source:
// DynamoDBLeaseTaker.chooseLeasesToSteal.
func TestTakerStealsOneLeaseFromTheMostLoadedWorker(t *testing.T) {
	tk := newTestTaker("me")
	ls := leasesOf("a", "a", "a", "a", "a", "b", "b", "b")
	tk.observe(takerT0, ls)
	got := tk.choose(takerT0, ls, nil)
	if len(got) != 1 || got[0].LeaseOwner != "a" {
		t.Fatalf("chose %v; want one lease of a, the most loaded", got)
	}
	// a and b at the target (4 leases, 3 workers: ceil(4/3) = 2), this worker needing 2: it steals one.
	ls = leasesOf("a", "a", "b", "b")
	tk = newTestTaker("me")
	tk.observe(takerT0, ls)
	if got := tk.choose(takerT0, ls, nil); len(got) != 1 {
		t.Fatalf("chose %v; want one lease stolen from a worker at the target", got)
	}
	// Needing only one from a worker at the target: nothing (it would only move the imbalance).
	ls = leasesOf("a", "a", "b", "b", "me")
	tk = newTestTaker("me")
	tk.observe(takerT0, ls)
	if got := tk.choose(takerT0, ls, map[string]bool{ls[4].LeaseKey: true}); len(got) != 0 {
		t.Fatalf("chose %v; want nothing: the others are at the target and this worker needs one", got)
	}
}

// A worker at or above its share takes nothing, and leases checkpointed at SHARD_END take no part.
func TestTakerTakesNothingAtItsShare(t *testing.T) {
	tk := newTestTaker("me")
	ls := leasesOf("me", "me", "a", "a", "")
	ls[4].Checkpoint = CheckpointShardEnd
	tk.observe(takerT0, ls)
	if got := tk.choose(takerT0, ls, map[string]bool{ls[0].LeaseKey: true, ls[1].LeaseKey: true}); len(got) != 0 {
		t.Fatalf("chose %v; at ceil(4/2) = 2 the worker takes nothing (the SHARD_END lease does not count)", got)
	}
}
