package firehoseapi

import (
	"github.com/kinesim/kinesim/firehose"
)

// The destinations other than S3 (HTTP endpoint, Redshift, OpenSearch Service, Splunk), as the model names them.
// A configuration and an update of one kind share a shape here: the update's S3Update (and Redshift's
// S3BackupUpdate) are the members only updates have, S3Configuration (and S3BackupConfiguration) those only
// configurations have. SecretsManagerConfiguration and VpcConfiguration are refused: kinesim holds no secrets and
// no VPC.

func (r *retryOptions) engine() *firehose.RetryOptions { return (*firehose.RetryOptions)(r) }

func toRetryOptions(r firehose.RetryOptions) *retryOptions {
	return &retryOptions{DurationInSeconds: r.DurationInSeconds}
}

func optHints(h firehose.BufferingHints) *bufferingHints {
	b := toBufferingHints(h)
	return &b
}

// s3Parts are the S3 members of a destination of another kind.
type s3Parts struct {
	S3Configuration             *s3DestinationConfiguration `json:"S3Configuration"`
	S3Update                    *s3DestinationConfiguration `json:"S3Update"`
	CloudWatchLoggingOptions    *cloudWatchLoggingOptions   `json:"CloudWatchLoggingOptions"`
	SecretsManagerConfiguration *member                     `json:"SecretsManagerConfiguration"`
}

func (p *s3Parts) check(path string) error {
	if p.SecretsManagerConfiguration != nil {
		return unsupported(path + ".SecretsManagerConfiguration")
	}
	if c := p.S3Configuration; c != nil {
		if err := c.check(path + ".S3Configuration"); err != nil {
			return err
		}
	}
	if c := p.S3Update; c != nil {
		if err := c.check(path + ".S3Update"); err != nil {
			return err
		}
	}
	return nil
}

func (p *s3Parts) s3Update() *firehose.ExtendedS3DestinationUpdate {
	if p.S3Update == nil {
		return nil
	}
	return p.S3Update.update()
}

// checkDestinations refuses the members kinesim does not implement in the HTTP endpoint, Redshift, OpenSearch and
// Splunk configurations (suffix "Configuration") or updates ("Update") given; nil ones are skipped.
func checkDestinations(suffix string, h *httpEndpointDestination, r *redshiftDestination, o *openSearchDestination, s *splunkDestination) error {
	switch {
	case h != nil:
		return h.check("HttpEndpointDestination" + suffix)
	case r != nil:
		return r.check("RedshiftDestination" + suffix)
	case o != nil:
		return o.check("AmazonopensearchserviceDestination" + suffix)
	case s != nil:
		return s.check("SplunkDestination" + suffix)
	}
	return nil
}

// HTTP endpoint.

type httpEndpointConfiguration struct {
	Url       string `json:"Url"`
	Name      string `json:"Name,omitempty"`
	AccessKey string `json:"AccessKey,omitempty"`
}

type httpEndpointCommonAttribute struct {
	AttributeName  string `json:"AttributeName"`
	AttributeValue string `json:"AttributeValue"`
}

type httpEndpointRequestConfiguration struct {
	ContentEncoding  string                        `json:"ContentEncoding,omitempty"`
	CommonAttributes []httpEndpointCommonAttribute `json:"CommonAttributes,omitempty"`
}

func (r *httpEndpointRequestConfiguration) engine() *firehose.HttpEndpointRequestConfiguration {
	if r == nil {
		return nil
	}
	out := &firehose.HttpEndpointRequestConfiguration{ContentEncoding: firehose.ContentEncoding(r.ContentEncoding)}
	for _, a := range r.CommonAttributes {
		out.CommonAttributes = append(out.CommonAttributes, firehose.HttpEndpointCommonAttribute(a))
	}
	return out
}

type httpEndpointDestination struct {
	EndpointConfiguration   *httpEndpointConfiguration        `json:"EndpointConfiguration"`
	RequestConfiguration    *httpEndpointRequestConfiguration `json:"RequestConfiguration"`
	BufferingHints          *bufferingHints                   `json:"BufferingHints"`
	RetryOptions            *retryOptions                     `json:"RetryOptions"`
	RoleARN                 string                            `json:"RoleARN"`
	ProcessingConfiguration *processingConfiguration          `json:"ProcessingConfiguration"`
	S3BackupMode            string                            `json:"S3BackupMode"`
	s3Parts
}

func (c *httpEndpointDestination) endpoint() *firehose.HttpEndpointConfiguration {
	if c.EndpointConfiguration == nil {
		return nil
	}
	ep := firehose.HttpEndpointConfiguration(*c.EndpointConfiguration)
	return &ep
}

func (c *httpEndpointDestination) engine() *firehose.HttpEndpointDestinationConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.HttpEndpointDestinationConfiguration{EndpointConfiguration: c.endpoint(),
		RequestConfiguration: c.RequestConfiguration.engine(), BufferingHints: c.BufferingHints.engine(),
		RetryOptions: c.RetryOptions.engine(), RoleARN: c.RoleARN, ProcessingConfiguration: c.ProcessingConfiguration.engine(),
		S3BackupMode: firehose.HttpEndpointS3BackupMode(c.S3BackupMode), S3Configuration: c.S3Configuration.engine()}
}

func (c *httpEndpointDestination) update() *firehose.HttpEndpointDestinationUpdate {
	if c == nil {
		return nil
	}
	return &firehose.HttpEndpointDestinationUpdate{EndpointConfiguration: c.endpoint(),
		RequestConfiguration: c.RequestConfiguration.engine(), BufferingHints: c.BufferingHints.engine(),
		RetryOptions: c.RetryOptions.engine(), RoleARN: c.RoleARN, ProcessingConfiguration: c.ProcessingConfiguration.engine(),
		S3BackupMode: firehose.HttpEndpointS3BackupMode(c.S3BackupMode), S3Update: c.s3Update()}
}

type httpEndpointDescription struct {
	Url  string `json:"Url"`
	Name string `json:"Name,omitempty"`
}

type httpEndpointDestinationDescription struct {
	EndpointConfiguration    httpEndpointDescription           `json:"EndpointConfiguration"`
	RequestConfiguration     *httpEndpointRequestConfiguration `json:"RequestConfiguration"`
	BufferingHints           *bufferingHints                   `json:"BufferingHints"`
	RetryOptions             *retryOptions                     `json:"RetryOptions"`
	RoleARN                  string                            `json:"RoleARN,omitempty"`
	ProcessingConfiguration  *processingConfiguration          `json:"ProcessingConfiguration,omitempty"`
	S3BackupMode             firehose.HttpEndpointS3BackupMode `json:"S3BackupMode"`
	S3DestinationDescription *s3DestinationDescription         `json:"S3DestinationDescription"`
}

func toHTTPEndpointDescription(d *firehose.HttpEndpointDestinationDescription) *httpEndpointDestinationDescription {
	if d == nil {
		return nil
	}
	rc := &httpEndpointRequestConfiguration{ContentEncoding: string(d.RequestConfiguration.ContentEncoding)}
	for _, a := range d.RequestConfiguration.CommonAttributes {
		rc.CommonAttributes = append(rc.CommonAttributes, httpEndpointCommonAttribute(a))
	}
	return &httpEndpointDestinationDescription{EndpointConfiguration: httpEndpointDescription(d.EndpointConfiguration),
		RequestConfiguration: rc, BufferingHints: optHints(d.BufferingHints), RetryOptions: toRetryOptions(d.RetryOptions),
		RoleARN: d.RoleARN, ProcessingConfiguration: toProcessingConfiguration(d.ProcessingConfiguration),
		S3BackupMode: d.S3BackupMode, S3DestinationDescription: toS3DestinationDescription(d.S3DestinationDescription)}
}

// Redshift.

type copyCommand struct {
	DataTableName    string `json:"DataTableName"`
	DataTableColumns string `json:"DataTableColumns,omitempty"`
	CopyOptions      string `json:"CopyOptions,omitempty"`
}

type redshiftDestination struct {
	ClusterJDBCURL          string                      `json:"ClusterJDBCURL"`
	CopyCommand             *copyCommand                `json:"CopyCommand"`
	Username                string                      `json:"Username"`
	Password                string                      `json:"Password"`
	RoleARN                 string                      `json:"RoleARN"`
	ProcessingConfiguration *processingConfiguration    `json:"ProcessingConfiguration"`
	RetryOptions            *retryOptions               `json:"RetryOptions"`
	S3BackupMode            string                      `json:"S3BackupMode"`
	S3BackupConfiguration   *s3DestinationConfiguration `json:"S3BackupConfiguration"`
	S3BackupUpdate          *s3DestinationConfiguration `json:"S3BackupUpdate"`
	s3Parts
}

func (c *redshiftDestination) check(path string) error {
	for _, b := range []struct {
		name string
		c    *s3DestinationConfiguration
	}{{".S3BackupConfiguration", c.S3BackupConfiguration}, {".S3BackupUpdate", c.S3BackupUpdate}} {
		if b.c != nil {
			if err := b.c.check(path + b.name); err != nil {
				return err
			}
		}
	}
	return c.s3Parts.check(path)
}

func (c *redshiftDestination) copy() *firehose.RedshiftCopyCommand {
	if c.CopyCommand == nil {
		return nil
	}
	cc := firehose.RedshiftCopyCommand(*c.CopyCommand)
	return &cc
}

func (c *redshiftDestination) engine() *firehose.RedshiftDestinationConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.RedshiftDestinationConfiguration{ClusterJDBCURL: c.ClusterJDBCURL, CopyCommand: c.copy(),
		Username: c.Username, Password: c.Password, RoleARN: c.RoleARN, S3Configuration: c.S3Configuration.engine(),
		ProcessingConfiguration: c.ProcessingConfiguration.engine(), RetryOptions: c.RetryOptions.engine(),
		S3BackupMode: firehose.S3BackupMode(c.S3BackupMode), S3BackupConfiguration: c.S3BackupConfiguration.engine()}
}

func (c *redshiftDestination) update() *firehose.RedshiftDestinationUpdate {
	if c == nil {
		return nil
	}
	return &firehose.RedshiftDestinationUpdate{ClusterJDBCURL: c.ClusterJDBCURL, CopyCommand: c.copy(),
		Username: c.Username, Password: c.Password, RoleARN: c.RoleARN, S3Update: c.s3Update(),
		ProcessingConfiguration: c.ProcessingConfiguration.engine(), RetryOptions: c.RetryOptions.engine(),
		S3BackupMode: firehose.S3BackupMode(c.S3BackupMode), S3BackupUpdate: c.S3BackupUpdate.engine()}
}

type redshiftDestinationDescription struct {
	ClusterJDBCURL           string                    `json:"ClusterJDBCURL"`
	CopyCommand              copyCommand               `json:"CopyCommand"`
	Username                 string                    `json:"Username,omitempty"`
	RoleARN                  string                    `json:"RoleARN"`
	ProcessingConfiguration  *processingConfiguration  `json:"ProcessingConfiguration,omitempty"`
	RetryOptions             *retryOptions             `json:"RetryOptions"`
	S3BackupMode             firehose.S3BackupMode     `json:"S3BackupMode"`
	S3DestinationDescription *s3DestinationDescription `json:"S3DestinationDescription"`
	S3BackupDescription      *s3DestinationDescription `json:"S3BackupDescription,omitempty"`
}

func toRedshiftDescription(d *firehose.RedshiftDestinationDescription) *redshiftDestinationDescription {
	if d == nil {
		return nil
	}
	return &redshiftDestinationDescription{ClusterJDBCURL: d.ClusterJDBCURL, CopyCommand: copyCommand(d.CopyCommand),
		Username: d.Username, RoleARN: d.RoleARN, ProcessingConfiguration: toProcessingConfiguration(d.ProcessingConfiguration),
		RetryOptions: toRetryOptions(d.RetryOptions), S3BackupMode: d.S3BackupMode,
		S3DestinationDescription: toS3DestinationDescription(d.S3DestinationDescription),
		S3BackupDescription:      toS3DestinationDescription(d.S3BackupDescription)}
}

// OpenSearch Service.

type documentIdOptions struct {
	DefaultDocumentIdFormat string `json:"DefaultDocumentIdFormat"`
}

type openSearchDestination struct {
	DomainARN               string                   `json:"DomainARN"`
	ClusterEndpoint         string                   `json:"ClusterEndpoint"`
	IndexName               string                   `json:"IndexName"`
	TypeName                string                   `json:"TypeName"`
	IndexRotationPeriod     string                   `json:"IndexRotationPeriod"`
	DocumentIdOptions       *documentIdOptions       `json:"DocumentIdOptions"`
	BufferingHints          *bufferingHints          `json:"BufferingHints"`
	RetryOptions            *retryOptions            `json:"RetryOptions"`
	RoleARN                 string                   `json:"RoleARN"`
	ProcessingConfiguration *processingConfiguration `json:"ProcessingConfiguration"`
	S3BackupMode            string                   `json:"S3BackupMode"`
	VpcConfiguration        *member                  `json:"VpcConfiguration"`
	s3Parts
}

func (c *openSearchDestination) check(path string) error {
	if c.VpcConfiguration != nil {
		return unsupported(path + ".VpcConfiguration")
	}
	return c.s3Parts.check(path)
}

func (c *openSearchDestination) ids() *firehose.DocumentIdOptions {
	if c.DocumentIdOptions == nil {
		return nil
	}
	return &firehose.DocumentIdOptions{DefaultDocumentIdFormat: firehose.DefaultDocumentIdFormat(c.DocumentIdOptions.DefaultDocumentIdFormat)}
}

func (c *openSearchDestination) engine() *firehose.AmazonopensearchserviceDestinationConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.AmazonopensearchserviceDestinationConfiguration{DomainARN: c.DomainARN, ClusterEndpoint: c.ClusterEndpoint,
		IndexName: c.IndexName, TypeName: c.TypeName, IndexRotationPeriod: firehose.IndexRotationPeriod(c.IndexRotationPeriod),
		DocumentIdOptions: c.ids(), BufferingHints: c.BufferingHints.engine(), RetryOptions: c.RetryOptions.engine(),
		RoleARN: c.RoleARN, ProcessingConfiguration: c.ProcessingConfiguration.engine(),
		S3BackupMode: firehose.OpenSearchS3BackupMode(c.S3BackupMode), S3Configuration: c.S3Configuration.engine()}
}

func (c *openSearchDestination) update() *firehose.AmazonopensearchserviceDestinationUpdate {
	if c == nil {
		return nil
	}
	return &firehose.AmazonopensearchserviceDestinationUpdate{DomainARN: c.DomainARN, ClusterEndpoint: c.ClusterEndpoint,
		IndexName: c.IndexName, TypeName: c.TypeName, IndexRotationPeriod: firehose.IndexRotationPeriod(c.IndexRotationPeriod),
		DocumentIdOptions: c.ids(), BufferingHints: c.BufferingHints.engine(), RetryOptions: c.RetryOptions.engine(),
		RoleARN: c.RoleARN, ProcessingConfiguration: c.ProcessingConfiguration.engine(), S3Update: c.s3Update()}
}

type openSearchDestinationDescription struct {
	DomainARN                string                          `json:"DomainARN,omitempty"`
	ClusterEndpoint          string                          `json:"ClusterEndpoint,omitempty"`
	IndexName                string                          `json:"IndexName"`
	TypeName                 string                          `json:"TypeName,omitempty"`
	IndexRotationPeriod      firehose.IndexRotationPeriod    `json:"IndexRotationPeriod"`
	DocumentIdOptions        documentIdOptions               `json:"DocumentIdOptions"`
	BufferingHints           *bufferingHints                 `json:"BufferingHints"`
	RetryOptions             *retryOptions                   `json:"RetryOptions"`
	RoleARN                  string                          `json:"RoleARN"`
	ProcessingConfiguration  *processingConfiguration        `json:"ProcessingConfiguration,omitempty"`
	S3BackupMode             firehose.OpenSearchS3BackupMode `json:"S3BackupMode"`
	S3DestinationDescription *s3DestinationDescription       `json:"S3DestinationDescription"`
}

func toOpenSearchDescription(d *firehose.AmazonopensearchserviceDestinationDescription) *openSearchDestinationDescription {
	if d == nil {
		return nil
	}
	return &openSearchDestinationDescription{DomainARN: d.DomainARN, ClusterEndpoint: d.ClusterEndpoint, IndexName: d.IndexName,
		TypeName: d.TypeName, IndexRotationPeriod: d.IndexRotationPeriod,
		DocumentIdOptions: documentIdOptions{DefaultDocumentIdFormat: string(d.DocumentIdOptions.DefaultDocumentIdFormat)},
		BufferingHints:    optHints(d.BufferingHints), RetryOptions: toRetryOptions(d.RetryOptions), RoleARN: d.RoleARN,
		ProcessingConfiguration: toProcessingConfiguration(d.ProcessingConfiguration), S3BackupMode: d.S3BackupMode,
		S3DestinationDescription: toS3DestinationDescription(d.S3DestinationDescription)}
}

// Splunk.

type splunkDestination struct {
	HECEndpoint                       string                   `json:"HECEndpoint"`
	HECEndpointType                   string                   `json:"HECEndpointType"`
	HECToken                          string                   `json:"HECToken"`
	HECAcknowledgmentTimeoutInSeconds *int                     `json:"HECAcknowledgmentTimeoutInSeconds"`
	BufferingHints                    *bufferingHints          `json:"BufferingHints"`
	RetryOptions                      *retryOptions            `json:"RetryOptions"`
	ProcessingConfiguration           *processingConfiguration `json:"ProcessingConfiguration"`
	S3BackupMode                      string                   `json:"S3BackupMode"`
	s3Parts
}

func (c *splunkDestination) engine() *firehose.SplunkDestinationConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.SplunkDestinationConfiguration{HECEndpoint: c.HECEndpoint, HECEndpointType: firehose.HECEndpointType(c.HECEndpointType),
		HECToken: c.HECToken, HECAcknowledgmentTimeoutInSeconds: c.HECAcknowledgmentTimeoutInSeconds,
		BufferingHints: c.BufferingHints.engine(), RetryOptions: c.RetryOptions.engine(),
		ProcessingConfiguration: c.ProcessingConfiguration.engine(), S3BackupMode: firehose.SplunkS3BackupMode(c.S3BackupMode),
		S3Configuration: c.S3Configuration.engine()}
}

func (c *splunkDestination) update() *firehose.SplunkDestinationUpdate {
	if c == nil {
		return nil
	}
	return &firehose.SplunkDestinationUpdate{HECEndpoint: c.HECEndpoint, HECEndpointType: firehose.HECEndpointType(c.HECEndpointType),
		HECToken: c.HECToken, HECAcknowledgmentTimeoutInSeconds: c.HECAcknowledgmentTimeoutInSeconds,
		BufferingHints: c.BufferingHints.engine(), RetryOptions: c.RetryOptions.engine(),
		ProcessingConfiguration: c.ProcessingConfiguration.engine(), S3BackupMode: firehose.SplunkS3BackupMode(c.S3BackupMode),
		S3Update: c.s3Update()}
}

type splunkDestinationDescription struct {
	HECEndpoint                       string                      `json:"HECEndpoint"`
	HECEndpointType                   firehose.HECEndpointType    `json:"HECEndpointType"`
	HECToken                          string                      `json:"HECToken"`
	HECAcknowledgmentTimeoutInSeconds int                         `json:"HECAcknowledgmentTimeoutInSeconds"`
	BufferingHints                    *bufferingHints             `json:"BufferingHints"`
	RetryOptions                      *retryOptions               `json:"RetryOptions"`
	ProcessingConfiguration           *processingConfiguration    `json:"ProcessingConfiguration,omitempty"`
	S3BackupMode                      firehose.SplunkS3BackupMode `json:"S3BackupMode"`
	S3DestinationDescription          *s3DestinationDescription   `json:"S3DestinationDescription"`
}

func toSplunkDescription(d *firehose.SplunkDestinationDescription) *splunkDestinationDescription {
	if d == nil {
		return nil
	}
	return &splunkDestinationDescription{HECEndpoint: d.HECEndpoint, HECEndpointType: d.HECEndpointType, HECToken: d.HECToken,
		HECAcknowledgmentTimeoutInSeconds: d.HECAcknowledgmentTimeoutInSeconds, BufferingHints: optHints(d.BufferingHints),
		RetryOptions: toRetryOptions(d.RetryOptions), ProcessingConfiguration: toProcessingConfiguration(d.ProcessingConfiguration),
		S3BackupMode: d.S3BackupMode, S3DestinationDescription: toS3DestinationDescription(d.S3DestinationDescription)}
}
