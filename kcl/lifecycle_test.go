package kcl_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/stream"
)

// A child shard is processed only after its parent reached SHARD_END: every record of the parent is delivered
// before any of the child, and the parent's lease is checkpointed SHARD_END. Source: KCL README ("child shards
// are processed only after their parent shard is completed and checkpointed"), BlockOnParentShardTask.
func TestParentsAreProcessedToShardEndBeforeChildren(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 1)
		parent := ev.put("k", 0, 50)
		s := ev.splitFirst()
		children := ev.put("k", 50, 50)
		w := ev.worker("w", checkpointPolicy{every: 1})
		ev.run(10 * time.Second)
		list := ev.log.snapshot()
		if len(list) != len(parent)+len(children) {
			t.Fatalf("%d records delivered; want %d", len(list), len(parent)+len(children))
		}
		for i, d := range list {
			if (i < len(parent)) != (d.shard == s.ShardId) {
				t.Fatalf("delivery %d (%s) came from %s: a child's record before the parent's end", i, d.data, d.shard)
			}
		}
		pl, err := ev.table.GetLease(ev.ctx, s.ShardId)
		if err != nil || pl.Checkpoint != kcl.CheckpointShardEnd {
			t.Fatalf("the parent's lease is %+v, %v; want SHARD_END", pl, err)
		}
		ls, _ := ev.table.ListLeases(ev.ctx)
		if len(ls) != 3 {
			t.Fatalf("%d leases; want the parent's and its two children's", len(ls))
		}
		for _, l := range ls[1:] {
			if len(l.ParentShardIds) != 1 || l.ParentShardIds[0] != s.ShardId {
				t.Fatalf("child lease %s has parents %v; want [%s]", l.LeaseKey, l.ParentShardIds, s.ShardId)
			}
		}
		checkPerKeyOrder(t, list, nil)
		_ = w.Close()
	})
}

// In shardEnded the processor must checkpoint; until it does, the worker calls ShardEnded again and the children
// wait. Source: KCL 2.x lifecycle/events/ShardEndedInput ("must call checkpoint()"), ShutdownReason SHARD_END.
func TestShardEndedIsCalledAgainUntilTheProcessorCheckpoints(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 1)
		ev.log.refuseEnd = 3
		ev.put("k", 0, 5)
		s := ev.splitFirst()
		ev.put("k", 5, 5)
		w := ev.worker("w", checkpointPolicy{})
		ev.run(10 * time.Second)
		ev.log.mu.Lock()
		ended := ev.log.ended[s.ShardId]
		ev.log.mu.Unlock()
		if ended != 4 {
			t.Fatalf("ShardEnded called %d times; want 4 (3 without a checkpoint, then one that checkpoints)", ended)
		}
		if got := len(ev.log.snapshot()); got != 10 {
			t.Fatalf("%d records delivered; want the parent's 5 and then the child's 5", got)
		}
		_ = w.Close()
	})
}

// Workers balance toward ceil(leases/workers): a new worker takes expired leases first and otherwise steals one
// lease at a time from the most loaded worker. Source: KCL DynamoDBLeaseTaker (computeLeasesToTake,
// chooseLeasesToSteal; maxLeasesToStealAtOneTime 1).
func TestWorkersBalanceTowardCeilLeasesPerWorkerStealingOneAtATime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 10)
		a := ev.worker("a", checkpointPolicy{every: 1})
		ev.run(time.Second)
		if n := len(a.HeldLeases()); n != 10 {
			t.Fatalf("a alone holds %d leases; want all 10", n)
		}
		b := ev.worker("b", checkpointPolicy{every: 1})
		c := ev.worker("c", checkpointPolicy{every: 1})
		ev.run(3 * time.Second) // their first takes, at once; then sample between their takes
		prev := map[*kcl.Worker]int{b: len(b.HeldLeases()), c: len(c.HeldLeases())}
		for range 12 { // take interval: 2 × failover = 6 s
			ev.run(6 * time.Second)
			for _, w := range []*kcl.Worker{b, c} {
				n := len(w.HeldLeases())
				if n-prev[w] > 1 {
					t.Fatalf("%s went from %d to %d leases in one take interval; stealing takes one at a time", w.ID(), prev[w], n)
				}
				prev[w] = n
			}
		}
		counts := []int{len(a.HeldLeases()), len(b.HeldLeases()), len(c.HeldLeases())}
		sum := 0
		for _, n := range counts {
			sum += n
			if n < 3 || n > 4 {
				t.Fatalf("leases per worker %v; want each 3 or 4 (ceil(10/3) = 4)", counts)
			}
		}
		if sum != 10 {
			t.Fatalf("leases per worker %v sum to %d; want 10, each held once", counts, sum)
		}
		_, _, _ = a.Close(), b.Close(), c.Close()
	})
}

// A checkpoint inside an aggregated record (sequence and sub-sequence number) resumes at the next user record of
// that aggregate. Source: DevGuide kinesis-kpl-consumer-deaggregation ("on restart KCL resumes at the next
// sub-sequence"); KCL AggregatorUtil (sub-sequence numbers 0, 1, 2, … in table order).
func TestCheckpointInsideAnAggregateResumesAtTheNextSubSequenceNumber(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 1)
		datas := []string{"k#00000", "k#00001", "k#00002", "k#00003", "k#00004"}
		if _, err := ev.e.PutRecord(ev.ctx, stream.PutRecordInput{StreamRef: ev.ref, PartitionKey: "k", Data: aggregate(t, "k", datas)}); err != nil {
			t.Fatal(err)
		}
		var seq string
		stop := &subSeqStopper{recorder: recorder{worker: "a", log: ev.log}, at: 2, log: ev.log}
		w, err := kcl.NewWorker(kcl.Config{Stream: ev.ref, WorkerID: "a", Client: ev.e, Leases: ev.table,
			NewProcessor: func(string) kcl.RecordProcessor { return stop }}, ev.testOptions()...)
		if err != nil {
			t.Fatal(err)
		}
		ev.run(time.Second)
		_ = w.Close()
		l, _ := ev.table.GetLease(ev.ctx, "shardId-000000000000")
		seq = l.Checkpoint.SequenceNumber
		if l.Checkpoint.SubSequenceNumber != 2 || seq == "" {
			t.Fatalf("checkpoint %v; want the aggregate's sequence number with sub-sequence 2", l.Checkpoint)
		}
		before := len(ev.log.snapshot())
		b := ev.worker("b", checkpointPolicy{every: 1})
		ev.run(15 * time.Second)
		after := ev.log.snapshot()[before:]
		if len(after) != 2 || after[0].data != "k#00003" || after[0].sub != 3 || after[1].sub != 4 || after[0].seq != seq {
			t.Fatalf("the next worker delivered %+v; want sub-records 3 and 4 of %s", after, seq)
		}
		_ = b.Close()
	})
}

// subSeqStopper checkpoints at the user record with sub-sequence number at, then processes nothing more.
type subSeqStopper struct {
	recorder
	at  uint64
	log *deliveries
}

func (s *subSeqStopper) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	for _, u := range in.Records {
		s.log.mu.Lock()
		s.log.list = append(s.log.list, delivery{worker: "a", shard: in.ShardId, key: u.PartitionKey, data: string(u.Data), seq: u.SequenceNumber.String(), sub: u.SubSequenceNumber})
		s.log.mu.Unlock()
		if u.SubSequenceNumber == s.at {
			if err := in.Checkpointer.CheckpointRecord(ctx, u); err != nil {
				panic(err)
			}
		}
	}
}

// Shutdown lets every processor checkpoint (ShutdownRequested) and releases the leases, so another worker takes
// them at its next take, without waiting for the failover time, and nothing is delivered twice. Source: KCL
// Scheduler.startGracefulShutdown, ShutdownReason REQUESTED.
func TestGracefulShutdownCheckpointsAndReleasesTheLeases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 2)
		a := ev.worker("a", checkpointPolicy{}) // checkpoints only when asked to shut down
		for k := range 4 {
			ev.put(fmt.Sprintf("key-%d", k), 0, 10)
		}
		ev.run(2 * time.Second)
		if err := a.Shutdown(ev.ctx); err != nil {
			t.Fatal(err)
		}
		ev.log.mu.Lock()
		shut := len(ev.log.shutdown)
		ev.log.mu.Unlock()
		if shut != 2 {
			t.Fatalf("ShutdownRequested on %d shards; want 2", shut)
		}
		ls, _ := ev.table.ListLeases(ev.ctx)
		for _, l := range ls {
			if l.LeaseOwner != "" || l.Checkpoint.IsSentinel() {
				t.Fatalf("after Shutdown lease %+v; want no owner and a checkpoint at a record", l)
			}
		}
		b := ev.worker("b", checkpointPolicy{every: 1})
		ev.run(time.Second) // well within the failover time
		if n := len(b.HeldLeases()); n != 2 {
			t.Fatalf("b holds %d leases a second after a's Shutdown; want 2", n)
		}
		for d, n := range byData(ev.log.snapshot()) {
			if n != 1 {
				t.Fatalf("record %s delivered %d times after a graceful shutdown; want once", d, n)
			}
		}
		if err := a.Shutdown(ev.ctx); err != nil {
			t.Fatalf("a second Shutdown: %v", err)
		}
		_ = b.Close()
	})
}

// A worker whose lease was taken by another checkpoints in vain (ErrLeaseLost, the table unchanged) and then
// gets LeaseLost; a worker stealing through balancing makes the victim's processor get LeaseLost too. Source: KCL
// ShardRecordProcessor.leaseLost; ShutdownException on checkpoint after the lease is lost.
func TestStolenLeaseRefusesCheckpointsAndCallsLeaseLost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 1)
		a := ev.worker("a", checkpointPolicy{every: 1})
		ev.run(time.Second)
		l, _ := ev.table.GetLease(ev.ctx, "shardId-000000000000")
		stolen, err := ev.table.TakeLease(ev.ctx, l, "intruder")
		if err != nil {
			t.Fatal(err)
		}
		ev.put("k", 0, 3)
		ev.run(300 * time.Millisecond) // one poll, before a's next renewal notices
		ev.log.mu.Lock()
		errs := ev.log.checkpointErrs
		ev.log.mu.Unlock()
		if len(errs) != 1 || !errors.Is(errs[0], kcl.ErrLeaseLost) {
			t.Fatalf("checkpoint errors %v; want one ErrLeaseLost", errs)
		}
		if now, _ := ev.table.GetLease(ev.ctx, l.LeaseKey); now.LeaseCounter != stolen.LeaseCounter || now.Checkpoint != stolen.Checkpoint {
			t.Fatalf("the refused checkpoint changed the lease: %+v; want %+v", now, stolen)
		}
		ev.run(2 * time.Second)
		ev.log.mu.Lock()
		lost := ev.log.lost[l.LeaseKey]
		ev.log.mu.Unlock()
		if lost != 1 || len(a.HeldLeases()) != 0 {
			t.Fatalf("LeaseLost called %d times, a holds %v; want once and nothing", lost, a.HeldLeases())
		}
		_ = a.Close()

		ev2 := newEnv(t, 2)
		c := ev2.worker("c", checkpointPolicy{every: 1})
		ev2.run(time.Second)
		d := ev2.worker("d", checkpointPolicy{every: 1})
		ev2.run(10 * time.Second)
		if len(c.HeldLeases()) != 1 || len(d.HeldLeases()) != 1 {
			t.Fatalf("c holds %v, d holds %v; want one each", c.HeldLeases(), d.HeldLeases())
		}
		ev2.log.mu.Lock()
		lost = len(ev2.log.lost)
		ev2.log.mu.Unlock()
		if lost != 1 {
			t.Fatalf("LeaseLost on %d shards; want the one d stole", lost)
		}
		_, _ = c.Close(), d.Close()
	})
}

// Enhanced fan-out retrieval (SubscribeToShard) delivers every record, across resubscriptions, through either
// shape of SubscribeToShard: the engine's (kcl.EngineFanOut) and one returning a kcl.Subscription (kcl.FanOut, as
// awssdk.StreamClient's over the SDK). Source: KCL FanOutRecordsPublisher; Kinesis API SubscribeToShard (5-minute
// subscriptions, ContinuationSequenceNumber); issue 13 ("a small interface that both *stream.Engine and an
// SDK-backed adapter satisfy").
func TestEnhancedFanOutDeliversEveryRecordAcrossResubscriptions(t *testing.T) {
	for name, client := range map[string]func(*stream.Engine) kcl.Kinesis{
		"engine":       func(e *stream.Engine) kcl.Kinesis { return e },
		"subscription": func(e *stream.Engine) kcl.Kinesis { return subscriptionClient{e} },
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ev := newEnv(t, 2)
				ev.client = client(ev.e)
				c, err := ev.e.RegisterStreamConsumer(ev.ctx, stream.RegisterStreamConsumerInput{StreamARN: ev.e.StreamARN("orders"), ConsumerName: "app"})
				if err != nil {
					t.Fatal(err)
				}
				ev.run(time.Second)
				w := ev.worker("w", checkpointPolicy{every: 1}, kcl.WithFanOut(c.ConsumerARN))
				var want []string
				for round := range 4 {
					want = append(want, ev.put("a", round*5, 5)...)
					want = append(want, ev.put("b", round*5, 5)...)
					ev.run(3 * time.Minute) // past a subscription's 5-minute lifetime every other round
				}
				ev.checkDeliveredOnceInOrder(want)
				_ = w.Close()
			})
		})
	}
}

// NewWorker refuses a configuration missing a required field or with an option out of range.
func TestNewWorkerRefusesAnInvalidConfiguration(t *testing.T) {
	ok := kcl.Config{Stream: stream.StreamRef{StreamName: "s"}, WorkerID: "w", Client: stream.New(), Leases: kcl.NewMemLeaseTable(),
		NewProcessor: func(string) kcl.RecordProcessor { return nil }}
	defer ok.Client.(*stream.Engine).Close()
	cases := map[string]struct {
		mod  func(*kcl.Config)
		opts []kcl.Option
	}{
		"no stream":                        {mod: func(c *kcl.Config) { c.Stream = stream.StreamRef{} }},
		"no worker id":                     {mod: func(c *kcl.Config) { c.WorkerID = "" }},
		"no lease table":                   {mod: func(c *kcl.Config) { c.Leases = nil }},
		"no failover time":                 {opts: []kcl.Option{kcl.WithFailoverTime(0)}},
		"max records 10001":                {opts: []kcl.Option{kcl.WithMaxRecords(10001)}},
		"steal 0":                          {opts: []kcl.Option{kcl.WithMaxLeasesToSteal(0)}},
		"AT_SEQUENCE_NUMBER start":         {opts: []kcl.Option{kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.AtSequenceNumber})}},
		"AT_TIMESTAMP without time":        {opts: []kcl.Option{kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.AtTimestamp})}},
		"fan-out without SubscribeToShard": {mod: func(c *kcl.Config) { c.Client = pollingOnly{c.Client} }, opts: []kcl.Option{kcl.WithFanOut("arn")}},
	}
	for name, tc := range cases {
		cfg := ok
		if tc.mod != nil {
			tc.mod(&cfg)
		}
		if w, err := kcl.NewWorker(cfg, tc.opts...); !errors.Is(err, kcl.ErrInvalidConfig) {
			if w != nil {
				_ = w.Close()
			}
			t.Errorf("%s: NewWorker error %v; want ErrInvalidConfig", name, err)
		}
	}
}

// pollingOnly hides every method but the polling ones.
type pollingOnly struct{ kcl.Kinesis }

// The linearizability check catches a lease table with two owners at once: two takes of one counter that both
// succeed are not linearizable against the lease model.
func TestLeaseModelRejectsTwoOwnersOfOneLease(t *testing.T) {
	created := leaseState{exists: true, cp: kcl.CheckpointTrimHorizon}
	ops := []porcupine.Operation{
		{Input: leaseInput{kind: "create", key: "s"}, Call: 0, Output: leaseOutput{state: created}, Return: 1},
		{ClientId: 1, Input: leaseInput{kind: "take", key: "s", owner: "a"}, Call: 2, Output: leaseOutput{state: leaseState{exists: true, owner: "a", counter: 1, cp: created.cp}}, Return: 5},
		{ClientId: 2, Input: leaseInput{kind: "take", key: "s", owner: "b"}, Call: 3, Output: leaseOutput{state: leaseState{exists: true, owner: "b", counter: 1, cp: created.cp}}, Return: 4},
	}
	if porcupine.CheckOperations(leaseModel, ops) {
		t.Fatal("two successful takes of counter 0 were judged linearizable")
	}
	ops[2].Output = leaseOutput{err: "conflict"}
	if !porcupine.CheckOperations(leaseModel, ops) {
		t.Fatal("one take winning and one conflicting was judged not linearizable")
	}
}

// A new lease table starts its shards at the initial position: LATEST reads only what is put after the worker
// starts, AT_TIMESTAMP what arrived from the timestamp on; both are stored as sentinel checkpoints. Source: KCL
// InitialPositionInStream; SentinelCheckpoint (LATEST, AT_TIMESTAMP in the checkpoint column).
func TestInitialPositionLatestAndAtTimestamp(t *testing.T) {
	for _, typ := range []stream.ShardIteratorType{stream.Latest, stream.AtTimestamp} {
		t.Run(string(typ), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ev := newEnv(t, 1)
				ev.put("k", 0, 5)
				ev.run(time.Second)
				from := ev.clk.Now()
				if typ == stream.AtTimestamp {
					ev.put("k", 5, 5)
				}
				w := ev.worker("w", checkpointPolicy{}, kcl.WithInitialPosition(kcl.InitialPosition{Type: typ, Timestamp: from}))
				ev.run(time.Second)
				l, _ := ev.table.GetLease(ev.ctx, "shardId-000000000000")
				if l.Checkpoint.SequenceNumber != string(typ) {
					t.Fatalf("the new lease is checkpointed at %v; want the sentinel %s", l.Checkpoint, typ)
				}
				if typ == stream.Latest {
					ev.put("k", 5, 5)
				}
				ev.run(2 * time.Second)
				list := ev.log.snapshot()
				if len(list) != 5 || list[0].data != "k#00005" {
					t.Fatalf("delivered %d records starting %v; want the 5 from k#00005 on", len(list), list)
				}
				_ = w.Close()
			})
		})
	}
}

// goneShard answers ResourceNotFound for one shard, as Data Streams does once a closed shard has expired.
type goneShard struct {
	kcl.Kinesis
	shard string
}

func (g goneShard) GetShardIterator(ctx context.Context, in stream.GetShardIteratorInput) (stream.GetShardIteratorOutput, error) {
	if in.ShardId == g.shard {
		return stream.GetShardIteratorOutput{}, apierr.ResourceNotFound.New("Shard %s in stream orders under account 000000000000 does not exist", in.ShardId)
	}
	return g.Kinesis.GetShardIterator(ctx, in)
}

// A shard the stream no longer has (ResourceNotFound) is treated as ended: ShardEnded is called, SHARD_END is
// checkpointed, and its children are not blocked forever. Source: KCL KinesisDataFetcher (ResourceNotFoundException
// on getShardIterator marks the shard end reached).
func TestAShardGoneFromTheStreamEndsItsLease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 2)
		w, err := kcl.NewWorker(kcl.Config{Stream: ev.ref, WorkerID: "w", Client: goneShard{ev.e, "shardId-000000000001"}, Leases: ev.table,
			NewProcessor: func(shard string) kcl.RecordProcessor { return &recorder{worker: "w", shard: shard, log: ev.log} }}, ev.testOptions()...)
		if err != nil {
			t.Fatal(err)
		}
		ev.run(2 * time.Second)
		l, _ := ev.table.GetLease(ev.ctx, "shardId-000000000001")
		ev.log.mu.Lock()
		ended := ev.log.ended["shardId-000000000001"]
		ev.log.mu.Unlock()
		if ended != 1 || l.Checkpoint != kcl.CheckpointShardEnd {
			t.Fatalf("ShardEnded called %d times, lease %+v; want once and SHARD_END", ended, l)
		}
		_ = w.Close()
	})
}

// No goroutine of a worker outlives Close or Shutdown, polling or with enhanced fan-out: the test runs in a
// testing/synctest bubble, which fails if a goroutine is left when it returns (the engine is closed first).
func TestNoGoroutineOutlivesCloseOrShutdown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 3)
		c, err := ev.e.RegisterStreamConsumer(ev.ctx, stream.RegisterStreamConsumerInput{StreamARN: ev.e.StreamARN("orders"), ConsumerName: "app"})
		if err != nil {
			t.Fatal(err)
		}
		ev.put("k", 0, 10)
		ev.run(time.Second)
		a := ev.worker("a", checkpointPolicy{every: 1})
		b := ev.worker("b", checkpointPolicy{every: 1}, kcl.WithFanOut(c.ConsumerARN))
		ev.run(10 * time.Second)
		if err := b.Shutdown(ev.ctx); err != nil {
			t.Fatal(err)
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		if err := a.Close(); err != nil {
			t.Fatalf("a second Close: %v", err)
		}
		var nilCtx context.Context
		if err := a.Shutdown(nilCtx); !errors.Is(err, kcl.ErrNilContext) {
			t.Fatalf("Shutdown(nil): %v; want ErrNilContext", err)
		}
		_ = ev.e.Close()
		synctest.Wait()
	})
}

// rangeChecker checkpoints outside the records delivered and records what the checkpointer answered.
type rangeChecker struct {
	recorder
	errs []error
	last kcl.Checkpoint
}

func (r *rangeChecker) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	first, last := in.Records[0], in.Records[len(in.Records)-1]
	var nilCtx context.Context
	r.last = kcl.Checkpoint{SequenceNumber: last.SequenceNumber.String(), SubSequenceNumber: last.SubSequenceNumber}
	r.errs = append(r.errs,
		in.Checkpointer.CheckpointAt(ctx, last.SequenceNumber.String()+"0", 0), // after the last record delivered
		in.Checkpointer.CheckpointRecord(ctx, last),
		in.Checkpointer.CheckpointRecord(ctx, first), // before the last checkpoint
		in.Checkpointer.Checkpoint(nilCtx),
	)
}

// A checkpoint must lie between the last checkpoint and the last record delivered; others are refused and
// change nothing. Source: KCL RecordProcessorCheckpointer (IllegalArgumentException outside
// [lastCheckpointValue, largestPermittedCheckpointValue]).
func TestCheckpointOutsideTheDeliveredRecordsIsRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := newEnv(t, 1)
		ev.put("k", 0, 3)
		rc := &rangeChecker{recorder: recorder{log: ev.log}}
		w, err := kcl.NewWorker(kcl.Config{Stream: ev.ref, WorkerID: "w", Client: ev.e, Leases: ev.table,
			NewProcessor: func(string) kcl.RecordProcessor { return rc }}, ev.testOptions()...)
		if err != nil {
			t.Fatal(err)
		}
		ev.run(time.Second)
		_ = w.Close()
		want := []error{kcl.ErrCheckpointOutOfRange, nil, kcl.ErrCheckpointOutOfRange, kcl.ErrNilContext}
		if len(rc.errs) != len(want) {
			t.Fatalf("checkpointer answered %v; want %v", rc.errs, want)
		}
		for i := range want {
			if !errors.Is(rc.errs[i], want[i]) || (want[i] == nil) != (rc.errs[i] == nil) {
				t.Fatalf("checkpointer answered %v; want %v", rc.errs, want)
			}
		}
		l, _ := ev.table.GetLease(ev.ctx, "shardId-000000000000")
		if l.Checkpoint != rc.last {
			t.Fatalf("lease checkpoint %v; want the last record's, %v, the one accepted", l.Checkpoint, rc.last)
		}
	})
}
