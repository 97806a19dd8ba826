// Package firehoseapi maps the Amazon Data Firehose API (service Firehose_20150804 of the AWS model, as
// aws-sdk-go-v2 service/firehose v1.52 serializes it) onto a *firehose.Engine: one file per operation, each a wire
// input struct decoded from the request, one engine call and a wire output struct. The json tags are the member
// names of the model; pointers mark members whose absence differs from their zero value.
//
// The engine delivers Direct PUT records and the records of a Kinesis data stream (KinesisStreamAsSource) to
// S3-like destinations, through the extended S3 destination's pipeline: processing, format conversion, dynamic
// partitioning and source record backup, whose shapes (pipeline_shapes.go) map both ways. Members of the model
// that would change what is delivered and that the engine does not implement — destinations other than S3
// (Redshift, HTTP endpoint, OpenSearch, Splunk, Snowflake, Iceberg …), MSK and database sources, and KMS
// encryption of the objects — are refused with an InvalidArgumentException naming the member (see
// unsupported.go), never accepted and dropped. Members that change nothing a reader of the objects sees are
// accepted and not recorded: CloudWatchLoggingOptions and DirectPutSourceConfiguration (the throughput hint).
//
// The service is immutable and safe for concurrent use, as the engine is.
package firehoseapi
