//go:build race

package rcf_test

// raceEnabled is true under the race detector, where the NAB forest test is too slow to run.
const raceEnabled = true
