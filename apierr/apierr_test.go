package apierr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kinesim/kinesim/apierr"
)

func TestInstancesMatchTheirSentinelOnly(t *testing.T) {
	for _, kind := range apierr.Catalog() {
		err := fmt.Errorf("context: %w", kind.New("detail %d", 1))
		if !errors.Is(err, kind) {
			t.Errorf("%s instance does not match its sentinel", kind.Code)
		}
		for _, other := range apierr.Catalog() {
			if other != kind && errors.Is(err, other) {
				t.Errorf("%s instance matches %s", kind.Code, other.Code)
			}
		}
		var e *apierr.Error
		if !errors.As(err, &e) || e.Code != kind.Code || e.Message != "detail 1" {
			t.Errorf("errors.As gave %+v", e)
		}
		if got := apierr.IsRetryable(err); got != kind.Retryable {
			t.Errorf("%s: IsRetryable = %v", kind.Code, got)
		}
		if apierr.ByCode(kind.Code) != kind {
			t.Errorf("ByCode(%q) is not the sentinel", kind.Code)
		}
	}
}

func TestThrottlingAndLimitErrorsAreRetryable(t *testing.T) {
	for _, e := range []*apierr.Error{apierr.ProvisionedThroughputExceeded, apierr.LimitExceeded, apierr.InternalFailure,
		apierr.ServiceUnavailable, apierr.ClientLimitExceeded, apierr.ConnectionLimitExceeded,
		apierr.ResourceProvisionedThroughputExceeded, apierr.KMSThrottling} {
		if !apierr.IsRetryable(e) {
			t.Errorf("%s should be retryable", e.Code)
		}
	}
	if apierr.IsRetryable(apierr.InvalidArgument) || apierr.IsRetryable(apierr.AccountStreamLimitExceeded) ||
		apierr.IsRetryable(apierr.ConcurrentModification) || apierr.IsRetryable(errors.New("x")) || apierr.IsRetryable(nil) {
		t.Error("non-retryable errors reported retryable")
	}
}

func TestPerEntryInternalFailureCode(t *testing.T) {
	if apierr.ByCode(apierr.PutRecordsEntryInternalFailure) != apierr.InternalFailure {
		t.Fatal("InternalFailure entry code does not map to InternalFailureException")
	}
	if apierr.ByCode("NoSuchException") != nil {
		t.Fatal("unknown code mapped")
	}
}

func TestErrorStringHasCodeAndMessage(t *testing.T) {
	err := apierr.ResourceNotFound.New("Stream %s under account %s not found.", "orders", "000000000000")
	if got, want := err.Error(), "ResourceNotFoundException: Stream orders under account 000000000000 not found."; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}
