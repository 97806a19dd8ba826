package firehose_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/record"
)

// followed is one follower run in its own goroutine: its records and final error arrive on recs and end.
type followed struct {
	recs chan record.Record
	end  chan error
}

// follow starts e.Follow(ctx, name, from) in a goroutine and waits until it reads the delivery stream (n followers
// in all). recs has room for buffered records; a test that wants a slow follower gives 0.
func follow(t *testing.T, ctx context.Context, e *firehose.Engine, name string, from time.Time, n, buffered int) followed {
	t.Helper()
	f := followed{recs: make(chan record.Record, buffered), end: make(chan error, 1)}
	go func() {
		defer close(f.recs)
		for r, err := range e.Follow(ctx, name, from) {
			if err != nil {
				f.end <- err
				return
			}
			f.recs <- r
		}
		f.end <- nil
	}()
	if err := e.WaitFollowers(context.Background(), name, n); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestFollowerSeesEveryAcceptedRecordInOrder: a follower sees every record PutRecord and PutRecordBatch accept
// after it started, in acceptance order, with its arrival time, and not those put before it (kinesim issue 11 §1:
// an analytics input reads a delivery stream's records as they arrive).
func TestFollowerSeesEveryAcceptedRecordInOrder(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "in", s3(hints(1, 60)))
	put(t, e, "in", "before")
	ctx, cancel := context.WithCancel(context.Background())
	f := follow(t, ctx, e, "in", time.Time{}, 1, 2000)
	var want []string
	for i := range 3 {
		clk.Advance(time.Second)
		batch := make([]string, 500)
		for j := range batch {
			batch[j] = fmt.Sprintf("r%d-%d", i, j)
		}
		put(t, e, "in", batch...)
		if _, err := e.PutRecord(context.Background(), firehose.PutRecordInput{DeliveryStreamName: "in", Record: firehose.Record{Data: []byte(fmt.Sprint("one", i))}}); err != nil {
			t.Fatal(err)
		}
		want = append(append(want, batch...), fmt.Sprint("one", i))
	}
	for i, w := range want {
		r := <-f.recs
		if string(r.Data) != w {
			t.Fatalf("record %d is %q, want %q", i, r.Data, w)
		}
		if at := t0.Add(time.Duration(i/501+1) * time.Second); !r.ApproximateArrivalTimestamp.Equal(at) {
			t.Fatalf("record %d arrived at %v, want %v", i, r.ApproximateArrivalTimestamp, at)
		}
	}
	cancel()
	if err := <-f.end; !errors.Is(err, context.Canceled) {
		t.Fatalf("end: %v, want context.Canceled", err)
	}
	if r, ok := <-f.recs; ok {
		t.Fatalf("extra record %q", r.Data)
	}
}

// TestFollowerSkipsRecordsBeforeFrom: records that arrived before from are not yielded.
func TestFollowerSkipsRecordsBeforeFrom(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "in", s3(nil))
	f := follow(t, context.Background(), e, "in", t0.Add(time.Second), 1, 10)
	put(t, e, "in", "early")
	clk.Advance(time.Second)
	put(t, e, "in", "on time")
	if r := <-f.recs; string(r.Data) != "on time" {
		t.Fatalf("first record %q, want \"on time\"", r.Data)
	}
}

// TestSlowFollowerHoldsPutsBack: a follower that does not read holds at most FollowQueueRecords (plus one put):
// the next put waits until it reads, or fails with its ctx's error and takes nothing (back-pressure, not
// unbounded memory; firehose.Follow's contract).
func TestSlowFollowerHoldsPutsBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, _ := newEngine(t)
		create(t, e, "in", s3(hints(128, 900)))
		f := follow(t, context.Background(), e, "in", time.Time{}, 1, 0)
		batch := make([]string, firehose.MaxBatchRecords)
		for i := range batch {
			batch[i] = "x"
		}
		// The follower goroutine holds one record in hand (blocked on recs); the queue fills with the rest.
		for range firehose.FollowQueueRecords/firehose.MaxBatchRecords + 1 {
			put(t, e, "in", batch...)
			synctest.Wait()
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "in", Records: []firehose.Record{{Data: []byte("late")}}})
			done <- err
		}()
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("a put into a full follower returned %v, want it to wait", err)
		default:
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled put: %v, want context.Canceled", err)
		}
		m, err := e.Metrics("in")
		if err != nil {
			t.Fatal(err)
		}
		took := m.IncomingRecords
		go func() {
			_, err := e.PutRecord(context.Background(), firehose.PutRecordInput{DeliveryStreamName: "in", Record: firehose.Record{Data: []byte("last")}})
			done <- err
		}()
		n := 0
		for r := range f.recs { // reading lets the put in
			n++
			if string(r.Data) == "last" {
				break
			}
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if want := took + 1; int64(n) != want {
			t.Fatalf("follower read %d records, want %d (the cancelled put took nothing)", n, want)
		}
		_ = e.Close()
		for range f.recs {
		}
		if err := <-f.end; !errors.Is(err, firehose.ErrClosed) {
			t.Fatalf("end: %v, want ErrClosed", err)
		}
	})
}

// TestFollowerEndsOnDeleteCloseAndCtx: the iterator ends, with no goroutine left (the synctest bubble waits for
// them), when the delivery stream is deleted (ResourceNotFoundException, after the records queued), the engine
// closes (ErrClosed) or ctx is done; a nil ctx, an unknown name and a closed engine are refused.
func TestFollowerEndsOnDeleteCloseAndCtx(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, _ := newEngine(t)
		create(t, e, "a", s3(nil))
		create(t, e, "b", s3(nil))
		fa := follow(t, context.Background(), e, "a", time.Time{}, 1, 0)
		fb := follow(t, context.Background(), e, "b", time.Time{}, 1, 0)
		ctx, cancel := context.WithCancel(context.Background())
		fc := follow(t, ctx, e, "b", time.Time{}, 2, 0)
		put(t, e, "a", "queued", "too")
		if err := e.DeleteDeliveryStream(context.Background(), firehose.DeleteDeliveryStreamInput{DeliveryStreamName: "a"}); err != nil {
			t.Fatal(err)
		}
		var got []string
		for r := range fa.recs {
			got = append(got, string(r.Data))
		}
		if err := <-fa.end; !errors.Is(err, apierr.ResourceNotFound) || fmt.Sprint(got) != "[queued too]" {
			t.Fatalf("after delete: %v, records %q; want ResourceNotFoundException after [queued too]", err, got)
		}
		cancel()
		if err := <-fc.end; !errors.Is(err, context.Canceled) {
			t.Fatalf("ctx: %v", err)
		}
		for _, bad := range []struct {
			ctx  context.Context
			name string
			want error
		}{{nil, "b", firehose.ErrNilContext}, {context.Background(), "a", apierr.ResourceNotFound}, {context.Background(), "none", apierr.ResourceNotFound}} {
			for _, err := range e.Follow(bad.ctx, bad.name, time.Time{}) {
				if !errors.Is(err, bad.want) {
					t.Errorf("Follow(%v, %q): %v, want %v", bad.ctx, bad.name, err, bad.want)
				}
			}
		}
		_ = e.Close()
		if err := <-fb.end; !errors.Is(err, firehose.ErrClosed) {
			t.Fatalf("close: %v", err)
		}
		for _, err := range e.Follow(context.Background(), "b", time.Time{}) {
			if !errors.Is(err, firehose.ErrClosed) {
				t.Errorf("Follow after Close: %v", err)
			}
		}
	})
}
