package streamtest

import (
	"context"
	"testing"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// Target is what the suites call: the Kinesis Data Streams operations their cases use, with the signatures of
// [*stream.Engine] (which is a Target). A Target's outputs may lack what its wire does not carry (a record's
// ShardId, a summary's Throttling): the suites compare a target's outputs only with its own.
//
// The suites call a Target from one goroutine at a time.
type Target interface {
	CreateStream(ctx context.Context, in stream.CreateStreamInput) error
	DeleteStream(ctx context.Context, in stream.DeleteStreamInput) error
	DescribeStreamSummary(ctx context.Context, ref stream.StreamRef) (stream.StreamSummary, error)
	DescribeStream(ctx context.Context, in stream.DescribeStreamInput) (stream.StreamDescription, error)
	DescribeLimits(ctx context.Context) (stream.DescribeLimitsOutput, error)
	ListStreams(ctx context.Context, in stream.ListStreamsInput) (stream.ListStreamsOutput, error)
	ListShards(ctx context.Context, in stream.ListShardsInput) (stream.ListShardsOutput, error)
	PutRecord(ctx context.Context, in stream.PutRecordInput) (stream.PutRecordOutput, error)
	PutRecords(ctx context.Context, in stream.PutRecordsInput) (stream.PutRecordsOutput, error)
	GetShardIterator(ctx context.Context, in stream.GetShardIteratorInput) (stream.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in stream.GetRecordsInput) (stream.GetRecordsOutput, error)
	IncreaseStreamRetentionPeriod(ctx context.Context, in stream.RetentionInput) error
	DecreaseStreamRetentionPeriod(ctx context.Context, in stream.RetentionInput) error
	UpdateMaxRecordSize(ctx context.Context, in stream.UpdateMaxRecordSizeInput) error

	// Tags.
	AddTagsToStream(ctx context.Context, in stream.TagsInput) error
	RemoveTagsFromStream(ctx context.Context, in stream.TagKeysInput) error
	ListTagsForStream(ctx context.Context, in stream.ListTagsForStreamInput) (stream.ListTagsForStreamOutput, error)
	TagResource(ctx context.Context, in stream.TagResourceInput) error
	UntagResource(ctx context.Context, in stream.UntagResourceInput) error
	ListTagsForResource(ctx context.Context, in stream.ListTagsForResourceInput) (stream.ListTagsForResourceOutput, error)

	// Resource policies.
	PutResourcePolicy(ctx context.Context, in stream.PutResourcePolicyInput) error
	GetResourcePolicy(ctx context.Context, in stream.ResourcePolicyInput) (stream.GetResourcePolicyOutput, error)
	DeleteResourcePolicy(ctx context.Context, in stream.ResourcePolicyInput) error

	// Resharding.
	SplitShard(ctx context.Context, in stream.SplitShardInput) error
	MergeShards(ctx context.Context, in stream.MergeShardsInput) error
	UpdateShardCount(ctx context.Context, in stream.UpdateShardCountInput) (stream.UpdateShardCountOutput, error)

	// Stream settings.
	StartStreamEncryption(ctx context.Context, in stream.EncryptionInput) error
	StopStreamEncryption(ctx context.Context, in stream.EncryptionInput) error
	EnableEnhancedMonitoring(ctx context.Context, in stream.EnhancedMonitoringInput) (stream.EnhancedMonitoringOutput, error)
	DisableEnhancedMonitoring(ctx context.Context, in stream.EnhancedMonitoringInput) (stream.EnhancedMonitoringOutput, error)
	UpdateStreamMode(ctx context.Context, in stream.UpdateStreamModeInput) error
	UpdateStreamWarmThroughput(ctx context.Context, in stream.UpdateStreamWarmThroughputInput) (stream.UpdateStreamWarmThroughputOutput, error)
	UpdateStreamRecordDistributionStrategy(ctx context.Context, in stream.UpdateStreamRecordDistributionStrategyInput) error

	// Account settings.
	DescribeAccountSettings(ctx context.Context) (stream.AccountSettings, error)
	UpdateAccountSettings(ctx context.Context, in stream.UpdateAccountSettingsInput) (stream.AccountSettings, error)

	// Consumers (enhanced fan-out's control plane).
	RegisterStreamConsumer(ctx context.Context, in stream.RegisterStreamConsumerInput) (stream.Consumer, error)
	DescribeStreamConsumer(ctx context.Context, in stream.ConsumerRef) (stream.ConsumerDescription, error)
	DeregisterStreamConsumer(ctx context.Context, in stream.ConsumerRef) error
	ListStreamConsumers(ctx context.Context, in stream.ListStreamConsumersInput) (stream.ListStreamConsumersOutput, error)
}

// ClientValidator is a Target whose client checks inputs itself before sending them, as the AWS SDKs check the
// required members of the service model. RefusedByClient reports whether err is such a refusal: an error of the
// client, for a call the service never saw.
type ClientValidator interface {
	Target
	RefusedByClient(err error) bool
}

// NewTarget returns a fresh target for one test: an engine (behind whatever front the target has) that reads
// its time from clk and is built with opts, which set behaviour only (throttling, status delays), never the
// clock, seed or account. The account must be the default one (000000000000 in us-east-1), as the messages the
// suites expect name it. NewTarget closes what it makes when t ends (t.Cleanup).
type NewTarget func(t *testing.T, clk *clock.Manual, opts ...stream.Option) Target

var _ Target = (*stream.Engine)(nil)
