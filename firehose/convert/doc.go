// Package convert is Firehose's record format conversion as a pure core: JSON records in, a Parquet object out,
// under a declared schema, with the deserializers and the serializer options AWS names
// (DataFormatConversionConfiguration of aws-sdk-go-v2 service/firehose). The firehose service calls it; it starts
// no goroutines and reads no clock.
//
// It is the one package of kinesim that imports a Parquet library: github.com/parquet-go/parquet-go, the
// maintained continuation of Segment's library (the research notes, §2, compare it with apache/arrow-go and
// xitongsys/parquet-go). The read-back tests use another reader, apache/arrow-go, in the separate module
// firehose/convert/arrowcheck.
//
// # Schema
//
// Without a Glue Data Catalog, the schema is given to [New] as [Column]s with Hive types: string, varchar(n),
// char(n), tinyint, smallint, int, bigint, float, double, boolean, timestamp, date, decimal(p,s), array<T>,
// map<K,V> (K primitive) and struct<name:T,…>, nested to any depth up to [MaxTypeDepth]. The Parquet layout is
// Hive's ParquetHiveSerDe's: every column optional, strings UTF8, timestamps INT96 (UTC), dates DATE, decimals
// DECIMAL (INT32 to precision 9, INT64 to 18, a fixed-length byte array beyond), arrays LIST, maps MAP, structs
// groups. Column and field names are lower-cased, as Hive stores them. binary, uniontype and intervals are
// refused. The SchemaConfiguration's Glue coordinates are required as AWS requires them (DatabaseName, TableName,
// RoleARN) and are copied into the error records.
//
// # Deserializers (developer guide, "Choosing the JSON deserializer"; API_OpenXJsonSerDe, API_HiveJsonSerDe)
//
//   - OpenXJsonSerDe: CaseInsensitive (default true) matches lower-cased keys; ConvertDotsInJsonKeysToUnderscores
//     (default false) turns "a.b" into a_b; ColumnToJsonKeyMappings reads a column from a key of another name.
//     Timestamps: yyyy-MM-dd'T'HH:mm:ss[.S]'Z' and yyyy-[M]M-[d]d HH:mm:ss[.S] (up to 9 fraction digits), epoch
//     seconds, epoch milliseconds (kinesim reads an integer of magnitude 10^11 or more as milliseconds) and
//     fractional epoch seconds. Numbers and booleans are also read from strings, and nested JSON becomes a
//     string in a string column.
//   - HiveJsonSerDe: TimestampFormats are Joda-Time patterns (translated into Go layouts; letters kinesim cannot
//     translate are refused at configuration) or "millis"; without formats, java.sql.Timestamp.valueOf's
//     yyyy-[m]m-[d]d hh:mm:ss[.f…]. Periods in column names, numbers given as JSON strings and nested JSON for a
//     string column are errors, as AWS documents.
//
// A record may hold several JSON objects ({"a":1}{"a":2}): each is a row. A JSON array is not accepted. Fields
// without a column are ignored; columns without a field are null.
//
// # Serializer (API_ParquetSerDe)
//
// ParquetSerDe: Compression SNAPPY (default), GZIP or UNCOMPRESSED; WriterVersion V1 (default) or V2 (the data
// page version); EnableDictionaryCompression (dictionary encoding of every non-boolean column); PageSizeBytes
// (at least 64 KiB, 1 MiB by default); BlockSizeBytes (at least 64 MiB, 256 MiB by default: a row group is
// closed after that many bytes of input); MaxPaddingBytes is checked and recorded (kinesim does not pad). ORC
// (OrcSerDe) is refused with [ErrORCUnsupported]: no reliable ORC writer exists in Go (the research notes, §2:
// scritchley/orc's README advises against its writer; fallintoplace/orc-go is new and unproven).
//
// # Failures
//
// A record that is not JSON or does not fit the schema is left out of the object whole and returned as a
// [FormatConversionFailedRecord] (attemptsMade, arrivalTimestamp, lastErrorCode, lastErrorMessage,
// attemptEndingTimestamp, rawData, sequenceNumber, subSequenceNumber, dataCatalogTable), which the service
// writes under the error output prefix with error output type "format-conversion-failed" (developer guide,
// "Record format conversion error handling").
//
// # Concurrency
//
// A [Converter] is immutable once made and safe for concurrent use.
package convert
