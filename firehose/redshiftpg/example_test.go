package redshiftpg_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/redshiftpg"
)

// A Cluster on the PostgreSQL database KINESIM_PG_DSN names runs the COPY a Firehose Redshift destination
// issues for a delivered GZIP object. The example has no Output comment because it needs a running PostgreSQL
// server, which `go test` cannot assume; the tests (and .ci/run) run the same steps against one.
func Example() {
	ctx := context.Background()
	cluster, err := redshiftpg.Open(ctx, os.Getenv("KINESIM_PG_DSN"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cluster.Close()
	if _, err := cluster.Pool().Exec(ctx, `CREATE TABLE IF NOT EXISTS orders (id integer, customer varchar(16))`); err != nil {
		fmt.Println(err)
		return
	}
	body, _ := compress.Encode(nil, []byte(`{"id":1,"customer":"ann"}{"id":2,"customer":"bob"}`), compress.GZIP, compress.Options{})
	res, err := cluster.Load(ctx, firehose.CopyCommand{
		Table:   "orders",
		Options: "JSON 'auto' GZIP",
		Objects: []firehose.CopyObject{{URL: "s3://bucket/2026/12/01/10/orders-1.gz", Body: body}},
	})
	var failed *redshiftpg.LoadFailedError
	switch {
	case errors.As(err, &failed):
		fmt.Println(err, failed.Errors) // the rows now in stl_load_errors
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(res.Rows, "rows loaded")
	}
}
