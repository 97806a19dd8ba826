package apierr

// The Amazon CloudWatch exceptions kinesim returns. CloudWatch is not a service of the Kinesis family and kinesim
// does not simulate it, so it is not one of [Services]; but the shard-level metrics of a Data Stream
// (stream.Engine.Metrics) are modelled on CloudWatch's GetMetricStatistics, and refuse what it refuses with its
// exception. These sentinels are in [Catalog] and found by [ByCode] like the others.
//
// CloudWatch's codes are those of its query protocol, without the "Exception" suffix of the SDK's type names
// (aws-sdk-go-v2 service/cloudwatch/types.InvalidParameterCombinationException has the ErrorCode
// "InvalidParameterCombination"), as botocore reports them: "An error occurred (InvalidParameterCombination)
// when calling the GetMetricStatistics operation: You have requested up to 86400 datapoints, which exceeds the
// limit of 1440. …" (cloud-custodian/cloud-custodian#7683).
var (
	// InvalidParameterCombination: parameters were used together that cannot be used together, such as a
	// GetMetricStatistics span and period that ask for more than 1,440 datapoints (CloudWatch API Reference,
	// GetMetricStatistics, Errors; HTTP 400). Of the client's fault, and not retryable: the same request fails
	// again.
	InvalidParameterCombination = client("InvalidParameterCombination", "Parameters were used together that cannot be used together.")
)

// cloudWatchErrors are the CloudWatch exceptions of the catalog.
var cloudWatchErrors = []*Error{InvalidParameterCombination}
