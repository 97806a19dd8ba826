package buffer

import "time"

// Hints are a delivery buffer's thresholds, Firehose's BufferingHints in bytes and a duration: the buffer is due
// when it holds at least SizeBytes bytes or its first record has waited Interval, whichever comes first.
type Hints struct {
	// SizeBytes is the size threshold in bytes of uncompressed record data (Firehose counts the size before
	// compression). A value below 1 is taken as 1: every record makes the buffer due.
	SizeBytes int
	// Interval is how long the first record of a batch may wait. 0 is Firehose's zero buffering: a record makes the
	// buffer due at once. A negative value is taken as 0.
	Interval time.Duration
}

// Record is one buffered record as [Batch] hands it out: where its bytes lie in [Batch.Data] and when it arrived.
type Record struct {
	// Offset and Len locate the record's bytes in the batch's Data.
	Offset, Len int
	// Arrival is the record's approximate arrival time, as Add was given it.
	Arrival time.Time
}

// Reason says why a batch was taken.
type Reason uint8

// The reasons of a [Batch].
const (
	// Requested: the caller took the batch before it was due (a flush or a close).
	Requested Reason = iota
	// Size: the batch reached the size hint.
	Size
	// Interval: the batch's first record waited the interval hint.
	Interval
)

// String returns the reason's name.
func (r Reason) String() string {
	switch r {
	case Size:
		return "size"
	case Interval:
		return "interval"
	}
	return "requested"
}

// Batch is what [Buffer.Take] hands out: the records in arrival order, their bytes concatenated with no
// delimiter (as Firehose writes them), and the instants the object key derives from. The batch owns its slices:
// the buffer never touches them again.
type Batch struct {
	// Data is every record's bytes, concatenated in the order added.
	Data []byte
	// Records locate each record in Data.
	Records []Record
	// Oldest is the earliest arrival time of the batch's records (an object's timestamp comes from it, not from the
	// time of delivery); zero for an empty batch.
	Oldest time.Time
	// Started is when the first record was added: the interval hint counts from it.
	Started time.Time
	// Reason is why the batch was taken.
	Reason Reason
}

// Len returns the number of records.
func (b *Batch) Len() int { return len(b.Records) }

// Record returns the bytes of record i (a slice of Data).
func (b *Batch) Record(i int) []byte {
	r := b.Records[i]
	return b.Data[r.Offset : r.Offset+r.Len : r.Offset+r.Len]
}

// Buffer is one delivery buffer. It is a pure core: it is given the time of every call, starts nothing and reads
// no clock, so the service arms its own timer at [Buffer.NextDeadline]. A Buffer is not safe for concurrent use;
// its owner serialises calls. The zero value is not usable: call [New].
type Buffer struct {
	hints    Hints
	data     []byte
	recs     []Record
	oldest   time.Time
	started  time.Time
	deadline time.Time

	lastBytes, lastRecords int      // the size of the last batch taken: the next one gets room for as much
	spareData              []byte   // a delivered batch's slices, given back by Recycle, for the next batch
	spareRecs              []Record //
}

// New returns an empty buffer with the given hints.
func New(h Hints) *Buffer {
	b := &Buffer{}
	b.SetHints(h)
	return b
}

// Hints returns the buffer's hints, as normalised by [New] or [Buffer.SetHints].
func (b *Buffer) Hints() Hints { return b.hints }

// SetHints changes the thresholds (an UpdateDestination). The records held stay; their deadline is recomputed
// from when the first of them was added.
func (b *Buffer) SetHints(h Hints) {
	h.SizeBytes = max(h.SizeBytes, 1)
	h.Interval = max(h.Interval, 0)
	b.hints = h
	if len(b.recs) > 0 {
		b.deadline = b.started.Add(h.Interval)
	}
}

// Add appends a copy of data, which arrived at arrival, and reports whether the buffer is now due ([Buffer.Due]
// at now). The interval of a batch starts with its first record, at now. An empty record counts as a record of 0
// bytes.
func (b *Buffer) Add(now, arrival time.Time, data []byte) (due bool) {
	if len(b.recs) == 0 {
		b.started = now
		b.deadline = now.Add(b.hints.Interval)
		b.oldest = arrival
		if b.data == nil {
			b.alloc(len(data))
		}
	} else if arrival.Before(b.oldest) {
		b.oldest = arrival
	}
	b.recs = append(b.recs, Record{Offset: len(b.data), Len: len(data), Arrival: arrival})
	b.data = append(b.data, data...)
	return b.Due(now)
}

// Due reports whether the buffer holds records and has reached its size hint or its deadline at now.
func (b *Buffer) Due(now time.Time) bool {
	return len(b.recs) > 0 && (len(b.data) >= b.hints.SizeBytes || !now.Before(b.deadline))
}

// NextDeadline returns when the interval hint makes the buffer due, and false when it is empty (no timer is
// needed).
func (b *Buffer) NextDeadline() (time.Time, bool) {
	if len(b.recs) == 0 {
		return time.Time{}, false
	}
	return b.deadline, true
}

// Len returns the number of records held.
func (b *Buffer) Len() int { return len(b.recs) }

// Bytes returns the number of bytes held.
func (b *Buffer) Bytes() int { return len(b.data) }

// Oldest returns the earliest arrival time of the records held, and false when the buffer is empty.
func (b *Buffer) Oldest() (time.Time, bool) { return b.oldest, len(b.recs) > 0 }

// Take hands out every record held as a [Batch] and empties the buffer; now decides the batch's Reason (the size
// hint wins over the interval when both are reached). Taking an empty buffer gives an empty batch.
func (b *Buffer) Take(now time.Time) Batch {
	reason := Requested
	switch {
	case len(b.recs) == 0:
	case len(b.data) >= b.hints.SizeBytes:
		reason = Size
	case !now.Before(b.deadline):
		reason = Interval
	}
	batch := Batch{Data: b.data, Records: b.recs, Reason: reason}
	if len(b.recs) > 0 {
		batch.Oldest, batch.Started = b.oldest, b.started
		b.lastBytes, b.lastRecords = len(b.data), len(b.recs)
	}
	b.recs, b.data = nil, nil
	b.oldest, b.started, b.deadline = time.Time{}, time.Time{}, time.Time{}
	return batch
}

// Recycle gives back the slices of a batch that is no longer used (delivered, and nothing keeps its Data or
// Records), so that a later batch reuses them instead of allocating. The buffer keeps one spare; a batch smaller
// than the spare it has is dropped.
func (b *Buffer) Recycle(batch Batch) {
	if cap(batch.Data) > cap(b.spareData) {
		b.spareData = batch.Data[:0]
	}
	if cap(batch.Records) > cap(b.spareRecs) {
		b.spareRecs = batch.Records[:0]
	}
}

// alloc gives an empty buffer its slices for a batch whose first record has n bytes: the spare of [Buffer.Recycle]
// when there is one, else room for a batch like the last one, up to the size hint plus slack for the record that
// crosses it, so that a steady stream fills each batch without regrowing it.
func (b *Buffer) alloc(n int) {
	want := min(max(b.lastBytes+b.lastBytes/8, n, 4096), b.hints.SizeBytes+b.hints.SizeBytes/8+n)
	if cap(b.spareData) >= want {
		b.data, b.spareData = b.spareData, nil
	} else {
		b.data = make([]byte, 0, want)
	}
	if b.spareRecs != nil {
		b.recs, b.spareRecs = b.spareRecs, nil
	} else {
		b.recs = make([]Record, 0, max(b.lastRecords, 8))
	}
}
