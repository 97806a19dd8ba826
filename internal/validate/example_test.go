package validate_test

import (
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// An operation of some service checks its whole input and fails with every violation, worded as AWS words them.
func Example() {
	type createInput struct {
		Name      string
		SizeInMBs int
		Type      string
	}
	check := func(in createInput) error {
		var v validate.Violations
		if v.Required("deliveryStreamName", in.Name) {
			v.Name("deliveryStreamName", in.Name, 64)
		}
		v.Range("sizeInMBs", in.SizeInMBs, 1, 128)
		v.Enum("deliveryStreamType", in.Type, "DirectPut", "KinesisStreamAsSource")
		return v.Err()
	}

	fmt.Println(check(createInput{Name: "orders", SizeInMBs: 5, Type: "DirectPut"}))
	err := check(createInput{Name: "", SizeInMBs: 500, Type: "DirectPut"})
	fmt.Println(errors.Is(err, apierr.Validation))
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// ValidationException: 2 validation errors detected: Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null; Value '500' at 'sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 128
}
