package stream_test

// Tests of resharding (issue 3): SplitShard, MergeShards, UpdateShardCount, the shard-end contract, UPDATING,
// the shard quota and the retention of closed shards. Data-streams notes §1.1, §1.8–1.10. Helpers shared by the
// issue-3 test files (ondemand, controls, metrics, property) are in helpers_test.go.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

func TestSplitShardChildrenTakeNextIndexes(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	parent := r.Shards("s")[1]
	at := parent.HashKeyRange.Midpoint()
	if err := r.split("s", "shardId-000000000001", at.String()); err != nil {
		t.Fatalf("SplitShard: %v", err)
	}
	got := r.Shards("s")
	if ids := idsOf(got); !slices.Equal(ids, []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003"}) {
		t.Fatalf("shards after split: %v", ids)
	}
	lower, upper := got[2], got[3]
	for _, c := range []stream.Shard{lower, upper} {
		if c.ParentShardId != parent.ShardId || c.AdjacentParentShardId != "" {
			t.Errorf("%s: parent %q adjacent %q, want %q and none", c.ShardId, c.ParentShardId, c.AdjacentParentShardId, parent.ShardId)
		}
		if !c.SequenceNumberRange.EndingSequenceNumber.IsZero() {
			t.Errorf("%s: child is closed (ending %s)", c.ShardId, c.SequenceNumberRange.EndingSequenceNumber)
		}
	}
	// The lower child takes the lower half and the lower index; together they cover the parent exactly.
	if lower.HashKeyRange != (record.HashKeyRange{StartingHashKey: parent.HashKeyRange.StartingHashKey, EndingHashKey: at.Sub(1)}) {
		t.Errorf("lower child range %v, want [%s, %s]", lower.HashKeyRange, parent.HashKeyRange.StartingHashKey, at.Sub(1))
	}
	if upper.HashKeyRange != (record.HashKeyRange{StartingHashKey: at, EndingHashKey: parent.HashKeyRange.EndingHashKey}) {
		t.Errorf("upper child range %v, want [%s, %s]", upper.HashKeyRange, at, parent.HashKeyRange.EndingHashKey)
	}
	if got[1].SequenceNumberRange.EndingSequenceNumber.IsZero() {
		t.Errorf("split parent has no EndingSequenceNumber")
	}
	// The next split takes the next indexes again, whichever shard it splits.
	if err := r.split("s", "shardId-000000000000", got[0].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatalf("second SplitShard: %v", err)
	}
	if ids := idsOf(r.Shards("s")); !slices.Equal(ids[4:], []string{"shardId-000000000004", "shardId-000000000005"}) {
		t.Fatalf("shards after second split: %v", ids)
	}
	// Routing follows: a record whose key is in the upper half of the old shard 1 lands in shard 3.
	out := r.PutTo("s", at.String(), "k", []byte("x"))
	if out.ShardId != "shardId-000000000003" {
		t.Errorf("record at the new starting hash key went to %s, want shardId-000000000003", out.ShardId)
	}
	out = r.PutTo("s", at.Sub(1).String(), "k", []byte("x"))
	if out.ShardId != "shardId-000000000002" {
		t.Errorf("record just below the new starting hash key went to %s, want shardId-000000000002", out.ShardId)
	}
	if n := r.Summary("s").OpenShardCount; n != 4 {
		t.Errorf("OpenShardCount = %d, want 4", n)
	}
}

// MergeShards with ShardToMerge above AdjacentShardToMerge (ShardToMerge's range starting just after the
// adjacent's) is refused as not adjacent, and changes nothing: kinesalite's "should return
// InvalidArgumentException if adjacency is inverted" (mhart/kinesalite test/mergeShards.js, a suite run against
// AWS). The API reference (API_MergeShards.html) and the developer guide (kinesis-using-sdk-java-resharding-merge)
// define adjacency as a gapless union and name ShardToMerge "the shard to be merged", without saying more. The
// same pair the other way round merges.
func TestMergeShardsRefusesShardToMergeAboveAdjacent(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 3)
	before := r.Shards("s")
	// MergeShards itself is in the error spec (streamtest, MergeShardsRefusesShardToMergeAboveAdjacent); the
	// forced merge of the Go API refuses the inverted pair too.
	wantErr(t, r.e.ForceMergeShards(r.ctx, stream.MergeShardsInput{StreamRef: ref("s"), ShardToMerge: "shardId-000000000002", AdjacentShardToMerge: "shardId-000000000001"}), apierr.InvalidArgument, "")
	sameShards(t, before, r.Shards("s"))
	if err := r.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatalf("the pair in order: %v", err)
	}
}

func TestMergeChildHasParentAndAdjacentParent(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 4)
	before := r.Shards("s")
	if err := r.merge("s", "shardId-000000000001", "shardId-000000000002"); err != nil {
		t.Fatal(err)
	}
	got := r.Shards("s")
	if len(got) != 5 {
		t.Fatalf("got %d shards, want 5", len(got))
	}
	child := got[4]
	if child.ShardId != "shardId-000000000004" || child.ParentShardId != "shardId-000000000001" || child.AdjacentParentShardId != "shardId-000000000002" {
		t.Errorf("child %s parent %s adjacent %s; want shardId-000000000004, shardId-000000000001, shardId-000000000002",
			child.ShardId, child.ParentShardId, child.AdjacentParentShardId)
	}
	if want := (record.HashKeyRange{StartingHashKey: before[1].HashKeyRange.StartingHashKey, EndingHashKey: before[2].HashKeyRange.EndingHashKey}); child.HashKeyRange != want {
		t.Errorf("child range %v, want the union %v", child.HashKeyRange, want)
	}
	for _, p := range got[1:3] {
		if p.SequenceNumberRange.EndingSequenceNumber.IsZero() {
			t.Errorf("merged parent %s is not closed", p.ShardId)
		}
	}
	open := idsOf(r.open("s")) // in hash-key order: the child sits where its parents were
	if !slices.Equal(open, []string{"shardId-000000000000", "shardId-000000000004", "shardId-000000000003"}) {
		t.Errorf("open shards %v", open)
	}
	// GetRecords at the end of each parent names the child with both parents.
	for _, p := range []string{"shardId-000000000001", "shardId-000000000002"} {
		_, children := r.drain("s", p)
		if len(children) != 1 || children[0].ShardId != child.ShardId || !slices.Equal(children[0].ParentShards, []string{"shardId-000000000001", "shardId-000000000002"}) ||
			children[0].HashKeyRange != child.HashKeyRange {
			t.Errorf("ChildShards at the end of %s: %+v", p, children)
		}
	}
}

func TestChildSequenceNumbersStartAboveParentEnding(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	rng := r.Shards("s")[0].HashKeyRange
	var last stream.PutRecordOutput
	for i := range 5 {
		last = r.PutTo("s", rng.StartingHashKey.String(), fmt.Sprint("k", i), []byte("v"))
	}
	if err := r.split("s", "shardId-000000000000", rng.Midpoint().String()); err != nil {
		t.Fatal(err)
	}
	if err := r.merge("s", "shardId-000000000003", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	shards := r.Shards("s")
	byID := map[string]stream.Shard{}
	for _, s := range shards {
		byID[s.ShardId] = s
	}
	for _, c := range shards {
		for _, p := range []string{c.ParentShardId, c.AdjacentParentShardId} {
			if p == "" {
				continue
			}
			end := byID[p].SequenceNumberRange.EndingSequenceNumber
			if end.IsZero() {
				t.Fatalf("parent %s of %s has no EndingSequenceNumber", p, c.ShardId)
			}
			if c.SequenceNumberRange.StartingSequenceNumber.Compare(end) <= 0 {
				t.Errorf("child %s starts at %s, not above parent %s's ending %s", c.ShardId, c.SequenceNumberRange.StartingSequenceNumber, p, end)
			}
		}
	}
	// The first record of a child is above everything the parent took.
	out := r.PutTo("s", rng.StartingHashKey.String(), "after", []byte("v"))
	if out.ShardId != "shardId-000000000002" {
		t.Fatalf("record went to %s, want the lower child shardId-000000000002", out.ShardId)
	}
	if out.SequenceNumber.Compare(last.SequenceNumber) <= 0 || out.SequenceNumber.Compare(byID["shardId-000000000000"].SequenceNumberRange.EndingSequenceNumber) <= 0 {
		t.Errorf("child's first record %s is not above the parent's last %s", out.SequenceNumber, last.SequenceNumber)
	}
	if out.SequenceNumber.Compare(byID["shardId-000000000002"].SequenceNumberRange.StartingSequenceNumber) < 0 {
		t.Errorf("child's first record %s is below its StartingSequenceNumber", out.SequenceNumber)
	}
}

func TestParentClosesWithRealEndingSequenceNumber(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 1)
	var puts []stream.PutRecordOutput
	for i := range 4 {
		puts = append(puts, r.Put("s", fmt.Sprint("k", i), []byte{byte(i)}))
	}
	if err := r.split("s", "shardId-000000000000", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatal(err)
	}
	parent := r.Shards("s")[0]
	end := parent.SequenceNumberRange.EndingSequenceNumber
	if end != puts[3].SequenceNumber {
		t.Fatalf("EndingSequenceNumber %s, want the last record's %s", end, puts[3].SequenceNumber)
	}
	if parent.SequenceNumberRange.StartingSequenceNumber.Compare(end) > 0 {
		t.Fatalf("ending %s below starting %s", end, parent.SequenceNumberRange.StartingSequenceNumber)
	}
	// It is a real number: AT_SEQUENCE_NUMBER with it reads the last record, then the shard ends.
	it := r.Iterator("s", parent.ShardId, stream.AtSequenceNumber, end.String(), time.Time{})
	out := r.Get(it, 0)
	if len(out.Records) != 1 || out.Records[0].SequenceNumber != end || out.Records[0].Data[0] != 3 {
		t.Fatalf("AT_SEQUENCE_NUMBER ending: got %d records %+v", len(out.Records), out.Records)
	}
	if out.NextShardIterator != "" || len(out.ChildShards) != 2 {
		t.Fatalf("after the last record: NextShardIterator %q, ChildShards %+v", out.NextShardIterator, out.ChildShards)
	}
	// The other iterator types still work on the closed shard and agree with the ending number.
	recs, children := r.drain("s", parent.ShardId)
	if len(recs) != 4 || recs[3].SequenceNumber != end || len(children) != 2 {
		t.Fatalf("TRIM_HORIZON drain: %d records, %d children", len(recs), len(children))
	}
	it = r.Iterator("s", parent.ShardId, stream.AfterSequenceNumber, puts[2].SequenceNumber.String(), time.Time{})
	if out := r.Get(it, 0); len(out.Records) != 1 || out.Records[0].SequenceNumber != end {
		t.Fatalf("AFTER_SEQUENCE_NUMBER of the record before the end: %+v", out.Records)
	}
	// A later record never gets a number of the closed shard.
	if out := r.Put("s", "k0", []byte("x")); out.ShardId == parent.ShardId {
		t.Fatalf("put after the split went to the closed parent")
	}
}

func TestEmptyParentClosesWithEndingSequenceNumber(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 1)
	if err := r.split("s", "shardId-000000000000", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatal(err)
	}
	parent := r.Shards("s")[0]
	end := parent.SequenceNumberRange.EndingSequenceNumber
	if end.IsZero() {
		t.Fatalf("empty split parent has no EndingSequenceNumber")
	}
	// Every iterator type on the empty closed shard leads straight to the shard end.
	for _, typ := range []stream.ShardIteratorType{stream.TrimHorizon, stream.Latest, stream.AtSequenceNumber} {
		seq := ""
		if typ == stream.AtSequenceNumber {
			seq = end.String()
		}
		out := r.Get(r.Iterator("s", parent.ShardId, typ, seq, time.Time{}), 0)
		if len(out.Records) != 0 || out.NextShardIterator != "" || len(out.ChildShards) != 2 {
			t.Errorf("%s on an empty closed shard: %d records, next %q, %d children", typ, len(out.Records), out.NextShardIterator, len(out.ChildShards))
		}
	}
}

func TestAfterSequenceNumberAtClosedShardEndingFails(t *testing.T) {
	const want = "Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard."
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	r.PutTo("s", "0", "a", []byte("1"))
	last := r.PutTo("s", "0", "b", []byte("2"))
	if err := r.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	for _, sh := range r.Shards("s")[:2] {
		end := sh.SequenceNumberRange.EndingSequenceNumber
		if sh.ShardId == "shardId-000000000000" && end != last.SequenceNumber {
			t.Fatalf("ending %s, want %s", end, last.SequenceNumber)
		}
		// GetShardIterator refuses it (the error spec's AfterSequenceNumberAtClosedShardEndingFails; shard 1 took
		// no record: its ending number is just as final), and the blocking read refuses it the same way.
		yields := 0
		for _, err := range r.e.Records(r.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: sh.ShardId,
			StartingPosition: stream.StartingPosition{Type: stream.AfterSequenceNumber, SequenceNumber: end.String()}}) {
			yields++
			wantErr(t, err, apierr.InvalidArgument, want)
		}
		if yields != 1 {
			t.Fatalf("blocking read AFTER the ending number of %s yielded %d times, want one error", sh.ShardId, yields)
		}
		// AT_SEQUENCE_NUMBER with the same number is valid.
		r.Iterator("s", sh.ShardId, stream.AtSequenceNumber, end.String(), time.Time{})
	}
	// On an open shard AFTER_SEQUENCE_NUMBER of its newest record is fine (it waits for the next one).
	out := r.Put("s", "c", []byte("3"))
	it := r.Iterator("s", out.ShardId, stream.AfterSequenceNumber, out.SequenceNumber.String(), time.Time{})
	if got := r.Get(it, 0); len(got.Records) != 0 || got.NextShardIterator == "" {
		t.Fatalf("AFTER newest of an open shard: %+v", got)
	}
}

// TestGetRecordsAtShardEndReturnsChildShardsAndNilIterator checks KCL's validity rule on every GetRecords result
// of a stream resharded under load: NextShardIterator is "" exactly when ChildShards is non-empty, and that
// happens only at the end of a closed shard, after its last record.
func TestGetRecordsAtShardEndReturnsChildShardsAndNilIterator(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
	r.create("s", 2)
	for i := range 40 {
		r.Put("s", fmt.Sprint("key-", i), []byte(fmt.Sprint(i)))
	}
	sh := r.Shards("s")
	if err := r.split("s", sh[0].ShardId, sh[0].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		r.Put("s", fmt.Sprint("key-", i), []byte(fmt.Sprint(i)))
	}
	if err := r.merge("s", "shardId-000000000003", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		r.Put("s", fmt.Sprint("key-", i), []byte(fmt.Sprint(i)))
	}
	calls, ends := 0, 0
	for _, s := range r.Shards("s") {
		closed := !s.SequenceNumberRange.EndingSequenceNumber.IsZero()
		for _, typ := range []stream.ShardIteratorType{stream.TrimHorizon, stream.Latest} {
			for _, limit := range []int{1, 3, 10000} {
				it := r.Iterator("s", s.ShardId, typ, "", time.Time{})
				var last record.SequenceNumber
				for step := 0; ; step++ {
					out, err := r.e.GetRecords(r.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: limit})
					if err != nil {
						t.Fatalf("%s %s limit %d: %v", s.ShardId, typ, limit, err)
					}
					calls++
					if (out.NextShardIterator == "") != (len(out.ChildShards) > 0) {
						t.Fatalf("%s %s limit %d call %d: NextShardIterator %q with %d ChildShards (KCL rejects this)",
							s.ShardId, typ, limit, step, out.NextShardIterator, len(out.ChildShards))
					}
					if len(out.Records) > 0 {
						last = out.Records[len(out.Records)-1].SequenceNumber
					}
					if out.NextShardIterator == "" {
						ends++
						if !closed {
							t.Fatalf("open shard %s reported its end", s.ShardId)
						}
						if e := s.SequenceNumberRange.EndingSequenceNumber; !last.IsZero() && last != e {
							t.Fatalf("%s ended after %s, before its ending number %s", s.ShardId, last, e)
						}
						break
					}
					if !closed && len(out.Records) == 0 {
						break // an open shard, caught up
					}
					if step > 200 {
						t.Fatalf("%s %s: no shard end after %d calls", s.ShardId, typ, step)
					}
					it = out.NextShardIterator
				}
			}
		}
	}
	if ends == 0 || calls < 30 {
		t.Fatalf("only %d calls and %d shard ends checked", calls, ends)
	}
	// The end result also comes back for every fresh iterator at the end, and never for an open shard's tip.
	for i := range 3 {
		out := r.Get(r.Iterator("s", "shardId-000000000001", stream.Latest, "", time.Time{}), 0)
		if out.NextShardIterator != "" || len(out.ChildShards) != 1 {
			t.Fatalf("LATEST at a closed shard's end, try %d: next %q children %+v", i, out.NextShardIterator, out.ChildShards)
		}
	}
}

func TestBlockingReadEndsAtShardEnd(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 1)
	ctx, cancel := context.WithTimeout(r.ctx, 10*time.Second) // a watchdog: the read must end on its own
	defer cancel()
	r.Put("s", "a", []byte("1"))
	type result struct {
		n   int
		err error
	}
	started := make(chan struct{})
	done := make(chan result, 1)
	go func() {
		var res result
		for rec, err := range r.e.Records(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000",
			StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
			if err != nil {
				res.err = err
				break
			}
			res.n++
			if rec.PartitionKey == "a" {
				close(started)
			}
		}
		done <- res
	}()
	<-started
	r.Put("s", "b", []byte("2"))
	if err := r.split("s", "shardId-000000000000", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil || res.n != 2 {
		t.Fatalf("blocking read of a split shard: %d records, err %v; want 2 and a clean end", res.n, res.err)
	}
	// A subscription of a closed shard delivers what is left, closes its channel, and reports no error.
	sub, err := r.e.Subscribe(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000",
		StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range sub.Records() {
		n++
	}
	if n != 2 || sub.Err() != nil {
		t.Fatalf("subscription of a closed shard: %d records, Err %v", n, sub.Err())
	}
	// A blocking read started at LATEST of a closed shard ends at once.
	for _, err := range r.e.Records(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000",
		StartingPosition: stream.StartingPosition{Type: stream.Latest}}) {
		t.Fatalf("LATEST read of a closed shard yielded (err %v)", err)
	}
}

func TestUpdateShardCountIsUpdatingUntilDelayPasses(t *testing.T) {
	const d = time.Minute
	r := newHarness(t, startAt(minuteT0), stream.WithStatusDelays(0, 0, d))
	r.create("s", 2)
	out, err := r.e.UpdateShardCount(r.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 4})
	if err != nil {
		t.Fatal(err)
	}
	if out.CurrentShardCount != 2 || out.TargetShardCount != 4 || out.StreamName != "s" || out.StreamARN != r.e.StreamARN("s") {
		t.Fatalf("UpdateShardCount output %+v", out)
	}
	if s := r.Summary("s"); s.StreamStatus != stream.StreamStatusUpdating || s.OpenShardCount != 2 {
		t.Fatalf("during the update: %s with %d open shards", s.StreamStatus, s.OpenShardCount)
	}
	r.clk.Advance(d)
	if s := r.Summary("s"); s.StreamStatus != stream.StreamStatusActive || s.OpenShardCount != 4 {
		t.Fatalf("after the update: %s with %d open shards", s.StreamStatus, s.OpenShardCount)
	}
	wantRanges(t, r.open("s"), record.SplitEvenly(4))
}

func TestReadsAndWritesContinueWhileUpdating(t *testing.T) {
	const d = 10 * time.Second
	r := newHarness(t, startAt(minuteT0), stream.WithStatusDelays(0, 0, d))
	r.create("s", 2)
	sh0 := r.Shards("s")[0]
	first := r.PutTo("s", "0", "a", []byte("before"))
	itBefore := r.Iterator("s", sh0.ShardId, stream.TrimHorizon, "", time.Time{})
	if err := r.split("s", sh0.ShardId, sh0.HashKeyRange.Midpoint().String()); err != nil {
		t.Fatal(err)
	}
	// UPDATING: writes still go to the (not yet split) shard, reads see them, iterators work.
	during := r.PutTo("s", "0", "a", []byte("during"))
	if during.ShardId != sh0.ShardId {
		t.Fatalf("write during UPDATING went to %s, want %s", during.ShardId, sh0.ShardId)
	}
	batch, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{
		{Data: []byte("b1"), PartitionKey: "b", ExplicitHashKey: "1"},
		{Data: []byte("b2"), PartitionKey: "b", ExplicitHashKey: record.MaxHashKey.String()},
	}})
	if err != nil || batch.FailedRecordCount != 0 {
		t.Fatalf("PutRecords during UPDATING: %v %+v", err, batch)
	}
	out := r.Get(itBefore, 0)
	if len(out.Records) != 3 || out.Records[0].SequenceNumber != first.SequenceNumber || out.Records[1].SequenceNumber != during.SequenceNumber {
		t.Fatalf("GetRecords during UPDATING: %+v", out.Records)
	}
	if out.NextShardIterator == "" || len(out.ChildShards) != 0 {
		t.Fatalf("the shard is not closed yet: next %q, children %+v", out.NextShardIterator, out.ChildShards)
	}
	if _, err := r.e.ListShards(r.ctx, stream.ListShardsInput{StreamRef: ref("s")}); err != nil {
		t.Fatalf("ListShards during UPDATING: %v", err)
	}
	if _, err := r.e.ShardInfo(r.ctx, ref("s"), sh0.ShardId); err != nil {
		t.Fatalf("ShardInfo during UPDATING: %v", err)
	}
	r.clk.Advance(d)
	// The iterator taken during UPDATING now reaches the shard end and the children.
	end := r.Get(out.NextShardIterator, 0)
	if len(end.Records) != 0 || end.NextShardIterator != "" || len(end.ChildShards) != 2 {
		t.Fatalf("after the split took effect: %+v", end)
	}
	after := r.PutTo("s", "0", "a", []byte("after"))
	if after.ShardId != "shardId-000000000002" {
		t.Fatalf("write after the split went to %s", after.ShardId)
	}
}

func TestUpdateShardCountUniformScaling(t *testing.T) {
	for _, c := range []struct{ from, to int }{{4, 8}, {8, 4}, {3, 5}, {5, 3}, {1, 2}, {2, 1}, {6, 7}, {7, 6}, {5, 10}} {
		t.Run(fmt.Sprintf("%dto%d", c.from, c.to), func(t *testing.T) {
			r := newHarness(t, startAt(minuteT0), stream.WithThrottling(false))
			r.create("s", c.from)
			var acked []stream.PutRecordOutput
			for i := range 50 {
				acked = append(acked, r.Put("s", fmt.Sprint("k", i), []byte{byte(i)}))
			}
			out, err := r.e.UpdateShardCount(r.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: c.to, ScalingType: stream.UniformScaling})
			if err != nil {
				t.Fatal(err)
			}
			if out.CurrentShardCount != c.from || out.TargetShardCount != c.to {
				t.Fatalf("output %+v", out)
			}
			all := r.Shards("s")
			open := r.open("s")
			wantRanges(t, open, record.SplitEvenly(c.to))
			if n := r.Summary("s").OpenShardCount; n != c.to {
				t.Fatalf("OpenShardCount %d", n)
			}
			// Every shard made is a proper child: next indexes, parents that exist and are closed, ranges that
			// the parents covered; every closed shard has an ending number.
			byID := map[string]stream.Shard{}
			for i, s := range all {
				if s.ShardId != record.ShardID(i) {
					t.Fatalf("shard %d is %s: indexes are not consecutive", i, s.ShardId)
				}
				byID[s.ShardId] = s
			}
			for _, s := range all[c.from:] {
				p, ok := byID[s.ParentShardId]
				if !ok || p.SequenceNumberRange.EndingSequenceNumber.IsZero() {
					t.Fatalf("%s: parent %q missing or open", s.ShardId, s.ParentShardId)
				}
				if s.AdjacentParentShardId != "" {
					a := byID[s.AdjacentParentShardId]
					if a.SequenceNumberRange.EndingSequenceNumber.IsZero() {
						t.Fatalf("%s: adjacent parent %q open", s.ShardId, s.AdjacentParentShardId)
					}
				}
			}
			closed := 0
			for _, s := range all {
				if !s.SequenceNumberRange.EndingSequenceNumber.IsZero() {
					closed++
				}
			}
			if closed+len(open) != len(all) || closed == 0 {
				t.Fatalf("%d closed + %d open of %d shards", closed, len(open), len(all))
			}
			// Nothing was lost: every record is still readable, and new records route to the new shards.
			got := 0
			for _, s := range all {
				recs, _ := r.drain("s", s.ShardId)
				got += len(recs)
			}
			if got != len(acked) {
				t.Fatalf("read %d records after scaling, want %d", got, len(acked))
			}
			for i, rng := range record.SplitEvenly(c.to) {
				out := r.PutTo("s", rng.EndingHashKey.String(), "x", nil)
				if out.ShardId != open[i].ShardId {
					t.Fatalf("hash key %s routed to %s, want %s", rng.EndingHashKey, out.ShardId, open[i].ShardId)
				}
			}
		})
	}
}

func TestClosedShardsExpireAfterRetention(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	for i := range 3 {
		r.PutTo("s", "0", fmt.Sprint("k", i), []byte("v"))
	}
	r.clk.Advance(time.Hour)
	closedAt := r.clk.Now()
	if err := r.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	// No read from here on: ListShards and ShardInfo trim nothing, so the retention timer alone must act.
	r.clk.AdvanceTo(closedAt.Add(24*time.Hour - time.Millisecond))
	if ids := idsOf(r.Shards("s")); !slices.Equal(ids, []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"}) {
		t.Fatalf("shards a millisecond before the closed ones expire: %v", ids)
	}
	info, err := r.e.ShardInfo(r.ctx, ref("s"), "shardId-000000000000")
	if err != nil || info.Open || info.Records != 0 || info.MemoryBytes != 0 {
		t.Fatalf("closed shard whose records passed retention an hour ago: %+v, %v", info, err)
	}
	r.clk.AdvanceTo(closedAt.Add(24 * time.Hour))
	if ids := idsOf(r.Shards("s")); !slices.Equal(ids, []string{"shardId-000000000002"}) {
		t.Fatalf("shards once the retention period has passed since closing: %v", ids)
	}
	// GetShardIterator of them is ResourceNotFound (the error spec's ExpiredClosedShardIsNotFound); ShardInfo too.
	for _, id := range []string{"shardId-000000000000", "shardId-000000000001"} {
		_, err := r.e.ShardInfo(r.ctx, ref("s"), id)
		wantErr(t, err, apierr.ResourceNotFound, "")
	}
	// The child, open, is unaffected; a new split makes index 3, not a reused one.
	if err := r.split("s", "shardId-000000000002", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatal(err)
	}
	if ids := idsOf(r.open("s")); !slices.Equal(ids, []string{"shardId-000000000003", "shardId-000000000004"}) {
		t.Fatalf("open shards after splitting the child: %v", ids)
	}
}

func TestClosedShardStaysReadableUntilRetentionPasses(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	r.PutTo("s", "0", "k", []byte("v"))
	r.clk.Advance(time.Hour)
	closedAt := r.clk.Now()
	if err := r.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(22 * time.Hour) // the record is 23 hours old
	if recs, children := r.drain("s", "shardId-000000000000"); len(recs) != 1 || len(children) != 1 {
		t.Fatalf("closed shard 22 hours after closing: %d records, children %+v", len(recs), children)
	}
	// Its records are past retention, the shard is not: it is empty and still ends in its child.
	r.clk.AdvanceTo(closedAt.Add(24*time.Hour - time.Second))
	it := r.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	out := r.Get(it, 0)
	if len(out.Records) != 0 || out.NextShardIterator != "" || len(out.ChildShards) != 1 || out.ChildShards[0].ShardId != "shardId-000000000002" {
		t.Fatalf("closed shard a second before it expires: %+v", out)
	}
	// A second later it has expired: the error spec's ExpiredClosedShardIsNotFound.
}

func TestClosedShardExpiresOnTimerWithoutAnyRecords(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 1)
	if err := r.split("s", "shardId-000000000000", record.SplitEvenly(2)[1].StartingHashKey.String()); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(24 * time.Hour)
	_, err := r.e.ShardInfo(r.ctx, ref("s"), "shardId-000000000000")
	wantErr(t, err, apierr.ResourceNotFound, "")
	if ids := idsOf(r.Shards("s")); !slices.Equal(ids, []string{"shardId-000000000001", "shardId-000000000002"}) {
		t.Fatalf("shards: %v", ids)
	}
}

// TestDeletingStreamWithPendingReshardFreesItsShards: a split or merge still waiting for the update delay when the
// stream is deleted never happens, and the account's shard quota is exactly as if the stream had never existed.
func TestDeletingStreamWithPendingReshardFreesItsShards(t *testing.T) {
	const limit, d = 3, time.Minute
	for _, deleteDelay := range []time.Duration{0, time.Minute} {
		for _, op := range []string{"split", "merge"} {
			t.Run(fmt.Sprintf("%s/deleteDelay=%v", op, deleteDelay), func(t *testing.T) {
				r := newHarness(t, startAt(minuteT0), stream.WithShardLimit(limit), stream.WithStatusDelays(0, deleteDelay, d))
				r.create("a", 2)
				var err error
				if op == "split" {
					err = r.split("a", "shardId-000000000000", record.SplitEvenly(4)[1].StartingHashKey.String())
				} else {
					err = r.merge("a", "shardId-000000000000", "shardId-000000000001")
				}
				if err != nil {
					t.Fatal(err)
				}
				if st := r.Summary("a").StreamStatus; st != stream.StreamStatusUpdating {
					t.Fatalf("status %s", st)
				}
				if err := r.e.DeleteStream(r.ctx, stream.DeleteStreamInput{StreamRef: ref("a")}); err != nil {
					t.Fatal(err)
				}
				r.clk.Advance(max(d, deleteDelay) + time.Second)
				if _, err := r.e.DescribeStreamSummary(r.ctx, ref("a")); !errors.Is(err, apierr.ResourceNotFound) {
					t.Fatalf("stream still there: %v", err)
				}
				// No stream is left: the whole quota of 3 is free, and not a shard more.
				wantErr(t, r.e.CreateStream(r.ctx, stream.CreateStreamInput{StreamName: "big", ShardCount: limit + 1}), apierr.LimitExceeded, "")
				if err := r.e.CreateStream(r.ctx, stream.CreateStreamInput{StreamName: "b", ShardCount: limit}); err != nil {
					t.Fatalf("CreateStream of %d shards with no other stream left and a quota of %d: %v", limit, limit, err)
				}
			})
		}
	}
}

// TestListShardsFiltersFollowResharding: KCL 2.3+ bootstraps with a ShardFilter, so the filters must see shards
// open and close with resharding.
func TestListShardsFiltersFollowResharding(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("s", 2)
	r.clk.Advance(time.Hour)
	if err := r.split("s", "shardId-000000000000", r.Shards("s")[0].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(time.Hour)
	if err := r.merge("s", "shardId-000000000002", "shardId-000000000003"); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(time.Hour)
	list := func(f stream.ShardFilter) []string {
		t.Helper()
		out, err := r.e.ListShards(r.ctx, stream.ListShardsInput{StreamRef: ref("s"), ShardFilter: &f})
		if err != nil {
			t.Fatalf("ListShards(%+v): %v", f, err)
		}
		return idsOf(out.Shards)
	}
	id := func(is ...int) []string {
		var ids []string
		for _, i := range is {
			ids = append(ids, record.ShardID(i))
		}
		return ids
	}
	for _, c := range []struct {
		f    stream.ShardFilter
		want []string
	}{
		{stream.ShardFilter{Type: stream.FilterAtLatest}, id(1, 4)},
		{stream.ShardFilter{Type: stream.FilterFromTrimHorizon}, id(0, 1, 2, 3, 4)},
		{stream.ShardFilter{Type: stream.FilterAtTrimHorizon}, id(0, 1)},
		{stream.ShardFilter{Type: stream.FilterAtTimestamp, Timestamp: minuteT0.Add(30 * time.Minute)}, id(0, 1)},
		{stream.ShardFilter{Type: stream.FilterAtTimestamp, Timestamp: minuteT0.Add(90 * time.Minute)}, id(1, 2, 3)},
		{stream.ShardFilter{Type: stream.FilterAtTimestamp, Timestamp: minuteT0.Add(150 * time.Minute)}, id(1, 4)},
		{stream.ShardFilter{Type: stream.FilterFromTimestamp, Timestamp: minuteT0.Add(90 * time.Minute)}, id(1, 2, 3, 4)},
		{stream.ShardFilter{Type: stream.FilterAfterShardId, ShardId: "shardId-000000000002"}, id(3, 4)},
	} {
		if got := list(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%s %v: %v, want %v", c.f.Type, c.f.Timestamp.Sub(minuteT0), got, c.want)
		}
	}
}
