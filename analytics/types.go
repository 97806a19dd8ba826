package analytics

import (
	"time"

	"github.com/kinesim/kinesim/analytics/query"
)

// ApplicationStatus is an application's state (API Reference, ApplicationDetail.ApplicationStatus).
type ApplicationStatus string

// The states an application goes through: READY (created or stopped), STARTING, RUNNING, STOPPING, DELETING.
const (
	StatusReady    ApplicationStatus = "READY"
	StatusStarting ApplicationStatus = "STARTING"
	StatusRunning  ApplicationStatus = "RUNNING"
	StatusStopping ApplicationStatus = "STOPPING"
	StatusDeleting ApplicationStatus = "DELETING"
)

// InputStartingPosition is where an input starts reading its source (API Reference,
// InputStartingPositionConfiguration).
type InputStartingPosition string

// The starting positions: NOW (the records that arrive from now on), TRIM_HORIZON (the oldest record the source
// holds), LAST_STOPPED_POINT (where the application last stopped reading).
const (
	StartNow              InputStartingPosition = "NOW"
	StartTrimHorizon      InputStartingPosition = "TRIM_HORIZON"
	StartLastStoppedPoint InputStartingPosition = "LAST_STOPPED_POINT"
)

// RecordFormatType is the format of source records and of output rows: JSON or CSV.
type RecordFormatType string

// The record formats.
const (
	FormatJSON RecordFormatType = "JSON"
	FormatCSV  RecordFormatType = "CSV"
)

// RecordColumn maps one element of a source record to a column of the in-application stream (API Reference,
// RecordColumn): Mapping is a JSONPath for JSON records ("$.ticker_symbol"; ignored for CSV, whose columns are
// positional), SqlType the column's SQL type ("VARCHAR(4)", "DOUBLE", …).
type RecordColumn struct {
	Name    string
	Mapping string
	SqlType string
}

// JSONMappingParameters are JSON's mapping parameters: RecordRowPath is the JSONPath of the row (or array of rows)
// in a record, "$" for the record itself.
type JSONMappingParameters struct{ RecordRowPath string }

// CSVMappingParameters are CSV's mapping parameters: the delimiters of rows and of columns, "\n" and "," by
// default.
type CSVMappingParameters struct{ RecordRowDelimiter, RecordColumnDelimiter string }

// MappingParameters holds the mapping parameters of the record format.
type MappingParameters struct {
	JSONMappingParameters *JSONMappingParameters
	CSVMappingParameters  *CSVMappingParameters
}

// RecordFormat is the format of source records (API Reference, RecordFormat).
type RecordFormat struct {
	RecordFormatType  RecordFormatType
	MappingParameters *MappingParameters
}

// SourceSchema is how records map to the rows of an in-application stream (API Reference, SourceSchema).
type SourceSchema struct {
	RecordFormat   RecordFormat
	RecordEncoding string // "UTF-8", the only one
	RecordColumns  []RecordColumn
}

// KinesisStreamsInput names a Kinesis data stream source by ARN.
type KinesisStreamsInput struct{ ResourceARN string }

// KinesisFirehoseInput names a Firehose delivery stream source by ARN.
type KinesisFirehoseInput struct{ ResourceARN string }

// InputLambdaProcessor names the function that preprocesses an input's records and the role to invoke it with
// (API Reference, InputLambdaProcessor: both required). kinesim records the role and checks no permission.
type InputLambdaProcessor struct{ ResourceARN, RoleARN string }

// InputProcessingConfiguration preprocesses an input's records before its schema maps them (API Reference,
// InputProcessingConfiguration; developer guide, lambda-preprocessing): the only processor is a Lambda function,
// invoked through the engine's FunctionInvoker with a PreprocessingRequest.
type InputProcessingConfiguration struct{ InputLambdaProcessor *InputLambdaProcessor }

// clone returns a copy sharing nothing with c (nil for nil).
func (c *InputProcessingConfiguration) clone() *InputProcessingConfiguration {
	if c == nil {
		return nil
	}
	out := &InputProcessingConfiguration{}
	if c.InputLambdaProcessor != nil {
		p := *c.InputLambdaProcessor
		out.InputLambdaProcessor = &p
	}
	return out
}

// Input is an application's streaming source (API Reference, Input): one of a data stream or a delivery stream,
// mapped by InputSchema into the in-application stream NamePrefix_001, its records preprocessed first by
// InputProcessingConfiguration's function when there is one.
type Input struct {
	NamePrefix                   string
	KinesisStreamsInput          *KinesisStreamsInput
	KinesisFirehoseInput         *KinesisFirehoseInput
	InputProcessingConfiguration *InputProcessingConfiguration
	InputSchema                  SourceSchema
}

// DestinationSchema is the format of output records: JSON or CSV.
type DestinationSchema struct{ RecordFormatType RecordFormatType }

// KinesisStreamsOutput names a data stream destination by ARN.
type KinesisStreamsOutput struct{ ResourceARN string }

// KinesisFirehoseOutput names a delivery stream destination by ARN.
type KinesisFirehoseOutput struct{ ResourceARN string }

// LambdaOutput names a function destination by ARN (the Lambda output contract, developer guide,
// how-it-works-output-lambda).
type LambdaOutput struct{ ResourceARN string }

// Output writes the rows of the in-application stream Name (or "error_stream") to one destination (API
// Reference, Output).
type Output struct {
	Name                  string
	KinesisStreamsOutput  *KinesisStreamsOutput
	KinesisFirehoseOutput *KinesisFirehoseOutput
	LambdaOutput          *LambdaOutput
	DestinationSchema     DestinationSchema
}

// S3ReferenceDataSource is the object a reference table is loaded from.
type S3ReferenceDataSource struct{ BucketARN, FileKey string }

// ReferenceDataSource is a reference table, loaded from an object when the application starts (API Reference,
// ReferenceDataSource).
type ReferenceDataSource struct {
	TableName             string
	S3ReferenceDataSource S3ReferenceDataSource
	ReferenceSchema       SourceSchema
}

// ReferenceDataSourceDescription is a reference data source with the id the application gave it ("1.1" for the
// first), which DeleteApplicationReferenceDataSource names.
type ReferenceDataSourceDescription struct {
	ReferenceId string
	ReferenceDataSource
}

// CloudWatchLoggingOption names a CloudWatch Logs log stream and the role to write to it (API Reference,
// CloudWatchLoggingOption). kinesim records it and writes no logs.
type CloudWatchLoggingOption struct{ LogStreamARN, RoleARN string }

// CloudWatchLoggingOptionDescription is a logging option with the id the application gave it ("1.1" for the
// first), which DeleteApplicationCloudWatchLoggingOption and UpdateApplication name.
type CloudWatchLoggingOptionDescription struct {
	CloudWatchLoggingOptionId string
	CloudWatchLoggingOption
}

// CloudWatchLoggingOptionUpdate changes the logging option CloudWatchLoggingOptionId: a non-empty
// LogStreamARNUpdate or RoleARNUpdate replaces that member (API Reference, CloudWatchLoggingOptionUpdate).
type CloudWatchLoggingOptionUpdate struct {
	CloudWatchLoggingOptionId         string
	LogStreamARNUpdate, RoleARNUpdate string
}

// Stream is an in-application stream of the code: CREATE OR REPLACE STREAM "Name" (columns).
type Stream struct {
	Name    string
	Columns query.Schema
}

// Pump is a continuous INSERT INTO "Into" SELECT STREAM … FROM "From" (CREATE OR REPLACE PUMP "Name" AS …): the
// rows of From run through Steps, and what comes out is cast to Into's columns. A pump whose first step is a
// query.StreamJoin also reads the stream it joins.
type Pump struct {
	Name  string
	From  string
	Into  string
	Steps []query.Step
}

// Code is an application's code as Go values: its in-application streams and pumps. (KDA takes SQL text; a SQL
// front end compiles onto this.)
type Code struct {
	Streams []Stream
	Pumps   []Pump
}

// CreateApplicationInput is the input of Engine.CreateApplication.
type CreateApplicationInput struct {
	ApplicationName        string
	ApplicationDescription string
	// ApplicationCode is KDA's SQL text, compiled by package plan (errors: *CodeError); Code gives the same as Go
	// values. At most one of them.
	ApplicationCode      string
	Code                 *Code
	Inputs               []Input
	Outputs              []Output
	ReferenceDataSources []ReferenceDataSource
	// CloudWatchLoggingOptions are recorded (DescribeApplication shows them with their ids); kinesim writes no
	// logs.
	CloudWatchLoggingOptions []CloudWatchLoggingOption
	// Tags are the application's first tags (TagResource's rules; nil or empty for none).
	Tags []Tag
}

// ApplicationSummary is an application's name, ARN and status.
type ApplicationSummary struct {
	ApplicationName   string
	ApplicationARN    string
	ApplicationStatus ApplicationStatus
}

// CreateApplicationOutput is the output of Engine.CreateApplication.
type CreateApplicationOutput struct{ ApplicationSummary ApplicationSummary }

// InputStartingPositionConfiguration holds an input's starting position.
type InputStartingPositionConfiguration struct{ InputStartingPosition InputStartingPosition }

// InputConfiguration starts the input Id ("1.1" for the first) at a position.
type InputConfiguration struct {
	Id                                 string
	InputStartingPositionConfiguration InputStartingPositionConfiguration
}

// StartApplicationInput is the input of Engine.StartApplication.
type StartApplicationInput struct {
	ApplicationName     string
	InputConfigurations []InputConfiguration
}

// ApplicationRef names an application.
type ApplicationRef struct{ ApplicationName string }

// InputDescription describes an input: its id, the in-application streams it fills, its source and schema.
type InputDescription struct {
	InputId              string
	NamePrefix           string
	InAppStreamNames     []string
	KinesisStreamsInput  *KinesisStreamsInput
	KinesisFirehoseInput *KinesisFirehoseInput
	// InputProcessingConfiguration is the input's preprocessing function, nil for none
	// (InputProcessingConfigurationDescription in the API).
	InputProcessingConfiguration *InputProcessingConfiguration
	InputSchema                  SourceSchema
	InputStartingPosition        InputStartingPosition
	RecordsRead, RowsFailed      int64
	LastStoppedArrivalTimestamp  time.Time
}

// OutputDescription describes an output and what it delivered.
type OutputDescription struct {
	OutputId                   string
	Output                     Output
	RecordsDelivered, Failures int64
}

// ApplicationDetail is what DescribeApplication returns (API Reference, ApplicationDetail).
type ApplicationDetail struct {
	ApplicationName        string
	ApplicationARN         string
	ApplicationDescription string
	ApplicationStatus      ApplicationStatus
	CreateTimestamp        time.Time
	LastUpdateTimestamp    time.Time
	ApplicationVersionId   int64
	// ApplicationCode is the application's SQL text as CreateApplication or UpdateApplication last gave it; empty
	// for an application whose code was given as Go values (CreateApplicationInput.Code).
	ApplicationCode      string
	InputDescriptions    []InputDescription
	OutputDescriptions   []OutputDescription
	ReferenceDataSources []ReferenceDataSource
	// ReferenceDataSourceDescriptions are ReferenceDataSources with their ids.
	ReferenceDataSourceDescriptions     []ReferenceDataSourceDescription
	CloudWatchLoggingOptionDescriptions []CloudWatchLoggingOptionDescription
	ErrorRows                           int64
}

// DiscoverInputSchemaInput is the input of Engine.DiscoverInputSchema: a streaming source to sample
// (ResourceARN with a starting position), or, a kinesim extension, the sample records themselves.
type DiscoverInputSchemaInput struct {
	ResourceARN                        string
	InputStartingPositionConfiguration InputStartingPositionConfiguration
	Records                            [][]byte
}

// DiscoverInputSchemaOutput is the schema inferred from the sample, with the records parsed by it.
type DiscoverInputSchemaOutput struct {
	InputSchema        SourceSchema
	ParsedInputRecords [][]string
	RawInputRecords    []string
}
