package stream_test

// Tests of the shard-level metrics (issue 3, item 5), named as Kinesis enhanced monitoring names them:
// IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded,
// ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, per shard and per stream over virtual time.

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// metrics returns the datapoints of a shard ("" for the whole stream) from start to now.
func (h *harness) metrics(name, shardID string, start time.Time, period time.Duration) []stream.Datapoint {
	h.t.Helper()
	dps, err := h.e.Metrics(h.ctx, stream.MetricsInput{StreamRef: ref(name), ShardId: shardID, Start: start, Period: period})
	if err != nil {
		h.t.Fatalf("Metrics(%s, %q): %v", name, shardID, err)
	}
	return dps
}

// rsTotal sums datapoints (IteratorAgeMilliseconds: the maximum).
func rsTotal(dps []stream.Datapoint) stream.Datapoint {
	var t stream.Datapoint
	for _, d := range dps {
		t.IncomingBytes += d.IncomingBytes
		t.IncomingRecords += d.IncomingRecords
		t.OutgoingBytes += d.OutgoingBytes
		t.OutgoingRecords += d.OutgoingRecords
		t.WriteProvisionedThroughputExceeded += d.WriteProvisionedThroughputExceeded
		t.ReadProvisionedThroughputExceeded += d.ReadProvisionedThroughputExceeded
		t.IteratorAgeMilliseconds = max(t.IteratorAgeMilliseconds, d.IteratorAgeMilliseconds)
	}
	return t
}

func TestMetricsCountIncomingAndOutgoing(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	r.clk.Advance(10 * time.Second)
	r.PutTo("s", "0", "key", make([]byte, 100)) // 103 bytes
	out, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{
		{Data: make([]byte, 10), PartitionKey: "ab", ExplicitHashKey: "5"},                      // 12 bytes, shard 0
		{Data: make([]byte, 20), PartitionKey: "abc", ExplicitHashKey: "6"},                     // 23 bytes, shard 0
		{Data: make([]byte, 7), PartitionKey: "z", ExplicitHashKey: record.MaxHashKey.String()}, // 8 bytes, shard 1
	}})
	if err != nil || out.FailedRecordCount != 0 {
		t.Fatalf("PutRecords: %v %+v", err, out)
	}
	// A failed entry and a failed call write nothing, so they count nothing.
	r.e.Control(stream.OpPutRecords, func(control.Call) (control.Response, bool) {
		return control.Response{EntryErrors: map[int]*apierr.Error{0: apierr.InternalFailure}}, true
	})
	if out, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{Data: make([]byte, 999), PartitionKey: "x", ExplicitHashKey: "0"}}}); err != nil || out.FailedRecordCount != 1 {
		t.Fatalf("PutRecords with an injected entry failure: %v %+v", err, out)
	}
	r.e.Control(stream.OpPutRecord, func(control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.InternalFailure}, true
	})
	if _, err := r.e.PutRecord(r.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "x", Data: make([]byte, 999), ExplicitHashKey: "0"}); err == nil {
		t.Fatal("injected failure did not fail")
	}

	// Read in the next minute: shard 0 once in full, then again from its second record.
	r.clk.Advance(time.Minute)
	it := r.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	got := r.Get(it, 0)
	if len(got.Records) != 3 {
		t.Fatalf("read %d records", len(got.Records))
	}
	it = r.Iterator("s", "shardId-000000000000", stream.AtSequenceNumber, got.Records[1].SequenceNumber.String(), time.Time{})
	if n := len(r.Get(it, 0).Records); n != 2 {
		t.Fatalf("second read %d records", n)
	}
	r.Get(got.NextShardIterator, 0) // nothing: counts nothing

	dps := r.metrics("s", "shardId-000000000000", minuteT0, 0)
	if len(dps) != 2 || !dps[0].Timestamp.Equal(minuteT0) || !dps[1].Timestamp.Equal(minuteT0.Add(time.Minute)) {
		t.Fatalf("datapoints %+v, want minutes %v and %v", dps, minuteT0, minuteT0.Add(time.Minute))
	}
	want0 := stream.Datapoint{Timestamp: minuteT0, IncomingBytes: 103 + 12 + 23, IncomingRecords: 3}
	want1 := stream.Datapoint{Timestamp: minuteT0.Add(time.Minute), OutgoingBytes: 2*(12+23) + 103, OutgoingRecords: 5, IteratorAgeMilliseconds: 60000}
	if dps[0] != want0 {
		t.Errorf("shard 0, minute 0:\n got %+v\nwant %+v", dps[0], want0)
	}
	if dps[1] != want1 {
		t.Errorf("shard 0, minute 1:\n got %+v\nwant %+v", dps[1], want1)
	}
	dps = r.metrics("s", "shardId-000000000001", minuteT0, 0)
	if want := (stream.Datapoint{Timestamp: minuteT0, IncomingBytes: 8, IncomingRecords: 1}); dps[0] != want {
		t.Errorf("shard 1, minute 0: got %+v, want %+v", dps[0], want)
	}
	if (dps[1] != stream.Datapoint{Timestamp: minuteT0.Add(time.Minute)}) {
		t.Errorf("shard 1, minute 1: got %+v, want nothing", dps[1])
	}
	// Blocking reads are reads by a dedicated consumer: GetRecords metrics do not count them.
	for range r.e.Records(r.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000001", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
		break
	}
	if tot := rsTotal(r.metrics("s", "shardId-000000000001", minuteT0, 0)); tot.OutgoingRecords != 0 {
		t.Errorf("a blocking read counted %d OutgoingRecords", tot.OutgoingRecords)
	}
}

func TestMetricsCountThrottledWritesAndReads(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	entries := make([]stream.PutRecordsEntry, 500)
	for i := range entries {
		entries[i] = stream.PutRecordsEntry{Data: []byte("x"), PartitionKey: "k", ExplicitHashKey: "0"}
	}
	// 1,500 records in the same instant to one shard: 1,000 go in, 500 are throttled.
	failed := 0
	for range 3 {
		out, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: entries})
		if err != nil {
			t.Fatal(err)
		}
		failed += out.FailedRecordCount
	}
	_, err := r.e.PutRecord(r.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: []byte("x"), ExplicitHashKey: "0"})
	wantErr(t, err, apierr.ProvisionedThroughputExceeded, "Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000.")
	if failed != 500 {
		t.Fatalf("%d entries throttled, want 500", failed)
	}
	// Six GetRecords calls within a second: the sixth is throttled.
	it := r.Iterator("s", "shardId-000000000000", stream.Latest, "", time.Time{})
	throttled := 0
	for range 6 {
		out, err := r.e.GetRecords(r.ctx, stream.GetRecordsInput{ShardIterator: it})
		switch {
		case err == nil:
			it = out.NextShardIterator
		case errors.Is(err, apierr.ProvisionedThroughputExceeded):
			throttled++
		default:
			t.Fatal(err)
		}
	}
	if throttled != 1 {
		t.Fatalf("%d GetRecords calls throttled, want 1", throttled)
	}
	tot := rsTotal(r.metrics("s", "shardId-000000000000", minuteT0, 0))
	if tot.WriteProvisionedThroughputExceeded != 501 || tot.IncomingRecords != 1000 || tot.IncomingBytes != 2000 {
		t.Errorf("write metrics: %+v; want 501 throttled, 1000 records, 2000 bytes in", tot)
	}
	if tot.ReadProvisionedThroughputExceeded != 1 {
		t.Errorf("ReadProvisionedThroughputExceeded %d, want 1", tot.ReadProvisionedThroughputExceeded)
	}
	if other := rsTotal(r.metrics("s", "shardId-000000000001", minuteT0, 0)); other != (stream.Datapoint{}) {
		t.Errorf("the idle shard counted %+v", other)
	}
}

func TestIteratorAgeMilliseconds(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 2)
	r.PutTo("s", "0", "a", []byte("1"))
	r.clk.Advance(30 * time.Second)
	r.PutTo("s", "0", "b", []byte("2"))
	r.PutTo("s", record.MaxHashKey.String(), "c", []byte("3"))
	r.clk.Advance(60 * time.Second) // 09:01:30: a is 90 s old, b and c 60 s
	it := r.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	out, err := r.e.GetRecords(r.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: 1})
	if err != nil || len(out.Records) != 1 {
		t.Fatal(err)
	}
	// The age is that of the last record a call returned: 90 s for a alone.
	if dp := r.metrics("s", "shardId-000000000000", minuteT0, 0)[1]; dp.IteratorAgeMilliseconds != 90000 {
		t.Fatalf("IteratorAgeMilliseconds after reading a: %d, want 90000", dp.IteratorAgeMilliseconds)
	}
	r.clk.Advance(5 * time.Second)
	out = r.Get(out.NextShardIterator, 0) // b, 65 s old: the minute's maximum stays 90 s
	if dp := r.metrics("s", "shardId-000000000000", minuteT0, 0)[1]; dp.IteratorAgeMilliseconds != 90000 {
		t.Fatalf("IteratorAgeMilliseconds after reading b too: %d, want the maximum 90000", dp.IteratorAgeMilliseconds)
	}
	// Next minute: a caught-up reader's calls return nothing and report no age.
	r.clk.Advance(time.Minute)
	r.Get(out.NextShardIterator, 0)
	dps := r.metrics("s", "shardId-000000000000", minuteT0, 0)
	if dps[2].IteratorAgeMilliseconds != 0 {
		t.Fatalf("IteratorAgeMilliseconds of a minute of empty reads: %d", dps[2].IteratorAgeMilliseconds)
	}
	// Shard 1's reader is 2 minutes behind; the stream reports the largest age of its shards.
	r.Get(r.Iterator("s", "shardId-000000000001", stream.TrimHorizon, "", time.Time{}), 0)
	if dp := r.metrics("s", "shardId-000000000001", minuteT0, 0)[2]; dp.IteratorAgeMilliseconds != 125000 {
		t.Fatalf("shard 1 IteratorAgeMilliseconds %d, want 125000", dp.IteratorAgeMilliseconds)
	}
	all := r.metrics("s", "", minuteT0, 0)
	if all[1].IteratorAgeMilliseconds != 90000 || all[2].IteratorAgeMilliseconds != 125000 {
		t.Fatalf("stream IteratorAgeMilliseconds %d, %d; want 90000, 125000", all[1].IteratorAgeMilliseconds, all[2].IteratorAgeMilliseconds)
	}
	if p := r.metrics("s", "", minuteT0, 5*time.Minute); len(p) != 1 || p[0].IteratorAgeMilliseconds != 125000 {
		t.Fatalf("5-minute stream datapoint %+v, want the maximum 125000", p)
	}
}

func TestStreamMetricsSumShards(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 4)
	rng := rand.New(rand.NewPCG(1, 2))
	for sec := range 300 {
		for range rng.IntN(8) {
			r.Put("s", fmt.Sprint("key-", rng.IntN(50)), make([]byte, rng.IntN(300)))
		}
		if sec == 150 { // closed shards count until they expire
			sh := r.Shards("s")[2]
			if err := r.split("s", sh.ShardId, sh.HashKeyRange.Midpoint().String()); err != nil {
				t.Fatal(err)
			}
		}
		r.clk.Advance(time.Second)
	}
	for _, s := range r.Shards("s") { // every record read once
		r.drain("s", s.ShardId)
	}
	shards := r.Shards("s")
	if len(shards) != 6 {
		t.Fatalf("%d shards", len(shards))
	}
	for _, period := range []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute} {
		whole := r.metrics("s", "", minuteT0, period)
		var sum []stream.Datapoint
		for _, s := range shards {
			dps := r.metrics("s", s.ShardId, minuteT0, period)
			if sum == nil {
				sum = make([]stream.Datapoint, len(dps))
			}
			for i := range dps {
				sum[i] = rsTotal([]stream.Datapoint{sum[i], dps[i]})
				sum[i].Timestamp = dps[i].Timestamp
			}
		}
		if len(sum) != len(whole) {
			t.Fatalf("period %v: %d stream datapoints, %d shard datapoints", period, len(whole), len(sum))
		}
		for i := range sum {
			if sum[i] != whole[i] {
				t.Fatalf("period %v, datapoint %d:\nstream %+v\nshards %+v", period, i, whole[i], sum[i])
			}
		}
		if tot := rsTotal(whole); tot.IncomingRecords == 0 || tot.OutgoingRecords != tot.IncomingRecords {
			t.Fatalf("period %v: in %d, out %d records (every record was read once)", period, tot.IncomingRecords, tot.OutgoingRecords)
		}
	}
}

func TestMetricsPeriods(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 1)
	// Minute i gets i+1 records.
	for i := range 15 {
		for range i + 1 {
			r.Put("s", "k", []byte("v"))
		}
		r.clk.Advance(time.Minute)
	}
	dps, err := r.e.Metrics(r.ctx, stream.MetricsInput{StreamRef: ref("s"), Start: minuteT0, End: minuteT0.Add(14*time.Minute + 59*time.Second), Period: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if len(dps) != 3 {
		t.Fatalf("%d five-minute datapoints over 15 minutes, want 3", len(dps))
	}
	for i, want := range []int64{1 + 2 + 3 + 4 + 5, 6 + 7 + 8 + 9 + 10, 11 + 12 + 13 + 14 + 15} {
		if !dps[i].Timestamp.Equal(minuteT0.Add(time.Duration(i) * 5 * time.Minute)) {
			t.Errorf("datapoint %d starts at %v", i, dps[i].Timestamp)
		}
		if dps[i].IncomingRecords != want || dps[i].IncomingBytes != 2*want {
			t.Errorf("datapoint %d: %d records, %d bytes; want %d, %d", i, dps[i].IncomingRecords, dps[i].IncomingBytes, want, 2*want)
		}
	}
	// The default period is a minute; Start and End are rounded down to whole minutes; periods start at Start.
	dps, err = r.e.Metrics(r.ctx, stream.MetricsInput{StreamRef: ref("s"), Start: minuteT0.Add(2*time.Minute + 30*time.Second), End: minuteT0.Add(11*time.Minute + 10*time.Second), Period: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if len(dps) != 2 || !dps[0].Timestamp.Equal(minuteT0.Add(2*time.Minute)) || dps[0].IncomingRecords != 3+4+5+6+7 || dps[1].IncomingRecords != 8+9+10+11+12 {
		t.Fatalf("periods from 09:02:30 to 09:11:10: %+v", dps)
	}
	dps, err = r.e.Metrics(r.ctx, stream.MetricsInput{StreamRef: ref("s"), Start: minuteT0, End: minuteT0.Add(14 * time.Minute)})
	if err != nil || len(dps) != 15 || dps[14].IncomingRecords != 15 {
		t.Fatalf("one-minute datapoints: %d, %v", len(dps), err)
	}
	// A partial last period covers what is left of the span.
	dps = r.metrics("s", "", minuteT0.Add(10*time.Minute), 10*time.Minute)
	if len(dps) != 1 || dps[0].IncomingRecords != 11+12+13+14+15 {
		t.Fatalf("10-minute period from 09:10 to now (09:15): %+v", dps)
	}
	// Bad input.
	for _, c := range []struct {
		name string
		in   stream.MetricsInput
		want *apierr.Error
	}{
		{"90s period", stream.MetricsInput{StreamRef: ref("s"), Start: minuteT0, Period: 90 * time.Second}, apierr.InvalidArgument},
		{"30s period", stream.MetricsInput{StreamRef: ref("s"), Start: minuteT0, Period: 30 * time.Second}, apierr.InvalidArgument},
		{"negative period", stream.MetricsInput{StreamRef: ref("s"), Start: minuteT0, Period: -time.Minute}, apierr.InvalidArgument},
		{"no start", stream.MetricsInput{StreamRef: ref("s")}, apierr.InvalidArgument},
		{"start after end", stream.MetricsInput{StreamRef: ref("s"), Start: minuteT0.Add(5 * time.Minute), End: minuteT0}, apierr.InvalidArgument},
		{"unknown shard", stream.MetricsInput{StreamRef: ref("s"), ShardId: "shardId-000000000007", Start: minuteT0}, apierr.ResourceNotFound},
		{"unknown stream", stream.MetricsInput{StreamRef: ref("t"), Start: minuteT0}, apierr.ResourceNotFound},
	} {
		_, err := r.e.Metrics(r.ctx, c.in)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		wantErr(t, err, c.want, "")
	}
}

// TestMetricsKeepOneDay: a datapoint is kept for MetricsWindow (24 hours) and no longer — whether or not the
// shard has seen activity since.
func TestMetricsKeepOneDay(t *testing.T) {
	if stream.MetricsWindow != 24*time.Hour {
		t.Fatalf("MetricsWindow %v", stream.MetricsWindow)
	}
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 2)
	r.clk.Advance(7 * 24 * time.Hour) // past the retention of anything else, so records do not interfere
	start := r.clk.Now()
	r.PutTo("s", "0", "busy", []byte("x"))
	r.PutTo("s", record.MaxHashKey.String(), "idle", []byte("x"))
	r.clk.AdvanceTo(start.Add(24*time.Hour - time.Minute))
	for _, id := range []string{"shardId-000000000000", "shardId-000000000001"} {
		if dp := r.metrics("s", id, start, 0)[0]; dp.IncomingRecords != 1 {
			t.Fatalf("%s: a day minus a minute later, the first minute shows %d records, want 1", id, dp.IncomingRecords)
		}
	}
	// Shard 0 keeps getting writes, shard 1 none; a minute more than a day after, neither shows the old minute.
	r.clk.AdvanceTo(start.Add(24*time.Hour + time.Minute))
	r.PutTo("s", "0", "busy", []byte("x"))
	for _, id := range []string{"shardId-000000000000", "shardId-000000000001", ""} {
		dps, err := r.e.Metrics(r.ctx, stream.MetricsInput{StreamRef: ref("s"), ShardId: id, Start: start})
		if err != nil {
			continue // refusing a span older than the window is fine too
		}
		if dps[0].IncomingRecords != 0 || dps[0].IncomingBytes != 0 {
			t.Errorf("shard %q: the minute of %v is still reported a day and a minute later: %+v", id, start, dps[0])
		}
		want := map[string]int64{"shardId-000000000000": 1, "shardId-000000000001": 0, "": 1}[id]
		if n := len(dps); dps[n-1].IncomingRecords != want {
			t.Errorf("shard %q: the current minute shows %d records, want %d", id, dps[n-1].IncomingRecords, want)
		}
	}
	// What is inside the window is all there: a day of one write a minute.
	r2 := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r2.create("s", 1)
	for range 24 * 60 * 2 {
		r2.Put("s", "k", []byte("v"))
		r2.clk.Advance(time.Minute)
	}
	dps := r2.metrics("s", "", r2.clk.Now().Add(-24*time.Hour+time.Minute), 0)
	if len(dps) != 24*60 {
		t.Fatalf("%d datapoints over a day", len(dps))
	}
	for i, dp := range dps[:len(dps)-1] {
		if dp.IncomingRecords != 1 {
			t.Fatalf("minute %d of the last day: %d records", i, dp.IncomingRecords)
		}
	}
}
