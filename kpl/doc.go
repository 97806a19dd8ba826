// Package kpl is a Kinesis Producer Library in Go: a [Producer] that puts user records into a Kinesis data stream
// the way AWS's KPL does, through a small [Client] interface that *stream.Engine satisfies in process and
// awssdk.StreamClient satisfies against AWS.
//
// # Usage
//
//	p, err := kpl.New(engine, stream.StreamRef{StreamName: "orders"}, kpl.WithClock(engine.Clock()))
//	defer p.Close()                       // sends what is buffered and waits for every result
//	f, err := p.Put(ctx, kpl.UserRecord{PartitionKey: "customer-42", Data: payload})
//	res, err := f.Wait(ctx)               // res.SequenceNumber, res.SubSequenceNumber, res.ShardId, res.Err
//
// # What it does, as the KPL does it
//
// Sources: the developer guide's KPL pages (kinesis-kpl-concepts, kinesis-producer-adv-retries-rate-limiting),
// the KPL's default_config.properties and aggregation-format.md, summed up in shared/docs/data-streams.md §2.1–§2.2.
//
//   - Buffering: each user record waits at most RecordMaxBufferedTime (100 ms by default,
//     [WithRecordMaxBufferedTime]) for others to join it; a full aggregate goes at once.
//   - Aggregation: user records predicted for one shard are packed into KPL aggregated records (package agg) of
//     at most AggregationMaxSize bytes (51200) and AggregationMaxCount records; a bigger record, or a lone one,
//     goes out as it is. The outer record carries the first user record's partition key and explicit hash key, so
//     it lands on that record's shard. Records of different shards are never packed together: that is the bug of
//     aggregators that mix keys (a8m/kinesis-producer, kinesis-aggregation's caution), whose aggregates the KCL
//     drops whole when a sub-record lies outside the shard's hash-key range.
//   - Routing: a record's shard is predicted from the MD5 of its partition key (or its explicit hash key) with the
//     stream's shard map, read with ListShards ([record.Route], the rule the stream itself routes by). The map is
//     read before the first put and again whenever a put lands on another shard than predicted (a reshard
//     happened). An aggregate that landed on a shard whose range does not hold all its user records is sent
//     again, as the KPL does, since a KCL consumer drops it; one that landed where all its records belong counts
//     as put. [WithShardMapCheck] lists the shards right before every call instead, so that no aggregate
//     ever lands on such a shard after a reshard made before the call.
//   - Collection: Kinesis records go out in PutRecords calls of at most CollectionMaxCount entries (500) and
//     CollectionMaxSize bytes (5 MiB) ([WithCollection]).
//   - Rate limiting: per shard, token buckets of AWS's write limits, 1,000 records/s and 1 MiB/s (data and
//     partition key), at [WithRateLimit] percent (100 by default; the KPL's default is 150), on the producer's
//     clock. A producer alone on a stream therefore fills each shard to its limit without being throttled.
//   - Retries: a throttled or failed entry, or every entry of a failed call, goes back to the front of its shard's
//     buffer and is retried after half of RecordMaxBufferedTime (the KPL's retry deadline), doubling with each
//     further consecutive failure of the shard up to [WithMaxRetryBackoff]; records whose RecordTtl (30 s,
//     [WithRecordTTL]) passes fail with [ErrExpired]. A non-retryable AWS exception (ResourceNotFoundException,
//     AccessDeniedException, …) fails the records at once; [WithFailIfThrottled] fails throttled ones at once too.
//   - Results: [Producer.Put] returns a [Pending], the future of the record's [Result] — sequence number,
//     sub-sequence number (the index in its aggregate, as the KCL numbers user records), shard, attempts, error —
//     and [WithResults] delivers every result on the channel of [Producer.Results] as well.
//   - [Producer.Flush] sends everything at once and waits for the results (the KPL's flushSync);
//     [Producer.Close] drains in the same way and then stops.
//   - [Producer.Metrics]: buffered and in-flight user records, records and aggregates put, calls, retries,
//     throttled entries, shard-map refreshes.
//
// # Ordering
//
// The KPL does not keep the order of a partition key's records when it retries (awslabs/amazon-kinesis-producer
// issues #23 and #135): a throttled entry is retried after later entries of its shard went in. This producer keeps
// it: each PutRecords call carries at most one Kinesis record per shard, calls are made one at a time, and a
// failed record goes back in front of its shard's buffer. So the user records of one partition key (of one shard)
// are stored in the order they were put, retries included, and the KCL reads them in that order. The price is one
// call per aggregate per shard; with aggregation on, one aggregate is up to AggregationMaxSize bytes.
//
// # Time and concurrency
//
// Every deadline, token bucket, backoff and TTL runs on the clock of [WithClock] (the wall clock by default): give
// the stream's clock.Manual and the producer runs in virtual time. It arms one timer at a time, for its next
// deadline, and only while it has nothing to do before it: a test can wait for it with clock.Manual.WaitPending
// and move the clock to it. Since the engine arms timers of its own (retention, a day away), this package's tests
// give the producer a Manual of its own and move the engine's clock to the same instant first. A [Producer] is
// safe for concurrent use and runs one goroutine, which [Producer.Close] ends.
//
// The core (buffers, aggregation, collection, limits, retries, shard map) is a pure state machine given now; the
// goroutine of the shell calls it under a lock and makes the calls outside it.
package kpl
