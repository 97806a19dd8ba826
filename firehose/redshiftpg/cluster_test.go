package redshiftpg_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/redshiftpg"
	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

const ordersDDL = `CREATE TABLE $S.orders (id integer NOT NULL, customer varchar(8), amount numeric(8,2), placed timestamp,
	paid boolean, day date, score double precision, region varchar(4) DEFAULT 'eu')`

// Database Developer Guide, "COPY from JSON format": with 'auto', "COPY maps the data elements in the JSON source
// data to the columns in the target table by matching object keys, or names, in the source name-value pairs to
// the names of columns"; matching is case-sensitive, keys matching no column are ignored; a column whose key
// is absent takes its DEFAULT (Column mapping options), a JSON null is NULL. Firehose concatenates records.
func TestJSONAutoLoadsObjectKeysIntoColumnsOfTheSameName(t *testing.T) {
	e := newEnv(t, ordersDDL)
	body := `{"id":1,"customer":"ann","amount":12.5,"placed":"2026-12-01 10:00:00","paid":true,"day":"2026-12-01","score":1e3,"region":"us","extra":{"x":[1]}}` +
		`{"id":2,"Customer":"bob","amount":null}` + "\n" + `{"id":3,"customer":"cy","paid":"f","score":-0.5}`
	if err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto' TIMEFORMAT 'auto'", object(t, "a", compress.Uncompressed, body))); err != nil {
		t.Fatal(err)
	}
	equal(t, e.rows(`SELECT * FROM $S.orders ORDER BY id`), []string{
		"1|ann|12.50|2026-12-01 10:00:00|true|2026-12-01 00:00:00|1000|us",
		"2|NULL|NULL|NULL|NULL|NULL|NULL|eu", // "Customer" does not match customer under 'auto'
		"3|cy|NULL|NULL|false|NULL|-0.5|eu",
	})
}

// COPY from JSON format: "'auto ignorecase' — COPY automatically loads fields from the JSON file while ignoring
// the case of field names."
func TestJSONAutoIgnorecaseMatchesKeysWhateverTheirCase(t *testing.T) {
	e := newEnv(t, ordersDDL)
	body := `{"ID":7,"Customer":"Dee","AMOUNT":"3.999"}`
	if err := e.cluster.Copy(e.ctx, e.command("orders", "json 'auto ignorecase'", object(t, "a", compress.Uncompressed, body))); err != nil {
		t.Fatal(err)
	}
	// DECIMAL: "By default, COPY truncates values when necessary to fit the scale of the column" (ROUNDEC).
	equal(t, e.rows(`SELECT id, customer, amount FROM $S.orders`), []string{"7|Dee|3.99"})
}

// Column mapping options: "If a column in the target table is omitted from the column list, then COPY loads the
// target column's DEFAULT expression. If the target column doesn't have a default, then COPY attempts to load
// NULL." For delimited data the list gives the order of the fields.
func TestColumnListLoadsTheListedColumnsAndDefaultsTheOthers(t *testing.T) {
	e := newEnv(t, ordersDDL)
	cmd := e.command("orders", "CSV", object(t, "a", compress.Uncompressed, "ann,1\nbob,2\n"))
	cmd.Columns = []string{"customer", "id"}
	res, err := e.cluster.Load(e.ctx, cmd)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2 || res.Skipped != 0 {
		t.Fatalf("result %+v, want 2 rows, none skipped", res)
	}
	equal(t, e.rows(`SELECT id, customer, amount, region FROM $S.orders ORDER BY id`), []string{"1|ann|NULL|eu", "2|bob|NULL|eu"})

	// JSON keys of columns outside the list are ignored.
	cmd = e.command("orders", "JSON 'auto'", object(t, "b", compress.Uncompressed, `{"id":3,"customer":"cy","region":"ap"}`))
	cmd.Columns = []string{"id"}
	if err := e.cluster.Copy(e.ctx, cmd); err != nil {
		t.Fatal(err)
	}
	equal(t, e.rows(`SELECT id, customer, region FROM $S.orders WHERE id = 3`), []string{"3|NULL|eu"})
}

// Column mapping options: a column list naming a column the table lacks is refused, loading nothing.
func TestColumnListNamingAnUnknownColumnIsRefused(t *testing.T) {
	e := newEnv(t, ordersDDL)
	cmd := e.command("orders", "CSV", object(t, "a", compress.Uncompressed, "1\n"))
	cmd.Columns = []string{"nope"}
	if err := e.cluster.Copy(e.ctx, cmd); !errors.Is(err, redshiftpg.ErrNoColumn) {
		t.Fatalf("err %v, want ErrNoColumn", err)
	}
	cmd = e.command("missing", "CSV", object(t, "a", compress.Uncompressed, "1\n"))
	if err := e.cluster.Copy(e.ctx, cmd); !errors.Is(err, redshiftpg.ErrNoRelation) {
		t.Fatalf("err %v, want ErrNoRelation", err)
	}
}

// File compression parameters: "GZIP: A value that specifies that the input file or files are in compressed gzip
// format"; every object of the manifest is read. Without GZIP the compressed bytes are read as text and fail.
func TestGZIPObjectsLoadWithTheGZIPParameter(t *testing.T) {
	e := newEnv(t, ordersDDL)
	objs := []firehose.CopyObject{
		object(t, "a", compress.GZIP, `{"id":1}{"id":2}`),
		object(t, "b", compress.GZIP, `{"id":3}`),
	}
	if err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto' GZIP", objs...)); err != nil {
		t.Fatal(err)
	}
	if n := e.count("orders"); n != 3 {
		t.Fatalf("%d rows, want 3", n)
	}
	err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto'", objs...))
	if !errors.Is(err, redshiftpg.ErrLoadFailed) {
		t.Fatalf("err %v, want ErrLoadFailed", err)
	}
	// An object that is not gzip fails a GZIP COPY, whatever MAXERROR says.
	err = e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto' GZIP MAXERROR 10", object(t, "c", compress.Uncompressed, `{"id":4}`)))
	var lf *redshiftpg.LoadFailedError
	if !errors.As(err, &lf) || len(lf.Errors) != 1 || !strings.HasPrefix(lf.Errors[0].Reason, "gzip:") {
		t.Fatalf("err %v (%+v), want a load failure naming gzip", err, lf)
	}
	if n := e.count("orders"); n != 3 {
		t.Fatalf("%d rows after the failures, want 3", n)
	}
}

// Data conversion parameters: "IGNOREHEADER [ AS ] number_rows: Treats the specified number_rows as a file
// header and doesn't load them" (in every file); "NULL AS 'null_string': Loads fields that match null_string as
// NULL"; empty fields of non-character columns load as NULL; CSV quoting keeps delimiters and doubled quotes.
func TestCSVWithIgnoreHeaderAndNullAs(t *testing.T) {
	e := newEnv(t, ordersDDL)
	a := "id,customer,amount\n1,\"a,b\",1.5\n2,none,\n"
	b := "id,customer,amount\n3,\"say \"\"hi\"\"\",none\n"
	cmd := e.command("orders", "CSV IGNOREHEADER 1 NULL AS 'none'", object(t, "a", compress.Uncompressed, a), object(t, "b", compress.GZIP, b))
	cmd.Columns = []string{"id", "customer", "amount"}
	cmd.Options += " GZIP"
	cmd.Objects[0] = object(t, "a", compress.GZIP, a)
	if err := e.cluster.Copy(e.ctx, cmd); err != nil {
		t.Fatal(err)
	}
	equal(t, e.rows(`SELECT id, customer, amount FROM $S.orders ORDER BY id`), []string{"1|a,b|1.50", "2|NULL|NULL", `3|say "hi"|NULL`})
}

// Data load operations, MAXERROR: "Use this parameter to allow loads to continue when certain rows fail to load
// into the table because of formatting errors"; the skipped rows are recorded in STL_LOAD_ERRORS. One bad row
// more than MAXERROR allows fails the whole load.
func TestMaxErrorSkipsUpToThatManyBadRows(t *testing.T) {
	e := newEnv(t, ordersDDL)
	body := "1|a\nx|b\n3|c\n4|waytoolongname\n5|e\n"
	cmd := e.command("orders", "MAXERROR 2", object(t, "a", compress.Uncompressed, body))
	cmd.Columns = []string{"id", "customer"}
	res, err := e.cluster.Load(e.ctx, cmd)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || res.Skipped != 2 {
		t.Fatalf("result %+v, want 3 rows loaded and 2 skipped", res)
	}
	equal(t, e.rows(`SELECT id FROM $S.orders ORDER BY id`), []string{"1", "3", "5"})
	equal(t, e.rows(`SELECT query, line_number, trim(colname), err_code FROM $S.stl_load_errors ORDER BY line_number`),
		[]string{fmt.Sprintf("%d|2|id|1207", res.Query), fmt.Sprintf("%d|4|customer|1204", res.Query)})

	cmd.Options = "MAXERROR 1"
	err = e.cluster.Copy(e.ctx, cmd)
	if !errors.Is(err, redshiftpg.ErrLoadFailed) {
		t.Fatalf("err %v, want ErrLoadFailed", err)
	}
	if n := e.count("orders"); n != 3 {
		t.Fatalf("%d rows after the failed load, want the 3 of the first", n)
	}
}

// COPY: a load is one transaction — "If the load fails, the entire load is rolled back" — so a COPY that fails
// on any record, or that the database refuses at its last row, leaves the table as it was.
func TestFailedCopyLoadsNothing(t *testing.T) {
	e := newEnv(t, ordersDDL, `CREATE UNIQUE INDEX ON $S.orders (id)`)
	if err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto'", object(t, "a", compress.Uncompressed, `{"id":100}`))); err != nil {
		t.Fatal(err)
	}
	many := strings.Repeat(`{"id":1}`, 1)
	for i := 2; i <= 1000; i++ {
		many += fmt.Sprintf(`{"id":%d}`, i)
	}
	bad := many + `{"id":"oops"}`
	if err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto'", object(t, "a", compress.Uncompressed, bad))); !errors.Is(err, redshiftpg.ErrLoadFailed) {
		t.Fatalf("err %v, want ErrLoadFailed", err)
	}
	// The database refuses the last row (a duplicate of the earlier load): every row of the COPY rolls back.
	dup := many + `{"id":100}`
	err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto'", object(t, "b", compress.Uncompressed, dup)))
	var lf *redshiftpg.LoadFailedError
	if !errors.As(err, &lf) || lf.Err == nil {
		t.Fatalf("err %v, want a LoadFailedError wrapping the database's error", err)
	}
	equal(t, e.rows(`SELECT id FROM $S.orders`), []string{"100"})
}

// STL_LOAD_ERRORS: each bad record is a row with filename, line_number ("For COPY from JSON, the line number of
// the last line of the JSON object with the error"), colname, type, col_length, position, raw_line,
// raw_field_value, err_code and err_reason; the error says "Load into table '…' failed.  Check
// 'stl_load_errors' system table for details."
func TestLoadErrorsAreRecordedLikeSTLLoadErrors(t *testing.T) {
	e := newEnv(t, ordersDDL)
	body := "{\"id\":1}\n{\"id\":2,\n \"customer\":\"much too long\"}\n"
	obj := object(t, "2026/12/01/10/s-1-2026-12-01-10-00-00-x", compress.Uncompressed, body)
	err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto'", obj))
	if err == nil || err.Error() != "Load into table 'orders' failed.  Check 'stl_load_errors' system table for details." {
		t.Fatalf("err %v, want Redshift's message", err)
	}
	equal(t, e.rows(`SELECT trim(filename), line_number, trim(colname), trim(type), trim(col_length), position, trim(raw_line),
	trim(raw_field_value), err_code, trim(err_reason), starttime, session > 0, tbl = '$S.orders'::regclass::oid::integer FROM $S.stl_load_errors`), []string{
		obj.URL + "|3|customer|varchar|8|8|{\"id\":2,\n \"customer\":\"much too long\"}|much too long|1204|String length exceeds DDL length|2026-12-01 10:00:00|true|true",
	})
	if n := e.count("orders"); n != 0 {
		t.Fatalf("%d rows, want 0", n)
	}
}

// The COPY options are checked before anything is read: a parameter that is not modelled is refused, naming it.
func TestUnsupportedParameterIsRefusedByName(t *testing.T) {
	e := newEnv(t, ordersDDL)
	err := e.cluster.Copy(e.ctx, e.command("orders", "DELIMITER '\\t' LZOP", object(t, "a", compress.Uncompressed, "1\n")))
	if !errors.Is(err, copyfmt.ErrUnsupportedOption) || !strings.Contains(err.Error(), "LZOP") {
		t.Fatalf("err %v, want ErrUnsupportedOption naming LZOP", err)
	}
}

// firehose.RedshiftCluster: "Copy must return when ctx is done." A COPY waiting on a lock ends when its context
// is cancelled, loading nothing; one given a done context reads nothing.
func TestCopyEndsWhenItsContextIsDone(t *testing.T) {
	e := newEnv(t, ordersDDL)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	cmd := e.command("orders", "JSON 'auto'", object(t, "a", compress.Uncompressed, `{"id":1}`))
	if err := e.cluster.Copy(done, cmd); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}

	// Another session holds the table locked; the COPY blocks in the database until cancelled.
	tx, err := e.pool.Begin(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(e.ctx)
	if _, err := tx.Exec(e.ctx, `LOCK TABLE `+e.schema+`.orders IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- e.cluster.Copy(ctx, cmd) }()
	// Wait until the COPY is queued on the lock (the database's own view; each poll is a round trip).
	for {
		var waiting bool
		if err := e.pool.QueryRow(e.ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND relation = $1::regclass)`, e.schema+".orders").Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			break
		}
	}
	cancel()
	if err := <-result; !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if err := tx.Rollback(e.ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.count("orders"); n != 0 {
		t.Fatalf("%d rows, want 0", n)
	}
}

// firehose.RedshiftCluster: the engine calls Copy "concurrently across streams". Concurrent COPYs into one table
// each load all their rows; Close waits for them and later Copies fail.
func TestConcurrentCopiesEachLoadAllTheirRows(t *testing.T) {
	e := newEnv(t, ordersDDL)
	const copies, per = 8, 500
	var wg sync.WaitGroup
	errs := make(chan error, copies)
	for c := range copies {
		var b strings.Builder
		for i := range per {
			fmt.Fprintf(&b, `{"id":%d,"customer":"c%d"}`+"\n", c*per+i, c)
		}
		cmd := e.command("orders", "JSON 'auto' GZIP", object(t, fmt.Sprint(c), compress.GZIP, b.String()))
		wg.Go(func() { errs <- e.cluster.Copy(e.ctx, cmd) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	equal(t, e.rows(`SELECT count(*), count(DISTINCT id), min(id), max(id) FROM $S.orders`), []string{fmt.Sprintf("%d|%d|0|%d", copies*per, copies*per, copies*per-1)})
	e.cluster.Close()
	e.cluster.Close()
	if err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto'")); !errors.Is(err, redshiftpg.ErrClosed) {
		t.Fatalf("err %v, want ErrClosed", err)
	}
}

// Nothing panics on a nil context; it is refused and changes nothing.
func TestNilContextIsRefused(t *testing.T) {
	e := newEnv(t, ordersDDL)
	var nilCtx context.Context
	if err := e.cluster.Copy(nilCtx, e.command("orders", "JSON 'auto'")); !errors.Is(err, redshiftpg.ErrNilContext) {
		t.Fatalf("err %v, want ErrNilContext", err)
	}
	if _, err := redshiftpg.New(nilCtx, e.pool, nil); !errors.Is(err, redshiftpg.ErrNilContext) {
		t.Fatalf("New: err %v, want ErrNilContext", err)
	}
	if _, err := redshiftpg.Open(nilCtx, "", nil); !errors.Is(err, redshiftpg.ErrNilContext) {
		t.Fatalf("Open: err %v, want ErrNilContext", err)
	}
}

// Data conversion parameters, as the database stores them: TRUNCATECOLUMNS, TRIMBLANKS, EMPTYASNULL,
// BLANKSASNULL, ROUNDEC, ACCEPTINVCHARS, DATEFORMAT and TIMEFORMAT formats, and Redshift's boolean literals.
func TestConversionParametersShapeTheStoredValues(t *testing.T) {
	e := newEnv(t, ordersDDL)
	body := "1|abcdefghijk|2.345|01/02/2026 03:04:05 PM|yes|12.25.2026\n" +
		"2||0.005|01/02/2026 12:00:00 AM|0|01.01.2026\n" +
		"3|   |1|01/02/2026 11:59:59 AM|T|01.01.2026\n" +
		"4|ok  \xff|7|01/02/2026 01:00:00 PM|n|02.28.2026\n"
	cmd := e.command("orders", "TRUNCATECOLUMNS TRIMBLANKS EMPTYASNULL BLANKSASNULL ROUNDEC ACCEPTINVCHARS AS '^' TIMEFORMAT 'MM/DD/YYYY HH12:MI:SS AM' DATEFORMAT 'MM.DD.YYYY'",
		object(t, "a", compress.Uncompressed, body))
	cmd.Columns = []string{"id", "customer", "amount", "placed", "paid", "day"}
	if err := e.cluster.Copy(e.ctx, cmd); err != nil {
		t.Fatal(err)
	}
	equal(t, e.rows(`SELECT id, customer, amount, placed, paid, day FROM $S.orders ORDER BY id`), []string{
		"1|abcdefgh|2.35|2026-01-02 15:04:05|true|2026-12-25 00:00:00",
		"2|NULL|0.01|2026-01-02 00:00:00|false|2026-01-01 00:00:00",
		"3|NULL|1.00|2026-01-02 11:59:59|true|2026-01-01 00:00:00",
		"4|ok  ^|7.00|2026-01-02 13:00:00|false|2026-02-28 00:00:00",
	})
}

// File compression parameters: "BZIP2: A value that specifies that the input file or files are in compressed
// bzip2 format" (testdata/orders.json.bz2 was written by the bzip2 command); NOLOAD: "Checks the validity of
// the data file without actually loading the data"; without a column list identity columns are left out
// (Column mapping options) and take their generated values.
func TestBZIP2NoLoadAndIdentityColumns(t *testing.T) {
	e := newEnv(t, `CREATE TABLE $S.orders (seq bigint GENERATED BY DEFAULT AS IDENTITY, id integer, customer varchar(8))`)
	body, err := os.ReadFile("testdata/orders.json.bz2")
	if err != nil {
		t.Fatal(err)
	}
	obj := firehose.CopyObject{URL: "s3://bucket/orders.json.bz2", Body: body}
	res, err := e.cluster.Load(e.ctx, e.command("orders", "JSON 'auto' BZIP2 NOLOAD", obj))
	if err != nil || res.Rows != 0 || e.count("orders") != 0 {
		t.Fatalf("NOLOAD: %+v, %v, %d rows in the table", res, err, e.count("orders"))
	}
	if err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto' BZIP2", obj)); err != nil {
		t.Fatal(err)
	}
	equal(t, e.rows(`SELECT seq, id, customer FROM $S.orders ORDER BY id`), []string{"1|1|ann", "2|2|bob"})
	// With EXPLICIT_IDS the identity column is part of the implicit list: a record without it loads its DEFAULT.
	if err := e.cluster.Copy(e.ctx, e.command("orders", "JSON 'auto' BZIP2 EXPLICIT_IDS", obj)); err != nil {
		t.Fatal(err)
	}
	equal(t, e.rows(`SELECT seq, id FROM $S.orders ORDER BY seq`), []string{"1|1", "2|2", "3|1", "4|2"})
}
