package stream

import (
	"time"

	"github.com/kinesim/kinesim/record"
)

// StreamStatus is the lifecycle state of a stream.
type StreamStatus string

// Stream states, as AWS names them.
const (
	StreamStatusCreating StreamStatus = "CREATING"
	StreamStatusDeleting StreamStatus = "DELETING"
	StreamStatusActive   StreamStatus = "ACTIVE"
	StreamStatusUpdating StreamStatus = "UPDATING"
)

// StreamMode is the capacity mode of a stream.
type StreamMode string

// Capacity modes.
const (
	StreamModeProvisioned StreamMode = "PROVISIONED"
	StreamModeOnDemand    StreamMode = "ON_DEMAND"
)

// ShardIteratorType says where a shard iterator (or a blocking read) starts.
type ShardIteratorType string

// Iterator types, as AWS names them.
const (
	// AtSequenceNumber starts at the record with StartingSequenceNumber.
	AtSequenceNumber ShardIteratorType = "AT_SEQUENCE_NUMBER"
	// AfterSequenceNumber starts just after the record with StartingSequenceNumber.
	AfterSequenceNumber ShardIteratorType = "AFTER_SEQUENCE_NUMBER"
	// TrimHorizon starts at the oldest readable record.
	TrimHorizon ShardIteratorType = "TRIM_HORIZON"
	// Latest starts just after the newest record: only records put afterwards are read.
	Latest ShardIteratorType = "LATEST"
	// AtTimestamp starts at the first record that arrived at or after Timestamp (the trim horizon if older).
	AtTimestamp ShardIteratorType = "AT_TIMESTAMP"
)

// ShardFilterType selects the shards ListShards returns.
type ShardFilterType string

// Shard filter types, as AWS names them.
const (
	FilterAfterShardId    ShardFilterType = "AFTER_SHARD_ID"
	FilterAtTrimHorizon   ShardFilterType = "AT_TRIM_HORIZON"
	FilterFromTrimHorizon ShardFilterType = "FROM_TRIM_HORIZON"
	FilterAtLatest        ShardFilterType = "AT_LATEST"
	FilterAtTimestamp     ShardFilterType = "AT_TIMESTAMP"
	FilterFromTimestamp   ShardFilterType = "FROM_TIMESTAMP"
)

// Encryption types of streams and records (see [Engine.StartStreamEncryption]).
const (
	EncryptionNone = "NONE"
	EncryptionKMS  = "KMS"
)

// StreamRef names a stream by name or by ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME). When both are given
// they must name the same stream.
type StreamRef struct {
	StreamName string
	StreamARN  string
}

// CreateStreamInput is the input of [Engine.CreateStream].
type CreateStreamInput struct {
	// StreamName is 1–128 characters of [a-zA-Z0-9_.-].
	StreamName string
	// ShardCount is the number of shards of a provisioned stream (at least 1). Leave it 0 for an on-demand stream.
	// [ExplicitZero] stands for a 0 given, below the minimum of 1 in either mode (ValidationException).
	ShardCount int
	// StreamMode is PROVISIONED (the default) or ON_DEMAND.
	StreamMode StreamMode
	// MaxRecordSizeInKiB is the largest record (data plus partition key) the stream takes, 1024–10240; 0 means 1024.
	// [ExplicitZero] is a 0 given (as the SDK front passes a member sent as 0), below the minimum and refused.
	MaxRecordSizeInKiB int
	// Tags are stored with the stream: at most 50, checked as AddTagsToStream checks them.
	Tags map[string]string
	// RecordDistributionStrategy of an on-demand stream: USER_PARTITION_KEY (the default, also for "") or AUTO
	// (see [Engine.UpdateStreamRecordDistributionStrategy]). A provisioned stream takes only "".
	RecordDistributionStrategy RecordDistributionStrategy
	// WarmThroughputMiBps of an on-demand stream, 0–10240 (see [Engine.UpdateStreamWarmThroughput]); reached after
	// creation by the on-demand scaler; 0 means not given. [ExplicitZero] stands for a 0 given: an on-demand stream
	// takes it as a warm throughput of 0, and a provisioned one refuses it as it refuses any other value (the member
	// is an on-demand setting), InvalidArgument.
	WarmThroughputMiBps int
	// Throttling overrides the engine's default (see [WithThrottling]) for this stream: nil keeps the default.
	// With throttling off the stream takes any rate, as a test or a benchmark may want. A kinesim extension.
	Throttling *bool
	// DiscardData makes the stream keep each record's partition key, size, sequence number and arrival time but not
	// its data: reads return Data of the right length, all zero bytes. Limits, routing, metrics and resharding are
	// unchanged. For simulating hours of heavy traffic, where storing the payloads would not fit in memory. A
	// kinesim extension.
	DiscardData bool
}

// StreamSummary is the output of [Engine.DescribeStreamSummary].
type StreamSummary struct {
	StreamName              string
	StreamARN               string
	StreamStatus            StreamStatus
	StreamMode              StreamMode
	RetentionPeriodHours    int
	StreamCreationTimestamp time.Time
	EncryptionType          string
	// KeyId is the KMS key of an encrypted stream ([Engine.StartStreamEncryption]), "" when not encrypted.
	KeyId          string
	OpenShardCount int
	ConsumerCount  int
	// EnhancedMonitoring always has one element, whose ShardLevelMetrics are the enabled metrics (empty, not nil,
	// when none are), as AWS reports them.
	EnhancedMonitoring []EnhancedMetrics
	MaxRecordSizeInKiB int
	// RecordDistributionStrategy is an on-demand stream's AUTO or USER_PARTITION_KEY, "" for a provisioned stream.
	RecordDistributionStrategy RecordDistributionStrategy
	// WarmThroughput is an on-demand stream's warm throughput, nil for a provisioned stream.
	WarmThroughput *WarmThroughput
	// Throttling reports whether the stream enforces AWS's throughput limits (a kinesim extension).
	Throttling bool
}

// ListStreamsInput is the input of [Engine.ListStreams].
type ListStreamsInput struct {
	// Limit is the most names to return, 1–10000; 0 means 100.
	Limit int
	// ExclusiveStartStreamName lists the streams after this name.
	ExclusiveStartStreamName string
	// NextToken continues an earlier listing; it excludes ExclusiveStartStreamName.
	NextToken string
}

// ListStreamsOutput is the output of [Engine.ListStreams]. Streams are listed in name order.
type ListStreamsOutput struct {
	StreamNames     []string
	StreamSummaries []StreamListEntry
	HasMoreStreams  bool
	NextToken       string
}

// StreamListEntry is one stream of a listing.
type StreamListEntry struct {
	StreamName              string
	StreamARN               string
	StreamStatus            StreamStatus
	StreamMode              StreamMode
	StreamCreationTimestamp time.Time
}

// PutRecordInput is the input of [Engine.PutRecord].
type PutRecordInput struct {
	StreamRef
	// Data is the payload; data plus partition key may be at most the stream's maximum record size (1 MiB by default).
	Data []byte
	// PartitionKey is 1–256 characters; its MD5 routes the record unless ExplicitHashKey is set.
	PartitionKey string
	// ExplicitHashKey, if set, is a decimal hash key in 0 … 2^128−1 that routes the record instead.
	ExplicitHashKey string
	// SequenceNumberForOrdering, if set, is the sequence number of the previous record of the same partition key;
	// the new record gets a greater number. (kinesim numbers always increase within a shard.)
	SequenceNumberForOrdering string
	// DryRun, if true, checks the call as it would run and runs nothing: the answer is DryRunOperation, or the
	// error the call would return (see the package documentation's Dry runs).
	DryRun bool
}

// PutRecordOutput is the output of [Engine.PutRecord].
type PutRecordOutput struct {
	ShardId        string
	SequenceNumber record.SequenceNumber
	EncryptionType string
}

// PutRecordsInput is the input of [Engine.PutRecords].
type PutRecordsInput struct {
	StreamRef
	// Records are 1–500 entries, at most 5 MiB in all (data and partition keys).
	Records []PutRecordsEntry
	// DryRun, if true, checks the call as it would run and runs nothing: the answer is DryRunOperation, or the
	// error the call would return (see the package documentation's Dry runs).
	DryRun bool
}

// PutRecordsEntry is one record of a [PutRecordsInput].
type PutRecordsEntry struct {
	Data            []byte
	PartitionKey    string
	ExplicitHashKey string
}

// PutRecordsOutput is the output of [Engine.PutRecords]: one result per entry, in request order.
type PutRecordsOutput struct {
	// FailedRecordCount is the number of entries that failed (0 when all succeeded).
	FailedRecordCount int
	Records           []PutRecordsResultEntry
	EncryptionType    string
}

// PutRecordsResultEntry is the result of one entry: a sequence number and shard id, or an error code and message.
type PutRecordsResultEntry struct {
	SequenceNumber record.SequenceNumber
	ShardId        string
	// ErrorCode is "" on success, else "ProvisionedThroughputExceededException" or "InternalFailure".
	ErrorCode    string
	ErrorMessage string
}

// GetShardIteratorInput is the input of [Engine.GetShardIterator].
type GetShardIteratorInput struct {
	StreamRef
	ShardId                string
	ShardIteratorType      ShardIteratorType
	StartingSequenceNumber string
	Timestamp              time.Time
	// DryRun, if true, checks the call as it would run and runs nothing: the answer is DryRunOperation, or the
	// error the call would return (see the package documentation's Dry runs).
	DryRun bool
}

// GetShardIteratorOutput is the output of [Engine.GetShardIterator].
type GetShardIteratorOutput struct {
	ShardIterator string
}

// GetRecordsInput is the input of [Engine.GetRecords].
type GetRecordsInput struct {
	ShardIterator string
	// Limit is the most records to return, 1–10000; 0 means 10000.
	Limit int
	// StreamARN, if set, must be the ARN of the iterator's stream.
	StreamARN string
	// DryRun, if true, checks the call as it would run and runs nothing: the answer is DryRunOperation, or the
	// error the call would return (see the package documentation's Dry runs).
	DryRun bool
}

// GetRecordsOutput is the output of [Engine.GetRecords].
type GetRecordsOutput struct {
	// Records alias the stream's memory: treat their Data as read-only.
	Records []record.Record
	// NextShardIterator continues the read; it is "" only when the shard is closed and fully read.
	NextShardIterator string
	// MillisBehindLatest is how far the response is from the tip of the shard; 0 means caught up.
	MillisBehindLatest int64
	// ChildShards are set only when the end of a closed shard is reached.
	ChildShards []ChildShard
}

// ChildShard is a shard made from a closed one.
type ChildShard struct {
	ShardId      string
	ParentShards []string
	HashKeyRange record.HashKeyRange
}

// ShardFilter selects shards in [Engine.ListShards].
type ShardFilter struct {
	Type      ShardFilterType
	ShardId   string
	Timestamp time.Time
}

// ListShardsInput is the input of [Engine.ListShards].
type ListShardsInput struct {
	StreamRef
	// NextToken continues an earlier listing; it excludes StreamName, StreamARN, ExclusiveStartShardId and ShardFilter.
	NextToken string
	// ExclusiveStartShardId lists the shards after this one.
	ExclusiveStartShardId string
	// MaxResults is the most shards to return, 1–10000; 0 means 1000 (at most 1000 are returned).
	MaxResults int
	// StreamCreationTimestamp, if set, must be the stream's creation time.
	StreamCreationTimestamp time.Time
	ShardFilter             *ShardFilter
}

// ListShardsOutput is the output of [Engine.ListShards].
type ListShardsOutput struct {
	Shards    []Shard
	NextToken string
}

// Shard describes one shard.
type Shard struct {
	ShardId               string
	ParentShardId         string
	AdjacentParentShardId string
	HashKeyRange          record.HashKeyRange
	SequenceNumberRange   SequenceNumberRange
}

// SequenceNumberRange is the range of a shard's sequence numbers; EndingSequenceNumber is zero while it is open.
type SequenceNumberRange struct {
	StartingSequenceNumber record.SequenceNumber
	EndingSequenceNumber   record.SequenceNumber
}

// RetentionInput is the input of [Engine.IncreaseStreamRetentionPeriod] and [Engine.DecreaseStreamRetentionPeriod].
type RetentionInput struct {
	StreamRef
	RetentionPeriodHours int
}

// StartingPosition says where a blocking read ([Engine.Records], [Engine.Subscribe]) starts.
type StartingPosition struct {
	Type           ShardIteratorType
	SequenceNumber string
	Timestamp      time.Time
}

// ReadInput is the input of [Engine.Records] and [Engine.Subscribe].
type ReadInput struct {
	StreamRef
	ShardId          string
	StartingPosition StartingPosition
}
