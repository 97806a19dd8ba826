// Package redshiftpg is the stand-in for an Amazon Redshift cluster behind a Firehose Redshift destination:
// [Cluster] implements firehose.RedshiftCluster by running each COPY command the engine issues against a real
// PostgreSQL database, with Redshift's COPY semantics. It is a module of its own so that the library's go.mod
// does not carry the PostgreSQL driver (github.com/jackc/pgx/v5).
//
// # What a Copy does
//
// A CopyCommand names a table (possibly schema-qualified; unquoted names fold to lower case), an optional
// column list, the destination's CopyOptions, and the manifest's objects with their stored bytes. Copy
//
//   - parses the options (package [copyfmt]: JSON 'auto' and 'auto ignorecase', CSV with QUOTE, delimited text
//     with DELIMITER, ESCAPE and REMOVEQUOTES, GZIP, BZIP2 and ZSTD, IGNOREHEADER, NULL AS, EMPTYASNULL,
//     BLANKSASNULL, TRIMBLANKS, TRUNCATECOLUMNS, ACCEPTINVCHARS, DATEFORMAT, TIMEFORMAT, ACCEPTANYDATE, ROUNDEC,
//     FILLRECORD, IGNOREBLANKLINES, MAXERROR, NOLOAD, EXPLICIT_IDS), refusing every other parameter by name;
//   - reads the table's columns from the catalog: SMALLINT, INTEGER, BIGINT, NUMERIC(p,s), REAL, DOUBLE
//     PRECISION, VARCHAR(n), CHAR(n), TEXT, BOOLEAN, DATE, TIMESTAMP and TIMESTAMPTZ; a column of another type
//     is refused ([ErrUnsupportedType]). Without a column list every column loads, in table order, identity
//     and generated columns left out (Column mapping options);
//   - decompresses and decodes every object, converting each field as Redshift converts it (Data conversion
//     parameters), and streams the good rows into the table in one transaction. With JSON 'auto' object keys
//     match column names exactly (with 'auto ignorecase', whatever their case); keys matching no column are
//     ignored, an absent key loads the column's DEFAULT (else NULL), a JSON null loads NULL, an object or array
//     loads as its JSON text into a character column;
//   - records each bad record in a load-errors table shaped like STL_LOAD_ERRORS (userid, slice, tbl,
//     starttime, session, query, filename, line_number, colname, type, col_length, position, raw_line,
//     raw_field_value, err_code, err_reason; codes of the Load error reference), written outside the load's
//     transaction so that it stays when the load rolls back;
//   - loads all the good rows, or none: with more bad records than MAXERROR (default 0) allows, an object that
//     does not decompress, or a row the database refuses, the transaction rolls back and Copy returns a
//     [*LoadFailedError] (errors.Is [ErrLoadFailed]) whose message is Redshift's: "Load into table 'orders'
//     failed.  Check 'stl_load_errors' system table for details.". Up to MAXERROR bad records are skipped;
//     [Cluster.Load] reports how many ([Result]).
//
// # Where kinesim differs from Redshift, and why
//
//   - MAXERROR n skips up to n bad records and fails at the (n+1)th. AWS's COPY page words it as "If the load
//     returns the error_count number of errors or greater, the load fails", which read literally would fail
//     at the nth; kinesim follows the common reading (and Firehose users' expectation) that n errors are
//     tolerated. Values above 100000 (the documented limit) are taken as 100000.
//   - PostgreSQL enforces UNIQUE, PRIMARY KEY, FOREIGN KEY and CHECK constraints, which Redshift does not; a row
//     violating one fails the whole COPY (recorded with err_code 1200 and the database's message).
//   - VARCHAR and CHAR widths are checked in bytes, as Redshift counts them, before PostgreSQL (which counts
//     characters) sees the value, so a value Redshift refuses is refused here too.
//   - PostgreSQL cannot store NUL in text: a NUL (as an invalid UTF-8 byte) fails the field with 1220 unless
//     ACCEPTINVCHARS replaces it.
//   - TIMEFORMAT 'auto' reads a zone offset and converts the value to UTC, for TIMESTAMP as for TIMESTAMPTZ.
//   - After a JSON syntax error decoding resumes at the next line (Firehose records are usually newline
//     delimited); duplicate keys: the last wins. In delimited text a carriage return is data; in CSV a CRLF ends
//     a record.
//   - Only UTF-8 data (ENCODING UTF8) is modelled; JSONPaths files, FIXEDWIDTH, AVRO, PARQUET, ORC, SHAPEFILE,
//     LZOP, the SUPER type (JSON 'noshred'), STL_LOADERROR_DETAIL and STL_REPLACEMENTS are not.
//   - The cluster's URL and user are not checked: a Cluster answers every COPY it is given.
//
// # Sources
//
// Amazon Redshift Database Developer Guide: "COPY" (syntax, the 4 MB row limit), "Data format parameters",
// "File compression parameters", "Data conversion parameters", "Data load operations" (MAXERROR), "Column
// mapping options", "COPY from JSON format", "DATEFORMAT and TIMEFORMAT strings", "STL_LOAD_ERRORS", "Load
// error reference" and "System tables for troubleshooting data loads"; the Firehose Developer Guide's
// "Amazon Redshift destination" for how Firehose issues the COPY (see firehose.RedshiftCluster).
//
// # Running the tests
//
// The tests need a PostgreSQL server: testdata/pg.sh starts a throwaway one on 127.0.0.1 as the postgres OS
// user and prints the KINESIM_PG_DSN to export (.ci/run does this, installing Debian's postgresql package when
// initdb is missing). Without KINESIM_PG_DSN the tests skip, saying why, unless KINESIM_REQUIRE_PG=1.
//
//	eval "$(sh testdata/pg.sh start)" && go test -race ./... ; sh testdata/pg.sh stop
package redshiftpg
