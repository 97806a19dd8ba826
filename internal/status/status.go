package status

import "github.com/kinesim/kinesim/internal/lifecycle"

// Status is a resource state as AWS names it. Services define their own typed constants from these values.
type Status string

// The states shared by the Kinesis family's resources.
const (
	Creating Status = "CREATING"
	Active   Status = "ACTIVE"
	Updating Status = "UPDATING"
	Deleting Status = "DELETING"
)

// Limit counts resources in CREATING or DELETING against a maximum, as AWS limits "streams that can
// simultaneously be in CREATING or DELETING". It is guarded by the service's lock.
type Limit struct {
	Max int
	n   int
}

// Used returns the number of slots held.
func (l *Limit) Used() int { return l.n }

// Machine is one resource's status. It is guarded by the service's lock. The zero value is ACTIVE with nothing
// pending.
type Machine struct {
	status  Status
	pending *lifecycle.Timer
	slot    *Limit        // the limit whose slot the resource holds, or nil
	changed chan struct{} // closed on the next change; nil until asked for
}

// Status returns the current state.
func (m *Machine) Status() Status {
	if m.status == "" {
		return Active
	}
	return m.status
}

// Is reports whether the current state is s.
func (m *Machine) Is(s Status) bool { return m.Status() == s }

// CanBegin reports whether a transition counted against l may begin: l is nil (a transition counted against
// nothing, as [Machine.Begin] allows), the resource already holds a slot of l, or l has one free. It changes
// nothing.
func (m *Machine) CanBegin(l *Limit) bool { return l == nil || m.slot == l || l.n < l.Max }

// Begin enters the transitional state s: it stops the transition in progress (and gives back its slot), takes a
// slot of l unless l is nil, and records t, the timer that will end the transition (its callback calls
// [Machine.Finish]); t may be nil for a transition the service ends itself. Check [Machine.CanBegin] first.
func (m *Machine) Begin(s Status, l *Limit, t *lifecycle.Timer) {
	m.Cancel()
	if l != nil {
		l.n++
		m.slot = l
	}
	m.pending = t
	m.set(s)
}

// Finish ends the transition in the state s: it gives back the slot and forgets the timer, which has fired when
// Finish is called from its callback, and is stopped when the service ends the transition before it fires.
func (m *Machine) Finish(s Status) {
	m.Cancel()
	m.set(s)
}

// Cancel stops the pending transition's timer and gives back its slot, leaving the state as it is.
func (m *Machine) Cancel() {
	m.pending.Stop()
	m.pending = nil
	m.release()
}

// Set changes the state with no transition (a resource made ACTIVE at once, or one removed). It cancels what is
// pending.
func (m *Machine) Set(s Status) {
	m.Cancel()
	m.set(s)
}

// Changed returns a channel closed at the next change of state.
func (m *Machine) Changed() <-chan struct{} {
	if m.changed == nil {
		m.changed = make(chan struct{})
	}
	return m.changed
}

func (m *Machine) release() {
	if m.slot != nil {
		m.slot.n--
		m.slot = nil
	}
}

func (m *Machine) set(s Status) {
	if m.Status() == s {
		m.status = s // the zero value's ACTIVE made explicit: no change
		return
	}
	m.status = s
	if m.changed != nil {
		close(m.changed)
		m.changed = nil
	}
}
