package awssdk_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/stream"
)

// BenchmarkSDKPutRecords puts batches of 500 records of 100 bytes through a *kinesis.Client, in process: the
// whole SDK stack (serialization, signing, retry middleware, deserialization) and the handler's JSON codec.
func BenchmarkSDKPutRecords(b *testing.B) {
	acct := kinesim.New(kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false)))
	defer acct.Close()
	c := awssdk.NewKinesisClient(acct)
	ctx := context.Background()
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("bench"), ShardCount: aws.Int32(4)}); err != nil {
		b.Fatal(err)
	}
	entries := make([]types.PutRecordsRequestEntry, 500)
	data := make([]byte, 100)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint("key-", i)), Data: data}
	}
	in := &kinesis.PutRecordsInput{StreamName: aws.String("bench"), Records: entries}
	b.ReportAllocs()
	b.SetBytes(int64(len(entries) * len(data)))
	n := 0
	for b.Loop() {
		out, err := c.PutRecords(ctx, in)
		if err != nil || aws.ToInt32(out.FailedRecordCount) != 0 {
			b.Fatalf("PutRecords: %v", err)
		}
		n += len(entries)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSDKClientToFirstRecord measures what a test pays to start: NewKinesisClient, then GetShardIterator
// and the first GetRecords that returns a record already in the stream. Throttling is off: the loop calls
// GetRecords faster than a shard's 5 reads a second, which is not what it measures.
func BenchmarkSDKClientToFirstRecord(b *testing.B) {
	acct := kinesim.New(kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false)))
	defer acct.Close()
	ctx := context.Background()
	e := acct.Streams()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 1}); err != nil {
		b.Fatal(err)
	}
	if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "s"}, PartitionKey: "k", Data: []byte("hello")}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c := awssdk.NewKinesisClient(acct)
		it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		if err != nil {
			b.Fatal(err)
		}
		out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil || len(out.Records) != 1 {
			b.Fatalf("GetRecords: %v", err)
		}
	}
}
