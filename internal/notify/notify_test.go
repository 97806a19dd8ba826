package notify_test

// The wake-up list as a second service uses it, with no import of package stream: a log of its own guarded by its
// own lock.

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/kinesim/kinesim/internal/notify"
)

func woken(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestZeroListIsEmptyAndReady(t *testing.T) {
	var l notify.List
	if l.Len() != 0 {
		t.Fatalf("Len() = %d, want 0", l.Len())
	}
	l.Signal() // nobody to wake
	l.Remove(notify.NewWaker())
	w := notify.NewWaker()
	l.Add(w)
	if l.Len() != 1 {
		t.Fatalf("Len() = %d after Add, want 1", l.Len())
	}
	l.Signal()
	if !woken(w) {
		t.Fatal("the zero List did not wake its reader")
	}
}

func TestNewWakerIsBufferedForOneSignal(t *testing.T) {
	if c := cap(notify.NewWaker()); c != 1 {
		t.Fatalf("cap(NewWaker()) = %d, want 1", c)
	}
}

func TestSignalWakesEveryRegisteredReaderAndEmptiesTheList(t *testing.T) {
	var l notify.List
	ws := []chan struct{}{notify.NewWaker(), notify.NewWaker(), notify.NewWaker()}
	for _, w := range ws {
		l.Add(w)
	}
	l.Signal()
	if l.Len() != 0 {
		t.Fatalf("Len() = %d after Signal, want 0", l.Len())
	}
	for i, w := range ws {
		if !woken(w) {
			t.Fatalf("reader %d was not woken", i)
		}
	}
	l.Signal() // the next signal wakes only readers registered again
	for i, w := range ws {
		if woken(w) {
			t.Fatalf("reader %d was woken by a signal after it was unregistered", i)
		}
	}
}

func TestASignalSentBeforeTheWaitIsNotLost(t *testing.T) {
	var l notify.List
	w := notify.NewWaker()
	l.Add(w)
	l.Signal() // the writer appends between the reader's unlock and its receive
	if !woken(w) {
		t.Fatal("the signal sent before the reader waited was lost")
	}
}

func TestSignalNeverBlocksTheWriter(t *testing.T) {
	var l notify.List
	w := notify.NewWaker()
	w <- struct{}{} // a stale signal nobody received
	l.Add(w)
	l.Add(w) // registered twice
	l.Signal()
	if !woken(w) || woken(w) {
		t.Fatal("a waker holds other than one signal after Signal")
	}
}

func TestRemoveUnregistersOnlyThatChannel(t *testing.T) {
	var l notify.List
	a, b, c := notify.NewWaker(), notify.NewWaker(), notify.NewWaker()
	l.Add(a)
	l.Add(b)
	l.Add(c)
	l.Remove(a) // the first
	l.Remove(notify.NewWaker())
	if l.Len() != 2 {
		t.Fatalf("Len() = %d after Remove, want 2", l.Len())
	}
	l.Signal()
	if woken(a) {
		t.Fatal("a removed reader was woken")
	}
	if !woken(b) || !woken(c) {
		t.Fatal("a registered reader was not woken after another was removed")
	}
}

func TestRemoveOfAChannelRegisteredTwiceRemovesOne(t *testing.T) {
	var l notify.List
	w := notify.NewWaker()
	l.Add(w)
	l.Add(w)
	l.Remove(w)
	if l.Len() != 1 {
		t.Fatalf("Len() = %d, want 1", l.Len())
	}
	l.Remove(w)
	l.Remove(w) // not registered any more: nothing happens
	if l.Len() != 0 {
		t.Fatalf("Len() = %d, want 0", l.Len())
	}
}

func TestWaitingWithAReusedWakerAllocatesNothing(t *testing.T) {
	var l notify.List
	wakers := []chan struct{}{notify.NewWaker(), notify.NewWaker(), notify.NewWaker()}
	wait := func() {
		for _, w := range wakers {
			l.Add(w)
		}
		l.Remove(wakers[1])
		l.Signal()
		<-wakers[0]
		<-wakers[2]
	}
	wait() // the list's backing array grows once
	if n := testing.AllocsPerRun(100, wait); n != 0 {
		t.Fatalf("a wait cycle allocates %v times, want 0", n)
	}
}

// logOf is a minimal owner: an append-only log, its lock and its wake-up list.
type logOf struct {
	mu      sync.Mutex
	vals    []int
	waiters notify.List
}

func (g *logOf) append(v int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.vals = append(g.vals, v)
	g.waiters.Signal()
}

// read returns the values from next on, waiting for one if there are none; it returns nil when stop is closed.
func (g *logOf) read(next int, wake chan struct{}, stop <-chan struct{}) []int {
	for {
		g.mu.Lock()
		if next < len(g.vals) {
			vals := slices.Clone(g.vals[next:])
			g.mu.Unlock()
			return vals
		}
		g.waiters.Add(wake)
		g.mu.Unlock()
		select {
		case <-wake:
		case <-stop:
			g.mu.Lock()
			g.waiters.Remove(wake)
			g.mu.Unlock()
			return nil
		}
	}
}

func TestBlockedReadersWakeWhenTheWriterAppends(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g logOf
		const readers, values = 4, 5
		got := make([][]int, readers)
		var wg sync.WaitGroup
		for i := range readers {
			wg.Go(func() {
				wake := notify.NewWaker()
				for len(got[i]) < values {
					got[i] = append(got[i], g.read(len(got[i]), wake, nil)...)
				}
			})
		}
		for v := range values {
			synctest.Wait() // every reader is blocked on its waker, none polls
			g.mu.Lock()
			if n := g.waiters.Len(); n != readers {
				t.Errorf("before append %d: %d readers registered, want %d", v, n, readers)
			}
			g.mu.Unlock()
			g.append(v)
		}
		wg.Wait()
		for i := range readers {
			if !slices.Equal(got[i], []int{0, 1, 2, 3, 4}) {
				t.Errorf("reader %d read %v", i, got[i])
			}
		}
	})
}

func TestAReaderThatGivesUpLeavesTheList(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g logOf
		stop := make(chan struct{})
		done := make(chan []int)
		go func() { done <- g.read(0, notify.NewWaker(), stop) }()
		synctest.Wait()
		close(stop)
		if vals := <-done; vals != nil {
			t.Fatalf("the reader that gave up read %v", vals)
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		if n := g.waiters.Len(); n != 0 {
			t.Fatalf("%d channels left registered by a reader that gave up", n)
		}
	})
}
