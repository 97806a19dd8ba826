package process_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/kinesim/kinesim/firehose/process"
)

func benchBatch(n, size int) *process.Request {
	req := &process.Request{Records: make([]process.Record, n)}
	for i := range req.Records {
		req.Records[i] = process.Record{RecordId: strconv.Itoa(i), Data: make([]byte, size)}
	}
	return req
}

// BenchmarkInvokeIdentity: the cost of the contract around a transformation (validation, outcomes), per batch of
// 1,000 records of 1 KiB (1 MiB, the default processing buffer).
func BenchmarkInvokeIdentity(b *testing.B) {
	req := benchBatch(1000, 1024)
	tr := echo(process.Ok)
	b.ReportAllocs()
	b.SetBytes(1000 * 1024)
	for b.Loop() {
		if inv := process.Invoke(context.Background(), tr, req, 0); inv.Err != nil {
			b.Fatal(inv.Err)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	req := benchBatch(1000, 1024)
	resp, _ := echo(process.Ok).Transform(context.Background(), req)
	b.ReportAllocs()
	b.SetBytes(1000 * 1024)
	for b.Loop() {
		if _, err := process.Check(req.Records, resp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDropNullFields(b *testing.B) {
	req := &process.Request{Records: make([]process.Record, 100)}
	data := []byte(`{"id":12345,"user":"someone","email":null,"tags":["a","b"],"meta":{"x":null,"y":2.5},"ts":"2026-12-01T10:00:00Z"}`)
	for i := range req.Records {
		req.Records[i] = process.Record{RecordId: strconv.Itoa(i), Data: data}
	}
	tr := process.DropNullFields()
	b.ReportAllocs()
	b.SetBytes(int64(100 * len(data)))
	for b.Loop() {
		if _, err := tr.Transform(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitJSON(b *testing.B) {
	var data []byte
	for range 100 {
		data = append(data, `{"id":12345,"user":"someone","v":[1,2,3]}`+"\n"...)
	}
	d := &process.DeAggregation{SubRecordType: process.SubRecordJSON}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := d.Split(data); err != nil {
			b.Fatal(err)
		}
	}
}
