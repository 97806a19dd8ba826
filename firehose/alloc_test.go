package firehose_test

import (
	"context"
	"testing"

	"github.com/kinesim/kinesim/firehose"
)

// A PutRecordBatch of 500 records allocates O(1): the output's entries, their record ids (one string) and the
// buffer's amortised growth, not one object per record.
func TestPutRecordBatchAllocatesO1(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	e, _ := newEngine(t, firehose.WithThrottling(false))
	create(t, e, "s", s3(hints(128, 900)))
	recs := make([]firehose.Record, 500)
	for i := range recs {
		recs[i].Data = make([]byte, 100)
	}
	in := firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: recs}
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := e.PutRecordBatch(ctx, in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 8 {
		t.Fatalf("PutRecordBatch of 500 records: %.0f allocations", allocs)
	}
}
