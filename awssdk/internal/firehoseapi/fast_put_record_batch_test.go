package firehoseapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzFastPutRecordBatch: whenever the fast decoder takes a body, encoding/json decodes it to the same input
// (differential; encoding/json is the reference every other body is read with).
func FuzzFastPutRecordBatch(f *testing.F) {
	f.Add(`{"DeliveryStreamName":"s","Records":[{"Data":"AAE="},{"Data":""}]}`)
	f.Add(`{"Records":[],"DeliveryStreamName":"é"}`)
	f.Add(` { "Records" : [ { "Data" : "aGk=" } ] , "DeliveryStreamName" : "s" } `)
	f.Add(`{"Records":[{"Data":"AA\r\nE="}],"DeliveryStreamName":"s","DeliveryStreamName":"t"}`)
	f.Add(`{"Records":[{"Data":"AAE"}]}`)
	f.Add(`{"records":[]}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, body string) {
		var fast putRecordBatchInput
		if !fast.DecodeJSONFast([]byte(body)) {
			if !reflect.DeepEqual(fast, putRecordBatchInput{}) {
				t.Fatalf("a refused body changed the input: %+v", fast)
			}
			return
		}
		var ref putRecordBatchInput
		if err := json.Unmarshal([]byte(body), &ref); err != nil {
			t.Fatalf("fast decoder took %q, encoding/json: %v", body, err)
		}
		if !reflect.DeepEqual(fast, ref) {
			t.Fatalf("%q:\nfast %#v\njson %#v", body, fast, ref)
		}
	})
}

// The SDK's form of a PutRecordBatch request takes the fast path; forms it does not handle are left to
// encoding/json.
func TestFastPutRecordBatchTakesTheSDKsFormOnly(t *testing.T) {
	sdk := `{"DeliveryStreamName":"bench","Records":[{"Data":"aGVsbG8="},{"Data":""}]}`
	var in putRecordBatchInput
	if !in.DecodeJSONFast([]byte(sdk)) || in.DeliveryStreamName != "bench" || len(in.Records) != 2 || string(in.Records[0].Data) != "hello" ||
		in.Records[1].Data == nil || len(in.Records[1].Data) != 0 {
		t.Fatalf("SDK form: %+v", in)
	}
	for _, body := range []string{
		`{"DeliveryStreamName":"s\u00e9","Records":[]}`, // escape
		`{"records":[]}`,              // another case
		`{"Records":null}`,            // null
		`{"Records":[{"Data":null}]}`, // null data
		`{"Records":[{}]}`,            // no Data
		`{"Records":[{"Data":"!!"}]}`, // bad base64
		`{"Records":[],"Extra":1}`,    // unknown member
		`{"Records":[]} x`,            // trailing data
		`{"Records":[],"Records":[]}`, // a member twice
		`{"Records":[` + strings.Repeat(`{"Data":""},`, 500) + `{"Data":""}]}`, // 501 records
	} {
		if in := (putRecordBatchInput{}); in.DecodeJSONFast([]byte(body)) {
			t.Errorf("took %.60q", body)
		}
	}
}

// BenchmarkDecodePutRecordBatch decodes the SDK's body of 500 records of 1 KiB with the fast decoder and with
// encoding/json (through batchRecords' UnmarshalJSON), the fallback.
func BenchmarkDecodePutRecordBatch(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"DeliveryStreamName":"bench","Records":[`)
	rec := `{"Data":"` + strings.Repeat("QUJD", 1024/3) + `QQ=="}`
	for i := range 500 {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(rec)
	}
	sb.WriteString(`]}`)
	body := []byte(sb.String())
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var in putRecordBatchInput
			if !in.DecodeJSONFast(body) || len(in.Records) != 500 {
				b.Fatal("not taken")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var in putRecordBatchInput
			if err := json.Unmarshal(body, &in); err != nil || len(in.Records) != 500 {
				b.Fatal(err)
			}
		}
	})
}
