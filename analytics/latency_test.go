package analytics_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/analytics/query"
)

// The tests of this file are about WithReadLatency: the time from a record's arrival in its source
// (APPROXIMATE_ARRIVAL_TIME, "ingest time") to its insertion into the first in-application stream, which stamps its
// ROWTIME (developer guide, timestamps-rowtime-concepts; analytics.md §1.2). AWS documents no figure for it.

// arrivalCode copies the ticker and the arrival time of every row into DESTINATION_SQL_STREAM.
func arrivalCode() *analytics.Code {
	return &analytics.Code{Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: query.Schema{
		{Name: "TICKER_SYMBOL", Type: query.VarcharType(4)}, {Name: "ARRIVAL", Type: query.TimestampType}}}},
		Pumps: []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM",
			Steps: []query.Step{query.Project{Items: []query.Item{{Expr: query.C("TICKER_SYMBOL")},
				{Expr: query.C("APPROXIMATE_ARRIVAL_TIME"), Name: "ARRIVAL"}}}}}}}
}

// latencyFixture is a fixture whose engine has the read latency d, running arrivalCode from pos.
func latencyFixture(t *testing.T, d time.Duration, pos analytics.InputStartingPosition) *fixture {
	t.Helper()
	f := newFixture(t, analytics.WithReadLatency(d))
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{tickerInput}, Code: arrivalCode(),
		Outputs: []analytics.Output{jsonOutput("DESTINATION_SQL_STREAM", outARN)}})
	f.start(t, pos)
	return f
}

// recordsRead is the input's RecordsRead: the records inserted into the input stream so far.
func (f *fixture) recordsRead(t *testing.T) int64 {
	t.Helper()
	d, err := f.e.DescribeApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"})
	if err != nil {
		t.Fatal(err)
	}
	return d.InputDescriptions[0].RecordsRead
}

// waitArmed waits until the input's reader waits on the clock: one timer more than the n armed before the put.
func (f *fixture) waitArmed(t *testing.T, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.clk.WaitPending(ctx, n+1); err != nil {
		t.Fatalf("the input does not wait on the clock for the record's arrival + latency: %v", err)
	}
}

// TestReadLatencyMakesRowtimeArrivalPlusLatency: with a read latency of 300 ms, a record that arrives at 10:00:00 is
// inserted, and stamped, at 10:00:00.300 and not before, its APPROXIMATE_ARRIVAL_TIME left at its arrival; a
// record read when its arrival + latency is already past is stamped now (ROWTIME is the insertion time, developer
// guide, timestamps-rowtime-concepts).
func TestReadLatencyMakesRowtimeArrivalPlusLatency(t *testing.T) {
	f := latencyFixture(t, 300*time.Millisecond, analytics.StartTrimHorizon)
	armed := f.clk.Pending()
	f.in.put(t0, `{"ticker":"AMZN","price":1}`)
	f.waitArmed(t, armed)
	f.clk.Advance(299 * time.Millisecond)
	if n := f.recordsRead(t); n != 0 {
		t.Fatalf("%d records read 299 ms after the arrival, with a latency of 300 ms", n)
	}
	f.clk.Advance(time.Millisecond)
	got := f.out.waitFor(t, outARN, 1)
	f.clk.Advance(10 * time.Second)
	f.in.put(t0.Add(5*time.Second), `{"ticker":"TGT","price":1}`) // arrived 5 s ago: due 4.7 s ago
	got = f.out.waitFor(t, outARN, 2)
	want := []string{`{"ROWTIME":"2024-05-01 10:00:00.300","TICKER_SYMBOL":"AMZN","ARRIVAL":"2024-05-01 10:00:00.000"}`,
		`{"ROWTIME":"2024-05-01 10:00:10.300","TICKER_SYMBOL":"TGT","ARRIVAL":"2024-05-01 10:00:05.000"}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReadLatencyKeepsTheSourcesOrder: records are inserted in the order the source holds them, and ROWTIME never
// goes back: a record whose arrival is earlier than the one before it (ingest time is "rarely out of order", not
// never) waits behind it and takes its ROWTIME (developer guide, timestamps-rowtime-concepts: ROWTIME is
// monotonically increasing).
func TestReadLatencyKeepsTheSourcesOrder(t *testing.T) {
	f := latencyFixture(t, 300*time.Millisecond, analytics.StartTrimHorizon)
	armed := f.clk.Pending()
	f.in.put(t0.Add(200*time.Millisecond), `{"ticker":"X","price":1}`)
	f.in.put(t0.Add(100*time.Millisecond), `{"ticker":"Y","price":1}`)
	f.in.put(t0.Add(400*time.Millisecond), `{"ticker":"Z","price":1}`)
	f.waitArmed(t, armed)
	f.clk.AdvanceTo(t0.Add(400 * time.Millisecond)) // Y is due, but behind X
	if n := f.recordsRead(t); n != 0 {
		t.Fatalf("%d records read before the first one is due", n)
	}
	f.clk.AdvanceTo(t0.Add(500 * time.Millisecond))
	f.out.waitFor(t, outARN, 2)
	f.waitArmed(t, armed) // Z's wait: X's timer fired
	f.clk.AdvanceTo(t0.Add(700 * time.Millisecond))
	got := f.out.waitFor(t, outARN, 3)
	want := []string{`{"ROWTIME":"2024-05-01 10:00:00.500","TICKER_SYMBOL":"X","ARRIVAL":"2024-05-01 10:00:00.200"}`,
		`{"ROWTIME":"2024-05-01 10:00:00.500","TICKER_SYMBOL":"Y","ARRIVAL":"2024-05-01 10:00:00.100"}`,
		`{"ROWTIME":"2024-05-01 10:00:00.700","TICKER_SYMBOL":"Z","ARRIVAL":"2024-05-01 10:00:00.400"}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestStopApplicationEndsAReadLatencyWait: StopApplication and Close end an input waiting for a record's arrival +
// latency at once; the record waited for is not read, so LAST_STOPPED_POINT reads it on the next start, after the
// last record read and not again (API Reference, StopApplication, InputStartingPositionConfiguration).
func TestStopApplicationEndsAReadLatencyWait(t *testing.T) {
	f := latencyFixture(t, time.Hour, analytics.StartTrimHorizon)
	ctx := context.Background()
	f.in.put(t0.Add(-2*time.Hour), `{"ticker":"A","price":1}`) // due an hour ago: stamped now
	f.out.waitFor(t, outARN, 1)
	armed := f.clk.Pending()
	f.in.put(t0, `{"ticker":"B","price":1}`)
	f.waitArmed(t, armed)
	stopped := make(chan error, 1)
	go func() { stopped <- f.e.StopApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"}) }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("StopApplication waits for the record's arrival + latency")
	}
	d, _ := f.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"})
	if in := d.InputDescriptions[0]; in.RecordsRead != 1 || !in.LastStoppedArrivalTimestamp.Equal(t0.Add(-2*time.Hour)) {
		t.Errorf("after the stop: %d records read, last stopped at %v; want 1, A's arrival", in.RecordsRead, in.LastStoppedArrivalTimestamp)
	}
	f.clk.AdvanceTo(t0.Add(30 * time.Minute))
	armed = f.clk.Pending()
	f.start(t, analytics.StartLastStoppedPoint)
	f.waitArmed(t, armed+1) // the tick, and B's wait
	f.clk.AdvanceTo(t0.Add(time.Hour))
	got := f.out.waitFor(t, outARN, 2)
	want := []string{`{"ROWTIME":"2024-05-01 10:00:00.000","TICKER_SYMBOL":"A","ARRIVAL":"2024-05-01 08:00:00.000"}`,
		`{"ROWTIME":"2024-05-01 11:00:00.000","TICKER_SYMBOL":"B","ARRIVAL":"2024-05-01 10:00:00.000"}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Close ends a wait too, and leaves no goroutine (the fixture's cleanup checks).
	armed = f.clk.Pending()
	f.in.put(f.clk.Now(), `{"ticker":"C","price":1}`)
	f.waitArmed(t, armed)
	closed := make(chan error, 1)
	go func() { closed <- f.e.Close() }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waits for the record's arrival + latency")
	}
	if got := f.out.records(outARN); len(got) != 2 {
		t.Errorf("%d records written: C was read before its arrival + latency", len(got))
	}
}
