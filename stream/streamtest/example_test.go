package streamtest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/stream"
	"github.com/kinesim/kinesim/stream/streamtest"
)

// The engine is a Target: a front of it (an SDK client behind an adapter) is one too when it answers each call
// with the same kind and message, which is what RunErrorSpec checks case by case.
func ExampleTarget() {
	e := stream.New()
	defer e.Close()
	var target streamtest.Target = e
	err := target.CreateStream(context.Background(), stream.CreateStreamInput{StreamName: "bad name!", ShardCount: 1})
	var ae *apierr.Error
	if errors.As(err, &ae) && errors.Is(err, apierr.Validation) {
		fmt.Println(ae.Code)
		fmt.Println(ae.Message)
	}
	// Output:
	// ValidationException
	// 1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+
}
