package query_test

import (
	"testing"
	"time"

	q "github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/internal/cputime"
)

// BenchmarkTumblingCountSum is the figure: SELECT STREAM TICKER, COUNT(*), SUM(PRICE) … GROUP BY TICKER,
// STEP(ROWTIME BY INTERVAL '1' MINUTE) over 1 M rows (100 tickers, 10,000 rows a second), in batches of 500 as a
// pump hands them on. rows/s is the throughput.
func BenchmarkTumblingCountSum(b *testing.B) {
	rows := tumblingRows()
	benchmarkTumbling(b, rows, func() (*q.Pipeline, error) { return q.Compile(tumblingInput, nil, tumblingStep) })
}

// tumblingN and tumblingBatch are the tumbling benchmarks' number of rows and the rows a pump hands on at once.
const tumblingN, tumblingBatch = 1_000_000, 500

// tumblingInput is the tumbling benchmarks' stream: a ticker and an integer price.
var tumblingInput = q.Schema{{"TICKER", q.VarcharType(4)}, {"PRICE", q.BigIntType}}

// tumblingStep is COUNT(*) AS N, SUM(PRICE) AS TOTAL … GROUP BY TICKER, STEP(ROWTIME BY INTERVAL '1' MINUTE).
var tumblingStep = q.GroupBy{Keys: []q.Item{{Expr: q.C("TICKER")}, {Expr: q.StepBy(q.Rowtime{}, time.Minute)}},
	Aggregates: []q.Aggregate{q.CountStar("N"), q.Agg(q.Sum, q.C("PRICE"), "TOTAL")}}

// tumblingRows are the tumbling benchmarks' tumblingN rows of tumblingInput: 100 tickers in turn, 10,000 rows a
// second, prices 0…999.
func tumblingRows() []q.Row {
	syms := make([]q.Value, 100)
	for i := range syms {
		syms[i] = q.String(string(rune('A'+i/26%26)) + string(rune('A'+i%26)) + "X")
	}
	t0 := q.RowtimeOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	rows := make([]q.Row, tumblingN)
	vals := make([]q.Value, 2*tumblingN)
	for i := range rows {
		vals[2*i], vals[2*i+1] = syms[i%len(syms)], q.Int64(int64(i%1000))
		rows[i] = q.Row{Rowtime: t0 + int64(i)*int64(100*time.Microsecond), Values: vals[2*i : 2*i+2]}
	}
	return rows
}

// benchmarkTumbling builds a pipeline with build each iteration and pushes rows through it in batches of
// tumblingBatch, then lets a minute pass; it fails if nothing was emitted and reports rows/s and rows/cpu-s.
func benchmarkTumbling(b *testing.B, rows []q.Row, build func() (*q.Pipeline, error)) {
	n := len(rows)
	b.ReportAllocs()
	emitted := 0
	cpu0 := cputime.Process()
	for b.Loop() {
		p, err := build()
		if err != nil {
			b.Fatal(err)
		}
		var out q.Output
		for lo := 0; lo < n; lo += tumblingBatch {
			p.Push(rows[lo+tumblingBatch-1].Rowtime, rows[lo:lo+tumblingBatch], &out)
			emitted += len(out.Rows)
			out.Reset()
		}
		p.Advance(rows[n-1].Rowtime+int64(time.Minute), &out)
		emitted += len(out.Rows)
	}
	if emitted == 0 {
		b.Fatal("no rows emitted")
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	// On a shared machine the wall clock counts other processes' time too: rows per second of this process's CPU.
	b.ReportMetric(float64(n)*float64(b.N)/(cputime.Process()-cpu0).Seconds(), "rows/cpu-s")
}

// BenchmarkSlidingAvg is AVG(PRICE) OVER (PARTITION BY TICKER RANGE INTERVAL '10' SECOND PRECEDING), one output row
// per input row.
func BenchmarkSlidingAvg(b *testing.B) {
	const n, batch = 100_000, 500
	in := q.Schema{{"TICKER", q.VarcharType(4)}, {"PRICE", q.DoubleType}}
	t0 := q.RowtimeOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	rows := make([]q.Row, n)
	for i := range rows {
		rows[i] = q.Row{Rowtime: t0 + int64(i)*int64(10*time.Millisecond), Values: []q.Value{q.String([]string{"A", "B", "C", "D"}[i%4]), q.Float(float64(i % 97))}}
	}
	step := q.Sliding{Windows: []q.Window{{Partition: []q.Expr{q.C("TICKER")}, Range: 10 * time.Second}},
		Aggregates: []q.Aggregate{q.Agg(q.Avg, q.C("PRICE"), "AVG_PRICE")}}
	b.ReportAllocs()
	for b.Loop() {
		p, _ := q.Compile(in, nil, step)
		var out q.Output
		for lo := 0; lo < n; lo += batch {
			p.Push(rows[lo+batch-1].Rowtime, rows[lo:lo+batch], &out)
			out.Reset()
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
