package stream

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// Account-level operations: DescribeLimits, DescribeAccountSettings and UpdateAccountSettings.

// Account limits (DescribeLimits, DescribeAccountSettings and UpdateAccountSettings API reference).
const (
	// DefaultOnDemandStreamLimit is the account's quota of on-demand streams that DescribeLimits reports: AWS's
	// default of 50 (Kinesis Data Streams quotas). kinesim reports it; CreateStream does not enforce it.
	DefaultOnDemandStreamLimit = 50
	// DescribeLimitsPerSecond is DescribeLimits' rate limit: one call per second per account.
	DescribeLimitsPerSecond = 1
	// AccountSettingsCallsPerSecond is the rate limit of DescribeAccountSettings and of UpdateAccountSettings,
	// each: 5 calls per second per account.
	AccountSettingsCallsPerSecond = 5
	// MinimumCommitmentPeriod is how long a minimum throughput billing commitment lasts at least once enabled.
	MinimumCommitmentPeriod = 24 * time.Hour
)

// DescribeLimitsOutput is the output of [Engine.DescribeLimits].
type DescribeLimitsOutput struct {
	// ShardLimit is the account's shard quota ([WithShardLimit]); OpenShardCount the open shards of all its
	// streams.
	ShardLimit     int
	OpenShardCount int
	// OnDemandStreamCount is the number of on-demand streams; OnDemandStreamCountLimit the account's quota of them.
	OnDemandStreamCount      int
	OnDemandStreamCountLimit int
	// ChannelCount and ChannelCountLimit describe the account's channels, which kinesim does not have: both are 0.
	ChannelCount      int
	ChannelCountLimit int
}

// Statuses of a minimum throughput billing commitment.
const (
	CommitmentEnabled  = "ENABLED"
	CommitmentDisabled = "DISABLED"
	// CommitmentEnabledUntilEarliestAllowedEnd is a commitment asked to end before its 24 hours were over: it ends
	// by itself at EarliestAllowedEndAt (enabling it again before then keeps it).
	CommitmentEnabledUntilEarliestAllowedEnd = "ENABLED_UNTIL_EARLIEST_ALLOWED_END"
)

// MinimumThroughputBillingCommitment is the account's minimum throughput billing commitment for on-demand
// streams, as DescribeAccountSettings and UpdateAccountSettings report it (the SDK's
// MinimumThroughputBillingCommitmentOutput). Times are zero when they do not apply.
type MinimumThroughputBillingCommitment struct {
	// Status is ENABLED, DISABLED or ENABLED_UNTIL_EARLIEST_ALLOWED_END.
	Status string
	// StartedAt is when the commitment was enabled, EarliestAllowedEndAt 24 hours later, and EndedAt when it ended.
	StartedAt            time.Time
	EarliestAllowedEndAt time.Time
	EndedAt              time.Time
}

// AccountSettings is the output of [Engine.DescribeAccountSettings] and [Engine.UpdateAccountSettings].
type AccountSettings struct {
	MinimumThroughputBillingCommitment MinimumThroughputBillingCommitment
}

// UpdateAccountSettingsInput is the input of [Engine.UpdateAccountSettings].
type UpdateAccountSettingsInput struct {
	MinimumThroughputBillingCommitment MinimumThroughputBillingCommitmentInput
}

// MinimumThroughputBillingCommitmentInput asks for a commitment status.
type MinimumThroughputBillingCommitmentInput struct {
	// Status is ENABLED or DISABLED.
	Status string
}

// accountState is the engine's account-level state. Its fields are guarded by mu, which is taken with no other
// lock of the engine held.
type accountState struct {
	mu                    sync.Mutex
	limitsCalls           *rate.Limiter // DescribeLimits, made on first use
	describeSettingsCalls *rate.Limiter // DescribeAccountSettings, made on first use
	updateSettingsCalls   *rate.Limiter // UpdateAccountSettings, made on first use
	commitment            MinimumThroughputBillingCommitment
}

// allow takes a call of op from the account-level limit *l of perSecond calls a second (made on first use), or
// returns the LimitExceeded error. It does nothing when the engine does not throttle ([WithThrottling]).
func (e *Engine) allow(l **rate.Limiter, perSecond int, op string, now time.Time) error {
	if !e.cfg.throttling {
		return nil
	}
	a := &e.acct
	a.mu.Lock()
	defer a.mu.Unlock()
	if *l == nil {
		*l = rate.NewLimiter(rate.Limit(perSecond), perSecond)
	}
	if !(*l).AllowN(now, 1) {
		return apierr.LimitExceeded.New("Rate exceeded for %s under account %s.", op, e.cfg.Account.ID)
	}
	return nil
}

// DescribeLimits describes the account's shard quota and usage: the shard limit ([WithShardLimit]), the open
// shards of all its streams, and its on-demand streams and their quota (50, AWS's default). With throttling on
// (the default, see [WithThrottling]) it takes one call per second, as AWS documents; a faster call is a
// LimitExceeded error.
//
// Errors: LimitExceeded.
func (e *Engine) DescribeLimits(ctx context.Context) (DescribeLimitsOutput, error) {
	var in struct{}
	if _, err := begin(e, ctx, OpDescribeLimits, &in); err != nil {
		return DescribeLimitsOutput{}, err
	}
	if err := e.allow(&e.acct.limitsCalls, DescribeLimitsPerSecond, "DescribeLimits", e.clk.Now()); err != nil {
		return DescribeLimitsOutput{}, err
	}
	out := DescribeLimitsOutput{ShardLimit: e.cfg.shardLimit, OnDemandStreamCountLimit: DefaultOnDemandStreamLimit}
	e.mu.RLock()
	defer e.mu.RUnlock()
	for _, s := range e.byName {
		s.mu.RLock()
		out.OpenShardCount += len(s.open)
		if s.mode == StreamModeOnDemand {
			out.OnDemandStreamCount++
		}
		s.mu.RUnlock()
	}
	return out, nil
}

// DescribeAccountSettings returns the account's settings: its minimum throughput billing commitment (DISABLED
// until [Engine.UpdateAccountSettings] enables it). kinesim bills nothing: the setting is stored and reported
// only. With throttling on it takes 5 calls per second, as AWS documents.
//
// Errors: LimitExceeded.
func (e *Engine) DescribeAccountSettings(ctx context.Context) (AccountSettings, error) {
	var in struct{}
	if _, err := begin(e, ctx, OpDescribeAccountSettings, &in); err != nil {
		return AccountSettings{}, err
	}
	now := e.clk.Now()
	if err := e.allow(&e.acct.describeSettingsCalls, AccountSettingsCallsPerSecond, "DescribeAccountSettings", now); err != nil {
		return AccountSettings{}, err
	}
	a := &e.acct
	a.mu.Lock()
	defer a.mu.Unlock()
	return AccountSettings{MinimumThroughputBillingCommitment: a.settle(now)}, nil
}

// UpdateAccountSettings enables or disables the account's minimum throughput billing commitment and returns the
// settings, synchronously, as AWS does. A commitment lasts at least 24 hours: ENABLED starts one (StartedAt now,
// EarliestAllowedEndAt 24 hours later; enabling an enabled one changes nothing); DISABLED ends it at once when
// the 24 hours are over (EndedAt now), and otherwise makes it ENABLED_UNTIL_EARLIEST_ALLOWED_END, so that it ends
// by itself at EarliestAllowedEndAt unless it is enabled again before then. Disabling a disabled commitment
// changes nothing. kinesim bills nothing: the setting is stored and reported only. With throttling on it takes 5
// calls per second, as AWS documents.
//
// Errors: Validation (a missing or unknown Status), LimitExceeded.
func (e *Engine) UpdateAccountSettings(ctx context.Context, in UpdateAccountSettingsInput) (AccountSettings, error) {
	if _, err := begin(e, ctx, OpUpdateAccountSettings, &in); err != nil {
		return AccountSettings{}, err
	}
	st := in.MinimumThroughputBillingCommitment.Status
	var v validate.Violations
	if v.Required("minimumThroughputBillingCommitment.status", st) {
		v.Enum("minimumThroughputBillingCommitment.status", st, CommitmentEnabled, CommitmentDisabled)
	}
	if err := v.Err(); err != nil {
		return AccountSettings{}, err
	}
	now := e.clk.Now()
	if err := e.allow(&e.acct.updateSettingsCalls, AccountSettingsCallsPerSecond, "UpdateAccountSettings", now); err != nil {
		return AccountSettings{}, err
	}
	a := &e.acct
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.settle(now)
	switch {
	case st == CommitmentEnabled && c.Status == CommitmentDisabled:
		c = MinimumThroughputBillingCommitment{Status: CommitmentEnabled, StartedAt: now, EarliestAllowedEndAt: now.Add(MinimumCommitmentPeriod)}
	case st == CommitmentEnabled:
		c.Status = CommitmentEnabled // keeps a commitment asked to end
	case c.Status == CommitmentDisabled:
	case now.Before(c.EarliestAllowedEndAt):
		c.Status = CommitmentEnabledUntilEarliestAllowedEnd
	default:
		c.Status, c.EndedAt = CommitmentDisabled, now
	}
	a.commitment = c
	return AccountSettings{MinimumThroughputBillingCommitment: c}, nil
}

// settle returns the commitment at now, ending one whose asked-for end has come. a.mu must be held.
func (a *accountState) settle(now time.Time) MinimumThroughputBillingCommitment {
	c := &a.commitment
	if c.Status == "" {
		c.Status = CommitmentDisabled
	}
	if c.Status == CommitmentEnabledUntilEarliestAllowedEnd && !now.Before(c.EarliestAllowedEndAt) {
		c.Status, c.EndedAt = CommitmentDisabled, c.EarliestAllowedEndAt
	}
	return *c
}
