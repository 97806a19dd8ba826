// Package shard is the pure core of one Kinesis shard: [Log], the ordered in-memory log of its records.
//
// A Log assigns each appended record the next position (0, 1, 2, …) and the sequence number that encodes it
// ([Log.SequenceNumber]), stamps it with its arrival time, and reads records back in append order from any
// position ([Log.Read]), under a record-count and a byte limit as GetRecords does. A sequence number carries the
// position of its record ([record.SequenceNumber.Position]); [Log.PositionAtTime] finds the position of an
// instant, as the AT_TIMESTAMP shard iterator needs. The log drops what retention expires ([Log.Expire],
// [Log.TrimTo]) and is closed when the shard is split or merged ([Log.Close], [Log.EndingSequenceNumber]).
//
// # Usage
//
//	l := shard.New(shard.Config{Index: 0, HashKeyRange: record.SplitEvenly(1)[0]})
//	pos, arrival, err := l.Append(now, data, partitionKey)
//	recs, next := l.Read(pos, 10_000, 10<<20, recs[:0])
//	l.Expire(now.Add(-24 * time.Hour)) // retention of 24 hours
//
// # Positions, arrival times and the trim horizon
//
// Positions count every record the shard ever took; [Log.Next] is the position the next record gets. Records
// below [Log.TrimHorizon] have expired and cannot be read; [Log.Len] and [Log.Bytes] count the readable ones.
// Arrival times have millisecond precision and never decrease within a shard: a record appended with an earlier
// time than its predecessor gets its predecessor's time, so expiry by time and lookup by time are both a matter
// of cutting the log at one position.
//
// # Data layout
//
// Records are not stored as one Go object each. They are packed, in append order, into arena segments: plain
// []byte blocks whose capacity starts at 4 KiB and doubles up to 256 KiB (a record that does not fit gets a
// segment of its own size). A record is encoded as
//
//	uvarint(len(data)) uvarint(key) uvarint(arrival − previous arrival, in ms) [key bytes] data
//
// where key is len(key)<<1|1 for a key of up to 16 bytes, whose bytes the record then holds, and id<<1 for a
// longer key, which the record refers to by its id in the key dictionary.
//
// so a record costs its payload plus a few bytes, and the garbage collector sees a handful of pointer-free blocks
// rather than one object per record. A segment spans less than 2^31 ms of arrivals.
//
// A segment of 256 KiB or more is written into memory the heap has usually just taken from the operating system,
// where each first touch of a 4 KiB page is a page fault; on Linux the log asks for transparent huge pages there
// (madvise(MADV_HUGEPAGE) on the 2 MiB regions around the segment, a hint that changes nothing a program reads),
// which makes storing a 10 KB record about 1.4 times as fast on the machines the benchmarks ran on. A log that
// discards data asks for nothing.
//
// A short key is stored with each of its records: copying a few bytes costs less than looking the key up, which
// misses the processor's caches when there are many keys. Longer partition keys are interned in a key dictionary.
// A dictionary generation serves a run of consecutive segments:
// it stores each distinct key once, in chunks (4 KiB, then 64 KiB each) that never move or change, and a record
// refers to its key by a small id. A generation takes at most 65,536 keys and 64 segments; when it is full, a
// new segment starts with a new generation, and the old one is sealed (its hash index is dropped; its keys stay
// readable). A generation is freed once the last segment that refers to it is released, so keys, like payloads,
// go when retention expires them.
//
// Each segment also keeps a sparse index of marks: for every 16th record, the offset where it starts and its
// arrival relative to the segment's first record. A read at a position binary-searches the segments, jumps to
// the nearest mark below the position and decodes at most 15 records to reach it; a lookup by time does the same
// with the segments' and marks' arrival times. A reader that reads on from where it stopped keeps a [Cursor]
// instead, and continues without a search ([Log.ReadCursor]).
//
// Expiry advances the trim horizon and releases every segment that holds only expired records; once every record
// has expired, the log holds no segment and no dictionary at all. [Log.ArenaBytes] reports the capacity of the
// segments held.
//
// # Records returned by reads
//
// The records [Log.Read] appends alias the log's memory: Data is a slice of a segment (with its capacity cut to
// its length, so appending to it copies) and PartitionKey points into the segment or into a dictionary chunk. Both stay valid and
// unchanged after any later call, including the expiry that releases their segment; callers must not modify
// Data. With enough capacity in dst, Read allocates nothing; Append allocates only now and then, when it starts a
// segment or grows a segment's marks or a dictionary.
//
// # Concurrency and time
//
// A Log is not safe for concurrent use: its owner (the stream package, which holds a mutex per shard) serialises
// every call. The package starts no goroutines and never reads a clock: every call that depends on time takes
// it as an argument, so the log behaves the same under a real, a manual or a synctest clock.
package shard
