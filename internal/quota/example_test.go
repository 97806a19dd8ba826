package quota_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/internal/quota"
)

// Three calls per rolling hour: the fourth is refused until the first leaves the window, an hour after it.
func Example() {
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	calls := quota.Rolling{Max: 3, Window: time.Hour}
	for _, at := range []time.Duration{0, 10 * time.Minute, 20 * time.Minute, 30 * time.Minute, time.Hour} {
		now := start.Add(at)
		if calls.Full(now) {
			fmt.Println(now.Format(time.TimeOnly), "refused, used", calls.Used(now))
			continue
		}
		calls.Take(now)
		fmt.Println(now.Format(time.TimeOnly), "allowed, used", calls.Used(now))
	}
	// Output:
	// 12:00:00 allowed, used 1
	// 12:10:00 allowed, used 2
	// 12:20:00 allowed, used 3
	// 12:30:00 refused, used 3
	// 13:00:00 allowed, used 3
}
