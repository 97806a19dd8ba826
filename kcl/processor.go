package kcl

import (
	"context"
	"errors"

	"github.com/kinesim/kinesim/agg"
)

// RecordProcessor processes the records of one shard for as long as its worker holds the shard's lease (the
// KCL's ShardRecordProcessor). A worker makes one per lease it takes, with the worker's [ProcessorFactory], and
// calls it from one goroutine, never two methods at once: Initialize first, then ProcessRecords for each batch,
// then exactly one of LeaseLost, ShardEnded or ShutdownRequested — unless the worker is closed abruptly
// ([Worker.Close]), which, like a crash, calls nothing more.
type RecordProcessor interface {
	// Initialize is called once before any record, with the checkpoint the shard resumes from.
	Initialize(ctx context.Context, in InitializationInput)
	// ProcessRecords is called with each batch of user records, deaggregated. Checkpointing is the processor's
	// choice; records after the last checkpoint are delivered again to the next owner of the lease.
	ProcessRecords(ctx context.Context, in ProcessRecordsInput)
	// LeaseLost is called when another worker took the lease or it could not be renewed: the processor must not
	// checkpoint (it cannot).
	LeaseLost(ctx context.Context, in LeaseLostInput)
	// ShardEnded is called when the shard is closed and every record of it was delivered. The processor must
	// checkpoint (in.Checkpointer.Checkpoint records SHARD_END) so the shard's children can start; the worker calls
	// ShardEnded again until it does.
	ShardEnded(ctx context.Context, in ShardEndedInput)
	// ShutdownRequested is called when the worker shuts down gracefully ([Worker.Shutdown]): the processor may
	// checkpoint what it has processed before the lease is released.
	ShutdownRequested(ctx context.Context, in ShutdownRequestedInput)
}

// ProcessorFactory makes the record processor of a shard.
type ProcessorFactory func(shardID string) RecordProcessor

// InitializationInput is the input of [RecordProcessor.Initialize].
type InitializationInput struct {
	ShardId string
	// Checkpoint is where the shard resumes: after this record, or at a sentinel.
	Checkpoint Checkpoint
}

// ProcessRecordsInput is the input of [RecordProcessor.ProcessRecords].
type ProcessRecordsInput struct {
	ShardId string
	// Records are the user records of the batch in shard order: aggregated records unpacked, each with its
	// sub-sequence number. Their Data alias the stream's memory: treat them as read-only; the slice is reused
	// after ProcessRecords returns.
	Records []agg.UserRecord
	// MillisBehindLatest is how far the batch is behind the tip of the shard, 0 when caught up.
	MillisBehindLatest int64
	// Checkpointer records progress in the lease table.
	Checkpointer *Checkpointer
}

// LeaseLostInput is the input of [RecordProcessor.LeaseLost].
type LeaseLostInput struct{ ShardId string }

// ShardEndedInput is the input of [RecordProcessor.ShardEnded].
type ShardEndedInput struct {
	ShardId      string
	Checkpointer *Checkpointer
}

// ShutdownRequestedInput is the input of [RecordProcessor.ShutdownRequested].
type ShutdownRequestedInput struct {
	ShardId      string
	Checkpointer *Checkpointer
}

// Errors of checkpointing.
var (
	// ErrLeaseLost: the worker no longer holds the lease (the KCL's ShutdownException); nothing was written.
	ErrLeaseLost = errors.New("kcl: lease lost: another worker holds the shard")
	// ErrCheckpointOutOfRange: the checkpoint is before the last one or after the last record delivered (the KCL's
	// IllegalArgumentException).
	ErrCheckpointOutOfRange = errors.New("kcl: checkpoint outside the records delivered since the last checkpoint")
	// ErrClosed is returned by calls on a closed worker.
	ErrClosed = errors.New("kcl: worker closed")
)

// Checkpointer records how far a shard has been processed, in the lease table, through a conditional write on
// the lease's counter: it fails with [ErrLeaseLost] once the worker no longer holds the lease. It is safe for
// concurrent use, valid for the lease it was handed with.
type Checkpointer struct{ c *shardConsumer }

// Checkpoint records everything delivered so far: the last user record's sequence and sub-sequence numbers, or
// SHARD_END when called from ShardEnded.
func (cp *Checkpointer) Checkpoint(ctx context.Context) error {
	if cp == nil || cp.c == nil {
		return ErrLeaseLost
	}
	return cp.c.checkpoint(ctx, cp.c.largest(), true)
}

// CheckpointRecord records progress up to and including r.
func (cp *Checkpointer) CheckpointRecord(ctx context.Context, r agg.UserRecord) error {
	return cp.CheckpointAt(ctx, r.SequenceNumber.String(), r.SubSequenceNumber)
}

// CheckpointAt records progress up to and including the user record with these sequence and sub-sequence
// numbers, which must lie between the last checkpoint and the last record delivered ([ErrCheckpointOutOfRange]).
func (cp *Checkpointer) CheckpointAt(ctx context.Context, sequenceNumber string, subSequenceNumber uint64) error {
	if cp == nil || cp.c == nil {
		return ErrLeaseLost
	}
	return cp.c.checkpoint(ctx, Checkpoint{SequenceNumber: sequenceNumber, SubSequenceNumber: subSequenceNumber}, false)
}

// Checkpointed returns the lease's last checkpoint as this worker wrote or read it.
func (cp *Checkpointer) Checkpointed() Checkpoint {
	if cp == nil || cp.c == nil {
		return Checkpoint{}
	}
	return cp.c.hl.lease().Checkpoint
}
