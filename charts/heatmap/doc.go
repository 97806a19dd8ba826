// Package heatmap draws a [heat.Report] as a heat map: the stream's shards (rows) over the seconds of the run
// (columns), each cell coloured by the shard's offered load in that second as a share of its write limit, with the
// seconds in which the shard throttled records marked ×.
//
// It lives in its own module, github.com/kinesim/kinesim/charts, so that gonum.org/v1/plot, which draws the
// charts, stays out of the module graph of every program that imports kinesim.
//
// # Usage
//
//	rep, err := heat.Run(ctx, cfg)
//	…
//	err = heatmap.Save("heat.png", rep, heatmap.Options{})        // or heat.svg
//	err = heatmap.Write(w, rep, heatmap.Options{Format: "svg"})
package heatmap
