package analytics_test

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/analytics/query"
)

type objects map[string]string

func (o objects) GetObject(_ context.Context, bucket, key string) ([]byte, error) {
	if b, ok := o[bucket+"/"+key]; ok {
		return []byte(b), nil
	}
	return nil, errors.New("NoSuchKey")
}

// TestReferenceTableJoinsAndLambdaOutput loads the developer guide's TickerReference.csv as the table CompanyName
// at start, LEFT JOINs the stream with it, and delivers the rows to a function by the Lambda output contract:
// base64 data per record, a result per recordId (developer guide, app-add-reference-data,
// how-it-works-output-lambda).
func TestReferenceTableJoinsAndLambdaOutput(t *testing.T) {
	var mu sync.Mutex
	var got []string
	calls := 0
	fn := analytics.FunctionInvokerFunc(func(_ context.Context, arn string, payload []byte) ([]byte, error) {
		var req analytics.LambdaRequest
		if err := json.Unmarshal(payload, &req); err != nil {
			return nil, err
		}
		var resp analytics.LambdaResponse
		mu.Lock()
		calls++
		first := calls == 1
		for _, r := range req.Records {
			result := "Ok"
			if first && r.RecordId == "0" {
				result = "DeliveryFailed" // sent again
			} else {
				got = append(got, string(r.Data))
			}
			resp.Records = append(resp.Records, analytics.LambdaResult{RecordId: r.RecordId, Result: result})
		}
		mu.Unlock()
		return json.Marshal(resp)
	})
	done := newSink()
	f := newFixture(t, analytics.WithObjectStore(objects{"refs/TickerReference.csv": "AMZN,Amazon\nASD, SomeCompanyA\nMMB, SomeCompanyB\nWAS,  SomeCompanyC\n"}),
		analytics.WithFunctions(analytics.FunctionInvokerFunc(func(ctx context.Context, arn string, p []byte) ([]byte, error) {
			b, err := fn(ctx, arn, p)
			done.add(arn, p)
			return b, err
		})))
	cols := query.Schema{{Name: "TICKER_SYMBOL", Type: query.VarcharType(4)}, {Name: "Company", Type: query.VarcharType(20)}}
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{tickerInput},
		ReferenceDataSources: []analytics.ReferenceDataSource{{TableName: "CompanyName",
			S3ReferenceDataSource: analytics.S3ReferenceDataSource{BucketARN: "arn:aws:s3:::refs", FileKey: "TickerReference.csv"},
			ReferenceSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatCSV},
				RecordColumns: []analytics.RecordColumn{{Name: "Ticker", SqlType: "VARCHAR(4)"}, {Name: "Company", SqlType: "VARCHAR(20)"}}}}},
		Code: &analytics.Code{Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: cols}},
			Pumps: []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM", Steps: []query.Step{
				query.RefJoin{Table: "CompanyName", Alias: "c", Outer: true, Keys: []query.JoinKey{{Left: query.C("TICKER_SYMBOL"), Right: query.C("Ticker")}}},
				query.Project{Items: []query.Item{{Expr: query.C("TICKER_SYMBOL")}, {Expr: query.C("c.Company")}}}}}}},
		Outputs: []analytics.Output{{Name: "DESTINATION_SQL_STREAM", LambdaOutput: &analytics.LambdaOutput{ResourceARN: "arn:aws:lambda:us-east-1:000000000000:function:sink"},
			DestinationSchema: analytics.DestinationSchema{RecordFormatType: analytics.FormatCSV}}}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0, `{"ticker":"AMZN","price":1}`, `{"ticker":"QXZ","price":2}`, `{"ticker":"WAS","price":3}`)
	lambda := "arn:aws:lambda:us-east-1:000000000000:function:sink"
	done.waitFor(t, lambda, 1)
	// The failed record is sent again after a pause on the clock: the output's timer joins the engine's tick timer.
	if err := f.clk.WaitPending(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(100 * time.Millisecond)
	for calls := 2; ; calls++ { // the rows may come in more than one batch
		done.waitFor(t, lambda, calls)
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 3 {
			break
		}
	}
	mu.Lock()
	defer mu.Unlock()
	sort.Strings(got)
	want := "AMZN,Amazon\nQXZ,\nWAS,  SomeCompanyC\n"
	if strings.Join(got, "") != want {
		t.Errorf("delivered %q, want %q", strings.Join(got, ""), want)
	}
	mu.Unlock()
	if err := f.e.StopApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"}); err != nil { // waits for the output
		t.Fatal(err)
	}
	mu.Lock()
	d, _ := f.e.DescribeApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"})
	if o := d.OutputDescriptions[0]; o.RecordsDelivered != 3 || o.Failures != 0 {
		t.Errorf("output counters %+v", o)
	}
}

// TestCloseDrainsAnOutputThatKeepsFailing: an output whose destination refuses every record pauses on the clock
// between attempts; Close, in virtual time, does not wait for the clock: the last attempts follow at once, the
// records count as failures, and no goroutine is left.
func TestCloseDrainsAnOutputThatKeepsFailing(t *testing.T) {
	f := newFixture(t, analytics.WithFunctions(analytics.FunctionInvokerFunc(func(context.Context, string, []byte) ([]byte, error) {
		return nil, errors.New("ServiceException")
	})))
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{tickerInput}, Code: filterCode(0),
		Outputs: []analytics.Output{{Name: "DESTINATION_SQL_STREAM", LambdaOutput: &analytics.LambdaOutput{ResourceARN: "arn:aws:lambda:us-east-1:000000000000:function:down"},
			DestinationSchema: analytics.DestinationSchema{RecordFormatType: analytics.FormatJSON}}}})
	f.start(t, analytics.StartTrimHorizon)
	f.in.put(t0, `{"ticker":"AMZN","price":1}`)
	if err := f.clk.WaitPending(context.Background(), 2); err != nil { // the output pauses before its second attempt
		t.Fatal(err)
	}
	if err := f.e.StopApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"}); err != nil {
		t.Fatal(err)
	}
	d, _ := f.e.DescribeApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"})
	if o := d.OutputDescriptions[0]; d.ApplicationStatus != analytics.StatusReady || o.Failures != 1 || o.RecordsDelivered != 0 {
		t.Errorf("after Stop: %s, output %+v", d.ApplicationStatus, o)
	}
}
