// Package lifecycle is the background work of one service instance — the goroutines it starts and the timers it
// arms on its clock — and the one contract for ending it: [Group.Close] is idempotent, stops every timer, closes
// the done channel that blocking calls watch, and waits for the goroutines and for timer callbacks already running.
//
// Timers hold what they act on weakly ([AfterFunc]): a service that nobody references any more is garbage
// collected with everything it holds, even with timers armed on the real clock and without Close, and [Attach]
// closes its group when that happens, so the timers do not linger.
//
// # Usage
//
// A service makes one Group when it is made, attaches it to itself, arms its timers with [AfterFunc] (passing
// itself as the owner and a method expression as the callback, so that the timer does not hold it) and starts its
// goroutines with [Group.Go]; its Close closes the group:
//
//	type Service struct {
//		life   *lifecycle.Group
//		expiry *lifecycle.Timer
//	}
//
//	func New(clk clock.Clock) *Service {
//		s := &Service{life: lifecycle.New(clk, "svc")}
//		lifecycle.Attach(s.life, s) // an unclosed Service that is collected closes its group
//		s.expiry = lifecycle.AfterFunc(s.life, time.Minute, s, (*Service).expire)
//		return s
//	}
//
//	func (s *Service) Close() error { s.life.Close(); return nil }
//
// A blocking call watches [Group.Done] besides its context, so that Close ends it:
//
//	select {
//	case <-wake:
//	case <-ctx.Done():
//		return ctx.Err()
//	case <-s.life.Done():
//		return ErrClosed
//	}
//
// Work that runs on the caller's goroutine but must finish before Close returns is bracketed by [Group.Enter] and
// [Group.Exit].
//
// # Goroutines
//
// The goroutines of [Group.Go] carry the pprof label [LabelKey] with the group's label, so that a test can find
// any of them still running after Close (package kinesimtest does). The callbacks of timers run where the clock
// runs them: on the goroutine that advances a clock.Manual, or on a goroutine of the time package for clock.Real.
package lifecycle
