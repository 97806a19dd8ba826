package kcl_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

// printer is a record processor that keeps what it is given and checkpoints every batch.
type printer struct {
	mu   *sync.Mutex
	seen *[]string
	all  chan<- struct{}
	want int
}

func (p printer) Initialize(context.Context, kcl.InitializationInput) {}
func (p printer) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	p.mu.Lock()
	for _, r := range in.Records {
		*p.seen = append(*p.seen, string(r.Data))
	}
	if len(*p.seen) == p.want {
		close(p.all)
	}
	p.mu.Unlock()
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (p printer) LeaseLost(context.Context, kcl.LeaseLostInput) {}
func (p printer) ShardEnded(ctx context.Context, in kcl.ShardEndedInput) {
	_ = in.Checkpointer.Checkpoint(ctx)
}
func (p printer) ShutdownRequested(ctx context.Context, in kcl.ShutdownRequestedInput) {
	_ = in.Checkpointer.Checkpoint(ctx)
}

// A worker reads every shard of a stream from its trim horizon, checkpointing as it goes; Shutdown releases the
// leases with their checkpoints.
func ExampleNewWorker() {
	ctx := context.Background()
	e := stream.New(stream.WithThrottling(false))
	defer e.Close()
	_ = e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 2})
	for _, key := range []string{"alice", "bob", "carol", "dave"} {
		_, _ = e.PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "orders"}, PartitionKey: key, Data: []byte("order of " + key)})
	}
	var mu sync.Mutex
	var seen []string
	all := make(chan struct{})
	table := kcl.NewMemLeaseTable()
	w, err := kcl.NewWorker(kcl.Config{
		Stream:       stream.StreamRef{StreamName: "orders"},
		WorkerID:     "worker-1",
		Client:       e,
		Leases:       table,
		NewProcessor: func(string) kcl.RecordProcessor { return printer{mu: &mu, seen: &seen, all: all, want: 4} },
	}, kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.TrimHorizon}), kcl.WithIdleTimeBetweenReads(10*time.Millisecond))
	if err != nil {
		panic(err)
	}
	<-all
	_ = w.Shutdown(ctx)
	mu.Lock()
	slices.Sort(seen)
	fmt.Println(seen)
	mu.Unlock()
	leases, _ := table.ListLeases(ctx)
	for _, l := range leases {
		fmt.Printf("%s owner=%q checkpointed at a record: %v\n", l.LeaseKey, l.LeaseOwner, !l.Checkpoint.IsSentinel())
	}
	// Output:
	// [order of alice order of bob order of carol order of dave]
	// shardId-000000000000 owner="" checkpointed at a record: true
	// shardId-000000000001 owner="" checkpointed at a record: true
}

// Writes to a lease table are conditional on the lease counter the writer read: of two workers that read the same
// lease, only the first to write takes it.
func ExampleMemLeaseTable() {
	ctx := context.Background()
	table := kcl.NewMemLeaseTable()
	_, _ = table.CreateLeaseIfNotExists(ctx, kcl.Lease{LeaseKey: "shardId-000000000000", Checkpoint: kcl.CheckpointTrimHorizon})
	read, _ := table.GetLease(ctx, "shardId-000000000000")
	a, err := table.TakeLease(ctx, read, "worker-a")
	fmt.Println(a.LeaseOwner, a.LeaseCounter, err)
	_, err = table.TakeLease(ctx, read, "worker-b")
	fmt.Println(errors.Is(err, kcl.ErrLeaseConflict))
	cp, _ := table.UpdateCheckpoint(ctx, a, kcl.Checkpoint{SequenceNumber: "49590338271490256608559692538361571095921575989136588898", SubSequenceNumber: 3})
	fmt.Println(cp.Checkpoint, cp.LeaseCounter)
	// Output:
	// worker-a 1 <nil>
	// true
	// 49590338271490256608559692538361571095921575989136588898/3 2
}

// Checkpoints order by sequence number, then sub-sequence number; sentinels of a new shard come first, SHARD_END
// last.
func ExampleCheckpoint_Less() {
	a := kcl.Checkpoint{SequenceNumber: "900", SubSequenceNumber: 2}
	b := kcl.Checkpoint{SequenceNumber: "1000"}
	fmt.Println(a.Less(b), kcl.CheckpointTrimHorizon.Less(a), b.Less(kcl.CheckpointShardEnd))
	// Output:
	// true true true
}
