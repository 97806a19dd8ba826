package awssdk_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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

// BenchmarkSDKPutRecordsClientAlone is the ceiling of BenchmarkSDKPutRecords: the same client and batch, answered
// by a transport that drains the request and returns, each time, the bytes the handler gave for the first call —
// what the SDK itself costs per call (serialization, base64, signing, deserialization) with no service behind it.
// The in-process transport can approach this rate, never pass it.
func BenchmarkSDKPutRecordsClientAlone(b *testing.B) {
	acct := kinesim.New(kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false)))
	defer acct.Close()
	ctx := context.Background()
	c := awssdk.NewKinesisClient(acct)
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("bench"), ShardCount: aws.Int32(4)}); err != nil {
		b.Fatal(err)
	}
	entries := make([]types.PutRecordsRequestEntry, 500)
	data := make([]byte, 100)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint("key-", i)), Data: data}
	}
	in := &kinesis.PutRecordsInput{StreamName: aws.String("bench"), Records: entries}
	var canned []byte
	var header http.Header
	record := awssdk.InProcess(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		awssdk.Handler(acct).ServeHTTP(rec, r)
		canned, header = rec.Body.Bytes(), rec.Header().Clone()
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(canned)
	}))
	if _, err := c.PutRecords(ctx, in, func(o *kinesis.Options) { o.HTTPClient = record }); err != nil {
		b.Fatal(err)
	}
	replay := doerFunc(func(r *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, r.Body)
		return &http.Response{StatusCode: http.StatusOK, Header: header.Clone(), Body: io.NopCloser(bytes.NewReader(canned)),
			ContentLength: int64(len(canned)), Request: r, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
	})
	alone := kinesis.New(c.Options(), func(o *kinesis.Options) { o.HTTPClient = replay })
	b.ReportAllocs()
	b.SetBytes(int64(len(entries) * len(data)))
	n := 0
	for b.Loop() {
		out, err := alone.PutRecords(ctx, in)
		if err != nil || aws.ToInt32(out.FailedRecordCount) != 0 || len(out.Records) != len(entries) {
			b.Fatalf("PutRecords: %v", err)
		}
		n += len(entries)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
