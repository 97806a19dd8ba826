package heat_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
	"github.com/kinesim/kinesim/stream"
)

func ExampleRun() {
	// One tenant sends 40 % of 3,000 records/s: 1,200 records/s, more than any shard takes.
	rep, err := heat.Run(context.Background(), heat.Config{
		Keys:             keys.HotKey(1, 0.4, "tenant-0", keys.Uniform(2, 10_000)),
		RecordsPerSecond: 3000,
		RecordSize:       1024,
		Duration:         10 * time.Second,
		Layout:           heat.Provisioned(4),
	})
	if err != nil {
		panic(err)
	}
	// The first second's burst is absorbed; from then on, tenant-0's shard refuses what it cannot take.
	for _, sh := range rep.Shards {
		fmt.Printf("%s %4.0f records/s, %4d throttled in %d s\n",
			sh.ShardId, sh.RecordsPerSecond, sh.ThrottledRecords, sh.ThrottledSeconds)
	}
	fmt.Printf("imbalance %.2f, hottest key %s at %.0f records/s\n", rep.Imbalance, rep.HotKeys[0].Key,
		rep.HotKeys[0].RecordsPerSecond)
	// Output:
	// shardId-000000000000 1641 records/s, 5508 throttled in 9 s
	// shardId-000000000001  464 records/s,    0 throttled in 0 s
	// shardId-000000000002  448 records/s,    0 throttled in 0 s
	// shardId-000000000003  447 records/s,    0 throttled in 0 s
	// imbalance 2.19, hottest key tenant-0 at 1198 records/s
}

// What AUTO distribution does to a hot key on an on-demand stream: the same 40 % hot key throttles one shard under
// USER_PARTITION_KEY and none under AUTO, which spreads it.
func ExampleLayout_WithDistribution() {
	for _, layout := range []heat.Layout{heat.OnDemand(), heat.OnDemand().WithDistribution(stream.DistributionAuto)} {
		rep, err := heat.Run(context.Background(), heat.Config{
			Keys:             keys.HotKey(1, 0.4, "tenant-0", keys.Uniform(2, 10_000)),
			RecordsPerSecond: 3000,
			RecordSize:       1024,
			Duration:         10 * time.Second,
			Layout:           layout,
		})
		if err != nil {
			panic(err)
		}
		var throttled int64
		for _, sh := range rep.Shards {
			throttled += sh.ThrottledRecords
		}
		fmt.Printf("%s: %d shards, imbalance %.2f, %d records throttled\n", rep.Layout, len(rep.Shards), rep.Imbalance, throttled)
	}
	// Output:
	// on-demand: 4 shards, imbalance 2.19, 5508 records throttled
	// on-demand, AUTO distribution: 4 shards, imbalance 1.00, 0 records throttled
}
