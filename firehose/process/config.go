package process

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/internal/validate"
)

// ProcessingConfiguration is the SDK's types.ProcessingConfiguration (aws-sdk-go-v2 service/firehose): whether
// processing is on, and the processors.
type ProcessingConfiguration struct {
	// Enabled turns processing on; nil is false, as the SDK sends nothing for it.
	Enabled    *bool
	Processors []Processor
}

// Processor is the SDK's types.Processor.
type Processor struct {
	Type       ProcessorType
	Parameters []ProcessorParameter
}

// ProcessorParameter is the SDK's types.ProcessorParameter.
type ProcessorParameter struct {
	ParameterName  ProcessorParameterName
	ParameterValue *string
}

// ProcessorType is the SDK's types.ProcessorType.
type ProcessorType string

// The processor types of the API (API_Processor).
const (
	ProcessorTypeRecordDeAggregation     ProcessorType = "RecordDeAggregation"
	ProcessorTypeDecompression           ProcessorType = "Decompression"
	ProcessorTypeCloudWatchLogProcessing ProcessorType = "CloudWatchLogProcessing"
	ProcessorTypeLambda                  ProcessorType = "Lambda"
	ProcessorTypeMetadataExtraction      ProcessorType = "MetadataExtraction"
	ProcessorTypeAppendDelimiterToRecord ProcessorType = "AppendDelimiterToRecord"
)

// ProcessorParameterName is the SDK's types.ProcessorParameterName.
type ProcessorParameterName string

// The parameter names of the API (API_ProcessorParameter).
const (
	ParameterLambdaArn               ProcessorParameterName = "LambdaArn"
	ParameterNumberOfRetries         ProcessorParameterName = "NumberOfRetries"
	ParameterMetadataExtractionQuery ProcessorParameterName = "MetadataExtractionQuery"
	ParameterJsonParsingEngine       ProcessorParameterName = "JsonParsingEngine"
	ParameterRoleArn                 ProcessorParameterName = "RoleArn"
	ParameterBufferSizeInMBs         ProcessorParameterName = "BufferSizeInMBs"
	ParameterBufferIntervalInSeconds ProcessorParameterName = "BufferIntervalInSeconds"
	ParameterSubRecordType           ProcessorParameterName = "SubRecordType"
	ParameterDelimiter               ProcessorParameterName = "Delimiter"
	ParameterCompressionFormat       ProcessorParameterName = "CompressionFormat"
	ParameterDataMessageExtraction   ProcessorParameterName = "DataMessageExtraction"
)

var processorTypes = []string{"RecordDeAggregation", "Decompression", "CloudWatchLogProcessing", "Lambda", "MetadataExtraction", "AppendDelimiterToRecord"}

var parameterNames = []string{"LambdaArn", "NumberOfRetries", "MetadataExtractionQuery", "JsonParsingEngine", "RoleArn",
	"BufferSizeInMBs", "BufferIntervalInSeconds", "SubRecordType", "Delimiter", "CompressionFormat", "DataMessageExtraction"}

// allowed lists, per processor type, the parameters it takes and the required ones first (count in required).
var allowed = map[ProcessorType]struct {
	params   []ProcessorParameterName
	required int
}{
	ProcessorTypeLambda:                  {[]ProcessorParameterName{ParameterLambdaArn, ParameterNumberOfRetries, ParameterRoleArn, ParameterBufferSizeInMBs, ParameterBufferIntervalInSeconds}, 1},
	ProcessorTypeRecordDeAggregation:     {[]ProcessorParameterName{ParameterSubRecordType, ParameterDelimiter}, 1},
	ProcessorTypeMetadataExtraction:      {[]ProcessorParameterName{ParameterMetadataExtractionQuery, ParameterJsonParsingEngine}, 2},
	ProcessorTypeDecompression:           {[]ProcessorParameterName{ParameterCompressionFormat}, 0},
	ProcessorTypeCloudWatchLogProcessing: {[]ProcessorParameterName{ParameterDataMessageExtraction}, 0},
	ProcessorTypeAppendDelimiterToRecord: {[]ProcessorParameterName{ParameterDelimiter}, 0},
}

// Limits and defaults of the processor parameters (API_ProcessorParameter; developer guide "Data transformation
// flow"; the console's ranges where the API reference gives none).
const (
	// MaxParameterValueLength: a parameter value has 1 to 5120 characters.
	MaxParameterValueLength = 5120
	// DefaultNumberOfRetries is how often Firehose retries a failed invocation: 3.
	DefaultNumberOfRetries = 3
	// MaxNumberOfRetries bounds NumberOfRetries (0 to 300, the console's range).
	MaxNumberOfRetries = 300
	// DefaultBufferSize is the processing buffer's default, 1 MB, for every destination but Splunk.
	DefaultBufferSize = 1 << 20
	// SplunkBufferSize is the processing buffer's default for Splunk: 256 KB.
	SplunkBufferSize = 256 << 10
	// MinBufferSize and MaxBufferSize bound BufferSizeInMBs: 0.2 to 3 MB.
	MinBufferSize = 1 << 20 / 5
	MaxBufferSize = 3 << 20
	// DefaultBufferInterval is the processing buffer's default interval: 60 s.
	DefaultBufferInterval = 60 * time.Second
	// MinBufferInterval and MaxBufferInterval bound BufferIntervalInSeconds: 60 to 900 s (the console's range).
	MinBufferInterval = 60 * time.Second
	MaxBufferInterval = 900 * time.Second
	// JQ16 is the one JsonParsingEngine: jq 1.6.
	JQ16 = "JQ-1.6"
	// MaxSubRecords caps de-aggregation by JSON or by delimiter: 500 sub-records per record.
	MaxSubRecords = 500
)

// Config is a validated ProcessingConfiguration: one field per processor type, nil (or false) when the
// processor is absent or processing is disabled. Firehose applies them in a fixed order, whatever the order of
// the list (developer guide, dynamic partitioning of aggregated data: "Deaggregation → Data Transformation via
// Lambda → Partitioning Keys"): Decompression and CloudWatchLogProcessing, RecordDeAggregation, Lambda,
// MetadataExtraction, and AppendDelimiterToRecord when the records are written.
type Config struct {
	Enabled                 bool
	Decompression           *Decompression
	CloudWatchLogProcessing *CloudWatchLogProcessing
	DeAggregation           *DeAggregation
	Lambda                  *Lambda
	MetadataExtraction      *MetadataExtraction
	// AppendDelimiter is the delimiter written after each record, nil without AppendDelimiterToRecord.
	AppendDelimiter []byte
}

// Lambda is the configuration of a Lambda processor.
type Lambda struct {
	LambdaArn string
	RoleArn   string
	// NumberOfRetries is how often a failed invocation is retried ([DefaultNumberOfRetries] when not given).
	NumberOfRetries int
	// BufferSize is the processing buffer's size in bytes; 0 when not given ([Lambda.EffectiveBufferSize]).
	BufferSize int
	// BufferInterval is the processing buffer's interval ([DefaultBufferInterval] when not given).
	BufferInterval time.Duration
}

// EffectiveBufferSize returns the processing buffer's size: BufferSize when given, else 256 KB for a Splunk
// destination and 1 MB for the others.
func (l *Lambda) EffectiveBufferSize(splunk bool) int {
	switch {
	case l.BufferSize > 0:
		return l.BufferSize
	case splunk:
		return SplunkBufferSize
	}
	return DefaultBufferSize
}

// MetadataExtraction is the configuration of inline parsing for dynamic partitioning: a jq query (evaluated by
// the firehose/partition package) giving an object of partition keys, such as {customer_id:.customer_id}.
type MetadataExtraction struct {
	MetadataExtractionQuery string
	JsonParsingEngine       string
}

// SubRecordType is how RecordDeAggregation splits a record.
type SubRecordType string

// The sub-record types (AWS CDK SubRecordType; developer guide, "Apply dynamic partitioning to aggregated data").
const (
	SubRecordJSON      SubRecordType = "JSON"
	SubRecordDelimited SubRecordType = "DELIMITED"
)

// DeAggregation is the configuration of multi-record de-aggregation: consecutive JSON objects, or records
// separated by a delimiter (given in base64 in the parameter).
type DeAggregation struct {
	SubRecordType SubRecordType
	Delimiter     []byte
}

// Decompression is the configuration of the Decompression processor (CloudWatch Logs subscription data, which
// arrives gzip-compressed).
type Decompression struct {
	CompressionFormat string // GZIP
}

// CloudWatchLogProcessing is the configuration of the CloudWatchLogProcessing processor.
type CloudWatchLogProcessing struct {
	// DataMessageExtraction extracts the message of each log event of a DATA_MESSAGE.
	DataMessageExtraction bool
}

func invalid(format string, args ...any) error { return apierr.InvalidArgument.New(format, args...) }

// ParseConfiguration validates pc as Firehose validates a destination's ProcessingConfiguration and returns it
// as a Config. path is where pc sits in the request (e.g. "extendedS3DestinationConfiguration.processingConfiguration"),
// used in the messages. A nil pc, or one not Enabled, gives the zero Config (the processors are still checked).
//
// Errors: a type or parameter name outside the API's enums, or a value that is missing or longer than 5120
// characters, is a ValidationException worded as AWS words it (apierr.Validation); a parameter the type does not
// take, a missing required parameter, a repeated parameter or processor, or a value out of its range is an
// InvalidArgumentException (apierr.InvalidArgument).
func ParseConfiguration(path string, pc *ProcessingConfiguration) (Config, error) {
	if pc == nil {
		return Config{}, nil
	}
	var v validate.Violations
	for i, p := range pc.Processors {
		pp := path + ".processors." + strconv.Itoa(i+1) + ".member"
		v.Enum(pp+".type", string(p.Type), processorTypes...)
		for j, par := range p.Parameters {
			ap := pp + ".parameters." + strconv.Itoa(j+1) + ".member"
			v.Enum(ap+".parameterName", string(par.ParameterName), parameterNames...)
			if par.ParameterValue == nil {
				v.Add("null", ap+".parameterValue", validate.MustNotBeNull)
			} else {
				val := *par.ParameterValue
				v.Length(ap+".parameterValue", val, len([]rune(val)), 1, MaxParameterValueLength)
			}
		}
	}
	if err := v.Err(); err != nil {
		return Config{}, err
	}
	var c Config
	seen := map[ProcessorType]bool{}
	for _, p := range pc.Processors {
		if seen[p.Type] {
			return Config{}, invalid("Processors list must not contain more than one processor of type %s.", p.Type)
		}
		seen[p.Type] = true
		params, err := parameters(p)
		if err != nil {
			return Config{}, err
		}
		if err := c.add(p.Type, params); err != nil {
			return Config{}, err
		}
	}
	if pc.Enabled == nil || !*pc.Enabled {
		return Config{}, nil
	}
	c.Enabled = true
	return c, nil
}

// parameters checks p's parameters against its type and returns them by name.
func parameters(p Processor) (map[ProcessorParameterName]string, error) {
	rule := allowed[p.Type]
	m := make(map[ProcessorParameterName]string, len(p.Parameters))
	for _, par := range p.Parameters {
		ok := false
		for _, a := range rule.params {
			ok = ok || a == par.ParameterName
		}
		if !ok {
			return nil, invalid("Processor parameter %s is not supported for processor type %s. Supported parameters: [%s].",
				par.ParameterName, p.Type, joinNames(rule.params))
		}
		if _, dup := m[par.ParameterName]; dup {
			return nil, invalid("Processor parameter %s is specified more than once for processor type %s.", par.ParameterName, p.Type)
		}
		m[par.ParameterName] = *par.ParameterValue
	}
	for _, r := range rule.params[:rule.required] {
		if _, ok := m[r]; !ok {
			return nil, invalid("Processor type %s requires the parameter %s.", p.Type, r)
		}
	}
	return m, nil
}

func joinNames(ns []ProcessorParameterName) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

func (c *Config) add(t ProcessorType, m map[ProcessorParameterName]string) error {
	switch t {
	case ProcessorTypeLambda:
		l := &Lambda{LambdaArn: m[ParameterLambdaArn], NumberOfRetries: DefaultNumberOfRetries, BufferInterval: DefaultBufferInterval}
		if a, err := arn.Parse(l.LambdaArn); err != nil || a.Service != "lambda" {
			return invalid("Invalid LambdaArn %q: it must be the ARN of a Lambda function.", l.LambdaArn)
		}
		if s, ok := m[ParameterRoleArn]; ok {
			if a, err := arn.Parse(s); err != nil || a.Service != "iam" {
				return invalid("Invalid RoleArn %q: it must be the ARN of an IAM role.", s)
			}
			l.RoleArn = s
		}
		if s, ok := m[ParameterNumberOfRetries]; ok {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > MaxNumberOfRetries {
				return invalid("NumberOfRetries must be an integer from 0 to %d, got %q.", MaxNumberOfRetries, s)
			}
			l.NumberOfRetries = n
		}
		if s, ok := m[ParameterBufferSizeInMBs]; ok {
			f, err := strconv.ParseFloat(s, 64)
			size := int(f * (1 << 20))
			if err != nil || f != f || size < MinBufferSize || size > MaxBufferSize {
				return invalid("BufferSizeInMBs must be a number from 0.2 to 3, got %q.", s)
			}
			l.BufferSize = size
		}
		if s, ok := m[ParameterBufferIntervalInSeconds]; ok {
			n, err := strconv.Atoi(s)
			d := time.Duration(n) * time.Second
			if err != nil || d < MinBufferInterval || d > MaxBufferInterval {
				return invalid("BufferIntervalInSeconds must be an integer from 60 to 900, got %q.", s)
			}
			l.BufferInterval = d
		}
		c.Lambda = l
	case ProcessorTypeRecordDeAggregation:
		d := &DeAggregation{SubRecordType: SubRecordType(m[ParameterSubRecordType])}
		delim, hasDelim := m[ParameterDelimiter]
		switch d.SubRecordType {
		case SubRecordJSON:
			if hasDelim {
				return invalid("Delimiter is only supported when SubRecordType is DELIMITED.")
			}
		case SubRecordDelimited:
			if !hasDelim {
				return invalid("Delimiter is required when SubRecordType is DELIMITED.")
			}
			b, err := decodeDelimiter(delim)
			if err != nil {
				return err
			}
			d.Delimiter = b
		default:
			return invalid("SubRecordType %q is not supported. Supported values: [JSON, DELIMITED].", d.SubRecordType)
		}
		c.DeAggregation = d
	case ProcessorTypeMetadataExtraction:
		if e := m[ParameterJsonParsingEngine]; e != JQ16 {
			return invalid("JsonParsingEngine %q is not supported. Supported values: [%s].", e, JQ16)
		}
		c.MetadataExtraction = &MetadataExtraction{MetadataExtractionQuery: m[ParameterMetadataExtractionQuery], JsonParsingEngine: JQ16}
	case ProcessorTypeDecompression:
		f, ok := m[ParameterCompressionFormat]
		if !ok {
			f = "GZIP"
		}
		if f != "GZIP" {
			return invalid("CompressionFormat %q is not supported for processor type Decompression. Supported values: [GZIP].", f)
		}
		c.Decompression = &Decompression{CompressionFormat: f}
	case ProcessorTypeCloudWatchLogProcessing:
		s, ok := m[ParameterDataMessageExtraction]
		b, err := strconv.ParseBool(s)
		if ok && (err != nil || s != "true" && s != "false") {
			return invalid("DataMessageExtraction must be true or false, got %q.", s)
		}
		c.CloudWatchLogProcessing = &CloudWatchLogProcessing{DataMessageExtraction: b}
	case ProcessorTypeAppendDelimiterToRecord:
		c.AppendDelimiter = []byte("\n")
		if s, ok := m[ParameterDelimiter]; ok {
			b, err := decodeDelimiter(s)
			if err != nil {
				return err
			}
			c.AppendDelimiter = b
		}
	}
	return nil
}

// decodeDelimiter decodes a Delimiter parameter: non-empty standard base64 and nothing else. Go's decoder, even
// strict, skips CR and LF, which a base64 alphabet does not hold (RFC 4648 §3.3; the JDK's basic decoder, which
// services in Java use, refuses them), so they are refused here.
func decodeDelimiter(s string) ([]byte, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(b) == 0 || strings.ContainsAny(s, "\r\n") {
		return nil, invalid("Delimiter %q must be a non-empty base64-encoded string.", s)
	}
	return b, nil
}
