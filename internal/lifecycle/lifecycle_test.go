package lifecycle_test

// The lifecycle contract as a second service sees it: nothing here imports package stream. Virtual time comes from
// clock.Manual; goroutine lifetimes and the real clock are tested in testing/synctest bubbles, so nothing sleeps or
// polls.

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
	"weak"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/internal/lifecycle"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// owner is what a timer acts on: a service, or a resource of one. fired is shared with the test, so that the test
// can count the callbacks without keeping the owner alive.
type owner struct {
	fired   *atomic.Int32
	payload []byte
}

func newOwner(fired *atomic.Int32, size int) *owner {
	return &owner{fired: fired, payload: make([]byte, size)}
}

func (o *owner) fire() { o.fired.Add(1) }

func wantFired(t *testing.T, fired *atomic.Int32, want int32) {
	t.Helper()
	if got := fired.Load(); got != want {
		t.Fatalf("callbacks run = %d, want %d", got, want)
	}
}

func wantPending(t *testing.T, g *lifecycle.Group, m *clock.Manual, want int) {
	t.Helper()
	if got := g.Pending(); got != want {
		t.Fatalf("Group.Pending() = %d, want %d", got, want)
	}
	if got := m.Pending(); got != want {
		t.Fatalf("Manual.Pending() = %d, want %d", got, want)
	}
}

// watchdog fails the test if done is not closed within a few seconds: a deadlock, not a slow machine. It is the
// only wall-clock wait of these tests, for what only the runtime's cleanup goroutine can do.
func watchdog(t *testing.T, what string, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not happen within 10s", what)
	}
}

func TestNewWithANilClockUsesTheRealClock(t *testing.T) {
	g := lifecycle.New(nil, "svc")
	defer g.Close()
	if g.Clock() != clock.Real {
		t.Fatalf("Clock() = %v, want clock.Real", g.Clock())
	}
	m := clock.NewManual(t0)
	if g := lifecycle.New(m, "svc"); g.Clock() != m {
		t.Fatalf("Clock() = %v, want the manual clock given to New", g.Clock())
	}
}

func TestTimerCallsItsOwnerOnceTheDelayHasPassed(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	defer g.Close()
	var fired atomic.Int32
	o := newOwner(&fired, 0)
	var got *owner
	tm := lifecycle.AfterFunc(g, time.Minute, o, func(p *owner) { got = p; p.fire() })
	if tm == nil {
		t.Fatal("AfterFunc on an open group returned nil")
	}
	wantPending(t, g, m, 1)
	m.Advance(time.Minute - time.Nanosecond)
	wantFired(t, &fired, 0)
	m.Advance(time.Nanosecond)
	wantFired(t, &fired, 1)
	if got != o {
		t.Fatalf("the callback got %p, want the owner %p", got, o)
	}
	wantPending(t, g, m, 0)
	m.Advance(time.Hour)
	wantFired(t, &fired, 1)
}

func TestPendingCountsTheArmedTimers(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	defer g.Close()
	var fired atomic.Int32
	o := newOwner(&fired, 0)
	for i := 1; i <= 3; i++ {
		lifecycle.AfterFunc(g, time.Duration(i)*time.Second, o, (*owner).fire)
	}
	stopped := lifecycle.AfterFunc(g, time.Hour, o, (*owner).fire)
	wantPending(t, g, m, 4)
	stopped.Stop()
	wantPending(t, g, m, 3)
	m.Advance(2 * time.Second)
	wantPending(t, g, m, 1)
	wantFired(t, &fired, 2)
}

func TestStopDisarmsTheTimer(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	defer g.Close()
	var fired atomic.Int32
	tm := lifecycle.AfterFunc(g, time.Minute, newOwner(&fired, 0), (*owner).fire)
	if !tm.Stop() {
		t.Fatal("Stop() of an armed timer = false, want true")
	}
	if tm.Stop() {
		t.Fatal("second Stop() = true, want false")
	}
	wantPending(t, g, m, 0) // the clock's timer is stopped too, not just forgotten
	m.Advance(time.Hour)
	wantFired(t, &fired, 0)
}

func TestStopAfterTheTimerFiredReportsFalse(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	defer g.Close()
	var fired atomic.Int32
	tm := lifecycle.AfterFunc(g, time.Second, newOwner(&fired, 0), (*owner).fire)
	m.Advance(time.Second)
	if tm.Stop() {
		t.Fatal("Stop() after the callback ran = true, want false")
	}
	wantFired(t, &fired, 1)
}

func TestStopOfANilTimerReportsFalse(t *testing.T) {
	var tm *lifecycle.Timer
	if tm.Stop() {
		t.Fatal("(*Timer)(nil).Stop() = true, want false")
	}
}

func TestACallbackMayStopItsOwnTimerAndArmAnother(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	defer g.Close()
	var fired atomic.Int32
	type rearming struct {
		g     *lifecycle.Group
		timer *lifecycle.Timer
		n     int
	}
	r := &rearming{g: g}
	var tick func(*rearming)
	tick = func(r *rearming) {
		fired.Add(1)
		if r.timer.Stop() {
			t.Error("Stop() of the firing timer from its own callback = true, want false")
		}
		if r.n++; r.n < 3 {
			r.timer = lifecycle.AfterFunc(r.g, time.Second, r, tick)
		}
	}
	r.timer = lifecycle.AfterFunc(g, time.Second, r, tick)
	m.Advance(time.Minute)
	wantFired(t, &fired, 3)
	wantPending(t, g, m, 0)
}

func TestAfterFuncWithANilOwnerNeverCallsBack(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	defer g.Close()
	called := false
	lifecycle.AfterFunc(g, time.Second, (*owner)(nil), func(*owner) { called = true })
	m.Advance(time.Second)
	if called {
		t.Fatal("the callback of a nil owner was called")
	}
	wantPending(t, g, m, 0)
}

func TestCloseIsIdempotent(t *testing.T) {
	g := lifecycle.New(clock.NewManual(t0), "svc")
	if g.Closed() {
		t.Fatal("Closed() = true before Close")
	}
	select {
	case <-g.Done():
		t.Fatal("Done() is closed before Close")
	default:
	}
	g.Close()
	g.Close()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(g.Close)
	}
	wg.Wait()
	if !g.Closed() {
		t.Fatal("Closed() = false after Close")
	}
	select {
	case <-g.Done():
	default:
		t.Fatal("Done() is not closed after Close")
	}
}

func TestCloseStopsEveryTimer(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	var fired atomic.Int32
	o := newOwner(&fired, 0)
	var timers []*lifecycle.Timer
	for i := range 5 {
		timers = append(timers, lifecycle.AfterFunc(g, time.Duration(i)*time.Minute, o, (*owner).fire))
	}
	wantPending(t, g, m, 5)
	g.Close()
	wantPending(t, g, m, 0)
	m.Advance(24 * time.Hour)
	wantFired(t, &fired, 0)
	for i, tm := range timers {
		if tm.Stop() {
			t.Fatalf("Stop() of timer %d after Close = true, want false", i)
		}
	}
}

func TestAfterFuncOnAClosedGroupReturnsNil(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	g.Close()
	var fired atomic.Int32
	tm := lifecycle.AfterFunc(g, time.Second, newOwner(&fired, 0), (*owner).fire)
	if tm != nil {
		t.Fatalf("AfterFunc on a closed group = %v, want nil", tm)
	}
	if tm.Stop() {
		t.Fatal("Stop() of the nil timer = true")
	}
	wantPending(t, g, m, 0)
	m.Advance(time.Minute)
	wantFired(t, &fired, 0)
}

func TestGoAndEnterOnAClosedGroupStartNothing(t *testing.T) {
	g := lifecycle.New(clock.NewManual(t0), "svc")
	g.Close()
	if g.Go(func() { t.Error("a goroutine ran on a closed group") }) {
		t.Fatal("Go on a closed group = true, want false")
	}
	if g.Enter() {
		t.Fatal("Enter on a closed group = true, want false")
	}
	g.Close() // nothing was registered: it does not wait
}

// blocked reports whether ch has not been closed (nor sent on) yet; inside a bubble, after synctest.Wait, it tells
// a goroutine blocked for good from one that returned.
func blocked(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return false
	default:
		return true
	}
}

// closeInBackground runs g.Close on a new goroutine and returns a channel closed when it returns.
func closeInBackground(g *lifecycle.Group) <-chan struct{} {
	done := make(chan struct{})
	go func() { g.Close(); close(done) }()
	return done
}

func TestCloseWaitsForGoGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := lifecycle.New(clock.NewManual(t0), "svc")
		release := make(chan struct{})
		var finished atomic.Bool
		if !g.Go(func() { <-release; finished.Store(true) }) {
			t.Fatal("Go on an open group = false")
		}
		closed := closeInBackground(g)
		synctest.Wait()
		if !blocked(closed) {
			t.Fatal("Close returned while a goroutine of the group was running")
		}
		if !g.Closed() {
			t.Fatal("Closed() = false while Close waits")
		}
		close(release)
		synctest.Wait()
		if blocked(closed) || !finished.Load() {
			t.Fatal("Close did not return once the goroutine ended")
		}
	})
}

func TestCloseClosesDoneBeforeWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := lifecycle.New(clock.NewManual(t0), "svc")
		for range 3 {
			g.Go(func() { <-g.Done() }) // a reader blocked until the service closes
		}
		g.Close() // returns: the goroutines it waits for end on Done
	})
}

func TestCloseWaitsForEnteredWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := lifecycle.New(clock.NewManual(t0), "svc")
		if !g.Enter() {
			t.Fatal("Enter on an open group = false")
		}
		closed := closeInBackground(g)
		synctest.Wait()
		if !blocked(closed) {
			t.Fatal("Close returned while entered work was running")
		}
		if g.Enter() {
			t.Fatal("Enter while Close waits = true, want false")
		}
		g.Exit()
		synctest.Wait()
		if blocked(closed) {
			t.Fatal("Close did not return once the work exited")
		}
	})
}

func TestCloseWaitsForARunningTimerCallback(t *testing.T) {
	for _, c := range []struct {
		name string
		clk  func() clock.Clock
		fire func(clock.Clock, time.Duration)
	}{
		{"manual clock", func() clock.Clock { return clock.NewManual(t0) },
			func(c clock.Clock, d time.Duration) { go c.(*clock.Manual).Advance(d) }},
		{"real clock", func() clock.Clock { return clock.Real },
			func(_ clock.Clock, d time.Duration) { time.Sleep(d) }}, // the bubble's fake time
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				clk := c.clk()
				g := lifecycle.New(clk, "svc")
				entered, release := make(chan struct{}), make(chan struct{})
				var finished atomic.Bool
				o := &struct{ _ [64]byte }{}
				lifecycle.AfterFunc(g, time.Minute, o, func(*struct{ _ [64]byte }) {
					close(entered)
					<-release
					finished.Store(true)
				})
				c.fire(clk, time.Minute)
				<-entered
				closed := closeInBackground(g)
				synctest.Wait()
				if !blocked(closed) {
					t.Fatal("Close returned while a timer callback was running")
				}
				close(release)
				synctest.Wait()
				if blocked(closed) || !finished.Load() {
					t.Fatal("Close did not return once the callback ended")
				}
				runtime.KeepAlive(o)
			})
		})
	}
}

func TestRealClockTimersRunAndStopInTheBubblesTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := lifecycle.New(clock.Real, "svc")
		var fired atomic.Int32
		o := newOwner(&fired, 0)
		lifecycle.AfterFunc(g, time.Minute, o, (*owner).fire)
		lifecycle.AfterFunc(g, time.Hour, o, (*owner).fire)
		time.Sleep(time.Minute)
		synctest.Wait()
		wantFired(t, &fired, 1)
		if n := g.Pending(); n != 1 {
			t.Fatalf("Pending() = %d, want 1", n)
		}
		g.Close()
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		wantFired(t, &fired, 1)
		runtime.KeepAlive(o)
	})
}

// heapAlloc returns the live heap after a full collection.
func heapAlloc() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// abandon arms a timer for a new owner of size bytes, keeps nothing of it but a weak pointer, and returns that.
//
//go:noinline
func abandon(g *lifecycle.Group, fired *atomic.Int32, size int, attach bool) weak.Pointer[owner] {
	o := newOwner(fired, size)
	if attach {
		lifecycle.Attach(g, o)
	}
	lifecycle.AfterFunc(g, time.Hour, o, (*owner).fire)
	return weak.Make(o)
}

func TestTimerHoldsItsOwnerWeakly(t *testing.T) {
	const size = 64 << 20
	t.Run("manual clock", func(t *testing.T) {
		m := clock.NewManual(t0)
		g := lifecycle.New(m, "svc")
		defer g.Close()
		var fired atomic.Int32
		base := heapAlloc()
		wp := abandon(g, &fired, size, false)
		if grown := heapAlloc() - base; grown > size/2 {
			t.Fatalf("the heap is %d MiB above the start with the owner abandoned, want its %d MiB back", grown>>20, size>>20)
		}
		if wp.Value() != nil {
			t.Fatal("the owner of an armed timer is still reachable after a collection")
		}
		wantPending(t, g, m, 1) // the timer is still armed: only its owner is gone
		m.Advance(time.Hour)
		wantFired(t, &fired, 0)
		wantPending(t, g, m, 0)
	})
	t.Run("real clock", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			g := lifecycle.New(clock.Real, "svc")
			defer g.Close()
			var fired atomic.Int32
			base := heapAlloc()
			wp := abandon(g, &fired, size, false)
			if grown := heapAlloc() - base; grown > size/2 {
				t.Fatalf("the heap is %d MiB above the start with the owner abandoned, want its %d MiB back", grown>>20, size>>20)
			}
			if wp.Value() != nil {
				t.Fatal("the owner of an armed real-clock timer is still reachable after a collection")
			}
			time.Sleep(time.Hour)
			synctest.Wait()
			wantFired(t, &fired, 0)
			if n := g.Pending(); n != 0 {
				t.Fatalf("Pending() = %d after the timer's time, want 0", n)
			}
		})
	})
}

func TestAttachClosesTheGroupWhenTheOwnerIsCollected(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	var fired atomic.Int32
	wp := abandon(g, &fired, 1<<10, true)
	runtime.GC()
	if wp.Value() != nil {
		t.Fatal("the attached owner is still reachable after a collection")
	}
	watchdog(t, "closing the group of a collected owner", g.Done())
	if !g.Closed() {
		t.Fatal("Closed() = false once Done is closed")
	}
	// Done is closed under the same lock that stops the timers: once it can take the lock, none is armed.
	wantPending(t, g, m, 0)
	m.Advance(2 * time.Hour)
	wantFired(t, &fired, 0)
}

func TestAttachLeavesTheGroupOpenWhileTheOwnerIsReachable(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	defer g.Close()
	var fired atomic.Int32
	o := newOwner(&fired, 1<<10)
	lifecycle.Attach(g, o)
	lifecycle.AfterFunc(g, time.Hour, o, (*owner).fire)
	runtime.GC()
	runtime.GC()
	if g.Closed() {
		t.Fatal("the group of a reachable owner was closed")
	}
	m.Advance(time.Hour)
	wantFired(t, &fired, 1)
	runtime.KeepAlive(o)
}

// goroutineBlocks returns the blocks of the goroutine profile (debug=1) that mention every one of words.
func goroutineBlocks(t *testing.T, words ...string) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, block := range strings.Split(buf.String(), "\n\n") {
		all := true
		for _, w := range words {
			all = all && strings.Contains(block, w)
		}
		if all {
			found = append(found, block)
		}
	}
	return found
}

// labelledGoroutine blocks on release; the profile finds it by its name.
//
//go:noinline
func labelledGoroutine(started chan<- struct{}, release <-chan struct{}) {
	close(started)
	<-release
}

func TestGoGoroutinesCarryTheGroupsLabel(t *testing.T) {
	g := lifecycle.New(clock.NewManual(t0), "svc-label-test")
	defer g.Close()
	started, release := make(chan struct{}), make(chan struct{})
	g.Go(func() { labelledGoroutine(started, release) })
	<-started
	label := fmt.Sprintf("%q:%q", lifecycle.LabelKey, "svc-label-test")
	blocks := goroutineBlocks(t, "labelledGoroutine")
	if len(blocks) != 1 {
		t.Fatalf("found %d profile blocks of the goroutine, want 1", len(blocks))
	}
	if !strings.Contains(blocks[0], "# labels: ") || !strings.Contains(blocks[0], label) {
		t.Fatalf("the goroutine started by Go does not carry the label %s:\n%s", label, blocks[0])
	}
	close(release)
	g.Close()
	if left := goroutineBlocks(t, label); len(left) != 0 {
		t.Fatalf("a goroutine labelled %s is left after Close:\n%s", label, strings.Join(left, "\n\n"))
	}
}

func TestGroupIsSafeForConcurrentUse(t *testing.T) {
	m := clock.NewManual(t0)
	g := lifecycle.New(m, "svc")
	var fired atomic.Int32
	o := newOwner(&fired, 0)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range 500 {
				tm := lifecycle.AfterFunc(g, time.Duration(i%3)*time.Millisecond, o, (*owner).fire)
				if i%2 == 0 {
					tm.Stop()
				}
				if g.Enter() {
					g.Exit()
				}
				g.Go(func() {})
				_ = g.Pending()
				_ = g.Closed()
			}
		})
	}
	wg.Go(func() {
		for range 100 {
			m.Advance(time.Millisecond)
		}
		g.Close() // while the others still arm timers and start goroutines
	})
	wg.Wait()
	g.Close()
	wantPending(t, g, m, 0)
	runtime.KeepAlive(o)
}

// handClock is a clock whose AfterFunc timers the test fires by hand, in two steps, as the time package does on
// another goroutine: [handClock.fire] is the moment the clock decides the timer is due (from then on its Stop
// reports false), and calling the callback it returns is the moment the callback runs, which may be much later.
type handClock struct {
	*clock.Manual // Now and channel timers
	mu            sync.Mutex
	timers        []*handTimer
}

type handTimer struct {
	c             *handClock
	f             func()
	fired, active bool
}

func (c *handClock) AfterFunc(_ time.Duration, f func()) clock.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &handTimer{c: c, f: f, active: true}
	c.timers = append(c.timers, t)
	return t
}

// fire marks timer i due and returns its callback, not yet run.
func (c *handClock) fire(i int) func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.timers[i]
	t.active, t.fired = false, true
	return t.f
}

func (t *handTimer) C() <-chan time.Time { return nil }

func (t *handTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.active
	t.active = false
	return was
}

func (t *handTimer) Reset(time.Duration) bool { panic("not used") }

// Between the moment a real clock fires a timer and the moment its callback reaches the group, Stop still prevents
// the call: the timer was armed, and Stop must say so (a caller that sees false would wait for a callback that never
// comes).
func TestStopReportsTrueWhenItPreventsACallbackTheClockHasStarted(t *testing.T) {
	c := &handClock{Manual: clock.NewManual(t0)}
	g := lifecycle.New(c, "svc")
	defer g.Close()
	var fired atomic.Int32
	o := newOwner(&fired, 0)
	tm := lifecycle.AfterFunc(g, time.Second, o, (*owner).fire)
	callback := c.fire(0) // the clock fired: the callback has started, and waits for the group's lock
	if n := g.Pending(); n != 1 {
		t.Fatalf("Pending() = %d, want 1: the callback has not run", n)
	}
	if !tm.Stop() {
		t.Error("Stop() = false for a timer whose callback it prevented, want true")
	}
	if tm.Stop() {
		t.Error("second Stop() = true, want false")
	}
	callback()
	wantFired(t, &fired, 0)
	if n := g.Pending(); n != 0 {
		t.Fatalf("Pending() = %d after Stop, want 0", n)
	}
}

// The same moment at Close: the callback that reaches the group after Close does not run.
func TestACallbackThatReachesAClosedGroupDoesNotRun(t *testing.T) {
	c := &handClock{Manual: clock.NewManual(t0)}
	g := lifecycle.New(c, "svc")
	var fired atomic.Int32
	o := newOwner(&fired, 0)
	lifecycle.AfterFunc(g, time.Second, o, (*owner).fire)
	callback := c.fire(0)
	g.Close()
	callback()
	wantFired(t, &fired, 0)
}
