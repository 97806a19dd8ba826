package awssdk_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// The adapter serves the KCL's interface, as the engine does.
var _ kcl.Kinesis = (*awssdk.StreamClient)(nil)

// kclLog is what the record processors of the test were given.
type kclLog struct {
	mu   sync.Mutex
	data map[string]int // datum → deliveries
	subs map[string][]uint64
}

type kclProcessor struct{ log *kclLog }

func (p kclProcessor) Initialize(context.Context, kcl.InitializationInput) {}
func (p kclProcessor) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	p.log.mu.Lock()
	for _, u := range in.Records {
		p.log.data[string(u.Data)]++
		if u.Aggregated {
			p.log.subs[u.SequenceNumber.String()] = append(p.log.subs[u.SequenceNumber.String()], u.SubSequenceNumber)
		}
	}
	p.log.mu.Unlock()
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (p kclProcessor) LeaseLost(context.Context, kcl.LeaseLostInput) {}
func (p kclProcessor) ShardEnded(ctx context.Context, in kcl.ShardEndedInput) {
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (p kclProcessor) ShutdownRequested(context.Context, kcl.ShutdownRequestedInput) {}

// A KCL worker reads a stream through the AWS SDK for Go v2 (awssdk.StreamClient over the in-process transport):
// every record, across a split (ChildShards from the SDK's GetRecords), aggregated records unpacked with their
// sub-sequence numbers, and, after the first worker is killed, the second takes its leases after the failover
// time and goes on. Sources: KCL DevGuide (leases, failover), Kinesis API GetRecords (ChildShards at a shard's end),
// DevGuide kinesis-kpl-consumer-deaggregation.
func TestKCLWorkerReadsThroughTheSDK(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		clk := clock.NewManual(t0)
		acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false)))
		defer acct.Close()
		c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
		mustCreate(t, c, "orders", 2)
		want := map[string]bool{}
		put := func(key string, from, n int) { putKeyed(t, c, "orders", want, key, from, n) }
		for k := range 4 {
			put(fmt.Sprintf("key-%d", k), 0, 20)
		}
		// One aggregated record of five user records.
		a, _ := agg.NewAggregator(0)
		for i := range 5 {
			d := fmt.Sprintf("agg#%03d", i)
			want[d] = true
			a.Add(agg.Record{PartitionKey: "agg", Data: []byte(d)})
		}
		kr, _ := a.Flush()
		if _, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(kr.PartitionKey), Data: kr.Data}); err != nil {
			t.Fatal(err)
		}
		splitFirst(t, c, "orders")
		for k := range 4 {
			put(fmt.Sprintf("key-%d", k), 20, 20)
		}
		log := &kclLog{data: map[string]int{}, subs: map[string][]uint64{}}
		table := kcl.NewMemLeaseTable()
		start := func(id string) *kcl.Worker {
			w, err := kcl.NewWorker(kcl.Config{Stream: stream.StreamRef{StreamName: "orders"}, WorkerID: id,
				Client: awssdk.NewStreamClient(c), Leases: table, NewProcessor: func(string) kcl.RecordProcessor { return kclProcessor{log} }},
				kcl.WithClock(clk), kcl.WithFailoverTime(3*time.Second), kcl.WithIdleTimeBetweenReads(200*time.Millisecond),
				kcl.WithParentShardPollInterval(time.Second), kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.TrimHorizon}))
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		run := func(d time.Duration) { advance(clk, d, 100*time.Millisecond) }
		w1 := start("w1")
		run(5 * time.Second)
		w2 := start("w2")
		_ = w1.Close() // killed: w2 takes its leases once they expire
		for k := range 4 {
			put(fmt.Sprintf("key-%d", k), 40, 10)
		}
		run(30 * time.Second)
		if n := len(w2.HeldLeases()); n != 3 {
			t.Errorf("w2 holds %d leases; want the 3 unfinished ones (2 children and the other parent)", n)
		}
		_ = w2.Close()
		log.mu.Lock()
		defer log.mu.Unlock()
		for d := range want {
			if log.data[d] == 0 {
				t.Fatalf("record %s never delivered through the SDK", d)
			}
		}
		if len(log.subs) != 1 {
			t.Fatalf("aggregated records: %v; want one with sub-sequence numbers 0 … 4", log.subs)
		}
		for _, subs := range log.subs {
			for i, s := range subs[:5] {
				if s != uint64(i) {
					t.Fatalf("sub-sequence numbers %v; want 0, 1, 2, 3, 4", subs)
				}
			}
		}
	})
}

// splitPoint is the middle of a shard's hash-key range, as a decimal.
func splitPoint(t *testing.T, s types.Shard) string {
	t.Helper()
	lo, err := record.ParseHashKey(aws.ToString(s.HashKeyRange.StartingHashKey))
	if err != nil {
		t.Fatal(err)
	}
	hi, err := record.ParseHashKey(aws.ToString(s.HashKeyRange.EndingHashKey))
	if err != nil {
		t.Fatal(err)
	}
	return record.HashKeyRange{StartingHashKey: lo, EndingHashKey: hi}.Midpoint().String()
}
