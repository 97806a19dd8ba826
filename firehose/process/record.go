package process

import (
	"context"
	"time"
)

// Record is one record of a transformation batch: an entry of records[] in the event Firehose sends its Lambda
// function (aws-lambda-go events.KinesisFirehoseEventRecord).
type Record struct {
	// RecordId identifies the record within its batch; a response must return it exactly once.
	RecordId string
	// Data is the record's payload (base64 on the wire).
	Data []byte
	// ApproximateArrivalTimestamp is when Firehose received the record (epoch milliseconds on the wire).
	ApproximateArrivalTimestamp time.Time
	// KinesisRecordMetadata is set when the delivery stream reads a Kinesis data stream, nil for Direct PUT.
	KinesisRecordMetadata *KinesisRecordMetadata
}

// KinesisRecordMetadata is the kinesisRecordMetadata of a record read from a Kinesis data stream
// (aws-lambda-go events.KinesisFirehoseRecordMetadata).
type KinesisRecordMetadata struct {
	ShardId                     string
	PartitionKey                string
	SequenceNumber              string
	SubsequenceNumber           uint64
	ApproximateArrivalTimestamp time.Time
}

// Request is one invocation of a transformation: the Lambda event's top level.
type Request struct {
	InvocationId      string
	DeliveryStreamArn string
	Region            string
	// SourceKinesisStreamArn is set when the delivery stream reads a Kinesis data stream.
	SourceKinesisStreamArn string
	Records                []Record
}

// Result is the status a transformation gives a record.
type Result string

// The results of the status model (Firehose developer guide, "Data transformation and status model"): Ok and
// Dropped count as successfully processed, ProcessingFailed does not.
const (
	Ok               Result = "Ok"
	Dropped          Result = "Dropped"
	ProcessingFailed Result = "ProcessingFailed"
)

// Valid reports whether r is one of Ok, Dropped and ProcessingFailed.
func (r Result) Valid() bool { return r == Ok || r == Dropped || r == ProcessingFailed }

// Response is one entry of the records[] a transformation returns (aws-lambda-go
// events.KinesisFirehoseResponseRecord).
type Response struct {
	RecordId string
	Result   Result
	// Data is the transformed payload; ignored for Dropped and ProcessingFailed.
	Data []byte
	// Metadata carries the partition keys for dynamic partitioning (!{partitionKeyFromLambda:name}).
	Metadata Metadata
	// ErrorMessage says why a ProcessingFailed record failed. It is kinesim's, not the Lambda contract's (AWS's
	// status model has no per-record message, so [AppendResponse] leaves it out): a transformer in Go sets it,
	// and [Check] writes it after AWS's "ProcessingFailed status set for record" in the errorMessage of the
	// record's error record. Ignored for Ok and Dropped.
	ErrorMessage string
}

// Metadata is a response record's metadata.
type Metadata struct {
	PartitionKeys map[string]string
}

// Transformer is a record transformation with the contract of Firehose's Lambda: given a batch, it returns one
// Response per record, in any order. An error fails the whole invocation, which Firehose retries
// (NumberOfRetries) before it treats every record of the batch as ProcessingFailed. Implementations are called
// from one goroutine per delivery stream at a time unless they say otherwise; they must not keep req.Records'
// Data after returning.
type Transformer interface {
	Transform(ctx context.Context, req *Request) ([]Response, error)
}

// TransformerFunc adapts a function to a [Transformer].
type TransformerFunc func(ctx context.Context, req *Request) ([]Response, error)

// Transform calls f(ctx, req).
func (f TransformerFunc) Transform(ctx context.Context, req *Request) ([]Response, error) {
	return f(ctx, req)
}
