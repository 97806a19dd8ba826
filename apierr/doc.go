// Package apierr is the catalog of AWS Kinesis exceptions, one Go error value per exception.
//
// Every error the kinesim packages return for a failed API call is an *[Error] made from one of the sentinels
// here, so callers match them with [errors.Is] whatever the message:
//
//	if errors.Is(err, apierr.ProvisionedThroughputExceeded) { back off and retry }
//
// and read the AWS code and message with [errors.As]:
//
//	var e *apierr.Error
//	if errors.As(err, &e) { log(e.Code, e.Message) }
//
// Messages follow the wording AWS uses (for example "Stream orders under account 000000000000 not found."),
// so code that inspects messages, as some Kinesis consumers do, behaves as against AWS.
//
// # Validation versus InvalidArgument
//
// As in AWS, a value that breaks a declared constraint of the input shape (a length, a range, a pattern, the
// number of list members) is a [Validation] error with a message of the form
// "1 validation error detected: Value '…' at 'partitionKey' failed to satisfy constraint: …", while a value that
// is well formed but not acceptable for the resource (a sequence number of another shard, an explicit hash key
// outside the 128-bit space) is an [InvalidArgument] error.
package apierr
