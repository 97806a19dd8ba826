package status_test

// The resource state machine as a second service uses it, with no import of package stream: a resource type of
// its own, timers of a lifecycle group on a clock.Manual, and the service's own lock.

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/status"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// service is a minimal service: one lock, one lifecycle group, one CREATING/DELETING limit.
type service struct {
	mu          sync.Mutex
	clk         *clock.Manual
	life        *lifecycle.Group
	transitions status.Limit
}

func newService(t *testing.T, limit int) *service {
	clk := clock.NewManual(t0)
	s := &service{clk: clk, life: lifecycle.New(clk, "svc"), transitions: status.Limit{Max: limit}}
	t.Cleanup(s.life.Close)
	return s
}

// resource is one resource of the service; its timer callbacks end its transitions.
type resource struct {
	svc      *service
	state    status.Machine
	finishes int // timer callbacks run
}

// finish ends the transition in progress in ACTIVE (a timer callback).
func (r *resource) finish() {
	r.svc.mu.Lock()
	defer r.svc.mu.Unlock()
	r.finishes++
	r.state.Finish(status.Active)
}

// begin begins the transition s counted against the service's limit, ended by a timer after d.
func (r *resource) begin(s status.Status, d time.Duration) {
	r.state.Begin(s, &r.svc.transitions, lifecycle.AfterFunc(r.svc.life, d, r, (*resource).finish))
}

func wantStatus(t *testing.T, m *status.Machine, want status.Status) {
	t.Helper()
	if got := m.Status(); got != want {
		t.Fatalf("Status() = %s, want %s", got, want)
	}
	if !m.Is(want) {
		t.Fatalf("Is(%s) = false with Status() = %s", want, m.Status())
	}
}

func wantUsed(t *testing.T, l *status.Limit, want int) {
	t.Helper()
	if got := l.Used(); got != want {
		t.Fatalf("Limit.Used() = %d, want %d", got, want)
	}
}

func wantArmed(t *testing.T, s *service, want int) {
	t.Helper()
	if got := s.clk.Pending(); got != want {
		t.Fatalf("%d timers armed on the clock, want %d", got, want)
	}
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestStatusesAreNamedAsAWSNamesThem(t *testing.T) {
	for s, want := range map[status.Status]string{
		status.Creating: "CREATING", status.Active: "ACTIVE", status.Updating: "UPDATING", status.Deleting: "DELETING",
	} {
		if string(s) != want {
			t.Errorf("status %q, want %q", s, want)
		}
	}
}

func TestZeroMachineIsActiveWithNothingPending(t *testing.T) {
	var m status.Machine
	wantStatus(t, &m, status.Active)
	for _, s := range []status.Status{status.Creating, status.Updating, status.Deleting} {
		if m.Is(s) {
			t.Fatalf("the zero Machine Is(%s)", s)
		}
	}
	m.Cancel() // nothing pending: nothing to stop, no slot to give back
	wantStatus(t, &m, status.Active)
	var l status.Limit
	wantUsed(t, &l, 0)
}

func TestTheTimerEndsTheTransition(t *testing.T) {
	s := newService(t, 5)
	r := &resource{svc: s}
	s.mu.Lock()
	r.begin(status.Creating, time.Minute)
	wantStatus(t, &r.state, status.Creating)
	wantUsed(t, &s.transitions, 1)
	s.mu.Unlock()
	wantArmed(t, s, 1)

	s.clk.Advance(time.Minute - time.Nanosecond)
	wantStatus(t, &r.state, status.Creating)
	s.clk.Advance(time.Nanosecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	wantStatus(t, &r.state, status.Active)
	wantUsed(t, &s.transitions, 0)
	wantArmed(t, s, 0)
}

func TestBeginStopsThePendingTransition(t *testing.T) {
	s := newService(t, 5)
	r := &resource{svc: s}
	r.begin(status.Creating, time.Minute)
	r.begin(status.Deleting, time.Hour) // deleted while CREATING
	wantStatus(t, &r.state, status.Deleting)
	wantUsed(t, &s.transitions, 1) // one resource, one slot: the first transition's was given back
	wantArmed(t, s, 1)             // the CREATING timer is stopped, not left to fire
	s.clk.Advance(time.Minute)
	if r.finishes != 0 {
		t.Fatalf("the stopped CREATING timer ran %d times", r.finishes)
	}
	wantStatus(t, &r.state, status.Deleting)
	s.clk.Advance(time.Hour)
	if r.finishes != 1 {
		t.Fatalf("the DELETING timer ran %d times, want 1", r.finishes)
	}
	wantUsed(t, &s.transitions, 0)
}

func TestBeginCanMoveTheSlotToAnotherLimit(t *testing.T) {
	s := newService(t, 5)
	r := &resource{svc: s}
	other := status.Limit{Max: 1}
	r.begin(status.Creating, time.Minute)
	r.state.Begin(status.Deleting, &other, nil)
	wantUsed(t, &s.transitions, 0)
	wantUsed(t, &other, 1)
	r.state.Finish(status.Active)
	wantUsed(t, &other, 0)
}

func TestBeginWithoutALimitTakesNoSlot(t *testing.T) {
	s := newService(t, 0) // no slot free: an UPDATING transition is not counted
	r := &resource{svc: s}
	r.state.Begin(status.Updating, nil, lifecycle.AfterFunc(s.life, time.Minute, r, (*resource).finish))
	wantStatus(t, &r.state, status.Updating)
	wantUsed(t, &s.transitions, 0)
	s.clk.Advance(time.Minute)
	wantStatus(t, &r.state, status.Active)
}

func TestANilTimerIsATransitionTheServiceEndsItself(t *testing.T) {
	s := newService(t, 1)
	r := &resource{svc: s}
	r.state.Begin(status.Deleting, &s.transitions, nil)
	wantArmed(t, s, 0)
	wantUsed(t, &s.transitions, 1)
	r.state.Finish(status.Active)
	wantStatus(t, &r.state, status.Active)
	wantUsed(t, &s.transitions, 0)
}

func TestCancelStopsTheTimerAndGivesBackTheSlotButKeepsTheState(t *testing.T) {
	s := newService(t, 1)
	r := &resource{svc: s}
	r.begin(status.Creating, time.Minute)
	ch := r.state.Changed()
	r.state.Cancel()
	wantStatus(t, &r.state, status.Creating)
	wantUsed(t, &s.transitions, 0)
	wantArmed(t, s, 0)
	if isClosed(ch) {
		t.Fatal("Cancel closed Changed, but the state did not change")
	}
	r.state.Cancel() // again: nothing left to cancel
	wantUsed(t, &s.transitions, 0)
}

func TestSetChangesTheStateAndCancelsThePendingTransition(t *testing.T) {
	s := newService(t, 1)
	r := &resource{svc: s}
	r.begin(status.Deleting, time.Minute)
	r.state.Set(status.Deleting) // the resource is removed at once
	wantStatus(t, &r.state, status.Deleting)
	wantUsed(t, &s.transitions, 0)
	wantArmed(t, s, 0)
	s.clk.Advance(time.Hour)
	if r.finishes != 0 {
		t.Fatal("the timer of a cancelled transition ran")
	}
}

func TestCanBeginCountsAgainstTheLimit(t *testing.T) {
	s := newService(t, 2)
	a, b, c := &resource{svc: s}, &resource{svc: s}, &resource{svc: s}
	for _, r := range []*resource{a, b} {
		if !r.state.CanBegin(&s.transitions) {
			t.Fatal("CanBegin = false with a slot free")
		}
		r.begin(status.Creating, time.Minute)
	}
	wantUsed(t, &s.transitions, 2)
	if c.state.CanBegin(&s.transitions) {
		t.Fatal("CanBegin = true with every slot held")
	}
	if !a.state.CanBegin(&s.transitions) {
		t.Fatal("CanBegin = false for a resource that already holds a slot")
	}
	a.begin(status.Deleting, time.Minute) // deleted while CREATING: keeps its one slot
	wantUsed(t, &s.transitions, 2)
	s.clk.Advance(time.Minute)
	wantUsed(t, &s.transitions, 0)
	if !c.state.CanBegin(&s.transitions) {
		t.Fatal("CanBegin = false once the transitions ended")
	}
	if c.state.Status() != status.Active || c.state.CanBegin(&status.Limit{Max: 0}) {
		t.Fatal("CanBegin = true against a limit of 0")
	}
}

func TestChangedIsClosedAtTheNextChange(t *testing.T) {
	s := newService(t, 5)
	r := &resource{svc: s}
	r.begin(status.Creating, time.Minute)
	ch := r.state.Changed()
	if r.state.Changed() != ch {
		t.Fatal("two calls of Changed before a change return different channels")
	}
	s.clk.Advance(time.Minute)
	if !isClosed(ch) {
		t.Fatal("Changed is not closed after CREATING → ACTIVE")
	}
	next := r.state.Changed()
	if isClosed(next) {
		t.Fatal("the channel of the change after next is already closed")
	}
	r.state.Set(status.Active) // the same state: no change
	if isClosed(next) {
		t.Fatal("setting the current state closed Changed")
	}
	r.begin(status.Updating, time.Minute)
	if !isClosed(next) {
		t.Fatal("Changed is not closed after ACTIVE → UPDATING")
	}
}

func TestAWaiterBlocksUntilTheStatusChanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newService(t, 5)
		r := &resource{svc: s}
		s.mu.Lock()
		r.begin(status.Creating, time.Minute)
		s.mu.Unlock()
		active := make(chan struct{})
		go func() { // "until ACTIVE", as a WaitUntilActive does
			defer close(active)
			for {
				s.mu.Lock()
				done, changed := r.state.Is(status.Active), r.state.Changed()
				s.mu.Unlock()
				if done {
					return
				}
				<-changed
			}
		}()
		synctest.Wait()
		if isClosed(active) {
			t.Fatal("the waiter returned while the resource is CREATING")
		}
		s.clk.Advance(time.Minute)
		synctest.Wait()
		if !isClosed(active) {
			t.Fatal("the waiter is still blocked after the resource became ACTIVE")
		}
	})
}

func TestAClosedGroupsNilTimerLeavesTheTransitionPending(t *testing.T) {
	s := newService(t, 1)
	s.life.Close()
	r := &resource{svc: s}
	r.begin(status.Creating, time.Minute) // AfterFunc returned nil: the service is closed
	wantStatus(t, &r.state, status.Creating)
	r.state.Cancel()
	wantUsed(t, &s.transitions, 0)
}

func TestCanBeginWithoutALimitIsAlwaysAllowed(t *testing.T) {
	s := newService(t, 1)
	r := &resource{svc: s}
	if !r.state.CanBegin(nil) {
		t.Fatal("CanBegin(nil) = false for a resource holding no slot")
	}
	r.begin(status.Creating, time.Minute) // holds a slot of the service's limit
	if !r.state.CanBegin(nil) {           // an UPDATING transition, counted against nothing
		t.Fatal("CanBegin(nil) = false for a resource holding a slot")
	}
}

func TestSettingTheZeroMachineActiveIsNoChange(t *testing.T) {
	var m status.Machine // ACTIVE
	ch := m.Changed()
	m.Set(status.Active)
	if isClosed(ch) {
		t.Fatal("Set(ACTIVE) on an ACTIVE Machine closed Changed: a waiter woke for no change")
	}
	m.Finish(status.Active)
	if isClosed(ch) {
		t.Fatal("Finish(ACTIVE) on an ACTIVE Machine closed Changed")
	}
	m.Set(status.Deleting)
	if !isClosed(ch) {
		t.Fatal("Changed is not closed after ACTIVE → DELETING")
	}
}

// A service may end a transition before its timer fires (a forced change, a test's shortcut); the timer must not
// stay armed to end a later transition of the same resource.
func TestFinishBeforeTheTimerFiresStopsIt(t *testing.T) {
	s := newService(t, 5)
	r := &resource{svc: s}
	r.begin(status.Updating, time.Minute)
	r.state.Finish(status.Active) // ended early by the service
	wantArmed(t, s, 0)
	r.state.Begin(status.Deleting, &s.transitions, nil) // a transition the service ends itself
	s.clk.Advance(time.Minute)
	if r.finishes != 0 {
		t.Fatalf("the timer of the finished UPDATING transition ran %d times", r.finishes)
	}
	wantStatus(t, &r.state, status.Deleting)
	wantUsed(t, &s.transitions, 1)
}
