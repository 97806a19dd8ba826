package firehoseapi

import (
	"github.com/kinesim/kinesim/firehose"
)

// Shapes shared by several operations, named as the model names them.

type bufferingHints struct {
	SizeInMBs         *int `json:"SizeInMBs,omitempty"`
	IntervalInSeconds *int `json:"IntervalInSeconds,omitempty"`
}

func (h *bufferingHints) engine() *firehose.BufferingHints {
	if h == nil {
		return nil
	}
	return &firehose.BufferingHints{SizeInMBs: h.SizeInMBs, IntervalInSeconds: h.IntervalInSeconds}
}

func toBufferingHints(h firehose.BufferingHints) bufferingHints {
	return bufferingHints{SizeInMBs: h.SizeInMBs, IntervalInSeconds: h.IntervalInSeconds}
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func toEngineTags(in []tag) []firehose.Tag {
	if in == nil {
		return nil
	}
	out := make([]firehose.Tag, len(in))
	for i, t := range in {
		out[i] = firehose.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

type deliveryStreamEncryptionConfigurationInput struct {
	KeyARN  string `json:"KeyARN"`
	KeyType string `json:"KeyType"`
}

func (c *deliveryStreamEncryptionConfigurationInput) engine() *firehose.DeliveryStreamEncryptionConfigurationInput {
	if c == nil {
		return nil
	}
	return &firehose.DeliveryStreamEncryptionConfigurationInput{KeyARN: c.KeyARN, KeyType: firehose.KeyType(c.KeyType)}
}

// encryptionConfiguration is an S3 destination's object encryption. The engine writes objects unencrypted, as an
// S3 bucket without SSE-KMS holds them: NoEncryptionConfig is all it takes, and all it describes.
type encryptionConfiguration struct {
	NoEncryptionConfig  string  `json:"NoEncryptionConfig,omitempty"`
	KMSEncryptionConfig *member `json:"KMSEncryptionConfig,omitempty"`
}

// noEncryption is the EncryptionConfiguration every S3 destination is described with.
var noEncryption = &encryptionConfiguration{NoEncryptionConfig: "NoEncryption"}

// cloudWatchLoggingOptions are accepted and not recorded: kinesim has no CloudWatch Logs, and logging changes
// nothing delivered.
type cloudWatchLoggingOptions struct {
	Enabled       *bool  `json:"Enabled"`
	LogGroupName  string `json:"LogGroupName"`
	LogStreamName string `json:"LogStreamName"`
}

// s3Destination is what the S3 configurations, descriptions and updates have in common.
type s3Destination struct {
	BucketARN                string                    `json:"BucketARN"`
	RoleARN                  string                    `json:"RoleARN"`
	Prefix                   *string                   `json:"Prefix"`
	ErrorOutputPrefix        *string                   `json:"ErrorOutputPrefix"`
	BufferingHints           *bufferingHints           `json:"BufferingHints"`
	CompressionFormat        string                    `json:"CompressionFormat"`
	EncryptionConfiguration  *encryptionConfiguration  `json:"EncryptionConfiguration"`
	CloudWatchLoggingOptions *cloudWatchLoggingOptions `json:"CloudWatchLoggingOptions"`
}

// extendedS3 is the members the extended S3 shapes add.
type extendedS3 struct {
	FileExtension                     *string                            `json:"FileExtension"`
	CustomTimeZone                    *string                            `json:"CustomTimeZone"`
	ProcessingConfiguration           *processingConfiguration           `json:"ProcessingConfiguration"`
	DataFormatConversionConfiguration *dataFormatConversionConfiguration `json:"DataFormatConversionConfiguration"`
	DynamicPartitioningConfiguration  *dynamicPartitioningConfiguration  `json:"DynamicPartitioningConfiguration"`
	S3BackupMode                      string                             `json:"S3BackupMode"`
	S3BackupConfiguration             *s3DestinationConfiguration        `json:"S3BackupConfiguration"`
	S3BackupUpdate                    *s3DestinationConfiguration        `json:"S3BackupUpdate"`
}

// s3DestinationConfiguration is the deprecated S3DestinationConfiguration (and, with the same members,
// S3DestinationUpdate).
type s3DestinationConfiguration struct {
	s3Destination
}

// extendedS3DestinationConfiguration is ExtendedS3DestinationConfiguration (and, with the same members,
// ExtendedS3DestinationUpdate, whose S3BackupConfiguration is S3BackupUpdate).
type extendedS3DestinationConfiguration struct {
	s3Destination
	extendedS3
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (c *extendedS3DestinationConfiguration) engine() *firehose.ExtendedS3DestinationConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.ExtendedS3DestinationConfiguration{
		BucketARN:         c.BucketARN,
		RoleARN:           c.RoleARN,
		Prefix:            deref(c.Prefix),
		ErrorOutputPrefix: deref(c.ErrorOutputPrefix),
		BufferingHints:    c.BufferingHints.engine(),
		CompressionFormat: firehose.CompressionFormat(c.CompressionFormat),
		FileExtension:     deref(c.FileExtension),
		CustomTimeZone:    deref(c.CustomTimeZone),

		ProcessingConfiguration:           c.ProcessingConfiguration.engine(),
		DataFormatConversionConfiguration: c.DataFormatConversionConfiguration.engine(),
		DynamicPartitioningConfiguration:  c.DynamicPartitioningConfiguration.engine(),
		S3BackupMode:                      firehose.S3BackupMode(c.S3BackupMode),
		S3BackupConfiguration:             c.S3BackupConfiguration.engine(),
	}
}

func (c *s3DestinationConfiguration) engine() *firehose.S3DestinationConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.S3DestinationConfiguration{
		BucketARN:         c.BucketARN,
		RoleARN:           c.RoleARN,
		Prefix:            deref(c.Prefix),
		ErrorOutputPrefix: deref(c.ErrorOutputPrefix),
		BufferingHints:    c.BufferingHints.engine(),
		CompressionFormat: firehose.CompressionFormat(c.CompressionFormat),
	}
}

// update returns the engine's update of an S3 destination: members absent keep their values.
func (c *s3Destination) update() *firehose.ExtendedS3DestinationUpdate {
	return &firehose.ExtendedS3DestinationUpdate{
		BucketARN:         c.BucketARN,
		RoleARN:           c.RoleARN,
		Prefix:            c.Prefix,
		ErrorOutputPrefix: c.ErrorOutputPrefix,
		BufferingHints:    c.BufferingHints.engine(),
		CompressionFormat: firehose.CompressionFormat(c.CompressionFormat),
	}
}
