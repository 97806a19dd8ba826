package awssdk

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// The methods kcl.Kinesis needs: a KCL worker polls a stream through the SDK with them. Enhanced fan-out
// (kcl.WithFanOut) needs kcl.FanOut, whose SubscribeToShard returns the engine's *stream.ShardSubscription, which
// only the engine makes: through the SDK a worker polls. Sequence numbers are read with
// record.ParseSequenceNumber, which takes the numbers kinesim issues; one it cannot represent fails the call with
// an error wrapping record.ErrForeignSequenceNumber.

// ListShards calls the SDK's ListShards. Errors are the service's, as apierr values ([kclAPIError]).
func (c *StreamClient) ListShards(ctx context.Context, in stream.ListShardsInput) (stream.ListShardsOutput, error) {
	if ctx == nil {
		return stream.ListShardsOutput{}, stream.ErrNilContext
	}
	sin := &kinesis.ListShardsInput{
		StreamName:            kclString(in.StreamName),
		StreamARN:             kclString(in.StreamARN),
		NextToken:             kclString(in.NextToken),
		ExclusiveStartShardId: kclString(in.ExclusiveStartShardId),
	}
	if in.MaxResults != 0 {
		sin.MaxResults = aws.Int32(int32(min(in.MaxResults, 1<<30)))
	}
	if !in.StreamCreationTimestamp.IsZero() {
		sin.StreamCreationTimestamp = aws.Time(in.StreamCreationTimestamp)
	}
	if f := in.ShardFilter; f != nil {
		sin.ShardFilter = &types.ShardFilter{Type: types.ShardFilterType(f.Type), ShardId: kclString(f.ShardId)}
		if !f.Timestamp.IsZero() {
			sin.ShardFilter.Timestamp = aws.Time(f.Timestamp)
		}
	}
	out, err := c.client.ListShards(ctx, sin)
	if err != nil {
		return stream.ListShardsOutput{}, kclAPIError(err)
	}
	res := stream.ListShardsOutput{Shards: make([]stream.Shard, 0, len(out.Shards)), NextToken: aws.ToString(out.NextToken)}
	for _, s := range out.Shards {
		sh := stream.Shard{
			ShardId:               aws.ToString(s.ShardId),
			ParentShardId:         aws.ToString(s.ParentShardId),
			AdjacentParentShardId: aws.ToString(s.AdjacentParentShardId),
		}
		if sh.HashKeyRange, err = kclHashKeyRange(s.HashKeyRange); err != nil {
			return stream.ListShardsOutput{}, err
		}
		if r := s.SequenceNumberRange; r != nil {
			if sh.SequenceNumberRange.StartingSequenceNumber, err = kclSequenceNumber(r.StartingSequenceNumber); err != nil {
				return stream.ListShardsOutput{}, err
			}
			if sh.SequenceNumberRange.EndingSequenceNumber, err = kclSequenceNumber(r.EndingSequenceNumber); err != nil {
				return stream.ListShardsOutput{}, err
			}
		}
		res.Shards = append(res.Shards, sh)
	}
	return res, nil
}

// GetShardIterator calls the SDK's GetShardIterator.
func (c *StreamClient) GetShardIterator(ctx context.Context, in stream.GetShardIteratorInput) (stream.GetShardIteratorOutput, error) {
	if ctx == nil {
		return stream.GetShardIteratorOutput{}, stream.ErrNilContext
	}
	sin := &kinesis.GetShardIteratorInput{
		StreamName:             kclString(in.StreamName),
		StreamARN:              kclString(in.StreamARN),
		ShardId:                aws.String(in.ShardId),
		ShardIteratorType:      types.ShardIteratorType(in.ShardIteratorType),
		StartingSequenceNumber: kclString(in.StartingSequenceNumber),
	}
	if !in.Timestamp.IsZero() {
		sin.Timestamp = aws.Time(in.Timestamp)
	}
	out, err := c.client.GetShardIterator(ctx, sin)
	if err != nil {
		return stream.GetShardIteratorOutput{}, kclAPIError(err)
	}
	return stream.GetShardIteratorOutput{ShardIterator: aws.ToString(out.ShardIterator)}, nil
}

// GetRecords calls the SDK's GetRecords. The records carry no ShardId (the SDK's do not); their Data are the
// response's.
func (c *StreamClient) GetRecords(ctx context.Context, in stream.GetRecordsInput) (stream.GetRecordsOutput, error) {
	if ctx == nil {
		return stream.GetRecordsOutput{}, stream.ErrNilContext
	}
	sin := &kinesis.GetRecordsInput{ShardIterator: aws.String(in.ShardIterator), StreamARN: kclString(in.StreamARN)}
	if in.Limit != 0 {
		sin.Limit = aws.Int32(int32(min(in.Limit, 1<<30)))
	}
	out, err := c.client.GetRecords(ctx, sin)
	if err != nil {
		return stream.GetRecordsOutput{}, kclAPIError(err)
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

// kclAPIError turns the SDK's error for a service exception into the apierr value of its code, so that callers
// match it with errors.Is as they match the engine's; other errors (transport, context) pass unchanged.
func kclAPIError(err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if k := apierr.ByCode(ae.ErrorCode()); k != nil {
			return k.With(ae.ErrorMessage())
		}
	}
	return err
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

// kclString is nil for "", else a pointer to s: the SDK leaves nil members out of a request.
func kclString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
