package apierr_test

import (
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/apierr"
)

func Example() {
	err := fmt.Errorf("put: %w", apierr.ProvisionedThroughputExceeded.New(
		"Rate exceeded for shard %s in stream %s under account %s.", "shardId-000000000000", "orders", "000000000000"))

	fmt.Println(errors.Is(err, apierr.ProvisionedThroughputExceeded), errors.Is(err, apierr.ResourceNotFound))
	var e *apierr.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Retryable)
	}
	// Output:
	// true false
	// ProvisionedThroughputExceededException true
}
