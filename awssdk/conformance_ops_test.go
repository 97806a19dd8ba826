package awssdk_test

// The rest of sdkTarget: the operations of the error spec beyond the data plane (tags, resource policies,
// resharding, stream settings, account settings, consumers), each input converted to the SDK's as in
// conformance_test.go (a zero the Go API reads as "not given" is an absent member) and the output back.

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim/stream"
)

func tagsOf(in []types.Tag) []stream.Tag {
	var out []stream.Tag
	for _, t := range in {
		out = append(out, stream.Tag{Key: aws.ToString(t.Key), Value: aws.ToString(t.Value)})
	}
	return out
}

func (s sdkTarget) AddTagsToStream(ctx context.Context, in stream.TagsInput) error {
	_, err := s.c.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), Tags: in.Tags})
	return fromSDK(err)
}

func (s sdkTarget) RemoveTagsFromStream(ctx context.Context, in stream.TagKeysInput) error {
	_, err := s.c.RemoveTagsFromStream(ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), TagKeys: in.TagKeys})
	return fromSDK(err)
}

func (s sdkTarget) ListTagsForStream(ctx context.Context, in stream.ListTagsForStreamInput) (stream.ListTagsForStreamOutput, error) {
	out, err := s.c.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), ExclusiveStartTagKey: str(in.ExclusiveStartTagKey), Limit: i32(in.Limit),
	})
	if err != nil {
		return stream.ListTagsForStreamOutput{}, fromSDK(err)
	}
	return stream.ListTagsForStreamOutput{Tags: tagsOf(out.Tags), HasMoreTags: aws.ToBool(out.HasMoreTags)}, nil
}

func (s sdkTarget) TagResource(ctx context.Context, in stream.TagResourceInput) error {
	_, err := s.c.TagResource(ctx, &kinesis.TagResourceInput{ResourceARN: str(in.ResourceARN), Tags: in.Tags})
	return fromSDK(err)
}

func (s sdkTarget) UntagResource(ctx context.Context, in stream.UntagResourceInput) error {
	_, err := s.c.UntagResource(ctx, &kinesis.UntagResourceInput{ResourceARN: str(in.ResourceARN), TagKeys: in.TagKeys})
	return fromSDK(err)
}

func (s sdkTarget) ListTagsForResource(ctx context.Context, in stream.ListTagsForResourceInput) (stream.ListTagsForResourceOutput, error) {
	out, err := s.c.ListTagsForResource(ctx, &kinesis.ListTagsForResourceInput{ResourceARN: str(in.ResourceARN)})
	if err != nil {
		return stream.ListTagsForResourceOutput{}, fromSDK(err)
	}
	return stream.ListTagsForResourceOutput{Tags: tagsOf(out.Tags)}, nil
}

func (s sdkTarget) PutResourcePolicy(ctx context.Context, in stream.PutResourcePolicyInput) error {
	_, err := s.c.PutResourcePolicy(ctx, &kinesis.PutResourcePolicyInput{ResourceARN: str(in.ResourceARN), Policy: str(in.Policy)})
	return fromSDK(err)
}

func (s sdkTarget) GetResourcePolicy(ctx context.Context, in stream.ResourcePolicyInput) (stream.GetResourcePolicyOutput, error) {
	out, err := s.c.GetResourcePolicy(ctx, &kinesis.GetResourcePolicyInput{ResourceARN: str(in.ResourceARN)})
	if err != nil {
		return stream.GetResourcePolicyOutput{}, fromSDK(err)
	}
	return stream.GetResourcePolicyOutput{Policy: aws.ToString(out.Policy)}, nil
}

func (s sdkTarget) DeleteResourcePolicy(ctx context.Context, in stream.ResourcePolicyInput) error {
	_, err := s.c.DeleteResourcePolicy(ctx, &kinesis.DeleteResourcePolicyInput{ResourceARN: str(in.ResourceARN)})
	return fromSDK(err)
}

func (s sdkTarget) SplitShard(ctx context.Context, in stream.SplitShardInput) error {
	_, err := s.c.SplitShard(ctx, &kinesis.SplitShardInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), ShardToSplit: str(in.ShardToSplit), NewStartingHashKey: str(in.NewStartingHashKey),
	})
	return fromSDK(err)
}

func (s sdkTarget) MergeShards(ctx context.Context, in stream.MergeShardsInput) error {
	_, err := s.c.MergeShards(ctx, &kinesis.MergeShardsInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), ShardToMerge: str(in.ShardToMerge), AdjacentShardToMerge: str(in.AdjacentShardToMerge),
	})
	return fromSDK(err)
}

// The target shard count is always sent: the Go API reads 0 as a count of 0, which the service refuses. The
// Go API's "" ScalingType means UNIFORM_SCALING, which the SDK's model requires be sent.
func (s sdkTarget) UpdateShardCount(ctx context.Context, in stream.UpdateShardCountInput) (stream.UpdateShardCountOutput, error) {
	scaling := types.ScalingType(in.ScalingType)
	if scaling == "" {
		scaling = types.ScalingTypeUniformScaling
	}
	out, err := s.c.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), TargetShardCount: aws.Int32(int32(in.TargetShardCount)), ScalingType: scaling,
	})
	if err != nil {
		return stream.UpdateShardCountOutput{}, fromSDK(err)
	}
	return stream.UpdateShardCountOutput{
		StreamName: aws.ToString(out.StreamName), StreamARN: aws.ToString(out.StreamARN),
		CurrentShardCount: int(aws.ToInt32(out.CurrentShardCount)), TargetShardCount: int(aws.ToInt32(out.TargetShardCount)),
	}, nil
}

func (s sdkTarget) StartStreamEncryption(ctx context.Context, in stream.EncryptionInput) error {
	_, err := s.c.StartStreamEncryption(ctx, &kinesis.StartStreamEncryptionInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), EncryptionType: types.EncryptionType(in.EncryptionType), KeyId: str(in.KeyId),
	})
	return fromSDK(err)
}

func (s sdkTarget) StopStreamEncryption(ctx context.Context, in stream.EncryptionInput) error {
	_, err := s.c.StopStreamEncryption(ctx, &kinesis.StopStreamEncryptionInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), EncryptionType: types.EncryptionType(in.EncryptionType), KeyId: str(in.KeyId),
	})
	return fromSDK(err)
}

func metricsToSDK(in []stream.MetricsName) []types.MetricsName {
	if in == nil {
		return nil
	}
	out := make([]types.MetricsName, len(in))
	for i, m := range in {
		out[i] = types.MetricsName(m)
	}
	return out
}

func metricsOf(in []types.MetricsName) []stream.MetricsName {
	out := make([]stream.MetricsName, len(in))
	for i, m := range in {
		out[i] = stream.MetricsName(m)
	}
	return out
}

func (s sdkTarget) EnableEnhancedMonitoring(ctx context.Context, in stream.EnhancedMonitoringInput) (stream.EnhancedMonitoringOutput, error) {
	out, err := s.c.EnableEnhancedMonitoring(ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), ShardLevelMetrics: metricsToSDK(in.ShardLevelMetrics)})
	if err != nil {
		return stream.EnhancedMonitoringOutput{}, fromSDK(err)
	}
	return stream.EnhancedMonitoringOutput{
		StreamName: aws.ToString(out.StreamName), StreamARN: aws.ToString(out.StreamARN),
		CurrentShardLevelMetrics: metricsOf(out.CurrentShardLevelMetrics), DesiredShardLevelMetrics: metricsOf(out.DesiredShardLevelMetrics),
	}, nil
}

func (s sdkTarget) DisableEnhancedMonitoring(ctx context.Context, in stream.EnhancedMonitoringInput) (stream.EnhancedMonitoringOutput, error) {
	out, err := s.c.DisableEnhancedMonitoring(ctx, &kinesis.DisableEnhancedMonitoringInput{StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), ShardLevelMetrics: metricsToSDK(in.ShardLevelMetrics)})
	if err != nil {
		return stream.EnhancedMonitoringOutput{}, fromSDK(err)
	}
	return stream.EnhancedMonitoringOutput{
		StreamName: aws.ToString(out.StreamName), StreamARN: aws.ToString(out.StreamARN),
		CurrentShardLevelMetrics: metricsOf(out.CurrentShardLevelMetrics), DesiredShardLevelMetrics: metricsOf(out.DesiredShardLevelMetrics),
	}, nil
}

// UpdateStreamMode has no StreamName member on the wire: the stream is named by its ARN.
func (s sdkTarget) UpdateStreamMode(ctx context.Context, in stream.UpdateStreamModeInput) error {
	if in.StreamName != "" {
		return errors.New("sdkTarget: UpdateStreamMode takes a StreamARN, not a StreamName")
	}
	sdk := &kinesis.UpdateStreamModeInput{StreamARN: str(in.StreamARN), WarmThroughputMiBps: i32(in.WarmThroughputMiBps)}
	if in.StreamMode != "" {
		sdk.StreamModeDetails = &types.StreamModeDetails{StreamMode: types.StreamMode(in.StreamMode)}
	}
	_, err := s.c.UpdateStreamMode(ctx, sdk)
	return fromSDK(err)
}

// The warm throughput is always sent: the Go API reads 0 as 0 MiB/s (no warm throughput).
func (s sdkTarget) UpdateStreamWarmThroughput(ctx context.Context, in stream.UpdateStreamWarmThroughputInput) (stream.UpdateStreamWarmThroughputOutput, error) {
	out, err := s.c.UpdateStreamWarmThroughput(ctx, &kinesis.UpdateStreamWarmThroughputInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), WarmThroughputMiBps: aws.Int32(int32(in.WarmThroughputMiBps)),
	})
	if err != nil {
		return stream.UpdateStreamWarmThroughputOutput{}, fromSDK(err)
	}
	res := stream.UpdateStreamWarmThroughputOutput{StreamName: aws.ToString(out.StreamName), StreamARN: aws.ToString(out.StreamARN)}
	if w := out.WarmThroughput; w != nil {
		res.WarmThroughput = stream.WarmThroughput{TargetMiBps: int(aws.ToInt32(w.TargetMiBps)), CurrentMiBps: int(aws.ToInt32(w.CurrentMiBps))}
	}
	return res, nil
}

func (s sdkTarget) UpdateStreamRecordDistributionStrategy(ctx context.Context, in stream.UpdateStreamRecordDistributionStrategyInput) error {
	_, err := s.c.UpdateStreamRecordDistributionStrategy(ctx, &kinesis.UpdateStreamRecordDistributionStrategyInput{
		StreamARN: str(in.StreamARN), RecordDistributionStrategy: types.RecordDistributionStrategy(in.RecordDistributionStrategy),
	})
	return fromSDK(err)
}

func accountSettingsOf(c *types.MinimumThroughputBillingCommitmentOutput) stream.AccountSettings {
	if c == nil {
		return stream.AccountSettings{}
	}
	return stream.AccountSettings{MinimumThroughputBillingCommitment: stream.MinimumThroughputBillingCommitment{
		Status: string(c.Status), StartedAt: aws.ToTime(c.StartedAt), EarliestAllowedEndAt: aws.ToTime(c.EarliestAllowedEndAt), EndedAt: aws.ToTime(c.EndedAt),
	}}
}

func (s sdkTarget) DescribeAccountSettings(ctx context.Context) (stream.AccountSettings, error) {
	out, err := s.c.DescribeAccountSettings(ctx, &kinesis.DescribeAccountSettingsInput{})
	if err != nil {
		return stream.AccountSettings{}, fromSDK(err)
	}
	return accountSettingsOf(out.MinimumThroughputBillingCommitment), nil
}

// The commitment is always sent: the Go API's input has no "absent" for it.
func (s sdkTarget) UpdateAccountSettings(ctx context.Context, in stream.UpdateAccountSettingsInput) (stream.AccountSettings, error) {
	out, err := s.c.UpdateAccountSettings(ctx, &kinesis.UpdateAccountSettingsInput{
		MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatus(in.MinimumThroughputBillingCommitment.Status)},
	})
	if err != nil {
		return stream.AccountSettings{}, fromSDK(err)
	}
	return accountSettingsOf(out.MinimumThroughputBillingCommitment), nil
}

func consumerOf(c *types.Consumer) stream.Consumer {
	if c == nil {
		return stream.Consumer{}
	}
	return stream.Consumer{ConsumerName: aws.ToString(c.ConsumerName), ConsumerARN: aws.ToString(c.ConsumerARN), ConsumerStatus: stream.ConsumerStatus(c.ConsumerStatus), ConsumerCreationTimestamp: aws.ToTime(c.ConsumerCreationTimestamp)}
}

func (s sdkTarget) RegisterStreamConsumer(ctx context.Context, in stream.RegisterStreamConsumerInput) (stream.Consumer, error) {
	out, err := s.c.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: str(in.StreamARN), ConsumerName: str(in.ConsumerName), Tags: in.Tags})
	if err != nil {
		return stream.Consumer{}, fromSDK(err)
	}
	return consumerOf(out.Consumer), nil
}

func (s sdkTarget) DescribeStreamConsumer(ctx context.Context, in stream.ConsumerRef) (stream.ConsumerDescription, error) {
	out, err := s.c.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{StreamARN: str(in.StreamARN), ConsumerName: str(in.ConsumerName), ConsumerARN: str(in.ConsumerARN)})
	if err != nil {
		return stream.ConsumerDescription{}, fromSDK(err)
	}
	d := out.ConsumerDescription
	if d == nil {
		return stream.ConsumerDescription{}, nil
	}
	return stream.ConsumerDescription{
		ConsumerName: aws.ToString(d.ConsumerName), ConsumerARN: aws.ToString(d.ConsumerARN), ConsumerStatus: stream.ConsumerStatus(d.ConsumerStatus),
		ConsumerCreationTimestamp: aws.ToTime(d.ConsumerCreationTimestamp), StreamARN: aws.ToString(d.StreamARN),
	}, nil
}

func (s sdkTarget) DeregisterStreamConsumer(ctx context.Context, in stream.ConsumerRef) error {
	_, err := s.c.DeregisterStreamConsumer(ctx, &kinesis.DeregisterStreamConsumerInput{StreamARN: str(in.StreamARN), ConsumerName: str(in.ConsumerName), ConsumerARN: str(in.ConsumerARN)})
	return fromSDK(err)
}

func (s sdkTarget) ListStreamConsumers(ctx context.Context, in stream.ListStreamConsumersInput) (stream.ListStreamConsumersOutput, error) {
	out, err := s.c.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{
		StreamARN: str(in.StreamARN), MaxResults: i32(in.MaxResults), NextToken: str(in.NextToken), StreamCreationTimestamp: ts(in.StreamCreationTimestamp),
	})
	if err != nil {
		return stream.ListStreamConsumersOutput{}, fromSDK(err)
	}
	// Consumers is always on the wire (the output model requires it): an empty list, not an absent one.
	res := stream.ListStreamConsumersOutput{Consumers: []stream.Consumer{}, NextToken: aws.ToString(out.NextToken)}
	for i := range out.Consumers {
		res.Consumers = append(res.Consumers, consumerOf(&out.Consumers[i]))
	}
	return res, nil
}

// DescribeStream's description is a summary's members (those its wire carries) and a page of shards.
func (s sdkTarget) DescribeStream(ctx context.Context, in stream.DescribeStreamInput) (stream.StreamDescription, error) {
	out, err := s.c.DescribeStream(ctx, &kinesis.DescribeStreamInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), Limit: i32(in.Limit), ExclusiveStartShardId: str(in.ExclusiveStartShardId),
	})
	if err != nil {
		return stream.StreamDescription{}, fromSDK(err)
	}
	d := out.StreamDescription
	if d == nil {
		return stream.StreamDescription{}, nil
	}
	res := stream.StreamDescription{
		StreamSummary: stream.StreamSummary{
			StreamName:              aws.ToString(d.StreamName),
			StreamARN:               aws.ToString(d.StreamARN),
			StreamStatus:            stream.StreamStatus(d.StreamStatus),
			RetentionPeriodHours:    int(aws.ToInt32(d.RetentionPeriodHours)),
			StreamCreationTimestamp: aws.ToTime(d.StreamCreationTimestamp),
			EncryptionType:          string(d.EncryptionType),
			KeyId:                   aws.ToString(d.KeyId),
		},
		Shards:        shardsOf(d.Shards),
		HasMoreShards: aws.ToBool(d.HasMoreShards),
	}
	if d.StreamModeDetails != nil {
		res.StreamMode = stream.StreamMode(d.StreamModeDetails.StreamMode)
	}
	for _, m := range d.EnhancedMonitoring {
		res.EnhancedMonitoring = append(res.EnhancedMonitoring, stream.EnhancedMetrics{ShardLevelMetrics: metricsOf(m.ShardLevelMetrics)})
	}
	return res, nil
}

func (s sdkTarget) DescribeLimits(ctx context.Context) (stream.DescribeLimitsOutput, error) {
	out, err := s.c.DescribeLimits(ctx, &kinesis.DescribeLimitsInput{})
	if err != nil {
		return stream.DescribeLimitsOutput{}, fromSDK(err)
	}
	return stream.DescribeLimitsOutput{
		ShardLimit: int(aws.ToInt32(out.ShardLimit)), OpenShardCount: int(aws.ToInt32(out.OpenShardCount)),
		OnDemandStreamCount: int(aws.ToInt32(out.OnDemandStreamCount)), OnDemandStreamCountLimit: int(aws.ToInt32(out.OnDemandStreamCountLimit)),
		ChannelCount: int(aws.ToInt32(out.ChannelCount)), ChannelCountLimit: int(aws.ToInt32(out.ChannelCountLimit)),
	}, nil
}
