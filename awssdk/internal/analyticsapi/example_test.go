package analyticsapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk/internal/analyticsapi"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
)

// The Kinesis Analytics service of an account, called with the JSON the SDK sends: an application is created
// from SQL and listed; SQL with an unknown column is a CodeValidationException naming its line and column.
func ExampleService() {
	acct := kinesim.New()
	defer acct.Close()
	mux := wire.NewMux(analyticsapi.Service(acct.Analytics()))
	const input = `"Inputs":[{"NamePrefix":"SOURCE_SQL_STREAM","KinesisStreamsInput":{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/in","RoleARN":"arn:aws:iam::000000000000:role/r"},"InputSchema":{"RecordFormat":{"RecordFormatType":"JSON"},"RecordColumns":[{"Name":"PRICE","Mapping":"$.price","SqlType":"DOUBLE"}]}}]`
	for _, call := range []struct{ op, body string }{
		{"CreateApplication", `{"ApplicationName":"app",` + input + `,"ApplicationCode":"CREATE OR REPLACE STREAM \"D\" (PRICE DOUBLE);\nCREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"D\" SELECT STREAM PRICE FROM \"SOURCE_SQL_STREAM_001\" WHERE PRICE > 10;"}`},
		{"ListApplications", `{}`},
		{"CreateApplication", `{"ApplicationName":"bad",` + input + `,"ApplicationCode":"CREATE OR REPLACE STREAM \"D\" (PRICE DOUBLE);\nCREATE OR REPLACE PUMP \"P\" AS INSERT INTO \"D\" SELECT STREAM COST FROM \"SOURCE_SQL_STREAM_001\";"}`},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(call.body))
		r.Header.Set("X-Amz-Target", analyticsapi.Target+"."+call.op)
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(call.op, w.Code, w.Body.String())
	}
	// Output:
	// CreateApplication 200 {"ApplicationSummary":{"ApplicationName":"app","ApplicationARN":"arn:aws:kinesisanalytics:us-east-1:000000000000:application/app","ApplicationStatus":"READY"}}
	// ListApplications 200 {"ApplicationSummaries":[{"ApplicationName":"app","ApplicationARN":"arn:aws:kinesisanalytics:us-east-1:000000000000:application/app","ApplicationStatus":"READY"}],"HasMoreApplications":false}
	// CreateApplication 400 {"__type":"CodeValidationException","message":"line 2, column 61: column COST not found in (PRICE DOUBLE, APPROXIMATE_ARRIVAL_TIME TIMESTAMP)"}
}
