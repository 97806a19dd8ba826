// Package kinesim is the AWS Kinesis family as a Go library: pure in-process engines, with no network, that
// behave as AWS documents. [New] makes one AWS account in one region — one clock, one seed, one identity and one
// set of test controls — and gives its services: Kinesis Data Streams today ([Account.Streams]), Firehose,
// Analytics and Video Streams as they land. Package kinesimtest makes such an account for one test.
//
// # Layers
//
// The packages form layers, and imports point down only (layering_test.go holds the table and enforces it):
//
//   - leaves, the standard library only: clock (the single source of time; clock.Manual runs everything in virtual
//     time), apierr (one Go error value per AWS exception of every service), arn (account, region and the ARN
//     formats of the family), record (records, 128-bit hash keys, the routing rule, sequence numbers), agg (the
//     KPL's aggregated-record format: encode, decode, deaggregate with sub-sequence numbers; it uses record).
//   - mechanisms every service shares: control (test controls for any operation of any service) and internal/…:
//     validate (AWS's validation wording), token (signed opaque tokens), lifecycle (a service's goroutines and
//     timers, held weakly, and its Close), status (CREATING → ACTIVE → UPDATING → DELETING with delays and the
//     concurrent-transition limit), notify (wake-up lists of blocked readers), meter (per-minute metrics and
//     CloudWatch's query limits), quota (rolling-window call limits), retry (timed attempts and backoff retries on
//     the clock, shared by Firehose and channel deliveries), engine (the settings every service engine shares —
//     clock, account, seed, controls, label — their options and defaults), deliverytest (the nothing-lost
//     property tests' faults and checks, for Firehose's and channel's tests).
//   - pure cores, given the time and starting nothing: shard (one shard's ordered log), firehose/buffer (a delivery
//     buffer's size and interval hints), firehose/compress (the object codecs: GZIP, ZIP, Snappy, Hadoop-Snappy and
//     channels' ZSTD), firehose/process, firehose/convert and firehose/partition (Firehose's processing stages),
//     analytics/rcf (a streaming random cut forest), analytics/hotspots (HOTSPOTS), analytics/query (the operators
//     of an analytics application: windows, aggregates, joins, RCF and HOTSPOTS over the two before it),
//     analytics/sql (the Kinesis Data Analytics SQL dialect: lexer, parser, printer), analytics/plan (compiles a
//     parsed application's streams and pumps onto analytics/query's steps), video/fragment (a video
//     stream's fragment index: numbers, producer and server times, retention) and video/mkv (Matroska reading and
//     writing).
//   - services, which own locks, goroutines, the clock and lifecycle: stream (Kinesis Data Streams), firehose
//     (Amazon Data Firehose: buffered delivery to an object store), channel (Kinesis Data Streams channels: a stream
//     delivered to a general purpose S3 bucket on Firehose's delivery cores, [Account.Channels]), analytics (Kinesis
//     Data Analytics applications), video (Kinesis Video Streams: PutMedia, GetMedia, fragments of real Matroska).
//     Services never import each other; a service that reads another (a Firehose delivery stream or a channel with
//     a Data Streams source) declares the small interface it needs, and the wiring happens here or in user code.
//   - client libraries, which reach a service through an interface of their own: kcl (a Kinesis Client Library:
//     workers sharing a lease table, checkpoints, failover) and kpl (a producer library: per-shard aggregation,
//     collection, rate limiting, retries).
//   - tools: keys (seeded partition-key generators) and heat (shard-heat reports run in virtual time).
//   - composition: this package and the test kits kinesimtest, stream/streamtest and kcl/kcltest.
//   - edges: examples/ and cmd/.
//
// Separate Go modules keep the library's go.mod lean: benchmarks/ (peers to compare against) and charts/ (the
// heat-map chart, gonum.org/v1/plot) and awssdk/ (the AWS wire protocols: an in-process HTTP client for the AWS SDKs,
// an http.Handler and a loopback server command).
package kinesim
