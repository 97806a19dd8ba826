package partition_test

import (
	"context"
	"testing"

	"github.com/kinesim/kinesim/firehose/partition"
)

func BenchmarkQueryKeys(b *testing.B) {
	q, _ := partition.CompileQuery(`{customer_id: .customer_id, device: .type.device, year: .event_timestamp|strftime("%Y")}`)
	data := []byte(sample)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := q.Keys(context.Background(), now, data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSubstitute(b *testing.B) {
	keys := map[string]string{"customer_id": "1234567890", "year": "2019"}
	prefix := "customer_id=!{partitionKeyFromQuery:customer_id}/year=!{partitionKeyFromQuery:year}/!{timestamp:HH}/"
	b.ReportAllocs()
	b.SetBytes(int64(len(prefix)))
	for b.Loop() {
		if _, err := partition.Substitute(prefix, keys, nil); err != nil {
			b.Fatal(err)
		}
	}
}
