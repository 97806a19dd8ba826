package agg_test

import (
	"bytes"
	"crypto/md5"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/record"
)

// wrap frames a protobuf message as an aggregated record: magic ‖ body ‖ MD5(body) (aggregation-format.md).
func wrap(body []byte) []byte {
	sum := md5.Sum(body)
	return append(append([]byte(agg.Magic), body...), sum[:]...)
}

// lenField, uvarint and varField build protobuf bytes by hand: a length-delimited field of a one-byte tag, a
// varint, a varint field.
func lenField(tag byte, payload ...[]byte) []byte {
	p := bytes.Join(payload, nil)
	return append(append([]byte{tag}, uvarint(uint64(len(p)))...), p...)
}

func uvarint(v uint64) []byte {
	var b []byte
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func varField(tag byte, v uint64) []byte { return append([]byte{tag}, uvarint(v)...) }

// Record sub-message fields: 0x08 partition_key_index, 0x10 explicit_hash_key_index, 0x1a data, 0x22 tags;
// top level: 0x0a partition key table, 0x12 explicit hash key table, 0x1a records (messages.proto).
func subRecord(fields ...[]byte) []byte { return lenField(0x1a, fields...) }

// Key indexes are zero-based into the tables; a record without explicit_hash_key_index has no explicit hash key
// (aggregation-format.md: "The key tables are zero-indexed").
func TestDecodeResolvesZeroBasedKeyIndexes(t *testing.T) {
	body := bytes.Join([][]byte{
		lenField(0x0a, []byte("a")), lenField(0x0a, []byte("b")),
		lenField(0x12, []byte("7")),
		subRecord(varField(0x08, 1), lenField(0x1a, []byte("x"))),
		subRecord(varField(0x08, 0), varField(0x10, 0), lenField(0x1a, []byte("y"))),
	}, nil)
	got, err := agg.Decode(wrap(body))
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, got, []agg.Record{{PartitionKey: "b", Data: []byte("x")}, {PartitionKey: "a", ExplicitHashKey: "7", Data: []byte("y")}})
}

// Unknown fields are skipped, as protobuf does: other field numbers of every wire type (varint, fixed64,
// length-delimited, groups, fixed32), known numbers with another wire type, and tables after the records.
func TestDecodeSkipsUnknownFields(t *testing.T) {
	unknown := bytes.Join([][]byte{
		varField(9<<3|0, 300),
		{10<<3 | 1, 1, 2, 3, 4, 5, 6, 7, 8},
		lenField(11<<3|2, []byte("zz")),
		{12<<3 | 3, 13<<3 | 0, 1, 14<<3 | 3, 14<<3 | 4, 12<<3 | 4}, // a group holding a varint and an empty group
		{15<<3 | 5, 1, 2, 3, 4},
		varField(1<<3|0, 5), // field 1 as a varint: not a table entry
	}, nil)
	body := bytes.Join([][]byte{
		unknown,
		subRecord(unknown, varField(0x08, 0), lenField(0x22, lenField(0x0a, []byte("tag")), lenField(0x12, []byte("v")), unknown), lenField(0x1a, []byte("d"))),
		lenField(0x0a, []byte("pk")),
	}, nil)
	got, err := agg.Decode(wrap(body))
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, got, []agg.Record{{PartitionKey: "pk", Data: []byte("d")}})
}

// What protobuf refuses to parse is ErrMalformed (and ErrCorrupt): truncated fields, a varint over 10 bytes,
// wire types 6 and 7, field number 0, unbalanced groups, and a missing required field of Record
// (partition_key_index, data) or Tag (key) (messages.proto: proto2 required fields).
func TestDecodeRejectsMalformedMessages(t *testing.T) {
	pk := lenField(0x0a, []byte("k"))
	cases := map[string][]byte{
		"truncated length":     {0x0a, 5, 'a'},
		"truncated varint":     {0x08 | 1<<3, 0x80},
		"overlong varint":      append([]byte{9 << 3}, bytes.Repeat([]byte{0x80}, 10)...),
		"wire type 6":          {9<<3 | 6, 0},
		"wire type 7":          {9<<3 | 7, 0},
		"field 0":              {0 | 0, 1},
		"end group alone":      {9<<3 | 4},
		"unterminated group":   {9<<3 | 3, 8 << 3, 1},
		"mismatched group":     {9<<3 | 3, 10<<3 | 4},
		"fixed64 short":        {9<<3 | 1, 1, 2},
		"no partition index":   append(pk, subRecord(lenField(0x1a, []byte("d")))...),
		"no data":              append(pk, subRecord(varField(0x08, 0))...),
		"index as bytes":       append(pk, subRecord(lenField(0x08, []byte{0}), lenField(0x1a, []byte("d")))...),
		"tag without key":      append(pk, subRecord(varField(0x08, 0), lenField(0x1a, nil), lenField(0x22, lenField(0x12, []byte("v"))))...),
		"bad record bytes":     append(pk, lenField(0x1a, []byte{0x0a, 9})...),
		"deep groups":          append(bytes.Repeat([]byte{9<<3 | 3}, 200), bytes.Repeat([]byte{9<<3 | 4}, 200)...),
		"huge declared length": append([]byte{0x0a}, uvarint(1<<62)...),
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := agg.Decode(wrap(body))
			if !errors.Is(err, agg.ErrMalformed) || !errors.Is(err, agg.ErrCorrupt) || got != nil {
				t.Fatalf("Decode = %v, %v; want ErrMalformed", got, err)
			}
			// The KCL passes such a record through (InvalidProtocolBufferException → isAggregated = false).
			u, err := agg.Deaggregate(record.Record{Data: wrap(body)})
			if err != nil || len(u) != 1 || u[0].Aggregated {
				t.Fatalf("Deaggregate = %+v, %v", u, err)
			}
		})
	}
}

// Decode tells data that is no aggregate (ErrNotAggregated) from an aggregate whose MD5 is wrong (ErrChecksum).
func TestDecodeErrors(t *testing.T) {
	good, _ := agg.Encode(nil, []agg.Record{{PartitionKey: "a", Data: []byte("x")}})
	bad := bytes.Clone(good)
	bad[len(bad)-1] ^= 1
	for _, c := range []struct {
		data []byte
		want error
	}{
		{nil, agg.ErrNotAggregated},
		{[]byte("plain data that is long enough"), agg.ErrNotAggregated},
		{good[:agg.Overhead], agg.ErrNotAggregated},
		{bad, agg.ErrChecksum},
		{wrap(subRecord(varField(0x08, 1), lenField(0x1a, nil))), agg.ErrKeyIndex},
	} {
		if _, err := agg.Decode(c.data); !errors.Is(err, c.want) {
			t.Errorf("Decode(%x) error = %v, want %v", c.data, err, c.want)
		}
	}
	if !errors.Is(agg.ErrChecksum, agg.ErrCorrupt) || errors.Is(agg.ErrNotAggregated, agg.ErrCorrupt) {
		t.Error("ErrChecksum must match ErrCorrupt, ErrNotAggregated must not")
	}
}

// A corrupt MD5 trailer makes the record pass through unchanged (AggregatorUtil: digest mismatch → isAggregated
// = false).
func TestDeaggregatePassesACorruptTrailerThrough(t *testing.T) {
	data, _ := agg.Encode(nil, kplNoEHKsRecords)
	data[len(data)-3] ^= 0xff
	in := record.Record{Data: data, PartitionKey: "a", SequenceNumber: record.NewSequenceNumber(1, 0, 9)}
	got, err := agg.Deaggregate(in)
	if err != nil || len(got) != 1 || got[0].Aggregated || !bytes.Equal(got[0].Data, data) || got[0].SequenceNumber != in.SequenceNumber {
		t.Fatalf("Deaggregate = %+v, %v", got, err)
	}
}

// A key index outside its table stops deaggregation: the user records before it are kept, the rest lost, as in
// the KCL, which catches the IndexOutOfBoundsException, logs it and does not pass the record through.
func TestDeaggregateKeepsRecordsBeforeABadKeyIndex(t *testing.T) {
	body := bytes.Join([][]byte{
		lenField(0x0a, []byte("a")),
		subRecord(varField(0x08, 0), lenField(0x1a, []byte("1"))),
		subRecord(varField(0x08, 0), lenField(0x1a, []byte("2"))),
		subRecord(varField(0x08, 3), lenField(0x1a, []byte("3"))),
		subRecord(varField(0x08, 0), lenField(0x1a, []byte("4"))),
	}, nil)
	got, err := agg.Deaggregate(record.Record{Data: wrap(body)})
	if !errors.Is(err, agg.ErrKeyIndex) || len(got) != 2 || string(got[1].Data) != "2" {
		t.Fatalf("Deaggregate = %d records, %v", len(got), err)
	}
	if _, err := agg.Decode(wrap(body)); !errors.Is(err, agg.ErrKeyIndex) {
		t.Fatalf("Decode error = %v", err)
	}
	// An explicit hash key that is no decimal fails the same way (new BigInteger throws NumberFormatException).
	body = bytes.Join([][]byte{
		lenField(0x0a, []byte("a")), lenField(0x12, []byte("12x")),
		subRecord(varField(0x08, 0), lenField(0x1a, []byte("1"))),
		subRecord(varField(0x08, 0), varField(0x10, 0), lenField(0x1a, []byte("2"))),
	}, nil)
	got, err = agg.Deaggregate(record.Record{Data: wrap(body)})
	if !errors.Is(err, agg.ErrCorrupt) || !errors.Is(err, record.ErrMalformedHashKey) || len(got) != 1 {
		t.Fatalf("Deaggregate = %d records, %v", len(got), err)
	}
	// An explicit hash key above 2^128−1 is outside every shard: the aggregate is dropped.
	body = bytes.Join([][]byte{
		lenField(0x0a, []byte("a")), lenField(0x12, []byte("340282366920938463463374607431768211456")),
		subRecord(varField(0x08, 0), lenField(0x1a, []byte("1"))),
		subRecord(varField(0x08, 0), varField(0x10, 0), lenField(0x1a, []byte("2"))),
	}, nil)
	if got, err = agg.Deaggregate(record.Record{Data: wrap(body)}); !errors.Is(err, agg.ErrOutsideHashRange) || len(got) != 0 {
		t.Fatalf("Deaggregate = %d records, %v", len(got), err)
	}
}

// A well-formed message without records gives no user records: the KCL parses it, loops over no records and,
// the record being aggregated, does not pass it through.
func TestDeaggregateOfAnAggregateWithoutRecordsGivesNone(t *testing.T) {
	data := wrap(lenField(0x0a, []byte("only a key")))
	if got, err := agg.Deaggregate(record.Record{Data: data}); err != nil || len(got) != 0 {
		t.Fatalf("Deaggregate = %+v, %v", got, err)
	}
	if got, err := agg.Decode(data); err != nil || len(got) != 0 {
		t.Fatalf("Decode = %+v, %v", got, err)
	}
}

// A huge declared length fails at once, without allocating anything near it.
func TestDecodeOfAHugeDeclaredLengthFailsWithoutAllocatingIt(t *testing.T) {
	for _, body := range [][]byte{
		append([]byte{0x0a}, uvarint(1<<40)...),
		append(append([]byte{0x1a}, uvarint(1<<62)...), subRecord(varField(0x08, 0), lenField(0x1a, nil))...),
		append(lenField(0x0a, []byte("a")), subRecord(varField(0x08, 0), append([]byte{0x1a}, uvarint(1<<50)...))...),
	} {
		data := wrap(body)
		if n := allocatedBytes(20, func() { _, _ = agg.Decode(data); _, _ = agg.Deaggregate(record.Record{Data: data}) }); n > 1024 {
			t.Errorf("decoding %x allocated %d bytes", body, n)
		}
	}
}

// Decode and Deaggregate allocate in proportion to the input, whatever it holds: here 1 MiB of the smallest
// possible user records (6 bytes each) costs one Record (56 bytes) or UserRecord (under 160 bytes) per record.
func TestDeaggregateAllocatesInProportionToTheInput(t *testing.T) {
	minimal := subRecord(varField(0x08, 0), lenField(0x1a, nil))
	body := append(lenField(0x0a, []byte("k")), bytes.Repeat(minimal, (agg.MaxRecordSize-agg.Overhead)/len(minimal))...)
	data := wrap(body)
	n := len(body) / len(minimal)
	var recs []agg.UserRecord
	got := allocatedBytes(2, func() { recs, _ = agg.Deaggregate(record.Record{Data: data}) })
	if len(recs) != n || got > uint64(n)*160 {
		t.Fatalf("Deaggregate of %d records allocated %d bytes (%d per record)", len(recs), got, got/uint64(max(len(recs), 1)))
	}
	if got := allocatedBytes(2, func() { _, _ = agg.Decode(data) }); got > uint64(n)*64 {
		t.Fatalf("Decode of %d records allocated %d bytes", n, got)
	}
}

// allocatedBytes returns the bytes fn allocates, averaged over runs runs.
func allocatedBytes(runs uint64, fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		fn()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / runs
}

// Deaggregating and encoding allocate a constant number of times per Kinesis record, not per user record:
// AppendDeaggregated the string of all keys and the key table (dst has room).
func TestDeaggregateAllocatesAConstantNumberOfTimes(t *testing.T) {
	in := record.Record{Data: mustEncode(t, benchRecords(100, true))}
	dst := make([]agg.UserRecord, 0, 100)
	if n := testing.AllocsPerRun(100, func() { _, _ = agg.AppendDeaggregated(dst, in, agg.AllHashKeys) }); n > 2 {
		t.Errorf("AppendDeaggregated allocates %v times, want at most 2", n)
	}
	recs := benchRecords(100, true)
	buf := make([]byte, 0, 64<<10)
	if n := testing.AllocsPerRun(100, func() { _, _ = agg.Encode(buf, recs) }); n > 5 {
		t.Errorf("Encode allocates %v times, want at most 5 (records, two key tables, two key indexes)", n)
	}
}

func mustEncode(t testing.TB, recs []agg.Record) []byte {
	t.Helper()
	b, err := agg.Encode(nil, recs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Key de-duplication is optional in the format; Encode stores each key once, in first-seen order, as the KPL's
// KeySet does (kinesis_record_test.cc MixedParitionKey / MixedEHK use these key sequences).
func TestEncodeStoresEachKeyOnce(t *testing.T) {
	keys := []string{"a", "b", "b", "a", "a", "c", "b", "a", "d", "e", "e", "d", "d", "d"}
	ehks := []string{"1", "2", "2", "1", "1", "3", "2", "1", "4", "5", "5", "4", "4", "4"}
	var recs []agg.Record
	for i := range keys {
		recs = append(recs, agg.Record{PartitionKey: keys[i], ExplicitHashKey: ehks[i], Data: []byte("data")})
	}
	data := mustEncode(t, recs)
	want := bytes.Join([][]byte{
		lenField(0x0a, []byte("a")), lenField(0x0a, []byte("b")), lenField(0x0a, []byte("c")), lenField(0x0a, []byte("d")), lenField(0x0a, []byte("e")),
		lenField(0x12, []byte("1")), lenField(0x12, []byte("2")), lenField(0x12, []byte("3")), lenField(0x12, []byte("4")), lenField(0x12, []byte("5")),
	}, nil)
	if body := data[4 : len(data)-16]; !bytes.HasPrefix(body, want) {
		t.Fatalf("tables = %x, want %x", body[:len(want)], want)
	}
	got, err := agg.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, got, recs)
	// Past the linear-search threshold the tables stay de-duplicated.
	var many []agg.Record
	for i := range 100 {
		many = append(many, agg.Record{PartitionKey: strings.Repeat("k", 1+i%20), Data: []byte{byte(i)}})
	}
	data = mustEncode(t, many)
	if n := bytes.Count(data, []byte{0x0a, 20}); n != 1 {
		t.Fatalf("the 20-byte key is stored %d times", n)
	}
	got, _ = agg.Decode(data)
	sameRecords(t, got, many)
}

// Encode refuses an empty batch (kinesis_record_test.cc Empty: serialize of an empty container throws), invalid
// keys (the KPL validates user records: partition key 1 to 256 characters, explicit hash key a decimal in
// 0 … 2^128−1), and an aggregate above 1 MiB.
func TestEncodeErrors(t *testing.T) {
	dst := []byte("prefix")
	for _, c := range []struct {
		recs []agg.Record
		want error
	}{
		{nil, agg.ErrNoRecords},
		{[]agg.Record{{PartitionKey: ""}}, agg.ErrInvalidRecord},
		{[]agg.Record{{PartitionKey: strings.Repeat("x", 257)}}, agg.ErrInvalidRecord},
		{[]agg.Record{{PartitionKey: "a", ExplicitHashKey: "-1"}}, agg.ErrInvalidRecord},
		{[]agg.Record{{PartitionKey: "a", ExplicitHashKey: "340282366920938463463374607431768211456"}}, agg.ErrInvalidRecord},
		{[]agg.Record{{PartitionKey: "a", Data: make([]byte, agg.MaxRecordSize/2)}, {PartitionKey: "b", Data: make([]byte, agg.MaxRecordSize/2)}}, agg.ErrTooLarge},
	} {
		got, err := agg.Encode(dst, c.recs)
		if !errors.Is(err, c.want) || string(got) != "prefix" {
			t.Errorf("Encode(%d records) = %q…, %v; want dst unchanged and %v", len(c.recs), got[:min(len(got), 10)], err, c.want)
		}
	}
	// 256 characters outside the Basic Multilingual Plane are 512 UTF-16 units: too long, as AWS counts.
	if _, err := agg.Encode(nil, []agg.Record{{PartitionKey: strings.Repeat("😀", 129)}}); !errors.Is(err, agg.ErrInvalidRecord) {
		t.Errorf("Encode of a 258-unit key: %v", err)
	}
}

// Encode appends to dst and decode(encode(x)) == x, empty data and one record included.
func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, recs := range [][]agg.Record{
		{{PartitionKey: "a"}},
		{{PartitionKey: "a", Data: []byte{}}, {PartitionKey: "a", ExplicitHashKey: "0", Data: []byte("x")}},
		kplWithEHKsRecords, kplNoEHKsRecords, benchRecords(300, true),
	} {
		data, err := agg.Encode([]byte("head"), recs)
		if err != nil {
			t.Fatal(err)
		}
		if string(data[:4]) != "head" {
			t.Fatal("Encode did not append")
		}
		got, err := agg.Decode(data[4:])
		if err != nil {
			t.Fatal(err)
		}
		sameRecords(t, got, recs)
	}
}

// One user record goes out as it is, not wrapped (kinesis_record_test.cc SingleRecord, kinesis_record.cc
// serialize: "if (items_.size() == 1) return items_.front()->data()").
func TestAggregatorSendsASingleRecordUnwrapped(t *testing.T) {
	a, _ := agg.NewAggregator(0)
	if _, ok := a.Flush(); ok {
		t.Fatal("Flush of an empty Aggregator returned a record")
	}
	for _, r := range []agg.Record{{PartitionKey: "a", Data: []byte("a")}, {PartitionKey: "a", ExplicitHashKey: "123", Data: []byte("a")}} {
		if ok, err := a.Add(r); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if a.Size() != 1 {
			t.Fatalf("Size = %d", a.Size())
		}
		out, ok := a.Flush()
		if !ok || string(out.Data) != "a" || out.PartitionKey != "a" || out.ExplicitHashKey != r.ExplicitHashKey {
			t.Fatalf("Flush = %+v, %v", out, ok)
		}
	}
}

// The aggregate grows to the size limit and no further; Add reports a record that does not fit and leaves the
// aggregate as it was (test_agg.py test_max_size: with max_size 300 KiB, a 200 KiB record fits, a second does
// not). Size is exact: it is the length of the data Flush returns (kinesis_record_test.cc AccurateSize).
func TestAggregatorKeepsWithinItsSizeLimit(t *testing.T) {
	a, err := agg.NewAggregator(300 * 1024)
	if err != nil {
		t.Fatal(err)
	}
	big := agg.Record{PartitionKey: "pk", Data: make([]byte, 200*1024)}
	if ok, err := a.Add(big); !ok || err != nil {
		t.Fatal("first 200 KiB record:", ok, err)
	}
	if ok, err := a.Add(big); ok || err != nil {
		t.Fatal("second 200 KiB record:", ok, err)
	}
	if a.Len() != 1 {
		t.Fatalf("Len = %d", a.Len())
	}

	a, _ = agg.NewAggregator(0)
	n := 0
	for i := 0; ; i++ {
		r := agg.Record{PartitionKey: strings.Repeat("p", 1+i%50), ExplicitHashKey: []string{"", "12345"}[i%2], Data: make([]byte, i%700)}
		ok, err := a.Add(r)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		n++
	}
	size := a.Size()
	out, _ := a.Flush()
	if size != len(out.Data) || size > agg.DefaultMaxSize || size < agg.DefaultMaxSize-800 {
		t.Fatalf("Size %d, Flush data %d bytes, limit %d", size, len(out.Data), agg.DefaultMaxSize)
	}
	got, err := agg.Decode(out.Data)
	if err != nil || len(got) != n {
		t.Fatalf("the aggregate holds %d records (%v), want %d", len(got), err, n)
	}
}

// A record bigger than the limit goes out on its own (the KPL's reducer flushes it alone, unaggregated); one
// bigger than a Kinesis record (1 MiB with its partition key) is refused.
func TestAggregatorSendsAnOversizedRecordAlone(t *testing.T) {
	a, _ := agg.NewAggregator(1000)
	small := agg.Record{PartitionKey: "a", Data: []byte("x")}
	big := agg.Record{PartitionKey: "b", Data: make([]byte, 5000)}
	if ok, _ := a.Add(small); !ok {
		t.Fatal("small record refused")
	}
	if ok, _ := a.Add(big); ok {
		t.Fatal("big record added to a non-empty aggregate")
	}
	a.Flush()
	if ok, err := a.Add(big); !ok || err != nil {
		t.Fatal("big record refused by an empty Aggregator:", err)
	}
	if ok, _ := a.Add(small); ok {
		t.Fatal("small record added after the oversized one")
	}
	if out, _ := a.Flush(); len(out.Data) != 5000 || out.PartitionKey != "b" {
		t.Fatalf("Flush = %d bytes under %q", len(out.Data), out.PartitionKey)
	}
	if _, err := a.Add(agg.Record{PartitionKey: "k", Data: make([]byte, agg.MaxRecordSize)}); !errors.Is(err, agg.ErrTooLarge) {
		t.Fatalf("Add of a 1 MiB + 1 B record: %v", err)
	}
	if _, err := a.Add(agg.Record{PartitionKey: "", Data: nil}); !errors.Is(err, agg.ErrInvalidRecord) {
		t.Fatalf("Add without partition key: %v", err)
	}
	if a.Len() != 0 {
		t.Fatalf("rejected records were added: Len %d", a.Len())
	}
}

// The limit is at most 1 MiB (KPL AggregationMaxSize maximum 1048576; test_agg.py test_invalid_max_size).
func TestNewAggregatorRefusesALimitAboveAKinesisRecord(t *testing.T) {
	for _, n := range []int{-1, agg.MaxRecordSize + 1} {
		if _, err := agg.NewAggregator(n); !errors.Is(err, agg.ErrTooLarge) {
			t.Errorf("NewAggregator(%d): %v", n, err)
		}
	}
	if _, err := agg.NewAggregator(agg.MaxRecordSize); err != nil {
		t.Error(err)
	}
	// At the 1 MiB limit the aggregate leaves room for its partition key.
	a, _ := agg.NewAggregator(agg.MaxRecordSize)
	pk := strings.Repeat("k", 256)
	a.Add(agg.Record{PartitionKey: pk, Data: make([]byte, agg.MaxRecordSize/2)})
	for {
		if ok, _ := a.Add(agg.Record{PartitionKey: pk, Data: make([]byte, 1000)}); !ok {
			break
		}
	}
	if out, _ := a.Flush(); len(out.Data)+len(out.PartitionKey) > agg.MaxRecordSize {
		t.Fatalf("aggregate of %d bytes under a %d-byte key exceeds 1 MiB", len(out.Data), len(out.PartitionKey))
	}
}

// An Aggregator is reusable after Flush, its key tables included (past the map threshold too).
func TestAggregatorIsReusableAfterFlush(t *testing.T) {
	a, _ := agg.NewAggregator(0)
	for round := range 3 {
		recs := benchRecords(50+round, round%2 == 0)
		for _, r := range recs {
			if ok, err := a.Add(r); !ok || err != nil {
				t.Fatal(ok, err)
			}
		}
		out, _ := a.Flush()
		want := mustEncode(t, recs)
		if !bytes.Equal(out.Data, want) {
			t.Fatalf("round %d: Flush differs from Encode", round)
		}
	}
}

// The hash-range filter uses record's hash keys: the range bounds are inclusive (HashKeyRange.Contains).
func TestDeaggregateRangeBoundsAreInclusive(t *testing.T) {
	lo, hi := record.HashKeyFromUint64s(0, 100), record.HashKeyFromUint64s(0, 200)
	data := mustEncode(t, []agg.Record{{PartitionKey: "a", ExplicitHashKey: lo.String()}, {PartitionKey: "b", ExplicitHashKey: hi.String()}})
	if got, err := agg.AppendDeaggregated(nil, record.Record{Data: data}, record.HashKeyRange{StartingHashKey: lo, EndingHashKey: hi}); err != nil || len(got) != 2 {
		t.Fatalf("%d records, %v", len(got), err)
	}
	if _, err := agg.AppendDeaggregated(nil, record.Record{Data: data}, record.HashKeyRange{StartingHashKey: lo.Add(1), EndingHashKey: hi}); !errors.Is(err, agg.ErrOutsideHashRange) {
		t.Fatal(err)
	}
	if _, err := agg.AppendDeaggregated(nil, record.Record{Data: data}, record.HashKeyRange{StartingHashKey: lo, EndingHashKey: hi.Sub(1)}); !errors.Is(err, agg.ErrOutsideHashRange) {
		t.Fatal(err)
	}
}
