package videoapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk/internal/videoapi"
	"github.com/kinesim/kinesim/clock"
)

// The Video Streams control plane called with the JSON the SDK sends: a stream is created, described, and a
// missing one is refused as REST-JSON refuses it.
func ExampleHandler() {
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))), kinesim.WithSeed(1))
	defer acct.Close()
	h := videoapi.New(acct.Video())
	for _, call := range []struct{ path, body string }{
		{"/createStream", `{"StreamName":"cam","DataRetentionInHours":24}`},
		{"/getDataEndpoint", `{"StreamName":"cam","APIName":"GET_MEDIA"}`},
		{"/describeStream", `{"StreamName":"door"}`},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "http://127.0.0.1:4567"+call.path, strings.NewReader(call.body)))
		fmt.Println(call.path, w.Code, w.Header().Get("X-Amzn-ErrorType"), strings.TrimSpace(w.Body.String()))
	}
	// Output:
	// /createStream 200  {"StreamARN":"arn:aws:kinesisvideo:us-east-1:000000000000:stream/cam/1767225600000"}
	// /getDataEndpoint 200  {"DataEndpoint":"http://127.0.0.1:4567"}
	// /describeStream 404 ResourceNotFoundException {"__type":"ResourceNotFoundException","message":"The requested stream is not found or not active."}
}
