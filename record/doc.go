// Package record holds the value types every kinesim service shares: the data [Record], the 128-bit [HashKey]
// that routes a record to a shard, the [SequenceNumber] that orders records within a shard, and the shard ids
// and partition-key rules of AWS Kinesis Data Streams.
//
// The package is a leaf: it imports only the standard library, starts no goroutines and never reads a clock.
// [HashKey], [HashKeyRange] and [SequenceNumber] are small comparable values, safe to copy and to share between
// goroutines; a [Record] read from a stream shares its Data with the stream and must be treated as read-only.
//
// # Hash keys
//
// Kinesis routes a record by a point of the hash-key space 0 … 2^128−1
// (340282366920938463463374607431768211455). The point of a partition key is the MD5 digest of the key's UTF-8
// bytes read as an unsigned big-endian 128-bit integer ([HashKeyOf]); a producer may instead give an explicit
// hash key as a decimal string ([ParseHashKey]), which must match AWS's pattern 0|([1-9]\d{0,38}) and lie
// within the space. Hash keys print in decimal, as the AWS API serialises them.
//
// Each shard owns a closed range [HashKeyRange] of the space. A new stream of n shards splits the space as
// [SplitEvenly] does: every range is floor(2^128/n) wide except the last, which ends at 2^128−1. For three
// shards that gives
//
//	0 … 113427455640312821154458202477256070484
//	113427455640312821154458202477256070485 … 226854911280625642308916404954512140969
//	226854911280625642308916404954512140970 … 340282366920938463463374607431768211455
//
// the ranges AWS reports.
//
// # Sequence numbers
//
// AWS sequence numbers are opaque decimal strings of up to 129 digits (pattern 0|([1-9]\d{0,128})) that increase
// within a shard. A kinesim [SequenceNumber] is a 128-bit integer printed the same way, with this layout, from
// the most significant bit:
//
//	bits 127–124  format version (2)
//	bits 123–92   epoch: the incarnation of the stream that issued the number
//	bits  91–64   index of the shard that issued it (the 12 digits of its shard id)
//	bits  63–0    position of the record in its shard, counting from 0
//
// So, within one shard, numbers compare as the positions of their records do; for one epoch, every number of a
// shard is above every number of a shard with a lower index, which makes the numbers of a child shard greater
// than those of its parents. Every kinesim number has 38 digits (it lies in 2^125 … 3·2^124−1).
// [ParseSequenceNumber] tells text that does not match AWS's pattern ([ErrMalformedSequenceNumber]) from a
// well-formed number kinesim cannot have issued ([ErrForeignSequenceNumber]), the two cases AWS reports
// differently. The zero value means "no sequence number" and prints as "".
//
// # Partition keys and shard ids
//
// A partition key has 1 to 256 characters, counted as AWS counts them: in UTF-16 code units, so a character
// outside the Basic Multilingual Plane counts twice ([PartitionKeyLength], [ValidPartitionKey]). Its UTF-8
// bytes count against record size limits ([Record.Size]). A shard id is "shardId-" followed by the shard's
// index in 12 zero-padded digits ([ShardID], [ParseShardID]).
package record
