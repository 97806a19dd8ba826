package stream_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/stream"
)

// The tests of DryRun follow the Kinesis Data Streams Developer Guide, "Test your permissions and request inputs
// with dry run" (kds-dryrun-validation): with DryRun true, Kinesis "checks your request parameters, and confirms
// that the target resource exists ... without running the operation or reading or writing any data. If all
// checks pass, the API returns HTTP 400 with a DryRunOperationException ... If any check fails, the API returns
// the same error that the actual operation would return"; dry runs have "a dedicated limit of 1 transaction per
// second (TPS) per stream, separate from the stream's normal per-shard throughput limits", shared by PutRecord,
// PutRecords, GetRecords, GetShardIterator and SubscribeToShard, and past it "the API returns
// ThrottlingException".

// wantDryRun fails the test unless err is DryRunOperation.
func wantDryRun(t testing.TB, what string, err error) {
	t.Helper()
	if !errors.Is(err, apierr.DryRunOperation) {
		t.Errorf("%s: %v, want DryRunOperationException", what, err)
	}
}

// nextSecond moves the clock past the stream's dry-run limit.
func (h *harness) nextSecond() { h.clk.Advance(time.Second / stream.DryRunCallsPerStream) }

// The dry-run page: "It performs these checks without running the operation or reading or writing any data."
func TestDryRunPutWritesNothingAndAnswersDryRunOperation(t *testing.T) {
	h := newHarness(t, stream.WithThrottling(true))
	h.create("s", 2)
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: payload(mib-1, 'a'), DryRun: true})
	wantDryRun(t, "PutRecord", err)
	h.nextSecond()
	out, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), DryRun: true, Records: []stream.PutRecordsEntry{
		{PartitionKey: "a", Data: []byte("x")}, {PartitionKey: "b", ExplicitHashKey: "0", Data: []byte("y")},
	}})
	wantDryRun(t, "PutRecords", err)
	if out.Records != nil || out.FailedRecordCount != 0 {
		t.Errorf("PutRecords dry run returned results %+v", out)
	}
	if n := h.Count("s"); n != 0 {
		t.Fatalf("the stream holds %d records after dry runs, want 0", n)
	}
	// No metric counts them, and the shard's write budget is untouched: a real 1 MiB put right after succeeds.
	if tot := rsTotal(h.metrics("s", "", t0, time.Minute)); tot.IncomingRecords != 0 || tot.IncomingBytes != 0 || tot.WriteProvisionedThroughputExceeded != 0 {
		t.Errorf("metrics after dry runs: %+v", tot)
	}
	if _, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: payload(mib-1, 'a')}); err != nil {
		t.Fatalf("a real put after the dry run: %v", err)
	}
}

// The dry-run page: "If any check fails, the API returns the same error that the actual operation would
// return". Each case is called twice, without and with DryRun, and must fail the same way both times.
func TestDryRunWithABadParameterAnswersTheRealCallsError(t *testing.T) {
	h := newHarness(t, stream.WithThrottling(true))
	h.create("s", 1)
	h.create("other", 1)
	stale := h.TrimHorizon("s", shard0)
	h.clk.Advance(stream.IteratorLifetime + time.Second)
	it := h.TrimHorizon("s", shard0)
	tooMany := make([]stream.PutRecordsEntry, stream.MaxPutRecordsEntries+1)
	for i := range tooMany {
		tooMany[i] = stream.PutRecordsEntry{PartitionKey: "k"}
	}
	big := make([]stream.PutRecordsEntry, 6)
	for i := range big {
		big[i] = stream.PutRecordsEntry{PartitionKey: "k", Data: payload(mib-1, 'b')}
	}
	cases := []struct {
		name string
		want *apierr.Error
		call func(dry bool) error
	}{
		{"PutRecord without a partition key", apierr.Validation, func(dry bool) error {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), Data: []byte("x"), DryRun: dry})
			return err
		}},
		{"PutRecord over the stream's record size", apierr.Validation, func(dry bool) error {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: payload(mib, 'c'), DryRun: dry})
			return err
		}},
		{"PutRecord with a hash key above 2^128-1", apierr.InvalidArgument, func(dry bool) error {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", ExplicitHashKey: "340282366920938463463374607431768211456", DryRun: dry})
			return err
		}},
		{"PutRecord with a foreign SequenceNumberForOrdering", apierr.InvalidArgument, func(dry bool) error {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", SequenceNumberForOrdering: "1", DryRun: dry})
			return err
		}},
		{"PutRecords of 501 entries", apierr.Validation, func(dry bool) error {
			_, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: tooMany, DryRun: dry})
			return err
		}},
		{"PutRecords of no entries", apierr.Validation, func(dry bool) error {
			_, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), DryRun: dry})
			return err
		}},
		{"PutRecords over 5 MiB", apierr.InvalidArgument, func(dry bool) error {
			_, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: big, DryRun: dry})
			return err
		}},
		{"PutRecords with an entry over the record size", apierr.Validation, func(dry bool) error {
			_, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), DryRun: dry, Records: []stream.PutRecordsEntry{
				{PartitionKey: "k", Data: []byte("fine")}, {PartitionKey: "k", Data: payload(mib, 'd')},
			}})
			return err
		}},
		{"GetShardIterator AT_TIMESTAMP in the future", apierr.InvalidArgument, func(dry bool) error {
			_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: shard0, ShardIteratorType: stream.AtTimestamp, Timestamp: h.clk.Now().Add(time.Hour), DryRun: dry})
			return err
		}},
		{"GetShardIterator AT_SEQUENCE_NUMBER without a number", apierr.InvalidArgument, func(dry bool) error {
			_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: shard0, ShardIteratorType: stream.AtSequenceNumber, DryRun: dry})
			return err
		}},
		{"GetShardIterator of an unknown type", apierr.Validation, func(dry bool) error {
			_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: shard0, ShardIteratorType: "SOMEWHERE", DryRun: dry})
			return err
		}},
		{"GetShardIterator of a missing shard", apierr.ResourceNotFound, func(dry bool) error {
			_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: "shardId-000000000007", ShardIteratorType: stream.TrimHorizon, DryRun: dry})
			return err
		}},
		{"GetRecords with a forged iterator", apierr.InvalidArgument, func(dry bool) error {
			_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: "AAAAforged", DryRun: dry})
			return err
		}},
		{"GetRecords with an expired iterator", apierr.ExpiredIterator, func(dry bool) error {
			_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: stale, DryRun: dry})
			return err
		}},
		{"GetRecords with another stream's ARN", apierr.ResourceNotFound, func(dry bool) error {
			_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, StreamARN: streamARN("other"), DryRun: dry})
			return err
		}},
		{"SubscribeToShard of a missing consumer", apierr.ResourceNotFound, func(dry bool) error {
			_, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: streamARN("s") + "/consumer/none:1", ShardId: shard0, StartingPosition: latest, DryRun: dry})
			return err
		}},
		{"SubscribeToShard without a starting position", apierr.Validation, func(dry bool) error {
			_, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: streamARN("s") + "/consumer/none:1", ShardId: shard0, DryRun: dry})
			return err
		}},
	}
	for _, c := range cases {
		real, dry := c.call(false), c.call(true)
		if !errors.Is(real, c.want) {
			t.Errorf("%s: the real call's error is %v, want %s", c.name, real, c.want.Code)
			continue
		}
		if dry == nil || dry.Error() != real.Error() {
			t.Errorf("%s: the dry run's error is %v, want the real call's %v", c.name, dry, real)
		}
	}
	// None of the refused dry runs took the dry-run limit: a valid one now is answered.
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", DryRun: true})
	wantDryRun(t, "PutRecord after refused dry runs", err)
	if n := h.Count("s"); n != 0 {
		t.Errorf("the stream holds %d records, want 0", n)
	}
}

// The dry-run page: Kinesis "confirms that the target resource exists"; "ResourceNotFoundException – The
// specified stream or consumer does not exist."
func TestDryRunOnAMissingStreamIsResourceNotFound(t *testing.T) {
	h := newHarness(t)
	calls := map[string]func() error{
		"PutRecord": func() error {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("missing"), PartitionKey: "k", DryRun: true})
			return err
		},
		"PutRecords": func() error {
			_, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("missing"), Records: []stream.PutRecordsEntry{{PartitionKey: "k"}}, DryRun: true})
			return err
		},
		"GetShardIterator": func() error {
			_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("missing"), ShardId: shard0, ShardIteratorType: stream.Latest, DryRun: true})
			return err
		},
		"SubscribeToShard": func() error {
			_, err := h.e.SubscribeToShard(h.ctx, stream.SubscribeToShardInput{ConsumerARN: streamARN("missing") + "/consumer/app:1", ShardId: shard0, StartingPosition: latest, DryRun: true})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, apierr.ResourceNotFound) {
			t.Errorf("%s on a missing stream: %v, want ResourceNotFoundException", name, err)
		}
	}
	// GetRecords names its stream by its iterator: one of a deleted stream is ResourceNotFound too.
	h.create("gone", 1)
	it := h.TrimHorizon("gone", shard0)
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("gone")}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, DryRun: true}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("GetRecords of a deleted stream: %v, want ResourceNotFoundException", err)
	}
}

// The dry-run page: no data is read, and the dry-run limit is "separate from the stream's normal per-shard
// throughput limits": a GetRecords dry run neither spends its iterator nor one of the shard's 5 reads a second,
// and a shard whose reads are used up still answers a dry run.
func TestGetRecordsDryRunKeepsTheIteratorUsable(t *testing.T) {
	h := newHarness(t, stream.WithThrottling(true))
	h.create("s", 1)
	h.Put("s", "k", []byte("one"))
	it := h.TrimHorizon("s", shard0)
	out, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, DryRun: true})
	wantDryRun(t, "GetRecords", err)
	if out.Records != nil || out.NextShardIterator != "" {
		t.Errorf("the dry run returned %+v", out)
	}
	if tot := rsTotal(h.metrics("s", "", t0, time.Minute)); tot.OutgoingRecords != 0 || tot.OutgoingBytes != 0 || tot.ReadProvisionedThroughputExceeded != 0 {
		t.Errorf("metrics after a dry read: %+v", tot)
	}
	// reads makes the shard's five reads of a second with it, each returning the record, and checks that a
	// sixth is throttled.
	reads := func(when string) {
		t.Helper()
		for i := range stream.ReadCallsPerShard {
			got, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
			if err != nil {
				t.Fatalf("%s: real read %d: %v", when, i, err)
			}
			if len(got.Records) != 1 || string(got.Records[0].Data) != "one" {
				t.Fatalf("%s: real read %d: %d records", when, i, len(got.Records))
			}
		}
		if _, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it}); !errors.Is(err, apierr.ProvisionedThroughputExceeded) {
			t.Fatalf("%s: a sixth read in the second: %v, want ProvisionedThroughputExceededException", when, err)
		}
	}
	reads("after the dry run") // the same iterator, and all five reads of the second
	h.nextSecond()
	reads("a second later")
	_, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, DryRun: true})
	wantDryRun(t, "a dry run on a shard out of reads", err)
}

// The dry-run page: "Requests with DryRun enabled are subject to a dedicated limit of 1 transaction per second
// (TPS) per stream ... This limit is shared across all supported dry run APIs ... on the same stream. If you
// exceed this limit, the API returns ThrottlingException." A throttled dry run changes nothing (it does not
// count), and a stream that does not throttle has no dry-run limit.
func TestDryRunsAreLimitedToOnePerSecondPerStream(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("throttling=%v", on), func(t *testing.T) {
			h := newHarness(t)
			h.create("s", 1, throttling(on))
			h.create("other", 1, throttling(on))
			putDry := func(name string) error {
				_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: "k", DryRun: true})
				return err
			}
			iterDry := func() error {
				_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: shard0, ShardIteratorType: stream.Latest, DryRun: true})
				return err
			}
			wantDryRun(t, "the first dry run", putDry("s"))
			h.clk.Advance(500 * time.Millisecond)
			err := iterDry() // another operation, the same stream, half a second later
			if !on {
				wantDryRun(t, "a second dry run without throttling", err)
				wantDryRun(t, "a third dry run without throttling", putDry("s"))
				return
			}
			if !errors.Is(err, apierr.Throttling) || !apierr.IsRetryable(err) || !strings.Contains(err.Error(), "stream s ") {
				t.Fatalf("a second dry run within the second: %v, want a ThrottlingException naming the stream", err)
			}
			wantDryRun(t, "a dry run on another stream", putDry("other"))
			// A second after the first, not after the throttled one: the throttled call did not count.
			h.clk.Advance(500 * time.Millisecond)
			wantDryRun(t, "a dry run a second after the first", iterDry())
			// Real calls neither take the dry-run limit nor are refused by it.
			h.Put("s", "k", []byte("x"))
			if _, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: shard0, ShardIteratorType: stream.Latest}); err != nil {
				t.Errorf("a real call while the dry-run limit is used: %v", err)
			}
		})
	}
}

// The dry-run page: no operation is run; for SubscribeToShard, no subscription is opened, so a real subscription
// right after it is not refused for one less than 5 seconds old, and with a live subscription a dry run fails as
// the real call would (ResourceInUse).
func TestSubscribeToShardDryRunOpensNoSubscription(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, c := efoHarness(t)
		in := stream.SubscribeToShardInput{ConsumerARN: c.ConsumerARN, ShardId: shard0, StartingPosition: latest, DryRun: true}
		sub, err := h.e.SubscribeToShard(h.ctx, in)
		wantDryRun(t, "SubscribeToShard", err)
		if sub != nil {
			t.Fatal("the dry run returned a subscription")
		}
		live := h.subscribe(c.ConsumerARN, shard0, latest)
		none(t, live)
		h.nextSecond()
		if _, err := h.e.SubscribeToShard(h.ctx, in); !errors.Is(err, apierr.ResourceInUse) {
			t.Errorf("a dry run beside a live subscription: %v, want ResourceInUseException", err)
		}
		// The refused dry run did not end or take over the live subscription.
		h.Put("s", "k", []byte("a"))
		if ev := next(t, live); datas(ev.Records) != "a" {
			t.Errorf("the live subscription got %q", datas(ev.Records))
		}
	})
}

// Controls see a dry run as they see the real call: the same operation, its input with DryRun set, and an error a
// control answers is the call's.
func TestControlsSeeADryRunAsTheRealCall(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	var seen []stream.PutRecordInput
	remove := h.e.Control(stream.OpPutRecord, func(c control.Call) (control.Response, bool) {
		seen = append(seen, c.Input.(stream.PutRecordInput))
		return control.Response{}, false
	}, control.Keep())
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", DryRun: true})
	wantDryRun(t, "PutRecord", err)
	remove()
	if len(seen) != 1 || !seen[0].DryRun || seen[0].PartitionKey != "k" {
		t.Fatalf("the control saw %+v", seen)
	}
	h.e.Control(stream.OpGetShardIterator, func(control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.AccessDenied.New("not allowed")}, true
	})
	if _, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: shard0, ShardIteratorType: stream.Latest, DryRun: true}); !errors.Is(err, apierr.AccessDenied) {
		t.Errorf("a dry run a control refuses: %v, want AccessDeniedException", err)
	}
}
