package agg_test

import (
	"fmt"
	"testing"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/record"
)

// benchRecords returns n user records of 100 bytes of data, each with its own partition key (and explicit hash
// key when ehk is set).
func benchRecords(n int, ehk bool) []agg.Record {
	recs := make([]agg.Record, n)
	for i := range recs {
		data := make([]byte, 100)
		for j := range data {
			data[j] = byte(i + j)
		}
		recs[i] = agg.Record{PartitionKey: fmt.Sprintf("partition-key-%04d", i), Data: data}
		if ehk {
			recs[i].ExplicitHashKey = record.HashKeyOf(recs[i].PartitionKey).String()
		}
	}
	return recs
}

func BenchmarkEncode(b *testing.B) {
	recs := benchRecords(100, false)
	buf := make([]byte, 0, 64<<10)
	b.SetBytes(100 * 100)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := agg.Encode(buf, recs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAggregator(b *testing.B) {
	recs := benchRecords(100, false)
	a, _ := agg.NewAggregator(0)
	b.SetBytes(100 * 100)
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range recs {
			if _, err := a.Add(r); err != nil {
				b.Fatal(err)
			}
		}
		a.Flush()
	}
}

func BenchmarkDeaggregate(b *testing.B) {
	data, _ := agg.Encode(nil, benchRecords(100, false))
	in := record.Record{Data: data, PartitionKey: "a", ShardId: record.ShardID(0)}
	for _, c := range []struct {
		name string
		r    record.HashKeyRange
	}{{"AllHashKeys", agg.AllHashKeys}, {"ShardRange", record.HashKeyRange{EndingHashKey: record.MaxHashKey.Sub(1)}}} {
		b.Run(c.name, func(b *testing.B) {
			dst := make([]agg.UserRecord, 0, 100)
			b.SetBytes(100 * 100)
			b.ReportAllocs()
			for b.Loop() {
				out, err := agg.AppendDeaggregated(dst[:0], in, c.r)
				if err != nil || len(out) != 100 {
					b.Fatal(len(out), err)
				}
			}
		})
	}
}
