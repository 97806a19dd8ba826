// Package clock is the single source of time for kinesim.
//
// Every time read and every timer in the library goes through a [Clock],
// so that tests and simulations can run in virtual time, deterministically.
// [Real] is the wall clock; [Manual] is a clock that moves only when told to.
//
// # Usage
//
// Components take a Clock (usually through an option) and resolve a nil one
// with [Or], so the zero configuration uses the wall clock:
//
//	c := clock.Or(cfg.clock)
//	now := c.Now()
//	t := c.AfterFunc(5*time.Minute, expire)
//	defer t.Stop()
//
// Code that must wait uses [Sleep], which honours a context:
//
//	if err := clock.Sleep(ctx, c, time.Second); err != nil {
//		return err
//	}
//
// Tests and simulations create a [Manual] clock and drive it:
//
//	m := clock.NewManual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
//	// ... hand m to the component under test in place of Real ...
//	m.Advance(5 * time.Minute) // fires everything due in the next 5 minutes, in order
//	m.Step()                   // jumps to the next armed timer and fires it
//	m.WaitPending(ctx, 1)      // waits until another goroutine has armed a timer
//
// # Determinism
//
// A [Manual] clock starts no goroutines and never reads the wall clock. Its
// timers fire only inside [Manual.Advance], [Manual.AdvanceTo] and
// [Manual.Step], on the goroutine that calls them, in order of due time; timers
// due at the same instant fire in the order they were armed (by NewTimer,
// AfterFunc or Reset). While a timer fires, [Manual.Now] reports its due time,
// so a callback observes the instant it was scheduled for, not the end of the
// advance. Concurrent calls to the advancing methods are serialized, one at a
// time. Given the same sequence of calls, the same timers fire in the same
// order and see the same times.
//
// A timer armed with a duration of zero or less is due at once, but never fires
// inside the call that armed it: it fires at the next advance, and Advance(0)
// is enough.
//
// Goroutines other than the one advancing the clock are not synchronised with
// it: if such a goroutine arms a timer, use [Manual.WaitPending] to wait for it
// before advancing. For code that uses [Real], [testing/synctest] remains the
// right tool.
package clock
