package stream

import (
	"fmt"
	"strconv"

	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// Input shapes of the Kinesis API model, checked as AWS checks them (the wording is package validate's).

const (
	// MaxStreamNameLength is the longest stream name (API model shapes.StreamName: 1–128 of [a-zA-Z0-9_.-]).
	MaxStreamNameLength = 128
	// MaxShardIDLength is the longest shard id an input takes (shapes.ShardId).
	MaxShardIDLength = 128
	// MaxListPageSize is the largest page size listing operations declare (Limit, MaxResults: 1–10000).
	MaxListPageSize = 10000
	// ExplicitZero is a page size (the Limit of GetRecords, ListStreams, ListTagsForStream and DescribeStream, the
	// MaxResults of ListShards and ListStreamConsumers), a CreateStream ShardCount or a WarmThroughputMiBps (of
	// CreateStream and UpdateStreamMode) of 0 given explicitly, as the wire of AWS's API can send it: those int
	// members read 0 as "not given" (the default page, no shard count, no warm throughput), so a front that tells an
	// absent member from a 0 passes ExplicitZero for the latter, and the operation checks it as AWS checks a 0: a
	// page size or a shard count is refused ("Value '0' at 'limit' failed to satisfy constraint: Member must have
	// value greater than or equal to 1"); a warm throughput is 0 MiB/s for an on-demand stream and refused, as any
	// warm throughput is, for a provisioned one.
	ExplicitZero = validate.ExplicitZero

	hashKeyPattern = `0|([1-9]\d{0,38})`
	seqPattern     = `0|([1-9]\d{0,128})`
	iteratorTypes  = "[AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"
)

// streamName checks a required stream name.
func streamName(v *validate.Violations, path, name string) {
	if v.Required(path, name) {
		v.Name(path, name, MaxStreamNameLength)
	}
}

// shardID checks a required shard id.
func shardID(v *validate.Violations, path, id string) {
	if v.Required(path, id) {
		v.Name(path, id, MaxShardIDLength)
	}
}

// optionalShardID checks a shard id that may be absent.
func optionalShardID(v *validate.Violations, path, id string) {
	if id != "" {
		v.Name(path, id, MaxShardIDLength)
	}
}

// streamMode checks a capacity mode.
func streamMode(v *validate.Violations, m StreamMode) {
	v.Enum("streamModeDetails.streamMode", string(m), string(StreamModeProvisioned), string(StreamModeOnDemand))
}

// recordSize checks a maximum record size in KiB (1024–10240).
func recordSize(v *validate.Violations, kib int) {
	if kib < DefaultMaxRecordSizeInKiB || kib > MaxMaxRecordSizeInKiB {
		v.Add(validate.QuoteInt(kib), "maxRecordSizeInKiB", fmt.Sprintf("Member must have value between %d and %d", DefaultMaxRecordSizeInKiB, MaxMaxRecordSizeInKiB))
	}
}

// putEntry checks the shape of one record to put (key length, data length, explicit-hash-key pattern). entry is
// the index of a PutRecords entry, or -1 for PutRecord's fields.
func putEntry(v *validate.Violations, entry int, r *PutRecordsEntry) {
	if r.PartitionKey != "" && !record.ValidPartitionKey(r.PartitionKey) { // a missing key: see checkEntry
		v.Add(validate.Quote(r.PartitionKey), entryPrefix(entry)+"partitionKey", validate.LengthAtMost+"256")
	}
	if len(r.Data) > MaxMaxRecordSizeInKiB<<10 {
		v.Add(validate.Blob(r.Data), entryPrefix(entry)+"data", validate.LengthAtMost+strconv.Itoa(MaxMaxRecordSizeInKiB<<10))
	}
	if ehk := r.ExplicitHashKey; ehk != "" {
		if _, err := record.ParseHashKey(ehk); err == record.ErrMalformedHashKey {
			v.Add(validate.Quote(ehk), entryPrefix(entry)+"explicitHashKey", validate.PatternPrefix+hashKeyPattern)
		}
	}
}

// entryPrefix is the path prefix of the fields of PutRecords entry i in validation messages ("" for PutRecord,
// i < 0). Call it only when there is something to report: it allocates.
func entryPrefix(i int) string {
	if i < 0 {
		return ""
	}
	return "records." + strconv.Itoa(i+1) + ".member."
}

// sequenceNumber checks an optional sequence number's syntax and returns it parsed (zero when absent or
// malformed).
func sequenceNumber(v *validate.Violations, path, seq string) record.SequenceNumber {
	if seq == "" {
		return record.SequenceNumber{}
	}
	sn, err := record.ParseSequenceNumber(seq)
	if err == record.ErrMalformedSequenceNumber {
		v.Add(validate.Quote(seq), path, validate.PatternPrefix+seqPattern)
	}
	return sn
}
