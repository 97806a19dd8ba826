package kinesisapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzFastPutRecords: whenever the fast decoder takes a body, encoding/json decodes it to the same input
// (differential; encoding/json is the reference the SDKs' JSON is read with elsewhere).
func FuzzFastPutRecords(f *testing.F) {
	f.Add(`{"Records":[{"Data":"AAE=","PartitionKey":"k"},{"Data":"","PartitionKey":"k2","ExplicitHashKey":"7"}],"StreamName":"s"}`)
	f.Add(`{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","Records":[]}`)
	f.Add(` { "Records" : [ { } ] , "StreamName" : "é" } `)
	f.Add(`{"Records":[{"Data":"AA\r\nE="}],"StreamName":"s","StreamName":"t"}`)
	f.Add(`{"records":[]}`)
	f.Add("{\"Records\":[{\"Data\":\"AA\nE=\"},{\"Data\":\"QQ==\r\n\r\n\"}]}")
	f.Add(`{"Records":[{"Data":"QQ\u003d\u003d"},{"Data":"A\/A="},{"Data":"QQ=="}]}`)
	f.Add(`{}`)
	f.Add(`{"DryRun":true,"Records":[{"Data":"AAE=","PartitionKey":"k"}],"StreamName":"s"}`)
	f.Add(`{"DryRun":false,"DryRun":true}`)
	f.Add(`{"DryRun":truex}`)
	f.Add(`{"DryRun":null}`)
	f.Fuzz(func(t *testing.T, body string) {
		var fast putRecordsInput
		if !fast.DecodeJSONFast([]byte(body)) {
			if !reflect.DeepEqual(fast, putRecordsInput{}) {
				t.Fatalf("a refused body changed the input: %+v", fast)
			}
			return
		}
		var ref putRecordsInput
		if err := json.Unmarshal([]byte(body), &ref); err != nil {
			t.Fatalf("fast decoder took %q, encoding/json: %v", body, err)
		}
		if !reflect.DeepEqual(fast, ref) {
			t.Fatalf("%q:\nfast %#v\njson %#v", body, fast, ref)
		}
	})
}

// The SDK's form of a PutRecords request takes the fast path; forms it does not handle are left to encoding/json.
func TestFastPutRecordsTakesTheSDKsFormOnly(t *testing.T) {
	sdk := `{"Records":[{"Data":"aGVsbG8=","PartitionKey":"key-0"},{"Data":"","ExplicitHashKey":"0","PartitionKey":"key-1"}],"StreamName":"bench"}`
	var in putRecordsInput
	if !in.DecodeJSONFast([]byte(sdk)) || in.StreamName != "bench" || len(in.Records) != 2 || string(in.Records[0].Data) != "hello" ||
		in.Records[1].Data == nil || in.Records[1].ExplicitHashKey != "0" || in.Records[1].PartitionKey != "key-1" {
		t.Fatalf("SDK form: %+v", in)
	}
	// The SDK writes DryRun when it is set (PutRecordsInput.DryRun, aws-sdk-go-v2 service/kinesis v1.56.11).
	dry := `{"DryRun":true,"Records":[{"Data":"aGVsbG8=","PartitionKey":"key-0"}],"StreamName":"bench"}`
	if in := (putRecordsInput{}); !in.DecodeJSONFast([]byte(dry)) || !in.DryRun || in.StreamName != "bench" || len(in.Records) != 1 {
		t.Fatalf("SDK form with DryRun: %+v", in)
	}
	if in := (putRecordsInput{}); !in.DecodeJSONFast([]byte(`{"DryRun":false,"Records":[]}`)) || in.DryRun {
		t.Fatalf("DryRun false: %+v", in)
	}
	for _, body := range []string{
		`{"Records":[{"Data":"aGVsbG8=","PartitionKey":"k\u00e9"}]}`, // escape
		`{"records":[]}`,                                     // another case
		`{"Records":null}`,                                   // null
		`{"Records":[{"Data":"!!"}]}`,                        // bad base64
		"{\"Records\":[{\"Data\":\"AA\nE=\"}]}",              // a raw newline, which base64 skips
		"{\"Records\":[{\"Data\":\"QQ==\r\n\r\n\"}]}",        // raw line ends after the padding
		`{"Records":[{"Data":"A\/A="}]}`,                     // an escape inside the blob
		`{"Records":[{"Data":"QQ\u003d\u003d"}]}`,            // an escaped padding
		`{"Records":[{"Data":"QQ=\""}]}`,                     // an escaped quote
		"{\"Records\":[{\"Data\":\"QQ\xc3\xa9\"}]}",          // non-ASCII in the blob
		`{"Records":[],"Extra":1}`,                           // unknown member
		`{"Records":[]} x`,                                   // trailing data
		`{"DryRun":null,"Records":[]}`,                       // a null DryRun
		`{"DryRun":"true","Records":[]}`,                     // a string DryRun
		`{"DryRun":truest}`,                                  // not a literal
		`{"Records":[` + strings.Repeat(`{},`, 500) + `{}]}`, // 501 entries
	} {
		if in := (putRecordsInput{}); in.DecodeJSONFast([]byte(body)) {
			t.Errorf("took %.60q", body)
		}
	}
}
