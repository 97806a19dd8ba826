// Package record holds the value types every kinesim service shares: the data [Record], the 128-bit [HashKey]
// that routes a record to a shard, the [SequenceNumber] that orders records within a shard, and the shard ids
// and partition-key rules of AWS Kinesis Data Streams.
//
// The package is a leaf: it imports only the standard library, starts no goroutines and never reads a clock.
// [HashKey], [HashKeyRange] and [SequenceNumber] are small comparable values, safe to copy and to share between
// goroutines (a foreign SequenceNumber holds a handle of package unique to its text, which is immutable); a [Record] read from a stream shares its Data with the stream and must be treated as read-only.
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
//
// Two parsers read the decimal form:
//
//   - [ParseSequenceNumber] is the engine's: it takes only numbers a kinesim stream may have issued, and tells
//     text that does not match AWS's pattern ([ErrMalformedSequenceNumber]) from a well-formed number kinesim
//     cannot have issued ([ErrForeignSequenceNumber]), the two cases AWS reports differently. So the engine still
//     refuses a number it did not issue, as AWS does.
//   - [ParseAnySequenceNumber] is the adapters': it takes every number the pattern allows. A kinesim number reads
//     as [ParseSequenceNumber] reads it; any other — AWS's own, 56-digit decimals that do not fit 128 bits — is a
//     foreign number ([SequenceNumber.IsForeign]) holding its interned text, so it prints back exactly as AWS
//     sent it (String, MarshalText; UnmarshalText reads it back). awssdk.StreamClient reads every number of the
//     service with it, so records, checkpoints and producer results keep AWS's text.
//
// [SequenceNumber.Compare] orders any two numbers as the integers their decimals spell (AWS's numbers of one
// shard increase), and == holds exactly for numbers that print the same. A kinesim number costs no lookup or
// allocation for the foreign form: the handle is zero, and Compare of two kinesim numbers is one 128-bit
// comparison. The zero value means "no sequence number" and prints as "".
//
// # Partition keys and shard ids
//
// A partition key has 1 to 256 characters, counted as AWS counts them: in UTF-16 code units, so a character
// outside the Basic Multilingual Plane counts twice ([PartitionKeyLength], [ValidPartitionKey]). Its UTF-8
// bytes count against record size limits ([Record.Size]). A shard id is "shardId-" followed by the shard's
// index in 12 zero-padded digits ([ShardID], [ParseShardID]).
package record
