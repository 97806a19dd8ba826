package notify_test

import (
	"fmt"
	"sync"

	"github.com/kinesim/kinesim/internal/notify"
)

// A reader waits for the writer's next append without polling: it registers its waker under the lock, and the
// writer signals under the same lock.
func Example() {
	var (
		mu      sync.Mutex
		log     []string
		waiters notify.List
	)
	done := make(chan struct{})
	registered := make(chan struct{})
	go func() {
		defer close(done)
		wake := notify.NewWaker()
		for next := 0; next < 2; {
			mu.Lock()
			if next < len(log) {
				fmt.Println("read", log[next])
				next++
				mu.Unlock()
				continue
			}
			waiters.Add(wake)
			mu.Unlock()
			if next == 0 {
				close(registered)
			}
			<-wake
		}
	}()
	<-registered
	for _, v := range []string{"a", "b"} {
		mu.Lock()
		log = append(log, v)
		waiters.Signal()
		mu.Unlock()
	}
	<-done
	fmt.Println("waiting:", waiters.Len())
	// Output:
	// read a
	// read b
	// waiting: 0
}
