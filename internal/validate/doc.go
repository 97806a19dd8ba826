// Package validate words input-validation failures as AWS's services do, so that every kinesim service reports a
// bad input with the same ValidationException text:
//
//	1 validation error detected: Value 'x y' at 'streamName' failed to satisfy constraint: Member must satisfy
//	regular expression pattern: [a-zA-Z0-9_.-]+
//
// A [Violations] collects the failures of one call (AWS lists at most ten) and turns them into one
// apierr.Validation error. The helpers check the constraint shapes the AWS API models declare: required members,
// lengths, numeric ranges, patterns and enums.
//
// # Usage
//
// An operation checks its whole input first, then fails with every violation found, in the order of the checks:
//
//	var v validate.Violations
//	if v.Required("deliveryStreamName", in.Name) {
//		v.Name("deliveryStreamName", in.Name, 64)
//	}
//	v.Range("sizeInMBs", in.SizeInMBs, 1, 128)
//	v.Enum("deliveryStreamType", string(in.Type), "DirectPut", "KinesisStreamAsSource")
//	if err := v.Err(); err != nil {
//		return err // errors.Is(err, apierr.Validation)
//	}
//
// A constraint no helper covers is recorded with [Violations.Add], the value rendered with [Quote], [QuoteInt]
// or [Blob] (or "null" for a missing member) and the constraint built from the constants of this package.
package validate
