// Package partition is Firehose's dynamic partitioning as a pure core: the MetadataExtraction jq query that
// reads partition keys out of JSON records, the substitution of !{partitionKeyFromQuery:name} and
// !{partitionKeyFromLambda:name} in S3 prefixes, the checks AWS makes of prefixes when dynamic partitioning is on,
// and the count of active partitions against the stream's limit. The firehose service calls it; it starts no
// goroutines and reads no clock (jq's now is the instant the caller passes).
//
// It is the one package of kinesim that imports a jq implementation (itchyny/gojq, pure Go, with strftime and
// the other date functions of jq 1.6, the version Firehose supports: developer guide, "Understand partitioning
// keys").
//
// # Facts and their sources
//
//   - Keys come from inline parsing (a jq query over JSON records), from the Lambda's metadata.partitionKeys, or
//     both; the S3 prefix must use them, and an error output prefix is mandatory (developer guide, "Dynamic
//     partitioning").
//   - Records whose keys cannot be extracted, or whose prefix cannot be evaluated, go to the error output
//     prefix (developer guide, "Handle errors"); kinesim writes them with errorCode
//     DynamicPartitioning.MetadataExtractionFailed, the code of the records AWS delivers, in the format of
//     process.ProcessingFailedRecord without a lambdaArn (the service builds it: cores do not import each other).
//   - 500 active partitions per delivery stream by default, raisable to 5,000; past the limit, records go to
//     the error output (activePartitionExceeded); a partition stops being active once its buffer is delivered
//     (Firehose quota page; "Buffer data for dynamic partitioning").
//   - AWS documents no limit on the number or length of keys; the 512-character limit of an evaluated prefix
//     bounds them ("Custom prefixes for Amazon S3 objects").
//   - A query value that is a number or boolean becomes its jq text (1565382027); null, arrays and objects fail
//     the record: AWS's behaviour for them is not documented, and a prefix cannot hold them.
//
// # Concurrency
//
// A [Query] is immutable and safe for concurrent use; an [Active] is owned by one delivery stream.
package partition
