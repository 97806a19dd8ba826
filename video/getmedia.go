package video

import (
	"context"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/notify"
	"github.com/kinesim/kinesim/video/fragment"
	"github.com/kinesim/kinesim/video/mkv"
)

// StartSelectorType says where GetMedia starts.
type StartSelectorType string

// The start selectors of GetMedia (API Reference, StartSelector).
const (
	// StartNow: the latest chunk of the stream (or, if it has none, the next to arrive).
	StartNow StartSelectorType = "NOW"
	// StartEarliest: the oldest chunk the stream keeps.
	StartEarliest StartSelectorType = "EARLIEST"
	// StartFragmentNumber: the chunk after AfterFragmentNumber.
	StartFragmentNumber StartSelectorType = "FRAGMENT_NUMBER"
	// StartServerTimestamp: the chunk whose fragment contains StartTimestamp by server time (or the first after).
	StartServerTimestamp StartSelectorType = "SERVER_TIMESTAMP"
	// StartProducerTimestamp: the same by producer time.
	StartProducerTimestamp StartSelectorType = "PRODUCER_TIMESTAMP"
	// StartContinuationToken: the chunk after the one whose AWS_KINESISVIDEO_CONTINUATION_TOKEN is
	// ContinuationToken (a GetMedia that ended resumes where it stopped).
	StartContinuationToken StartSelectorType = "CONTINUATION_TOKEN"
)

// StartSelector is GetMedia's starting chunk.
type StartSelector struct {
	StartSelectorType   StartSelectorType // required
	AfterFragmentNumber string            // with StartFragmentNumber
	StartTimestamp      time.Time         // with StartServerTimestamp and StartProducerTimestamp
	ContinuationToken   string            // with StartContinuationToken
}

// GetMediaInput is the input of [Engine.GetMedia].
type GetMediaInput struct {
	StreamName, StreamARN string
	StartSelector         StartSelector
}

// The tags of the chunks GetMedia and GetMediaForFragmentList return (API Reference, GetMedia: Payload).
const (
	TagFragmentNumber    = "AWS_KINESISVIDEO_FRAGMENT_NUMBER"
	TagServerTimestamp   = "AWS_KINESISVIDEO_SERVER_TIMESTAMP"
	TagProducerTimestamp = "AWS_KINESISVIDEO_PRODUCER_TIMESTAMP"
	TagMillisBehindNow   = "AWS_KINESISVIDEO_MILLIS_BEHIND_NOW"
	TagContinuationToken = "AWS_KINESISVIDEO_CONTINUATION_TOKEN"
	TagErrorCode         = "AWS_KINESISVIDEO_ERROR_CODE"
	TagErrorID           = "AWS_KINESISVIDEO_ERROR_ID"
)

// The error ids of a GetMedia error chunk (AWS_KINESISVIDEO_ERROR_ID).
const (
	MediaErrorWrite            = 3002 // error writing to the stream
	MediaErrorFragmentNotFound = 4000 // the requested fragment is not found
	MediaErrorInternal         = 5000
)

// ContentType is the content type of GetMedia's and GetMediaForFragmentList's payloads and of GetClip's clip.
const ContentType = "video/webm"

// Chunk is one chunk of GetMedia: a fragment as a Matroska segment of its own (EBML header, Info, Tracks, Tags
// with the fragment's number and timestamps, the Cluster, Tags with MillisBehindNow and the continuation token),
// with the values of its tags. An error chunk has ErrorId set, no fragment, and ends the sequence.
type Chunk struct {
	FragmentNumber                     string
	ServerTimestamp, ProducerTimestamp time.Time
	MillisBehindNow                    int64
	ContinuationToken                  string
	ErrorId                            int
	ErrorCode                          string
	Bytes                              []byte // the chunk's Matroska bytes
}

// GetMediaOutput is the output of [Engine.GetMedia].
type GetMediaOutput struct {
	ContentType string
	// Payload is the live sequence of chunks, one after the other. Read blocks until the next fragment arrives;
	// it returns io.EOF when the stream is deleted or after an error chunk, ErrClosed after [Engine.Close], and
	// the call's ctx error when it is done. Close ends the connection (and unblocks a Read); it is the caller's
	// to call.
	Payload io.ReadCloser
}

// selector validation and start position.
func (e *Engine) startOf(s *videoStream, sel StartSelector) (seq uint64, strict bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch sel.StartSelectorType {
	case StartNow:
		if f, ok := s.idx.Last(); ok {
			return f.Seq, false, nil
		}
		return s.idx.NextSeq(), false, nil
	case StartEarliest:
		return s.idx.FirstSeq(), false, nil
	case StartFragmentNumber, StartContinuationToken:
		number := sel.AfterFragmentNumber
		path := "afterFragmentNumber"
		if sel.StartSelectorType == StartContinuationToken {
			number, path = sel.ContinuationToken, "continuationToken"
		}
		if number == "" {
			return 0, false, apierr.InvalidArgument.New("Value null at 'startSelector.%s' failed to satisfy constraint: Member must not be null", path)
		}
		n, perr := s.idx.Parse(number)
		if perr != nil || n >= s.idx.NextSeq() {
			return 0, false, apierr.InvalidArgument.New("The %s %s is not a fragment of the stream.", path, number)
		}
		return n + 1, true, nil
	case StartServerTimestamp, StartProducerTimestamp:
		if sel.StartTimestamp.IsZero() {
			return 0, false, apierr.InvalidArgument.With("Value null at 'startSelector.startTimestamp' failed to satisfy constraint: Member must not be null")
		}
		k := fragment.ServerTime
		if sel.StartSelectorType == StartProducerTimestamp {
			k = fragment.ProducerTime
		}
		return s.idx.SeekTime(k, sel.StartTimestamp), false, nil
	}
	return 0, false, apierr.InvalidArgument.New("Value '%s' at 'startSelector.startSelectorType' failed to satisfy constraint: Member must satisfy enum value set: [FRAGMENT_NUMBER, SERVER_TIMESTAMP, PRODUCER_TIMESTAMP, NOW, EARLIEST, CONTINUATION_TOKEN]", sel.StartSelectorType)
}

// cursor is one GetMedia connection's position: the next fragment to return. Not safe for concurrent use (its
// owner, a payload or a channel goroutine, serializes it).
type cursor struct {
	e      *Engine
	s      *videoStream
	next   uint64
	strict bool // the first fragment must exist (it was named): a missing one is an error chunk
	ended  bool
	wake   chan struct{}
	closed chan struct{} // closed by release
	once   sync.Once
}

// openCursor takes one of the stream's GetMedia connections.
func (e *Engine) openCursor(s *videoStream, seq uint64, strict bool) (*cursor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.deleted {
		return nil, notFound()
	}
	if s.consumers >= MaxGetMediaConnections {
		return nil, apierr.ConnectionLimitExceeded
	}
	s.consumers++
	return &cursor{e: e, s: s, next: seq, strict: strict, wake: notify.NewWaker(), closed: make(chan struct{})}, nil
}

// release gives the connection back; it unblocks a nextChunk in progress.
func (cu *cursor) release() {
	cu.once.Do(func() {
		close(cu.closed)
		cu.s.mu.Lock()
		cu.s.consumers--
		cu.s.readers.Remove(cu.wake)
		cu.s.mu.Unlock()
	})
}

// nextChunk blocks until the next chunk is there and appends its bytes to dst[:0].
func (cu *cursor) nextChunk(ctx context.Context, dst []byte) (Chunk, error) {
	if cu.ended {
		return Chunk{}, io.EOF
	}
	s := cu.s
	for {
		select {
		case <-cu.closed:
			return Chunk{}, io.ErrClosedPipe
		default:
		}
		s.mu.Lock()
		if s.deleted {
			s.mu.Unlock()
			return Chunk{}, io.EOF
		}
		if cu.e.closed.Load() {
			s.mu.Unlock()
			return Chunk{}, ErrClosed
		}
		if first := s.idx.FirstSeq(); cu.next < first {
			if cu.strict {
				number := s.idx.Number(cu.next)
				s.mu.Unlock()
				cu.ended = true
				return errorChunk(dst, number, MediaErrorFragmentNotFound, "Requested fragment is not found"), nil
			}
			cu.next = first // fell behind retention: on from the oldest kept
		}
		cu.strict = false
		if f, ok := s.idx.Get(cu.next); ok {
			last, _ := s.idx.Last()
			number := s.idx.Number(f.Seq)
			s.mu.Unlock()
			cu.next++
			return chunkOf(dst, f, number, last.ServerTimestamp.Sub(f.ServerTimestamp).Milliseconds()), nil
		}
		s.readers.Add(cu.wake)
		s.mu.Unlock()
		select {
		case <-cu.wake:
		case <-ctx.Done():
			cu.dropWake()
			return Chunk{}, ctx.Err()
		case <-cu.closed:
			cu.dropWake()
			return Chunk{}, io.ErrClosedPipe
		case <-cu.e.life.Done():
			cu.dropWake()
			return Chunk{}, ErrClosed
		case <-s.changed:
		}
	}
}

func (cu *cursor) dropWake() {
	cu.s.mu.Lock()
	cu.s.readers.Remove(cu.wake)
	cu.s.mu.Unlock()
}

// stamp formats a timestamp as the chunk tags do: decimal seconds with milliseconds, "1700000000.123".
func stamp(t time.Time) string {
	ms := t.UnixMilli()
	frac := strconv.FormatInt(ms%1000+1000, 10)[1:]
	return strconv.FormatInt(ms/1000, 10) + "." + frac
}

// chunkOf builds the chunk of fragment f.
func chunkOf(dst []byte, f fragment.Fragment[media], number string, behind int64) Chunk {
	m := f.Media
	before := make([]mkv.SimpleTag, 0, 3+len(m.tags))
	before = append(before, m.tags...)
	before = append(before,
		mkv.SimpleTag{Name: TagFragmentNumber, Value: number},
		mkv.SimpleTag{Name: TagServerTimestamp, Value: stamp(f.ServerTimestamp)},
		mkv.SimpleTag{Name: TagProducerTimestamp, Value: stamp(f.ProducerTimestamp)})
	after := []mkv.SimpleTag{
		{Name: TagMillisBehindNow, Value: strconv.FormatInt(behind, 10)},
		{Name: TagContinuationToken, Value: number},
	}
	b := mkv.AppendChunk(dst[:0], m.header, before, m.timecode, m.body, after)
	return Chunk{FragmentNumber: number, ServerTimestamp: f.ServerTimestamp, ProducerTimestamp: f.ProducerTimestamp,
		MillisBehindNow: behind, ContinuationToken: number, Bytes: b}
}

// errorChunk builds the chunk that ends a GetMedia stopped by an error.
func errorChunk(dst []byte, number string, id int, code string) Chunk {
	tags := []mkv.SimpleTag{{Name: TagFragmentNumber, Value: number}, {Name: TagErrorCode, Value: code}, {Name: TagErrorID, Value: strconv.Itoa(id)}}
	return Chunk{FragmentNumber: number, ErrorId: id, ErrorCode: code, Bytes: mkv.AppendTagsSegment(dst[:0], tags)}
}

// GetMedia returns a stream's media from a start selector on: a live payload of chunks, one per fragment in
// number order, each a Matroska segment of its own that a player or ffprobe reads alone; the payload blocks at
// the newest fragment until the next one arrives. A reader that falls behind retention continues from the
// oldest fragment kept; a fragment number or continuation token whose fragment has expired gives one error
// chunk (AWS_KINESISVIDEO_ERROR_ID 4000) and the end.
//
// Errors: InvalidArgumentException (the selector: its type, a missing or foreign fragment number, token or
// timestamp); ResourceNotFoundException; ConnectionLimitExceededException (3 GetMedia connections open on the
// stream); [ErrClosed]; ctx's error.
func (e *Engine) GetMedia(ctx context.Context, in GetMediaInput) (*GetMediaOutput, error) {
	cu, err := e.getMedia(ctx, in)
	if err != nil {
		return nil, err
	}
	return &GetMediaOutput{ContentType: ContentType, Payload: &payload{ctx: ctx, cu: cu}}, nil
}

func (e *Engine) getMedia(ctx context.Context, in GetMediaInput) (*cursor, error) {
	if err := begin(e, ctx, OpGetMedia, &in); err != nil {
		return nil, err
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if in.StartSelector.StartSelectorType == StartContinuationToken && !tokenChars(in.StartSelector.ContinuationToken) {
		return nil, apierr.InvalidArgument.New("Value '%s' at 'startSelector.continuationToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_\\.\\-]+", in.StartSelector.ContinuationToken)
	}
	seq, strict, err := e.startOf(s, in.StartSelector)
	if err != nil {
		return nil, err
	}
	return e.openCursor(s, seq, strict)
}

func tokenChars(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// GetMediaChunks is [Engine.GetMedia] as a channel of chunks, each with its tags' values. The engine closes the
// channel when ctx is done, the stream is deleted, after an error chunk, or at [Engine.Close]; cancelling ctx
// is how the caller ends it. A goroutine of the engine sends on it, blocking while the caller does not receive.
//
// Errors: as [Engine.GetMedia].
func (e *Engine) GetMediaChunks(ctx context.Context, in GetMediaInput) (<-chan Chunk, error) {
	cu, err := e.getMedia(ctx, in)
	if err != nil {
		return nil, err
	}
	ch := make(chan Chunk)
	if !e.life.Go(func() {
		defer close(ch)
		defer cu.release()
		for {
			c, err := cu.nextChunk(ctx, nil)
			if err != nil {
				return
			}
			select {
			case ch <- c:
			case <-ctx.Done():
				return
			case <-e.life.Done():
				return
			}
			if c.ErrorId != 0 {
				return
			}
		}
	}) {
		cu.release()
		return nil, ErrClosed
	}
	return ch, nil
}

// payload is GetMedia's Payload. Read and Close may be called from different goroutines; Reads are
// serialized.
type payload struct {
	ctx context.Context
	cu  *cursor
	mu  sync.Mutex
	buf []byte
	off int
	err error
}

func (p *payload) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.off == len(p.buf) {
		if p.err != nil {
			return 0, p.err
		}
		c, err := p.cu.nextChunk(p.ctx, p.buf)
		if err != nil {
			if err == io.ErrClosedPipe {
				err = io.EOF
			}
			p.err = err
			return 0, err
		}
		p.buf, p.off = c.Bytes, 0
		if c.ErrorId != 0 {
			p.err = io.EOF
		}
	}
	n := copy(b, p.buf[p.off:])
	p.off += n
	return n, nil
}

// Close ends the GetMedia connection; a Read in progress returns io.EOF. Close is idempotent.
func (p *payload) Close() error {
	p.cu.release()
	return nil
}
