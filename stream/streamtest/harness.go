package streamtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// t0 is the start of the manual clock of every case.
var t0 = time.Date(2024, time.March, 5, 10, 20, 30, 0, time.UTC)

const (
	account = "000000000000"
	mib     = 1 << 20
)

// tally counts the cases a suite ran on a target.
type tally struct{ cases, refused int }

// harness is a target on a manual clock with helpers that fail the (sub)test on unexpected errors: those of
// Client, and the suites' own.
type harness struct {
	Client
	t     *testing.T
	e     Target
	cv    ClientValidator // e, if it validates inputs itself
	clk   *clock.Manual
	ctx   context.Context
	tally *tally
}

func newHarness(t *testing.T, newTarget NewTarget, n *tally, opts ...stream.Option) *harness {
	t.Helper()
	clk := clock.NewManual(t0)
	e := newTarget(t, clk, opts...)
	cv, _ := e.(ClientValidator)
	return &harness{Client: Client{T: t, Target: e, Clock: clk}, t: t, e: e, cv: cv, clk: clk, ctx: context.Background(), tally: n}
}

// run runs f as the subtest name, with the harness's helpers failing that subtest.
func (h *harness) run(name string, f func(t *testing.T)) {
	h.t.Run(name, func(t *testing.T) {
		parent := h.t
		h.t, h.T = t, t
		defer func() { h.t, h.T = parent, parent }()
		f(t)
	})
}

// want is one case: err must be of kind, with message msg ("" checks the kind only).
func (h *harness) want(name string, err error, kind *apierr.Error, msg string) {
	h.check(name, "", err, func(t *testing.T) { WantError(t, err, kind, msg) })
}

// wantRequired is a case whose input lacks member, a required member of the SDK's model: a ClientValidator
// refuses it itself; any other target answers it with kind and msg.
func (h *harness) wantRequired(name, member string, err error, kind *apierr.Error, msg string) {
	h.check(name, member, err, func(t *testing.T) { WantError(t, err, kind, msg) })
}

// check runs one case as a subtest: if member names a required member the input lacks and the target validates
// inputs, err must be the client's refusal naming it; otherwise answer checks err, the service's answer. Each of
// then runs after that in the same subtest (a check that the call changed nothing).
func (h *harness) check(name, member string, err error, answer func(*testing.T), then ...func(*testing.T)) {
	h.tally.cases++
	if member != "" && h.cv != nil {
		h.tally.refused++
	}
	h.run(name, func(t *testing.T) {
		t.Helper()
		switch {
		case member != "" && h.cv != nil:
			var ae *apierr.Error
			if err == nil || !h.cv.RefusedByClient(err) || !strings.Contains(err.Error(), member) || errors.As(err, &ae) {
				t.Fatalf("got %v, want the client's own refusal of a call missing its required member %s", err, member)
			}
		case h.cv != nil && err != nil && h.cv.RefusedByClient(err):
			t.Fatalf("the client refused the call itself (%v); the service must answer it", err)
		default:
			answer(t)
		}
		for _, f := range then {
			f(t)
		}
	})
}

// create calls CreateStream for a provisioned stream of n shards (ACTIVE at once unless the engine has status
// delays).
func (h *harness) create(name string, n int) {
	h.t.Helper()
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: name, ShardCount: n}); err != nil {
		h.t.Fatalf("CreateStream(%s, %d): %v", name, n, err)
	}
}

func ref(name string) stream.StreamRef { return stream.StreamRef{StreamName: name} }

// forEachThrottling runs body against a fresh target holding a 2-shard stream named "conf", once on an engine
// whose streams are throttled and once on one whose streams are not. Bodies use low rates, where AWS's limits
// are never reached, so the behaviour must be the same in both modes.
func forEachThrottling(t *testing.T, newTarget NewTarget, n *tally, body func(t *testing.T, h *harness, name string)) {
	t.Helper()
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("throttling=%v", on), func(t *testing.T) {
			h := newHarness(t, newTarget, n, stream.WithThrottling(on))
			h.create("conf", 2)
			body(t, h, "conf")
		})
	}
}

// The messages of the cases, in short.
var (
	validation1    = ValidationMessage
	streamNotFound = StreamNotFoundMessage
	shardNotFound  = ShardNotFoundMessage
)

// hashKeyOfShard returns the starting hash key of shard i of an n-shard stream, for ExplicitHashKey.
func hashKeyOfShard(i, n int) string { return record.SplitEvenly(n)[i].StartingHashKey.String() }
