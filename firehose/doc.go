// Package firehose is the in-process Amazon Data Firehose engine: an [Engine] holds one account's delivery
// streams, takes records with PutRecord and PutRecordBatch, buffers them (package firehose/buffer, the pure core),
// and delivers them as objects to an S3-like [ObjectStore], compressed as configured (package firehose/compress),
// or to an HTTP endpoint, a Redshift cluster, an OpenSearch domain or a Splunk HTTP Event Collector (see
// Destinations).
//
// # Usage
//
//	e := firehose.New(firehose.WithClock(clk))     // or kinesim.New().Firehose()
//	defer e.Close()                                // delivers everything buffered first
//	_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
//		DeliveryStreamName: "orders",
//		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{
//			BucketARN: "arn:aws:s3:::bucket", RoleARN: "arn:aws:iam::000000000000:role/firehose",
//			CompressionFormat: firehose.GZIP,
//		},
//	})
//	_, err = e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "orders", Records: recs})
//	err = e.Flush(ctx, "orders")                   // deliver now, and wait
//	keys := e.Store().Keys("bucket", "")
//
// Inputs and outputs carry the field names of the AWS SDK for Go v2 (service/firehose) as plain values; optional
// numbers with a meaningful zero (BufferingHints) are pointers, as in the SDK. Every operation takes a context
// (nil is refused with [ErrNilContext]) and is seen by the test controls first ("firehose:PutRecordBatch", …).
//
// # Delivery
//
// Each delivery stream has one buffer and one delivery goroutine. A buffer is delivered when it holds SizeInMBs
// MiB (before compression) or its first record has waited IntervalInSeconds, whichever comes first; the interval
// is a timer on the engine's clock, so a [clock.Manual] advances it deterministically. Records are concatenated
// with no delimiter. [Engine.Flush] delivers a buffer at once and waits; [Engine.Close] flushes every buffer and
// waits for delivery before it stops: nothing taken is lost.
//
// A failed PutObject is retried with backoff (1 s doubling to 2 min) for [S3RetryDuration] (24 hours, from the
// first attempt) on the engine's clock; an attempt that takes longer than [DefaultAttemptTimeout] counts as failed
// and is retried, so a store that wrote it anyway holds a duplicate, as at-least-once delivery allows
// ([Metrics].TimedOutAttempts counts them). After the retry duration the records are written under the error
// output prefix as JSON documents, one per line, error output type "s3-delivery-failed" (AWS drops such data
// after 24 hours; kinesim keeps it: a kinesim decision).
//
// # Processing, conversion, partitioning, backup
//
// A destination with a ProcessingConfiguration, a DataFormatConversionConfiguration, dynamic partitioning or a
// source-record backup (and every Kinesis source) takes the processing path (pipeline.go), in the order of
// package process's Config (developer guide, "Apply dynamic partitioning to aggregated data": "Deaggregation →
// Data Transformation via Lambda → Partitioning Keys"): KPL de-aggregation for a Kinesis source, Decompression,
// CloudWatchLogProcessing and RecordDeAggregation, the Lambda, the MetadataExtraction query, then a buffer per
// partition, format conversion, compression and the store. The jq query runs on the transformed records (so a
// Lambda may turn CSV into the JSON the query reads).
//
//   - Lambda: a LambdaArn names a [process.Transformer] registered with [WithFunction] or
//     [Engine.RegisterFunction]. AWS checks the ARN's form, not the function, at creation, so an unregistered
//     ARN is accepted and fails at invocation (Lambda.FunctionError after the retries). Records wait in a
//     processing buffer with the processor's hints (1 MB or 60 s by default) and are invoked once per buffer;
//     Ok records go on, Dropped ones are counted ([Metrics].DroppedRecords), ProcessingFailed ones are written
//     under the error output prefix as processing-failed records with the lambdaArn. Without a Lambda, a call's
//     records are processed at once.
//   - Dynamic partitioning: the evaluated prefix (the keys of the query and of the Lambda substituted) is the
//     partition; each has its own buffer with the destination's hints, counted from its first record, and stops
//     being active once delivered. Past 500 active partitions records go to the error output as
//     activePartitionExceeded; records whose keys cannot be extracted as processing-failed with errorCode
//     DynamicPartitioning.MetadataExtractionFailed. An ErrorOutputPrefix is required, the Prefix must use the
//     keys, the interval must be at least 60 s (no zero buffering), and partitioning is enabled only at creation
//     and never disabled (developer guide, "Dynamic partitioning").
//   - Format conversion (package firehose/convert): the SchemaConfiguration's DatabaseName and TableName name a
//     table registered with [WithTable] or [Engine.RegisterTable], the stand-in for the Glue Data Catalog; an
//     unregistered table is refused at creation. CompressionFormat must be UNCOMPRESSED and SizeInMBs at least
//     64, 128 by default (developer guide, "Record format conversion"). A partition's batch becomes one Parquet
//     object; records that do not convert go to the error output as format-conversion-failed. Converted objects
//     end ".parquet" unless FileExtension sets another extension: AWS's naming page lists ".parquet" (".orc" for
//     ORC) as "the default file extension appended by Firehose" when data format conversion is enabled
//     (developer guide, "Configure Amazon S3 object name format"). No compression suffix is added (no
//     ".snappy.parquet"): CompressionFormat is UNCOMPRESSED with conversion, and the ParquetSerDe's compression is
//     inside the file. Error output objects hold JSON error records and keep the compression's extension.
//   - AppendDelimiterToRecord writes its delimiter after each record of an unconverted object.
//   - Source-record backup (S3BackupMode Enabled, S3BackupConfiguration): every source record, as it came, is
//     buffered with the backup's hints (interval 60–900 s) and written under the backup's prefix; once enabled
//     it cannot be disabled.
//
// Nothing is lost: every record taken is delivered, dropped by the transformation, or written to the error
// output. [Engine.Flush] and [Engine.Close] process what waits and deliver every partition.
//
// # Kinesis Data Streams as the source
//
// A KinesisStreamAsSource delivery stream (KinesisStreamSourceConfiguration: KinesisStreamARN, RoleARN) reads
// the whole stream through a [StreamReader] ([WithStreamReader]; package kinesim passes the account's Data
// Streams): every shard, across reshards, parents first, from the delivery stream's creation on (AWS starts at
// LATEST; kinesim reads from the creation instant, AT_TIMESTAMP, so that a record put right after
// CreateDeliveryStream is not lost to a reader that starts a moment later; DeliveryStartTimestamp reports it).
// KPL-aggregated records are de-aggregated, and the Lambda gets sourceKinesisStreamArn and each record's
// kinesisRecordMetadata. PutRecord and PutRecordBatch are refused with InvalidArgumentException "This operation is
// not permitted on KinesisStreamAsSource delivery stream type.", and the Direct PUT quotas do not apply. The
// reading goroutine belongs to the engine: DeleteDeliveryStream and Close end it, and Close delivers what it read.
// The reader is asynchronous: [Engine.WaitIncoming] waits until a delivery stream has taken n records.
//
// [Engine.Follow] (a kinesim extension; Firehose has no read API) yields the records a delivery stream accepts
// from the moment it starts, Direct PUT or Kinesis source, in acceptance order with their arrival times: it is
// the source of an analytics application's KinesisFirehoseInput (package kinesim wires it). It applies
// back-pressure: a follower's queue holds at most [FollowQueueRecords], and a put that finds it full waits (until
// its ctx is done) instead of growing memory; with no follower a put pays one atomic load. It ends when its ctx
// is done, the delivery stream is deleted (ResourceNotFoundException) or the engine closes ([ErrClosed]).
// [Engine.WaitFollowers] waits until an asynchronous follower is attached.
//
// # Object keys
//
// A key is <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension> (Developer Guide,
// "Configure Amazon S3 object name format"): the version starts at 1 and goes up with every UpdateDestination;
// the time is the arrival of the oldest record in the object, in UTC or the destination's CustomTimeZone; the
// UUID is drawn from the engine's seed ([WithSeed]), so a seeded run writes the same keys.
//
// The prefix follows "Custom prefixes for Amazon S3 objects": the default is yyyy/MM/dd/HH/; !{timestamp:PATTERN}
// takes a Java DateTimeFormatter pattern (a subset: years, months, days, day of year, hours, minutes, seconds,
// fractions, day names, AM/PM, ISO weeks, quoted literals) and every use evaluates to the same instant;
// !{firehose:random-string} is 11 characters, fresh at each use; !{firehose:error-output-type} is allowed in
// ErrorOutputPrefix only. A Prefix without a timestamp expression gets !{timestamp:yyyy/MM/dd/HH/} appended by
// plain concatenation (the rule's wording, and what the floci emulator reports probing; AWS's example table
// shows a "/" inserted, which its own rule does not say). ErrorOutputPrefix may be empty only when Prefix has no
// expression; it is then Prefix, the error output type, "/" and the default timestamp (an inference: the guide
// writes it as <prefix><error-output-type>YYYY/MM/DDD/HH/). A set ErrorOutputPrefix must contain
// !{firehose:error-output-type}. A prefix whose longest evaluation exceeds 512 characters is refused when the
// stream is created or updated.
//
// # Compression
//
// Package firehose/compress says which source each format follows: GZIP (".gz"), ZIP (one deflated entry named
// with a UUID, ".zip"), Snappy (the xerial snappy-java stream, ".snappy") and HADOOP_SNAPPY (Hadoop block framing,
// ".hsnappy" as AWS's naming page lists; floci reports ".snappy"; FileExtension overrides it).
//
// # Limits
//
// PutRecordBatch takes 500 records and 4 MiB per call, 1,000 KiB per record. A delivery stream's Direct PUT
// quotas ([RegionLimits]: 500,000 records/s, 2,000 requests/s, 5 MiB/s in us-east-1, us-west-2 and eu-west-1;
// 100,000, 1,000 and 1 MiB/s elsewhere) are enforced when throttling is on ([WithThrottling],
// [Engine.SetThrottling]): a call over the request quota fails with ServiceUnavailableException, and records over
// the record or byte quotas fail one by one with that ErrorCode.
//
// # Metrics
//
// Each delivery stream counts the AWS/Firehose metrics of the Developer Guide's "Monitor with CloudWatch metrics"
// — IncomingRecords, IncomingBytes, ThrottledRecords, DeliveryToS3.Records, .Bytes, .ObjectCount, .Success and
// .DataFreshness — per minute of the engine's clock for the last 24 hours ([Engine.MetricStatistics], as
// GetMetricStatistics would return them) and as totals ([Engine.Metrics], whose DataFreshness is the age of the
// oldest record not yet delivered). TimedOutAttempts (possible duplicates) and ErrorOutputRecords are kinesim's.
// The other destinations count DeliveryToHttpEndpoint.*, DeliveryToRedshift.*, DeliveryToAmazonOpenSearchService.*
// and DeliveryToSplunk.* (Records, Bytes, Success over their requests, DataFreshness) in [DestinationDatapoint]s; a
// Redshift destination's intermediate objects also count in DeliveryToS3.
//
// # Destinations
//
// Each destination kind is one sink behind a small internal interface; buffering, processing (the
// ProcessingConfiguration of every kind takes the processing path above), retries on the engine's clock and the
// error output are shared. A kind other than S3 has an S3Configuration: its bucket receives the error output
// (under <prefix><error-output-type>/yyyy/MM/dd/HH/ by default) and, with the All* backup modes, every source
// record (through the source-record backup above). Each kind's buffering hints, retry window and defaults are the
// API Reference's (its *BufferingHints and *RetryOptions shapes); backoff is 1 s doubling to 2 min, no jitter.
//
//   - HTTP endpoint (HttpEndpointDestinationConfiguration; developer guide, "Understand HTTP endpoint delivery
//     request and response specifications"): one POST per buffer (split at 10,000 records or a 64 MiB body), body
//     {"requestId","timestamp","records":[{"data":base64}]}, headers X-Amz-Firehose-Protocol-Version 1.0,
//     -Request-Id (the same on every retry), -Source-Arn, -Access-Key, -Common-Attributes
//     ({"commonAttributes":{…}}), Content-Type application/json, Content-Encoding gzip with GZIP. Success is 200
//     with a JSON body echoing the requestId; anything else, or no answer within the attempt timeout (AWS's is
//     3 minutes; kinesim uses [WithAttemptTimeout] on the engine's clock), is retried for
//     RetryOptions.DurationInSeconds (300 s by default), counting only the waits between attempts as the API
//     Reference says ("doesn't include the periods during which Firehose waits for acknowledgment"); 413 is not
//     retried. Failed records go to the error output as http-endpoint-failed with errorCode
//     HttpEndpoint.DestinationException (AWS's) or kinesim's HttpEndpoint.* codes for the other failures (AWS
//     drops 413s; kinesim keeps them). Only https:// URLs are taken (the API's pattern). The endpoint is an
//     http.Handler registered for the Url ([WithHTTPEndpoint], [Engine.RegisterHTTPEndpoint]) or, when none is,
//     the URL itself through [WithHTTPClient]'s client; redirects are not followed.
//   - Redshift (RedshiftDestinationConfiguration; developer guide, "Understand data delivery" and "Handle data
//     delivery failures"): each buffer is an object in the intermediate bucket under the usual key, its manifest
//     ({"entries":[{"url":"s3://…","mandatory":true}]}, Redshift's manifest format) under manifests/<object key>,
//     then one COPY through the [RedshiftCluster] registered for the ClusterJDBCURL ([WithRedshiftCluster]); a
//     COPY that fails (or an unregistered cluster) is retried for RetryOptions (3600 s by default, from the first
//     attempt), then the manifest is written under errors/manifests/<object key> (AWS documents "the errors/
//     folder"; the layout under it is kinesim's). The intermediate bucket refuses Snappy, ZIP and HADOOP_SNAPPY,
//     which COPY cannot read (API Reference). Username and Password are required (no Secrets Manager).
//   - OpenSearch Service (AmazonopensearchserviceDestinationConfiguration): one [OpenSearchDomain] Bulk call per
//     buffer, registered by DomainARN or ClusterEndpoint ([WithOpenSearchDomain]); documents go to IndexName with
//     the IndexRotationPeriod's suffix from each record's arrival (OneDay by default; [IndexFor]) and a
//     Firehose-generated id unless DocumentIdOptions says NO_DOCUMENT_ID; documents refused are retried alone for
//     RetryOptions (300 s by default), then written as AmazonOpenSearchService-failed records with esDocumentId,
//     esIndexName and esTypeName. [MemoryOpenSearch] is an in-memory domain. The legacy Elasticsearch destination
//     (ElasticsearchDestinationConfiguration, the same members) delivers the same way, as elasticsearch-failed
//     and DeliveryToElasticsearch.*.
//   - Splunk (SplunkDestinationConfiguration): one [SplunkHEC] Send per buffer, registered by HECEndpoint
//     ([WithSplunkHEC]), with each event's EventId; Send's context ends at HECAcknowledgmentTimeoutInSeconds
//     (180–600, 180 by default) on the engine's clock, and an error or a missing acknowledgement is retried for
//     RetryOptions (3600 s by default, counting only the waits), then written as splunk-failed records with
//     errorCode Splunk.AckTimeout (AWS's) or kinesim's Splunk.ServerError. Buffering is 1–5 MiB and 0–60 s
//     (5 MiB, 60 s). AllEvents cannot go back to FailedEventsOnly. [MemorySplunk] is an in-memory collector.
//
// UpdateDestination merges an update of the destination's own kind into it; an update of another kind replaces
// the destination whole (its required members must be set); OpenSearch (and Elasticsearch) switch to and from
// nothing else (API Reference, UpdateDestination).
//
// # Concurrency and lifecycle
//
// An Engine is safe for concurrent use. Lock order: the engine's registry, then a delivery stream, then its
// metrics; no lock is held while a store is called. A store is called by one delivery goroutine per stream, one
// object at a time, in buffer order. [Engine.Close] must be called: the delivery goroutines hold the engine.
//
// # Not yet
//
// OpenSearch Serverless, Snowflake and Iceberg destinations; Secrets Manager and VPC
// configurations; ORC output; the backup's own error prefix for records that fail processing (they go
// to the destination's error output); a raisable active-partition quota.
package firehose
