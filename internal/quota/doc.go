// Package quota counts calls against AWS's rolling-window limits ("10 UpdateShardCount calls per rolling 24-hour
// period"). Time is passed in: a [Rolling] never reads a clock.
//
// # Usage
//
// A service keeps one Rolling per limited thing (a stream's UpdateShardCount calls), guarded by its lock, and
// checks it with the instant the call read from the service's clock:
//
//	scalings := quota.Rolling{Max: 10, Window: quota.Day}
//	…
//	if scalings.Full(now) {
//		return apierr.LimitExceeded.New("…")
//	}
//	scalings.Take(now)
//
// A call is allowed when fewer than Max calls were taken in the Window before it; a call taken at t leaves the
// window at t+Window exactly.
package quota
