package stream_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/stream"
)

// Spec tests of enhanced fan-out consumers. Sources: Kinesis API Reference, RegisterStreamConsumer,
// DescribeStreamConsumer, ListStreamConsumers, DeregisterStreamConsumer, DeleteStream
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/), the pinned SDK's api_op_*StreamConsumer*.go, and the
// Developer Guide's quota table (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).

func streamARN(name string) string { return arn.DefaultAccount().StreamARN(name) }

// register registers a consumer and fails the test on error.
func (h *harness) register(streamName, name string) stream.Consumer {
	h.t.Helper()
	c, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN(streamName), ConsumerName: name})
	if err != nil {
		h.t.Fatalf("RegisterStreamConsumer(%s, %s): %v", streamName, name, err)
	}
	return c
}

func (h *harness) describeConsumer(ref stream.ConsumerRef) stream.ConsumerDescription {
	h.t.Helper()
	d, err := h.e.DescribeStreamConsumer(h.ctx, ref)
	if err != nil {
		h.t.Fatalf("DescribeStreamConsumer(%+v): %v", ref, err)
	}
	return d
}

// API Reference, RegisterStreamConsumer and ConsumerDescription: a consumer is CREATING, then ACTIVE; its ARN is
// stream/STREAM/consumer/NAME:SECONDS.
func TestRegisterStreamConsumerIsCreatingThenActive(t *testing.T) {
	h := newHarness(t) // no status delays
	h.create("s", 1)
	hd := newHarness(t, stream.WithStatusDelays(10*time.Second, 10*time.Second, 0))
	hd.create("s", 1)
	hd.clk.Advance(10 * time.Second)
	c := hd.register("s", "app")
	want := arn.DefaultAccount().ConsumerARN("s", "app", t0.Add(10*time.Second))
	if c.ConsumerStatus != stream.ConsumerStatusCreating || c.ConsumerARN != want || !c.ConsumerCreationTimestamp.Equal(t0.Add(10*time.Second)) {
		t.Fatalf("registered %+v, want CREATING with ARN %s", c, want)
	}
	if _, err := arn.ParseConsumerARN(c.ConsumerARN); err != nil {
		t.Fatalf("the consumer ARN does not parse: %v", err)
	}
	hd.clk.Advance(9 * time.Second)
	if d := hd.describeConsumer(stream.ConsumerRef{ConsumerARN: c.ConsumerARN}); d.ConsumerStatus != stream.ConsumerStatusCreating {
		t.Fatalf("after 9 s: %s, want CREATING", d.ConsumerStatus)
	}
	hd.clk.Advance(time.Second)
	d := hd.describeConsumer(stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "app"})
	if d.ConsumerStatus != stream.ConsumerStatusActive || d.StreamARN != streamARN("s") || d.ConsumerARN != c.ConsumerARN {
		t.Fatalf("after 10 s: %+v, want ACTIVE", d)
	}
	// Without a delay the consumer is ACTIVE at once.
	if c := h.register("s", "now"); c.ConsumerStatus != stream.ConsumerStatusActive {
		t.Fatalf("without delay: %s", c.ConsumerStatus)
	}
}

// Every consumer name the API model's rule allows (shapes.ConsumerName: 1–128 of [a-zA-Z0-9_.-]) is taken, and
// arn.ConsumerName agrees; the names it refuses are the error spec's ConsumerNamesFollowTheConsumerNameRule.
func TestConsumerNameRuleAgreesWithPackageARN(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	for _, name := range []string{"a", "A-b_c.9", strings.Repeat("a", 128)} {
		if !arn.ConsumerName.Valid(name) {
			t.Fatalf("arn.ConsumerName refuses %q", name)
		}
		h.register("s", name)
	}
}

// A stream that does not throttle takes any rate of consumer registrations (the rates of a throttled stream, per
// the Developer Guide's control-plane limits, are the error spec's ConsumerControlPlaneRateLimits).
func TestConsumerRateLimitsOnlyWhileTheStreamThrottles(t *testing.T) {
	h := newHarness(t)
	h.create("free", 1, throttling(false))
	for i := range 20 {
		h.register("free", fmt.Sprint("c", i))
	}
}

// API Reference, DeregisterStreamConsumer: the consumer is DELETING, then gone.
func TestDeregisterStreamConsumerIsDeletingThenGone(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(0, 30*time.Second, 0))
	h.create("s", 1)
	c := h.register("s", "app")
	if err := h.e.DeregisterStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN}); err != nil {
		t.Fatal(err)
	}
	if d := h.describeConsumer(stream.ConsumerRef{ConsumerARN: c.ConsumerARN}); d.ConsumerStatus != stream.ConsumerStatusDeleting {
		t.Fatalf("%s, want DELETING", d.ConsumerStatus)
	}
	if err := h.e.DeregisterStreamConsumer(h.ctx, stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "app"}); err != nil {
		t.Fatalf("deregistering a DELETING consumer: %v", err)
	}
	h.clk.Advance(30 * time.Second)
	// Gone, it is not found, by ARN or by stream and name: the error spec's DeregisteredConsumerIsNotFound.
	if n := h.Summary("s").ConsumerCount; n != 0 {
		t.Fatalf("ConsumerCount %d after deregistration", n)
	}
}

// SDK types.Consumer: "If you delete a consumer and then create a new one with the same name, it won't have the
// same ARN. That's because consumer ARNs contain the creation timestamp."
func TestReRegisteredConsumerHasANewARN(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	old := h.register("s", "app")
	if err := h.e.DeregisterStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: old.ConsumerARN}); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(time.Second)
	c := h.register("s", "app")
	if c.ConsumerARN == old.ConsumerARN {
		t.Fatalf("the same ARN %s after registering again", c.ConsumerARN)
	}
	// The old ARN names nothing: the error spec's DeregisteredConsumerIsNotFound.
}

// API Reference, RegisterStreamConsumer ("Tags will take effect from the CREATING status of the consumer"),
// TagResource, UntagResource, ListTagsForResource (a stream or consumer ARN).
func TestConsumerTags(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(time.Minute, 0, 0))
	h.create("s", 1)
	h.clk.Advance(time.Minute)
	c, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "app", Tags: map[string]string{"team": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	list := func() string {
		t.Helper()
		out, err := h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: c.ConsumerARN})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(out.Tags)
	}
	if got := list(); got != "[{team a}]" {
		t.Fatalf("tags while CREATING: %s", got)
	}
	if err := h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: c.ConsumerARN, Tags: map[string]string{"env": "test"}}); err != nil {
		t.Fatal(err)
	}
	if err := h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: c.ConsumerARN, TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	if got := list(); got != "[{env test}]" {
		t.Fatalf("tags: %s", got)
	}
	// The stream's tags are its own.
	out, err := h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: streamARN("s")})
	if err != nil || len(out.Tags) != 0 {
		t.Fatalf("stream tags %v, %v", out.Tags, err)
	}
	// The refusals (over 50 tags, an aws: key, an unknown consumer) are the error spec's ConsumerTagAndPolicyErrors.
}

// API Reference, PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: a ResourceARN is a stream's or a
// consumer's; a consumer not ACTIVE refuses a policy (AWS's answer quoted in
// aws-cloudformation/cloudformation-coverage-roadmap#2442).
func TestConsumerResourcePolicy(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(time.Minute, 0, 0))
	h.create("s", 1)
	h.clk.Advance(time.Minute)
	c := h.register("s", "app")
	const doc = `{"Version":"2012-10-17","Statement":[]}`
	// While the consumer is CREATING the policy is refused (the error spec's ConsumerTagAndPolicyErrors); once ACTIVE:
	h.clk.Advance(time.Minute)
	if err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: c.ConsumerARN, Policy: doc}); err != nil {
		t.Fatal(err)
	}
	get := func(resource string) string {
		t.Helper()
		out, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: resource})
		if err != nil {
			t.Fatal(err)
		}
		return out.Policy
	}
	if got := get(c.ConsumerARN); got != doc {
		t.Fatalf("consumer policy %s", got)
	}
	if got := get(streamARN("s")); got != stream.NoResourcePolicy {
		t.Fatalf("stream policy %s, want none", got)
	}
	if err := h.e.DeleteResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: c.ConsumerARN}); err != nil {
		t.Fatal(err)
	}
	if got := get(c.ConsumerARN); got != stream.NoResourcePolicy {
		t.Fatalf("after delete %s", got)
	}
}

// Every consumer operation is a control op (package control).
func TestConsumerOperationsAreControlled(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	c := h.register("s", "app")
	injected := errors.New("injected")
	for op, call := range map[control.Op]func() error{
		stream.OpRegisterStreamConsumer: func() error {
			_, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "x"})
			return err
		},
		stream.OpDescribeStreamConsumer: func() error {
			_, err := h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
			return err
		},
		stream.OpListStreamConsumers: func() error {
			_, err := h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s")})
			return err
		},
		stream.OpDeregisterStreamConsumer: func() error {
			return h.e.DeregisterStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
		},
		stream.OpSubscribeToShard: func() error {
			_, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
			return err
		},
	} {
		remove := h.e.Control(op, func(control.Call) (control.Response, bool) {
			return control.Response{Err: injected}, true
		})
		if err := call(); !errors.Is(err, injected) {
			t.Errorf("%s under a control: %v", op, err)
		}
		remove()
	}
	if d := h.describeConsumer(stream.ConsumerRef{ConsumerARN: c.ConsumerARN}); d.ConsumerStatus != stream.ConsumerStatusActive {
		t.Fatalf("a controlled call changed the consumer: %+v", d)
	}
}

// Every consumer operation returns ErrClosed after Close and ErrNilContext for a nil context, changing nothing.
func TestConsumerOperationsAfterCloseAndWithNilContext(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	c := h.register("s", "app")
	calls := func(ctx context.Context) map[string]func() error {
		return map[string]func() error{
			"RegisterStreamConsumer": func() error {
				_, err := h.e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "x"})
				return err
			},
			"DescribeStreamConsumer": func() error {
				_, err := h.e.DescribeStreamConsumer(ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
				return err
			},
			"ListStreamConsumers": func() error {
				_, err := h.e.ListStreamConsumers(ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s")})
				return err
			},
			"DeregisterStreamConsumer": func() error {
				return h.e.DeregisterStreamConsumer(ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
			},
			"SubscribeToShard": func() error {
				_, err := h.e.SubscribeToShard(ctx, stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
				return err
			},
		}
	}
	var nilCtx context.Context // a nil context is refused, not a panic
	for name, call := range calls(nilCtx) {
		if err := call(); !errors.Is(err, stream.ErrNilContext) {
			t.Errorf("%s(nil ctx): %v, want ErrNilContext", name, err)
		}
	}
	if err := h.e.Close(); err != nil {
		t.Fatal(err)
	}
	for name, call := range calls(h.ctx) {
		if err := call(); !errors.Is(err, stream.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}

// FuzzConsumerInputs throws arbitrary ARNs, names and tokens at the consumer operations and SubscribeToShard.
// Invariants: no panic; every error is an *apierr.Error of a kind the operations document; success only for the
// registered consumer's own ARN (or its stream ARN and name) and for tokens the engine issued.
func FuzzConsumerInputs(f *testing.F) {
	clk := clock.NewManual(t0)
	e := stream.New(stream.WithClock(clk), stream.WithSeed(testSeed), stream.WithThrottling(false))
	f.Cleanup(func() { _ = e.Close() })
	ctx := context.Background()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 1}); err != nil {
		f.Fatal(err)
	}
	var names []string
	for _, n := range []string{"a", "b", "c"} {
		c, err := e.RegisterStreamConsumer(ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: n})
		if err != nil {
			f.Fatal(err)
		}
		names = append(names, c.ConsumerARN)
	}
	page, err := e.ListStreamConsumers(ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(names[0], "a", streamARN("s"), page.NextToken)
	f.Add(names[1]+"0", "b", streamARN("s")+"x", page.NextToken[:len(page.NextToken)-1])
	f.Add("arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/a:", "", "arn:aws:kinesis::000000000000:stream/s", "")
	f.Add("arn:aws:kinesis:us-east-1:000000000000:stream//consumer/:1", "a b", "", "x")
	kinds := []*apierr.Error{apierr.Validation, apierr.InvalidArgument, apierr.ResourceNotFound, apierr.ResourceInUse, apierr.ExpiredNextToken}
	check := func(t *testing.T, op string, err error) {
		if err == nil {
			return
		}
		for _, k := range kinds {
			if errors.Is(err, k) {
				return
			}
		}
		t.Fatalf("%s: unexpected error %v", op, err)
	}
	f.Fuzz(func(t *testing.T, consumerARN, name, streamARNText, tok string) {
		d, err := e.DescribeStreamConsumer(ctx, stream.ConsumerRef{ConsumerARN: consumerARN, ConsumerName: name, StreamARN: streamARNText})
		check(t, "DescribeStreamConsumer", err)
		if err == nil && !slices.Contains(names, d.ConsumerARN) {
			t.Fatalf("described %+v", d)
		}
		out, err := e.ListStreamConsumers(ctx, stream.ListStreamConsumersInput{StreamARN: streamARNText, NextToken: tok})
		check(t, "ListStreamConsumers", err)
		if err == nil && len(out.Consumers) > len(names) {
			t.Fatalf("listed %d consumers", len(out.Consumers))
		}
		sub, err := e.SubscribeToShard(ctx, stream.SubscribeToShardInput{ConsumerARN: consumerARN, ShardId: name, StartingPosition: stream.StartingPosition{Type: stream.Latest}})
		check(t, "SubscribeToShard", err)
		if err == nil {
			if !slices.Contains(names, consumerARN) {
				t.Fatalf("subscribed with %q", consumerARN)
			}
			_ = sub.Close()
			clk.Advance(stream.SubscribeToShardTakeover)
		}
	})
}
