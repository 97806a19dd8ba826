package kinesisapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk/internal/kinesisapi"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
)

// The Kinesis service of an engine, called with the JSON the SDK sends.
func ExampleService() {
	acct := kinesim.New()
	defer acct.Close()
	mux := wire.NewMux(kinesisapi.Service(acct.Streams()))
	for _, call := range []struct{ op, body string }{
		{"CreateStream", `{"StreamName":"orders","ShardCount":1}`},
		{"ListStreams", `{}`},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(call.body))
		r.Header.Set("X-Amz-Target", kinesisapi.Target+"."+call.op)
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(call.op, w.Code, strings.Contains(w.Body.String(), `"StreamNames":["orders"]`))
	}
	// Output:
	// CreateStream 200 false
	// ListStreams 200 true
}
