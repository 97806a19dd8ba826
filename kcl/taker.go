package kcl

import (
	"math/rand/v2"
	"slices"
	"time"
)

// leaseTaker is the pure core of lease balancing (the KCL's DynamoDBLeaseTaker): given the leases listed from the
// table and the time, it tells which leases its worker should take. It has no goroutines, no locks and no clock;
// the worker's taker goroutine owns it.
//
// A lease is expired when it has no owner, or when its counter has not changed for the failover time on the
// worker's clock: expiry is judged by each worker from what it sees, not stored in the table, so the table needs
// no clock.
type leaseTaker struct {
	owner    string
	failover time.Duration
	maxSteal int
	rnd      *rand.Rand
	seen     map[string]seenLease
}

// seenLease is the counter of a lease last seen and when it was first seen with it.
type seenLease struct {
	counter int64
	at      time.Time
}

func newLeaseTaker(owner string, failover time.Duration, maxSteal int, rnd *rand.Rand) *leaseTaker {
	return &leaseTaker{owner: owner, failover: failover, maxSteal: maxSteal, rnd: rnd, seen: make(map[string]seenLease)}
}

// observe records the leases listed at now. A lease seen for the first time with an owner counts from now (it
// expires a failover time later unless its counter moves); leases no longer listed are forgotten.
func (t *leaseTaker) observe(now time.Time, leases []Lease) {
	keep := make(map[string]seenLease, len(leases))
	for _, l := range leases {
		s, ok := t.seen[l.LeaseKey]
		if !ok || s.counter != l.LeaseCounter {
			s = seenLease{counter: l.LeaseCounter, at: now}
		}
		keep[l.LeaseKey] = s
	}
	t.seen = keep
}

// expired reports whether l, as last observed, is free to take at now.
func (t *leaseTaker) expired(now time.Time, l Lease) bool {
	if l.LeaseOwner == "" {
		return true
	}
	s, ok := t.seen[l.LeaseKey]
	return !ok || now.Sub(s.at) > t.failover
}

// choose returns the leases to take at now among leases (as observed), given the keys the worker holds: enough to
// reach ceil(leases/workers), where the workers are the owners of unexpired leases and this one; expired leases
// first, in random order; otherwise leases stolen from the most loaded worker, at most maxSteal, and only one when
// that worker is at the target (KCL DynamoDBLeaseTaker.computeLeasesToTake and chooseLeasesToSteal). Leases
// checkpointed at SHARD_END take no part.
func (t *leaseTaker) choose(now time.Time, leases []Lease, held map[string]bool) []Lease {
	var active, expired []Lease
	counts := map[string]int{}
	mine := 0
	for _, l := range leases {
		if l.Checkpoint == CheckpointShardEnd {
			continue
		}
		active = append(active, l)
		switch {
		case held[l.LeaseKey]:
			mine++
		case t.expired(now, l):
			expired = append(expired, l)
		default:
			counts[l.LeaseOwner]++
		}
	}
	if len(active) == 0 {
		return nil
	}
	delete(counts, t.owner) // leases of this owner it does not hold are expired or about to be retaken
	workers := len(counts) + 1
	target := (len(active) + workers - 1) / workers
	if workers >= len(active) {
		target = 1
	}
	need := target - mine
	if need <= 0 {
		return nil
	}
	if len(expired) > 0 {
		t.rnd.Shuffle(len(expired), func(i, j int) { expired[i], expired[j] = expired[j], expired[i] })
		return expired[:min(need, len(expired))]
	}
	// Steal from the most loaded worker (ties broken by owner id, so the choice is deterministic).
	owners := make([]string, 0, len(counts))
	for o := range counts {
		owners = append(owners, o)
	}
	slices.Sort(owners)
	most, victim := 0, ""
	for _, o := range owners {
		if counts[o] > most {
			most, victim = counts[o], o
		}
	}
	n := 0
	switch {
	case most > target:
		n = min(need, most-target, t.maxSteal)
	case most == target && need > 1:
		n = 1
	}
	if n == 0 {
		return nil
	}
	var theirs []Lease
	for _, l := range active {
		if l.LeaseOwner == victim && !held[l.LeaseKey] && !t.expired(now, l) {
			theirs = append(theirs, l)
		}
	}
	t.rnd.Shuffle(len(theirs), func(i, j int) { theirs[i], theirs[j] = theirs[j], theirs[i] })
	return theirs[:min(n, len(theirs))]
}
