// Package kinesim is AWS Kinesis as a Go library: a pure in-process engine, with no network, that behaves like
// Kinesis Data Streams. This package holds no code; it documents how the packages fit together.
//
// # Packages
//
//   - clock: the single source of time. clock.Real by default; clock.Manual runs everything in virtual time.
//   - apierr: one Go error value per AWS exception, matched with errors.Is.
//   - record: the record type, 128-bit hash keys (MD5 of the partition key), sequence numbers.
//   - shard: one shard's ordered log; a pure data structure (no goroutines, time passed in).
//   - stream: the engine — streams of shards and the Kinesis operations; it owns all concurrency and lifecycle.
//   - keys: seeded partition-key generators (uniform, Zipf, hot key, sequential, UUID, from a file).
//   - heat: shard-heat reports of a key distribution on a stream, run in virtual time (table and JSON;
//     the heat-map chart is package heatmap of the separate module github.com/kinesim/kinesim/charts).
//
// # Layering
//
// Dependencies point one way: clock, apierr and record are leaves; shard depends only on record; stream depends on
// all of them. The services built on streams (Firehose, Analytics, Video) depend on stream and record and never on
// each other. layering_test.go enforces this.
package kinesim
