package apierr

// The Kinesis Data Streams exceptions: every exception the Kinesis API declares (aws-sdk-go-v2
// service/kinesis/types/errors.go; all of the client's fault except InternalFailureException). The sentinels whose
// names other services of the family also use serve those services too, as their comments say; the other files
// add only what Data Streams does not declare.
//
// Retryable follows the SDKs' standard retry policy (aws-sdk-go-v2 aws/retry/standard.go: the throttle codes,
// which include ProvisionedThroughputExceededException and LimitExceededException, and the HTTP 5xx statuses of
// server faults); KMSThrottlingException is retryable as the throttle it is.
var (
	// ResourceNotFound: the stream, shard or consumer does not exist (or is not yet/no longer usable). Every
	// service of the family uses it: Firehose (delivery stream), all three Video Streams APIs (stream, or no
	// fragments in the requested range for HLS/DASH sessions), Analytics (application).
	ResourceNotFound = client("ResourceNotFoundException", "Requested resource not found.")
	// ResourceInUse: the resource is not in a state that allows the operation (e.g. it is not ACTIVE), or it exists.
	// Also used by Firehose, the Video Streams control plane and Analytics.
	ResourceInUse = client("ResourceInUseException", "Resource is in use.")
	// InvalidArgument: a parameter violates the operation's rules (bad hash key, bad iterator, bad sequence number).
	// Also used by Firehose, all three Video Streams APIs and Analytics.
	InvalidArgument = client("InvalidArgumentException", "Invalid argument.")
	// LimitExceeded: too many resources, concurrent operations or control-plane calls. Also used by Firehose
	// ("You have already reached the limit for a requested resource.") and Analytics ("Exceeded the number of
	// applications allowed."); retryable there too, the SDKs listing the code among their throttles.
	LimitExceeded = &Error{Code: "LimitExceededException", Message: "Limit exceeded.", Retryable: true, Fault: "client"}
	// ExpiredIterator: the shard iterator is older than five minutes.
	ExpiredIterator = client("ExpiredIteratorException", "Iterator expired.")
	// ExpiredNextToken: the pagination token is older than its lifetime (300 s for ListShards).
	ExpiredNextToken = client("ExpiredNextTokenException", "The pagination token expired.")
	// ProvisionedThroughputExceeded: the request rate or size is too high for the shard.
	ProvisionedThroughputExceeded = &Error{Code: "ProvisionedThroughputExceededException", Message: "Rate exceeded.", Retryable: true, Fault: "client"}
	// Validation: the input does not satisfy the operation's constraints (lengths, ranges, patterns), or the
	// operation is not supported for the stream's capacity mode.
	Validation = client("ValidationException", "Validation failed.")
	// AccessDenied: the caller may not perform the operation. Also used by the Video Streams control plane.
	AccessDenied = client("AccessDeniedException", "Access denied.")
	// InternalFailure: an unknown server-side error. As a PutRecords entry code it is spelled "InternalFailure".
	InternalFailure = &Error{Code: "InternalFailureException", Message: "Internal Service Failure", Retryable: true, Fault: "server"}

	// The KMS exceptions a data-plane call on an encrypted stream can return.
	KMSDisabled      = client("KMSDisabledException", "The specified customer master key (CMK) is disabled.")
	KMSInvalidState  = client("KMSInvalidStateException", "The state of the specified resource is not valid for this request.")
	KMSAccessDenied  = client("KMSAccessDeniedException", "The ciphertext references a key that doesn't exist or that you don't have access to.")
	KMSNotFound      = client("KMSNotFoundException", "The specified entity or resource could not be found.")
	KMSOptInRequired = client("KMSOptInRequired", "The AWS access key ID needs a subscription for the service.")
	KMSThrottling    = &Error{Code: "KMSThrottlingException", Message: "The request was denied due to request throttling.", Retryable: true, Fault: "client"}

	// DryRunOperation: the request was rejected because its DryRun parameter was set (the newer data-plane
	// inputs, such as PutRecord's and GetRecords', carry one).
	DryRunOperation = client("DryRunOperationException", "The request was rejected because the DryRun parameter was specified.")
)

// PutRecordsEntryInternalFailure is the ErrorCode a PutRecords result entry carries for an internal failure
// (AWS spells the per-entry code without the "Exception" suffix).
const PutRecordsEntryInternalFailure = "InternalFailure"

// kinesisErrors is the catalog of the Kinesis Data Streams API.
var kinesisErrors = []*Error{
	ResourceNotFound, ResourceInUse, InvalidArgument, LimitExceeded, ExpiredIterator, ExpiredNextToken,
	ProvisionedThroughputExceeded, Validation, AccessDenied, InternalFailure,
	KMSDisabled, KMSInvalidState, KMSAccessDenied, KMSNotFound, KMSOptInRequired, KMSThrottling, DryRunOperation,
}
