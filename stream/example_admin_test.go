package stream_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// Enable shard-level metrics: the output gives the metrics before and after, and descriptions report them.
func ExampleEngine_EnableEnhancedMonitoring() {
	ctx := context.Background()
	e, _ := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 1}); err != nil {
		panic(err)
	}
	orders := stream.StreamRef{StreamName: "orders"}
	out, err := e.EnableEnhancedMonitoring(ctx, stream.EnhancedMonitoringInput{StreamRef: orders,
		ShardLevelMetrics: []stream.MetricsName{stream.MetricsNameIncomingBytes, stream.MetricsNameIteratorAgeMilliseconds}})
	if err != nil {
		panic(err)
	}
	fmt.Println("current:", out.CurrentShardLevelMetrics, "desired:", out.DesiredShardLevelMetrics)
	if _, err := e.DisableEnhancedMonitoring(ctx, stream.EnhancedMonitoringInput{StreamRef: orders,
		ShardLevelMetrics: []stream.MetricsName{stream.MetricsNameAll}}); err != nil {
		panic(err)
	}
	s, _ := e.DescribeStreamSummary(ctx, orders)
	fmt.Printf("after disabling ALL: %+v\n", s.EnhancedMonitoring)
	// Output:
	// current: [] desired: [IncomingBytes IteratorAgeMilliseconds]
	// after disabling ALL: [{ShardLevelMetrics:[]}]
}

// Encrypt a stream with a KMS key: the stream is UPDATING for the engine's update delay, then records put report
// EncryptionType KMS. No cryptography is done.
func ExampleEngine_StartStreamEncryption() {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	e := stream.New(stream.WithClock(clk), stream.WithStatusDelays(0, 0, 3*time.Second))
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 1}); err != nil {
		panic(err)
	}
	orders := stream.StreamRef{StreamName: "orders"}
	err := e.StartStreamEncryption(ctx, stream.EncryptionInput{StreamRef: orders, EncryptionType: stream.EncryptionKMS, KeyId: stream.KinesisManagedKey})
	if err != nil {
		panic(err)
	}
	put := func() string {
		out, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: orders, PartitionKey: "k", Data: []byte("v")})
		if err != nil {
			panic(err)
		}
		return out.EncryptionType
	}
	s, _ := e.DescribeStreamSummary(ctx, orders)
	fmt.Println(s.StreamStatus, "put reports", put())
	clk.Advance(3 * time.Second)
	s, _ = e.DescribeStreamSummary(ctx, orders)
	fmt.Println(s.StreamStatus, s.EncryptionType, s.KeyId, "put reports", put())

	err = e.StartStreamEncryption(ctx, stream.EncryptionInput{StreamRef: orders, EncryptionType: stream.EncryptionKMS, KeyId: "not a key"})
	fmt.Println(errors.Is(err, apierr.KMSNotFound), err)
	// Output:
	// UPDATING put reports NONE
	// ACTIVE KMS alias/aws/kinesis put reports KMS
	// true KMSNotFoundException: Invalid keyId not a key
}

// DescribeLimits reports the account's shard quota and usage; it takes one call per second.
func ExampleEngine_DescribeLimits() {
	ctx := context.Background()
	e, clk := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 3}); err != nil {
		panic(err)
	}
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "clicks", StreamMode: stream.StreamModeOnDemand}); err != nil {
		panic(err)
	}
	out, err := e.DescribeLimits(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", out)
	_, err = e.DescribeLimits(ctx)
	fmt.Println(err)
	clk.Advance(time.Second)
	_, err = e.DescribeLimits(ctx)
	fmt.Println("a second later:", err)
	// Output:
	// {ShardLimit:20000 OpenShardCount:7 OnDemandStreamCount:1 OnDemandStreamCountLimit:50 ChannelCount:0 ChannelCountLimit:0}
	// LimitExceededException: Rate exceeded for DescribeLimits under account 000000000000.
	// a second later: <nil>
}

// A minimum throughput billing commitment lasts at least 24 hours: disabled earlier, it ends at its earliest
// allowed end. Nothing is billed.
func ExampleEngine_UpdateAccountSettings() {
	ctx := context.Background()
	e, clk := newExampleEngine()
	defer e.Close()
	set := func(status string) stream.MinimumThroughputBillingCommitment {
		out, err := e.UpdateAccountSettings(ctx, stream.UpdateAccountSettingsInput{
			MinimumThroughputBillingCommitment: stream.MinimumThroughputBillingCommitmentInput{Status: status}})
		if err != nil {
			panic(err)
		}
		return out.MinimumThroughputBillingCommitment
	}
	c := set(stream.CommitmentEnabled)
	fmt.Println(c.Status, "until at least", c.EarliestAllowedEndAt.Format(time.DateTime))
	clk.Advance(time.Hour)
	fmt.Println(set(stream.CommitmentDisabled).Status)
	clk.Advance(23 * time.Hour)
	s, _ := e.DescribeAccountSettings(ctx)
	fmt.Println(s.MinimumThroughputBillingCommitment.Status, "since", s.MinimumThroughputBillingCommitment.EndedAt.Format(time.DateTime))
	// Output:
	// ENABLED until at least 2024-01-02 00:00:00
	// ENABLED_UNTIL_EARLIEST_ALLOWED_END
	// DISABLED since 2024-01-02 00:00:00
}

// Attach a resource-based policy to a stream and read it back. kinesim stores policies but does not evaluate them.
func ExampleEngine_PutResourcePolicy() {
	ctx := context.Background()
	e, _ := newExampleEngine()
	defer e.Close()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 1}); err != nil {
		panic(err)
	}
	arn := e.StreamARN("orders")
	out, _ := e.GetResourcePolicy(ctx, stream.ResourcePolicyInput{ResourceARN: arn})
	fmt.Println("none yet:", out.Policy)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kinesis:GetRecords","Resource":"` + arn + `"}]}`
	if err := e.PutResourcePolicy(ctx, stream.PutResourcePolicyInput{ResourceARN: arn, Policy: policy}); err != nil {
		panic(err)
	}
	out, _ = e.GetResourcePolicy(ctx, stream.ResourcePolicyInput{ResourceARN: arn})
	fmt.Println(out.Policy == policy)
	err := e.PutResourcePolicy(ctx, stream.PutResourcePolicyInput{ResourceARN: arn, Policy: "allow everyone"})
	fmt.Println(err)
	// Output:
	// none yet: {}
	// true
	// InvalidArgumentException: Policy is not a valid JSON object.
}
