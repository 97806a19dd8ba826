package apierr

// The Kinesis Data Analytics for SQL exceptions (the kinesisanalytics API, version 1) that Data Streams and
// Firehose do not declare (aws-sdk-go-v2 service/kinesisanalytics/types/errors.go; Kinesis Data Analytics for SQL
// Applications Developer Guide, API Reference). Analytics also returns ResourceNotFound, ResourceInUse,
// InvalidArgument and LimitExceeded (kinesis.go) and ConcurrentModification and ServiceUnavailable (firehose.go).
//
// Every one is of the client's fault, as the SDK classifies them. Only ResourceProvisionedThroughputExceeded is
// retryable: it reports the throttling of the source stream (a Data Streams ProvisionedThroughputExceededException),
// which passes; the SDKs' standard retry policy lists none of these codes.
var (
	// CodeValidation: the application code (the SQL) is not valid, for example a syntax error.
	CodeValidation = client("CodeValidationException", "User-provided application code (query) is invalid.")
	// InvalidApplicationConfiguration: the application configuration is not valid.
	InvalidApplicationConfiguration = client("InvalidApplicationConfigurationException", "User-provided application configuration is not valid.")
	// ResourceProvisionedThroughputExceeded: discovery (DiscoverInputSchema) could not read a record from the
	// streaming source because Data Streams throttled it. Retryable (a throttle of the source).
	ResourceProvisionedThroughputExceeded = throttle("ResourceProvisionedThroughputExceededException", "Discovery failed to get a record from the streaming source because of the Amazon Kinesis Streams ProvisionedThroughputExceededException.")
	// TooManyTags: the application would have too many tags (at most 50 user-defined, system tags counting
	// against the limit too).
	TooManyTags = client("TooManyTagsException", "Application created with too many tags, or too many tags added to an application.")
	// UnableToDetectSchema: discovery could not detect a schema for the streaming source: the data format is
	// not valid. (AWS's exception also carries the raw and processed input records; kinesim's carries the message.)
	UnableToDetectSchema = client("UnableToDetectSchemaException", "Data format is not valid. Amazon Kinesis Analytics is not able to detect schema for the given streaming source.")
	// UnsupportedOperation: a parameter is not supported, or a resource is not valid for the operation.
	UnsupportedOperation = client("UnsupportedOperationException", "The request was rejected because a specified parameter is not supported or a specified resource is not valid for this operation.")
)

// analyticsErrors is the catalog of the Kinesis Data Analytics (v1) API.
var analyticsErrors = []*Error{
	CodeValidation, ConcurrentModification, InvalidApplicationConfiguration, InvalidArgument, LimitExceeded,
	ResourceInUse, ResourceNotFound, ResourceProvisionedThroughputExceeded, ServiceUnavailable, TooManyTags,
	UnableToDetectSchema, UnsupportedOperation,
}
