package agg

import (
	"crypto/md5"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/kinesim/kinesim/record"
)

// Encode appends to dst the aggregated record holding recs, in order, and returns the extended slice: [Magic],
// the protobuf AggregatedRecord, and the MD5 of the protobuf bytes. Equal partition keys and equal explicit
// hash keys share one table entry, in first-seen order, so Encode writes the bytes the KPL writes for the same
// records. Encode always wraps, even one record (the [Aggregator] sends one record as it is).
//
// Errors: [ErrNoRecords] for no records; [ErrInvalidRecord] for a partition key that is not 1 to 256 characters or
// an explicit hash key that is not a decimal in 0 … 2^128−1; [ErrTooLarge] when the aggregate would exceed
// [MaxRecordSize]. On error dst is returned unchanged.
func Encode(dst []byte, recs []Record) ([]byte, error) {
	if len(recs) == 0 {
		return dst, ErrNoRecords
	}
	b := builder{hint: len(recs), recs: make([]entry, 0, len(recs))}
	for i := range recs {
		if err := validate(&recs[i]); err != nil {
			return dst, fmt.Errorf("record %d: %w", i, err)
		}
		b.add(&recs[i])
		if Overhead+b.size > MaxRecordSize {
			return dst, fmt.Errorf("%w: %d records take more than %d bytes", ErrTooLarge, i+1, MaxRecordSize)
		}
	}
	return b.appendTo(dst), nil
}

// entry is a user record of a builder, with its table indexes.
type entry struct {
	pk, ehk uint64
	hasEHK  bool
	data    []byte
}

// linearKeys is the table size up to which a builder finds keys by scanning the table instead of hashing.
const linearKeys = 8

// builder accumulates the AggregatedRecord message and knows its exact size at every step.
type builder struct {
	pks, ehks     []string
	pkIdx, ehkIdx keyIndex
	recs          []entry
	size          int // bytes of the protobuf message
	hint          int // expected number of keys, to size the tables once
}

// keyIndex finds keys in a key table once it outgrows linearKeys: an open-addressing hash set of table
// indexes, one slice that is cleared, not freed, between aggregates.
type keyIndex struct {
	seed  maphash.Seed
	slots []int32 // table index + 1; 0 is empty
}

// lookup returns the index of key in table, or the index it would get and found=false.
func lookup(table []string, x *keyIndex, key string) (i uint64, found bool) {
	if len(table) <= linearKeys {
		for j, k := range table {
			if k == key {
				return uint64(j), true
			}
		}
		return uint64(len(table)), false
	}
	mask := uint64(len(x.slots) - 1)
	for h := maphash.String(x.seed, key) & mask; ; h = (h + 1) & mask {
		s := x.slots[h]
		if s == 0 {
			return uint64(len(table)), false
		}
		if table[s-1] == key {
			return uint64(s - 1), true
		}
	}
}

// insert appends key to table and indexes it once the table outgrows linearKeys.
func insert(table *[]string, x *keyIndex, key string, hint int) {
	if cap(*table) == 0 && hint > 0 {
		*table = make([]string, 0, hint)
	}
	*table = append(*table, key)
	n := len(*table)
	switch {
	case n <= linearKeys:
		return
	case n == linearKeys+1 || 2*n > len(x.slots): // first indexed key, or load above 1/2: (re)build
		size := 64
		for size < 2*max(n, hint) {
			size *= 2
		}
		if size > len(x.slots) {
			if len(x.slots) == 0 {
				x.seed = maphash.MakeSeed()
			}
			x.slots = make([]int32, size)
		} else {
			clear(x.slots)
		}
		for j := range *table {
			x.put(*table, j)
		}
	default:
		x.put(*table, n-1)
	}
}

func (x *keyIndex) put(table []string, j int) {
	mask := uint64(len(x.slots) - 1)
	h := maphash.String(x.seed, table[j]) & mask
	for x.slots[h] != 0 {
		h = (h + 1) & mask
	}
	x.slots[h] = int32(j + 1)
}

// bytesField is the size of a length-delimited field of a one-byte tag.
func bytesField(n int) int { return 1 + varintLen(uint64(n)) + n }

// recordLen is the size of a Record message.
func recordLen(pk, ehk uint64, hasEHK bool, data int) int {
	n := 1 + varintLen(pk) + bytesField(data)
	if hasEHK {
		n += 1 + varintLen(ehk)
	}
	return n
}

// sizeWith returns the size of the message with r added, without adding it.
func (b *builder) sizeWith(r *Record) int {
	size := b.size
	pk, found := lookup(b.pks, &b.pkIdx, r.PartitionKey)
	if !found {
		size += bytesField(len(r.PartitionKey))
	}
	var ehk uint64
	hasEHK := r.ExplicitHashKey != ""
	if hasEHK {
		if ehk, found = lookup(b.ehks, &b.ehkIdx, r.ExplicitHashKey); !found {
			size += bytesField(len(r.ExplicitHashKey))
		}
	}
	return size + bytesField(recordLen(pk, ehk, hasEHK, len(r.Data)))
}

// add appends r, keeping a reference to its Data.
func (b *builder) add(r *Record) {
	e := entry{data: r.Data}
	var found bool
	if e.pk, found = lookup(b.pks, &b.pkIdx, r.PartitionKey); !found {
		insert(&b.pks, &b.pkIdx, r.PartitionKey, b.hint)
		b.size += bytesField(len(r.PartitionKey))
	}
	if r.ExplicitHashKey != "" {
		e.hasEHK = true
		if e.ehk, found = lookup(b.ehks, &b.ehkIdx, r.ExplicitHashKey); !found {
			insert(&b.ehks, &b.ehkIdx, r.ExplicitHashKey, b.hint)
			b.size += bytesField(len(r.ExplicitHashKey))
		}
	}
	b.recs = append(b.recs, e)
	b.size += bytesField(recordLen(e.pk, e.ehk, e.hasEHK, len(e.data)))
}

// appendTo appends the aggregated record: magic, the message in the KPL's field order (the partition key table,
// the explicit hash key table, the records), and the MD5 of the message.
func (b *builder) appendTo(dst []byte) []byte {
	dst = slices.Grow(dst, Overhead+b.size)
	dst = append(dst, Magic...)
	start := len(dst)
	for _, k := range b.pks {
		dst = append(appendVarint(append(dst, tagPartitionKey), uint64(len(k))), k...)
	}
	for _, k := range b.ehks {
		dst = append(appendVarint(append(dst, tagExplicitHash), uint64(len(k))), k...)
	}
	for _, e := range b.recs {
		dst = appendVarint(append(dst, tagRecord), uint64(recordLen(e.pk, e.ehk, e.hasEHK, len(e.data))))
		dst = appendVarint(append(dst, tagPartitionIndex), e.pk)
		if e.hasEHK {
			dst = appendVarint(append(dst, tagExplicitIndex), e.ehk)
		}
		dst = append(appendVarint(append(dst, tagData), uint64(len(e.data))), e.data...)
	}
	sum := md5.Sum(dst[start:])
	return append(dst, sum[:]...)
}

// reset empties b, keeping its memory and dropping its references to user data.
func (b *builder) reset() {
	clear(b.pks)
	clear(b.ehks)
	clear(b.recs)
	b.pks, b.ehks, b.recs = b.pks[:0], b.ehks[:0], b.recs[:0]
	clear(b.pkIdx.slots) // kept for the next aggregate; insert rebuilds it when the table outgrows linearKeys
	clear(b.ehkIdx.slots)
	b.size = 0
}

// Aggregator packs user records into aggregated Kinesis records for a producer, as the KPL does for the records
// it predicts for one shard: [Aggregator.Add] takes records while the aggregate stays within the size limit, and
// [Aggregator.Flush] returns the Kinesis record to put.
//
// An Aggregator is not safe for concurrent use; give each goroutine (or each shard) its own. It keeps a
// reference to each added record's Data until the next Flush: do not change the bytes meanwhile.
type Aggregator struct {
	maxSize int
	b       builder
}

// NewAggregator returns an Aggregator whose aggregates hold at most maxSize bytes of data (the KPL's
// AggregationMaxSize); maxSize 0 means [DefaultMaxSize]. It returns an error matching [ErrTooLarge] when
// maxSize is negative or above [MaxRecordSize].
func NewAggregator(maxSize int) (*Aggregator, error) {
	if maxSize < 0 || maxSize > MaxRecordSize {
		return nil, fmt.Errorf("%w: aggregation size %d is outside 0 … %d", ErrTooLarge, maxSize, MaxRecordSize)
	}
	if maxSize == 0 {
		maxSize = DefaultMaxSize
	}
	return &Aggregator{maxSize: maxSize}, nil
}

// Add adds r to the aggregate if it fits, and reports whether it did. It does not fit when the aggregate would
// grow beyond the Aggregator's size limit (or, with the first record's partition key, beyond [MaxRecordSize]):
// then Flush and add it again. An empty Aggregator takes any valid record, even one bigger than its limit, which
// then goes out on its own as the KPL sends records bigger than AggregationMaxSize.
//
// Errors: [ErrInvalidRecord] for a partition key that is not 1 to 256 characters or an explicit hash key that is
// not a decimal in 0 … 2^128−1; [ErrTooLarge] when r alone, data and partition key, exceeds [MaxRecordSize].
func (a *Aggregator) Add(r Record) (bool, error) {
	if err := validate(&r); err != nil {
		return false, err
	}
	if len(r.Data)+len(r.PartitionKey) > MaxRecordSize {
		return false, fmt.Errorf("%w: user record of %d bytes", ErrTooLarge, len(r.Data)+len(r.PartitionKey))
	}
	if len(a.b.recs) > 0 {
		size := Overhead + a.b.sizeWith(&r)
		if size > a.maxSize || size+len(a.b.pks[0]) > MaxRecordSize {
			return false, nil
		}
	}
	a.b.add(&r)
	return true, nil
}

// Len returns the number of user records in the aggregate.
func (a *Aggregator) Len() int { return len(a.b.recs) }

// Size returns the length of the Data that Flush would return now: 0 when empty, the record's own data for one
// record, the whole aggregated record for more.
func (a *Aggregator) Size() int {
	switch len(a.b.recs) {
	case 0:
		return 0
	case 1:
		return len(a.b.recs[0].data)
	}
	return Overhead + a.b.size
}

// Flush returns the Kinesis record to put and empties the Aggregator; ok is false when it was empty. One user
// record is returned as it is, not wrapped, as the KPL sends it. Two or more are returned as one aggregated
// record whose PartitionKey is the first user record's partition key and whose ExplicitHashKey is the first
// user record's explicit hash key, if it had one, so that the aggregate lands on the first record's shard
// (kinesis-aggregation's aggregators do the same; the KPL itself puts an aggregate under partition key "a" with
// the first record's hash key as explicit hash key, kinesis_record.cc, which routes it to the same shard).
// Only Data, PartitionKey and ExplicitHashKey are set; Data is newly allocated (for one record, it is that
// record's Data).
func (a *Aggregator) Flush() (r record.Record, ok bool) {
	switch len(a.b.recs) {
	case 0:
		return r, false
	case 1:
		r = record.Record{Data: a.b.recs[0].data, PartitionKey: a.b.pks[0]}
		if a.b.recs[0].hasEHK {
			r.ExplicitHashKey = a.b.ehks[0]
		}
	default:
		r = record.Record{Data: a.b.appendTo(make([]byte, 0, Overhead+a.b.size)), PartitionKey: a.b.pks[0]}
		if a.b.recs[0].hasEHK {
			r.ExplicitHashKey = a.b.ehks[a.b.recs[0].ehk]
		}
	}
	a.b.reset()
	return r, true
}
