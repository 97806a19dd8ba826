package channel

import "time"

// The inputs and outputs of the five channel operations carry the field names of the AWS SDK for Go v2
// (service/kinesis v1.56.11, types/types.go) as plain values: a string or a slice is absent when empty, and the
// optional numbers and booleans whose zero means something (DataFreshnessInSeconds, CloudWatchLogs.Enabled) are
// pointers, as in the SDK.

// ChannelStatus is a channel's lifecycle state (types.ChannelStatus).
type ChannelStatus string

// The states of a channel. kinesim never makes a channel FAILED: nothing it models fails provisioning.
const (
	ChannelStatusCreating ChannelStatus = "CREATING"
	ChannelStatusActive   ChannelStatus = "ACTIVE"
	ChannelStatusUpdating ChannelStatus = "UPDATING"
	ChannelStatusDeleting ChannelStatus = "DELETING"
	ChannelStatusFailed   ChannelStatus = "FAILED"
)

// ChannelDestinationType is the kind of a channel's destination, as ListChannels reports it.
type ChannelDestinationType string

// The destination types.
const (
	ChannelDestinationTypeS3       ChannelDestinationType = "S3"
	ChannelDestinationTypeS3Tables ChannelDestinationType = "S3_TABLES"
)

// RecordFormatType is the format of the records on the source stream (RecordConfiguration.RecordFormatType).
type RecordFormatType string

// The record formats. GSR_JSON is for streaming-table (S3 Tables) destinations only; STRING and BYTE_ARRAY for
// general purpose S3 buckets only; JSON for both.
const (
	RecordFormatTypeGsrJSON   RecordFormatType = "GSR_JSON"
	RecordFormatTypeJSON      RecordFormatType = "JSON"
	RecordFormatTypeString    RecordFormatType = "STRING"
	RecordFormatTypeByteArray RecordFormatType = "BYTE_ARRAY"
)

// S3CompressionType is the compression of delivered objects.
type S3CompressionType string

// The compression types of a general purpose S3 destination.
const (
	S3CompressionTypeNone S3CompressionType = "NONE"
	S3CompressionTypeGzip S3CompressionType = "GZIP"
	S3CompressionTypeZstd S3CompressionType = "ZSTD"
)

// S3StorageClass is the storage class of delivered objects (recorded; an in-memory store has no classes).
type S3StorageClass string

// The storage classes.
const (
	S3StorageClassStandard           S3StorageClass = "STANDARD"
	S3StorageClassIntelligentTiering S3StorageClass = "INTELLIGENT_TIERING"
	S3StorageClassGlacierIr          S3StorageClass = "GLACIER_IR"
)

// ChannelEncryptionType is the encryption of delivered data; KMS is the only value.
type ChannelEncryptionType string

// ChannelEncryptionTypeKms is server-side encryption with a customer managed KMS key.
const ChannelEncryptionTypeKms ChannelEncryptionType = "KMS"

// S3TablesCompressionType is the compression of a streaming table's Parquet files.
type S3TablesCompressionType string

// The compression types of a streaming-table destination.
const (
	S3TablesCompressionTypeNone   S3TablesCompressionType = "NONE"
	S3TablesCompressionTypeZstd   S3TablesCompressionType = "ZSTD"
	S3TablesCompressionTypeSnappy S3TablesCompressionType = "SNAPPY"
)

// PartitionTransform is a streaming table's partition transform; TIME_HOUR is the only value.
type PartitionTransform string

// PartitionTransformTimeHour partitions a table by the hour of a timestamptz column.
const PartitionTransformTimeHour PartitionTransform = "TIME_HOUR"

// RecordConfiguration is the record format of the source stream.
type RecordConfiguration struct {
	// RecordFormatType is required.
	RecordFormatType RecordFormatType
	// GSRSchemaARN is the Glue Schema Registry schema; required for streaming-table destinations.
	GSRSchemaARN string
}

// ChannelStreamConfiguration is the source stream of CreateChannel: one per channel.
type ChannelStreamConfiguration struct {
	// StreamARN is required: arn:aws…:kinesis:REGION:ACCOUNT:stream/NAME.
	StreamARN string
	// RecordConfiguration is required.
	RecordConfiguration *RecordConfiguration
}

// ChannelStreamDescription is the source stream of a described channel.
type ChannelStreamDescription struct {
	StreamARN               string
	StreamCreationTimestamp time.Time
	RecordConfiguration     RecordConfiguration
}

// ChannelStreamIdentifier is the source stream of a listed channel.
type ChannelStreamIdentifier struct {
	StreamARN               string
	StreamCreationTimestamp time.Time
}

// S3StorageConfiguration is the destination bucket and how objects are stored in it.
type S3StorageConfiguration struct {
	// BucketARN is required: arn:aws:s3:::NAME.
	BucketARN string
	// ExpectedBucketOwner is required: the 12-digit account that must own the bucket.
	ExpectedBucketOwner string
	// CompressionType is required.
	CompressionType S3CompressionType
	// OutputKeyTemplate is the object key template ([DefaultOutputKeyTemplate] when empty).
	OutputKeyTemplate string
	// StorageClass is recorded (STANDARD when empty).
	StorageClass S3StorageClass
}

// DeadLetterQueueS3Configuration is where records that cannot be delivered go.
type DeadLetterQueueS3Configuration struct {
	// BucketARN is required.
	BucketARN string
	// ExpectedBucketOwner is required.
	ExpectedBucketOwner string
	// ErrorOutputPrefix is the key prefix of error objects (by default kinesis-channel/errors/NAME/ID/).
	ErrorOutputPrefix string
}

// S3DestinationConfiguration is CreateChannel's general purpose S3 destination.
type S3DestinationConfiguration struct {
	// StorageConfiguration is required.
	StorageConfiguration *S3StorageConfiguration
	// DataFreshnessInSeconds is how long records may wait before delivery, 300–900; 300 when nil.
	DataFreshnessInSeconds *int
	// DeadLetterQueueS3Configuration is optional: by default the destination bucket under an error prefix.
	DeadLetterQueueS3Configuration *DeadLetterQueueS3Configuration
}

// S3DestinationDescription is a described channel's S3 destination, the defaults filled in.
type S3DestinationDescription struct {
	DataFreshnessInSeconds         int
	DeadLetterQueueS3Configuration DeadLetterQueueS3Configuration
	StorageConfiguration           S3StorageConfiguration
}

// PartitionField is one partition field of a streaming table.
type PartitionField struct {
	SourceName string
	Transform  PartitionTransform
}

// PartitionSpec is a streaming table's partitioning.
type PartitionSpec struct {
	PartitionFields []PartitionField
}

// S3TablesConfiguration is one streaming table.
type S3TablesConfiguration struct {
	CompressionType S3TablesCompressionType
	Namespace       string
	TableBucketARN  string
	TableName       string
	PartitionSpec   *PartitionSpec
}

// S3TablesDestinationConfiguration is a streaming-table (Apache Iceberg in Amazon S3 Tables) destination. kinesim
// refuses it (see the package documentation); the type is here so that a caller states what it asked for.
type S3TablesDestinationConfiguration struct {
	DeadLetterQueueS3Configuration *DeadLetterQueueS3Configuration
	S3TablesConfigurationList      []S3TablesConfiguration
	DataFreshnessInSeconds         *int
}

// ChannelEncryptionConfiguration is the KMS key that encrypts delivered data (recorded: objects are stored as
// they are).
type ChannelEncryptionConfiguration struct {
	// EncryptionType is required: KMS.
	EncryptionType ChannelEncryptionType
	// KeyId is required: a customer managed key (not alias/aws/kinesis).
	KeyId string
}

// CloudWatchLogs is a channel's CloudWatch Logs settings (recorded; kinesim writes no logs).
type CloudWatchLogs struct {
	// Enabled is required.
	Enabled *bool
	// LogGroupName defaults to /aws/kinesis/NAME/ID.
	LogGroupName string
	// LogStreamName defaults to DestinationDelivery.
	LogStreamName string
}

// ChannelLoggingConfiguration is a channel's logging configuration.
type ChannelLoggingConfiguration struct {
	// CloudWatchLogs is required when the configuration is given.
	CloudWatchLogs *CloudWatchLogs
}

// CreateChannelInput is the input of [Engine.CreateChannel].
type CreateChannelInput struct {
	// ChannelName is required, unique in the account and region.
	ChannelName string
	// ServiceExecutionRoleARN is required: the IAM role the channel assumes (recorded).
	ServiceExecutionRoleARN string
	// StreamConfigurationList is required: exactly one source stream.
	StreamConfigurationList []ChannelStreamConfiguration
	// EncryptionConfiguration is optional.
	EncryptionConfiguration *ChannelEncryptionConfiguration
	// LoggingConfiguration is optional.
	LoggingConfiguration *ChannelLoggingConfiguration
	// S3DestinationConfiguration or S3TablesDestinationConfiguration, exactly one.
	S3DestinationConfiguration       *S3DestinationConfiguration
	S3TablesDestinationConfiguration *S3TablesDestinationConfiguration
	// Tags are at most 50 key-value pairs.
	Tags map[string]string
}

// ChannelDescription is a channel's configuration and status.
type ChannelDescription struct {
	ChannelARN               string
	ChannelCreationTimestamp time.Time
	ChannelId                string
	ChannelName              string
	ChannelStatus            ChannelStatus
	ChannelStatusReason      string
	LoggingConfiguration     ChannelLoggingConfiguration
	ServiceExecutionRoleARN  string
	StreamConfigurationList  []ChannelStreamDescription
	EncryptionConfiguration  *ChannelEncryptionConfiguration
	// S3DestinationConfiguration is the destination (always set: S3 Tables destinations are refused).
	S3DestinationConfiguration *S3DestinationDescription
}

// CreateChannelOutput is the output of [Engine.CreateChannel]: the channel, CREATING (or ACTIVE without a create
// delay).
type CreateChannelOutput struct {
	ChannelDescription ChannelDescription
}

// DescribeChannelInput is the input of [Engine.DescribeChannel].
type DescribeChannelInput struct {
	// ChannelARN is required.
	ChannelARN string
}

// DescribeChannelOutput is the output of [Engine.DescribeChannel].
type DescribeChannelOutput struct {
	ChannelDescription ChannelDescription
}

// StreamFilter selects the channels of one source stream in ListChannels.
type StreamFilter struct {
	// StreamARN is required.
	StreamARN string
	// StreamCreationTimestamp, when set, must equal the stream's (a stream deleted and made again is another).
	StreamCreationTimestamp time.Time
}

// ListChannelsInput is the input of [Engine.ListChannels].
type ListChannelsInput struct {
	// MaxResults is the page size, at least 1: 0 means not given (100), and a value above 100 returns at most
	// 100. [ExplicitZero] stands for a 0 given, which is below the minimum (ValidationException).
	MaxResults int
	// NextToken continues a listing.
	NextToken string
	// StreamFilter keeps the channels of any of these streams.
	StreamFilter []StreamFilter
}

// ChannelSummary is one listed channel.
type ChannelSummary struct {
	ChannelARN               string
	ChannelCreationTimestamp time.Time
	ChannelDestinationType   ChannelDestinationType
	ChannelId                string
	ChannelName              string
	ChannelStatus            ChannelStatus
	ChannelStatusReason      string
	Streams                  []ChannelStreamIdentifier
}

// ListChannelsOutput is the output of [Engine.ListChannels].
type ListChannelsOutput struct {
	ChannelSummaries []ChannelSummary
	// NextToken is empty on the last page.
	NextToken string
}

// S3DestinationUpdateInput changes an S3 destination: only its data freshness.
type S3DestinationUpdateInput struct {
	// DataFreshnessInSeconds is required, 300–900.
	DataFreshnessInSeconds *int
}

// S3TablesDestinationUpdateInput changes a streaming-table destination (refused: no channel has one).
type S3TablesDestinationUpdateInput struct {
	DataFreshnessInSeconds *int
}

// ChannelLoggingUpdateInput changes a channel's logging.
type ChannelLoggingUpdateInput struct {
	// CloudWatchLogs is required when the update is given.
	CloudWatchLogs *CloudWatchLogs
}

// UpdateChannelInput is the input of [Engine.UpdateChannel].
type UpdateChannelInput struct {
	// ChannelARN is required.
	ChannelARN                       string
	LoggingConfiguration             *ChannelLoggingUpdateInput
	S3DestinationConfiguration       *S3DestinationUpdateInput
	S3TablesDestinationConfiguration *S3TablesDestinationUpdateInput
}

// UpdateChannelOutput is the output of [Engine.UpdateChannel]: the channel UPDATING (ACTIVE without an update
// delay), with its new settings.
type UpdateChannelOutput struct {
	ChannelDescription ChannelDescription
}

// DeleteChannelInput is the input of [Engine.DeleteChannel].
type DeleteChannelInput struct {
	// ChannelARN is required.
	ChannelARN string
}

// Metrics are a channel's delivery counters (a kinesim extension; AWS publishes CloudWatch metrics).
type Metrics struct {
	// IncomingRecords and IncomingBytes count the records read from the source stream.
	IncomingRecords, IncomingBytes int64
	// DeliveredRecords and DeliveredObjects count what reached the destination bucket.
	DeliveredRecords, DeliveredObjects int64
	// FailedAttempts counts PutObject attempts that failed or timed out (each is retried).
	FailedAttempts int64
	// DeadLetterRecords counts records written to the dead-letter queue: records that failed validation and
	// records whose delivery failed for the whole retry duration.
	DeadLetterRecords int64
}
