package kcl

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/kinesim/kinesim/record"
)

// Checkpoint is how far the application has processed a shard: a sequence number with the sub-sequence number of
// a user record inside an aggregated record (the KCL's ExtendedSequenceNumber), or one of the sentinels
// [CheckpointTrimHorizon], [CheckpointLatest], [CheckpointAtTimestamp] (where a shard never checkpointed starts) and
// [CheckpointShardEnd] (the shard has been processed to its end). The zero Checkpoint is "no checkpoint".
type Checkpoint struct {
	// SequenceNumber is a record's decimal sequence number or a sentinel's name.
	SequenceNumber string
	// SubSequenceNumber is the position of the user record in its aggregated record (0 for a record that was not
	// aggregated, and for sentinels).
	SubSequenceNumber uint64
}

// The sentinels stored in the checkpoint column instead of a sequence number (KCL SentinelCheckpoint).
const (
	SentinelTrimHorizon = "TRIM_HORIZON"
	SentinelLatest      = "LATEST"
	SentinelShardEnd    = "SHARD_END"
	SentinelAtTimestamp = "AT_TIMESTAMP"
)

// The sentinel checkpoints.
var (
	// CheckpointTrimHorizon: the shard starts at its oldest record.
	CheckpointTrimHorizon = Checkpoint{SequenceNumber: SentinelTrimHorizon}
	// CheckpointLatest: the shard starts after its newest record when the lease is first processed.
	CheckpointLatest = Checkpoint{SequenceNumber: SentinelLatest}
	// CheckpointAtTimestamp: the shard starts at the worker's configured timestamp ([InitialPosition]).
	CheckpointAtTimestamp = Checkpoint{SequenceNumber: SentinelAtTimestamp}
	// CheckpointShardEnd: the shard was processed to its end; its children may start.
	CheckpointShardEnd = Checkpoint{SequenceNumber: SentinelShardEnd}
)

// IsSentinel reports whether c is one of the four sentinels.
func (c Checkpoint) IsSentinel() bool {
	switch c.SequenceNumber {
	case SentinelTrimHorizon, SentinelLatest, SentinelShardEnd, SentinelAtTimestamp:
		return true
	}
	return false
}

// String returns the sequence number, followed by "/" and the sub-sequence number when it is not 0.
func (c Checkpoint) String() string {
	if c.SubSequenceNumber == 0 {
		return c.SequenceNumber
	}
	return c.SequenceNumber + "/" + strconv.FormatUint(c.SubSequenceNumber, 10)
}

// Less reports whether c comes before o in a shard, comparing sequence numbers as decimal integers, then
// sub-sequence numbers. Sentinels compare as TRIM_HORIZON, LATEST and AT_TIMESTAMP before every number and
// SHARD_END after every number.
func (c Checkpoint) Less(o Checkpoint) bool { return c.compare(o) < 0 }

func (c Checkpoint) compare(o Checkpoint) int {
	rank := func(x Checkpoint) int {
		switch x.SequenceNumber {
		case SentinelTrimHorizon, SentinelLatest, SentinelAtTimestamp, "":
			return 0
		case SentinelShardEnd:
			return 2
		}
		return 1
	}
	if a, b := rank(c), rank(o); a != b || a != 1 {
		return a - b
	}
	if d := compareDecimal(c.SequenceNumber, o.SequenceNumber); d != 0 {
		return d
	}
	return cmp.Compare(c.SubSequenceNumber, o.SubSequenceNumber)
}

// compareDecimal compares two decimal integers without leading zeros, of any length.
func compareDecimal(a, b string) int {
	if d := cmp.Compare(len(a), len(b)); d != 0 {
		return d
	}
	return cmp.Compare(a, b)
}

// Lease is one row of the lease table, as the KCL keeps it in DynamoDB: the lease of one shard.
type Lease struct {
	// LeaseKey is the shard id.
	LeaseKey string
	// LeaseOwner is the id of the worker holding the lease, "" when nobody does.
	LeaseOwner string
	// LeaseCounter is the lease's version: every write of the table increments it, and every conditional write
	// names the counter it read (the KCL's leaseCounter, a concurrency token).
	LeaseCounter int64
	// Checkpoint is how far the shard has been processed.
	Checkpoint Checkpoint
	// ParentShardIds are the shard's parents (one after a split, two after a merge), which must reach SHARD_END
	// before the shard is processed.
	ParentShardIds []string
	// HashKeyRange is the shard's hash-key range; user records of an aggregate outside it are dropped, as the KCL
	// drops them. The zero range means unknown (no record is dropped).
	HashKeyRange record.HashKeyRange
	// OwnerSwitchesSinceCheckpoint counts the owners that took the lease since its last checkpoint.
	OwnerSwitchesSinceCheckpoint int64
}

// clone returns l with its own ParentShardIds.
func (l Lease) clone() Lease {
	l.ParentShardIds = slices.Clone(l.ParentShardIds)
	return l
}

// Errors of the lease table and of the worker. They are the KCL's, not AWS exceptions (a DynamoDB table reports
// its ConditionalCheckFailedException as ErrLeaseConflict).
var (
	// ErrLeaseConflict: a conditional write failed: the lease's counter or owner is not what the caller read.
	ErrLeaseConflict = errors.New("kcl: lease changed since it was read (conditional write failed)")
	// ErrLeaseNotFound: no lease has the key.
	ErrLeaseNotFound = errors.New("kcl: no such lease")
	// ErrInvalidLease: a lease to create has no key.
	ErrInvalidLease = errors.New("kcl: lease has no key")
	// ErrNilContext is returned by a call given a nil context.Context.
	ErrNilContext = errors.New("kcl: nil context.Context")
)

// LeaseTable is where a group of workers keep their leases: one lease per shard, updated only by conditional
// writes on the lease counter, as the KCL updates its DynamoDB table. Implementations must be safe for concurrent
// use, linearizable, and pass kcltest.RunLeaseTableSpec. Every method refuses a nil context with an error and
// changes nothing when it returns an error. Leases returned are the caller's (no memory is shared with the table).
type LeaseTable interface {
	// CreateLeaseIfNotExists stores l unless a lease of its key exists, and reports whether it did. The stored
	// lease is l as given (its counter included).
	CreateLeaseIfNotExists(ctx context.Context, l Lease) (bool, error)
	// GetLease returns the lease of key, or ErrLeaseNotFound.
	GetLease(ctx context.Context, key string) (Lease, error)
	// ListLeases returns every lease, ordered by key.
	ListLeases(ctx context.Context) ([]Lease, error)
	// TakeLease makes owner the owner of the lease l.LeaseKey if its counter is still l.LeaseCounter, increments
	// the counter, and counts an owner switch when the owner changes; it returns the lease written, or
	// ErrLeaseConflict or ErrLeaseNotFound.
	TakeLease(ctx context.Context, l Lease, owner string) (Lease, error)
	// RenewLease increments the counter of the lease l.LeaseKey if its counter and owner are still
	// l.LeaseCounter and l.LeaseOwner; it returns the lease written, or ErrLeaseConflict or ErrLeaseNotFound.
	RenewLease(ctx context.Context, l Lease) (Lease, error)
	// EvictLease clears the owner of the lease l.LeaseKey and increments its counter if its owner is still
	// l.LeaseOwner; it returns the lease written, or ErrLeaseConflict or ErrLeaseNotFound.
	EvictLease(ctx context.Context, l Lease) (Lease, error)
	// UpdateCheckpoint sets the checkpoint of the lease l.LeaseKey to cp, resets OwnerSwitchesSinceCheckpoint and
	// increments the counter, if its counter and owner are still l.LeaseCounter and l.LeaseOwner; it returns the
	// lease written, or ErrLeaseConflict or ErrLeaseNotFound.
	UpdateCheckpoint(ctx context.Context, l Lease, cp Checkpoint) (Lease, error)
	// DeleteLease removes the lease of key; deleting a missing lease is not an error.
	DeleteLease(ctx context.Context, key string) error
}

// MemLeaseTable is a [LeaseTable] in memory. It is safe for concurrent use; the zero value is an empty table,
// ready to use. Its memory is the leases it holds.
type MemLeaseTable struct {
	mu     sync.Mutex
	leases map[string]Lease
}

// NewMemLeaseTable returns an empty in-memory lease table.
func NewMemLeaseTable() *MemLeaseTable { return &MemLeaseTable{} }

// CreateLeaseIfNotExists implements [LeaseTable].
func (m *MemLeaseTable) CreateLeaseIfNotExists(ctx context.Context, l Lease) (bool, error) {
	if ctx == nil {
		return false, ErrNilContext
	}
	if l.LeaseKey == "" {
		return false, ErrInvalidLease
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.leases[l.LeaseKey]; ok {
		return false, nil
	}
	if m.leases == nil {
		m.leases = make(map[string]Lease)
	}
	m.leases[l.LeaseKey] = l.clone()
	return true, nil
}

// GetLease implements [LeaseTable].
func (m *MemLeaseTable) GetLease(ctx context.Context, key string) (Lease, error) {
	if ctx == nil {
		return Lease{}, ErrNilContext
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.leases[key]
	if !ok {
		return Lease{}, ErrLeaseNotFound
	}
	return l.clone(), nil
}

// ListLeases implements [LeaseTable].
func (m *MemLeaseTable) ListLeases(ctx context.Context) ([]Lease, error) {
	if ctx == nil {
		return nil, ErrNilContext
	}
	m.mu.Lock()
	out := make([]Lease, 0, len(m.leases))
	for _, l := range m.leases {
		out = append(out, l.clone())
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].LeaseKey < out[j].LeaseKey })
	return out, nil
}

// update applies change to the lease of key if check accepts it, incrementing the counter.
func (m *MemLeaseTable) update(ctx context.Context, key string, check func(cur Lease) bool, change func(l *Lease)) (Lease, error) {
	if ctx == nil {
		return Lease{}, ErrNilContext
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.leases[key]
	if !ok {
		return Lease{}, ErrLeaseNotFound
	}
	if !check(cur) {
		return Lease{}, ErrLeaseConflict
	}
	change(&cur)
	cur.LeaseCounter++
	m.leases[key] = cur
	return cur.clone(), nil
}

// TakeLease implements [LeaseTable].
func (m *MemLeaseTable) TakeLease(ctx context.Context, l Lease, owner string) (Lease, error) {
	return m.update(ctx, l.LeaseKey, func(cur Lease) bool { return cur.LeaseCounter == l.LeaseCounter }, func(cur *Lease) {
		if cur.LeaseOwner != owner {
			cur.OwnerSwitchesSinceCheckpoint++
		}
		cur.LeaseOwner = owner
	})
}

// RenewLease implements [LeaseTable].
func (m *MemLeaseTable) RenewLease(ctx context.Context, l Lease) (Lease, error) {
	return m.update(ctx, l.LeaseKey, func(cur Lease) bool {
		return cur.LeaseCounter == l.LeaseCounter && cur.LeaseOwner == l.LeaseOwner
	}, func(*Lease) {})
}

// EvictLease implements [LeaseTable].
func (m *MemLeaseTable) EvictLease(ctx context.Context, l Lease) (Lease, error) {
	return m.update(ctx, l.LeaseKey, func(cur Lease) bool { return cur.LeaseOwner == l.LeaseOwner }, func(cur *Lease) {
		cur.LeaseOwner = ""
	})
}

// UpdateCheckpoint implements [LeaseTable].
func (m *MemLeaseTable) UpdateCheckpoint(ctx context.Context, l Lease, cp Checkpoint) (Lease, error) {
	return m.update(ctx, l.LeaseKey, func(cur Lease) bool {
		return cur.LeaseCounter == l.LeaseCounter && cur.LeaseOwner == l.LeaseOwner
	}, func(cur *Lease) {
		cur.Checkpoint = cp
		cur.OwnerSwitchesSinceCheckpoint = 0
	})
}

// DeleteLease implements [LeaseTable].
func (m *MemLeaseTable) DeleteLease(ctx context.Context, key string) error {
	if ctx == nil {
		return ErrNilContext
	}
	m.mu.Lock()
	delete(m.leases, key)
	m.mu.Unlock()
	return nil
}
