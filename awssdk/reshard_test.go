package awssdk_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// After a split, a consumer that reads the parent to its end gets a nil NextShardIterator and the ChildShards
// (API reference, GetRecords: "ChildShards … returned when the end of the current shard is reached"), and
// ListShards shows the parent closed (EndingSequenceNumber) and the children with their ParentShardId — what
// KCL ≥2.3 and harlow/kinesis-consumer read through the SDK.
func TestReadingASplitShardToItsEndGivesItsChildren(t *testing.T) {
	_, c := newClient(t)
	ctx := t.Context()
	mustCreate(t, c, "s", 1)
	if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("before")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String("shardId-000000000000"),
		NewStartingHashKey: aws.String("170141183460469231731687303715884105728")}); err != nil {
		t.Fatal(err)
	}
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	var children []types.ChildShard
	var data []string
	for next, calls := it.ShardIterator, 0; next != nil && calls < 10; calls++ {
		out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: next})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range out.Records {
			data = append(data, string(r.Data))
		}
		next, children = out.NextShardIterator, out.ChildShards
	}
	if len(data) != 1 || data[0] != "before" {
		t.Fatalf("parent's records %q", data)
	}
	if len(children) != 2 || aws.ToString(children[0].ShardId) != "shardId-000000000001" || len(children[0].ParentShards) != 1 ||
		children[0].ParentShards[0] != "shardId-000000000000" || aws.ToString(children[1].HashKeyRange.StartingHashKey) != "170141183460469231731687303715884105728" {
		t.Fatalf("child shards %+v", children)
	}
	ls, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
	if err != nil || len(ls.Shards) != 3 {
		t.Fatalf("ListShards %v %+v", err, ls)
	}
	if ls.Shards[0].SequenceNumberRange.EndingSequenceNumber == nil || aws.ToString(ls.Shards[1].ParentShardId) != "shardId-000000000000" ||
		ls.Shards[1].SequenceNumberRange.EndingSequenceNumber != nil {
		t.Fatalf("shards %+v", ls.Shards)
	}
}
