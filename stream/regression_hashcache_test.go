// Regression test for the red team's finding 9 (../shared/redteam/, 2026-12-01): memory did not come back after
// every record had expired, because the partition-key hash cache (1.8 MiB) stayed for the engine's life.
package stream_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/kinesim/kinesim/stream"
)

// Finding 9 (low): a stream that had taken 4096 records kept a 1.8 MiB partition-key hash cache for life; 100
// streams × 4,500 one-byte records (1.7 MiB of data and keys) left ~180 MiB of heap after retention expired them
// all. The cache is now one per engine and is released when a stream's records have all expired, so the heap
// returns to within a fraction of the cache's size of where it started (the streams themselves remain).
//
// Memory "bounded by what the user keeps": records past the retention period are no longer kept
// (https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html).
func TestHashCacheMemoryReturnsAfterRecordsExpire(t *testing.T) {
	for _, tc := range []struct {
		name    string
		streams int
		limit   int64 // heap growth allowed once everything expired
	}{
		{"red-team shape: 100 streams", 100, 32 << 20},
		{"one stream: the cache itself", 1, 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := heapAfterGC()
			h := newHarness(t, stream.WithThrottling(false))
			batch := make([]stream.PutRecordsEntry, 500)
			for i := range batch {
				batch[i] = stream.PutRecordsEntry{PartitionKey: strconv.Itoa(i), Data: []byte("x")}
			}
			for s := range tc.streams {
				name := "h" + strconv.Itoa(s)
				h.create(name, 1)
				for range 9 {
					if _, err := h.e.PutRecords(context.Background(), stream.PutRecordsInput{StreamRef: ref(name), Records: batch}); err != nil {
						t.Fatal(err)
					}
				}
				for i := range 100 { // single puts, which the cache serves
					h.Put(name, strconv.Itoa(i), []byte("y"))
				}
			}
			busy := heapAfterGC()
			h.clk.Advance(25 * time.Hour) // every record has expired
			h.e.ApplyRetention()
			after := heapAfterGC()
			t.Logf("heap: %.2f MiB while busy, %.2f MiB after expiry (over the start)", float64(busy-base)/(1<<20), float64(after-base)/(1<<20))
			if grown := after - base; grown > tc.limit {
				t.Errorf("heap %.2f MiB above the start after all records of %d streams expired, want at most %.2f MiB",
					float64(grown)/(1<<20), tc.streams, float64(tc.limit)/(1<<20))
			}
		})
	}
}
