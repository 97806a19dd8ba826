package awssdk_test

// jsonOperations are the operations the handler serves (the engine's, see stream/*.go and the README's table).
var jsonOperations = []string{
	"CreateStream", "DeleteStream", "DescribeStream", "DescribeStreamSummary", "GetRecords", "GetShardIterator",
	"ListShards", "ListStreams", "PutRecord", "PutRecords",
}
