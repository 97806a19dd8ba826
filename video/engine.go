package video

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/internal/engine"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/notify"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/video/fragment"
	"github.com/kinesim/kinesim/video/mkv"
)

// The operations as controls name them: the IAM actions of Kinesis Video Streams ("kinesisvideo:GetMedia").
const (
	OpCreateStream            control.Op = "kinesisvideo:CreateStream"
	OpDescribeStream          control.Op = "kinesisvideo:DescribeStream"
	OpListStreams             control.Op = "kinesisvideo:ListStreams"
	OpDeleteStream            control.Op = "kinesisvideo:DeleteStream"
	OpUpdateStream            control.Op = "kinesisvideo:UpdateStream"
	OpUpdateDataRetention     control.Op = "kinesisvideo:UpdateDataRetention"
	OpTagStream               control.Op = "kinesisvideo:TagStream"
	OpUntagStream             control.Op = "kinesisvideo:UntagStream"
	OpListTagsForStream       control.Op = "kinesisvideo:ListTagsForStream"
	OpTagResource             control.Op = "kinesisvideo:TagResource"
	OpUntagResource           control.Op = "kinesisvideo:UntagResource"
	OpListTagsForResource     control.Op = "kinesisvideo:ListTagsForResource"
	OpGetDataEndpoint         control.Op = "kinesisvideo:GetDataEndpoint"
	OpPutMedia                control.Op = "kinesisvideo:PutMedia"
	OpGetMedia                control.Op = "kinesisvideo:GetMedia"
	OpListFragments           control.Op = "kinesisvideo:ListFragments"
	OpGetMediaForFragmentList control.Op = "kinesisvideo:GetMediaForFragmentList"
	OpGetClip                 control.Op = "kinesisvideo:GetClip"
	OpGetImages               control.Op = "kinesisvideo:GetImages"
)

var (
	// ErrClosed is returned by every call on an [Engine] after [Engine.Close].
	ErrClosed = errors.New("video: engine closed")
	// ErrNilContext is returned by a call given a nil context.Context; the call changes nothing.
	ErrNilContext = errors.New("video: nil context.Context")
)

// Engine is one account's Kinesis Video Streams in one region: a registry of video streams, the control plane
// on them, and their media: PutMedia connections that store fragments, and GetMedia readers that follow them.
//
// An Engine is safe for concurrent use. Each PutMedia connection has two goroutines (reading the payload,
// sending the acknowledgements) and each GetMedia channel one; retention expiry is a timer on the engine's
// clock. [Engine.Close] ends them all and waits for them. Every call after Close returns [ErrClosed].
type Engine struct {
	cfg    config
	clk    clock.Clock
	life   *lifecycle.Group
	ctl    *control.Set
	tokens *token.Signer

	rngMu sync.Mutex
	rng   *rand.Rand

	mu      sync.Mutex
	streams map[string]*videoStream
	byARN   map[string]*videoStream
	closed  atomic.Bool

	closeOnce sync.Once
}

// media is what a fragment carries: the header of the segment it came in, its cluster's body, its absolute
// timecode (ticks of the header's TimecodeScale), and the producer's metadata tags.
type media struct {
	header   *mkv.Header
	timecode uint64
	body     []byte
	tags     []mkv.SimpleTag
}

// videoStream is one video stream. Lock order: Engine.mu, then videoStream.mu.
type videoStream struct {
	e         *Engine
	name, arn string
	created   time.Time

	mu        sync.Mutex
	info      StreamInfo
	tags      map[string]string
	idx       *fragment.Index[media]
	readers   notify.List // GetMedia readers waiting for the next fragment
	producer  *connection // the PutMedia connection whose fragments are accepted
	consumers int         // GetMedia connections open
	deleted   bool
	expiry    *lifecycle.Timer
	expiryAt  time.Time
	changed   chan struct{} // closed when the stream is deleted
}

// engines counts the engines made, for their default labels.
var engines atomic.Uint64

// New returns an engine with no video streams. It starts nothing.
func New(opts ...Option) *Engine {
	cfg := defaultConfig()
	engine.Apply(&cfg, opts)
	cfg.Fill("video", &engines)
	return &Engine{
		cfg:     cfg,
		clk:     cfg.Clock,
		life:    lifecycle.New(cfg.Clock, cfg.Label),
		ctl:     cfg.Controls,
		tokens:  token.NewSigner(cfg.Seed, "kinesisvideo"),
		rng:     rand.New(rand.NewPCG(cfg.Seed, 0x766964656f)), // "video"
		streams: make(map[string]*videoStream),
		byARN:   make(map[string]*videoStream),
	}
}

// Clock returns the engine's clock.
func (e *Engine) Clock() clock.Clock { return e.clk }

// Account returns the account and region of the engine's ARNs.
func (e *Engine) Account() arn.Account { return e.cfg.Account }

// Controls returns the engine's test controls.
func (e *Engine) Controls() *control.Set { return e.ctl }

// Close ends every PutMedia connection (closing payloads that are io.Closers, so that a blocked Read returns)
// and every GetMedia reader, stops the retention timers and waits for the engine's goroutines. A PutMedia whose
// payload is not an io.Closer and blocks in Read holds Close until that Read returns. Close is idempotent.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.mu.Lock()
		e.closed.Store(true)
		var conns []*connection
		for _, s := range e.streams {
			s.mu.Lock()
			if s.producer != nil {
				conns = append(conns, s.producer)
			}
			s.readers.Signal()
			s.mu.Unlock()
		}
		e.mu.Unlock()
		for _, c := range conns {
			c.end(endClosed)
		}
		e.life.Close()
	})
	return nil
}

// begin starts an operation: a nil or done ctx or a closed engine fails it, and the test controls see the call.
func begin[In any](e *Engine, ctx context.Context, op control.Op, in *In) error {
	if ctx == nil {
		return ErrNilContext
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.closed.Load() {
		return ErrClosed
	}
	if !e.ctl.Active() {
		return nil
	}
	_, err := e.ctl.Intercept(ctx, control.Env{Clock: e.clk, Done: e.life.Done(), Closed: ErrClosed}, op, *in)
	return err
}

// lookup returns the stream named by name or ARN (exactly one of them, as every Video API asks).
func (e *Engine) lookup(name, streamARN string) (*videoStream, error) {
	if err := checkRef(name, streamARN); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed.Load() {
		return nil, ErrClosed
	}
	var s *videoStream
	if streamARN != "" {
		s = e.byARN[streamARN]
	} else {
		s = e.streams[name]
	}
	if s == nil {
		return nil, notFound()
	}
	return s, nil
}

func notFound() error {
	return apierr.ResourceNotFound.With("The requested stream is not found or not active.")
}

// version returns a new stream version: 20 characters of [a-zA-Z0-9] drawn from the seed (StreamInfo.Version,
// pattern [a-zA-Z0-9]+, 1–64 characters).
func (e *Engine) version() string {
	const chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var b [20]byte
	e.rngMu.Lock()
	for i := range b {
		b[i] = chars[e.rng.IntN(len(chars))]
	}
	e.rngMu.Unlock()
	return string(b[:])
}

// retention returns the age and byte limits of a stream's fragments: its retention, or with 0 hours the
// service host buffer of 5 minutes and 200 MB (API Reference, CreateStream: DataRetentionInHours).
func retention(hours int32) (time.Duration, int64) {
	if hours == 0 {
		return HostBufferDuration, HostBufferBytes
	}
	return time.Duration(hours) * time.Hour, 0
}

// expireLocked drops the fragments past retention at now and arms the timer for the next expiry. s.mu must be
// held.
func (s *videoStream) expireLocked(now time.Time) {
	age, maxBytes := retention(s.info.DataRetentionInHours)
	s.idx.Expire(now, age, maxBytes)
	at, ok := s.idx.NextExpiry(age)
	if !ok || s.deleted {
		if s.expiry != nil {
			s.expiry.Stop()
			s.expiry = nil
		}
		return
	}
	if s.expiry != nil {
		if s.expiryAt.Equal(at) {
			return
		}
		s.expiry.Stop()
	}
	s.expiryAt = at
	s.expiry = lifecycle.AfterFunc(s.e.life, at.Sub(now), s, (*videoStream).expireTimer)
}

func (s *videoStream) expireTimer() {
	now := s.e.clk.Now()
	s.mu.Lock()
	s.expiry = nil
	s.expireLocked(now)
	s.mu.Unlock()
}

// closerOf returns r's Close, or nil.
func closerOf(r io.Reader) func() error {
	if c, ok := r.(io.Closer); ok {
		return c.Close
	}
	return nil
}
