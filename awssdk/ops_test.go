package awssdk_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/stream"
)

// jsonOperations are the operations the handler serves: every operation of the engine (stream/controls.go's Op
// constants but OpSubscribe, a blocking read that is no API operation), as the README's table lists them.
var jsonOperations = []string{
	"AddTagsToStream", "CreateStream", "DecreaseStreamRetentionPeriod", "DeleteResourcePolicy", "DeleteStream",
	"DeregisterStreamConsumer",
	"DescribeAccountSettings", "DescribeLimits", "DescribeStream", "DescribeStreamConsumer", "DescribeStreamSummary",
	"DisableEnhancedMonitoring",
	"EnableEnhancedMonitoring", "GetRecords", "GetResourcePolicy", "GetShardIterator", "IncreaseStreamRetentionPeriod",
	"ListShards", "ListStreamConsumers", "ListStreams", "ListTagsForResource", "ListTagsForStream", "MergeShards",
	"PutRecord", "PutRecords",
	"PutResourcePolicy", "RegisterStreamConsumer", "RemoveTagsFromStream", "SplitShard", "StartStreamEncryption",
	"StopStreamEncryption", "SubscribeToShard",
	"TagResource", "UntagResource", "UpdateAccountSettings", "UpdateMaxRecordSize", "UpdateShardCount",
	"UpdateStreamMode", "UpdateStreamRecordDistributionStrategy", "UpdateStreamWarmThroughput",
}

// Every operation of the engine is reachable through the SDK's client, in AWS JSON 1.1 (the pinned client's
// default) and in Smithy RPCv2 CBOR: each call below succeeds, and a watching control (package control,
// "kinesis:*") sees the engine run each operation, with the input the client sent.
func TestEveryEngineOperationIsReachableThroughTheSDK(t *testing.T) {
	t.Run("json", func(t *testing.T) { everyOperation(t, nil) })
	t.Run("rpcv2cbor", func(t *testing.T) {
		everyOperation(t, func(o *kinesis.Options) { o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202) })
	})
}

func everyOperation(t *testing.T, protocol func(*kinesis.Options)) {
	acct, _ := newClient(t)
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} }, protocol)
	seen := watchOperations(acct.Controls(), "kinesis:*")
	arnOf := func(name string) *string { return aws.String(acct.Streams().StreamARN(name)) }
	s, od := aws.String("s"), aws.String("od")
	var iterator, consumerARN *string
	steps := []opStep{
		{"CreateStream", func(ctx context.Context) error {
			_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: s, ShardCount: aws.Int32(2), Tags: map[string]string{"team": "a"}})
			return err
		}},
		{"CreateStream", func(ctx context.Context) error {
			_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: od, StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}})
			return err
		}},
		{"DescribeStream", func(ctx context.Context) error {
			_, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: s})
			return err
		}},
		{"DescribeStreamSummary", func(ctx context.Context) error {
			_, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: s})
			return err
		}},
		{"ListStreams", func(ctx context.Context) error { _, err := c.ListStreams(ctx, &kinesis.ListStreamsInput{}); return err }},
		{"ListShards", func(ctx context.Context) error {
			_, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: s})
			return err
		}},
		{"PutRecord", func(ctx context.Context) error {
			_, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: s, PartitionKey: aws.String("k"), Data: []byte("d")})
			return err
		}},
		{"PutRecords", func(ctx context.Context) error {
			_, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: s, Records: []types.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: []byte("e")}}})
			return err
		}},
		{"GetShardIterator", func(ctx context.Context) error {
			out, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: s, ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
			if err == nil {
				iterator = out.ShardIterator
			}
			return err
		}},
		{"GetRecords", func(ctx context.Context) error {
			_, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iterator})
			return err
		}},
		{"IncreaseStreamRetentionPeriod", func(ctx context.Context) error {
			_, err := c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: s, RetentionPeriodHours: aws.Int32(48)})
			return err
		}},
		{"DecreaseStreamRetentionPeriod", func(ctx context.Context) error {
			_, err := c.DecreaseStreamRetentionPeriod(ctx, &kinesis.DecreaseStreamRetentionPeriodInput{StreamName: s, RetentionPeriodHours: aws.Int32(24)})
			return err
		}},
		{"AddTagsToStream", func(ctx context.Context) error {
			_, err := c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: s, Tags: map[string]string{"env": "test"}})
			return err
		}},
		{"ListTagsForStream", func(ctx context.Context) error {
			_, err := c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: s})
			return err
		}},
		{"RemoveTagsFromStream", func(ctx context.Context) error {
			_, err := c.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: s, TagKeys: []string{"env"}})
			return err
		}},
		{"TagResource", func(ctx context.Context) error {
			_, err := c.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: arnOf("s"), Tags: map[string]string{"x": "y"}})
			return err
		}},
		{"ListTagsForResource", func(ctx context.Context) error {
			_, err := c.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: arnOf("s")})
			return err
		}},
		{"UntagResource", func(ctx context.Context) error {
			_, err := c.UntagResource(ctx, &kinesis.UntagResourceInput{ResourceARN: arnOf("s"), TagKeys: []string{"x"}})
			return err
		}},
		{"SplitShard", func(ctx context.Context) error {
			_, err := c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: s, ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("1000")})
			return err
		}},
		{"MergeShards", func(ctx context.Context) error {
			_, err := c.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: s, ShardToMerge: aws.String("shardId-000000000002"), AdjacentShardToMerge: aws.String("shardId-000000000003")})
			return err
		}},
		{"UpdateShardCount", func(ctx context.Context) error {
			_, err := c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: s, TargetShardCount: aws.Int32(4), ScalingType: types.ScalingTypeUniformScaling})
			return err
		}},
		{"UpdateMaxRecordSize", func(ctx context.Context) error {
			_, err := c.UpdateMaxRecordSize(ctx, &kinesis.UpdateMaxRecordSizeInput{StreamARN: arnOf("s"), MaxRecordSizeInKiB: aws.Int32(2048)})
			return err
		}},
		{"EnableEnhancedMonitoring", func(ctx context.Context) error {
			_, err := c.EnableEnhancedMonitoring(ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: s, ShardLevelMetrics: []types.MetricsName{types.MetricsNameIncomingBytes}})
			return err
		}},
		{"DisableEnhancedMonitoring", func(ctx context.Context) error {
			_, err := c.DisableEnhancedMonitoring(ctx, &kinesis.DisableEnhancedMonitoringInput{StreamName: s, ShardLevelMetrics: []types.MetricsName{types.MetricsNameAll}})
			return err
		}},
		{"StartStreamEncryption", func(ctx context.Context) error {
			_, err := c.StartStreamEncryption(ctx, &kinesis.StartStreamEncryptionInput{StreamName: s, EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")})
			return err
		}},
		{"StopStreamEncryption", func(ctx context.Context) error {
			_, err := c.StopStreamEncryption(ctx, &kinesis.StopStreamEncryptionInput{StreamName: s, EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")})
			return err
		}},
		{"PutResourcePolicy", func(ctx context.Context) error {
			_, err := c.PutResourcePolicy(ctx, &kinesis.PutResourcePolicyInput{ResourceARN: arnOf("s"), Policy: aws.String(policy)})
			return err
		}},
		{"GetResourcePolicy", func(ctx context.Context) error {
			_, err := c.GetResourcePolicy(ctx, &kinesis.GetResourcePolicyInput{ResourceARN: arnOf("s")})
			return err
		}},
		{"DeleteResourcePolicy", func(ctx context.Context) error {
			_, err := c.DeleteResourcePolicy(ctx, &kinesis.DeleteResourcePolicyInput{ResourceARN: arnOf("s")})
			return err
		}},
		{"UpdateStreamWarmThroughput", func(ctx context.Context) error {
			_, err := c.UpdateStreamWarmThroughput(ctx, &kinesis.UpdateStreamWarmThroughputInput{StreamName: od, WarmThroughputMiBps: aws.Int32(8)})
			return err
		}},
		{"UpdateStreamRecordDistributionStrategy", func(ctx context.Context) error {
			_, err := c.UpdateStreamRecordDistributionStrategy(ctx, &kinesis.UpdateStreamRecordDistributionStrategyInput{StreamARN: arnOf("od"), RecordDistributionStrategy: types.RecordDistributionStrategyAuto})
			return err
		}},
		{"UpdateStreamMode", func(ctx context.Context) error {
			_, err := c.UpdateStreamMode(ctx, &kinesis.UpdateStreamModeInput{StreamARN: arnOf("od"), StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeProvisioned}})
			return err
		}},
		{"DescribeLimits", func(ctx context.Context) error {
			_, err := c.DescribeLimits(ctx, &kinesis.DescribeLimitsInput{})
			return err
		}},
		{"DescribeAccountSettings", func(ctx context.Context) error {
			_, err := c.DescribeAccountSettings(ctx, &kinesis.DescribeAccountSettingsInput{})
			return err
		}},
		{"UpdateAccountSettings", func(ctx context.Context) error {
			_, err := c.UpdateAccountSettings(ctx, &kinesis.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatusEnabled}})
			return err
		}},
		{"RegisterStreamConsumer", func(ctx context.Context) error {
			out, err := c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: arnOf("s"), ConsumerName: aws.String("app")})
			if err == nil {
				consumerARN = out.Consumer.ConsumerARN
			}
			return err
		}},
		{"DescribeStreamConsumer", func(ctx context.Context) error {
			_, err := c.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: consumerARN})
			return err
		}},
		{"ListStreamConsumers", func(ctx context.Context) error {
			_, err := c.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{StreamARN: arnOf("s")})
			return err
		}},
		{"SubscribeToShard", func(ctx context.Context) error {
			out, err := c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: consumerARN, ShardId: aws.String("shardId-000000000001"),
				StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}})
			if err == nil {
				err = out.GetStream().Close()
			}
			return err
		}},
		{"DeregisterStreamConsumer", func(ctx context.Context) error {
			_, err := c.DeregisterStreamConsumer(ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: consumerARN})
			return err
		}},
		{"DeleteStream", func(ctx context.Context) error {
			_, err := c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: s})
			return err
		}},
	}
	called := callSteps(t, seen, steps)
	if called = slices.Compact(called); !slices.Equal(called, jsonOperations) {
		t.Errorf("operations called %v\nserved %v", called, jsonOperations)
	}
	// The inputs reach the engine field by field (two samples; the others are checked by their calls' effects).
	if in, ok := seen.input("SplitShard").(stream.SplitShardInput); !ok || in.StreamName != "s" || in.ShardToSplit != "shardId-000000000000" || in.NewStartingHashKey != "1000" {
		t.Errorf("SplitShard input %#v", seen.input("SplitShard"))
	}
	if in, ok := seen.input("UpdateAccountSettings").(stream.UpdateAccountSettingsInput); !ok || in.MinimumThroughputBillingCommitment.Status != "ENABLED" {
		t.Errorf("UpdateAccountSettings input %#v", seen.input("UpdateAccountSettings"))
	}
}

const policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kinesis:GetRecords","Resource":"arn:aws:kinesis:us-east-1:000000000000:stream/s"}]}`
