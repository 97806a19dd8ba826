// Package agg reads and writes the KPL aggregated-record format: many user records packed into one Kinesis
// record by the Kinesis Producer Library and unpacked again by the Kinesis Client Library.
//
// The package is a leaf: it imports only the standard library and kinesim's record package, starts no goroutines
// and never reads a clock. Its functions are safe for concurrent use; an [Aggregator] is not.
//
// # Format
//
// The Data of an aggregated record is (awslabs/amazon-kinesis-producer aggregation-format.md)
//
//	0xF3 0x89 0x9A 0xC2 ‖ protobuf AggregatedRecord ‖ MD5 of the protobuf bytes (16 bytes)
//
// where the proto2 messages are (aws/kinesis/protobuf/messages.proto)
//
//	message AggregatedRecord {
//	  repeated string partition_key_table     = 1;
//	  repeated string explicit_hash_key_table = 2;
//	  repeated Record records                 = 3;
//	}
//	message Record {
//	  required uint64 partition_key_index     = 1;
//	  optional uint64 explicit_hash_key_index = 2;
//	  required bytes  data                    = 3;
//	  repeated Tag    tags                    = 4;
//	}
//	message Tag { required string key = 1; optional string value = 2; }
//
// The key tables are zero-indexed; a key used by several records may appear once. The KPL writes no tags; this
// package checks tags when it reads them and drops them. The protobuf encoding is written here by hand (no
// protobuf library): [Encode] writes exactly the bytes the KPL writes for the same records, and [Decode] skips
// unknown fields, as protobuf does.
//
// # Producing
//
// An [Aggregator] packs user records up to a size limit (the KPL's AggregationMaxSize, 51200 bytes by default,
// at most 1 MiB). [Aggregator.Flush] returns the Kinesis record to put: one user record as it is, two or more
// wrapped, under the first user record's partition key and explicit hash key. Aggregate only records that route
// to one shard, as the KPL does with its shard map: a consumer drops an aggregate holding a record of another
// shard (next section).
//
// # Consuming
//
// [Deaggregate] and [AppendDeaggregated] turn a Kinesis record into user records as the KCL's AggregatorUtil
// does: a record without the magic, with a wrong MD5 or an unparsable message passes through unchanged; the user
// records of an aggregate share its sequence number and get sub-sequence numbers 0, 1, 2, …; and if any user
// record's hash key lies outside the shard's hash-key range, the whole aggregate is dropped
// ([ErrOutsideHashRange]).
package agg
