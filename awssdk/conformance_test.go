package awssdk_test

// The project's error spec (package streamtest) through the SDK client: every case the engine passes must pass
// through a real *kinesis.Client served in process, in either wire protocol, with the same apierr kind and the same message, except those
// whose input lacks a member the SDK's model requires (service/kinesis validators.go), which the client refuses
// before sending.

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
	"github.com/kinesim/kinesim/stream/streamtest"
)

// The spec runs over each wire protocol the pinned SDK speaks: AWS JSON 1.1 (its default) and Smithy RPCv2 CBOR.
func TestErrorSpecThroughTheSDK(t *testing.T) {
	for _, p := range []struct {
		name     string
		protocol func(*kinesis.Options)
	}{
		{"json", func(*kinesis.Options) {}},
		{"rpcv2cbor", func(o *kinesis.Options) { o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202) }},
	} {
		t.Run(p.name, func(t *testing.T) {
			streamtest.RunErrorSpec(t, func(t *testing.T, clk *clock.Manual, opts ...stream.Option) streamtest.Target {
				acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1), kinesim.WithStreamOptions(opts...))
				t.Cleanup(func() { _ = acct.Close() })
				// No retries: a throttled call fails at once (the suite advances the manual clock) instead of
				// sleeping in the SDK's backoff on the real clock.
				return sdkTarget{awssdk.NewKinesisClient(acct, p.protocol, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })}
			})
		})
	}
}

// sdkTarget is a streamtest.Target that calls the engine through the SDK client: each input becomes the SDK's
// input (a zero the Go API documents as "not given" becomes an absent member; data and lists are always sent),
// the output comes back member by member, and an API error comes back as the *apierr.Error of its code with its
// message. What the wire does not carry (a record's ShardId, a summary's Throttling) is left zero.
type sdkTarget struct{ c *kinesis.Client }

var _ streamtest.ClientValidator = sdkTarget{}

// RefusedByClient reports whether err is the SDK's own refusal of an input (smithy.InvalidParamsError, from
// its generated validators), which it returns without sending anything.
func (sdkTarget) RefusedByClient(err error) bool {
	var ip smithy.InvalidParamsError
	return errors.As(err, &ip)
}

// fromSDK converts the SDK's error back: an API error to the catalog's kind with the service's message; any
// other error (the client's refusal, a transport failure) as it is.
func fromSDK(err error) error {
	if err == nil {
		return nil
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return err
	}
	kind := apierr.ByCode(ae.ErrorCode())
	if kind == nil {
		return fmt.Errorf("error code %q is not in the apierr catalog: %w", ae.ErrorCode(), err)
	}
	return kind.With(ae.ErrorMessage())
}

// str is the SDK's optional string: nil for "".
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// i32 is the SDK's optional integer: nil for 0 where the Go API reads 0 as "not given", a member of 0 for
// stream.ExplicitZero (a page size, a shard count or a warm throughput of 0 given).
func i32(n int) *int32 {
	switch n {
	case 0:
		return nil
	case stream.ExplicitZero:
		return aws.Int32(0)
	}
	v := int32(n)
	return &v
}

func ts(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// blob is the SDK's Data: always sent (the Go API's nil is no bytes, and the model requires the member).
func blob(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func seqOf(s *string) record.SequenceNumber {
	n, _ := record.ParseSequenceNumber(aws.ToString(s))
	return n
}

func hashKeyRangeOf(r *types.HashKeyRange) record.HashKeyRange {
	if r == nil {
		return record.HashKeyRange{}
	}
	lo, _ := record.ParseHashKey(aws.ToString(r.StartingHashKey))
	hi, _ := record.ParseHashKey(aws.ToString(r.EndingHashKey))
	return record.HashKeyRange{StartingHashKey: lo, EndingHashKey: hi}
}

func (s sdkTarget) CreateStream(ctx context.Context, in stream.CreateStreamInput) error {
	if in.Throttling != nil || in.DiscardData {
		return errors.New("sdkTarget: Throttling and DiscardData are kinesim extensions the SDK cannot send")
	}
	sdk := &kinesis.CreateStreamInput{
		StreamName:                 str(in.StreamName),
		ShardCount:                 i32(in.ShardCount),
		MaxRecordSizeInKiB:         i32(in.MaxRecordSizeInKiB),
		Tags:                       in.Tags,
		RecordDistributionStrategy: types.RecordDistributionStrategy(in.RecordDistributionStrategy),
		WarmThroughputMiBps:        i32(in.WarmThroughputMiBps),
	}
	if in.StreamMode != "" {
		sdk.StreamModeDetails = &types.StreamModeDetails{StreamMode: types.StreamMode(in.StreamMode)}
	}
	_, err := s.c.CreateStream(ctx, sdk)
	return fromSDK(err)
}

func (s sdkTarget) DeleteStream(ctx context.Context, in stream.DeleteStreamInput) error {
	sdk := &kinesis.DeleteStreamInput{StreamName: str(in.StreamName), StreamARN: str(in.StreamARN)}
	if in.EnforceConsumerDeletion {
		sdk.EnforceConsumerDeletion = aws.Bool(true)
	}
	_, err := s.c.DeleteStream(ctx, sdk)
	return fromSDK(err)
}

func (s sdkTarget) DescribeStreamSummary(ctx context.Context, ref stream.StreamRef) (stream.StreamSummary, error) {
	out, err := s.c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: str(ref.StreamName), StreamARN: str(ref.StreamARN)})
	if err != nil {
		return stream.StreamSummary{}, fromSDK(err)
	}
	return summaryOf(out.StreamDescriptionSummary), nil
}

func summaryOf(d *types.StreamDescriptionSummary) stream.StreamSummary {
	if d == nil {
		return stream.StreamSummary{}
	}
	sum := stream.StreamSummary{
		StreamName:                 aws.ToString(d.StreamName),
		StreamARN:                  aws.ToString(d.StreamARN),
		StreamStatus:               stream.StreamStatus(d.StreamStatus),
		RetentionPeriodHours:       int(aws.ToInt32(d.RetentionPeriodHours)),
		StreamCreationTimestamp:    aws.ToTime(d.StreamCreationTimestamp),
		EncryptionType:             string(d.EncryptionType),
		KeyId:                      aws.ToString(d.KeyId),
		OpenShardCount:             int(aws.ToInt32(d.OpenShardCount)),
		ConsumerCount:              int(aws.ToInt32(d.ConsumerCount)),
		MaxRecordSizeInKiB:         int(aws.ToInt32(d.MaxRecordSizeInKiB)),
		RecordDistributionStrategy: stream.RecordDistributionStrategy(d.RecordDistributionStrategy),
	}
	if d.StreamModeDetails != nil {
		sum.StreamMode = stream.StreamMode(d.StreamModeDetails.StreamMode)
	}
	for _, m := range d.EnhancedMonitoring {
		em := stream.EnhancedMetrics{ShardLevelMetrics: []stream.MetricsName{}}
		for _, n := range m.ShardLevelMetrics {
			em.ShardLevelMetrics = append(em.ShardLevelMetrics, stream.MetricsName(n))
		}
		sum.EnhancedMonitoring = append(sum.EnhancedMonitoring, em)
	}
	if w := d.WarmThroughput; w != nil {
		sum.WarmThroughput = &stream.WarmThroughput{TargetMiBps: int(aws.ToInt32(w.TargetMiBps)), CurrentMiBps: int(aws.ToInt32(w.CurrentMiBps))}
	}
	return sum
}

func (s sdkTarget) ListStreams(ctx context.Context, in stream.ListStreamsInput) (stream.ListStreamsOutput, error) {
	out, err := s.c.ListStreams(ctx, &kinesis.ListStreamsInput{Limit: i32(in.Limit), ExclusiveStartStreamName: str(in.ExclusiveStartStreamName), NextToken: str(in.NextToken)})
	if err != nil {
		return stream.ListStreamsOutput{}, fromSDK(err)
	}
	res := stream.ListStreamsOutput{StreamNames: out.StreamNames, HasMoreStreams: aws.ToBool(out.HasMoreStreams), NextToken: aws.ToString(out.NextToken)}
	for _, e := range out.StreamSummaries {
		entry := stream.StreamListEntry{
			StreamName:              aws.ToString(e.StreamName),
			StreamARN:               aws.ToString(e.StreamARN),
			StreamStatus:            stream.StreamStatus(e.StreamStatus),
			StreamCreationTimestamp: aws.ToTime(e.StreamCreationTimestamp),
		}
		if e.StreamModeDetails != nil {
			entry.StreamMode = stream.StreamMode(e.StreamModeDetails.StreamMode)
		}
		res.StreamSummaries = append(res.StreamSummaries, entry)
	}
	return res, nil
}

func (s sdkTarget) ListShards(ctx context.Context, in stream.ListShardsInput) (stream.ListShardsOutput, error) {
	sdk := &kinesis.ListShardsInput{
		StreamName:              str(in.StreamName),
		StreamARN:               str(in.StreamARN),
		NextToken:               str(in.NextToken),
		ExclusiveStartShardId:   str(in.ExclusiveStartShardId),
		MaxResults:              i32(in.MaxResults),
		StreamCreationTimestamp: ts(in.StreamCreationTimestamp),
	}
	if f := in.ShardFilter; f != nil {
		sdk.ShardFilter = &types.ShardFilter{Type: types.ShardFilterType(f.Type), ShardId: str(f.ShardId), Timestamp: ts(f.Timestamp)}
	}
	out, err := s.c.ListShards(ctx, sdk)
	if err != nil {
		return stream.ListShardsOutput{}, fromSDK(err)
	}
	return stream.ListShardsOutput{NextToken: aws.ToString(out.NextToken), Shards: shardsOf(out.Shards)}, nil
}

func shardsOf(in []types.Shard) []stream.Shard {
	var out []stream.Shard
	for _, sh := range in {
		shard := stream.Shard{
			ShardId:               aws.ToString(sh.ShardId),
			ParentShardId:         aws.ToString(sh.ParentShardId),
			AdjacentParentShardId: aws.ToString(sh.AdjacentParentShardId),
			HashKeyRange:          hashKeyRangeOf(sh.HashKeyRange),
		}
		if r := sh.SequenceNumberRange; r != nil {
			shard.SequenceNumberRange = stream.SequenceNumberRange{StartingSequenceNumber: seqOf(r.StartingSequenceNumber), EndingSequenceNumber: seqOf(r.EndingSequenceNumber)}
		}
		out = append(out, shard)
	}
	return out
}

func (s sdkTarget) PutRecord(ctx context.Context, in stream.PutRecordInput) (stream.PutRecordOutput, error) {
	out, err := s.c.PutRecord(ctx, &kinesis.PutRecordInput{
		StreamName:                str(in.StreamName),
		StreamARN:                 str(in.StreamARN),
		Data:                      blob(in.Data),
		PartitionKey:              str(in.PartitionKey),
		ExplicitHashKey:           str(in.ExplicitHashKey),
		SequenceNumberForOrdering: str(in.SequenceNumberForOrdering),
	})
	if err != nil {
		return stream.PutRecordOutput{}, fromSDK(err)
	}
	return stream.PutRecordOutput{ShardId: aws.ToString(out.ShardId), SequenceNumber: seqOf(out.SequenceNumber), EncryptionType: string(out.EncryptionType)}, nil
}

func (s sdkTarget) PutRecords(ctx context.Context, in stream.PutRecordsInput) (stream.PutRecordsOutput, error) {
	sdk := &kinesis.PutRecordsInput{StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), Records: make([]types.PutRecordsRequestEntry, len(in.Records))}
	for i, e := range in.Records {
		sdk.Records[i] = types.PutRecordsRequestEntry{Data: blob(e.Data), PartitionKey: str(e.PartitionKey), ExplicitHashKey: str(e.ExplicitHashKey)}
	}
	out, err := s.c.PutRecords(ctx, sdk)
	if err != nil {
		return stream.PutRecordsOutput{}, fromSDK(err)
	}
	res := stream.PutRecordsOutput{FailedRecordCount: int(aws.ToInt32(out.FailedRecordCount)), EncryptionType: string(out.EncryptionType)}
	for _, r := range out.Records {
		res.Records = append(res.Records, stream.PutRecordsResultEntry{
			SequenceNumber: seqOf(r.SequenceNumber),
			ShardId:        aws.ToString(r.ShardId),
			ErrorCode:      aws.ToString(r.ErrorCode),
			ErrorMessage:   aws.ToString(r.ErrorMessage),
		})
	}
	return res, nil
}

func (s sdkTarget) GetShardIterator(ctx context.Context, in stream.GetShardIteratorInput) (stream.GetShardIteratorOutput, error) {
	out, err := s.c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName:             str(in.StreamName),
		StreamARN:              str(in.StreamARN),
		ShardId:                str(in.ShardId),
		ShardIteratorType:      types.ShardIteratorType(in.ShardIteratorType),
		StartingSequenceNumber: str(in.StartingSequenceNumber),
		Timestamp:              ts(in.Timestamp),
	})
	if err != nil {
		return stream.GetShardIteratorOutput{}, fromSDK(err)
	}
	return stream.GetShardIteratorOutput{ShardIterator: aws.ToString(out.ShardIterator)}, nil
}

func (s sdkTarget) GetRecords(ctx context.Context, in stream.GetRecordsInput) (stream.GetRecordsOutput, error) {
	out, err := s.c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: str(in.ShardIterator), Limit: i32(in.Limit), StreamARN: str(in.StreamARN)})
	if err != nil {
		return stream.GetRecordsOutput{}, fromSDK(err)
	}
	res := stream.GetRecordsOutput{NextShardIterator: aws.ToString(out.NextShardIterator), MillisBehindLatest: aws.ToInt64(out.MillisBehindLatest)}
	for _, r := range out.Records {
		res.Records = append(res.Records, record.Record{
			Data:                        r.Data,
			PartitionKey:                aws.ToString(r.PartitionKey),
			SequenceNumber:              seqOf(r.SequenceNumber),
			ApproximateArrivalTimestamp: aws.ToTime(r.ApproximateArrivalTimestamp),
			EncryptionType:              string(r.EncryptionType),
		})
	}
	for _, c := range out.ChildShards {
		res.ChildShards = append(res.ChildShards, stream.ChildShard{ShardId: aws.ToString(c.ShardId), ParentShards: c.ParentShards, HashKeyRange: hashKeyRangeOf(c.HashKeyRange)})
	}
	return res, nil
}

// The retention period is always sent: the Go API reads 0 as a period of 0 hours, which the service refuses.
func (s sdkTarget) IncreaseStreamRetentionPeriod(ctx context.Context, in stream.RetentionInput) error {
	_, err := s.c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), RetentionPeriodHours: aws.Int32(int32(in.RetentionPeriodHours)),
	})
	return fromSDK(err)
}

func (s sdkTarget) DecreaseStreamRetentionPeriod(ctx context.Context, in stream.RetentionInput) error {
	_, err := s.c.DecreaseStreamRetentionPeriod(ctx, &kinesis.DecreaseStreamRetentionPeriodInput{
		StreamName: str(in.StreamName), StreamARN: str(in.StreamARN), RetentionPeriodHours: aws.Int32(int32(in.RetentionPeriodHours)),
	})
	return fromSDK(err)
}

// UpdateMaxRecordSize has no StreamName member on the wire: the stream is named by its ARN.
func (s sdkTarget) UpdateMaxRecordSize(ctx context.Context, in stream.UpdateMaxRecordSizeInput) error {
	if in.StreamName != "" {
		return errors.New("sdkTarget: UpdateMaxRecordSize takes a StreamARN, not a StreamName")
	}
	_, err := s.c.UpdateMaxRecordSize(ctx, &kinesis.UpdateMaxRecordSizeInput{
		StreamARN: str(in.StreamARN), MaxRecordSizeInKiB: aws.Int32(int32(in.MaxRecordSizeInKiB)),
	})
	return fromSDK(err)
}
