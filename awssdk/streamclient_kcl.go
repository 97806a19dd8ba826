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

// The methods kcl.Kinesis needs: a KCL worker polls a stream through the SDK with them. Enhanced fan-out
// (kcl.WithFanOut) needs kcl.FanOut, whose SubscribeToShard returns the engine's *stream.ShardSubscription, which
// only the engine makes: through the SDK a worker polls. Sequence numbers are read with
// record.ParseSequenceNumber, which takes the numbers kinesim issues; one it cannot represent fails the call with
// an error wrapping record.ErrForeignSequenceNumber.

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
	sin := &kinesis.GetRecordsInput{ShardIterator: aws.String(in.ShardIterator), StreamARN: optString(in.StreamARN)}
	if in.Limit != 0 {
		sin.Limit = aws.Int32(int32(min(in.Limit, 1<<30)))
	}
	out, err := c.client.GetRecords(ctx, sin)
	if err != nil {
		return stream.GetRecordsOutput{}, sdkAPIError(err)
	}
	res := stream.GetRecordsOutput{
		Records:            make([]record.Record, len(out.Records)),
		NextShardIterator:  aws.ToString(out.NextShardIterator),
		MillisBehindLatest: aws.ToInt64(out.MillisBehindLatest),
	}
	for i, r := range out.Records {
		seq, err := kclSequenceNumber(r.SequenceNumber)
		if err != nil {
			return stream.GetRecordsOutput{}, err
		}
		res.Records[i] = record.Record{Data: r.Data, PartitionKey: aws.ToString(r.PartitionKey), SequenceNumber: seq,
			ApproximateArrivalTimestamp: aws.ToTime(r.ApproximateArrivalTimestamp), EncryptionType: string(r.EncryptionType)}
		if r.EncryptionType == types.EncryptionTypeNone {
			res.Records[i].EncryptionType = ""
		}
	}
	for _, ch := range out.ChildShards {
		hr, err := kclHashKeyRange(ch.HashKeyRange)
		if err != nil {
			return stream.GetRecordsOutput{}, err
		}
		res.ChildShards = append(res.ChildShards, stream.ChildShard{ShardId: aws.ToString(ch.ShardId), ParentShards: ch.ParentShards, HashKeyRange: hr})
	}
	return res, nil
}

// errKCLResponse: the service answered with a sequence number or hash key this adapter cannot represent.
var errKCLResponse = errors.New("awssdk: unusable value in a Kinesis response")

func kclSequenceNumber(s *string) (record.SequenceNumber, error) {
	if s == nil || *s == "" {
		return record.SequenceNumber{}, nil
	}
	n, err := record.ParseSequenceNumber(*s)
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
