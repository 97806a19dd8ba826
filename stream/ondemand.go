package stream

import (
	"context"
	"sort"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/meter"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
)

// On-demand capacity. AWS documents what an on-demand stream does, not how; kinesim follows the documented
// behaviour in virtual time:
//   - a new on-demand stream has 4 shards: its 4 MB/s of write capacity;
//   - every minute the stream looks at each open shard's incoming bytes over the last 5 minutes, and splits (at the
//     middle of its hash-key range) every shard whose average is above 500 KB/s — within 15 minutes, as documented;
//   - it keeps write capacity (1 MiB/s per open shard) at least twice the peak write rate of the last 30 days
//     (measured per minute), splitting its busiest shards to get there;
//   - it does not merge shards back (AWS keeps capacity for the 30-day peak), and it cannot isolate a hot key: one
//     partition key still lives on one shard, capped at 1 MiB/s and 1,000 records/s.
//
//   - with a warm throughput (UpdateStreamWarmThroughput), it keeps at least one open shard per MiB/s of it, got to
//     by the same splits, at most one per open shard and minute (so capacity doubles per minute at most), as AWS
//     reaches warm throughput asynchronously; DescribeStreamSummary's WarmThroughput shows the target and the
//     capacity reached (CurrentMiBps, 1 MiB/s per open shard).
//
// SplitShard, MergeShards and UpdateShardCount are refused on an on-demand stream (ValidationException).

// On-demand scaling parameters.
const (
	// OnDemandSplitBytesPerSecond is the incoming rate above which an on-demand shard is split: 500 KB/s.
	OnDemandSplitBytesPerSecond = 500 << 10
	// OnDemandRateWindow is the span the incoming rate is averaged over.
	OnDemandRateWindow = 5 * time.Minute
	// OnDemandPeakWindow is how long a peak write rate keeps capacity up.
	OnDemandPeakWindow = 30 * 24 * time.Hour
	// MaxStreamModeUpdatesPerDay is how many UpdateStreamMode calls a stream takes in a rolling 24 hours.
	MaxStreamModeUpdatesPerDay = 2
	onDemandEvery              = time.Minute
)

// UpdateStreamModeInput is the input of [Engine.UpdateStreamMode].
type UpdateStreamModeInput struct {
	StreamRef
	StreamMode StreamMode
	// WarmThroughputMiBps is the warm throughput of a stream switched to ON_DEMAND, 0–10240 (see
	// [Engine.UpdateStreamWarmThroughput]); 0 means not given. The member is only valid with a switch to ON_DEMAND
	// (UpdateStreamModeInput.WarmThroughputMiBps: "This field is only valid when the stream mode is being updated
	// to on-demand"): [ExplicitZero] stands for a 0 given, which a switch to ON_DEMAND takes as a warm throughput of
	// 0 and a switch to PROVISIONED refuses as it refuses any other value.
	WarmThroughputMiBps int
}

// UpdateStreamMode switches a stream between PROVISIONED and ON_DEMAND, at most twice in a rolling 24 hours. The
// stream is UPDATING for the engine's update delay, then in its new mode with the shards it had.
//
// A switch to ON_DEMAND may set the stream's warm throughput (WarmThroughputMiBps), which the on-demand scaler then
// works towards; a switch to PROVISIONED drops the warm throughput and the record distribution strategy.
//
// Errors: Validation (an unknown mode, a negative warm throughput), InvalidArgument (already in that mode; a warm
// throughput, [ExplicitZero] included, with PROVISIONED), ResourceInUse (not ACTIVE), LimitExceeded (a third change in 24 hours, a warm
// throughput above 10 GiBps), ResourceNotFound.
func (e *Engine) UpdateStreamMode(ctx context.Context, in UpdateStreamModeInput) error {
	if _, err := begin(e, ctx, OpUpdateStreamMode, &in); err != nil {
		return err
	}
	var v validate.Violations
	streamMode(&v, in.StreamMode)
	warm, warmGiven := validate.Given(in.WarmThroughputMiBps)
	if warm < 0 {
		v.Add(validate.QuoteInt(warm), "warmThroughputMiBps", validate.ValueAtLeast+"0")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if warmGiven && in.StreamMode != StreamModeOnDemand {
		// UpdateStreamModeInput.WarmThroughputMiBps: "This field is only valid when the stream mode is being
		// updated to on-demand." A 0 given is the field too.
		return apierr.InvalidArgument.New("WarmThroughputMiBps is only valid when the stream mode is being updated to %s.", StreamModeOnDemand)
	}
	return e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		switch {
		case !s.state.Is(status.Active):
			return e.notActive(s.name, s.streamStatus())
		case s.mode == in.StreamMode:
			return apierr.InvalidArgument.New("Stream %s under account %s is already in %s mode.", s.name, e.cfg.Account.ID, s.mode)
		case s.modes.Full(now):
			return apierr.LimitExceeded.New("Stream %s under account %s has exceeded the limit of %d capacity mode changes in a rolling 24-hour period.", s.name, e.cfg.Account.ID, MaxStreamModeUpdatesPerDay)
		}
		if warm > MaxWarmThroughputMiBps {
			return e.warmTooHigh(s.name, warm)
		}
		s.modes.Take(now)
		return s.schedule(now, change{kind: changeMode, mode: in.StreamMode, target: warm})
	})
}

// armScalerLocked starts or stops the on-demand scaler to match the stream's mode. s.mu must be held for writing.
func (s *dataStream) armScalerLocked() {
	if s.mode != StreamModeOnDemand || s.removed {
		if s.scaler != nil {
			s.scaler.Stop()
			s.scaler = nil
		}
		return
	}
	if s.scaler == nil {
		s.scaler = lifecycle.AfterFunc(s.e.life, onDemandEvery, s, (*dataStream).autoscale)
	}
}

// autoscale is the on-demand scaler's tick.
func (s *dataStream) autoscale() {
	e := s.e
	e.mu.Lock()
	s.mu.Lock()
	s.scaler = nil
	split := false
	if !s.removed && s.mode == StreamModeOnDemand {
		if s.state.Is(status.Active) {
			split = s.scaleOnDemandLocked(e.clk.Now())
		}
		s.scaler = lifecycle.AfterFunc(e.life, onDemandEvery, s, (*dataStream).autoscale)
	}
	s.mu.Unlock()
	e.mu.Unlock()
	if split {
		s.rearmRetention() // the closed parents expire after the retention period
	}
}

// scaleOnDemandLocked applies the on-demand rules at now and reports whether it split shards. e.mu and s.mu must
// be held for writing.
func (s *dataStream) scaleOnDemandLocked(now time.Time) bool {
	e := s.e
	cur := meter.MinuteOf(now)
	window := int64(OnDemandRateWindow / time.Minute)
	type load struct {
		sh   *shardState
		rate float64 // bytes/s over the window
	}
	loads := make([]load, 0, len(s.open))
	var lastMinute int64
	for _, sh := range s.open {
		sh.mu.Lock()
		var bytes int64
		buckets := sh.meter.Buckets()
		for i := len(buckets) - 1; i >= 0; i-- {
			b := &buckets[i]
			if b.Minute < cur-window {
				break
			}
			if b.Minute < cur {
				bytes += b.Value.IncomingBytes
			}
			if b.Minute == cur-1 {
				lastMinute += b.Value.IncomingBytes
			}
		}
		sh.mu.Unlock()
		loads = append(loads, load{sh, float64(bytes) / OnDemandRateWindow.Seconds()})
	}
	peak := s.peaks.add(now, float64(lastMinute)/60)
	want := int(2*peak/WriteBytesPerShard + 0.999999) // a stream switched to on-demand keeps its shards until traffic asks for more
	want = max(want, s.warmShards())                  // and the warm throughput asked for, 1 MiB/s of writes per shard

	sort.SliceStable(loads, func(i, j int) bool { return loads[i].rate > loads[j].rate })
	splits := 0
	for _, l := range loads {
		if l.rate <= OnDemandSplitBytesPerSecond && len(s.open) >= want {
			break
		}
		r := l.sh.log.HashKeyRange()
		at := r.Midpoint()
		if at.Compare(r.StartingHashKey.Add(1)) <= 0 || at.Compare(r.EndingHashKey) >= 0 || e.shards+1 > e.cfg.shardLimit {
			continue // too narrow to split, or the account is out of shards
		}
		s.apply(now, change{kind: changeSplit, a: l.sh, at: at, added: 1})
		splits++
	}
	return splits > 0
}

// peakWindow tracks the peak of per-minute write rates over the last OnDemandPeakWindow: a monotonic queue whose
// rates decrease from front to back (a rate lower than a later one can never be the peak again).
type peakWindow []ratePoint

type ratePoint struct {
	at   time.Time
	rate float64
}

// add records the rate measured at now and returns the peak of the window.
func (w *peakWindow) add(now time.Time, rate float64) float64 {
	q := *w
	for len(q) > 0 && q[len(q)-1].rate <= rate {
		q = q[:len(q)-1]
	}
	q = append(q, ratePoint{now, rate})
	drop := 0
	for now.Sub(q[drop].at) >= OnDemandPeakWindow {
		drop++
	}
	q = append(q[:0], q[drop:]...)
	*w = q
	return q[0].rate
}

// MaxWarmThroughputMiBps is the most warm throughput an on-demand stream takes by default: 10 GiBps
// (UpdateStreamWarmThroughput: "By default, you cannot ... Scale to more than 10 GiBps for an on-demand stream").
const MaxWarmThroughputMiBps = 10 << 10

// UpdateStreamWarmThroughputInput is the input of [Engine.UpdateStreamWarmThroughput].
type UpdateStreamWarmThroughputInput struct {
	StreamRef
	// WarmThroughputMiBps is the write throughput, in MiB/s, the stream is to be ready for: 0 to 10240. The member
	// is required (UpdateStreamWarmThroughputInput.WarmThroughputMiBps: "This member is required"), so 0 is a value
	// here, 0 MiB/s, not "not given"; [ExplicitZero] reads as that 0 too.
	WarmThroughputMiBps int
}

// WarmThroughput is the warm throughput of an on-demand stream (the SDK's types.WarmThroughputObject).
type WarmThroughput struct {
	// TargetMiBps is the warm throughput asked for with UpdateStreamWarmThroughput (0 if none).
	TargetMiBps int
	// CurrentMiBps is the write throughput the stream is scaled to now: 1 MiB/s per open shard.
	CurrentMiBps int
}

// UpdateStreamWarmThroughputOutput is the output of [Engine.UpdateStreamWarmThroughput].
type UpdateStreamWarmThroughputOutput struct {
	StreamName     string
	StreamARN      string
	WarmThroughput WarmThroughput
}

// UpdateStreamWarmThroughput asks an on-demand stream to be ready for WarmThroughputMiBps of writes. As in AWS it
// is asynchronous: the stream is UPDATING for the engine's update delay (reads and writes go on), then the
// on-demand scaler splits shards towards one open shard per MiB/s — each open shard at most once a minute, so the
// capacity at most doubles per minute — and DescribeStreamSummary's WarmThroughput.CurrentMiBps shows how far it
// has got. The stream never merges shards back, so a lower value (AWS's way to "release excess capacity") only
// stops further growth. The output's CurrentMiBps is the capacity when the call returns. AWS takes the call only
// in accounts with MinimumThroughputBillingCommitment; kinesim takes it in every account.
//
// Errors: Validation (WarmThroughputMiBps below 0), InvalidArgument (a provisioned stream: "Provisioned capacity
// mode streams do not support warm throughput configuration"), LimitExceeded (above 10 GiBps), ResourceInUse
// (not ACTIVE), ResourceNotFound.
func (e *Engine) UpdateStreamWarmThroughput(ctx context.Context, in UpdateStreamWarmThroughputInput) (UpdateStreamWarmThroughputOutput, error) {
	if _, err := begin(e, ctx, OpUpdateStreamWarmThroughput, &in); err != nil {
		return UpdateStreamWarmThroughputOutput{}, err
	}
	var v validate.Violations
	warm, _ := validate.Given(in.WarmThroughputMiBps) // required: absent or 0, it is 0 MiB/s
	if warm < 0 {
		v.Add(validate.QuoteInt(warm), "warmThroughputMiBps", validate.ValueAtLeast+"0")
	}
	if err := v.Err(); err != nil {
		return UpdateStreamWarmThroughputOutput{}, err
	}
	var out UpdateStreamWarmThroughputOutput
	err := e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		switch {
		case s.mode != StreamModeOnDemand:
			return e.notOnDemand(s.name, s.mode, "warm throughput")
		case !s.state.Is(status.Active):
			return e.notActive(s.name, s.streamStatus())
		case warm > MaxWarmThroughputMiBps:
			return e.warmTooHigh(s.name, warm)
		}
		if err := s.schedule(now, change{kind: changeWarm, target: warm}); err != nil {
			return err
		}
		out = UpdateStreamWarmThroughputOutput{StreamName: s.name, StreamARN: s.arn,
			WarmThroughput: WarmThroughput{TargetMiBps: warm, CurrentMiBps: len(s.open) * WriteBytesPerShard >> 20}}
		return nil
	})
	if err != nil {
		return UpdateStreamWarmThroughputOutput{}, err
	}
	return out, nil
}

// warmShards is the open shard count the warm throughput asks for: one per MiB/s. s.mu must be held.
func (s *dataStream) warmShards() int { return s.warmMiBps << 20 / WriteBytesPerShard }

// warmThroughput reports the warm throughput of an on-demand stream, nil for a provisioned one. s.mu must be held.
func (s *dataStream) warmThroughput() *WarmThroughput {
	if s.mode != StreamModeOnDemand {
		return nil
	}
	return &WarmThroughput{TargetMiBps: s.warmMiBps, CurrentMiBps: len(s.open) * WriteBytesPerShard >> 20}
}
