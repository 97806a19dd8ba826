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
	_, err := h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
	wantErr(t, err, apierr.ResourceNotFound, fmt.Sprintf("Consumer %s, account %s not found.", c.ConsumerARN, account))
	_, err = h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "app"})
	wantErr(t, err, apierr.ResourceNotFound, "Consumer app under stream s under account 000000000000 not found.")
	if n := h.Summary("s").ConsumerCount; n != 0 {
		t.Fatalf("ConsumerCount %d after deregistration", n)
	}
}

// API model shapes.ConsumerName (1–128 of [a-zA-Z0-9_.-]) and shapes.StreamARN: shape violations are
// ValidationException.
func TestConsumerNamesFollowTheConsumerNameRule(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	name129 := strings.Repeat("a", 129)
	for _, tc := range []struct {
		in   stream.RegisterStreamConsumerInput
		want string
	}{
		{stream.RegisterStreamConsumerInput{StreamARN: streamARN("s")}, validation1("null", "consumerName", "Member must not be null")},
		{stream.RegisterStreamConsumerInput{ConsumerName: "a"}, validation1("null", "streamARN", "Member must not be null")},
		{stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "a b"}, validation1("'a b'", "consumerName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")},
		{stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: name129}, validation1("'"+name129+"'", "consumerName", "Member must have length less than or equal to 128")},
		{stream.RegisterStreamConsumerInput{StreamARN: "orders", ConsumerName: "a"}, validation1("'orders'", "streamARN", `Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:stream/\S+`)},
	} {
		_, err := h.e.RegisterStreamConsumer(h.ctx, tc.in)
		wantErr(t, err, apierr.Validation, tc.want)
	}
	// Every name the rule allows is taken, and arn.ConsumerName agrees.
	for _, name := range []string{"a", "A-b_c.9", name129[:128]} {
		if !arn.ConsumerName.Valid(name) {
			t.Fatalf("arn.ConsumerName refuses %q", name)
		}
		h.register("s", name)
	}
}

// API Reference, RegisterStreamConsumer: "For a given Kinesis data stream, each consumer must have a unique name.
// However, consumer names don't have to be unique across data streams."
func TestConsumerNameIsUniquePerStream(t *testing.T) {
	h := newHarness(t)
	h.create("a", 1)
	h.create("b", 1)
	h.register("a", "app")
	_, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("a"), ConsumerName: "app"})
	wantErr(t, err, apierr.ResourceInUse, "Consumer app under stream a already exists for account 000000000000.")
	h.register("b", "app")
	if n := h.Summary("a").ConsumerCount; n != 1 {
		t.Fatalf("ConsumerCount %d, want 1", n)
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
	_, err := h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: old.ConsumerARN})
	wantErr(t, err, apierr.ResourceNotFound, "")
	_, err = h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: old.ConsumerARN})
	wantErr(t, err, apierr.ResourceNotFound, "")
}

// Developer Guide, quotas: "you can create up to 20 registered consumers (Enhanced Fan-out Limit) for each data
// stream".
func TestTwentyConsumersPerStream(t *testing.T) {
	h := newHarness(t, stream.WithThrottling(false))
	h.create("s", 1)
	h.create("t", 1)
	for i := range stream.MaxConsumersPerStream {
		h.register("s", fmt.Sprint("c", i))
	}
	_, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "one-more"})
	wantErr(t, err, apierr.LimitExceeded, "")
	h.register("t", "one-more") // another stream has its own 20
	if n := h.Summary("s").ConsumerCount; n != 20 {
		t.Fatalf("ConsumerCount %d, want 20", n)
	}
}

// API Reference, RegisterStreamConsumer: "you cannot have more than 5 consumers in a CREATING status at the same
// time. Registering a 6th consumer while there are 5 in a CREATING status results in a LimitExceededException."
// Counted per stream (the developer guide's per-stream row).
func TestFiveConsumersCreatingPerStream(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(time.Minute, 0, 0), stream.WithThrottling(false))
	h.create("s", 1)
	h.create("t", 1)
	h.clk.Advance(time.Minute)
	for i := range 5 {
		h.register("s", fmt.Sprint("c", i))
	}
	_, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "sixth"})
	wantErr(t, err, apierr.LimitExceeded, "Stream s under account 000000000000 already has 5 consumers in CREATING status. Limit: 5.")
	h.register("t", "sixth") // the limit is the stream's
	h.clk.Advance(time.Minute)
	h.register("s", "sixth")
}

// Developer Guide, control-plane API limits: RegisterStreamConsumer 5 TPS, DeregisterStreamConsumer 5 TPS,
// DescribeStreamConsumer 20 TPS, ListStreamConsumers 5 TPS, per stream; enforced while the stream throttles.
func TestConsumerControlPlaneRateLimits(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.create("free", 1, throttling(false))
	for i := range 5 {
		h.register("s", fmt.Sprint("c", i))
	}
	_, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "c5"})
	wantErr(t, err, apierr.LimitExceeded, "Rate exceeded for RegisterStreamConsumer on stream s under account 000000000000.")
	ref := stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "c0"}
	for range 20 {
		h.describeConsumer(ref)
	}
	_, err = h.e.DescribeStreamConsumer(h.ctx, ref)
	wantErr(t, err, apierr.LimitExceeded, "")
	list := stream.ListStreamConsumersInput{StreamARN: streamARN("s")}
	for range 5 {
		if _, err := h.e.ListStreamConsumers(h.ctx, list); err != nil {
			t.Fatal(err)
		}
	}
	_, err = h.e.ListStreamConsumers(h.ctx, list)
	wantErr(t, err, apierr.LimitExceeded, "")
	h.clk.Advance(time.Second)
	h.register("s", "c5")
	// A stream that does not throttle takes any rate.
	for i := range 20 {
		h.register("free", fmt.Sprint("c", i))
	}
}

// API Reference, DescribeStreamConsumer: "provide the ARN of the consumer. Alternatively, you can provide the ARN of
// the data stream and the name … You may also provide all three parameters, as long as they don't conflict".
func TestDescribeStreamConsumerByARNOrStreamAndName(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.create("t", 1)
	c := h.register("s", "app")
	h.register("s", "other")
	all := stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "app", ConsumerARN: c.ConsumerARN}
	if d := h.describeConsumer(all); d.ConsumerARN != c.ConsumerARN {
		t.Fatalf("described %+v", d)
	}
	for _, bad := range []stream.ConsumerRef{
		{StreamARN: streamARN("s"), ConsumerName: "other", ConsumerARN: c.ConsumerARN},
		{StreamARN: streamARN("t"), ConsumerName: "app", ConsumerARN: c.ConsumerARN},
		{StreamARN: streamARN("s")},
		{ConsumerName: "app"},
		{},
	} {
		_, err := h.e.DescribeStreamConsumer(h.ctx, bad)
		wantErr(t, err, apierr.InvalidArgument, "")
	}
	_, err := h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: "arn:aws:kinesis:us-east-1:000000000000:stream/s"})
	wantErr(t, err, apierr.Validation, "")
	_, err = h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: arn.DefaultAccount().ConsumerARN("nostream", "app", t0)})
	wantErr(t, err, apierr.ResourceNotFound, "")
	_, err = h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{StreamARN: streamARN("nostream"), ConsumerName: "app"})
	wantErr(t, err, apierr.ResourceNotFound, streamNotFound("nostream"))
	other := arn.Account{ID: "111111111111", Region: region}.ConsumerARN("s", "app", t0)
	_, err = h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: other})
	wantErr(t, err, apierr.ResourceNotFound, "")
}

// API Reference, ListStreamConsumers: MaxResults (1–10000, "at most 100 results are returned"), NextToken
// ("Tokens expire after 300 seconds"; not with StreamCreationTimestamp), StreamCreationTimestamp (tells streams of
// the same name apart).
func TestListStreamConsumersPaginates(t *testing.T) {
	h := newHarness(t, stream.WithThrottling(false))
	h.create("s", 1)
	names := []string{"e", "a", "d", "b", "c"}
	for _, n := range names {
		h.register("s", n)
	}
	var got []string
	in := stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: 2}
	for pages := 0; ; pages++ {
		out, err := h.e.ListStreamConsumers(h.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range out.Consumers {
			got = append(got, c.ConsumerName)
			if c.ConsumerStatus != stream.ConsumerStatusActive || c.ConsumerARN == "" {
				t.Fatalf("listed %+v", c)
			}
		}
		if out.NextToken == "" {
			break
		}
		if pages > 5 {
			t.Fatal("no end of pages")
		}
		in.NextToken = out.NextToken
	}
	if fmt.Sprint(got) != "[a b c d e]" {
		t.Fatalf("listed %v", got)
	}
	first, err := h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	withTS := stream.ListStreamConsumersInput{StreamARN: streamARN("s"), NextToken: first.NextToken, StreamCreationTimestamp: t0}
	_, err = h.e.ListStreamConsumers(h.ctx, withTS)
	wantErr(t, err, apierr.InvalidArgument, "NextToken and StreamCreationTimestamp cannot be provided together.")
	_, err = h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s"), NextToken: "garbage"})
	wantErr(t, err, apierr.InvalidArgument, "Invalid NextToken.")
	for _, n := range []int{-1, 10001} {
		_, err = h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: n})
		wantErr(t, err, apierr.Validation, "")
	}
	out, err := h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: 10000, StreamCreationTimestamp: t0})
	if err != nil || len(out.Consumers) != 5 || out.NextToken != "" {
		t.Fatalf("MaxResults 10000: %d consumers, token %q, %v", len(out.Consumers), out.NextToken, err)
	}
	_, err = h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s"), StreamCreationTimestamp: t0.Add(time.Second)})
	wantErr(t, err, apierr.ResourceNotFound, streamNotFound("s"))
	h.clk.Advance(stream.NextTokenLifetime + time.Second)
	_, err = h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("s"), NextToken: first.NextToken})
	wantErr(t, err, apierr.ExpiredNextToken, "")
	// A token of one incarnation of a stream does not list the next one's.
	h.create("x", 1)
	h.register("x", "a")
	h.register("x", "b")
	tok, err := h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("x"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("x"), EnforceConsumerDeletion: true}); err != nil {
		t.Fatal(err)
	}
	h.create("x", 1)
	_, err = h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("x"), NextToken: tok.NextToken})
	wantErr(t, err, apierr.InvalidArgument, "Invalid NextToken.")
	empty, err := h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: streamARN("x")})
	if err != nil || empty.Consumers == nil || len(empty.Consumers) != 0 {
		t.Fatalf("a re-created stream lists %v (%v), want none", empty.Consumers, err)
	}
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
	many := map[string]string{}
	for i := range 50 {
		many[fmt.Sprint("k", i)] = "v"
	}
	err = h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: c.ConsumerARN, Tags: many})
	wantErr(t, err, apierr.InvalidArgument, "Failed to add tags to consumer app under account 000000000000 because a given consumer cannot have more than 50 tags associated with it.")
	_, err = h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "bad", Tags: map[string]string{"aws:x": "v"}})
	wantErr(t, err, apierr.InvalidArgument, "Tag key aws:x uses the reserved prefix aws:.")
	missing := arn.DefaultAccount().ConsumerARN("s", "nobody", t0)
	err = h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: missing, Tags: map[string]string{"a": "b"}})
	wantErr(t, err, apierr.ResourceNotFound, fmt.Sprintf("Consumer %s, account %s not found.", missing, account))
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
	err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: c.ConsumerARN, Policy: doc})
	wantErr(t, err, apierr.ResourceInUse, fmt.Sprintf("Consumer app with creation timestamp %d under stream s and account 000000000000 is not in ACTIVE status.", t0.Add(time.Minute).Unix()))
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
	_, err = h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: arn.DefaultAccount().ConsumerARN("s", "x", t0)})
	wantErr(t, err, apierr.ResourceNotFound, "")
}

// API Reference, DeleteStream: "If you delete a stream that has registered consumers, the deletion fails unless
// EnforceConsumerDeletion is true" (AWS's message as quoted in hashicorp/terraform-provider-aws#8420); with it the
// consumers go with the stream, and a stream created again under the name has none.
func TestDeleteStreamWithConsumersNeedsEnforceConsumerDeletion(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	c := h.register("s", "app")
	err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")})
	wantErr(t, err, apierr.ResourceInUse, "DeleteStream can't delete 000000000000:s because there are consumers associated with this data stream. To delete s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.")
	if n := h.Summary("s").ConsumerCount; n != 1 {
		t.Fatalf("ConsumerCount %d after the refused delete", n)
	}
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s"), EnforceConsumerDeletion: true}); err != nil {
		t.Fatal(err)
	}
	h.create("s", 1)
	if n := h.Summary("s").ConsumerCount; n != 0 {
		t.Fatalf("a re-created stream has %d consumers", n)
	}
	_, err = h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
	wantErr(t, err, apierr.ResourceNotFound, "")
	h.register("s", "app")
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
