// Package heat forecasts how a partition-key distribution spreads over the shards of a Kinesis data stream, and
// where AWS's write limits will throttle it, by running it on a kinesim engine in virtual time.
//
// # Usage
//
//	rep, err := heat.Run(ctx, heat.Config{
//		Name:             "Zipf s=1.1",
//		Keys:             keys.Zipf(1, 10_000, 1.1),
//		RecordsPerSecond: 3000,
//		RecordSize:       1024,
//		Duration:         time.Minute,
//		Layout:           heat.Provisioned(4), // or heat.OnDemand(), heat.Ranges(…)
//	})
//	// What AUTO distribution and a warm-up would do on demand:
//	//   Layout: heat.OnDemand().WithDistribution(stream.DistributionAuto).WithWarmThroughput(16)
//	rep.WriteTable(os.Stdout)                           // one row per shard
//	json.NewEncoder(w).Encode(rep)                      // the whole report, per-second series included
//
// # How it works
//
// [Run] creates a stream of the [Layout] on an engine with a manual clock, throttling on and payloads discarded,
// and puts the records due in each tick with PutRecords, then advances the clock. Shard assignment comes from the
// PutRecords results (ShardId); a throttled entry carries no shard id, as in AWS, so it is assigned to the open
// shard whose hash-key range holds the MD5 of its key. Throttling comes from each entry's ErrorCode. Throttled
// records are not retried: the report shows the load offered and what the stream refused of it.
//
// Independently, the report reads the stream's own enhanced-monitoring counters for every shard
// ([ShardReport.StreamMetrics]), so the forecast can be checked against the stream: the throttled records of each
// shard equal its WriteProvisionedThroughputExceeded count.
//
// # Charts
//
// The heat-map chart of a report (shards over the seconds of the run, coloured by load, throttled seconds marked)
// is drawn by package heatmap in the separate module github.com/kinesim/kinesim/charts, so that its plotting
// library stays out of the module graph of programs that import kinesim:
//
//	heatmap.Save("heat.png", rep, heatmap.Options{}) // import "github.com/kinesim/kinesim/charts/heatmap"
package heat
