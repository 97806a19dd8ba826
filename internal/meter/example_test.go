package meter_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/internal/meter"
)

// A service counts calls per minute and answers a query in 15-minute periods. The query asks for the whole day
// before now, from 13:36 yesterday, but only the kept hour (from 12:30) holds anything: the span is clamped to it,
// and its periods stay aligned to the start that was asked for, so the first one, from 12:21, holds the 6 minutes
// of it that are kept.
func Example() {
	type calls struct{ N int }
	add := func(dst, src *calls) { dst.N += src.N }

	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	m := meter.Meter[calls]{Window: 60} // an hour of minutes
	for i := range 90 {
		m.At(start.Add(time.Duration(i) * time.Minute)).N += 1 // one call a minute, for 90 minutes
	}
	now := start.Add(89 * time.Minute) // 13:29

	sp, err := meter.NewSpan(now, now.Add(-24*time.Hour).Add(7*time.Minute), now, 15*time.Minute, m.Window)
	if err != nil {
		fmt.Println(err)
		return
	}
	out := make([]calls, sp.Len())
	m.Sum(sp, now, out, add)
	for i, v := range out {
		fmt.Println(sp.Start(i).Format(time.TimeOnly), v.N)
	}
	// Output:
	// 12:21:00 6
	// 12:36:00 15
	// 12:51:00 15
	// 13:06:00 15
	// 13:21:00 9
}

func ExampleMinuteOf() {
	t := time.Date(1970, 1, 1, 0, 2, 30, 0, time.UTC)
	fmt.Println(meter.MinuteOf(t), meter.StartOf(meter.MinuteOf(t)).Format(time.TimeOnly))
	fmt.Println(meter.MinuteOf(t.Add(-3 * time.Minute))) // before the epoch: rounded down
	// Output:
	// 2 00:02:00
	// -1
}
