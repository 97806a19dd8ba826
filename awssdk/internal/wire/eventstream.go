package wire

import (
	"context"
	"net/http"

	"github.com/kinesim/kinesim/awssdk/internal/eventstream"
)

// EventStream returns the Op of an operation whose output is an event stream (SubscribeToShard): it decodes the
// request into an In and calls f, which sends events through the [EventWriter] until it returns.
//
// If f fails before it sends anything, the error is an ordinary error response (HTTP 400/500), as AWS answers a
// SubscribeToShard it refuses. Otherwise the response is HTTP 200, Content-Type application/vnd.amazon.eventstream,
// a first "initial-response" event (the SDKs read it before the events), then one message per Send, each flushed;
// an error f returns after that ends the stream with an exception message (:message-type exception,
// :exception-type CODE, payload {"message": …}), which the SDKs turn into their typed exception on the event
// stream's Err. The stream ends when f returns; f should return when ctx is done (the client went away).
func EventStream[In any](f func(ctx context.Context, in *In, w *EventWriter) error) Op {
	return streamOp[In](f)
}

type streamOp[In any] func(ctx context.Context, in *In, w *EventWriter) error

func (streamOp[In]) maxBody() int { return DefaultMaxBody }

func (s streamOp[In]) serve(ctx context.Context, x *exchange, body []byte) {
	var in In
	if err := x.c.decode(body, &in); err != nil {
		x.fail(err)
		return
	}
	ew := &EventWriter{x: x}
	err := s(ctx, &in, ew)
	switch {
	case err != nil && !ew.started:
		x.fail(err)
	case err != nil:
		_, code, message := classify(err)
		_ = ew.write([]eventstream.Header{
			{Name: ":message-type", Value: "exception"},
			{Name: ":exception-type", Value: code},
			{Name: ":content-type", Value: ew.eventContentType()},
		}, x.c.encodeError(code, message))
	default:
		_ = ew.start()
	}
}

// EventWriter sends the events of one event-stream response. It is used by one goroutine, the operation's.
type EventWriter struct {
	x       *exchange
	started bool
	err     error
	buf     []byte
}

// Send encodes event (a pointer to a wire struct) with the request's codec and sends it as an event of type
// eventType (the member name of the stream's union, e.g. "SubscribeToShardEvent"), flushed at once. It returns
// the error of writing to the client (which then went away); after one, every Send fails.
func (w *EventWriter) Send(eventType string, event any) error {
	if err := w.start(); err != nil {
		return err
	}
	payload, err := w.x.c.encode(event)
	if err != nil {
		return err
	}
	return w.write([]eventstream.Header{
		{Name: ":message-type", Value: "event"},
		{Name: ":event-type", Value: eventType},
		{Name: ":content-type", Value: w.eventContentType()},
	}, payload)
}

// start writes the response head and the initial-response event, once.
func (w *EventWriter) start() error {
	if w.started {
		return w.err
	}
	w.started = true
	h := w.x.w.Header()
	h.Set("Content-Type", "application/vnd.amazon.eventstream")
	if _, isCBOR := w.x.c.(cborCodec); isCBOR {
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
	}
	w.x.w.WriteHeader(http.StatusOK)
	empty, _ := w.x.c.encode(&struct{}{})
	return w.write([]eventstream.Header{
		{Name: ":message-type", Value: "event"},
		{Name: ":event-type", Value: "initial-response"},
		{Name: ":content-type", Value: w.eventContentType()},
	}, empty)
}

// eventContentType is the :content-type of event payloads: what the SDKs' event codecs declare.
func (w *EventWriter) eventContentType() string {
	if _, isCBOR := w.x.c.(cborCodec); isCBOR {
		return "application/cbor"
	}
	return "application/json"
}

func (w *EventWriter) write(headers []eventstream.Header, payload []byte) error {
	if w.err != nil {
		return w.err
	}
	var err error
	if w.buf, err = eventstream.Append(w.buf[:0], eventstream.Message{Headers: headers, Payload: payload}); err != nil {
		return err
	}
	if _, err := w.x.w.Write(w.buf); err != nil {
		w.err = err
		return err
	}
	if f, ok := w.x.w.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}
