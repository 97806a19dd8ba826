package streamtest

// The error cases of the stream-level operations outside the groups of errorspec.go (the shard quota, on-demand
// creation, streams named by ARN, ListStreams tokens and limits, the record-size setting, streams not yet
// ACTIVE, DescribeStream and DescribeLimits), moved here from package stream's spec tests (each group names the
// test it came from) so that they run against every target.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// streamGroups are the groups of this file, run by RunErrorSpec after its own.
var streamGroups = []struct {
	name string
	run  func(*testing.T, NewTarget, *tally)
}{
	{"ShardQuotaLimitsSplits", shardQuotaLimitsSplits},
	{"UpdateShardCountAbove10000ShardsIsLimitExceeded", updateShardCountAbove10000ShardsIsLimitExceeded},
	{"RejectedUpdateShardCountDoesNotCount", rejectedUpdateShardCountDoesNotCount},
	{"OnDemandCreateStreamBadInput", onDemandCreateStreamBadInput},
	{"StreamARNInPlaceOfNameBadInput", streamARNInPlaceOfNameBadInput},
	{"ListStreamsBadInput", listStreamsBadInput},
	{"MaxRecordSizeBadInput", maxRecordSizeBadInput},
	{"CreatingStreamIsNotFoundForData", creatingStreamIsNotFoundForData},
	{"CreatingAndDeletingStreamsShareTheLimitOfFive", creatingAndDeletingStreamsShareTheLimitOfFive},
	{"DescribeStreamBadInput", describeStreamBadInput},
	{"DescribeLimitsTakesOneCallPerSecond", describeLimitsTakesOneCallPerSecond},
}

// From stream's TestShardQuotaLimitsSplits: the account's shard quota counts open shards (API reference,
// SplitShard, UpdateShardCount, CreateStream: LimitExceededException "the number of shards … would exceed the
// shard limit for the account"); closed shards and deleted streams do not count.
func shardQuotaLimitsSplits(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithShardLimit(3))
	h.create("a", 1)
	h.create("b", 1)
	if err := h.split("a", "shardId-000000000000", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatalf("split within the quota: %v", err)
	}
	before := h.Shards("a")
	err := h.split("a", "shardId-000000000001", record.SplitEvenly(4)[1].StartingHashKey.String())
	h.check("split over the quota", "", err, func(t *testing.T) {
		WantError(t, err, apierr.LimitExceeded, "")
		if ae := (*apierr.Error)(nil); !errors.As(err, &ae) || !strings.Contains(ae.Message, "Current shard count for the account: 3. Limit: 3.") {
			t.Errorf("message: %v", err)
		}
	}, h.sameShards("a", before))
	h.want("split of another stream over the quota", h.split("b", "shardId-000000000000", record.SplitEvenly(2)[1].StartingHashKey.String()), apierr.LimitExceeded, "")
	_, err = h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("a"), TargetShardCount: 3})
	h.wantThen("UpdateShardCount over the quota", err, apierr.LimitExceeded, "", h.sameShards("a", before))
	h.want("CreateStream over the quota", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "c", ShardCount: 1}), apierr.LimitExceeded, "")
	// Closed shards do not count: a merge frees one open shard, and the split fits again.
	if err := h.merge("a", "shardId-000000000001", "shardId-000000000002"); err != nil {
		t.Fatal(err)
	}
	if err := h.split("b", "shardId-000000000000", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatalf("split after a merge freed a shard: %v", err)
	}
	// A deleted stream's shards are free again.
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("a")}); err != nil {
		t.Fatal(err)
	}
	if err := h.split("b", "shardId-000000000001", record.SplitEvenly(4)[1].StartingHashKey.String()); err != nil {
		t.Fatalf("split after deleting a stream: %v", err)
	}
}

// From stream's TestUpdateShardCountAbove10000ShardsIsLimitExceeded: API reference, UpdateShardCount: you cannot
// "Scale up to more than 10000 shards in a stream".
func updateShardCountAbove10000ShardsIsLimitExceeded(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 6000)
	_, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 10001})
	h.wantThen("10001 shards", err, apierr.LimitExceeded, "UpdateShardCount cannot scale stream s above 10000 shards. Target shard count: 10001.", func(t *testing.T) {
		if n := h.Summary("s").OpenShardCount; n != 6000 {
			t.Fatalf("OpenShardCount %d after a refused scaling, want 6000", n)
		}
	})
}

// From stream's TestRejectedUpdateShardCountDoesNotCount: a call refused for the account's shard quota changes
// nothing, so it does not use up one of the stream's 10 scalings a day (API reference, UpdateShardCount).
func rejectedUpdateShardCountDoesNotCount(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithShardLimit(3))
	h.create("s", 2)
	for i := range stream.MaxShardCountUpdatesPerDay {
		_, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 4})
		h.check(fmt.Sprint("over the quota ", i+1), "", err, func(t *testing.T) {
			WantError(t, err, apierr.LimitExceeded, "")
			if ae := (*apierr.Error)(nil); !errors.As(err, &ae) || !strings.Contains(ae.Message, "shard limit for the account") {
				t.Fatalf("refused for another reason: %v", err)
			}
		})
	}
	if _, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 3}); err != nil {
		t.Fatalf("UpdateShardCount within the quota after %d calls refused by the quota: %v", stream.MaxShardCountUpdatesPerDay, err)
	}
}

// From stream's TestOnDemandStreamStartsWithFourShards: an on-demand stream takes no shard count (API reference,
// CreateStream: ShardCount "only … for provisioned"), an unknown mode is a ValidationException (shapes.StreamMode);
// nothing is created. Its 4 shards count against the account's quota.
func onDemandCreateStreamBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.createOnDemand("od")
	notCreated := func(name string) func(*testing.T) {
		return func(t *testing.T) {
			if _, err := h.e.DescribeStreamSummary(h.ctx, ref(name)); err == nil {
				t.Fatalf("the refused stream %s exists", name)
			}
		}
	}
	h.wantThen("ON_DEMAND with a shard count", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "od2", ShardCount: 2, StreamMode: stream.StreamModeOnDemand}),
		apierr.InvalidArgument, "", notCreated("od2"))
	h.wantThen("mode SOMETIMES", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "od3", StreamMode: "SOMETIMES"}), apierr.Validation, "", notCreated("od3"))
	h2 := newHarness(t, newTarget, n, stream.WithShardLimit(5))
	h2.createOnDemand("od")
	h2.wantThen("provisioned stream beside an on-demand one over the quota", h2.e.CreateStream(h2.ctx, stream.CreateStreamInput{StreamName: "p", ShardCount: 2}),
		apierr.LimitExceeded, "", notCreated("p"))
}

// From stream's TestStreamARNAcceptedInPlaceOfName: a StreamARN names the stream in place of its name (API
// reference, "StreamARN" members); with a name, the two must agree (InvalidArgument); an ARN of another region
// or account finds nothing; a malformed ARN, or no stream at all, is an InvalidArgumentException.
func streamARNInPlaceOfNameBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 2)
	h.create("other", 1)
	arnS := streamARN("s")
	describe := func(ref stream.StreamRef) error {
		_, err := h.e.DescribeStreamSummary(h.ctx, ref)
		return err
	}
	h.want("name and ARN of two streams", describe(stream.StreamRef{StreamName: "other", StreamARN: arnS}), apierr.InvalidArgument, "")
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, StreamARN: streamARN("other")})
	h.want("GetRecords with the ARN of another stream", err, apierr.ResourceNotFound, "")
	h.want("ARN of another region", describe(stream.StreamRef{StreamARN: "arn:aws:kinesis:eu-west-1:000000000000:stream/s"}), apierr.ResourceNotFound, "")
	h.want("ARN of another account", describe(stream.StreamRef{StreamARN: "arn:aws:kinesis:us-east-1:111111111111:stream/s"}), apierr.ResourceNotFound, "Stream s under account 111111111111 not found.")
	h.want("not an ARN", describe(stream.StreamRef{StreamARN: "not-an-arn"}), apierr.InvalidArgument, "")
	h.want("no stream", describe(stream.StreamRef{}), apierr.InvalidArgument, "")
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: stream.StreamRef{StreamARN: arnS}}); err != nil {
		t.Fatal(err)
	}
	h.want("deleted by ARN", describe(stream.StreamRef{StreamARN: arnS}), apierr.ResourceNotFound, streamNotFound("s"))
}

// From stream's TestListStreamsPaging: ListStreams' NextToken is tamper-evident and expires after 300 s (API
// reference, ListStreams: ExpiredNextTokenException), Limit is 1–10000 (shapes.ListStreamsInputLimit).
func listStreamsBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	for _, name := range []string{"a", "b", "c"} {
		h.create(name, 1)
	}
	ls := func(in stream.ListStreamsInput) error {
		_, err := h.e.ListStreams(h.ctx, in)
		return err
	}
	first, err := h.e.ListStreams(h.ctx, stream.ListStreamsInput{Limit: 1})
	if err != nil || first.NextToken == "" {
		t.Fatalf("%v, token %q", err, first.NextToken)
	}
	h.want("truncated NextToken", ls(stream.ListStreamsInput{NextToken: first.NextToken[:len(first.NextToken)-1]}), apierr.InvalidArgument, "")
	h.want("NextToken with a byte more", ls(stream.ListStreamsInput{NextToken: first.NextToken + "A"}), apierr.InvalidArgument, "")
	h.want("NextToken with a line break", ls(stream.ListStreamsInput{NextToken: first.NextToken[:4] + "\n" + first.NextToken[4:]}), apierr.InvalidArgument, "")
	h.want("garbage NextToken", ls(stream.ListStreamsInput{NextToken: "garbage"}), apierr.InvalidArgument, "")
	h.want("Limit -1", ls(stream.ListStreamsInput{Limit: -1}), apierr.Validation, "")
	h.want("Limit 10001", ls(stream.ListStreamsInput{Limit: 10001}), apierr.Validation, "")
	h.clk.Advance(300*time.Second + time.Millisecond)
	h.want("NextToken after 300 s", ls(stream.ListStreamsInput{NextToken: first.NextToken}), apierr.ExpiredNextToken, "")
}

// From stream's TestMaxRecordSizeSettable1To10MiB: MaxRecordSizeInKiB is 1024–10240 (API reference,
// CreateStream and UpdateMaxRecordSize, "Valid Range: Minimum value of 1024. Maximum value of 10240"); a record
// over the stream's maximum is a ValidationException; a refused call changes nothing.
func maxRecordSizeBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s0", 1)
	arnS0 := streamARN("s0")
	for _, kb := range []int{-1, 1, 1023, 10241} {
		h.want(fmt.Sprint("CreateStream of ", kb, " KiB"), h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "bad", ShardCount: 1, MaxRecordSizeInKiB: kb}), apierr.Validation, "")
		h.want(fmt.Sprint("UpdateMaxRecordSize to ", kb, " KiB"), h.e.UpdateMaxRecordSize(h.ctx, stream.UpdateMaxRecordSizeInput{StreamRef: stream.StreamRef{StreamARN: arnS0}, MaxRecordSizeInKiB: kb}), apierr.Validation, "")
	}
	if got := h.Summary("s0").MaxRecordSizeInKiB; got != 1024 {
		t.Fatalf("refused updates changed MaxRecordSizeInKiB to %d", got)
	}
	if _, err := h.e.DescribeStreamSummary(h.ctx, ref("bad")); err == nil {
		t.Fatal("an invalid CreateStream made a stream")
	}
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s0"), PartitionKey: "k", Data: make([]byte, mib)})
	h.want("a record of 1 MiB plus its key", err, apierr.Validation, "")
	h.want("UpdateMaxRecordSize of an unknown stream", h.e.UpdateMaxRecordSize(h.ctx, stream.UpdateMaxRecordSizeInput{StreamRef: stream.StreamRef{StreamARN: streamARN("nope")}, MaxRecordSizeInKiB: 2048}),
		apierr.ResourceNotFound, streamNotFound("nope"))
}

// From stream's TestCreateStreamIsCreatingUntilDelayPasses: a CREATING stream takes no data — AWS answers
// ResourceNotFoundException to PutRecord, PutRecords and GetShardIterator until it is ACTIVE (API reference,
// CreateStream: "you can only perform read and write operations on the stream when it is ACTIVE").
func creatingStreamIsNotFoundForData(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(10*time.Second, 0, 0))
	h.create("s", 2)
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: []byte("x")})
	h.want("PutRecord while CREATING", err, apierr.ResourceNotFound, streamNotFound("s"))
	_, err = h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{PartitionKey: "k"}}})
	h.want("PutRecords while CREATING", err, apierr.ResourceNotFound, streamNotFound("s"))
	_, err = h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", ShardIteratorType: stream.TrimHorizon})
	h.want("GetShardIterator while CREATING", err, apierr.ResourceNotFound, shardNotFound("shardId-000000000000", "s"))
	h.clk.Advance(10 * time.Second)
	h.Put("s", "k", []byte("x"))
}

// From stream's TestCreatingAndDeletingStreamsShareTheLimitOfFive: API reference, CreateStream: "Have more than
// five streams in the CREATING state at any point in time" is LimitExceeded, and AWS's message names CREATING and
// DELETING together: a deletion in flight counts.
func creatingAndDeletingStreamsShareTheLimitOfFive(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(time.Minute, 2*time.Minute, 0))
	for i := range 5 {
		h.create("s"+strconv.Itoa(i), 1)
	}
	// Deleting a CREATING stream moves it to DELETING: still five in flight.
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s0")}); err != nil {
		t.Fatal(err)
	}
	if st := h.Summary("s0").StreamStatus; st != stream.StreamStatusDeleting {
		t.Fatalf("status = %s, want DELETING", st)
	}
	h.want("sixth with one DELETING", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "x", ShardCount: 1}), apierr.LimitExceeded, "")
	h.clk.Advance(time.Minute) // s1…s4 are ACTIVE, s0 is still DELETING
	for i := 1; i < 5; i++ {
		if st := h.Summary("s" + strconv.Itoa(i)).StreamStatus; st != stream.StreamStatusActive {
			t.Fatalf("s%d is %s", i, st)
		}
	}
	if st := h.Summary("s0").StreamStatus; st != stream.StreamStatusDeleting {
		t.Fatalf("s0 became %s when the create delay passed", st)
	}
	// Four deletions in flight plus s0 make five again.
	for i := 1; i < 5; i++ {
		if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s" + strconv.Itoa(i))}); err != nil {
			t.Fatal(err)
		}
	}
	h.want("sixth with five DELETING", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "x", ShardCount: 1}), apierr.LimitExceeded, "")
	h.clk.Advance(2 * time.Minute)
	for i := range 5 {
		h.create("y"+strconv.Itoa(i), 1)
	}
	out, err := h.e.ListStreams(h.ctx, stream.ListStreamsInput{})
	if err != nil || len(out.StreamNames) != 5 {
		t.Fatalf("%v %v", err, out.StreamNames)
	}
}

// From stream's TestDescribeStreamBadInput: DescribeStream's Limit is 1–10000 (shapes.DescribeStreamInputLimit;
// an explicit 0 too, as in ExplicitZeroPageSizeIsValidation), and an unknown stream is ResourceNotFound.
func describeStreamBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	describe := func(in stream.DescribeStreamInput) error {
		_, err := h.e.DescribeStream(h.ctx, in)
		return err
	}
	h.want("Limit -1", describe(stream.DescribeStreamInput{StreamRef: ref("s"), Limit: -1}), apierr.Validation,
		validation1("'-1'", "limit", "Member must have value greater than or equal to 1"))
	h.want("Limit 10001", describe(stream.DescribeStreamInput{StreamRef: ref("s"), Limit: 10001}), apierr.Validation,
		validation1("'10001'", "limit", "Member must have value less than or equal to 10000"))
	h.want("Limit 0", describe(stream.DescribeStreamInput{StreamRef: ref("s"), Limit: stream.ExplicitZero}), apierr.Validation,
		validation1("'0'", "limit", "Member must have value greater than or equal to 1"))
	h.want("unknown stream", describe(stream.DescribeStreamInput{StreamRef: ref("nope")}), apierr.ResourceNotFound, streamNotFound("nope"))
	d, err := h.e.DescribeStream(h.ctx, stream.DescribeStreamInput{StreamRef: ref("s")})
	if err != nil || d.StreamName != "s" || len(d.Shards) != 1 || d.HasMoreShards {
		t.Fatalf("DescribeStream without a Limit: %v %+v", err, d)
	}
}

// From stream's TestDescribeLimitsTakesOneCallPerSecond: "This operation has a limit of one transaction per second
// per account" (DescribeLimits API reference), and its only error is LimitExceededException: with throttling on a
// second call within the second is refused; with throttling off it is not.
func describeLimitsTakesOneCallPerSecond(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(true))
	if _, err := h.e.DescribeLimits(h.ctx); err != nil {
		t.Fatal(err)
	}
	_, err := h.e.DescribeLimits(h.ctx)
	h.want("second call in a second", err, apierr.LimitExceeded, "Rate exceeded for DescribeLimits under account 000000000000.")
	h.clk.Advance(999 * time.Millisecond)
	_, err = h.e.DescribeLimits(h.ctx)
	h.want("second call 999 ms later", err, apierr.LimitExceeded, "")
	h.clk.Advance(time.Millisecond)
	if _, err := h.e.DescribeLimits(h.ctx); err != nil {
		t.Fatalf("a second later: %v", err)
	}
	off := newHarness(t, newTarget, n, stream.WithThrottling(false))
	for range 10 {
		if _, err := off.e.DescribeLimits(off.ctx); err != nil {
			t.Fatalf("throttling off: %v", err)
		}
	}
}
