package awssdk_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim/awssdk"
)

// The outputs the SDK decodes carry the engine's values, member by member (shapes from the pinned SDK's
// api_op_*.go and types/types.go), in both protocols.
func TestOutputsDecodeIntoTheSDKsShapes(t *testing.T) {
	t.Run("json", func(t *testing.T) { outputs(t, nil) })
	t.Run("rpcv2cbor", func(t *testing.T) {
		outputs(t, func(o *kinesis.Options) { o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202) })
	})
}

func outputs(t *testing.T, protocol func(*kinesis.Options)) {
	acct, _ := newClient(t)
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} }, protocol)
	ctx := t.Context()
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(2),
		Tags: map[string]string{"b": "2", "a": "1"}, MaxRecordSizeInKiB: aws.Int32(2048)}); err != nil {
		t.Fatal(err)
	}
	arn := acct.Streams().StreamARN("s")

	d, err := c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
	if err != nil {
		t.Fatal(err)
	}
	sd := d.StreamDescription
	if aws.ToString(sd.StreamARN) != arn || sd.StreamStatus != types.StreamStatusActive || sd.StreamModeDetails.StreamMode != types.StreamModeProvisioned ||
		aws.ToInt32(sd.RetentionPeriodHours) != 24 || !sd.StreamCreationTimestamp.Equal(t0) || aws.ToBool(sd.HasMoreShards) ||
		len(sd.Shards) != 2 || len(sd.EnhancedMonitoring) != 1 || sd.EncryptionType != types.EncryptionTypeNone {
		t.Errorf("DescribeStream %+v", sd)
	}
	if r := sd.Shards[1].HashKeyRange; aws.ToString(r.StartingHashKey) != "170141183460469231731687303715884105728" || aws.ToString(r.EndingHashKey) != "340282366920938463463374607431768211455" {
		t.Errorf("shard 1 range %s…%s", aws.ToString(r.StartingHashKey), aws.ToString(r.EndingHashKey))
	}
	if sd.Shards[0].SequenceNumberRange.StartingSequenceNumber == nil || sd.Shards[0].SequenceNumberRange.EndingSequenceNumber != nil {
		t.Errorf("open shard's sequence range %+v", sd.Shards[0].SequenceNumberRange)
	}

	sum, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamARN: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	if s := sum.StreamDescriptionSummary; aws.ToInt32(s.OpenShardCount) != 2 || aws.ToInt32(s.ConsumerCount) != 0 || aws.ToInt32(s.MaxRecordSizeInKiB) != 2048 || s.WarmThroughput != nil {
		t.Errorf("DescribeStreamSummary %+v", s)
	}

	tags, err := c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("s")})
	if err != nil || len(tags.Tags) != 2 || aws.ToString(tags.Tags[0].Key) != "a" || aws.ToString(tags.Tags[0].Value) != "1" || aws.ToBool(tags.HasMoreTags) {
		t.Errorf("ListTagsForStream %v %+v", err, tags)
	}

	lim, err := c.DescribeLimits(ctx, &kinesis.DescribeLimitsInput{})
	if err != nil || aws.ToInt32(lim.ShardLimit) != 20000 || aws.ToInt32(lim.OpenShardCount) != 2 {
		t.Errorf("DescribeLimits %v %+v", err, lim)
	}

	usc, err := c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String("s"), TargetShardCount: aws.Int32(4), ScalingType: types.ScalingTypeUniformScaling})
	if err != nil || aws.ToInt32(usc.CurrentShardCount) != 2 || aws.ToInt32(usc.TargetShardCount) != 4 || aws.ToString(usc.StreamARN) != arn {
		t.Errorf("UpdateShardCount %v %+v", err, usc)
	}

	mon, err := c.EnableEnhancedMonitoring(ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String("s"), ShardLevelMetrics: []types.MetricsName{types.MetricsNameIncomingBytes}})
	if err != nil || len(mon.CurrentShardLevelMetrics) != 0 || len(mon.DesiredShardLevelMetrics) != 1 || mon.DesiredShardLevelMetrics[0] != types.MetricsNameIncomingBytes {
		t.Errorf("EnableEnhancedMonitoring %v %+v", err, mon)
	}

	if _, err := c.PutResourcePolicy(ctx, &kinesis.PutResourcePolicyInput{ResourceARN: aws.String(arn), Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	pol, err := c.GetResourcePolicy(ctx, &kinesis.GetResourcePolicyInput{ResourceARN: aws.String(arn)})
	if err != nil || aws.ToString(pol.Policy) != policy {
		t.Errorf("GetResourcePolicy %v %q", err, aws.ToString(pol.Policy))
	}

	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("od"), StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
		t.Fatal(err)
	}
	wt, err := c.UpdateStreamWarmThroughput(ctx, &kinesis.UpdateStreamWarmThroughputInput{StreamName: aws.String("od"), WarmThroughputMiBps: aws.Int32(8)})
	if err != nil || wt.WarmThroughput == nil || aws.ToInt32(wt.WarmThroughput.TargetMiBps) != 8 {
		t.Errorf("UpdateStreamWarmThroughput %v %+v", err, wt)
	}

	if _, err := c.UpdateAccountSettings(ctx, &kinesis.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	as, err := c.DescribeAccountSettings(ctx, &kinesis.DescribeAccountSettingsInput{})
	if err != nil || as.MinimumThroughputBillingCommitment == nil || as.MinimumThroughputBillingCommitment.Status != types.MinimumThroughputBillingCommitmentOutputStatusEnabled ||
		!aws.ToTime(as.MinimumThroughputBillingCommitment.StartedAt).Equal(t0) {
		t.Errorf("DescribeAccountSettings %v %+v", err, as.MinimumThroughputBillingCommitment)
	}
}
