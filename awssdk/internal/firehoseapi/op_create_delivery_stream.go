package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type createDeliveryStreamInput struct {
	DeliveryStreamName                         string                                      `json:"DeliveryStreamName"`
	DeliveryStreamType                         string                                      `json:"DeliveryStreamType"`
	ExtendedS3DestinationConfiguration         *extendedS3DestinationConfiguration         `json:"ExtendedS3DestinationConfiguration"`
	S3DestinationConfiguration                 *s3DestinationConfiguration                 `json:"S3DestinationConfiguration"`
	DeliveryStreamEncryptionConfigurationInput *deliveryStreamEncryptionConfigurationInput `json:"DeliveryStreamEncryptionConfigurationInput"`
	Tags                                       []tag                                       `json:"Tags"`
	// DirectPutSourceConfiguration (the throughput hint) is accepted and not recorded.
	DirectPutSourceConfiguration     *member                           `json:"DirectPutSourceConfiguration"`
	KinesisStreamSourceConfiguration *kinesisStreamSourceConfiguration `json:"KinesisStreamSourceConfiguration"`

	HttpEndpointDestinationConfiguration            *httpEndpointDestination `json:"HttpEndpointDestinationConfiguration"`
	RedshiftDestinationConfiguration                *redshiftDestination     `json:"RedshiftDestinationConfiguration"`
	AmazonopensearchserviceDestinationConfiguration *openSearchDestination   `json:"AmazonopensearchserviceDestinationConfiguration"`
	SplunkDestinationConfiguration                  *splunkDestination       `json:"SplunkDestinationConfiguration"`
	ElasticsearchDestinationConfiguration           *openSearchDestination   `json:"ElasticsearchDestinationConfiguration"`
	otherSources
	otherDestinationConfigurations
}

type createDeliveryStreamOutput struct {
	DeliveryStreamARN string `json:"DeliveryStreamARN"`
}

func (a api) createDeliveryStream(ctx context.Context, in *createDeliveryStreamInput) (*createDeliveryStreamOutput, error) {
	if err := in.otherSources.check(); err != nil {
		return nil, err
	}
	if err := in.otherDestinationConfigurations.check(); err != nil {
		return nil, err
	}
	if c := in.ExtendedS3DestinationConfiguration; c != nil {
		if err := c.check("ExtendedS3DestinationConfiguration"); err != nil {
			return nil, err
		}
	}
	if c := in.S3DestinationConfiguration; c != nil {
		if err := c.check("S3DestinationConfiguration"); err != nil {
			return nil, err
		}
	}
	if err := checkDestinations("Configuration", in.HttpEndpointDestinationConfiguration, in.RedshiftDestinationConfiguration,
		in.AmazonopensearchserviceDestinationConfiguration, in.SplunkDestinationConfiguration); err != nil {
		return nil, err
	}
	if c := in.ElasticsearchDestinationConfiguration; c != nil {
		if err := c.check("ElasticsearchDestinationConfiguration"); err != nil {
			return nil, err
		}
	}
	out, err := a.e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName:                         in.DeliveryStreamName,
		DeliveryStreamType:                         firehose.DeliveryStreamType(in.DeliveryStreamType),
		ExtendedS3DestinationConfiguration:         in.ExtendedS3DestinationConfiguration.engine(),
		S3DestinationConfiguration:                 in.S3DestinationConfiguration.engine(),
		KinesisStreamSourceConfiguration:           in.KinesisStreamSourceConfiguration.engine(),
		DeliveryStreamEncryptionConfigurationInput: in.DeliveryStreamEncryptionConfigurationInput.engine(),
		Tags: toEngineTags(in.Tags),

		HttpEndpointDestinationConfiguration:            in.HttpEndpointDestinationConfiguration.engine(),
		RedshiftDestinationConfiguration:                in.RedshiftDestinationConfiguration.engine(),
		AmazonopensearchserviceDestinationConfiguration: in.AmazonopensearchserviceDestinationConfiguration.engine(),
		SplunkDestinationConfiguration:                  in.SplunkDestinationConfiguration.engine(),
		ElasticsearchDestinationConfiguration:           in.ElasticsearchDestinationConfiguration.engine(),
	})
	if err != nil {
		return nil, err
	}
	return &createDeliveryStreamOutput{DeliveryStreamARN: out.DeliveryStreamARN}, nil
}
