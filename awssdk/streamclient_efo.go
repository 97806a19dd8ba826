package awssdk

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim/stream"
)

// ShardSubscription is an enhanced fan-out subscription read through the SDK, as [StreamClient.SubscribeToShard]
// returns it: the methods of *stream.ShardSubscription. It is an alias of the same unnamed interface type as
// kcl.Subscription, so a StreamClient serves kcl.FanOut (a KCL worker with kcl.WithFanOut) without this package
// importing kcl.
//
// Events is closed by the subscription when it ends: when the SDK's event stream ends (after the subscription's 5
// minutes, or after the last event of a closed shard), when the context given to SubscribeToShard is done, or at
// Close. Err then says why: nil for a clean end; the service's exception as its apierr value (ResourceInUse when
// a newer subscription took over, ResourceNotFound when the consumer or stream was deleted); the context's error;
// stream.ErrClosed after Close. Close ends the SDK's stream, waits for the goroutine converting its events and is
// idempotent. A ShardSubscription is safe for concurrent use.
type ShardSubscription = interface {
	Events() <-chan stream.SubscribeToShardEvent
	Err() error
	Close() error
}

// SubscribeToShard calls the SDK's SubscribeToShard and converts its event stream: each SubscribeToShardEvent
// becomes a stream.SubscribeToShardEvent with records as [StreamClient.GetRecords] converts them (AWS's sequence
// numbers kept exactly, ContinuationSequenceNumber as AWS's text). Each call gets a protocol value of its own, of
// the client's kind (AWS JSON 1.1 or 1.0, Smithy RPCv2 CBOR), because the pinned SDK's protocol values share one
// event-stream decoder among the streams opened through them (aws/smithy-go#714); a client with a protocol of
// another kind uses it as it is. Errors: as [StreamClient.GetRecords] (ResourceInUse for a second subscription
// within 5 seconds, ResourceNotFound, InvalidArgument …); stream.ErrNilContext for a nil ctx.
func (c *StreamClient) SubscribeToShard(ctx context.Context, in stream.SubscribeToShardInput) (ShardSubscription, error) {
	if ctx == nil {
		return nil, stream.ErrNilContext
	}
	if c == nil || c.client == nil {
		return nil, errKPLNilClient
	}
	p := in.StartingPosition
	sin := &kinesis.SubscribeToShardInput{
		ConsumerARN: aws.String(in.ConsumerARN),
		ShardId:     aws.String(in.ShardId),
		DryRun:      optBool(in.DryRun),
		StartingPosition: &types.StartingPosition{
			Type:           types.ShardIteratorType(p.Type),
			SequenceNumber: optString(p.SequenceNumber),
		},
	}
	if !p.Timestamp.IsZero() {
		sin.StartingPosition.Timestamp = aws.Time(p.Timestamp)
	}
	ctx, cancel := context.WithCancel(ctx)
	out, err := c.client.SubscribeToShard(ctx, sin, ownProtocol)
	if err != nil {
		cancel()
		return nil, sdkAPIError(err)
	}
	sub := &sdkSubscription{
		sdk:    out.GetStream(),
		cancel: cancel,
		events: make(chan stream.SubscribeToShardEvent, stream.SubscriptionEventBuffer),
		kill:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	go sub.run(ctx)
	return sub, nil
}

// ownProtocol gives one SubscribeToShard call a fresh protocol value of the client's kind.
func ownProtocol(o *kinesis.Options) {
	switch p := o.Protocol.(type) {
	case *awsjson.Protocol:
		if p.ID().Name == "awsJson1_0" {
			o.Protocol = awsjson.New10(schemas.Kinesis_20131202)
		} else {
			o.Protocol = awsjson.New11(schemas.Kinesis_20131202)
		}
	case *rpcv2.Protocol:
		o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202)
	}
}

// sdkSubscription converts the SDK's event stream on a goroutine of its own (run), which closes events.
type sdkSubscription struct {
	sdk    *kinesis.SubscribeToShardEventStream
	cancel context.CancelFunc // ends the call's context
	events chan stream.SubscribeToShardEvent
	kill   chan struct{} // closed by Close
	done   chan struct{} // closed when run has returned
	once   sync.Once

	mu  sync.Mutex
	err error
}

func (s *sdkSubscription) Events() <-chan stream.SubscribeToShardEvent { return s.events }

func (s *sdkSubscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *sdkSubscription) Close() error {
	s.once.Do(func() { close(s.kill) })
	<-s.done
	return nil
}

func (s *sdkSubscription) run(ctx context.Context) {
	defer close(s.done)
	defer close(s.events)
	defer s.cancel()
	defer func() { _ = s.sdk.Close() }()
	for s.step(ctx) {
	}
}

// step forwards one event of the SDK's stream; it reports false, with the reason recorded, when the subscription
// has ended.
func (s *sdkSubscription) step(ctx context.Context) bool {
	select {
	case ev, ok := <-s.sdk.Events():
		if !ok {
			s.end(sdkAPIError(s.sdk.Err()))
			return false
		}
		e, isEvent := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
		if !isEvent {
			return true // a union member newer than this adapter
		}
		out, err := sdkEvent(e.Value)
		if err != nil {
			s.end(err)
			return false
		}
		select {
		case s.events <- out:
			return true
		case <-s.kill:
		case <-ctx.Done():
		}
	case <-s.kill:
	case <-ctx.Done():
	}
	select {
	case <-s.kill:
		s.end(stream.ErrClosed)
	default:
		s.end(ctx.Err())
	}
	return false
}

func (s *sdkSubscription) end(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

// sdkEvent converts one event of the SDK's stream.
func sdkEvent(ev types.SubscribeToShardEvent) (stream.SubscribeToShardEvent, error) {
	recs, err := sdkRecords(ev.Records)
	if err != nil {
		return stream.SubscribeToShardEvent{}, err
	}
	children, err := sdkChildShards(ev.ChildShards)
	if err != nil {
		return stream.SubscribeToShardEvent{}, err
	}
	if _, err := sdkSequenceNumber(ev.ContinuationSequenceNumber); err != nil {
		return stream.SubscribeToShardEvent{}, err
	}
	return stream.SubscribeToShardEvent{Records: recs, ContinuationSequenceNumber: aws.ToString(ev.ContinuationSequenceNumber),
		MillisBehindLatest: aws.ToInt64(ev.MillisBehindLatest), ChildShards: children}, nil
}
