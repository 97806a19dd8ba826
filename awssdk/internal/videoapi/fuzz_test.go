package videoapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk/internal/videoapi"
)

var routes = []string{"/createStream", "/describeStream", "/listStreams", "/deleteStream", "/updateStream", "/updateDataRetention",
	"/tagStream", "/untagStream", "/listTagsForStream", "/TagResource", "/UntagResource", "/ListTagsForResource", "/getDataEndpoint",
	"/listFragments", "/getMediaForFragmentList", "/getClip", "/getImages", "/getMedia", "/putMedia", "/nope"}

// FuzzHandler sends arbitrary bodies to every route: the handler never panics and answers 200, 4xx, 501
// (GetImages without ffmpeg) or 503, never a 500 (every body is decoded, or refused as a SerializationException). The media routes, which stream,
// get a context already done, so only their decoding and validation run (and a valid request ends with the
// context's error, which no client reads).
func FuzzHandler(f *testing.F) {
	f.Add(uint8(0), `{"StreamName":"cam","DataRetentionInHours":24}`)
	f.Add(uint8(13), `{"StreamName":"cam","FragmentSelector":{"FragmentSelectorType":"SERVER_TIMESTAMP","TimestampRange":{"StartTimestamp":1e300,"EndTimestamp":-1}}}`)
	f.Add(uint8(15), `{"StreamName":"cam","StartSelector":{"StartSelectorType":"EARLIEST"}}`)
	f.Add(uint8(2), `{"MaxResults":-5,"StreamNameCondition":{"ComparisonOperator":"x"}}`)
	f.Add(uint8(1), `[`)
	acct := kinesim.New(kinesim.WithSeed(1))
	f.Cleanup(func() { _ = acct.Close() })
	h := videoapi.New(acct.Video())
	done, cancel := context.WithCancel(context.Background())
	cancel()
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		path := routes[int(route)%len(routes)]
		r := httptest.NewRequest(http.MethodPost, "http://kinesim.local"+path, strings.NewReader(body))
		if path == "/getMedia" || path == "/putMedia" {
			r = r.WithContext(done)
			r.Header.Set("x-amzn-stream-name", "cam")
			r.Header.Set("x-amzn-fragment-timecode-type", "ABSOLUTE")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		canceled := r.Context().Err() != nil && strings.Contains(w.Body.String(), context.Canceled.Error()) // nobody reads it
		if w.Code >= 500 && w.Code != http.StatusServiceUnavailable && w.Code != http.StatusNotImplemented && !canceled {
			t.Fatalf("%s %q: %d %s", path, body, w.Code, w.Body.String())
		}
	})
}
