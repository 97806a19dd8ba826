package firehose_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
)

func Example() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))
	e := firehose.New(firehose.WithClock(clk), firehose.WithSeed(7))
	defer e.Close()

	size, interval := 5, 60
	_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: "orders",
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{
			BucketARN: "arn:aws:s3:::analytics", RoleARN: "arn:aws:iam::000000000000:role/firehose",
			BufferingHints:    &firehose.BufferingHints{SizeInMBs: &size, IntervalInSeconds: &interval},
			CompressionFormat: firehose.GZIP,
		},
	})
	if err != nil {
		panic(err)
	}
	created := e.Store().Subscribe(1)
	out, _ := e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "orders", Records: []firehose.Record{
		{Data: []byte(`{"id":1}` + "\n")}, {Data: []byte(`{"id":2}` + "\n")},
	}})
	fmt.Println("failed:", out.FailedPutCount)

	clk.Advance(time.Minute) // the interval hint
	ev := <-created
	fmt.Println(ev.Key)
	body, _ := e.Store().Get(ev.Bucket, ev.Key)
	r, _ := gzip.NewReader(bytes.NewReader(body))
	data, _ := io.ReadAll(r)
	fmt.Print(string(data))
	// Output:
	// failed: 0
	// 2026/07/13/14/orders-1-2026-07-13-14-30-00-43ba8fc4-8a80-4e44-90ec-2ca25a28daca.gz
	// {"id":1}
	// {"id":2}
}

// A local directory as the destination: objects are files under root/bucket/key.
func ExampleNewDirStore() {
	ctx := context.Background()
	root, _ := os.MkdirTemp("", "kinesim-example")
	defer os.RemoveAll(root)
	clk := clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))
	e := firehose.New(firehose.WithObjectStore(firehose.NewDirStore(root)), firehose.WithSeed(1), firehose.WithClock(clk))
	_, _ = e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "logs",
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{
			BucketARN: "arn:aws:s3:::bucket", RoleARN: "arn:aws:iam::000000000000:role/r", Prefix: "logs/"}})
	_, _ = e.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "logs", Record: firehose.Record{Data: []byte("line\n")}})
	_ = e.Close() // delivers the buffered record
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			body, _ := os.ReadFile(p)
			fmt.Printf("%s %q\n", filepath.ToSlash(rel), body)
		}
		return nil
	})
	// Output: bucket/logs/2026/07/13/14/logs-1-2026-07-13-14-30-00-3d972ae0-d067-447c-8080-efded8dc3d6b "line\n"
}
