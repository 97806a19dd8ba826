package apierr

// The Amazon Data Firehose exceptions that Data Streams does not declare (aws-sdk-go-v2
// service/firehose/types/errors.go; Amazon Data Firehose API Reference, the Errors of each action). Firehose also
// returns ResourceNotFound, ResourceInUse, InvalidArgument and LimitExceeded, the sentinels of kinesis.go.
//
// Fault is the SDK's ErrorFault for the shape. Retryable follows the SDKs' standard retry policy (aws-sdk-go-v2
// aws/retry/standard.go), which retries server faults (HTTP 5xx) and the throttle codes, LimitExceededException
// among them, and nothing else Firehose declares.
var (
	// ConcurrentModification: another modification of the resource has happened since the caller read it
	// (Firehose: the destination's VersionId is stale; Analytics: two updates of one application at the same
	// time). Used by Firehose and Analytics. Not retryable unchanged: the caller reads the resource again and
	// retries with the new version.
	ConcurrentModification = client("ConcurrentModificationException", "Another modification has already happened.")
	// InvalidKMSResource: putting records or starting or stopping encryption failed because KMS refused the key
	// (AccessDenied, InvalidState, Disabled or NotFound in KMS). Not retryable: the key must be fixed first.
	InvalidKMSResource = client("InvalidKMSResourceException", "The attempt to put records or to start or stop Firehose stream encryption failed.")
	// InvalidSource: only requests from CloudWatch Logs are accepted when CloudWatch Logs decompression is
	// enabled. Not retryable.
	InvalidSource = client("InvalidSourceException", "Only requests from CloudWatch Logs are supported when CloudWatch Logs decompression is enabled.")
	// ServiceUnavailable: the service is unavailable; back off and retry (throughput limits of the stream may
	// have been exceeded). Used by Firehose, including as the ErrorCode of a failed PutRecordBatch entry, and
	// by Analytics. A server fault, retryable as the SDKs retry server faults.
	ServiceUnavailable = &Error{Code: "ServiceUnavailableException", Message: "The service is unavailable. Back off and retry the operation.", Retryable: true, Fault: "server"}
)

// firehoseErrors is the catalog of the Firehose API.
var firehoseErrors = []*Error{
	ConcurrentModification, InvalidArgument, InvalidKMSResource, InvalidSource, LimitExceeded, ResourceInUse,
	ResourceNotFound, ServiceUnavailable,
}
