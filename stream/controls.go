package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/control"
)

// The operations of the engine as package control names them (IAM's action names). Every operation of the engine
// can be intercepted; "kinesis:*" matches them all.
const (
	OpCreateStream                  control.Op = "kinesis:CreateStream"
	OpDeleteStream                  control.Op = "kinesis:DeleteStream"
	OpDescribeStream                control.Op = "kinesis:DescribeStream"
	OpDescribeStreamSummary         control.Op = "kinesis:DescribeStreamSummary"
	OpListStreams                   control.Op = "kinesis:ListStreams"
	OpPutRecord                     control.Op = "kinesis:PutRecord"
	OpPutRecords                    control.Op = "kinesis:PutRecords"
	OpGetRecords                    control.Op = "kinesis:GetRecords"
	OpGetShardIterator              control.Op = "kinesis:GetShardIterator"
	OpListShards                    control.Op = "kinesis:ListShards"
	OpIncreaseStreamRetentionPeriod control.Op = "kinesis:IncreaseStreamRetentionPeriod"
	OpDecreaseStreamRetentionPeriod control.Op = "kinesis:DecreaseStreamRetentionPeriod"
	OpUpdateMaxRecordSize           control.Op = "kinesis:UpdateMaxRecordSize"
	OpAddTagsToStream               control.Op = "kinesis:AddTagsToStream"
	OpRemoveTagsFromStream          control.Op = "kinesis:RemoveTagsFromStream"
	OpListTagsForStream             control.Op = "kinesis:ListTagsForStream"
	OpSplitShard                    control.Op = "kinesis:SplitShard"
	OpMergeShards                   control.Op = "kinesis:MergeShards"
	OpUpdateShardCount              control.Op = "kinesis:UpdateShardCount"
	OpUpdateStreamMode              control.Op = "kinesis:UpdateStreamMode"
	OpTagResource                   control.Op = "kinesis:TagResource"
	OpUntagResource                 control.Op = "kinesis:UntagResource"
	OpListTagsForResource           control.Op = "kinesis:ListTagsForResource"
	OpUpdateStreamWarmThroughput    control.Op = "kinesis:UpdateStreamWarmThroughput"
	// OpUpdateStreamRecordDistributionStrategy is [Engine.UpdateStreamRecordDistributionStrategy].
	OpUpdateStreamRecordDistributionStrategy control.Op = "kinesis:UpdateStreamRecordDistributionStrategy"
	OpEnableEnhancedMonitoring               control.Op = "kinesis:EnableEnhancedMonitoring"
	OpDisableEnhancedMonitoring              control.Op = "kinesis:DisableEnhancedMonitoring"
	OpDescribeLimits                         control.Op = "kinesis:DescribeLimits"
	OpDescribeAccountSettings                control.Op = "kinesis:DescribeAccountSettings"
	OpUpdateAccountSettings                  control.Op = "kinesis:UpdateAccountSettings"
	OpStartStreamEncryption                  control.Op = "kinesis:StartStreamEncryption"
	OpStopStreamEncryption                   control.Op = "kinesis:StopStreamEncryption"
	OpPutResourcePolicy                      control.Op = "kinesis:PutResourcePolicy"
	OpGetResourcePolicy                      control.Op = "kinesis:GetResourcePolicy"
	OpDeleteResourcePolicy                   control.Op = "kinesis:DeleteResourcePolicy"
	OpRegisterStreamConsumer                 control.Op = "kinesis:RegisterStreamConsumer"
	OpDescribeStreamConsumer                 control.Op = "kinesis:DescribeStreamConsumer"
	OpListStreamConsumers                    control.Op = "kinesis:ListStreamConsumers"
	OpDeregisterStreamConsumer               control.Op = "kinesis:DeregisterStreamConsumer"
	// OpSubscribeToShard is [Engine.SubscribeToShard] (enhanced fan-out).
	OpSubscribeToShard control.Op = "kinesis:SubscribeToShard"
	// OpSubscribe is a blocking read's start: [Engine.Records], [Engine.Subscribe] and [Engine.Follow].
	OpSubscribe control.Op = "kinesis:Subscribe"
)

// Control installs a test control for op on the engine's control set ([Engine.Controls]) and returns a function
// that removes it; see package control. It is safe to call from any goroutine, a control function included.
//
//	remove := e.Control(stream.OpPutRecords, func(c control.Call) (control.Response, bool) {
//		return control.Response{EntryErrors: map[int]*apierr.Error{0: apierr.InternalFailure}}, true
//	})
func (e *Engine) Control(op control.Op, fn control.Func, opts ...control.Option) (remove func()) {
	return e.ctl.Add(op, fn, opts...)
}

// ExpireIterators makes every shard iterator issued so far expired: GetRecords with one of them fails with
// ExpiredIteratorException, as it would five minutes later.
func (e *Engine) ExpireIterators() { e.iterFloor.Store(e.tokens.Serial()) }

// ForceSplitShard splits a shard now, as SplitShard does, but without the update delay or the test controls, and
// whatever the stream's status and capacity mode (an on-demand stream, a stream UPDATING). The key must still lie
// inside the open shard's range, and the account's shard quota holds.
func (e *Engine) ForceSplitShard(ctx context.Context, in SplitShardInput) error {
	if err := e.enter(ctx); err != nil {
		return err
	}
	at, err := checkSplit(in)
	if err != nil {
		return err
	}
	return e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		c, err := s.planSplit(in, at)
		if err != nil {
			return err
		}
		return s.applyNow(now, c)
	})
}

// ForceMergeShards merges two adjacent open shards now, as MergeShards does, but without the update delay or the
// test controls, and whatever the stream's status and capacity mode.
func (e *Engine) ForceMergeShards(ctx context.Context, in MergeShardsInput) error {
	if err := e.enter(ctx); err != nil {
		return err
	}
	if err := checkMerge(in); err != nil {
		return err
	}
	return e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		c, err := s.planMerge(in)
		if err != nil {
			return err
		}
		return s.applyNow(now, c)
	})
}
