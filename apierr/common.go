package apierr

// The common errors of AWS's APIs: errors every service may return though no service's model declares them (each
// API reference's "Common Errors" page, e.g. Kinesis Video Streams Developer Guide, Common Errors). They are in
// [Catalog] and found by [ByCode] like the others, but in no service's [ServiceCatalog], so an SDK client reports
// them as its generic API error (aws-sdk-go-v2: a *smithy.GenericAPIError with the code) rather than as a type of
// its own.
var (
	// Throttling: the request was refused for its rate ("The request was denied due to request throttling.",
	// HTTP 400, Common Errors). Kinesis Data Streams answers it to a DryRun request over its stream's dry-run
	// limit of 1 transaction per second ("Test your permissions and request inputs with dry run", Kinesis Data
	// Streams Developer Guide). Retryable: the SDKs list ThrottlingException among their throttle codes
	// (aws-sdk-go-v2 aws/retry/standard.go).
	Throttling = throttle("ThrottlingException", "The request was denied due to request throttling.")
)

// commonErrors are the common errors of the catalog.
var commonErrors = []*Error{Throttling}
