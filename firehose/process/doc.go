// Package process is the record processing of Amazon Data Firehose as a pure core: the Lambda transformation
// contract, the checks Firehose makes of a function's response, the error records of failed records, the
// built-in processors and the validation of a destination's ProcessingConfiguration. The firehose service calls
// it; it starts no goroutines, reads no clock (the caller passes now) and imports no service.
//
// # The Lambda contract
//
// A [Transformer] receives a [Request] (the Lambda event: invocationId, deliveryStreamArn, region,
// sourceKinesisStreamArn for a Kinesis source, and records with recordId, data and
// approximateArrivalTimestamp, plus kinesisRecordMetadata for a Kinesis source) and returns one [Response] per
// record: recordId, result Ok | Dropped | ProcessingFailed, data, and metadata.partitionKeys for dynamic
// partitioning (developer guide, "Data transformation and status model"; aws-lambda-go events/firehose.go).
// Users write transformers in Go; [AppendEvent], [ParseEvent], [AppendResponse] and [ParseResponse] are the
// JSON of the same contract, for a function behind a URL.
//
// [Invoke] runs a transformer as Firehose runs its Lambda: an invocation that fails (an error, a panic, a
// response over Lambda's 6 MB, [MaxResponseSize]) is retried NumberOfRetries times (3 by default), then every
// record of the batch is ProcessingFailed (Lambda.FunctionError). [Check] validates a response: every record ID
// returned exactly once, no unknown ID, a valid result; otherwise the whole batch is ProcessingFailed with
// Lambda.DuplicatedRecordId, Lambda.MissingRecordId or Lambda.JsonProcessingException (developer guide,
// "Monitoring with CloudWatch Logs", Lambda invocation errors). [Invocation.Failed] gives the
// [ProcessingFailedRecord]s (attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp,
// rawData in base64, lambdaArn) that the service writes under the error output prefix, error output type
// "processing-failed" (developer guide, "Handle failure in data transformation").
//
// # Configuration
//
// [ParseConfiguration] validates the SDK-shaped [ProcessingConfiguration] (types.ProcessingConfiguration of
// aws-sdk-go-v2 service/firehose): enum members and value lengths as a ValidationException, the rules of each
// processor type as an InvalidArgumentException. The processing buffer hints are parameters of the Lambda
// processor: BufferSizeInMBs 0.2–3 (default 1 MB, 256 KB for Splunk), BufferIntervalInSeconds (default 60 s;
// 60–900 s, the console's range, as the API reference gives none), NumberOfRetries (default 3; 0–300, the
// console's range) (API_ProcessorParameter).
//
// # Built-in processors
//
//   - AppendDelimiterToRecord writes a delimiter after each record ([Config.AppendRecord]). AWS documents no
//     parameter; kinesim accepts a Delimiter, base64-encoded like RecordDeAggregation's, "\n" by default.
//   - RecordDeAggregation splits records into consecutive JSON objects or delimited pieces, at most 500 per
//     record ([DeAggregation.Split]; developer guide, "Apply dynamic partitioning to aggregated data").
//   - KPL de-aggregation, which Firehose applies to records read from a Kinesis data stream, is
//     [DeaggregateKPL] over package agg; it is not a processor type of the API.
//   - Decompression (GZIP) and CloudWatchLogProcessing ([Decompression.Decompress], [CloudWatchLogProcessing.Extract])
//     for CloudWatch Logs subscription data.
//   - [Config.Prepare] runs Decompression, CloudWatchLogProcessing and RecordDeAggregation over a batch, in
//     that order, before the Lambda.
//   - MetadataExtraction's jq query is validated here for its parameters and evaluated by package
//     firehose/partition.
//
// Firehose's API has no processor types for CSV or field clean-up, so kinesim ships them as ready-made
// [Transformer]s, registered under an ARN (firehose.WithFunction) and run as a Lambda: [CSVToJSON] (one RFC 4180
// row per record to one JSON object, column names declared or from a header line; Firehose's format conversion
// reads only JSON and tells users to convert CSV with a Lambda first), and the Glue-style transforms of the
// seeds with the semantics of AWS Glue's transforms of the same names: [DropFields] (full dotted paths),
// [DropNullFields] (fields null or missing in every record of the batch, with Glue Studio's extra null values),
// [Filter] (records that fail the predicate are Dropped) and [Map] (one record out per record in). [Chain]
// composes them into one function. A record they cannot read or transform is ProcessingFailed with
// [Response.ErrorMessage] saying why, which the error record's errorMessage carries after AWS's message.
//
// # Concurrency
//
// Functions are safe for concurrent use; a Config and the transformers of this package are immutable once made.
package process
