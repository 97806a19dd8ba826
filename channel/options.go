package channel

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

	createDelay     time.Duration
	updateDelay     time.Duration
	deleteDelay     time.Duration
	source          Source
	store           ObjectStore
	stores          map[string]ObjectStore
	targetSize      int
	retryDuration   time.Duration
	attemptTimeout  time.Duration
	channelsPerStrm int
	maxChannels     int
}

// The defaults of the options.
const (
	// DefaultTargetObjectSize is the uncompressed size at which a channel delivers before its data freshness
	// has passed. AWS batches records "into optimally sized objects" without publishing the size; kinesim takes
	// Firehose's largest S3 buffer, 128 MiB.
	DefaultTargetObjectSize = 128 << 20
	// DefaultRetryDuration is how long a failed delivery is retried before its records go to the dead-letter
	// queue: Firehose's S3 retry duration (24 hours), the delivery path channels share (AWS does not publish a
	// channel's).
	DefaultRetryDuration = 24 * time.Hour
	// DefaultAttemptTimeout is how long one PutObject may take before the attempt counts as failed.
	DefaultAttemptTimeout = time.Minute
	// DefaultChannelsPerStream is how many S3 channels one stream may have: one at launch (AWS's "one S3 channel
	// and one S3 Tables channel per stream", an adjustable quota).
	DefaultChannelsPerStream = 1
	// DefaultMaxChannels is how many channels an account may have in a region (kinesim's bound; AWS does not
	// publish one).
	DefaultMaxChannels = 100
	// RetryBackoffStart and RetryBackoffMax bound the wait between delivery attempts, doubling.
	RetryBackoffStart = time.Second
	RetryBackoffMax   = 2 * time.Minute
)

func defaultConfig() config {
	return config{
		Config: engine.Defaults(), targetSize: DefaultTargetObjectSize,
		retryDuration: DefaultRetryDuration, attemptTimeout: DefaultAttemptTimeout,
		channelsPerStrm: DefaultChannelsPerStream, maxChannels: DefaultMaxChannels,
	}
}

// WithClock sets the clock of every time the engine reads: arrival times, data freshness, retries, status delays.
// The default is [clock.Real]; a [clock.Manual] runs the engine in virtual time.
func WithClock(c clock.Clock) Option { return engine.Clock[config](c) }

// WithAccount sets the account id and region of ARNs; an empty one keeps its default, "000000000000" and
// "us-east-1".
func WithAccount(accountID, region string) Option { return engine.Account[config](accountID, region) }

// WithSeed makes the engine deterministic: channel ids, object key suffixes and pagination tokens derive from
// seed. By default a random seed is drawn.
func WithSeed(seed uint64) Option { return engine.Seed[config](seed) }

// WithControls makes the engine consult the given test controls (shared with the other services of an account by
// package kinesim). By default the engine has a set of its own ([Engine.Controls]).
func WithControls(set *control.Set) Option { return engine.Controls[config](set) }

// WithLabel names the engine's goroutines for pprof (label "kinesim" = label). The default is "channel-N".
func WithLabel(label string) Option { return engine.Label[config](label) }

// WithStatusDelays sets how long a channel stays CREATING, UPDATING and DELETING, on the engine's clock. The
// defaults are 0: the change is complete when the call returns.
func WithStatusDelays(create, update, delete time.Duration) Option {
	return func(cfg *config) {
		cfg.createDelay, cfg.updateDelay, cfg.deleteDelay = max(create, 0), max(update, 0), max(delete, 0)
	}
}

// WithSource gives the engine the Kinesis Data Streams its channels read (package kinesim passes the account's).
// Without it, CreateChannel is refused.
func WithSource(s Source) Option { return func(cfg *config) { cfg.source = s } }

// WithObjectStore makes store the destination of every bucket without a store of its own ([WithBucket]). A
// channel whose bucket (or dead-letter bucket) has no store is refused at CreateChannel; package kinesim passes
// the account's Firehose in-memory store, so that channels and delivery streams deliver to the same buckets.
func WithObjectStore(store ObjectStore) Option { return func(cfg *config) { cfg.store = store } }

// WithBucket makes store the destination of the bucket named bucket (the NAME of arn:aws:s3:::NAME).
func WithBucket(bucket string, store ObjectStore) Option {
	return func(cfg *config) {
		if cfg.stores == nil {
			cfg.stores = make(map[string]ObjectStore)
		}
		cfg.stores[bucket] = store
	}
}

// WithTargetObjectSize sets the uncompressed size at which a channel delivers early ([DefaultTargetObjectSize]);
// n < 1 keeps the default.
func WithTargetObjectSize(n int) Option {
	return func(cfg *config) {
		if n >= 1 {
			cfg.targetSize = n
		}
	}
}

// WithRetryDuration sets how long a failed delivery is retried, from its first attempt, before its records go to
// the dead-letter queue ([DefaultRetryDuration]); d ≤ 0 means no retry.
func WithRetryDuration(d time.Duration) Option {
	return func(cfg *config) { cfg.retryDuration = max(d, 0) }
}

// WithAttemptTimeout sets how long one PutObject may take ([DefaultAttemptTimeout]); d ≤ 0 keeps the default.
func WithAttemptTimeout(d time.Duration) Option {
	return func(cfg *config) {
		if d > 0 {
			cfg.attemptTimeout = d
		}
	}
}

// WithChannelsPerStream sets how many S3 channels one stream may have ([DefaultChannelsPerStream]); n < 1 keeps
// the default.
func WithChannelsPerStream(n int) Option {
	return func(cfg *config) {
		if n >= 1 {
			cfg.channelsPerStrm = n
		}
	}
}
