//go:build !unix

package stream_test

import "time"

// cpuTime is unknown here: the cpu-ns/record metric is then meaningless.
func cpuTime() time.Duration { return 0 }
