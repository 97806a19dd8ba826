package awssdk_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	katypes "github.com/aws/aws-sdk-go-v2/service/kinesisanalytics/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/analytics/plan"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
)

// nabDir holds NAB's KDA application (random_cut_forest.sql, numenta/NAB's file as published) and the series of
// analytics.md §2.4.
var nabDir = filepath.Join("..", "analytics", "rcf", "testdata", "nab")

// nabSDKSeries is the smallest of the five NAB series the Go API's run scores (analytics/rcf,
// TestNABApplicationFromItsSQLReproducesTheForestsNABResult): 4032 rows, 5 minutes apart.
const nabSDKSeries = "ec2_request_latency_system_failure"

// nabSeriesLines is a NAB series' data lines ("2014-03-07 03:41:00,45.868"), its header dropped.
func nabSeriesLines(t *testing.T, name string) []string {
	t.Helper()
	fh, err := os.Open(filepath.Join(nabDir, name+".csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(zr)
	sc.Scan() // timestamp,value
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// nabGoAPIRows runs NAB's application compiled from code by package plan, as the Go API's test does
// (TestNABApplicationFromItsSQLReproducesTheForestsNABResult: STREAM_PUMP then OUTPUT_PUMP, the forest seeded with
// seed), on the series' lines with the ROWTIMEs given, and returns DESTINATION_SQL_STREAM's rows as golden rows.
// Its SOURCE_SQL_STREAM_001 has the two mapped columns only; the application's has APPROXIMATE_ARRIVAL_TIME after
// them (analytics.md §1.2), a TIMESTAMP, which RANDOM_CUT_FOREST does not read (it reads numeric columns: §2.1).
func nabGoAPIRows(t *testing.T, code string, lines []string, rowtimes []time.Time, seed uint64) []string {
	t.Helper()
	in := query.Schema{{Name: "COL_TIMESTAMP", Type: query.TimestampType}, {Name: "COL_VALUE", Type: query.DoubleType}}
	p, err := plan.CompileText(code, plan.Catalog{Streams: map[string]query.Schema{"SOURCE_SQL_STREAM_001": in}})
	if err != nil {
		t.Fatal(err)
	}
	pipes := map[string]*query.Pipeline{}
	for _, pu := range p.Pumps {
		if pipes[pu.Name], err = p.Compile(pu, p.Env(nil, seed)); err != nil {
			t.Fatal(err)
		}
	}
	score, output := pipes["STREAM_PUMP"], pipes["OUTPUT_PUMP"]
	if score == nil || output == nil || len(pipes) != 2 {
		t.Fatalf("NAB's application compiles to pumps %v, want STREAM_PUMP and OUTPUT_PUMP", pipes)
	}
	var mid, out query.Output
	for i, line := range lines {
		ts, value, ok := strings.Cut(line, ",")
		tm, err := time.Parse("2006-01-02 15:04:05", ts)
		if err != nil || !ok {
			t.Fatalf("line %d %q: %v", i, line, err)
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("line %d %q: %v", i, line, err)
		}
		rt := query.RowtimeOf(rowtimes[i])
		mid.Reset()
		score.Push(rt, []query.Row{{Rowtime: rt, Values: []query.Value{query.TimestampValue(tm), query.Float(v)}}}, &mid)
		output.Push(rt, mid.Rows, &out)
		if len(mid.Errors)+len(out.Errors) != 0 {
			t.Fatalf("line %d: error rows %v %v", i, mid.Errors, out.Errors)
		}
	}
	rows := make([]string, len(out.Rows))
	for i, r := range out.Rows {
		rows[i] = r.Format()
	}
	return rows
}

// TestKinesisAnalyticsSDKRunsNABsApplicationUnchanged gives NAB's own KDA application (numenta/NAB
// nab/detectors/random_cut_forest/random_cut_forest.sql, read unchanged; analytics.md §1.9 E19, §2.4) to
// aws-sdk-go-v2's kinesisanalytics client as the application's code: CreateApplication, AddApplicationInput from a
// data stream with a CSV RecordFormat of NAB's columns (COL_TIMESTAMP TIMESTAMP, COL_VALUE DOUBLE), UpdateApplication
// with the SQL, AddApplicationOutput of DESTINATION_SQL_STREAM to a data stream, StartApplication. NAB's
// ec2_request_latency_system_failure series, whole, is put with the Kinesis client, one CSV line per record, one
// record a second on a manual clock (its ROWTIME; COL_TIMESTAMP carries the series' own time). Under the account
// seed that gives STREAM_PUMP's forest seed 1 (forestSeed), the output stream gets one record per line, each equal,
// ROWTIME and ANOMALY_SCORE included, to the row the Go API's run of the same SQL, series and seed gives
// (analytics/rcf's TestNABApplicationFromItsSQLReproducesTheForestsNABResult, which checks those scores against the
// forest's and NAB's scorer).
func TestKinesisAnalyticsSDKRunsNABsApplicationUnchanged(t *testing.T) {
	code, err := os.ReadFile(filepath.Join(nabDir, "random_cut_forest.sql"))
	if err != nil {
		t.Fatal(err)
	}
	lines := nabSeriesLines(t, nabSDKSeries)
	start := time.Date(2014, 3, 7, 3, 41, 0, 0, time.UTC) // the series' first timestamp
	rowtimes := make([]time.Time, len(lines))
	for i := range lines {
		rowtimes[i] = start.Add(time.Duration(i) * time.Second)
	}
	const seed = 1 // the Go API's run's
	want := nabGoAPIRows(t, string(code), lines, rowtimes, seed)

	ctx := context.Background()
	clk := clock.NewManual(start.Add(-time.Second))
	acct, kc := newClient(t, kinesim.WithClock(clk), kinesim.WithSeed(forestSeed(seed)))
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	role := aws.String("arn:aws:iam::000000000000:role/r")
	mustCreate(t, kc, "source", 1)
	mustCreate(t, kc, "destination", 1)
	if _, err := ka.CreateApplication(ctx, &kinesisanalytics.CreateApplicationInput{ApplicationName: aws.String("app")}); err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	if _, err := ka.AddApplicationInput(ctx, &kinesisanalytics.AddApplicationInputInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(1),
		Input: &katypes.Input{NamePrefix: aws.String("SOURCE_SQL_STREAM"),
			KinesisStreamsInput: &katypes.KinesisStreamsInput{ResourceARN: aws.String(acct.Identity().StreamARN("source")), RoleARN: role},
			InputSchema: &katypes.SourceSchema{RecordFormat: &katypes.RecordFormat{RecordFormatType: katypes.RecordFormatTypeCsv,
				MappingParameters: &katypes.MappingParameters{CSVMappingParameters: &katypes.CSVMappingParameters{RecordRowDelimiter: aws.String("\n"), RecordColumnDelimiter: aws.String(",")}}},
				RecordEncoding: aws.String("UTF-8"), RecordColumns: []katypes.RecordColumn{{Name: aws.String("COL_TIMESTAMP"), SqlType: aws.String("TIMESTAMP")},
					{Name: aws.String("COL_VALUE"), SqlType: aws.String("DOUBLE")}}}}}); err != nil {
		t.Fatalf("AddApplicationInput: %v", err)
	}
	if _, err := ka.UpdateApplication(ctx, &kinesisanalytics.UpdateApplicationInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(2),
		ApplicationUpdate: &katypes.ApplicationUpdate{ApplicationCodeUpdate: aws.String(string(code))}}); err != nil {
		t.Fatalf("UpdateApplication with NAB's SQL: %v", err)
	}
	if _, err := ka.AddApplicationOutput(ctx, &kinesisanalytics.AddApplicationOutputInput{ApplicationName: aws.String("app"), CurrentApplicationVersionId: aws.Int64(3),
		Output: &katypes.Output{Name: aws.String("DESTINATION_SQL_STREAM"),
			KinesisStreamsOutput: &katypes.KinesisStreamsOutput{ResourceARN: aws.String(acct.Identity().StreamARN("destination")), RoleARN: role},
			DestinationSchema:    &katypes.DestinationSchema{RecordFormatType: katypes.RecordFormatTypeJson}}}); err != nil {
		t.Fatalf("AddApplicationOutput: %v", err)
	}
	if _, err := ka.StartApplication(ctx, &kinesisanalytics.StartApplicationInput{ApplicationName: aws.String("app"),
		InputConfigurations: []katypes.InputConfiguration{{Id: aws.String("1.1"),
			InputStartingPositionConfiguration: &katypes.InputStartingPositionConfiguration{InputStartingPosition: katypes.InputStartingPositionNow}}}}); err != nil {
		t.Fatalf("StartApplication: %v", err)
	}
	for i, line := range lines {
		clk.AdvanceTo(rowtimes[i])
		if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("source"), PartitionKey: aws.String("k"), Data: []byte(line + "\n")}); err != nil {
			t.Fatal(err)
		}
		waitRead(t, acct.Analytics(), int64(i+1)) // stamped at rowtimes[i], before the clock moves on
	}
	clk.Advance(time.Minute)
	// StopApplication delivers what the pumps and the output hold.
	if _, err := ka.StopApplication(ctx, &kinesisanalytics.StopApplicationInput{ApplicationName: aws.String("app")}); err != nil {
		t.Fatalf("StopApplication: %v", err)
	}
	if n := countRecords(t, kc, "destination"); n != len(lines) {
		t.Fatalf("the destination stream holds %d records, want one per line of the series, %d", n, len(lines))
	}
	got := readRows(t, acct, "destination", len(lines))
	diffs := 0
	for i := range got {
		if got[i] != want[i] {
			if diffs++; diffs <= 5 {
				t.Errorf("row %d (%s): the SDK run's record\n\t%s\nthe Go API's row\n\t%s", i, lines[i], got[i], want[i])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d rows differ from the Go API's", diffs, len(got))
	}
	// The rows are the series' own lines, in order, each with its score: 0 for exactly the rows AWS's recorded
	// output of this application scores 0 (NAB's results/randomCutForest file; the first 256, while the forest's
	// samples fill: analytics.md §2.1), positive after.
	aws := nabRecordedZeros(t, nabSDKSeries)
	for i, r := range rowCells(got) {
		ts, value, _ := strings.Cut(lines[i], ",")
		if len(r) != 4 || r[1] != ts+".000" || r[2] != strconv.FormatFloat(mustFloat(t, value), 'g', -1, 64) {
			t.Fatalf("row %d %v: not ROWTIME, then the line %q's COL_TIMESTAMP and COL_VALUE", i, r, lines[i])
		}
		if score := mustFloat(t, r[3]); (score == 0) != aws[i] || score < 0 {
			t.Fatalf("row %d %v: ANOMALY_SCORE %v where AWS's recorded output scores the row zero: %v", i, r, score, aws[i])
		}
	}
}

// nabRecordedZeros reports, for each row of AWS's recorded output of NAB's application on the series
// (randomCutForest_<series>.csv.gz: timestamp, value, anomaly_score, …), whether its anomaly_score is 0.
func nabRecordedZeros(t *testing.T, name string) []bool {
	t.Helper()
	var zeros []bool
	for _, line := range nabSeriesLines(t, "randomCutForest_"+name) {
		cells := strings.Split(line, ",")
		if len(cells) < 3 {
			t.Fatalf("%s: %q", name, line)
		}
		zeros = append(zeros, mustFloat(t, cells[2]) == 0)
	}
	return zeros
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
