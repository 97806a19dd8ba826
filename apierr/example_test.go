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

// One sentinel serves every service that declares the exception, and each service's catalog lists what its API
// declares.
func ExampleServiceCatalog() {
	err := apierr.ResourceNotFound.New("Firehose %s under account %s not found.", "to-s3", "000000000000")
	fmt.Println(errors.Is(err, apierr.ResourceNotFound))

	for _, e := range apierr.ServiceCatalog(apierr.ServiceFirehose) {
		fmt.Println(e.Code, e.Fault, e.Retryable)
	}
	// Output:
	// true
	// ConcurrentModificationException client false
	// InvalidArgumentException client false
	// InvalidKMSResourceException client false
	// InvalidSourceException client false
	// LimitExceededException client true
	// ResourceInUseException client false
	// ResourceNotFoundException client false
	// ServiceUnavailableException server true
}
