package heat

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// Report is the result of [Run]: how a key distribution spread over a stream's shards, and where AWS's limits
// throttled it. Rates are of the load the producer offered (accepted and throttled records). It marshals to JSON
// with encoding/json as is.
type Report struct {
	Name   string            `json:"name,omitempty"`
	Layout string            `json:"layout"`
	Mode   stream.StreamMode `json:"streamMode"`
	// Start is the virtual time the run started at; Seconds is the number of seconds of the per-second series.
	Start           time.Time `json:"start"`
	DurationSeconds float64   `json:"durationSeconds"`
	TickSeconds     float64   `json:"tickSeconds"`
	Seconds         int       `json:"seconds"`
	// RecordsPerSecond and RecordSize are the producer's, as configured.
	RecordsPerSecond float64 `json:"recordsPerSecond"`
	RecordSize       int     `json:"recordSizeBytes"`

	// Records and Bytes are what the producer sent; AcceptedRecords what the stream took; ThrottledRecords what it
	// refused with ProvisionedThroughputExceededException.
	Records          int64 `json:"records"`
	Bytes            int64 `json:"bytes"`
	AcceptedRecords  int64 `json:"acceptedRecords"`
	ThrottledRecords int64 `json:"throttledRecords"`
	// ThrottledSeconds counts the seconds in which the stream refused at least one record.
	ThrottledSeconds int `json:"throttledSeconds"`
	// Imbalance is the busiest shard's rate over the mean shard rate (records/s; both over the time each shard was
	// open): 1 is a perfect spread, N on N shards means one shard takes everything.
	Imbalance float64 `json:"imbalance"`
	// HotKeys are the stream's most frequent keys.
	HotKeys []KeyCount `json:"hotKeys"`
	// Shards are every shard that was open during the run, in the order they were first seen (hash-key order for
	// a stream that does not reshard itself).
	Shards []ShardReport `json:"shards"`
}

// ShardReport is one shard's part of a [Report].
type ShardReport struct {
	ShardId               string         `json:"shardId"`
	ParentShardId         string         `json:"parentShardId,omitempty"`
	AdjacentParentShardId string         `json:"adjacentParentShardId,omitempty"`
	StartingHashKey       record.HashKey `json:"startingHashKey"`
	EndingHashKey         record.HashKey `json:"endingHashKey"`
	// OpenFromSeconds and OpenUntilSeconds bound the time the shard was open, in seconds from the start of the
	// run: all of it (0 to DurationSeconds) unless an on-demand stream split the shard or made it by a split.
	// OpenSeconds is their difference.
	OpenFromSeconds  float64 `json:"openFromSeconds"`
	OpenUntilSeconds float64 `json:"openUntilSeconds"`
	OpenSeconds      float64 `json:"openSeconds"`

	// Records and Bytes are what the producer sent to the shard (accepted and throttled), bytes counting data
	// and partition keys as AWS does.
	Records int64 `json:"records"`
	Bytes   int64 `json:"bytes"`
	// RecordsPerSecond and BytesPerSecond are Records and Bytes over OpenSeconds; the peaks are the busiest second's.
	RecordsPerSecond     float64 `json:"recordsPerSecond"`
	BytesPerSecond       float64 `json:"bytesPerSecond"`
	PeakRecordsPerSecond int64   `json:"peakRecordsPerSecond"`
	PeakBytesPerSecond   int64   `json:"peakBytesPerSecond"`
	// Utilisation is the mean offered load as a fraction of the shard's write limit: the larger of
	// RecordsPerSecond/1,000 and BytesPerSecond/1 MiB. Above 1 the shard must throttle.
	Utilisation float64 `json:"utilisation"`
	// Share is the shard's part of the stream's records.
	Share float64 `json:"share"`
	// ThrottledRecords were refused by the shard's write limits; ThrottledSeconds counts the seconds in which it
	// refused at least one.
	ThrottledRecords int64 `json:"throttledRecords"`
	ThrottledSeconds int   `json:"throttledSeconds"`
	// HotKeys are the shard's most frequent keys.
	HotKeys []KeyCount `json:"hotKeys"`
	// StreamMetrics are the stream's own enhanced-monitoring counters for the shard over the run
	// (stream.Engine.Metrics), read independently of the PutRecords results the rest of the report comes from:
	// StreamMetrics.WriteProvisionedThroughputExceeded equals ThrottledRecords, and IncomingRecords the accepted
	// records, when the report is right.
	StreamMetrics Metrics `json:"streamMetrics"`
	// Series holds the shard's numbers per second of the run.
	Series Series `json:"series"`
}

// Metrics are a shard's enhanced-monitoring counters, summed over a run.
type Metrics struct {
	IncomingRecords                    int64 `json:"incomingRecords"`
	IncomingBytes                      int64 `json:"incomingBytes"`
	WriteProvisionedThroughputExceeded int64 `json:"writeProvisionedThroughputExceeded"`
}

// Series are per-second numbers: element i is second [i, i+1) of the run.
type Series struct {
	// Records and Bytes the producer sent to the shard, accepted or not.
	Records []int64 `json:"records"`
	Bytes   []int64 `json:"bytes"`
	// Throttled records the shard refused.
	Throttled []int64 `json:"throttled"`
}

// Utilisation returns the load of second i as a fraction of the shard's write limit: the larger of records/1,000
// and bytes/1 MiB.
func (s Series) Utilisation(i int) float64 {
	return max(float64(s.Records[i])/stream.WriteRecordsPerShard, float64(s.Bytes[i])/stream.WriteBytesPerShard)
}

// report builds the report once the run is over, reading the stream's metrics for each shard.
func (r *run) report(ctx context.Context) (*Report, error) {
	cfg := r.cfg
	rep := &Report{
		Name: cfg.Name, Layout: cfg.Layout.String(), Mode: cfg.Layout.Mode, Start: cfg.Start,
		DurationSeconds: cfg.Duration.Seconds(), TickSeconds: cfg.Tick.Seconds(), Seconds: r.seconds,
		RecordsPerSecond: cfg.RecordsPerSecond, RecordSize: cfg.RecordSize,
	}
	end := r.e.Clock().Now()
	var all []tracked
	var throttledAt = make([]bool, r.seconds)
	var openTotal float64
	var maxRate float64
	for _, a := range r.order {
		open := (a.until - a.from).Seconds()
		sh := ShardReport{
			ShardId: a.info.ShardId, ParentShardId: a.info.ParentShardId, AdjacentParentShardId: a.info.AdjacentParentShardId,
			StartingHashKey: a.info.HashKeyRange.StartingHashKey, EndingHashKey: a.info.HashKeyRange.EndingHashKey, OpenFromSeconds: a.from.Seconds(), OpenUntilSeconds: a.until.Seconds(), OpenSeconds: open,
			Records: a.records, Bytes: a.bytes, ThrottledRecords: a.throttled,
			HotKeys: a.top.top(cfg.TopKeys, cfg.Duration.Seconds()),
			Series:  Series{Records: a.recordsS, Bytes: a.bytesS, Throttled: a.throttledS},
		}
		if open > 0 {
			sh.RecordsPerSecond, sh.BytesPerSecond = float64(a.records)/open, float64(a.bytes)/open
		}
		sh.Utilisation = max(sh.RecordsPerSecond/stream.WriteRecordsPerShard, sh.BytesPerSecond/stream.WriteBytesPerShard)
		for i := range r.seconds {
			sh.PeakRecordsPerSecond = max(sh.PeakRecordsPerSecond, a.recordsS[i])
			sh.PeakBytesPerSecond = max(sh.PeakBytesPerSecond, a.bytesS[i])
			if a.throttledS[i] > 0 {
				sh.ThrottledSeconds++
				throttledAt[i] = true
			}
		}
		// One period for the whole run (at most a day, which is 1,441 minutes counting both ends): the totals are
		// what the report needs, and a call may ask for at most stream.MaxMetricsDatapoints.
		dps, err := r.e.Metrics(ctx, stream.MetricsInput{StreamRef: r.ref, ShardId: a.info.ShardId, Start: cfg.Start, End: end, Period: stream.MetricsWindow + time.Minute})
		if err != nil {
			return nil, fmt.Errorf("heat: metrics of %s: %w", a.info.ShardId, err)
		}
		for _, d := range dps {
			sh.StreamMetrics.IncomingRecords += d.IncomingRecords
			sh.StreamMetrics.IncomingBytes += d.IncomingBytes
			sh.StreamMetrics.WriteProvisionedThroughputExceeded += d.WriteProvisionedThroughputExceeded
		}
		all = append(all, a.top.items...)
		rep.Records += a.records
		rep.Bytes += a.bytes
		rep.ThrottledRecords += a.throttled
		openTotal += open
		maxRate = max(maxRate, sh.RecordsPerSecond)
		rep.Shards = append(rep.Shards, sh)
	}
	rep.AcceptedRecords = rep.Records - rep.ThrottledRecords
	for i := range rep.Shards {
		if rep.Records > 0 {
			rep.Shards[i].Share = float64(rep.Shards[i].Records) / float64(rep.Records)
		}
	}
	for _, t := range throttledAt {
		if t {
			rep.ThrottledSeconds++
		}
	}
	if mean := float64(rep.Records) / openTotal; mean > 0 {
		rep.Imbalance = maxRate / mean
	}
	rep.HotKeys = mergeTop(all, cfg.TopKeys, cfg.Duration.Seconds())
	return rep, nil
}

// mergeTop adds up the per-shard counts of keys (a key moves to a child shard when an on-demand stream splits its
// shard) and returns the n largest.
func mergeTop(items []tracked, n int, seconds float64) []KeyCount {
	index := make(map[string]int, len(items))
	merged := make([]KeyCount, 0, len(items))
	for _, it := range items {
		if i, ok := index[it.key]; ok {
			merged[i].Records += it.count
			merged[i].MaxOvercount += it.error
			continue
		}
		index[it.key] = len(merged)
		merged = append(merged, KeyCount{Key: it.key, Records: it.count, MaxOvercount: it.error})
	}
	return rank(merged, n, seconds)
}

// WriteTable writes the report as a text table: one row per shard, then the stream's totals.
func (rep *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	title := rep.Layout
	if rep.Name != "" {
		title = rep.Name + " on " + rep.Layout
	}
	fmt.Fprintf(&b, "%s: %.0f records/s of %d bytes for %gs\n", title, rep.RecordsPerSecond, rep.RecordSize, rep.DurationSeconds)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "shard\trecords/s\tKiB/s\tshare\tpeak rec/s\tutil\tthrottled s\tthrottled rec\t hottest keys (records/s)\t")
	for _, sh := range rep.Shards {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.1f%%\t%d\t%.0f%%\t%d\t%d\t %s\t\n", sh.ShardId, sh.RecordsPerSecond,
			sh.BytesPerSecond/1024, 100*sh.Share, sh.PeakRecordsPerSecond, 100*sh.Utilisation, sh.ThrottledSeconds,
			sh.ThrottledRecords, hotList(sh.HotKeys, 3))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "imbalance (max/mean shard rate) %.2f · throttled %d of %d records (%.1f%%) in %d of %d seconds · hottest keys %s\n",
		rep.Imbalance, rep.ThrottledRecords, rep.Records, 100*ratio(rep.ThrottledRecords, rep.Records),
		rep.ThrottledSeconds, rep.Seconds, hotList(rep.HotKeys, 3))
	_, err := io.WriteString(w, b.String())
	return err
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// hotList formats the first n keys as "key (rate), …".
func hotList(ks []KeyCount, n int) string {
	parts := make([]string, 0, n)
	for _, k := range ks[:min(n, len(ks))] {
		key := k.Key
		if len(key) > 24 {
			key = key[:21] + "..."
		}
		prec := 0
		if k.RecordsPerSecond < 10 {
			prec = 1
		}
		parts = append(parts, fmt.Sprintf("%s (%.*f)", key, prec, k.RecordsPerSecond))
	}
	return strings.Join(parts, ", ")
}
