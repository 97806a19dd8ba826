package quota

import "time"

// Rolling is a limit of Max calls in any Window: a call is allowed when fewer than Max calls were taken in the
// Window before it. It keeps the instants of the calls still inside the window, so its memory is bounded by Max.
// It is guarded by its owner's lock. Set Max and Window before first use.
type Rolling struct {
	Max    int
	Window time.Duration
	calls  []time.Time // oldest first
}

// Day is the window of AWS's per-day limits: a rolling 24 hours.
const Day = 24 * time.Hour

// forget drops the calls that have left the window at now.
func (r *Rolling) forget(now time.Time) {
	drop := 0
	for drop < len(r.calls) && now.Sub(r.calls[drop]) >= r.Window {
		drop++
	}
	if drop > 0 {
		r.calls = append(r.calls[:0], r.calls[drop:]...)
	}
}

// Full reports whether a call at now would exceed the limit. It changes nothing the caller can see.
func (r *Rolling) Full(now time.Time) bool {
	r.forget(now)
	return len(r.calls) >= r.Max
}

// Take counts a call at now. Call it after [Rolling.Full] reported false.
func (r *Rolling) Take(now time.Time) {
	r.forget(now)
	r.calls = append(r.calls, now)
}

// Used returns the number of calls counted in the window ending at now.
func (r *Rolling) Used(now time.Time) int {
	r.forget(now)
	return len(r.calls)
}
