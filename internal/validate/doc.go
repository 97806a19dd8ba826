// Package validate words input-validation failures as AWS's services do, so that every kinesim service reports a
// bad input with the same ValidationException text:
//
//	1 validation error detected: Value 'x y' at 'streamName' failed to satisfy constraint: Member must satisfy
//	regular expression pattern: [a-zA-Z0-9_.-]+
//
// A [Violations] collects the failures of one call (AWS lists at most ten) and turns them into one
// apierr.Validation error. The helpers check the constraint shapes the AWS API models declare: required members,
// lengths, numeric ranges, patterns and enums.
package validate
