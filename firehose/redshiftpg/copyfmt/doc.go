// Package copyfmt is the pure part of the redshiftpg stand-in for Amazon Redshift's COPY: the parser of COPY's
// optional parameters ([Parse]), the decompression of objects ([Decompress]), and the decoders of JSON
// 'auto', CSV and delimited-text records into rows of typed Go values ([Decoder]), with Redshift's conversions
// of text to each column type and the STL_LOAD_ERRORS row of each bad record ([LoadError]). It has no database
// driver, starts no goroutine and reads no clock, so that it can be fuzzed; package redshiftpg loads its rows
// into PostgreSQL.
//
// Sources: Amazon Redshift Database Developer Guide, "COPY", "Data format parameters", "File compression
// parameters", "Data conversion parameters", "Data load operations", "COPY from JSON format", "DATEFORMAT and
// TIMEFORMAT strings", "STL_LOAD_ERRORS" and "Load error reference". The package doc of redshiftpg lists where
// kinesim differs from Redshift.
//
// The values a Decoder produces: nil for NULL, int16 (SMALLINT), int32 (INTEGER), int64 (BIGINT), [Decimal]
// (NUMERIC), float32 (REAL), float64 (DOUBLE PRECISION), string (VARCHAR, CHAR), bool (BOOLEAN) and time.Time
// in UTC (DATE at midnight, TIMESTAMP, TIMESTAMPTZ).
package copyfmt
