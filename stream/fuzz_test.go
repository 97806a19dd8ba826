package stream_test

// Fuzz targets for the inputs a caller controls completely: shard iterators and pagination tokens (opaque strings
// the engine must verify), and the key, data and explicit hash key of a put. Invariants: no panic; an error is an
// *apierr.Error of the kinds the API documents; success only for a token the engine issued, or for a record the
// rules allow, which then reads back identical.

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// fuzzWorld is a deterministic engine holding iterators and tokens of every kind: valid, expired, of a deleted
// stream. The same seed and the same manual clock make every fuzz worker build the same world.
type fuzzWorld struct {
	e   *stream.Engine
	clk *clock.Manual

	validIterators, validTokens        map[string]bool
	expiredIterator, goneIterator      string
	liveIterator, latestIterator       string
	expiredToken, goneToken, liveToken string
}

func newFuzzWorld(tb testing.TB) *fuzzWorld {
	tb.Helper()
	clk := clock.NewManual(t0)
	e := stream.New(stream.WithClock(clk), stream.WithSeed(testSeed), stream.WithThrottling(false))
	h := harnessOf(tb, e, clk)
	w := &fuzzWorld{e: e, clk: clk, validIterators: map[string]bool{}, validTokens: map[string]bool{}}
	h.create("s", 3)
	h.create("gone", 2)
	for i := range 5 {
		h.Put("s", "key"+string(rune('a'+i)), []byte{byte(i)})
	}
	w.expiredIterator = h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	w.expiredToken = w.token(tb, "s")
	clk.Advance(6 * time.Minute)
	w.goneIterator = h.Iterator("gone", "shardId-000000000001", stream.TrimHorizon, "", time.Time{})
	w.goneToken = w.token(tb, "gone")
	if err := e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("gone")}); err != nil {
		tb.Fatal(err)
	}
	w.liveIterator = h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	w.latestIterator = h.Iterator("s", "shardId-000000000002", stream.Latest, "", time.Time{})
	w.validIterators[w.liveIterator] = true
	w.validIterators[w.latestIterator] = true
	for _, it := range []string{w.liveIterator, w.latestIterator} {
		w.validIterators[h.Get(it, 0).NextShardIterator] = true
	}
	w.liveToken = w.token(tb, "s")
	w.validTokens[w.liveToken] = true
	out, err := e.ListShards(h.ctx, stream.ListShardsInput{NextToken: w.liveToken, MaxResults: 1})
	if err != nil {
		tb.Fatal(err)
	}
	w.validTokens[out.NextToken] = true
	return w
}

func (w *fuzzWorld) token(tb testing.TB, name string) string {
	out, err := w.e.ListShards(context.Background(), stream.ListShardsInput{StreamRef: ref(name), MaxResults: 1})
	if err != nil || out.NextToken == "" {
		tb.Fatalf("ListShards(%s): %v %+v", name, err, out)
	}
	return out.NextToken
}

// mutations returns simple edits of a token: each a plausible forgery or corruption.
func mutations(tok string) []string {
	next := func(c byte) byte {
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		i := strings.IndexByte(alphabet, c)
		return alphabet[(i+1)%len(alphabet)]
	}
	flip := func(i int) string { return tok[:i] + string(next(tok[i])) + tok[i+1:] }
	return []string{
		flip(0), flip(len(tok) / 2), flip(len(tok) - 1), flip(len(tok) - 2),
		tok[:len(tok)-1], tok[1:], tok + "A", tok + tok, strings.ToUpper(tok), strings.ReplaceAll(tok, "-", "+"),
		"", "A", "AAAA", strings.Repeat("A", 512), strings.Repeat("A", 513), "Invalid ShardIterator.", "\x00\xff",
		// Found by FuzzGetRecordsIterator: Go's base64 decoders skip '\r' and '\n', so these decode to the
		// original token's bytes.
		tok[:6] + "\n" + tok[6:], tok + "\r\n",
	}
}

// wantKinds fails unless err is an *apierr.Error of one of kinds.
func wantKinds(t *testing.T, what string, err error, kinds ...*apierr.Error) {
	t.Helper()
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("%s: error %v (%T) is not an *apierr.Error", what, err, err)
	}
	for _, k := range kinds {
		if errors.Is(err, k) {
			return
		}
	}
	t.Fatalf("%s: unexpected error kind %v", what, err)
}

func FuzzGetRecordsIterator(f *testing.F) {
	w := newFuzzWorld(f)
	f.Cleanup(func() { _ = w.e.Close() })
	for _, it := range []string{w.liveIterator, w.latestIterator, w.expiredIterator, w.goneIterator, w.liveToken} {
		f.Add(it)
		for _, m := range mutations(it) {
			f.Add(m)
		}
	}
	f.Fuzz(func(t *testing.T, it string) {
		out, err := w.e.GetRecords(context.Background(), stream.GetRecordsInput{ShardIterator: it})
		if err == nil {
			if !w.validIterators[it] {
				t.Fatalf("GetRecords accepted %q, which the engine never issued", it)
			}
			if out.NextShardIterator == "" {
				t.Fatal("no NextShardIterator on an open shard")
			}
			return
		}
		wantKinds(t, "GetRecords", err, apierr.InvalidArgument, apierr.Validation, apierr.ExpiredIterator, apierr.ResourceNotFound)
		if w.validIterators[it] {
			t.Fatalf("a valid iterator was refused: %v", err)
		}
		switch it {
		case w.expiredIterator:
			wantKinds(t, "expired iterator", err, apierr.ExpiredIterator)
		case w.goneIterator:
			wantKinds(t, "iterator of a deleted stream", err, apierr.ResourceNotFound)
		}
	})
}

func FuzzListShardsNextToken(f *testing.F) {
	w := newFuzzWorld(f)
	f.Cleanup(func() { _ = w.e.Close() })
	for _, tok := range []string{w.liveToken, w.expiredToken, w.goneToken, w.liveIterator} {
		f.Add(tok)
		for _, m := range mutations(tok) {
			f.Add(m)
		}
	}
	f.Fuzz(func(t *testing.T, tok string) {
		out, err := w.e.ListShards(context.Background(), stream.ListShardsInput{NextToken: tok, MaxResults: 1})
		if err == nil {
			if !w.validTokens[tok] {
				t.Fatalf("ListShards accepted NextToken %q, which the engine never issued", tok)
			}
			if len(out.Shards) != 1 {
				t.Fatalf("a page of MaxResults 1 has %d shards", len(out.Shards))
			}
			return
		}
		wantKinds(t, "ListShards", err, apierr.InvalidArgument, apierr.Validation, apierr.ExpiredNextToken, apierr.ResourceNotFound)
		if w.validTokens[tok] {
			t.Fatalf("a valid token was refused: %v", err)
		}
		switch tok {
		case w.expiredToken:
			wantKinds(t, "expired token", err, apierr.ExpiredNextToken)
		case w.goneToken:
			wantKinds(t, "token of a deleted stream", err, apierr.ResourceNotFound)
		}
	})
}

// validPut reports whether AWS's rules allow a record: a key of 1–256 characters, a decimal hash key of at most
// 2^128−1 if any, and data plus key of at most 1 MiB.
func validPut(key string, data []byte, ehk string) bool {
	if !record.ValidPartitionKey(key) || len(data)+len(key) > stream.DefaultMaxRecordSizeInKiB*kib {
		return false
	}
	if ehk != "" {
		if _, err := record.ParseHashKey(ehk); err != nil {
			return false
		}
	}
	return true
}

func FuzzPutRecordsInput(f *testing.F) {
	f.Add("k", []byte("data"), "")
	f.Add("", []byte("x"), "")
	f.Add(strings.Repeat("k", 256), []byte{}, "0")
	f.Add(strings.Repeat("k", 257), []byte{1}, "")
	f.Add("😀é\x00\xff", []byte{0, 1, 2}, "340282366920938463463374607431768211455")
	f.Add("k", []byte("x"), "340282366920938463463374607431768211456")
	f.Add("k", []byte("x"), "01")
	f.Add("k", []byte("x"), "abc")
	f.Add("k", []byte("x"), "-1")
	f.Add("k", []byte("x"), " 1")
	f.Add("k", []byte("x"), strings.Repeat("9", 40))
	f.Add("k", make([]byte, mib-1), "")
	f.Add("k", make([]byte, mib), "")
	f.Fuzz(func(t *testing.T, key string, data []byte, ehk string) {
		clk := clock.NewManual(t0)
		e := stream.New(stream.WithClock(clk), stream.WithSeed(testSeed), stream.WithThrottling(false))
		defer e.Close()
		ctx := context.Background()
		if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 3}); err != nil {
			t.Fatal(err)
		}
		want := validPut(key, data, ehk)
		out, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: key, Data: data, ExplicitHashKey: ehk})
		if err != nil {
			wantKinds(t, "PutRecord", err, apierr.Validation, apierr.InvalidArgument)
			if want {
				t.Fatalf("PutRecord refused a valid record (key %q, %d bytes, ehk %q): %v", key, len(data), ehk, err)
			}
		} else if !want {
			t.Fatalf("PutRecord accepted an invalid record (key %q, %d bytes, ehk %q)", key, len(data), ehk)
		}
		pr, perr := e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: []stream.PutRecordsEntry{{PartitionKey: key, Data: data, ExplicitHashKey: ehk}}})
		if (perr == nil) != want {
			t.Fatalf("PutRecords disagrees with PutRecord: %v vs %v", perr, err)
		}
		if perr != nil {
			wantKinds(t, "PutRecords", perr, apierr.Validation, apierr.InvalidArgument)
			return
		}
		if pr.FailedRecordCount != 0 || pr.Records[0].ErrorCode != "" {
			t.Fatalf("PutRecords entry failed: %+v", pr.Records[0])
		}

		// Both records read back identical, from the shard that owns their hash key.
		var hk record.HashKey
		if ehk != "" {
			hk, _ = record.ParseHashKey(ehk)
		} else {
			sum := md5.Sum([]byte(key))
			hk = record.HashKeyFromBytes(sum)
		}
		ls, lerr := e.ListShards(ctx, stream.ListShardsInput{StreamRef: ref("s")})
		if lerr != nil {
			t.Fatal(lerr)
		}
		for _, res := range []stream.PutRecordOutput{out, {ShardId: pr.Records[0].ShardId, SequenceNumber: pr.Records[0].SequenceNumber}} {
			var owner string
			for _, s := range ls.Shards {
				if s.HashKeyRange.Contains(hk) {
					owner = s.ShardId
				}
			}
			if res.ShardId != owner {
				t.Fatalf("record went to %s, hash key %s belongs to %s", res.ShardId, hk, owner)
			}
			it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: res.ShardId, ShardIteratorType: stream.AtSequenceNumber, StartingSequenceNumber: res.SequenceNumber.String()})
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Records) != 1 {
				t.Fatalf("read %d records at %s", len(got.Records), res.SequenceNumber)
			}
			r := got.Records[0]
			if !bytes.Equal(r.Data, data) || r.PartitionKey != key || r.SequenceNumber != res.SequenceNumber || r.ShardId != res.ShardId || !r.ApproximateArrivalTimestamp.Equal(t0) {
				t.Fatalf("read back %+v, want key %q data %x", r, key, data)
			}
		}
	})
}
