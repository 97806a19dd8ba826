package awssdk_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	katypes "github.com/aws/aws-sdk-go-v2/service/kinesisanalytics/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
)

// appRun is an application of analytics.md §1.9 run through the SDK client by runAppCode: its code (the published
// SQL, or the published query inside the statements that make it an application), its input's columns, its
// records (those with the same instant are put with one PutRecords call, so that they share a ROWTIME), the
// instant the clock is advanced to, second by second, and the in-application streams given an output each
// (error_stream included, when named).
type appRun struct {
	code    string
	columns [][2]string
	records []exampleRecord
	end     time.Time
	outputs []string
}

// publishedSQL is the published SQL of an example (../analytics/sql/testdata).
func publishedSQL(t *testing.T, name string) string {
	t.Helper()
	code, err := os.ReadFile(filepath.Join("..", "analytics", "sql", "testdata", name+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	return string(code)
}

// forestSeed is the account seed (kinesim.WithSeed) under which the pump STREAM_PUMP of the application "app"
// seeds its forest with want: the engine seeds each pump's random operators with the account's seed XOR the 64-bit
// FNV-1a hash of "application/pump" (analytics, application.compile), so that two pumps or two applications draw
// different forests. With it the SDK run reproduces the Go API run seeded with want.
func forestSeed(want uint64) uint64 {
	h := fnv.New64a()
	h.Write([]byte("app/STREAM_PUMP"))
	return want ^ h.Sum64()
}

// newAppWithInput creates the source stream, the application "app" and its input with columns (JSON, mapped from
// $.name), and returns the client and the next application version.
func newAppWithInput(t *testing.T, acct *kinesim.Account, kc *kinesis.Client, columns [][2]string) (*kinesisanalytics.Client, int64) {
	t.Helper()
	ctx := context.Background()
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	mustCreate(t, kc, "source", 1)
	var cols []katypes.RecordColumn
	for _, c := range columns {
		cols = append(cols, katypes.RecordColumn{Name: aws.String(c[0]), Mapping: aws.String("$." + c[0]), SqlType: aws.String(c[1])})
	}
	if _, err := ka.CreateApplication(ctx, &kinesisanalytics.CreateApplicationInput{ApplicationName: aws.String("app")}); err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	if _, err := ka.AddApplicationInput(ctx, &kinesisanalytics.AddApplicationInputInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(1),
		Input: &katypes.Input{NamePrefix: aws.String("SOURCE_SQL_STREAM"),
			KinesisStreamsInput: &katypes.KinesisStreamsInput{ResourceARN: aws.String(acct.Identity().StreamARN("source")), RoleARN: aws.String("arn:aws:iam::000000000000:role/r")},
			InputSchema: &katypes.SourceSchema{RecordFormat: &katypes.RecordFormat{RecordFormatType: katypes.RecordFormatTypeJson,
				MappingParameters: &katypes.MappingParameters{JSONMappingParameters: &katypes.JSONMappingParameters{RecordRowPath: aws.String("$")}}},
				RecordEncoding: aws.String("UTF-8"), RecordColumns: cols}}}); err != nil {
		t.Fatalf("AddApplicationInput: %v", err)
	}
	return ka, 2
}

// updateAppCode gives the application its code with UpdateApplication.
func updateAppCode(ka *kinesisanalytics.Client, version int64, code string) error {
	_, err := ka.UpdateApplication(context.Background(), &kinesisanalytics.UpdateApplicationInput{ApplicationName: aws.String("app"),
		CurrentApplicationVersionId: aws.Int64(version), ApplicationUpdate: &katypes.ApplicationUpdate{ApplicationCodeUpdate: aws.String(code)}})
	return err
}

// outputDataStream is the data stream that receives the in-application stream name.
func outputDataStream(name string) string { return strings.ToLower(strings.ReplaceAll(name, "_", "-")) }

// runAppCode runs app through the SDK client as runSDKExample does (UpdateApplication with the code,
// AddApplicationOutput to a data stream per output, StartApplication, the records put while a manual clock stands
// at their instant, StopApplication) and returns, per output, every record its data stream holds as golden rows
// (ROWTIME first).
func runAppCode(t *testing.T, acct *kinesim.Account, kc *kinesis.Client, clk *clock.Manual, app appRun) map[string][]string {
	t.Helper()
	ctx := context.Background()
	ka, version := newAppWithInput(t, acct, kc, app.columns)
	if err := updateAppCode(ka, version, app.code); err != nil {
		t.Fatalf("UpdateApplication with the code: %v", err)
	}
	version++
	for i, name := range app.outputs {
		dest := outputDataStream(name)
		mustCreate(t, kc, dest, 1)
		if _, err := ka.AddApplicationOutput(ctx, &kinesisanalytics.AddApplicationOutputInput{ApplicationName: aws.String("app"),
			CurrentApplicationVersionId: aws.Int64(version + int64(i)), Output: &katypes.Output{Name: aws.String(name),
				KinesisStreamsOutput: &katypes.KinesisStreamsOutput{ResourceARN: aws.String(acct.Identity().StreamARN(dest)), RoleARN: aws.String("arn:aws:iam::000000000000:role/r")},
				DestinationSchema:    &katypes.DestinationSchema{RecordFormatType: katypes.RecordFormatTypeJson}}}); err != nil {
			t.Fatalf("AddApplicationOutput %s: %v", name, err)
		}
	}
	if _, err := ka.StartApplication(ctx, &kinesisanalytics.StartApplicationInput{ApplicationName: aws.String("app"),
		InputConfigurations: []katypes.InputConfiguration{{Id: aws.String("1.1"),
			InputStartingPositionConfiguration: &katypes.InputStartingPositionConfiguration{InputStartingPosition: katypes.InputStartingPositionNow}}}}); err != nil {
		t.Fatalf("StartApplication: %v", err)
	}
	read := int64(0)
	for lo := 0; lo < len(app.records); {
		hi := lo + 1
		for hi < len(app.records) && app.records[hi].at.Equal(app.records[lo].at) {
			hi++
		}
		clk.AdvanceTo(app.records[lo].at)
		var entries []ktypes.PutRecordsRequestEntry
		for _, r := range app.records[lo:hi] {
			entries = append(entries, ktypes.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: []byte(r.json)})
		}
		out, err := kc.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("source"), Records: entries})
		if err != nil || aws.ToInt32(out.FailedRecordCount) != 0 {
			t.Fatalf("PutRecords: %v", err)
		}
		read += int64(hi - lo)
		waitRead(t, acct.Analytics(), read) // the records are stamped before the clock moves on
		lo = hi
	}
	for clk.Now().Before(app.end) {
		clk.Advance(time.Second)
	}
	if _, err := ka.StopApplication(ctx, &kinesisanalytics.StopApplicationInput{ApplicationName: aws.String("app")}); err != nil {
		t.Fatalf("StopApplication: %v", err)
	}
	got := map[string][]string{}
	for _, name := range app.outputs {
		dest := outputDataStream(name)
		got[name] = readRows(t, acct, dest, countRecords(t, kc, dest))
	}
	return got
}

// rowCells splits golden rows into their cells.
func rowCells(rows []string) [][]string {
	var out [][]string
	for _, r := range rows {
		out = append(out, strings.Split(r, "\t"))
	}
	return out
}

// medianScore is the median of xs as package query's tests take it: the element at len/2 once sorted.
func medianScore(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// checkE8 checks E8's destination rows against what the developer guide documents (DG:app-anomaly-detection;
// analytics.md §1.9 E8): a row per record, in ROWTIME order, each second's rows by ANOMALY_SCORE descending, scores
// 0 while the forest's samples fill, then every HIGH rate scoring at least twice the NORMAL rates' median. It
// returns the summary sql_e8_rcf_summary.golden keeps of the Go API's run.
func checkE8(t *testing.T, rows [][]string, records int) string {
	t.Helper()
	if len(rows) != records {
		t.Fatalf("%d rows out of %d records", len(rows), records)
	}
	var high, normal []float64
	zeros := 0
	for i, r := range rows {
		s, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatalf("row %d: ANOMALY_SCORE %q: %v", i, r[3], err)
		}
		if i > 0 {
			prev, _ := strconv.ParseFloat(rows[i-1][3], 64)
			// ROWTIME is "yyyy-MM-dd HH:mm:ss.SSS", which sorts as the time; its first 19 characters are the second.
			switch {
			case r[0] < rows[i-1][0]:
				t.Fatalf("row %d (%v) is before row %d's ROWTIME %s", i, r, i-1, rows[i-1][0])
			case r[0][:19] == rows[i-1][0][:19] && s > prev:
				t.Fatalf("row %d (%v): a second's rows are not sorted by ANOMALY_SCORE descending", i, r)
			}
		}
		switch {
		case s == 0:
			zeros++
		case r[2] == "HIGH":
			high = append(high, s)
		default:
			normal = append(normal, s)
		}
	}
	med := medianScore(normal)
	if len(high) == 0 || zeros == 0 || zeros > 300 {
		t.Errorf("%d HIGH rates scored, %d zero scores: want some HIGH rates, and zeros only while 256 samples fill", len(high), zeros)
	}
	for _, s := range high {
		if s < 2*med {
			t.Errorf("a HIGH rate scored %.3f, under twice the NORMAL median %.3f", s, med)
		}
	}
	return fmt.Sprintf("rows %d, zero scores %d, HIGH %d, NORMAL median %.2f", len(rows), zeros, len(high), med)
}

// TestKinesisAnalyticsSDKRunsTheAnomalyExamples runs E8 (RANDOM_CUT_FOREST, then OUTPUT_PUMP's ORDER BY
// FLOOR(ROWTIME TO SECOND), ANOMALY_SCORE DESC), E9 (RANDOM_CUT_FOREST_WITH_EXPLANATION) and E10 (HOTSPOTS) from
// their published SQL through aws-sdk-go-v2's kinesisanalytics client, on the inputs of the Go API's runs
// (../analytics/query, TestSQLAnomalyExamples), and checks what the developer guide documents of them
// (analytics.md §1.9 E8–E10; DG:app-anomaly-detection, DG:examine-results-with-exp, DG:app-hotspots-detection):
// E8's HIGH rates score well above the NORMAL ones, sorted within each second by OUTPUT_PUMP; E9's injected
// reading is its second's highest, its explanation naming both columns HIGH; E10's hotspot is the injected
// square. Under the account seed that gives the pump's forest the Go API run's seed (forestSeed), the output is
// also that run's golden, exactly (sql_e8_rcf_summary, e9_explanation; HOTSPOTS draws no random numbers).
func TestKinesisAnalyticsSDKRunsTheAnomalyExamples(t *testing.T) {
	t.Run("E8", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 5)) // heartRates of package query's tests
		var recs []exampleRecord
		for i := range 3000 {
			rate, typ := 60+rng.IntN(41), "NORMAL"
			if rng.IntN(100) == 0 {
				rate, typ = 150+rng.IntN(51), "HIGH"
			}
			recs = append(recs, exampleRecord{exampleAt("12:00:00").Add(time.Duration(i) * 100 * time.Millisecond),
				fmt.Sprintf(`{"heartRate":%d,"rateType":%q}`, rate, typ)})
		}
		// Under the seed of the Go API's run the summary is its golden's; under another the forest differs, and what
		// the developer guide documents holds all the same.
		for _, run := range []struct {
			name   string
			seed   uint64
			golden bool
		}{{"the Go run's forest", forestSeed(1), true}, {"another forest", 1, false}} {
			t.Run(run.name, func(t *testing.T) {
				clk := clock.NewManual(recs[0].at.Add(-time.Second))
				acct, kc := newClient(t, kinesim.WithClock(clk), kinesim.WithSeed(run.seed))
				got := runAppCode(t, acct, kc, clk, appRun{code: publishedSQL(t, "e08_random_cut_forest"),
					columns: [][2]string{{"heartRate", "INTEGER"}, {"rateType", "VARCHAR(20)"}}, records: recs,
					end: exampleAt("12:06:00"), outputs: []string{"DESTINATION_SQL_STREAM"}})
				summary := checkE8(t, rowCells(got["DESTINATION_SQL_STREAM"]), len(recs))
				if want := goldenSections(t, "sql_e8_rcf_summary")[""]; run.golden && (len(want) != 1 || summary != want[0]) {
					t.Errorf("the run's summary differs from sql_e8_rcf_summary.golden:\n got %s\nwant %v", summary, want)
				}
			})
		}
	})
	t.Run("E9", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 9)) // the blood pressures of package query's tests
		var recs []exampleRecord
		for i := range 1500 {
			s, d, lvl := 90+rng.IntN(31), 60+rng.IntN(21), "NORMAL"
			if i == 1400 {
				s, d, lvl = 144, 123, "HIGH"
			}
			recs = append(recs, exampleRecord{exampleAt("09:27:00").Add(time.Duration(i) * 50 * time.Millisecond),
				fmt.Sprintf(`{"Systolic":%d,"Diastolic":%d,"BloodPressureLevel":%q}`, s, d, lvl)})
		}
		clk := clock.NewManual(recs[0].at.Add(-time.Second))
		acct, kc := newClient(t, kinesim.WithClock(clk), kinesim.WithSeed(forestSeed(2)))
		got := runAppCode(t, acct, kc, clk, appRun{code: publishedSQL(t, "e09_random_cut_forest_with_explanation"),
			columns: [][2]string{{"Systolic", "INTEGER"}, {"Diastolic", "INTEGER"}, {"BloodPressureLevel", "VARCHAR(20)"}}, records: recs,
			end: exampleAt("09:29:00"), outputs: []string{"TEMP_STREAM", "DESTINATION_SQL_STREAM"}})
		temp, dest := got["TEMP_STREAM"], rowCells(got["DESTINATION_SQL_STREAM"])
		if len(temp) != len(recs) || len(dest) != len(recs) {
			t.Fatalf("TEMP_STREAM %d rows, DESTINATION_SQL_STREAM %d, out of %d records", len(temp), len(dest), len(recs))
		}
		want := goldenSections(t, "e9_explanation")[""]
		if g := strings.Join(temp[1398:1402], "\n"); g != strings.Join(want, "\n") {
			t.Errorf("TEMP_STREAM's rows around the HIGH reading differ from e9_explanation.golden:\n--- got\n%s\n--- want\n%s", g, strings.Join(want, "\n"))
		}
		// The HIGH reading comes first of its second in the destination, its explanation naming both columns HIGH.
		i := slices.IndexFunc(dest, func(r []string) bool { return r[3] == "HIGH" })
		if i < 0 {
			t.Fatal("no HIGH row in DESTINATION_SQL_STREAM")
		}
		if i > 0 && dest[i-1][0][:19] == dest[i][0][:19] {
			t.Errorf("the HIGH reading is not its second's highest score: %v before it", dest[i-1])
		}
		for _, col := range []string{"Systolic", "Diastolic"} {
			if !strings.Contains(dest[i][5], `"`+col+`":{"DIRECTION":"HIGH"`) {
				t.Errorf("the HIGH reading's explanation does not name %s HIGH: %s", col, dest[i][5])
			}
		}
	})
	t.Run("E10", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(4, 4)) // the points of package query's tests: batches of 10 every 0.1 s
		var recs []exampleRecord
		for i := range 1500 {
			x, y, hot := rng.Float64()*10, rng.Float64()*10, "N"
			if rng.IntN(5) == 0 {
				x, y, hot = 3+rng.Float64(), 6+rng.Float64(), "Y"
			}
			recs = append(recs, exampleRecord{exampleAt("08:00:00").Add(time.Duration(i/10) * 100 * time.Millisecond),
				fmt.Sprintf(`{"x":%s,"y":%s,"is_hot":%q}`, strconv.FormatFloat(x, 'g', -1, 64), strconv.FormatFloat(y, 'g', -1, 64), hot)})
		}
		clk := clock.NewManual(recs[0].at.Add(-time.Second))
		acct, kc := newClient(t, kinesim.WithClock(clk))
		got := runAppCode(t, acct, kc, clk, appRun{code: publishedSQL(t, "e10_hotspots"),
			columns: [][2]string{{"x", "DOUBLE"}, {"y", "DOUBLE"}, {"is_hot", "VARCHAR(4)"}}, records: recs,
			end: exampleAt("08:00:20"), outputs: []string{"DESTINATION_SQL_STREAM"}})
		rows := got["DESTINATION_SQL_STREAM"]
		if len(rows) != len(recs) {
			t.Fatalf("%d rows out of %d records", len(rows), len(recs))
		}
		want := goldenSections(t, "e10_hotspots")[""]
		last := rows[len(rows)-1]
		if last != strings.Join(want, "\n") {
			t.Errorf("the last row differs from e10_hotspots.golden:\n got %s\nwant %s", last, strings.Join(want, "\n"))
		}
		// The window's one hotspot is the injected square [3, 4] × [6, 7]: its box holds the square's centre and
		// reaches beyond the square by no more than the scan radius, 0.2 (DG:app-hotspots-detection; analytics.md §3).
		var res struct {
			Hotspots []struct {
				Density              float64
				MinValues, MaxValues []float64
			}
		}
		cells := strings.Split(last, "\t")
		if err := json.Unmarshal([]byte(cells[len(cells)-1]), &res); err != nil {
			t.Fatalf("HOTSPOTS_RESULT %s: %v", cells[len(cells)-1], err)
		}
		if len(res.Hotspots) != 1 {
			t.Fatalf("%d hotspots, want the injected one: %+v", len(res.Hotspots), res.Hotspots)
		}
		h := res.Hotspots[0]
		for d, lo := range []float64{3, 6} {
			if len(h.MinValues) != 2 || len(h.MaxValues) != 2 || h.MinValues[d] > lo+0.5 || h.MaxValues[d] < lo+0.5 ||
				h.MinValues[d] < lo-0.2 || h.MaxValues[d] > lo+1+0.2 {
				t.Errorf("the hotspot %v–%v does not cover the square [3, 4] × [6, 7] within the scan radius", h.MinValues, h.MaxValues)
				break
			}
		}
	})
}

// codeValidationMessage returns the message of err, an UpdateApplication's *types.CodeValidationException.
func codeValidationMessage(t *testing.T, err error) string {
	t.Helper()
	var cv *katypes.CodeValidationException
	if !errors.As(err, &cv) {
		t.Fatalf("UpdateApplication: %v, want a CodeValidationException", err)
	}
	return cv.ErrorMessage()
}

// TestKinesisAnalyticsSDKRefusesAQueryOutsideAPump: E18's published text is a bare SELECT, and "The SELECT
// statement is always used in the context of an INSERT statement", "The INSERT statement is always used in the
// context of a pump" (DG:how-it-works-app-code; analytics.md §1.1, §1.9 E18): given to UpdateApplication as the
// application's code it is refused with a CodeValidationException at its line and column, and the application
// keeps no code.
func TestKinesisAnalyticsSDKRefusesAQueryOutsideAPump(t *testing.T) {
	clk := clock.NewManual(exampleAt("10:00:00"))
	acct, kc := newClient(t, kinesim.WithClock(clk))
	ka, version := newAppWithInput(t, acct, kc, tickerColumns)
	msg := codeValidationMessage(t, updateAppCode(ka, version, publishedSQL(t, "e18_divide_by_zero")))
	if !strings.HasPrefix(msg, "line 1, column 1: ") || !strings.Contains(msg, "PUMP") {
		t.Errorf("the message %q does not place the query at line 1, column 1 and name the pump it needs", msg)
	}
	d, err := ka.DescribeApplication(context.Background(), &kinesisanalytics.DescribeApplicationInput{ApplicationName: aws.String("app")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.ApplicationDetail.ApplicationCode) != "" || aws.ToInt64(d.ApplicationDetail.ApplicationVersionId) != version {
		t.Errorf("the refused update changed the application: code %q, version %d", aws.ToString(d.ApplicationDetail.ApplicationCode),
			aws.ToInt64(d.ApplicationDetail.ApplicationVersionId))
	}
}

// e18Application is the application the developer guide runs E18's query in (DG:app-explore-error-stream): the
// published SELECT, verbatim, inserted by a pump into DESTINATION_SQL_STREAM, of the demo stream's columns.
func e18Application(t *testing.T) string {
	return `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), sector VARCHAR(16), change REAL, ProblemColumn REAL);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
` + publishedSQL(t, "e18_divide_by_zero")
}

// TestKinesisAnalyticsSDKSendsDivisionsByZeroToTheErrorStream runs E18's query in its application through the SDK
// client, with an output for DESTINATION_SQL_STREAM and one for the in-application stream error_stream: every TECH
// row divides by zero, so the destination gets no record and the error stream's output gets one record per such
// row, of the error stream's columns (ERROR_TIME … PUMP_NAME, DATA_ROW the hex of the input row's JSON), as the Go
// API's run gives them (e18_error_stream.golden; DG:error-handling, DG:app-explore-error-stream; analytics.md
// §1.7, §1.9 E18). The output's records carry ROWTIME first, as every JSON output does; an error row's ROWTIME is
// its ERROR_TIME.
func TestKinesisAnalyticsSDKSendsDivisionsByZeroToTheErrorStream(t *testing.T) {
	recs := exampleTickers(12)
	clk := clock.NewManual(recs[0].at.Add(-time.Second))
	acct, kc := newClient(t, kinesim.WithClock(clk))
	got := runAppCode(t, acct, kc, clk, appRun{code: e18Application(t), columns: tickerColumns, records: recs,
		end: exampleAt("10:01:00"), outputs: []string{"DESTINATION_SQL_STREAM", "error_stream"}})
	if n := len(got["DESTINATION_SQL_STREAM"]); n != 0 {
		t.Errorf("DESTINATION_SQL_STREAM's output holds %d records, want none: %v", n, got["DESTINATION_SQL_STREAM"])
	}
	want := rowCells(goldenSections(t, "e18_error_stream")["error_stream"])
	rows := rowCells(got["error_stream"])
	if len(want) == 0 || len(rows) != len(want) {
		t.Fatalf("error_stream's output holds %d records, e18_error_stream.golden %d error rows:\n%v", len(rows), len(want), got["error_stream"])
	}
	const dataRow = 6 // ROWTIME, ERROR_TIME, ERROR_LEVEL, ERROR_NAME, MESSAGE, DATA_ROWTIME, DATA_ROW, PUMP_NAME
	for i, r := range rows {
		if len(r) != 8 || r[0] != r[1] {
			t.Fatalf("error record %d is not ROWTIME then the error stream's seven columns, ROWTIME the ERROR_TIME: %v", i, r)
		}
		// The Go API's run reads an input stream of the mapped columns; the application's SOURCE_SQL_STREAM_001 has
		// APPROXIMATE_ARRIVAL_TIME after them (DG:get-started-add-realtime-analytics; analytics.md §1.2), so the row's
		// JSON in DATA_ROW ends with it: the record's arrival, the instant it was put, its ROWTIME.
		golden, err := hex.DecodeString(want[i][dataRow-1])
		if err != nil {
			t.Fatal(err)
		}
		wantRow := strings.TrimSuffix(string(golden), "}") + `,"APPROXIMATE_ARRIVAL_TIME":"` + r[dataRow-1] + `"}`
		if gotRow, err := hex.DecodeString(r[dataRow]); err != nil || string(gotRow) != wantRow {
			t.Errorf("error record %d: DATA_ROW is %s (%v), want the hex of %s", i, gotRow, err, wantRow)
		}
		r[dataRow] = want[i][dataRow-1]
		if g, w := strings.Join(r[1:], "\t"), strings.Join(want[i], "\t"); g != w {
			t.Errorf("error record %d differs from e18_error_stream.golden:\n got %s\nwant %s", i, g, w)
		}
	}
}

// e15Streams declares the two streams E15's join snippets read, of the orders and trades of the Go API's run
// (TestSQLStreamJoins).
const e15Streams = `CREATE OR REPLACE STREAM "ORDERSTREAM" ("ORDERID" INTEGER, "TICKER" VARCHAR(4), "AMOUNT" INTEGER);
CREATE OR REPLACE STREAM "TRADESTREAM" ("ORDERID" INTEGER, "TICKER" VARCHAR(4), "TRADEID" INTEGER, "AMOUNT" INTEGER);
`

// TestKinesisAnalyticsSDKRefusesTheJoinSnippetsAsCode: E15's join snippets (DG:stream-joins-concepts; analytics.md
// §1.9 E15) are queries of two streams, OrderStream and TradeStream, which an application's one streaming source
// does not give (analytics.md §1.1): given verbatim to UpdateApplication, each is refused with a
// CodeValidationException at its FROM's stream (line 5, column 6), which does not exist; with the two streams
// declared before it, at its SELECT, a query outside a pump.
func TestKinesisAnalyticsSDKRefusesTheJoinSnippetsAsCode(t *testing.T) {
	for _, f := range []string{"e15_inner_join_over", "e15_inner_join_named_window"} {
		t.Run(f, func(t *testing.T) {
			clk := clock.NewManual(exampleAt("10:00:00"))
			acct, kc := newClient(t, kinesim.WithClock(clk))
			ka, version := newAppWithInput(t, acct, kc, tickerColumns)
			snippet := publishedSQL(t, f)
			if msg := codeValidationMessage(t, updateAppCode(ka, version, snippet)); msg != "line 5, column 6: stream ORDERSTREAM does not exist" {
				t.Errorf("the snippet alone: %q, want the unknown stream ORDERSTREAM at line 5, column 6", msg)
			}
			msg := codeValidationMessage(t, updateAppCode(ka, version, e15Streams+snippet))
			if !strings.HasPrefix(msg, "line 3, column 1: ") || !strings.Contains(msg, "PUMP") {
				t.Errorf("the snippet after its streams: %q, want the query outside a pump at line 3, column 1", msg)
			}
		})
	}
}

// TestKinesisAnalyticsSDKRunsTheStreamJoins runs E15's two inner-join snippets (a window in place and a named one,
// verbatim) through the SDK client in the application a user of one streaming source writes for them: the source
// carries orders and trades, told apart by a KIND column; ORDER_PUMP and TRADE_PUMP split them into ORDERSTREAM
// and TRADESTREAM; JOIN_PUMP inserts the snippet into DESTINATION_SQL_STREAM, whose first column takes the
// snippet's ROWTIME. On the Go API run's orders and trades, at its instants, the destination gets its rows:
// each order joined with the trade of its ORDERID in the minute before it (sql_e15_inner_join.golden;
// DG:stream-joins-concepts; analytics.md §1.9 E15).
func TestKinesisAnalyticsSDKRunsTheStreamJoins(t *testing.T) {
	recs := []exampleRecord{
		{exampleAt("10:00:00"), `{"KIND":"TRADE","ORDERID":1,"TICKER":"AMZN","TRADEID":100,"AMOUNT":10}`},
		{exampleAt("10:00:30"), `{"KIND":"TRADE","ORDERID":2,"TICKER":"TGT","TRADEID":101,"AMOUNT":20}`},
		{exampleAt("10:00:40"), `{"KIND":"ORDER","ORDERID":1,"TICKER":"AMZN","AMOUNT":10}`},
		{exampleAt("10:00:40"), `{"KIND":"ORDER","ORDERID":3,"TICKER":"WAS","AMOUNT":30}`},
		{exampleAt("10:01:20"), `{"KIND":"ORDER","ORDERID":2,"TICKER":"TGT","AMOUNT":20}`},
		{exampleAt("10:01:20"), `{"KIND":"ORDER","ORDERID":1,"TICKER":"AMZN","AMOUNT":10}`},
	}
	columns := [][2]string{{"KIND", "VARCHAR(5)"}, {"ORDERID", "INTEGER"}, {"TICKER", "VARCHAR(4)"}, {"TRADEID", "INTEGER"}, {"AMOUNT", "INTEGER"}}
	want := goldenSections(t, "sql_e15_inner_join")[""]
	for _, f := range []string{"e15_inner_join_over", "e15_inner_join_named_window"} {
		t.Run(f, func(t *testing.T) {
			snippet := strings.TrimSpace(publishedSQL(t, f))
			if !strings.HasSuffix(snippet, ";") {
				snippet += ";" // the named-window snippet ends without one; a statement among others needs it
			}
			code := e15Streams + `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("ORDER_ROWTIME" TIMESTAMP, "ORDERID" INTEGER, "TICKER" VARCHAR(4), "ORDERAMOUNT" INTEGER, "TRADEAMOUNT" INTEGER);
CREATE OR REPLACE PUMP "ORDER_PUMP" AS INSERT INTO "ORDERSTREAM"
    SELECT STREAM "ORDERID", "TICKER", "AMOUNT" FROM "SOURCE_SQL_STREAM_001" WHERE "KIND" = 'ORDER';
CREATE OR REPLACE PUMP "TRADE_PUMP" AS INSERT INTO "TRADESTREAM"
    SELECT STREAM "ORDERID", "TICKER", "TRADEID", "AMOUNT" FROM "SOURCE_SQL_STREAM_001" WHERE "KIND" = 'TRADE';
CREATE OR REPLACE PUMP "JOIN_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
` + snippet
			clk := clock.NewManual(recs[0].at.Add(-time.Second))
			acct, kc := newClient(t, kinesim.WithClock(clk))
			got := runAppCode(t, acct, kc, clk, appRun{code: code, columns: columns, records: recs, end: exampleAt("10:03:00"),
				outputs: []string{"DESTINATION_SQL_STREAM"}})
			if g := strings.Join(got["DESTINATION_SQL_STREAM"], "\n"); g != strings.Join(want, "\n") {
				t.Errorf("DESTINATION_SQL_STREAM's records differ from sql_e15_inner_join.golden:\n--- got\n%s\n--- want\n%s", g, strings.Join(want, "\n"))
			}
		})
	}
}
