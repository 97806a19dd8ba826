package kinesimtest

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// DefaultSeed is the seed of a test account unless an option sets another.
const DefaultSeed = 1

// Account is a kinesim account for one test: a *kinesim.Account whose Close is registered with t.Cleanup, with
// helpers that fail the test on error. It is safe for concurrent use, as the account is; the helpers call t.Fatalf
// and so belong on the test's goroutine.
type Account struct {
	*kinesim.Account
	t testing.TB
}

// New returns an account for t with the test defaults (see the package documentation) overridden by opts. When
// the test ends the account is closed, and the test fails if any goroutine of the account is still running.
func New(t testing.TB, opts ...kinesim.Option) *Account {
	t.Helper()
	defaults := []kinesim.Option{
		kinesim.WithSeed(DefaultSeed),
		kinesim.WithStreamOptions(stream.WithThrottling(false), stream.WithStatusDelays(0, 0, 0)),
		kinesim.WithFirehoseOptions(firehose.WithThrottling(false), firehose.WithStatusDelays(0, 0)),
	}
	a := &Account{Account: kinesim.New(append(defaults, opts...)...), t: t}
	t.Cleanup(func() {
		_ = a.Close()
		if leaked := goroutinesOf(a.Label()); leaked != "" {
			t.Errorf("kinesimtest: goroutines of the account are still running after Close:\n%s", leaked)
		}
	})
	return a
}

// goroutinesOf returns the stacks of the goroutines labelled as the account's (see lifecycle.LabelKey), or "" if
// there are none. A goroutine that Close has waited for may still be returning: it gets a moment to finish.
func goroutinesOf(label string) string {
	marker := fmt.Sprintf("%q:%q", lifecycle.LabelKey, label+"/")
	marker = marker[:len(marker)-1] // match the value's prefix: `"kinesim":"account-3/`
	var found string
	for wait := time.Duration(0); wait < time.Second; wait += time.Millisecond {
		var buf bytes.Buffer
		_ = pprof.Lookup("goroutine").WriteTo(&buf, 1)
		found = ""
		for _, block := range strings.Split(buf.String(), "\n\n") {
			if strings.Contains(block, marker) {
				found += block + "\n\n"
			}
		}
		if found == "" {
			return ""
		}
		runtime.Gosched()
		_ = clock.Sleep(context.Background(), clock.Real, time.Millisecond)
	}
	return found
}

// ctx is the context of the helpers' calls: the test's, done when the test ends.
func (a *Account) ctx() context.Context { return a.t.Context() }

// CreateStream creates a provisioned stream of n shards and waits until it is ACTIVE (see
// [Account.WaitUntilActive]); it returns the stream's reference.
func (a *Account) CreateStream(name string, n int) stream.StreamRef {
	a.t.Helper()
	return a.CreateStreamWith(stream.CreateStreamInput{StreamName: name, ShardCount: n})
}

// CreateStreamWith creates a stream from in (an on-demand one, with tags, …) and waits until it is ACTIVE.
func (a *Account) CreateStreamWith(in stream.CreateStreamInput) stream.StreamRef {
	a.t.Helper()
	if err := a.Streams().CreateStream(a.ctx(), in); err != nil {
		a.t.Fatalf("kinesimtest: CreateStream(%s): %v", in.StreamName, err)
	}
	ref := stream.StreamRef{StreamName: in.StreamName}
	a.WaitUntilActive(ref)
	return ref
}

// WaitUntilActive waits until the stream is ACTIVE. On a clock.Manual it advances the clock, timer by timer, until
// the status delay has passed (the test asked for the stream to be ready: time goes by); on another clock it blocks
// until the status changes, or the test's context ends.
func (a *Account) WaitUntilActive(ref stream.StreamRef) {
	a.t.Helper()
	e := a.Streams()
	if m, ok := a.Clock().(*clock.Manual); ok {
		for {
			sum, err := e.DescribeStreamSummary(a.ctx(), ref)
			if err != nil {
				a.t.Fatalf("kinesimtest: DescribeStreamSummary(%s): %v", ref.StreamName, err)
			}
			if sum.StreamStatus == stream.StreamStatusActive {
				return
			}
			if !m.Step() {
				a.t.Fatalf("kinesimtest: stream %s is %s and no timer is armed to end it", ref.StreamName, sum.StreamStatus)
			}
		}
	}
	if err := e.WaitUntilActive(a.ctx(), ref); err != nil {
		a.t.Fatalf("kinesimtest: waiting for %s to be ACTIVE: %v", ref.StreamName, err)
	}
}

// Put writes one record and returns where it went.
func (a *Account) Put(ref stream.StreamRef, partitionKey string, data []byte) stream.PutRecordOutput {
	a.t.Helper()
	out, err := a.Streams().PutRecord(a.ctx(), stream.PutRecordInput{StreamRef: ref, PartitionKey: partitionKey, Data: data})
	if err != nil {
		a.t.Fatalf("kinesimtest: PutRecord(%s, %q): %v", ref.StreamName, partitionKey, err)
	}
	return out
}

// ReadAll returns every readable record of the stream, across reshards: each shard's records in sequence-number
// order, a parent shard's before its children's (stream.Engine.Follow with StopAtTip). The records' Data are
// copies the test may keep and change.
func (a *Account) ReadAll(ref stream.StreamRef) []record.Record {
	a.t.Helper()
	var all []record.Record
	for r, err := range a.Streams().Follow(a.ctx(), stream.FollowInput{StreamRef: ref, StopAtTip: true}) {
		if err != nil {
			a.t.Fatalf("kinesimtest: reading %s: %v", ref.StreamName, err)
		}
		r.Data = bytes.Clone(r.Data)
		all = append(all, r)
	}
	return all
}

// Shards returns every shard of the stream that has not expired, in shard-id order, following ListShards'
// NextToken over as many pages as there are.
func (a *Account) Shards(ref stream.StreamRef) []stream.Shard {
	a.t.Helper()
	var shards []stream.Shard
	in := stream.ListShardsInput{StreamRef: ref}
	for {
		out, err := a.Streams().ListShards(a.ctx(), in)
		if err != nil {
			a.t.Fatalf("kinesimtest: ListShards(%s): %v", ref.StreamName, err)
		}
		shards = append(shards, out.Shards...)
		if out.NextToken == "" {
			return shards
		}
		in = stream.ListShardsInput{NextToken: out.NextToken}
	}
}

// StreamNames returns the names of every stream of the account, in name order, following ListStreams' NextToken.
func (a *Account) StreamNames() []string {
	a.t.Helper()
	var names []string
	in := stream.ListStreamsInput{}
	for {
		out, err := a.Streams().ListStreams(a.ctx(), in)
		if err != nil {
			a.t.Fatalf("kinesimtest: ListStreams: %v", err)
		}
		names = append(names, out.StreamNames...)
		if !out.HasMoreStreams {
			return names
		}
		in = stream.ListStreamsInput{NextToken: out.NextToken}
	}
}
