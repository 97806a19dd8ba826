package awssdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	katypes "github.com/aws/aws-sdk-go-v2/service/kinesisanalytics/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// exampleRecord is one input record of an example: put when the clock reads at (its APPROXIMATE_ARRIVAL_TIME), so
// that its ROWTIME is at + the example's read latency.
type exampleRecord struct {
	at   time.Time
	json string
}

// sdkExample is one example application of analytics.md §1.9 run through the SDK client: its published SQL, its
// input's columns, its records, the in-application streams it writes and the golden file of
// ../analytics/query/testdata its output must match.
type sdkExample struct {
	name    string
	sql     string
	columns [][2]string // name, SQL type; mapped from JSON $.name
	records []exampleRecord
	end     time.Time // the clock is advanced to end, second by second, for the windows to close
	outputs []string  // in-application streams, one output data stream each, in the golden's order
	golden  string
	section string // the golden's section of the one output ("" for a golden of one section; else the output's name)
	// reference, if set, is a CSV reference table (Ticker, Company) loaded from the account's object store.
	reference *exampleReference
	// latency is the engine's read latency (analytics.WithReadLatency): each record's ROWTIME is its arrival + latency.
	latency time.Duration
	// paths maps a column to its JSONPath where that is not $.column.
	paths map[string]string
	// sections, if set, is the golden's section of each output, parallel to outputs (for a golden of several
	// unheaded blocks, "#n").
	sections []string
}

// exampleReference is a reference data source: the table name the SQL joins and its CSV object.
type exampleReference struct{ table, csv string }

var exampleDay = time.Date(2018, 8, 1, 0, 0, 0, 0, time.UTC)

func exampleAt(hms string) time.Time {
	t, err := time.Parse("15:04:05", hms)
	if err != nil {
		panic(err)
	}
	return exampleDay.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond()))
}

// exampleTickers are the demo ticker records of package query's golden tests (the same seed, the same rows).
func exampleTickers(n int) []exampleRecord {
	rng := rand.New(rand.NewPCG(7, 11))
	syms := []struct{ sym, sector string }{{"AMZN", "TECHNOLOGY"}, {"TGT", "RETAIL"}, {"QXZ", "HEALTHCARE"}, {"WAS", "TECHNOLOGY"}}
	var recs []exampleRecord
	for i := range n {
		s := syms[rng.IntN(len(syms))]
		price := float32(10 + float64(rng.IntN(9000))/100)
		change := float32(rng.IntN(400)-200) / 100
		recs = append(recs, exampleRecord{exampleAt("10:00:00").Add(time.Duration(i) * 2 * time.Second),
			fmt.Sprintf(`{"TICKER_SYMBOL":%q,"SECTOR":%q,"CHANGE":%v,"PRICE":%v}`, s.sym, s.sector, change, price)})
	}
	return recs
}

var tickerColumns = [][2]string{{"TICKER_SYMBOL", "VARCHAR(4)"}, {"SECTOR", "VARCHAR(16)"}, {"CHANGE", "REAL"}, {"PRICE", "REAL"}}

func sdkExamples() []sdkExample {
	e2 := sdkExample{name: "E2", sql: "e02_tumbling_rowtime", columns: [][2]string{{"TICKER", "VARCHAR(4)"}, {"PRICE", "DOUBLE"}},
		end: exampleAt("10:05:00"), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "e2_tumbling_rowtime"}
	sample := []struct {
		sym   string
		price float64
	}{{"TBV", 33.11}, {"INTC", 62.04}, {"MSFT", 40.97}, {"AMZN", 27.9}}
	for i := range 40 {
		s := sample[i%4]
		e2.records = append(e2.records, exampleRecord{exampleAt("10:00:00").Add(time.Duration(i) * 4 * time.Second),
			fmt.Sprintf(`{"TICKER":%q,"PRICE":%v}`, s.sym, s.price+float64(i%7))})
	}
	e3 := sdkExample{name: "E3", sql: "e03_tumbling_event_time", columns: [][2]string{{"EVENT_TIME", "TIMESTAMP"}, {"TICKER", "VARCHAR(4)"}, {"PRICE", "DOUBLE"}},
		end: time.Date(2018, 6, 13, 14, 15, 0, 0, time.UTC), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "e3_tumbling_event"}
	for _, r := range [][3]string{{"2018-06-13T14:11:05.766191", "TBV", "43.65"}, {"2018-06-13T14:11:05.848967", "AMZN", "35.61"},
		{"2018-06-13T14:11:05.931871", "MSFT", "73.48"}, {"2018-06-13T14:11:06.014845", "AMZN", "18.64"},
		{"2018-06-13T14:11:59.5", "AMZN", "20.1"}, {"2018-06-13T14:12:01.2", "AMZN", "22.5"}} {
		ev, err := time.Parse("2006-01-02T15:04:05.999999", r[0])
		if err != nil {
			panic(err)
		}
		e3.records = append(e3.records, exampleRecord{ev.Add(5 * time.Second), fmt.Sprintf(`{"EVENT_TIME":%q,"TICKER":%q,"PRICE":%s}`, r[0], r[1], r[2])})
	}
	e5 := func(sql, golden string) sdkExample {
		ex := sdkExample{name: "E5_" + sql, sql: sql, golden: golden, end: exampleAt("11:03:00"), outputs: []string{"DESTINATION_SQL_STREAM"},
			columns: [][2]string{{"ROWTIME_ORIG", "TIMESTAMP"}, {"EVENT_TIME", "TIMESTAMP"}, {"TICKER_SYMBOL", "VARCHAR(4)"}}}
		for _, r := range [][2]string{{"11:00:20", "11:00:10"}, {"11:00:30", "11:00:20"}, {"11:01:05", "11:00:55"}, {"11:01:15", "11:01:05"}} {
			ex.records = append(ex.records, exampleRecord{exampleAt(r[0]), fmt.Sprintf(`{"ROWTIME_ORIG":%q,"EVENT_TIME":%q,"TICKER_SYMBOL":"AMZN"}`,
				exampleAt(r[0]).Format("2006-01-02 15:04:05.000"), exampleAt(r[1]).Format("2006-01-02 15:04:05.000"))})
		}
		return ex
	}
	e6 := sdkExample{name: "E6", sql: "e06_stagger_application", columns: [][2]string{{"EVENT_TIME", "TIMESTAMP"}, {"TICKER", "VARCHAR(4)"}},
		end: exampleAt("20:25:00"), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "sql_e6_stagger"}
	groups := []struct{ ev, sym string }{{"2018-08-01T20:17:20.797945", "AMZN"}, {"2018-08-01T20:18:21.043084", "INTC"}}
	arrivals := [][]string{{"20:17:30", "20:17:40", "20:17:50", "20:18:00", "20:18:10", "20:18:21"},
		{"20:18:31", "20:18:41", "20:18:51", "20:19:01", "20:19:11", "20:19:21"}}
	for g, gr := range groups {
		for _, a := range arrivals[g] {
			e6.records = append(e6.records, exampleRecord{exampleAt(a), fmt.Sprintf(`{"EVENT_TIME":%q,"TICKER":%q}`, gr.ev, gr.sym)})
		}
	}
	var e7 []sdkExample
	for _, f := range []string{"e07_sliding_1_minute", "e07_sliding_10_seconds", "e07_sliding_rows"} {
		e7 = append(e7, sdkExample{name: "E7_" + f, sql: f, columns: tickerColumns, records: exampleTickers(40), end: exampleAt("11:00:00"),
			outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "sql_e7_sliding", section: f})
	}
	logParse := func(sql string, block int, cols [][2]string, rec string) sdkExample {
		return sdkExample{name: "E11_E12_" + sql, sql: sql, columns: cols, records: []exampleRecord{{exampleAt("10:00:00"), rec}},
			end: exampleAt("10:01:00"), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "sql_e11_e12_log_parse", section: "#" + strconv.Itoa(block)}
	}
	e7 = append(e7,
		logParse("e11_w3c_log_parse", 0, [][2]string{{"log", "VARCHAR(256)"}},
			`{"log":"192.168.254.30 - John [24/May/2004:22:01:02 -0700] \"GET /icons/apache_pb.gif HTTP/1.1\" 304 0"}`),
		logParse("e12_regex_log_parse", 1, [][2]string{{"LOGENTRY", "VARCHAR(256)"}},
			`{"LOGENTRY":"203.0.113.24 - - [25/Mar/2018:15:25:37 -0700] \"GET /index.php HTTP/1.1\" 200 125 \"-\" \"Mozilla/5.0 [en] Gecko/20100101 Firefox/52.0\""}`),
		logParse("e12_variable_column_log_parse", 2, [][2]string{{"Col_A", "VARCHAR(16)"}, {"Col_B", "VARCHAR(16)"}, {"Col_C", "VARCHAR(16)"}, {"Col_E_Unstructured", "VARCHAR(64)"}},
			`{"Col_A":"a","Col_B":"b","Col_C":"c","Col_E_Unstructured":"x,y,z"}`),
		sdkExample{name: "E16", sql: "e16_alert_throttling", columns: tickerColumns, records: exampleTickers(60), end: exampleAt("11:00:00"),
			outputs: []string{"TRIGGER_COUNT_STREAM"}, golden: "e16_alert_throttling"},
	)
	return append([]sdkExample{
		{name: "E1", sql: "e01_continuous_filter", columns: tickerColumns, end: exampleAt("10:01:00"),
			outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "e1_filter", records: []exampleRecord{
				{exampleAt("10:00:00"), `{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":20,"PRICE":120}`},
				{exampleAt("10:00:01"), `{"TICKER_SYMBOL":"TGT","SECTOR":"RETAIL","CHANGE":1,"PRICE":51}`},
				{exampleAt("10:00:02"), `{"TICKER_SYMBOL":"QXZ","SECTOR":"HEALTHCARE","CHANGE":-5,"PRICE":20}`}}},
		e2,
		{name: "E17", sql: "e17_pump_fan_out", columns: tickerColumns, records: exampleTickers(30), end: exampleAt("11:00:00"),
			outputs: []string{"AMZN_STREAM", "TGT_STREAM"}, golden: "e17_fan_out"},
		{name: "E14", sql: "e14_reference_join", columns: tickerColumns, records: exampleTickers(8), end: exampleAt("11:00:00"),
			outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "e14_reference_join",
			reference: &exampleReference{table: "CompanyName", csv: "AMZN,Amazon\nASD,SomeCompanyA\nMMB,SomeCompanyB\nWAS,SomeCompanyC\n"}},
		e3, e5("e05_tumbling_partial_results", "e5_tumbling"), e5("e05_stagger", "e5_stagger"), e6,
	}, e7...)
}

// goldenSections splits a golden file into its sections (one per in-application stream, "-- NAME" headed when
// there are several; "#n" for the nth of a golden that puts several queries' outputs one after the other), each as
// its rows (ROWTIME first, as the JSON output records carry it).
func goldenSections(t *testing.T, name string) map[string][]string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "analytics", "query", "testdata", name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	section, blocks := "", 0
	for _, line := range strings.Split(strings.TrimRight(string(text), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "-- "):
			section = strings.TrimPrefix(line, "-- ")
		case strings.HasPrefix(line, "ROWTIME\t"):
			if section == "" || strings.HasPrefix(section, "#") {
				section = "#" + strconv.Itoa(blocks) // a golden of several queries, one header each
			}
			blocks++
		case strings.HasPrefix(line, "ERROR_TIME\t"):
		default:
			out[section] = append(out[section], line)
		}
	}
	if blocks == 1 {
		out[""] = out["#0"]
	}
	return out
}

// jsonKeys is an output record's keys in order, the header of its golden rows.
func jsonKeys(t *testing.T, data []byte) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	var keys []string
	if _, err := d.Token(); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	for d.More() {
		k, err := d.Token()
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		keys = append(keys, fmt.Sprint(k))
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
	}
	return keys
}

// jsonRow is an output record's values in the order of its columns, tab-separated as the golden files write them.
func jsonRow(t *testing.T, data []byte) string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var cells []string
	if _, err := d.Token(); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	for d.More() {
		if _, err := d.Token(); err != nil { // the key
			t.Fatalf("%s: %v", data, err)
		}
		v, err := d.Token()
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if v == nil {
			v = "NULL"
		}
		cells = append(cells, fmt.Sprint(v))
	}
	return strings.Join(cells, "\t")
}

// TestKinesisAnalyticsSDKRunsTheExampleApplications runs example applications of analytics.md §1.9 from their
// published SQL (../analytics/sql/testdata) through aws-sdk-go-v2's kinesisanalytics client: CreateApplication,
// AddApplicationInput from a data stream, AddApplicationReferenceDataSource from an object (E14), UpdateApplication
// with the SQL, AddApplicationOutput to a data stream per in-application
// stream, StartApplication; the documented input is put with the Kinesis client while a manual clock stands at
// each record's ROWTIME, and what the output streams receive is the golden output of the Go API's runs
// (../analytics/query/testdata, TestSQLExamplesGiveTheHandBuiltPipelinesOutput), ROWTIME included.
func TestKinesisAnalyticsSDKRunsTheExampleApplications(t *testing.T) {
	for _, ex := range sdkExamples() {
		t.Run(ex.name, func(t *testing.T) {
			clk := clock.NewManual(ex.records[0].at.Add(-time.Second))
			acct, kc := newClient(t, kinesim.WithClock(clk), kinesim.WithAnalyticsOptions(analytics.WithReadLatency(ex.latency)))
			runSDKExample(t, acct, kc, clk, ex)
		})
	}
}

// runSDKExample runs ex and compares its outputs with its golden; it returns the rows each output stream received,
// by in-application stream.
func runSDKExample(t *testing.T, acct *kinesim.Account, kc *kinesis.Client, clk *clock.Manual, ex sdkExample) map[string][]string {
	ctx := context.Background()
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	id := acct.Identity()
	role := aws.String("arn:aws:iam::000000000000:role/r")
	code, err := os.ReadFile(filepath.Join("..", "analytics", "sql", "testdata", ex.sql+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, kc, "source", 1)
	var cols []katypes.RecordColumn
	for _, c := range ex.columns {
		path := "$." + c[0]
		if p, ok := ex.paths[c[0]]; ok {
			path = p
		}
		cols = append(cols, katypes.RecordColumn{Name: aws.String(c[0]), Mapping: aws.String(path), SqlType: aws.String(c[1])})
	}
	// The code reads SOURCE_SQL_STREAM_001, so the application is created without it, given its input, then its code
	// (CreateApplication compiles the code against the inputs it has).
	if _, err := ka.CreateApplication(ctx, &kinesisanalytics.CreateApplicationInput{ApplicationName: aws.String("app")}); err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	if _, err := ka.AddApplicationInput(ctx, &kinesisanalytics.AddApplicationInputInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(1),
		Input: &katypes.Input{NamePrefix: aws.String("SOURCE_SQL_STREAM"),
			KinesisStreamsInput: &katypes.KinesisStreamsInput{ResourceARN: aws.String(id.StreamARN("source")), RoleARN: role},
			InputSchema: &katypes.SourceSchema{RecordFormat: &katypes.RecordFormat{RecordFormatType: katypes.RecordFormatTypeJson,
				MappingParameters: &katypes.MappingParameters{JSONMappingParameters: &katypes.JSONMappingParameters{RecordRowPath: aws.String("$")}}},
				RecordEncoding: aws.String("UTF-8"), RecordColumns: cols}}}); err != nil {
		t.Fatalf("AddApplicationInput: %v", err)
	}
	version := int64(2)
	if ref := ex.reference; ref != nil {
		if err := acct.Firehose().Store().PutObject(ctx, "refs", "reference.csv", []byte(ref.csv)); err != nil {
			t.Fatal(err)
		}
		if _, err := ka.AddApplicationReferenceDataSource(ctx, &kinesisanalytics.AddApplicationReferenceDataSourceInput{ApplicationName: aws.String("app"),
			CurrentApplicationVersionId: aws.Int64(version), ReferenceDataSource: &katypes.ReferenceDataSource{TableName: aws.String(ref.table),
				S3ReferenceDataSource: &katypes.S3ReferenceDataSource{BucketARN: aws.String("arn:aws:s3:::refs"), FileKey: aws.String("reference.csv"), ReferenceRoleARN: role},
				ReferenceSchema: &katypes.SourceSchema{RecordFormat: &katypes.RecordFormat{RecordFormatType: katypes.RecordFormatTypeCsv,
					MappingParameters: &katypes.MappingParameters{CSVMappingParameters: &katypes.CSVMappingParameters{RecordRowDelimiter: aws.String("\n"), RecordColumnDelimiter: aws.String(",")}}},
					RecordEncoding: aws.String("UTF-8"), RecordColumns: []katypes.RecordColumn{{Name: aws.String("Ticker"), SqlType: aws.String("VARCHAR(4)")},
						{Name: aws.String("Company"), SqlType: aws.String("VARCHAR(20)")}}}}}); err != nil {
			t.Fatalf("AddApplicationReferenceDataSource: %v", err)
		}
		version++
	}
	if _, err := ka.UpdateApplication(ctx, &kinesisanalytics.UpdateApplicationInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(version),
		ApplicationUpdate: &katypes.ApplicationUpdate{ApplicationCodeUpdate: aws.String(string(code))}}); err != nil {
		t.Fatalf("UpdateApplication with the SQL: %v", err)
	}
	version++
	for i, name := range ex.outputs {
		dest := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
		mustCreate(t, kc, dest, 1)
		if _, err := ka.AddApplicationOutput(ctx, &kinesisanalytics.AddApplicationOutputInput{ApplicationName: aws.String("app"),
			CurrentApplicationVersionId: aws.Int64(version + int64(i)), Output: &katypes.Output{Name: aws.String(name),
				KinesisStreamsOutput: &katypes.KinesisStreamsOutput{ResourceARN: aws.String(id.StreamARN(dest)), RoleARN: role},
				DestinationSchema:    &katypes.DestinationSchema{RecordFormatType: katypes.RecordFormatTypeJson}}}); err != nil {
			t.Fatalf("AddApplicationOutput %s: %v", name, err)
		}
	}
	if _, err := ka.StartApplication(ctx, &kinesisanalytics.StartApplicationInput{ApplicationName: aws.String("app"),
		InputConfigurations: []katypes.InputConfiguration{{Id: aws.String("1.1"),
			InputStartingPositionConfiguration: &katypes.InputStartingPositionConfiguration{InputStartingPosition: katypes.InputStartingPositionNow}}}}); err != nil {
		t.Fatalf("StartApplication: %v", err)
	}
	// Each record is put when the clock reads its arrival; the clock stops at each ROWTIME (arrival + latency) until
	// the input has read the record, so that it is stamped then, before the clock moves on.
	type due struct {
		rowtime time.Time
		read    int64
	}
	var pending []due
	stamp := func(until time.Time) {
		for len(pending) > 0 && !pending[0].rowtime.After(until) {
			clk.AdvanceTo(pending[0].rowtime)
			waitRead(t, acct.Analytics(), pending[0].read)
			pending = pending[1:]
		}
	}
	for i, rec := range ex.records {
		stamp(rec.at)
		clk.AdvanceTo(rec.at)
		if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("source"), PartitionKey: aws.String("k"), Data: []byte(rec.json)}); err != nil {
			t.Fatal(err)
		}
		pending = append(pending, due{rec.at.Add(ex.latency), int64(i + 1)})
	}
	stamp(ex.records[len(ex.records)-1].at.Add(ex.latency))
	for clk.Now().Before(ex.end) {
		clk.Advance(time.Second)
	}
	// StopApplication delivers what the pumps and outputs hold: each output stream then holds all the application
	// wrote, and exactly the golden's rows.
	if _, err := ka.StopApplication(ctx, &kinesisanalytics.StopApplicationInput{ApplicationName: aws.String("app")}); err != nil {
		t.Fatalf("StopApplication: %v", err)
	}
	if *updateGoldens && strings.HasPrefix(ex.golden, "sdk_") {
		writeSDKGolden(t, acct, kc, ex)
	}
	want := goldenSections(t, ex.golden)
	outputs := map[string][]string{}
	for i, name := range ex.outputs {
		section := name
		switch {
		case len(ex.sections) > 0:
			section = ex.sections[i]
		case ex.section != "":
			section = ex.section
		case len(ex.outputs) == 1:
			section = ""
		}
		if len(want[section]) == 0 {
			t.Fatalf("%s.golden has no rows for %q", ex.golden, section)
		}
		dest := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
		got := readRows(t, acct, dest, len(want[section]))
		if n := countRecords(t, kc, dest); n != len(want[section]) {
			t.Errorf("%s: %s holds %d records, the golden %d rows", ex.name, name, n, len(want[section]))
		}
		if strings.Join(got, "\n") != strings.Join(want[section], "\n") {
			t.Errorf("%s: %s's records differ from %s.golden:\n--- got\n%s\n--- want\n%s", ex.name, name, ex.golden, strings.Join(got, "\n"), strings.Join(want[section], "\n"))
		}
		outputs[name] = got
	}
	return outputs
}

// updateGoldens rewrites the SDK runs' own goldens (../analytics/query/testdata/sdk_*.golden) from what the output
// streams receive; the Go API's goldens are written by package query's tests only.
var updateGoldens = flag.Bool("update", false, "rewrite ../analytics/query/testdata/sdk_*.golden")

// writeSDKGolden writes what ex's output streams hold as its golden: a header of the records' keys and their rows,
// one "-- NAME" section per in-application stream when there are several.
func writeSDKGolden(t *testing.T, acct *kinesim.Account, kc *kinesis.Client, ex sdkExample) {
	t.Helper()
	var text strings.Builder
	for _, name := range ex.outputs {
		dest := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
		if len(ex.outputs) > 1 {
			fmt.Fprintf(&text, "-- %s\n", name)
		}
		n := countRecords(t, kc, dest)
		if n == 0 {
			continue
		}
		ctx, cancel := context.WithCancel(context.Background())
		i := 0
		for r, err := range acct.Streams().Follow(ctx, stream.FollowInput{StreamRef: stream.StreamRef{StreamName: dest}}) {
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				text.WriteString(strings.Join(jsonKeys(t, r.Data), "\t") + "\n")
			}
			text.WriteString(jsonRow(t, r.Data) + "\n")
			if i++; i == n {
				break
			}
		}
		cancel()
	}
	if err := os.WriteFile(filepath.Join("..", "analytics", "query", "testdata", ex.golden+".golden"), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitRead waits until the application's input has read n records (the engine's goroutines do the work; a test
// that never sees them is ended by go test's timeout).
func waitRead(t *testing.T, e *analytics.Engine, n int64) {
	t.Helper()
	for {
		d, err := e.DescribeApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"})
		if err != nil {
			t.Fatal(err)
		}
		if d.InputDescriptions[0].RecordsRead >= n {
			return
		}
		runtime.Gosched()
	}
}

// readRows reads n records from the data stream name, as golden rows.
func readRows(t *testing.T, acct *kinesim.Account, name string, n int) []string {
	t.Helper()
	var got []string
	if n == 0 {
		return got
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for r, err := range acct.Streams().Follow(ctx, stream.FollowInput{StreamRef: stream.StreamRef{StreamName: name}}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, jsonRow(t, r.Data))
		if len(got) == n {
			break
		}
	}
	return got
}

// countRecords counts the records of the one-shard stream name with GetRecords from TRIM_HORIZON.
func countRecords(t *testing.T, kc *kinesis.Client, name string) int {
	t.Helper()
	ctx := context.Background()
	it, err := kc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: "TRIM_HORIZON"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for iter := it.ShardIterator; iter != nil; {
		out, err := kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.Records)
		if len(out.Records) == 0 {
			break
		}
		iter = out.NextShardIterator
	}
	return n
}

// arrivalExamples are the examples that read APPROXIMATE_ARRIVAL_TIME, whose Go-API inputs have each record arrive
// before its ROWTIME (../analytics/query/sql_examples_test.go, TestSQLExamplesWithGoldensOfTheirOwn): here the
// engine's read latency (analytics.WithReadLatency) puts that gap between the arrival, the instant the record is
// put, and the ROWTIME.
func arrivalExamples() []sdkExample {
	// E4: 40 records 3 s apart from 17:05:00.5 (ROWTIME), each arrived 300 ms before, as in the Go input, and the
	// late XYZ that arrived at 17:05:59.9. The Go input gives the late record ROWTIME 17:06:40, after 13 rows of the
	// 17:06 window; a fixed latency of 300 ms gives it 17:06:00.2: the same ROWTIME window (17:06) and arrival
	// window (17:05), so the same seven rows (analytics.md §1.9 E4's late-record row: ingest time the second minute,
	// arrival the first, XYZ 1), but the late record is now the 17:06 window's first row, and a window's groups emit
	// in the order they were first seen (query.GroupBy): its row comes first of the window's, where the Go run, and
	// the developer guide's table, give it last. Hence a golden of its own, sdk_e4_two_window.golden: the rows of
	// sql_e4_two_window.golden with the late row moved. AWS documents no order among a window's groups.
	base := time.Date(2016, 7, 19, 17, 5, 0, 0, time.UTC)
	e4 := sdkExample{name: "E4", sql: "e04_two_window_strategy", columns: [][2]string{{"TICKER_SYMBOL", "VARCHAR(12)"}},
		latency: 300 * time.Millisecond, end: base.Add(3 * time.Minute), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "sdk_e4_two_window"}
	for i := range 40 {
		arrival := base.Add(time.Duration(i)*3*time.Second + 200*time.Millisecond)
		if late := base.Add(59900 * time.Millisecond); i == 20 {
			e4.records = append(e4.records, exampleRecord{late, `{"TICKER_SYMBOL":"XYZ"}`})
		}
		e4.records = append(e4.records, exampleRecord{arrival, fmt.Sprintf(`{"TICKER_SYMBOL":%q}`, []string{"ABC", "DEF", "XYZ"}[i%3])})
	}
	// E12's transforms: the developer guide's record {"REFERRER": "http://www.amazon.com"} (analytics.md §1.9 E12),
	// arrived 500 ms before its ROWTIME 10:00:00, as in the Go input; SUBSTRING's SQL reads it as "referrer".
	referrer := func(sql string, block int, col string) sdkExample {
		return sdkExample{name: "E12_" + sql, sql: sql, columns: [][2]string{{col, "VARCHAR(32)"}}, paths: map[string]string{col: "$.REFERRER"},
			latency: 500 * time.Millisecond, records: []exampleRecord{{exampleAt("09:59:59.5"), `{"REFERRER":"http://www.amazon.com"}`}},
			end: exampleAt("10:01:00"), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "e12_transforms", section: "#" + strconv.Itoa(block)}
	}
	e12dt := sdkExample{name: "E12_e12_datetime", sql: "e12_datetime", columns: [][2]string{{"EVENT_TIME", "TIMESTAMP"}, {"TICKER", "VARCHAR(4)"}},
		latency: 500 * time.Millisecond, records: []exampleRecord{{exampleAt("12:59:59.5"), `{"EVENT_TIME":"2018-05-09T12:50:41.337510","TICKER":"AAPL"}`}},
		end: exampleAt("13:01:00"), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "e12_transforms", section: "#2"}
	// E13: 300 records 500 ms apart from 10:00:00 (ROWTIME), each arrived 300 ms before. The Go input has every
	// 50th record (the 0th, 50th, … 250th) arrive 5 s before its ROWTIME, which a fixed latency cannot give (nor a
	// stream, whose arrivals follow the order of the puts): here those six arrive 300 ms before theirs, like the
	// others. Their arrival minute, which the partial-results GROUP BY reads, is the same either way (09:59:55 and
	// 09:59:59.7 are both in 09:59, 10:00:20 and 10:00:24.7 in 10:00, …, 10:02:00 and 10:02:04.7 in 10:02), and the
	// top-K reads no arrival time, so the output is the Go run's, sql_e13_topk_partial.golden.
	var e13 []exampleRecord
	syms := []string{"TBV", "AMZN", "INTC", "MSFT", "AAPL", "QXZ", "WAS"}
	for i := range 300 {
		s := syms[(i*7+i/3)%len(syms)]
		e13 = append(e13, exampleRecord{exampleAt("10:00:00").Add(time.Duration(i)*500*time.Millisecond - 300*time.Millisecond),
			fmt.Sprintf(`{"TICKER":%q,"TICKER_SYMBOL":%q}`, s, s)})
	}
	e13cols := [][2]string{{"TICKER", "VARCHAR(4)"}, {"TICKER_SYMBOL", "VARCHAR(4)"}}
	return []sdkExample{e4, referrer("e12_substring", 0, "referrer"), referrer("e12_regex_replace", 1, "REFERRER"), e12dt,
		{name: "E13_top_k_items_tumbling", sql: "e13_top_k_items_tumbling", columns: e13cols, records: e13, latency: 300 * time.Millisecond,
			end: exampleAt("10:10:00"), outputs: []string{"DESTINATION_SQL_STREAM"}, golden: "sql_e13_topk_partial", section: "#0"},
		// The partial results run as two pumps in one application (CALC_COUNT_SQL_PUMP_001 → AGGREGATED_SQL_PUMP),
		// an output on each stream the golden holds.
		{name: "E13_partial_results", sql: "e13_partial_results", columns: e13cols, records: e13, latency: 300 * time.Millisecond,
			end: exampleAt("10:20:00"), outputs: []string{"CALC_COUNT_SQL_STREAM", "DESTINATION_SQL_STREAM"},
			golden: "sql_e13_topk_partial", sections: []string{"#1", "#2"}},
	}
}

// TestKinesisAnalyticsSDKRunsTheExamplesThatReadTheArrivalTime runs E4 (the two-window strategy), E12's transforms
// (SUBSTRING, REGEX_REPLACE, the date-time functions) and E13 (TOP_K_ITEMS_TUMBLING and the partial results) of
// analytics.md §1.9 from their published SQL through the SDK client, as TestKinesisAnalyticsSDKRunsTheExampleApplications
// does, on an engine whose inputs insert each record a fixed read latency after its arrival: ROWTIME is
// APPROXIMATE_ARRIVAL_TIME + latency ("the time when Kinesis Data Analytics inserted the row in the first
// in-application stream", developer guide, timestamps-rowtime-concepts; analytics.md §1.2). Each output matches a
// golden row for row: the Go API's for E12 and E13, E4's own for the order of its late row (arrivalExamples says
// where each input departs from the Go input, and what that does to the output). Run with -update to rewrite
// sdk_*.golden.
func TestKinesisAnalyticsSDKRunsTheExamplesThatReadTheArrivalTime(t *testing.T) {
	for _, ex := range arrivalExamples() {
		t.Run(ex.name, func(t *testing.T) {
			clk := clock.NewManual(ex.records[0].at.Add(-time.Second))
			acct, kc := newClient(t, kinesim.WithClock(clk), kinesim.WithAnalyticsOptions(analytics.WithReadLatency(ex.latency)))
			got := runSDKExample(t, acct, kc, clk, ex)
			if ex.name != "E4" {
				return
			}
			// The documented late-record row: in the second ROWTIME window (emitted at 17:07, ingest_time 17:06), with
			// the first arrival window, a count of one.
			rows := got["DESTINATION_SQL_STREAM"]
			late := "2016-07-19 17:07:00.000\t2016-07-19 17:06:00.000\t2016-07-19 17:05:00.000\tXYZ\t1"
			if !slices.Contains(rows, late) || len(rows) != 7 {
				t.Errorf("E4: want the late XYZ record as a partial row of the second window, among 7 rows:\n%s", strings.Join(rows, "\n"))
			}
		})
	}
}
