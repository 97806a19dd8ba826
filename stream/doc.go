// Package stream is the in-process Kinesis Data Streams engine: an [Engine] holds one account's streams, each a
// slice of shards (ordered in-memory logs, package shard), and offers the operations of the Kinesis API under
// their AWS names, with AWS's limits, errors and edge cases.
//
// # Usage
//
//	e := stream.New()                  // the real clock; stream.WithClock(manual) for virtual time
//	defer e.Close()
//	ref := stream.StreamRef{StreamName: "orders"}
//	err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "orders", ShardCount: 4})
//	out, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: ref, Data: payload, PartitionKey: "customer-42"})
//	it, err := e.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref,
//		ShardId: out.ShardId, ShardIteratorType: stream.TrimHorizon})
//	res, err := e.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
//
// An engine is usually one service of an account (package kinesim: kinesim.New().Streams()), which shares its
// clock, seed, identity and test controls with the account's other services; stream.New makes one on its own.
//
// Inputs and outputs carry the field names of the AWS SDK for Go v2 (service/kinesis): ShardId, StreamARN,
// ParentShardId, HashKeyRange's StartingHashKey and EndingHashKey, and so on, as plain Go values instead of
// pointers. Where kinesim flattens a wrapper of the SDK (StreamMode for StreamModeDetails) or adds a field of its
// own (Throttling, DiscardData), the field's documentation says so. A StreamRef names the stream by StreamName or
// StreamARN; sequence numbers are [record.SequenceNumber] values that print as AWS's decimal strings; every
// operation takes a context (a nil one is refused with [ErrNilContext]).
//
// Besides polling with GetRecords, a Go reader can block: [Engine.Records] is an iterator over a shard's records
// that waits for new ones, and [Engine.Subscribe] delivers them on a channel. [Engine.Follow] reads a whole stream
// across reshards as the Kinesis Client Library does — a parent shard to its end before its children — and is how
// the other services (and package kinesimtest) read a stream. A put wakes waiting readers directly (a signal on a
// channel, no polling), so a record reaches them microseconds after the put returns.
//
// # Routing and shards
//
// A record's partition key is hashed with MD5 to a point of the 128-bit hash-key space (or ExplicitHashKey gives
// the point), and the open shard whose range holds it takes the record, exactly as in AWS: a simulation predicts
// which shards real traffic would heat. A new stream of N shards has ranges floor(2^128/N) wide, the last one ending
// at 2^128−1, and shard ids shardId-000000000000 onwards.
//
// # Errors
//
// Every failed operation returns an error made from the catalog of package apierr, one value per AWS exception,
// with AWS's message; match it with errors.Is (errors.Is(err, apierr.ExpiredIterator)). A rejected call changes no
// state: input is validated before anything is written. As AWS does, shape violations (lengths, ranges, patterns,
// list sizes — e.g. a 257-character key, 501 PutRecords entries, Limit 10001) are ValidationException and semantic
// ones (a hash key of 2^128, a sequence number of another shard, a forged iterator) InvalidArgumentException.
// GetRecords' Limit above 10,000 is a ValidationException, as AWS answered kinesalite's test suite, although the
// API reference says InvalidArgumentException. Calls after [Engine.Close] return [ErrClosed].
//
// # Time
//
// Every time the engine reads — arrival timestamps, throttling, retention, iterator and token expiry, status
// delays — comes from the clock given with [WithClock] (the wall clock by default). With a clock.Manual the engine
// runs in virtual time: advance the clock and records expire, iterators go stale and throttles refill, exactly
// and deterministically. With [WithSeed] as well, the same calls give the same outputs, tokens included.
//
// # Limits
//
// Enforced by default, as in AWS, and switchable per stream (CreateStreamInput.Throttling, [Engine.SetThrottling]):
//   - writes per shard: 1 MiB/s (data plus partition key) and 1,000 records/s, token buckets with one second of
//     burst (up to the stream's maximum record size). A throttled PutRecord fails with
//     ProvisionedThroughputExceeded; a throttled PutRecords entry fails alone, with that ErrorCode.
//   - reads per shard: 5 GetRecords calls/s, and 2 MiB/s of returned bytes with a 10 MiB burst: a call is refused
//     while the byte budget is in debt, and for 5 seconds after a call that returned 10 MiB. GetShardIterator:
//     5 calls/s per shard ("a limit of five transactions per second per account per open shard", API
//     Reference, GetShardIterator). Only calls that return an iterator spend it: AWS does not document that
//     refused calls count, and a rejected call changes no state here, so a call refused for its input (a
//     sequence number of another stream, a timestamp in the future) leaves the budget as it was.
//
// Always enforced: records of 1 MiB (data plus key; 1–10 MiB per stream with MaxRecordSizeInKiB), partition keys
// of 1–256 characters, PutRecords of 1–500 entries and 5 MiB, GetRecords of 10,000 records and 10 MiB, iterators
// valid for 5 minutes, ListShards tokens for 300 seconds, retention of 24–8760 hours (24 by default), at most 5
// streams CREATING or DELETING, and the account shard quota ([WithShardLimit]).
//
// Blocking reads ([Engine.Records], [Engine.Subscribe]) stand for dedicated (enhanced fan-out) readers and are not
// subject to the GetRecords limits.
//
// Enhanced fan-out (see below): 20 consumers per stream, 5 of them CREATING; while the stream throttles,
// RegisterStreamConsumer, DeregisterStreamConsumer and ListStreamConsumers take 5 calls/s and
// DescribeStreamConsumer 20 calls/s per stream (the developer guide's quota table), and each subscription reads
// 2 MiB/s.
//
// # Dry runs
//
// PutRecord, PutRecords, GetRecords, GetShardIterator and SubscribeToShard take DryRun, as AWS's do ("Test your
// permissions and request inputs with dry run", Kinesis Data Streams Developer Guide): with DryRun set, the call
// makes every check of the real call — its parameters, the stream, shard and consumer it names, record sizes and
// counts, GetRecords' iterator (its age included), the starting position — and then, instead of running, fails
// with DryRunOperation; a failed check fails it with the real call's error. Nothing is written or read: no
// record, no iterator spent or issued, no subscription opened or taken over, no shard throughput spent, and no
// shard-level metric counted (the page says no data is read or written and is silent on metrics; the metrics
// count data). Test controls see a dry run as they see the real call (the same operation, the input with DryRun
// set). While the stream throttles, dry runs have their own limit, [DryRunCallsPerStream] (1 per second per
// stream, shared by the five operations, apart from the per-shard limits): an answered dry run takes it, and a
// faster one fails with Throttling (ThrottlingException); a dry run refused for its input takes nothing. AWS's
// dry run also checks IAM permissions, which kinesim does not model, and does not check KMS key permissions.
//
// # Concurrency
//
// An Engine is safe for concurrent use. Each shard has its own lock, so puts to different shards and reads of
// different shards proceed in parallel; a PutRecords call takes each shard's lock once for all its entries. Within
// a shard, records are ordered by sequence number, and arrival timestamps never decrease. The engine starts
// goroutines only for subscriptions and, with the real clock, for timers; [Engine.Close] ends them all and waits.
// Its timers hold it weakly: an engine nobody references any more is garbage collected with its records, whether
// or not it was closed. Its goroutines carry a pprof label ([WithLabel]).
//
// Records returned by reads share their Data with the shard's memory, which never changes once written: treat it
// as read-only.
//
// # Resharding
//
// [Engine.SplitShard], [Engine.MergeShards] and [Engine.UpdateShardCount] (uniform scaling, done as individual
// splits and merges) reshape a provisioned stream. Children take the next unused shard indexes and name their
// parents (ParentShardId, and AdjacentParentShardId for a merge); the parents close with a real
// EndingSequenceNumber — the number of their last record — and the children's numbers start above it. A closed
// shard cannot be split or merged again. The stream is UPDATING for the engine's update delay (0 by default, see
// [WithStatusDelays]) while reads and writes go on; the change takes effect when the delay ends.
// MergeShards takes the lower shard of the pair as ShardToMerge, as AWS does.
//
// The shard-end contract is AWS's, which KCL checks: GetRecords on a closed shard returns its remaining records,
// then (in the call that reaches the end) NextShardIterator "" together with non-empty ChildShards — never one
// without the other. AFTER_SEQUENCE_NUMBER with a closed shard's EndingSequenceNumber fails as in AWS. A blocking
// read ends at the end of a closed shard. Closed shards stay readable until the retention period has passed since
// they closed; then they disappear from listings.
//
// # On-demand streams
//
// A stream created with StreamMode ON_DEMAND starts with 4 shards (its 4 MB/s of write capacity) and scales itself
// in virtual time as AWS documents: once a minute it splits every shard whose incoming rate over the last 5 minutes
// is above 500 KB/s, and it keeps its capacity at twice the peak write rate of the last 30 days. It never isolates
// a hot key: a single partition key stays capped at 1 MiB/s and 1,000 records/s. [Engine.UpdateStreamMode]
// switches modes (twice per 24 hours); SplitShard, MergeShards and UpdateShardCount are refused on an on-demand
// stream. A stream created with DiscardData keeps record metadata but not payloads, so that hours of heavy traffic
// can be simulated in little memory.
//
// [Engine.UpdateStreamWarmThroughput] keeps at least one open shard per MiB/s asked for, reached by the scaler's
// splits (at most doubling per minute); [Engine.UpdateStreamRecordDistributionStrategy] with AUTO spreads records
// round-robin over the open shards, ignoring partition and explicit hash keys (and per-key order), so a hot key no
// longer heats one shard. DescribeStreamSummary reports both.
//
// # Enhanced fan-out
//
// [Engine.RegisterStreamConsumer] registers a consumer with a stream (by StreamARN): CREATING for the create delay,
// then ACTIVE; [Engine.DeregisterStreamConsumer] makes it DELETING for the delete delay, then gone.
// [Engine.DescribeStreamConsumer] and [Engine.ListStreamConsumers] (paged by a NextToken valid for 300 seconds)
// describe consumers. A stream has at most 20 consumers, at most 5 CREATING at once; a consumer's ARN carries its
// creation second, tags and resource policies work on it, and it belongs to its stream's incarnation: DeleteStream
// refuses a stream with consumers unless EnforceConsumerDeletion is set, and a stream created again has none.
//
// [Engine.SubscribeToShard] subscribes an ACTIVE consumer to a shard from any starting position, validated as
// GetShardIterator validates it. A put wakes the subscription's goroutine, which pushes one
// [SubscribeToShardEvent] with every record available (up to 512 records and 10 MiB), each with a
// ContinuationSequenceNumber and MillisBehindLatest; a record reaches the subscriber microseconds after the put
// (BenchmarkSubscribeToShardLatency). With nothing put for 5 seconds an event with no records carries the
// position (AWS documents no period; 5 seconds is what LocalStack observed). At the end of a closed shard a last
// event has an empty ContinuationSequenceNumber and the ChildShards. A subscription lasts 5 minutes of the
// engine's clock; a second one of the same consumer and shard within 5 seconds is refused with
// ResourceInUseException, a later one takes over and the older ends with that error. While the stream throttles,
// each subscription is paced to 2 MiB/s on the engine's clock, apart from the shard's GetRecords limits.
//
// # Tags
//
// AddTagsToStream, RemoveTagsFromStream and ListTagsForStream (paged by Limit and ExclusiveStartTagKey) tag a
// stream by name; TagResource, UntagResource and ListTagsForResource tag a stream or a consumer by ARN. Every path,
// CreateStream's Tags included, follows one rule: at most 50 tags per resource, keys of 1–128 and values of 0–256
// characters of AWS's set (letters, digits, white space, _ . / = + - @ :), no aws: prefix, a refused call changing
// nothing.
//
// # Test controls and metrics
//
// Every operation of the engine can be intercepted by a test control (package control, [Engine.Control], or the
// account's control set, [WithControls]), as franz-go's kfake does for Kafka: a control can fail a call with any
// AWS error, fail single PutRecords entries, delay a call on the engine's clock, hold it until released, or just
// watch; one-shot or kept. Operations are named as IAM names them (OpPutRecords is "kinesis:PutRecords"; a control
// for "kinesis:*" sees every operation); blocking reads start as OpSubscribe, enhanced fan-out subscriptions as
// OpSubscribeToShard. Admin calls act now and are not seen:
// [Engine.ForceSplitShard], [Engine.ForceMergeShards], [Engine.ExpireIterators], [Engine.ApplyRetention].
// [Engine.ShardInfo] and [Engine.Metrics] show a shard's state and its enhanced-monitoring metrics (IncomingBytes,
// IncomingRecords, OutgoingBytes, OutgoingRecords, Write/ReadProvisionedThroughputExceeded,
// IteratorAgeMilliseconds), kept per minute of the engine's clock for a day; like CloudWatch's
// GetMetricStatistics, a Metrics call asks for at most 1,440 datapoints ([MaxMetricsDatapoints]). A control
// installed with a nil function installs nothing; an entry error of a control that is not of the apierr catalog
// fails its entry with ErrorCode InternalFailure, the record unwritten.
//
// # Administration
//
// [Engine.EnableEnhancedMonitoring] and [Engine.DisableEnhancedMonitoring] choose the shard-level metrics that
// descriptions report (kinesim keeps every metric anyway). [Engine.StartStreamEncryption] and
// [Engine.StopStreamEncryption] switch a stream's server-side encryption: puts and descriptions report
// EncryptionType KMS and the KeyId, but no cryptography is done and no KMS is called. Both kinds of change make
// the stream UPDATING for the update delay, like resharding. [Engine.PutResourcePolicy],
// [Engine.GetResourcePolicy] and [Engine.DeleteResourcePolicy] store a stream's or a consumer's policy document,
// which nothing evaluates. [Engine.DescribeLimits] reports the shard quota and usage (one call per second with
// throttling on), and [Engine.DescribeAccountSettings] and [Engine.UpdateAccountSettings] the minimum throughput
// billing commitment, which bills nothing.
//
// # Retention
//
// A record becomes unreadable once it is as old as the retention period. Reads apply this exactly; a timer on the
// engine's clock, armed for the moment the oldest record expires, releases the memory of expired records even when
// nobody reads the shard ([Engine.ApplyRetention] does it on demand).
package stream
