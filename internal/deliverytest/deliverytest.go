// Package deliverytest is the scaffolding of the delivery services' nothing-lost property tests (firehose's and
// channel's: at-least-once delivery, every record delivered or in the error output): destinations that fail or
// hang a share of their attempts at random, and the tally of the records found again. It is for tests only.
package deliverytest

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
)

// Fate is what a faulty destination does with one attempt.
type Fate int

const (
	// Take: the attempt succeeds.
	Take Fate = iota
	// Fail: the attempt fails at once.
	Fail
	// Hang: the attempt blocks until its context is done (the attempt timeout); the destination may then take the
	// data anyway, a duplicate.
	Hang
)

// Faults decides at random, for each attempt, whether a destination fails it (with probability fail), hangs past
// the attempt timeout (hang) or takes it. A Faults is safe for concurrent use; its decisions follow its random
// source, one draw per decision.
type Faults struct {
	mu         sync.Mutex
	rng        *rand.Rand
	fail, hang float64
}

// NewFaults returns the faults of a destination failing a share fail of its attempts and hanging a share hang,
// drawn from rng.
func NewFaults(rng *rand.Rand, fail, hang float64) *Faults {
	return &Faults{rng: rng, fail: fail, hang: hang}
}

// Next decides an attempt's fate.
func (f *Faults) Next() Fate {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rng.Float64()
	switch {
	case r < f.fail:
		return Fail
	case r < f.fail+f.hang:
		return Hang
	}
	return Take
}

// FailOne decides whether one item of an attempt (a document of a bulk request) fails alone: true with
// probability fail.
func (f *Faults) FailOne() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rng.Float64() < f.fail
}

// ObjectStore is the PutObject of firehose.ObjectStore and channel.ObjectStore (a *firehose.MemoryStore
// satisfies it).
type ObjectStore interface {
	PutObject(ctx context.Context, bucket, key string, body []byte) error
}

// FlakyStore is an object store that fails or hangs writes as its Faults decide, and otherwise writes to the
// store it wraps. A hanging write blocks until its context is done and then writes anyway (a store that answers
// after the attempt timeout: a duplicate). It is as safe for concurrent use as the store it wraps.
type FlakyStore struct {
	store  ObjectStore
	faults *Faults
}

// NewFlakyStore returns a store writing to store the writes that faults lets through.
func NewFlakyStore(store ObjectStore, faults *Faults) *FlakyStore {
	return &FlakyStore{store: store, faults: faults}
}

// PutObject fails ("injected failure"), hangs until ctx is done and then writes (returning ctx's error), or
// writes body to the wrapped store, as the faults decide.
func (s *FlakyStore) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	switch s.faults.Next() {
	case Fail:
		return errors.New("injected failure")
	case Hang:
		<-ctx.Done()
		_ = s.store.PutObject(context.Background(), bucket, key, body) // written late: the engine retries anyway
		return ctx.Err()
	}
	return s.store.PutObject(ctx, bucket, key, body)
}

// NoneLost fails t (fatally) if a record of found was found no time: found maps each record sent to the times it
// was found delivered or in the error output. It returns the number of duplicates, the finds beyond the first.
// seed names the run in the failure.
func NoneLost(t testing.TB, seed uint64, found map[string]int) (duplicates int) {
	t.Helper()
	for rec, n := range found {
		if n == 0 {
			t.Fatalf("seed %d: record %.20s… lost", seed, rec)
		}
		duplicates += n - 1
	}
	return duplicates
}
