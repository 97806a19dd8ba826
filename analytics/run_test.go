package analytics

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/analytics/query"
)

// TestAJoinReadsItsTwoStreamsInTimeOrder: a pump that joins two in-application streams (JOIN TradeStream OVER
// (RANGE INTERVAL '1' MINUTE PRECEDING), developer guide, stream-joins-concepts; analytics.md §1.9 E15) takes
// their batches in ROWTIME order, whichever stream's pump runs ahead: here the trades' stream has reached 10:03 and
// ended before the order of 10:01:20 arrives, and the order still meets the trade of 10:00:30 (taken in time
// order, the later trades' time would have moved the window past it first). The batches are the pumps' (each
// with the time it carries); the trades' stream is the joined one, first on a tie.
func TestAJoinReadsItsTwoStreamsInTimeOrder(t *testing.T) {
	synctest.Test(t, testAJoinReadsItsTwoStreamsInTimeOrder)
}

func testAJoinReadsItsTwoStreamsInTimeOrder(t *testing.T) {
	orders := query.Schema{{Name: "ORDERID", Type: query.IntegerType}, {Name: "AMOUNT", Type: query.IntegerType}}
	trades := query.Schema{{Name: "ORDERID", Type: query.IntegerType}, {Name: "TRADEID", Type: query.IntegerType}}
	pl, err := query.Compile(orders, &query.Env{Streams: map[string]query.Schema{"TRADESTREAM": trades}},
		query.StreamJoin{Stream: "TRADESTREAM", Alias: "T", Range: time.Minute,
			Keys: []query.JoinKey{{Left: query.C("ORDERID"), Right: query.C("ORDERID")}}})
	if err != nil {
		t.Fatal(err)
	}
	at := func(hms string) int64 {
		c, err := time.Parse("15:04:05", hms)
		if err != nil {
			t.Fatal(err)
		}
		return time.Date(2018, 8, 1, c.Hour(), c.Minute(), c.Second(), 0, time.UTC).UnixNano()
	}
	integer := func(n int64) query.Value { return query.Int(query.Integer, n) }
	r := &run{ctx: context.Background(), errHub: &hub{name: ErrorStreamName, schema: query.ErrorSchema}}
	into := &hub{name: "DESTINATION_SQL_STREAM", schema: pl.Schema(), errs: r.errHub}
	got := into.subscribe()
	into.writers.Add(1)
	r.errHub.writers.Add(1)
	left, right := make(chan batch, 4), make(chan batch, 4)
	right <- batch{rows: []query.Row{{Rowtime: at("10:00:30"), Values: []query.Value{integer(2), integer(101)}}}, now: at("10:00:30")}
	right <- batch{now: at("10:03:00")}
	close(right)
	p := &pumpRun{r: r, name: "JOIN_PUMP", pl: pl, into: into, left: left, right: right}
	done := make(chan struct{})
	go func() { defer close(done); p.run() }()
	synctest.Wait() // the trades' stream runs ahead: the pump has taken all of it and waits for the orders
	left <- batch{rows: []query.Row{{Rowtime: at("10:01:20"), Values: []query.Value{integer(2), integer(20)}}}, now: at("10:01:20")}
	close(left)
	var rows []string
	for b := range got {
		for _, row := range b.rows {
			rows = append(rows, row.Format())
		}
	}
	<-done
	if want := "2018-08-01 10:01:20.000\t2\t20\t2\t101"; len(rows) != 1 || rows[0] != want {
		t.Errorf("the join emitted %q, want the order joined with its trade: %q", rows, want)
	}
}
