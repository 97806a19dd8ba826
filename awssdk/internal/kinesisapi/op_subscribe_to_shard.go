package kinesisapi

import (
	"context"
	"errors"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type subscribeToShardInput struct {
	ConsumerARN      string            `json:"ConsumerARN"`
	ShardId          string            `json:"ShardId"`
	StartingPosition *startingPosition `json:"StartingPosition"`
	DryRun           bool              `json:"DryRun"`
}

// startingPosition is the model's StartingPosition.
type startingPosition struct {
	Type           stream.ShardIteratorType `json:"Type"`
	SequenceNumber string                   `json:"SequenceNumber"`
	Timestamp      wire.Timestamp           `json:"Timestamp"`
}

// subscribeToShardEvent is the model's SubscribeToShardEvent, the one event member of the
// SubscribeToShardEventStream union: Records and MillisBehindLatest always, ContinuationSequenceNumber except in
// the last event at a closed shard's end, which carries the ChildShards instead.
type subscribeToShardEvent struct {
	Records                    []wireRecord `json:"Records"`
	ContinuationSequenceNumber string       `json:"ContinuationSequenceNumber,omitempty"`
	MillisBehindLatest         int64        `json:"MillisBehindLatest"`
	ChildShards                []childShard `json:"ChildShards,omitempty"`
}

// eventType is the union member name of subscribeToShardEvent (the :event-type header).
const eventType = "SubscribeToShardEvent"

// subscribeToShard serves SubscribeToShard as an event stream. A call the engine refuses is an ordinary error
// response. Otherwise the stream starts at once (the initial-response event: the client's call returns before any
// record is put), each event the engine pushes is sent as it comes, and the stream ends when the subscription
// does: cleanly after its 5 minutes or at a closed shard's end; with an exception event when it ends with an
// error (ResourceInUseException when a newer subscription took over, ResourceNotFoundException when the consumer
// or stream was deleted, InternalFailureException when the account closed). When the client goes away (the
// request's context is done, or a write fails), the subscription is closed.
func (a api) subscribeToShard(ctx context.Context, in *subscribeToShardInput, w *wire.EventWriter) error {
	si := stream.SubscribeToShardInput{ConsumerARN: in.ConsumerARN, ShardId: in.ShardId, DryRun: in.DryRun}
	if p := in.StartingPosition; p != nil {
		si.StartingPosition = stream.StartingPosition{Type: p.Type, SequenceNumber: p.SequenceNumber, Timestamp: p.Timestamp.Time}
	}
	sub, err := a.e.SubscribeToShard(ctx, si)
	if err != nil {
		return err
	}
	defer sub.Close()
	if err := w.Start(); err != nil {
		return nil // the client went away
	}
	var ev subscribeToShardEvent
	for e := range sub.Events() {
		toEvent(&ev, &e)
		if err := w.Send(eventType, &ev); err != nil {
			return nil // the client went away; the deferred Close ends the subscription
		}
	}
	switch err := sub.Err(); {
	case err == nil, ctx.Err() != nil:
		return nil
	case errors.Is(err, stream.ErrClosed):
		return apierr.InternalFailure.New("The subscription ended: the account was closed.")
	default:
		return err
	}
}

// toEvent fills ev from e, reusing ev's record slice.
func toEvent(ev *subscribeToShardEvent, e *stream.SubscribeToShardEvent) {
	recs := ev.Records[:0]
	if recs == nil {
		recs = make([]wireRecord, 0, len(e.Records))
	}
	for i := range e.Records {
		r := &e.Records[i]
		recs = append(recs, wireRecord{
			SequenceNumber:              r.SequenceNumber.String(),
			ApproximateArrivalTimestamp: wire.At(r.ApproximateArrivalTimestamp),
			Data:                        r.Data,
			PartitionKey:                r.PartitionKey,
			EncryptionType:              r.EncryptionType,
		})
	}
	*ev = subscribeToShardEvent{
		Records:                    recs,
		ContinuationSequenceNumber: e.ContinuationSequenceNumber,
		MillisBehindLatest:         e.MillisBehindLatest,
		ChildShards:                toChildShards(e.ChildShards),
	}
}
