package clock

import (
	"context"
	"errors"
	"time"
)

// Clock tells time and makes timers.
//
// Implementations are safe for concurrent use by multiple goroutines.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// NewTimer returns a timer that sends the current time on its channel
	// once d has passed. A d <= 0 makes the timer due at once.
	NewTimer(d time.Duration) Timer
	// AfterFunc calls f once d has passed. The returned Timer's C() is nil.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a single event scheduled on a [Clock], made by [Clock.NewTimer] or
// [Clock.AfterFunc]. Its methods behave as those of [time.Timer] (Go 1.23 and
// later) and are safe for concurrent use.
type Timer interface {
	// C returns the channel on which the time is delivered, or nil for a
	// timer made by AfterFunc.
	C() <-chan time.Time
	// Stop prevents the timer from firing. It reports true if the call
	// stopped the timer before it fired, and false if the timer had already
	// fired or been stopped. For a channel timer, no stale time is received
	// from C after Stop returns. Stop does not wait for an AfterFunc
	// callback that has already started.
	Stop() bool
	// Reset re-arms the timer to fire once d has passed, whether or not it
	// had fired or been stopped. It reports true if the timer had been
	// active. For a channel timer, no stale time is received from C after
	// Reset returns.
	Reset(d time.Duration) bool
}

// Or returns c, or [Real] if c is nil (including a nil *[Manual]).
func Or(c Clock) Clock {
	if c == nil {
		return Real
	}
	if m, ok := c.(*Manual); ok && m == nil {
		return Real
	}
	return c
}

// ErrNilContext is returned by the functions of this package that take a
// context when they are given a nil one, instead of panicking.
var ErrNilContext = errors.New("clock: nil context.Context")

// Sleep blocks until d has passed on c or ctx is done, whichever comes first,
// and returns ctx.Err() in the latter case. A d <= 0 returns nil at once. A nil
// c means [Real]; a nil ctx returns [ErrNilContext].
//
// On a [Manual] clock, Sleep arms one timer, which counts towards
// [Manual.Pending] while Sleep waits and is stopped if ctx ends the wait.
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	if ctx == nil {
		return ErrNilContext
	}
	if d <= 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t := Or(c).NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// noop replaces a nil callback, so that no input can cause a panic.
func noop() {}
