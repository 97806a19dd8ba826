package query_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	q "github.com/kinesim/kinesim/analytics/query"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// day is the date of the examples whose listings give only times of day.
var day = time.Date(2018, 8, 1, 0, 0, 0, 0, time.UTC)

// at returns the instant hh:mm:ss[.fff] of day.
func at(clock string) time.Time {
	t, err := time.Parse("15:04:05.999", clock)
	if err != nil {
		panic(err)
	}
	return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond()))
}

func row(rowtime time.Time, vals ...q.Value) q.Row {
	return q.Row{Rowtime: q.RowtimeOf(rowtime), Values: vals}
}

func str(s string) q.Value    { return q.String(s) }
func tsv(t time.Time) q.Value { return q.TimestampValue(t) }
func dbl(f float64) q.Value   { return q.Float(f) }
func integer(n int64) q.Value { return q.Int(q.Integer, n) }
func mustCompile(t testing.TB, in q.Schema, env *q.Env, steps ...q.Step) *q.Pipeline {
	t.Helper()
	p, err := q.Compile(in, env, steps...)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return p
}

// run feeds rows to p as an in-application stream does, each run of rows of one ROWTIME in one call at that
// time, then lets time reach end; it returns everything p emitted.
func run(p *q.Pipeline, pump string, rows []q.Row, end time.Time) q.Output {
	out := q.Output{Pump: pump}
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && rows[hi].Rowtime == rows[lo].Rowtime {
			hi++
		}
		p.Advance(rows[lo].Rowtime, &out)
		p.Push(rows[lo].Rowtime, rows[lo:hi], &out)
		lo = hi
	}
	p.Advance(q.RowtimeOf(end), &out)
	return out
}

// format is the golden text of an output: the schema, the rows (ROWTIME first) and the error stream.
func format(s q.Schema, out q.Output) string {
	var b strings.Builder
	b.WriteString("ROWTIME")
	for _, c := range s {
		b.WriteString("\t" + c.Name)
	}
	b.WriteString("\n")
	for _, r := range out.Rows {
		b.WriteString(r.Format() + "\n")
	}
	if len(out.Errors) > 0 {
		b.WriteString("-- error_stream\n")
		for _, c := range q.ErrorSchema {
			b.WriteString(c.Name + "\t")
		}
		b.WriteString("\n")
		for _, e := range out.Errors {
			b.WriteString(e.Format() + "\n")
		}
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// cells returns the rows' columns as text, ROWTIME first, for comparing with a documented table.
func cells(out q.Output, cols ...int) []string {
	var lines []string
	for _, r := range out.Rows {
		f := strings.Split(r.Format(), "\t")
		var pick []string
		for _, c := range cols {
			pick = append(pick, f[c])
		}
		lines = append(lines, strings.Join(pick, " "))
	}
	return lines
}

func equalLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

var e5Input = q.Schema{{"ROWTIME_ORIG", q.TimestampType}, {"EVENT_TIME", q.TimestampType}, {"TICKER_SYMBOL", q.VarcharType(4)}}

func e5Rows() []q.Row {
	var rows []q.Row
	for _, r := range [][2]string{{"11:00:20", "11:00:10"}, {"11:00:30", "11:00:20"}, {"11:01:05", "11:00:55"}, {"11:01:15", "11:01:05"}} {
		rows = append(rows, row(at(r[0]), tsv(at(r[0])), tsv(at(r[1])), str("AMZN")))
	}
	return rows
}

var e5Dest = q.Schema{{"TICKER_SYMBOL", q.VarcharType(4)}, {"EVENT_TIME", q.TimestampType}, {"TICKER_COUNT", q.DoubleType}}

// TestE5TumblingWindowEmitsPartialResults runs the tumbling query of the stagger-window page on its four AMZN rows:
// the row at 11:01:05 with event time 11:00:55 lands in the second ROWTIME window, a second, partial count for
// 11:00 (developer guide, stagger-window-concepts; analytics.md §1.9 E5).
func TestE5TumblingWindowEmitsPartialResults(t *testing.T) {
	into, _ := q.Into(q.Schema{{"TICKER_SYMBOL", q.VarcharType(4)}, {"EVENT_TIME", q.TimestampType}, {"TICKER_COUNT", q.BigIntType}}, e5Dest)
	p := mustCompile(t, e5Input, nil,
		q.GroupBy{Keys: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, q.As(q.FloorTo(q.C("EVENT_TIME"), "MINUTE"), "EVENT_TIME"),
			{Expr: q.StepBy(q.Rowtime{}, time.Minute)}},
			Aggregates: []q.Aggregate{q.Agg(q.Count, q.C("TICKER_SYMBOL"), "TICKER_COUNT")}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("EVENT_TIME")}, {Expr: q.C("TICKER_COUNT")}}},
		into)
	out := run(p, "STREAM_PUMP", e5Rows(), at("11:03:00"))
	equalLines(t, cells(out, 0, 2, 1, 3), []string{ // ROWTIME, EVENT_TIME, TICKER_SYMBOL, COUNT as documented
		"2018-08-01 11:01:00.000 2018-08-01 11:00:00.000 AMZN 2",
		"2018-08-01 11:02:00.000 2018-08-01 11:00:00.000 AMZN 1",
		"2018-08-01 11:02:00.000 2018-08-01 11:01:00.000 AMZN 1",
	})
	golden(t, "e5_tumbling", format(p.Schema(), out))
}

// TestE5StaggerWindowOpensAtFirstRowOfItsKey runs the stagger query of the same page on the same rows: the AMZN
// window of event minute 11:00 opens at 11:00:20 and closes at 11:01:20 with all three of its rows; the 11:01 one
// opens at 11:01:15 and closes at 11:02:15 (developer guide, stagger-window-concepts; analytics.md §1.9 E5).
func TestE5StaggerWindowOpensAtFirstRowOfItsKey(t *testing.T) {
	p := mustCompile(t, e5Input, nil,
		q.Stagger{Partition: []q.Item{q.As(q.FloorTo(q.C("EVENT_TIME"), "MINUTE"), "EVENT_TIME"), {Expr: q.C("TICKER_SYMBOL")}},
			Range: time.Minute, Aggregates: []q.Aggregate{q.Agg(q.Count, q.C("TICKER_SYMBOL"), "ticker_count")}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("EVENT_TIME")}, {Expr: q.C("ticker_count")}},
			Types: []q.Type{q.VarcharType(4), q.TimestampType, q.DoubleType}})
	out := run(p, "STREAM_PUMP", e5Rows(), at("11:03:00"))
	equalLines(t, cells(out, 0, 2, 1, 3), []string{
		"2018-08-01 11:01:20.000 2018-08-01 11:00:00.000 AMZN 3",
		"2018-08-01 11:02:15.000 2018-08-01 11:01:00.000 AMZN 1",
	})
	golden(t, "e5_stagger", format(p.Schema(), out))
}

// TestE7SlidingWindowTimeline is the sliding-window page's timeline: a five-second window over rows at t1, t2, t6,
// t7 and three at t8 counts 1, 2, 2, 2 and 5; old rows falling out emit nothing (developer guide,
// sliding-window-concepts; analytics.md §1.3).
func TestE7SlidingWindowTimeline(t *testing.T) {
	in := q.Schema{{"ticker_symbol", q.VarcharType(10)}, {"price", q.DoubleType}}
	p := mustCompile(t, in, nil, q.Sliding{
		Windows:    []q.Window{{Name: "W1", Partition: []q.Expr{q.C("ticker_symbol")}, Range: 5 * time.Second}},
		Aggregates: []q.Aggregate{{Func: q.Count, Name: "record_count", Over: "W1"}}})
	var rows []q.Row
	for _, s := range []string{"00:00:01", "00:00:02", "00:00:06", "00:00:07", "00:00:08", "00:00:08", "00:00:08"} {
		rows = append(rows, row(at(s), str("AMZN"), dbl(10)))
	}
	out := run(p, "STREAM_PUMP", rows, at("00:00:20"))
	equalLines(t, cells(out, 0, 3), []string{
		"2018-08-01 00:00:01.000 1", "2018-08-01 00:00:02.000 2", "2018-08-01 00:00:06.000 2",
		"2018-08-01 00:00:07.000 2", "2018-08-01 00:00:08.000 5", "2018-08-01 00:00:08.000 5", "2018-08-01 00:00:08.000 5",
	})
	golden(t, "e7_timeline", format(p.Schema(), out))
}

// tickers is a deterministic demo ticker stream (developer guide, continuous-queries-concepts: TICKER_SYMBOL,
// SECTOR, CHANGE, PRICE), one row every 2 s.
var tickerSchema = q.Schema{{"TICKER_SYMBOL", q.VarcharType(4)}, {"SECTOR", q.VarcharType(16)}, {"CHANGE", q.RealType}, {"PRICE", q.RealType}}

func tickers(n int) []q.Row {
	rng := rand.New(rand.NewPCG(7, 11))
	syms := []struct{ sym, sector string }{{"AMZN", "TECHNOLOGY"}, {"TGT", "RETAIL"}, {"QXZ", "HEALTHCARE"}, {"WAS", "TECHNOLOGY"}}
	var rows []q.Row
	for i := range n {
		s := syms[rng.IntN(len(syms))]
		price := float32(10 + float64(rng.IntN(9000))/100)
		change := float32(rng.IntN(400)-200) / 100
		rows = append(rows, row(at("10:00:00").Add(time.Duration(i)*2*time.Second), str(s.sym), str(s.sector), q.Float32(change), q.Float32(price)))
	}
	return rows
}

// TestE7SlidingWindowExamples runs the three queries of the sliding-window page over the demo ticker stream: MIN,
// MAX and AVG over a 1-minute window per ticker; the average percent change over 10 seconds; and the averages of
// the last 2 and last 10 rows per ticker (developer guide, sliding-window-concepts; analytics.md §1.9 E7).
func TestE7SlidingWindowExamples(t *testing.T) {
	rows := tickers(40)
	p1 := mustCompile(t, tickerSchema, nil,
		q.Sliding{Windows: []q.Window{{Name: "W1", Partition: []q.Expr{q.C("TICKER_SYMBOL")}, Range: time.Minute}},
			Aggregates: []q.Aggregate{q.Agg(q.Min, q.C("PRICE"), "Min_Price"), q.Agg(q.Max, q.C("PRICE"), "Max_Price"), q.Agg(q.Avg, q.C("PRICE"), "Avg_Price")}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("Min_Price")}, {Expr: q.C("Max_Price")}, {Expr: q.C("Avg_Price")}},
			Types: []q.Type{q.VarcharType(10), q.DoubleType, q.DoubleType, q.DoubleType}})
	p2 := mustCompile(t, tickerSchema, nil,
		q.Sliding{Windows: []q.Window{{Name: "W1", Partition: []q.Expr{q.C("TICKER_SYMBOL")}, Range: 10 * time.Second}},
			Aggregates: []q.Aggregate{q.Agg(q.Avg, q.Div(q.C("CHANGE"), q.Sub(q.C("PRICE"), q.C("CHANGE"))), "Avg_Percent_Change")}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("Avg_Percent_Change")}}})
	p3 := mustCompile(t, tickerSchema, nil,
		q.Sliding{Windows: []q.Window{{Name: "last2rows", Partition: []q.Expr{q.C("TICKER_SYMBOL")}, Rows: 2},
			{Name: "last10rows", Partition: []q.Expr{q.C("TICKER_SYMBOL")}, Rows: 10}},
			Aggregates: []q.Aggregate{{Func: q.Avg, Arg: q.C("PRICE"), Name: "average_last2rows", Over: "last2rows"},
				{Func: q.Avg, Arg: q.C("PRICE"), Name: "average_last10rows", Over: "last10rows"}}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("PRICE")}, {Expr: q.C("average_last2rows")}, {Expr: q.C("average_last10rows")}}})
	var all strings.Builder
	for i, p := range []*q.Pipeline{p1, p2, p3} {
		out := run(p, "STREAM_PUMP", rows, at("11:00:00"))
		if len(out.Rows) != len(rows) {
			t.Errorf("example %d: %d rows out of %d: a sliding window emits one row per input row", i+1, len(out.Rows), len(rows))
		}
		fmt.Fprintf(&all, "-- example %d\n%s", i+1, format(p.Schema(), out))
	}
	// The average of the last 2 rows is over the row and the 2 before it (ROWS 2 PRECEDING): check one by hand.
	out := run(mustCompile(t, tickerSchema, nil, q.Sliding{Windows: []q.Window{{Rows: 2}},
		Aggregates: []q.Aggregate{q.CountStar("n")}}), "", rows[:5], at("11:00:00"))
	if got := out.Rows[4].Values[4].Int(); got != 3 {
		t.Errorf("ROWS 2 PRECEDING frames %d rows, want 3", got)
	}
	golden(t, "e7_examples", all.String())
}

// TestE4TwoWindowStrategy groups by STEP(ROWTIME) and STEP(APPROXIMATE_ARRIVAL_TIME): a record that arrived in
// the first minute but entered the application in the second is a separate, late partial row of the second
// ROWTIME window (developer guide, timestamps-rowtime-concepts; analytics.md §1.9 E4).
func TestE4TwoWindowStrategy(t *testing.T) {
	in := q.Schema{{"APPROXIMATE_ARRIVAL_TIME", q.TimestampType}, {"TICKER_SYMBOL", q.VarcharType(12)}}
	base := time.Date(2016, 7, 19, 17, 5, 0, 0, time.UTC)
	var rows []q.Row
	add := func(minute int, counts map[string]int) {
		order := []string{"ABC", "DEF", "XYZ"}
		i := 0
		for left := true; left; {
			left = false
			for _, s := range order {
				if counts[s] > 0 {
					counts[s]--
					left = true
					rt := base.Add(time.Duration(minute)*time.Minute + time.Duration(i)*time.Second + 500*time.Millisecond)
					rows = append(rows, row(rt, tsv(rt.Add(-300*time.Millisecond)), str(s)))
					i++
				}
			}
		}
	}
	add(0, map[string]int{"ABC": 10, "DEF": 15, "XYZ": 6})
	add(1, map[string]int{"ABC": 11, "DEF": 11})
	// The late XYZ record: it arrived at 17:05:59.9 but entered the application at 17:06:40.
	late := base.Add(100 * time.Second)
	rows = append(rows, row(late, tsv(base.Add(59900*time.Millisecond)), str("XYZ")))
	sortByRowtime(rows)
	dest := q.Schema{{"ingest_time", q.TimestampType}, {"APPROXIMATE_ARRIVAL_TIME", q.TimestampType}, {"ticker_symbol", q.VarcharType(12)}, {"symbol_count", q.IntegerType}}
	into, _ := q.Into(dest, dest)
	p := mustCompile(t, in, nil,
		q.GroupBy{Keys: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, q.As(q.StepBy(q.Rowtime{}, time.Minute), "ingest_time"),
			q.As(q.StepBy(q.C("APPROXIMATE_ARRIVAL_TIME"), time.Minute), "APPROXIMATE_ARRIVAL_TIME")},
			Aggregates: []q.Aggregate{q.CountStar("symbol_count")}},
		q.Project{Items: []q.Item{{Expr: q.C("ingest_time")}, {Expr: q.C("APPROXIMATE_ARRIVAL_TIME")}, {Expr: q.C("TICKER_SYMBOL"), Name: "ticker_symbol"}, {Expr: q.C("symbol_count")}}},
		into)
	out := run(p, "STREAM_PUMP", rows, base.Add(3*time.Minute))
	// The documented listing's columns: the ROWTIME window (ingest_time), the arrival window, ticker, count.
	equalLines(t, cells(out, 1, 2, 3, 4), []string{
		"2016-07-19 17:05:00.000 2016-07-19 17:05:00.000 ABC 10",
		"2016-07-19 17:05:00.000 2016-07-19 17:05:00.000 DEF 15",
		"2016-07-19 17:05:00.000 2016-07-19 17:05:00.000 XYZ 6",
		"2016-07-19 17:06:00.000 2016-07-19 17:06:00.000 ABC 11",
		"2016-07-19 17:06:00.000 2016-07-19 17:06:00.000 DEF 11",
		"2016-07-19 17:06:00.000 2016-07-19 17:05:00.000 XYZ 1",
	})
	golden(t, "e4_two_window", format(p.Schema(), out))
}

func sortByRowtime(rows []q.Row) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && rows[j].Rowtime < rows[j-1].Rowtime; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// TestE18DivisionByZeroGoesToTheErrorStream: price / 0 sends each TECH row to the error stream instead of the
// destination, with the error stream's documented columns (developer guide, app-explore-error-stream and
// error-handling; analytics.md §1.9 E18).
func TestE18DivisionByZeroGoesToTheErrorStream(t *testing.T) {
	rows := tickers(12)
	p := mustCompile(t, tickerSchema, nil,
		q.Filter{Where: q.SimilarTo(q.C("SECTOR"), "%TECH%")},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("SECTOR")}, {Expr: q.C("CHANGE")}, q.As(q.Div(q.C("PRICE"), q.L(0)), "ProblemColumn")}})
	out := run(p, "STREAM_PUMP", rows, at("11:00:00"))
	tech := 0
	for _, r := range rows {
		if strings.Contains(r.Values[1].Str(), "TECH") {
			tech++
		}
	}
	if len(out.Rows) != 0 || len(out.Errors) != tech || tech == 0 {
		t.Fatalf("%d rows and %d errors out of %d TECH rows: want every one in the error stream", len(out.Rows), len(out.Errors), tech)
	}
	for _, e := range out.Errors {
		if e.ErrorName != "DivisionByZero" || e.PumpName != "STREAM_PUMP" || e.ErrorLevel != "ERROR" || e.DataRow == "" {
			t.Errorf("error row %+v", e)
		}
	}
	golden(t, "e18_error_stream", format(p.Schema(), out))
}
