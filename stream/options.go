package stream

import (
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/internal/engine"
)

// Option configures an [Engine].
type Option func(*config)

type config struct {
	engine.Config // clock, account, seed, controls, label: the settings every service shares

	shardLimit     int
	createDelay    time.Duration
	deleteDelay    time.Duration
	updateDelay    time.Duration
	throttling     bool
	maxTransitions int
}

func defaultConfig() config {
	return config{
		Config:         engine.Defaults(),
		shardLimit:     20000,
		throttling:     true,
		maxTransitions: 5,
	}
}

// WithClock sets the clock every time read of the engine goes through: arrival timestamps, throttling, retention,
// iterator and token expiry, status delays. The default is [clock.Real]; pass a [clock.Manual] to run in virtual
// time.
func WithClock(c clock.Clock) Option { return engine.Clock[config](c) }

// WithAccount sets the AWS account id and region that appear in ARNs and messages; an empty one keeps its
// default, "000000000000" and "us-east-1" ([arn.DefaultAccount]). The partition of ARNs follows from the region
// ("aws-cn" for cn-north-1).
func WithAccount(accountID, region string) Option { return engine.Account[config](accountID, region) }

// WithSeed makes the engine deterministic: stream incarnations and the key that signs iterators and tokens derive
// from seed, so the same calls at the same (virtual) times give the same outputs. By default the engine draws a
// random seed.
func WithSeed(seed uint64) Option { return engine.Seed[config](seed) }

// WithShardLimit sets the account's shard quota (open shards over all streams); exceeding it is a
// LimitExceededException. The default is 20,000, AWS's quota in us-east-1; n is at most [MaxShardLimit] (a
// larger n sets that), and n < 1 keeps the default.
func WithShardLimit(n int) Option {
	return func(cfg *config) {
		if n > 0 {
			cfg.shardLimit = min(n, MaxShardLimit)
		}
	}
}

// MaxShardLimit is the largest account shard quota, the top of the range DescribeLimits documents for ShardLimit
// ("Valid Range: Minimum value of 0. Maximum value of 1000000.", Kinesis API Reference, DescribeLimits). It bounds
// what a CreateStream can allocate: a ShardCount above the quota is a LimitExceededException.
const MaxShardLimit = 1000000

// WithStatusDelays sets how long a stream stays CREATING after CreateStream, DELETING after DeleteStream, and
// UPDATING after a change. The defaults are 0: the change is complete when the call returns. Delays run on the
// engine's clock.
func WithStatusDelays(create, delete, update time.Duration) Option {
	return func(cfg *config) {
		cfg.createDelay, cfg.deleteDelay, cfg.updateDelay = max(create, 0), max(delete, 0), max(update, 0)
	}
}

// WithThrottling sets whether new streams enforce AWS's per-shard throughput limits (see the package
// documentation's Limits). The default is true, as in AWS; CreateStreamInput.Throttling and [Engine.SetThrottling]
// override it per stream.
func WithThrottling(on bool) Option { return func(cfg *config) { cfg.throttling = on } }

// WithControls makes the engine consult the given set of test controls, which may be shared with the other
// services of an account (package kinesim does this). By default an engine has a set of its own
// ([Engine.Controls]).
func WithControls(set *control.Set) Option { return engine.Controls[config](set) }

// WithLabel names the engine's goroutines for pprof: they carry the label "kinesim" = label (see package
// runtime/pprof), so that profiles and goroutine-leak checks tell one engine's goroutines from another's (package
// kinesimtest does this). The default is "stream-N", N counting the engines of the process.
func WithLabel(label string) Option { return engine.Label[config](label) }
