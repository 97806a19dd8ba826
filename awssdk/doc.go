// Package awssdk serves a kinesim account over the AWS wire protocols, so code written against
// aws-sdk-go-v2 (service/kinesis, service/firehose) runs unmodified against kinesim: in process through
// [NewKinesisClient], [NewFirehoseClient] or [HTTPClient], or over a socket through [Handler] (cmd/kinesim-server
// serves one on 127.0.0.1 in HTTP/1.1 and cleartext HTTP/2).
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
// UpdateStreamRecordDistributionStrategy and UpdateStreamWarmThroughput, and enhanced fan-out:
// RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers, DeregisterStreamConsumer and
// SubscribeToShard. The SDK's waiters (StreamExists, StreamNotExists) and paginators (DescribeStream, ListStreams,
// ListStreamConsumers) work on them. The channel operations, CreateChannel, DescribeChannel, ListChannels,
// UpdateChannel and DeleteChannel, are served by the account's channels engine (package channel): a channel's
// records arrive in acct.Firehose().Store(), and the ChannelActive waiter and ListChannels paginator work.
//
// DryRun, on PutRecord, PutRecords, GetRecords, GetShardIterator and SubscribeToShard, is passed to the engine,
// which makes every check of the real call and runs nothing ("Test your permissions and request inputs with dry
// run", Kinesis Data Streams Developer Guide): the SDK returns *types.DryRunOperationException (HTTP 400) when the
// call would have succeeded, and the real call's exception otherwise; past the stream's dry-run limit of one call a
// second, it returns a ThrottlingException, which no service model declares, so the SDK reports it as a
// *smithy.GenericAPIError with that code (and its standard retryer retries it, as a throttle). StreamId, which the
// pinned SDK documents on 35 inputs as "Not Implemented. Reserved for future use.", is accepted and ignored, as
// AWS does.
//
// # Amazon Data Firehose
//
// Every operation of the account's Firehose engine (package firehose), which are every operation of the SDK's
// client (service/firehose v1.52.10, the newest built on the same aws-sdk-go-v2 core as the pinned Kinesis
// client), is served under the target prefix Firehose_20150804: CreateDeliveryStream, DeleteDeliveryStream,
// DescribeDeliveryStream, ListDeliveryStreams, UpdateDestination, PutRecord, PutRecordBatch, TagDeliveryStream,
// UntagDeliveryStream, ListTagsForDeliveryStream, StartDeliveryStreamEncryption and StopDeliveryStreamEncryption,
// in AWS JSON 1.1 (the client's default) and in Smithy RPCv2 CBOR (o.Protocol =
// rpcv2.NewCBOR(schemas.Firehose_20150804)). Records are delivered to the engine's object stores (by default
// acct.Firehose().Store(), in memory) as the engine buffers them; Firehose has no flush operation, so a test
// calls acct.Firehose().Flush to deliver at once. PutRecordBatch answers per-record failures with FailedPutCount
// and each entry's ErrorCode and ErrorMessage, as AWS does. Errors are the SDK's typed exceptions
// (*types.ResourceNotFoundException, *types.InvalidArgumentException, *types.ServiceUnavailableException …).
//
// The extended S3 destination's pipeline is served both ways (Create, Update, Describe): ProcessingConfiguration
// (a Lambda processor's LambdaArn names a Go process.Transformer registered with acct.Firehose().RegisterFunction,
// since there is no Lambda), DataFormatConversionConfiguration to Parquet (its SchemaConfiguration names a table
// registered with acct.Firehose().RegisterTable, since there is no Glue), DynamicPartitioningConfiguration,
// S3BackupMode with S3BackupConfiguration (described as S3BackupDescription), and DeliveryStreamType
// KinesisStreamAsSource with KinesisStreamSourceConfiguration over a data stream of the same account (described
// as Source; acct.Firehose().WaitIncoming waits until its records have been read).
//
// Members of the model that would change what is delivered and that the engine does not implement yet —
// destinations other than S3 and ExtendedS3, MSK and database sources, KMS encryption of the objects (or of the
// backup's) — are refused with an InvalidArgumentException naming the member ("HttpEndpointDestinationConfiguration
// is not supported by kinesim yet."), never accepted and dropped. CloudWatchLoggingOptions and
// DirectPutSourceConfiguration change nothing delivered: they are accepted and not recorded
// (DescribeDeliveryStream does not return them). S3 destinations are described with EncryptionConfiguration
// NoEncryption.
//
// # Kinesis Data Analytics (SQL)
//
// The account's Kinesis Analytics engine (package analytics) is served under the target prefix
// KinesisAnalytics_20150814 for aws-sdk-go-v2's service/kinesisanalytics v1.31.0 ([NewKinesisAnalyticsClient]):
// the applications' lifecycle, their inputs, outputs and reference data sources added and deleted
// (DeleteApplicationOutput, DeleteApplicationReferenceDataSource), UpdateApplication's code, DiscoverInputSchema
// and tags. CloudWatch logging options (CreateApplication's CloudWatchLoggingOptions,
// Add/DeleteApplicationCloudWatchLoggingOption, UpdateApplication's CloudWatchLoggingOptionUpdates) are recorded
// with their ids and returned by DescribeApplication; no log is written. Input processing by a Lambda function
// (InputProcessingConfiguration in CreateApplication's and AddApplicationInput's inputs,
// Add/DeleteApplicationInputProcessingConfiguration, UpdateApplication's InputUpdates with an
// InputProcessingConfigurationUpdate) is served and described (InputProcessingConfigurationDescription); the
// functions are the analytics engine's FunctionInvoker (kinesim.WithAnalyticsOptions(analytics.WithFunctions(…))).
// DiscoverInputSchema's InputProcessingConfiguration, the other members of InputUpdate and the other members of
// ApplicationUpdate are refused with an InvalidArgumentException naming the member.
//
// # Kinesis Video Streams
//
// The account's Video Streams engine (package video) is served over REST-JSON, routed by path for requests
// without an X-Amz-Target header: the control plane of aws-sdk-go-v2's service/kinesisvideo v1.34.0
// ([NewKinesisVideoClient]: CreateStream, DescribeStream, ListStreams, UpdateStream, DeleteStream,
// UpdateDataRetention, TagStream, UntagStream, ListTagsForStream, TagResource, UntagResource,
// ListTagsForResource, GetDataEndpoint, which answers with the server the request reached) and the media
// endpoints, which the Go SDK does not model and boto3's kinesis-video-media and kinesis-video-archived-media
// clients call: POST /putMedia (the MKV body read as it arrives, full duplex, the acknowledgements written back as
// JSON lines), /getMedia (a live body of chunks, flushed as each is written: serve it over a socket with
// [Handler], since the in-process [HTTPClient] returns a response only once the handler has finished),
// /listFragments, /getMediaForFragmentList, /getClip (Matroska) and /getImages (with ffmpeg on the PATH).
// Signaling channels, edge configuration and HLS/DASH are not served.
//
// # Enhanced fan-out
//
// SubscribeToShard is an AWS event stream (Content-Type application/vnd.amazon.eventstream): a call the engine
// refuses (bad input, a consumer not ACTIVE, a second subscription within 5 seconds) is an ordinary error
// response, so the SDK's SubscribeToShard returns its typed exception. Otherwise the response starts at once
// with the initial-response event, then carries one SubscribeToShardEvent per event the engine pushes (records as
// they are put, a heartbeat every 5 seconds without any, the last event of a closed shard with its ChildShards),
// for the subscription's 5 minutes of the account's clock, and ends cleanly. A subscription ended by an error
// ends the stream with an exception event of the SubscribeToShardEventStream union, which the SDK returns from the
// stream's Err: ResourceInUseException when a newer subscription took over, ResourceNotFoundException when the
// consumer or stream was deleted, InternalFailureException when the account closed. When the client closes the
// stream (or its context ends, or the connection drops) the subscription is closed on the server. The same
// stream works over cmd/kinesim-server for boto3 and, over h2c, for the JavaScript SDK v3.
//
// The pinned SDK's protocol values share one event-stream decoder among every stream opened through them, so two
// streams open at once on one client race (aws/smithy-go#714): give each SubscribeToShard call a protocol of its
// own, e.g. c.SubscribeToShard(ctx, in, func(o *kinesis.Options) { o.Protocol = awsjson.New11(schemas.Kinesis_20131202) }).
//
// # Client libraries
//
// [StreamClient] adapts a *kinesis.Client to the interfaces of kinesim's KCL (package kcl: polling and enhanced
// fan-out) and KPL (package kpl), so a worker or a producer runs through the SDK, in process or against AWS. AWS's
// own sequence numbers (56-digit decimals) are kept as their exact text (record.ParseAnySequenceNumber): records,
// checkpoints and producer results carry them.
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
// credentials are not verified. Request bodies are read up to 16 MiB for the operations carrying records
// (Kinesis PutRecord and PutRecords, Firehose PutRecord and PutRecordBatch) and 1 MiB for the other operations
// (HTTP 413 beyond); a PutRecords or PutRecordBatch request decodes at most 501 entries and an RPCv2 request at
// most 65,536 CBOR data items, so a request costs memory in proportion to what the engine keeps.
package awssdk
