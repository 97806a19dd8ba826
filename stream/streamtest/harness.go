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

// harness is a target on a manual clock with helpers that fail the (sub)test on unexpected errors: those of
// Client, and the suites' own.
type harness struct {
	Client
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
	return &harness{Client: Client{T: t, Target: e, Clock: clk}, t: t, e: e, cv: cv, clk: clk, ctx: context.Background(), tally: n}
}

// run runs f as the subtest name, with the harness's helpers failing that subtest.
func (h *harness) run(name string, f func(t *testing.T)) {
	h.t.Run(name, func(t *testing.T) {
		parent := h.t
		h.t, h.T = t, t
		defer func() { h.t, h.T = parent, parent }()
		f(t)
	})
}

// want is one case: err must be of kind, with message msg ("" checks the kind only).
func (h *harness) want(name string, err error, kind *apierr.Error, msg string) {
	h.check(name, "", err, func(t *testing.T) { WantError(t, err, kind, msg) })
}

// wantRequired is a case whose input lacks member, a required member of the SDK's model: a ClientValidator
// refuses it itself; any other target answers it with kind and msg.
func (h *harness) wantRequired(name, member string, err error, kind *apierr.Error, msg string) {
	h.check(name, member, err, func(t *testing.T) { WantError(t, err, kind, msg) })
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

// The messages of the cases, in short.
var (
	validation1    = ValidationMessage
	streamNotFound = StreamNotFoundMessage
	shardNotFound  = ShardNotFoundMessage
)

// hashKeyOfShard returns the starting hash key of shard i of an n-shard stream, for ExplicitHashKey.
func hashKeyOfShard(i, n int) string { return record.SplitEvenly(n)[i].StartingHashKey.String() }

// Client is a [Target] with the helpers of the suites, for tests of a target of one's own: each call fails T
// (Fatalf) on an error, so that a test reads as the calls it makes. The reading helpers ([Client.Retry],
// [Client.TrimHorizon], [Client.Next], [Client.ReadShard], [Client.ReadAll], [Client.Count]) tolerate
// throttling: a call answered ProvisionedThroughputExceeded is made again after Clock has advanced a second,
// 100 times at most, so they work on throttled streams too (Clock must then be the target's clock).
//
// A Client is used from one goroutine at a time, as the suites use a Target.
type Client struct {
	T      testing.TB
	Target Target
	Clock  *clock.Manual
}

// Put writes one record to the stream named name.
func (c *Client) Put(name, key string, data []byte) stream.PutRecordOutput {
	c.T.Helper()
	out, err := c.Target.PutRecord(context.Background(), stream.PutRecordInput{StreamRef: ref(name), PartitionKey: key, Data: data})
	if err != nil {
		c.T.Fatalf("PutRecord(%s, %q): %v", name, key, err)
	}
	return out
}

// PutTo writes one record routed to the shard that owns hash key ehk (its ExplicitHashKey).
func (c *Client) PutTo(name, ehk, key string, data []byte) stream.PutRecordOutput {
	c.T.Helper()
	out, err := c.Target.PutRecord(context.Background(), stream.PutRecordInput{StreamRef: ref(name), PartitionKey: key, Data: data, ExplicitHashKey: ehk})
	if err != nil {
		c.T.Fatalf("PutRecord(%s, ehk %s): %v", name, ehk, err)
	}
	return out
}

// Iterator returns a shard iterator of type typ (seq for the *_SEQUENCE_NUMBER types, ts for AT_TIMESTAMP); it
// fails T on an error or an empty iterator.
func (c *Client) Iterator(name, shardID string, typ stream.ShardIteratorType, seq string, ts time.Time) string {
	c.T.Helper()
	out, err := c.Target.GetShardIterator(context.Background(), stream.GetShardIteratorInput{
		StreamRef: ref(name), ShardId: shardID, ShardIteratorType: typ, StartingSequenceNumber: seq, Timestamp: ts,
	})
	if err != nil {
		c.T.Fatalf("GetShardIterator(%s, %s, %s, %q, %v): %v", name, shardID, typ, seq, ts, err)
	}
	if out.ShardIterator == "" {
		c.T.Fatalf("GetShardIterator(%s, %s, %s): empty iterator", name, shardID, typ)
	}
	return out.ShardIterator
}

// Get makes one GetRecords call of iterator it; limit 0 means the default.
func (c *Client) Get(it string, limit int) stream.GetRecordsOutput {
	c.T.Helper()
	out, err := c.Target.GetRecords(context.Background(), stream.GetRecordsInput{ShardIterator: it, Limit: limit})
	if err != nil {
		c.T.Fatalf("GetRecords(limit %d): %v", limit, err)
	}
	return out
}

// Retry runs f until it returns something other than ProvisionedThroughputExceeded, advancing Clock by a second
// after each throttled attempt, and returns what f returned last; it fails T after 100 throttled attempts.
func (c *Client) Retry(f func() error) error {
	c.T.Helper()
	for range 100 {
		err := f()
		if !errors.Is(err, apierr.ProvisionedThroughputExceeded) {
			return err
		}
		c.Clock.Advance(time.Second)
	}
	c.T.Fatalf("still throttled after 100 s")
	return nil
}

// TrimHorizon returns a TRIM_HORIZON iterator of a shard, tolerating throttling.
func (c *Client) TrimHorizon(name, shardID string) string {
	c.T.Helper()
	var it string
	if err := c.Retry(func() error {
		out, err := c.Target.GetShardIterator(context.Background(), stream.GetShardIteratorInput{StreamRef: ref(name), ShardId: shardID, ShardIteratorType: stream.TrimHorizon})
		it = out.ShardIterator
		return err
	}); err != nil {
		c.T.Fatalf("GetShardIterator(%s, %s): %v", name, shardID, err)
	}
	return it
}

// Next makes one GetRecords call of iterator it with the default limit, tolerating throttling.
func (c *Client) Next(it string) stream.GetRecordsOutput {
	c.T.Helper()
	var out stream.GetRecordsOutput
	if err := c.Retry(func() error {
		var err error
		out, err = c.Target.GetRecords(context.Background(), stream.GetRecordsInput{ShardIterator: it})
		return err
	}); err != nil {
		c.T.Fatalf("GetRecords: %v", err)
	}
	return out
}

// ReadShard reads every readable record of a shard from TRIM_HORIZON until a call returns none or the shard's
// end, tolerating throttling.
func (c *Client) ReadShard(name, shardID string) []record.Record {
	c.T.Helper()
	it := c.TrimHorizon(name, shardID)
	var all []record.Record
	for {
		out := c.Next(it)
		all = append(all, out.Records...)
		if len(out.Records) == 0 || out.NextShardIterator == "" {
			return all
		}
		it = out.NextShardIterator
	}
}

// Shards lists every shard of a stream, following NextToken.
func (c *Client) Shards(name string) []stream.Shard {
	c.T.Helper()
	var all []stream.Shard
	in := stream.ListShardsInput{StreamRef: ref(name)}
	for {
		out, err := c.Target.ListShards(context.Background(), in)
		if err != nil {
			c.T.Fatalf("ListShards(%s): %v", name, err)
		}
		all = append(all, out.Shards...)
		if out.NextToken == "" {
			return all
		}
		in = stream.ListShardsInput{NextToken: out.NextToken}
	}
}

// ReadAll returns every readable record of a stream, shard by shard ([Client.ReadShard] of each of its
// [Client.Shards]).
func (c *Client) ReadAll(name string) []record.Record {
	c.T.Helper()
	var all []record.Record
	for _, s := range c.Shards(name) {
		all = append(all, c.ReadShard(name, s.ShardId)...)
	}
	return all
}

// Count returns the number of readable records of a stream (those of [Client.ReadAll]).
func (c *Client) Count(name string) int {
	c.T.Helper()
	return len(c.ReadAll(name))
}

// Summary returns DescribeStreamSummary's answer for a stream.
func (c *Client) Summary(name string) stream.StreamSummary {
	c.T.Helper()
	s, err := c.Target.DescribeStreamSummary(context.Background(), ref(name))
	if err != nil {
		c.T.Fatalf("DescribeStreamSummary(%s): %v", name, err)
	}
	return s
}

// WantError fails t (Fatalf) unless err is of kind (errors.Is); a non-empty msg must equal the Message of its
// *apierr.Error exactly.
func WantError(t testing.TB, err error, kind *apierr.Error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", kind.Code)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("got error %v, want kind %s", err, kind.Code)
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

// WantErrorAround is [WantError] for a message whose middle part is not fixed (a time, a generated name): the
// Message must begin with prefix and end with suffix.
func WantErrorAround(t testing.TB, err error, kind *apierr.Error, prefix, suffix string) {
	t.Helper()
	WantError(t, err, kind, "")
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an *apierr.Error", err)
	}
	if !strings.HasPrefix(ae.Message, prefix) || !strings.HasSuffix(ae.Message, suffix) {
		t.Fatalf("%s message\n got: %s\nwant: %s…%s", ae.Code, ae.Message, prefix, suffix)
	}
}

// SameRecords fails t (Fatalf) unless got and want hold the same records in the same order: data, partition
// keys, sequence numbers, shard ids and arrival times.
func SameRecords(t testing.TB, got, want []record.Record) {
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

// ValidationMessage is AWS's message of a ValidationException with one validation error: value (as AWS quotes
// it: 'name' for a string, a number bare) at the member path failing constraint.
func ValidationMessage(value, path, constraint string) string {
	return "1 validation error detected: Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint
}

// StreamNotFoundMessage is the ResourceNotFoundException message of a stream named name that the default
// account (000000000000, as [NewTarget] requires) does not hold.
func StreamNotFoundMessage(name string) string {
	return fmt.Sprintf("Stream %s under account %s not found.", name, account)
}

// ShardNotFoundMessage is the ResourceNotFoundException message of a shard shardID that the stream named name, of
// the default account, does not have.
func ShardNotFoundMessage(shardID, name string) string {
	return fmt.Sprintf("Shard %s in stream %s under account %s does not exist", shardID, name, account)
}
