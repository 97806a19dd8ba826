package channel

import (
	"context"
	"iter"
	"time"

	"github.com/kinesim/kinesim/record"
)

// Source is the Kinesis Data Streams a channel reads. Package channel declares it so that it imports no other
// service; package kinesim satisfies it with the account's Data Streams engine.
//
// Follow returns the records of the stream streamARN that arrived at or after from, every shard, across reshards
// (parents first), waiting for new ones until ctx is done; it ends with an error when the stream is deleted or its
// engine closes. Stream describes the stream: an error (ResourceNotFoundException) when there is none.
// Implementations must be safe for concurrent use.
type Source interface {
	Follow(ctx context.Context, streamARN string, from time.Time) iter.Seq2[record.Record, error]
	Stream(ctx context.Context, streamARN string) (SourceStream, error)
}

// SourceStream is what a channel needs to know of its source stream.
type SourceStream struct {
	// Created is the stream's creation timestamp.
	Created time.Time
	// OnDemand reports whether the stream is in the on-demand capacity mode, the only mode channels read.
	OnDemand bool
}

// ObjectStore is a general purpose S3 bucket store: it stores body under bucket and key (*firehose.MemoryStore
// satisfies it). The engine calls it from its delivery goroutines, one call at a time per channel and
// concurrently across channels. PutObject must return when ctx is done (an attempt past the engine's attempt
// timeout is cancelled and retried); a store that writes an object and still returns an error causes a
// duplicate, as at-least-once delivery allows. The engine does not touch body again once it is handed over.
type ObjectStore interface {
	PutObject(ctx context.Context, bucket, key string, body []byte) error
}
