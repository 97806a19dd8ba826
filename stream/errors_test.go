package stream_test

// Bad input as a new user would try it. The cases that the Kinesis Data Streams API has in common with the AWS
// SDK's client live in package streamtest (one body, several targets): TestErrors runs them against the engine
// itself, and module awssdk runs them through the SDK's *kinesis.Client. The cases here use what only the Go API
// has: the blocking reads.

import (
	"context"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
	"github.com/kinesim/kinesim/stream/streamtest"
)

const either = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "

// TestErrors runs the error spec with the engine as its target.
func TestErrors(t *testing.T) {
	streamtest.RunErrorSpec(t, func(t *testing.T, clk *clock.Manual, opts ...stream.Option) streamtest.Target {
		e := stream.New(append([]stream.Option{stream.WithClock(clk), stream.WithSeed(testSeed)}, opts...)...)
		t.Cleanup(func() { closeWithin(t, e, 10*time.Second) })
		return e
	})
}

// A blocking read from a sequence number of an earlier stream of the same name is refused as GetShardIterator
// refuses it (the spec's SequenceNumberOfRecreatedStreamIsInvalid).
func TestBlockingReadOfRecreatedStreamIsInvalid(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	old := h.Put("s", "k", []byte("old"))
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	h.create("s", 1)
	_, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: old.ShardId, StartingPosition: stream.StartingPosition{Type: stream.AtSequenceNumber, SequenceNumber: old.SequenceNumber.String()}})
	wantErr(t, err, apierr.InvalidArgument, "")
}

func TestBlockingReadBadInput(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	cases := []struct {
		in   stream.ReadInput
		kind *apierr.Error
		msg  string
	}{
		{stream.ReadInput{StreamRef: ref("nope"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}, apierr.ResourceNotFound, streamNotFound("nope")},
		{stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000001", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}, apierr.ResourceNotFound, shardNotFound("shardId-000000000001", "s")},
		{stream.ReadInput{StreamRef: ref("s"), StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}, apierr.Validation, ""},
		{stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000"}, apierr.Validation, ""},
		{stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.AtSequenceNumber}}, apierr.InvalidArgument, either + "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber."},
		{stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: t0.Add(time.Hour)}}, apierr.InvalidArgument, ""},
	}
	for i, c := range cases {
		_, err := h.e.Subscribe(h.ctx, c.in)
		if err == nil {
			t.Fatalf("case %d: Subscribe succeeded", i)
		}
		wantErr(t, err, c.kind, c.msg)
		n := 0
		for _, err := range h.e.Records(context.Background(), c.in) {
			wantErr(t, err, c.kind, c.msg)
			n++
		}
		if n != 1 {
			t.Fatalf("case %d: Records yielded %d elements, want 1", i, n)
		}
	}
}

// entries returns n copies of e.
func entries(n int, e stream.PutRecordsEntry) []stream.PutRecordsEntry {
	out := make([]stream.PutRecordsEntry, n)
	for i := range out {
		out[i] = e
	}
	return out
}
