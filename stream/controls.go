package stream

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
)

// Test controls, in the spirit of franz-go's kfake: a test intercepts the engine's data-plane operations to fail
// them with a chosen AWS error (a whole call, or single PutRecords entries), to delay them on the engine's clock, to
// hold them until released, or just to watch them. A kinesim extension.

// Op names an operation that controls intercept.
type Op string

// Intercepted operations.
const (
	OpPutRecord        Op = "PutRecord"
	OpPutRecords       Op = "PutRecords"
	OpGetRecords       Op = "GetRecords"
	OpGetShardIterator Op = "GetShardIterator"
	OpListShards       Op = "ListShards"
	// OpSubscribe is a blocking read's start: [Engine.Records] and [Engine.Subscribe].
	OpSubscribe Op = "Subscribe"
)

// Call is an intercepted call as a control sees it.
type Call struct {
	Op Op
	// Input is the call's input: a PutRecordInput, PutRecordsInput, GetRecordsInput, GetShardIteratorInput,
	// ListShardsInput or ReadInput.
	Input any
}

// Response is what a control does to a call. The zero Response lets the call through.
type Response struct {
	// Err fails the whole call with this error (usually an apierr value, such as
	// apierr.ProvisionedThroughputExceeded.New("Rate exceeded …")); the call changes nothing.
	Err error
	// EntryErrors fails single PutRecords entries, by index: each failed entry carries the error's Code and
	// Message as its ErrorCode and ErrorMessage (apierr.InternalFailure gives the code "InternalFailure"), and is
	// not written. The other entries are.
	EntryErrors map[int]*apierr.Error
	// Delay holds the call for this long on the engine's clock before it goes on (or fails).
	Delay time.Duration
	// Release holds the call until this channel is closed, the call's context is done, or the engine closes.
	Release <-chan struct{}
}

// ControlFunc looks at a call. It returns handled=false to let the call through untouched (a control that only
// watches), or handled=true with the Response to apply. It runs on the caller's goroutine with no engine lock held,
// and may call the engine.
type ControlFunc func(Call) (resp Response, handled bool)

// ControlOption modifies a control.
type ControlOption func(*control)

// KeepControl keeps a control after it has handled a call (by default a control handles one call and is removed).
func KeepControl() ControlOption { return func(c *control) { c.keep = true } }

type control struct {
	op   Op
	fn   ControlFunc
	keep bool
	dead atomic.Bool
}

type controls struct {
	n    atomic.Int32 // controls installed: the data plane skips interception while it is 0
	mu   sync.Mutex
	list []*control // in the order added
}

// Control installs a control for op and returns a function that removes it. Controls of an op run in the order
// they were added, until one handles the call; a control that handles a call is then removed, unless installed
// with [KeepControl]. Controls are safe to add and remove from any goroutine, including from a ControlFunc.
func (e *Engine) Control(op Op, fn ControlFunc, opts ...ControlOption) (remove func()) {
	c := &control{op: op, fn: fn}
	for _, o := range opts {
		o(c)
	}
	e.ctl.mu.Lock()
	e.ctl.list = append(e.ctl.list, c)
	e.ctl.n.Add(1)
	e.ctl.mu.Unlock()
	return func() { e.ctl.drop(c) }
}

func (cs *controls) drop(c *control) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c.dead.Swap(true) {
		return
	}
	for i, x := range cs.list {
		if x == c {
			cs.list = append(cs.list[:i:i], cs.list[i+1:]...)
			break
		}
	}
	cs.n.Add(-1)
}

// intercept runs the controls of op on a call and applies the delay or hold of the one that handles it. It returns
// the entry errors to apply and the error that fails the call.
func (e *Engine) intercept(ctx context.Context, op Op, input any) (map[int]*apierr.Error, error) {
	cs := &e.ctl
	cs.mu.Lock()
	var mine []*control
	for _, c := range cs.list {
		if c.op == op {
			mine = append(mine, c)
		}
	}
	cs.mu.Unlock()
	for _, c := range mine {
		if c.dead.Load() {
			continue
		}
		resp, handled := c.fn(Call{Op: op, Input: input})
		if !handled {
			continue
		}
		if !c.keep {
			cs.drop(c)
		}
		if resp.Delay > 0 {
			if err := clock.Sleep(ctx, e.clk, resp.Delay); err != nil {
				return nil, err
			}
		}
		if resp.Release != nil {
			select {
			case <-resp.Release:
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-e.done:
				return nil, ErrClosed
			}
		}
		return resp.EntryErrors, resp.Err
	}
	return nil, nil
}

// ExpireIterators makes every shard iterator issued so far expired: GetRecords with one of them fails with
// ExpiredIteratorException, as it would five minutes later.
func (e *Engine) ExpireIterators() { e.iterFloor.Store(e.serial.Load()) }

// ForceSplitShard splits a shard now, as SplitShard does, but without the update delay and whatever the stream's
// status and capacity mode (an on-demand stream, a stream UPDATING). The key must still lie inside the open shard's
// range, and the account's shard quota holds.
func (e *Engine) ForceSplitShard(ctx context.Context, in SplitShardInput) error {
	return e.splitShard(ctx, in, true)
}

// ForceMergeShards merges two adjacent open shards now, as MergeShards does, but without the update delay and
// whatever the stream's status and capacity mode.
func (e *Engine) ForceMergeShards(ctx context.Context, in MergeShardsInput) error {
	return e.mergeShards(ctx, in, true)
}
