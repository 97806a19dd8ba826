package streamtest

// The error cases of closed shards and of keyless records, moved here from package stream's reshard_test.go and
// warm_test.go (each group names the test it came from) so that they run against every target.

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// shardGroups are the groups of this file, run by RunErrorSpec after its own.
var shardGroups = []struct {
	name string
	run  func(*testing.T, NewTarget, *tally)
}{
	{"AfterSequenceNumberAtClosedShardEndingFails", afterSequenceNumberAtClosedShardEndingFails},
	{"ExpiredClosedShardIsNotFound", expiredClosedShardIsNotFound},
	{"UserPartitionKeyStreamNeedsAKey", userPartitionKeyStreamNeedsAKey},
}

// From stream's TestAfterSequenceNumberAtClosedShardEndingFails: AFTER_SEQUENCE_NUMBER of a closed shard's
// ending sequence number is AWS's InvalidArgumentException ("SequenceNumber has reached max possible value for
// the shard", quoted from AWS in etspaceman/kinesis-mock#1536; ../shared/docs/data-streams.md), for a shard that
// took no record too; AT_SEQUENCE_NUMBER of it is valid.
func afterSequenceNumberAtClosedShardEndingFails(t *testing.T, newTarget NewTarget, n *tally) {
	const want = "Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard."
	h := newHarness(t, newTarget, n)
	h.create("s", 2)
	h.PutTo("s", "0", "a", []byte("1"))
	h.PutTo("s", "0", "b", []byte("2"))
	if err := h.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	for _, sh := range h.Shards("s")[:2] {
		end := sh.SequenceNumberRange.EndingSequenceNumber
		_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: sh.ShardId,
			ShardIteratorType: stream.AfterSequenceNumber, StartingSequenceNumber: end.String()})
		h.want("AFTER the ending number of "+sh.ShardId, err, apierr.InvalidArgument, want)
		h.Iterator("s", sh.ShardId, stream.AtSequenceNumber, end.String(), time.Time{})
	}
}

// From stream's TestClosedShardsExpireAfterRetention and TestClosedShardStaysReadableUntilRetentionPasses: a
// closed shard expires once the retention period has passed since it closed ("Closed shards become EXPIRED and
// disappear from listings after retention", ../shared/docs/data-streams.md); then GetShardIterator and GetRecords
// of it are ResourceNotFound, AWS's "does not exist".
func expiredClosedShardIsNotFound(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 2)
	h.PutTo("s", "0", "k", []byte("v"))
	h.clk.Advance(time.Hour)
	closedAt := h.clk.Now()
	if err := h.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	h.clk.AdvanceTo(closedAt.Add(24*time.Hour - time.Second))
	it := h.Iterator("s", "shardId-000000000001", stream.TrimHorizon, "", time.Time{})
	h.clk.Advance(time.Second)
	_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
	h.want("GetRecords of an iterator of the expired shard", err, apierr.ResourceNotFound, shardNotFound("shardId-000000000001", "s"))
	for _, id := range []string{"shardId-000000000000", "shardId-000000000001"} {
		_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: id, ShardIteratorType: stream.TrimHorizon})
		h.want(fmt.Sprint("GetShardIterator of the expired ", id), err, apierr.ResourceNotFound, shardNotFound(id, "s"))
	}
	// The child, open, is unaffected.
	if err := h.split("s", "shardId-000000000002", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatal(err)
	}
}

// From stream's TestAutoDistributionTakesRecordsWithoutAPartitionKey: only under AUTO "the partition key is
// optional" (API reference, PutRecord's PartitionKey); a stream on USER_PARTITION_KEY refuses a keyless entry
// with AWS's validation message.
func userPartitionKeyStreamNeedsAKey(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.createOnDemand("od")
	_, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("od"), Records: []stream.PutRecordsEntry{{Data: []byte("a")}, {Data: []byte("b")}}})
	h.want("PutRecords without keys", err, apierr.Validation, validation1("''", "records.1.member.partitionKey", "Member must have length greater than or equal to 1"))
}
