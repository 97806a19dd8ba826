package awssdk

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// The methods kcl.Kinesis and kcl.FanOut need: a KCL worker reads a stream through the SDK with them, polling
// (GetShardIterator, GetRecords) or by enhanced fan-out (SubscribeToShard). Sequence numbers are read with
// record.ParseAnySequenceNumber: a number kinesim issued reads as the engine's, and AWS's own (56-digit decimals)
// read as foreign numbers that keep AWS's exact text, so a worker checkpoints them and resumes after them (the
// text it sends back in StartingSequenceNumber is AWS's). A number that is not a decimal AWS's pattern allows
// fails the call with an error wrapping record.ErrMalformedSequenceNumber.

// GetShardIterator calls the SDK's GetShardIterator.
func (c *StreamClient) GetShardIterator(ctx context.Context, in stream.GetShardIteratorInput) (stream.GetShardIteratorOutput, error) {
	if ctx == nil {
		return stream.GetShardIteratorOutput{}, stream.ErrNilContext
	}
	sin := &kinesis.GetShardIteratorInput{
		StreamName:             optString(in.StreamName),
		StreamARN:              optString(in.StreamARN),
		ShardId:                aws.String(in.ShardId),
		ShardIteratorType:      types.ShardIteratorType(in.ShardIteratorType),
		StartingSequenceNumber: optString(in.StartingSequenceNumber),
		DryRun:                 optBool(in.DryRun),
	}
	if !in.Timestamp.IsZero() {
		sin.Timestamp = aws.Time(in.Timestamp)
	}
	out, err := c.client.GetShardIterator(ctx, sin)
	if err != nil {
		return stream.GetShardIteratorOutput{}, sdkAPIError(err)
	}
	return stream.GetShardIteratorOutput{ShardIterator: aws.ToString(out.ShardIterator)}, nil
}

// GetRecords calls the SDK's GetRecords. The records carry no ShardId (the SDK's do not); their Data are the
// response's.
func (c *StreamClient) GetRecords(ctx context.Context, in stream.GetRecordsInput) (stream.GetRecordsOutput, error) {
	if ctx == nil {
		return stream.GetRecordsOutput{}, stream.ErrNilContext
	}
	sin := &kinesis.GetRecordsInput{ShardIterator: aws.String(in.ShardIterator), StreamARN: optString(in.StreamARN), DryRun: optBool(in.DryRun)}
	if in.Limit != 0 {
		sin.Limit = aws.Int32(int32(min(in.Limit, 1<<30)))
	}
	out, err := c.client.GetRecords(ctx, sin)
	if err != nil {
		return stream.GetRecordsOutput{}, sdkAPIError(err)
	}
	recs, err := sdkRecords(out.Records)
	if err != nil {
		return stream.GetRecordsOutput{}, err
	}
	children, err := sdkChildShards(out.ChildShards)
	if err != nil {
		return stream.GetRecordsOutput{}, err
	}
	return stream.GetRecordsOutput{
		Records:            recs,
		NextShardIterator:  aws.ToString(out.NextShardIterator),
		MillisBehindLatest: aws.ToInt64(out.MillisBehindLatest),
		ChildShards:        children,
	}, nil
}

// sdkRecords converts the SDK's records: never nil. They carry no ShardId (the SDK's do not); their Data are the
// response's.
func sdkRecords(rs []types.Record) ([]record.Record, error) {
	out := make([]record.Record, len(rs))
	for i, r := range rs {
		seq, err := sdkSequenceNumber(r.SequenceNumber)
		if err != nil {
			return nil, err
		}
		out[i] = record.Record{Data: r.Data, PartitionKey: aws.ToString(r.PartitionKey), SequenceNumber: seq,
			ApproximateArrivalTimestamp: aws.ToTime(r.ApproximateArrivalTimestamp), EncryptionType: string(r.EncryptionType)}
		if r.EncryptionType == types.EncryptionTypeNone {
			out[i].EncryptionType = ""
		}
	}
	return out, nil
}

// sdkChildShards converts the SDK's child shards (nil for none).
func sdkChildShards(cs []types.ChildShard) ([]stream.ChildShard, error) {
	var out []stream.ChildShard
	for _, ch := range cs {
		hr, err := kclHashKeyRange(ch.HashKeyRange)
		if err != nil {
			return nil, err
		}
		out = append(out, stream.ChildShard{ShardId: aws.ToString(ch.ShardId), ParentShards: ch.ParentShards, HashKeyRange: hr})
	}
	return out, nil
}

// errKCLResponse: the service answered with a sequence number or hash key this adapter cannot represent.
var errKCLResponse = errors.New("awssdk: unusable value in a Kinesis response")

// sdkSequenceNumber reads a sequence number of the service, kinesim's or AWS's (zero when absent).
func sdkSequenceNumber(s *string) (record.SequenceNumber, error) {
	if s == nil || *s == "" {
		return record.SequenceNumber{}, nil
	}
	n, err := record.ParseAnySequenceNumber(*s)
	if err != nil {
		return record.SequenceNumber{}, fmt.Errorf("%w: sequence number %q: %w", errKCLResponse, *s, err)
	}
	return n, nil
}

func kclHashKeyRange(r *types.HashKeyRange) (record.HashKeyRange, error) {
	if r == nil {
		return record.HashKeyRange{}, nil
	}
	lo, err := record.ParseHashKey(aws.ToString(r.StartingHashKey))
	if err != nil {
		return record.HashKeyRange{}, fmt.Errorf("%w: starting hash key: %w", errKCLResponse, err)
	}
	hi, err := record.ParseHashKey(aws.ToString(r.EndingHashKey))
	if err != nil {
		return record.HashKeyRange{}, fmt.Errorf("%w: ending hash key: %w", errKCLResponse, err)
	}
	return record.HashKeyRange{StartingHashKey: lo, EndingHashKey: hi}, nil
}
