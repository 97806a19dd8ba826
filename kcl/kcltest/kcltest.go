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

// Case is one conformance check of a lease table: Check is given a fresh, empty table and returns nil when the
// table behaves as kcl.LeaseTable documents, or an error saying how it does not.
type Case struct {
	Name  string
	Check func(ctx context.Context, tb kcl.LeaseTable) error
}

// RunLeaseTableSpec runs every case of [Cases] as a subtest of t, each on a fresh, empty table made by newTable.
func RunLeaseTableSpec(t *testing.T, newTable func() kcl.LeaseTable) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			if err := run(c, newTable); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Verify runs every case of [Cases], each on a fresh, empty table made by newTable, outside a test (against a
// real store, from a command), and returns the failures joined, each prefixed with its case's name; nil when the
// table conforms.
func Verify(newTable func() kcl.LeaseTable) error {
	var errs []error
	for _, c := range Cases() {
		if err := run(c, newTable); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.Name, err))
		}
	}
	return errors.Join(errs...)
}

func run(c Case, newTable func() kcl.LeaseTable) error {
	ctx := context.Background()
	tb := newTable()
	if ls, err := tb.ListLeases(ctx); err != nil || len(ls) != 0 {
		return fmt.Errorf("a new table lists %v, %v; want no leases and no error", ls, err)
	}
	return c.Check(ctx, tb)
}

// sample is the lease most cases start from: a merge's child with a hash-key range.
func sample() kcl.Lease {
	return kcl.Lease{
		LeaseKey:       "shardId-000000000002",
		Checkpoint:     kcl.CheckpointTrimHorizon,
		ParentShardIds: []string{"shardId-000000000000", "shardId-000000000001"},
		HashKeyRange:   record.HashKeyRange{EndingHashKey: record.MaxHashKey},
	}
}

func create(ctx context.Context, tb kcl.LeaseTable, l kcl.Lease) error {
	if ok, err := tb.CreateLeaseIfNotExists(ctx, l); !ok || err != nil {
		return fmt.Errorf("CreateLeaseIfNotExists(%s) = %v, %v; want true, nil", l.LeaseKey, ok, err)
	}
	return nil
}

// stored creates the sample lease and returns it as read back.
func stored(ctx context.Context, tb kcl.LeaseTable) (kcl.Lease, error) {
	s := sample()
	if err := create(ctx, tb, s); err != nil {
		return kcl.Lease{}, err
	}
	l, err := tb.GetLease(ctx, s.LeaseKey)
	if err != nil {
		return kcl.Lease{}, fmt.Errorf("GetLease: %w", err)
	}
	return l, nil
}

// created creates the sample lease and takes it for worker-a, returning the taken lease.
func created(ctx context.Context, tb kcl.LeaseTable) (kcl.Lease, error) {
	l, err := stored(ctx, tb)
	if err != nil {
		return kcl.Lease{}, err
	}
	a, err := tb.TakeLease(ctx, l, "worker-a")
	if err != nil {
		return kcl.Lease{}, fmt.Errorf("TakeLease: %w", err)
	}
	return a, nil
}

// unchanged checks that the stored lease is still want.
func unchanged(ctx context.Context, tb kcl.LeaseTable, want kcl.Lease, after string) error {
	got, err := tb.GetLease(ctx, want.LeaseKey)
	if err != nil {
		return fmt.Errorf("GetLease after %s: %w", after, err)
	}
	if !equal(got, want) {
		return fmt.Errorf("after %s the lease is %+v; want %+v", after, got, want)
	}
	return nil
}

func wantErr(what string, err, want error) error {
	if !errors.Is(err, want) {
		return fmt.Errorf("%s: error %v; want %v", what, err, want)
	}
	return nil
}

// Cases returns the conformance cases, which follow the conditional writes of the KCL's DynamoDBLeaseRefresher
// (createLeaseIfNotExists, takeLease, renewLease, evictLease, updateLease): every write increments the lease
// counter, and each is conditional on the counter and owner the caller read, so that two workers never both take
// one lease.
func Cases() []Case {
	return []Case{
		{"CreateLeaseIfNotExistsCreatesOnce", func(ctx context.Context, tb kcl.LeaseTable) error {
			s := sample()
			if err := create(ctx, tb, s); err != nil {
				return err
			}
			other := sample()
			other.LeaseOwner = "intruder"
			if ok, err := tb.CreateLeaseIfNotExists(ctx, other); ok || err != nil {
				return fmt.Errorf("second CreateLeaseIfNotExists = %v, %v; want false, nil", ok, err)
			}
			if err := unchanged(ctx, tb, s, "a second create"); err != nil {
				return err
			}
			if ok, err := tb.CreateLeaseIfNotExists(ctx, kcl.Lease{}); ok || err == nil {
				return fmt.Errorf("CreateLeaseIfNotExists of a lease with no key = %v, %v; want false and an error", ok, err)
			}
			return nil
		}},
		{"GetLeaseOfAMissingKeyIsErrLeaseNotFound", func(ctx context.Context, tb kcl.LeaseTable) error {
			_, err := tb.GetLease(ctx, "shardId-000000000009")
			return wantErr("GetLease of a missing key", err, kcl.ErrLeaseNotFound)
		}},
		{"ListLeasesIsOrderedByKeyAndSharesNoMemory", func(ctx context.Context, tb kcl.LeaseTable) error {
			for _, k := range []string{"shardId-000000000003", "shardId-000000000001", "shardId-000000000002"} {
				l := sample()
				l.LeaseKey = k
				if err := create(ctx, tb, l); err != nil {
					return err
				}
			}
			ls, err := tb.ListLeases(ctx)
			if err != nil || len(ls) != 3 {
				return fmt.Errorf("ListLeases = %d leases, %v; want 3", len(ls), err)
			}
			for i := 1; i < len(ls); i++ {
				if ls[i-1].LeaseKey >= ls[i].LeaseKey {
					return fmt.Errorf("ListLeases not ordered by key: %s before %s", ls[i-1].LeaseKey, ls[i].LeaseKey)
				}
			}
			ls[0].ParentShardIds[0] = "changed"
			got, err := tb.GetLease(ctx, ls[0].LeaseKey)
			if err != nil || got.ParentShardIds[0] != sample().ParentShardIds[0] {
				return fmt.Errorf("changing a listed lease changed the table: %v, %v", got.ParentShardIds, err)
			}
			return nil
		}},
		// takeLease: conditional on leaseCounter; sets the owner, increments the counter and, when the owner
		// changes, ownerSwitchesSinceCheckpoint.
		{"TakeLeaseIsConditionalOnTheCounter", func(ctx context.Context, tb kcl.LeaseTable) error {
			l, err := stored(ctx, tb)
			if err != nil {
				return err
			}
			a, err := tb.TakeLease(ctx, l, "worker-a")
			if err != nil {
				return fmt.Errorf("TakeLease: %w", err)
			}
			if a.LeaseOwner != "worker-a" || a.LeaseCounter != l.LeaseCounter+1 || a.OwnerSwitchesSinceCheckpoint != 1 {
				return fmt.Errorf("taken lease %+v; want owner worker-a, counter %d, 1 owner switch", a, l.LeaseCounter+1)
			}
			_, err = tb.TakeLease(ctx, l, "worker-b")
			if err := wantErr("TakeLease with a stale counter", err, kcl.ErrLeaseConflict); err != nil {
				return err
			}
			if err := unchanged(ctx, tb, a, "a failed take"); err != nil {
				return err
			}
			again, err := tb.TakeLease(ctx, a, "worker-a")
			if err != nil || again.OwnerSwitchesSinceCheckpoint != 1 || again.LeaseCounter != a.LeaseCounter+1 {
				return fmt.Errorf("retaking by the same owner = %+v, %v; want the counter incremented and no owner switch", again, err)
			}
			b, err := tb.TakeLease(ctx, again, "worker-b")
			if err != nil || b.LeaseOwner != "worker-b" || b.OwnerSwitchesSinceCheckpoint != 2 {
				return fmt.Errorf("stealing = %+v, %v; want owner worker-b with 2 owner switches", b, err)
			}
			_, err = tb.TakeLease(ctx, kcl.Lease{LeaseKey: "shardId-000000000009"}, "worker-a")
			return wantErr("TakeLease of a missing lease", err, kcl.ErrLeaseNotFound)
		}},
		// renewLease: conditional on leaseCounter and leaseOwner; increments the counter.
		{"RenewLeaseIsConditionalOnCounterAndOwner", func(ctx context.Context, tb kcl.LeaseTable) error {
			a, err := created(ctx, tb)
			if err != nil {
				return err
			}
			r, err := tb.RenewLease(ctx, a)
			if err != nil || r.LeaseCounter != a.LeaseCounter+1 || r.LeaseOwner != "worker-a" {
				return fmt.Errorf("RenewLease = %+v, %v; want the counter incremented, owner kept", r, err)
			}
			_, err = tb.RenewLease(ctx, a)
			if err := wantErr("RenewLease with a stale counter", err, kcl.ErrLeaseConflict); err != nil {
				return err
			}
			forged := r
			forged.LeaseOwner = "worker-b"
			_, err = tb.RenewLease(ctx, forged)
			if err := wantErr("RenewLease by another owner", err, kcl.ErrLeaseConflict); err != nil {
				return err
			}
			return unchanged(ctx, tb, r, "failed renewals")
		}},
		// evictLease: conditional on leaseOwner; clears the owner and increments the counter.
		{"EvictLeaseIsConditionalOnTheOwner", func(ctx context.Context, tb kcl.LeaseTable) error {
			a, err := created(ctx, tb)
			if err != nil {
				return err
			}
			forged := a
			forged.LeaseOwner = "worker-b"
			_, err = tb.EvictLease(ctx, forged)
			if err := wantErr("EvictLease by another owner", err, kcl.ErrLeaseConflict); err != nil {
				return err
			}
			e, err := tb.EvictLease(ctx, a)
			if err != nil || e.LeaseOwner != "" || e.LeaseCounter != a.LeaseCounter+1 {
				return fmt.Errorf("EvictLease = %+v, %v; want no owner, counter incremented", e, err)
			}
			return nil
		}},
		// updateLease (checkpointing): conditional on leaseCounter and leaseOwner; stores the checkpoint with its
		// sub-sequence number, resets ownerSwitchesSinceCheckpoint, increments the counter.
		{"UpdateCheckpointIsConditionalAndResetsOwnerSwitches", func(ctx context.Context, tb kcl.LeaseTable) error {
			a, err := created(ctx, tb)
			if err != nil {
				return err
			}
			cp := kcl.Checkpoint{SequenceNumber: "49590338271490256608559692538361571095921575989136588898", SubSequenceNumber: 7}
			u, err := tb.UpdateCheckpoint(ctx, a, cp)
			if err != nil || u.Checkpoint != cp || u.OwnerSwitchesSinceCheckpoint != 0 || u.LeaseCounter != a.LeaseCounter+1 {
				return fmt.Errorf("UpdateCheckpoint = %+v, %v; want checkpoint %v, 0 owner switches, counter incremented", u, err, cp)
			}
			_, err = tb.UpdateCheckpoint(ctx, a, kcl.CheckpointShardEnd)
			if err := wantErr("UpdateCheckpoint with a stale counter", err, kcl.ErrLeaseConflict); err != nil {
				return err
			}
			end, err := tb.UpdateCheckpoint(ctx, u, kcl.CheckpointShardEnd)
			if err != nil || end.Checkpoint != kcl.CheckpointShardEnd {
				return fmt.Errorf("UpdateCheckpoint(SHARD_END) = %+v, %v", end, err)
			}
			return unchanged(ctx, tb, end, "checkpointing SHARD_END")
		}},
		{"DeleteLeaseRemovesAndIgnoresMissingKeys", func(ctx context.Context, tb kcl.LeaseTable) error {
			s := sample()
			if err := create(ctx, tb, s); err != nil {
				return err
			}
			if err := tb.DeleteLease(ctx, s.LeaseKey); err != nil {
				return fmt.Errorf("DeleteLease: %w", err)
			}
			_, err := tb.GetLease(ctx, s.LeaseKey)
			if err := wantErr("GetLease after DeleteLease", err, kcl.ErrLeaseNotFound); err != nil {
				return err
			}
			if err := tb.DeleteLease(ctx, s.LeaseKey); err != nil {
				return fmt.Errorf("DeleteLease of a missing key: %v; want nil", err)
			}
			return nil
		}},
		{"NilContextIsRefusedAndChangesNothing", func(ctx context.Context, tb kcl.LeaseTable) error {
			l, err := created(ctx, tb)
			if err != nil {
				return err
			}
			var nilCtx context.Context
			calls := []struct {
				name string
				call func() error
			}{
				{"CreateLeaseIfNotExists", func() error {
					_, err := tb.CreateLeaseIfNotExists(nilCtx, kcl.Lease{LeaseKey: "other"})
					return err
				}},
				{"GetLease", func() error { _, err := tb.GetLease(nilCtx, l.LeaseKey); return err }},
				{"ListLeases", func() error { _, err := tb.ListLeases(nilCtx); return err }},
				{"TakeLease", func() error { _, err := tb.TakeLease(nilCtx, l, "w"); return err }},
				{"RenewLease", func() error { _, err := tb.RenewLease(nilCtx, l); return err }},
				{"EvictLease", func() error { _, err := tb.EvictLease(nilCtx, l); return err }},
				{"UpdateCheckpoint", func() error { _, err := tb.UpdateCheckpoint(nilCtx, l, kcl.CheckpointShardEnd); return err }},
				{"DeleteLease", func() error { return tb.DeleteLease(nilCtx, l.LeaseKey) }},
			}
			for _, c := range calls {
				if err := c.call(); err == nil {
					return fmt.Errorf("%s with a nil context: no error", c.name)
				}
			}
			ls, err := tb.ListLeases(ctx)
			if err != nil || len(ls) != 1 || !equal(ls[0], l) {
				return fmt.Errorf("after refused calls the table lists %+v, %v; want only %+v", ls, err, l)
			}
			return nil
		}},
		// The property the conditional writes exist for: of workers racing to take one lease with the counter
		// they read, exactly one succeeds.
		{"ConcurrentTakesOfOneCounterHaveOneWinner", func(ctx context.Context, tb kcl.LeaseTable) error {
			l, err := stored(ctx, tb)
			if err != nil {
				return err
			}
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
					return fmt.Errorf("a losing take: %v; want ErrLeaseConflict", err)
				}
			}
			got, err := tb.GetLease(ctx, l.LeaseKey)
			if err != nil || won != 1 || got.LeaseCounter != l.LeaseCounter+1 {
				return fmt.Errorf("%d takes won, counter %d (%v); want exactly 1 and counter %d", won, got.LeaseCounter, err, l.LeaseCounter+1)
			}
			return nil
		}},
	}
}

// equal compares leases field by field.
func equal(a, b kcl.Lease) bool {
	return a.LeaseKey == b.LeaseKey && a.LeaseOwner == b.LeaseOwner && a.LeaseCounter == b.LeaseCounter &&
		a.Checkpoint == b.Checkpoint && slices.Equal(a.ParentShardIds, b.ParentShardIds) &&
		a.HashKeyRange == b.HashKeyRange && a.OwnerSwitchesSinceCheckpoint == b.OwnerSwitchesSinceCheckpoint
}
