//go:build unix

package stream_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process used, user and system: on a shared machine a benchmark of concurrent work
// reports CPU per record beside wall-clock time per record.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
