package kinesim

import (
	"context"
	"errors"
	"iter"
	"strings"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// analyticsStreams lets Analytics read and write the account's data streams without importing package stream: the
// whole-stream follower for inputs (from a time; the zero time is the trim horizon), a read to the tip for schema
// discovery, and PutRecords for outputs.
type analyticsStreams struct{ e *stream.Engine }

func (s analyticsStreams) follow(ctx context.Context, streamARN string, from time.Time, toTip bool) iter.Seq2[record.Record, error] {
	p := stream.StartingPosition{Type: stream.TrimHorizon}
	if !from.IsZero() {
		p = stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: from}
	}
	return s.e.Follow(ctx, stream.FollowInput{StreamRef: stream.StreamRef{StreamARN: streamARN}, StartingPosition: p, StopAtTip: toTip})
}

func (s analyticsStreams) Follow(ctx context.Context, streamARN string, from time.Time) iter.Seq2[record.Record, error] {
	return s.follow(ctx, streamARN, from, false)
}

func (s analyticsStreams) ReadToTip(ctx context.Context, streamARN string, from time.Time) iter.Seq2[record.Record, error] {
	return s.follow(ctx, streamARN, from, true)
}

func (s analyticsStreams) PutRecords(ctx context.Context, streamARN string, recs []analytics.OutputRecord) ([]error, error) {
	in := stream.PutRecordsInput{StreamRef: stream.StreamRef{StreamARN: streamARN}, Records: make([]stream.PutRecordsEntry, len(recs))}
	for i, r := range recs {
		in.Records[i] = stream.PutRecordsEntry{Data: r.Data, PartitionKey: r.PartitionKey}
	}
	out, err := s.e.PutRecords(ctx, in)
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(recs))
	for i, r := range out.Records {
		if r.ErrorCode != "" && i < len(errs) {
			errs[i] = errors.New(r.ErrorCode + ": " + r.ErrorMessage)
		}
	}
	return errs, nil
}

// analyticsFirehose lets Analytics read the records put into the account's delivery streams (the follower of
// [firehose.Engine.Follow]), write to them (PutRecordBatch) and read reference data from Firehose's in-memory
// object store.
type analyticsFirehose struct{ e *firehose.Engine }

// deliveryStreamName is the name in a delivery stream's ARN.
func deliveryStreamName(deliveryStreamARN string) string {
	return deliveryStreamARN[strings.LastIndexByte(deliveryStreamARN, '/')+1:]
}

func (f analyticsFirehose) FollowDeliveryStream(ctx context.Context, deliveryStreamARN string, from time.Time) iter.Seq2[record.Record, error] {
	return f.e.Follow(ctx, deliveryStreamName(deliveryStreamARN), from)
}

func (f analyticsFirehose) PutRecordBatch(ctx context.Context, deliveryStreamARN string, data [][]byte) ([]error, error) {
	name := deliveryStreamName(deliveryStreamARN)
	in := firehose.PutRecordBatchInput{DeliveryStreamName: name, Records: make([]firehose.Record, len(data))}
	for i, d := range data {
		in.Records[i] = firehose.Record{Data: d}
	}
	out, err := f.e.PutRecordBatch(ctx, in)
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(data))
	for i, r := range out.RequestResponses {
		if r.ErrorCode != "" && i < len(errs) {
			errs[i] = errors.New(r.ErrorCode + ": " + r.ErrorMessage)
		}
	}
	return errs, nil
}

func (f analyticsFirehose) GetObject(_ context.Context, bucket, key string) ([]byte, error) {
	if s := f.e.Store(); s != nil {
		if b, ok := s.Get(bucket, key); ok {
			return b, nil
		}
	}
	return nil, errors.New("NoSuchKey: the object " + bucket + "/" + key + " does not exist")
}
