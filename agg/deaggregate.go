package agg

import (
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/record"
)

// UserRecord is one user record as a consumer gets it from deaggregation (the KCL's KinesisClientRecord).
//
// Data, PartitionKey and ExplicitHashKey are the user record's; SequenceNumber, ApproximateArrivalTimestamp,
// ShardId and EncryptionType are those of the Kinesis record that carried it, which all its user records share.
type UserRecord struct {
	record.Record
	// SubSequenceNumber is the user record's position in its aggregated record, 0, 1, 2, …; 0 for a record that
	// was not aggregated. With SequenceNumber it is what a KCL consumer checkpoints.
	SubSequenceNumber uint64
	// Aggregated reports whether the record came out of an aggregated record.
	Aggregated bool
}

// AllHashKeys is the whole hash-key space 0 … 2^128−1: deaggregating with it drops only user records whose
// explicit hash key lies outside the space, as the KCL does when it does not know the shard's range.
var AllHashKeys = record.HashKeyRange{EndingHashKey: record.MaxHashKey}

// Deaggregate returns the user records of a Kinesis record as the KCL deaggregates it without a shard's hash
// range; see [AppendDeaggregated].
func Deaggregate(r record.Record) ([]UserRecord, error) {
	return AppendDeaggregated(nil, r, AllHashKeys)
}

// AppendDeaggregated appends to dst the user records of the Kinesis record r, as the KCL's AggregatorUtil
// deaggregates it for a shard owning hashRange, and returns the extended slice:
//
//   - A record that is not aggregated, or whose MD5 trailer does not match, or whose protobuf message cannot be
//     parsed, passes through unchanged as one UserRecord with Aggregated false and SubSequenceNumber 0, and no
//     error.
//   - An aggregated record gives its user records in order, with SubSequenceNumber 0, 1, 2, … and the Kinesis
//     record's SequenceNumber, ApproximateArrivalTimestamp, ShardId and EncryptionType. A message with no
//     records gives none.
//   - When a user record's effective hash key (its explicit hash key, else the MD5 of its partition key) lies
//     outside hashRange, the whole aggregated record is dropped: dst is returned as it was, with an error
//     matching [ErrOutsideHashRange]. The KCL drops it silently; a consumer that does the same ignores the error.
//     That happens to user records of other shards after a reshard, and to aggregates whose records a producer
//     did not route to one shard.
//   - When a key index lies outside its table ([ErrKeyIndex]) or an explicit hash key is not a decimal
//     (an error matching [ErrCorrupt] and [record.ErrMalformedHashKey]), the user records before the bad one
//     stay appended and the rest are lost, as in the KCL, which logs the error and goes on.
//
// The user records' Data share r.Data.
func AppendDeaggregated(dst []UserRecord, r record.Record, hashRange record.HashKeyRange) ([]UserRecord, error) {
	body, err := unwrap(r.Data)
	if err != nil {
		return append(dst, UserRecord{Record: r}), nil
	}
	m, ok := scan(body)
	if !ok {
		return append(dst, UserRecord{Record: r}), nil
	}
	if m.nrec == 0 {
		return dst, nil
	}
	start := len(dst)
	if cap(dst)-len(dst) < m.nrec { // one exact allocation (slices.Grow makes a second one under -race)
		dst = append(make([]UserRecord, 0, len(dst)+m.nrec), dst...)
	}
	whole := hashRange == AllHashKeys // every partition key's MD5 is in it: no need to compute it
	c := m.cursor()
	for i := uint64(0); ; i++ {
		u, hasEHK, more, err := c.next()
		if err != nil {
			return dst, err
		}
		if !more {
			return dst, nil
		}
		var k record.HashKey
		switch {
		case hasEHK:
			// The KCL reads the key with new BigInteger(ehk): text that is no integer throws (caught and logged),
			// an integer outside the shard's range drops the aggregate. It also accepts a sign and leading zeros,
			// which ParseHashKey rejects as malformed; the KPL writes neither.
			var perr error
			k, perr = record.ParseHashKey(u.ExplicitHashKey)
			if errors.Is(perr, record.ErrHashKeyOutOfRange) {
				return dst[:start], fmt.Errorf("%w: user record %d has explicit hash key %s, outside 0 … 2^128-1", ErrOutsideHashRange, i, u.ExplicitHashKey)
			}
			if perr != nil {
				return dst, fmt.Errorf("%w: user record %d: explicit hash key %q: %w", ErrCorrupt, i, u.ExplicitHashKey, perr)
			}
		case !whole:
			k = record.HashKeyOf(u.PartitionKey)
		}
		if !whole && !hashRange.Contains(k) {
			return dst[:start], fmt.Errorf("%w: user record %d has hash key %v, shard owns %v … %v", ErrOutsideHashRange, i, k, hashRange.StartingHashKey, hashRange.EndingHashKey)
		}
		ur := UserRecord{Record: r, SubSequenceNumber: i, Aggregated: true}
		ur.Data, ur.PartitionKey, ur.ExplicitHashKey = u.Data, u.PartitionKey, u.ExplicitHashKey
		dst = append(dst, ur)
	}
}
