// Package firehose is the in-process Amazon Data Firehose engine: an [Engine] holds one account's delivery
// streams, takes records with PutRecord and PutRecordBatch, buffers them (package firehose/buffer, the pure core),
// and delivers them as objects to an S3-like [ObjectStore], compressed as configured (package firehose/compress).
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
// Where the packages to come plug in: between the buffer and the compression, deliveryStream.transform (in
// deliver.go) turns a taken batch into the bytes to deliver and the records that failed. Lambda transformation
// (firehose/process), format conversion (firehose/convert) and dynamic partitioning (firehose/partition, which
// will key buffers by evaluated prefix) go there; their configuration fields are not in the inputs until then.
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
//
// # Concurrency and lifecycle
//
// An Engine is safe for concurrent use. Lock order: the engine's registry, then a delivery stream, then its
// metrics; no lock is held while a store is called. A store is called by one delivery goroutine per stream, one
// object at a time, in buffer order. [Engine.Close] must be called: the delivery goroutines hold the engine.
//
// # Not yet
//
// Kinesis Data Streams as a source, processing, format conversion, dynamic partitioning, source record backup,
// and destinations other than S3.
package firehose
