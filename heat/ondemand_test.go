package heat_test

// Forecasts on on-demand streams with AUTO distribution and warm throughput (stream.Engine's
// UpdateStreamRecordDistributionStrategy and UpdateStreamWarmThroughput; AWS: on-demand streams do not isolate hot
// keys under USER_PARTITION_KEY — Developer Guide, how-do-i-size-a-stream — while AUTO "distributes records evenly
// across shards … and ignores any partition key", aws-sdk-go-v2 service/kinesis v1.56.11).

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
	"github.com/kinesim/kinesim/stream"
)

// hotKeyConfig is a 40 % hot key in 3,000 records/s of 1 KiB: 1,200 records/s for one key, more than a shard takes.
func hotKeyConfig(l heat.Layout) heat.Config {
	return heat.Config{
		Keys:             keys.HotKey(1, 0.4, "tenant-0", keys.Uniform(2, 10_000)),
		RecordsPerSecond: 3000,
		RecordSize:       1024,
		Duration:         10 * time.Second,
		Layout:           l,
	}
}

func throttledOf(rep *heat.Report) (total int64, shards int) {
	for _, sh := range rep.Shards {
		total += sh.ThrottledRecords
		if sh.ThrottledRecords > 0 {
			shards++
		}
	}
	return total, shards
}

// On an on-demand stream, USER_PARTITION_KEY keeps the hot key on one shard, which throttles it; AUTO spreads the
// same traffic evenly over the 4 shards (750 records/s each) and nothing is throttled.
func TestAutoDistributionSpreadsAHotKey(t *testing.T) {
	user := run(t, hotKeyConfig(heat.OnDemand()))
	if total, shards := throttledOf(user); shards != 1 || total < 1000 {
		t.Fatalf("USER_PARTITION_KEY: %d records throttled on %d shards, want the hot key's shard alone to throttle", total, shards)
	}
	auto := run(t, hotKeyConfig(heat.OnDemand().WithDistribution(stream.DistributionAuto)))
	if auto.Layout != "on-demand, AUTO distribution" {
		t.Errorf("layout %q", auto.Layout)
	}
	if total, _ := throttledOf(auto); total != 0 {
		t.Fatalf("AUTO: %d records throttled, want none", total)
	}
	if len(auto.Shards) != stream.OnDemandInitialShards || auto.Imbalance > 1.01 {
		t.Fatalf("AUTO: %d shards, imbalance %.3f; want 4 evenly loaded", len(auto.Shards), auto.Imbalance)
	}
	for _, sh := range auto.Shards {
		if math.Abs(sh.RecordsPerSecond-750) > 1 {
			t.Errorf("AUTO: %s takes %.1f records/s, want 750", sh.ShardId, sh.RecordsPerSecond)
		}
	}
	checkAgainstStream(t, auto)
}

// A warm throughput gives the run its shards from the start: 16 MiB/s is 16 open shards. It does not isolate a hot
// key — under USER_PARTITION_KEY the hot key's one shard still throttles — while AUTO spreads it over the 16.
func TestWarmThroughputForecastStartsWarm(t *testing.T) {
	warm := run(t, hotKeyConfig(heat.OnDemand().WithWarmThroughput(16)))
	if len(warm.Shards) != 16 || warm.Layout != "on-demand, warm 16 MiB/s" {
		t.Fatalf("%d shards, layout %q; want 16 from the start", len(warm.Shards), warm.Layout)
	}
	for _, sh := range warm.Shards {
		if sh.OpenFromSeconds != 0 || sh.OpenUntilSeconds != warm.DurationSeconds {
			t.Errorf("%s open from %v to %v s, want the whole run", sh.ShardId, sh.OpenFromSeconds, sh.OpenUntilSeconds)
		}
	}
	if _, shards := throttledOf(warm); shards != 1 {
		t.Errorf("warm, USER_PARTITION_KEY: %d shards throttled, want the hot key's one", shards)
	}
	both := run(t, hotKeyConfig(heat.OnDemand().WithWarmThroughput(16).WithDistribution(stream.DistributionAuto)))
	if total, _ := throttledOf(both); total != 0 || len(both.Shards) != 16 {
		t.Errorf("warm and AUTO: %d throttled over %d shards, want none over 16", total, len(both.Shards))
	}
	checkAgainstStream(t, both)
}

// AUTO distribution and warm throughput are on-demand settings: a provisioned layout with them, an unknown
// strategy or a warm throughput outside 0–10240 MiB/s is refused before anything runs.
func TestOnDemandLayoutSettingsAreChecked(t *testing.T) {
	for _, l := range []heat.Layout{
		heat.Provisioned(2).WithDistribution(stream.DistributionAuto),
		heat.Provisioned(2).WithWarmThroughput(4),
		heat.OnDemand().WithDistribution("RANDOM"),
		heat.OnDemand().WithWarmThroughput(-1),
		heat.OnDemand().WithWarmThroughput(stream.MaxWarmThroughputMiBps + 1),
	} {
		cfg := hotKeyConfig(l)
		if _, err := heat.Run(t.Context(), cfg); err == nil || !strings.HasPrefix(err.Error(), "heat: ") {
			t.Errorf("layout %+v: %v, want a heat: error", l, err)
		}
	}
}
