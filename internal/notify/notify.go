package notify

// List is the set of wake-up channels waiting for the next signal. It is guarded by its owner's lock: every
// method must be called with that lock held. The zero value is an empty list, ready to use.
type List struct{ waiters []chan struct{} }

// NewWaker returns a reader's wake-up channel: buffered, so that a signal never blocks the writer and a signal
// sent before the reader waits is not lost.
func NewWaker() chan struct{} { return make(chan struct{}, 1) }

// Add registers wake for the next signal.
func (l *List) Add(wake chan struct{}) { l.waiters = append(l.waiters, wake) }

// Remove unregisters wake, a channel no longer waited on (the reader gave up); it does nothing if wake is not
// registered.
func (l *List) Remove(wake chan struct{}) {
	for i, w := range l.waiters {
		if w == wake {
			last := len(l.waiters) - 1
			l.waiters[i], l.waiters[last] = l.waiters[last], nil
			l.waiters = l.waiters[:last]
			return
		}
	}
}

// Len returns the number of registered channels.
func (l *List) Len() int { return len(l.waiters) }

// Signal wakes every registered channel without blocking and empties the list.
func (l *List) Signal() {
	for i, w := range l.waiters {
		select {
		case w <- struct{}{}:
		default: // already signalled
		}
		l.waiters[i] = nil
	}
	l.waiters = l.waiters[:0]
}
