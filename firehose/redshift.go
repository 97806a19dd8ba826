package firehose

import "context"

// RedshiftCluster is where a Redshift destination's COPY commands run: the stand-in for an Amazon Redshift
// cluster (or Serverless workgroup). Firehose delivers a Redshift destination's records to its intermediate S3
// bucket first, then loads each delivered batch with one COPY command naming a manifest of those objects
// (developer guide, "Amazon Redshift destination"). The engine calls Copy from a delivery goroutine, one call at
// a time per delivery stream and concurrently across streams; Copy must return when ctx is done. A Copy that
// returns an error is retried for the destination's RetryOptions duration, then the batch's objects are listed
// in the error manifest under the intermediate bucket's errors/ prefix, as AWS does.
//
// Module github.com/kinesim/kinesim/firehose/redshiftpg implements it on a real PostgreSQL database; a
// [RedshiftCluster] is registered for a ClusterJDBCURL with the engine's options.
type RedshiftCluster interface {
	Copy(ctx context.Context, cmd CopyCommand) error
}

// CopyCommand is one COPY of a delivered batch into a table, as Firehose issues it:
//
//	COPY Table (Columns) FROM 's3://bucket/manifest' CREDENTIALS 'aws_iam_role=…' MANIFEST CopyOptions;
//
// with the manifest's entries resolved to the objects they name, so the cluster need not read the store.
type CopyCommand struct {
	// ClusterJDBCURL is the destination's cluster, e.g. jdbc:redshift://host:5439/db.
	ClusterJDBCURL string
	// Username is the destination's database user (the password is not passed on).
	Username string
	// Table is CopyCommand.DataTableName, possibly schema-qualified ("public.orders").
	Table string
	// Columns is CopyCommand.DataTableColumns split at commas and trimmed; empty means every column of the table
	// in table order.
	Columns []string
	// Options is CopyCommand.CopyOptions verbatim, e.g. "JSON 'auto' GZIP" or "CSV IGNOREHEADER 1".
	Options string
	// ManifestURL is the manifest object's s3:// URL.
	ManifestURL string
	// Objects are the manifest's entries in order: each delivered object's URL and its stored bytes (compressed as
	// the intermediate S3 configuration compresses them, so GZIP in Options is needed to read GZIP objects).
	Objects []CopyObject
}

// CopyObject is one entry of a COPY's manifest.
type CopyObject struct {
	URL  string // s3://bucket/key
	Body []byte // the object as stored; the cluster must not modify it
}
