package firehoseapi

import (
	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/process"
)

// The pipeline members of an extended S3 destination (processing, format conversion, dynamic partitioning, source
// record backup) and the Kinesis source, as the model names them. They are SDK-shaped both ways: a member the
// engine describes as nil or empty is left out of the output, as AWS leaves it out. The leaf shapes have the
// engine's fields in the engine's order, so they convert to the engine's types directly.

type processingConfiguration struct {
	Enabled    *bool       `json:"Enabled,omitempty"`
	Processors []processor `json:"Processors,omitempty"`
}

type processor struct {
	Type       process.ProcessorType `json:"Type"`
	Parameters []processorParameter  `json:"Parameters,omitempty"`
}

type processorParameter struct {
	ParameterName  process.ProcessorParameterName `json:"ParameterName"`
	ParameterValue *string                        `json:"ParameterValue"`
}

func (c *processingConfiguration) engine() *firehose.ProcessingConfiguration {
	if c == nil {
		return nil
	}
	out := &firehose.ProcessingConfiguration{Enabled: c.Enabled}
	if c.Processors != nil {
		out.Processors = make([]process.Processor, len(c.Processors))
	}
	for i, p := range c.Processors {
		out.Processors[i].Type = p.Type
		if p.Parameters != nil {
			out.Processors[i].Parameters = make([]process.ProcessorParameter, len(p.Parameters))
		}
		for j, par := range p.Parameters {
			out.Processors[i].Parameters[j] = process.ProcessorParameter(par)
		}
	}
	return out
}

func toProcessingConfiguration(c *firehose.ProcessingConfiguration) *processingConfiguration {
	if c == nil {
		return nil
	}
	out := &processingConfiguration{Enabled: c.Enabled}
	if c.Processors != nil {
		out.Processors = make([]processor, len(c.Processors))
	}
	for i, p := range c.Processors {
		out.Processors[i].Type = p.Type
		if p.Parameters != nil {
			out.Processors[i].Parameters = make([]processorParameter, len(p.Parameters))
		}
		for j, par := range p.Parameters {
			out.Processors[i].Parameters[j] = processorParameter(par)
		}
	}
	return out
}

// dataFormatConversionConfiguration: its Enabled defaults to true (API Reference,
// DataFormatConversionConfiguration).
type dataFormatConversionConfiguration struct {
	Enabled                   *bool                      `json:"Enabled,omitempty"`
	InputFormatConfiguration  *inputFormatConfiguration  `json:"InputFormatConfiguration,omitempty"`
	OutputFormatConfiguration *outputFormatConfiguration `json:"OutputFormatConfiguration,omitempty"`
	SchemaConfiguration       *schemaConfiguration       `json:"SchemaConfiguration,omitempty"`
}

type inputFormatConfiguration struct {
	Deserializer *deserializer `json:"Deserializer,omitempty"`
}

type deserializer struct {
	HiveJsonSerDe  *hiveJsonSerDe  `json:"HiveJsonSerDe,omitempty"`
	OpenXJsonSerDe *openXJsonSerDe `json:"OpenXJsonSerDe,omitempty"`
}

type hiveJsonSerDe struct {
	TimestampFormats []string `json:"TimestampFormats,omitempty"`
}

type openXJsonSerDe struct {
	CaseInsensitive                    *bool             `json:"CaseInsensitive,omitempty"`
	ColumnToJsonKeyMappings            map[string]string `json:"ColumnToJsonKeyMappings,omitempty"`
	ConvertDotsInJsonKeysToUnderscores *bool             `json:"ConvertDotsInJsonKeysToUnderscores,omitempty"`
}

type outputFormatConfiguration struct {
	Serializer *serializer `json:"Serializer,omitempty"`
}

type serializer struct {
	OrcSerDe     *orcSerDe     `json:"OrcSerDe,omitempty"`
	ParquetSerDe *parquetSerDe `json:"ParquetSerDe,omitempty"`
}

type parquetSerDe struct {
	BlockSizeBytes              *int32                       `json:"BlockSizeBytes,omitempty"`
	Compression                 convert.ParquetCompression   `json:"Compression,omitempty"`
	EnableDictionaryCompression *bool                        `json:"EnableDictionaryCompression,omitempty"`
	MaxPaddingBytes             *int32                       `json:"MaxPaddingBytes,omitempty"`
	PageSizeBytes               *int32                       `json:"PageSizeBytes,omitempty"`
	WriterVersion               convert.ParquetWriterVersion `json:"WriterVersion,omitempty"`
}

type orcSerDe struct {
	BlockSizeBytes                      *int32   `json:"BlockSizeBytes,omitempty"`
	BloomFilterColumns                  []string `json:"BloomFilterColumns,omitempty"`
	BloomFilterFalsePositiveProbability *float64 `json:"BloomFilterFalsePositiveProbability,omitempty"`
	Compression                         string   `json:"Compression,omitempty"`
	DictionaryKeyThreshold              *float64 `json:"DictionaryKeyThreshold,omitempty"`
	EnablePadding                       *bool    `json:"EnablePadding,omitempty"`
	FormatVersion                       string   `json:"FormatVersion,omitempty"`
	PaddingTolerance                    *float64 `json:"PaddingTolerance,omitempty"`
	RowIndexStride                      *int32   `json:"RowIndexStride,omitempty"`
	StripeSizeBytes                     *int32   `json:"StripeSizeBytes,omitempty"`
}

type schemaConfiguration struct {
	CatalogId    *string `json:"CatalogId,omitempty"`
	DatabaseName *string `json:"DatabaseName,omitempty"`
	Region       *string `json:"Region,omitempty"`
	RoleARN      *string `json:"RoleARN,omitempty"`
	TableName    *string `json:"TableName,omitempty"`
	VersionId    *string `json:"VersionId,omitempty"`
}

func (c *dataFormatConversionConfiguration) engine() *firehose.DataFormatConversionConfiguration {
	if c == nil {
		return nil
	}
	out := &firehose.DataFormatConversionConfiguration{Enabled: c.Enabled, SchemaConfiguration: (*convert.SchemaConfiguration)(c.SchemaConfiguration)}
	if in := c.InputFormatConfiguration; in != nil {
		out.InputFormatConfiguration = &convert.InputFormatConfiguration{}
		if d := in.Deserializer; d != nil {
			out.InputFormatConfiguration.Deserializer = &convert.Deserializer{
				HiveJsonSerDe: (*convert.HiveJsonSerDe)(d.HiveJsonSerDe), OpenXJsonSerDe: (*convert.OpenXJsonSerDe)(d.OpenXJsonSerDe),
			}
		}
	}
	if o := c.OutputFormatConfiguration; o != nil {
		out.OutputFormatConfiguration = &convert.OutputFormatConfiguration{}
		if s := o.Serializer; s != nil {
			out.OutputFormatConfiguration.Serializer = &convert.Serializer{
				OrcSerDe: (*convert.OrcSerDe)(s.OrcSerDe), ParquetSerDe: (*convert.ParquetSerDe)(s.ParquetSerDe),
			}
		}
	}
	return out
}

func toDataFormatConversionConfiguration(c *firehose.DataFormatConversionConfiguration) *dataFormatConversionConfiguration {
	if c == nil {
		return nil
	}
	out := &dataFormatConversionConfiguration{Enabled: c.Enabled, SchemaConfiguration: (*schemaConfiguration)(c.SchemaConfiguration)}
	if in := c.InputFormatConfiguration; in != nil {
		out.InputFormatConfiguration = &inputFormatConfiguration{}
		if d := in.Deserializer; d != nil {
			out.InputFormatConfiguration.Deserializer = &deserializer{
				HiveJsonSerDe: (*hiveJsonSerDe)(d.HiveJsonSerDe), OpenXJsonSerDe: (*openXJsonSerDe)(d.OpenXJsonSerDe),
			}
		}
	}
	if o := c.OutputFormatConfiguration; o != nil {
		out.OutputFormatConfiguration = &outputFormatConfiguration{}
		if s := o.Serializer; s != nil {
			out.OutputFormatConfiguration.Serializer = &serializer{
				OrcSerDe: (*orcSerDe)(s.OrcSerDe), ParquetSerDe: (*parquetSerDe)(s.ParquetSerDe),
			}
		}
	}
	return out
}

// dynamicPartitioningConfiguration: its Enabled defaults to false.
type dynamicPartitioningConfiguration struct {
	Enabled      *bool         `json:"Enabled,omitempty"`
	RetryOptions *retryOptions `json:"RetryOptions,omitempty"`
}

type retryOptions struct {
	DurationInSeconds *int `json:"DurationInSeconds,omitempty"`
}

func (c *dynamicPartitioningConfiguration) engine() *firehose.DynamicPartitioningConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.DynamicPartitioningConfiguration{Enabled: c.Enabled, RetryOptions: (*firehose.RetryOptions)(c.RetryOptions)}
}

func toDynamicPartitioningConfiguration(c *firehose.DynamicPartitioningConfiguration) *dynamicPartitioningConfiguration {
	if c == nil {
		return nil
	}
	return &dynamicPartitioningConfiguration{Enabled: c.Enabled, RetryOptions: (*retryOptions)(c.RetryOptions)}
}

// kinesisStreamSourceConfiguration is the source of a KinesisStreamAsSource delivery stream.
type kinesisStreamSourceConfiguration struct {
	KinesisStreamARN string `json:"KinesisStreamARN"`
	RoleARN          string `json:"RoleARN"`
}

func (c *kinesisStreamSourceConfiguration) engine() *firehose.KinesisStreamSourceConfiguration {
	if c == nil {
		return nil
	}
	return &firehose.KinesisStreamSourceConfiguration{KinesisStreamARN: c.KinesisStreamARN, RoleARN: c.RoleARN}
}

type sourceDescription struct {
	KinesisStreamSourceDescription *kinesisStreamSourceDescription `json:"KinesisStreamSourceDescription,omitempty"`
}

type kinesisStreamSourceDescription struct {
	KinesisStreamARN       string         `json:"KinesisStreamARN,omitempty"`
	RoleARN                string         `json:"RoleARN,omitempty"`
	DeliveryStartTimestamp wire.Timestamp `json:"DeliveryStartTimestamp,omitzero"`
}

func toSourceDescription(s *firehose.SourceDescription) *sourceDescription {
	if s == nil {
		return nil
	}
	out := &sourceDescription{}
	if k := s.KinesisStreamSourceDescription; k != nil {
		out.KinesisStreamSourceDescription = &kinesisStreamSourceDescription{
			KinesisStreamARN: k.KinesisStreamARN, RoleARN: k.RoleARN, DeliveryStartTimestamp: wire.At(k.DeliveryStartTimestamp),
		}
	}
	return out
}
