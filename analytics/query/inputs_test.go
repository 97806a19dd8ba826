package query_test

import (
	"math/rand/v2"
	"testing"
	"time"

	q "github.com/kinesim/kinesim/analytics/query"
)

// The inputs of the example applications (analytics.md §1.9), one helper each, shared by the hand-built
// pipelines of examples_test.go and the SQL runs of sql_examples_test.go so that both read the same rows.

// e1Rows are three rows of the continuous-filter page's ticker stream (tickerSchema): changes of 20 %, 2 % and
// −20 % (developer guide, continuous-queries-concepts; analytics.md §1.9 E1).
func e1Rows() []q.Row {
	return []q.Row{
		row(at("10:00:00"), str("AMZN"), str("TECHNOLOGY"), q.Float32(20), q.Float32(120)), // 20/100 = 20 %
		row(at("10:00:01"), str("TGT"), str("RETAIL"), q.Float32(1), q.Float32(51)),        // 2 %
		row(at("10:00:02"), str("QXZ"), str("HEALTHCARE"), q.Float32(-5), q.Float32(20)),   // −5/25 = −20 %
	}
}

// e2Input is the schema of the tumbling-window-on-ROWTIME page's stream (analytics.md §1.9 E2).
var e2Input = q.Schema{{"TICKER", q.VarcharType(4)}, {"PRICE", q.DoubleType}}

// e2Rows are the page's four sample prices repeated, one row every 4 s for 160 s, the prices varied by i%7
// (developer guide, examples-window-tumbling-rowtime; analytics.md §1.9 E2).
func e2Rows() []q.Row {
	sample := []struct {
		sym   string
		price float64
	}{{"TBV", 33.11}, {"INTC", 62.04}, {"MSFT", 40.97}, {"AMZN", 27.9}}
	var rows []q.Row
	for i := range 40 {
		s := sample[i%4]
		rows = append(rows, row(at("10:00:00").Add(time.Duration(i)*4*time.Second), str(s.sym), dbl(s.price+float64(i%7))))
	}
	return rows
}

// e3Input is the schema of the tumbling-window-on-event-time page's stream, its EVENT_TIME read as a TIMESTAMP as
// the edited schema does (analytics.md §1.9 E3).
var e3Input = q.Schema{{"EVENT_TIME", q.TimestampType}, {"TICKER", q.VarcharType(4)}, {"PRICE", q.DoubleType}}

// e3Rows are the page's rows and two more AMZN ones, each entering the application 5 s after its EVENT_TIME
// (developer guide, examples-window-tumbling-event; analytics.md §1.9 E3).
func e3Rows() []q.Row {
	var rows []q.Row
	for _, r := range [][3]string{{"2018-06-13T14:11:05.766191", "TBV", "43.65"}, {"2018-06-13T14:11:05.848967", "AMZN", "35.61"},
		{"2018-06-13T14:11:05.931871", "MSFT", "73.48"}, {"2018-06-13T14:11:06.014845", "AMZN", "18.64"},
		{"2018-06-13T14:11:59.5", "AMZN", "20.1"}, {"2018-06-13T14:12:01.2", "AMZN", "22.5"}} {
		ev, _ := q.Cast(str(r[0]), q.TimestampType)
		price, _ := q.Cast(str(r[2]), q.DoubleType)
		rows = append(rows, row(ev.Time().Add(5*time.Second), ev, str(r[1]), price)) // EVENT_TIME is 5 s in the past
	}
	return rows
}

// e6Input is the schema of the stagger-window application's stream (analytics.md §1.9 E6).
var e6Input = q.Schema{{"EVENT_TIME", q.TimestampType}, {"TICKER", q.VarcharType(4)}}

// e6Rows are the stagger page's two groups of six identical records ten seconds apart (developer guide,
// examples-window-stagger; analytics.md §1.9 E6).
func e6Rows() []q.Row {
	var rows []q.Row
	groups := []struct{ ev, sym string }{{"2018-08-01T20:17:20.797945", "AMZN"}, {"2018-08-01T20:18:21.043084", "INTC"}}
	arrivals := [][]string{{"20:17:30", "20:17:40", "20:17:50", "20:18:00", "20:18:10", "20:18:21"},
		{"20:18:31", "20:18:41", "20:18:51", "20:19:01", "20:19:11", "20:19:21"}}
	for g, gr := range groups {
		ev, _ := q.Cast(str(gr.ev), q.TimestampType)
		for _, a := range arrivals[g] {
			rows = append(rows, row(at(a), ev, str(gr.sym)))
		}
	}
	return rows
}

// heartRateInput is the schema of the anomaly-detection example's stream (analytics.md §1.9 E8).
var heartRateInput = q.Schema{{"heartRate", q.IntegerType}, {"rateType", q.VarcharType(20)}}

// heartRates is the anomaly-detection example's generator: 99 % of rates in 60–100 (NORMAL), 1 % in 150–200 (HIGH)
// (developer guide, app-anomaly-prepare), ten rows a second.
func heartRates(n int) []q.Row {
	rng := rand.New(rand.NewPCG(3, 5))
	var rows []q.Row
	for i := range n {
		rate, typ := 60+rng.IntN(41), "NORMAL"
		if rng.IntN(100) == 0 {
			rate, typ = 150+rng.IntN(51), "HIGH"
		}
		rows = append(rows, row(at("12:00:00").Add(time.Duration(i)*100*time.Millisecond), integer(int64(rate)), str(typ)))
	}
	return rows
}

// checkAnomalyScores checks E8's output (heartRate, rateType, ANOMALY_SCORE, ordered by FLOOR(ROWTIME TO SECOND),
// ANOMALY_SCORE DESC): each second's rows come highest score first, and every HIGH rate scores at least twice the
// NORMAL rates' median. It returns the number of zero scores, the HIGH rates' scores and the NORMAL median.
func checkAnomalyScores(t *testing.T, out q.Output) (zeros int, high []float64, med float64) {
	t.Helper()
	var normal []float64
	for i, r := range out.Rows {
		s := r.Values[2].Float()
		if i > 0 && r.Rowtime/1e9 == out.Rows[i-1].Rowtime/1e9 && s > out.Rows[i-1].Values[2].Float() {
			t.Fatalf("row %d: a second's rows are not sorted by score", i)
		}
		switch {
		case s == 0:
			zeros++
		case r.Values[1].Str() == "HIGH":
			high = append(high, s)
		default:
			normal = append(normal, s)
		}
	}
	med = median(normal)
	for _, s := range high {
		if s < 2*med {
			t.Errorf("a HIGH rate scored %.3f, NORMAL median %.3f", s, med)
		}
	}
	return zeros, high, med
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// bloodPressureInput is the schema of the anomaly-with-explanation example's stream (analytics.md §1.9 E9).
var bloodPressureInput = q.Schema{{"Systolic", q.IntegerType}, {"Diastolic", q.IntegerType}, {"BloodPressureLevel", q.VarcharType(20)}}

// bloodPressures is the blood-pressure generator of the anomaly-with-explanation example: 1,500 NORMAL readings
// 50 ms apart, the 1,401st a HIGH one, 144/123 (developer guide, app-anom-with-exp-create-app).
func bloodPressures() []q.Row {
	rng := rand.New(rand.NewPCG(9, 9))
	var rows []q.Row
	for i := range 1500 {
		s, d, lvl := 90+rng.IntN(31), 60+rng.IntN(21), "NORMAL"
		if i == 1400 {
			s, d, lvl = 144, 123, "HIGH"
		}
		rows = append(rows, row(at("09:27:00").Add(time.Duration(i)*50*time.Millisecond), integer(int64(s)), integer(int64(d)), str(lvl)))
	}
	return rows
}

// hotspotInput is the schema of the hotspots example's stream (analytics.md §1.9 E10).
var hotspotInput = q.Schema{{"x", q.DoubleType}, {"y", q.DoubleType}, {"is_hot", q.VarcharType(4)}}

// hotX and hotY are the lower corner of the hot square [3,4]×[6,7] of hotspotPoints.
const hotX, hotY = 3.0, 6.0

// hotspotPoints is the hotspots example's generator: 1,500 points of a 10×10 field, 20 % of them in the 1×1 hot
// square at (hotX, hotY), ten points every 100 ms (developer guide, app-hotspots-prepare).
func hotspotPoints() []q.Row {
	rng := rand.New(rand.NewPCG(4, 4))
	var rows []q.Row
	for i := range 1500 {
		x, y, hot := rng.Float64()*10, rng.Float64()*10, "N"
		if rng.IntN(5) == 0 {
			x, y, hot = hotX+rng.Float64(), hotY+rng.Float64(), "Y"
		}
		rows = append(rows, row(at("08:00:00").Add(time.Duration(i/10)*100*time.Millisecond), dbl(x), dbl(y), str(hot)))
	}
	return rows
}

// referrerRows is the string examples' one record: a referrer with its APPROXIMATE_ARRIVAL_TIME (developer guide,
// examples-transforming-strings-substring, -regexreplace; analytics.md §1.9 E12).
func referrerRows() []q.Row {
	return []q.Row{row(at("10:00:00"), tsv(at("09:59:59.5")), str("http://www.amazon.com"))}
}

// dateTimeInput is the schema of the date-time example's stream (analytics.md §1.9 E12).
var dateTimeInput = q.Schema{{"EVENT_TIME", q.TimestampType}, {"TICKER", q.VarcharType(4)}}

// dateTimeRows is the date-time example's one record (developer guide, app-string-datetime-manipulation).
func dateTimeRows() []q.Row {
	ev, _ := q.Cast(str("2018-05-09T12:50:41.337510"), q.TimestampType)
	return []q.Row{row(at("13:00:00"), ev, str("AAPL"))}
}

// companyNames is the reference table CompanyName loaded from TickerReference.csv (developer guide,
// app-add-reference-data; analytics.md §1.9 E14).
func companyNames() *q.Table {
	ref := &q.Table{Schema: q.Schema{{"Ticker", q.VarcharType(4)}, {"Company", q.VarcharType(20)}}}
	for _, r := range [][2]string{{"AMZN", "Amazon"}, {"ASD", "SomeCompanyA"}, {"MMB", "SomeCompanyB"}, {"WAS", "SomeCompanyC"}} {
		ref.Rows = append(ref.Rows, []q.Value{str(r[0]), str(r[1])})
	}
	return ref
}

// pushOrdersAndTrades feeds a join of orders (orderId, ticker, amount) with the trades (orderId, ticker, tradeId,
// amount) of the minute before them: two trades, then four orders; order 1 at 10:01:20 is more than a minute after
// its trade (developer guide, stream-joins-concepts; analytics.md §1.9 E15).
func pushOrdersAndTrades(p *q.Pipeline, out *q.Output) {
	p.PushRight(q.RowtimeOf(at("10:00:00")), []q.Row{row(at("10:00:00"), integer(1), str("AMZN"), integer(100), integer(10))}, out)
	p.PushRight(q.RowtimeOf(at("10:00:30")), []q.Row{row(at("10:00:30"), integer(2), str("TGT"), integer(101), integer(20))}, out)
	p.Push(q.RowtimeOf(at("10:00:40")), []q.Row{row(at("10:00:40"), integer(1), str("AMZN"), integer(10)), row(at("10:00:40"), integer(3), str("WAS"), integer(30))}, out)
	p.Push(q.RowtimeOf(at("10:01:20")), []q.Row{row(at("10:01:20"), integer(2), str("TGT"), integer(20)), row(at("10:01:20"), integer(1), str("AMZN"), integer(10))}, out)
}
