package video

import (
	"bytes"
	"context"
	"io"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/video/fragment"
	"github.com/kinesim/kinesim/video/mkv"
)

// FragmentSelectorType says which timestamp a fragment selector goes by.
type FragmentSelectorType string

// The timestamps of ListFragments' and GetClip's selectors.
const (
	ProducerTimestamp FragmentSelectorType = "PRODUCER_TIMESTAMP"
	ServerTimestamp   FragmentSelectorType = "SERVER_TIMESTAMP"
)

// TimestampRange is an inclusive range of fragment start times.
type TimestampRange struct{ StartTimestamp, EndTimestamp time.Time }

// FragmentSelector selects the fragments whose start time lies in TimestampRange.
type FragmentSelector struct {
	FragmentSelectorType FragmentSelectorType
	TimestampRange       TimestampRange
}

// Fragment describes one fragment (ListFragments).
type Fragment struct {
	FragmentNumber               string
	FragmentSizeInBytes          int64
	ProducerTimestamp            time.Time
	ServerTimestamp              time.Time
	FragmentLengthInMilliseconds int64
}

// ListFragmentsInput is the input of [Engine.ListFragments].
type ListFragmentsInput struct {
	StreamName, StreamARN string
	FragmentSelector      *FragmentSelector // nil: every fragment kept
	MaxResults            int64             // 1–1,000; 0 means [DefaultListFragments]
	NextToken             string
}

// ListFragmentsOutput is the output of [Engine.ListFragments].
type ListFragmentsOutput struct {
	Fragments []Fragment
	NextToken string // empty on the last page
}

func (sel *FragmentSelector) check() error {
	if sel.FragmentSelectorType != ProducerTimestamp && sel.FragmentSelectorType != ServerTimestamp {
		return apierr.InvalidArgument.New("Value '%s' at 'fragmentSelector.fragmentSelectorType' failed to satisfy constraint: Member must satisfy enum value set: [PRODUCER_TIMESTAMP, SERVER_TIMESTAMP]", sel.FragmentSelectorType)
	}
	r := sel.TimestampRange
	switch {
	case r.StartTimestamp.IsZero() || r.EndTimestamp.IsZero():
		return apierr.InvalidArgument.With("The TimestampRange needs both StartTimestamp and EndTimestamp.")
	case r.EndTimestamp.Before(r.StartTimestamp):
		return apierr.InvalidArgument.With("The StartTimestamp must not be after the EndTimestamp.")
	}
	return nil
}

func (sel *FragmentSelector) kind() fragment.TimeKind {
	if sel.FragmentSelectorType == ProducerTimestamp {
		return fragment.ProducerTime
	}
	return fragment.ServerTime
}

// ListFragments lists the fragments a stream keeps in ingestion (fragment number) order, those whose start lies
// in the selector's range if one is given (both ends inclusive: with fragments starting at 0, 2, 4 and 6 s, the
// range 1–4 s lists those at 2 and 4 s), MaxResults a page. A fragment is listed once its RECEIVED ack is sent
// (AWS lists it "usually within 1 s"; kinesim at once).
//
// Errors: InvalidArgumentException (MaxResults, the selector, a NextToken of another call); ResourceNotFoundException;
// [ErrClosed]; ctx's error.
func (e *Engine) ListFragments(ctx context.Context, in ListFragmentsInput) (*ListFragmentsOutput, error) {
	if err := begin(e, ctx, OpListFragments, &in); err != nil {
		return nil, err
	}
	if in.MaxResults < 0 || in.MaxResults > MaxListFragments {
		return nil, apierr.InvalidArgument.New("Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000", in.MaxResults)
	}
	limit := int(in.MaxResults)
	if limit == 0 {
		limit = DefaultListFragments
	}
	sel := FragmentSelector{TimestampRange: TimestampRange{StartTimestamp: time.Unix(0, 0), EndTimestamp: time.Unix(1<<40, 0)}}
	kind := fragment.ServerTime
	if in.FragmentSelector != nil {
		if err := in.FragmentSelector.check(); err != nil {
			return nil, err
		}
		sel, kind = *in.FragmentSelector, in.FragmentSelector.kind()
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	var from uint64
	if in.NextToken != "" {
		var buf [token.MaxBody]byte
		r, ok := e.tokens.Open(in.NextToken, tokenListFragments, &buf)
		arnOf, seq, k, start, end := r.Str(), r.U64(), r.U32(), r.Time(), r.Time()
		if !ok || !r.Done() || arnOf != s.arn || k != uint32(kind) || !start.Equal(sel.TimestampRange.StartTimestamp.Truncate(time.Millisecond)) ||
			!end.Equal(sel.TimestampRange.EndTimestamp.Truncate(time.Millisecond)) {
			return nil, apierr.InvalidArgument.With("The NextToken is not valid for this request.")
		}
		from = seq
	}
	out := &ListFragmentsOutput{Fragments: []Fragment{}}
	s.mu.Lock()
	for f := range s.idx.Range(kind, sel.TimestampRange.StartTimestamp, sel.TimestampRange.EndTimestamp, from) {
		if len(out.Fragments) == limit {
			w := e.tokens.New(tokenListFragments)
			w.Str(s.arn)
			w.U64(f.Seq)
			w.U32(uint32(kind))
			w.Time(sel.TimestampRange.StartTimestamp)
			w.Time(sel.TimestampRange.EndTimestamp)
			out.NextToken = e.tokens.Seal(w)
			break
		}
		out.Fragments = append(out.Fragments, Fragment{FragmentNumber: s.idx.Number(f.Seq), FragmentSizeInBytes: f.Size,
			ProducerTimestamp: f.ProducerTimestamp, ServerTimestamp: f.ServerTimestamp,
			FragmentLengthInMilliseconds: f.Duration.Milliseconds()})
	}
	s.mu.Unlock()
	return out, nil
}

// GetMediaForFragmentListInput is the input of [Engine.GetMediaForFragmentList].
type GetMediaForFragmentListInput struct {
	StreamName, StreamARN string
	Fragments             []string // 1–1,000 fragment numbers
}

// GetMediaForFragmentListOutput is the output of [Engine.GetMediaForFragmentList].
type GetMediaForFragmentListOutput struct {
	ContentType string
	// Payload holds the chunks of the fragments in the order asked, tagged as GetMedia's are. A fragment that is
	// not kept (expired, or never given) gives an error chunk (AWS_KINESISVIDEO_ERROR_ID 4000) that ends the
	// payload. Closing it is optional.
	Payload io.ReadCloser
}

// GetMediaForFragmentList returns the media of the fragments listed.
//
// Errors: InvalidArgumentException (no fragment, more than 1,000, a string that is not a fragment number: the
// archived-media API of the pinned SDK declares no FragmentLimitExceeded); ResourceNotFoundException; [ErrClosed];
// ctx's error.
func (e *Engine) GetMediaForFragmentList(ctx context.Context, in GetMediaForFragmentListInput) (*GetMediaForFragmentListOutput, error) {
	if err := begin(e, ctx, OpGetMediaForFragmentList, &in); err != nil {
		return nil, err
	}
	switch {
	case len(in.Fragments) == 0:
		return nil, apierr.InvalidArgument.With("Value null at 'fragments' failed to satisfy constraint: Member must not be null")
	case len(in.Fragments) > MaxFragmentList:
		return nil, apierr.InvalidArgument.New("Value '[…%d fragments]' at 'fragments' failed to satisfy constraint: Member must have length less than or equal to %d", len(in.Fragments), MaxFragmentList)
	}
	for _, n := range in.Fragments {
		if !fragmentNumberChars(n) {
			return nil, apierr.InvalidArgument.New("Value '%s' at 'fragments' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9]+$", n)
		}
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	var b []byte
	s.mu.Lock()
	last, _ := s.idx.Last()
	frags := make([]fragment.Fragment[media], 0, len(in.Fragments))
	missing := ""
	for _, n := range in.Fragments {
		seq, err := s.idx.Parse(n)
		f, ok := s.idx.Get(seq)
		if err != nil || !ok {
			missing = n
			break
		}
		frags = append(frags, f)
	}
	s.mu.Unlock()
	for i, f := range frags {
		c := chunkOf(nil, f, in.Fragments[i], last.ServerTimestamp.Sub(f.ServerTimestamp).Milliseconds())
		b = append(b, c.Bytes...)
	}
	if missing != "" {
		b = append(b, errorChunk(nil, missing, MediaErrorFragmentNotFound, "Requested fragment is not found").Bytes...)
	}
	return &GetMediaForFragmentListOutput{ContentType: ContentType, Payload: io.NopCloser(bytes.NewReader(b))}, nil
}

func fragmentNumberChars(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// GetClipInput is the input of [Engine.GetClip].
type GetClipInput struct {
	StreamName, StreamARN string
	ClipFragmentSelector  FragmentSelector
}

// GetClipOutput is the output of [Engine.GetClip].
type GetClipOutput struct {
	ContentType string // "video/x-matroska"
	Payload     io.ReadCloser
}

// ClipContentType is the content type of GetClip's payload: a Matroska file, where AWS answers with MP4
// (kinesim does not remux; the fragments are copied as they were put).
const ClipContentType = "video/x-matroska"

// GetClip returns the fragments whose start lies in the selector's range as one Matroska file: one segment with
// the tracks of the first fragment and one cluster per fragment, with absolute timecodes. AWS returns MP4; the
// clip here is MKV (see [ClipContentType]).
//
// Errors: InvalidArgumentException (the selector, a range over 3 hours, more than 200 fragments or 100 MB,
// fragments of the range with different tracks); NoDataRetentionException (a stream with 0 hours of retention);
// ResourceNotFoundException (the stream, or no fragment in the range); [ErrClosed]; ctx's error.
func (e *Engine) GetClip(ctx context.Context, in GetClipInput) (*GetClipOutput, error) {
	if err := begin(e, ctx, OpGetClip, &in); err != nil {
		return nil, err
	}
	sel := in.ClipFragmentSelector
	if err := sel.check(); err != nil {
		return nil, err
	}
	if sel.TimestampRange.EndTimestamp.Sub(sel.TimestampRange.StartTimestamp) > MaxClipDuration {
		return nil, apierr.InvalidArgument.With("The time range of the clip exceeds the maximum of 3 hours.")
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.info.DataRetentionInHours == 0 {
		s.mu.Unlock()
		return nil, apierr.NoDataRetention
	}
	var frags []fragment.Fragment[media]
	var size int64
	for f := range s.idx.Range(sel.kind(), sel.TimestampRange.StartTimestamp, sel.TimestampRange.EndTimestamp, 0) {
		frags = append(frags, f)
		size += f.Size
		if len(frags) > MaxClipFragments || size > MaxClipBytes {
			break
		}
	}
	s.mu.Unlock()
	switch {
	case len(frags) == 0:
		return nil, apierr.ResourceNotFound.With("No fragments found in the given time range.")
	case len(frags) > MaxClipFragments:
		return nil, apierr.InvalidArgument.With("The clip would have more than 200 fragments.")
	case size > MaxClipBytes:
		return nil, apierr.InvalidArgument.With("The clip would be larger than 100 MB.")
	}
	h := frags[0].Media.header
	b := h.AppendStart(nil)
	for _, f := range frags {
		if f.Media.header != h && !f.Media.header.SameTracks(h) {
			return nil, apierr.InvalidArgument.With("The tracks of the stream change within the time range of the clip.")
		}
		b = mkv.AppendCluster(b, f.Media.timecode, f.Media.body)
	}
	return &GetClipOutput{ContentType: ClipContentType, Payload: io.NopCloser(bytes.NewReader(b))}, nil
}
