package heat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/keys"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// Layout is the shape of the stream a report runs on: N provisioned shards, an on-demand stream, or provisioned
// shards with explicit hash-key ranges. Make one with [Provisioned], [OnDemand] or [Ranges].
type Layout struct {
	// Mode is the stream's capacity mode.
	Mode stream.StreamMode
	// ShardCount is the number of shards of a provisioned stream with even ranges (as CreateStream lays them out).
	ShardCount int
	// HashKeyRanges, when set, are the shards' ranges instead: contiguous, in order, from 0 to 2^128−1.
	HashKeyRanges []record.HashKeyRange
	// Distribution is an on-demand stream's record distribution strategy: USER_PARTITION_KEY ("" too), where a
	// key's records all go to the shard of its hash, or AUTO, where the stream ignores keys and spreads records
	// evenly over its shards (see stream.Engine.UpdateStreamRecordDistributionStrategy). Under AUTO a throttled
	// record, which carries no shard id, is still attributed to the shard of its key's hash.
	Distribution stream.RecordDistributionStrategy
	// WarmThroughputMiBps is an on-demand stream's warm throughput (see stream.Engine.UpdateStreamWarmThroughput):
	// the run starts once the stream has one open shard per MiB/s of it, as a stream warmed up ahead of the
	// traffic.
	WarmThroughputMiBps int
}

// WithDistribution returns the on-demand layout l with record distribution strategy d, e.g.
// heat.OnDemand().WithDistribution(stream.DistributionAuto): what AUTO does to a hot key.
func (l Layout) WithDistribution(d stream.RecordDistributionStrategy) Layout {
	l.Distribution = d
	return l
}

// WithWarmThroughput returns the on-demand layout l warmed up to mibps MiB/s of writes before the run starts.
func (l Layout) WithWarmThroughput(mibps int) Layout {
	l.WarmThroughputMiBps = mibps
	return l
}

// Provisioned is a provisioned stream of n shards with even hash-key ranges, as CreateStream makes it.
func Provisioned(n int) Layout {
	return Layout{Mode: stream.StreamModeProvisioned, ShardCount: n}
}

// OnDemand is an on-demand stream: 4 shards at first, split by the stream as its traffic grows (see package
// stream; the first split needs several virtual minutes of traffic above 500 KB/s on a shard).
func OnDemand() Layout { return Layout{Mode: stream.StreamModeOnDemand} }

// Ranges is a provisioned stream whose shards own the given hash-key ranges, which must be contiguous, in order,
// and cover 0 … 2^128−1: a stream resharded by hand, for instance to give a hot key's hash a shard of its own.
func Ranges(r ...record.HashKeyRange) Layout {
	return Layout{Mode: stream.StreamModeProvisioned, HashKeyRanges: slices.Clone(r)}
}

// String describes the layout, e.g. "4 provisioned shards".
func (l Layout) String() string {
	switch {
	case l.Mode == stream.StreamModeOnDemand:
		s := "on-demand"
		if l.Distribution == stream.DistributionAuto {
			s += ", AUTO distribution"
		}
		if l.WarmThroughputMiBps > 0 {
			s += fmt.Sprintf(", warm %d MiB/s", l.WarmThroughputMiBps)
		}
		return s
	case len(l.HashKeyRanges) > 0:
		return fmt.Sprintf("%d provisioned shards, explicit hash-key ranges", len(l.HashKeyRanges))
	case l.ShardCount == 1:
		return "1 provisioned shard"
	}
	return fmt.Sprintf("%d provisioned shards", l.ShardCount)
}

func (l Layout) validate() error {
	switch d := l.Distribution; {
	case d != "" && d != stream.DistributionAuto && d != stream.DistributionUserPartitionKey:
		return fmt.Errorf("heat: unknown record distribution strategy %q", d)
	case l.WarmThroughputMiBps < 0 || l.WarmThroughputMiBps > stream.MaxWarmThroughputMiBps:
		return fmt.Errorf("heat: a warm throughput is 0 to %d MiB/s", stream.MaxWarmThroughputMiBps)
	case l.Mode != stream.StreamModeOnDemand && (d == stream.DistributionAuto || l.WarmThroughputMiBps != 0):
		return errors.New("heat: AUTO distribution and warm throughput are for on-demand layouts")
	}
	switch l.Mode {
	case stream.StreamModeOnDemand:
		if l.ShardCount != 0 || len(l.HashKeyRanges) != 0 {
			return errors.New("heat: an on-demand layout takes neither a shard count nor hash-key ranges")
		}
		return nil
	case stream.StreamModeProvisioned, "":
	default:
		return fmt.Errorf("heat: unknown stream mode %q", l.Mode)
	}
	if len(l.HashKeyRanges) == 0 {
		if l.ShardCount < 1 {
			return errors.New("heat: a provisioned layout needs at least one shard")
		}
		return nil
	}
	if l.ShardCount != 0 && l.ShardCount != len(l.HashKeyRanges) {
		return errors.New("heat: ShardCount and HashKeyRanges disagree")
	}
	r := l.HashKeyRanges
	if r[0].StartingHashKey != (record.HashKey{}) || r[len(r)-1].EndingHashKey != record.MaxHashKey {
		return errors.New("heat: hash-key ranges must start at 0 and end at 2^128-1")
	}
	for i := range r {
		if r[i].EndingHashKey.Less(r[i].StartingHashKey) {
			return fmt.Errorf("heat: hash-key range %d ends before it starts", i)
		}
		if i > 0 && (r[i-1].EndingHashKey == record.MaxHashKey || r[i-1].EndingHashKey.Add(1) != r[i].StartingHashKey) {
			return fmt.Errorf("heat: hash-key range %d does not start just after range %d", i, i-1)
		}
	}
	return nil
}

// Config describes a run: which keys, how fast, how big, for how long, on which stream. The zero values of the
// optional fields are the defaults.
type Config struct {
	// Name labels the report (table heading, chart title), e.g. "Zipf s=1.1"; optional.
	Name string
	// Keys gives the partition key of every record, in order. Required.
	Keys keys.Generator
	// RecordsPerSecond is the producer's rate. Required.
	RecordsPerSecond float64
	// RecordSize is the data bytes of each record; its partition key adds its own bytes, as AWS counts them.
	RecordSize int
	// Duration is the virtual time the producer runs for. Required.
	Duration time.Duration
	// Layout is the stream. Required.
	Layout Layout
	// Tick is the pacing step (default 100 ms): each tick, the records due in it are put at its start with
	// PutRecords (batches of at most 500 records and 5 MiB), then the virtual clock moves on by a tick. A shorter
	// tick spreads records more evenly; throttling allows a second of burst either way.
	Tick time.Duration
	// TopKeys is how many of the hottest keys the report lists, per shard and for the stream (default 5).
	TopKeys int
	// TrackedKeys is how many distinct keys each shard counts exactly before the counts become estimates with a
	// bound (see KeyCount.MaxOvercount); default 1,000. Any key sending more than 1/TrackedKeys of a shard's
	// records is always found.
	TrackedKeys int
	// Seed seeds the engine (stream.WithSeed); the key generator has its own seed.
	Seed uint64
	// Start is the virtual time the run starts at (default 2026-01-01T00:00:00Z).
	Start time.Time
	// OnRecord, if set, is called for every record with the shard the report assigned it to and whether the
	// stream refused it (throttled), in put order: for tests and for reports of your own.
	OnRecord func(key, shardID string, throttled bool)
}

// DefaultStart is the virtual start of a run whose Config.Start is zero.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (c *Config) withDefaults() (Config, error) {
	cfg := *c
	if cfg.Tick == 0 {
		cfg.Tick = 100 * time.Millisecond
	}
	if cfg.TopKeys == 0 {
		cfg.TopKeys = 5
	}
	if cfg.TrackedKeys == 0 {
		cfg.TrackedKeys = 1000
	}
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if cfg.Layout.Mode == "" {
		cfg.Layout.Mode = stream.StreamModeProvisioned
	}
	switch {
	case cfg.Keys == nil:
		return cfg, errors.New("heat: Config.Keys is nil")
	case !(cfg.RecordsPerSecond > 0) || math.IsInf(cfg.RecordsPerSecond, 0):
		return cfg, errors.New("heat: Config.RecordsPerSecond must be positive")
	case cfg.RecordSize < 0 || cfg.RecordSize >= stream.DefaultMaxRecordSizeInKiB<<10:
		return cfg, errors.New("heat: Config.RecordSize must be 0 to 1 MiB minus the key")
	case cfg.Duration <= 0:
		return cfg, errors.New("heat: Config.Duration must be positive")
	case cfg.Tick < 0 || cfg.Tick > time.Second || time.Second%cfg.Tick != 0:
		return cfg, errors.New("heat: Config.Tick must divide a second")
	case cfg.TopKeys < 0 || cfg.TrackedKeys < cfg.TopKeys:
		return cfg, errors.New("heat: Config.TopKeys must be 0 to Config.TrackedKeys")
	case cfg.Duration > stream.MetricsWindow:
		return cfg, fmt.Errorf("heat: Config.Duration is at most %v (the stream keeps metrics that long)", stream.MetricsWindow)
	}
	return cfg, cfg.Layout.validate()
}

const streamName = "heat"

// Run runs cfg on a new kinesim engine in virtual time and reports how the records spread over the shards and
// where the stream throttled them. It takes wall time in proportion to the number of records, not to Duration.
//
// The engine runs on a clock.Manual with throttling on, so AWS's write limits apply to every shard (1,000 records/s
// and 1 MiB/s, with a second of burst), and the stream keeps no payloads (CreateStreamInput.DiscardData). Records
// the stream refuses are counted as throttled and not retried: the report shows the load the producer offers, and
// how much of it the layout cannot take.
//
// A nil ctx is refused with an error that matches stream.ErrNilContext, before anything runs.
func Run(ctx context.Context, c Config) (*Report, error) {
	if ctx == nil {
		return nil, fmt.Errorf("heat: %w", stream.ErrNilContext)
	}
	cfg, err := c.withDefaults()
	if err != nil {
		return nil, err
	}
	warmup := time.Duration(0)
	if cfg.Layout.WarmThroughputMiBps > 0 {
		warmup = warmupTime // the stream is created this long before the run, to split up to its warm throughput
	}
	clk := clock.NewManual(cfg.Start.Add(-warmup))
	e := stream.New(stream.WithClock(clk), stream.WithSeed(cfg.Seed))
	defer e.Close()
	ref := stream.StreamRef{StreamName: streamName}
	on := true
	in := stream.CreateStreamInput{StreamName: streamName, StreamMode: cfg.Layout.Mode, Throttling: &on, DiscardData: true,
		RecordDistributionStrategy: cfg.Layout.Distribution, WarmThroughputMiBps: cfg.Layout.WarmThroughputMiBps}
	if cfg.Layout.Mode != stream.StreamModeOnDemand {
		in.ShardCount = max(cfg.Layout.ShardCount, 1)
		if len(cfg.Layout.HashKeyRanges) > 0 {
			in.ShardCount = 1
		}
	}
	if err := e.CreateStream(ctx, in); err != nil {
		return nil, fmt.Errorf("heat: %w", err)
	}
	if len(cfg.Layout.HashKeyRanges) > 0 {
		if err := splitInto(ctx, e, ref, cfg.Layout.HashKeyRanges); err != nil {
			return nil, err
		}
	}
	if warmup > 0 {
		if err := warmUp(ctx, e, ref, clk, warmup); err != nil {
			return nil, err
		}
	}
	r := newRun(cfg, e, ref)
	if err := r.refresh(ctx); err != nil {
		return nil, err
	}
	if err := r.loop(ctx, clk); err != nil {
		return nil, err
	}
	return r.report(ctx)
}

// warmupTime is how long before the run a warmed-up on-demand stream is created: its scaler at most doubles the
// open shards a minute, so 30 minutes take its 4 shards past any warm throughput AWS allows (10 GiBps).
const warmupTime = 30 * time.Minute

// warmUp advances the clock by d, to the start of the run, and checks that the stream has reached its warm
// throughput by then (the account's shard quota may stop it short).
func warmUp(ctx context.Context, e *stream.Engine, ref stream.StreamRef, clk *clock.Manual, d time.Duration) error {
	clk.Advance(d)
	s, err := e.DescribeStreamSummary(ctx, ref)
	if err != nil {
		return fmt.Errorf("heat: %w", err)
	}
	if w := s.WarmThroughput; w == nil || w.CurrentMiBps < w.TargetMiBps {
		return fmt.Errorf("heat: the stream did not reach its warm throughput before the run: %+v", w)
	}
	return nil
}

// splitInto turns the 1-shard stream ref into shards that own ranges, splitting the upper shard at each boundary in
// turn.
func splitInto(ctx context.Context, e *stream.Engine, ref stream.StreamRef, ranges []record.HashKeyRange) error {
	for i := 1; i < len(ranges); i++ {
		shards, err := listOpen(ctx, e, ref)
		if err != nil {
			return err
		}
		upper := shards[len(shards)-1].ShardId // the shard holding ranges[i:]
		err = e.ForceSplitShard(ctx, stream.SplitShardInput{StreamRef: ref, ShardToSplit: upper,
			NewStartingHashKey: ranges[i].StartingHashKey.String()})
		if err != nil {
			return fmt.Errorf("heat: hash-key range %d (from %v): %w", i, ranges[i].StartingHashKey, err)
		}
	}
	shards, err := listOpen(ctx, e, ref)
	if err != nil {
		return err
	}
	if len(shards) != len(ranges) {
		return fmt.Errorf("heat: the stream has %d open shards after splitting, want %d", len(shards), len(ranges))
	}
	for i, sh := range shards {
		if sh.HashKeyRange != ranges[i] {
			return fmt.Errorf("heat: shard %s owns %v … %v, want %v … %v", sh.ShardId, sh.HashKeyRange.StartingHashKey,
				sh.HashKeyRange.EndingHashKey, ranges[i].StartingHashKey, ranges[i].EndingHashKey)
		}
	}
	return nil
}

// listOpen lists the open shards of ref in hash-key order.
func listOpen(ctx context.Context, e *stream.Engine, ref stream.StreamRef) ([]stream.Shard, error) {
	var shards []stream.Shard
	in := stream.ListShardsInput{StreamRef: ref, ShardFilter: &stream.ShardFilter{Type: stream.FilterAtLatest}}
	for {
		out, err := e.ListShards(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("heat: %w", err)
		}
		shards = append(shards, out.Shards...)
		if out.NextToken == "" {
			break
		}
		in = stream.ListShardsInput{NextToken: out.NextToken}
	}
	slices.SortFunc(shards, func(a, b stream.Shard) int {
		return a.HashKeyRange.StartingHashKey.Compare(b.HashKeyRange.StartingHashKey)
	})
	return shards, nil
}

// shardAcc accumulates one shard's numbers during a run.
type shardAcc struct {
	info                         stream.Shard
	from, until                  time.Duration // when the shard was open, from the start of the run
	records, bytes, throttled    int64
	recordsS, bytesS, throttledS []int64 // per second of the run
	top                          *topKeys
}

type run struct {
	cfg     Config
	e       *stream.Engine
	ref     stream.StreamRef
	seconds int
	shards  map[string]*shardAcc
	order   []*shardAcc           // in the order first seen
	open    []*shardAcc           // the open shards, in hash-key order
	ranges  []record.HashKeyRange // of the open shards, in hash-key order
	nOpen   int                   // open shard count when last listed
	now     time.Duration         // virtual time since the start of the run
	batch   []stream.PutRecordsEntry
	data    []byte
}

func newRun(cfg Config, e *stream.Engine, ref stream.StreamRef) *run {
	return &run{
		cfg: cfg, e: e, ref: ref,
		seconds: int((cfg.Duration + time.Second - 1) / time.Second),
		shards:  make(map[string]*shardAcc),
		batch:   make([]stream.PutRecordsEntry, 0, stream.MaxPutRecordsEntries),
		data:    make([]byte, cfg.RecordSize),
	}
}

// refresh reads the stream's open shards (they change only on an on-demand stream, which splits its own).
func (r *run) refresh(ctx context.Context) error {
	shards, err := listOpen(ctx, r.e, r.ref)
	if err != nil {
		return err
	}
	for _, a := range r.open {
		a.until = r.now // reopened below if still open
	}
	r.open, r.ranges = r.open[:0], r.ranges[:0]
	for _, sh := range shards {
		a := r.shards[sh.ShardId]
		if a == nil {
			a = &shardAcc{info: sh, from: r.now, until: -1, recordsS: make([]int64, r.seconds), bytesS: make([]int64, r.seconds),
				throttledS: make([]int64, r.seconds), top: newTopKeys(r.cfg.TrackedKeys)}
			r.shards[sh.ShardId] = a
			r.order = append(r.order, a)
		}
		a.until = -1
		r.open = append(r.open, a)
		r.ranges = append(r.ranges, sh.HashKeyRange)
	}
	r.nOpen = len(shards)
	return nil
}

// route returns the open shard whose range holds the key's hash: where the stream sends the key.
func (r *run) route(key string) *shardAcc {
	i, _ := record.Route(r.ranges, record.HashKeyOf(key))
	return r.open[i]
}

func (r *run) loop(ctx context.Context, clk *clock.Manual) error {
	cfg := r.cfg
	var sent int64
	for t := time.Duration(0); t < cfg.Duration; t += cfg.Tick {
		end := min(t+cfg.Tick, cfg.Duration)
		due := int64(math.Floor(cfg.RecordsPerSecond*end.Seconds()+1e-9)) - sent
		sec := int(t / time.Second)
		bytes := 0
		for range due {
			k := cfg.Keys.Next()
			size := len(r.data) + len(k)
			if len(r.batch) == stream.MaxPutRecordsEntries || bytes+size > stream.MaxPutRecordsBytes {
				if err := r.put(ctx, sec); err != nil {
					return err
				}
				bytes = 0
			}
			r.batch = append(r.batch, stream.PutRecordsEntry{Data: r.data, PartitionKey: k})
			bytes += size
		}
		if err := r.put(ctx, sec); err != nil {
			return err
		}
		sent += due
		clk.Advance(end - t)
		r.now = end
		if cfg.Layout.Mode == stream.StreamModeOnDemand {
			sum, err := r.e.DescribeStreamSummary(ctx, r.ref)
			if err != nil {
				return fmt.Errorf("heat: %w", err)
			}
			if sum.OpenShardCount != r.nOpen { // on-demand streams only split, so a change shows in the count
				if err := r.refresh(ctx); err != nil {
					return err
				}
			}
		}
	}
	for _, a := range r.open {
		a.until = r.now
	}
	return nil
}

// put sends the batch and accounts for every entry: accepted ones on the shard the stream names, throttled ones
// (which carry no shard id, as in AWS) on the shard their key's hash routes to.
func (r *run) put(ctx context.Context, sec int) error {
	if len(r.batch) == 0 {
		return nil
	}
	out, err := r.e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: r.ref, Records: r.batch})
	if err != nil {
		return fmt.Errorf("heat: %w", err)
	}
	for i, res := range out.Records {
		key := r.batch[i].PartitionKey
		size := int64(len(r.data) + len(key))
		var a *shardAcc
		throttled := false
		switch res.ErrorCode {
		case "":
			if a = r.shards[res.ShardId]; a == nil {
				return fmt.Errorf("heat: the stream put a record on shard %s, which it did not list as open", res.ShardId)
			}
		case "ProvisionedThroughputExceededException":
			a, throttled = r.route(key), true
		default:
			return fmt.Errorf("heat: record %d failed with %s: %s", i, res.ErrorCode, res.ErrorMessage)
		}
		a.records++
		a.bytes += size
		a.recordsS[sec]++
		a.bytesS[sec] += size
		if throttled {
			a.throttled++
			a.throttledS[sec]++
		}
		a.top.add(key, 1)
		if r.cfg.OnRecord != nil {
			r.cfg.OnRecord(key, a.info.ShardId, throttled)
		}
	}
	clear(r.batch) // drop the keys
	r.batch = r.batch[:0]
	return nil
}
