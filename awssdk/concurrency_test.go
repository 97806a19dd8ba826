package awssdk_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/stream"
)

// One client serves many goroutines at once (the SDK's clients are safe for concurrent use, and so are the
// handler and the in-process transport): every record put concurrently is read back once.
func TestClientIsSafeForConcurrentUse(t *testing.T) {
	_, c := newClient(t)
	ctx := t.Context()
	mustCreate(t, c, "s", 1)
	const writers, each = 8, 25
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(fmt.Sprint(w)), Data: []byte(fmt.Sprint(w, "/", i))}); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range out.Records {
		seen[string(r.Data)] = true
	}
	if len(out.Records) != writers*each || len(seen) != writers*each {
		t.Fatalf("read %d records, %d distinct; want %d", len(out.Records), len(seen), writers*each)
	}
}

// A call the engine holds (a test control with Release) ends when the caller's context does: the in-process
// transport returns the context's error without waiting for the handler, and the handler's context is cancelled
// so the engine lets go of the call.
func TestCancelledCallReturnsWhileTheEngineHoldsIt(t *testing.T) {
	acct, c := newClient(t)
	mustCreate(t, c, "s", 1)
	held := make(chan struct{})
	acct.Controls().Add(stream.OpPutRecord, func(control.Call) (control.Response, bool) {
		close(held)
		return control.Response{Release: make(chan struct{})}, true
	})
	ctx, cancel := context.WithCancel(t.Context())
	go func() { <-held; cancel() }()
	_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("held PutRecord: %v", err)
	}
	// The call was refused, so nothing was written.
	it, _ := c.GetShardIterator(t.Context(), &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if out, err := c.GetRecords(t.Context(), &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator}); err != nil || len(out.Records) != 0 {
		t.Fatalf("after the cancelled put: %v, %d records", err, len(out.Records))
	}
}
