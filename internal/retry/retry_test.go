package retry_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/internal/retry"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

var errDown = errors.New("503 Slow Down")

func policy(clk clock.Clock, drain <-chan struct{}) retry.Policy {
	return retry.Policy{Clock: clk, Drain: drain, BackoffStart: time.Second, BackoffMax: 4 * time.Second, CloseAttempts: 3}
}

// run calls do in a goroutine and steps clk's timers as they are armed until do returns.
func run(t *testing.T, clk *clock.Manual, do func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); do() }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		select {
		case <-done:
			return
		default:
		}
		wctx, wcancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-done:
			case <-wctx.Done():
			}
			wcancel()
		}()
		err := clk.WaitPending(wctx, 1)
		wcancel()
		if err == nil {
			clk.Step()
		} else if ctx.Err() != nil {
			t.Fatal("retries did not end")
		}
	}
}

// failing is an attempt that records its time (from t0) in times and fails but for the succeedAt-th attempt.
func failing(clk clock.Clock, times *[]time.Duration, succeedAt int) func() error {
	return func() error {
		*times = append(*times, clk.Now().Sub(t0))
		if len(*times) == succeedAt {
			return nil
		}
		return errDown
	}
}

// Firehose's S3 retries: the backoff doubles from its start to its maximum, each wait cut to what is left of the
// window, and the retries end when the window from the first attempt has passed.
func TestDoBacksOffDoublingUntilTheWindowFromTheFirstAttemptEnds(t *testing.T) {
	clk := clock.NewManual(t0)
	p := policy(clk, nil)
	var times []time.Duration
	var n int
	var err error
	run(t, clk, func() { n, err = p.Do(retry.Within(t0, 14*time.Second), failing(clk, &times, 0), nil) })
	want := []time.Duration{0, 1 * time.Second, 3 * time.Second, 7 * time.Second, 11 * time.Second, 14 * time.Second}
	if n != 6 || err != errDown || !slices.Equal(times, want) {
		t.Fatalf("%d attempts at %v, %v; want 6 at %v", n, times, err, want)
	}
}

func TestDoReturnsAtTheFirstSuccess(t *testing.T) {
	clk := clock.NewManual(t0)
	p := policy(clk, nil)
	var times []time.Duration
	var n int
	var err error
	var seen []error
	run(t, clk, func() {
		n, err = p.Do(retry.Forever, failing(clk, &times, 3), func(_ time.Time, err error) bool { seen = append(seen, err); return false })
	})
	if n != 3 || err != nil || !slices.Equal(times, []time.Duration{0, time.Second, 3 * time.Second}) ||
		!slices.Equal(seen, []error{errDown, errDown, nil}) {
		t.Fatalf("%d %v %v %v", n, err, times, seen)
	}
}

// An error that retrying cannot cure ends the retries at once.
func TestDoStopsWhenObserveSaysTheErrorIsPermanent(t *testing.T) {
	clk := clock.NewManual(t0)
	p := policy(clk, nil)
	var times []time.Duration
	n, err := p.Do(retry.Forever, failing(clk, &times, 0), func(_ time.Time, err error) bool { return err != nil })
	if n != 1 || err != errDown || clk.Pending() != 0 {
		t.Fatalf("%d %v, %d timers", n, err, clk.Pending())
	}
}

// Firehose's HTTP endpoint and Splunk retries: the window counts the waits between attempts, not the attempts.
func TestWaitingCountsOnlyTheWaitsBetweenAttempts(t *testing.T) {
	clk := clock.NewManual(t0)
	p := policy(clk, nil)
	var times []time.Duration
	slow := func() error { times = append(times, clk.Now().Sub(t0)); clk.Advance(time.Minute); return errDown }
	var n int
	run(t, clk, func() { n, _ = p.Do(retry.Waiting(3*time.Second), slow, nil) })
	want := []time.Duration{0, 61 * time.Second, 123 * time.Second} // waits of 1 s and 2 s, then the window is spent
	if n != 3 || !slices.Equal(times, want) {
		t.Fatalf("%d at %v, want %v", n, times, want)
	}
	if n, _ := p.Do(retry.Within(clk.Now(), 0), slow, nil); n != 1 {
		t.Fatalf("a window of 0 made %d attempts", n)
	}
}

// Once the service is closing, retries do not wait and end after CloseAttempts attempts, even with no window end.
func TestDoMakesCloseAttemptsWithoutWaitingOnceDraining(t *testing.T) {
	clk := clock.NewManual(t0)
	drain := make(chan struct{})
	close(drain)
	p := policy(clk, drain)
	var times []time.Duration
	n, err := p.Do(retry.Forever, failing(clk, &times, 0), nil)
	if n != 3 || err != errDown || !slices.Equal(times, []time.Duration{0, 0, 0}) || clk.Pending() != 0 || !p.Draining() {
		t.Fatalf("%d %v %v, %d timers", n, err, times, clk.Pending())
	}
}

// A wait in progress ends when the service starts closing.
func TestSleepEndsWhenDrainCloses(t *testing.T) {
	clk := clock.NewManual(t0)
	drain := make(chan struct{})
	p := policy(clk, drain)
	done := make(chan struct{})
	go func() { defer close(done); p.Sleep(time.Hour) }()
	if err := clk.WaitPending(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	close(drain)
	<-done
	if clk.Pending() != 0 || !clk.Now().Equal(t0) {
		t.Fatalf("%d timers at %v", clk.Pending(), clk.Now())
	}
}

var errTimedOut = errors.New("attempt timed out")

// An attempt that outlives its timeout failed with the timeout error, whatever it returns afterwards; one that
// returns in time gives its own result.
func TestTimedFailsAnAttemptThatOutlivesItsTimeout(t *testing.T) {
	clk := clock.NewManual(t0)
	p := policy(clk, nil)
	var err error
	run(t, clk, func() {
		err = p.Timed(5*time.Second, errTimedOut, func(ctx context.Context) error { <-ctx.Done(); return nil })
	})
	if err != errTimedOut || !clk.Now().Equal(t0.Add(5*time.Second)) {
		t.Fatalf("%v at %v", err, clk.Now())
	}
	if err := p.Timed(5*time.Second, errTimedOut, func(context.Context) error { return errDown }); err != errDown || clk.Pending() != 0 {
		t.Fatalf("%v, %d timers", err, clk.Pending())
	}
}
