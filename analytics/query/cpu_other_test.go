//go:build !unix

package query_test

import "time"

// cpuTime is unknown here: the rows/cpu-s metric is then meaningless.
func cpuTime() time.Duration { return 0 }
