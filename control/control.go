package control

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
)

// Op names an operation as IAM does: the service prefix and the action, "kinesis:PutRecord". The action "*"
// matches every operation of the service ("kinesis:*"), and Op "*" every operation.
type Op string

// Service returns the service prefix of op ("kinesis" for "kinesis:PutRecord"; "*" for "*").
func (op Op) Service() string {
	s, _, _ := strings.Cut(string(op), ":")
	return s
}

// Action returns the action of op ("PutRecord" for "kinesis:PutRecord"; "*" for "*").
func (op Op) Action() string {
	if op == "*" {
		return "*"
	}
	_, a, _ := strings.Cut(string(op), ":")
	return a
}

// Matches reports whether a control installed for op applies to the call of operation call.
func (op Op) Matches(call Op) bool {
	switch {
	case op == call, op == "*":
		return true
	case op.Action() == "*":
		return op.Service() == call.Service()
	}
	return false
}

// Call is an intercepted call as a control sees it.
type Call struct {
	Op Op
	// Input is the call's input value, as the service's operation takes it (for example a stream.PutRecordsInput).
	Input any
}

// Response is what a control does to a call. The zero Response lets the call through.
type Response struct {
	// Err fails the whole call with this error (usually an apierr value, such as
	// apierr.ProvisionedThroughputExceeded.New("Rate exceeded …")); the call changes nothing.
	Err error
	// EntryErrors fails single entries of a batch call (PutRecords, PutRecordBatch), by index: each failed entry
	// carries the error's Code and Message and is not written; the others are. An error with no Code counts as an
	// internal failure. Calls that are not batches ignore EntryErrors.
	EntryErrors map[int]*apierr.Error
	// Delay holds the call for this long on the service's clock before it goes on (or fails).
	Delay time.Duration
	// Release holds the call until this channel is closed, the call's context is done, or the service closes.
	Release <-chan struct{}
}

// Func looks at a call. It returns handled=false to let the call through untouched (a control that only watches),
// or handled=true with the Response to apply. It runs on the caller's goroutine with no service lock held, and may
// call the service. Calls run concurrently may consult a Func concurrently; a control added without [Keep] applies
// its Response to one call only, the first that it handles to return, and the others go on to the controls after
// it.
type Func func(Call) (resp Response, handled bool)

// Option modifies a control.
type Option func(*entry)

// Keep keeps a control after it has handled a call (by default a control handles one call and is removed).
func Keep() Option { return func(c *entry) { c.keep = true } }

type entry struct {
	op      Op
	fn      Func
	keep    bool
	dead    atomic.Bool // removed
	claimed atomic.Bool // a one-shot control that has handled its call
}

// Set is the controls of one account. It is safe for concurrent use; controls may be added and removed from any
// goroutine, a Func included. The zero value is an empty set, ready to use.
type Set struct {
	n    atomic.Int32 // controls installed: services skip interception while it is 0
	mu   sync.Mutex
	list []*entry // in the order added
}

// Add installs a control for op and returns a function that removes it (safe to call more than once). A nil fn
// installs nothing.
func (s *Set) Add(op Op, fn Func, opts ...Option) (remove func()) {
	if fn == nil {
		return func() {}
	}
	c := &entry{op: op, fn: fn}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	s.mu.Lock()
	s.list = append(s.list, c)
	s.n.Add(1)
	s.mu.Unlock()
	return func() { s.drop(c) }
}

// Active reports whether any control is installed: a service intercepts nothing while it is false, so controls
// cost one atomic load per call when unused.
func (s *Set) Active() bool { return s != nil && s.n.Load() != 0 }

// Len returns the number of installed controls (0 for a nil Set, which, as for [Set.Active] and [Set.Intercept],
// has none).
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return int(s.n.Load())
}

func (s *Set) drop(c *entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.dead.Swap(true) {
		return
	}
	for i, x := range s.list {
		if x == c {
			s.list = append(s.list[:i:i], s.list[i+1:]...)
			break
		}
	}
	s.n.Add(-1)
}

// Env is what a service lends [Set.Intercept] to wait on: its clock, its done channel, and the error its calls
// return once it is closed.
type Env struct {
	Clock  clock.Clock
	Done   <-chan struct{}
	Closed error
}

// Intercept runs the controls of op on a call, waits out the delay or hold of the one that handles it, and returns
// the entry errors to apply and the error that fails the call (ctx.Err() or env.Closed if the wait ends early).
// A nil ctx fails the call with [clock.ErrNilContext] before any control sees it.
func (s *Set) Intercept(ctx context.Context, env Env, op Op, input any) (map[int]*apierr.Error, error) {
	if ctx == nil {
		return nil, clock.ErrNilContext
	}
	if !s.Active() {
		return nil, nil
	}
	s.mu.Lock()
	var mine []*entry
	for _, c := range s.list {
		if c.op.Matches(op) {
			mine = append(mine, c)
		}
	}
	s.mu.Unlock()
	for _, c := range mine {
		if c.dead.Load() || c.claimed.Load() {
			continue
		}
		resp, handled := c.fn(Call{Op: op, Input: input})
		if !handled {
			continue
		}
		if !c.keep {
			if c.claimed.Swap(true) {
				continue // a racing call was handled by this one-shot control first
			}
			s.drop(c)
		}
		if resp.Delay > 0 {
			t := clock.Or(env.Clock).NewTimer(resp.Delay)
			err := wait(ctx, env, t.C())
			t.Stop()
			if err != nil {
				return nil, err
			}
		}
		if resp.Release != nil {
			if err := wait(ctx, env, resp.Release); err != nil {
				return nil, err
			}
		}
		return resp.EntryErrors, resp.Err
	}
	return nil, nil
}

// wait blocks until ch delivers or is closed, ctx is done, or the service closes.
func wait[T any](ctx context.Context, env Env, ch <-chan T) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-env.Done:
		return env.Closed
	}
}
