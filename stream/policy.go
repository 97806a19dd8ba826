package stream

import (
	"context"
	"encoding/json"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
)

// Resource policies. PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy store one policy document per
// stream, checked to be a JSON object of at most [MaxResourcePolicyBytes]; kinesim evaluates no policy (every
// call is allowed, whatever the policies say). A consumer ARN (enhanced fan-out) names a registered consumer, which
// has a policy of its own; an ARN of no registered consumer is a ResourceNotFound error (whose message names the
// stream when the stream does not exist either).

const (
	// MaxResourcePolicyBytes is the largest policy document kinesim takes: 20 KiB. The Kinesis API model and
	// developer guide give the Policy member no size limit; 20 KiB is the limit AWS documents for the
	// resource-based policies of other services (DynamoDB's), and it keeps the memory of a policy bounded.
	MaxResourcePolicyBytes = 20 << 10
	// NoResourcePolicy is the Policy GetResourcePolicy returns for a resource without a policy: an empty JSON
	// object.
	NoResourcePolicy = "{}"
)

// PutResourcePolicyInput is the input of [Engine.PutResourcePolicy].
type PutResourcePolicyInput struct {
	// ResourceARN is the ARN of a stream or of a consumer.
	ResourceARN string
	// Policy is the policy document: a JSON object of at most 20 KiB.
	Policy string
}

// ResourcePolicyInput is the input of [Engine.GetResourcePolicy] and [Engine.DeleteResourcePolicy].
type ResourcePolicyInput struct {
	// ResourceARN is the ARN of a stream or of a consumer.
	ResourceARN string
}

// GetResourcePolicyOutput is the output of [Engine.GetResourcePolicy].
type GetResourcePolicyOutput struct {
	// Policy is the resource's policy document as it was put, or "{}" when it has none.
	Policy string
}

// PutResourcePolicy attaches a resource-based policy to a stream, replacing the one it had. The document is
// stored as given, after checking that it is a JSON object of at most 20 KiB; kinesim does not evaluate it. The
// stream must be ACTIVE.
//
// Errors: Validation (a missing, over-long or malformed ResourceARN, a missing Policy), InvalidArgument (a
// ResourceARN of no stream or consumer, a Policy that is not a JSON object or is over 20 KiB), ResourceNotFound
// (no such stream or consumer), ResourceInUse (the stream or the consumer is not ACTIVE).
func (e *Engine) PutResourcePolicy(ctx context.Context, in PutResourcePolicyInput) error {
	if _, err := begin(e, ctx, OpPutResourcePolicy, &in); err != nil {
		return err
	}
	var v validate.Violations
	resourceARN(&v, in.ResourceARN)
	v.Required("policy", in.Policy)
	if err := v.Err(); err != nil {
		return err
	}
	if err := checkPolicy(in.Policy); err != nil {
		return err
	}
	return e.setPolicy(in.ResourceARN, in.Policy)
}

// GetResourcePolicy returns the policy attached to a stream or a consumer, or "{}" if it has none.
//
// Errors: Validation, InvalidArgument (a ResourceARN of no stream or consumer), ResourceNotFound.
func (e *Engine) GetResourcePolicy(ctx context.Context, in ResourcePolicyInput) (GetResourcePolicyOutput, error) {
	if _, err := begin(e, ctx, OpGetResourcePolicy, &in); err != nil {
		return GetResourcePolicyOutput{}, err
	}
	var v validate.Violations
	resourceARN(&v, in.ResourceARN)
	if err := v.Err(); err != nil {
		return GetResourcePolicyOutput{}, err
	}
	ref, c, err := e.parseResourceARN(in.ResourceARN)
	if err != nil {
		return GetResourcePolicyOutput{}, err
	}
	s, err := e.resolve(ref, false)
	if err != nil {
		return GetResourcePolicyOutput{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	policy := s.policy
	if c != nil {
		con := s.consumerByARN(in.ResourceARN, c.Name)
		if con == nil {
			return GetResourcePolicyOutput{}, e.consumerNotFound(in.ResourceARN)
		}
		policy = con.policy
	}
	if policy == "" {
		return GetResourcePolicyOutput{Policy: NoResourcePolicy}, nil
	}
	return GetResourcePolicyOutput{Policy: policy}, nil
}

// DeleteResourcePolicy removes the policy attached to a stream. Deleting from a stream without a policy succeeds
// and changes nothing (AWS documents no error for it). The stream must be ACTIVE.
//
// Errors: Validation, InvalidArgument (a ResourceARN of no stream or consumer), ResourceNotFound, ResourceInUse
// (the stream is not ACTIVE).
func (e *Engine) DeleteResourcePolicy(ctx context.Context, in ResourcePolicyInput) error {
	if _, err := begin(e, ctx, OpDeleteResourcePolicy, &in); err != nil {
		return err
	}
	var v validate.Violations
	resourceARN(&v, in.ResourceARN)
	if err := v.Err(); err != nil {
		return err
	}
	return e.setPolicy(in.ResourceARN, "")
}

// setPolicy sets the policy of the ACTIVE stream, or of the ACTIVE consumer of an ACTIVE stream, a ResourceARN
// names ("" for none).
func (e *Engine) setPolicy(resource, policy string) error {
	ref, c, err := e.parseResourceARN(resource)
	if err != nil {
		return err
	}
	return e.withActiveStream(ref, func(s *dataStream) error {
		if c == nil {
			s.policy = policy
			return nil
		}
		con := s.consumerByARN(resource, c.Name)
		switch {
		case con == nil:
			return e.consumerNotFound(resource)
		case !con.state.Is(status.Active):
			return con.notActive()
		}
		con.policy = policy
		return nil
	})
}

// checkPolicy checks that a policy document is a JSON object of at most MaxResourcePolicyBytes.
func checkPolicy(p string) error {
	if len(p) > MaxResourcePolicyBytes {
		return apierr.InvalidArgument.New("Policy size %d bytes exceeds the maximum allowed size of %d bytes.", len(p), MaxResourcePolicyBytes)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(p), &doc); err != nil || doc == nil {
		return apierr.InvalidArgument.New("Policy is not a valid JSON object.")
	}
	return nil
}
