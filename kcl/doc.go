// Package kcl is a Kinesis Client Library in Go: workers in one or many processes share a lease table, divide a
// stream's shards among themselves, and run a record processor per shard, as AWS's KCL (Java) does. It reads a
// stream through a small interface, [Kinesis], which *stream.Engine satisfies, and so does awssdk.StreamClient
// over the AWS SDK for Go v2, for polling and for enhanced fan-out alike, so the same code runs against real AWS.
//
// # Leases
//
// A [LeaseTable] holds one [Lease] per shard: its owner, a counter every write increments, the checkpoint, the
// parent shards and the number of owner switches since the last checkpoint, as the KCL's DynamoDB table does.
// Every write is conditional on the counter (and owner) the writer read, so two workers never both take a lease.
// [MemLeaseTable] keeps it in memory; a user may back the interface with their own store and check it with
// kcltest.RunLeaseTableSpec.
//
// # Workers
//
// [NewWorker] starts a worker. Its taker lists the shards and creates the missing leases, then takes leases
// toward ceil(leases/workers): first expired ones (unowned, or whose counter has not moved for the failover time
// on the worker's clock, see [WithFailoverTime]), otherwise one at a time from the most loaded worker
// ([WithMaxLeasesToSteal]). Its renewer renews the held leases every third of the failover time; a lease whose
// counter moved was taken by another worker and is lost. A worker's choices are seeded ([WithSeed]).
//
// For each lease held, a goroutine waits until the shard's parents are checkpointed at SHARD_END, then calls the
// [RecordProcessor]: Initialize, ProcessRecords with each batch of user records (aggregated records unpacked by
// package agg, with sub-sequence numbers, and records of other shards dropped as the KCL drops them) and
// MillisBehindLatest, and at last one of LeaseLost, ShardEnded (which must checkpoint: the worker calls it again
// until it does, and then the children start) or ShutdownRequested ([Worker.Shutdown], a graceful drain that
// releases the leases). [Worker.Close] stops a worker as a crash would.
//
// Records come by polling (GetShardIterator, GetRecords every [WithIdleTimeBetweenReads], at once while behind)
// or by enhanced fan-out ([WithFanOut], SubscribeToShard, found on the client as [FanOut], returning a
// [Subscription] as awssdk.StreamClient does, or as [EngineFanOut], the engine's, returning
// *stream.ShardSubscription).
//
// # Checkpoints
//
// A [Checkpointer] writes a [Checkpoint] — a sequence number and a sub-sequence number, or the sentinels
// TRIM_HORIZON, LATEST, AT_TIMESTAMP (where a new shard starts) and SHARD_END — to the lease, conditionally. A
// lease taken by another worker resumes after its checkpoint, inside an aggregate if the checkpoint is: delivery
// is at least once, and what was processed after the last checkpoint is delivered again.
//
// A checkpoint keeps the sequence number's decimal text, whatever its length: kinesim's 38-digit numbers and
// AWS's own 56-digit ones alike (awssdk.StreamClient hands records AWS's exact text, see
// record.ParseAnySequenceNumber). It is sent back as that text (AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER), and
// checkpoints compare as the integers the decimals spell, so a checkpoint outside the delivered records is refused
// for either.
//
// # Time and concurrency
//
// Every wait and every expiry is on the worker's clock ([WithClock]; clock.Manual runs workers in virtual time).
// Lease balancing is a pure core given the time. A Worker, a MemLeaseTable and a Checkpointer are safe for
// concurrent use; a RecordProcessor is called from one goroutine at a time.
package kcl
