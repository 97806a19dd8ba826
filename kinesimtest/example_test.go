package kinesimtest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/kinesimtest"
)

// exampleT stands in for the *testing.T a test would pass (an Example has none).
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                   {}
func (t *exampleT) Context() context.Context  { return context.Background() }
func (t *exampleT) Cleanup(f func())          { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Errorf(s string, a ...any) { fmt.Printf("error: "+s+"\n", a...) }
func (t *exampleT) Fatalf(s string, a ...any) { panic(fmt.Sprintf(s, a...)) }

// In a test, New(t) is the whole set-up: the account closes when the test ends.
func ExampleNew() {
	t := &exampleT{}
	k := kinesimtest.New(t)
	ref := k.CreateStream("orders", 2)
	k.Put(ref, "customer-1", []byte("first"))
	k.Put(ref, "customer-1", []byte("second"))
	for _, r := range k.ReadAll(ref) {
		fmt.Println(r.ShardId, r.PartitionKey, string(r.Data))
	}
	fmt.Println(k.StreamNames())
	for _, f := range t.cleanups { // what the testing package does when the test ends
		f()
	}
	// Output:
	// shardId-000000000001 customer-1 first
	// shardId-000000000001 customer-1 second
	// [orders]
}

// The account's Firehose in a test: records put are delivered when the test's account closes (or on Flush), to
// the engine's in-memory store.
func ExampleNew_firehose() {
	t := &exampleT{}
	k := kinesimtest.New(t)
	ctx := context.Background()
	fh := k.Firehose()
	_, err := fh.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "events",
		ExtendedS3DestinationConfiguration: &firehose.ExtendedS3DestinationConfiguration{
			BucketARN: "arn:aws:s3:::lake", RoleARN: "arn:aws:iam::000000000000:role/firehose"}})
	if err != nil {
		panic(err)
	}
	_, _ = fh.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "events",
		Records: []firehose.Record{{Data: []byte("a\n")}, {Data: []byte("b\n")}}})
	if err := fh.Flush(ctx, "events"); err != nil {
		panic(err)
	}
	for _, o := range fh.Store().Objects("lake") {
		fmt.Printf("%d bytes: %q\n", len(o.Body), o.Body)
	}
	for _, f := range t.cleanups {
		f()
	}
	// Output: 4 bytes: "a\nb\n"
}
