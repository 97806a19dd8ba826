package stream_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/stream"
)

const samplePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":["kinesis:PutRecord"],"Resource":"*"}]}`

func (h *harness) getPolicy(resource string) string {
	h.t.Helper()
	out, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: resource})
	if err != nil {
		h.t.Fatal(err)
	}
	return out.Policy
}

// PutResourcePolicy attaches a policy to a stream (replacing the one it had), GetResourcePolicy returns it, and
// DeleteResourcePolicy removes it; a stream without a policy gives "{}"
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html, API_GetResourcePolicy.html,
// API_DeleteResourcePolicy.html; DevGuide resource-based-policy-examples: "Updating an existing resource-based
// policy means replacing the existing one"). The policy goes with the stream: a stream made again under the same
// name has none.
func TestResourcePolicyIsPutReplacedAndDeleted(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	a := h.e.StreamARN("s")
	if got := h.getPolicy(a); got != stream.NoResourcePolicy {
		t.Fatalf("policy of a new stream %q, want {}", got)
	}
	if err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: samplePolicy}); err != nil {
		t.Fatal(err)
	}
	if got := h.getPolicy(a); got != samplePolicy {
		t.Fatalf("policy %q, want %q", got, samplePolicy)
	}
	replaced := `{"Version":"2012-10-17","Statement":[]}`
	if err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: replaced}); err != nil {
		t.Fatal(err)
	}
	if got := h.getPolicy(a); got != replaced {
		t.Fatalf("policy %q, want %q", got, replaced)
	}
	for range 2 { // deleting a policy that is not there succeeds
		if err := h.e.DeleteResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: a}); err != nil {
			t.Fatal(err)
		}
		if got := h.getPolicy(a); got != stream.NoResourcePolicy {
			t.Fatalf("policy after delete %q, want {}", got)
		}
	}
	if err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: samplePolicy}); err != nil {
		t.Fatal(err)
	}
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	_, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: a})
	wantErr(t, err, apierr.ResourceNotFound, streamNotFound("s"))
	h.create("s", 1)
	if got := h.getPolicy(a); got != stream.NoResourcePolicy {
		t.Fatalf("policy of the stream made again %q, want {}", got)
	}
}

// ResourceARN is required, 1–2048 characters, of the pattern arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+ (API model
// shapes.ResourceARN): violations are ValidationExceptions. A stream ARN of an unknown stream or of another account
// is a ResourceNotFoundException; a consumer ARN names no consumer (none can be registered yet), so it is a
// ResourceNotFoundException too, for the consumer when its stream exists. Policy is required and must be a JSON
// object of at most 20 KiB (InvalidArgumentException). Errors accepted: ValidationException,
// InvalidArgumentException, ResourceNotFoundException.
func TestResourcePolicyValidatesTheARNAndThePolicy(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	a := h.e.StreamARN("s")
	consumer := a + "/consumer/app:1700000000"
	for _, tc := range []struct {
		arn, policy string
		sentinel    *apierr.Error
		msg         string
	}{
		{"", samplePolicy, apierr.Validation, validation1("null", "resourceARN", "Member must not be null")},
		{a, "", apierr.Validation, validation1("null", "policy", "Member must not be null")},
		{"arn:aws:kinesis:us-east-1:000000000000:table/s", samplePolicy, apierr.Validation,
			validation1("'arn:aws:kinesis:us-east-1:000000000000:table/s'", "resourceARN", `Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+`)},
		{"arn:aws:kinesis:us-east-1:000000000000:stream/" + strings.Repeat("x", 2048), samplePolicy, apierr.Validation, ""},
		{"arn:aws:kinesis:us-east-1:000000000000:deliverystream/s", samplePolicy, apierr.InvalidArgument,
			"Invalid ResourceARN arn:aws:kinesis:us-east-1:000000000000:deliverystream/s. It must be the ARN of a stream or of a consumer."},
		{h.e.StreamARN("nope"), samplePolicy, apierr.ResourceNotFound, streamNotFound("nope")},
		{"arn:aws:kinesis:us-east-1:111111111111:stream/s", samplePolicy, apierr.ResourceNotFound, "Stream s under account 111111111111 not found."},
		{consumer, samplePolicy, apierr.ResourceNotFound, "Consumer " + consumer + ", account 000000000000 not found."},
		{h.e.StreamARN("nope") + "/consumer/app:1700000000", samplePolicy, apierr.ResourceNotFound, streamNotFound("nope")},
		{a, "[1, 2]", apierr.InvalidArgument, "Policy is not a valid JSON object."},
		{a, "null", apierr.InvalidArgument, "Policy is not a valid JSON object."},
		{a, `{"Version":`, apierr.InvalidArgument, "Policy is not a valid JSON object."},
		{a, `{"Sid":"` + strings.Repeat("x", 20<<10) + `"}`, apierr.InvalidArgument, "Policy size 20490 bytes exceeds the maximum allowed size of 20480 bytes."},
	} {
		err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: tc.arn, Policy: tc.policy})
		wantErr(t, err, tc.sentinel, tc.msg)
	}
	if got := h.getPolicy(a); got != stream.NoResourcePolicy {
		t.Fatalf("refused calls attached %q", got)
	}
	for _, r := range []string{consumer, ""} {
		_, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: r})
		wantErr(t, err, map[bool]*apierr.Error{true: apierr.ResourceNotFound, false: apierr.Validation}[r != ""], "")
		err = h.e.DeleteResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: r})
		wantErr(t, err, map[bool]*apierr.Error{true: apierr.ResourceNotFound, false: apierr.Validation}[r != ""], "")
	}
	big := `{"Sid":"` + strings.Repeat("x", 20<<10-10) + `"}`
	if err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: big}); err != nil {
		t.Fatalf("a policy of exactly 20 KiB: %v", err)
	}
}

// Putting or deleting a policy needs the stream ACTIVE (ResourceInUseException); reading it does not.
func TestResourcePolicyChangesNeedTheStreamActive(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(0, 0, time.Minute))
	h.create("s", 2)
	a := h.e.StreamARN("s")
	if err := h.split("s", "shardId-000000000000", hashKeyOfShard(1, 4)); err != nil {
		t.Fatal(err)
	}
	err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: samplePolicy})
	wantErr(t, err, apierr.ResourceInUse, "Stream s under account 000000000000 not ACTIVE, instead in state UPDATING")
	err = h.e.DeleteResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: a})
	wantErr(t, err, apierr.ResourceInUse, "")
	if got := h.getPolicy(a); got != stream.NoResourcePolicy {
		t.Fatalf("policy %q while UPDATING", got)
	}
}

// FuzzPutResourcePolicy: whatever the ARN and the document, PutResourcePolicy does not panic, fails only with the
// errors its documentation lists, and on success stores the document as given.
func FuzzPutResourcePolicy(f *testing.F) {
	h := newHarness(f)
	h.create("s", 1)
	a := h.e.StreamARN("s")
	for _, seed := range [][2]string{
		{a, samplePolicy}, {a, "{}"}, {a, "[]"}, {a, `{"a":}`}, {a + "/consumer/c:1", "{}"},
		{"arn:aws:kinesis:us-east-1:000000000000:stream/", "{}"}, {"arn:aws-cn:kinesis::000000000000:xstream/s", "{}"},
		{"arn:aws:kinesis:us-east-1:000000000000:stream/s\n", "{}"}, {"", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, resource, policy string) {
		err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: resource, Policy: policy})
		if err != nil {
			wantKinds(t, "PutResourcePolicy", err, apierr.Validation, apierr.InvalidArgument, apierr.ResourceNotFound)
			return
		}
		out, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: resource})
		if err != nil || out.Policy != policy {
			t.Fatalf("after a successful put: %q, %v; want %q", out.Policy, err, policy)
		}
	})
}
