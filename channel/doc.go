// Package channel is the in-process engine of Kinesis Data Streams channels ("S3 general purpose delivery"): an
// [Engine] holds one account's channels, serves CreateChannel, DescribeChannel, ListChannels, UpdateChannel and
// DeleteChannel (aws-sdk-go-v2 service/kinesis v1.56.11), and delivers each channel's source stream to a general
// purpose S3 bucket on the delivery path Firehose uses: the pure buffering core firehose/buffer and the object
// codecs of firehose/compress.
//
// # Usage
//
//	acct := kinesim.New(kinesim.WithClock(clk))    // acct.Channels() reads acct.Streams(), writes to
//	defer acct.Close()                             // acct.Firehose().Store()
//	out, err := acct.Channels().CreateChannel(ctx, channel.CreateChannelInput{
//		ChannelName: "orders-archive", ServiceExecutionRoleARN: role,
//		StreamConfigurationList: []channel.ChannelStreamConfiguration{{StreamARN: streamARN,
//			RecordConfiguration: &channel.RecordConfiguration{RecordFormatType: channel.RecordFormatTypeJSON}}},
//		S3DestinationConfiguration: &channel.S3DestinationConfiguration{StorageConfiguration: &channel.S3StorageConfiguration{
//			BucketARN: "arn:aws:s3:::lake", ExpectedBucketOwner: "123456789012", CompressionType: channel.S3CompressionTypeGzip}},
//	})
//	err = acct.Channels().Flush(ctx, out.ChannelDescription.ChannelARN) // deliver now, and wait
//
// Outside package kinesim, [New] takes the stream to read as a [Source] ([WithSource]) and the buckets as
// [ObjectStore]s ([WithObjectStore], [WithBucket]; *firehose.MemoryStore is one): services never import each other.
// Inputs and outputs carry the SDK's field names as plain values; every operation takes a context (nil is refused
// with [ErrNilContext]), is seen by the test controls first ("kinesis:CreateChannel", …), and a rejected call
// changes nothing. The awssdk module serves the five operations to the unmodified SDK client, in AWS JSON 1.1 and
// Smithy RPCv2 CBOR.
//
// # Lifecycle
//
// A channel is CREATING for the engine's create delay ([WithStatusDelays]; 0 by default), then ACTIVE; UpdateChannel
// makes it UPDATING, then ACTIVE; DeleteChannel makes it DELETING, then gone. It reads its stream (every shard,
// across reshards, parents first) from when it is ACTIVE on: "No backfill" (Developer Guide, Data delivery
// concepts). A channel whose stream can no longer be read (deleted) becomes FAILED with a ChannelStatusReason.
// [Engine.WaitStatus] waits for a state without polling, as the SDK's ChannelActive waiter polls.
//
// # Delivery
//
// Records are buffered until DataFreshnessInSeconds (300–900, default 300; Developer Guide, Data delivery concepts)
// has passed since the first of a batch, or the batch reaches the target object size ([WithTargetObjectSize]:
// AWS batches "into optimally sized objects" without publishing the size; kinesim takes 128 MiB), on the engine's
// clock. Then they are formatted, compressed and written under the key template (Developer Guide, "How Amazon S3
// delivery works": read, buffer, validate, compress and format, deliver, dead-letter queue):
//
//   - Validation: a JSON record must be valid JSON, a STRING record valid UTF-8; BYTE_ARRAY is not checked. Invalid
//     records go to the dead-letter queue.
//   - Format: AWS says records are "delivered in their source format", not how they are separated. kinesim writes
//     JSON and STRING records one per line (JSON Lines), so that an object splits back into its records, and
//     BYTE_ARRAY records concatenated as they are, as Firehose writes S3 objects. A kinesim decision.
//   - Compression: NONE, GZIP (one gzip member) and ZSTD (one Zstandard frame, RFC 8878), written by
//     firehose/compress, the one package that imports klauspost/compress.
//   - Keys: OutputKeyTemplate, by default [DefaultOutputKeyTemplate]
//     (kinesis-channel/!{channel-name}/!{channel-id}/!{yyyy}/!{MM}/!{dd}/!{HH}/!{channel-name}-!{channel-id}-…-!{mm}!{extension}),
//     with the variables !{channel-name}, !{channel-id}, !{stream-name}, !{yyyy}, !{yy}, !{MM}, !{dd}, !{HH}, !{mm}
//     and !{extension} (Developer Guide, "S3 output key template for Amazon S3 delivery"; CDK
//     CfnChannel.S3StorageConfigurationProperty), the times in UTC from the arrival of the batch's oldest record.
//     "Kinesis Data Streams automatically appends a unique suffix to every object key": kinesim appends "-" and a
//     UUID drawn from the seed, before a final !{extension} so that a .gz key still ends .gz. !{extension} is the
//     compression's (".gz" for GZIP, ".zst" for ZSTD, "" for NONE): AWS does not list its values. A template is
//     checked against the API's pattern and length (ValidationException), then refused with
//     InvalidArgumentException when it uses an
//     unknown variable, leaves a "!{" open, has a brace outside a variable, starts or ends with "/" or holds ".."
//     (the structure rules of the MSK channel documentation, AWS's sibling feature; kinesim's wording).
//   - Dead-letter queue: DeadLetterQueueS3Configuration, by default the destination bucket under
//     kinesis-channel/errors/NAME/ID/ (CDK DeadLetterQueueS3ConfigurationProperty). Each error object holds one
//     [DeadLetter] JSON document per line (Firehose's error-record fields plus where the record came from: kinesim's
//     shape, AWS documents only "error context"), under the prefix, then !{yyyy}/!{MM}/!{dd}/!{HH}/ and the default
//     name.
//   - Retries: a failed or timed-out PutObject ([WithAttemptTimeout]) is retried with backoff (1 s doubling to
//     2 min) on the engine's clock for the retry duration ([WithRetryDuration]; 24 hours by default, Firehose's S3
//     retry duration: AWS does not publish a channel's), then the batch's records go to the dead-letter queue as
//     S3DeliveryFailed; dead-letter writes are retried until they succeed.
//   - Close drains: it stops the readers, delivers everything read, and reports records it could write nowhere
//     (wrapping [ErrUndelivered]). [Engine.Flush] delivers a channel's buffers at once and waits.
//
// Encryption (KMS, a customer managed key: alias/aws/kinesis is refused), logging (CloudWatch Logs defaults
// /aws/kinesis/NAME/ID and DestinationDelivery), the storage class and tags are validated and recorded; objects
// are stored as they are.
//
// # Validation and limits
//
// ChannelName: AWS does not publish its constraints; kinesim applies the stream name's ([a-zA-Z0-9_.-]+, at most
// 128). StreamARN: arn:aws.*:kinesis:.*:\d{12}:stream/\S+ (API Reference, ChannelStreamConfiguration); exactly one
// per channel ("Currently, one stream is supported per channel"), on-demand only ("This operation is only supported
// for data streams with the on-demand capacity mode", ValidationException). Bucket ARNs, expected owners (12
// digits), ErrorOutputPrefix and OutputKeyTemplate take the patterns and lengths of the API Reference. One S3
// channel per stream ([WithChannelsPerStream]: AWS's launch quota, adjustable) and 100 channels per account
// (kinesim's bound) give LimitExceededException. Channel ARNs are arn:PARTITION:kinesis:REGION:ACCOUNT:channel/NAME
// ([Engine.ChannelARN]; kinesim's form, the API Reference does not publish it). ListChannels pages 100 at most,
// in ARN order, with a signed NextToken bound to its StreamFilter; a MaxResults of 0 sent ([ExplicitZero]) is
// below the minimum of 1, ValidationException.
//
// # Streaming tables (S3 Tables, Apache Iceberg)
//
// S3TablesDestinationConfiguration is refused with InvalidArgumentException. The Go Iceberg library,
// github.com/apache/iceberg-go, is served by the module proxy (v0.7.0) though not listed in the environment's
// package list; it is pre-1.0, pulls Apache Arrow, the AWS SDK and cloud storage clients into a go.mod that is kept
// lean, and writes through a catalog (S3 Tables' REST catalog, Glue) that kinesim does not have. Nothing here shows
// that it writes tables reliably in process, so kinesim does not claim the destination. GSR_JSON records, which
// only streaming tables take, are refused too.
//
// # Not modelled
//
// The source stream's side of a channel (its DescribeStreamSummary ChannelCount, and DeleteStream refusing a stream
// with active channels) belongs to package stream, which does not know of channels yet: a deleted source makes the
// channel FAILED instead. Channels consume no shard read capacity, as in AWS. The call rate limit (5 TPS per
// account) is not enforced; a test control can inject LimitExceededException.
package channel
