// Package arrowcheck reads the Parquet objects of package firehose/convert back with a reader other than their
// writer: apache/arrow-go's parquet and pqarrow packages (the Go implementation of the Apache Arrow project's
// Parquet reader). It is a separate module so that the library's go.mod does not carry Arrow; its tests are the
// read-back tests of the conversion. Debian ships no python3-pyarrow and the machine has no DuckDB, which is why
// the check is in Go.
package arrowcheck
