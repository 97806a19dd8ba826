package clock

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Manual is a [Clock] that moves only when told to, by [Manual.Advance],
// [Manual.AdvanceTo] or [Manual.Step]. It starts no goroutines and never reads
// the wall clock.
//
// Manual is safe for concurrent use by multiple goroutines. Calls that advance
// the clock are serialized: one runs at a time, and it fires the timers that
// fall due in order of due time, ties broken by the order the timers were
// armed. AfterFunc callbacks run synchronously on the advancing goroutine with
// no lock held, so they may call any method of the clock or of its timers,
// except the advancing methods themselves (Advance, AdvanceTo and Step), which
// would deadlock.
//
// The zero value is a valid clock stopped at the zero [time.Time]. A Manual
// must not be copied after first use.
type Manual struct {
	// advMu serializes Advance, AdvanceTo and Step. It is held while
	// callbacks run, and is always taken before mu.
	advMu sync.Mutex

	mu     sync.Mutex
	now    time.Time     // mu
	timers timerHeap     // mu; armed timers
	seq    uint64        // mu; arm counter, breaks ties between equal due times
	armed  chan struct{} // mu; closed (and cleared) when a timer is armed; nil if nobody waits
}

// NewManual returns a Manual clock stopped at start. Any monotonic clock
// reading in start is dropped, so that times print the same on every run.
func NewManual(start time.Time) *Manual {
	return &Manual{now: start.Round(0)}
}

// Now returns the clock's current time. While a timer fires, Now reports that
// timer's due time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// NewTimer returns a timer that sends its due time on its channel once the
// clock has advanced by d. The channel has a buffer of one and the send never
// blocks: if the buffer is full, the value is dropped, as with [time.Timer].
// A d <= 0 makes the timer due at the next advance; it never fires inside
// NewTimer.
func (m *Manual) NewTimer(d time.Duration) Timer {
	t := &manualTimer{m: m, ch: make(chan time.Time, 1), index: -1}
	m.mu.Lock()
	m.arm(t, d)
	m.mu.Unlock()
	return t
}

// AfterFunc arranges for f to be called once the clock has advanced by d. The
// call happens synchronously on the goroutine advancing the clock, with no
// lock held. A d <= 0 makes the timer due at the next advance; f is never
// called inside AfterFunc. A nil f does nothing when the timer fires. The
// returned Timer's C() is nil.
func (m *Manual) AfterFunc(d time.Duration, f func()) Timer {
	if f == nil {
		f = noop
	}
	t := &manualTimer{m: m, f: f, index: -1}
	m.mu.Lock()
	m.arm(t, d)
	m.mu.Unlock()
	return t
}

// Advance moves the clock forward by d and fires every timer that falls due,
// including timers armed by callbacks during the same call, in order of due
// time, ties broken by arm order. A d < 0 is treated as 0, so Advance(0) fires
// the timers that are due now. While a timer fires, [Manual.Now] reports its
// due time; when Advance returns, Now reports the old time plus d.
//
// A callback that always re-arms a timer with a duration <= 0 keeps Advance
// from returning, as a zero-period ticker would.
func (m *Manual) Advance(d time.Duration) {
	m.advance(func(now time.Time) (time.Time, bool) {
		return now.Add(max(d, 0)), true
	})
}

// AdvanceTo is Advance(t - Now()), computed once it is this call's turn to
// advance. A t before Now does nothing; a t equal to Now fires the timers that
// are due now.
func (m *Manual) AdvanceTo(t time.Time) {
	t = t.Round(0)
	m.advance(func(now time.Time) (time.Time, bool) {
		if t.Before(now) {
			return now, false
		}
		return t, true
	})
}

// Step advances the clock to the due time of the earliest armed timer and
// fires every timer due at that instant, including timers armed there by
// callbacks. It reports false, and does nothing, if no timer is armed.
func (m *Manual) Step() bool {
	return m.advance(func(time.Time) (time.Time, bool) {
		if len(m.timers) == 0 {
			return time.Time{}, false
		}
		return m.timers[0].due, true
	})
}

// Pending reports how many timers are armed: made or reset, and not yet fired
// or stopped.
func (m *Manual) Pending() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.timers)
}

// Next reports the due time of the earliest armed timer, or false if no timer
// is armed.
func (m *Manual) Next() (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.timers) == 0 {
		return time.Time{}, false
	}
	return m.timers[0].due, true
}

// WaitPending blocks until at least n timers are armed, and returns nil, or
// until ctx is done, and returns ctx.Err(). It is for tests whose goroutines
// arm timers asynchronously: wait for them to block on the clock, then
// advance it. It does not poll. A nil ctx returns [ErrNilContext].
func (m *Manual) WaitPending(ctx context.Context, n int) error {
	if ctx == nil {
		return ErrNilContext
	}
	for {
		m.mu.Lock()
		if len(m.timers) >= n {
			m.mu.Unlock()
			return nil
		}
		if m.armed == nil {
			m.armed = make(chan struct{})
		}
		armed := m.armed
		m.mu.Unlock()

		select {
		case <-armed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// advance runs one advancing call. target maps the current time to the time
// to advance to, or reports false to do nothing. It is called with m.mu held.
func (m *Manual) advance(target func(now time.Time) (time.Time, bool)) bool {
	m.advMu.Lock()
	defer m.advMu.Unlock()

	m.mu.Lock()
	end, ok := target(m.now)
	if !ok {
		m.mu.Unlock()
		return false
	}
	// Every armed timer is due at or after m.now, so m.now never goes back.
	for len(m.timers) > 0 && !m.timers[0].due.After(end) {
		t := heap.Pop(&m.timers).(*manualTimer)
		m.now = t.due
		if t.ch != nil {
			select {
			case t.ch <- t.due:
			default:
			}
			continue
		}
		// If f panics, m.mu is not held and advMu is released by the
		// defer; the clock stays at t.due with later timers still armed.
		m.mu.Unlock()
		t.f()
		m.mu.Lock()
	}
	m.now = end
	m.mu.Unlock()
	return true
}

// arm schedules t to be due d after now, as the newest timer. m.mu must be
// held and t must not be in the heap.
func (m *Manual) arm(t *manualTimer, d time.Duration) {
	t.due = m.now.Add(max(d, 0))
	t.seq = m.seq
	m.seq++
	heap.Push(&m.timers, t)
	if m.armed != nil {
		close(m.armed)
		m.armed = nil
	}
}

// manualTimer is a Timer of a Manual clock. Exactly one of ch and f is set,
// and neither changes; due, seq and index are guarded by m.mu.
type manualTimer struct {
	m     *Manual
	ch    chan time.Time
	f     func()
	due   time.Time
	seq   uint64
	index int // position in m.timers, or -1 if not armed
}

func (t *manualTimer) C() <-chan time.Time {
	return t.ch // nil for an AfterFunc timer
}

func (t *manualTimer) Stop() bool {
	m := t.m
	m.mu.Lock()
	defer m.mu.Unlock()
	return t.disarm()
}

func (t *manualTimer) Reset(d time.Duration) bool {
	m := t.m
	m.mu.Lock()
	defer m.mu.Unlock()
	active := t.disarm()
	m.arm(t, d)
	return active
}

// disarm removes t from the heap and drains a stale value from its channel,
// as time.Timer does since Go 1.23. It reports whether the timer was active,
// counting an undelivered value as active. m.mu must be held.
func (t *manualTimer) disarm() bool {
	active := false
	if t.index >= 0 {
		heap.Remove(&t.m.timers, t.index)
		active = true
	}
	if t.ch != nil {
		select {
		case <-t.ch:
			active = true
		default:
		}
	}
	return active
}

// timerHeap is a min-heap of timers ordered by (due, seq), for container/heap.
type timerHeap []*manualTimer

func (h timerHeap) Len() int { return len(h) }

func (h timerHeap) Less(i, j int) bool {
	if !h[i].due.Equal(h[j].due) {
		return h[i].due.Before(h[j].due)
	}
	return h[i].seq < h[j].seq
}

func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *timerHeap) Push(x any) {
	t := x.(*manualTimer)
	t.index = len(*h)
	*h = append(*h, t)
}

func (h *timerHeap) Pop() any {
	old := *h
	n := len(old) - 1
	t := old[n]
	old[n] = nil
	t.index = -1
	*h = old[:n]
	return t
}
