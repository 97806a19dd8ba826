// Package kcltest is the conformance suite of kcl.LeaseTable: one test body that every lease table must pass, the
// in-memory one and any a user backs with their own store (a DynamoDB table, a SQL row per lease).
//
//	func TestMyLeaseTable(t *testing.T) {
//		kcltest.RunLeaseTableSpec(t, func() kcl.LeaseTable { return newMyTable(t) })
//	}
//
// The spec follows the conditional writes of the KCL's DynamoDBLeaseRefresher (takeLease, renewLease, evictLease,
// updateLease): every write increments the lease counter, and each is conditional on the counter and owner the
// caller read, so that two workers never both succeed in taking one lease.
package kcltest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/record"
)

// RunLeaseTableSpec runs the lease-table conformance tests as subtests of t, each on a fresh, empty table made by
// newTable.
func RunLeaseTableSpec(t *testing.T, newTable func() kcl.LeaseTable) {
	ctx := context.Background()
	fresh := func(t *testing.T) kcl.LeaseTable {
		t.Helper()
		tb := newTable()
		if ls, err := tb.ListLeases(ctx); err != nil || len(ls) != 0 {
			t.Fatalf("a new table lists %v, %v; want no leases and no error", ls, err)
		}
		return tb
	}
	create := func(t *testing.T, tb kcl.LeaseTable, l kcl.Lease) {
		t.Helper()
		if ok, err := tb.CreateLeaseIfNotExists(ctx, l); !ok || err != nil {
			t.Fatalf("CreateLeaseIfNotExists(%s) = %v, %v; want true, nil", l.LeaseKey, ok, err)
		}
	}
	get := func(t *testing.T, tb kcl.LeaseTable, key string) kcl.Lease {
		t.Helper()
		l, err := tb.GetLease(ctx, key)
		if err != nil {
			t.Fatalf("GetLease(%s): %v", key, err)
		}
		return l
	}
	sample := kcl.Lease{
		LeaseKey:       "shardId-000000000002",
		Checkpoint:     kcl.CheckpointTrimHorizon,
		ParentShardIds: []string{"shardId-000000000000", "shardId-000000000001"},
		HashKeyRange:   record.HashKeyRange{StartingHashKey: record.HashKey{}, EndingHashKey: record.MaxHashKey},
	}

	// KCL createLeaseIfNotExists: a conditional put on the key's absence.
	t.Run("CreateLeaseIfNotExistsCreatesOnce", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		other := sample
		other.LeaseOwner = "intruder"
		if ok, err := tb.CreateLeaseIfNotExists(ctx, other); ok || err != nil {
			t.Fatalf("second CreateLeaseIfNotExists = %v, %v; want false, nil", ok, err)
		}
		if got := get(t, tb, sample.LeaseKey); !equal(got, sample) {
			t.Fatalf("stored %+v; want %+v as created", got, sample)
		}
		if ok, err := tb.CreateLeaseIfNotExists(ctx, kcl.Lease{}); ok || err == nil {
			t.Fatalf("CreateLeaseIfNotExists of a lease with no key = %v, %v; want false and an error", ok, err)
		}
	})

	t.Run("GetLeaseOfAMissingKeyIsErrLeaseNotFound", func(t *testing.T) {
		tb := fresh(t)
		if _, err := tb.GetLease(ctx, "shardId-000000000009"); !errors.Is(err, kcl.ErrLeaseNotFound) {
			t.Fatalf("GetLease of a missing key: %v; want ErrLeaseNotFound", err)
		}
	})

	t.Run("ListLeasesIsOrderedByKeyAndSharesNoMemory", func(t *testing.T) {
		tb := fresh(t)
		for _, k := range []string{"shardId-000000000003", "shardId-000000000001", "shardId-000000000002"} {
			l := sample
			l.LeaseKey = k
			l.ParentShardIds = slices.Clone(sample.ParentShardIds)
			create(t, tb, l)
		}
		ls, err := tb.ListLeases(ctx)
		if err != nil || len(ls) != 3 {
			t.Fatalf("ListLeases = %d leases, %v; want 3", len(ls), err)
		}
		for i := 1; i < len(ls); i++ {
			if ls[i-1].LeaseKey >= ls[i].LeaseKey {
				t.Fatalf("ListLeases not ordered by key: %s before %s", ls[i-1].LeaseKey, ls[i].LeaseKey)
			}
		}
		ls[0].ParentShardIds[0] = "changed"
		if got := get(t, tb, ls[0].LeaseKey); got.ParentShardIds[0] != sample.ParentShardIds[0] {
			t.Fatalf("changing a listed lease changed the table: %v", got.ParentShardIds)
		}
	})

	// KCL takeLease: conditional on leaseCounter; sets the owner, increments the counter and, when the owner
	// changes, ownerSwitchesSinceCheckpoint.
	t.Run("TakeLeaseIsConditionalOnTheCounter", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		l := get(t, tb, sample.LeaseKey)
		a, err := tb.TakeLease(ctx, l, "worker-a")
		if err != nil {
			t.Fatalf("TakeLease: %v", err)
		}
		if a.LeaseOwner != "worker-a" || a.LeaseCounter != l.LeaseCounter+1 || a.OwnerSwitchesSinceCheckpoint != 1 {
			t.Fatalf("taken lease %+v; want owner worker-a, counter %d, 1 owner switch", a, l.LeaseCounter+1)
		}
		if _, err := tb.TakeLease(ctx, l, "worker-b"); !errors.Is(err, kcl.ErrLeaseConflict) {
			t.Fatalf("TakeLease with a stale counter: %v; want ErrLeaseConflict", err)
		}
		if got := get(t, tb, sample.LeaseKey); !equal(got, a) {
			t.Fatalf("a failed take changed the lease: %+v; want %+v", got, a)
		}
		again, err := tb.TakeLease(ctx, a, "worker-a")
		if err != nil || again.OwnerSwitchesSinceCheckpoint != 1 || again.LeaseCounter != a.LeaseCounter+1 {
			t.Fatalf("retaking by the same owner = %+v, %v; want the counter incremented and no owner switch", again, err)
		}
		b, err := tb.TakeLease(ctx, again, "worker-b")
		if err != nil || b.LeaseOwner != "worker-b" || b.OwnerSwitchesSinceCheckpoint != 2 {
			t.Fatalf("stealing = %+v, %v; want owner worker-b with 2 owner switches", b, err)
		}
		if _, err := tb.TakeLease(ctx, kcl.Lease{LeaseKey: "shardId-000000000009"}, "worker-a"); !errors.Is(err, kcl.ErrLeaseNotFound) {
			t.Fatalf("TakeLease of a missing lease: %v; want ErrLeaseNotFound", err)
		}
	})

	// KCL renewLease: conditional on leaseCounter and leaseOwner; increments the counter.
	t.Run("RenewLeaseIsConditionalOnCounterAndOwner", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		a, err := tb.TakeLease(ctx, get(t, tb, sample.LeaseKey), "worker-a")
		if err != nil {
			t.Fatal(err)
		}
		r, err := tb.RenewLease(ctx, a)
		if err != nil || r.LeaseCounter != a.LeaseCounter+1 || r.LeaseOwner != "worker-a" {
			t.Fatalf("RenewLease = %+v, %v; want the counter incremented, owner kept", r, err)
		}
		if _, err := tb.RenewLease(ctx, a); !errors.Is(err, kcl.ErrLeaseConflict) {
			t.Fatalf("RenewLease with a stale counter: %v; want ErrLeaseConflict", err)
		}
		forged := r
		forged.LeaseOwner = "worker-b"
		if _, err := tb.RenewLease(ctx, forged); !errors.Is(err, kcl.ErrLeaseConflict) {
			t.Fatalf("RenewLease by another owner: %v; want ErrLeaseConflict", err)
		}
		if got := get(t, tb, sample.LeaseKey); !equal(got, r) {
			t.Fatalf("failed renewals changed the lease: %+v; want %+v", got, r)
		}
	})

	// KCL evictLease: conditional on leaseOwner; clears the owner and increments the counter.
	t.Run("EvictLeaseIsConditionalOnTheOwner", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		a, err := tb.TakeLease(ctx, get(t, tb, sample.LeaseKey), "worker-a")
		if err != nil {
			t.Fatal(err)
		}
		forged := a
		forged.LeaseOwner = "worker-b"
		if _, err := tb.EvictLease(ctx, forged); !errors.Is(err, kcl.ErrLeaseConflict) {
			t.Fatalf("EvictLease by another owner: %v; want ErrLeaseConflict", err)
		}
		e, err := tb.EvictLease(ctx, a)
		if err != nil || e.LeaseOwner != "" || e.LeaseCounter != a.LeaseCounter+1 {
			t.Fatalf("EvictLease = %+v, %v; want no owner, counter incremented", e, err)
		}
	})

	// KCL updateLease (checkpointing): conditional on leaseCounter and leaseOwner; stores the checkpoint with its
	// sub-sequence number, resets ownerSwitchesSinceCheckpoint, increments the counter.
	t.Run("UpdateCheckpointIsConditionalAndResetsOwnerSwitches", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		a, err := tb.TakeLease(ctx, get(t, tb, sample.LeaseKey), "worker-a")
		if err != nil {
			t.Fatal(err)
		}
		cp := kcl.Checkpoint{SequenceNumber: "49590338271490256608559692538361571095921575989136588898", SubSequenceNumber: 7}
		u, err := tb.UpdateCheckpoint(ctx, a, cp)
		if err != nil || u.Checkpoint != cp || u.OwnerSwitchesSinceCheckpoint != 0 || u.LeaseCounter != a.LeaseCounter+1 {
			t.Fatalf("UpdateCheckpoint = %+v, %v; want checkpoint %v, 0 owner switches, counter incremented", u, err, cp)
		}
		if _, err := tb.UpdateCheckpoint(ctx, a, kcl.CheckpointShardEnd); !errors.Is(err, kcl.ErrLeaseConflict) {
			t.Fatalf("UpdateCheckpoint with a stale counter: %v; want ErrLeaseConflict", err)
		}
		end, err := tb.UpdateCheckpoint(ctx, u, kcl.CheckpointShardEnd)
		if err != nil || end.Checkpoint != kcl.CheckpointShardEnd {
			t.Fatalf("UpdateCheckpoint(SHARD_END) = %+v, %v", end, err)
		}
		if got := get(t, tb, sample.LeaseKey); !equal(got, end) {
			t.Fatalf("stored %+v; want %+v", got, end)
		}
	})

	t.Run("DeleteLeaseRemovesAndIgnoresMissingKeys", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		if err := tb.DeleteLease(ctx, sample.LeaseKey); err != nil {
			t.Fatal(err)
		}
		if _, err := tb.GetLease(ctx, sample.LeaseKey); !errors.Is(err, kcl.ErrLeaseNotFound) {
			t.Fatalf("GetLease after DeleteLease: %v; want ErrLeaseNotFound", err)
		}
		if err := tb.DeleteLease(ctx, sample.LeaseKey); err != nil {
			t.Fatalf("DeleteLease of a missing key: %v; want nil", err)
		}
	})

	t.Run("NilContextIsRefusedAndChangesNothing", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		l := get(t, tb, sample.LeaseKey)
		var nilCtx context.Context
		calls := map[string]func() error{
			"CreateLeaseIfNotExists": func() error {
				_, err := tb.CreateLeaseIfNotExists(nilCtx, kcl.Lease{LeaseKey: "other"})
				return err
			},
			"GetLease":   func() error { _, err := tb.GetLease(nilCtx, l.LeaseKey); return err },
			"ListLeases": func() error { _, err := tb.ListLeases(nilCtx); return err },
			"TakeLease":  func() error { _, err := tb.TakeLease(nilCtx, l, "w"); return err },
			"RenewLease": func() error { _, err := tb.RenewLease(nilCtx, l); return err },
			"EvictLease": func() error { _, err := tb.EvictLease(nilCtx, l); return err },
			"UpdateCheckpoint": func() error {
				_, err := tb.UpdateCheckpoint(nilCtx, l, kcl.CheckpointShardEnd)
				return err
			},
			"DeleteLease": func() error { return tb.DeleteLease(nilCtx, l.LeaseKey) },
		}
		for name, call := range calls {
			if err := call(); err == nil {
				t.Errorf("%s with a nil context: no error", name)
			}
		}
		ls, err := tb.ListLeases(ctx)
		if err != nil || len(ls) != 1 || !equal(ls[0], l) {
			t.Fatalf("after refused calls the table lists %+v, %v; want only %+v", ls, err, l)
		}
	})

	// The property the KCL's conditional writes exist for: of workers racing to take one lease with the counter
	// they read, exactly one succeeds.
	t.Run("ConcurrentTakesOfOneCounterHaveOneWinner", func(t *testing.T) {
		tb := fresh(t)
		create(t, tb, sample)
		l := get(t, tb, sample.LeaseKey)
		const racers = 16
		var wg sync.WaitGroup
		errs := make([]error, racers)
		for i := range racers {
			wg.Go(func() { _, errs[i] = tb.TakeLease(ctx, l, fmt.Sprintf("worker-%d", i)) })
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, kcl.ErrLeaseConflict):
				t.Fatalf("a losing take: %v; want ErrLeaseConflict", err)
			}
		}
		if got := get(t, tb, sample.LeaseKey); won != 1 || got.LeaseCounter != l.LeaseCounter+1 {
			t.Fatalf("%d takes won, counter %d; want exactly 1 and counter %d", won, got.LeaseCounter, l.LeaseCounter+1)
		}
	})
}

// equal compares leases field by field.
func equal(a, b kcl.Lease) bool {
	return a.LeaseKey == b.LeaseKey && a.LeaseOwner == b.LeaseOwner && a.LeaseCounter == b.LeaseCounter &&
		a.Checkpoint == b.Checkpoint && slices.Equal(a.ParentShardIds, b.ParentShardIds) &&
		a.HashKeyRange == b.HashKeyRange && a.OwnerSwitchesSinceCheckpoint == b.OwnerSwitchesSinceCheckpoint
}
