package stream

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/kinesim/kinesim/record"
)

// A blocking read ends with ctx.Err() when its context is cancelled while it waits at the shard's tip (the
// context wakes it through its wake channel: Engine.Records' documented end "when ctx is done"), and it leaves
// nothing in the shard's wake-up list.
func TestRecordsCancelledWhileWaitingLeavesNoWaiter(t *testing.T) {
	e := New(WithThrottling(false))
	defer e.Close()
	ctx := context.Background()
	if err := e.CreateStream(ctx, CreateStreamInput{StreamName: "s", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	s, err := e.resolve(StreamRef{StreamName: "s"}, true)
	if err != nil {
		t.Fatal(err)
	}
	sh := s.shards[0]
	waiters := func() int {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		return sh.waiters.Len()
	}
	rctx, cancel := context.WithCancel(ctx)
	got := make(chan record.Record)
	ended := make(chan error, 1)
	go func() {
		for r, err := range e.Records(rctx, ReadInput{StreamRef: StreamRef{StreamName: "s"}, ShardId: sh.log.ID(), StartingPosition: StartingPosition{Type: TrimHorizon}}) {
			if err != nil {
				ended <- err
				return
			}
			got <- r
		}
		ended <- nil
	}()
	if _, err := e.PutRecord(ctx, PutRecordInput{StreamRef: StreamRef{StreamName: "s"}, Data: []byte("x"), PartitionKey: "k"}); err != nil {
		t.Fatal(err)
	}
	if r := <-got; string(r.Data) != "x" {
		t.Fatalf("read %q, want x", r.Data)
	}
	for waiters() == 0 { // the reader goes back to the tip and waits
		runtime.Gosched()
	}
	cancel()
	if err := <-ended; !errors.Is(err, context.Canceled) {
		t.Fatalf("the read ended with %v, want context.Canceled", err)
	}
	if n := waiters(); n != 0 {
		t.Fatalf("%d wake-up channels left in the shard's list after the read ended", n)
	}
}
