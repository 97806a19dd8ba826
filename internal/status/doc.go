// Package status is the lifecycle state of an AWS resource — a stream, a consumer, a delivery stream — with the
// delays of its transitions: CREATING → ACTIVE → UPDATING → ACTIVE → DELETING, each transitional state lasting a
// delay on the service's clock, and the account limit on how many resources may be CREATING or DELETING at once.
//
// A [Machine] records one resource's status, its pending transition (a timer of the service's lifecycle group)
// and whether it holds a slot of a [Limit]. Beginning a transition stops the one in progress, so no timer is ever
// left armed for a resource that moved on, and a status change closes the channel of [Machine.Changed], so a
// waiter ("until ACTIVE") blocks on a channel rather than polling. The service owns the locking: a Machine and a
// Limit are guarded by the service's lock, and its timer callbacks take that lock before calling [Machine.Finish].
//
// # Usage
//
// A service keeps one Limit for the account and one Machine per resource. Creating a resource checks the limit,
// then begins the transition with the timer that will end it:
//
//	if !r.state.CanBegin(&svc.transitions) {
//		return apierr.LimitExceeded.New("…")
//	}
//	r.state.Begin(status.Creating, &svc.transitions, lifecycle.AfterFunc(svc.life, delay, r, (*resource).created))
//
// The timer's callback takes the service's lock and ends the transition, if it is still the one in progress:
//
//	func (r *resource) created() {
//		r.svc.mu.Lock()
//		defer r.svc.mu.Unlock()
//		if r.state.Is(status.Creating) {
//			r.state.Finish(status.Active)
//		}
//	}
//
// A caller waiting until the resource is ACTIVE takes the channel of the next change under the lock and waits on
// it outside:
//
//	for {
//		mu.Lock()
//		active, changed := r.state.Is(status.Active), r.state.Changed()
//		mu.Unlock()
//		if active {
//			return nil
//		}
//		select {
//		case <-changed:
//		case <-ctx.Done():
//			return ctx.Err()
//		}
//	}
package status
