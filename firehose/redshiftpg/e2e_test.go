package redshiftpg_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
)

// A Redshift delivery stream loads what is put into it into the table: Firehose writes each batch to the
// intermediate S3 bucket (here GZIP), a manifest naming it, then runs COPY … MANIFEST with the CopyOptions
// (developer guide, "Understand data delivery in Amazon Data Firehose": Amazon Redshift; "Configure destination
// settings": Amazon Redshift). The issue's "the PostgreSQL table holds them".
func TestRedshiftDeliveryStreamLoadsEveryRecordIntoThePostgreSQLTable(t *testing.T) {
	e := newEnv(t, `CREATE TABLE $S.orders (id integer NOT NULL, item varchar(16), qty integer)`)
	const jdbc = "jdbc:redshift://cluster.example:5439/dev"
	store := firehose.NewMemoryStore()
	fh := firehose.New(firehose.WithClock(clock.NewManual(started)), firehose.WithSeed(1),
		firehose.WithObjectStore(store), firehose.WithRedshiftCluster(jdbc, e.cluster))
	t.Cleanup(func() { _ = fh.Close() })
	ctx := context.Background()
	size, interval := 1, 60
	if _, err := fh.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: "orders",
		RedshiftDestinationConfiguration: &firehose.RedshiftDestinationConfiguration{
			ClusterJDBCURL: jdbc, Username: "firehose", Password: "secret", RoleARN: "arn:aws:iam::000000000000:role/firehose",
			CopyCommand: &firehose.RedshiftCopyCommand{DataTableName: e.schema + ".orders", DataTableColumns: "id, item, qty",
				CopyOptions: "JSON 'auto' GZIP"},
			S3Configuration: &firehose.S3DestinationConfiguration{BucketARN: "arn:aws:s3:::intermediate",
				RoleARN: "arn:aws:iam::000000000000:role/firehose", CompressionFormat: firehose.GZIP,
				BufferingHints: &firehose.BufferingHints{SizeInMBs: &size, IntervalInSeconds: &interval}},
		},
	}); err != nil {
		t.Fatal(err)
	}
	const n = 2000
	for start := 0; start < n; start += 500 {
		recs := make([]firehose.Record, 500)
		for i := range recs {
			id := start + i
			recs[i] = firehose.Record{Data: fmt.Appendf(nil, `{"id":%d,"item":"item-%d","qty":%d}`+"\n", id, id%7, id%5)}
		}
		out, err := fh.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "orders", Records: recs})
		if err != nil || out.FailedPutCount != 0 {
			t.Fatalf("PutRecordBatch: %v, %d failed", err, out.FailedPutCount)
		}
	}
	if err := fh.Flush(ctx, "orders"); err != nil {
		t.Fatal(err)
	}
	if got := e.count("orders"); got != n {
		t.Fatalf("the table holds %d rows, want %d", got, n)
	}
	sums := e.rows(`SELECT count(DISTINCT id), min(id), max(id), sum(qty) FROM $S.orders`)
	want := fmt.Sprintf("%d|0|%d|%d", n, n-1, (0+1+2+3+4)*(n/5))
	if len(sums) != 1 || sums[0] != want {
		t.Fatalf("aggregates %v, want %s", sums, want)
	}
	if got := e.rows(`SELECT item FROM $S.orders WHERE id = 13`); len(got) != 1 || got[0] != "item-6" {
		t.Fatalf("row 13: %v", got)
	}
	var objects, manifests int
	for _, k := range store.Keys("intermediate", "") {
		if strings.HasPrefix(k, "manifests/") {
			manifests++
		} else {
			objects++
		}
	}
	if objects == 0 || manifests != objects {
		t.Fatalf("intermediate bucket: %d objects, %d manifests; want one manifest per object", objects, manifests)
	}
}
