package query_test

import (
	"testing"
	"time"

	q "github.com/kinesim/kinesim/analytics/query"
)

// TestStreamingOrderByLeavesAtTheBucketsLatestRowtime: ORDER BY FLOOR(ROWTIME TO SECOND), ANOMALY_SCORE DESC sorts
// each second's rows by score, and the sorted rows leave with the second's latest ROWTIME, so that the stream they
// are inserted into stays in ROWTIME order (a row before the stream's last goes to the error stream, developer
// guide, error-handling; SQL reference, sql-reference-order-by-clause: the leading expression is monotonic;
// analytics.md §1.4, §1.9 E8).
func TestStreamingOrderByLeavesAtTheBucketsLatestRowtime(t *testing.T) {
	in := q.Schema{{"ANOMALY_SCORE", q.DoubleType}}
	p := mustCompile(t, in, &q.Env{}, q.OrderWithinBucket{Bucket: time.Second, Keys: []q.SortKey{{Expr: q.C("ANOMALY_SCORE"), Desc: true}}})
	rows := []q.Row{
		row(at("10:00:00.100"), dbl(1)), row(at("10:00:00.500"), dbl(3)), row(at("10:00:00.900"), dbl(2)),
		row(at("10:00:01.200"), dbl(0.5)), row(at("10:00:01.300"), dbl(4)),
	}
	out := run(p, "OUTPUT_PUMP", rows, at("10:00:05"))
	equalLines(t, cells(out, 0, 1), []string{
		"2018-08-01 10:00:00.900 3", "2018-08-01 10:00:00.900 2", "2018-08-01 10:00:00.900 1",
		"2018-08-01 10:00:01.300 4", "2018-08-01 10:00:01.300 0.5",
	})
	for i := 1; i < len(out.Rows); i++ {
		if out.Rows[i].Rowtime < out.Rows[i-1].Rowtime {
			t.Errorf("row %d leaves at %d, before row %d at %d", i, out.Rows[i].Rowtime, i-1, out.Rows[i-1].Rowtime)
		}
	}
}
