//go:build !unix

package kinesim_test

import "time"

// cpuTime is unknown here: the records/cpu-s metric is then meaningless.
func cpuTime() time.Duration { return 0 }
