// Package awssdk serves a kinesim account over the AWS wire protocols, so code written against
// aws-sdk-go-v2 (service/kinesis) runs unmodified against kinesim: in process through [NewKinesisClient] or
// [HTTPClient], or over a socket through [Handler] (cmd/kinesim-server serves one on 127.0.0.1 in HTTP/1.1 and
// cleartext HTTP/2).
//
// # Operations
//
// Every operation of the account's Data Streams engine (package stream) is served: AddTagsToStream,
// CreateStream, DecreaseStreamRetentionPeriod, DeleteResourcePolicy, DeleteStream, DescribeAccountSettings,
// DescribeLimits, DescribeStream, DescribeStreamSummary, DisableEnhancedMonitoring, EnableEnhancedMonitoring,
// GetRecords, GetResourcePolicy, GetShardIterator, IncreaseStreamRetentionPeriod, ListShards, ListStreams,
// ListTagsForResource, ListTagsForStream, MergeShards, PutRecord, PutRecords, PutResourcePolicy,
// RemoveTagsFromStream, SplitShard, StartStreamEncryption, StopStreamEncryption, TagResource, UntagResource,
// UpdateAccountSettings, UpdateMaxRecordSize, UpdateShardCount, UpdateStreamMode,
// UpdateStreamRecordDistributionStrategy and UpdateStreamWarmThroughput. The SDK's waiters (StreamExists,
// StreamNotExists) and paginators (DescribeStream, ListStreams) work on them. The enhanced fan-out operations
// (RegisterStreamConsumer … SubscribeToShard) and the channel operations of newer SDKs are not served yet: they
// get an UnknownOperationException. The StreamId member of newer inputs is ignored.
//
// # Protocols
//
// The pinned SDK (service/kinesis v1.56.11) speaks AWS JSON 1.1 by default: POST /, X-Amz-Target
// Kinesis_20131202.OP, Content-Type application/x-amz-json-1.1, blobs in base64, timestamps as epoch seconds.
// Its Options.Protocol is settable, and rpcv2.NewCBOR(schemas.Kinesis_20131202) (smithy-go's
// transport/http/protocol/rpcv2) makes it speak Smithy RPCv2 CBOR instead, as newer SDK revisions do: POST
// /service/Kinesis_20131202/operation/OP with Smithy-Protocol: rpc-v2-cbor. The handler serves both, with the same
// operations; AWS JSON 1.0 requests are served too. The older AWS CBOR 1.1 protocol the Java SDKs use by
// default (Content-Type application/x-amz-cbor-1.1) is not: such a request gets a SerializationException
// naming the content types served (the Java SDK v2 speaks JSON with the system property aws.cborEnabled=false).
//
// Errors are answered as AWS answers them: status 400 for a client fault, 500 for a server fault, a body with
// __type and message (and, in JSON, the X-Amzn-ErrorType header). So the SDK builds its own typed exceptions
// (*types.ResourceNotFoundException, *types.InvalidArgumentException …) with kinesim's messages, which follow
// AWS's, and its retryer retries what it retries for AWS: ProvisionedThroughputExceededException and
// LimitExceededException are in its throttle codes, 5xx are retried. A body that does not decode is a
// SerializationException, an unknown target an UnknownOperationException; nothing a client sends panics.
//
// Requests are signed by the SDK (SigV4) and the handler accepts any Authorization header: signatures and
// credentials are not verified. Request bodies are read up to 16 MiB for PutRecord and PutRecords and 1 MiB
// for the other operations (HTTP 413 beyond); a PutRecords request decodes at most 501 entries and an RPCv2
// request at most 65,536 CBOR data items, so a request costs memory in proportion to what the engine keeps.
package awssdk
