package agg_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/record"
)

// fuzzSeeds are the KPL's aggregates, their messages re-framed, and a few hand-made messages.
func fuzzSeeds(f *testing.F) {
	for _, v := range kplVectors {
		data := unb64(f, v.b64)
		f.Add(data)
		f.Add(data[4 : len(data)-16])
	}
	f.Add([]byte("test message"))
	f.Add([]byte{0x0a, 1, 'k', 0x1a, 4, 0x08, 0, 0x1a, 0})
	f.Add([]byte{0x0a, 1, 'k', 0x12, 1, '5', 0x1a, 6, 0x08, 0, 0x10, 0, 0x1a, 0, 0x22, 3, 0x0a, 1, 't'})
	f.Add([]byte{0x1a, 4, 0x08, 7, 0x1a, 0, 9<<3 | 3, 9<<3 | 4})
	f.Add(append([]byte{0x0a}, uvarint(1<<62)...))
}

// frame returns b as it is when it already has the magic, else b wrapped with magic and MD5, so that the fuzzer
// reaches the protobuf parser without having to forge checksums.
func frame(b []byte) []byte {
	if bytes.HasPrefix(b, []byte(agg.Magic)) {
		return b
	}
	return wrap(b)
}

// FuzzDecode checks, for any bytes: Decode never panics; it fails exactly when the data is not a well-formed
// aggregate, with ErrNotAggregated or an error matching ErrCorrupt; it allocates in proportion to the input;
// every decoded Data lies within the input; and decode(encode(x)) == x for what it decodes, Encode refusing only
// records with invalid keys.
func FuzzDecode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		data := frame(b)
		recs, err := agg.Decode(data)
		if err != nil {
			if recs != nil {
				t.Fatalf("Decode returned %d records with error %v", len(recs), err)
			}
			if !errors.Is(err, agg.ErrNotAggregated) && !errors.Is(err, agg.ErrCorrupt) {
				t.Fatalf("Decode error %v matches no sentinel", err)
			}
			return
		}
		if !agg.IsAggregated(data) {
			t.Fatal("Decode succeeded on data IsAggregated rejects")
		}
		// Decode allocates its records (sized by what it found, never by a declared count) and one string of all
		// keys (part of the input); a user record takes at least 6 bytes of message, so allocation is linear in
		// the input (TestDeaggregateAllocatesInProportionToTheInput measures it).
		if len(recs) > (len(data)-agg.Overhead)/6 || cap(recs) != len(recs) {
			t.Fatalf("%d records (capacity %d) from %d bytes", len(recs), cap(recs), len(data))
		}
		for i, r := range recs {
			if len(r.Data) > 0 && !within(data, r.Data) {
				t.Fatalf("record %d data is not a part of the input", i)
			}
		}
		if len(recs) == 0 {
			return
		}
		enc, err := agg.Encode(nil, recs)
		if err != nil {
			if !errors.Is(err, agg.ErrInvalidRecord) {
				t.Fatalf("Encode of decoded records: %v", err)
			}
			return
		}
		again, err := agg.Decode(enc)
		if err != nil {
			t.Fatalf("Decode(Encode(x)): %v", err)
		}
		sameRecords(t, again, recs)
	})
}

// within reports whether sub is a sub-slice of b.
func within(b, sub []byte) bool {
	for i := range b {
		if &b[i] == &sub[0] {
			return i+len(sub) <= len(b)
		}
	}
	return false
}

// FuzzDeaggregate checks, for any bytes as a Kinesis record's data: Deaggregate never panics; a record that is
// not a parsable aggregate passes through as one unaggregated user record equal to the input; an aggregate gives
// Decode's records, numbered 0, 1, 2, … with the parent's sequence number and arrival time; with a shard's range
// it gives either all of them, all inside the range, or (ErrOutsideHashRange) none.
func FuzzDeaggregate(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		in := record.Record{Data: frame(b), PartitionKey: "outer", SequenceNumber: record.NewSequenceNumber(1, 2, 3), ShardId: record.ShardID(2)}
		out, err := agg.Deaggregate(in)
		recs, derr := agg.Decode(in.Data)
		switch {
		case errors.Is(derr, agg.ErrNotAggregated) || errors.Is(derr, agg.ErrChecksum) || errors.Is(derr, agg.ErrMalformed):
			if err != nil || len(out) != 1 || out[0].Aggregated || out[0].SubSequenceNumber != 0 || !bytes.Equal(out[0].Data, in.Data) || out[0].PartitionKey != "outer" {
				t.Fatalf("non-aggregate (%v) not passed through: %+v, %v", derr, out, err)
			}
			return
		case derr != nil: // a bad key index: the records before it, unless a bad explicit hash key comes first
			if !errors.Is(err, agg.ErrCorrupt) && !(errors.Is(err, agg.ErrOutsideHashRange) && len(out) == 0) {
				t.Fatalf("Decode: %v, Deaggregate: %v", derr, err)
			}
		case err != nil: // an explicit hash key that is no decimal or above 2^128−1
			if !errors.Is(err, agg.ErrCorrupt) && !(errors.Is(err, agg.ErrOutsideHashRange) && len(out) == 0) {
				t.Fatalf("Deaggregate of a decodable aggregate: %v", err)
			}
		default:
			if len(out) != len(recs) {
				t.Fatalf("Deaggregate gave %d records, Decode %d", len(out), len(recs))
			}
		}
		for i, u := range out {
			if !u.Aggregated || u.SubSequenceNumber != uint64(i) || u.SequenceNumber != in.SequenceNumber || u.ShardId != in.ShardId {
				t.Fatalf("user record %d = %+v", i, u)
			}
			if derr == nil && (u.PartitionKey != recs[i].PartitionKey || u.ExplicitHashKey != recs[i].ExplicitHashKey || !bytes.Equal(u.Data, recs[i].Data)) {
				t.Fatalf("user record %d differs from Decode's", i)
			}
		}
		if err != nil || len(out) == 0 {
			return
		}
		for _, shard := range record.SplitEvenly(3) {
			got, err := agg.AppendDeaggregated(nil, in, shard)
			if err != nil {
				if !errors.Is(err, agg.ErrOutsideHashRange) || len(got) != 0 {
					t.Fatalf("range filter: %d records, %v", len(got), err)
				}
				continue
			}
			if len(got) != len(out) {
				t.Fatalf("range filter kept %d of %d", len(got), len(out))
			}
			for _, u := range got {
				k := record.HashKeyOf(u.PartitionKey)
				if u.ExplicitHashKey != "" {
					k, _ = record.ParseHashKey(u.ExplicitHashKey)
				}
				if !shard.Contains(k) {
					t.Fatalf("kept a record with hash key %v outside %v", k, shard)
				}
			}
		}
	})
}

// FuzzAggregator checks, for user records cut from any bytes: the Aggregator never panics; it takes a record
// exactly when Encode accepts it; Size is the length of the data Flush returns and stays within the limit once
// two records are in; one record comes out as it is, more as the bytes Encode writes, which decode back to the
// records.
func FuzzAggregator(f *testing.F) {
	f.Add([]byte("a\x00\x00x\x01b\x005\x00y"), uint16(100))
	f.Add([]byte("k\x00\x00\x01k\x00\x00\x01k\x00340282366920938463463374607431768211455\x00z"), uint16(30))
	f.Fuzz(func(t *testing.T, b []byte, limit uint16) {
		// Records are separated by 0x01, their fields (partition key, explicit hash key, data) by 0x00.
		var recs []agg.Record
		for _, part := range bytes.Split(b, []byte{1}) {
			fields := bytes.SplitN(part, []byte{0}, 3)
			for len(fields) < 3 {
				fields = append(fields, nil)
			}
			recs = append(recs, agg.Record{PartitionKey: string(fields[0]), ExplicitHashKey: string(fields[1]), Data: fields[2]})
		}
		a, err := agg.NewAggregator(int(limit))
		if err != nil {
			t.Fatal(err)
		}
		var batch []agg.Record
		flush := func() {
			size := a.Size()
			out, ok := a.Flush()
			if ok != (len(batch) > 0) || len(out.Data) != size {
				t.Fatalf("Flush of %d records: ok %v, %d bytes, Size said %d", len(batch), ok, len(out.Data), size)
			}
			if !ok {
				return
			}
			if out.PartitionKey != batch[0].PartitionKey || out.ExplicitHashKey != batch[0].ExplicitHashKey {
				t.Fatalf("Flush keys %q %q, first record's %q %q", out.PartitionKey, out.ExplicitHashKey, batch[0].PartitionKey, batch[0].ExplicitHashKey)
			}
			if len(batch) == 1 {
				if !bytes.Equal(out.Data, batch[0].Data) {
					t.Fatal("a single record was changed")
				}
			} else {
				if want := mustEncode(t, batch); !bytes.Equal(out.Data, want) {
					t.Fatal("Flush differs from Encode")
				}
				if size > int(limit) && limit != 0 || size > agg.DefaultMaxSize && limit == 0 {
					t.Fatalf("aggregate of %d bytes over the limit %d", size, limit)
				}
				got, err := agg.Decode(out.Data)
				if err != nil {
					t.Fatal(err)
				}
				sameRecords(t, got, batch)
			}
			batch = batch[:0]
		}
		for _, r := range recs {
			_, encErr := agg.Encode(nil, []agg.Record{r})
			ok, err := a.Add(r)
			if (err == nil) != (encErr == nil) {
				t.Fatalf("Add error %v, Encode error %v", err, encErr)
			}
			if err != nil {
				continue
			}
			if !ok {
				flush()
				if ok, err = a.Add(r); !ok || err != nil {
					t.Fatalf("an empty Aggregator refused a valid record: %v", err)
				}
			}
			batch = append(batch, r)
		}
		flush()
	})
}
