package apierr

import "fmt"

// Error is one AWS exception. The exported variables of this package are the catalog: each is a sentinel that
// every error of its kind matches with [errors.Is], whatever its message. An *Error made by [Error.New] carries a
// specific message and matches its sentinel.
//
// An Error is immutable once made and safe for concurrent use.
type Error struct {
	// Code is the exception name as AWS spells it on the wire, e.g. "ResourceNotFoundException".
	Code string
	// Message is the human-readable text, formatted like AWS's.
	Message string
	// Retryable reports whether a client may retry the same call unchanged (throttling, expiry-free transient faults).
	Retryable bool
	// Fault is "client" or "server", as the AWS SDKs classify the exception.
	Fault string

	kind *Error // the sentinel this error is an instance of; nil for a sentinel
}

// Error returns "Code: Message".
func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// Is reports whether target is e or the sentinel e was made from.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return e == t || (e.kind != nil && e.kind == t)
}

// Kind returns the catalog sentinel e belongs to (e itself for a sentinel).
func (e *Error) Kind() *Error {
	if e.kind != nil {
		return e.kind
	}
	return e
}

// New returns an error of e's kind with the message fmt.Sprintf(format, args...).
func (e *Error) New(format string, args ...any) *Error {
	if len(args) == 0 {
		return e.With(format)
	}
	return e.With(fmt.Sprintf(format, args...))
}

// With returns an error of e's kind with the given message, used verbatim.
func (e *Error) With(message string) *Error {
	k := e.Kind()
	return &Error{Code: k.Code, Message: message, Retryable: k.Retryable, Fault: k.Fault, kind: k}
}

// IsRetryable reports whether err is (or wraps) an *Error whose kind is retryable.
func IsRetryable(err error) bool {
	for err != nil {
		if e, ok := err.(*Error); ok {
			return e.Retryable
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

func client(code, msg string) *Error { return &Error{Code: code, Message: msg, Fault: "client"} }

// The Kinesis Data Streams exceptions (API model shapes.*Exception). Firehose and Video Streams reuse the names
// they share with Data Streams and add their own below them.
var (
	// ResourceNotFound: the stream, shard or consumer does not exist (or is not yet/no longer usable).
	ResourceNotFound = client("ResourceNotFoundException", "Requested resource not found.")
	// ResourceInUse: the resource is not in a state that allows the operation (e.g. it is not ACTIVE), or it exists.
	ResourceInUse = client("ResourceInUseException", "Resource is in use.")
	// InvalidArgument: a parameter violates the operation's rules (bad hash key, bad iterator, bad sequence number).
	InvalidArgument = client("InvalidArgumentException", "Invalid argument.")
	// LimitExceeded: too many resources, concurrent operations or control-plane calls.
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
	// AccessDenied: the caller may not perform the operation.
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
)

// PutRecordsEntryInternalFailure is the ErrorCode a PutRecords result entry carries for an internal failure
// (AWS spells the per-entry code without the "Exception" suffix).
const PutRecordsEntryInternalFailure = "InternalFailure"

// ByCode returns the catalog sentinel whose Code is code ("InternalFailure" maps to InternalFailure), or nil.
func ByCode(code string) *Error {
	if code == PutRecordsEntryInternalFailure {
		return InternalFailure
	}
	for _, e := range catalog {
		if e.Code == code {
			return e
		}
	}
	return nil
}

var catalog = []*Error{
	ResourceNotFound, ResourceInUse, InvalidArgument, LimitExceeded, ExpiredIterator, ExpiredNextToken,
	ProvisionedThroughputExceeded, Validation, AccessDenied, InternalFailure,
	KMSDisabled, KMSInvalidState, KMSAccessDenied, KMSNotFound, KMSOptInRequired, KMSThrottling,
}

// Catalog returns every sentinel of the catalog, in a fixed order.
func Catalog() []*Error { return append([]*Error(nil), catalog...) }
