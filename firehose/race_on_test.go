//go:build race

package firehose_test

// raceEnabled reports whether the race detector is on: it changes allocation counts, so the allocation guards run
// only without it.
const raceEnabled = true
