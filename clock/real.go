package clock

import "time"

// Real is the wall clock: [time.Now], [time.NewTimer] and [time.AfterFunc].
// It is the default wherever a [Clock] is nil (see [Or]). It is safe for
// concurrent use.
var Real Clock = realClock{}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) Timer {
	return realTimer{time.NewTimer(d)}
}

// AfterFunc calls f in its own goroutine, as [time.AfterFunc] does. A nil f
// does nothing.
func (realClock) AfterFunc(d time.Duration, f func()) Timer {
	if f == nil {
		f = noop
	}
	return realTimer{time.AfterFunc(d, f)}
}

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time        { return r.t.C }
func (r realTimer) Stop() bool                 { return r.t.Stop() }
func (r realTimer) Reset(d time.Duration) bool { return r.t.Reset(d) }
