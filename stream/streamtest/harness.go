package streamtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// t0 is the start of the manual clock of every case.
var t0 = time.Date(2024, time.March, 5, 10, 20, 30, 0, time.UTC)

const (
	account = "000000000000"
	mib     = 1 << 20
)

// tally counts the cases a suite ran on a target.
type tally struct{ cases, refused int }

// harness is a target on a manual clock with helpers that fail the (sub)test on unexpected errors.
type harness struct {
	t     *testing.T
	e     Target
	cv    ClientValidator // e, if it validates inputs itself
	clk   *clock.Manual
	ctx   context.Context
	tally *tally
}

func newHarness(t *testing.T, newTarget NewTarget, n *tally, opts ...stream.Option) *harness {
	t.Helper()
	clk := clock.NewManual(t0)
	e := newTarget(t, clk, opts...)
	cv, _ := e.(ClientValidator)
	return &harness{t: t, e: e, cv: cv, clk: clk, ctx: context.Background(), tally: n}
}

// run runs f as the subtest name, with the harness's helpers failing that subtest.
func (h *harness) run(name string, f func(t *testing.T)) {
	h.t.Run(name, func(t *testing.T) {
		parent := h.t
		h.t = t
		defer func() { h.t = parent }()
		f(t)
	})
}

// want is one case: err must be of kind, with message msg ("" checks the kind only).
func (h *harness) want(name string, err error, kind *apierr.Error, msg string) {
	h.check(name, "", err, func(t *testing.T) { wantErr(t, err, kind, msg) })
}

// wantRequired is a case whose input lacks member, a required member of the SDK's model: a ClientValidator
// refuses it itself; any other target answers it with kind and msg.
func (h *harness) wantRequired(name, member string, err error, kind *apierr.Error, msg string) {
	h.check(name, member, err, func(t *testing.T) { wantErr(t, err, kind, msg) })
}

// check runs one case as a subtest: if member names a required member the input lacks and the target validates
// inputs, err must be the client's refusal naming it; otherwise answer checks err, the service's answer. Each of
// then runs after that in the same subtest (a check that the call changed nothing).
func (h *harness) check(name, member string, err error, answer func(*testing.T), then ...func(*testing.T)) {
	h.tally.cases++
	if member != "" && h.cv != nil {
		h.tally.refused++
	}
	h.run(name, func(t *testing.T) {
		t.Helper()
		switch {
		case member != "" && h.cv != nil:
			var ae *apierr.Error
			if err == nil || !h.cv.RefusedByClient(err) || !strings.Contains(err.Error(), member) || errors.As(err, &ae) {
				t.Fatalf("got %v, want the client's own refusal of a call missing its required member %s", err, member)
			}
		case h.cv != nil && err != nil && h.cv.RefusedByClient(err):
			t.Fatalf("the client refused the call itself (%v); the service must answer it", err)
		default:
			answer(t)
		}
		for _, f := range then {
			f(t)
		}
	})
}

// create calls CreateStream for a provisioned stream of n shards (ACTIVE at once unless the engine has status
// delays).
func (h *harness) create(name string, n int) {
	h.t.Helper()
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: name, ShardCount: n}); err != nil {
		h.t.Fatalf("CreateStream(%s, %d): %v", name, n, err)
	}
}

func ref(name string) stream.StreamRef { return stream.StreamRef{StreamName: name} }

func (h *harness) put(name, key string, data []byte) stream.PutRecordOutput {
	h.t.Helper()
	out, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: key, Data: data})
	if err != nil {
		h.t.Fatalf("PutRecord(%s, %q): %v", name, key, err)
	}
	return out
}

// putTo writes a record routed to the shard that owns hash key ehk.
func (h *harness) putTo(name, ehk, key string, data []byte) stream.PutRecordOutput {
	h.t.Helper()
	out, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: key, Data: data, ExplicitHashKey: ehk})
	if err != nil {
		h.t.Fatalf("PutRecord(%s, ehk %s): %v", name, ehk, err)
	}
	return out
}

func (h *harness) iterator(name, shardID string, typ stream.ShardIteratorType, seq string, ts time.Time) string {
	h.t.Helper()
	out, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{
		StreamRef: ref(name), ShardId: shardID, ShardIteratorType: typ, StartingSequenceNumber: seq, Timestamp: ts,
	})
	if err != nil {
		h.t.Fatalf("GetShardIterator(%s, %s, %s, %q, %v): %v", name, shardID, typ, seq, ts, err)
	}
	if out.ShardIterator == "" {
		h.t.Fatalf("GetShardIterator(%s, %s, %s): empty iterator", name, shardID, typ)
	}
	return out.ShardIterator
}

// get makes one GetRecords call; limit 0 means the default.
func (h *harness) get(it string, limit int) stream.GetRecordsOutput {
	h.t.Helper()
	out, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: limit})
	if err != nil {
		h.t.Fatalf("GetRecords(limit %d): %v", limit, err)
	}
	return out
}

// retry runs f until it returns something other than ProvisionedThroughputExceeded, advancing the clock by a
// second after each throttled attempt, so that helpers work on throttled streams too.
func (h *harness) retry(f func() error) error {
	for range 100 {
		err := f()
		if !errors.Is(err, apierr.ProvisionedThroughputExceeded) {
			return err
		}
		h.clk.Advance(time.Second)
	}
	h.t.Fatalf("still throttled after 100 s")
	return nil
}

// readShard reads every readable record of a shard from TRIM_HORIZON, tolerating throttling.
func (h *harness) readShard(name, shardID string) []record.Record {
	h.t.Helper()
	var it string
	if err := h.retry(func() error {
		out, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref(name), ShardId: shardID, ShardIteratorType: stream.TrimHorizon})
		it = out.ShardIterator
		return err
	}); err != nil {
		h.t.Fatalf("GetShardIterator(%s, %s): %v", name, shardID, err)
	}
	var all []record.Record
	for {
		var out stream.GetRecordsOutput
		if err := h.retry(func() error {
			var err error
			out, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
			return err
		}); err != nil {
			h.t.Fatalf("GetRecords(%s, %s): %v", name, shardID, err)
		}
		all = append(all, out.Records...)
		if len(out.Records) == 0 || out.NextShardIterator == "" {
			return all
		}
		it = out.NextShardIterator
	}
}

// shards lists every shard of a stream, following NextToken.
func (h *harness) shards(name string) []stream.Shard {
	h.t.Helper()
	var all []stream.Shard
	in := stream.ListShardsInput{StreamRef: ref(name)}
	for {
		out, err := h.e.ListShards(h.ctx, in)
		if err != nil {
			h.t.Fatalf("ListShards(%s): %v", name, err)
		}
		all = append(all, out.Shards...)
		if out.NextToken == "" {
			return all
		}
		in = stream.ListShardsInput{NextToken: out.NextToken}
	}
}

// readAll returns every readable record of the stream, shard by shard.
func (h *harness) readAll(name string) []record.Record {
	h.t.Helper()
	var all []record.Record
	for _, s := range h.shards(name) {
		all = append(all, h.readShard(name, s.ShardId)...)
	}
	return all
}

func (h *harness) count(name string) int {
	h.t.Helper()
	return len(h.readAll(name))
}

func (h *harness) summary(name string) stream.StreamSummary {
	h.t.Helper()
	s, err := h.e.DescribeStreamSummary(h.ctx, ref(name))
	if err != nil {
		h.t.Fatalf("DescribeStreamSummary(%s): %v", name, err)
	}
	return s
}

// forEachThrottling runs body against a fresh target holding a 2-shard stream named "conf", once on an engine
// whose streams are throttled and once on one whose streams are not. Bodies use low rates, where AWS's limits
// are never reached, so the behaviour must be the same in both modes.
func forEachThrottling(t *testing.T, newTarget NewTarget, n *tally, body func(t *testing.T, h *harness, name string)) {
	t.Helper()
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("throttling=%v", on), func(t *testing.T) {
			h := newHarness(t, newTarget, n, stream.WithThrottling(on))
			h.create("conf", 2)
			body(t, h, "conf")
		})
	}
}

// wantErr fails unless err is of kind sentinel; a non-empty msg must equal the error's Message exactly.
func wantErr(t testing.TB, err error, sentinel *apierr.Error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", sentinel.Code)
	}
	if !errors.Is(err, sentinel) {
		t.Fatalf("got error %v, want kind %s", err, sentinel.Code)
	}
	if msg == "" {
		return
	}
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an *apierr.Error", err)
	}
	if ae.Message != msg {
		t.Fatalf("%s message\n got: %s\nwant: %s", ae.Code, ae.Message, msg)
	}
}

// wantErrPrefixSuffix is wantErr for messages whose middle part is not fixed.
func wantErrPrefixSuffix(t testing.TB, err error, sentinel *apierr.Error, prefix, suffix string) {
	t.Helper()
	wantErr(t, err, sentinel, "")
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an *apierr.Error", err)
	}
	if !strings.HasPrefix(ae.Message, prefix) || !strings.HasSuffix(ae.Message, suffix) {
		t.Fatalf("%s message\n got: %s\nwant: %s…%s", ae.Code, ae.Message, prefix, suffix)
	}
}

// validation1 is AWS's framing of a single validation error.
func validation1(value, path, constraint string) string {
	return "1 validation error detected: Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint
}

func streamNotFound(name string) string {
	return fmt.Sprintf("Stream %s under account %s not found.", name, account)
}

func shardNotFound(shardID, name string) string {
	return fmt.Sprintf("Shard %s in stream %s under account %s does not exist", shardID, name, account)
}

// hashKeyOfShard returns the starting hash key of shard i of an n-shard stream, for ExplicitHashKey.
func hashKeyOfShard(i, n int) string { return record.SplitEvenly(n)[i].StartingHashKey.String() }

// sameRecords fails unless got and want hold the same data, keys and sequence numbers in the same order.
func sameRecords(t testing.TB, got, want []record.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if !bytes.Equal(g.Data, w.Data) || g.PartitionKey != w.PartitionKey || g.SequenceNumber != w.SequenceNumber || g.ShardId != w.ShardId ||
			!g.ApproximateArrivalTimestamp.Equal(w.ApproximateArrivalTimestamp) {
			t.Fatalf("record %d: got %+v, want %+v", i, g, w)
		}
	}
}
