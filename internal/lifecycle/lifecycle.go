package lifecycle

import (
	"context"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/kinesim/kinesim/clock"
)

// LabelKey is the pprof goroutine label that marks the goroutines a Group starts; its value is the group's label
// (see [New]). A test can look for goroutines with the label after Close (package kinesimtest does).
const LabelKey = "kinesim"

// Group is one service instance's background work. It is safe for concurrent use.
type Group struct {
	clk    clock.Clock
	labels context.Context // carries the pprof labels of the goroutines the group starts

	mu     sync.Mutex
	closed bool
	// isClosed mirrors closed for Closed, which every call of a service asks: an atomic load, not a lock or a
	// channel receive.
	isClosed atomic.Bool
	timers   map[*Timer]struct{} // armed timers
	done     chan struct{}       // closed by Close
	wg       sync.WaitGroup      // goroutines and running timer callbacks
}

// New returns a group whose timers run on clk (clock.Real if nil) and whose goroutines carry the pprof label
// [LabelKey]=label.
func New(clk clock.Clock, label string) *Group {
	return &Group{
		clk:    clock.Or(clk),
		labels: pprof.WithLabels(context.Background(), pprof.Labels(LabelKey, label)),
		timers: make(map[*Timer]struct{}),
		done:   make(chan struct{}),
	}
}

// Clock returns the group's clock.
func (g *Group) Clock() clock.Clock { return g.clk }

// Done returns a channel closed by [Group.Close].
func (g *Group) Done() <-chan struct{} { return g.done }

// Closed reports whether [Group.Close] has been called.
func (g *Group) Closed() bool { return g.isClosed.Load() }

// Enter registers a unit of work that Close must wait for, running on the caller's goroutine; it reports false,
// registering nothing, once the group is closed. Call [Group.Exit] when the work ends.
func (g *Group) Enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	return true
}

// Exit ends a unit of work registered by [Group.Enter].
func (g *Group) Exit() { g.wg.Done() }

// Go runs f in a new goroutine that Close waits for, labelled for pprof (see [LabelKey]); it reports false, and
// starts nothing, once the group is closed.
func (g *Group) Go(f func()) bool {
	if !g.Enter() {
		return false
	}
	go func() {
		defer g.wg.Done()
		pprof.SetGoroutineLabels(g.labels)
		f()
	}()
	return true
}

// Close ends the group: it stops every armed timer, closes [Group.Done], and waits for the goroutines started by
// [Group.Go], the work registered by [Group.Enter] and the timer callbacks already running. Later calls return at
// once after waiting the same way. Close must not be called from work of the group itself (it would wait for
// itself).
func (g *Group) Close() {
	g.mu.Lock()
	if !g.closed {
		g.closed = true
		g.isClosed.Store(true)
		close(g.done)
		for t := range g.timers {
			t.t.Stop()
		}
		clear(g.timers)
	}
	g.mu.Unlock()
	g.wg.Wait()
}

// Pending returns the number of armed timers.
func (g *Group) Pending() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.timers)
}

// Timer is a callback armed on the group's clock by [AfterFunc].
type Timer struct {
	g *Group
	t clock.Timer
}

// AfterFunc calls f(owner) once d has passed on the group's clock, unless the timer is stopped, the group is
// closed, or owner has been garbage collected first: the timer holds owner weakly, so an armed timer does not keep
// it (nor what it references) alive. f must not hold owner itself — pass a method expression such as
// (*T).expire. The callback is work of the group: Close waits for it. AfterFunc returns nil, arming nothing, on a
// closed group.
func AfterFunc[T any](g *Group, d time.Duration, owner *T, f func(*T)) *Timer {
	wp := weak.Make(owner)
	t := &Timer{g: g}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	t.t = g.clk.AfterFunc(d, func() {
		g.mu.Lock()
		if _, armed := g.timers[t]; !armed || g.closed {
			g.mu.Unlock()
			return
		}
		delete(g.timers, t)
		g.wg.Add(1)
		g.mu.Unlock()
		defer g.wg.Done()
		if p := wp.Value(); p != nil {
			f(p)
		}
	})
	g.timers[t] = struct{}{}
	return t
}

// Stop disarms the timer; it reports whether the timer was armed, that is whether this call prevented the
// callback. A nil Timer is not armed. Stop does not wait for a callback that has already started.
func (t *Timer) Stop() bool {
	if t == nil {
		return false
	}
	g := t.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, armed := g.timers[t]; !armed {
		return false
	}
	delete(g.timers, t)
	// The clock may have fired the timer already (its Stop then reports false) with the callback not yet past the
	// check above: the callback will find the timer disarmed and not call f, so this call did prevent it.
	t.t.Stop()
	return true
}

// Attach closes g when owner becomes unreachable, so that a service nobody closed does not leave timers armed on
// its clock after it is collected. g must not reference owner (timers made by [AfterFunc] do not).
func Attach[T any](g *Group, owner *T) {
	runtime.AddCleanup(owner, func(g *Group) { g.Close() }, g)
}
