package retry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/internal/retry"
)

// A write that fails twice, retried on a manual clock: the backoff waits 1 s, then 2 s.
func ExamplePolicy_Do() {
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	clk := clock.NewManual(start)
	p := retry.Policy{Clock: clk, BackoffStart: time.Second, BackoffMax: time.Minute, CloseAttempts: 3}
	failures := 2
	write := func() error {
		fmt.Println("attempt at", clk.Now().Sub(start))
		if failures > 0 {
			failures--
			return errors.New("503 Slow Down")
		}
		return nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		n, err := p.Do(retry.Within(start, time.Hour), write, nil)
		fmt.Println(n, "attempts,", err)
	}()
	for range 2 { // the two backoff waits
		_ = clk.WaitPending(context.Background(), 1)
		clk.Step()
	}
	<-done
	// Output:
	// attempt at 0s
	// attempt at 1s
	// attempt at 3s
	// 3 attempts, <nil>
}
