// Package buffer is the pure core of a Firehose delivery stream's buffering: a [Buffer] holds records until its
// size hint or its interval hint is reached, whichever comes first, and hands them out as one [Batch].
//
// The rules follow Amazon Data Firehose's documentation of buffering hints (Developer Guide, "Configure buffering
// hints", https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html, and the BufferingHints shape of the
// API Reference):
//
//   - "the first buffer condition that is satisfied triggers data delivery": the size in bytes or the interval;
//   - the size counts the data before compression;
//   - an interval of 0 is zero buffering: a record is due at once;
//   - an object's timestamp is the approximate arrival time of the oldest record in it (Developer Guide, "Custom
//     prefixes for Amazon S3 objects"): [Batch.Oldest], not the time of the flush.
//
// The interval of a batch counts from the moment its first record was added ([Batch.Started]).
//
// # Usage
//
//	b := buffer.New(buffer.Hints{SizeBytes: 5 << 20, Interval: 300 * time.Second})
//	if b.Add(now, now, data) {
//		deliver(b.Take(now))
//	}
//	if at, ok := b.NextDeadline(); ok {
//		// arm a timer for at; when it fires, if b.Due(now) { deliver(b.Take(now)) }
//	}
//
// A Buffer is given the time of each call and starts nothing: it has no goroutines, no locks and no clock. The
// service (package firehose) owns it under its lock and arms the timer.
package buffer
