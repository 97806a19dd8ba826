package stream_test

// Tests named after the documented behaviour of AWS Kinesis Data Streams (data-streams.md §1) and of the engine's
// own documentation, one rule per test.

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// ---- Streams and shards ----

func TestCreateStreamLaysOutEvenHashRanges(t *testing.T) {
	h := newHarness(t)
	h.create("three", 3)
	got := h.Shards("three")
	want := [][2]string{
		{"0", "113427455640312821154458202477256070484"},
		{"113427455640312821154458202477256070485", "226854911280625642308916404954512140969"},
		{"226854911280625642308916404954512140970", "340282366920938463463374607431768211455"},
	}
	if len(got) != 3 {
		t.Fatalf("got %d shards, want 3", len(got))
	}
	for i, s := range got {
		if wantID := fmt.Sprintf("shardId-%012d", i); s.ShardId != wantID {
			t.Errorf("shard %d id = %s, want %s", i, s.ShardId, wantID)
		}
		if r := s.HashKeyRange; r.StartingHashKey.String() != want[i][0] || r.EndingHashKey.String() != want[i][1] {
			t.Errorf("shard %d range = [%s, %s], want [%s, %s]", i, r.StartingHashKey, r.EndingHashKey, want[i][0], want[i][1])
		}
		if s.ParentShardId != "" || s.AdjacentParentShardId != "" {
			t.Errorf("shard %d has parents %q %q", i, s.ParentShardId, s.AdjacentParentShardId)
		}
		if s.SequenceNumberRange.StartingSequenceNumber.IsZero() || !s.SequenceNumberRange.EndingSequenceNumber.IsZero() {
			t.Errorf("shard %d sequence range = %+v, want a start and no end (open)", i, s.SequenceNumberRange)
		}
	}

	// For any N: contiguous ranges over 0 … 2^128−1, each floor(2^128/N) wide except the last (kinesalite's formula).
	space := new(big.Int).Lsh(big.NewInt(1), 128)
	for _, n := range []int{1, 2, 4, 5, 7, 16, 100} {
		name := "n" + strconv.Itoa(n)
		h.create(name, n)
		shards := h.Shards(name)
		if len(shards) != n {
			t.Fatalf("%s: got %d shards", name, len(shards))
		}
		width := new(big.Int).Div(space, big.NewInt(int64(n)))
		next := big.NewInt(0)
		for i, s := range shards {
			start, end := s.HashKeyRange.StartingHashKey.Big(), s.HashKeyRange.EndingHashKey.Big()
			if start.Cmp(next) != 0 {
				t.Fatalf("%s shard %d starts at %s, want %s", name, i, start, next)
			}
			if i < n-1 {
				if w := new(big.Int).Sub(end, start); w.Add(w, big.NewInt(1)).Cmp(width) != 0 {
					t.Fatalf("%s shard %d is %s wide, want %s", name, i, w, width)
				}
			}
			next = new(big.Int).Add(end, big.NewInt(1))
		}
		if next.Cmp(space) != 0 {
			t.Fatalf("%s: last shard ends at %s, want 2^128-1", name, new(big.Int).Sub(next, big.NewInt(1)))
		}
	}
}

func TestCreateStreamIsCreatingUntilDelayPasses(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(10*time.Second, 0, 0))
	h.create("s", 2)
	if st := h.Summary("s").StreamStatus; st != stream.StreamStatusCreating {
		t.Fatalf("status = %s, want CREATING", st)
	}

	// PutRecord, PutRecords and GetShardIterator answer ResourceNotFound (the error spec's
	// CreatingStreamIsNotFoundForData); so does a blocking read.
	_, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	wantErr(t, err, apierr.ResourceNotFound, "")

	h.clk.Advance(10*time.Second - time.Millisecond)
	if st := h.Summary("s").StreamStatus; st != stream.StreamStatusCreating {
		t.Fatalf("status 1 ms before the delay = %s, want CREATING", st)
	}
	h.clk.Advance(time.Millisecond)
	if st := h.Summary("s").StreamStatus; st != stream.StreamStatusActive {
		t.Fatalf("status after the delay = %s, want ACTIVE", st)
	}
	h.Put("s", "k", []byte("x"))
	if n := h.Count("s"); n != 1 {
		t.Fatalf("read %d records, want 1", n)
	}
}

func TestDeleteStreamEndsReadsWithResourceNotFound(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.Put("s", "k", []byte("a"))
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()

	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	// GetRecords of its iterator, PutRecord, DescribeStreamSummary, ListShards and DeleteStream answer
	// ResourceNotFound: the error spec's DeletedStreamIsNotFound. A blocking read ends with it too.

	for range sub.Records() {
		t.Fatal("subscription delivered a record after the stream was deleted")
	}
	wantErr(t, sub.Err(), apierr.ResourceNotFound, "")
}

func TestDeletingStreamServesReadsAndWritesUntilDelayPasses(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(0, 30*time.Second, 0))
	h.create("s", 1)
	h.Put("s", "k", []byte("a"))
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	if st := h.Summary("s").StreamStatus; st != stream.StreamStatusDeleting {
		t.Fatalf("status = %s, want DELETING", st)
	}
	h.Put("s", "k", []byte("b"))
	if n := h.Count("s"); n != 2 {
		t.Fatalf("read %d records while DELETING, want 2", n)
	}
	h.clk.Advance(30 * time.Second)
	// The stream is gone (the error spec's DeletedStreamIsNotFound), and its name is free again.
	h.create("s", 1)
	if n := h.Count("s"); n != 0 {
		t.Fatalf("re-created stream has %d records, want 0", n)
	}
}

// ---- Put ----

func TestPutRecordRoutesByMD5(t *testing.T) {
	h := newHarness(t)
	h.create("s", 7, throttling(false))
	shards := h.Shards("s")
	owner := func(hk *big.Int) string {
		for _, s := range shards {
			if hk.Cmp(s.HashKeyRange.StartingHashKey.Big()) >= 0 && hk.Cmp(s.HashKeyRange.EndingHashKey.Big()) <= 0 {
				return s.ShardId
			}
		}
		t.Fatalf("no shard owns %s", hk)
		return ""
	}
	// 10,000 keys, each put twice (the engine memoises the hashes of a busy stream's keys: the second round
	// checks the memo), then again after 40,000 more records have made the stream busy.
	const keys = 10000
	const rounds = 4
	perShard := map[string]int{}
	for batch := 0; batch < rounds*keys; batch += stream.MaxPutRecordsEntries {
		in := stream.PutRecordsInput{StreamRef: ref("s")}
		for i := batch; i < batch+stream.MaxPutRecordsEntries; i++ {
			key := "key-" + strconv.Itoa(i%keys)
			if i%keys >= keys/2 {
				key = strings.Repeat("long-", 5) + key // longer than the memo's 24-byte keys
			}
			in.Records = append(in.Records, stream.PutRecordsEntry{PartitionKey: key, Data: []byte{byte(i)}})
		}
		out, err := h.e.PutRecords(h.ctx, in)
		if err != nil || out.FailedRecordCount != 0 {
			t.Fatalf("PutRecords: %v, %d failed", err, out.FailedRecordCount)
		}
		for j, r := range out.Records {
			key := in.Records[j].PartitionKey
			sum := md5.Sum([]byte(key))
			if want := owner(new(big.Int).SetBytes(sum[:])); r.ShardId != want {
				t.Fatalf("key %q went to %s, want %s (MD5 %x)", key, r.ShardId, want, sum)
			}
			perShard[r.ShardId]++
		}
	}
	// PutRecord routes the same way.
	for i := range 200 {
		key := fmt.Sprintf("single/%d", i)
		sum := md5.Sum([]byte(key))
		if got, want := h.Put("s", key, nil).ShardId, owner(new(big.Int).SetBytes(sum[:])); got != want {
			t.Fatalf("PutRecord key %q went to %s, want %s", key, got, want)
		}
	}
	// And every record is stored in the shard it was reported in.
	total := 0
	for _, s := range shards {
		recs := h.ReadShard("s", s.ShardId)
		for _, r := range recs {
			if r.ShardId != s.ShardId {
				t.Fatalf("record in %s says ShardID %s", s.ShardId, r.ShardId)
			}
		}
		total += len(recs)
		if perShard[s.ShardId] == 0 {
			t.Errorf("no key of %d landed in %s", keys, s.ShardId)
		}
	}
	if total != rounds*keys+200 {
		t.Fatalf("read %d records, want %d", total, rounds*keys+200)
	}
}

func TestExplicitHashKeyOverridesPartitionKey(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		shards := h.Shards(name)
		end0 := shards[0].HashKeyRange.EndingHashKey
		cases := []struct{ ehk, want string }{
			{"0", "shardId-000000000000"},
			{end0.String(), "shardId-000000000000"},
			{end0.Add(1).String(), "shardId-000000000001"},
			{record.MaxHashKey.String(), "shardId-000000000001"},
		}
		// The same partition key goes wherever the explicit hash key says.
		for _, c := range cases {
			out := h.PutTo(name, c.ehk, "same-key", []byte(c.ehk))
			if out.ShardId != c.want {
				t.Errorf("ExplicitHashKey %s went to %s, want %s", c.ehk, out.ShardId, c.want)
			}
		}
		pr, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref(name), Records: []stream.PutRecordsEntry{
			{PartitionKey: "same-key", ExplicitHashKey: "0"},
			{PartitionKey: "same-key", ExplicitHashKey: record.MaxHashKey.String()},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if pr.Records[0].ShardId != "shardId-000000000000" || pr.Records[1].ShardId != "shardId-000000000001" {
			t.Fatalf("PutRecords routed to %s, %s", pr.Records[0].ShardId, pr.Records[1].ShardId)
		}
		// The partition key is still stored; the explicit hash key is not.
		for _, r := range h.ReadAll(name) {
			if r.PartitionKey != "same-key" || r.ExplicitHashKey != "" {
				t.Fatalf("read back key %q, ehk %q", r.PartitionKey, r.ExplicitHashKey)
			}
		}
	})
}

func TestPutRecordsResultsAreInRequestOrder(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		// Entries alternate between the two shards, so the engine's grouping by shard must be undone in the output.
		in := stream.PutRecordsInput{StreamRef: ref(name)}
		for i := range 40 {
			ehk := hashKeyOfShard(i%2, 2)
			if i%3 == 0 {
				ehk = hashKeyOfShard(1-i%2, 2)
			}
			in.Records = append(in.Records, stream.PutRecordsEntry{PartitionKey: "k" + strconv.Itoa(i), Data: []byte(strconv.Itoa(i)), ExplicitHashKey: ehk})
		}
		out, err := h.e.PutRecords(h.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if out.FailedRecordCount != 0 || len(out.Records) != len(in.Records) || out.EncryptionType != stream.EncryptionNone {
			t.Fatalf("FailedRecordCount %d, %d results, encryption %q", out.FailedRecordCount, len(out.Records), out.EncryptionType)
		}
		bySeq := map[record.SequenceNumber]record.Record{}
		for _, r := range h.ReadAll(name) {
			bySeq[r.SequenceNumber] = r
		}
		for i, res := range out.Records {
			if res.ErrorCode != "" {
				t.Fatalf("entry %d failed: %s", i, res.ErrorCode)
			}
			r, ok := bySeq[res.SequenceNumber]
			if !ok || string(r.Data) != strconv.Itoa(i) || r.ShardId != res.ShardId || r.PartitionKey != in.Records[i].PartitionKey {
				t.Fatalf("result %d (%s %s) does not name entry %d: read %+v", i, res.ShardId, res.SequenceNumber, i, r)
			}
		}
	})
}

func TestWriteLimit1000RecordsPerSecondPerShard(t *testing.T) {
	h := newHarness(t)
	h.create("s", 2)
	shard0, shard1 := hashKeyOfShard(0, 2), hashKeyOfShard(1, 2)
	putN := func(ehk string, n int) (ok int) {
		for range n {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", ExplicitHashKey: ehk})
			switch {
			case err == nil:
				ok++
			case errors.Is(err, apierr.ProvisionedThroughputExceeded):
			default:
				t.Fatal(err)
			}
		}
		return ok
	}
	if ok := putN(shard0, 1001); ok != 1000 {
		t.Fatalf("%d of 1001 puts in one instant succeeded, want 1000", ok)
	}
	// The limit is per shard: shard 1 still has its own 1,000.
	if ok := putN(shard1, 1000); ok != 1000 {
		t.Fatalf("shard 1: %d of 1000 succeeded", ok)
	}
	// One millisecond refills one record.
	h.clk.Advance(time.Millisecond)
	if ok := putN(shard0, 2); ok != 1 {
		t.Fatalf("after 1 ms, %d of 2 puts succeeded, want 1", ok)
	}
	// Sustained: over 10 s at 2,000 attempts/s, 1,000/s get through.
	total := 0
	for range 100 {
		h.clk.Advance(100 * time.Millisecond)
		total += putN(shard0, 200)
	}
	if total != 10000 {
		t.Fatalf("over 10 s, %d records got through, want 10000", total)
	}
}

func TestThrottlingCanBeTurnedOffPerStream(t *testing.T) {
	h := newHarness(t)
	h.create("free", 1, throttling(false))
	h.create("limited", 1)
	if h.Summary("free").Throttling || !h.Summary("limited").Throttling {
		t.Fatal("summary Throttling does not reflect the input")
	}
	for i := range 3000 {
		if _, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("free"), PartitionKey: "k"}); err != nil {
			t.Fatalf("put %d on an unthrottled stream: %v", i, err)
		}
	}
	for range 20 {
		h.Iterator("free", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	}

	// Engine.SetThrottling turns it on...
	if err := h.e.SetThrottling(h.ctx, ref("free"), true); err != nil {
		t.Fatal(err)
	}
	if !h.Summary("free").Throttling {
		t.Fatal("Throttling still off after SetThrottling(true)")
	}
	ok := 0
	for range 1001 {
		if _, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("free"), PartitionKey: "k"}); err == nil {
			ok++
		}
	}
	if ok != 1000 {
		t.Fatalf("after SetThrottling(true) %d of 1001 puts succeeded, want 1000", ok)
	}
	// ... and off, for an already throttled stream.
	if err := h.e.SetThrottling(h.ctx, ref("free"), false); err != nil {
		t.Fatal(err)
	}
	h.Put("free", "k", nil)

	// WithThrottling(false) makes unthrottled the default, and the input can still turn it on.
	h2 := newHarness(t, stream.WithThrottling(false))
	h2.create("a", 1)
	h2.create("b", 1, throttling(true))
	if h2.Summary("a").Throttling || !h2.Summary("b").Throttling {
		t.Fatal("WithThrottling(false) default or per-stream override not applied")
	}
	err := h.e.SetThrottling(h.ctx, ref("missing"), true)
	wantErr(t, err, apierr.ResourceNotFound, streamNotFound("missing"))
}

func TestSequenceNumbersIncreaseWithinShard(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		last := map[string]record.SequenceNumber{}
		check := func(shardID string, sn record.SequenceNumber) {
			t.Helper()
			if sn.IsZero() {
				t.Fatal("zero sequence number")
			}
			if prev, ok := last[shardID]; ok && sn.Compare(prev) <= 0 {
				t.Fatalf("%s: %s after %s", shardID, sn, prev)
			}
			last[shardID] = sn
		}
		for i := range 60 {
			if i%10 == 0 {
				h.clk.Advance(time.Second)
			}
			if i%2 == 0 {
				out := h.Put(name, "k"+strconv.Itoa(i), []byte{byte(i)})
				check(out.ShardId, out.SequenceNumber)
				continue
			}
			out, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref(name), Records: []stream.PutRecordsEntry{
				{PartitionKey: "a" + strconv.Itoa(i)}, {PartitionKey: "b" + strconv.Itoa(i)}, {PartitionKey: "c" + strconv.Itoa(i)},
			}})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range out.Records {
				check(r.ShardId, r.SequenceNumber)
			}
		}
		// Reads return each shard's records in sequence-number order; the decimal form parses back.
		for _, s := range h.Shards(name) {
			recs := h.ReadShard(name, s.ShardId)
			for i := 1; i < len(recs); i++ {
				if recs[i].SequenceNumber.Compare(recs[i-1].SequenceNumber) <= 0 {
					t.Fatalf("%s: read %s after %s", s.ShardId, recs[i].SequenceNumber, recs[i-1].SequenceNumber)
				}
				if recs[i].ApproximateArrivalTimestamp.Before(recs[i-1].ApproximateArrivalTimestamp) {
					t.Fatalf("%s: arrival times go back", s.ShardId)
				}
			}
			for _, r := range recs {
				p, err := record.ParseSequenceNumber(r.SequenceNumber.String())
				if err != nil || p != r.SequenceNumber {
					t.Fatalf("sequence number %s does not parse back: %v", r.SequenceNumber, err)
				}
				if r.SequenceNumber.Compare(s.SequenceNumberRange.StartingSequenceNumber) < 0 {
					t.Fatalf("%s: %s is below the shard's StartingSequenceNumber %s", s.ShardId, r.SequenceNumber, s.SequenceNumberRange.StartingSequenceNumber)
				}
			}
		}
	})
}

func TestArrivalTimestampsHaveMillisecondPrecision(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.clk.Advance(1500 * time.Microsecond) // t0 + 1.5 ms
	h.Put("s", "k", []byte("a"))
	recs := h.ReadAll("s")
	if got, want := recs[0].ApproximateArrivalTimestamp, t0.Add(time.Millisecond); !got.Equal(want) {
		t.Fatalf("arrival %v, want %v (milliseconds)", got, want)
	}
	// AT_TIMESTAMP with sub-millisecond precision finds it by its millisecond.
	out := h.Get(h.Iterator("s", "shardId-000000000000", stream.AtTimestamp, "", t0.Add(1900*time.Microsecond)), 0)
	if len(out.Records) != 1 {
		t.Fatalf("AT_TIMESTAMP within the record's millisecond read %d records", len(out.Records))
	}
}

func TestConcurrentPutsKeepEveryRecordInOrder(t *testing.T) {
	h := newHarness(t)
	h.create("s", 3, throttling(false))
	// Make the stream busy enough for the engine to memoise key hashes, which the writers then share.
	warm := stream.PutRecordsInput{StreamRef: ref("s")}
	for i := range stream.MaxPutRecordsEntries {
		warm.Records = append(warm.Records, stream.PutRecordsEntry{PartitionKey: fmt.Sprintf("w%d-%d", i%8, i%7)})
	}
	for range 70 {
		if _, err := h.e.PutRecords(h.ctx, warm); err != nil {
			t.Fatal(err)
		}
	}
	base := h.Count("s")
	const writers, each = 8, 300
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				key := fmt.Sprintf("w%d-%d", w, i%7)
				data := []byte(fmt.Sprintf("%d/%d", w, i))
				var err error
				if i%2 == 0 {
					_, err = h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: key, Data: data})
				} else {
					_, err = h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{PartitionKey: key, Data: data}}})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Every record is there once, and each writer's records of one key are in the order it wrote them.
	seen := map[string]bool{}
	lastOf := map[string]int{}
	owner := map[string]record.HashKeyRange{}
	for _, sh := range h.Shards("s") {
		owner[sh.ShardId] = sh.HashKeyRange
	}
	for _, r := range h.ReadAll("s") {
		if !owner[r.ShardId].Contains(record.HashKeyOf(r.PartitionKey)) {
			t.Fatalf("key %q is in %s, which does not own its hash key", r.PartitionKey, r.ShardId)
		}
		if len(r.Data) == 0 {
			continue // warm-up record
		}
		if seen[string(r.Data)] {
			t.Fatalf("record %s read twice", r.Data)
		}
		seen[string(r.Data)] = true
		var w, i int
		fmt.Sscanf(string(r.Data), "%d/%d", &w, &i)
		if last, ok := lastOf[r.PartitionKey]; ok && i <= last {
			t.Fatalf("key %s: record %d after %d", r.PartitionKey, i, last)
		}
		lastOf[r.PartitionKey] = i
	}
	if len(seen) != writers*each || base != 70*stream.MaxPutRecordsEntries {
		t.Fatalf("read %d distinct records, want %d (and %d warm-up records)", len(seen), writers*each, base)
	}
}

// ---- Iterators and GetRecords ----

func TestIteratorTypes(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		const sh = "shardId-000000000000"
		ehk := hashKeyOfShard(0, 2)
		var seq []record.SequenceNumber
		for i := range 3 {
			if i > 0 {
				h.clk.Advance(time.Second)
			}
			seq = append(seq, h.PutTo(name, ehk, "k", []byte{'0' + byte(i)}).SequenceNumber)
		}
		h.clk.Advance(time.Second) // now = t0+3s; records arrived at t0, t0+1s, t0+2s

		read := func(it string) string {
			t.Helper()
			var s string
			if err := h.Retry(func() error {
				out, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
				s = ""
				for _, r := range out.Records {
					s += string(r.Data)
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return s
		}
		iter := func(typ stream.ShardIteratorType, sn string, ts time.Time) string {
			t.Helper()
			var it string
			if err := h.Retry(func() error {
				out, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref(name), ShardId: sh, ShardIteratorType: typ, StartingSequenceNumber: sn, Timestamp: ts})
				it = out.ShardIterator
				return err
			}); err != nil {
				t.Fatalf("%s %s %v: %v", typ, sn, ts, err)
			}
			return it
		}
		cases := []struct {
			name string
			typ  stream.ShardIteratorType
			seq  string
			ts   time.Time
			want string
		}{
			{"AT_SEQUENCE_NUMBER first", stream.AtSequenceNumber, seq[0].String(), time.Time{}, "012"},
			{"AT_SEQUENCE_NUMBER middle", stream.AtSequenceNumber, seq[1].String(), time.Time{}, "12"},
			{"AFTER_SEQUENCE_NUMBER middle", stream.AfterSequenceNumber, seq[1].String(), time.Time{}, "2"},
			{"AFTER_SEQUENCE_NUMBER last", stream.AfterSequenceNumber, seq[2].String(), time.Time{}, ""},
			{"TRIM_HORIZON", stream.TrimHorizon, "", time.Time{}, "012"},
			{"LATEST", stream.Latest, "", time.Time{}, ""},
			{"AT_TIMESTAMP before all", stream.AtTimestamp, "", t0.Add(-time.Hour), "012"},
			{"AT_TIMESTAMP exact first", stream.AtTimestamp, "", t0, "012"},
			{"AT_TIMESTAMP exact ms", stream.AtTimestamp, "", t0.Add(time.Second), "12"},
			{"AT_TIMESTAMP 1 ms after", stream.AtTimestamp, "", t0.Add(time.Second + time.Millisecond), "2"},
			{"AT_TIMESTAMP between", stream.AtTimestamp, "", t0.Add(1500 * time.Millisecond), "2"},
			{"AT_TIMESTAMP 1 ms before", stream.AtTimestamp, "", t0.Add(2*time.Second - time.Millisecond), "2"},
			{"AT_TIMESTAMP after all", stream.AtTimestamp, "", t0.Add(2*time.Second + time.Millisecond), ""},
			{"AT_TIMESTAMP now", stream.AtTimestamp, "", t0.Add(3 * time.Second), ""},
		}
		its := make([]string, len(cases))
		for i, c := range cases {
			its[i] = iter(c.typ, c.seq, c.ts)
			if got := read(its[i]); got != c.want {
				t.Errorf("%s: read %q, want %q", c.name, got, c.want)
			}
		}
		// Iterators that were at the end see records put later; the others are positions, not snapshots.
		h.PutTo(name, ehk, "k", []byte("3"))
		for i, c := range cases {
			if got := read(its[i]); got != c.want+"3" {
				t.Errorf("%s after a new put: read %q, want %q", c.name, got, c.want+"3")
			}
		}
	})
}

func TestAtTimestampOlderThanTrimHorizonSnapsToTrimHorizon(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.Put("s", "k", []byte("old"))
	h.clk.Advance(12 * time.Hour)
	h.Put("s", "k", []byte("new"))
	h.clk.Advance(13 * time.Hour) // "old" is past the 24 h retention, "new" is not
	it := h.Iterator("s", "shardId-000000000000", stream.AtTimestamp, "", t0.Add(-time.Hour))
	out := h.Get(it, 0)
	if len(out.Records) != 1 || string(out.Records[0].Data) != "new" {
		t.Fatalf("AT_TIMESTAMP older than the horizon read %d records", len(out.Records))
	}
	th := h.Get(h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{}), 0)
	sameRecords(t, out.Records, th.Records)
}

func TestGetRecordsAlwaysReturnsFreshNextIterator(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		// The clock does not move: a consumer comparing iterator strings (as harlow/kinesis-consumer compares
		// pointers) must never see the one it sent come back, even when no records are returned.
		seen := map[string]int{}
		it := h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
		seen[it] = 0
		for i := 1; i <= 4; i++ {
			out := h.Get(it, 0)
			if len(out.Records) != 0 {
				t.Fatalf("call %d returned records from an empty shard", i)
			}
			if out.NextShardIterator == "" {
				t.Fatalf("call %d: no NextShardIterator on an open shard", i)
			}
			if j, dup := seen[out.NextShardIterator]; dup {
				t.Fatalf("call %d returned the same iterator string as call %d", i, j)
			}
			seen[out.NextShardIterator] = i
			it = out.NextShardIterator
		}
	})
}

func TestGetRecordsFollowsNextIteratorWithoutGapsOrRepeats(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		ehk := hashKeyOfShard(1, 2)
		it := h.Iterator(name, "shardId-000000000001", stream.Latest, "", time.Time{})
		var got []string
		for round := range 5 {
			for i := range 3 {
				h.PutTo(name, ehk, "k", []byte(fmt.Sprintf("%d.%d", round, i)))
			}
			h.clk.Advance(time.Second)
			out := h.Get(it, 2)
			for _, r := range out.Records {
				got = append(got, string(r.Data))
			}
			it = out.NextShardIterator
		}
		for len(got) < 15 {
			h.clk.Advance(time.Second)
			out := h.Get(it, 0)
			if len(out.Records) == 0 {
				break
			}
			for _, r := range out.Records {
				got = append(got, string(r.Data))
			}
			it = out.NextShardIterator
		}
		var want []string
		for round := range 5 {
			for i := range 3 {
				want = append(want, fmt.Sprintf("%d.%d", round, i))
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("read %v, want %v", got, want)
		}
	})
}

func TestGetRecordsLimitCapsRecords(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		ehk := hashKeyOfShard(0, 2)
		for i := range 20 {
			h.PutTo(name, ehk, "k", []byte{byte(i)})
		}
		it := h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
		var sizes []int
		next := 0
		for range 4 {
			h.clk.Advance(time.Second)
			out := h.Get(it, 7)
			sizes = append(sizes, len(out.Records))
			for _, r := range out.Records {
				if int(r.Data[0]) != next {
					t.Fatalf("read record %d, want %d", r.Data[0], next)
				}
				next++
			}
			it = out.NextShardIterator
		}
		if fmt.Sprint(sizes) != "[7 7 6 0]" {
			t.Fatalf("batch sizes %v, want [7 7 6 0]", sizes)
		}
		// Limit 10000 is allowed, and so is Limit 1.
		h.clk.Advance(time.Second)
		it = h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
		if n := len(h.Get(it, stream.MaxGetRecordsLimit).Records); n != 20 {
			t.Fatalf("Limit 10000 read %d", n)
		}
		if n := len(h.Get(it, 1).Records); n != 1 {
			t.Fatalf("Limit 1 read %d", n)
		}
	})
}

func TestGetRecordsDefaultLimitIs10000(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	in := stream.PutRecordsInput{StreamRef: ref("s")}
	for range 500 {
		in.Records = append(in.Records, stream.PutRecordsEntry{PartitionKey: "k"})
	}
	for range 21 { // 10,500 records
		if _, err := h.e.PutRecords(h.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	out := h.Get(h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{}), 0)
	if len(out.Records) != 10000 {
		t.Fatalf("read %d records with Limit 0, want 10000", len(out.Records))
	}
	if n := len(h.Get(out.NextShardIterator, 0).Records); n != 500 {
		t.Fatalf("second read %d, want 500", n)
	}
}

func TestGetRecords10MiBCap(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	// Eleven records of exactly 1 MiB each (data plus key).
	for i := range 11 {
		h.Put("s", "k", payload(mib-1, byte(i)))
	}
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	out := h.Get(it, 0)
	if len(out.Records) != 10 {
		t.Fatalf("first call returned %d records of 1 MiB, want 10 (10 MiB)", len(out.Records))
	}
	out = h.Get(out.NextShardIterator, 0)
	if len(out.Records) != 1 || out.Records[0].Data[0] != 10 {
		t.Fatalf("second call returned %d records", len(out.Records))
	}

	// With large records: two of 4 MiB fit in 10 MiB, three do not; a single 10 MiB record is returned whole.
	h.create("big", 1, throttling(false), maxRecordKiB(stream.MaxMaxRecordSizeInKiB))
	for i := range 3 {
		h.Put("big", "k", payload(4*mib-1, byte(i)))
	}
	h.Put("big", "k", payload(10*mib-1, 3))
	it = h.Iterator("big", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	var sizes []int
	for range 3 {
		out = h.Get(it, 0)
		sizes = append(sizes, len(out.Records))
		it = out.NextShardIterator
	}
	if fmt.Sprint(sizes) != "[2 1 1]" {
		t.Fatalf("batches %v, want [2 1 1]", sizes)
	}
	if len(out.Records[0].Data) != 10*mib-1 {
		t.Fatalf("the 10 MiB record came back with %d bytes", len(out.Records[0].Data))
	}
}

func TestGetRecordsTwoMiBPerSecond(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	const recSize = 64 * kib
	for i := range 16 {
		h.Put("s", "k", payload(recSize-1, byte(i)))
	}
	if err := h.e.SetThrottling(h.ctx, ref("s"), true); err != nil {
		t.Fatal(err)
	}
	// A greedy reader re-reads the same 1 MiB with one iterator, 5 calls a second, for 60 s: after the 10 MiB
	// burst it gets 2 MiB a second.
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	var total int
	throttled := 0
	for i := range 300 {
		if i > 0 {
			h.clk.Advance(200 * time.Millisecond)
		}
		out, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: 16})
		switch {
		case err == nil:
			for _, r := range out.Records {
				total += r.Size()
			}
		case errors.Is(err, apierr.ProvisionedThroughputExceeded):
			wantErr(t, err, apierr.ProvisionedThroughputExceeded, rateExceeded("shardId-000000000000", "s"))
			throttled++
		default:
			t.Fatal(err)
		}
	}
	// 59.8 s of refill at 2 MiB/s plus the 10 MiB burst; a call may overdraw by at most one call's 1 MiB.
	refill := 598 * 2 * mib / 10 // 59.8 s at 2 MiB/s
	lo, hi := 10*mib+refill-mib, 10*mib+refill+mib
	if total < lo || total > hi {
		t.Fatalf("read %.2f MiB in 60 s, want %.2f–%.2f MiB (2 MiB/s after a 10 MiB burst)", float64(total)/mib, float64(lo)/mib, float64(hi)/mib)
	}
	if throttled == 0 {
		t.Fatal("a 5 MiB/s reader was never throttled")
	}
}

func TestLargeReadPenalizesFiveSeconds(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	for i := range 170 { // 170 records of 64 KiB: more than 10 MiB
		h.Put("s", "k", payload(64*kib-1, byte(i)))
	}
	if err := h.e.SetThrottling(h.ctx, ref("s"), true); err != nil {
		t.Fatal(err)
	}
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	out := h.Get(it, 0)
	if n := len(out.Records); n != 160 {
		t.Fatalf("first read returned %d records of 64 KiB, want 160 (10 MiB)", n)
	}
	next := out.NextShardIterator
	for _, d := range []time.Duration{0, time.Second, 3 * time.Second, 999 * time.Millisecond} { // up to 4.999 s
		h.clk.Advance(d)
		_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: next, Limit: 1})
		wantErr(t, err, apierr.ProvisionedThroughputExceeded, rateExceeded("shardId-000000000000", "s"))
	}
	h.clk.Advance(time.Millisecond) // exactly 5 s after the large read
	out = h.Get(next, 0)
	if len(out.Records) != 10 {
		t.Fatalf("after the penalty read %d records, want the 10 left", len(out.Records))
	}
}

func TestMillisBehindLatest(t *testing.T) {
	forEachThrottling(t, func(t *testing.T, h *harness, name string) {
		ehk := hashKeyOfShard(0, 2)
		it := h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
		h.clk.Advance(time.Second)
		if out := h.Get(it, 0); out.MillisBehindLatest != 0 {
			t.Fatalf("empty shard: MillisBehindLatest = %d, want 0", out.MillisBehindLatest)
		}
		h.PutTo(name, ehk, "k", []byte("a")) // at t0+1s
		h.clk.Advance(3 * time.Second)
		h.PutTo(name, ehk, "k", []byte("b")) // at t0+4s
		h.clk.Advance(2*time.Second + 250*time.Millisecond)

		out := h.Get(it, 1) // reads "a"; "b" (2.25 s old) is next
		if len(out.Records) != 1 || out.MillisBehindLatest != 2250 {
			t.Fatalf("after reading 1 of 2: %d records, MillisBehindLatest = %d, want 2250", len(out.Records), out.MillisBehindLatest)
		}
		h.clk.Advance(time.Second)
		out = h.Get(out.NextShardIterator, 1) // reads "b": caught up
		if len(out.Records) != 1 || out.MillisBehindLatest != 0 {
			t.Fatalf("caught up: %d records, MillisBehindLatest = %d, want 0", len(out.Records), out.MillisBehindLatest)
		}
		h.clk.Advance(time.Second)
		if out := h.Get(out.NextShardIterator, 0); out.MillisBehindLatest != 0 {
			t.Fatalf("still caught up: MillisBehindLatest = %d", out.MillisBehindLatest)
		}
		// A reader that reads one record of two is as far behind as the other is old.
		h.clk.Advance(time.Second)
		out = h.Get(h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{}), 0)
		if len(out.Records) != 2 || out.MillisBehindLatest != 0 {
			t.Fatalf("one read of everything: %d records, MillisBehindLatest %d", len(out.Records), out.MillisBehindLatest)
		}
		out = h.Get(h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{}), 1)
		if want := int64((5*time.Second + 250*time.Millisecond) / time.Millisecond); out.MillisBehindLatest != want {
			t.Fatalf("MillisBehindLatest = %d, want %d", out.MillisBehindLatest, want)
		}
	})
}

// ---- ListShards and ListStreams ----

func TestListShardsPagingWithNextToken(t *testing.T) {
	h := newHarness(t)
	h.create("s", 5)
	var pages [][]string
	out, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), MaxResults: 2})
	for {
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range out.Shards {
			ids = append(ids, s.ShardId[len(s.ShardId)-1:])
		}
		pages = append(pages, ids)
		if out.NextToken == "" {
			break
		}
		out, err = h.e.ListShards(h.ctx, stream.ListShardsInput{NextToken: out.NextToken, MaxResults: 2})
	}
	if fmt.Sprint(pages) != "[[0 1] [2 3] [4]]" {
		t.Fatalf("pages %v, want [[0 1] [2 3] [4]]", pages)
	}
	// MaxResults defaults to 1000; ExclusiveStartShardId starts after a shard.
	out, err = h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), ExclusiveStartShardId: "shardId-000000000002"})
	if err != nil || len(out.Shards) != 2 || out.Shards[0].ShardId != "shardId-000000000003" || out.NextToken != "" {
		t.Fatalf("ExclusiveStartShardId: %v %+v", err, out)
	}
	// A token of a stream that was deleted and re-created does not list the new stream: the error spec's
	// DeletedStreamIsNotFound.
}

func TestListShardsShardFilterTypes(t *testing.T) {
	h := newHarness(t)
	h.create("s", 4)
	h.Put("s", "k", []byte("x"))
	h.clk.Advance(time.Hour)
	all := "[0 1 2 3]"
	cases := []struct {
		f    stream.ShardFilter
		want string
	}{
		{stream.ShardFilter{Type: stream.FilterAtLatest}, all},
		{stream.ShardFilter{Type: stream.FilterAtTrimHorizon}, all},
		{stream.ShardFilter{Type: stream.FilterFromTrimHorizon}, all},
		{stream.ShardFilter{Type: stream.FilterAfterShardId, ShardId: "shardId-000000000001"}, "[2 3]"},
		{stream.ShardFilter{Type: stream.FilterAfterShardId, ShardId: "shardId-000000000003"}, "[]"},
		{stream.ShardFilter{Type: stream.FilterAtTimestamp, Timestamp: t0.Add(30 * time.Minute)}, all},
		{stream.ShardFilter{Type: stream.FilterAtTimestamp, Timestamp: t0.Add(-time.Hour)}, all},
		{stream.ShardFilter{Type: stream.FilterFromTimestamp, Timestamp: t0.Add(30 * time.Minute)}, all},
		{stream.ShardFilter{Type: stream.FilterFromTimestamp, Timestamp: t0.Add(time.Hour)}, all},
	}
	for _, c := range cases {
		f := c.f
		out, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), ShardFilter: &f})
		if err != nil {
			t.Errorf("%+v: %v", c.f, err)
			continue
		}
		var ids []string
		for _, s := range out.Shards {
			ids = append(ids, s.ShardId[len(s.ShardId)-1:])
		}
		if got := "[" + strings.Join(ids, " ") + "]"; got != c.want {
			t.Errorf("%+v: %s, want %s", c.f, got, c.want)
		}
	}
	// A filter is carried by the NextToken.
	f := stream.ShardFilter{Type: stream.FilterAfterShardId, ShardId: "shardId-000000000000"}
	out, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), ShardFilter: &f, MaxResults: 2})
	if err != nil || len(out.Shards) != 2 || out.Shards[0].ShardId != "shardId-000000000001" {
		t.Fatalf("%v %+v", err, out)
	}
	out, err = h.e.ListShards(h.ctx, stream.ListShardsInput{NextToken: out.NextToken})
	if err != nil || len(out.Shards) != 1 || out.Shards[0].ShardId != "shardId-000000000003" {
		t.Fatalf("second page: %v %+v", err, out)
	}

	bad := []struct {
		f   stream.ShardFilter
		err *apierr.Error
	}{
		{stream.ShardFilter{Type: stream.FilterAfterShardId}, apierr.InvalidArgument},
		{stream.ShardFilter{Type: stream.FilterAtTimestamp}, apierr.InvalidArgument},
		{stream.ShardFilter{Type: stream.FilterFromTimestamp}, apierr.InvalidArgument},
		{stream.ShardFilter{Type: stream.FilterAtTimestamp, Timestamp: t0.Add(2 * time.Hour)}, apierr.InvalidArgument},
		{stream.ShardFilter{Type: "SOMETIME"}, apierr.Validation},
	}
	for _, c := range bad {
		f := c.f
		_, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), ShardFilter: &f})
		if !errors.Is(err, c.err) {
			t.Errorf("%+v: got %v, want %s", c.f, err, c.err.Code)
		}
	}
}

func TestListStreamsPaging(t *testing.T) {
	h := newHarness(t)
	names := []string{"b", "a", "c-1", "c.2", "C", "d_"}
	for _, n := range names {
		h.create(n, 1)
	}
	want := []string{"C", "a", "b", "c-1", "c.2", "d_"} // byte order
	var got []string
	in := stream.ListStreamsInput{Limit: 4}
	for {
		out, err := h.e.ListStreams(h.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.StreamNames) != len(out.StreamSummaries) {
			t.Fatalf("%d names, %d summaries", len(out.StreamNames), len(out.StreamSummaries))
		}
		for i, s := range out.StreamSummaries {
			if s.StreamName != out.StreamNames[i] || s.StreamARN != h.e.StreamARN(s.StreamName) || s.StreamStatus != stream.StreamStatusActive ||
				s.StreamMode != stream.StreamModeProvisioned || !s.StreamCreationTimestamp.Equal(t0) {
				t.Fatalf("summary %+v", s)
			}
		}
		got = append(got, out.StreamNames...)
		if out.HasMoreStreams != (out.NextToken != "") {
			t.Fatalf("HasMoreStreams %v with token %q", out.HasMoreStreams, out.NextToken)
		}
		if !out.HasMoreStreams {
			break
		}
		in = stream.ListStreamsInput{Limit: 4, NextToken: out.NextToken}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	out, err := h.e.ListStreams(h.ctx, stream.ListStreamsInput{ExclusiveStartStreamName: "b", Limit: 2})
	if err != nil || fmt.Sprint(out.StreamNames) != "[c-1 c.2]" || !out.HasMoreStreams {
		t.Fatalf("ExclusiveStartStreamName b: %v %+v", err, out)
	}
	out, err = h.e.ListStreams(h.ctx, stream.ListStreamsInput{Limit: 6})
	if err != nil || len(out.StreamNames) != 6 || out.HasMoreStreams || out.NextToken != "" {
		t.Fatalf("exactly Limit streams: %v %+v", err, out)
	}

	// The default and the cap are 100.
	for i := range 100 {
		h.create(fmt.Sprintf("z%03d", i), 1)
	}
	for _, limit := range []int{0, 100, 101, 10000} {
		out, err := h.e.ListStreams(h.ctx, stream.ListStreamsInput{Limit: limit})
		if err != nil || len(out.StreamNames) != 100 || !out.HasMoreStreams {
			t.Fatalf("Limit %d: %v, %d names, more %v", limit, err, len(out.StreamNames), out.HasMoreStreams)
		}
	}
	// Tampered, expired and malformed tokens and limits out of range are the error spec's ListStreamsBadInput.
}

// ---- Retention ----

func TestRetentionDefault24Hours(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	if got := h.Summary("s").RetentionPeriodHours; got != 24 {
		t.Fatalf("RetentionPeriodHours = %d, want 24", got)
	}
}

func TestRecordsExpireAfterRetentionPeriod(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	h.Put("s", "k", []byte("a")) // at t0
	h.clk.Advance(time.Hour)
	h.Put("s", "k", []byte("b")) // at t0+1h

	h.clk.AdvanceTo(t0.Add(24*time.Hour - time.Minute))
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{}) // positioned at "a"

	h.clk.AdvanceTo(t0.Add(24*time.Hour - time.Millisecond))
	if n := h.Count("s"); n != 2 {
		t.Fatalf("at t+24h-1ms read %d records, want 2", n)
	}
	h.clk.AdvanceTo(t0.Add(24 * time.Hour))
	recs := h.ReadAll("s")
	if len(recs) != 1 || string(recs[0].Data) != "b" {
		t.Fatalf("at t+24h read %d records, want only the newer one", len(recs))
	}
	// An iterator issued before "a" expired now reads from the trim horizon.
	out := h.Get(it, 0)
	if len(out.Records) != 1 || string(out.Records[0].Data) != "b" {
		t.Fatalf("an iterator at the expired record read %d records, want 1", len(out.Records))
	}
	h.clk.AdvanceTo(t0.Add(25 * time.Hour))
	if n := h.Count("s"); n != 0 {
		t.Fatalf("at t+25h read %d records, want 0", n)
	}
	// The shard is still listed: it is open.
	if n := len(h.Shards("s")); n != 1 {
		t.Fatalf("ListShards lists %d shards", n)
	}
}

func TestSequenceNumberOfExpiredRecordReadsFromTrimHorizon(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	a := h.Put("s", "k", []byte("a"))
	h.clk.Advance(time.Minute)
	h.Put("s", "k", []byte("b"))
	h.Put("s", "k", []byte("c"))
	h.clk.AdvanceTo(t0.Add(24 * time.Hour))
	for _, typ := range []stream.ShardIteratorType{stream.AtSequenceNumber, stream.AfterSequenceNumber} {
		out := h.Get(h.Iterator("s", "shardId-000000000000", typ, a.SequenceNumber.String(), time.Time{}), 0)
		if len(out.Records) != 2 || string(out.Records[0].Data) != "b" {
			t.Fatalf("%s of an expired record read %d records, want b and c", typ, len(out.Records))
		}
	}
}

// heapAlloc returns the live heap after a full collection.
func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func TestRetentionReleasesMemoryWithoutReads(t *testing.T) {
	h := newHarness(t)
	h.create("s", 2, throttling(false))
	chunk := make([]byte, 256*kib)
	const total = 48 * mib
	for i := 0; i < total/len(chunk); i++ {
		if _, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: strconv.Itoa(i), Data: chunk}); err != nil {
			t.Fatal(err)
		}
	}
	full := heapAlloc()
	mem := h.memory("s")
	if mem < total {
		t.Fatalf("ShardInfo reports %d bytes of memory for %d bytes of records", mem, total)
	}
	if h.clk.Pending() == 0 {
		t.Fatal("no retention timer is armed for a stream holding records")
	}
	// Nobody reads; the retention timer alone must release the shards' memory.
	h.clk.Advance(24 * time.Hour)
	empty := heapAlloc()
	if mem := h.memory("s"); mem > 2*256*kib {
		t.Fatalf("after retention the shards still hold %d bytes", mem)
	}
	if full < empty || full-empty < total*3/4 {
		t.Fatalf("heap went from %d MiB to %d MiB after retention: the expired records' memory was not released", full/mib, empty/mib)
	}
	if h.clk.Pending() != 0 {
		t.Fatalf("%d timers armed for an empty stream", h.clk.Pending())
	}
	if n := h.Count("s"); n != 0 {
		t.Fatalf("read %d records", n)
	}
	if n := len(h.Shards("s")); n != 2 {
		t.Fatalf("ListShards lists %d shards, want the 2 open ones", n)
	}
	runtime.KeepAlive(chunk)
}

// frozenTimers is a clock whose timers never fire: time moves, but nothing the engine schedules happens. It shows
// what reads and ApplyRetention do on their own.
type frozenTimers struct{ *clock.Manual }

func (f frozenTimers) AfterFunc(d time.Duration, fn func()) clock.Timer {
	return f.Manual.AfterFunc(1<<62, fn)
}
func (f frozenTimers) NewTimer(d time.Duration) clock.Timer { return f.Manual.NewTimer(1 << 62) }

func TestApplyRetentionReleasesMemoryNow(t *testing.T) {
	m := clock.NewManual(t0)
	e := stream.New(stream.WithClock(frozenTimers{m}), stream.WithSeed(testSeed))
	defer e.Close()
	h := harnessOf(t, e, m)
	h.create("s", 1, throttling(false))
	chunk := make([]byte, 256*kib)
	const total = 48 * mib
	for i := 0; i < total/len(chunk); i++ {
		if _, err := e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: chunk}); err != nil {
			t.Fatal(err)
		}
	}
	m.Advance(24 * time.Hour)
	before := heapAlloc()
	if mem := h.memory("s"); mem < total {
		t.Fatalf("before ApplyRetention the shard holds %d bytes, want at least %d (nothing should have released it)", mem, total)
	}
	e.ApplyRetention()
	after := heapAlloc()
	if mem := h.memory("s"); mem > 256*kib {
		t.Fatalf("after ApplyRetention the shard still holds %d bytes", mem)
	}
	if before < after || before-after < total*3/4 {
		t.Fatalf("heap went from %d MiB to %d MiB after ApplyRetention", before/mib, after/mib)
	}
	if n := h.Count("s"); n != 0 {
		t.Fatalf("read %d records", n)
	}
	runtime.KeepAlive(chunk)
}

func TestIncreaseRetentionDoesNotResurrectExpiredRecords(t *testing.T) {
	// On a clock whose timers never fire, nothing trims the expired record before the increase: the increase
	// itself must not make it readable again.
	m := clock.NewManual(t0)
	e := stream.New(stream.WithClock(frozenTimers{m}), stream.WithSeed(testSeed))
	defer e.Close()
	h := harnessOf(t, e, m)
	h.create("s", 1)
	h.Put("s", "k", []byte("old"))
	m.Advance(2 * time.Hour)
	h.Put("s", "k", []byte("new"))
	m.AdvanceTo(t0.Add(25 * time.Hour)) // "old" expired an hour ago, unobserved
	if err := e.IncreaseStreamRetentionPeriod(h.ctx, stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: 48}); err != nil {
		t.Fatal(err)
	}
	recs := h.ReadAll("s")
	if len(recs) != 1 || string(recs[0].Data) != "new" {
		t.Fatalf("after the increase read %d records, want only the unexpired one", len(recs))
	}
	if got := h.Summary("s").RetentionPeriodHours; got != 48 {
		t.Fatalf("RetentionPeriodHours = %d", got)
	}
	// The new period applies from now on: "new" (put at t0+2h) lives until t0+50h.
	m.AdvanceTo(t0.Add(50*time.Hour - time.Millisecond))
	if n := h.Count("s"); n != 1 {
		t.Fatalf("at t0+50h-1ms read %d, want 1", n)
	}
	m.AdvanceTo(t0.Add(50 * time.Hour))
	if n := h.Count("s"); n != 0 {
		t.Fatalf("at t0+50h read %d, want 0", n)
	}

	// With the ordinary manual clock too.
	h2 := newHarness(t)
	h2.create("s", 1)
	h2.Put("s", "k", []byte("old"))
	h2.clk.Advance(24 * time.Hour)
	if err := h2.e.IncreaseStreamRetentionPeriod(h2.ctx, stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: 100}); err != nil {
		t.Fatal(err)
	}
	if n := h2.Count("s"); n != 0 {
		t.Fatalf("read %d records after the increase, want 0", n)
	}
}

func TestDecreaseRetentionExpiresAtOnce(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	if err := h.e.IncreaseStreamRetentionPeriod(h.ctx, stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: 72}); err != nil {
		t.Fatal(err)
	}
	h.Put("s", "k", []byte("a"))
	h.clk.Advance(30 * time.Hour)
	h.Put("s", "k", []byte("b"))
	if n := h.Count("s"); n != 2 {
		t.Fatalf("read %d under 72 h retention, want 2", n)
	}
	if err := h.e.DecreaseStreamRetentionPeriod(h.ctx, stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: 24}); err != nil {
		t.Fatal(err)
	}
	recs := h.ReadAll("s")
	if len(recs) != 1 || string(recs[0].Data) != "b" {
		t.Fatalf("after decreasing to 24 h read %d records, want 1", len(recs))
	}
	// And the timer now works to the new period: "b" expires 24 h after it was put.
	h.clk.Advance(24*time.Hour - time.Millisecond)
	if n := h.Count("s"); n != 1 {
		t.Fatalf("read %d, want 1", n)
	}
	h.clk.Advance(time.Millisecond)
	if n := h.Count("s"); n != 0 {
		t.Fatalf("read %d, want 0", n)
	}
}

func TestRetentionRange24To8760(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, throttling(false))
	set := func(inc bool, hours int) error {
		in := stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: hours}
		if inc {
			return h.e.IncreaseStreamRetentionPeriod(h.ctx, in)
		}
		return h.e.DecreaseStreamRetentionPeriod(h.ctx, in)
	}
	if err := set(true, 8760); err != nil {
		t.Fatalf("increase to 8760: %v", err)
	}
	if got := h.Summary("s").RetentionPeriodHours; got != 8760 {
		t.Fatalf("RetentionPeriodHours = %d", got)
	}
	if err := set(false, 24); err != nil {
		t.Fatalf("decrease to 24: %v", err)
	}
	if got := h.Summary("s").RetentionPeriodHours; got != 24 {
		t.Fatalf("RetentionPeriodHours = %d", got)
	}
	// A record lives for 8760 h when the stream keeps it that long.
	if err := set(true, 8760); err != nil {
		t.Fatal(err)
	}
	h.Put("s", "k", nil)
	h.clk.Advance(8760*time.Hour - time.Millisecond)
	if n := h.Count("s"); n != 1 {
		t.Fatalf("read %d after 365 days less 1 ms, want 1", n)
	}
	h.clk.Advance(time.Millisecond)
	if n := h.Count("s"); n != 0 {
		t.Fatalf("read %d after 365 days, want 0", n)
	}
}

func TestMaxRecordSizeSettable1To10MiB(t *testing.T) {
	h := newHarness(t)
	for _, kb := range []int{0, 1024, 2048, 10240} {
		name := "s" + strconv.Itoa(kb)
		h.create(name, 1, maxRecordKiB(kb))
		want := kb
		if kb == 0 {
			want = stream.DefaultMaxRecordSizeInKiB
		}
		if got := h.Summary(name).MaxRecordSizeInKiB; got != want {
			t.Fatalf("%s: MaxRecordSizeInKiB = %d, want %d", name, got, want)
		}
		// A record of exactly the maximum (data plus key) is taken, one byte more is not.
		h.Put(name, "k", make([]byte, want*kib-1))
		_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: "k", Data: make([]byte, want*kib)})
		wantErr(t, err, apierr.Validation, "")
		h.clk.Advance(11 * time.Second) // refill the write budget
		out, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref(name), Records: []stream.PutRecordsEntry{{PartitionKey: "k", Data: make([]byte, min(want*kib, 5*mib)-1)}}})
		if err != nil || out.FailedRecordCount != 0 {
			t.Fatalf("%s: PutRecords of the largest record: %v %+v", name, err, out)
		}
		h.clk.Advance(11 * time.Second)
	}
	// Sizes outside 1024–10240 KiB are refused: the error spec's MaxRecordSizeBadInput.
	// UpdateMaxRecordSize changes the limit of an existing stream, both ways.
	up := func(kb int) {
		t.Helper()
		if err := h.e.UpdateMaxRecordSize(h.ctx, stream.UpdateMaxRecordSizeInput{StreamRef: ref("s0"), MaxRecordSizeInKiB: kb}); err != nil {
			t.Fatalf("UpdateMaxRecordSize(%d): %v", kb, err)
		}
		if got := h.Summary("s0").MaxRecordSizeInKiB; got != kb {
			t.Fatalf("MaxRecordSizeInKiB = %d after updating to %d", got, kb)
		}
	}
	up(10240)
	h.clk.Advance(10 * time.Second)          // the write budget's burst has grown with the record size; let it fill
	h.Put("s0", "k", make([]byte, 10*mib-1)) // the largest record now fits
	up(1024)
	h.clk.Advance(11 * time.Second)
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s0"), PartitionKey: "k", Data: make([]byte, mib)})
	wantErr(t, err, apierr.Validation, "")
	h.Put("s0", "k", make([]byte, mib-1))
}

// UpdateMaxRecordSize resizes the shards' write budget; the budget must keep refilling on the engine's clock.
func TestUpdateMaxRecordSizeKeepsWriteBudgetOnEngineClock(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.Put("s", "k", make([]byte, mib-1)) // the 1 MiB budget is used up
	if err := h.e.UpdateMaxRecordSize(h.ctx, stream.UpdateMaxRecordSizeInput{StreamRef: ref("s"), MaxRecordSizeInKiB: 2048}); err != nil {
		t.Fatal(err)
	}
	// Two seconds at 1 MiB/s refill the budget to its new burst of 2 MiB.
	h.clk.Advance(2 * time.Second)
	if _, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: make([]byte, 2*mib-1)}); err != nil {
		t.Fatalf("a 2 MiB record 2 s after the update: %v", err)
	}
	// And on: a shard that writes only large records is not stuck.
	h.clk.Advance(time.Minute)
	if _, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", Data: make([]byte, 2*mib-1)}); err != nil {
		t.Fatalf("a 2 MiB record a minute later: %v", err)
	}
}

// ---- Blocking reads ----

func TestBlockingReadWakesOnPut(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	ctx, cancel := context.WithCancel(h.ctx)
	defer cancel()
	got := make(chan record.Record)
	ended := make(chan error, 1)
	go func() {
		for r, err := range h.e.Records(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
			if err != nil {
				ended <- err
				return
			}
			got <- r
		}
		ended <- nil
	}()
	// Ping-pong: each put happens after the reader has taken the previous record, so it is usually waiting.
	for i := range 100 {
		want := h.Put("s", "k", []byte(strconv.Itoa(i)))
		r := <-got
		if string(r.Data) != strconv.Itoa(i) || r.SequenceNumber != want.SequenceNumber {
			t.Fatalf("read %q (%s), want %d (%s)", r.Data, r.SequenceNumber, i, want.SequenceNumber)
		}
	}
	// PutRecords wakes it too.
	if _, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{PartitionKey: "k", Data: []byte("x")}, {PartitionKey: "k", Data: []byte("y")}}}); err != nil {
		t.Fatal(err)
	}
	if r := <-got; string(r.Data) != "x" {
		t.Fatalf("read %q", r.Data)
	}
	if r := <-got; string(r.Data) != "y" {
		t.Fatalf("read %q", r.Data)
	}
	cancel()
	if err := <-ended; !errors.Is(err, context.Canceled) {
		t.Fatalf("read ended with %v, want context.Canceled", err)
	}
}

func TestBlockingReadStopsWhenLoopBreaks(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	for i := range 5 {
		h.Put("s", "k", []byte{byte(i)})
	}
	n := 0
	for r, err := range h.e.Records(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
		if err != nil {
			t.Fatal(err)
		}
		if int(r.Data[0]) != n {
			t.Fatalf("read %d, want %d", r.Data[0], n)
		}
		n++
		if n == 3 {
			break
		}
	}
	// Invalid input is the iterator's only element.
	elems := 0
	for _, err := range h.e.Records(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000007", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
		wantErr(t, err, apierr.ResourceNotFound, shardNotFound("shardId-000000000007", "s"))
		elems++
	}
	if elems != 1 {
		t.Fatalf("the read of a missing shard yielded %d elements, want 1 error", elems)
	}
}

func TestBlockingReadStartingPositions(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	var seq []record.SequenceNumber
	for i := range 4 {
		seq = append(seq, h.Put("s", "k", []byte{'a' + byte(i)}).SequenceNumber)
		h.clk.Advance(time.Second)
	}
	cases := []struct {
		p    stream.StartingPosition
		want string
	}{
		{stream.StartingPosition{Type: stream.TrimHorizon}, "abcd"},
		{stream.StartingPosition{Type: stream.AtSequenceNumber, SequenceNumber: seq[1].String()}, "bcd"},
		{stream.StartingPosition{Type: stream.AfterSequenceNumber, SequenceNumber: seq[1].String()}, "cd"},
		{stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: t0.Add(2 * time.Second)}, "cd"},
		{stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: t0.Add(2500 * time.Millisecond)}, "d"},
	}
	for _, c := range cases {
		var got string
		for r, err := range h.e.Records(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: c.p}) {
			if err != nil {
				t.Fatal(err)
			}
			got += string(r.Data)
			if strings.HasSuffix(got, "d") {
				break
			}
		}
		if got != c.want {
			t.Errorf("%+v: read %q, want %q", c.p, got, c.want)
		}
		sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: c.p})
		if err != nil {
			t.Fatal(err)
		}
		got = ""
		for r := range sub.Records() {
			got += string(r.Data)
			if strings.HasSuffix(got, "d") {
				break
			}
		}
		sub.Close()
		if got != c.want {
			t.Errorf("Subscribe %+v: read %q, want %q", c.p, got, c.want)
		}
	}
}

func TestBlockingReadSkipsExpiredRecords(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.Put("s", "k", []byte("old"))
	h.clk.Advance(23 * time.Hour)
	h.Put("s", "k", []byte("new"))
	h.clk.Advance(time.Hour) // "old" has just expired
	for r, err := range h.e.Records(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
		if err != nil {
			t.Fatal(err)
		}
		if string(r.Data) != "new" {
			t.Fatalf("blocking read returned the expired record %q", r.Data)
		}
		break
	}
}

func TestSubscriptionDeliversRecordsFromLatest(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	h.Put("s", "k", []byte("before"))
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	for i := range 10 {
		h.Put("s", "k", []byte(strconv.Itoa(i)))
	}
	for i := range 10 {
		r, ok := <-sub.Records()
		if !ok || string(r.Data) != strconv.Itoa(i) {
			t.Fatalf("record %d: %q %v", i, r.Data, ok)
		}
	}
	if sub.Err() != nil {
		t.Fatalf("Err while running = %v", sub.Err())
	}
}

func TestSubscriptionChannelClosedOnClose(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	for i := range stream.SubscriptionBuffer + 10 { // more than the buffer: the goroutine is blocked sending
		h.Put("s", "k", []byte{byte(i)})
	}
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	if err != nil {
		t.Fatal(err)
	}
	if err := sub.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sub.Done():
	default:
		t.Fatal("Close returned before the subscription's goroutine ended")
	}
	n := 0
	for range sub.Records() { // must terminate: the channel is closed
		n++
	}
	if n > stream.SubscriptionBuffer {
		t.Fatalf("drained %d records from a channel of %d", n, stream.SubscriptionBuffer)
	}
	if !errors.Is(sub.Err(), context.Canceled) {
		t.Fatalf("Err = %v, want context.Canceled", sub.Err())
	}
	if err := sub.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	// Cancelling the context given to Subscribe ends it the same way.
	ctx, cancel := context.WithCancel(h.ctx)
	sub, err = h.e.Subscribe(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.Latest}})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	<-sub.Done()
	if _, ok := <-sub.Records(); ok {
		t.Fatal("record after cancel")
	}
	if !errors.Is(sub.Err(), context.Canceled) {
		t.Fatalf("Err = %v", sub.Err())
	}
}

func TestSubscriptionEndsWhenStreamDeleted(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(0, time.Minute, 0))
	h.create("s", 1)
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	h.Put("s", "k", []byte("a"))
	if r := <-sub.Records(); string(r.Data) != "a" {
		t.Fatalf("read %q", r.Data)
	}
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	// While DELETING the subscription goes on.
	h.Put("s", "k", []byte("b"))
	if r := <-sub.Records(); string(r.Data) != "b" {
		t.Fatalf("read %q", r.Data)
	}
	h.clk.Advance(time.Minute)
	<-sub.Done()
	if _, ok := <-sub.Records(); ok {
		t.Fatal("channel still open after deletion")
	}
	wantErr(t, sub.Err(), apierr.ResourceNotFound, streamNotFound("s"))
}

// ---- Names, ARNs, determinism ----

func TestStreamARNAcceptedInPlaceOfName(t *testing.T) {
	h := newHarness(t)
	arn := h.e.StreamARN("s")
	if arn != "arn:aws:kinesis:us-east-1:000000000000:stream/s" {
		t.Fatalf("StreamARN = %s", arn)
	}
	byARN := stream.StreamRef{StreamARN: arn}
	h.create("s", 2)
	sum, err := h.e.DescribeStreamSummary(h.ctx, byARN)
	if err != nil || sum.StreamName != "s" || sum.StreamARN != arn {
		t.Fatalf("DescribeStreamSummary by ARN: %v %+v", err, sum)
	}
	put, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: byARN, PartitionKey: "k", Data: []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: byARN, Records: []stream.PutRecordsEntry{{PartitionKey: "k", Data: []byte("b")}}}); err != nil {
		t.Fatal(err)
	}
	ls, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: byARN})
	if err != nil || len(ls.Shards) != 2 {
		t.Fatalf("ListShards by ARN: %v %+v", err, ls)
	}
	it, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: byARN, ShardId: put.ShardId, ShardIteratorType: stream.TrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	out, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator, StreamARN: arn})
	if err != nil || len(out.Records) != 2 {
		t.Fatalf("GetRecords with StreamARN: %v, %d records", err, len(out.Records))
	}
	// Name and ARN together must agree.
	if _, err := h.e.DescribeStreamSummary(h.ctx, stream.StreamRef{StreamName: "s", StreamARN: arn}); err != nil {
		t.Fatalf("matching name and ARN: %v", err)
	}
	// Name and ARN of two streams, the ARN of another stream in GetRecords, of another region or account, a
	// malformed ARN and no stream at all are refused: the error spec's StreamARNInPlaceOfNameBadInput.
	// Subscriptions, retention and deletion by ARN.
	sub, err := h.e.Subscribe(h.ctx, stream.ReadInput{StreamRef: byARN, ShardId: put.ShardId, StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}})
	if err != nil {
		t.Fatal(err)
	}
	<-sub.Records()
	sub.Close()
	if err := h.e.IncreaseStreamRetentionPeriod(h.ctx, stream.RetentionInput{StreamRef: byARN, RetentionPeriodHours: 48}); err != nil {
		t.Fatal(err)
	}
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: byARN}); err != nil {
		t.Fatal(err)
	}

	// WithAccount changes ARNs and messages.
	if h.e.AccountID() != account || h.e.Region() != region || h.e.Clock() != h.clk {
		t.Fatalf("AccountID %q, Region %q, Clock %v", h.e.AccountID(), h.e.Region(), h.e.Clock())
	}
	h2 := newHarness(t, stream.WithAccount("123456789012", "eu-central-1"))
	if h2.e.AccountID() != "123456789012" || h2.e.Region() != "eu-central-1" {
		t.Fatalf("AccountID %q, Region %q", h2.e.AccountID(), h2.e.Region())
	}
	if got := h2.e.StreamARN("x"); got != "arn:aws:kinesis:eu-central-1:123456789012:stream/x" {
		t.Fatalf("StreamARN = %s", got)
	}
	_, err = h2.e.DescribeStreamSummary(h2.ctx, ref("x"))
	wantErr(t, err, apierr.ResourceNotFound, "Stream x under account 123456789012 not found.")
}

// transcript runs a fixed scenario and returns everything observable about it.
func transcript(t *testing.T, seed uint64) []string {
	clk := clock.NewManual(t0)
	e := stream.New(stream.WithClock(clk), stream.WithSeed(seed))
	defer e.Close()
	h := harnessOf(t, e, clk)
	var lines []string
	logf := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	h.create("a", 3)
	h.create("b", 1)
	for i := range 20 {
		out := h.Put("a", "key"+strconv.Itoa(i), []byte{byte(i)})
		logf("put %s %s", out.ShardId, out.SequenceNumber)
		clk.Advance(time.Duration(i) * time.Millisecond)
	}
	pr, err := e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("b"), Records: []stream.PutRecordsEntry{{PartitionKey: "x"}, {PartitionKey: "y"}}})
	if err != nil {
		t.Fatal(err)
	}
	logf("putrecords %+v", pr)
	for _, s := range h.Shards("a") {
		logf("shard %+v", s)
		it := h.Iterator("a", s.ShardId, stream.TrimHorizon, "", time.Time{})
		logf("iterator %s", it)
		out := h.Get(it, 0)
		logf("records %+v next %s behind %d", out.Records, out.NextShardIterator, out.MillisBehindLatest)
	}
	ls, err := e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("a"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	logf("token %s", ls.NextToken)
	st, err := e.ListStreams(h.ctx, stream.ListStreamsInput{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	logf("streams %+v", st)
	return lines
}

func TestDeterministicWithSameSeed(t *testing.T) {
	a, b := transcript(t, 7), transcript(t, 7)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("line %d differs:\n%s\n%s", i, a[i], b[i])
			}
		}
		t.Fatal("transcripts differ")
	}
	c := transcript(t, 8)
	if strings.Join(a, "\n") == strings.Join(c, "\n") {
		t.Fatal("different seeds gave identical transcripts (iterators and tokens should be signed with different keys)")
	}
}

func TestIteratorOfAnotherEngineIsInvalid(t *testing.T) {
	h1 := newHarness(t)
	h2 := newHarness(t, stream.WithSeed(testSeed+1))
	h1.create("s", 1)
	h2.create("s", 1)
	it := h1.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	_, err := h2.e.GetRecords(h2.ctx, stream.GetRecordsInput{ShardIterator: it})
	wantErr(t, err, apierr.InvalidArgument, "Invalid ShardIterator.")

	// A ListShards NextToken of engine 1 is no token at all to engine 2, even for a stream of the same name.
	h1.create("t", 2)
	ls, err := h1.e.ListShards(h1.ctx, stream.ListShardsInput{StreamRef: ref("t"), MaxResults: 1})
	if err != nil || len(ls.Shards) != 1 || ls.NextToken == "" {
		t.Fatalf("ListShards(t, MaxResults 1) = %+v, %v; want one shard and a NextToken", ls, err)
	}
	h2.create("t", 2)
	_, err = h2.e.ListShards(h2.ctx, stream.ListShardsInput{NextToken: ls.NextToken})
	wantErr(t, err, apierr.InvalidArgument, "Invalid NextToken.")
	// The same token continues the listing on engine 1.
	rest, err := h1.e.ListShards(h1.ctx, stream.ListShardsInput{NextToken: ls.NextToken})
	if err != nil || len(rest.Shards) != 1 || rest.Shards[0].ShardId != "shardId-000000000001" {
		t.Fatalf("the token on its own engine: %+v, %v", rest, err)
	}
}
