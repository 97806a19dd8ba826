package video

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/video/fragment"
	"github.com/kinesim/kinesim/video/mkv"
)

// FragmentTimecodeType says how a PutMedia producer's cluster timecodes are read (header
// x-amzn-fragment-timecode-type).
type FragmentTimecodeType string

const (
	// Absolute: a cluster's timecode is its producer timestamp (in the segment's TimecodeScale, from the Unix
	// epoch).
	Absolute FragmentTimecodeType = "ABSOLUTE"
	// Relative: a cluster's timecode counts from ProducerStartTimestamp.
	Relative FragmentTimecodeType = "RELATIVE"
)

// PutMediaInput is the input of [Engine.PutMedia].
type PutMediaInput struct {
	StreamName, StreamARN  string
	FragmentTimecodeType   FragmentTimecodeType // required
	ProducerStartTimestamp time.Time            // required with Relative
	// Payload is the producer's Matroska stream: one segment (an EBML header, Info, Tracks) and its clusters,
	// each cluster a fragment. If it is an io.Closer, the engine closes it to end a connection whose Read is
	// blocked (ctx done, a newer connection, the stream deleted, the idle timeout, Close).
	Payload io.Reader
}

// AckEventType is the EventType of a PutMedia acknowledgement.
type AckEventType string

// The acknowledgement events (API Reference, PutMedia: "Response Syntax").
const (
	// AckBuffering: the service began receiving a fragment (its first bytes).
	AckBuffering AckEventType = "BUFFERING"
	// AckReceived: the whole fragment arrived; for a stream with 0 hours of retention the last ack of a fragment.
	AckReceived AckEventType = "RECEIVED"
	// AckPersisted: the fragment is stored (streams with retention only).
	AckPersisted AckEventType = "PERSISTED"
	// AckErrorEvent: the connection failed with ErrorId, and ends.
	AckErrorEvent AckEventType = "ERROR"
	// AckIdle: the connection is open and nothing arrived lately.
	AckIdle AckEventType = "IDLE"
)

// AckErrorID is the ErrorId of an ERROR acknowledgement.
type AckErrorID int

// The ErrorIds of PutMedia (API Reference, PutMedia, "Error codes": 4000–4012 the producer's, 4500–4506 the KMS
// key's, 5000–5001 the service's).
const (
	ErrorStreamReadError                AckErrorID = 4000 // error reading the data stream
	ErrorMaxFragmentSizeReached         AckErrorID = 4001 // a fragment of more than 50 MB
	ErrorMaxFragmentDurationReached     AckErrorID = 4002 // a fragment of more than 10 s
	ErrorMaxConnectionDurationReached   AckErrorID = 4003 // a connection of more than 45 minutes
	ErrorFragmentTimecodeLesserThanPrev AckErrorID = 4004 // a fragment timecode not after the previous one
	ErrorMoreThanAllowedTracksFound     AckErrorID = 4005 // more than one track (deprecated)
	ErrorInvalidMKVData                 AckErrorID = 4006 // the input is not valid Matroska
	ErrorInvalidProducerTimestamp       AckErrorID = 4007 // a producer timestamp that cannot be
	ErrorStreamNotActive                AckErrorID = 4008 // the stream no longer exists (deleted)
	ErrorFragmentMetadataLimitReached   AckErrorID = 4009 // fragment metadata over its limits
	ErrorTrackNumberMismatch            AckErrorID = 4010 // a block's track not in the header, or tracks changed
	ErrorFramesMissingForTrack          AckErrorID = 4011 // a declared track with no frame in a fragment
	ErrorMoreThanMaxTracksFound         AckErrorID = 4012 // more than 3 tracks
	ErrorKMSAccessDenied                AckErrorID = 4500
	ErrorKMSKeyDisabled                 AckErrorID = 4501
	ErrorKMSValidationError             AckErrorID = 4502
	ErrorKMSUnavailable                 AckErrorID = 4503
	ErrorKMSInvalidUsage                AckErrorID = 4504
	ErrorKMSInvalidState                AckErrorID = 4505
	ErrorKMSNotFound                    AckErrorID = 4506
	ErrorInternalError                  AckErrorID = 5000
	ErrorArchivalError                  AckErrorID = 5001 // failure to persist
)

// Ack is one PutMedia acknowledgement, as AWS sends it (one JSON object per line on the wire).
type Ack struct {
	EventType AckEventType
	// FragmentTimecode is the fragment's cluster timecode in milliseconds (0 and HasTimecode false on IDLE
	// acks and errors that precede a cluster).
	FragmentTimecode int64
	HasTimecode      bool
	// FragmentNumber is the fragment's number, on RECEIVED and PERSISTED acks.
	FragmentNumber string
	// ErrorId is the error of an ERROR ack.
	ErrorId AckErrorID
}

// AckError is the error [PutMediaOutput.Wait] returns for a connection that ended with an ERROR ack.
type AckError struct {
	ErrorId AckErrorID
	Reason  string
}

func (e *AckError) Error() string {
	return "video: PutMedia ERROR ack " + strconv.Itoa(int(e.ErrorId)) + ": " + e.Reason
}

// PutMediaOutput is an open PutMedia connection.
type PutMediaOutput struct {
	// Acks receives the connection's acknowledgements in order. The engine closes it when the connection ends:
	// at the payload's end, after an ERROR ack, when ctx is done, when a newer connection to the stream replaces
	// this one, after 30 s with no data, or at [Engine.Close]. A reader that stops reading holds back only
	// acknowledgements: fragments are stored as they arrive.
	Acks <-chan Ack
	c    *connection
}

// Wait blocks until the connection has ended and its acks channel is closed, and returns why it ended: nil at
// the end of the payload (or the idle timeout), an [*AckError] after an ERROR ack,
// ConnectionLimitExceededException when a newer connection replaced it, ctx's error, or [ErrClosed].
func (o *PutMediaOutput) Wait() error {
	<-o.c.done
	return o.c.err
}

// end reasons of a connection, the first one set wins.
const (
	endContinue = iota - 1 // not ended: the reading goes on
	endNone
	endEOF
	endError
	endReplaced
	endDeleted
	endIdle
	endCtx
	endClosed
)

// connection is one PutMedia connection. Its reading goroutine owns the parsing; the pump goroutine owns sending
// on acks; mu guards the queue between them and the end state.
type connection struct {
	e       *Engine
	s       *videoStream
	in      PutMediaInput
	ctx     context.Context
	started time.Time
	closer  func() error
	once    sync.Once

	acks chan Ack
	done chan struct{}
	wake chan struct{} // 1-buffered: the queue grew or the reader finished

	mu       sync.Mutex
	queue    []Ack
	finished bool // the reader has returned its last ack
	reason   int
	err      error
	lastData time.Time
	idle     *lifecycle.Timer
}

// PutMedia opens a PutMedia connection: the engine reads the producer's Matroska stream from in.Payload in a
// goroutine of its own and stores each cluster as one fragment, numbered, with its producer timestamp (from the
// cluster timecode and FragmentTimecodeType) and server timestamp (the engine's clock when its first bytes
// arrive), and acknowledges it on the returned Acks: BUFFERING, RECEIVED and, on streams with retention,
// PERSISTED. A GetMedia reader sees a fragment before its RECEIVED ack is sent.
//
// A stream has one producer connection: a second PutMedia to it is accepted and the first one ends ("the last
// connection is accepted", Developer Guide, service quotas) with ConnectionLimitExceededException from its
// Wait; the fragment it was reading is dropped.
//
// The connection ends with an ERROR ack (and no more fragments) for a fragment over 50 MB (4001) or 10 s
// (4002), a connection past 45 minutes (4003), a producer timestamp not after the previous fragment's (4004),
// input that is not Matroska (4006), a bad ProducerStartTimestamp (4007), the stream deleted (4008), fragment
// metadata over its limits (4009), a block of an undeclared track or a new segment whose tracks differ from the
// first (4010; AWS documents that codec private data must not change within a connection), a declared track
// with no frame in a fragment (4011), more than 3 tracks (4012), or a payload read error (4000).
//
// Errors (of the call, before any ack): InvalidArgumentException (no payload, FragmentTimecodeType not ABSOLUTE or
// RELATIVE, Relative without ProducerStartTimestamp, the stream reference); ResourceNotFoundException;
// [ErrClosed]; ctx's error.
func (e *Engine) PutMedia(ctx context.Context, in PutMediaInput) (*PutMediaOutput, error) {
	if err := begin(e, ctx, OpPutMedia, &in); err != nil {
		return nil, err
	}
	switch {
	case in.Payload == nil:
		return nil, apierr.InvalidArgument.With("The request has no payload.")
	case in.FragmentTimecodeType != Absolute && in.FragmentTimecodeType != Relative:
		return nil, apierr.InvalidArgument.New("Value '%s' at 'fragmentTimecodeType' failed to satisfy constraint: Member must satisfy enum value set: [ABSOLUTE, RELATIVE]", in.FragmentTimecodeType)
	case in.FragmentTimecodeType == Relative && in.ProducerStartTimestamp.IsZero():
		return nil, apierr.InvalidArgument.With("The x-amzn-producer-start-timestamp header is required with RELATIVE fragment timecodes.")
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	now := e.clk.Now()
	c := &connection{e: e, s: s, in: in, ctx: ctx, started: now, closer: closerOf(in.Payload), lastData: now,
		acks: make(chan Ack, 16), done: make(chan struct{}), wake: make(chan struct{}, 1)}
	s.mu.Lock()
	if s.deleted {
		s.mu.Unlock()
		return nil, notFound()
	}
	old := s.producer
	s.producer = c
	s.mu.Unlock()
	if old != nil {
		old.end(endReplaced)
	}
	if e.closed.Load() { // Close began: it may not have seen this connection, so it ends here
		s.dropProducer(c)
		return nil, ErrClosed
	}
	if !e.life.Go(c.pump) {
		s.dropProducer(c)
		return nil, ErrClosed
	}
	c.mu.Lock()
	c.idle = lifecycle.AfterFunc(e.life, IdleAckInterval, c, (*connection).idleTick)
	c.mu.Unlock()
	if !e.life.Go(c.read) {
		c.finish(endClosed, ErrClosed)
		s.dropProducer(c)
	}
	return &PutMediaOutput{Acks: c.acks, c: c}, nil
}

func (s *videoStream) dropProducer(c *connection) {
	s.mu.Lock()
	if s.producer == c {
		s.producer = nil
	}
	s.mu.Unlock()
}

// end asks the connection to end for reason and unblocks its payload.
func (c *connection) end(reason int) {
	c.mu.Lock()
	if c.reason == endNone {
		c.reason = reason
	}
	c.mu.Unlock()
	c.closePayload()
}

func (c *connection) closePayload() {
	if c.closer != nil {
		c.once.Do(func() { _ = c.closer() })
	}
}

func (c *connection) ending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reason
}

func (c *connection) push(a Ack) {
	c.mu.Lock()
	c.queue = append(c.queue, a)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// finish records why the connection ended, its last ack queued; the pump closes acks once the queue is sent.
func (c *connection) finish(reason int, err error) {
	c.mu.Lock()
	if c.reason == endNone || c.reason == endEOF || c.reason == endError {
		c.reason = reason
	}
	c.err = err
	c.finished = true
	if c.idle != nil {
		c.idle.Stop()
		c.idle = nil
	}
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// pump sends the queued acks on the acks channel, then closes it once the reader has finished. When ctx is done
// or the engine closes, it stops sending (the acks left are dropped) and waits for the reader.
func (c *connection) pump() {
	defer close(c.done)
	defer close(c.acks)
	dropping := false
	for {
		c.mu.Lock()
		if len(c.queue) == 0 {
			if c.finished {
				c.mu.Unlock()
				return
			}
			c.mu.Unlock()
			if dropping {
				<-c.wake
			} else {
				select {
				case <-c.wake:
				case <-c.ctx.Done():
					dropping = true
				case <-c.e.life.Done():
					dropping = true
				}
			}
			continue
		}
		a := c.queue[0]
		c.queue[0] = Ack{}
		c.queue = c.queue[1:]
		c.mu.Unlock()
		if dropping {
			continue
		}
		select {
		case c.acks <- a:
		case <-c.ctx.Done():
			dropping = true
		case <-c.e.life.Done():
			dropping = true
		}
	}
}

// idleTick is the idle timer's callback: an IDLE ack while the connection is quiet, the end after IdleTimeout.
func (c *connection) idleTick() {
	now := c.e.clk.Now()
	c.mu.Lock()
	if c.finished {
		c.mu.Unlock()
		return
	}
	quiet := now.Sub(c.lastData)
	c.idle = nil
	if quiet >= IdleTimeout {
		c.mu.Unlock()
		c.end(endIdle)
		return
	}
	c.idle = lifecycle.AfterFunc(c.e.life, IdleAckInterval, c, (*connection).idleTick)
	c.mu.Unlock()
	if quiet >= IdleAckInterval {
		c.push(Ack{EventType: AckIdle})
	}
}

func (c *connection) touch(now time.Time) {
	c.mu.Lock()
	c.lastData = now
	c.mu.Unlock()
}

// read is the connection's reading goroutine.
func (c *connection) read() {
	stop := context.AfterFunc(c.ctx, func() { c.end(endCtx) })
	defer stop()
	defer c.s.dropProducer(c)
	reason, err := c.ingest()
	switch why := c.ending(); why {
	case endReplaced:
		reason, err = endReplaced, apierr.ConnectionLimitExceeded.With("A newer PutMedia connection to the stream replaced this one.")
	case endDeleted:
		c.push(Ack{EventType: AckErrorEvent, ErrorId: ErrorStreamNotActive})
		reason, err = endDeleted, &AckError{ErrorId: ErrorStreamNotActive, Reason: "the stream was deleted"}
	case endIdle:
		reason, err = endIdle, nil
	case endCtx:
		reason, err = endCtx, c.ctx.Err()
	case endClosed:
		reason, err = endClosed, ErrClosed
	}
	if c.e.closed.Load() && reason != endEOF && reason != endError {
		reason, err = endClosed, ErrClosed
	}
	c.finish(reason, err)
}

// fail queues an ERROR ack and returns the connection's end.
func (c *connection) fail(id AckErrorID, tc int64, hasTC bool, why string) (int, error) {
	if c.ending() != endNone {
		return endNone, nil // ended from outside: read reports that reason
	}
	c.push(Ack{EventType: AckErrorEvent, ErrorId: id, FragmentTimecode: tc, HasTimecode: hasTC})
	return endError, &AckError{ErrorId: id, Reason: why}
}

// errorID maps a reading error to its ErrorId.
func errorID(err error) AckErrorID {
	switch {
	case errors.Is(err, mkv.ErrClusterTooLarge):
		return ErrorMaxFragmentSizeReached
	case errors.Is(err, mkv.ErrUndeclaredTrack):
		return ErrorTrackNumberMismatch
	case errors.Is(err, mkv.ErrMalformed):
		return ErrorInvalidMKVData
	}
	return ErrorStreamReadError
}

// ingest reads the payload to its end or first error.
func (c *connection) ingest() (int, error) {
	lim := c.e.cfg.limits
	r := mkv.NewReader(c.in.Payload, mkv.Limits{MaxCluster: lim.MaxFragmentBytes})
	var first *mkv.Header
	var meta []mkv.SimpleTag
	var prev time.Time
	for {
		ev, err := r.Next()
		if c.ending() != endNone {
			return endNone, nil
		}
		if err == io.EOF {
			return endEOF, nil
		}
		if err != nil {
			return c.fail(errorID(err), 0, false, err.Error())
		}
		switch ev {
		case mkv.EventHeader:
			h := r.Header()
			if len(h.Tracks) > MaxTracks {
				return c.fail(ErrorMoreThanMaxTracksFound, 0, false, strconv.Itoa(len(h.Tracks))+" tracks")
			}
			if first != nil && !first.SameTracks(h) {
				return c.fail(ErrorTrackNumberMismatch, 0, false, "a new segment changes the track settings")
			}
			if first == nil {
				first = h
			}
		case mkv.EventTags:
			tags := r.Tags()
			if why := checkMetadata(tags); why != "" {
				return c.fail(ErrorFragmentMetadataLimitReached, 0, false, why)
			}
			meta = append(meta, tags...)
			if len(meta) > MaxFragmentMetadata {
				return c.fail(ErrorFragmentMetadataLimitReached, 0, false, "more than 10 metadata tags for one fragment")
			}
		case mkv.EventCluster:
			serverTS := c.e.clk.Now()
			c.touch(serverTS)
			h := r.Header()
			peek, hasPeek := r.PeekTimecode()
			peekMS := int64(peek * h.TimecodeScale / 1e6)
			c.push(Ack{EventType: AckBuffering, FragmentTimecode: peekMS, HasTimecode: hasPeek})
			cl, err := r.ReadCluster()
			if c.ending() != endNone {
				return endNone, nil
			}
			if err != nil {
				return c.fail(errorID(err), peekMS, hasPeek, err.Error())
			}
			tcMS := int64(cl.Timecode * h.TimecodeScale / 1e6)
			if reason, err := c.accept(h, cl, tcMS, serverTS, &prev, meta); reason != endContinue {
				return reason, err
			}
			meta = nil
		}
	}
}

// checkMetadata checks a producer's fragment metadata (Developer Guide, "Using streaming metadata").
func checkMetadata(tags []mkv.SimpleTag) string {
	for _, t := range tags {
		switch {
		case strings.HasPrefix(t.Name, "AWS"):
			return "metadata name " + strconv.Quote(t.Name) + " begins with AWS"
		case len(t.Name) > MaxFragmentMetadataName:
			return "metadata name of more than 128 bytes"
		case len(t.Value) > MaxFragmentMetadataValue:
			return "metadata value of more than 256 bytes"
		}
	}
	if len(tags) > MaxFragmentMetadata {
		return "more than 10 metadata tags for one fragment"
	}
	return ""
}

// duration estimates a cluster's length: to the end of its last block (its BlockDuration, or its track's
// DefaultDuration, or the mean gap between its blocks).
func duration(h *mkv.Header, cl *mkv.Cluster) time.Duration {
	scale := time.Duration(h.TimecodeScale)
	span := time.Duration(cl.LastTime-min(cl.FirstTime, 0)) * scale
	switch {
	case cl.LastDuration > 0:
		return span + time.Duration(cl.LastDuration)*scale
	}
	for _, t := range h.Tracks {
		if t.DefaultDuration > 0 && cl.FramesByTrack[t.Number] > 0 {
			return span + time.Duration(t.DefaultDuration)
		}
	}
	if cl.Frames > 1 {
		n := 0
		for _, k := range cl.FramesByTrack {
			n = max(n, k)
		}
		if n > 1 {
			return span + span/time.Duration(n-1)
		}
	}
	return span
}

// accept checks a read cluster and stores it as the stream's next fragment.
func (c *connection) accept(h *mkv.Header, cl *mkv.Cluster, tcMS int64, serverTS time.Time, prev *time.Time, meta []mkv.SimpleTag) (int, error) {
	lim := c.e.cfg.limits
	for _, t := range h.Tracks {
		if cl.FramesByTrack[t.Number] == 0 {
			return c.fail(ErrorFramesMissingForTrack, tcMS, true, "track "+strconv.FormatUint(t.Number, 10)+" has no frame in the fragment")
		}
	}
	d := duration(h, cl)
	if d > lim.MaxFragmentDuration {
		return c.fail(ErrorMaxFragmentDurationReached, tcMS, true, "a fragment of "+d.String())
	}
	if serverTS.Sub(c.started) > lim.MaxConnectionDuration {
		return c.fail(ErrorMaxConnectionDurationReached, tcMS, true, "the connection is older than "+lim.MaxConnectionDuration.String())
	}
	ticks := time.Duration(h.TimecodeScale)
	var producerTS time.Time
	if c.in.FragmentTimecodeType == Absolute {
		if cl.Timecode > uint64(1<<63-1)/h.TimecodeScale {
			return c.fail(ErrorInvalidProducerTimestamp, tcMS, true, "a timecode past the year 2262")
		}
		producerTS = time.Unix(0, int64(cl.Timecode*h.TimecodeScale)).UTC()
	} else {
		producerTS = c.in.ProducerStartTimestamp.Add(time.Duration(cl.Timecode) * ticks).UTC()
	}
	if !prev.IsZero() && !producerTS.After(*prev) {
		return c.fail(ErrorFragmentTimecodeLesserThanPrev, tcMS, true, "the fragment's timecode is not after the previous fragment's")
	}
	*prev = producerTS
	m := media{header: h, timecode: uint64(producerTS.UnixNano()) / h.TimecodeScale, body: cl.Body, tags: meta}
	s := c.s
	s.mu.Lock()
	if s.deleted || s.producer != c {
		why := endReplaced
		if s.deleted {
			why = endDeleted
		}
		s.mu.Unlock()
		c.end(why) // read reports it
		return endNone, nil
	}
	f := s.idx.Append(fragment.Fragment[media]{ProducerTimestamp: producerTS, ServerTimestamp: serverTS, Duration: d, Size: cl.Size, Media: m})
	s.expireLocked(serverTS)
	persisted := s.info.DataRetentionInHours > 0
	number := s.idx.Number(f.Seq)
	s.readers.Signal()
	s.mu.Unlock()
	c.push(Ack{EventType: AckReceived, FragmentTimecode: tcMS, HasTimecode: true, FragmentNumber: number})
	if persisted {
		c.push(Ack{EventType: AckPersisted, FragmentTimecode: tcMS, HasTimecode: true, FragmentNumber: number})
	}
	return endContinue, nil
}
