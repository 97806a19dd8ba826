package awssdk_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
)

// t0 is the start of every test's manual clock.
var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// newClient returns an account on a manual clock (so throttling windows do not move during a test) and a client
// of it without retries (so a throttled call fails at once instead of sleeping in the SDK's backoff).
func newClient(t testing.TB, opts ...kinesim.Option) (*kinesim.Account, *kinesis.Client) {
	t.Helper()
	acct := kinesim.New(append([]kinesim.Option{kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1)}, opts...)...)
	t.Cleanup(func() { _ = acct.Close() })
	return acct, awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
}

// mustCreate creates a provisioned stream of n shards through the client.
func mustCreate(t testing.TB, c *kinesis.Client, name string, n int32) {
	t.Helper()
	if _, err := c.CreateStream(context.Background(), &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(n)}); err != nil {
		t.Fatalf("CreateStream %s: %v", name, err)
	}
}

// operationInputs records the input of every operation the engine runs, as a watching control sees it.
type operationInputs struct {
	mu   sync.Mutex
	seen map[string]any
}

// watchOperations adds to controls a control that watches the operations matching pattern ("kinesis:*") and
// records their inputs; it never answers a call.
func watchOperations(controls *control.Set, pattern control.Op) *operationInputs {
	o := &operationInputs{seen: map[string]any{}}
	controls.Add(pattern, func(call control.Call) (control.Response, bool) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.seen[call.Op.Action()] = call.Input
		return control.Response{}, false
	}, control.Keep())
	return o
}

// input returns the input the engine last ran op with, nil if it has not run op.
func (o *operationInputs) input(op string) any {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.seen[op]
}

// ran reports whether the engine has run op.
func (o *operationInputs) ran(op string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.seen[op]
	return ok
}

// opStep is one call of an every-operation test: the operation's name and its call through an SDK client.
type opStep struct {
	op   string
	call func(ctx context.Context) error
}

// callSteps makes each step's call in order, failing t when a call fails or the engine did not see the operation,
// and returns the operations called, sorted.
func callSteps(t *testing.T, seen *operationInputs, steps []opStep) []string {
	t.Helper()
	var called []string
	for _, st := range steps {
		if err := st.call(t.Context()); err != nil {
			t.Errorf("%s: %v", st.op, err)
		}
		called = append(called, st.op)
		if !seen.ran(st.op) {
			t.Errorf("%s: the engine did not see the call", st.op)
		}
	}
	slices.Sort(called)
	return called
}
