package control_test

// Test controls as a second service uses them, with no import of package stream: operations named
// "video:PutMedia" and "kinesis:PutRecord", a done channel and a closed error of the test's own. Waits on the
// clock run on a clock.Manual, or on the real clock in a testing/synctest bubble; nothing sleeps or polls.

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

var errClosed = errors.New("video: service closed")

const (
	putMedia  control.Op = "kinesisvideo:PutMedia"
	getMedia  control.Op = "kinesisvideo:GetMedia"
	putRecord control.Op = "kinesis:PutRecord"
)

// service is the environment a service lends Intercept.
type service struct {
	clk  clock.Clock
	done chan struct{}
}

func newService(clk clock.Clock) *service { return &service{clk: clk, done: make(chan struct{})} }

func (s *service) env() control.Env {
	return control.Env{Clock: s.clk, Done: s.done, Closed: errClosed}
}

func (s *service) call(ctx context.Context, set *control.Set, op control.Op, input any) (map[int]*apierr.Error, error) {
	return set.Intercept(ctx, s.env(), op, input)
}

// fail returns a Func that fails every call it sees with err.
func fail(err error) control.Func {
	return func(control.Call) (control.Response, bool) { return control.Response{Err: err}, true }
}

func wantErr(t *testing.T, got, want error) {
	t.Helper()
	if !errors.Is(got, want) || (want == nil && got != nil) {
		t.Fatalf("err = %v, want %v", got, want)
	}
}

func wantLen(t *testing.T, s *control.Set, want int) {
	t.Helper()
	if got := s.Len(); got != want {
		t.Fatalf("Len() = %d, want %d", got, want)
	}
	if got := s.Active(); got != (want != 0) {
		t.Fatalf("Active() = %v with %d controls", got, want)
	}
}

func TestOpServiceAndAction(t *testing.T) {
	for _, c := range []struct {
		op              control.Op
		service, action string
	}{
		{"kinesis:PutRecord", "kinesis", "PutRecord"},
		{"kinesisvideo:*", "kinesisvideo", "*"},
		{"*", "*", "*"},
		{"kinesis", "kinesis", ""},
		{"", "", ""},
		{"a:b:c", "a", "b:c"},
	} {
		if s, a := c.op.Service(), c.op.Action(); s != c.service || a != c.action {
			t.Errorf("%q: Service() = %q, Action() = %q; want %q, %q", c.op, s, a, c.service, c.action)
		}
	}
}

func TestOpMatchesItselfAndItsWildcards(t *testing.T) {
	for _, c := range []struct {
		installed, call control.Op
		want            bool
	}{
		{"kinesis:PutRecord", "kinesis:PutRecord", true},
		{"kinesis:PutRecord", "kinesis:PutRecords", false},
		{"kinesis:PutRecords", "kinesis:PutRecord", false},
		{"kinesis:PutRecord", "firehose:PutRecord", false},
		{"kinesis:*", "kinesis:PutRecord", true},
		{"kinesis:*", "kinesis:*", true},
		{"kinesis:*", "kinesisvideo:PutMedia", false}, // a service prefix is not a string prefix
		{"kinesisvideo:*", "kinesis:PutRecord", false},
		{"firehose:*", "kinesis:PutRecord", false},
		{"*", "kinesis:PutRecord", true},
		{"*", "kinesisvideo:PutMedia", true},
		{"*", "anything", true},
		{"kinesis:Put*", "kinesis:PutRecord", false}, // only a whole action is a wildcard
		{"kinesis:PutRecord", "*", false},            // a call's op is never a pattern
		{"kinesis:PutRecord", "kinesis:*", false},
		{"kinesis", "kinesis:PutRecord", false},
	} {
		if got := c.installed.Matches(c.call); got != c.want {
			t.Errorf("%q.Matches(%q) = %v, want %v", c.installed, c.call, got, c.want)
		}
	}
}

func TestTheZeroSetInterceptsNothingAndAllocatesNothing(t *testing.T) {
	var set control.Set
	wantLen(t, &set, 0)
	svc := newService(clock.NewManual(t0))
	ctx := context.Background()
	entries, err := svc.call(ctx, &set, putMedia, nil)
	if entries != nil || err != nil {
		t.Fatalf("Intercept = %v, %v; want nil, nil", entries, err)
	}
	env := svc.env()
	if n := testing.AllocsPerRun(100, func() { _, _ = set.Intercept(ctx, env, putMedia, nil) }); n != 0 {
		t.Fatalf("Intercept with no control allocates %v times, want 0", n)
	}
	var nilSet *control.Set
	if nilSet.Active() {
		t.Fatal("a nil Set is Active")
	}
	if _, err := nilSet.Intercept(ctx, env, putMedia, nil); err != nil {
		t.Fatalf("Intercept of a nil Set = %v", err)
	}
}

func TestAControlHandlesOneCallAndIsRemoved(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	boom := apierr.InternalFailure.New("injected")
	set.Add(putMedia, fail(boom))
	wantLen(t, &set, 1)
	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, boom)
	wantLen(t, &set, 0)
	_, err = svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, nil)
}

func TestKeepKeepsTheControlUntilRemoved(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	remove := set.Add("kinesisvideo:*", fail(apierr.ResourceInUse), control.Keep())
	for _, op := range []control.Op{putMedia, getMedia, putMedia} {
		_, err := svc.call(context.Background(), &set, op, nil)
		wantErr(t, err, apierr.ResourceInUse)
	}
	wantLen(t, &set, 1)
	remove()
	wantLen(t, &set, 0)
	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, nil)
}

func TestRemoveIsSafeToCallMoreThanOnce(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	removeA := set.Add(putMedia, fail(apierr.ResourceInUse), control.Keep())
	removeB := set.Add(putMedia, fail(apierr.LimitExceeded))
	removeA()
	removeA()
	wantLen(t, &set, 1)
	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, apierr.LimitExceeded)
	removeB() // already removed by handling its call
	removeB()
	wantLen(t, &set, 0)
}

func TestANilFuncInstallsNothing(t *testing.T) {
	var set control.Set
	remove := set.Add(putMedia, nil, control.Keep())
	wantLen(t, &set, 0)
	remove()
	wantLen(t, &set, 0)
}

func TestANilOptionIsIgnored(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	set.Add(putMedia, fail(apierr.ResourceInUse), nil, control.Keep(), nil)
	for range 2 {
		_, err := svc.call(context.Background(), &set, putMedia, nil)
		wantErr(t, err, apierr.ResourceInUse)
	}
}

func TestAWatcherSeesTheCallAndLetsItThrough(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	type input struct{ StreamName string }
	var seen []control.Call
	set.Add("*", func(c control.Call) (control.Response, bool) {
		seen = append(seen, c)
		return control.Response{Err: apierr.InternalFailure}, false // ignored: not handled
	})
	for _, op := range []control.Op{putMedia, putRecord} {
		entries, err := svc.call(context.Background(), &set, op, input{"cameras"})
		if entries != nil || err != nil {
			t.Fatalf("a watched %s = %v, %v; want it untouched", op, entries, err)
		}
	}
	want := []control.Call{{Op: putMedia, Input: input{"cameras"}}, {Op: putRecord, Input: input{"cameras"}}}
	if !slices.Equal(seen, want) {
		t.Fatalf("the watcher saw %v, want %v", seen, want)
	}
	wantLen(t, &set, 1) // a watcher handles nothing, so it stays, Keep or not
}

func TestControlsRunInTheOrderAddedUntilOneHandlesTheCall(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	var order []string
	watch := func(name string) control.Func {
		return func(control.Call) (control.Response, bool) {
			order = append(order, name)
			return control.Response{}, false
		}
	}
	handle := func(name string, err error) control.Func {
		return func(control.Call) (control.Response, bool) {
			order = append(order, name)
			return control.Response{Err: err}, true
		}
	}
	set.Add(putMedia, watch("w1"), control.Keep())
	set.Add(putMedia, handle("first", apierr.ResourceInUse))
	set.Add("firehose:*", handle("other service", apierr.AccessDenied), control.Keep())
	set.Add("*", watch("w2"), control.Keep())
	set.Add(putMedia, handle("second", apierr.LimitExceeded))

	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, apierr.ResourceInUse)
	_, err = svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, apierr.LimitExceeded)
	_, err = svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, nil)
	want := []string{"w1", "first", "w1", "w2", "second", "w1", "w2"}
	if !slices.Equal(order, want) {
		t.Fatalf("controls ran in the order %v, want %v", order, want)
	}
}

func TestEntryErrorsAreReturnedToTheService(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	entries := map[int]*apierr.Error{0: apierr.InternalFailure, 2: apierr.ProvisionedThroughputExceeded.New("Rate exceeded for shard")}
	set.Add(putRecord, func(control.Call) (control.Response, bool) { return control.Response{EntryErrors: entries}, true })
	got, err := svc.call(context.Background(), &set, putRecord, nil)
	if err != nil || len(got) != 2 || got[0] != entries[0] || got[2] != entries[2] {
		t.Fatalf("Intercept = %v, %v; want the entry errors %v", got, err, entries)
	}
}

func TestAControlMayRemoveItself(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	calls := 0
	var remove func()
	remove = set.Add(putMedia, func(control.Call) (control.Response, bool) {
		if calls++; calls == 3 {
			remove() // the third call is its last: it still handles it
		}
		return control.Response{Err: apierr.ResourceInUse}, true
	}, control.Keep())
	for range 3 {
		_, err := svc.call(context.Background(), &set, putMedia, nil)
		wantErr(t, err, apierr.ResourceInUse)
	}
	wantLen(t, &set, 0)
	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, nil)
	if calls != 3 {
		t.Fatalf("the control ran %d times, want 3", calls)
	}
}

func TestAOneShotControlRemovingItselfStillHandlesItsCall(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	var remove func()
	remove = set.Add(putMedia, func(control.Call) (control.Response, bool) {
		remove()
		return control.Response{Err: apierr.ResourceInUse}, true
	})
	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, apierr.ResourceInUse)
	wantLen(t, &set, 0)
}

func TestAFuncMayAddControlsAndCallTheService(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	set.Add(putMedia, func(c control.Call) (control.Response, bool) {
		// Another control, installed during the call: not consulted for this call, but for the next.
		set.Add(putMedia, fail(apierr.LimitExceeded))
		// A call of the service from a control (a reentrant call): no lock is held.
		if _, err := svc.call(context.Background(), &set, getMedia, nil); err != nil {
			t.Errorf("the nested GetMedia = %v", err)
		}
		return control.Response{}, false
	})
	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, nil)
	_, err = svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, apierr.LimitExceeded)
}

// result is what a call run on its own goroutine returned.
type result struct {
	entries map[int]*apierr.Error
	err     error
}

// callInBackground runs one intercepted call on a new goroutine; its result arrives on the channel.
func callInBackground(ctx context.Context, svc *service, set *control.Set, op control.Op) <-chan result {
	ch := make(chan result, 1)
	go func() {
		entries, err := svc.call(ctx, set, op, nil)
		ch <- result{entries, err}
	}()
	return ch
}

// returned reports whether the call has returned, and its result.
func returned(ch <-chan result) (result, bool) {
	select {
	case r := <-ch:
		return r, true
	default:
		return result{}, false
	}
}

func TestDelayHoldsTheCallUntilTheClockAdvances(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := clock.NewManual(t0)
		svc := newService(m)
		var set control.Set
		entries := map[int]*apierr.Error{1: apierr.InternalFailure}
		set.Add(putMedia, func(control.Call) (control.Response, bool) {
			return control.Response{Delay: time.Minute, Err: apierr.ResourceInUse, EntryErrors: entries}, true
		})
		ch := callInBackground(context.Background(), svc, &set, putMedia)
		synctest.Wait()
		if _, ok := returned(ch); ok {
			t.Fatal("the delayed call returned before the clock moved")
		}
		if n := m.Pending(); n != 1 {
			t.Fatalf("%d timers armed for the delay, want 1", n)
		}
		m.Advance(time.Minute - time.Nanosecond)
		synctest.Wait()
		if _, ok := returned(ch); ok {
			t.Fatal("the delayed call returned before its delay had passed")
		}
		m.Advance(time.Nanosecond)
		synctest.Wait()
		r, ok := returned(ch)
		if !ok {
			t.Fatal("the delayed call did not return once its delay had passed")
		}
		wantErr(t, r.err, apierr.ResourceInUse)
		if r.entries[1] != apierr.InternalFailure {
			t.Fatalf("entry errors = %v after the delay", r.entries)
		}
	})
}

func TestDelayRunsOnTheRealClockWhenTheServiceHasNone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newService(nil) // Env.Clock nil: clock.Real, the bubble's fake time
		var set control.Set
		set.Add(putMedia, func(control.Call) (control.Response, bool) { return control.Response{Delay: time.Hour}, true })
		start := time.Now()
		if _, err := svc.call(context.Background(), &set, putMedia, nil); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited != time.Hour {
			t.Fatalf("the call waited %v, want 1h", waited)
		}
	})
}

func TestZeroAndNegativeDelaysDoNotWait(t *testing.T) {
	m := clock.NewManual(t0)
	svc := newService(m)
	var set control.Set
	for _, d := range []time.Duration{0, -time.Hour} {
		set.Add(putMedia, func(control.Call) (control.Response, bool) { return control.Response{Delay: d}, true })
		if _, err := svc.call(context.Background(), &set, putMedia, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := m.Pending(); n != 0 {
		t.Fatalf("%d timers armed", n)
	}
}

func TestReleaseHoldsTheCallUntilClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := clock.NewManual(t0)
		svc := newService(m)
		var set control.Set
		release := make(chan struct{})
		set.Add(putMedia, func(control.Call) (control.Response, bool) {
			return control.Response{Delay: time.Second, Release: release, Err: apierr.LimitExceeded}, true
		})
		ch := callInBackground(context.Background(), svc, &set, putMedia)
		synctest.Wait()
		m.Advance(time.Second) // the delay first, then the hold
		synctest.Wait()
		if _, ok := returned(ch); ok {
			t.Fatal("the held call returned before its release")
		}
		close(release)
		synctest.Wait()
		r, ok := returned(ch)
		if !ok {
			t.Fatal("the held call did not return once released")
		}
		wantErr(t, r.err, apierr.LimitExceeded)
	})
}

func TestTheContextEndsAWait(t *testing.T) {
	for _, c := range []struct {
		name string
		resp func() control.Response // made in the bubble: a channel made outside it does not block durably
	}{
		{"delay", func() control.Response { return control.Response{Delay: time.Hour, Err: apierr.ResourceInUse} }},
		{"release", func() control.Response {
			return control.Response{Release: make(chan struct{}), Err: apierr.ResourceInUse}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := clock.NewManual(t0)
				svc := newService(m)
				var set control.Set
				resp := c.resp()
				set.Add(putMedia, func(control.Call) (control.Response, bool) { return resp, true })
				ctx, cancel := context.WithCancel(context.Background())
				ch := callInBackground(ctx, svc, &set, putMedia)
				synctest.Wait()
				if _, ok := returned(ch); ok {
					t.Fatal("the call returned before its context ended")
				}
				cancel()
				synctest.Wait()
				r, ok := returned(ch)
				if !ok {
					t.Fatal("the call still waits after its context ended")
				}
				wantErr(t, r.err, context.Canceled)
				if r.entries != nil {
					t.Fatalf("entry errors %v returned with the context's error", r.entries)
				}
				if n := m.Pending(); n != 0 {
					t.Fatalf("%d timers left armed by the ended wait", n)
				}
			})
		})
	}
}

func TestTheServiceClosingEndsAWaitWithItsClosedError(t *testing.T) {
	for _, c := range []struct {
		name string
		resp func() control.Response // made in the bubble: a channel made outside it does not block durably
	}{
		{"delay", func() control.Response { return control.Response{Delay: time.Hour} }},
		{"release", func() control.Response { return control.Response{Release: make(chan struct{})} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := clock.NewManual(t0)
				svc := newService(m)
				var set control.Set
				resp := c.resp()
				set.Add(putMedia, func(control.Call) (control.Response, bool) { return resp, true })
				ch := callInBackground(context.Background(), svc, &set, putMedia)
				synctest.Wait()
				close(svc.done)
				synctest.Wait()
				r, ok := returned(ch)
				if !ok {
					t.Fatal("the call still waits after the service closed")
				}
				wantErr(t, r.err, errClosed)
				if n := m.Pending(); n != 0 {
					t.Fatalf("%d timers left armed by the ended wait", n)
				}
			})
		})
	}
}

func TestACallWithNoWaitIgnoresTheContext(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	set.Add(putMedia, fail(apierr.ResourceInUse))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := svc.call(ctx, &set, putMedia, nil)
	wantErr(t, err, apierr.ResourceInUse) // the service checks its context itself
}

func TestSetIsSafeForConcurrentUse(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	var handled atomic.Int64
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 300 {
				fn := func(control.Call) (control.Response, bool) {
					handled.Add(1)
					return control.Response{Err: apierr.InternalFailure}, i%3 != 0
				}
				var opts []control.Option
				if w%2 == 0 {
					opts = append(opts, control.Keep())
				}
				remove := set.Add([]control.Op{putMedia, "kinesisvideo:*", "*"}[i%3], fn, opts...)
				_, _ = svc.call(context.Background(), &set, []control.Op{putMedia, getMedia, putRecord}[(i+w)%3], nil)
				_ = set.Len()
				_ = set.Active()
				remove()
			}
		})
	}
	wg.Wait()
	wantLen(t, &set, 0)
	if handled.Load() == 0 {
		t.Fatal("no control ran")
	}
}

// Two calls that both reach a one-shot control before it is removed: only one of them gets its response ("a
// control handles one call"), the other goes on to the controls after it.
func TestAOneShotControlHandlesOneCallWhenCallsRace(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	var inside sync.WaitGroup
	inside.Add(2)
	set.Add(putMedia, func(control.Call) (control.Response, bool) {
		inside.Done()
		inside.Wait() // both calls are inside the control before either returns
		return control.Response{Err: apierr.ResourceInUse}, true
	})
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			_, err := svc.call(context.Background(), &set, putMedia, nil)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("%d calls failed by a one-shot control, want 1", failed)
	}
	wantLen(t, &set, 0)
}

func TestANilSetHasNoControls(t *testing.T) {
	var set *control.Set
	if set.Len() != 0 || set.Active() {
		t.Fatalf("a nil Set: Len() = %d, Active() = %v; want 0, false", set.Len(), set.Active())
	}
}

func TestAControlRemovedDuringACallIsNotConsultedByIt(t *testing.T) {
	var set control.Set
	svc := newService(clock.NewManual(t0))
	var removeLater func()
	set.Add(putMedia, func(control.Call) (control.Response, bool) {
		removeLater() // removed after the call found it, before its turn
		return control.Response{}, false
	})
	removeLater = set.Add(putMedia, func(control.Call) (control.Response, bool) {
		t.Error("a removed control was consulted")
		return control.Response{Err: apierr.ResourceInUse}, true
	}, control.Keep())
	_, err := svc.call(context.Background(), &set, putMedia, nil)
	wantErr(t, err, nil)
	wantLen(t, &set, 1)
}

// A nil context fails the call with clock.ErrNilContext before any control sees it, and leaves the control
// installed for the next call.
func TestInterceptRefusesANilContextBeforeAnyControl(t *testing.T) {
	var s control.Set
	var seen atomic.Int32
	s.Add(putRecord, func(control.Call) (control.Response, bool) { seen.Add(1); return control.Response{}, true })
	var nilCtx context.Context
	env := control.Env{Clock: clock.NewManual(time.Unix(0, 0)), Closed: errClosed}
	if _, err := s.Intercept(nilCtx, env, putRecord, nil); !errors.Is(err, clock.ErrNilContext) {
		t.Fatalf("Intercept(nil ctx) = %v, want clock.ErrNilContext", err)
	}
	if seen.Load() != 0 || s.Len() != 1 {
		t.Errorf("the control saw %d calls and %d controls remain; want 0 and 1", seen.Load(), s.Len())
	}
}
