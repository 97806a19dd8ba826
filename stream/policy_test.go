package stream_test

import (
	"testing"

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
