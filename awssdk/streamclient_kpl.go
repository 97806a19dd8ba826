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

// The methods kpl.Client needs: a kpl.Producer puts into a stream through the SDK with them, in process (an
// account's [HTTPClient]) or against AWS.

// PutRecords calls the SDK's PutRecords with the entries of in, in order, and converts the result entries back.
// A result's sequence number is read with record.ParseAnySequenceNumber, so AWS's own (56-digit decimals) keep
// their exact text; one that is not a decimal at all (no service sends it) is left zero rather than failing a call
// whose records were stored. The ShardId, ErrorCode and ErrorMessage are the service's. Errors: the service's exception as its
// apierr value (errors.Is(err, apierr.ProvisionedThroughputExceeded)); transport and context errors as the SDK
// returns them; stream.ErrNilContext for a nil ctx; an error for a StreamClient without an SDK client.
func (c *StreamClient) PutRecords(ctx context.Context, in stream.PutRecordsInput) (stream.PutRecordsOutput, error) {
	if ctx == nil {
		return stream.PutRecordsOutput{}, stream.ErrNilContext
	}
	if c == nil || c.client == nil {
		return stream.PutRecordsOutput{}, errKPLNilClient
	}
	sin := &kinesis.PutRecordsInput{
		StreamName: optString(in.StreamName),
		StreamARN:  optString(in.StreamARN),
		Records:    make([]types.PutRecordsRequestEntry, len(in.Records)),
		DryRun:     optBool(in.DryRun),
	}
	for i, r := range in.Records {
		data := r.Data
		if data == nil {
			data = []byte{} // the SDK requires Data, even empty
		}
		sin.Records[i] = types.PutRecordsRequestEntry{Data: data, PartitionKey: aws.String(r.PartitionKey), ExplicitHashKey: optString(r.ExplicitHashKey)}
	}
	out, err := c.client.PutRecords(ctx, sin)
	if err != nil {
		return stream.PutRecordsOutput{}, sdkAPIError(err)
	}
	res := stream.PutRecordsOutput{
		FailedRecordCount: int(aws.ToInt32(out.FailedRecordCount)),
		Records:           make([]stream.PutRecordsResultEntry, len(out.Records)),
		EncryptionType:    string(out.EncryptionType),
	}
	for i, r := range out.Records {
		res.Records[i] = stream.PutRecordsResultEntry{
			SequenceNumber: kplSequenceNumber(r.SequenceNumber),
			ShardId:        aws.ToString(r.ShardId),
			ErrorCode:      aws.ToString(r.ErrorCode),
			ErrorMessage:   aws.ToString(r.ErrorMessage),
		}
	}
	return res, nil
}

// errKPLNilClient is returned by the methods of a StreamClient made without a *kinesis.Client.
var errKPLNilClient = errors.New("awssdk: StreamClient without a *kinesis.Client")

// ListShards calls the SDK's ListShards and converts the shards: ids, parents, hash-key ranges and sequence-number
// ranges, whose sequence numbers, kinesim's or AWS's, are read with record.ParseAnySequenceNumber (a closed shard
// has a non-zero EndingSequenceNumber). Errors: as [StreamClient.PutRecords]; a hash key that is not a decimal in
// 0 … 2^128−1, or a sequence number that is not a decimal AWS's pattern allows, fails the call.
func (c *StreamClient) ListShards(ctx context.Context, in stream.ListShardsInput) (stream.ListShardsOutput, error) {
	if ctx == nil {
		return stream.ListShardsOutput{}, stream.ErrNilContext
	}
	if c == nil || c.client == nil {
		return stream.ListShardsOutput{}, errKPLNilClient
	}
	sin := &kinesis.ListShardsInput{
		StreamName:            optString(in.StreamName),
		StreamARN:             optString(in.StreamARN),
		NextToken:             optString(in.NextToken),
		ExclusiveStartShardId: optString(in.ExclusiveStartShardId),
	}
	if in.MaxResults > 0 {
		sin.MaxResults = aws.Int32(int32(min(in.MaxResults, stream.MaxListShardsResults*10)))
	}
	if !in.StreamCreationTimestamp.IsZero() {
		sin.StreamCreationTimestamp = aws.Time(in.StreamCreationTimestamp)
	}
	if f := in.ShardFilter; f != nil {
		sin.ShardFilter = &types.ShardFilter{Type: types.ShardFilterType(f.Type), ShardId: optString(f.ShardId)}
		if !f.Timestamp.IsZero() {
			sin.ShardFilter.Timestamp = aws.Time(f.Timestamp)
		}
	}
	out, err := c.client.ListShards(ctx, sin)
	if err != nil {
		return stream.ListShardsOutput{}, sdkAPIError(err)
	}
	res := stream.ListShardsOutput{Shards: make([]stream.Shard, len(out.Shards)), NextToken: aws.ToString(out.NextToken)}
	for i, s := range out.Shards {
		sh := stream.Shard{
			ShardId:               aws.ToString(s.ShardId),
			ParentShardId:         aws.ToString(s.ParentShardId),
			AdjacentParentShardId: aws.ToString(s.AdjacentParentShardId),
		}
		if r := s.HashKeyRange; r != nil {
			if sh.HashKeyRange.StartingHashKey, err = record.ParseHashKey(aws.ToString(r.StartingHashKey)); err == nil {
				sh.HashKeyRange.EndingHashKey, err = record.ParseHashKey(aws.ToString(r.EndingHashKey))
			}
			if err != nil {
				return stream.ListShardsOutput{}, fmt.Errorf("awssdk: ListShards: hash-key range of %s: %w", sh.ShardId, err)
			}
		}
		if r := s.SequenceNumberRange; r != nil {
			if sh.SequenceNumberRange.StartingSequenceNumber, err = sdkSequenceNumber(r.StartingSequenceNumber); err == nil {
				sh.SequenceNumberRange.EndingSequenceNumber, err = sdkSequenceNumber(r.EndingSequenceNumber)
			}
			if err != nil {
				return stream.ListShardsOutput{}, fmt.Errorf("awssdk: ListShards: sequence-number range of %s: %w", sh.ShardId, err)
			}
		}
		res.Shards[i] = sh
	}
	return res, nil
}

// kplSequenceNumber reads a result's sequence number, kinesim's or AWS's, or zero if it is absent or malformed.
func kplSequenceNumber(s *string) record.SequenceNumber {
	n, _ := sdkSequenceNumber(s)
	return n
}
