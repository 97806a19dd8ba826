//go:build race

package stream_test

// raceEnabled reports whether the race detector is on: it changes allocation counts (sync.Pool drops items at
// random under it), so the allocation guards run only without it.
const raceEnabled = true
