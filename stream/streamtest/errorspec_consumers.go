package streamtest

// The error cases of enhanced fan-out's control plane (RegisterStreamConsumer, DescribeStreamConsumer,
// ListStreamConsumers, DeregisterStreamConsumer, and the consumers' tags, policies and effect on DeleteStream),
// moved here from package stream's consumers_test.go (each group names the test it came from) so that they run
// against every target. Sources: Kinesis API Reference (https://docs.aws.amazon.com/kinesis/latest/APIReference/),
// the pinned SDK's api_op_*StreamConsumer*.go, and the Developer Guide's quota table
// (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/stream"
)

// consumerGroups are the groups of this file, run by RunErrorSpec after its own.
var consumerGroups = []struct {
	name string
	run  func(*testing.T, NewTarget, *tally)
}{
	{"ConsumerNamesFollowTheConsumerNameRule", consumerNamesFollowTheConsumerNameRule},
	{"ConsumerNameIsUniquePerStream", consumerNameIsUniquePerStream},
	{"TwentyConsumersPerStream", twentyConsumersPerStream},
	{"FiveConsumersCreatingPerStream", fiveConsumersCreatingPerStream},
	{"ConsumerControlPlaneRateLimits", consumerControlPlaneRateLimits},
	{"DescribeStreamConsumerByARNOrStreamAndName", describeStreamConsumerByARNOrStreamAndName},
	{"ListStreamConsumersPaginates", listStreamConsumersPaginates},
	{"DeregisteredConsumerIsNotFound", deregisteredConsumerIsNotFound},
	{"ConsumerTagAndPolicyErrors", consumerTagAndPolicyErrors},
	{"DeleteStreamWithConsumersNeedsEnforceConsumerDeletion", deleteStreamWithConsumersNeedsEnforceConsumerDeletion},
}

// streamARN is the ARN of a stream of the default account, which every target's engine has (see [NewTarget]).
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

func (h *harness) registerErr(streamName, name string) error {
	_, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN(streamName), ConsumerName: name})
	return err
}

// From stream's TestConsumerNamesFollowTheConsumerNameRule: API model shapes.ConsumerName (1–128 of
// [a-zA-Z0-9_.-]) and shapes.StreamARN: shape violations are ValidationException.
func consumerNamesFollowTheConsumerNameRule(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	name129 := strings.Repeat("a", 129)
	for _, tc := range []struct {
		name, required string
		in             stream.RegisterStreamConsumerInput
		want           string
	}{
		{"no name", "ConsumerName", stream.RegisterStreamConsumerInput{StreamARN: streamARN("s")}, validation1("null", "consumerName", "Member must not be null")},
		{"no StreamARN", "StreamARN", stream.RegisterStreamConsumerInput{ConsumerName: "a"}, validation1("null", "streamARN", "Member must not be null")},
		{"name with a space", "", stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "a b"}, validation1("'a b'", "consumerName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")},
		{"129-char name", "", stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: name129}, validation1("'"+name129+"'", "consumerName", "Member must have length less than or equal to 128")},
		{"StreamARN not an ARN", "", stream.RegisterStreamConsumerInput{StreamARN: "orders", ConsumerName: "a"}, validation1("'orders'", "streamARN", `Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:stream/\S+`)},
	} {
		_, err := h.e.RegisterStreamConsumer(h.ctx, tc.in)
		h.check(tc.name, tc.required, err, func(t *testing.T) { WantError(t, err, apierr.Validation, tc.want) })
	}
	for _, name := range []string{"a", "A-b_c.9", name129[:128]} {
		h.register("s", name)
	}
}

// From stream's TestConsumerNameIsUniquePerStream: API Reference, RegisterStreamConsumer: "For a given Kinesis
// data stream, each consumer must have a unique name. However, consumer names don't have to be unique across data
// streams."
func consumerNameIsUniquePerStream(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("a", 1)
	h.create("b", 1)
	h.register("a", "app")
	h.want("the name again", h.registerErr("a", "app"), apierr.ResourceInUse, "Consumer app under stream a already exists for account 000000000000.")
	h.register("b", "app")
	if n := h.Summary("a").ConsumerCount; n != 1 {
		t.Fatalf("ConsumerCount %d, want 1", n)
	}
}

// From stream's TestTwentyConsumersPerStream: Developer Guide, quotas: "you can create up to 20 registered
// consumers (Enhanced Fan-out Limit) for each data stream".
func twentyConsumersPerStream(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(false))
	h.create("s", 1)
	h.create("t", 1)
	for i := range stream.MaxConsumersPerStream {
		h.register("s", fmt.Sprint("c", i))
	}
	h.want("21st consumer", h.registerErr("s", "one-more"), apierr.LimitExceeded, "")
	h.register("t", "one-more") // another stream has its own 20
	if n := h.Summary("s").ConsumerCount; n != 20 {
		t.Fatalf("ConsumerCount %d, want 20", n)
	}
}

// From stream's TestFiveConsumersCreatingPerStream: API Reference, RegisterStreamConsumer: "you cannot have more
// than 5 consumers in a CREATING status at the same time. Registering a 6th consumer while there are 5 in a
// CREATING status results in a LimitExceededException." Counted per stream (the developer guide's per-stream row).
func fiveConsumersCreatingPerStream(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(time.Minute, 0, 0), stream.WithThrottling(false))
	h.create("s", 1)
	h.create("t", 1)
	h.clk.Advance(time.Minute)
	for i := range 5 {
		h.register("s", fmt.Sprint("c", i))
	}
	h.want("sixth CREATING consumer", h.registerErr("s", "sixth"), apierr.LimitExceeded, "Stream s under account 000000000000 already has 5 consumers in CREATING status. Limit: 5.")
	h.register("t", "sixth") // the limit is the stream's
	h.clk.Advance(time.Minute)
	h.register("s", "sixth")
}

// From stream's TestConsumerControlPlaneRateLimits: Developer Guide, control-plane API limits:
// RegisterStreamConsumer 5 TPS, DescribeStreamConsumer 20 TPS, ListStreamConsumers 5 TPS, per stream; enforced
// while the stream throttles.
func consumerControlPlaneRateLimits(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(true))
	h.create("s", 1)
	for i := range 5 {
		h.register("s", fmt.Sprint("c", i))
	}
	h.want("sixth register in a second", h.registerErr("s", "c5"), apierr.LimitExceeded, "Rate exceeded for RegisterStreamConsumer on stream s under account 000000000000.")
	ref := stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "c0"}
	for range 20 {
		if _, err := h.e.DescribeStreamConsumer(h.ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	_, err := h.e.DescribeStreamConsumer(h.ctx, ref)
	h.want("21st describe in a second", err, apierr.LimitExceeded, "")
	list := stream.ListStreamConsumersInput{StreamARN: streamARN("s")}
	for range 5 {
		if _, err := h.e.ListStreamConsumers(h.ctx, list); err != nil {
			t.Fatal(err)
		}
	}
	_, err = h.e.ListStreamConsumers(h.ctx, list)
	h.want("sixth list in a second", err, apierr.LimitExceeded, "")
	h.clk.Advance(time.Second)
	h.register("s", "c5")
}

// From stream's TestDescribeStreamConsumerByARNOrStreamAndName: API Reference, DescribeStreamConsumer: "provide
// the ARN of the consumer. Alternatively, you can provide the ARN of the data stream and the name … You may also
// provide all three parameters, as long as they don't conflict".
func describeStreamConsumerByARNOrStreamAndName(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	h.create("t", 1)
	c := h.register("s", "app")
	h.register("s", "other")
	if d, err := h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "app", ConsumerARN: c.ConsumerARN}); err != nil || d.ConsumerARN != c.ConsumerARN {
		t.Fatalf("described %+v (%v)", d, err)
	}
	describe := func(ref stream.ConsumerRef) error {
		_, err := h.e.DescribeStreamConsumer(h.ctx, ref)
		return err
	}
	for _, bad := range []struct {
		name string
		ref  stream.ConsumerRef
	}{
		{"ARN of another name", stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "other", ConsumerARN: c.ConsumerARN}},
		{"ARN of another stream", stream.ConsumerRef{StreamARN: streamARN("t"), ConsumerName: "app", ConsumerARN: c.ConsumerARN}},
		{"stream without a name", stream.ConsumerRef{StreamARN: streamARN("s")}},
		{"name without a stream", stream.ConsumerRef{ConsumerName: "app"}},
		{"nothing", stream.ConsumerRef{}},
	} {
		h.want(bad.name, describe(bad.ref), apierr.InvalidArgument, "")
	}
	h.want("stream ARN as consumer ARN", describe(stream.ConsumerRef{ConsumerARN: streamARN("s")}), apierr.Validation, "")
	h.want("consumer of an unknown stream", describe(stream.ConsumerRef{ConsumerARN: arn.DefaultAccount().ConsumerARN("nostream", "app", t0)}), apierr.ResourceNotFound, "")
	h.want("name on an unknown stream", describe(stream.ConsumerRef{StreamARN: streamARN("nostream"), ConsumerName: "app"}), apierr.ResourceNotFound, streamNotFound("nostream"))
	other := arn.Account{ID: "111111111111", Region: arn.DefaultRegion}.ConsumerARN("s", "app", t0)
	h.want("consumer of another account", describe(stream.ConsumerRef{ConsumerARN: other}), apierr.ResourceNotFound, "")
}

// From stream's TestListStreamConsumersPaginates: API Reference, ListStreamConsumers: MaxResults (1–10000, "at
// most 100 results are returned"), NextToken ("Tokens expire after 300 seconds"; not with
// StreamCreationTimestamp), StreamCreationTimestamp (tells streams of the same name apart).
func listStreamConsumersPaginates(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(false))
	h.create("s", 1)
	created := h.Summary("s").StreamCreationTimestamp
	for _, n := range []string{"e", "a", "d", "b", "c"} {
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
	ls := func(in stream.ListStreamConsumersInput) (stream.ListStreamConsumersOutput, error) {
		return h.e.ListStreamConsumers(h.ctx, in)
	}
	first, err := ls(stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ls(stream.ListStreamConsumersInput{StreamARN: streamARN("s"), NextToken: first.NextToken, StreamCreationTimestamp: created})
	h.want("NextToken and StreamCreationTimestamp", err, apierr.InvalidArgument, "NextToken and StreamCreationTimestamp cannot be provided together.")
	_, err = ls(stream.ListStreamConsumersInput{StreamARN: streamARN("s"), NextToken: "garbage"})
	h.want("garbage NextToken", err, apierr.InvalidArgument, "Invalid NextToken.")
	for _, n := range []int{-1, 10001} {
		_, err = ls(stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: n})
		h.want(fmt.Sprint("MaxResults ", n), err, apierr.Validation, "")
	}
	out, err := ls(stream.ListStreamConsumersInput{StreamARN: streamARN("s"), MaxResults: 10000, StreamCreationTimestamp: created})
	if err != nil || len(out.Consumers) != 5 || out.NextToken != "" {
		t.Fatalf("MaxResults 10000: %d consumers, token %q, %v", len(out.Consumers), out.NextToken, err)
	}
	_, err = ls(stream.ListStreamConsumersInput{StreamARN: streamARN("s"), StreamCreationTimestamp: created.Add(time.Second)})
	h.want("another creation time", err, apierr.ResourceNotFound, streamNotFound("s"))
	h.clk.Advance(stream.NextTokenLifetime + time.Second)
	_, err = ls(stream.ListStreamConsumersInput{StreamARN: streamARN("s"), NextToken: first.NextToken})
	h.want("expired NextToken", err, apierr.ExpiredNextToken, "")
	// A token of one incarnation of a stream does not list the next one's.
	h.create("x", 1)
	h.register("x", "a")
	h.register("x", "b")
	tok, err := ls(stream.ListStreamConsumersInput{StreamARN: streamARN("x"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("x"), EnforceConsumerDeletion: true}); err != nil {
		t.Fatal(err)
	}
	h.create("x", 1)
	_, err = ls(stream.ListStreamConsumersInput{StreamARN: streamARN("x"), NextToken: tok.NextToken})
	h.want("NextToken of the stream's earlier incarnation", err, apierr.InvalidArgument, "Invalid NextToken.")
	empty, err := ls(stream.ListStreamConsumersInput{StreamARN: streamARN("x")})
	if err != nil || empty.Consumers == nil || len(empty.Consumers) != 0 {
		t.Fatalf("a re-created stream lists %v (%v), want none", empty.Consumers, err)
	}
}

// From stream's TestDeregisterStreamConsumerIsDeletingThenGone and TestReRegisteredConsumerHasANewARN: API
// Reference, DeregisterStreamConsumer: the consumer is DELETING, then gone, by ARN and by stream and name (AWS's
// messages); a consumer registered again under the name has a new ARN (SDK types.Consumer: "consumer ARNs contain
// the creation timestamp"), and the old ARN names nothing, for its tags either.
func deregisteredConsumerIsNotFound(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(0, 30*time.Second, 0))
	h.create("s", 1)
	c := h.register("s", "app")
	if err := h.e.DeregisterStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN}); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(30 * time.Second)
	_, err := h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
	h.want("by ARN once deleted", err, apierr.ResourceNotFound, fmt.Sprintf("Consumer %s, account %s not found.", c.ConsumerARN, account))
	_, err = h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{StreamARN: streamARN("s"), ConsumerName: "app"})
	h.want("by stream and name once deleted", err, apierr.ResourceNotFound, "Consumer app under stream s under account 000000000000 not found.")
	h.clk.Advance(time.Second)
	h.register("s", "app")
	_, err = h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
	h.want("the old ARN after registering again", err, apierr.ResourceNotFound, "")
	_, err = h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: c.ConsumerARN})
	h.want("the old ARN's tags", err, apierr.ResourceNotFound, "")
}

// From stream's TestConsumerTags and TestConsumerResourcePolicy: a consumer has at most 50 tags and no aws: keys,
// as a stream (API Reference, TagResource, RegisterStreamConsumer); a consumer not ACTIVE refuses a policy (AWS's
// answer quoted in aws-cloudformation/cloudformation-coverage-roadmap#2442); an ARN of a consumer the stream lacks
// is ResourceNotFound.
func consumerTagAndPolicyErrors(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(time.Minute, 0, 0))
	h.create("s", 1)
	h.clk.Advance(time.Minute)
	registered := h.clk.Now()
	c, err := h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "app", Tags: map[string]string{"team": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	const doc = `{"Version":"2012-10-17","Statement":[]}`
	h.want("policy of a CREATING consumer", h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: c.ConsumerARN, Policy: doc}), apierr.ResourceInUse,
		fmt.Sprintf("Consumer app with creation timestamp %d under stream s and account 000000000000 is not in ACTIVE status.", registered.Unix()))
	h.want("50 more tags", h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: c.ConsumerARN, Tags: manyTags(50)}), apierr.InvalidArgument,
		"Failed to add tags to consumer app under account 000000000000 because a given consumer cannot have more than 50 tags associated with it.")
	_, err = h.e.RegisterStreamConsumer(h.ctx, stream.RegisterStreamConsumerInput{StreamARN: streamARN("s"), ConsumerName: "bad", Tags: map[string]string{"aws:x": "v"}})
	h.want("aws: tag at registration", err, apierr.InvalidArgument, "Tag key aws:x uses the reserved prefix aws:.")
	missing := arn.DefaultAccount().ConsumerARN("s", "nobody", t0)
	h.want("TagResource of an unknown consumer", h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: missing, Tags: map[string]string{"a": "b"}}), apierr.ResourceNotFound,
		fmt.Sprintf("Consumer %s, account %s not found.", missing, account))
	_, err = h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: arn.DefaultAccount().ConsumerARN("s", "x", t0)})
	h.want("GetResourcePolicy of an unknown consumer", err, apierr.ResourceNotFound, "")
}

// From stream's TestDeleteStreamWithConsumersNeedsEnforceConsumerDeletion: API Reference, DeleteStream: "If you
// delete a stream that has registered consumers, the deletion fails unless EnforceConsumerDeletion is true" (AWS's
// message as quoted in hashicorp/terraform-provider-aws#8420); with it the consumers go with the stream, and a
// stream created again under the name has none.
func deleteStreamWithConsumersNeedsEnforceConsumerDeletion(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	c := h.register("s", "app")
	h.wantThen("delete without EnforceConsumerDeletion", h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}), apierr.ResourceInUse,
		"DeleteStream can't delete 000000000000:s because there are consumers associated with this data stream. To delete s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.",
		func(t *testing.T) {
			if n := h.Summary("s").ConsumerCount; n != 1 {
				t.Fatalf("ConsumerCount %d after the refused delete", n)
			}
		})
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s"), EnforceConsumerDeletion: true}); err != nil {
		t.Fatal(err)
	}
	h.create("s", 1)
	if n := h.Summary("s").ConsumerCount; n != 0 {
		t.Fatalf("a re-created stream has %d consumers", n)
	}
	_, err := h.e.DescribeStreamConsumer(h.ctx, stream.ConsumerRef{ConsumerARN: c.ConsumerARN})
	h.want("a consumer of the deleted stream", err, apierr.ResourceNotFound, "")
	h.register("s", "app")
}
