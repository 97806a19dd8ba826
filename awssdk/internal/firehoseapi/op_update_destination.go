package firehoseapi

import (
	"context"

	"github.com/kinesim/kinesim/firehose"
)

type updateDestinationInput struct {
	DeliveryStreamName             string                              `json:"DeliveryStreamName"`
	CurrentDeliveryStreamVersionId string                              `json:"CurrentDeliveryStreamVersionId"`
	DestinationId                  string                              `json:"DestinationId"`
	ExtendedS3DestinationUpdate    *extendedS3DestinationConfiguration `json:"ExtendedS3DestinationUpdate"`
	S3DestinationUpdate            *s3DestinationConfiguration         `json:"S3DestinationUpdate"`
	otherDestinationUpdates

	HttpEndpointDestinationUpdate            *httpEndpointDestination `json:"HttpEndpointDestinationUpdate"`
	RedshiftDestinationUpdate                *redshiftDestination     `json:"RedshiftDestinationUpdate"`
	AmazonopensearchserviceDestinationUpdate *openSearchDestination   `json:"AmazonopensearchserviceDestinationUpdate"`
	SplunkDestinationUpdate                  *splunkDestination       `json:"SplunkDestinationUpdate"`
	ElasticsearchDestinationUpdate           *openSearchDestination   `json:"ElasticsearchDestinationUpdate"`
}

func (a api) updateDestination(ctx context.Context, in *updateDestinationInput) (*struct{}, error) {
	if err := in.otherDestinationUpdates.check(); err != nil {
		return nil, err
	}
	u := firehose.UpdateDestinationInput{
		DeliveryStreamName:             in.DeliveryStreamName,
		CurrentDeliveryStreamVersionId: in.CurrentDeliveryStreamVersionId,
		DestinationId:                  in.DestinationId,
	}
	if x := in.ExtendedS3DestinationUpdate; x != nil {
		if err := x.check("ExtendedS3DestinationUpdate"); err != nil {
			return nil, err
		}
		u.ExtendedS3DestinationUpdate = x.update()
		u.ExtendedS3DestinationUpdate.FileExtension = x.FileExtension
		u.ExtendedS3DestinationUpdate.CustomTimeZone = x.CustomTimeZone
		u.ExtendedS3DestinationUpdate.ProcessingConfiguration = x.ProcessingConfiguration.engine()
		u.ExtendedS3DestinationUpdate.DataFormatConversionConfiguration = x.DataFormatConversionConfiguration.engine()
		u.ExtendedS3DestinationUpdate.DynamicPartitioningConfiguration = x.DynamicPartitioningConfiguration.engine()
		u.ExtendedS3DestinationUpdate.S3BackupMode = firehose.S3BackupMode(x.S3BackupMode)
		u.ExtendedS3DestinationUpdate.S3BackupUpdate = x.S3BackupUpdate.engine()
	}
	if s := in.S3DestinationUpdate; s != nil {
		if err := s.check("S3DestinationUpdate"); err != nil {
			return nil, err
		}
		u.S3DestinationUpdate = s.update()
	}
	if err := checkDestinations("Update", in.HttpEndpointDestinationUpdate, in.RedshiftDestinationUpdate,
		in.AmazonopensearchserviceDestinationUpdate, in.SplunkDestinationUpdate); err != nil {
		return nil, err
	}
	u.HttpEndpointDestinationUpdate = in.HttpEndpointDestinationUpdate.update()
	u.RedshiftDestinationUpdate = in.RedshiftDestinationUpdate.update()
	u.AmazonopensearchserviceDestinationUpdate = in.AmazonopensearchserviceDestinationUpdate.update()
	u.SplunkDestinationUpdate = in.SplunkDestinationUpdate.update()
	if x := in.ElasticsearchDestinationUpdate; x != nil {
		if err := x.check("ElasticsearchDestinationUpdate"); err != nil {
			return nil, err
		}
		u.ElasticsearchDestinationUpdate = x.update()
	}
	return nil, a.e.UpdateDestination(ctx, u)
}
