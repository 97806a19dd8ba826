package video

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strconv"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/video/fragment"
	"github.com/kinesim/kinesim/video/mkv"
)

// ErrImagesUnsupported is the error of GetImages when no ffmpeg is on the PATH: making JPEG or PNG images of the
// frames needs a video decoder, which kinesim (pure Go) does not have; with Debian's ffmpeg installed, GetImages
// works.
var ErrImagesUnsupported = errors.New("video: GetImages needs ffmpeg on the PATH to decode frames, and none was found")

// GetImages' limits (botocore's kinesis-video-archived-media model: SamplingInterval 3,000–20,000 ms,
// GetImagesMaxResults 1–100, WidthPixels 1–3,840, HeightPixels 1–2,160; API Reference, GetImages: a range of
// at most 300 s, 25 images a page by default, JPEGQuality 1–100, default 80).
const (
	MinSamplingInterval  = 3000
	MaxSamplingInterval  = 20000
	MaxImagesResults     = 100
	DefaultImagesResults = 25
	DefaultJPEGQuality   = 80
	MaxImageWidthPixels  = 3840
	MaxImageHeightPixels = 2160
	ImageErrorNoMedia    = "NO_MEDIA"
	ImageErrorMediaError = "MEDIA_ERROR"
	tokenImages          = tokenListFragments + 1
)

// GetImagesInput is the input of [Engine.GetImages].
type GetImagesInput struct {
	StreamName, StreamARN string
	ImageSelectorType     FragmentSelectorType // PRODUCER_TIMESTAMP or SERVER_TIMESTAMP
	StartTimestamp        time.Time
	EndTimestamp          time.Time
	SamplingInterval      int64             // ms between images, 3,000–20,000
	Format                string            // JPEG or PNG
	FormatConfig          map[string]string // JPEGQuality: "1"–"100"
	WidthPixels           int32             // both or neither (the frame's size)
	HeightPixels          int32
	MaxResults            int64 // 1–100; 0 means 25
	NextToken             string
}

// Image is one image of GetImages: its time, and its content (JPEG or PNG bytes) or the reason it has none.
type Image struct {
	TimeStamp    time.Time
	Error        string // "", NO_MEDIA (no fragment at that time) or MEDIA_ERROR (the frame could not be decoded)
	ImageContent []byte
}

// GetImagesOutput is the output of [Engine.GetImages].
type GetImagesOutput struct {
	Images    []Image
	NextToken string
}

// GetImages returns an image every SamplingInterval from StartTimestamp to EndTimestamp (by producer or server
// time), each the frame at that time of the fragment that contains it, decoded and encoded as JPEG or PNG by
// ffmpeg (which must be on the PATH: kinesim has no video decoder of its own). A time with no fragment gives an
// image with Error NO_MEDIA; a frame ffmpeg cannot decode one with MEDIA_ERROR. Pages of MaxResults images are
// continued with NextToken.
//
// Errors: InvalidArgumentException (the selector type, the range — at most 300 s, its start not after its end —,
// SamplingInterval outside 3,000–20,000 ms, Format, JPEGQuality, one of WidthPixels and HeightPixels without the
// other or out of bounds, MaxResults, a NextToken of another request); NoDataRetentionException (a stream with 0
// hours of retention); ResourceNotFoundException; [ErrImagesUnsupported] (no ffmpeg); [ErrClosed]; ctx's error.
func (e *Engine) GetImages(ctx context.Context, in GetImagesInput) (*GetImagesOutput, error) {
	if err := begin(e, ctx, OpGetImages, &in); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	r := s.info.DataRetentionInHours
	s.mu.Unlock()
	if r == 0 {
		return nil, apierr.NoDataRetention
	}
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, ErrImagesUnsupported
	}
	step := time.Duration(in.SamplingInterval) * time.Millisecond
	at := in.StartTimestamp
	if in.NextToken != "" {
		var buf [token.MaxBody]byte
		tr, ok := e.tokens.Open(in.NextToken, tokenImages, &buf)
		arnOf, next := tr.Str(), tr.Time()
		if !ok || !tr.Done() || arnOf != s.arn || next.Before(in.StartTimestamp) || next.After(in.EndTimestamp) {
			return nil, apierr.InvalidArgument.With("The NextToken is not valid for this request.")
		}
		at = next
	}
	limit := int(in.MaxResults)
	if limit == 0 {
		limit = DefaultImagesResults
	}
	kind := fragment.ServerTime
	if in.ImageSelectorType == ProducerTimestamp {
		kind = fragment.ProducerTime
	}
	out := &GetImagesOutput{Images: []Image{}}
	for ; !at.After(in.EndTimestamp); at = at.Add(step) {
		if len(out.Images) == limit {
			w := e.tokens.New(tokenImages)
			w.Str(s.arn)
			w.Time(at)
			out.NextToken = e.tokens.Seal(w)
			break
		}
		img, err := e.image(ctx, ffmpeg, s, kind, at, &in)
		if err != nil {
			return nil, err
		}
		out.Images = append(out.Images, img)
	}
	return out, nil
}

func (in *GetImagesInput) check() error {
	switch {
	case in.ImageSelectorType != ProducerTimestamp && in.ImageSelectorType != ServerTimestamp:
		return apierr.InvalidArgument.New("Value '%s' at 'imageSelectorType' failed to satisfy constraint: Member must satisfy enum value set: [PRODUCER_TIMESTAMP, SERVER_TIMESTAMP]", in.ImageSelectorType)
	case in.Format != "JPEG" && in.Format != "PNG":
		return apierr.InvalidArgument.New("Value '%s' at 'format' failed to satisfy constraint: Member must satisfy enum value set: [JPEG, PNG]", in.Format)
	case in.StartTimestamp.IsZero() || in.EndTimestamp.IsZero() || in.EndTimestamp.Before(in.StartTimestamp) || in.EndTimestamp.Sub(in.StartTimestamp) > MaxImagesRange:
		return apierr.InvalidArgument.With("The time range must be at most 300 seconds, its start not after its end.")
	case in.SamplingInterval < MinSamplingInterval || in.SamplingInterval > MaxSamplingInterval:
		return apierr.InvalidArgument.New("Value '%d' at 'samplingInterval' failed to satisfy constraint: Member must have value between %d and %d", in.SamplingInterval, MinSamplingInterval, MaxSamplingInterval)
	case (in.WidthPixels == 0) != (in.HeightPixels == 0):
		return apierr.InvalidArgument.With("WidthPixels and HeightPixels must be given together.")
	case in.WidthPixels < 0 || in.WidthPixels > MaxImageWidthPixels || in.HeightPixels < 0 || in.HeightPixels > MaxImageHeightPixels:
		return apierr.InvalidArgument.New("The image size %dx%d is outside 1–%d by 1–%d pixels.", in.WidthPixels, in.HeightPixels, MaxImageWidthPixels, MaxImageHeightPixels)
	case in.MaxResults < 0 || in.MaxResults > MaxImagesResults:
		return apierr.InvalidArgument.New("Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and %d", in.MaxResults, MaxImagesResults)
	}
	for k, v := range in.FormatConfig {
		q, err := strconv.Atoi(v)
		if k != "JPEGQuality" || err != nil || q < 1 || q > 100 {
			return apierr.InvalidArgument.New("The FormatConfig %s=%s is not a JPEGQuality of 1 to 100.", k, v)
		}
	}
	return nil
}

// image decodes the frame at t of the fragment containing it.
func (e *Engine) image(ctx context.Context, ffmpeg string, s *videoStream, kind fragment.TimeKind, t time.Time, in *GetImagesInput) (Image, error) {
	s.mu.Lock()
	seq := s.idx.SeekTime(kind, t)
	f, ok := s.idx.Get(seq)
	s.mu.Unlock()
	img := Image{TimeStamp: t}
	start := f.ServerTimestamp
	if kind == fragment.ProducerTime {
		start = f.ProducerTimestamp
	}
	if !ok || start.After(t) {
		img.Error = ImageErrorNoMedia
		return img, nil
	}
	m := f.Media
	clip := mkv.AppendCluster(m.header.AppendStart(nil), m.timecode, m.body)
	offset := t.Sub(start)
	args := []string{"-v", "error", "-i", "pipe:0", "-ss", strconv.FormatFloat(offset.Seconds(), 'f', 3, 64), "-frames:v", "1"}
	if in.WidthPixels > 0 {
		args = append(args, "-vf", "scale="+strconv.Itoa(int(in.WidthPixels))+":"+strconv.Itoa(int(in.HeightPixels)))
	}
	if in.Format == "PNG" {
		args = append(args, "-c:v", "png")
	} else {
		q := DefaultJPEGQuality
		if v, ok := in.FormatConfig["JPEGQuality"]; ok {
			q, _ = strconv.Atoi(v)
		}
		// ffmpeg's MJPEG quality scale runs from 2 (best) to 31 (worst): map 1–100 onto it
		args = append(args, "-c:v", "mjpeg", "-q:v", strconv.Itoa(31-(q-1)*29/99))
	}
	args = append(args, "-f", "image2pipe", "pipe:1")
	cmd := exec.CommandContext(ctx, ffmpeg, args...)
	cmd.Stdin = bytes.NewReader(clip)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stdout.Len() == 0 {
		if ctx.Err() != nil {
			return Image{}, ctx.Err()
		}
		img.Error = ImageErrorMediaError
		return img, nil
	}
	img.ImageContent = stdout.Bytes()
	return img, nil
}
