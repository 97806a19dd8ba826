package firehoseapi

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"

	"github.com/kinesim/kinesim/firehose"
)

type putRecordBatchInput struct {
	DeliveryStreamName string       `json:"DeliveryStreamName"`
	Records            batchRecords `json:"Records"`
}

// batchRecords decodes at most one record more than the 500 a request may carry: the engine refuses the request
// for its length, and a body of millions of tiny records costs no more memory than 501.
type batchRecords []firehose.Record

func (p *batchRecords) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('[') {
		return &json.UnmarshalTypeError{Value: "non-array", Field: "Records", Type: reflect.TypeFor[batchRecords]()}
	}
	*p = batchRecords{}
	for len(*p) <= firehose.MaxBatchRecords && d.More() {
		var r record
		if err := d.Decode(&r); err != nil {
			return err
		}
		*p = append(*p, firehose.Record{Data: r.Data})
	}
	return nil
}

type putRecordBatchOutput struct {
	FailedPutCount   int                           `json:"FailedPutCount"`
	Encrypted        bool                          `json:"Encrypted"`
	RequestResponses []putRecordBatchResponseEntry `json:"RequestResponses"`
}

type putRecordBatchResponseEntry struct {
	RecordId     string `json:"RecordId,omitempty"`
	ErrorCode    string `json:"ErrorCode,omitempty"`
	ErrorMessage string `json:"ErrorMessage,omitempty"`
}

func (a api) putRecordBatch(ctx context.Context, in *putRecordBatchInput) (*putRecordBatchOutput, error) {
	out, err := a.e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: in.DeliveryStreamName, Records: in.Records})
	if err != nil {
		return nil, err
	}
	res := &putRecordBatchOutput{FailedPutCount: out.FailedPutCount, Encrypted: out.Encrypted,
		RequestResponses: make([]putRecordBatchResponseEntry, len(out.RequestResponses))}
	for i, r := range out.RequestResponses {
		res.RequestResponses[i] = putRecordBatchResponseEntry(r)
	}
	return res, nil
}
