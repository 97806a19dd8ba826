package firehose

import (
	"net/http"
	"slices"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/internal/engine"
)

// Option configures an [Engine].
type Option func(*config)

type config struct {
	engine.Config // clock, account, seed, controls, label: the settings every service shares

	createDelay    time.Duration
	deleteDelay    time.Duration
	throttling     bool
	limits         Limits
	stores         map[string]ObjectStore
	defaultStore   ObjectStore
	retryDuration  time.Duration
	attemptTimeout time.Duration
	functions      map[string]process.Transformer
	tables         map[string][]convert.Column
	reader         StreamReader
	targets        []registration
	httpClient     *http.Client
}

func defaultConfig() config {
	return config{
		Config:         engine.Defaults(),
		throttling:     true,
		retryDuration:  S3RetryDuration,
		attemptTimeout: DefaultAttemptTimeout,
	}
}

// WithClock sets the clock of every time the engine reads: arrival times, buffer intervals, retries, status
// delays. The default is [clock.Real]; a [clock.Manual] runs the engine in virtual time.
func WithClock(c clock.Clock) Option { return engine.Clock[config](c) }

// WithAccount sets the account id and region of ARNs and messages; an empty one keeps its default,
// "000000000000" and "us-east-1". The region also picks the Direct PUT quotas (see [Limits]).
func WithAccount(accountID, region string) Option { return engine.Account[config](accountID, region) }

// WithSeed makes the engine deterministic: record ids, object UUIDs and random prefix strings derive from seed,
// so the same calls at the same (virtual) times give the same objects under the same keys. By default a random
// seed is drawn.
func WithSeed(seed uint64) Option { return engine.Seed[config](seed) }

// WithControls makes the engine consult the given test controls (shared with the other services of an account by
// package kinesim). By default the engine has a set of its own ([Engine.Controls]).
func WithControls(set *control.Set) Option { return engine.Controls[config](set) }

// WithLabel names the engine's goroutines for pprof (label "kinesim" = label). The default is "firehose-N".
func WithLabel(label string) Option { return engine.Label[config](label) }

// WithStatusDelays sets how long a delivery stream stays CREATING after CreateDeliveryStream and DELETING after
// DeleteDeliveryStream, on the engine's clock. The defaults are 0: the change is complete when the call returns.
func WithStatusDelays(create, delete time.Duration) Option {
	return func(cfg *config) { cfg.createDelay, cfg.deleteDelay = max(create, 0), max(delete, 0) }
}

// WithThrottling sets whether delivery streams enforce the Direct PUT throughput quotas ([Limits]); the default
// is true, as in AWS. [Engine.SetThrottling] changes one stream.
func WithThrottling(on bool) Option { return func(cfg *config) { cfg.throttling = on } }

// WithLimits replaces the Direct PUT quotas of the region ([RegionLimits]); a zero field keeps the region's.
func WithLimits(l Limits) Option { return func(cfg *config) { cfg.limits = l } }

// WithObjectStore makes store the destination of every bucket without a store of its own ([WithBucket]). By
// default objects go to an in-memory store ([Engine.Store]).
func WithObjectStore(store ObjectStore) Option { return func(cfg *config) { cfg.defaultStore = store } }

// WithBucket makes store the destination of the bucket named bucket (the name in BucketARN, arn:aws:s3:::NAME).
func WithBucket(bucket string, store ObjectStore) Option {
	return func(cfg *config) {
		if cfg.stores == nil {
			cfg.stores = make(map[string]ObjectStore)
		}
		cfg.stores[bucket] = store
	}
}

// WithRetryDuration sets how long a failed S3 delivery is retried, from its first attempt, before its records go
// to the error output. The default is [S3RetryDuration], 24 hours, as in AWS; d ≤ 0 means no retry.
func WithRetryDuration(d time.Duration) Option {
	return func(cfg *config) { cfg.retryDuration = max(d, 0) }
}

// WithAttemptTimeout sets how long one PutObject may take before the attempt counts as failed and is retried
// (the store may still write it: a duplicate, as AWS's at-least-once delivery allows). The default is
// [DefaultAttemptTimeout]; d ≤ 0 keeps it.
func WithAttemptTimeout(d time.Duration) Option {
	return func(cfg *config) {
		if d > 0 {
			cfg.attemptTimeout = d
		}
	}
}

// WithFunction registers t as the Lambda function arn, the LambdaArn a Lambda processor names (see
// [Engine.RegisterFunction]).
func WithFunction(arn string, t process.Transformer) Option {
	return func(cfg *config) {
		if cfg.functions == nil {
			cfg.functions = make(map[string]process.Transformer)
		}
		cfg.functions[arn] = t
	}
}

// WithTable registers the columns of the table database.table, which a DataFormatConversionConfiguration's
// SchemaConfiguration names (kinesim's stand-in for the Glue Data Catalog; see [Engine.RegisterTable]).
func WithTable(database, table string, columns []convert.Column) Option {
	return func(cfg *config) {
		if cfg.tables == nil {
			cfg.tables = make(map[string][]convert.Column)
		}
		cfg.tables[database+"\x00"+table] = slices.Clone(columns)
	}
}

// WithStreamReader gives the engine the Kinesis Data Streams that KinesisStreamAsSource delivery streams read
// (package kinesim passes the account's). Without it, such delivery streams are refused.
func WithStreamReader(r StreamReader) Option { return func(cfg *config) { cfg.reader = r } }
