package firehoseapi

import (
	"github.com/kinesim/kinesim/apierr"
)

// member is a member of the model that the engine does not implement: it is decoded only to know whether it was
// sent (a JSON null is not sent), and its content is skipped.
type member struct{}

func (*member) UnmarshalJSON([]byte) error { return nil }

// unsupported is the error of a member the engine does not implement.
func unsupported(path string) error {
	return apierr.InvalidArgument.New("%s is not supported by kinesim yet.", path)
}

// otherDestinations are the destinations of the model the engine does not have yet (OpenSearch Serverless,
// Iceberg, Snowflake); in a CreateDeliveryStream input they end in Configuration, in an UpdateDestination input
// in Update.
type otherDestinations struct {
	AmazonOpenSearchServerless *member `json:"AmazonOpenSearchServerlessDestination"`
	Iceberg                    *member `json:"IcebergDestination"`
	Snowflake                  *member `json:"SnowflakeDestination"`
}

type otherDestinationConfigurations struct {
	AmazonOpenSearchServerless *member `json:"AmazonOpenSearchServerlessDestinationConfiguration"`
	Iceberg                    *member `json:"IcebergDestinationConfiguration"`
	Snowflake                  *member `json:"SnowflakeDestinationConfiguration"`
}

type otherDestinationUpdates struct {
	AmazonOpenSearchServerless *member `json:"AmazonOpenSearchServerlessDestinationUpdate"`
	Iceberg                    *member `json:"IcebergDestinationUpdate"`
	Snowflake                  *member `json:"SnowflakeDestinationUpdate"`
}

// check refuses the first destination given, named with suffix (Configuration or Update).
func (d otherDestinations) check(suffix string) error {
	for _, m := range []struct {
		name string
		m    *member
	}{
		{"AmazonOpenSearchServerlessDestination", d.AmazonOpenSearchServerless},
		{"IcebergDestination", d.Iceberg},
		{"SnowflakeDestination", d.Snowflake},
	} {
		if m.m != nil {
			return unsupported(m.name + suffix)
		}
	}
	return nil
}

func (d otherDestinationConfigurations) check() error {
	return otherDestinations(d).check("Configuration")
}
func (d otherDestinationUpdates) check() error { return otherDestinations(d).check("Update") }

// otherSources are the sources of the model other than Direct PUT and a Kinesis data stream.
type otherSources struct {
	MSKSourceConfiguration      *member `json:"MSKSourceConfiguration"`
	DatabaseSourceConfiguration *member `json:"DatabaseSourceConfiguration"`
}

func (s otherSources) check() error {
	switch {
	case s.MSKSourceConfiguration != nil:
		return unsupported("MSKSourceConfiguration")
	case s.DatabaseSourceConfiguration != nil:
		return unsupported("DatabaseSourceConfiguration")
	}
	return nil
}

// check refuses the members of an S3 destination (at path) that would change what is delivered: KMS encryption
// of the objects.
func (c *s3Destination) check(path string) error {
	if e := c.EncryptionConfiguration; e != nil && e.KMSEncryptionConfig != nil {
		return unsupported(path + ".EncryptionConfiguration.KMSEncryptionConfig")
	}
	return nil
}

// check refuses the members of an extended S3 destination (at path) that would change what is delivered: KMS
// encryption of its objects or of its backup's.
func (c *extendedS3DestinationConfiguration) check(path string) error {
	if err := c.s3Destination.check(path); err != nil {
		return err
	}
	if b := c.S3BackupConfiguration; b != nil {
		if err := b.check(path + ".S3BackupConfiguration"); err != nil {
			return err
		}
	}
	if b := c.S3BackupUpdate; b != nil {
		if err := b.check(path + ".S3BackupUpdate"); err != nil {
			return err
		}
	}
	return nil
}
