package streamtest

// The error cases of the data plane's rates and of deleted streams, moved here from package stream's
// spec_test.go and regression_test.go (each group names the test it came from) so that they run against every
// target. Sources: the Developer Guide's quota table (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html)
// and the API reference's PutRecord, PutRecords, GetRecords, GetShardIterator and DeleteStream pages.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/stream"
)

// rateGroups are the groups of this file, run by RunErrorSpec after its own.
var rateGroups = []struct {
	name string
	run  func(*testing.T, NewTarget, *tally)
}{
	{"WriteLimit1MiBPerSecondCountsPartitionKeys", writeLimit1MiBPerSecondCountsPartitionKeys},
	{"PutRecordsPartialFailureWhenShardThrottled", putRecordsPartialFailureWhenShardThrottled},
	{"GetRecordsFiveCallsPerSecond", getRecordsFiveCallsPerSecond},
	{"GetShardIteratorFiveCallsPerSecond", getShardIteratorFiveCallsPerSecond},
	{"RefusedGetShardIteratorCallsSpendNoRate", refusedGetShardIteratorCallsSpendNoRate},
	{"DeletedStreamIsNotFound", deletedStreamIsNotFound},
}

func rateExceeded(shardID, name string) string {
	return fmt.Sprintf("Rate exceeded for shard %s in stream %s under account %s.", shardID, name, account)
}

// From stream's TestWriteLimit1MiBPerSecondCountsPartitionKeys: a shard takes 1 MiB a second "including partition
// keys" (Developer Guide, quotas); over it, PutRecord is a ProvisionedThroughputExceededException and a PutRecords
// entry fails with that code.
func writeLimit1MiBPerSecondCountsPartitionKeys(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(true))
	h.create("s", 1)
	key := strings.Repeat("k", 100)
	// Two records whose data and keys together are exactly 1 MiB.
	h.Put("s", key, make([]byte, mib/2-len(key)))
	h.Put("s", key, make([]byte, mib/2-len(key)))
	// Had the keys not counted, 200 bytes would be left. A one-byte key does not fit.
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k"})
	h.want("a one-byte key over 1 MiB", err, apierr.ProvisionedThroughputExceeded, rateExceeded("shardId-000000000000", "s"))
	// A second later 1 MiB is available again; the refill is 1 MiB/s.
	h.clk.Advance(time.Second)
	h.Put("s", "k", make([]byte, mib-1))
	h.clk.Advance(500 * time.Millisecond)
	_, err = h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: make([]byte, mib/2)})
	h.want("half a MiB after half a second", err, apierr.ProvisionedThroughputExceeded, "")
	h.Put("s", "k", make([]byte, mib/2-1))
	// PutRecords entries are charged the same way.
	h.clk.Advance(time.Second)
	out, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{
		{PartitionKey: key, Data: make([]byte, mib-len(key))},
		{PartitionKey: "k"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if out.FailedRecordCount != 1 || out.Records[0].ErrorCode != "" || out.Records[1].ErrorCode != "ProvisionedThroughputExceededException" {
		t.Fatalf("PutRecords: %+v", out)
	}
}

// From stream's TestPutRecordsPartialFailureWhenShardThrottled: PutRecords "can partially fail" — an entry of a
// throttled shard carries ErrorCode ProvisionedThroughputExceededException and AWS's message, the others succeed
// (API reference, PutRecords); a throttled PutRecord is a whole-call error with the same message, retryable.
func putRecordsPartialFailureWhenShardThrottled(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(true))
	h.create("s", 2)
	shard0, shard1 := hashKeyOfShard(0, 2), hashKeyOfShard(1, 2)
	// Use up shard 0's 1,000 records for this second.
	for range 2 {
		in := stream.PutRecordsInput{StreamRef: ref("s")}
		for range 500 {
			in.Records = append(in.Records, stream.PutRecordsEntry{PartitionKey: "fill", ExplicitHashKey: shard0})
		}
		if out, err := h.e.PutRecords(h.ctx, in); err != nil || out.FailedRecordCount != 0 {
			t.Fatalf("filling shard 0: %v, %d failed", err, out.FailedRecordCount)
		}
	}
	in := stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{
		{PartitionKey: "a", Data: []byte("0"), ExplicitHashKey: shard1},
		{PartitionKey: "b", Data: []byte("1"), ExplicitHashKey: shard0},
		{PartitionKey: "c", Data: []byte("2"), ExplicitHashKey: shard1},
		{PartitionKey: "d", Data: []byte("3"), ExplicitHashKey: shard0},
		{PartitionKey: "e", Data: []byte("4"), ExplicitHashKey: shard1},
	}}
	out, err := h.e.PutRecords(h.ctx, in)
	if err != nil {
		t.Fatalf("PutRecords with a throttled shard returned a whole-call error: %v", err)
	}
	if out.FailedRecordCount != 2 {
		t.Fatalf("FailedRecordCount = %d, want 2", out.FailedRecordCount)
	}
	for i, res := range out.Records {
		if i%2 == 1 {
			if res.ErrorCode != "ProvisionedThroughputExceededException" || res.ErrorMessage != rateExceeded("shardId-000000000000", "s") {
				t.Errorf("entry %d: code %q message %q", i, res.ErrorCode, res.ErrorMessage)
			}
			if !res.SequenceNumber.IsZero() || res.ShardId != "" {
				t.Errorf("failed entry %d has sequence number %q shard %q", i, res.SequenceNumber, res.ShardId)
			}
			continue
		}
		if res.ErrorCode != "" || res.ErrorMessage != "" || res.ShardId != "shardId-000000000001" || res.SequenceNumber.IsZero() {
			t.Errorf("entry %d: %+v, want success on shard 1", i, res)
		}
	}
	// Only the successful entries were written to shard 1; shard 0 holds the 1,000 filler records.
	got := h.ReadShard("s", "shardId-000000000001")
	if len(got) != 3 || string(got[0].Data) != "0" || string(got[1].Data) != "2" || string(got[2].Data) != "4" {
		t.Fatalf("shard 1 holds %d records", len(got))
	}
	if n := len(h.ReadShard("s", "shardId-000000000000")); n != 1000 {
		t.Fatalf("shard 0 holds %d records, want 1000", n)
	}
	_, err = h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "x", ExplicitHashKey: shard0})
	h.check("throttled PutRecord", "", err, func(t *testing.T) {
		WantError(t, err, apierr.ProvisionedThroughputExceeded, rateExceeded("shardId-000000000000", "s"))
		if !apierr.IsRetryable(err) {
			t.Error("ProvisionedThroughputExceeded is not retryable")
		}
	})
}

// From stream's TestGetRecordsFiveCallsPerSecond: GetRecords takes 5 calls a second per shard (API reference,
// GetRecords: "Each data record can be up to 1 MiB in size, and each shard can read up to 2 MiB per second …
// five transactions per second per shard"); the sixth is a ProvisionedThroughputExceededException, and a call
// comes back every 200 ms.
func getRecordsFiveCallsPerSecond(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(true))
	h.create("s", 2)
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	it1 := h.Iterator("s", "shardId-000000000001", stream.TrimHorizon, "", time.Time{})
	for range 5 {
		it = h.Get(it, 0).NextShardIterator
	}
	_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
	h.want("sixth call in a second", err, apierr.ProvisionedThroughputExceeded, rateExceeded("shardId-000000000000", "s"))
	// Per shard: shard 1 is not affected.
	h.Get(it1, 0)
	// 200 ms gives one call back.
	h.clk.Advance(199 * time.Millisecond)
	_, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
	h.want("199 ms later", err, apierr.ProvisionedThroughputExceeded, "")
	h.clk.Advance(time.Millisecond)
	it = h.Get(it, 0).NextShardIterator
	_, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
	h.want("again after the call 200 ms gave back", err, apierr.ProvisionedThroughputExceeded, "")
	// Sustained polling: 5 calls a second get through.
	ok := 0
	for range 100 { // 10 s, 10 attempts a second
		h.clk.Advance(100 * time.Millisecond)
		out, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
		if err == nil {
			ok++
			it = out.NextShardIterator
		}
	}
	if ok != 50 {
		t.Fatalf("%d of 100 calls in 10 s got through, want 50", ok)
	}
}

// From stream's TestGetShardIteratorFiveCallsPerSecond: "GetShardIterator has a limit of five transactions per
// second per account per open shard" (API reference, GetShardIterator).
func getShardIteratorFiveCallsPerSecond(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(true))
	h.create("s", 2)
	for range 5 {
		h.Iterator("s", "shardId-000000000000", stream.Latest, "", time.Time{})
	}
	in := stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", ShardIteratorType: stream.Latest}
	_, err := h.e.GetShardIterator(h.ctx, in)
	h.want("sixth call in a second", err, apierr.ProvisionedThroughputExceeded, rateExceeded("shardId-000000000000", "s"))
	h.Iterator("s", "shardId-000000000001", stream.Latest, "", time.Time{}) // per shard
	h.clk.Advance(200 * time.Millisecond)
	h.Iterator("s", "shardId-000000000000", stream.Latest, "", time.Time{})
	_, err = h.e.GetShardIterator(h.ctx, in)
	h.want("again after the call 200 ms gave back", err, apierr.ProvisionedThroughputExceeded, "")
	h.clk.Advance(time.Second)
	for range 5 {
		h.Iterator("s", "shardId-000000000000", stream.Latest, "", time.Time{})
	}
}

// From stream's TestRefusedGetShardIteratorCallsSpendNoRate (regression finding 8): only calls that return an
// iterator spend GetShardIterator's 5 calls a second (AWS says nowhere that refused requests count; kinesim keeps
// its rule that a rejected call changes no state); the budget itself still holds.
func refusedGetShardIteratorCallsSpendNoRate(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(true))
	h.create("g", 1)
	put := h.Put("g", "k", nil)
	bad := put.SequenceNumber.String() + "0"
	for i := range 5 {
		_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("g"), ShardId: "shardId-000000000000", ShardIteratorType: stream.AtSequenceNumber, StartingSequenceNumber: bad})
		h.want(fmt.Sprint("bad sequence number ", i+1), err, apierr.InvalidArgument, "")
		_, err = h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("g"), ShardId: "shardId-000000000000", ShardIteratorType: stream.AtTimestamp, Timestamp: h.clk.Now().Add(time.Hour)})
		h.want(fmt.Sprint("timestamp in the future ", i+1), err, apierr.InvalidArgument, "")
	}
	for range stream.GetShardIteratorCallsPerShard {
		h.Iterator("g", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	}
	_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("g"), ShardId: "shardId-000000000000", ShardIteratorType: stream.TrimHorizon})
	h.want("sixth valid call", err, apierr.ProvisionedThroughputExceeded, rateExceeded("shardId-000000000000", "g"))
}

// From stream's TestDeleteStreamEndsReadsWithResourceNotFound, TestDeletingStreamServesReadsAndWritesUntilDelayPasses
// and TestListShardsPagingWithNextToken: a deleted stream is not found by any call (API reference, DeleteStream:
// "the stream … is deleted"), an iterator or a ListShards token of it included, also once a stream of the name is
// created again; a stream DELETING is found until the delay passes.
func deletedStreamIsNotFound(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	h.Put("s", "k", []byte("a"))
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
	h.want("GetRecords", err, apierr.ResourceNotFound, shardNotFound("shardId-000000000000", "s"))
	_, err = h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k"})
	h.want("PutRecord", err, apierr.ResourceNotFound, streamNotFound("s"))
	_, err = h.e.DescribeStreamSummary(h.ctx, ref("s"))
	h.want("DescribeStreamSummary", err, apierr.ResourceNotFound, streamNotFound("s"))
	_, err = h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s")})
	h.want("ListShards", err, apierr.ResourceNotFound, streamNotFound("s"))
	h.want("DeleteStream again", h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}), apierr.ResourceNotFound, streamNotFound("s"))

	h2 := newHarness(t, newTarget, n, stream.WithStatusDelays(0, 30*time.Second, 0))
	h2.create("s", 5)
	page, err := h2.e.ListShards(h2.ctx, stream.ListShardsInput{StreamRef: ref("s"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := h2.e.DeleteStream(h2.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	if st := h2.Summary("s").StreamStatus; st != stream.StreamStatusDeleting {
		t.Fatalf("status = %s, want DELETING", st)
	}
	h2.clk.Advance(30 * time.Second)
	_, err = h2.e.DescribeStreamSummary(h2.ctx, ref("s"))
	h2.want("DescribeStreamSummary once the delete delay passed", err, apierr.ResourceNotFound, streamNotFound("s"))
	h2.create("s", 5)
	_, err = h2.e.ListShards(h2.ctx, stream.ListShardsInput{NextToken: page.NextToken})
	h2.want("ListShards token of the deleted stream", err, apierr.ResourceNotFound, "")
}
