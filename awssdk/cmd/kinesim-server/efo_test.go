package main

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Enhanced fan-out over the loopback server in cleartext HTTP/2, as the JavaScript SDK v3 and other HTTP/2
// clients use it: an SDK v2 client with an h2c transport registers a consumer, subscribes to a shard, and a record
// put afterwards is pushed to it as a SubscribeToShardEvent on the open stream (API Reference, SubscribeToShard:
// "the service pushes data records … over an HTTP/2 connection"); a second subscription within 5 s is the SDK's
// *types.ResourceInUseException. The stream is left open: the server's shutdown at the test's end must end it
// (startServer's cleanup fails the test if run does not return cleanly), and the client sees it end.
func TestServerPushesFanOutEventsOverH2C(t *testing.T) {
	// Registered before startServer's, this cleanup runs after the server's shutdown: the client sees the stream end.
	var s *kinesis.SubscribeToShardEventStream
	t.Cleanup(func() {
		if s == nil {
			return
		}
		defer s.Close()
		for {
			select {
			case _, ok := <-s.Events():
				if !ok {
					return
				}
			case <-time.After(10 * time.Second):
				t.Error("the stream did not end at the server's shutdown")
				return
			}
		}
	})
	addr := startServer(t)
	h2c := &http.Transport{Protocols: new(http.Protocols)}
	h2c.Protocols.SetUnencryptedHTTP2(true)
	defer h2c.CloseIdleConnections()
	var protos []string
	c := client(addr, h2c, &protos)
	ctx := t.Context()
	name := aws.String("fanout")
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: name, ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: name})
	if err != nil {
		t.Fatalf("DescribeStreamSummary: %v", err)
	}
	reg, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: sum.StreamDescriptionSummary.StreamARN, ConsumerName: aws.String("app")})
	if err != nil || reg.Consumer.ConsumerStatus != types.ConsumerStatusActive {
		t.Fatalf("RegisterStreamConsumer: %v %+v", err, reg)
	}
	in := &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN, ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}}
	// The stream's context outlives the test's (which is cancelled before the cleanups run): only the server's
	// shutdown ends it.
	out, err := c.SubscribeToShard(context.Background(), in)
	if err != nil {
		t.Fatalf("SubscribeToShard: %v", err)
	}
	s = out.GetStream()
	_, err = c.SubscribeToShard(ctx, in)
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) {
		t.Fatalf("second SubscribeToShard: %v", err)
	}
	put, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String("k"), Data: []byte("pushed")})
	if err != nil {
		t.Fatalf("PutRecord: %v", err)
	}
	for {
		var ev types.SubscribeToShardEventStream
		select {
		case ev = <-s.Events():
		case <-time.After(10 * time.Second): // a guard against a hung stream; the event is pushed at the put
			t.Fatal("no event in 10 s")
		}
		e, ok := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
		if !ok {
			t.Fatalf("event %T (stream error %v)", ev, s.Err())
		}
		if len(e.Value.Records) == 0 { // a heartbeat
			continue
		}
		r := e.Value.Records[0]
		if string(r.Data) != "pushed" || aws.ToString(r.SequenceNumber) != aws.ToString(put.SequenceNumber) ||
			aws.ToString(e.Value.ContinuationSequenceNumber) != aws.ToString(put.SequenceNumber) {
			t.Fatalf("event %+v", e.Value)
		}
		break
	}
	for _, p := range protos {
		if p != "HTTP/2.0" {
			t.Fatalf("responses over %v", protos)
		}
	}
}
