package stream

import (
	"context"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// RecordDistributionStrategy says how an on-demand stream spreads records over its shards.
type RecordDistributionStrategy string

// Record distribution strategies, as AWS names them (aws-sdk-go-v2 service/kinesis v1.56.11,
// types.RecordDistributionStrategy).
const (
	// DistributionUserPartitionKey routes each record by the MD5 of its partition key (or its ExplicitHashKey):
	// records that share a key go to the same shard, in order. The default.
	DistributionUserPartitionKey RecordDistributionStrategy = "USER_PARTITION_KEY"
	// DistributionAuto ignores partition keys and explicit hash keys and spreads records evenly over the open
	// shards. AWS keeps no per-key order under it: "Use this strategy for stateless workloads that do not require
	// partition-key ordering" (UpdateStreamRecordDistributionStrategy's documentation).
	DistributionAuto RecordDistributionStrategy = "AUTO"
)

// UpdateStreamRecordDistributionStrategyInput is the input of [Engine.UpdateStreamRecordDistributionStrategy].
type UpdateStreamRecordDistributionStrategyInput struct {
	// StreamARN names the stream; AWS takes no stream name here.
	StreamARN string
	// RecordDistributionStrategy is AUTO or USER_PARTITION_KEY.
	RecordDistributionStrategy RecordDistributionStrategy
}

// UpdateStreamRecordDistributionStrategy sets how an on-demand stream spreads the records put from now on; records
// already in the stream stay where they are, and the change takes effect at once, without UPDATING (as AWS
// documents it).
//
// Under AUTO, kinesim sends the records of each put to the open shards in turn, round-robin over the stream's
// open shards in hash-key order, from a starting shard drawn from the engine's seed: the spread is even and, with
// [WithSeed], reproducible. Partition keys and explicit hash keys are stored but route nothing (an out-of-range
// ExplicitHashKey is ignored, not refused), and records of one key land on any shard, with no order between them.
// The on-demand scaler then sees every shard carry the same load. kinesim still requires a partition key on every
// record, which AWS makes optional under AUTO.
//
// Errors: Validation (no StreamARN, an unknown strategy), InvalidArgument (a malformed StreamARN; a provisioned
// stream, which "do[es] not support the record distribution strategy setting"), ResourceInUse (the stream is
// CREATING or DELETING), ResourceNotFound.
func (e *Engine) UpdateStreamRecordDistributionStrategy(ctx context.Context, in UpdateStreamRecordDistributionStrategyInput) error {
	if _, err := begin(e, ctx, OpUpdateStreamRecordDistributionStrategy, &in); err != nil {
		return err
	}
	var v validate.Violations
	v.Required("streamARN", in.StreamARN)
	v.Enum("recordDistributionStrategy", string(in.RecordDistributionStrategy), string(DistributionAuto), string(DistributionUserPartitionKey))
	if err := v.Err(); err != nil {
		return err
	}
	s, err := e.resolve(StreamRef{StreamARN: in.StreamARN}, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.removed:
		return e.streamNotFound(s.name)
	case !s.state.Is(status.Active) && !s.state.Is(status.Updating):
		return e.notActive(s.name, s.streamStatus())
	case s.mode != StreamModeOnDemand:
		return e.notOnDemand(s.name, s.mode, "the record distribution strategy")
	}
	s.setAutoLocked(in.RecordDistributionStrategy == DistributionAuto)
	return nil
}

// setAutoLocked turns AUTO distribution on or off; turning it on restarts the round-robin at a shard drawn from
// the engine's seed and the stream's incarnation. s.mu must be held for writing.
func (s *dataStream) setAutoLocked(on bool) {
	if on && !s.auto.Load() {
		s.autoNext.Store(s.e.cfg.Seed ^ uint64(s.epoch)*0x9e3779b97f4a7c15)
	}
	s.auto.Store(on)
}

// distribution reports the stream's record distribution strategy: "" for a provisioned stream, which has none.
// s.mu must be held.
func (s *dataStream) distribution() RecordDistributionStrategy {
	switch {
	case s.mode != StreamModeOnDemand:
		return ""
	case s.auto.Load():
		return DistributionAuto
	}
	return DistributionUserPartitionKey
}

// putIndex returns the index in s.open of the shard a record being put goes to: the one whose range holds its
// hash key, or under AUTO the next one of the round-robin (safe under s.mu held for reading: the cursor is
// atomic). s.mu must be held.
func (s *dataStream) putIndex(hk record.HashKey) int {
	if s.auto.Load() {
		return int((s.autoNext.Add(1) - 1) % uint64(len(s.open)))
	}
	return s.routeIndex(hk)
}

// checkOnDemandSettings checks CreateStream's record distribution strategy and warm throughput (warm, and whether
// the member was given at all: see [validate.Given]): known values, and none but the defaults on a provisioned
// stream (InvalidArgument, as the two Update operations answer), where a warm throughput of 0 given is refused as
// any other given is (CreateStreamInput.WarmThroughputMiBps is for on-demand streams).
func (e *Engine) checkOnDemandSettings(name string, mode StreamMode, d RecordDistributionStrategy, warm int, warmGiven bool) error {
	var v validate.Violations
	if d != "" {
		v.Enum("recordDistributionStrategy", string(d), string(DistributionAuto), string(DistributionUserPartitionKey))
	}
	if warm < 0 {
		v.Add(validate.QuoteInt(warm), "warmThroughputMiBps", validate.ValueAtLeast+"0")
	}
	if err := v.Err(); err != nil {
		return err
	}
	switch {
	case mode != StreamModeOnDemand && d == DistributionAuto:
		return e.notOnDemand(name, mode, "the record distribution strategy")
	case mode != StreamModeOnDemand && warmGiven:
		return e.notOnDemand(name, mode, "warm throughput")
	case warm > MaxWarmThroughputMiBps:
		return e.warmTooHigh(name, warm)
	}
	return nil
}

// notOnDemand is the InvalidArgument error for an on-demand setting (what) asked of a provisioned stream. AWS's
// documentation names the exception (InvalidArgumentException for AUTO on a provisioned stream), not its message;
// the wording is kinesim's.
func (e *Engine) notOnDemand(name string, mode StreamMode, what string) error {
	return apierr.InvalidArgument.New("Stream %s under account %s is in %s mode: %s is only supported for streams in %s mode.",
		name, e.cfg.Account.ID, mode, what, StreamModeOnDemand)
}

// warmTooHigh is the LimitExceeded error for a warm throughput above the default 10 GiBps (wording kinesim's).
func (e *Engine) warmTooHigh(name string, warm int) error {
	return apierr.LimitExceeded.New("Stream %s under account %s cannot be scaled to a warm throughput of %d MiBps: the limit is %d MiBps.",
		name, e.cfg.Account.ID, warm, MaxWarmThroughputMiBps)
}
