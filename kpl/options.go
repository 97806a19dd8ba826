package kpl

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// Defaults of the KPL (java/amazon-kinesis-producer-sample/default_config.properties; shared/docs/data-streams.md
// §2.2) and AWS's per-shard write limits, which a [Producer] uses unless an [Option] says otherwise.
const (
	// DefaultRecordMaxBufferedTime is how long a user record may wait for others to join its aggregate and its
	// PutRecords call: the KPL's RecordMaxBufferedTime, 100 ms.
	DefaultRecordMaxBufferedTime = 100 * time.Millisecond
	// DefaultRecordTTL is how long the producer keeps trying to put a user record before it fails it with
	// [ErrExpired]: the KPL's RecordTtl, 30 s.
	DefaultRecordTTL = 30 * time.Second
	// MinRecordTTL is the smallest RecordTtl the KPL accepts: 100 ms.
	MinRecordTTL = 100 * time.Millisecond
	// DefaultAggregationMaxSize is the KPL's AggregationMaxSize: an aggregate's data grows to at most 51200 bytes;
	// a bigger user record goes out on its own.
	DefaultAggregationMaxSize = agg.DefaultMaxSize
	// DefaultAggregationMaxCount is the KPL's AggregationMaxCount, 4294967295: in effect only the size limits.
	DefaultAggregationMaxCount = 4294967295
	// DefaultCollectionMaxCount is the KPL's CollectionMaxCount: at most 500 Kinesis records per PutRecords call,
	// AWS's limit.
	DefaultCollectionMaxCount = stream.MaxPutRecordsEntries
	// DefaultCollectionMaxSize is the KPL's CollectionMaxSize: at most 5 MiB (data and partition keys) per
	// PutRecords call, AWS's limit.
	DefaultCollectionMaxSize = stream.MaxPutRecordsBytes
	// DefaultRateLimit is the share, in percent, of a shard's write limits (1 MiB/s and 1,000 records/s) the
	// producer allows itself per shard: 100, AWS's limits. The KPL's RateLimit defaults to 150, which lets one
	// producer saturate a shard at the price of throttled retries.
	DefaultRateLimit = 100
	// DefaultMaxRetryBackoff caps the wait before a retry of a shard whose puts keep failing: 1 s.
	DefaultMaxRetryBackoff = time.Second
	// MaxUserRecordSize is the largest user record, data and partition key: 1 MiB (the KPL's MaxUserRecordSize,
	// and the largest Kinesis record).
	MaxUserRecordSize = agg.MaxRecordSize
)

// Option configures a [Producer] made by [New].
type Option func(*config)

type config struct {
	clock          clock.Clock
	maxBuffered    time.Duration
	ttl            time.Duration
	aggregate      bool
	aggMaxSize     int
	aggMaxCount    int
	collMaxCount   int
	collMaxSize    int
	rateLimit      int
	maxBackoff     time.Duration
	checkMap       bool
	failThrottled  bool
	results        int
	resultsEnabled bool
}

func defaultConfig() config {
	return config{
		clock:        clock.Real,
		maxBuffered:  DefaultRecordMaxBufferedTime,
		ttl:          DefaultRecordTTL,
		aggregate:    true,
		aggMaxSize:   DefaultAggregationMaxSize,
		aggMaxCount:  DefaultAggregationMaxCount,
		collMaxCount: DefaultCollectionMaxCount,
		collMaxSize:  DefaultCollectionMaxSize,
		rateLimit:    DefaultRateLimit,
		maxBackoff:   DefaultMaxRetryBackoff,
	}
}

func (c *config) validate() error {
	switch {
	case c.maxBuffered < 0:
		return fmt.Errorf("%w: RecordMaxBufferedTime %v is negative", ErrInvalidOption, c.maxBuffered)
	case c.ttl < MinRecordTTL:
		return fmt.Errorf("%w: RecordTtl %v is below %v", ErrInvalidOption, c.ttl, MinRecordTTL)
	case c.aggMaxSize < 1 || c.aggMaxSize > agg.MaxRecordSize:
		return fmt.Errorf("%w: AggregationMaxSize %d is outside 1 … %d", ErrInvalidOption, c.aggMaxSize, agg.MaxRecordSize)
	case c.aggMaxCount < 1:
		return fmt.Errorf("%w: AggregationMaxCount %d is below 1", ErrInvalidOption, c.aggMaxCount)
	case c.collMaxCount < 1 || c.collMaxCount > stream.MaxPutRecordsEntries:
		return fmt.Errorf("%w: CollectionMaxCount %d is outside 1 … %d", ErrInvalidOption, c.collMaxCount, stream.MaxPutRecordsEntries)
	case c.collMaxSize < MaxUserRecordSize || c.collMaxSize > stream.MaxPutRecordsBytes:
		return fmt.Errorf("%w: CollectionMaxSize %d is outside %d … %d", ErrInvalidOption, c.collMaxSize, MaxUserRecordSize, stream.MaxPutRecordsBytes)
	case c.rateLimit < 1 && c.rateLimit != noRateLimit:
		return fmt.Errorf("%w: RateLimit %d%% is below 1%%", ErrInvalidOption, c.rateLimit)
	case c.maxBackoff < 0:
		return fmt.Errorf("%w: maximum retry backoff %v is negative", ErrInvalidOption, c.maxBackoff)
	case c.results < 0:
		return fmt.Errorf("%w: result channel capacity %d is negative", ErrInvalidOption, c.results)
	}
	return nil
}

// WithClock sets the clock every time read and timer of the producer goes through: buffering deadlines, rate
// limiting, retry backoff, TTL. The default is [clock.Real]; give the stream's clock (a [clock.Manual] in tests)
// to run in virtual time. A nil c means [clock.Real].
func WithClock(c clock.Clock) Option { return func(cfg *config) { cfg.clock = clock.Or(c) } }

// WithRecordMaxBufferedTime sets how long a user record may wait in the buffer for others to join its aggregate
// and its PutRecords call before it is sent (the KPL's RecordMaxBufferedTime). The default is
// [DefaultRecordMaxBufferedTime]; 0 sends each record as soon as the producer gets to it.
func WithRecordMaxBufferedTime(d time.Duration) Option {
	return func(cfg *config) { cfg.maxBuffered = d }
}

// WithRecordTTL sets how long the producer keeps retrying a user record before it fails it with [ErrExpired]
// (the KPL's RecordTtl). The default is [DefaultRecordTTL]; at least [MinRecordTTL].
func WithRecordTTL(d time.Duration) Option { return func(cfg *config) { cfg.ttl = d } }

// WithAggregation sets the KPL's AggregationMaxSize (bytes of an aggregate's data, 1 … 1 MiB; default
// [DefaultAggregationMaxSize]) and AggregationMaxCount (user records per aggregate; default
// [DefaultAggregationMaxCount]). A zero argument keeps its default.
func WithAggregation(maxSize, maxCount int) Option {
	return func(cfg *config) {
		cfg.aggregate = true
		if maxSize != 0 {
			cfg.aggMaxSize = maxSize
		}
		if maxCount != 0 {
			cfg.aggMaxCount = maxCount
		}
	}
}

// WithoutAggregation turns aggregation off (the KPL's AggregationEnabled=false): every user record is one
// Kinesis record.
func WithoutAggregation() Option { return func(cfg *config) { cfg.aggregate = false } }

// WithCollection sets the KPL's CollectionMaxCount (Kinesis records per PutRecords call, 1 … 500; default
// [DefaultCollectionMaxCount]) and CollectionMaxSize (bytes per call, 1 MiB … 5 MiB; default
// [DefaultCollectionMaxSize]). A zero argument keeps its default.
func WithCollection(maxCount, maxSize int) Option {
	return func(cfg *config) {
		if maxCount != 0 {
			cfg.collMaxCount = maxCount
		}
		if maxSize != 0 {
			cfg.collMaxSize = maxSize
		}
	}
}

// WithRateLimit sets the share, in percent, of each shard's write limits (1 MiB/s and 1,000 records/s) the
// producer allows itself (the KPL's RateLimit). The default is [DefaultRateLimit], AWS's limits; the KPL's own
// default is 150.
func WithRateLimit(percent int) Option { return func(cfg *config) { cfg.rateLimit = percent } }

// noRateLimit is the rateLimit of WithoutRateLimit.
const noRateLimit = -1

// WithoutRateLimit turns the producer's per-shard rate limiting off: it sends as fast as the stream answers and
// relies on retries of throttled records. It suits a kinesim stream whose throttling is off, where the virtual
// clock need not move for records to go out.
func WithoutRateLimit() Option { return func(cfg *config) { cfg.rateLimit = noRateLimit } }

// WithMaxRetryBackoff caps the wait before retrying a shard whose entries keep failing. The first retry waits
// half of RecordMaxBufferedTime, as the KPL's does; each further consecutive failure of the shard doubles the wait,
// up to d (default [DefaultMaxRetryBackoff]). The KPL itself has no backoff and relies on its rate limiter.
func WithMaxRetryBackoff(d time.Duration) Option { return func(cfg *config) { cfg.maxBackoff = d } }

// WithFailIfThrottled fails a user record with ProvisionedThroughputExceededException the first time its put is
// throttled, instead of retrying it (the KPL's FailIfThrottled; default false).
func WithFailIfThrottled(fail bool) Option { return func(cfg *config) { cfg.failThrottled = fail } }

// WithShardMapCheck makes the producer list the stream's shards right before every PutRecords call, so that a
// reshard made before the call can never put an aggregate on a shard whose hash-key range does not hold all its
// user records (one ListShards call per PutRecords call; AWS allows ListShards 1,000 times per second per data
// stream, API Reference, ListShards). A reshard that takes effect during the call itself can still do it. By default (false) the producer refreshes its shard map
// as the KPL does: when a put lands on another shard than predicted, and then re-sends the user records of an
// aggregate that landed where a consumer would drop it.
func WithShardMapCheck(check bool) Option { return func(cfg *config) { cfg.checkMap = check } }

// WithResults makes [Producer.Results] return a channel of capacity n on which every user record's [Result] is
// also delivered, in completion order. The producer blocks on a full channel: read it until [Producer.Close]
// closes it.
func WithResults(n int) Option {
	return func(cfg *config) { cfg.results, cfg.resultsEnabled = n, true }
}
