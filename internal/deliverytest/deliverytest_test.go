package deliverytest_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/internal/deliverytest"
)

// memStore records the keys written to it.
type memStore struct {
	mu   sync.Mutex
	keys []string
}

func (m *memStore) PutObject(_ context.Context, _, key string, _ []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys = append(m.keys, key)
	return nil
}

// TestFaultsFailAndHangTheirShares: over many attempts the fates come in the shares asked for, and FailOne fails
// the share fail.
func TestFaultsFailAndHangTheirShares(t *testing.T) {
	f := deliverytest.NewFaults(rand.New(rand.NewPCG(1, 2)), 0.3, 0.2)
	counts := map[deliverytest.Fate]int{}
	const n = 10000
	for range n {
		counts[f.Next()]++
	}
	for fate, want := range map[deliverytest.Fate]float64{deliverytest.Take: 0.5, deliverytest.Fail: 0.3, deliverytest.Hang: 0.2} {
		if got := float64(counts[fate]) / n; got < want-0.03 || got > want+0.03 {
			t.Errorf("fate %d: share %.3f, want %.1f", fate, got, want)
		}
	}
	failed := 0
	for range n {
		if f.FailOne() {
			failed++
		}
	}
	if got := float64(failed) / n; got < 0.27 || got > 0.33 {
		t.Errorf("FailOne: share %.3f, want 0.3", got)
	}
}

// TestFlakyStoreFailsHangsAndWritesLate: a failed write stores nothing; a hanging one returns its context's error
// once the context is done and then stores the object anyway (a duplicate of its retry); the others store it.
func TestFlakyStoreFailsHangsAndWritesLate(t *testing.T) {
	mem := &memStore{}
	failing := deliverytest.NewFlakyStore(mem, deliverytest.NewFaults(rand.New(rand.NewPCG(1, 2)), 1, 0))
	if err := failing.PutObject(context.Background(), "b", "failed", nil); err == nil {
		t.Fatal("a failing store took the write")
	}
	hanging := deliverytest.NewFlakyStore(mem, deliverytest.NewFaults(rand.New(rand.NewPCG(1, 2)), 0, 1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if err := hanging.PutObject(ctx, "b", "late", nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hanging write: %v, want the context's error", err)
	}
	taking := deliverytest.NewFlakyStore(mem, deliverytest.NewFaults(rand.New(rand.NewPCG(1, 2)), 0, 0))
	if err := taking.PutObject(context.Background(), "b", "taken", nil); err != nil {
		t.Fatal(err)
	}
	if got := mem.keys; len(got) != 2 || got[0] != "late" || got[1] != "taken" {
		t.Fatalf("stored %q, want the late write and the taken one", got)
	}
}

// TestNoneLostCountsDuplicates: with every record found, NoneLost returns the finds beyond the first.
func TestNoneLostCountsDuplicates(t *testing.T) {
	if got := deliverytest.NoneLost(t, 1, map[string]int{"a": 1, "b": 3, "c": 2}); got != 3 {
		t.Fatalf("duplicates = %d, want 3", got)
	}
}
