package query_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	q "github.com/kinesim/kinesim/analytics/query"
)

// TestE1ContinuousFilter keeps the rows whose price changed more than 15 %: WHERE (ABS((CHANGE / (PRICE-CHANGE)) *
// 100)) > 15 (developer guide, continuous-queries-concepts; analytics.md §1.9 E1).
func TestE1ContinuousFilter(t *testing.T) {
	p := mustCompile(t, tickerSchema, nil,
		q.Filter{Where: q.Gt(q.Fn("ABS", q.Mul(q.Div(q.C("CHANGE"), q.Sub(q.C("PRICE"), q.C("CHANGE"))), q.L(100))), q.L(15))},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("PRICE")}}, Types: []q.Type{q.VarcharType(4), q.DoubleType}})
	out := run(p, "STREAM_PUMP", e1Rows(), at("10:01:00"))
	equalLines(t, cells(out, 1, 2), []string{"AMZN 120", "QXZ 20"})
	golden(t, "e1_filter", format(p.Schema(), out))
}

// TestE2TumblingWindowOnRowtime is MIN and MAX per ticker per 60-second ROWTIME window (developer guide,
// examples-window-tumbling-rowtime; analytics.md §1.9 E2), on the page's four sample prices repeated.
func TestE2TumblingWindowOnRowtime(t *testing.T) {
	p := mustCompile(t, e2Input, nil,
		q.GroupBy{Keys: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.StepBy(q.Rowtime{}, 60*time.Second)}},
			Aggregates: []q.Aggregate{q.Agg(q.Min, q.C("PRICE"), "MIN_PRICE"), q.Agg(q.Max, q.C("PRICE"), "MAX_PRICE")}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.C("MIN_PRICE")}, {Expr: q.C("MAX_PRICE")}},
			Types: []q.Type{q.VarcharType(4), q.RealType, q.RealType}})
	out := run(p, "STREAM_PUMP", e2Rows(), at("10:05:00"))
	if len(out.Rows) != 12 { // 160 s of rows: three windows of four tickers
		t.Errorf("%d rows, want 12", len(out.Rows))
	}
	golden(t, "e2_tumbling_rowtime", format(p.Schema(), out))
}

// TestE3TumblingWindowOnEventTime groups by STEP(ROWTIME) and STEP(EVENT_TIME), emitting the event-time window
// (developer guide, examples-window-tumbling-event; analytics.md §1.9 E3); the page's EVENT_TIME strings are read
// as TIMESTAMPs, as the edited schema does.
func TestE3TumblingWindowOnEventTime(t *testing.T) {
	p := mustCompile(t, e3Input, nil,
		q.GroupBy{Keys: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.StepBy(q.Rowtime{}, time.Minute)}, q.As(q.StepBy(q.C("EVENT_TIME"), time.Minute), "EVENT_TIME")},
			Aggregates: []q.Aggregate{q.Agg(q.Min, q.C("PRICE"), "MIN_PRICE"), q.Agg(q.Max, q.C("PRICE"), "MAX_PRICE")}},
		q.Project{Items: []q.Item{{Expr: q.C("EVENT_TIME")}, {Expr: q.C("TICKER")}, {Expr: q.C("MIN_PRICE")}, {Expr: q.C("MAX_PRICE")}},
			Types: []q.Type{q.TimestampType, q.VarcharType(4), q.RealType, q.RealType}})
	out := run(p, "STREAM_PUMP", e3Rows(), time.Date(2018, 6, 13, 14, 15, 0, 0, time.UTC))
	// The AMZN row of 14:11:59.5 enters at 14:12:04.5: the second ROWTIME window holds a partial row for 14:11.
	equalLines(t, cells(out, 0, 1, 2, 3, 4), []string{
		"2018-06-13 14:12:00.000 2018-06-13 14:11:00.000 TBV 43.65 43.65",
		"2018-06-13 14:12:00.000 2018-06-13 14:11:00.000 AMZN 18.64 35.61",
		"2018-06-13 14:12:00.000 2018-06-13 14:11:00.000 MSFT 73.48 73.48",
		"2018-06-13 14:13:00.000 2018-06-13 14:11:00.000 AMZN 20.1 20.1",
		"2018-06-13 14:13:00.000 2018-06-13 14:12:00.000 AMZN 22.5 22.5",
	})
	golden(t, "e3_tumbling_event", format(p.Schema(), out))
}

// TestE6StaggerWindowApplication feeds the stagger page's groups of six identical records ten seconds apart: each
// (TICKER, EVENT_TIME) group arrives within a minute of its first row, so each window counts 6 (developer guide,
// examples-window-stagger; analytics.md §1.9 E6, the count derived from the stagger rule).
func TestE6StaggerWindowApplication(t *testing.T) {
	p := mustCompile(t, e6Input, nil,
		q.Stagger{Partition: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.C("EVENT_TIME")}}, Range: time.Minute,
			Aggregates: []q.Aggregate{q.Agg(q.Count, q.C("TICKER"), "ticker_count")}},
		q.Project{Items: []q.Item{{Expr: q.C("EVENT_TIME")}, {Expr: q.C("TICKER")}, {Expr: q.C("ticker_count")}},
			Types: []q.Type{q.TimestampType, q.VarcharType(4), q.IntegerType}})
	out := run(p, "STREAM_PUMP", e6Rows(), at("20:25:00"))
	equalLines(t, cells(out, 0, 2, 3), []string{"2018-08-01 20:18:30.000 AMZN 6", "2018-08-01 20:19:31.000 INTC 6"})
	golden(t, "e6_stagger", format(p.Schema(), out))
}

// TestE8RandomCutForestScoresHighRatesAbove: RANDOM_CUT_FOREST with its defaults, then ORDER BY FLOOR(ROWTIME TO
// SECOND), ANOMALY_SCORE DESC (developer guide, app-anomaly-detection; analytics.md §1.9 E8): scores are 0 while the
// samples fill, then every HIGH rate scores above every NORMAL one's median, and each second's rows come highest
// score first.
func TestE8RandomCutForestScoresHighRatesAbove(t *testing.T) {
	p := mustCompile(t, heartRateInput, &q.Env{Seed: 1},
		q.RandomCutForest{NumberOfTrees: 50},
		q.Project{Items: []q.Item{{Expr: q.C("heartRate")}, {Expr: q.C("rateType")}, {Expr: q.C("ANOMALY_SCORE")}}},
		q.OrderWithinBucket{Bucket: time.Second, Keys: []q.SortKey{{Expr: q.C("ANOMALY_SCORE"), Desc: true}}})
	rows := heartRates(3000)
	out := run(p, "OUTPUT_PUMP", rows, at("13:00:00"))
	if len(out.Rows) != len(rows) {
		t.Fatalf("%d rows out of %d", len(out.Rows), len(rows))
	}
	zeros, high, med := checkAnomalyScores(t, out)
	if zeros < 256 || zeros > 270 {
		t.Errorf("%d zero scores: the first 256 rows score 0", zeros)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rows %d, zero scores %d, HIGH %d, NORMAL median %.2f\n", len(out.Rows), zeros, len(high), med)
	golden(t, "e8_rcf_summary", b.String())
}

// TestE9ExplanationAttributesTheScore: RANDOM_CUT_FOREST_WITH_EXPLANATION(…, 100, 256, 100000, 1, true) on the
// blood-pressure generator; a HIGH reading's explanation names both columns HIGH and the attributions sum to the
// score (developer guide, app-anom-with-exp-create-app, examine-results-with-exp; analytics.md §1.9 E9).
func TestE9ExplanationAttributesTheScore(t *testing.T) {
	p := mustCompile(t, bloodPressureInput, &q.Env{Seed: 2}, q.RandomCutForest{NumberOfTrees: 100, SubSampleSize: 256, TimeDecay: 100000, ShingleSize: 1,
		WithExplanation: true, Directionality: true})
	out := run(p, "STREAM_PUMP", bloodPressures(), at("10:00:00"))
	hi := out.Rows[1400]
	expl := hi.Values[4].Str()
	if !strings.Contains(expl, `"Systolic":{"DIRECTION":"HIGH"`) || !strings.Contains(expl, `"Diastolic":{"DIRECTION":"HIGH"`) {
		t.Errorf("explanation %s", expl)
	}
	if hi.Values[3].Float() < 2 {
		t.Errorf("the HIGH reading scores %.3f", hi.Values[3].Float())
	}
	golden(t, "e9_explanation", format(p.Schema(), q.Output{Rows: out.Rows[1398:1402]}))
}

// TestE10HotspotsFindsTheHotSquare runs HOTSPOTS(…, 1000, 0.2, 17) on the developer guide's generator: a 10×10
// field with a 1×1 hotspot holding 20 % of the points (developer guide, app-hotspots-prepare; analytics.md §1.9 E10).
func TestE10HotspotsFindsTheHotSquare(t *testing.T) {
	p := mustCompile(t, hotspotInput, nil, q.Hotspots{WindowSize: 1000, ScanRadius: 0.2, MinimumNumberOfPointsInAHotspot: 17})
	out := run(p, "STREAM_PUMP", hotspotPoints(), at("09:00:00"))
	last := out.Rows[len(out.Rows)-1].Values[3].Str()
	if !strings.HasPrefix(last, `{"hotspots":[{"density":`) {
		t.Fatalf("HOTSPOTS_RESULT %s", last)
	}
	var res struct {
		Hotspots []struct{ MinValues, MaxValues []float64 }
	}
	if err := json.Unmarshal([]byte(last), &res); err != nil || len(res.Hotspots) == 0 {
		t.Fatalf("HOTSPOTS_RESULT %s: %v", last, err)
	}
	h := res.Hotspots[0]
	if !(h.MinValues[0] < hotX+0.5 && h.MaxValues[0] > hotX+0.5 && h.MinValues[1] < hotY+0.5 && h.MaxValues[1] > hotY+0.5) {
		t.Errorf("the densest hotspot %+v does not hold the hot square's centre", h)
	}
	golden(t, "e10_hotspots", format(p.Schema(), q.Output{Rows: out.Rows[len(out.Rows)-1:]}))
}

// TestE12StringAndDateTimeTransforms runs the string and date-time examples: SUBSTRING with POSITION and
// REGEX_REPLACE on a referrer with the APPROXIMATE_ARRIVAL_TIME column, and the date-time transforms of an event
// time (developer guide, examples-transforming-strings-substring, -regexreplace, app-string-datetime-manipulation;
// analytics.md §1.9 E12).
func TestE12StringAndDateTimeTransforms(t *testing.T) {
	in := q.Schema{{"APPROXIMATE_ARRIVAL_TIME", q.TimestampType}, {"referrer", q.VarcharType(32)}}
	rows := referrerRows()
	sub := mustCompile(t, in, nil, q.Project{Items: []q.Item{{Expr: q.C("APPROXIMATE_ARRIVAL_TIME"), Name: "ingest_time"},
		{Expr: q.Fn("SUBSTRING", q.C("referrer"), q.L(12), q.Sub(q.Sub(q.Fn("POSITION", q.L(".com"), q.C("referrer")), q.Fn("POSITION", q.L("www."), q.C("referrer"))), q.L(4))), Name: "referrer"}},
		Types: []q.Type{q.TimestampType, q.VarcharType(32)}})
	rep := mustCompile(t, in, nil, q.Project{Items: []q.Item{{Expr: q.C("APPROXIMATE_ARRIVAL_TIME"), Name: "ingest_time"},
		{Expr: q.Fn("REGEX_REPLACE", q.C("referrer"), q.L("http://"), q.L("https://"), q.L(1), q.L(0)), Name: "referrer"}},
		Types: []q.Type{q.TimestampType, q.VarcharType(32)}})
	a := run(sub, "myPUMP", rows, at("10:01:00"))
	b := run(rep, "myPUMP", rows, at("10:01:00"))
	equalLines(t, cells(a, 2), []string{"amazon"})
	equalLines(t, cells(b, 2), []string{"https://www.amazon.com"})

	dt := mustCompile(t, dateTimeInput, nil, q.Project{Items: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.C("EVENT_TIME")},
		{Expr: q.Sub(q.C("EVENT_TIME"), q.L(5*time.Minute)), Name: "five_minutes_before"},
		{Expr: q.Fn("UNIX_TIMESTAMP", q.C("EVENT_TIME")), Name: "event_unix_timestamp"},
		{Expr: q.Fn("TIMESTAMP_TO_CHAR", q.L("yyyy-MM-dd hh:mm:ss"), q.C("EVENT_TIME")), Name: "event_timestamp_as_char"},
		{Expr: q.Fn("EXTRACT", q.L("SECOND"), q.C("EVENT_TIME")), Name: "event_second"}},
		Types: []q.Type{q.VarcharType(4), q.TimestampType, q.TimestampType, q.BigIntType, q.VarcharType(50), q.IntegerType}})
	c := run(dt, "STREAM_PUMP", dateTimeRows(), at("13:01:00"))
	equalLines(t, cells(c, 1, 2, 3, 4, 5, 6), []string{
		"AAPL 2018-05-09 12:50:41.337 2018-05-09 12:45:41.337 1525870241337 2018-05-09 12:50:41 41"})
	golden(t, "e12_transforms", format(sub.Schema(), a)+format(rep.Schema(), b)+format(dt.Schema(), c))
}

// TestE13TopKAndPartialResults runs TOP_K_ITEMS_TUMBLING(…, 'TICKER', 5, 60), and the partial-results application:
// counts per ROWTIME minute and arrival minute, summed over a 10-minute sliding window per TRADETIME so that the
// last row of a minute carries its complete count (developer guide, examples-window-topkitems,
// examples-window-partialresults; analytics.md §1.9 E13).
func TestE13TopKAndPartialResults(t *testing.T) {
	in := q.Schema{{"APPROXIMATE_ARRIVAL_TIME", q.TimestampType}, {"TICKER", q.VarcharType(4)}}
	rng := rand.New(rand.NewPCG(13, 13))
	syms := []string{"TBV", "AMZN", "INTC", "MSFT", "AAPL", "QXZ", "WAS"}
	var rows []q.Row
	for i := range 300 {
		rt := at("10:00:00").Add(time.Duration(i) * 500 * time.Millisecond)
		arr := rt.Add(-300 * time.Millisecond)
		if i%50 == 0 {
			arr = rt.Add(-5 * time.Second) // a few records enter the application seconds after they arrived
		}
		rows = append(rows, row(rt, tsv(arr), str(syms[min(rng.IntN(10), len(syms)-1)])))
	}
	top := mustCompile(t, in, nil, q.TopKItemsTumbling{Column: "TICKER", K: 5, Window: 60 * time.Second})
	topOut := run(top, "STREAM_PUMP", rows, at("10:10:00"))
	if len(topOut.Rows) != 15 {
		t.Errorf("%d rows: want 5 per minute for 3 minutes", len(topOut.Rows))
	}
	calc := mustCompile(t, in, nil,
		q.GroupBy{Keys: []q.Item{{Expr: q.C("TICKER")}, q.As(q.StepBy(q.Rowtime{}, time.Minute), "TRADETIME"),
			{Expr: q.StepBy(q.C("APPROXIMATE_ARRIVAL_TIME"), time.Minute)}},
			Aggregates: []q.Aggregate{q.CountStar("TICKERCOUNT")}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.C("TRADETIME")}, {Expr: q.C("TICKERCOUNT")}},
			Types: []q.Type{q.VarcharType(4), q.TimestampType, q.DoubleType}})
	partial := run(calc, "CALC_COUNT_SQL_PUMP_001", rows, at("10:10:00"))
	agg := mustCompile(t, calc.Schema(), nil,
		q.Sliding{Windows: []q.Window{{Name: "W1", Partition: []q.Expr{q.C("TRADETIME")}, Range: 10 * time.Minute}},
			Aggregates: []q.Aggregate{{Func: q.Sum, Arg: q.C("TICKERCOUNT"), Name: "SUM_TICKERCOUNT", Over: "W1"}}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.C("TRADETIME")}, {Expr: q.C("SUM_TICKERCOUNT"), Name: "TICKERCOUNT"}}})
	final := run(agg, "AGGREGATED_SQL_PUMP", partial.Rows, at("10:20:00"))
	golden(t, "e13_topk_partial", format(top.Schema(), topOut)+format(calc.Schema(), partial)+format(agg.Schema(), final))
}

// TestE14ReferenceDataJoin joins the ticker stream with the reference table CompanyName loaded from
// TickerReference.csv: LEFT JOIN keeps the tickers the table lacks, with a NULL company (developer guide,
// app-add-reference-data; analytics.md §1.9 E14).
func TestE14ReferenceDataJoin(t *testing.T) {
	env := &q.Env{Tables: map[string]*q.Table{"CompanyName": companyNames()}}
	p := mustCompile(t, tickerSchema, env,
		q.RefJoin{Table: "CompanyName", Alias: "c", Outer: true, Keys: []q.JoinKey{{Left: q.C("TICKER_SYMBOL"), Right: q.C("Ticker")}}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("c.Company"), Name: "Company"}, {Expr: q.C("SECTOR")}, {Expr: q.C("CHANGE")}, {Expr: q.C("PRICE")}},
			Types: []q.Type{q.VarcharType(4), q.VarcharType(20), q.VarcharType(12), q.DoubleType, q.DoubleType}})
	out := run(p, "STREAM_PUMP", tickers(8), at("11:00:00"))
	for _, r := range out.Rows {
		sym, company := r.Values[0].Str(), r.Values[1]
		want := map[string]string{"AMZN": "Amazon", "WAS": "SomeCompanyC"}[sym]
		if want == "" && !company.IsNull() || want != "" && company.Str() != want {
			t.Errorf("%s joined %v", sym, company)
		}
	}
	golden(t, "e14_reference_join", format(p.Schema(), out))
}

// TestE15StreamToStreamJoins joins orders with the trades of the minute before them on orderId, inner and left
// outer (developer guide, stream-joins-concepts; analytics.md §1.9 E15).
func TestE15StreamToStreamJoins(t *testing.T) {
	orders := q.Schema{{"orderId", q.IntegerType}, {"ticker", q.VarcharType(4)}, {"amount", q.IntegerType}}
	trades := q.Schema{{"orderId", q.IntegerType}, {"ticker", q.VarcharType(4)}, {"tradeId", q.IntegerType}, {"amount", q.IntegerType}}
	env := &q.Env{Streams: map[string]q.Schema{"TradeStream": trades}}
	var all strings.Builder
	for _, outer := range []bool{false, true} {
		p := mustCompile(t, orders, env,
			q.StreamJoin{Stream: "TradeStream", Alias: "t", Range: time.Minute, Outer: outer,
				Keys: []q.JoinKey{{Left: q.C("orderId"), Right: q.C("orderId")}}},
			q.Project{Items: []q.Item{{Expr: q.C("orderId")}, {Expr: q.C("ticker")}, {Expr: q.C("amount"), Name: "orderAmount"},
				{Expr: q.C("t.amount"), Name: "tradeAmount"}}})
		out := q.Output{Pump: "JOIN_PUMP"}
		pushOrdersAndTrades(p, &out)
		want := []string{"1 AMZN 10 10", "2 TGT 20 20"} // order 1 at 10:01:20 is more than a minute after its trade
		if outer {
			want = []string{"1 AMZN 10 10", "3 WAS 30 NULL", "2 TGT 20 20", "1 AMZN 10 NULL"}
		}
		equalLines(t, cells(out, 1, 2, 3, 4), want)
		fmt.Fprintf(&all, "-- outer %v\n%s", outer, format(p.Schema(), out))
	}
	golden(t, "e15_stream_joins", all.String())
}

// TestE16AlertThrottling chains the alert application's two pumps: rows with a change over 1 % into CHANGE_STREAM,
// then a count of triggers per ticker over the last minute (developer guide, app-throttled-alerts; analytics.md
// §1.9 E16).
func TestE16AlertThrottling(t *testing.T) {
	change := mustCompile(t, tickerSchema, nil,
		q.Filter{Where: q.Gt(q.Mul(q.Fn("ABS", q.Div(q.C("CHANGE"), q.Sub(q.C("PRICE"), q.C("CHANGE")))), q.L(100)), q.L(1))},
		q.Project{Items: q.Star(tickerSchema), Types: []q.Type{q.VarcharType(4), q.VarcharType(12), q.DoubleType, q.DoubleType}})
	trig := mustCompile(t, change.Schema(), nil,
		q.Sliding{Windows: []q.Window{{Name: "W1", Partition: []q.Expr{q.C("TICKER_SYMBOL")}, Range: time.Minute}},
			Aggregates: []q.Aggregate{{Func: q.Count, Name: "trigger_count", Over: "W1"}}},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("CHANGE")}, {Expr: q.C("trigger_count")}}},
		q.Filter{Where: q.Ge(q.C("trigger_count"), q.L(1))},
		q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("CHANGE")}, {Expr: q.C("trigger_count")}},
			Types: []q.Type{q.VarcharType(4), q.RealType, q.IntegerType}})
	a := run(change, "change_pump", tickers(60), at("11:00:00"))
	b := run(trig, "trigger_count_pump", a.Rows, at("11:00:00"))
	if len(b.Rows) != len(a.Rows) || len(a.Rows) == 0 {
		t.Errorf("%d trigger rows for %d changes", len(b.Rows), len(a.Rows))
	}
	golden(t, "e16_alert_throttling", format(trig.Schema(), b))
}

// TestE17PumpFanOut: two pumps read the same source stream, each keeping its ticker with SIMILAR TO '%AMZN%' and
// '%TGT%' (developer guide, get-started-update-appcode; analytics.md §1.9 E17).
func TestE17PumpFanOut(t *testing.T) {
	rows := tickers(30)
	var all strings.Builder
	for _, sym := range []string{"AMZN", "TGT"} {
		p := mustCompile(t, tickerSchema, nil, q.Filter{Where: q.SimilarTo(q.C("TICKER_SYMBOL"), "%"+sym+"%")},
			q.Project{Items: []q.Item{{Expr: q.C("TICKER_SYMBOL")}, {Expr: q.C("CHANGE")}, {Expr: q.C("PRICE")}},
				Types: []q.Type{q.VarcharType(4), q.DoubleType, q.DoubleType}})
		out := run(p, sym+"_PUMP", rows, at("11:00:00"))
		for _, r := range out.Rows {
			if r.Values[0].Str() != sym {
				t.Errorf("%s pump kept %s", sym, r.Values[0])
			}
		}
		fmt.Fprintf(&all, "-- %s_STREAM\n%s", sym, format(p.Schema(), out))
	}
	golden(t, "e17_fan_out", all.String())
}
