package clock_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/clock"
)

// A Manual clock fires callbacks in order of due time as it is advanced, and
// each callback sees its own due time as Now.
func ExampleManual() {
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	m := clock.NewManual(start)

	at := func(name string) func() {
		return func() { fmt.Printf("%s at %s\n", name, m.Now().Format(time.TimeOnly)) }
	}
	m.AfterFunc(3*time.Second, at("third"))
	m.AfterFunc(1*time.Second, at("first"))
	m.AfterFunc(2*time.Second, at("second"))
	m.AfterFunc(time.Minute, at("later"))

	m.Advance(5 * time.Second)
	fmt.Println("now", m.Now().Format(time.TimeOnly), "pending", m.Pending())

	m.Step() // jump straight to the next timer
	fmt.Println("now", m.Now().Format(time.TimeOnly), "pending", m.Pending())
	// Output:
	// first at 12:00:01
	// second at 12:00:02
	// third at 12:00:03
	// now 12:00:05 pending 1
	// later at 12:01:00
	// now 12:01:00 pending 0
}

// Sleep on a Manual clock returns once another goroutine advances the clock.
// WaitPending makes sure the sleeper has armed its timer before advancing.
func ExampleSleep() {
	ctx := context.Background()
	m := clock.NewManual(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))

	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := clock.Sleep(ctx, m, time.Hour); err != nil {
			fmt.Println("sleep:", err)
			return
		}
		fmt.Println("woke at", m.Now().Format(time.TimeOnly))
	}()

	if err := m.WaitPending(ctx, 1); err != nil {
		fmt.Println("wait:", err)
		return
	}
	m.Advance(time.Hour)
	<-done
	// Output:
	// woke at 13:00:00
}

// A callback may re-arm its own timer, which makes a ticker; ticks that fall
// due within one Advance all fire in that call.
func ExampleManual_AfterFunc() {
	m := clock.NewManual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	var tick clock.Timer
	tick = m.AfterFunc(15*time.Second, func() {
		fmt.Println("tick", m.Now().Format(time.TimeOnly))
		tick.Reset(15 * time.Second)
	})
	m.Advance(time.Minute)
	tick.Stop()
	// Output:
	// tick 00:00:15
	// tick 00:00:30
	// tick 00:00:45
	// tick 00:01:00
}

// Or resolves an unset clock to the wall clock.
func ExampleOr() {
	var unset clock.Clock
	fmt.Println(clock.Or(unset) == clock.Real)
	// Output:
	// true
}
