package streamtest

// Bad input as a new user would try it. Each call must fail with the AWS-named error (matched with errors.Is
// against the apierr catalog), with AWS's message where it is known (../shared/docs/data-streams.md §1.14, the
// Kinesis API Reference's Errors sections, validation texts as AWS words them), and must change no state.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

const (
	hashKeyPatternText = `Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})`
	seqPatternText     = `Member must satisfy regular expression pattern: 0|([1-9]\d{0,128})`
	namePatternText    = `Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`
	twoTo128           = "340282366920938463463374607431768211456"
	either             = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
)

// RunErrorSpec runs the error spec against the targets newTarget makes (a fresh one for each group of cases):
// every bad call of the groups below (the data plane's bad input) and of the other errorspec_*.go files (tags,
// resource policies, resharding, stream and account settings, consumers, rates, deleted streams and closed
// shards, explicit page sizes of 0) must fail as the engine fails it — the apierr kind, AWS's message — and
// change no state, and the boundary values next to them must be accepted. Each case is a subtest; a target that
// is a [ClientValidator] must refuse the cases that omit a required member itself. At the end it logs how many
// cases ran and how many of them the client refused.
func RunErrorSpec(t *testing.T, newTarget NewTarget) {
	n := &tally{}
	for _, g := range []struct {
		name string
		run  func(*testing.T, NewTarget, *tally)
	}{
		{"PutRecordBadInput", putRecordBadInput},
		{"PutRecordBoundaryInputIsAccepted", putRecordBoundaryInputIsAccepted},
		{"PutRecordsBadInput", putRecordsBadInput},
		{"PutRecordsOf5MiBIsAccepted", putRecordsOf5MiBIsAccepted},
		{"GetRecordsBadInput", getRecordsBadInput},
		{"ForgedIteratorIsInvalidArgument", forgedIteratorIsInvalidArgument},
		{"GetShardIteratorBadInput", getShardIteratorBadInput},
		{"SequenceNumberOfRecreatedStreamIsInvalid", sequenceNumberOfRecreatedStreamIsInvalid},
		{"StaleIteratorOfRecreatedStreamIsNotFound", staleIteratorOfRecreatedStreamIsNotFound},
		{"ListShardsBadInput", listShardsBadInput},
		{"RetentionBadInput", retentionBadInput},
		{"CreateStreamBadInput", createStreamBadInput},
		{"CreateExistingStreamIsResourceInUse", createExistingStreamIsResourceInUse},
		{"MoreThanFiveCreatingStreamsIsLimitExceeded", moreThanFiveCreatingStreamsIsLimitExceeded},
		{"ShardLimitIsLimitExceeded", shardLimitIsLimitExceeded},
		{"IteratorExpiresAfterFiveMinutes", iteratorExpiresAfterFiveMinutes},
		{"ListShardsNextTokenExpiresAfter300Seconds", listShardsNextTokenExpiresAfter300Seconds},
	} {
		t.Run(g.name, func(t *testing.T) { g.run(t, newTarget, n) })
	}
	for _, g := range slices.Concat(adminGroups, settingsGroups, consumerGroups, streamGroups, rateGroups, shardGroups) {
		t.Run(g.name, func(t *testing.T) { g.run(t, newTarget, n) })
	}
	t.Logf("error spec: %d cases run, %d of them refused by the client before sending", n.cases, n.refused)
}

func blobValue(n int) string {
	return fmt.Sprintf("'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]'", n, n)
}

// errCase is one bad call and the error it must give. An empty msg checks the kind only (AWS's text is unknown
// or not followed); prefix/suffix check the stable parts of a message. required names the required member of the
// SDK's model that the call omits, if it omits one.
type errCase struct {
	name           string
	call           func(h *harness, name string) error
	kind           *apierr.Error
	msg            string
	prefix, suffix string
	required       string
}

func (c errCase) checkErr(t *testing.T, err error) {
	t.Helper()
	if c.prefix != "" || c.suffix != "" {
		WantErrorAround(t, err, c.kind, c.prefix, c.suffix)
		return
	}
	WantError(t, err, c.kind, c.msg)
}

// runNoStateChange runs each case on both throttling modes and checks that the stream's records are the same
// before and after the failed call.
func runNoStateChange(t *testing.T, newTarget NewTarget, n *tally, cases []errCase) {
	forEachThrottling(t, newTarget, n, func(t *testing.T, h *harness, name string) {
		h.Put(name, "seed-a", []byte("a"))
		h.Put(name, "seed-b", []byte("b"))
		before := h.ReadAll(name)
		for _, c := range cases {
			err := c.call(h, name)
			h.check(c.name, c.required, err, func(t *testing.T) { c.checkErr(t, err) },
				func(t *testing.T) { SameRecords(t, h.ReadAll(name), before) })
		}
	})
}

func putRecord(data []byte, key, ehk string) func(*harness, string) error {
	return func(h *harness, name string) error {
		_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), Data: data, PartitionKey: key, ExplicitHashKey: ehk})
		return err
	}
}

func putRecords(entries ...stream.PutRecordsEntry) func(*harness, string) error {
	return func(h *harness, name string) error {
		_, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref(name), Records: entries})
		return err
	}
}

func entries(n int, e stream.PutRecordsEntry) []stream.PutRecordsEntry {
	out := make([]stream.PutRecordsEntry, n)
	for i := range out {
		out[i] = e
	}
	return out
}

func putRecordBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	key257 := strings.Repeat("k", 257)
	emoji129 := strings.Repeat("😀", 129) // 258 UTF-16 code units
	runNoStateChange(t, newTarget, n, []errCase{
		{name: "empty key", call: putRecord([]byte("x"), "", ""), kind: apierr.Validation,
			msg: validation1("''", "partitionKey", "Member must have length greater than or equal to 1")},
		{name: "257-char key", call: putRecord([]byte("x"), key257, ""), kind: apierr.Validation,
			msg: validation1("'"+key257+"'", "partitionKey", "Member must have length less than or equal to 256")},
		{name: "258 UTF-16 units key", call: putRecord(nil, emoji129, ""), kind: apierr.Validation,
			msg: validation1("'"+emoji129+"'", "partitionKey", "Member must have length less than or equal to 256")},
		{name: "data over 1 MiB", call: putRecord(make([]byte, mib+1), "k", ""), kind: apierr.Validation,
			msg: validation1(blobValue(mib+1), "data", "Member must have length less than or equal to 1048576")},
		{name: "data of 1 MiB plus key", call: putRecord(make([]byte, mib), "k", ""), kind: apierr.Validation,
			prefix: "1 validation error detected: Value " + blobValue(mib) + " at 'data' failed to satisfy constraint: Member must have length less than or equal to "},
		{name: "data over 10 MiB", call: putRecord(make([]byte, 10*mib+1), "k", ""), kind: apierr.Validation,
			prefix: "1 validation error detected: Value " + blobValue(10*mib+1) + " at 'data'"},
		{name: "hash key 2^128", call: putRecord([]byte("x"), "k", twoTo128), kind: apierr.InvalidArgument,
			msg: "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was " + twoTo128},
		{name: "hash key 39 nines", call: putRecord([]byte("x"), "k", strings.Repeat("9", 39)), kind: apierr.InvalidArgument,
			msg: "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was " + strings.Repeat("9", 39)},
		{name: "hash key abc", call: putRecord([]byte("x"), "k", "abc"), kind: apierr.Validation,
			msg: validation1("'abc'", "explicitHashKey", hashKeyPatternText)},
		{name: "hash key 01", call: putRecord([]byte("x"), "k", "01"), kind: apierr.Validation,
			msg: validation1("'01'", "explicitHashKey", hashKeyPatternText)},
		{name: "hash key -1", call: putRecord([]byte("x"), "k", "-1"), kind: apierr.Validation,
			msg: validation1("'-1'", "explicitHashKey", hashKeyPatternText)},
		{name: "hash key 40 digits", call: putRecord([]byte("x"), "k", "1"+strings.Repeat("0", 39)), kind: apierr.Validation,
			msg: validation1("'1"+strings.Repeat("0", 39)+"'", "explicitHashKey", hashKeyPatternText)},
		{name: "two violations", call: putRecord([]byte("x"), strings.Repeat("k", 257), "abc"), kind: apierr.Validation,
			msg: "2 validation errors detected: Value '" + strings.Repeat("k", 257) + "' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256; " +
				"Value 'abc' at 'explicitHashKey' failed to satisfy constraint: " + hashKeyPatternText},
		// The SDK's model no longer requires PartitionKey (AUTO streams ignore it: API reference, PutRecord), so a
		// missing key is refused after the other checks, by the stream that needs it.
		{name: "missing key after the shape checks", call: putRecord([]byte("x"), "", ""), kind: apierr.Validation,
			msg: validation1("''", "partitionKey", "Member must have length greater than or equal to 1")},
		{name: "missing key on an unknown stream", call: func(h *harness, _ string) error { return putRecord([]byte("x"), "", "")(h, "nope") },
			kind: apierr.ResourceNotFound, msg: streamNotFound("nope")},
		{name: "unknown stream", call: func(h *harness, _ string) error { return putRecord([]byte("x"), "k", "")(h, "nope") },
			kind: apierr.ResourceNotFound, msg: streamNotFound("nope")},
		{name: "bad stream name", call: func(h *harness, _ string) error { return putRecord([]byte("x"), "k", "")(h, "bad name!") },
			kind: apierr.Validation, msg: validation1("'bad name!'", "streamName", namePatternText)},
		{name: "129-char stream name", call: func(h *harness, _ string) error { return putRecord([]byte("x"), "k", "")(h, strings.Repeat("a", 129)) },
			kind: apierr.Validation, msg: validation1("'"+strings.Repeat("a", 129)+"'", "streamName", "Member must have length less than or equal to 128")},
		{name: "malformed SequenceNumberForOrdering", call: func(h *harness, name string) error {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: "k", SequenceNumberForOrdering: "abc"})
			return err
		}, kind: apierr.Validation, msg: validation1("'abc'", "sequenceNumberForOrdering", seqPatternText)},
		{name: "foreign SequenceNumberForOrdering", call: func(h *harness, name string) error {
			_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref(name), PartitionKey: "k", SequenceNumberForOrdering: "12345"})
			return err
		}, kind: apierr.InvalidArgument, msg: "ExclusiveMinimumSequenceNumber 12345 used in PutRecord on stream conf under account 000000000000 is invalid."},
	})
}

func putRecordBoundaryInputIsAccepted(t *testing.T, newTarget NewTarget, n *tally) {
	forEachThrottling(t, newTarget, n, func(t *testing.T, h *harness, name string) {
		for _, in := range []stream.PutRecordInput{
			{PartitionKey: strings.Repeat("k", 256)},
			{PartitionKey: strings.Repeat("é", 256)},       // 256 characters, 512 bytes
			{PartitionKey: strings.Repeat("😀", 128)},       // 256 UTF-16 units
			{PartitionKey: "k", Data: make([]byte, mib-1)}, // exactly 1 MiB with the key
			{PartitionKey: "k", ExplicitHashKey: "0"},
			{PartitionKey: "k", ExplicitHashKey: record.MaxHashKey.String()},
		} {
			h.clk.Advance(time.Second)
			in.StreamRef = ref(name)
			n.cases++
			if _, err := h.e.PutRecord(h.ctx, in); err != nil {
				t.Errorf("key of %d bytes, data %d, ehk %q: %v", len(in.PartitionKey), len(in.Data), in.ExplicitHashKey, err)
			}
		}
		if got := h.Count(name); got != 6 {
			t.Fatalf("read %d records, want 6", got)
		}
	})
}

func putRecordsBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	ok := stream.PutRecordsEntry{PartitionKey: "k", Data: []byte("x")}
	big := stream.PutRecordsEntry{PartitionKey: "k", Data: make([]byte, mib-1)} // exactly 1 MiB
	// Six records of 873,813 data bytes are under 5 MiB; with their one-byte keys they are 4 bytes over.
	sixth := stream.PutRecordsEntry{PartitionKey: "k", Data: make([]byte, 5*mib/6)}
	runNoStateChange(t, newTarget, n, []errCase{
		{name: "0 entries", call: putRecords(), kind: apierr.Validation,
			msg: validation1("'[]'", "records", "Member must have length greater than or equal to 1")},
		{name: "501 entries", call: putRecords(entries(501, ok)...), kind: apierr.Validation,
			prefix: "1 validation error detected: Value '", suffix: "' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500"},
		{name: "501 bad entries list at most 10 errors", call: putRecords(entries(501, stream.PutRecordsEntry{PartitionKey: strings.Repeat("k", 257)})...), kind: apierr.Validation,
			prefix: "10 validation errors detected: Value '"},
		{name: "empty key in entry 2", call: putRecords(ok, stream.PutRecordsEntry{Data: []byte("x")}), kind: apierr.Validation,
			msg: validation1("''", "records.2.member.partitionKey", "Member must have length greater than or equal to 1")},
		{name: "257-char key in entry 1", call: putRecords(stream.PutRecordsEntry{PartitionKey: strings.Repeat("k", 257)}, ok), kind: apierr.Validation,
			msg: validation1("'"+strings.Repeat("k", 257)+"'", "records.1.member.partitionKey", "Member must have length less than or equal to 256")},
		{name: "data over 1 MiB in entry 2", call: putRecords(ok, stream.PutRecordsEntry{PartitionKey: "k", Data: make([]byte, mib+1)}), kind: apierr.Validation,
			msg: validation1(blobValue(mib+1), "records.2.member.data", "Member must have length less than or equal to 1048576")},
		{name: "data of 1 MiB plus key in entry 1", call: putRecords(stream.PutRecordsEntry{PartitionKey: "k", Data: make([]byte, mib)}, ok), kind: apierr.Validation,
			prefix: "1 validation error detected: Value " + blobValue(mib) + " at 'records.1.member.data' failed to satisfy constraint: "},
		{name: "over 5 MiB", call: putRecords(entries(6, big)...), kind: apierr.InvalidArgument, msg: "Records size exceeds 5 MB limit"},
		{name: "over 5 MiB counting keys", call: putRecords(entries(6, sixth)...), kind: apierr.InvalidArgument, msg: "Records size exceeds 5 MB limit"},
		{name: "hash key 2^128 fails the whole call", call: putRecords(ok, stream.PutRecordsEntry{PartitionKey: "k", ExplicitHashKey: twoTo128}, ok), kind: apierr.InvalidArgument,
			msg: "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was " + twoTo128},
		{name: "hash key abc", call: putRecords(stream.PutRecordsEntry{PartitionKey: "k", ExplicitHashKey: "abc"}), kind: apierr.Validation,
			msg: validation1("'abc'", "records.1.member.explicitHashKey", hashKeyPatternText)},
		{name: "hash key 01", call: putRecords(ok, stream.PutRecordsEntry{PartitionKey: "k", ExplicitHashKey: "01"}), kind: apierr.Validation,
			msg: validation1("'01'", "records.2.member.explicitHashKey", hashKeyPatternText)},
		{name: "unknown stream", call: func(h *harness, _ string) error { return putRecords(ok)(h, "nope") },
			kind: apierr.ResourceNotFound, msg: streamNotFound("nope")},
	})
}

func putRecordsOf5MiBIsAccepted(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(false))
	h.create("s", 5)
	in := stream.PutRecordsInput{StreamRef: ref("s")}
	for i := range 5 {
		in.Records = append(in.Records, stream.PutRecordsEntry{PartitionKey: "k", Data: make([]byte, mib-1), ExplicitHashKey: hashKeyOfShard(i, 5)})
	}
	n.cases += 2
	out, err := h.e.PutRecords(h.ctx, in)
	if err != nil || out.FailedRecordCount != 0 {
		t.Fatalf("5 MiB exactly: %v, %d failed", err, out.FailedRecordCount)
	}
	// 500 entries are allowed.
	out, err = h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref("s"), Records: entries(500, stream.PutRecordsEntry{PartitionKey: "k"})})
	if err != nil || len(out.Records) != 500 {
		t.Fatalf("500 entries: %v, %d results", err, len(out.Records))
	}
}

func getRecordsBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	forEachThrottling(t, newTarget, n, func(t *testing.T, h *harness, name string) {
		h.PutTo(name, "0", "k", []byte("a"))
		it := h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
		it1 := h.Iterator(name, "shardId-000000000001", stream.TrimHorizon, "", time.Time{})
		get := func(in stream.GetRecordsInput) error {
			_, err := h.e.GetRecords(h.ctx, in)
			return err
		}
		h.want("limit 10001", get(stream.GetRecordsInput{ShardIterator: it, Limit: 10001}), apierr.Validation,
			validation1("'10001'", "limit", "Member must have value less than or equal to 10000"))
		h.want("limit -1", get(stream.GetRecordsInput{ShardIterator: it, Limit: -1}), apierr.Validation,
			validation1("'-1'", "limit", "Member must have value greater than or equal to 1"))
		h.wantRequired("no iterator", "ShardIterator", get(stream.GetRecordsInput{}), apierr.Validation, "")
		h.want("513-char iterator", get(stream.GetRecordsInput{ShardIterator: strings.Repeat("A", 513)}), apierr.Validation,
			validation1("'"+strings.Repeat("A", 513)+"'", "shardIterator", "Member must have length less than or equal to 512"))
		for i, bad := range []string{"abc", "x", strings.Repeat("A", 512), it[:len(it)-1], it + "A", it[1:], "A" + it, strings.ToUpper(it), it1[:20] + it[20:]} {
			h.want(fmt.Sprintf("invalid iterator %d", i), get(stream.GetRecordsInput{ShardIterator: bad}), apierr.InvalidArgument, "Invalid ShardIterator.")
		}
		// The calls above were refused before any read: the iterators still work and the shard's 5 calls a second
		// are intact (with throttling on, a sixth call would fail).
		for range 5 {
			if out := h.Get(it, 0); len(out.Records) != 1 {
				t.Fatalf("read %d records", len(out.Records))
			}
		}
	})
}

func forgedIteratorIsInvalidArgument(t *testing.T, newTarget NewTarget, n *tally) {
	forEachThrottling(t, newTarget, n, func(t *testing.T, h *harness, name string) {
		h.Put(name, "k", []byte("a"))
		it := h.Iterator(name, "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/="
		h.check("every one-character edit", "", nil, func(t *testing.T) {
			accepted := 0
			for i := range len(it) {
				for _, c := range []byte(alphabet) {
					if c == it[i] {
						continue
					}
					forged := it[:i] + string(c) + it[i+1:]
					_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: forged})
					// A throttled call got past the iterator's verification too.
					if err == nil || errors.Is(err, apierr.ProvisionedThroughputExceeded) {
						if accepted < 3 {
							t.Errorf("forged iterator accepted: position %d of %d changed from %q to %q", i, len(it), it[i], c)
						}
						accepted++
						continue
					}
					WantError(t, err, apierr.InvalidArgument, "Invalid ShardIterator.")
				}
			}
			if accepted > 0 {
				t.Errorf("%d edits of a valid iterator were accepted as iterators", accepted)
			}
		})
		// Inserted line breaks are edits too (Go's base64 decoders skip them).
		for i, forged := range []string{it[:6] + "\n" + it[6:], it[:len(it)/2] + "\r" + it[len(it)/2:], it + "\n", "\r\n" + it} {
			_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: forged})
			h.want(fmt.Sprintf("line break %d", i), err, apierr.InvalidArgument, "Invalid ShardIterator.")
		}
	})
}

func getShardIteratorBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithThrottling(false))
	h.create("s", 2)
	h.create("t", 1)
	s0 := h.PutTo("s", hashKeyOfShard(0, 2), "k", []byte("a"))
	s1 := h.PutTo("s", hashKeyOfShard(1, 2), "k", []byte("b"))
	t0rec := h.Put("t", "k", []byte("c"))
	gsi := func(streamName, shardID string, typ stream.ShardIteratorType, seq string, ts time.Time) error {
		_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref(streamName), ShardId: shardID, ShardIteratorType: typ, StartingSequenceNumber: seq, Timestamp: ts})
		return err
	}
	const sh0 = "shardId-000000000000"
	var zero time.Time

	h.want("unknown stream", gsi("nope", sh0, stream.TrimHorizon, "", zero), apierr.ResourceNotFound, shardNotFound(sh0, "nope"))
	h.want("unknown shard", gsi("s", "shardId-000000000009", stream.TrimHorizon, "", zero), apierr.ResourceNotFound,
		"Shard shardId-000000000009 in stream s under account 000000000000 does not exist")
	h.want("unknown short shard id", gsi("s", "shardId-9", stream.TrimHorizon, "", zero), apierr.ResourceNotFound,
		"Shard shardId-000000000009 in stream s under account 000000000000 does not exist")
	h.want("shard id of no shard's form", gsi("s", "ABKLFD", stream.TrimHorizon, "", zero), apierr.ResourceNotFound,
		"Could not find shard ABKLFD in stream s under account 000000000000.")
	h.want("bad shard id", gsi("s", "shard 0", stream.TrimHorizon, "", zero), apierr.Validation,
		validation1("'shard 0'", "shardId", namePatternText))
	// "shardId-1" names shard 1, as in AWS.
	if err := gsi("s", "shardId-1", stream.TrimHorizon, "", zero); err != nil {
		t.Fatalf("shardId-1: %v", err)
	}

	h.want("sequence number of another shard", gsi("s", sh0, stream.AtSequenceNumber, s1.SequenceNumber.String(), zero), apierr.InvalidArgument,
		"Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000")
	h.want("sequence number of another shard, after", gsi("s", "shardId-000000000001", stream.AfterSequenceNumber, s0.SequenceNumber.String(), zero), apierr.InvalidArgument,
		"Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with shardId-000000000001")
	h.want("sequence number of another stream", gsi("s", sh0, stream.AtSequenceNumber, t0rec.SequenceNumber.String(), zero), apierr.InvalidArgument,
		"StartingSequenceNumber "+t0rec.SequenceNumber.String()+" used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid because it did not come from this stream.")

	h.want("TRIM_HORIZON with a sequence number", gsi("s", sh0, stream.TrimHorizon, s0.SequenceNumber.String(), zero), apierr.InvalidArgument,
		either+"Request specified TRIM_HORIZON and also a StartingSequenceNumber.")
	h.want("LATEST with a sequence number", gsi("s", sh0, stream.Latest, s0.SequenceNumber.String(), zero), apierr.InvalidArgument,
		either+"Request specified LATEST and also a StartingSequenceNumber.")
	h.want("AT_SEQUENCE_NUMBER without one", gsi("s", sh0, stream.AtSequenceNumber, "", zero), apierr.InvalidArgument,
		either+"Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.")
	h.want("AFTER_SEQUENCE_NUMBER without one", gsi("s", sh0, stream.AfterSequenceNumber, "", zero), apierr.InvalidArgument,
		either+"Request specified AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber.")
	h.want("AT_TIMESTAMP without one", gsi("s", sh0, stream.AtTimestamp, "", zero), apierr.InvalidArgument,
		"Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")
	now := h.clk.Now()
	h.want("AT_TIMESTAMP in the future", gsi("s", sh0, stream.AtTimestamp, "", now.Add(time.Millisecond)), apierr.InvalidArgument,
		fmt.Sprintf("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d", now.UnixMilli()+1, now.UnixMilli()))
	if err := gsi("s", sh0, stream.AtTimestamp, "", now); err != nil {
		t.Fatalf("AT_TIMESTAMP now: %v", err)
	}
	h.want("unknown iterator type", gsi("s", sh0, "FIRST", "", zero), apierr.Validation,
		validation1("'FIRST'", "shardIteratorType", "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"))
	h.wantRequired("no iterator type", "ShardIteratorType", gsi("s", sh0, "", "", zero), apierr.Validation, "")
	h.want("malformed sequence number", gsi("s", sh0, stream.AtSequenceNumber, "abc", zero), apierr.Validation,
		validation1("'abc'", "startingSequenceNumber", seqPatternText))
	h.want("sequence number with a leading zero", gsi("s", sh0, stream.AtSequenceNumber, "0123", zero), apierr.Validation,
		validation1("'0123'", "startingSequenceNumber", seqPatternText))
	h.want("foreign sequence number", gsi("s", sh0, stream.AtSequenceNumber, "12345", zero), apierr.InvalidArgument, "")

	// Nothing was written by any of this.
	if got := h.Count("s"); got != 2 {
		t.Fatalf("stream s holds %d records, want 2", got)
	}
}

func sequenceNumberOfRecreatedStreamIsInvalid(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	old := h.Put("s", "k", []byte("old"))
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	h.create("s", 1)
	h.Put("s", "k", []byte("new"))
	seq := old.SequenceNumber.String()
	for _, typ := range []stream.ShardIteratorType{stream.AtSequenceNumber, stream.AfterSequenceNumber} {
		_, err := h.e.GetShardIterator(h.ctx, stream.GetShardIteratorInput{StreamRef: ref("s"), ShardId: old.ShardId, ShardIteratorType: typ, StartingSequenceNumber: seq})
		h.want(string(typ), err, apierr.InvalidArgument, "StartingSequenceNumber "+seq+" used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid because it did not come from this stream.")
	}
	_, err := h.e.PutRecord(h.ctx, stream.PutRecordInput{StreamRef: ref("s"), PartitionKey: "k", SequenceNumberForOrdering: seq})
	h.want("SequenceNumberForOrdering", err, apierr.InvalidArgument, "ExclusiveMinimumSequenceNumber "+seq+" used in PutRecord on stream s under account 000000000000 is invalid.")
}

func staleIteratorOfRecreatedStreamIsNotFound(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 2)
	it := h.Iterator("s", "shardId-000000000001", stream.TrimHorizon, "", time.Time{})
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("s")}); err != nil {
		t.Fatal(err)
	}
	h.create("s", 1)
	_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
	h.want("iterator of the deleted stream", err, apierr.ResourceNotFound, shardNotFound("shardId-000000000001", "s"))
}

func listShardsBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 3)
	first, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), MaxResults: 1})
	if err != nil {
		t.Fatal(err)
	}
	tok := first.NextToken
	ls := func(in stream.ListShardsInput) error {
		_, err := h.e.ListShards(h.ctx, in)
		return err
	}
	f := &stream.ShardFilter{Type: stream.FilterAtLatest}
	streamARN := h.Summary("s").StreamARN
	h.want("NextToken and StreamName", ls(stream.ListShardsInput{NextToken: tok, StreamRef: ref("s")}), apierr.InvalidArgument, "NextToken and StreamName cannot be provided together.")
	h.want("NextToken and StreamARN", ls(stream.ListShardsInput{NextToken: tok, StreamRef: stream.StreamRef{StreamARN: streamARN}}), apierr.InvalidArgument, "NextToken and StreamARN cannot be provided together.")
	h.want("NextToken and ExclusiveStartShardId", ls(stream.ListShardsInput{NextToken: tok, ExclusiveStartShardId: "shardId-000000000000"}), apierr.InvalidArgument, "NextToken and ExclusiveStartShardId cannot be provided together.")
	h.want("NextToken and ShardFilter", ls(stream.ListShardsInput{NextToken: tok, ShardFilter: f}), apierr.InvalidArgument, "NextToken and ShardFilter cannot be provided together.")
	h.want("neither NextToken nor a stream", ls(stream.ListShardsInput{}), apierr.InvalidArgument, "Either NextToken or StreamName should be provided.")
	h.want("unknown stream", ls(stream.ListShardsInput{StreamRef: ref("nope")}), apierr.ResourceNotFound, streamNotFound("nope"))
	h.want("MaxResults -1", ls(stream.ListShardsInput{StreamRef: ref("s"), MaxResults: -1}), apierr.Validation,
		validation1("'-1'", "maxResults", "Member must have value greater than or equal to 1"))
	h.want("MaxResults 10001", ls(stream.ListShardsInput{StreamRef: ref("s"), MaxResults: 10001}), apierr.Validation,
		validation1("'10001'", "maxResults", "Member must have value less than or equal to 10000"))
	h.want("bad ExclusiveStartShardId", ls(stream.ListShardsInput{StreamRef: ref("s"), ExclusiveStartShardId: "bad id"}), apierr.Validation,
		validation1("'bad id'", "exclusiveStartShardId", namePatternText))
	for i, bad := range []string{"garbage", "x", tok[:len(tok)-2], tok + "AA", strings.ToLower(tok)} {
		h.want(fmt.Sprintf("invalid NextToken %d", i), ls(stream.ListShardsInput{NextToken: bad}), apierr.InvalidArgument, "")
	}
	// An iterator is not a NextToken, and the other way round.
	it := h.Iterator("s", "shardId-000000000000", stream.Latest, "", time.Time{})
	h.want("iterator as NextToken", ls(stream.ListShardsInput{NextToken: it}), apierr.InvalidArgument, "")
	_, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: tok})
	h.want("NextToken as iterator", err, apierr.InvalidArgument, "Invalid ShardIterator.")
	// The good token still works after all that.
	out, err := h.e.ListShards(h.ctx, stream.ListShardsInput{NextToken: tok})
	if err != nil || len(out.Shards) != 2 {
		t.Fatalf("%v %+v", err, out)
	}
	// Line breaks inserted in a live token are edits too (Go's base64 decoders skip them).
	for i, bad := range []string{tok[:5] + "\n" + tok[5:], tok + "\r\n"} {
		h.want(fmt.Sprintf("NextToken with a line break %d", i), ls(stream.ListShardsInput{NextToken: bad}), apierr.InvalidArgument, "")
	}
}

func retentionBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	if err := h.e.IncreaseStreamRetentionPeriod(h.ctx, stream.RetentionInput{StreamRef: ref("s"), RetentionPeriodHours: 48}); err != nil {
		t.Fatal(err)
	}
	inc := func(name string, hours int) error {
		return h.e.IncreaseStreamRetentionPeriod(h.ctx, stream.RetentionInput{StreamRef: ref(name), RetentionPeriodHours: hours})
	}
	dec := func(name string, hours int) error {
		return h.e.DecreaseStreamRetentionPeriod(h.ctx, stream.RetentionInput{StreamRef: ref(name), RetentionPeriodHours: hours})
	}
	for _, op := range []struct {
		name string
		f    func(string, int) error
	}{{"Increase", inc}, {"Decrease", dec}} {
		f := op.f
		h.want(op.name+" to 23 hours", f("s", 23), apierr.InvalidArgument, "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.")
		h.want(op.name+" to 8761 hours", f("s", 8761), apierr.InvalidArgument, "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.")
		h.want(op.name+" to 0 hours", f("s", 0), apierr.Validation, validation1("'0'", "retentionPeriodHours", "Member must have value greater than or equal to 1"))
		h.want(op.name+" to -1 hours", f("s", -1), apierr.Validation, validation1("'-1'", "retentionPeriodHours", "Member must have value greater than or equal to 1"))
		h.want(op.name+" of an unknown stream", f("nope", 23), apierr.ResourceNotFound, streamNotFound("nope"))
	}
	h.want("Increase below the current period", inc("s", 30), apierr.InvalidArgument,
		"Requested retention period (30 hours) for stream s can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.")
	h.want("Decrease above the current period", dec("s", 72), apierr.InvalidArgument,
		"Requested retention period (72 hours) for stream s can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.")
	if got := h.Summary("s").RetentionPeriodHours; got != 48 {
		t.Fatalf("RetentionPeriodHours = %d after refused changes, want 48", got)
	}

	// A stream that is not ACTIVE cannot change its retention period or record size.
	h2 := newHarness(t, newTarget, n, stream.WithStatusDelays(time.Minute, 0, 0))
	h2.create("c", 1)
	err := h2.e.IncreaseStreamRetentionPeriod(h2.ctx, stream.RetentionInput{StreamRef: ref("c"), RetentionPeriodHours: 48})
	h2.want("Increase while CREATING", err, apierr.ResourceInUse, "Stream c under account 000000000000 not ACTIVE, instead in state CREATING")
	// UpdateMaxRecordSize names its stream by ARN only (API reference, UpdateMaxRecordSize).
	cARN := h2.Summary("c").StreamARN
	err = h2.e.UpdateMaxRecordSize(h2.ctx, stream.UpdateMaxRecordSizeInput{StreamRef: stream.StreamRef{StreamARN: cARN}, MaxRecordSizeInKiB: 2048})
	h2.want("UpdateMaxRecordSize while CREATING", err, apierr.ResourceInUse, "Stream c under account 000000000000 not ACTIVE, instead in state CREATING")
	h2.clk.Advance(time.Minute)
	if err := h2.e.IncreaseStreamRetentionPeriod(h2.ctx, stream.RetentionInput{StreamRef: ref("c"), RetentionPeriodHours: 48}); err != nil {
		t.Fatalf("once ACTIVE: %v", err)
	}
}

func createStreamBadInput(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	create := func(in stream.CreateStreamInput) error { return h.e.CreateStream(h.ctx, in) }
	h.want("no shard count", create(stream.CreateStreamInput{StreamName: "s"}), apierr.Validation, "")
	h.want("shard count -1", create(stream.CreateStreamInput{StreamName: "s", ShardCount: -1}), apierr.Validation,
		validation1("'-1'", "shardCount", "Member must have value greater than or equal to 1"))
	h.wantRequired("no name", "StreamName", create(stream.CreateStreamInput{ShardCount: 1}), apierr.Validation, "")
	h.want("bad name", create(stream.CreateStreamInput{StreamName: "a b", ShardCount: 1}), apierr.Validation,
		validation1("'a b'", "streamName", namePatternText))
	long := strings.Repeat("a", 129)
	h.want("129-char name", create(stream.CreateStreamInput{StreamName: long, ShardCount: 1}), apierr.Validation,
		validation1("'"+long+"'", "streamName", "Member must have length less than or equal to 128"))
	h.want("unknown mode", create(stream.CreateStreamInput{StreamName: "s", ShardCount: 1, StreamMode: "FAST"}), apierr.Validation, "")
	h.want("on-demand with a shard count", create(stream.CreateStreamInput{StreamName: "s", ShardCount: 2, StreamMode: stream.StreamModeOnDemand}), apierr.InvalidArgument, "")
	out, err := h.e.ListStreams(h.ctx, stream.ListStreamsInput{})
	if err != nil || len(out.StreamNames) != 0 {
		t.Fatalf("refused creations left streams: %v %v", err, out.StreamNames)
	}
	// A 128-character name and an on-demand stream are fine.
	h.create(strings.Repeat("a", 128), 1)
	if err := create(stream.CreateStreamInput{StreamName: "od", StreamMode: stream.StreamModeOnDemand}); err != nil {
		t.Fatal(err)
	}
	if s := h.Summary("od"); s.StreamMode != stream.StreamModeOnDemand || s.OpenShardCount != stream.OnDemandInitialShards {
		t.Fatalf("on-demand summary %+v", s)
	}
	h.want("delete of an unknown stream", h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("nope")}), apierr.ResourceNotFound, streamNotFound("nope"))
}

// A stream name is unique in its account and region (API reference, CreateStream: "The name is scoped to the
// Amazon Web Services account used by the application. It is also scoped by Amazon Web Services Region"); a
// second CreateStream of the name is a ResourceInUseException with AWS's message.
func createExistingStreamIsResourceInUse(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 3})
	h.want("existing name", err, apierr.ResourceInUse, "Stream s under account 000000000000 already exists.")
	if got := h.Summary("s").OpenShardCount; got != 1 {
		t.Fatalf("OpenShardCount = %d, want 1 (unchanged)", got)
	}
}

// API reference, CreateStream: "You receive a LimitExceededException when making a CreateStream request when
// you try to [...] Have more than five streams in the CREATING state at any point in time."
func moreThanFiveCreatingStreamsIsLimitExceeded(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(time.Minute, 0, 0))
	for i := range 5 {
		h.create("s"+strconv.Itoa(i), 1)
	}
	err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "s5", ShardCount: 1})
	h.want("sixth CREATING stream", err, apierr.LimitExceeded, "This request would have exceed the limit on the number of streams that can simultaneously be in CREATING or DELETING. Limit: 5")
	if !apierr.IsRetryable(err) {
		t.Error("LimitExceeded is not retryable")
	}
	if _, err := h.e.DescribeStreamSummary(h.ctx, ref("s5")); !errors.Is(err, apierr.ResourceNotFound) {
		t.Fatalf("the refused stream exists: %v", err)
	}
	h.clk.Advance(time.Minute)
	h.create("s5", 1)
}

// API reference, CreateStream: a LimitExceededException when you "Create more shards than are authorized for
// your account"; the message is AWS's.
func shardLimitIsLimitExceeded(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithShardLimit(10))
	h.create("a", 6)
	err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "b", ShardCount: 5})
	h.want("over the shard quota", err, apierr.LimitExceeded, "This request would exceed the shard limit for the account 000000000000 in us-east-1. Current shard count for the account: 6. Limit: 10. Number of additional shards that would have resulted from this request: 5. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.")
	h.create("b", 4) // exactly at the limit
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("a")}); err != nil {
		t.Fatal(err)
	}
	h.create("c", 6) // deletion gave the shards back
}

// API reference, GetShardIterator: "A shard iterator expires 5 minutes after it is returned to the requester";
// the message is AWS's, times in Java's Date.toString format.
func iteratorExpiresAfterFiveMinutes(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	h.clk.Advance(1500 * time.Millisecond) // t0 + 1.5 s: 10:20:31.500
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	it2 := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})

	h.clk.Advance(5 * time.Minute) // exactly 300,000 ms later: still valid
	out := h.Get(it2, 0)

	h.clk.Advance(time.Millisecond)
	_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it})
	h.want("after 300,001 ms", err, apierr.ExpiredIterator, "Iterator expired. The iterator was created at time Tue Mar 05 10:20:31 UTC 2024 while right now it is Tue Mar 05 10:25:31 UTC 2024 which is further in the future than the tolerated delay of 300000 milliseconds.")
	if apierr.IsRetryable(err) {
		t.Error("ExpiredIterator is retryable: the same call can never succeed")
	}
	// The iterator GetRecords returned is fresh: it has its own five minutes.
	h.Get(out.NextShardIterator, 0)
	h.clk.Advance(5 * time.Minute)
	_, err = h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: out.NextShardIterator})
	h.want("NextShardIterator after its five minutes", err, apierr.ExpiredIterator, "")

	// Java's Date.toString pads the day with a zero and says UTC.
	h2 := newHarness(t, newTarget, n)
	h2.create("s", 1)
	h2.clk.AdvanceTo(time.Date(2024, time.December, 1, 1, 2, 3, 0, time.UTC))
	it = h2.Iterator("s", "shardId-000000000000", stream.Latest, "", time.Time{})
	h2.clk.Advance(6 * time.Minute)
	_, err = h2.e.GetRecords(h2.ctx, stream.GetRecordsInput{ShardIterator: it})
	h2.want("day padded with a zero", err, apierr.ExpiredIterator, "Iterator expired. The iterator was created at time Sun Dec 01 01:02:03 UTC 2024 while right now it is Sun Dec 01 01:08:03 UTC 2024 which is further in the future than the tolerated delay of 300000 milliseconds.")
}

// API reference, ListShards: "Tokens expire after 300 seconds. [...] If you specify an expired token in a call
// to ListShards, you get ExpiredNextTokenException."
func listShardsNextTokenExpiresAfter300Seconds(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 3)
	out, err := h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), MaxResults: 1})
	if err != nil || out.NextToken == "" {
		t.Fatalf("%v, token %q", err, out.NextToken)
	}
	h.clk.Advance(300 * time.Second)
	next, err := h.e.ListShards(h.ctx, stream.ListShardsInput{NextToken: out.NextToken, MaxResults: 1})
	if err != nil || len(next.Shards) != 1 || next.Shards[0].ShardId != "shardId-000000000001" {
		t.Fatalf("token at 300 s: %v %+v", err, next)
	}
	h.clk.Advance(time.Millisecond)
	_, err = h.e.ListShards(h.ctx, stream.ListShardsInput{NextToken: out.NextToken, MaxResults: 1})
	h.want("after 300.001 s", err, apierr.ExpiredNextToken, "The pagination token passed to the operation is expired.")
	// The token from the later page has its own 300 s.
	if _, err := h.e.ListShards(h.ctx, stream.ListShardsInput{NextToken: next.NextToken}); err != nil {
		t.Fatalf("the newer token: %v", err)
	}
}
