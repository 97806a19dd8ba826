package retry

import (
	"context"
	"math"
	"time"

	"github.com/kinesim/kinesim/clock"
)

// Policy is how a service retries its writes: on Clock, with a backoff doubling from BackoffStart to BackoffMax,
// and, once Drain is closed (the service is closing), without waiting and for at most CloseAttempts attempts.
type Policy struct {
	Clock clock.Clock
	// Drain is closed when the service starts closing: a wait in progress ends at once, and retries stop after
	// CloseAttempts attempts. A nil Drain is never closed.
	Drain         <-chan struct{}
	BackoffStart  time.Duration
	BackoffMax    time.Duration
	CloseAttempts int
}

// Draining reports whether Drain is closed.
func (p *Policy) Draining() bool {
	select {
	case <-p.Drain:
		return true
	default:
		return false
	}
}

// Sleep waits d on the clock, or until Drain is closed.
func (p *Policy) Sleep(d time.Duration) {
	t := p.Clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
	case <-p.Drain:
	}
}

// Timed makes one attempt of call with a timeout of d on the clock: call's context is cancelled when d has
// passed, and an attempt that outlived d failed with timedOut, whatever call returns afterwards (a write that
// then succeeds anyway is retried: a duplicate). Otherwise it returns call's error.
func (p *Policy) Timed(d time.Duration, timedOut error, call func(ctx context.Context) error) error {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	t := p.Clock.AfterFunc(d, func() { cancel(timedOut) })
	err := call(ctx)
	t.Stop()
	if context.Cause(ctx) == timedOut {
		return timedOut
	}
	return err
}

// Window says how much of the retry window is left after a failed attempt, given the clock after the attempt
// and the backoff waited so far; nothing left (<= 0) ends the retries.
type Window func(now time.Time, waited time.Duration) time.Duration

// Within is the window of d from first: retries end once d has passed since first (Firehose's S3 retry duration,
// counted from the first attempt). A d of 0 is one attempt.
func Within(first time.Time, d time.Duration) Window {
	return func(now time.Time, _ time.Duration) time.Duration { return d - now.Sub(first) }
}

// Waiting is the window of d of waiting between attempts: the attempts themselves, however long they take, do not
// count (Firehose's HTTP endpoint and Splunk retry duration, which "doesn't include the periods during which
// Firehose waits for acknowledgment"). A d of 0 is one attempt.
func Waiting(d time.Duration) Window {
	return func(_ time.Time, waited time.Duration) time.Duration { return d - waited }
}

// Forever is the window that never ends: retries go on until an attempt succeeds or the service is closing.
func Forever(time.Time, time.Duration) time.Duration { return math.MaxInt64 }

// Do calls attempt until it succeeds and returns the number of attempts made and the last error (nil on
// success). After each attempt it reads the clock once and, when observe is not nil, passes it the time and the
// attempt's error; observe returning true ends the retries at once (an error that retrying cannot cure). After a
// failed attempt, the retries end when the window has nothing left, or when the service is closing and
// CloseAttempts attempts were made; otherwise Do waits the smaller of the backoff and what is left of the window
// (not at all once the service is closing), and doubles the backoff up to BackoffMax.
func (p *Policy) Do(w Window, attempt func() error, observe func(now time.Time, err error) (stop bool)) (int, error) {
	backoff := p.BackoffStart
	var waited time.Duration
	for n := 1; ; n++ {
		err := attempt()
		now := p.Clock.Now()
		if observe != nil && observe(now, err) {
			return n, err
		}
		if err == nil {
			return n, nil
		}
		left := w(now, waited)
		if left <= 0 || p.Draining() && n >= p.CloseAttempts {
			return n, err
		}
		if !p.Draining() {
			d := min(backoff, left)
			p.Sleep(d)
			waited += d
			backoff = min(backoff*2, p.BackoffMax)
		}
	}
}
