package redshiftpg_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/redshiftpg"
)

// The tests run against the PostgreSQL server KINESIM_PG_DSN names (testdata/pg.sh starts one; .ci/run does
// so). Without it they skip, saying why, unless KINESIM_REQUIRE_PG=1, when they fail.
func dsn(tb testing.TB) string {
	tb.Helper()
	d := os.Getenv("KINESIM_PG_DSN")
	if d == "" {
		if os.Getenv("KINESIM_REQUIRE_PG") == "1" {
			tb.Fatal("KINESIM_REQUIRE_PG=1 but KINESIM_PG_DSN is unset: start a server with testdata/pg.sh start")
		}
		tb.Skip("KINESIM_PG_DSN is unset: no PostgreSQL to load into (eval \"$(sh testdata/pg.sh start)\" starts one)")
	}
	return d
}

var started = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// env is one test's database: its own schema, a pool, and a Cluster recording load errors in the schema.
type env struct {
	t       testing.TB
	ctx     context.Context
	pool    *pgxpool.Pool
	cluster *redshiftpg.Cluster
	schema  string
}

var nonWord = regexp.MustCompile(`[^a-z0-9_]+`)

func newEnv(tb testing.TB, ddl ...string) *env {
	tb.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dsn(tb))
	if err != nil {
		tb.Fatal(err)
	}
	schema := "t_" + nonWord.ReplaceAllString(strings.ToLower(tb.Name()), "_")
	if len(schema) > 60 {
		schema = schema[:60]
	}
	if _, err := pool.Exec(ctx, fmt.Sprintf(`DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s`, schema, schema)); err != nil {
		pool.Close()
		tb.Fatal(err)
	}
	for _, q := range ddl {
		if _, err := pool.Exec(ctx, strings.ReplaceAll(q, "$S", schema)); err != nil {
			pool.Close()
			tb.Fatalf("%s: %v", q, err)
		}
	}
	c, err := redshiftpg.New(ctx, pool, &redshiftpg.Options{LoadErrorsTable: schema + ".stl_load_errors", Clock: clock.NewManual(started)})
	if err != nil {
		pool.Close()
		tb.Fatal(err)
	}
	e := &env{t: tb, ctx: ctx, pool: pool, cluster: c, schema: schema}
	tb.Cleanup(func() {
		c.Close()
		if _, err := pool.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("dropping %s: %v", schema, err)
		}
		pool.Close()
	})
	return e
}

// object encodes data as the Firehose engine stores it.
func object(tb testing.TB, key string, f compress.Format, data string) firehose.CopyObject {
	tb.Helper()
	b, err := compress.Encode(nil, []byte(data), f, compress.Options{Modified: started, EntryName: "entry"})
	if err != nil {
		tb.Fatal(err)
	}
	return firehose.CopyObject{URL: "s3://bucket/" + key + f.Extension(), Body: b}
}

func (e *env) command(table, options string, objs ...firehose.CopyObject) firehose.CopyCommand {
	return firehose.CopyCommand{ClusterJDBCURL: "jdbc:redshift://cluster:5439/dev", Username: "firehose", Table: e.schema + "." + table,
		Options: options, ManifestURL: "s3://bucket/manifests/m", Objects: objs}
}

// rows returns the query's rows as text, one line each, columns separated by "|", NULL as "NULL".
func (e *env) rows(query string) []string {
	e.t.Helper()
	rs, err := e.pool.Query(e.ctx, strings.ReplaceAll(query, "$S", e.schema))
	if err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		vals, err := rs.Values()
		if err != nil {
			e.t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				parts[i] = "NULL"
			case time.Time:
				parts[i] = x.UTC().Format("2006-01-02 15:04:05.999999")
			case string:
				parts[i] = strings.TrimRight(x, " ")
			case pgtype.Numeric:
				v, _ := x.Value()
				parts[i] = fmt.Sprint(v)
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rs.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.pool.QueryRow(e.ctx, `SELECT count(*) FROM `+e.schema+`.`+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func equal(t testing.TB, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
