package kinesisapi

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/kinesim/kinesim/stream"
)

type putRecordsInput struct {
	ref
	Records putRecordsEntries `json:"Records"`
	DryRun  bool              `json:"DryRun"`
}

// putRecordsEntries decodes at most one entry more than the 500 a request may carry: the engine refuses the
// request for its length, and a body of millions of tiny entries costs no more memory than 501.
type putRecordsEntries []putRecordsEntry

func (p *putRecordsEntries) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('[') {
		return &json.UnmarshalTypeError{Value: "non-array", Field: "Records", Type: reflect.TypeFor[putRecordsEntries]()}
	}
	*p = putRecordsEntries{}
	for len(*p) <= stream.MaxPutRecordsEntries && d.More() {
		var e putRecordsEntry
		if err := d.Decode(&e); err != nil {
			return err
		}
		*p = append(*p, e)
	}
	return nil
}

type putRecordsEntry struct {
	Data            []byte `json:"Data"`
	PartitionKey    string `json:"PartitionKey"`
	ExplicitHashKey string `json:"ExplicitHashKey"`
}

type putRecordsOutput struct {
	FailedRecordCount int                `json:"FailedRecordCount"`
	Records           []putRecordsResult `json:"Records"`
	EncryptionType    string             `json:"EncryptionType,omitempty"`
}

type putRecordsResult struct {
	SequenceNumber string `json:"SequenceNumber,omitempty"`
	ShardId        string `json:"ShardId,omitempty"`
	ErrorCode      string `json:"ErrorCode,omitempty"`
	ErrorMessage   string `json:"ErrorMessage,omitempty"`
}

func (a api) putRecords(ctx context.Context, in *putRecordsInput) (*putRecordsOutput, error) {
	entries := make([]stream.PutRecordsEntry, len(in.Records))
	for i, r := range in.Records {
		entries[i] = stream.PutRecordsEntry{Data: r.Data, PartitionKey: r.PartitionKey, ExplicitHashKey: r.ExplicitHashKey}
	}
	p, err := a.e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: in.stream(), Records: entries, DryRun: in.DryRun})
	if err != nil {
		return nil, err
	}
	// The sequence numbers' text is written into one strings.Builder, which the results slice: one allocation
	// for all of them rather than one each (a string of the Builder stays valid as it grows).
	out := &putRecordsOutput{FailedRecordCount: p.FailedRecordCount, Records: make([]putRecordsResult, len(p.Records)), EncryptionType: p.EncryptionType}
	var seqs strings.Builder
	seqs.Grow(39 * len(p.Records)) // a sequence number has at most 39 digits (2^128−1)
	for i, r := range p.Records {
		var digits [39]byte
		text, _ := r.SequenceNumber.AppendText(digits[:0])
		start := seqs.Len()
		seqs.Write(text)
		out.Records[i] = putRecordsResult{SequenceNumber: seqs.String()[start:], ShardId: r.ShardId, ErrorCode: r.ErrorCode, ErrorMessage: r.ErrorMessage}
	}
	return out, nil
}
