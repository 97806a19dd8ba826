package clock_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/clock"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// recorder collects labelled events from callbacks, safe for concurrent use.
type recorder struct {
	mu  sync.Mutex
	got []string
}

func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, fmt.Sprintf(format, args...))
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	return got
}

func (r *recorder) want(t *testing.T, want ...string) {
	t.Helper()
	if got := r.take(); !slices.Equal(got, want) {
		t.Fatalf("events = %q, want %q", got, want)
	}
}

// since formats the offset of now from t0.
func since(now time.Time) string { return now.Sub(t0).String() }

func assertNow(t *testing.T, m *clock.Manual, want time.Duration) {
	t.Helper()
	if got := m.Now().Sub(t0); got != want {
		t.Fatalf("Now() = t0+%v, want t0+%v", got, want)
	}
}

func assertPending(t *testing.T, m *clock.Manual, want int) {
	t.Helper()
	if got := m.Pending(); got != want {
		t.Fatalf("Pending() = %d, want %d", got, want)
	}
}

func assertReceived(t *testing.T, tm clock.Timer, want time.Time) {
	t.Helper()
	select {
	case got := <-tm.C():
		if !got.Equal(want) {
			t.Fatalf("received %v, want %v", got, want)
		}
	default:
		t.Fatalf("nothing received, want %v", want)
	}
}

func assertNotReceived(t *testing.T, tm clock.Timer) {
	t.Helper()
	select {
	case got := <-tm.C():
		t.Fatalf("received %v, want nothing", got)
	default:
	}
}

func TestManualNowStartsAtStartAndAdvancesByD(t *testing.T) {
	m := clock.NewManual(t0)
	assertNow(t, m, 0)
	m.Advance(3 * time.Second)
	assertNow(t, m, 3*time.Second)
	m.Advance(time.Hour)
	assertNow(t, m, time.Hour+3*time.Second)
}

func TestManualDropsMonotonicReading(t *testing.T) {
	start := time.Now()
	m := clock.NewManual(start)
	if got := m.Now(); got != start.Round(0) || !got.Equal(start) {
		t.Fatalf("Now() = %v, want %v without monotonic reading", got, start.Round(0))
	}
}

func TestManualZeroValueIsUsable(t *testing.T) {
	var m clock.Manual
	var r recorder
	m.AfterFunc(time.Second, func() { r.add("fired") })
	m.Advance(time.Second)
	r.want(t, "fired")
	if got := m.Now(); !got.Equal(time.Time{}.Add(time.Second)) {
		t.Fatalf("Now() = %v, want zero time + 1s", got)
	}
}

func TestManualFiresTimersInDueOrder(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	for _, d := range []time.Duration{5, 1, 4, 2, 3} {
		m.AfterFunc(d*time.Second, func() { r.add("%v", d*time.Second) })
	}
	m.Advance(3 * time.Second)
	r.want(t, "1s", "2s", "3s")
	assertPending(t, m, 2)
	m.Advance(10 * time.Second)
	r.want(t, "4s", "5s")
	assertPending(t, m, 0)
}

func TestManualTiesFireInArmOrder(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	for i := range 6 {
		if i%2 == 0 {
			m.AfterFunc(time.Second, func() { r.add("f%d", i) })
		} else {
			tm := m.NewTimer(time.Second)
			m.AfterFunc(time.Second, func() {
				// The channel timer armed just before this callback
				// has already fired.
				select {
				case <-tm.C():
					r.add("c%d", i)
				default:
					r.add("c%d missing", i)
				}
			})
		}
	}
	m.Advance(time.Second)
	r.want(t, "f0", "c1", "f2", "c3", "f4", "c5")
}

func TestManualResetMovesTimerToBackOfTies(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	a := m.AfterFunc(time.Second, func() { r.add("a") })
	m.AfterFunc(time.Second, func() { r.add("b") })
	a.Reset(time.Second)
	m.Advance(time.Second)
	r.want(t, "b", "a")
}

func TestManualNowIsDueTimeDuringCallback(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	for _, d := range []time.Duration{time.Second, 2500 * time.Millisecond, time.Minute} {
		m.AfterFunc(d, func() { r.add("%s", since(m.Now())) })
	}
	m.Advance(time.Hour)
	r.want(t, "1s", "2.5s", "1m0s")
	assertNow(t, m, time.Hour)
}

func TestManualChannelTimerSendsDueTime(t *testing.T) {
	m := clock.NewManual(t0)
	tm := m.NewTimer(2 * time.Second)
	m.Advance(time.Second)
	assertNotReceived(t, tm)
	m.Advance(time.Minute)
	assertReceived(t, tm, t0.Add(2*time.Second))
}

func TestManualCallbackArmsTimerDueWithinSameAdvance(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	var ch clock.Timer
	m.AfterFunc(time.Second, func() {
		r.add("outer@%s", since(m.Now()))
		m.AfterFunc(time.Second, func() { r.add("inner+1s@%s", since(m.Now())) })
		m.AfterFunc(0, func() { r.add("inner+0@%s", since(m.Now())) })
		m.AfterFunc(10*time.Second, func() { r.add("late@%s", since(m.Now())) })
		ch = m.NewTimer(500 * time.Millisecond)
	})
	m.AfterFunc(1500*time.Millisecond, func() { r.add("sibling@%s", since(m.Now())) })
	m.Advance(5 * time.Second)
	r.want(t, "outer@1s", "inner+0@1s", "sibling@1.5s", "inner+1s@2s")
	assertReceived(t, ch, t0.Add(1500*time.Millisecond))
	assertNow(t, m, 5*time.Second)
	assertPending(t, m, 1)
	m.Advance(10 * time.Second)
	r.want(t, "late@11s")
}

func TestManualCallbackMayUseClockAndTimers(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	victim := m.AfterFunc(2*time.Second, func() { r.add("victim") })
	moved := m.AfterFunc(2*time.Second, func() { r.add("moved@%s", since(m.Now())) })
	var self clock.Timer
	n := 0
	self = m.AfterFunc(time.Second, func() {
		n++
		r.add("self@%s", since(m.Now()))
		if n == 1 {
			if !victim.Stop() {
				r.add("victim.Stop() = false")
			}
			if !moved.Reset(3 * time.Second) {
				r.add("moved.Reset() = false")
			}
			if self.Reset(time.Second) {
				r.add("self.Reset() = true while firing")
			}
			m.NewTimer(time.Hour)
			_ = m.Pending()
			_, _ = m.Next()
		}
	})
	m.Advance(10 * time.Second)
	r.want(t, "self@1s", "self@2s", "moved@4s")
	assertPending(t, m, 1) // the hour-long channel timer
}

func TestManualStopPreventsFiring(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	f := m.AfterFunc(time.Second, func() { r.add("f") })
	c := m.NewTimer(time.Second)
	if !f.Stop() || !c.Stop() {
		t.Fatal("Stop() of an armed timer = false, want true")
	}
	if f.Stop() || c.Stop() {
		t.Fatal("second Stop() = true, want false")
	}
	assertPending(t, m, 0)
	m.Advance(time.Minute)
	r.want(t)
	assertNotReceived(t, c)
}

func TestManualStopAfterFiringReportsFalse(t *testing.T) {
	m := clock.NewManual(t0)
	f := m.AfterFunc(time.Second, func() {})
	m.Advance(time.Second)
	if f.Stop() {
		t.Fatal("Stop() after the callback ran = true, want false")
	}
}

func TestManualStopDrainsUndeliveredValue(t *testing.T) {
	// As time.Timer since Go 1.23: a value not yet received counts as not
	// fired, and Stop guarantees no stale value is received afterwards.
	m := clock.NewManual(t0)
	c := m.NewTimer(time.Second)
	m.Advance(time.Second)
	assertPending(t, m, 0)
	if !c.Stop() {
		t.Fatal("Stop() with an undelivered value = false, want true")
	}
	assertNotReceived(t, c)
	if c.Stop() {
		t.Fatal("second Stop() = true, want false")
	}
}

func TestManualResetRearms(t *testing.T) {
	t.Run("active", func(t *testing.T) {
		m := clock.NewManual(t0)
		c := m.NewTimer(time.Second)
		if !c.Reset(3 * time.Second) {
			t.Fatal("Reset() of an armed timer = false, want true")
		}
		assertPending(t, m, 1)
		m.Advance(2 * time.Second)
		assertNotReceived(t, c)
		m.Advance(time.Second)
		assertReceived(t, c, t0.Add(3*time.Second))
	})
	t.Run("fired", func(t *testing.T) {
		m := clock.NewManual(t0)
		var r recorder
		f := m.AfterFunc(time.Second, func() { r.add("f@%s", since(m.Now())) })
		m.Advance(time.Second)
		if f.Reset(time.Second) {
			t.Fatal("Reset() of a fired timer = true, want false")
		}
		m.Advance(time.Second)
		r.want(t, "f@1s", "f@2s")
	})
	t.Run("stopped", func(t *testing.T) {
		m := clock.NewManual(t0)
		c := m.NewTimer(time.Second)
		c.Stop()
		if c.Reset(2 * time.Second) {
			t.Fatal("Reset() of a stopped timer = true, want false")
		}
		m.Advance(2 * time.Second)
		assertReceived(t, c, t0.Add(2*time.Second))
	})
	t.Run("undelivered value is drained", func(t *testing.T) {
		m := clock.NewManual(t0)
		c := m.NewTimer(time.Second)
		m.Advance(time.Second)
		c.Reset(time.Second)
		assertNotReceived(t, c)
		m.Advance(time.Second)
		assertReceived(t, c, t0.Add(2*time.Second))
	})
}

func TestManualZeroDurationFiresOnNextAdvance(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second, -1 << 63} {
		t.Run(d.String(), func(t *testing.T) {
			m := clock.NewManual(t0)
			var r recorder
			m.AfterFunc(d, func() { r.add("f@%s", since(m.Now())) })
			c := m.NewTimer(d)
			r.want(t) // not synchronously inside AfterFunc
			assertNotReceived(t, c)
			if next, ok := m.Next(); !ok || !next.Equal(t0) {
				t.Fatalf("Next() = %v, %v; want t0, true", next, ok)
			}
			m.Advance(0)
			r.want(t, "f@0s")
			assertReceived(t, c, t0)
			assertNow(t, m, 0)
		})
	}
}

func TestManualNegativeAdvanceIsZero(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	m.AfterFunc(0, func() { r.add("now") })
	m.AfterFunc(time.Nanosecond, func() { r.add("later") })
	m.Advance(-time.Hour)
	r.want(t, "now")
	assertNow(t, m, 0)
}

func TestManualChannelTimerDoesNotBlock(t *testing.T) {
	m := clock.NewManual(t0)
	timers := make([]clock.Timer, 100)
	for i := range timers {
		timers[i] = m.NewTimer(time.Duration(i) * time.Second)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Advance(time.Hour) // nobody receives while the timers fire
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Advance blocked on unreceived channel timers")
	}
	for i, tm := range timers {
		if cap(tm.C()) != 1 {
			t.Fatalf("cap(C()) = %d, want 1", cap(tm.C()))
		}
		assertReceived(t, tm, t0.Add(time.Duration(i)*time.Second))
	}
}

func TestManualAfterFuncTimerHasNilChannel(t *testing.T) {
	m := clock.NewManual(t0)
	if c := m.AfterFunc(time.Second, func() {}).C(); c != nil {
		t.Fatalf("C() = %v, want nil", c)
	}
	if c := clock.Real.AfterFunc(time.Hour, func() {}); c.C() != nil {
		c.Stop()
		t.Fatal("Real AfterFunc C() != nil")
	} else {
		c.Stop()
	}
}

func TestManualNilCallbackDoesNothing(t *testing.T) {
	m := clock.NewManual(t0)
	f := m.AfterFunc(time.Second, nil)
	m.Advance(time.Second)
	f.Reset(0)
	m.Step()
	r := clock.Real.AfterFunc(0, nil)
	time.Sleep(10 * time.Millisecond)
	r.Stop()
}

func TestManualAdvanceTo(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	m.AfterFunc(0, func() { r.add("due now") })
	m.AfterFunc(2*time.Second, func() { r.add("2s") })

	m.AdvanceTo(t0.Add(-time.Second)) // the past: nothing happens
	r.want(t)
	assertNow(t, m, 0)

	m.AdvanceTo(t0) // Advance(0)
	r.want(t, "due now")

	m.AdvanceTo(t0.Add(3 * time.Second))
	r.want(t, "2s")
	assertNow(t, m, 3*time.Second)
}

func TestManualStepJumpsToNextTimer(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	if m.Step() {
		t.Fatal("Step() with no timers = true, want false")
	}
	assertNow(t, m, 0)
	m.AfterFunc(3*time.Second, func() {
		r.add("a@%s", since(m.Now()))
		m.AfterFunc(0, func() { r.add("a0@%s", since(m.Now())) })
		m.AfterFunc(time.Second, func() { r.add("a1@%s", since(m.Now())) })
	})
	m.AfterFunc(3*time.Second, func() { r.add("b@%s", since(m.Now())) })
	m.AfterFunc(5*time.Second, func() { r.add("c@%s", since(m.Now())) })

	if !m.Step() {
		t.Fatal("Step() = false, want true")
	}
	r.want(t, "a@3s", "b@3s", "a0@3s")
	assertNow(t, m, 3*time.Second)
	m.Step()
	r.want(t, "a1@4s")
	m.Step()
	r.want(t, "c@5s")
	assertNow(t, m, 5*time.Second)
	if m.Step() {
		t.Fatal("Step() after all timers fired = true, want false")
	}
	assertNow(t, m, 5*time.Second)
}

func TestManualPendingAndNext(t *testing.T) {
	m := clock.NewManual(t0)
	if _, ok := m.Next(); ok {
		t.Fatal("Next() ok with no timers")
	}
	a := m.NewTimer(2 * time.Second)
	m.AfterFunc(5*time.Second, func() {})
	assertPending(t, m, 2)
	if next, ok := m.Next(); !ok || !next.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("Next() = %v, %v; want t0+2s", next, ok)
	}
	a.Stop()
	assertPending(t, m, 1)
	if next, _ := m.Next(); !next.Equal(t0.Add(5 * time.Second)) {
		t.Fatalf("Next() = %v, want t0+5s", next)
	}
}

func TestManualCallbackPanicLeavesClockUsable(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	m.AfterFunc(time.Second, func() { panic("boom") })
	m.AfterFunc(2*time.Second, func() { r.add("after@%s", since(m.Now())) })
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("callback panic was swallowed")
			}
		}()
		m.Advance(5 * time.Second)
	}()
	assertNow(t, m, time.Second)
	assertPending(t, m, 1)
	m.Advance(4 * time.Second)
	r.want(t, "after@2s")
	assertNow(t, m, 5*time.Second)
}

func TestManualConcurrentAdvancesAreSerialized(t *testing.T) {
	m := clock.NewManual(t0)
	var r recorder
	const n = 50
	for i := range n {
		m.AfterFunc(time.Duration(i+1)*time.Second, func() { r.add("%03d", i+1) })
	}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { m.Advance(time.Second) })
	}
	wg.Wait()
	got := r.take()
	if len(got) != n || !slices.IsSorted(got) {
		t.Fatalf("fired %d timers, sorted=%v: %q", len(got), slices.IsSorted(got), got)
	}
	assertNow(t, m, n*time.Second)
}

func TestManualConcurrentStopWhileAdvancing(t *testing.T) {
	m := clock.NewManual(t0)
	const n = 1000
	timers := make([]clock.Timer, n)
	var mu sync.Mutex
	fired := make(map[int]bool)
	for i := range n {
		if i%2 == 0 {
			timers[i] = m.NewTimer(time.Duration(i) * time.Millisecond)
		} else {
			timers[i] = m.AfterFunc(time.Duration(i)*time.Millisecond, func() {
				mu.Lock()
				fired[i] = true
				mu.Unlock()
			})
		}
	}
	stopped := make([]bool, n)
	var wg sync.WaitGroup
	wg.Go(func() { m.Advance(time.Duration(n) * time.Millisecond) })
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < n; i += 4 {
				stopped[i] = timers[i].Stop()
			}
		})
	}
	wg.Wait()
	for i := 1; i < n; i += 2 {
		if stopped[i] == fired[i] {
			t.Fatalf("timer %d: stopped=%v fired=%v, want exactly one", i, stopped[i], fired[i])
		}
	}
	assertPending(t, m, 0)
}

func TestManualConcurrentUseIsRaceFree(t *testing.T) {
	m := clock.NewManual(t0)
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 0))
			var mine []clock.Timer
			for range 500 {
				d := time.Duration(rng.IntN(5)) * time.Millisecond
				switch rng.IntN(8) {
				case 0:
					mine = append(mine, m.NewTimer(d))
				case 1:
					mine = append(mine, m.AfterFunc(d, func() { m.AfterFunc(d, nil) }))
				case 2:
					if len(mine) > 0 {
						mine[rng.IntN(len(mine))].Stop()
					}
				case 3:
					if len(mine) > 0 {
						mine[rng.IntN(len(mine))].Reset(d)
					}
				case 4:
					m.Advance(d)
				case 5:
					m.Step()
				case 6:
					m.AdvanceTo(m.Now().Add(d))
				case 7:
					_, _ = m.Next()
					_ = m.Pending()
				}
			}
		})
	}
	wg.Go(func() { _ = m.WaitPending(ctx, 1<<30) })
	wg.Go(func() { _ = clock.Sleep(ctx, m, time.Hour) })
	time.Sleep(10 * time.Millisecond)
	cancel()
	wg.Wait()
}

// TestManualMatchesModel drives a Manual clock with random operations and
// checks every firing against a simple sorted-slice model.
func TestManualMatchesModel(t *testing.T) {
	type modelTimer struct {
		id  int
		due time.Duration
		seq int
	}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 1))
		m := clock.NewManual(t0)
		var (
			now    time.Duration
			seq    int
			armed  []modelTimer // the model
			timers []clock.Timer
			r      recorder
		)
		arm := func(id int, d time.Duration) {
			armed = slices.DeleteFunc(armed, func(x modelTimer) bool { return x.id == id })
			armed = append(armed, modelTimer{id, now + max(d, 0), seq})
			seq++
		}
		// fireModel returns what the model expects Advance to fire.
		fireModel := func(end time.Duration) []string {
			slices.SortFunc(armed, func(a, b modelTimer) int {
				if a.due != b.due {
					return int(a.due - b.due)
				}
				return a.seq - b.seq
			})
			var want []string
			for len(armed) > 0 && armed[0].due <= end {
				want = append(want, fmt.Sprintf("%d@%s", armed[0].id, armed[0].due))
				armed = armed[1:]
			}
			now = end
			return want
		}
		for step := range 300 {
			d := time.Duration(rng.IntN(7)-1) * time.Second
			switch op := rng.IntN(6); {
			case op <= 1:
				id := len(timers)
				timers = append(timers, m.AfterFunc(d, func() { r.add("%d@%s", id, since(m.Now())) }))
				arm(id, d)
			case op == 2 && len(timers) > 0:
				id := rng.IntN(len(timers))
				wantActive := slices.ContainsFunc(armed, func(x modelTimer) bool { return x.id == id })
				if got := timers[id].Stop(); got != wantActive {
					t.Fatalf("seed %d step %d: Stop(%d) = %v, want %v", seed, step, id, got, wantActive)
				}
				armed = slices.DeleteFunc(armed, func(x modelTimer) bool { return x.id == id })
			case op == 3 && len(timers) > 0:
				id := rng.IntN(len(timers))
				wantActive := slices.ContainsFunc(armed, func(x modelTimer) bool { return x.id == id })
				if got := timers[id].Reset(d); got != wantActive {
					t.Fatalf("seed %d step %d: Reset(%d) = %v, want %v", seed, step, id, got, wantActive)
				}
				arm(id, d)
			case op == 4:
				m.Advance(d)
				r.want(t, fireModel(now+max(d, 0))...)
			default:
				stepped := m.Step()
				if stepped != (len(armed) > 0) {
					t.Fatalf("seed %d step %d: Step() = %v with %d armed", seed, step, stepped, len(armed))
				}
				if stepped {
					next := slices.MinFunc(armed, func(a, b modelTimer) int { return int(a.due - b.due) }).due
					r.want(t, fireModel(next)...)
				}
			}
			assertNow(t, m, now)
			assertPending(t, m, len(armed))
		}
	}
}

func TestWaitPending(t *testing.T) {
	t.Run("already satisfied", func(t *testing.T) {
		m := clock.NewManual(t0)
		m.NewTimer(time.Second)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := m.WaitPending(ctx, 1); err != nil {
			t.Fatalf("WaitPending = %v, want nil", err)
		}
		if err := m.WaitPending(ctx, 0); err != nil {
			t.Fatalf("WaitPending(0) = %v, want nil", err)
		}
		if err := m.WaitPending(ctx, -3); err != nil {
			t.Fatalf("WaitPending(-3) = %v, want nil", err)
		}
	})
	t.Run("timers armed by other goroutines", func(t *testing.T) {
		m := clock.NewManual(t0)
		const n = 5
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() { _ = clock.Sleep(t.Context(), m, time.Minute) })
		}
		if err := m.WaitPending(t.Context(), n); err != nil {
			t.Fatalf("WaitPending = %v", err)
		}
		assertPending(t, m, n)
		m.Advance(time.Minute)
		wg.Wait()
		assertPending(t, m, 0)
	})
	t.Run("context ends the wait", func(t *testing.T) {
		m := clock.NewManual(t0)
		m.NewTimer(time.Second)
		ctx, cancel := context.WithCancel(t.Context())
		errc := make(chan error, 1)
		go func() { errc <- m.WaitPending(ctx, 2) }()
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("WaitPending = %v, want context.Canceled", err)
		}
	})
	t.Run("stop and re-arm does not satisfy early", func(t *testing.T) {
		m := clock.NewManual(t0)
		a := m.NewTimer(time.Second)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		errc := make(chan error, 1)
		go func() { errc <- m.WaitPending(ctx, 2) }()
		for range 100 {
			a.Stop()
			a.Reset(time.Second)
		}
		if err := <-errc; !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("WaitPending = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestSleepReturnsWhenClockAdvances(t *testing.T) {
	m := clock.NewManual(t0)
	errc := make(chan error, 1)
	go func() { errc <- clock.Sleep(t.Context(), m, time.Minute) }()
	if err := m.WaitPending(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	m.Advance(59 * time.Second)
	select {
	case err := <-errc:
		t.Fatalf("Sleep returned %v before its duration passed", err)
	default:
	}
	m.Advance(time.Second)
	if err := <-errc; err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}
}

func TestSleepHonoursContext(t *testing.T) {
	t.Run("cancelled while sleeping", func(t *testing.T) {
		m := clock.NewManual(t0)
		ctx, cancel := context.WithCancel(t.Context())
		errc := make(chan error, 1)
		go func() { errc <- clock.Sleep(ctx, m, time.Minute) }()
		if err := m.WaitPending(t.Context(), 1); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("Sleep = %v, want context.Canceled", err)
		}
		assertPending(t, m, 0) // the timer was stopped
	})
	t.Run("already done", func(t *testing.T) {
		m := clock.NewManual(t0)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := clock.Sleep(ctx, m, time.Minute); !errors.Is(err, context.Canceled) {
			t.Fatalf("Sleep = %v, want context.Canceled", err)
		}
		assertPending(t, m, 0)
	})
	t.Run("real clock deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
		defer cancel()
		if err := clock.Sleep(ctx, nil, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Sleep = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestSleepNonPositiveReturnsAtOnce(t *testing.T) {
	m := clock.NewManual(t0)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, d := range []time.Duration{0, -time.Second} {
		if err := clock.Sleep(ctx, m, d); err != nil {
			t.Fatalf("Sleep(%v) = %v, want nil", d, err)
		}
	}
	assertPending(t, m, 0)
}

func TestRealClockTimerFires(t *testing.T) {
	c := clock.Or(nil)
	if c != clock.Real {
		t.Fatal("Or(nil) != Real")
	}
	before := time.Now()
	if now := c.Now(); now.Before(before) {
		t.Fatalf("Real.Now() = %v, before %v", now, before)
	}

	tm := c.NewTimer(time.Millisecond)
	select {
	case got := <-tm.C():
		if got.Before(before) {
			t.Fatalf("timer sent %v, before %v", got, before)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("real timer did not fire")
	}

	done := make(chan struct{})
	f := c.AfterFunc(time.Millisecond, func() { close(done) })
	if f.C() != nil {
		t.Fatal("AfterFunc timer has a channel")
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("real AfterFunc did not fire")
	}

	s := c.NewTimer(time.Hour)
	if !s.Stop() {
		t.Fatal("Stop() of an armed real timer = false")
	}
	if s.Reset(time.Millisecond) {
		t.Fatal("Reset() of a stopped real timer = true")
	}
	<-s.C()

	if err := clock.Sleep(t.Context(), clock.Real, time.Millisecond); err != nil {
		t.Fatalf("Sleep = %v", err)
	}
}

func TestOrReturnsGivenClockOrReal(t *testing.T) {
	m := clock.NewManual(t0)
	if clock.Or(m) != m {
		t.Fatal("Or(m) != m")
	}
	var nilManual *clock.Manual
	if clock.Or(nilManual) != clock.Real {
		t.Fatal("Or(nil *Manual) != Real")
	}
}

// A nil context is refused with ErrNilContext, never a panic (kinesim's promise: no input makes it panic).
func TestSleepAndWaitPendingRefuseANilContext(t *testing.T) {
	var nilCtx context.Context
	m := clock.NewManual(time.Unix(0, 0))
	if err := clock.Sleep(nilCtx, m, time.Second); !errors.Is(err, clock.ErrNilContext) {
		t.Errorf("Sleep(nil ctx) = %v, want ErrNilContext", err)
	}
	if err := m.WaitPending(nilCtx, 1); !errors.Is(err, clock.ErrNilContext) {
		t.Errorf("WaitPending(nil ctx) = %v, want ErrNilContext", err)
	}
	if n := m.Pending(); n != 0 {
		t.Errorf("a refused Sleep armed %d timers", n)
	}
}
