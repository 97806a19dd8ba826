// Package heatmap draws a [heat.Report] as a heat map: the stream's shards (rows) over the seconds of the run
// (columns), each cell coloured by how close the shard came to its write limit in that second, with the seconds in
// which it throttled records marked and every shard labelled with its hottest key.
//
// It lives in its own module, github.com/kinesim/kinesim/charts, so that gonum.org/v1/plot, which draws the
// charts, stays out of the module graph of programs that import kinesim but draw no charts.
//
// # Usage
//
//	rep, err := heat.Run(ctx, heat.Config{…})
//	…
//	err = heatmap.Save("heat.png", rep, heatmap.Options{})              // or "heat.svg"
//	err = heatmap.Write(w, rep, heatmap.Options{Width: 900, Height: 450, Format: "svg"})
//
// # Reading the chart
//
// The colour of a cell is the shard's offered load in that second (accepted and throttled records) as a share of
// its write limit, the larger of records/1,000 and bytes/1 MiB. The scale is sequential, ColorBrewer's YlOrRd:
// light yellow at 0 %, orange at about 40 %, red at about 70 % and dark red at 100 %, its lightness falling in
// proportion to load, so the darker a cell the closer the shard is to throttling. Every load above 100 % is one
// deep purple: those seconds are over the limit, and the shard throttles unless it has burst headroom left. Seconds
// in which the shard was not open (before an on-demand split made it, or after one closed it) are hatched
// blue-grey, a colour on no part of the scale. A × marks each second in which the shard throttled records, white
// on dark cells and black on light ones.
//
// Each row is labelled "shard N · key share": the shard's hottest partition key and its share of the shard's
// records. A key with most of a hot shard's records is a key no layout can spread: one key always lives on one
// shard. The table at the lower right lists the stream's hottest keys and their share of all its records.
//
// A run longer than the chart has room for is drawn in columns of a round number of seconds, each showing the
// busiest second it covers (so a one-second spike is never averaged away); the time axis says how many.
package heatmap
