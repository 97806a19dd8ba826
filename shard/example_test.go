package shard_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/shard"
)

// A shard log takes records, reads them back in order, and drops them when retention expires them.
func ExampleLog() {
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	l := shard.New(shard.Config{Index: 1, HashKeyRange: record.SplitEvenly(2)[1]})

	for i, key := range []string{"alice", "bob", "alice"} {
		pos, arrival, _ := l.Append(start.Add(time.Duration(i)*time.Minute), fmt.Appendf(nil, "event %d", i), key)
		fmt.Println("appended at position", pos, "arrival", arrival.Format(time.TimeOnly))
	}

	recs, next := l.Read(0, 10, 1<<20, nil)
	for _, r := range recs {
		fmt.Printf("%s %s %q by %s\n", r.ShardId, r.ApproximateArrivalTimestamp.Format(time.TimeOnly), r.Data, r.PartitionKey)
	}
	fmt.Println("next position", next)

	// Expire with a cutoff: the records that arrived at or before 12:01 can no longer be read.
	fmt.Println("expired", l.Expire(start.Add(time.Minute)), "readable", l.Len(), "from position", l.TrimHorizon())
	recs, _ = l.Read(0, 10, 1<<20, recs[:0])
	fmt.Printf("%q at position %d\n", recs[0].Data, recs[0].SequenceNumber.Position())

	// A retention of one hour, checked at 13:30: everything has expired and the memory is released.
	now := start.Add(90 * time.Minute)
	fmt.Println("expired", l.Expire(now.Add(-time.Hour)), "readable", l.Len(), "arena bytes", l.ArenaBytes())
	// Output:
	// appended at position 0 arrival 12:00:00
	// appended at position 1 arrival 12:01:00
	// appended at position 2 arrival 12:02:00
	// shardId-000000000001 12:00:00 "event 0" by alice
	// shardId-000000000001 12:01:00 "event 1" by bob
	// shardId-000000000001 12:02:00 "event 2" by alice
	// next position 3
	// expired 2 readable 1 from position 2
	// "event 2" at position 2
	// expired 1 readable 0 arena bytes 0
}

// Reads stop at the record count or at the byte limit (data plus partition key), whichever comes first; the
// first record is always returned.
func ExampleLog_Read() {
	l := shard.New(shard.Config{})
	t := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for range 5 {
		l.Append(t, make([]byte, 99), "k") // 100 bytes each
	}
	recs, next := l.Read(0, 3, 1<<20, nil)
	fmt.Println(len(recs), next)
	recs, next = l.Read(next, 10, 150, recs[:0])
	fmt.Println(len(recs), next)
	recs, next = l.Read(next, 10, 50, recs[:0])
	fmt.Println(len(recs), next)
	// Output:
	// 3 3
	// 1 4
	// 1 5
}

// PositionAtTime finds where an AT_TIMESTAMP iterator starts: the first record that arrived at or after the
// instant.
func ExampleLog_PositionAtTime() {
	l := shard.New(shard.Config{})
	t := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 4 {
		l.Append(t.Add(time.Duration(i)*time.Second), nil, "k")
	}
	fmt.Println(l.PositionAtTime(t.Add(1500 * time.Millisecond)))
	fmt.Println(l.PositionAtTime(t.Add(2 * time.Second)))
	fmt.Println(l.PositionAtTime(t.Add(time.Hour)) == l.Next())
	// Output:
	// 2
	// 2
	// true
}

// A closed shard takes no more records; its ending sequence number is that of its last record.
func ExampleLog_Close() {
	t := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	l := shard.New(shard.Config{Index: 0, Epoch: 1})
	l.Append(t, []byte("last"), "k")
	l.Close(t.Add(time.Second))
	_, _, err := l.Append(t.Add(2*time.Second), []byte("too late"), "k")
	fmt.Println(err)
	end := l.EndingSequenceNumber()
	fmt.Println(end.ShardIndex(), end.Position(), end == l.SequenceNumber(0))
	// Output:
	// shard: closed
	// 0 0 true
}
