package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/firehose"
)

type describeDeliveryStreamInput struct {
	DeliveryStreamName          string `json:"DeliveryStreamName"`
	ExclusiveStartDestinationId string `json:"ExclusiveStartDestinationId"`
	Limit                       *int   `json:"Limit"`
}

type describeDeliveryStreamOutput struct {
	DeliveryStreamDescription deliveryStreamDescription `json:"DeliveryStreamDescription"`
}

type deliveryStreamDescription struct {
	DeliveryStreamARN                     string                                 `json:"DeliveryStreamARN"`
	DeliveryStreamName                    string                                 `json:"DeliveryStreamName"`
	DeliveryStreamStatus                  firehose.DeliveryStreamStatus          `json:"DeliveryStreamStatus"`
	DeliveryStreamType                    firehose.DeliveryStreamType            `json:"DeliveryStreamType"`
	DeliveryStreamEncryptionConfiguration *deliveryStreamEncryptionConfiguration `json:"DeliveryStreamEncryptionConfiguration,omitempty"`
	Source                                *sourceDescription                     `json:"Source,omitempty"`
	Destinations                          []destinationDescription               `json:"Destinations"`
	HasMoreDestinations                   bool                                   `json:"HasMoreDestinations"`
	VersionId                             string                                 `json:"VersionId"`
	CreateTimestamp                       wire.Timestamp                         `json:"CreateTimestamp,omitzero"`
	LastUpdateTimestamp                   wire.Timestamp                         `json:"LastUpdateTimestamp,omitzero"`
}

type deliveryStreamEncryptionConfiguration struct {
	KeyARN  string                    `json:"KeyARN,omitempty"`
	KeyType firehose.KeyType          `json:"KeyType,omitempty"`
	Status  firehose.EncryptionStatus `json:"Status"`
}

type destinationDescription struct {
	DestinationId                    string                            `json:"DestinationId"`
	ExtendedS3DestinationDescription *extendedS3DestinationDescription `json:"ExtendedS3DestinationDescription,omitempty"`
	S3DestinationDescription         *s3DestinationDescription         `json:"S3DestinationDescription,omitempty"`

	HttpEndpointDestinationDescription            *httpEndpointDestinationDescription `json:"HttpEndpointDestinationDescription,omitempty"`
	RedshiftDestinationDescription                *redshiftDestinationDescription     `json:"RedshiftDestinationDescription,omitempty"`
	AmazonopensearchserviceDestinationDescription *openSearchDestinationDescription   `json:"AmazonopensearchserviceDestinationDescription,omitempty"`
	SplunkDestinationDescription                  *splunkDestinationDescription       `json:"SplunkDestinationDescription,omitempty"`
	ElasticsearchDestinationDescription           *openSearchDestinationDescription   `json:"ElasticsearchDestinationDescription,omitempty"`
}

type s3DestinationDescription struct {
	BucketARN               string                     `json:"BucketARN"`
	RoleARN                 string                     `json:"RoleARN"`
	Prefix                  string                     `json:"Prefix,omitempty"`
	ErrorOutputPrefix       string                     `json:"ErrorOutputPrefix,omitempty"`
	BufferingHints          bufferingHints             `json:"BufferingHints"`
	CompressionFormat       firehose.CompressionFormat `json:"CompressionFormat"`
	EncryptionConfiguration *encryptionConfiguration   `json:"EncryptionConfiguration"`
}

type extendedS3DestinationDescription struct {
	s3DestinationDescription
	FileExtension  string                `json:"FileExtension,omitempty"`
	CustomTimeZone string                `json:"CustomTimeZone,omitempty"`
	S3BackupMode   firehose.S3BackupMode `json:"S3BackupMode"`

	ProcessingConfiguration           *processingConfiguration           `json:"ProcessingConfiguration,omitempty"`
	DataFormatConversionConfiguration *dataFormatConversionConfiguration `json:"DataFormatConversionConfiguration,omitempty"`
	DynamicPartitioningConfiguration  *dynamicPartitioningConfiguration  `json:"DynamicPartitioningConfiguration,omitempty"`
	S3BackupDescription               *s3DestinationDescription          `json:"S3BackupDescription,omitempty"`
}

func (a api) describeDeliveryStream(ctx context.Context, in *describeDeliveryStreamInput) (*describeDeliveryStreamOutput, error) {
	out, err := a.e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{
		DeliveryStreamName: in.DeliveryStreamName, ExclusiveStartDestinationId: in.ExclusiveStartDestinationId, Limit: sentLimit(in.Limit),
	})
	if err != nil {
		return nil, err
	}
	d := out.DeliveryStreamDescription
	desc := deliveryStreamDescription{
		DeliveryStreamARN:    d.DeliveryStreamARN,
		DeliveryStreamName:   d.DeliveryStreamName,
		DeliveryStreamStatus: d.DeliveryStreamStatus,
		DeliveryStreamType:   d.DeliveryStreamType,
		Destinations:         make([]destinationDescription, len(d.Destinations)),
		HasMoreDestinations:  d.HasMoreDestinations,
		VersionId:            d.VersionId,
		CreateTimestamp:      wire.At(d.CreateTimestamp),
		LastUpdateTimestamp:  wire.At(d.LastUpdateTimestamp),
		Source:               toSourceDescription(d.Source),
	}
	if e := d.DeliveryStreamEncryptionConfiguration; e != nil {
		desc.DeliveryStreamEncryptionConfiguration = &deliveryStreamEncryptionConfiguration{KeyARN: e.KeyARN, KeyType: e.KeyType, Status: e.Status}
	}
	for i, dd := range d.Destinations {
		desc.Destinations[i] = toDestinationDescription(dd)
	}
	return &describeDeliveryStreamOutput{DeliveryStreamDescription: desc}, nil
}

func toDestinationDescription(d firehose.DestinationDescription) destinationDescription {
	out := destinationDescription{DestinationId: d.DestinationId,
		HttpEndpointDestinationDescription:            toHTTPEndpointDescription(d.HttpEndpointDestinationDescription),
		RedshiftDestinationDescription:                toRedshiftDescription(d.RedshiftDestinationDescription),
		AmazonopensearchserviceDestinationDescription: toOpenSearchDescription(d.AmazonopensearchserviceDestinationDescription),
		SplunkDestinationDescription:                  toSplunkDescription(d.SplunkDestinationDescription),
		ElasticsearchDestinationDescription:           toOpenSearchDescription(d.ElasticsearchDestinationDescription),
	}
	out.S3DestinationDescription = toS3DestinationDescription(d.S3DestinationDescription)
	if x := d.ExtendedS3DestinationDescription; x != nil {
		out.ExtendedS3DestinationDescription = &extendedS3DestinationDescription{
			s3DestinationDescription: s3DestinationDescription{
				BucketARN: x.BucketARN, RoleARN: x.RoleARN, Prefix: x.Prefix, ErrorOutputPrefix: x.ErrorOutputPrefix,
				BufferingHints: toBufferingHints(x.BufferingHints), CompressionFormat: x.CompressionFormat,
				EncryptionConfiguration: noEncryption,
			},
			FileExtension:  x.FileExtension,
			CustomTimeZone: x.CustomTimeZone,
			S3BackupMode:   x.S3BackupMode,

			ProcessingConfiguration:           toProcessingConfiguration(x.ProcessingConfiguration),
			DataFormatConversionConfiguration: toDataFormatConversionConfiguration(x.DataFormatConversionConfiguration),
			DynamicPartitioningConfiguration:  toDynamicPartitioningConfiguration(x.DynamicPartitioningConfiguration),
			S3BackupDescription:               toS3DestinationDescription(x.S3BackupDescription),
		}
		if out.ExtendedS3DestinationDescription.S3BackupMode == "" {
			out.ExtendedS3DestinationDescription.S3BackupMode = firehose.S3BackupDisabled
		}
	}
	return out
}

func toS3DestinationDescription(s *firehose.S3DestinationDescription) *s3DestinationDescription {
	if s == nil {
		return nil
	}
	return &s3DestinationDescription{
		BucketARN: s.BucketARN, RoleARN: s.RoleARN, Prefix: s.Prefix, ErrorOutputPrefix: s.ErrorOutputPrefix,
		BufferingHints: toBufferingHints(s.BufferingHints), CompressionFormat: s.CompressionFormat,
		EncryptionConfiguration: noEncryption,
	}
}
