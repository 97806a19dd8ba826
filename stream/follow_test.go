package stream_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// follow reads a whole stream with StopAtTip and returns its records.
func (h *harness) follow(name string, p stream.StartingPosition) []record.Record {
	h.t.Helper()
	var out []record.Record
	for r, err := range h.e.Follow(h.ctx, stream.FollowInput{StreamRef: ref(name), StartingPosition: p, StopAtTip: true}) {
		if err != nil {
			h.t.Fatalf("Follow(%s): %v", name, err)
		}
		out = append(out, r)
	}
	return out
}

// checkLineage fails unless recs hold every record of parents before any of each child's (KCL's order), and per
// partition key the put order (payloads are increasing decimal numbers).
func checkLineage(t *testing.T, recs []record.Record, edges [][2]string) {
	t.Helper()
	first, last := map[string]int{}, map[string]int{}
	byKey := map[string]int{}
	for i, r := range recs {
		if _, ok := first[r.ShardId]; !ok {
			first[r.ShardId] = i
		}
		last[r.ShardId] = i
		n, _ := strconv.Atoi(string(r.Data))
		if prev, ok := byKey[r.PartitionKey]; ok && n <= prev {
			t.Fatalf("key %s: record %d after %d", r.PartitionKey, n, prev)
		}
		byKey[r.PartitionKey] = n
	}
	for _, e := range edges {
		if _, ok := first[e[1]]; ok && last[e[0]] > first[e[1]] {
			t.Errorf("a record of %s came after one of its child %s", e[0], e[1])
		}
	}
}

// A follow from TRIM_HORIZON reads every record of every shard, a parent to its end before its children (both
// parents of a merge before the child), as KCL processes a resharded stream (Kinesis Developer Guide, "Resharding,
// scaling, and parallel processing": process parents before children to keep per-key order).
func TestFollowReadsParentsBeforeChildren(t *testing.T) {
	h := newHarness(t)
	h.create("s", 2, throttling(false))
	n := 0
	put := func(k int) {
		for range k {
			h.Put("s", "key-"+strconv.Itoa(n%11), []byte(strconv.Itoa(n)))
			n++
		}
	}
	put(40)
	if err := h.split("s", "shardId-000000000000", hashKeyOfShard(1, 4)); err != nil { // children 2, 3
		t.Fatal(err)
	}
	put(40)
	if err := h.merge("s", "shardId-000000000003", "shardId-000000000001"); err != nil { // child 4
		t.Fatal(err)
	}
	put(40)
	recs := h.follow("s", stream.StartingPosition{Type: stream.TrimHorizon})
	if len(recs) != n {
		t.Fatalf("followed %d records, want %d", len(recs), n)
	}
	checkLineage(t, recs, [][2]string{{"shardId-000000000000", "shardId-000000000002"}, {"shardId-000000000000", "shardId-000000000003"},
		{"shardId-000000000003", "shardId-000000000004"}, {"shardId-000000000001", "shardId-000000000004"}})
	// The default starting position is TRIM_HORIZON.
	if again := h.follow("s", stream.StartingPosition{}); len(again) != n {
		t.Errorf("default position: %d records, want %d", len(again), n)
	}
}

// A blocking follow sees records as they are put, and follows the stream through reshards made while it reads:
// every acknowledged record exactly once, per key in put order.
func TestFollowWaitsForRecordsAcrossReshards(t *testing.T) {
	h := newHarness(t)
	h.create("s", 2, throttling(false))
	ctx, cancel := context.WithCancel(h.ctx)
	defer cancel()
	got := make(chan record.Record, 1024)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(got)
		for r, err := range h.e.Follow(ctx, stream.FollowInput{StreamRef: ref("s")}) {
			if err != nil {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Follow: %v", err)
				}
				return
			}
			got <- r
		}
	})
	const total = 600
	var read []record.Record
	next := func(k int) {
		for range k {
			select {
			case r := <-got:
				read = append(read, r)
			case <-time.After(10 * time.Second):
				t.Fatalf("the follower stalled after %d records", len(read))
			}
		}
	}
	for i := range total {
		h.Put("s", "key-"+strconv.Itoa(i%13), []byte(strconv.Itoa(i)))
		switch i {
		case 150:
			next(151) // read up to here, then reshard under the waiting follower
			if err := h.split("s", "shardId-000000000001", hashKeyOfShard(3, 4)); err != nil {
				t.Fatal(err)
			}
		case 300:
			if _, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 6}); err != nil {
				t.Fatal(err)
			}
		case 450:
			open := h.open("s")
			if err := h.merge("s", open[0].ShardId, open[1].ShardId); err != nil {
				t.Fatal(err)
			}
		}
	}
	next(total - len(read))
	cancel()
	wg.Wait()
	if len(read) != total {
		t.Fatalf("read %d records, want %d", len(read), total)
	}
	checkLineage(t, read, nil)
	seen := map[string]bool{}
	for _, r := range read {
		if seen[string(r.Data)] {
			t.Fatalf("record %s read twice", r.Data)
		}
		seen[string(r.Data)] = true
	}
}

// LATEST follows only what is put after the follow starts, on the shards open then. Run in a synctest bubble:
// synctest.Wait returns once the follower is blocked waiting, so the put comes after LATEST was resolved.
func TestFollowFromLatestReadsOnlyNewRecords(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.create("s", 2)
		h.Put("s", "a", []byte("1"))
		h.Put("s", "b", []byte("2"))
		latest := stream.StartingPosition{Type: stream.Latest}
		if old := h.follow("s", latest); len(old) != 0 {
			t.Fatalf("a LATEST follow read %d records put before it", len(old))
		}
		got := make(chan string, 4)
		ctx, cancel := context.WithCancel(h.ctx)
		go func() {
			defer close(got)
			for r, err := range h.e.Follow(ctx, stream.FollowInput{StreamRef: ref("s"), StartingPosition: latest}) {
				if err != nil {
					return
				}
				got <- string(r.Data)
			}
		}()
		synctest.Wait() // the follower waits on both shards
		h.Put("s", "c", []byte("3"))
		h.Put("s", "a", []byte("4"))
		if a, b := <-got, <-got; a != "3" || b != "4" {
			t.Fatalf("LATEST follow read %q, %q; want the new records 3, 4", a, b)
		}
		cancel()
		for range got {
		}
	})
}

// AT_TIMESTAMP follows the shards open at the timestamp from their first record at or after it.
func TestFollowAtTimestamp(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.Put("s", "a", []byte("0"))
	h.clk.Advance(time.Minute)
	at := h.clk.Now()
	h.Put("s", "a", []byte("1"))
	if err := h.split("s", "shardId-000000000000", hashKeyOfShard(1, 2)); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(time.Minute)
	h.Put("s", "a", []byte("2"))
	recs := h.follow("s", stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: at})
	var data []string
	for _, r := range recs {
		data = append(data, string(r.Data))
	}
	if len(data) != 2 || data[0] != "1" || data[1] != "2" {
		t.Fatalf("AT_TIMESTAMP follow read %v, want [1 2]", data)
	}
}

// Children whose parents have expired start from their own trim horizon: nothing waits for a parent that is gone.
func TestFollowStartsChildrenOfExpiredParents(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.Put("s", "a", []byte("0"))
	if err := h.split("s", "shardId-000000000000", hashKeyOfShard(1, 2)); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(25 * time.Hour) // the closed parent and its record expire
	h.Put("s", "a", []byte("1"))
	h.Put("s", "b", []byte("2"))
	if recs := h.follow("s", stream.StartingPosition{}); len(recs) != 2 {
		t.Fatalf("followed %d records, want the 2 of the children", len(recs))
	}
}

// Bad inputs are refused as GetShardIterator refuses them, and a follow of a stream that is deleted, of an engine
// that closes, or with a done context ends with that error.
func TestFollowErrors(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	first := func(in stream.FollowInput) error {
		for _, err := range h.e.Follow(h.ctx, in) {
			return err
		}
		return nil
	}
	wantErr(t, first(stream.FollowInput{StreamRef: ref("nope")}), apierr.ResourceNotFound, streamNotFound("nope"))
	wantErr(t, first(stream.FollowInput{StreamRef: ref("s"), StartingPosition: stream.StartingPosition{Type: stream.AtSequenceNumber, SequenceNumber: "1"}}),
		apierr.Validation, "")
	wantErr(t, first(stream.FollowInput{StreamRef: ref("s"), StartingPosition: stream.StartingPosition{Type: "NEWEST"}}),
		apierr.Validation, validation1("'NEWEST'", "startingPosition.shardIteratorType", "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"))
	wantErr(t, first(stream.FollowInput{StreamRef: ref("s"), StartingPosition: stream.StartingPosition{Type: stream.AtTimestamp}}),
		apierr.InvalidArgument, "")

	done, cancel := context.WithCancel(h.ctx)
	cancel()
	for _, err := range h.e.Follow(done, stream.FollowInput{StreamRef: ref("s")}) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("done context: %v", err)
		}
	}

}

// A waiting follow ends when its stream is deleted (ResourceNotFound) or the engine closes (ErrClosed).
func TestFollowEndsWhenItsStreamOrEngineGoes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		errs := make(chan error, 1)
		follow := func(name string) {
			go func() {
				for _, err := range h.e.Follow(h.ctx, stream.FollowInput{StreamRef: ref(name)}) {
					errs <- err
					return
				}
			}()
			synctest.Wait() // waiting for records
		}
		h.create("s", 1)
		follow("s")
		if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, <-errs, apierr.ResourceNotFound, streamNotFound("s"))

		h.create("t", 1)
		follow("t")
		h.e.Close()
		if err := <-errs; !errors.Is(err, stream.ErrClosed) {
			t.Errorf("after Close: %v, want ErrClosed", err)
		}
	})
}
