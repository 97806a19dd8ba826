package kcltest_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/kcl/kcltest"
)

// careless is a lease table that takes a lease whatever counter the taker read: two workers can both take one.
type careless struct {
	*kcl.MemLeaseTable
	mu *sync.Mutex
}

func (c careless) TakeLease(ctx context.Context, l kcl.Lease, owner string) (kcl.Lease, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cur, err := c.GetLease(ctx, l.LeaseKey)
	if err != nil {
		return kcl.Lease{}, err
	}
	return c.MemLeaseTable.TakeLease(ctx, cur, owner)
}

// Verify runs the conformance cases outside a test: the in-memory table passes them, a table that ignores the
// lease counter when taking fails two.
func ExampleVerify() {
	fmt.Println(len(kcltest.Cases()), "cases")
	fmt.Println("in memory:", kcltest.Verify(func() kcl.LeaseTable { return kcl.NewMemLeaseTable() }))
	err := kcltest.Verify(func() kcl.LeaseTable { return careless{kcl.NewMemLeaseTable(), new(sync.Mutex)} })
	fmt.Println("careless:", err)
	// Output:
	// 10 cases
	// in memory: <nil>
	// careless: TakeLeaseIsConditionalOnTheCounter: TakeLease with a stale counter: error <nil>; want kcl: lease changed since it was read (conditional write failed)
	// ConcurrentTakesOfOneCounterHaveOneWinner: 16 takes won, counter 16 (<nil>); want exactly 1 and counter 1
}
