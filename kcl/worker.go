package kcl

import (
	"context"
	"errors"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// Worker consumes a stream together with the other workers sharing its lease table, as the KCL's Scheduler does:
// it creates a lease per shard, takes leases toward an even share, renews the ones it holds, and runs a record
// processor per lease on a goroutine of its own.
//
// A worker owns three kinds of goroutines: the taker (shard sync and lease taking, every two failover times), the
// renewer (every third of the failover time) and one consumer per lease held. [Worker.Close] ends them all;
// [Worker.Shutdown] first lets every processor checkpoint and releases the leases. A Worker is safe for
// concurrent use.
type Worker struct {
	cfg   Config
	o     options
	clk   clock.Clock
	ctx   context.Context // cancelled by Close: ends every goroutine
	stop  context.CancelFunc
	wg    sync.WaitGroup
	taken chan struct{} // closed by Shutdown: the taker stops taking

	mu        sync.Mutex
	held      map[string]*heldLease
	consumers map[*shardConsumer]bool
	closed    bool
	shutOnce  sync.Once
	closeOnce sync.Once
}

// heldLease is a lease the worker holds, as it last wrote it. Its mutex serialises the table writes of the
// renewer and of checkpoints, so each names the counter the other wrote.
type heldLease struct {
	mu        sync.Mutex
	l         Lease
	renewedAt time.Time
	lost      bool
	cancel    context.CancelFunc // ends the consumer's context
}

func (hl *heldLease) lease() Lease {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	return hl.l.clone()
}

func (hl *heldLease) isLost() bool {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	return hl.lost
}

// markLost records that the lease is no longer held. hl.mu must be held.
func (hl *heldLease) markLost() {
	if !hl.lost {
		hl.lost = true
		hl.cancel()
	}
}

// write applies a conditional write to the lease; a conflict loses it.
func (hl *heldLease) write(now time.Time, do func(Lease) (Lease, error)) error {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	if hl.lost {
		return ErrLeaseLost
	}
	nl, err := do(hl.l)
	switch {
	case errors.Is(err, ErrLeaseConflict), errors.Is(err, ErrLeaseNotFound):
		hl.markLost()
		return ErrLeaseLost
	case err != nil:
		return err
	}
	hl.l, hl.renewedAt = nl, now
	return nil
}

// NewWorker starts a worker: its taker lists the shards, creates the missing leases, takes back the leases the
// table says it owns and takes its share of the others at once, then every two failover times.
//
// Errors: [ErrInvalidConfig].
func NewWorker(cfg Config, opts ...Option) (*Worker, error) {
	o := defaults()
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if err := o.validate(cfg); err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	w := &Worker{cfg: cfg, o: o, clk: o.clock, ctx: ctx, stop: stop, taken: make(chan struct{}),
		held: make(map[string]*heldLease), consumers: make(map[*shardConsumer]bool)}
	taker := newLeaseTaker(cfg.WorkerID, o.failover, o.maxSteal, rand.New(rand.NewPCG(o.seed, 0x6b636c)))
	w.wg.Add(2)
	go w.runTaker(taker)
	go w.runRenewer()
	return w, nil
}

// ID returns the worker's id.
func (w *Worker) ID() string { return w.cfg.WorkerID }

// HeldLeases returns the keys of the leases the worker holds, in order.
func (w *Worker) HeldLeases() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	keys := make([]string, 0, len(w.held))
	for k := range w.held {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Close stops the worker as a crash would: its goroutines end (a ProcessRecords under way is waited for, its
// context cancelled), no processor is called any more, nothing is checkpointed and the leases stay in the table
// under the worker's name, for other workers to take once they expire. It is idempotent and returns nil.
func (w *Worker) Close() error {
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		w.stop()
	})
	w.wg.Wait()
	return nil
}

// Shutdown stops the worker gracefully: it takes no more leases, asks every record processor to finish
// (ShutdownRequested, after the batch under way) so that it may checkpoint, releases the worker's leases in the
// table (other workers take them at once), then closes the worker. If ctx ends first, the rest is skipped as by
// [Worker.Close], and ctx's error is returned. A nil ctx is [ErrNilContext].
func (w *Worker) Shutdown(ctx context.Context) error {
	if ctx == nil {
		return ErrNilContext
	}
	var err error
	w.shutOnce.Do(func() {
		w.mu.Lock()
		close(w.taken)
		cs := make([]*shardConsumer, 0, len(w.consumers))
		for c := range w.consumers {
			cs = append(cs, c)
		}
		w.mu.Unlock()
		for _, c := range cs {
			c.requestShutdown()
		}
		for _, c := range cs {
			select {
			case <-c.done:
			case <-ctx.Done():
				err = ctx.Err()
			}
			if err != nil {
				break
			}
		}
		if err == nil {
			for _, hl := range w.heldList() {
				w.release(ctx, hl)
			}
		}
	})
	w.Close()
	return err
}

// heldList returns the leases held now.
func (w *Worker) heldList() []*heldLease {
	w.mu.Lock()
	defer w.mu.Unlock()
	hs := make([]*heldLease, 0, len(w.held))
	for _, hl := range w.held {
		hs = append(hs, hl)
	}
	return hs
}

// release gives the lease up in the table (its owner cleared) and forgets it.
func (w *Worker) release(ctx context.Context, hl *heldLease) {
	hl.mu.Lock()
	if !hl.lost {
		_, _ = w.cfg.Leases.EvictLease(ctx, hl.l)
		hl.markLost()
	}
	key := hl.l.LeaseKey
	hl.mu.Unlock()
	w.forget(key, hl)
}

// forget removes hl from the held leases (if it is still the one held for key).
func (w *Worker) forget(key string, hl *heldLease) {
	w.mu.Lock()
	if w.held[key] == hl {
		delete(w.held, key)
	}
	w.mu.Unlock()
}

// sleep waits d on the worker's clock; it reports false when stop is closed first.
func (w *Worker) sleep(t *clock.Timer, d time.Duration, stop ...<-chan struct{}) bool {
	if *t == nil {
		*t = w.clk.NewTimer(d)
	} else {
		(*t).Reset(d)
	}
	var s1, s2 <-chan struct{}
	if len(stop) > 0 {
		s1 = stop[0]
	}
	if len(stop) > 1 {
		s2 = stop[1]
	}
	select {
	case <-(*t).C():
		return true
	case <-w.ctx.Done():
	case <-s1:
	case <-s2:
	}
	(*t).Stop()
	return false
}

// runRenewer renews the held leases every third of the failover time. A lease whose counter moved (taken by
// another worker) is lost at once; one that could not be renewed for the failover time is lost too.
func (w *Worker) runRenewer() {
	defer w.wg.Done()
	var t clock.Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for w.sleep(&t, w.o.renewInterval) {
		now := w.clk.Now()
		for _, hl := range w.heldList() {
			err := hl.write(now, func(l Lease) (Lease, error) { return w.cfg.Leases.RenewLease(w.ctx, l) })
			if err == nil {
				continue
			}
			hl.mu.Lock()
			if !hl.lost && now.Sub(hl.renewedAt) > w.o.failover {
				hl.markLost()
			}
			lost, key := hl.lost, hl.l.LeaseKey
			hl.mu.Unlock()
			if lost {
				w.forget(key, hl)
			}
		}
	}
}

// runTaker syncs shards and takes leases at once, then every two failover times, until Shutdown or Close.
func (w *Worker) runTaker(t *leaseTaker) {
	defer w.wg.Done()
	var timer clock.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var lastSync time.Time
	first := true
	for {
		now := w.clk.Now()
		if first || now.Sub(lastSync) >= w.o.shardSync {
			if w.syncShards(now) == nil {
				lastSync = now
			}
		}
		if first {
			w.adopt(now)
			first = false
		}
		w.takeLeases(now, t)
		if !w.sleep(&timer, w.o.takeInterval, w.taken) {
			return
		}
	}
}

// syncShards lists the stream's shards and creates a lease for each shard that has none: a shard whose parent is
// listed starts at TRIM_HORIZON (after its parents), the others at the initial position.
func (w *Worker) syncShards(now time.Time) error {
	var shards []stream.Shard
	in := stream.ListShardsInput{StreamRef: w.cfg.Stream}
	for {
		out, err := w.cfg.Client.ListShards(w.ctx, in)
		if err != nil {
			return err
		}
		shards = append(shards, out.Shards...)
		if out.NextToken == "" {
			break
		}
		in = stream.ListShardsInput{NextToken: out.NextToken}
	}
	listed := make(map[string]bool, len(shards))
	for _, s := range shards {
		listed[s.ShardId] = true
	}
	initial := Checkpoint{SequenceNumber: string(w.o.initial.Type)}
	for _, s := range shards {
		l := Lease{LeaseKey: s.ShardId, HashKeyRange: s.HashKeyRange, Checkpoint: initial}
		for _, p := range []string{s.ParentShardId, s.AdjacentParentShardId} {
			if p != "" {
				l.ParentShardIds = append(l.ParentShardIds, p)
				if listed[p] {
					l.Checkpoint = CheckpointTrimHorizon
				}
			}
		}
		if _, err := w.cfg.Leases.CreateLeaseIfNotExists(w.ctx, l); err != nil {
			return err
		}
	}
	return nil
}

// adopt takes back the unfinished leases the table says this worker owns (a restarted worker, or one given
// leases in advance), as the KCL's renewer does when it starts.
func (w *Worker) adopt(now time.Time) {
	leases, err := w.cfg.Leases.ListLeases(w.ctx)
	if err != nil {
		return
	}
	for _, l := range leases {
		if l.LeaseOwner == w.cfg.WorkerID && l.Checkpoint != CheckpointShardEnd {
			w.take(now, l)
		}
	}
}

// takeLeases lists the table and takes what the taker chooses.
func (w *Worker) takeLeases(now time.Time, t *leaseTaker) {
	leases, err := w.cfg.Leases.ListLeases(w.ctx)
	if err != nil {
		return
	}
	t.observe(now, leases)
	w.mu.Lock()
	held := make(map[string]bool, len(w.held))
	for k := range w.held {
		held[k] = true
	}
	w.mu.Unlock()
	for _, l := range t.choose(now, leases, held) {
		w.take(now, l)
	}
}

// take takes l in the table and starts its consumer.
func (w *Worker) take(now time.Time, l Lease) {
	nl, err := w.cfg.Leases.TakeLease(w.ctx, l, w.cfg.WorkerID)
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(w.ctx)
	hl := &heldLease{l: nl, renewedAt: now, cancel: cancel}
	c := newShardConsumer(w, hl, ctx)
	w.mu.Lock()
	stopping := w.closed
	select {
	case <-w.taken: // Shutdown has begun: it would not drain this consumer
		stopping = true
	default:
	}
	if stopping {
		w.mu.Unlock()
		cancel()
		_, _ = w.cfg.Leases.EvictLease(w.ctx, nl)
		return
	}
	if old := w.held[nl.LeaseKey]; old != nil {
		old.mu.Lock()
		old.markLost()
		old.mu.Unlock()
	}
	w.held[nl.LeaseKey] = hl
	w.consumers[c] = true
	w.wg.Add(1)
	w.mu.Unlock()
	go c.run()
}

// consumerDone forgets a consumer that has ended.
func (w *Worker) consumerDone(c *shardConsumer) {
	w.mu.Lock()
	delete(w.consumers, c)
	w.mu.Unlock()
}
