package stream_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

const testKey = "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"

func (h *harness) encrypt(name, key string) error {
	return h.e.StartStreamEncryption(h.ctx, stream.EncryptionInput{StreamRef: ref(name), EncryptionType: stream.EncryptionKMS, KeyId: key})
}

func (h *harness) decrypt(name, key string) error {
	return h.e.StopStreamEncryption(h.ctx, stream.EncryptionInput{StreamRef: ref(name), EncryptionType: stream.EncryptionKMS, KeyId: key})
}

// putEncryption returns the EncryptionType PutRecord and PutRecords report.
func (h *harness) putEncryption(name string) (one, batch string) {
	h.t.Helper()
	one = h.Put(name, "k", []byte("x")).EncryptionType
	out, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref(name), Records: []stream.PutRecordsEntry{{Data: []byte("x"), PartitionKey: "k"}}})
	if err != nil {
		h.t.Fatal(err)
	}
	return one, out.EncryptionType
}

// StartStreamEncryption makes the stream UPDATING; once it is ACTIVE again, records written are encrypted: PutRecord
// and PutRecords report EncryptionType KMS and DescribeStream(Summary) the type and KeyId. StopStreamEncryption
// undoes it the same way. Reads and writes go on while UPDATING, unencrypted
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html,
// API_StopStreamEncryption.html, API_PutRecord.html#API_PutRecord_ResponseSyntax).
func TestStreamEncryptionStartsAndStopsAfterUpdating(t *testing.T) {
	const d = 5 * time.Second
	h := newHarness(t, stream.WithStatusDelays(0, 0, d))
	h.create("s", 1)
	described := func(status stream.StreamStatus, typ, key string) {
		t.Helper()
		s := h.Summary("s")
		full, err := h.e.DescribeStream(h.ctx, stream.DescribeStreamInput{StreamRef: ref("s")})
		if err != nil {
			t.Fatal(err)
		}
		if s.StreamStatus != status || s.EncryptionType != typ || s.KeyId != key || full.EncryptionType != typ || full.KeyId != key {
			t.Fatalf("described %s %s %q (DescribeStream %s %q), want %s %s %q", s.StreamStatus, s.EncryptionType, s.KeyId, full.EncryptionType, full.KeyId, status, typ, key)
		}
	}
	puts := func(want string) {
		t.Helper()
		if one, batch := h.putEncryption("s"); one != want || batch != want {
			t.Fatalf("PutRecord reports %s, PutRecords %s, want %s", one, batch, want)
		}
	}
	described(stream.StreamStatusActive, stream.EncryptionNone, "")
	puts(stream.EncryptionNone)

	if err := h.encrypt("s", testKey); err != nil {
		t.Fatal(err)
	}
	described(stream.StreamStatusUpdating, stream.EncryptionNone, "")
	puts(stream.EncryptionNone)
	h.clk.Advance(d)
	described(stream.StreamStatusActive, stream.EncryptionKMS, testKey)
	puts(stream.EncryptionKMS)

	// A new key replaces the old one.
	if err := h.encrypt("s", stream.KinesisManagedKey); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(d)
	described(stream.StreamStatusActive, stream.EncryptionKMS, stream.KinesisManagedKey)

	if err := h.decrypt("s", stream.KinesisManagedKey); err != nil {
		t.Fatal(err)
	}
	described(stream.StreamStatusUpdating, stream.EncryptionKMS, stream.KinesisManagedKey)
	puts(stream.EncryptionKMS)
	h.clk.Advance(d)
	described(stream.StreamStatusActive, stream.EncryptionNone, "")
	puts(stream.EncryptionNone)
	// Every record is still readable (kinesim stores them as given).
	if n := h.Count("s"); n != 10 {
		t.Fatalf("%d records readable, want 10", n)
	}
}

// FuzzStartStreamEncryption: whatever the type and key, StartStreamEncryption does not panic, fails only with the
// errors its documentation lists, and changes the stream only when it succeeds.
func FuzzStartStreamEncryption(f *testing.F) {
	for _, s := range []string{testKey, "alias/aws/kinesis", "mrk-", "arn:aws:kms::::", "alias/x/y", "12345678-1234-1234-1234-123456789012", "\x00"} {
		f.Add(stream.EncryptionKMS, s)
	}
	f.Add("NONE", "alias/x")
	f.Add("", "")
	h := newHarness(f)
	h.create("s", 1)
	summary := func(t *testing.T) stream.StreamSummary {
		s, err := h.e.DescribeStreamSummary(h.ctx, ref("s"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	f.Fuzz(func(t *testing.T, typ, key string) {
		before := summary(t)
		err := h.e.StartStreamEncryption(h.ctx, stream.EncryptionInput{StreamRef: ref("s"), EncryptionType: typ, KeyId: key})
		after := summary(t)
		if err != nil {
			wantKinds(t, "StartStreamEncryption", err, apierr.Validation, apierr.InvalidArgument, apierr.KMSNotFound, apierr.LimitExceeded)
			if after.KeyId != before.KeyId || after.EncryptionType != before.EncryptionType {
				t.Fatalf("a refused call changed the key from %q to %q", before.KeyId, after.KeyId)
			}
			return
		}
		if after.KeyId != key || after.EncryptionType != stream.EncryptionKMS {
			t.Fatalf("after a successful start: %s %q, want KMS %q", after.EncryptionType, after.KeyId, key)
		}
		h.clk.Advance(time.Hour) // keep under the daily limit
	})
}

// Each record read reports the EncryptionType it was written with (API model shapes.Record.EncryptionType):
// KMS for records written once encryption had applied, empty for the others — those written before, while the
// stream was UPDATING, and after encryption stopped. Shards made by a split of an encrypted stream hold only
// encrypted records. GetRecords and the blocking reads agree.
func TestRecordsReportTheEncryptionTheyWereWrittenWith(t *testing.T) {
	const d = 5 * time.Second
	h := newHarness(t, stream.WithStatusDelays(0, 0, d))
	h.create("s", 1)
	putN := func(tag string, n int) {
		t.Helper()
		for i := range n {
			h.Put("s", fmt.Sprintf("%s-%d", tag, i), []byte(tag))
		}
	}
	putN("before", 2)
	if err := h.encrypt("s", testKey); err != nil {
		t.Fatal(err)
	}
	putN("updating", 2)
	h.clk.Advance(d)
	putN("kms", 3)
	if err := h.decrypt("s", testKey); err != nil {
		t.Fatal(err)
	}
	putN("stopping", 1)
	h.clk.Advance(d)
	putN("after", 2)
	if err := h.encrypt("s", stream.KinesisManagedKey); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(d)
	putN("again", 1)
	wantTypes := func(recs []record.Record) {
		t.Helper()
		var got []string
		for _, r := range recs {
			got = append(got, string(r.Data)+":"+r.EncryptionType)
		}
		want := []string{"before:", "before:", "updating:", "updating:", "kms:KMS", "kms:KMS", "kms:KMS", "stopping:KMS", "after:", "after:", "again:KMS"}
		if !slices.Equal(got, want) {
			t.Fatalf("records read\n got %v\nwant %v", got, want)
		}
	}
	wantTypes(h.ReadShard("s", "shardId-000000000000"))
	// A page that starts mid-shard is marked by position too.
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	first := h.Get(it, 5)
	rest := h.Get(first.NextShardIterator, 0)
	wantTypes(append(first.Records, rest.Records...))
	// The blocking read agrees.
	ctx, cancel := context.WithCancel(h.ctx)
	defer cancel()
	var blocking []record.Record
	for r, err := range h.e.Records(ctx, stream.ReadInput{StreamRef: ref("s"), ShardId: "shardId-000000000000", StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}) {
		if err != nil {
			t.Fatal(err)
		}
		if blocking = append(blocking, r); len(blocking) == 11 {
			break
		}
	}
	wantTypes(blocking)

	// Children of a split of the encrypted stream: every record KMS.
	if err := h.split("s", "shardId-000000000000", hashKeyOfShard(1, 2)); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(d)
	for i := range 20 {
		h.Put("s", fmt.Sprint("child-", i), []byte("c"))
	}
	for _, id := range []string{"shardId-000000000001", "shardId-000000000002"} {
		for _, r := range h.ReadShard("s", id) {
			if r.EncryptionType != stream.EncryptionKMS {
				t.Fatalf("record %s of child %s reports %q", r.PartitionKey, id, r.EncryptionType)
			}
		}
	}
}

// Switching encryption on and off many times while records expire keeps every readable record's type right (the
// positions where encryption changed are kept only while records before them are readable).
func TestRecordEncryptionSurvivesRetentionAndManySwitches(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	for day := range 3 {
		for i := range 20 { // 20 starts and 20 stops a day, under the limits
			if i%2 == 0 {
				if err := h.encrypt("s", testKey); err != nil {
					t.Fatalf("day %d: %v", day, err)
				}
			} else if err := h.decrypt("s", testKey); err != nil {
				t.Fatalf("day %d: %v", day, err)
			}
			h.Put("s", fmt.Sprint(day, "-", i), []byte{byte(i % 2)})
			h.clk.Advance(time.Hour)
		}
		h.clk.Advance(4 * time.Hour)
	}
	recs := h.ReadShard("s", "shardId-000000000000")
	if len(recs) == 0 || len(recs) >= 60 {
		t.Fatalf("%d records readable, want the last day's or so", len(recs))
	}
	for _, r := range recs {
		want := map[byte]string{0: stream.EncryptionKMS, 1: ""}[r.Data[0]]
		if r.EncryptionType != want {
			t.Fatalf("record %s reports %q, want %q", r.PartitionKey, r.EncryptionType, want)
		}
	}
}
