package process_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/kinesim/kinesim/firehose/process"
)

// FuzzParseResponse: no panic; what parses is written back to JSON that parses to the same records.
func FuzzParseResponse(f *testing.F) {
	f.Add([]byte(`{"records":[{"recordId":"a","result":"Ok","data":"eA==","metadata":{"partitionKeys":{"k":"v"}}}]}`))
	f.Add([]byte(`{"records":[]}`))
	f.Add([]byte(`{"records":[{"recordId":"\u2028","result":"Dropped"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, err := process.ParseResponse(body)
		if err != nil {
			if !errors.Is(err, process.ErrMalformedResponse) {
				t.Fatalf("error %v does not match ErrMalformedResponse", err)
			}
			return
		}
		js := process.AppendResponse(nil, resp)
		if process.ResponseSize(resp) != len(js) {
			t.Fatalf("ResponseSize %d != %d", process.ResponseSize(resp), len(js))
		}
		back, err := process.ParseResponse(js)
		if err != nil || len(back) != len(resp) {
			t.Fatalf("round trip: %v", err)
		}
		for i := range resp {
			if !bytes.Equal(back[i].Data, resp[i].Data) || back[i].Result != resp[i].Result || len(back[i].Metadata.PartitionKeys) != len(resp[i].Metadata.PartitionKeys) {
				t.Fatalf("record %d: %+v != %+v", i, back[i], resp[i])
			}
		}
	})
}

// FuzzParseEvent: no panic; a parsed event is written back and parses to the same event.
func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"invocationId":"i","deliveryStreamArn":"a","region":"r","records":[{"recordId":"1","approximateArrivalTimestamp":1,"data":"eA=="}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := process.ParseEvent(body)
		if err != nil {
			return
		}
		back, err := process.ParseEvent(process.AppendEvent(nil, req))
		if err != nil || len(back.Records) != len(req.Records) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzSplit: no panic; the pieces of a delimited record lie within it, in order, at most 500.
func FuzzSplit(f *testing.F) {
	f.Add([]byte(`{"a":1}{"a":2}`), []byte("#"))
	f.Add([]byte("a#b#"), []byte("#"))
	f.Fuzz(func(t *testing.T, data, delim []byte) {
		if parts, err := (&process.DeAggregation{SubRecordType: process.SubRecordJSON}).Split(data); err == nil {
			for _, p := range parts {
				if len(p) == 0 || p[0] != '{' || !bytes.Contains(data, p) {
					t.Fatalf("JSON piece %q", p)
				}
			}
		}
		if len(delim) == 0 {
			return
		}
		parts, err := (&process.DeAggregation{SubRecordType: process.SubRecordDelimited, Delimiter: delim}).Split(data)
		if err != nil {
			if !errors.Is(err, process.ErrTooManySubRecords) {
				t.Fatal(err)
			}
			return
		}
		if len(parts) > process.MaxSubRecords {
			t.Fatalf("%d pieces", len(parts))
		}
		joined := bytes.Join(parts, delim)
		if !bytes.Equal(joined, data) && !bytes.Equal(append(joined, delim...), data) {
			t.Fatalf("pieces %q do not make %q", parts, data)
		}
	})
}

// FuzzParseConfiguration: no panic on any parameter values; an accepted delimiter is the base64 it was given.
func FuzzParseConfiguration(f *testing.F) {
	f.Add("Lambda", "LambdaArn", "arn:aws:lambda:us-east-1:123456789012:function:f", "BufferSizeInMBs", "1.5")
	f.Add("RecordDeAggregation", "SubRecordType", "DELIMITED", "Delimiter", "IyMjIw==")
	f.Fuzz(func(t *testing.T, typ, n1, v1, n2, v2 string) {
		c, err := process.ParseConfiguration("p", &process.ProcessingConfiguration{Enabled: new(true), Processors: []process.Processor{{
			Type: process.ProcessorType(typ), Parameters: []process.ProcessorParameter{
				{ParameterName: process.ProcessorParameterName(n1), ParameterValue: &v1},
				{ParameterName: process.ProcessorParameterName(n2), ParameterValue: &v2},
			}}}})
		if err != nil {
			return
		}
		if d := c.DeAggregation; d != nil && d.SubRecordType == process.SubRecordDelimited {
			if base64.StdEncoding.EncodeToString(d.Delimiter) != map[bool]string{true: v1, false: v2}[n1 == "Delimiter"] {
				t.Fatalf("delimiter %q", d.Delimiter)
			}
		}
		if l := c.Lambda; l != nil && (l.BufferSize != 0 && (l.BufferSize < process.MinBufferSize || l.BufferSize > process.MaxBufferSize)) {
			t.Fatalf("buffer size %d", l.BufferSize)
		}
	})
}

// FuzzCSVToJSON: no panic on any record; what converts is one valid JSON object with the declared keys, or an
// error matching ErrCSV; and any two fields written by encoding/csv (RFC 4180 quoting) read back as they were.
func FuzzCSVToJSON(f *testing.F) {
	f.Add([]byte("a,\"c,\"\"d\"\n"), "x", "y\r\nz")
	f.Add([]byte("\"a\nb\",c\r\n"), "", `"`)
	c := &process.CSVToJSON{Columns: []string{"x", "y"}}
	f.Fuzz(func(t *testing.T, data []byte, x, y string) {
		js, err := c.Convert(data)
		if err != nil {
			if !errors.Is(err, process.ErrCSV) {
				t.Fatalf("%q: %v", data, err)
			}
		} else {
			var obj map[string]any
			if !jsonValid(js) || json.Unmarshal(js, &obj) != nil || len(obj) != 2 {
				t.Fatalf("%q from %q", js, data)
			}
		}
		if utf8.ValidString(x) && utf8.ValidString(y) {
			roundTripCSV(t, c, []string{x, y})
		}
	})
}

// FuzzDecompressAndExtract: no panic on any record; what inflates is bounded by MaxDecompressedSize.
func FuzzDecompressAndExtract(f *testing.F) {
	f.Add([]byte(`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"m"}]}`))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	d := &process.Decompression{CompressionFormat: "GZIP"}
	c := &process.CloudWatchLogProcessing{DataMessageExtraction: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		if out, err := d.Decompress(data); err == nil && len(out) > process.MaxDecompressedSize {
			t.Fatalf("%d bytes", len(out))
		}
		if msgs, err := c.Extract(data); err == nil && len(msgs) > len(data) {
			t.Fatalf("%d messages from %d bytes", len(msgs), len(data))
		}
	})
}
