// Package retry is the delivery mechanism that Firehose delivery streams and Kinesis Data Streams channels share:
// one attempt of a write timed on the service's clock ([Policy.Timed]), and attempts repeated with a doubling
// backoff on that clock until one succeeds, the retry window is over, or the service starts closing
// ([Policy.Do]). Time is only the clock's: with a clock.Manual nothing waits until the clock is advanced.
//
// # Usage
//
// A service makes one Policy from its clock, the channel it closes when Close starts draining, and its backoff
// bounds, then runs each write through it:
//
//	p := retry.Policy{Clock: clk, Drain: drain, BackoffStart: time.Second, BackoffMax: 2 * time.Minute, CloseAttempts: 3}
//	n, err := p.Do(retry.Within(first, 24*time.Hour), func() error {
//		return p.Timed(attemptTimeout, errTimedOut, func(ctx context.Context) error { return store.Put(ctx, obj) })
//	}, nil)
//
// # Concurrency
//
// A Policy is a value that is not changed once made; its methods are safe for concurrent use and block only the
// calling goroutine (on the clock's timers, and on the attempts they run).
package retry
