package redshiftpg_test

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/kinesim/kinesim/firehose/compress"
)

const benchRows = 100_000

const benchDDL = `CREATE TABLE $S.events (id bigint NOT NULL, customer varchar(16), amount numeric(10,2), placed timestamp, paid boolean)`

// benchObject is benchRows JSON records as Firehose delivers them (concatenated, newline-delimited here), and
// the same rows as the Go values a plain CopyFrom takes.
func benchObject() (string, [][]any) {
	var b strings.Builder
	rows := make([][]any, benchRows)
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i := range benchRows {
		cents := int64(i%100000) * 7
		placed := at.Add(time.Duration(i) * time.Second)
		fmt.Fprintf(&b, `{"id":%d,"customer":"customer-%d","amount":%d.%02d,"placed":"%s","paid":%t}`+"\n",
			i, i%1000, cents/100, cents%100, placed.Format("2006-01-02 15:04:05"), i%2 == 0)
		rows[i] = []any{int64(i), fmt.Sprintf("customer-%d", i%1000), pgtype.Numeric{Int: big.NewInt(cents), Exp: -2, Valid: true}, placed, i%2 == 0}
	}
	return b.String(), rows
}

// timeLoads runs load b.N times into an emptied table, timing only the loads, and reports rows/s.
func timeLoads(b *testing.B, e *env, body string, load func() error) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var elapsed time.Duration
	for range b.N {
		if _, err := e.pool.Exec(e.ctx, `TRUNCATE `+e.schema+`.events`); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		err := load()
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/elapsed.Seconds(), "rows/s")
}

// BenchmarkCopyJSON is a COPY … JSON 'auto' of 100k records (one uncompressed object, and the same GZIP'd) into
// a five-column table; BenchmarkPlainCopyFrom is the baseline: pgx's CopyFrom of the same rows already as Go
// values, in one transaction.
func BenchmarkCopyJSON(b *testing.B) {
	e := newEnv(b, benchDDL)
	body, _ := benchObject()
	for _, f := range []compress.Format{compress.Uncompressed, compress.GZIP} {
		b.Run(string(f), func(b *testing.B) {
			obj := object(b, "events", f, body)
			options := "JSON 'auto'"
			if f == compress.GZIP {
				options += " GZIP"
			}
			cmd := e.command("events", options, obj)
			timeLoads(b, e, body, func() error {
				res, err := e.cluster.Load(e.ctx, cmd)
				if err == nil && res.Rows != benchRows {
					err = fmt.Errorf("%+v", res)
				}
				return err
			})
		})
	}
}

func BenchmarkPlainCopyFrom(b *testing.B) {
	e := newEnv(b, benchDDL)
	body, rows := benchObject()
	timeLoads(b, e, body, func() error {
		return pgx.BeginFunc(e.ctx, e.pool, func(tx pgx.Tx) error {
			n, err := tx.CopyFrom(e.ctx, pgx.Identifier{e.schema, "events"}, []string{"id", "customer", "amount", "placed", "paid"}, pgx.CopyFromRows(rows))
			if err == nil && n != benchRows {
				err = fmt.Errorf("%d rows", n)
			}
			return err
		})
	})
}
