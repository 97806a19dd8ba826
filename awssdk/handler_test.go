package awssdk_test

import (
	"bytes"
	"encoding/json"

	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
)

// post sends body to h as an AWS JSON 1.1 request of target and returns the status, error type and message.
func post(t testing.TB, h http.Handler, target, contentType string, body []byte) (status int, errType, message string, resp []byte) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	r.Header.Set("Content-Type", contentType)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	resp = w.Body.Bytes()
	if w.Code != http.StatusOK {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(resp, &e); err != nil {
			t.Fatalf("error body %q: %v", resp, err)
		}
		if h := w.Header().Get("X-Amzn-ErrorType"); h != e.Type {
			t.Fatalf("X-Amzn-ErrorType %q, body __type %q", h, e.Type)
		}
		return w.Code, e.Type, e.Message, resp
	}
	return w.Code, "", "", resp
}

const jsonType = "application/x-amz-json-1.1"

// Requests that reach no operation, or whose body does not decode, are refused as AWS refuses them: an unknown
// target is an UnknownOperationException, a body that is not the operation's input a SerializationException,
// both HTTP 400; a body over the bound is HTTP 413.
func TestMalformedRequestsGetAWSErrors(t *testing.T) {
	acct := kinesim.New()
	defer acct.Close()
	h := awssdk.Handler(acct)
	for _, tc := range []struct {
		name, target, contentType, body string
		status                          int
		errType                         string
	}{
		{"no target", "", jsonType, `{}`, 400, "UnknownOperationException"},
		{"unknown operation", "Kinesis_20131202.FlyToTheMoon", jsonType, `{}`, 400, "UnknownOperationException"},
		{"unknown service", "Firehose_20150804.PutRecord", jsonType, `{}`, 400, "UnknownOperationException"},
		{"wrong content type", "Kinesis_20131202.ListStreams", "text/plain", `{}`, 400, "SerializationException"},
		{"bad json", "Kinesis_20131202.ListStreams", jsonType, `{"Limit":`, 400, "SerializationException"},
		{"not an object", "Kinesis_20131202.ListStreams", jsonType, `[1]`, 400, "SerializationException"},
		{"wrong member type", "Kinesis_20131202.PutRecord", jsonType, `{"StreamName":7}`, 400, "SerializationException"},
		{"blob not base64", "Kinesis_20131202.PutRecord", jsonType, `{"StreamName":"s","PartitionKey":"k","Data":"!!"}`, 400, "SerializationException"},
		{"timestamp not a number", "Kinesis_20131202.GetShardIterator", jsonType, `{"Timestamp":"yesterday"}`, 400, "SerializationException"},
		{"validation", "Kinesis_20131202.CreateStream", jsonType, `{"StreamName":"bad name!","ShardCount":1}`, 400, "ValidationException"},
	} {
		status, errType, msg, _ := post(t, h, tc.target, tc.contentType, []byte(tc.body))
		if status != tc.status || errType != tc.errType {
			t.Errorf("%s: %d %s (%s), want %d %s", tc.name, status, errType, msg, tc.status, tc.errType)
		}
	}
	big := `{"StreamName":"s","PartitionKey":"k","Data":"` + strings.Repeat("A", awssdk.MaxRequestBody) + `"}`
	if status, errType, _, _ := post(t, h, "Kinesis_20131202.PutRecord", jsonType, []byte(big)); status != http.StatusRequestEntityTooLarge || errType != "RequestEntityTooLargeException" {
		t.Errorf("oversized body: %d %s", status, errType)
	}
	// An empty body is an empty input, as for the SDKs' operations without members (ListStreams).
	if status, errType, msg, body := post(t, h, "Kinesis_20131202.ListStreams", jsonType, nil); status != 200 || !bytes.Contains(body, []byte(`"StreamNames":[]`)) {
		t.Errorf("empty ListStreams: %d %s %s %s", status, errType, msg, body)
	}
}
