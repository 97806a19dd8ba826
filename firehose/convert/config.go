package convert

import (
	"fmt"
	"strings"

	"github.com/kinesim/kinesim/apierr"
)

// DataFormatConversionConfiguration is the SDK's types.DataFormatConversionConfiguration (aws-sdk-go-v2
// service/firehose).
type DataFormatConversionConfiguration struct {
	// Enabled defaults to true.
	Enabled                   *bool
	InputFormatConfiguration  *InputFormatConfiguration
	OutputFormatConfiguration *OutputFormatConfiguration
	SchemaConfiguration       *SchemaConfiguration
}

// IsEnabled reports whether conversion is on: a configuration is, unless Enabled is false.
func (c *DataFormatConversionConfiguration) IsEnabled() bool {
	return c != nil && (c.Enabled == nil || *c.Enabled)
}

// InputFormatConfiguration is the SDK's types.InputFormatConfiguration.
type InputFormatConfiguration struct{ Deserializer *Deserializer }

// Deserializer is the SDK's types.Deserializer: exactly one of the two.
type Deserializer struct {
	HiveJsonSerDe  *HiveJsonSerDe
	OpenXJsonSerDe *OpenXJsonSerDe
}

// OpenXJsonSerDe is the SDK's types.OpenXJsonSerDe.
type OpenXJsonSerDe struct {
	// CaseInsensitive lower-cases JSON keys before matching them to columns; nil is true.
	CaseInsensitive *bool
	// ColumnToJsonKeyMappings maps a column to a JSON key of another name ({"ts": "timestamp"}).
	ColumnToJsonKeyMappings map[string]string
	// ConvertDotsInJsonKeysToUnderscores turns "a.b" into the column a_b; nil is false.
	ConvertDotsInJsonKeysToUnderscores *bool
}

// HiveJsonSerDe is the SDK's types.HiveJsonSerDe.
type HiveJsonSerDe struct {
	// TimestampFormats are Joda-Time patterns, or "millis"; none means java.sql.Timestamp.valueOf's format.
	TimestampFormats []string
}

// OutputFormatConfiguration is the SDK's types.OutputFormatConfiguration.
type OutputFormatConfiguration struct{ Serializer *Serializer }

// Serializer is the SDK's types.Serializer: exactly one of the two.
type Serializer struct {
	OrcSerDe     *OrcSerDe
	ParquetSerDe *ParquetSerDe
}

// ParquetCompression is the SDK's types.ParquetCompression.
type ParquetCompression string

// The Parquet compressions (API_ParquetSerDe); SNAPPY is the default.
const (
	ParquetCompressionUncompressed ParquetCompression = "UNCOMPRESSED"
	ParquetCompressionGzip         ParquetCompression = "GZIP"
	ParquetCompressionSnappy       ParquetCompression = "SNAPPY"
)

// ParquetWriterVersion is the SDK's types.ParquetWriterVersion.
type ParquetWriterVersion string

// The Parquet writer versions; V1 is the default.
const (
	ParquetWriterVersionV1 ParquetWriterVersion = "V1"
	ParquetWriterVersionV2 ParquetWriterVersion = "V2"
)

// ParquetSerDe is the SDK's types.ParquetSerDe.
type ParquetSerDe struct {
	// BlockSizeBytes is the HDFS block size: at least 64 MiB, 256 MiB by default. Firehose uses it for padding;
	// kinesim records it (objects are written as one row group per block of that many bytes of input).
	BlockSizeBytes *int32
	// Compression is SNAPPY (default), GZIP or UNCOMPRESSED.
	Compression ParquetCompression
	// EnableDictionaryCompression turns on dictionary encoding of the columns; nil is false.
	EnableDictionaryCompression *bool
	// MaxPaddingBytes is at least 0, 0 by default; recorded only (kinesim does not pad).
	MaxPaddingBytes *int32
	// PageSizeBytes is the page size: at least 64 KiB, 1 MiB by default.
	PageSizeBytes *int32
	// WriterVersion is V1 (default) or V2: the data page version.
	WriterVersion ParquetWriterVersion
}

// OrcSerDe is the SDK's types.OrcSerDe, accepted in the configuration shape and refused by [New].
type OrcSerDe struct {
	BlockSizeBytes                      *int32
	BloomFilterColumns                  []string
	BloomFilterFalsePositiveProbability *float64
	Compression                         string
	DictionaryKeyThreshold              *float64
	EnablePadding                       *bool
	FormatVersion                       string
	PaddingTolerance                    *float64
	RowIndexStride                      *int32
	StripeSizeBytes                     *int32
}

// SchemaConfiguration is the SDK's types.SchemaConfiguration: where the Glue table is. kinesim has no Glue Data
// Catalog: the columns come with [New], and these fields are recorded into the error records' dataCatalogTable.
type SchemaConfiguration struct {
	CatalogId    *string
	DatabaseName *string
	Region       *string
	RoleARN      *string
	TableName    *string
	VersionId    *string
}

// Column is a column of the table a conversion writes: a name and a Hive type ("bigint", "array<string>", …),
// as a Glue table's StorageDescriptor.Columns give them.
type Column struct {
	Name string
	Type string
}

// Defaults and limits of the Parquet SerDe (API_ParquetSerDe).
const (
	DefaultBlockSize = 256 << 20
	MinBlockSize     = 64 << 20
	DefaultPageSize  = 1 << 20
	MinPageSize      = 64 << 10
)

// ErrORCUnsupported is the error of an ORC serializer. No reliable ORC writer exists in Go: scritchley/orc's
// README says its writer is "in its late stages … do not recommend using it yet" (last commit 2021), and
// fallintoplace/orc-go (v0.2.0, "under development") is unproven; kinesim writes Parquet only.
var ErrORCUnsupported = apierr.InvalidArgument.With("ORC output (OrcSerDe) is not supported by kinesim: no reliable ORC writer exists in Go. Use ParquetSerDe.")

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// validate checks cfg and columns and returns the converter's settings.
func (c *Converter) configure(cfg *DataFormatConversionConfiguration, columns []Column) error {
	if cfg == nil {
		return apierr.InvalidArgument.New("DataFormatConversionConfiguration is required.")
	}
	in, out, sc := cfg.InputFormatConfiguration, cfg.OutputFormatConfiguration, cfg.SchemaConfiguration
	switch {
	case in == nil || in.Deserializer == nil:
		return apierr.InvalidArgument.New("InputFormatConfiguration.Deserializer is required when format conversion is enabled.")
	case out == nil || out.Serializer == nil:
		return apierr.InvalidArgument.New("OutputFormatConfiguration.Serializer is required when format conversion is enabled.")
	case sc == nil:
		return apierr.InvalidArgument.New("SchemaConfiguration is required when format conversion is enabled.")
	case (in.Deserializer.HiveJsonSerDe == nil) == (in.Deserializer.OpenXJsonSerDe == nil):
		return apierr.InvalidArgument.New("Exactly one of HiveJsonSerDe and OpenXJsonSerDe must be specified in the Deserializer.")
	case (out.Serializer.OrcSerDe == nil) == (out.Serializer.ParquetSerDe == nil):
		return apierr.InvalidArgument.New("Exactly one of OrcSerDe and ParquetSerDe must be specified in the Serializer.")
	case out.Serializer.OrcSerDe != nil:
		return ErrORCUnsupported
	case str(sc.DatabaseName) == "" || str(sc.TableName) == "" || str(sc.RoleARN) == "":
		return apierr.InvalidArgument.New("SchemaConfiguration requires DatabaseName, TableName and RoleARN.")
	}
	c.table = DataCatalogTable{CatalogId: str(sc.CatalogId), DatabaseName: str(sc.DatabaseName), TableName: str(sc.TableName),
		Region: str(sc.Region), VersionId: str(sc.VersionId)}
	if c.table.VersionId == "" {
		c.table.VersionId = "LATEST"
	}

	if o := in.Deserializer.OpenXJsonSerDe; o != nil {
		c.openX = true
		c.caseInsensitive = o.CaseInsensitive == nil || *o.CaseInsensitive
		c.dotsToUnderscores = o.ConvertDotsInJsonKeysToUnderscores != nil && *o.ConvertDotsInJsonKeysToUnderscores
		c.keyOf = make(map[string]string, len(o.ColumnToJsonKeyMappings))
		for col, key := range o.ColumnToJsonKeyMappings {
			c.keyOf[strings.ToLower(col)] = key
		}
	} else {
		c.caseInsensitive = true
		for _, f := range in.Deserializer.HiveJsonSerDe.TimestampFormats {
			if f == "millis" {
				c.hiveMillis = true
				continue
			}
			layout, err := jodaLayout(f)
			if err != nil {
				return apierr.InvalidArgument.New("Invalid TimestampFormats entry %q: %v", f, err)
			}
			c.hiveLayouts = append(c.hiveLayouts, layout)
		}
	}

	p := out.Serializer.ParquetSerDe
	c.compression = p.Compression
	switch p.Compression {
	case "":
		c.compression = ParquetCompressionSnappy
	case ParquetCompressionSnappy, ParquetCompressionGzip, ParquetCompressionUncompressed:
	default:
		return apierr.InvalidArgument.New("Invalid Compression %q of ParquetSerDe: it must be one of [UNCOMPRESSED, GZIP, SNAPPY].", p.Compression)
	}
	c.writerVersion = p.WriterVersion
	switch p.WriterVersion {
	case "":
		c.writerVersion = ParquetWriterVersionV1
	case ParquetWriterVersionV1, ParquetWriterVersionV2:
	default:
		return apierr.InvalidArgument.New("Invalid WriterVersion %q of ParquetSerDe: it must be one of [V1, V2].", p.WriterVersion)
	}
	c.blockSize, c.pageSize = DefaultBlockSize, DefaultPageSize
	if p.BlockSizeBytes != nil {
		if *p.BlockSizeBytes < MinBlockSize {
			return apierr.InvalidArgument.New("BlockSizeBytes of ParquetSerDe must be at least %d, got %d.", MinBlockSize, *p.BlockSizeBytes)
		}
		c.blockSize = int(*p.BlockSizeBytes)
	}
	if p.PageSizeBytes != nil {
		if *p.PageSizeBytes < MinPageSize {
			return apierr.InvalidArgument.New("PageSizeBytes of ParquetSerDe must be at least %d, got %d.", MinPageSize, *p.PageSizeBytes)
		}
		c.pageSize = int(*p.PageSizeBytes)
	}
	if p.MaxPaddingBytes != nil && *p.MaxPaddingBytes < 0 {
		return apierr.InvalidArgument.New("MaxPaddingBytes of ParquetSerDe must be at least 0, got %d.", *p.MaxPaddingBytes)
	}
	c.dictionary = p.EnableDictionaryCompression != nil && *p.EnableDictionaryCompression

	if len(columns) == 0 {
		return apierr.InvalidArgument.New("The schema has no columns.")
	}
	seen := map[string]bool{}
	for _, col := range columns {
		name := strings.ToLower(col.Name)
		switch {
		case name == "":
			return apierr.InvalidArgument.New("A column of the schema has no name.")
		case seen[name]:
			return apierr.InvalidArgument.New("Column %q appears twice in the schema.", name)
		case !c.openX && strings.Contains(name, "."):
			return apierr.InvalidArgument.New("Column %q has a period in its name, which the Hive JSON SerDe does not allow.", name)
		}
		seen[name] = true
		t, err := ParseType(col.Type)
		if err != nil {
			return apierr.InvalidArgument.New("Column %q: %v", name, err)
		}
		c.columns = append(c.columns, Field{Name: name, Type: t})
	}
	return nil
}

func (k Kind) String() string {
	for name, kk := range kindNames {
		if kk == k && name != "integer" {
			return name
		}
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}
