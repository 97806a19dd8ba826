package status_test

import (
	"fmt"
	"sync"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/status"
)

// table is a resource of some service: CREATING for a minute, then ACTIVE.
type table struct {
	mu    *sync.Mutex // the service's lock
	name  string
	state status.Machine
}

func (t *table) created() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state.Is(status.Creating) {
		t.state.Finish(status.Active)
	}
}

// A service with a limit of one resource CREATING at a time: the second creation is refused until the first one's
// delay has passed on the clock.
func Example() {
	m := clock.NewManual(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))
	life := lifecycle.New(m, "tables")
	defer life.Close()
	var mu sync.Mutex
	limit := status.Limit{Max: 1}

	create := func(name string) *table {
		mu.Lock()
		defer mu.Unlock()
		t := &table{mu: &mu, name: name}
		if !t.state.CanBegin(&limit) {
			fmt.Println(name, "refused: LimitExceeded")
			return nil
		}
		t.state.Begin(status.Creating, &limit, lifecycle.AfterFunc(life, time.Minute, t, (*table).created))
		fmt.Println(name, t.state.Status())
		return t
	}

	a := create("a")
	create("b")
	changed := a.state.Changed()
	m.Advance(time.Minute)
	<-changed
	fmt.Println(a.name, a.state.Status(), "slots used:", limit.Used())
	create("b")
	// Output:
	// a CREATING
	// b refused: LimitExceeded
	// a ACTIVE slots used: 0
	// b CREATING
}
