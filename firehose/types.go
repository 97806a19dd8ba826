package firehose

import (
	"time"

	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/process"
)

// DeliveryStreamType is where a delivery stream's records come from.
type DeliveryStreamType string

// The source types. DirectPut and KinesisStreamAsSource are implemented; CreateDeliveryStream refuses the others
// with InvalidArgumentException.
const (
	DirectPut             DeliveryStreamType = "DirectPut"
	KinesisStreamAsSource DeliveryStreamType = "KinesisStreamAsSource"
)

// DeliveryStreamStatus is a delivery stream's state (CREATING_FAILED and the DELETING_FAILED state of AWS do not
// happen in kinesim: nothing it depends on can fail).
type DeliveryStreamStatus string

// The states of a delivery stream.
const (
	Creating DeliveryStreamStatus = "CREATING"
	Active   DeliveryStreamStatus = "ACTIVE"
	Deleting DeliveryStreamStatus = "DELETING"
)

// CompressionFormat is an S3 destination's object compression (package compress encodes it).
type CompressionFormat = compress.Format

// The compression formats, as the API names them.
const (
	Uncompressed CompressionFormat = compress.Uncompressed
	GZIP         CompressionFormat = compress.GZIP
	ZIP          CompressionFormat = compress.ZIP
	Snappy       CompressionFormat = compress.Snappy
	HadoopSnappy CompressionFormat = compress.HadoopSnappy
)

// BufferingHints are a destination's buffering thresholds. If one is given, both must be (API Reference,
// BufferingHints); a nil *BufferingHints means the defaults, 5 MiB and 300 seconds for S3.
type BufferingHints struct {
	// SizeInMBs is the size threshold in MiB of data before compression, 1–128.
	SizeInMBs *int
	// IntervalInSeconds is the time threshold, 0–900; 0 is zero buffering.
	IntervalInSeconds *int
}

// ProcessingConfiguration is the SDK's types.ProcessingConfiguration (package firehose/process validates it). A
// Lambda processor's LambdaArn names a function registered with [WithFunction] or [Engine.RegisterFunction].
type ProcessingConfiguration = process.ProcessingConfiguration

// DataFormatConversionConfiguration is the SDK's types.DataFormatConversionConfiguration (package
// firehose/convert). Its SchemaConfiguration names a table (DatabaseName, TableName) registered with [WithTable]
// or [Engine.RegisterTable], which stands for the Glue Data Catalog.
type DataFormatConversionConfiguration = convert.DataFormatConversionConfiguration

// RetryOptions is the SDK's types.RetryOptions of dynamic partitioning: DurationInSeconds 0–7200, 300 by
// default (recorded: an S3 delivery is retried for the engine's retry duration).
type RetryOptions struct {
	DurationInSeconds *int
}

// DynamicPartitioningConfiguration is the SDK's types.DynamicPartitioningConfiguration. Dynamic partitioning can
// be enabled only when the delivery stream is created, and never disabled.
type DynamicPartitioningConfiguration struct {
	Enabled      *bool
	RetryOptions *RetryOptions
}

// S3BackupMode is an S3 destination's source-record backup mode.
type S3BackupMode string

// The backup modes: Enabled writes every source record, untransformed, to the S3BackupConfiguration.
const (
	S3BackupDisabled S3BackupMode = "Disabled"
	S3BackupEnabled  S3BackupMode = "Enabled"
)

// KinesisStreamSourceConfiguration is the source of a KinesisStreamAsSource delivery stream (SDK
// types.KinesisStreamSourceConfiguration).
type KinesisStreamSourceConfiguration struct {
	// KinesisStreamARN is the data stream, arn:aws:kinesis:REGION:ACCOUNT:stream/NAME (required).
	KinesisStreamARN string
	// RoleARN is the role Firehose would assume to read it (required; recorded only).
	RoleARN string
}

// KinesisStreamSourceDescription describes a Kinesis source (SDK types.KinesisStreamSourceDescription).
type KinesisStreamSourceDescription struct {
	KinesisStreamARN string
	RoleARN          string
	// DeliveryStartTimestamp is when the delivery stream started reading: records that arrived in the data stream
	// from then on are delivered.
	DeliveryStartTimestamp time.Time
}

// SourceDescription describes a delivery stream's source (SDK types.SourceDescription); nil for Direct PUT.
type SourceDescription struct {
	KinesisStreamSourceDescription *KinesisStreamSourceDescription
}

// ExtendedS3DestinationConfiguration is an S3 destination (SDK types.ExtendedS3DestinationConfiguration).
type ExtendedS3DestinationConfiguration struct {
	// BucketARN is the bucket, arn:aws:s3:::NAME (required).
	BucketARN string
	// RoleARN is the IAM role Firehose would assume (required; recorded only).
	RoleARN string
	// Prefix is the object key prefix; "" is the default YYYY/MM/dd/HH/ (see the package documentation).
	Prefix string
	// ErrorOutputPrefix is the prefix of failed records; it must hold !{firehose:error-output-type} when set.
	ErrorOutputPrefix string
	// BufferingHints; nil means the defaults (5 MiB, 300 s).
	BufferingHints *BufferingHints
	// CompressionFormat of the objects; "" means UNCOMPRESSED.
	CompressionFormat CompressionFormat
	// FileExtension replaces the extension of the compression format ("" keeps it).
	FileExtension string
	// CustomTimeZone is the IANA time zone of the prefix's timestamps and of the object name ("" is UTC), e.g.
	// "Asia/Tokyo"; kinesim takes any zone of the system's (or Go's) time zone database.
	CustomTimeZone string
	// ProcessingConfiguration: the processors (Lambda, MetadataExtraction, RecordDeAggregation, …).
	ProcessingConfiguration *ProcessingConfiguration
	// DataFormatConversionConfiguration converts JSON records to Parquet.
	DataFormatConversionConfiguration *DataFormatConversionConfiguration
	// DynamicPartitioningConfiguration partitions records by keys (an ErrorOutputPrefix is then required).
	DynamicPartitioningConfiguration *DynamicPartitioningConfiguration
	// S3BackupMode is Disabled ("") or Enabled; Enabled requires S3BackupConfiguration.
	S3BackupMode S3BackupMode
	// S3BackupConfiguration is where source records are backed up.
	S3BackupConfiguration *S3DestinationConfiguration
}

// S3DestinationConfiguration is the deprecated S3 destination of the SDK (types.S3DestinationConfiguration):
// the subset of [ExtendedS3DestinationConfiguration] it has. A delivery stream made with it is described with both
// descriptions, as AWS does.
type S3DestinationConfiguration struct {
	BucketARN         string
	RoleARN           string
	Prefix            string
	ErrorOutputPrefix string
	BufferingHints    *BufferingHints
	CompressionFormat CompressionFormat
}

// Tag is a delivery stream's tag.
type Tag struct {
	Key   string
	Value string
}

// KeyType is the kind of KMS key of server-side encryption.
type KeyType string

// The key types.
const (
	AWSOwnedCMK        KeyType = "AWS_OWNED_CMK"
	CustomerManagedCMK KeyType = "CUSTOMER_MANAGED_CMK"
)

// DeliveryStreamEncryptionConfigurationInput asks for server-side encryption.
type DeliveryStreamEncryptionConfigurationInput struct {
	// KeyType is AWS_OWNED_CMK or CUSTOMER_MANAGED_CMK (required).
	KeyType KeyType
	// KeyARN is the customer managed key's ARN, required with CUSTOMER_MANAGED_CMK and refused otherwise.
	KeyARN string
}

// EncryptionStatus is the server-side encryption status of a delivery stream.
type EncryptionStatus string

// The encryption states kinesim reaches (ENABLING and DISABLING end at once: encryption is recorded only).
const (
	EncryptionEnabled  EncryptionStatus = "ENABLED"
	EncryptionDisabled EncryptionStatus = "DISABLED"
)

// DeliveryStreamEncryptionConfiguration describes a delivery stream's server-side encryption.
type DeliveryStreamEncryptionConfiguration struct {
	KeyARN  string
	KeyType KeyType
	Status  EncryptionStatus
}

// CreateDeliveryStreamInput is the input of [Engine.CreateDeliveryStream]: exactly one destination must be given.
type CreateDeliveryStreamInput struct {
	// DeliveryStreamName is 1–64 characters of [a-zA-Z0-9_.-].
	DeliveryStreamName string
	// DeliveryStreamType is DirectPut ("" means DirectPut) or KinesisStreamAsSource.
	DeliveryStreamType DeliveryStreamType
	// ExtendedS3DestinationConfiguration or S3DestinationConfiguration: one, not both.
	ExtendedS3DestinationConfiguration *ExtendedS3DestinationConfiguration
	S3DestinationConfiguration         *S3DestinationConfiguration
	// Or a destination of another kind.
	HttpEndpointDestinationConfiguration            *HttpEndpointDestinationConfiguration
	RedshiftDestinationConfiguration                *RedshiftDestinationConfiguration
	AmazonopensearchserviceDestinationConfiguration *AmazonopensearchserviceDestinationConfiguration
	SplunkDestinationConfiguration                  *SplunkDestinationConfiguration
	ElasticsearchDestinationConfiguration           *ElasticsearchDestinationConfiguration
	// KinesisStreamSourceConfiguration is required with KinesisStreamAsSource and refused otherwise.
	KinesisStreamSourceConfiguration *KinesisStreamSourceConfiguration
	// DeliveryStreamEncryptionConfigurationInput enables server-side encryption at creation (recorded only).
	DeliveryStreamEncryptionConfigurationInput *DeliveryStreamEncryptionConfigurationInput
	// Tags: at most 50.
	Tags []Tag
}

// CreateDeliveryStreamOutput is the output of [Engine.CreateDeliveryStream].
type CreateDeliveryStreamOutput struct {
	DeliveryStreamARN string
}

// DeleteDeliveryStreamInput is the input of [Engine.DeleteDeliveryStream].
type DeleteDeliveryStreamInput struct {
	DeliveryStreamName string
	// AllowForceDelete is accepted and has no effect (kinesim holds no KMS grant).
	AllowForceDelete bool
}

// DescribeDeliveryStreamInput is the input of [Engine.DescribeDeliveryStream].
type DescribeDeliveryStreamInput struct {
	DeliveryStreamName string
	// ExclusiveStartDestinationId lists the destinations after this one (1–100 characters).
	ExclusiveStartDestinationId string
	// Limit is the most destinations to list, 1–10000; 0 means all.
	// [ExplicitZero] is a 0 given, below the minimum and refused.
	Limit int
}

// ExtendedS3DestinationDescription describes an S3 destination, the defaults filled in.
type ExtendedS3DestinationDescription struct {
	BucketARN         string
	RoleARN           string
	Prefix            string
	ErrorOutputPrefix string
	BufferingHints    BufferingHints
	CompressionFormat CompressionFormat
	FileExtension     string
	CustomTimeZone    string

	ProcessingConfiguration           *ProcessingConfiguration
	DataFormatConversionConfiguration *DataFormatConversionConfiguration
	DynamicPartitioningConfiguration  *DynamicPartitioningConfiguration
	// S3BackupMode is Disabled or Enabled.
	S3BackupMode        S3BackupMode
	S3BackupDescription *S3DestinationDescription
}

// S3DestinationDescription describes the destination as the deprecated S3 shape does.
type S3DestinationDescription struct {
	BucketARN         string
	RoleARN           string
	Prefix            string
	ErrorOutputPrefix string
	BufferingHints    BufferingHints
	CompressionFormat CompressionFormat
}

// DestinationDescription is one destination of a delivery stream.
type DestinationDescription struct {
	// DestinationId is "destinationId-000000000001" for the only destination.
	DestinationId                    string
	ExtendedS3DestinationDescription *ExtendedS3DestinationDescription
	S3DestinationDescription         *S3DestinationDescription
	// One of these describes a destination of another kind.
	HttpEndpointDestinationDescription            *HttpEndpointDestinationDescription
	RedshiftDestinationDescription                *RedshiftDestinationDescription
	AmazonopensearchserviceDestinationDescription *AmazonopensearchserviceDestinationDescription
	SplunkDestinationDescription                  *SplunkDestinationDescription
	ElasticsearchDestinationDescription           *ElasticsearchDestinationDescription
}

// DeliveryStreamDescription describes a delivery stream.
type DeliveryStreamDescription struct {
	DeliveryStreamARN                     string
	DeliveryStreamName                    string
	DeliveryStreamStatus                  DeliveryStreamStatus
	DeliveryStreamType                    DeliveryStreamType
	DeliveryStreamEncryptionConfiguration *DeliveryStreamEncryptionConfiguration
	// Source is set for a KinesisStreamAsSource delivery stream.
	Source              *SourceDescription
	Destinations        []DestinationDescription
	HasMoreDestinations bool
	// VersionId starts at "1" and goes up by 1 with each UpdateDestination.
	VersionId           string
	CreateTimestamp     time.Time
	LastUpdateTimestamp time.Time
}

// DescribeDeliveryStreamOutput is the output of [Engine.DescribeDeliveryStream].
type DescribeDeliveryStreamOutput struct {
	DeliveryStreamDescription DeliveryStreamDescription
}

// ListDeliveryStreamsInput is the input of [Engine.ListDeliveryStreams].
type ListDeliveryStreamsInput struct {
	// DeliveryStreamType lists only the streams of this type ("" lists all).
	DeliveryStreamType DeliveryStreamType
	// ExclusiveStartDeliveryStreamName lists the names after this one.
	ExclusiveStartDeliveryStreamName string
	// Limit is the most names to list, 1–10000; 0 means 10, AWS's default.
	// [ExplicitZero] is a 0 given, below the minimum and refused.
	Limit int
}

// ListDeliveryStreamsOutput is the output of [Engine.ListDeliveryStreams].
type ListDeliveryStreamsOutput struct {
	DeliveryStreamNames    []string
	HasMoreDeliveryStreams bool
}

// ExtendedS3DestinationUpdate changes an S3 destination: the fields set replace the current ones, the others stay
// (AWS "merges the old configuration with the new").
type ExtendedS3DestinationUpdate struct {
	BucketARN         string  // "" keeps it
	RoleARN           string  // "" keeps it
	Prefix            *string // nil keeps it; "" resets it to the default
	ErrorOutputPrefix *string // nil keeps it
	BufferingHints    *BufferingHints
	CompressionFormat CompressionFormat // "" keeps it
	FileExtension     *string           // nil keeps it
	CustomTimeZone    *string           // nil keeps it; "" resets it to UTC

	ProcessingConfiguration           *ProcessingConfiguration           // nil keeps it
	DataFormatConversionConfiguration *DataFormatConversionConfiguration // nil keeps it
	// DynamicPartitioningConfiguration: nil keeps it; it cannot enable partitioning on a stream made without it,
	// nor disable it.
	DynamicPartitioningConfiguration *DynamicPartitioningConfiguration
	S3BackupMode                     S3BackupMode // "" keeps it; Enabled cannot be turned back to Disabled
	// S3BackupUpdate replaces the backup destination (nil keeps it).
	S3BackupUpdate *S3DestinationConfiguration
}

// UpdateDestinationInput is the input of [Engine.UpdateDestination].
type UpdateDestinationInput struct {
	DeliveryStreamName string
	// CurrentDeliveryStreamVersionId must be the VersionId last described (required).
	CurrentDeliveryStreamVersionId string
	// DestinationId is "destinationId-000000000001" (required).
	DestinationId string
	// ExtendedS3DestinationUpdate or S3DestinationUpdate (the deprecated shape, the same fields bar FileExtension).
	ExtendedS3DestinationUpdate *ExtendedS3DestinationUpdate
	S3DestinationUpdate         *ExtendedS3DestinationUpdate
	// Or an update of another kind: the same kind merges into the current configuration; another kind replaces
	// it whole (its required members must be set), except that an OpenSearch (or Elasticsearch) destination can
	// only be updated to another of its kind, and another kind never to it.
	HttpEndpointDestinationUpdate            *HttpEndpointDestinationUpdate
	RedshiftDestinationUpdate                *RedshiftDestinationUpdate
	AmazonopensearchserviceDestinationUpdate *AmazonopensearchserviceDestinationUpdate
	SplunkDestinationUpdate                  *SplunkDestinationUpdate
	ElasticsearchDestinationUpdate           *ElasticsearchDestinationUpdate
}

// Record is a record to put: up to 1,000 KiB of data.
type Record struct {
	Data []byte
}

// PutRecordInput is the input of [Engine.PutRecord].
type PutRecordInput struct {
	DeliveryStreamName string
	Record             Record
}

// PutRecordOutput is the output of [Engine.PutRecord].
type PutRecordOutput struct {
	RecordId  string
	Encrypted bool
}

// PutRecordBatchInput is the input of [Engine.PutRecordBatch]: 1–500 records, 4 MiB in all.
type PutRecordBatchInput struct {
	DeliveryStreamName string
	Records            []Record
}

// PutRecordBatchResponseEntry is the result of one record of a batch: a RecordId, or an ErrorCode and
// ErrorMessage.
type PutRecordBatchResponseEntry struct {
	RecordId     string
	ErrorCode    string
	ErrorMessage string
}

// PutRecordBatchOutput is the output of [Engine.PutRecordBatch].
type PutRecordBatchOutput struct {
	// FailedPutCount counts the entries with an ErrorCode: resend those.
	FailedPutCount   int
	RequestResponses []PutRecordBatchResponseEntry
	Encrypted        bool
}

// TagDeliveryStreamInput is the input of [Engine.TagDeliveryStream]: 1–50 tags.
type TagDeliveryStreamInput struct {
	DeliveryStreamName string
	Tags               []Tag
}

// UntagDeliveryStreamInput is the input of [Engine.UntagDeliveryStream]: 1–50 keys.
type UntagDeliveryStreamInput struct {
	DeliveryStreamName string
	TagKeys            []string
}

// ListTagsForDeliveryStreamInput is the input of [Engine.ListTagsForDeliveryStream].
type ListTagsForDeliveryStreamInput struct {
	DeliveryStreamName string
	// ExclusiveStartTagKey lists the tags whose keys sort after it.
	ExclusiveStartTagKey string
	// Limit is the most tags to list, 1–50; 0 means 50.
	// [ExplicitZero] is a 0 given, below the minimum and refused.
	Limit int
}

// ListTagsForDeliveryStreamOutput is the output of [Engine.ListTagsForDeliveryStream].
type ListTagsForDeliveryStreamOutput struct {
	Tags        []Tag
	HasMoreTags bool
}

// StartDeliveryStreamEncryptionInput is the input of [Engine.StartDeliveryStreamEncryption].
type StartDeliveryStreamEncryptionInput struct {
	DeliveryStreamName                         string
	DeliveryStreamEncryptionConfigurationInput *DeliveryStreamEncryptionConfigurationInput
}

// StopDeliveryStreamEncryptionInput is the input of [Engine.StopDeliveryStreamEncryption].
type StopDeliveryStreamEncryptionInput struct {
	DeliveryStreamName string
}
