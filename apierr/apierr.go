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

// client returns a sentinel of the client's fault that is not retryable.
func client(code, msg string) *Error { return &Error{Code: code, Message: msg, Fault: "client"} }

// throttle returns a sentinel of the client's fault that is retryable: the request was refused for its rate or
// the caller's concurrency, and the same request succeeds later.
func throttle(code, msg string) *Error {
	return &Error{Code: code, Message: msg, Retryable: true, Fault: "client"}
}

// The services whose exceptions the catalog holds, named as the aws-sdk-go-v2 packages that call them are
// (service/kinesis, service/firehose, …). The three Kinesis Video Streams APIs are separate services there and
// here; they share their exceptions' sentinels, as the services of the family all do.
const (
	ServiceKinesis                   = "kinesis"                   // Kinesis Data Streams
	ServiceFirehose                  = "firehose"                  // Amazon Data Firehose
	ServiceKinesisVideo              = "kinesisvideo"              // Kinesis Video Streams control plane
	ServiceKinesisVideoMedia         = "kinesisvideomedia"         // Kinesis Video Streams GetMedia (and PutMedia)
	ServiceKinesisVideoArchivedMedia = "kinesisvideoarchivedmedia" // Kinesis Video Streams archived media
	ServiceKinesisAnalytics          = "kinesisanalytics"          // Kinesis Data Analytics for SQL, API v1
)

// services lists, for each service in a fixed order, the exceptions its API declares.
var services = []struct {
	name   string
	errors []*Error
}{
	{ServiceKinesis, kinesisErrors},
	{ServiceFirehose, firehoseErrors},
	{ServiceKinesisVideo, videoErrors},
	{ServiceKinesisVideoMedia, videoMediaErrors},
	{ServiceKinesisVideoArchivedMedia, videoArchivedMediaErrors},
	{ServiceKinesisAnalytics, analyticsErrors},
}

// catalog is every sentinel once, in the order of the services and of their lists, then the common errors
// (common.go), then the CloudWatch ones.
var catalog = func() []*Error {
	var all []*Error
	seen := make(map[*Error]bool)
	for _, s := range services {
		for _, e := range s.errors {
			if !seen[e] {
				seen[e] = true
				all = append(all, e)
			}
		}
	}
	all = append(all, commonErrors...)      // after the family's: no service declares them
	return append(all, cloudWatchErrors...) // CloudWatch shares none of their codes
}()

var byCode = func() map[string]*Error {
	m := make(map[string]*Error, len(catalog))
	for _, e := range catalog {
		m[e.Code] = e
	}
	return m
}()

// ByCode returns the catalog sentinel whose Code is code ("InternalFailure" maps to InternalFailure), or nil. The
// codes are unique over every service of the family, so the result does not depend on the service.
func ByCode(code string) *Error {
	if code == PutRecordsEntryInternalFailure {
		return InternalFailure
	}
	return byCode[code]
}

// Catalog returns every sentinel of the catalog, each once, in a fixed order: the Kinesis Data Streams
// exceptions first, as they have always been listed, then those the other services add, then AWS's common errors
// that kinesim returns (common.go), then the CloudWatch exceptions kinesim's metrics return (cloudwatch.go).
func Catalog() []*Error { return append([]*Error(nil), catalog...) }

// Services returns the names of the services whose exceptions the catalog holds (ServiceKinesis and the
// others), in a fixed order.
func Services() []string {
	names := make([]string, len(services))
	for i, s := range services {
		names[i] = s.name
	}
	return names
}

// ServiceCatalog returns the sentinels of the exceptions the API of service declares, in a fixed order, or nil
// for a service not in [Services]. A sentinel shared by several services is in the catalog of each.
func ServiceCatalog(service string) []*Error {
	for _, s := range services {
		if s.name == service {
			return append([]*Error(nil), s.errors...)
		}
	}
	return nil
}
