package stream

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"testing"

	"github.com/kinesim/kinesim/record"
)

// tipHarness is an engine with a one-shard stream "s", and a way to count the shard's registered wake-up channels.
func tipHarness(t *testing.T) (e *Engine, sh *shardState, waiters func() int) {
	t.Helper()
	e = New(WithThrottling(false))
	t.Cleanup(func() { _ = e.Close() })
	if err := e.CreateStream(context.Background(), CreateStreamInput{StreamName: "s", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	s, err := e.resolve(StreamRef{StreamName: "s"}, true)
	if err != nil {
		t.Fatal(err)
	}
	sh = s.shards[0]
	return e, sh, func() int {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		return sh.waiters.Len()
	}
}

func tipRead(sh *shardState) ReadInput {
	return ReadInput{StreamRef: StreamRef{StreamName: "s"}, ShardId: sh.log.ID(), StartingPosition: StartingPosition{Type: TrimHorizon}}
}

func tipPut(t *testing.T, e *Engine, data string) {
	t.Helper()
	if _, err := e.PutRecord(context.Background(), PutRecordInput{StreamRef: StreamRef{StreamName: "s"}, Data: []byte(data), PartitionKey: "k"}); err != nil {
		t.Fatal(err)
	}
}

// A reader that has read a shard to its tip registers for the next put while it still delivers the records it read
// (so that it then waits without looking again). Stopping the iteration there (Engine.Records ends when the loop
// breaks) must leave nothing in the shard's wake-up list.
func TestRecordsStoppedAtTheTipLeavesNoWaiter(t *testing.T) {
	e, sh, waiters := tipHarness(t)
	tipPut(t, e, "a")
	tipPut(t, e, "b")
	var got []string
	for r, err := range e.Records(context.Background(), tipRead(sh)) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(r.Data))
		if len(got) == 2 { // the tip: the reader is registered while it delivers this record
			if n := waiters(); n != 1 {
				t.Fatalf("%d wake-up channels registered while delivering the tip's records, want 1", n)
			}
			break
		}
	}
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("read %q, want [a b]", got)
	}
	if n := waiters(); n != 0 {
		t.Fatalf("%d wake-up channels left in the shard's list after the loop stopped", n)
	}
}

// Records put while the reader delivers the tip's records — here by the loop itself — wake it (Engine.Records: "a
// waiting reader is woken by the put itself"): each is read once, in order, and the read neither misses one nor
// blocks.
func TestRecordsReadsPutsMadeWhileDelivering(t *testing.T) {
	e, sh, waiters := tipHarness(t)
	const n = 300
	put := []string{"0"}
	tipPut(t, e, put[0])
	read := 0
	for r, err := range e.Records(context.Background(), tipRead(sh)) {
		if err != nil {
			t.Fatal(err)
		}
		if string(r.Data) != put[read] {
			t.Fatalf("record %d is %q, want %q", read, r.Data, put[read])
		}
		if read++; read == n {
			break
		}
		if read < len(put) {
			continue // a record put before this one was delivered: read it first
		}
		// At the tip: one record, or every third time two, put while the reader delivers.
		for range 1 + min(1, read%3/2) {
			put = append(put, strconv.Itoa(len(put)))
			tipPut(t, e, put[len(put)-1])
		}
	}
	if n := waiters(); n != 0 {
		t.Fatalf("%d wake-up channels left in the shard's list after the loop stopped", n)
	}
}

// Close ends a blocking read waiting at the shard's tip with ErrClosed (Engine.Close: "blocking reads and
// subscriptions end"), although the reader waits on its wake-up channel alone, and the read leaves nothing in the
// shard's wake-up list.
func TestCloseWakesAReaderWaitingAtTheTip(t *testing.T) {
	e, sh, waiters := tipHarness(t)
	got := make(chan record.Record)
	ended := make(chan error, 1)
	go func() {
		for r, err := range e.Records(context.Background(), tipRead(sh)) {
			if err != nil {
				ended <- err
				return
			}
			got <- r
		}
		ended <- nil
	}()
	tipPut(t, e, "x")
	if r := <-got; string(r.Data) != "x" {
		t.Fatalf("read %q, want x", r.Data)
	}
	for waiters() == 0 {
		runtime.Gosched()
	}
	_ = e.Close()
	if err := <-ended; !errors.Is(err, ErrClosed) {
		t.Fatalf("the read ended with %v, want ErrClosed", err)
	}
	if n := waiters(); n != 0 {
		t.Fatalf("%d wake-up channels left in the shard's list after Close", n)
	}
}
