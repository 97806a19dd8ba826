// Package meter keeps per-minute counters, as CloudWatch keeps a service's metrics: one bucket per minute of the
// clock that saw activity, none older than a window, and queries that sum whole minutes into periods. Time is
// passed in; a [Meter] never reads a clock and starts nothing.
//
// # Usage
//
// The counted thing (a shard, a delivery stream) holds a Meter of its own counters, guarded by its lock, and adds
// to the bucket of the current minute:
//
//	type counts struct{ Records, Bytes int64 }
//
//	func (c *counts) add(src *counts) { c.Records += src.Records; c.Bytes += src.Bytes }
//
//	m := meter.Meter[counts]{Window: 24 * 60} // a day of minutes
//	…
//	b := m.At(now)
//	b.Records++
//	b.Bytes += int64(len(data))
//
// A query makes a [Span] clamped to the kept window, then sums the buckets into one value per period:
//
//	sp, err := meter.NewSpan(now, start, end, 5*time.Minute, m.Window)
//	if err != nil {
//		return err // ErrSpan
//	}
//	out := make([]counts, sp.Len())
//	m.Sum(sp, now, out, (*counts).add)
//	for i := range out {
//		fmt.Println(sp.Start(i), out[i].Records)
//	}
package meter
