package buffer_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/firehose/buffer"
)

func Example() {
	now := time.Date(2026, 7, 13, 14, 0, 0, 0, time.UTC)
	b := buffer.New(buffer.Hints{SizeBytes: 8, Interval: 60 * time.Second})

	fmt.Println(b.Add(now, now, []byte(`{"a":1}`))) // 7 bytes of 8
	at, _ := b.NextDeadline()
	fmt.Println("deadline", at.Sub(now))
	fmt.Println(b.Add(now.Add(time.Second), now.Add(time.Second), []byte(`{"a":2}`)))

	batch := b.Take(now.Add(time.Second))
	fmt.Printf("%s: %d records, %s, oldest %s\n", batch.Reason, batch.Len(), batch.Data, batch.Oldest.Format(time.TimeOnly))
	// Output:
	// false
	// deadline 1m0s
	// true
	// size: 2 records, {"a":1}{"a":2}, oldest 14:00:00
}
