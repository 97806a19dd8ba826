package awssdk_test

import (
	"bytes"
	"encoding/json"

	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/smithy-go/encoding/cbor"

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

// postCBOR sends body to h as a Smithy RPCv2 CBOR request of op and returns the status, the response body and
// (for an error) the body's __type; it fails the test if an error body is not a CBOR map with a string __type.
func postCBOR(t testing.TB, h http.Handler, op string, body []byte) (status int, errType string, resp []byte) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/service/Kinesis_20131202/operation/"+url.PathEscape(op), bytes.NewReader(body))
	r.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	r.Header.Set("Content-Type", "application/cbor")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	resp = w.Body.Bytes()
	if w.Header().Get("Smithy-Protocol") != "rpc-v2-cbor" {
		t.Fatalf("response without Smithy-Protocol: %v", w.Header())
	}
	if w.Code == http.StatusOK {
		return w.Code, "", resp
	}
	v, err := cbor.Decode(resp)
	m, ok := v.(cbor.Map)
	if err != nil || !ok {
		t.Fatalf("error body %x: %v", resp, err)
	}
	typ, ok := m["__type"].(cbor.String)
	if !ok {
		t.Fatalf("error body without __type: %v", m)
	}
	return w.Code, string(typ), resp
}

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
		{"unknown service", "KinesisVideo_20170930.PutMedia", jsonType, `{}`, 400, "UnknownOperationException"},
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
	// A body over 1 MiB for an operation without records is refused too.
	tags := `{"ResourceARN":"` + strings.Repeat("a", 1<<20) + `"}`
	if status, errType, _, _ := post(t, h, "Kinesis_20131202.ListTagsForResource", jsonType, []byte(tags)); status != http.StatusRequestEntityTooLarge || errType != "RequestEntityTooLargeException" {
		t.Errorf("oversized ListTagsForResource: %d %s", status, errType)
	}
	// AWS JSON 1.0 is served as 1.1 is (some SDKs of other languages send it).
	if status, errType, msg, _ := post(t, h, "Kinesis_20131202.ListStreams", "application/x-amz-json-1.0; charset=utf-8", []byte(`{}`)); status != 200 {
		t.Errorf("AWS JSON 1.0: %d %s %s", status, errType, msg)
	}
	// An empty body is an empty input, as for the SDKs' operations without members (ListStreams).
	if status, errType, msg, body := post(t, h, "Kinesis_20131202.ListStreams", jsonType, nil); status != 200 || !bytes.Contains(body, []byte(`"StreamNames":[]`)) {
		t.Errorf("empty ListStreams: %d %s %s %s", status, errType, msg, body)
	}
}

// A request of many tiny items costs no more than a small one: PutRecords decodes at most 501 entries (and the
// engine refuses more than 500 with AWS's validation message), and an RPCv2 body with more than 65,536 CBOR data
// items is refused before it is decoded.
func TestHugeRequestsAreRefusedWithoutDecodingThemWhole(t *testing.T) {
	acct := kinesim.New()
	defer acct.Close()
	h := awssdk.Handler(acct)
	body := `{"StreamName":"s","Records":[` + strings.Repeat(`{"PartitionKey":"k","Data":""},`, 200_000) + `{}]}`
	status, errType, msg, _ := post(t, h, "Kinesis_20131202.PutRecords", jsonType, []byte(body))
	if status != 400 || errType != "ValidationException" || !strings.Contains(msg, "Member must have length less than or equal to 500") {
		t.Errorf("200,001 entries: %d %s %s", status, errType, msg)
	}
	list := make(cbor.List, 70_000)
	for i := range list {
		list[i] = cbor.Uint(0)
	}
	status, errType, _ = postCBOR(t, h, "PutRecords", cbor.Encode(cbor.Map{"StreamName": cbor.String("s"), "Records": list}))
	if status != 400 || errType != "SerializationException" {
		t.Errorf("70,000 CBOR items: %d %s", status, errType)
	}
}
