package lifecycle_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/internal/lifecycle"
)

// session is a resource of some service that expires after a while unless renewed.
type session struct {
	name  string
	timer *lifecycle.Timer
}

func (s *session) expire() { fmt.Println(s.name, "expired") }

// A service arms a timer per resource on its group; the timer holds the resource weakly and calls a method
// expression, and Close stops whatever is still armed.
func Example() {
	m := clock.NewManual(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))
	g := lifecycle.New(m, "sessions")

	a, b := &session{name: "a"}, &session{name: "b"}
	a.timer = lifecycle.AfterFunc(g, time.Minute, a, (*session).expire)
	b.timer = lifecycle.AfterFunc(g, time.Hour, b, (*session).expire)
	fmt.Println("armed:", g.Pending())

	m.Advance(time.Minute)
	fmt.Println("armed:", g.Pending())

	g.Close()
	fmt.Println("armed after Close:", g.Pending(), "on the clock:", m.Pending())
	m.Advance(time.Hour) // b's timer was stopped: nothing happens
	fmt.Println("AfterFunc after Close:", lifecycle.AfterFunc(g, time.Second, a, (*session).expire))
	// Output:
	// armed: 2
	// a expired
	// armed: 1
	// armed after Close: 0 on the clock: 0
	// AfterFunc after Close: <nil>
}

// Close ends a reader that blocks on Done, and waits for it.
func ExampleGroup_Go() {
	g := lifecycle.New(nil, "reader")
	ready := make(chan struct{})
	g.Go(func() {
		close(ready)
		<-g.Done()
		fmt.Println("reader: service closed")
	})
	<-ready
	g.Close()
	fmt.Println("Close returned; Go after Close:", g.Go(func() {}))
	// Output:
	// reader: service closed
	// Close returned; Go after Close: false
}
