package awssdk

import (
	"net/http"

	"github.com/kinesim/kinesim"
)

// RoundTripper returns an http.RoundTripper that serves each request with [Handler](acct) in process, as
// [HTTPClient] does: for clients that take an *http.Client rather than a [Doer], such as aws-sdk-go (v1), whose
// aws.Config.HTTPClient is one:
//
//	aws.Config{HTTPClient: &http.Client{Transport: awssdk.RoundTripper(acct)}, Endpoint: aws.String(awssdk.Endpoint), …}
//
// The RoundTripper is safe for concurrent use; it does not modify the request.
func RoundTripper(acct *kinesim.Account) http.RoundTripper {
	return roundTripper{InProcess(Handler(acct))}
}

type roundTripper struct{ d Doer }

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return rt.d.Do(req) }
