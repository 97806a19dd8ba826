package agg_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/record"
)

// Test vectors of other implementations. The first three are aggregated records written by the real KPL, which
// awslabs/kinesis-aggregation's Python tests decode (python/test/test_deagg.py) and reproduce byte for byte with
// their aggregator (python/test/test_agg.py), commit c2774b1a.

// kplWithEHKs: the KPL's aggregate of four records with explicit hash keys (test_deagg.py
// kpl_generated_rec_with_ehks, test_agg.py expected_agg_record_with_ehks).
const kplWithEHKs = "84mawgokZmMwM2RkODgtM2U3OS00NDhhLWIwMWEtN2NmMWJkNDdiNzg0CiRjYWU0MWIxYy1lYTYxLTQzZjItOTBiZS1iODc1NWViZj" +
	"g4ZTIKJGQ0OTA2OTBjLWU3NGQtNGRiMi1hM2M4LWQ4ZjJmMTg0ZmQyMwokYzkyNGJjMDktYjg1ZS00N2YxLWIzMmUtMzM2NTIyZWU1" +
	"M2M4EiYzODQ4NjQ5NTg2NzUwODM5OTA3ODE1OTcyMzg0NjA1MTgwNzAyMBInMTkzNzg3NjAwMDM3NjgxNzA2OTUyMTQzMzU3MDcxOT" +
	"E2MzUyNjA0EicyNjY4ODA0MzY5NjQ5MzI0MjQyNjU0NjY5MTY3MzQwNjg2ODQ0MzkSJzMzOTYwNjYwMDk0Mjk2NzM5MTg1NDYwMzU1" +
	"MjQwMjAyMTg0NzI5MhomCAAQABogUkVDT1JEIDIyIHBlZW9iaGN6YnpkbXNrYm91cGd5cQoaJggBEAEaIFJFQ09SRCAyMyB1c3dreG" +
	"Z0eHJvZXVzc2N4c2pobm8KGiYIAhACGiBSRUNPUkQgMjQgY2FzZWhkZ2l2ZmF4ZXVzdGx5c3p5ChomCAMQAxogUkVDT1JEIDI1IG52" +
	"ZmZ2cG11b2dkb3BqaGFtZXZyawpRwVPQ3go0yp4Y6kvM0q3V"

var kplWithEHKsRecords = []agg.Record{
	{PartitionKey: "fc03dd88-3e79-448a-b01a-7cf1bd47b784", ExplicitHashKey: "38486495867508399078159723846051807020", Data: []byte("RECORD 22 peeobhczbzdmskboupgyq\n")},
	{PartitionKey: "cae41b1c-ea61-43f2-90be-b8755ebf88e2", ExplicitHashKey: "193787600037681706952143357071916352604", Data: []byte("RECORD 23 uswkxftxroeusscxsjhno\n")},
	{PartitionKey: "d490690c-e74d-4db2-a3c8-d8f2f184fd23", ExplicitHashKey: "266880436964932424265466916734068684439", Data: []byte("RECORD 24 casehdgivfaxeustlyszy\n")},
	{PartitionKey: "c924bc09-b85e-47f1-b32e-336522ee53c8", ExplicitHashKey: "339606600942967391854603552402021847292", Data: []byte("RECORD 25 nvffvpmuogdopjhamevrk\n")},
}

// kplNoEHKs: the KPL's aggregate of eight records without explicit hash keys (test_deagg.py
// kpl_generated_rec_no_ehks, test_agg.py expected_agg_record_no_ehks).
const kplNoEHKs = "84mawgokNzhmZWIxMmEtZGJhMC00NWNhLWE5MWUtYmIxZjJmMTgxOWI0CiRjMmE3NTc4Ny00NjliLTQzMTAtODQwZC1kNDg2ZGNhN2" +
	"ViNWUKJDY1MGU5MzYyLTU3MmItNDQyNy1iM2ZjLTEzNTQ5ZDdlNWFlNQokMWQ4ZDk2MDAtMDBiNy00NmYzLWE5ODMtZGU4MzQ3NzU0" +
	"MGMwCiRmMmU3MThhMC0zODliLTQ5NGEtYjc5Ni0zMzU1YjA3NTY5Y2MKJDk2NWI4ZGE0LWE2YmQtNDc1NS04MWM5LWU3MTgxYWI3ZG" +
	"M5YQokZDY5M2M1ZjAtNTc3Mi00NmM5LThkODYtMDhjNzA1NWJkYjc1CiQ4ZDkyNDc2Yi1lYjg5LTRlODEtOTlmYi1jMmJhNjNhZDZk" +
	"OTAaJAgAGiBSRUNPUkQgMTggaWtscnBzdnloeG5lcm9kZmVoZXJ1ChokCAEaIFJFQ09SRCAxOSBsbm1udWR5aHZwdmNncm9rZm16ZG" +
	"gKGiQIAhogUkVDT1JEIDIwIHBqcXJjZmJ4YWZ6ZG5kem1iZ2FuZQoaJAgDGiBSRUNPUkQgMjEgYWFmcmV5cm50d3V3eGxpeWdrYmhr" +
	"ChokCAQaIFJFQ09SRCAyMiBxc2FhZGhic2dtdnFnZGlmZ3V5b3UKGiQIBRogUkVDT1JEIDIzIHdqb2tvaXd2enpobGZ0bHpocWZqaw" +
	"oaJAgGGiBSRUNPUkQgMjQgem9wY2FzY3J0aGJicG5qaXd1aGpiChokCAcaIFJFQ09SRCAyNSB0eGJidm5venJ3c2JveHVvbXFib3EK" +
	"vV1rrLdU+Sy2v8xkgZ5YaA=="

var kplNoEHKsRecords = []agg.Record{
	{PartitionKey: "78feb12a-dba0-45ca-a91e-bb1f2f1819b4", Data: []byte("RECORD 18 iklrpsvyhxnerodfeheru\n")},
	{PartitionKey: "c2a75787-469b-4310-840d-d486dca7eb5e", Data: []byte("RECORD 19 lnmnudyhvpvcgrokfmzdh\n")},
	{PartitionKey: "650e9362-572b-4427-b3fc-13549d7e5ae5", Data: []byte("RECORD 20 pjqrcfbxafzdndzmbgane\n")},
	{PartitionKey: "1d8d9600-00b7-46f3-a983-de83477540c0", Data: []byte("RECORD 21 aafreyrntwuwxliygkbhk\n")},
	{PartitionKey: "f2e718a0-389b-494a-b796-3355b07569cc", Data: []byte("RECORD 22 qsaadhbsgmvqgdifguyou\n")},
	{PartitionKey: "965b8da4-a6bd-4755-81c9-e7181ab7dc9a", Data: []byte("RECORD 23 wjokoiwvzzhlftlzhqfjk\n")},
	{PartitionKey: "d693c5f0-5772-46c9-8d86-08c7055bdb75", Data: []byte("RECORD 24 zopcascrthbbpnjiwuhjb\n")},
	{PartitionKey: "8d92476b-eb89-4e81-99fb-c2ba63ad6d90", Data: []byte("RECORD 25 txbbvnozrwsboxuomqboq\n")},
}

// kplSharedKeys: a KPL aggregate as Kinesis Data Analytics hands it to a preprocessor; its four records share one
// partition key and one explicit hash key, each stored once (test_deagg.py kpl_generated_ka_rec).
const kplSharedKeys = "84mawgoNMTU2MjYwMjA3NDg5NhInMzM5NjA2NjAwOTQyOTY3MzkxODU0NjAzNTUyNDAyMDIxODQ3MjkyGicIABAAGiFSRUNPUkQgMjAwNSB" +
	"wanFyY2ZieGFmemRuZHptYmdhbmUaJwgAEAAaIVJFQ09SRCAyMDA2IHBqcXJjZmJ4YWZ6ZG5kem1iZ2FuZRonCAAQABohUkVDT1JEIDIwMD" +
	"cgcGpxcmNmYnhhZnpkbmR6bWJnYW5lGicIABAAGiFSRUNPUkQgMjAwOCBwanFyY2ZieGFmemRuZHptYmdhbmUHrLqXAgpJOT8v1lp81gM/"

var kplSharedKeysRecords = []agg.Record{
	{PartitionKey: "1562602074896", ExplicitHashKey: "339606600942967391854603552402021847292", Data: []byte("RECORD 2005 pjqrcfbxafzdndzmbgane")},
	{PartitionKey: "1562602074896", ExplicitHashKey: "339606600942967391854603552402021847292", Data: []byte("RECORD 2006 pjqrcfbxafzdndzmbgane")},
	{PartitionKey: "1562602074896", ExplicitHashKey: "339606600942967391854603552402021847292", Data: []byte("RECORD 2007 pjqrcfbxafzdndzmbgane")},
	{PartitionKey: "1562602074896", ExplicitHashKey: "339606600942967391854603552402021847292", Data: []byte("RECORD 2008 pjqrcfbxafzdndzmbgane")},
}

// kplNotAggregated: a record the KPL sent on its own, mixed with aggregates (test_deagg.py
// kpl_generated_ka_non_agg_rec).
const kplNotAggregated = "UkVDT1JEIDc0OSBwanFyY2ZieGFmemRuZHptYmdhbmU="

var kplVectors = []struct {
	name string
	b64  string
	want []agg.Record
}{
	{"with explicit hash keys", kplWithEHKs, kplWithEHKsRecords},
	{"without explicit hash keys", kplNoEHKs, kplNoEHKsRecords},
	{"shared key tables", kplSharedKeys, kplSharedKeysRecords},
}

func unb64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sameRecords(t *testing.T, got, want []agg.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.PartitionKey != w.PartitionKey || g.ExplicitHashKey != w.ExplicitHashKey || !bytes.Equal(g.Data, w.Data) {
			t.Errorf("record %d = {%q %q %q}, want {%q %q %q}", i, g.PartitionKey, g.ExplicitHashKey, g.Data, w.PartitionKey, w.ExplicitHashKey, w.Data)
		}
	}
}

// The KPL's own aggregates decode to the user records kinesis-aggregation's Python tests expect.
func TestDecodeReadsAggregatesWrittenByTheKPL(t *testing.T) {
	for _, v := range kplVectors {
		t.Run(v.name, func(t *testing.T) {
			data := unb64(t, v.b64)
			if !agg.IsAggregated(data) {
				t.Fatal("IsAggregated = false")
			}
			got, err := agg.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			sameRecords(t, got, v.want)
		})
	}
}

// Encode writes the KPL's bytes for the same records: tables first in first-seen order, each key once, then the
// records (test_agg.py test_single_record_agg_matches_real_kpl_*; the shared-keys vector checks de-duplication).
func TestEncodeWritesTheBytesOfTheKPL(t *testing.T) {
	for _, v := range kplVectors {
		t.Run(v.name, func(t *testing.T) {
			got, err := agg.Encode(nil, v.want)
			if err != nil {
				t.Fatal(err)
			}
			if want := unb64(t, v.b64); !bytes.Equal(got, want) {
				t.Fatalf("Encode =\n%x\nwant\n%x", got, want)
			}
		})
	}
}

// The Aggregator produces the same aggregate and puts it under the first record's partition key and explicit hash
// key (test_agg.py: "Agg record partition key does not match partition key of first user record", and the EHK
// likewise; None when the first record has none).
func TestAggregatorMatchesTheKPLAndUsesTheFirstRecordsKeys(t *testing.T) {
	for _, v := range kplVectors[:2] {
		t.Run(v.name, func(t *testing.T) {
			a, _ := agg.NewAggregator(0)
			for i, r := range v.want {
				if ok, err := a.Add(r); !ok || err != nil {
					t.Fatalf("Add(record %d) = %v, %v", i, ok, err)
				}
			}
			if a.Len() != len(v.want) {
				t.Fatalf("Len = %d", a.Len())
			}
			size := a.Size()
			out, ok := a.Flush()
			if !ok {
				t.Fatal("Flush: empty")
			}
			if want := unb64(t, v.b64); !bytes.Equal(out.Data, want) || size != len(want) {
				t.Fatalf("Flush data (Size %d) =\n%x\nwant (%d bytes)\n%x", size, out.Data, len(want), want)
			}
			if out.PartitionKey != v.want[0].PartitionKey || out.ExplicitHashKey != v.want[0].ExplicitHashKey {
				t.Fatalf("Flush keys = %q %q, want the first record's %q %q", out.PartitionKey, out.ExplicitHashKey, v.want[0].PartitionKey, v.want[0].ExplicitHashKey)
			}
			if a.Len() != 0 || a.Size() != 0 {
				t.Fatalf("after Flush: Len %d, Size %d", a.Len(), a.Size())
			}
		})
	}
}

// A record the KPL did not aggregate passes through deaggregation as the one user record (test_deagg.py
// test_deagg_with_real_kpl_generated_ka_non_agg_rec_no_ehks).
func TestDeaggregatePassesTheKPLsUnaggregatedRecordThrough(t *testing.T) {
	in := record.Record{Data: unb64(t, kplNotAggregated), PartitionKey: "1562602074896", SequenceNumber: record.NewSequenceNumber(1, 0, 749)}
	got, err := agg.Deaggregate(in)
	if err != nil || len(got) != 1 {
		t.Fatalf("Deaggregate = %d records, %v", len(got), err)
	}
	if got[0].Aggregated || got[0].SubSequenceNumber != 0 || string(got[0].Data) != "RECORD 749 pjqrcfbxafzdndzmbgane" || got[0].PartitionKey != in.PartitionKey || got[0].SequenceNumber != in.SequenceNumber {
		t.Fatalf("Deaggregate = %+v", got[0])
	}
}

// goAggregate builds the record of kinesis-aggregation's Go test generator (go/v2/deaggregator/deaggregator_test.go
// generateAggregateRecord): n records with data "Some test data string", partition key table "test0" … and
// record i pointing at partition key i and explicit hash key i·10, with no explicit hash key table. The bytes are
// those golang/protobuf's Marshal writes (fields in number order), written out by hand.
func goAggregate(n int, withEHKIndex bool) []byte {
	var body []byte
	for i := range n {
		k := fmt.Sprint("test", i)
		body = append(append(body, 0x0a, byte(len(k))), k...)
	}
	for i := range n {
		rec := []byte{0x08, byte(i)}
		if withEHKIndex {
			rec = append(rec, 0x10, byte(i*10))
		}
		d := "Some test data string"
		rec = append(append(rec, 0x1a, byte(len(d))), d...)
		body = append(append(body, 0x1a, byte(len(rec))), rec...)
	}
	sum := md5.Sum(body)
	return append(append([]byte(agg.Magic), body...), sum[:]...)
}

// The pass-through cases of the Go deaggregator's tests: data shorter than the magic ("No"), the aggregate without
// its first byte (magic mismatch), cut to 19 bytes (less than the digest after the magic), and without its last
// byte (MD5 mismatch) each come back as one record, unchanged (deaggregator_test.go Test*ReturnsSingleRecord,
// TestSmallLength…).
func TestDeaggregatePassesTheGoTestsNonAggregatesThrough(t *testing.T) {
	full := goAggregate(5, false)
	for name, data := range map[string][]byte{
		"small":         []byte("No"),
		"magic":         full[1:],
		"shorter":       full[:19],
		"md5":           full[:len(full)-1],
		"no body":       full[:agg.Overhead],
		"magic and md5": append([]byte(agg.Magic), func() []byte { s := md5.Sum(nil); return s[:] }()...),
	} {
		t.Run(name, func(t *testing.T) {
			in := record.Record{Data: data, PartitionKey: "1234", ApproximateArrivalTimestamp: time.UnixMilli(1518133507063).UTC()}
			got, err := agg.Deaggregate(in)
			if err != nil || len(got) != 1 || got[0].Aggregated || !bytes.Equal(got[0].Data, data) || got[0].PartitionKey != "1234" {
				t.Fatalf("Deaggregate = %+v, %v; want the record passed through", got, err)
			}
			if agg.IsAggregated(data) {
				t.Fatal("IsAggregated = true")
			}
		})
	}
}

// The Go test's aggregates give n user records (TestVariableLengthRecordsReturnsCorrectNumberOfDeaggregatedRecords).
// Its generator also sets explicit_hash_key_index with no explicit hash key table: the Go and Python
// deaggregators ignore such an index, the KCL fails on it (ehks.get throws; AggregatorUtil logs the exception and
// keeps the user records before it, here none). kinesim follows the KCL.
func TestDeaggregateReadsTheGoTestsAggregates(t *testing.T) {
	for n := 1; n < 10; n++ {
		got, err := agg.Deaggregate(record.Record{Data: goAggregate(n, false)})
		if err != nil || len(got) != n {
			t.Fatalf("n=%d: Deaggregate = %d records, %v", n, len(got), err)
		}
		for i, u := range got {
			if u.PartitionKey != fmt.Sprint("test", i) || string(u.Data) != "Some test data string" || !u.Aggregated || u.SubSequenceNumber != uint64(i) {
				t.Fatalf("n=%d: record %d = %+v", n, i, u)
			}
		}
		got, err = agg.Deaggregate(record.Record{Data: goAggregate(n, true)})
		if !errors.Is(err, agg.ErrKeyIndex) || !errors.Is(err, agg.ErrCorrupt) || len(got) != 0 {
			t.Fatalf("n=%d with EHK indexes: Deaggregate = %d records, %v; want none and ErrKeyIndex", n, len(got), err)
		}
	}
}

// kclAggregate builds the aggregates of the KCL's ProcessTaskTest: generateAggregatedRecord(pk) (one partition key,
// three records of data {1, 2, 3, 4}) when ehks is nil, else createAndRegisterAggregatedRecord's layout (record i
// has partition key "p-i"), here with explicit hash keys where the KCL test overrides effectiveHashKey.
func kclAggregate(t *testing.T, pks []string, ehks []string, data [][]byte) []byte {
	t.Helper()
	recs := make([]agg.Record, len(data))
	for i := range data {
		recs[i] = agg.Record{PartitionKey: pks[i%len(pks)], Data: data[i]}
		if ehks != nil {
			recs[i].ExplicitHashKey = ehks[i]
		}
	}
	b, err := agg.Encode(nil, recs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// An aggregate of three records gives three user records with the user record's partition key, the Kinesis
// record's sequence number and arrival time, and sub-sequence numbers 0 … 2; a checkpoint at the last one is
// (sqn, 2) (KCL ProcessTaskTest.testDeaggregatesRecord).
func TestDeaggregateNumbersUserRecordsLikeTheKCL(t *testing.T) {
	testData := []byte{1, 2, 3, 4}
	pk := "3f5b5b9e-1b0c-4c8e-9e1a-6e2a1d1b7c11"
	ts := time.UnixMilli(1_700_000_000_000).UTC()
	sqn := record.NewSequenceNumber(1, 3, 42)
	in := record.Record{PartitionKey: "-", Data: kclAggregate(t, []string{pk}, nil, [][]byte{testData, testData, testData}),
		SequenceNumber: sqn, ApproximateArrivalTimestamp: ts, ShardId: record.ShardID(3), EncryptionType: "KMS"}
	got, err := agg.Deaggregate(in)
	if err != nil || len(got) != 3 {
		t.Fatalf("Deaggregate = %d records, %v", len(got), err)
	}
	for i, u := range got {
		if u.PartitionKey != pk || !bytes.Equal(u.Data, testData) || u.SequenceNumber != sqn || !u.ApproximateArrivalTimestamp.Equal(ts) ||
			u.SubSequenceNumber != uint64(i) || !u.Aggregated || u.ShardId != in.ShardId || u.EncryptionType != "KMS" || u.ExplicitHashKey != "" {
			t.Fatalf("record %d = %+v", i, u)
		}
	}
}

// lo and hi are the shard range of the KCL's hash-range tests: 2^60 … 2^68.
var (
	kclLo = record.HashKeyFromUint64s(0, 1<<60)
	kclHi = record.HashKeyFromUint64s(1<<4, 0)
)

// An aggregate holding user records below or above the shard's range is dropped whole, even its records inside
// the range (KCL ProcessTaskTest.testDiscardReshardedKplData: 5 in range, 5 below, 5 above → no records).
func TestDeaggregateDropsTheWholeAggregateWhenARecordIsOutsideTheShard(t *testing.T) {
	var pks, ehks []string
	var data [][]byte
	for i := range 15 {
		pks = append(pks, fmt.Sprint("p-", i))
		var k record.HashKey
		switch i / 5 {
		case 0:
			k = kclLo.Add(uint64(i) * 1000)
		case 1:
			k = kclLo.Sub(uint64(i))
		case 2:
			k = kclHi.Add(uint64(i))
		}
		ehks = append(ehks, k.String())
		data = append(data, bytes.Repeat([]byte{byte(i)}, 1024))
	}
	shard := record.HashKeyRange{StartingHashKey: kclLo, EndingHashKey: kclHi}
	kept := []agg.UserRecord{{Record: record.Record{PartitionKey: "earlier"}}}
	got, err := agg.AppendDeaggregated(kept, record.Record{PartitionKey: "p-01", Data: kclAggregate(t, pks, ehks, data)}, shard)
	if !errors.Is(err, agg.ErrOutsideHashRange) || len(got) != 1 || got[0].PartitionKey != "earlier" {
		t.Fatalf("AppendDeaggregated = %d records, %v; want only the earlier one and ErrOutsideHashRange", len(got), err)
	}
	// The same records without the out-of-range ones all come out (testAllInShardKplData).
	got, err = agg.AppendDeaggregated(nil, record.Record{Data: kclAggregate(t, pks[:5], ehks[:5], data[:5])}, shard)
	if err != nil || len(got) != 5 {
		t.Fatalf("in-range aggregate: %d records, %v", len(got), err)
	}
	// Without a hash range, every key of the 128-bit space is in.
	if got, err := agg.Deaggregate(record.Record{Data: kclAggregate(t, pks, ehks, data)}); err != nil || len(got) != 15 {
		t.Fatalf("Deaggregate = %d records, %v", len(got), err)
	}
}

// The effective hash key of a record without an explicit hash key is the MD5 of its partition key
// (AggregatorUtil.effectiveHashKey): a shard keeps the records whose partition keys it owns.
func TestDeaggregateFiltersByPartitionKeyHash(t *testing.T) {
	shards := record.SplitEvenly(2)
	var own, other string
	for i := 0; own == "" || other == ""; i++ {
		k := fmt.Sprint("key-", i)
		if shards[0].Contains(record.HashKeyOf(k)) {
			own = k
		} else {
			other = k
		}
	}
	in := record.Record{Data: kclAggregate(t, []string{own, own}, nil, [][]byte{{1}, {2}})}
	if got, err := agg.AppendDeaggregated(nil, in, shards[0]); err != nil || len(got) != 2 {
		t.Fatalf("own shard: %d records, %v", len(got), err)
	}
	if got, err := agg.AppendDeaggregated(nil, in, shards[1]); !errors.Is(err, agg.ErrOutsideHashRange) || len(got) != 0 {
		t.Fatalf("other shard: %d records, %v", len(got), err)
	}
	mixed := record.Record{Data: kclAggregate(t, []string{own, other}, nil, [][]byte{{1}, {2}})}
	if got, err := agg.AppendDeaggregated(nil, mixed, shards[0]); !errors.Is(err, agg.ErrOutsideHashRange) || len(got) != 0 {
		t.Fatalf("mixed aggregate: %d records, %v", len(got), err)
	}
}

// A message that protobuf cannot parse passes through: the KCL catches InvalidProtocolBufferException and keeps
// the record as it is. AggregatorUtilTest builds such a record from magic ‖ "test message" ‖ MD5 (its field 14
// has wire type 4, an end-group tag outside a group).
func TestDeaggregatePassesAnUnparsableMessageThrough(t *testing.T) {
	body := []byte("test message")
	sum := md5.Sum(body)
	data := append(append([]byte(agg.Magic), body...), sum[:]...)
	if !agg.IsAggregated(data) {
		t.Fatal("IsAggregated = false: magic and MD5 are right")
	}
	if _, err := agg.Decode(data); !errors.Is(err, agg.ErrMalformed) || !errors.Is(err, agg.ErrCorrupt) {
		t.Fatalf("Decode error = %v, want ErrMalformed", err)
	}
	in := record.Record{Data: data, PartitionKey: "cat", SequenceNumber: record.NewSequenceNumber(1, 0, 555)}
	got, err := agg.Deaggregate(in)
	if err != nil || len(got) != 1 || got[0].Aggregated || !bytes.Equal(got[0].Data, data) || got[0].PartitionKey != "cat" {
		t.Fatalf("Deaggregate = %+v, %v", got, err)
	}
}
