package video_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/video"
	"github.com/kinesim/kinesim/video/mkv"
)

// Retention frees fragments as they age on the engine's clock (API Reference, CreateStream: DataRetentionInHours),
// without a call: the expiry timer runs in virtual time.
func TestRetentionExpiryFreesFragmentsInVirtualTime(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam") // server times t0 … t0+6s
	count := func() int {
		out, err := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam"})
		if err != nil {
			t.Fatal(err)
		}
		return len(out.Fragments)
	}
	clk.AdvanceTo(t0.Add(time.Hour + 3*time.Second)) // the first two are an hour old
	if got := count(); got != 2 {
		t.Fatalf("%d fragments after an hour and 3 s, want 2", got)
	}
	p := getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartEarliest})
	if got := numbersOf(readChunks(t, p, 1)); got[0] != n[2] {
		t.Fatalf("EARLIEST is %s, want %s", got[0], n[2])
	}
	clk.AdvanceTo(t0.Add(time.Hour + 6*time.Second))
	if got := count(); got != 0 || clk.Pending() != 0 {
		t.Fatalf("%d fragments and %d timers after every fragment's hour, want none", got, clk.Pending())
	}
}

// With 0 hours of retention, fragments stay 5 minutes in the host buffer (CreateStream: DataRetentionInHours).
func TestZeroRetentionKeepsFragmentsFiveMinutesInTheHostBuffer(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 0)
	fourFragments(t, e, clk, "cam")
	clk.AdvanceTo(t0.Add(video.HostBufferDuration + time.Second))
	out, _ := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam"})
	if len(out.Fragments) != 3 {
		t.Fatalf("%d fragments 5 minutes and 1 s after the first, want 3", len(out.Fragments))
	}
}

// A retention decrease deletes older data at once (UpdateDataRetention: "the data … is deleted").
func TestUpdateDataRetentionDecreaseDeletesOlderFragmentsAtOnce(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 5)
	fourFragments(t, e, clk, "cam")
	clk.Advance(2 * time.Hour)
	d, _ := e.DescribeStream(context.Background(), video.DescribeStreamInput{StreamName: "cam"})
	if err := e.UpdateDataRetention(context.Background(), video.UpdateDataRetentionInput{StreamName: "cam", CurrentVersion: d.StreamInfo.Version,
		Operation: video.DecreaseDataRetention, DataRetentionChangeInHours: 4}); err != nil {
		t.Fatal(err)
	}
	out, _ := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam"})
	d2, _ := e.DescribeStream(context.Background(), video.DescribeStreamInput{StreamName: "cam"})
	if len(out.Fragments) != 0 || d2.StreamInfo.DataRetentionInHours != 1 || d2.StreamInfo.Version == d.StreamInfo.Version {
		t.Fatalf("%d fragments, retention %d, version %s: want none, 1 h and a new version", len(out.Fragments), d2.StreamInfo.DataRetentionInHours, d2.StreamInfo.Version)
	}
	for _, in := range []video.UpdateDataRetentionInput{
		{StreamName: "cam", CurrentVersion: d.StreamInfo.Version, Operation: video.IncreaseDataRetention, DataRetentionChangeInHours: 1},      // stale version
		{StreamName: "cam", CurrentVersion: d2.StreamInfo.Version, Operation: video.DecreaseDataRetention, DataRetentionChangeInHours: 2},     // below 0
		{StreamName: "cam", CurrentVersion: d2.StreamInfo.Version, Operation: video.IncreaseDataRetention, DataRetentionChangeInHours: 87600}, // past 87,600
		{StreamName: "cam", CurrentVersion: d2.StreamInfo.Version, Operation: "GROW", DataRetentionChangeInHours: 1},
		{StreamName: "cam", CurrentVersion: d2.StreamInfo.Version, Operation: video.IncreaseDataRetention, DataRetentionChangeInHours: 0},
	} {
		err := e.UpdateDataRetention(context.Background(), in)
		if !errors.Is(err, apierr.VersionMismatch) && !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%+v: %v, want VersionMismatchException or InvalidArgumentException", in, err)
		}
	}
}

func TestControlPlaneStreamsTagsAndEndpoints(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	streamARN := create(t, e, "cam", 24)
	if !strings.HasPrefix(streamARN, "arn:aws:kinesisvideo:us-east-1:000000000000:stream/cam/") {
		t.Fatalf("ARN %s", streamARN)
	}
	if _, err := e.CreateStream(ctx, video.CreateStreamInput{StreamName: "cam"}); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatalf("a second cam: %v", err)
	}
	if _, err := e.CreateStream(ctx, video.CreateStreamInput{StreamName: "bad name"}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("a bad name: %v", err)
	}
	create(t, e, "door", 0)
	d, err := e.DescribeStream(ctx, video.DescribeStreamInput{StreamARN: streamARN})
	if err != nil || d.StreamInfo.StreamName != "cam" || d.StreamInfo.Status != video.StatusActive || !strings.HasSuffix(d.StreamInfo.KmsKeyId, ":alias/aws/kinesisvideo") || d.StreamInfo.MediaType != "video/h264" {
		t.Fatalf("describe: %+v, %v", d, err)
	}
	if err := e.UpdateStream(ctx, video.UpdateStreamInput{StreamName: "cam", CurrentVersion: d.StreamInfo.Version, MediaType: "video/h265"}); err != nil {
		t.Fatal(err)
	}
	if err := e.UpdateStream(ctx, video.UpdateStreamInput{StreamName: "cam", CurrentVersion: d.StreamInfo.Version, MediaType: "video/h264"}); !errors.Is(err, apierr.VersionMismatch) {
		t.Fatalf("a stale version: %v", err)
	}
	l, err := e.ListStreams(ctx, video.ListStreamsInput{MaxResults: 1})
	if err != nil || len(l.StreamInfoList) != 1 || l.StreamInfoList[0].StreamName != "cam" || l.NextToken == "" {
		t.Fatalf("list page 1: %+v, %v", l, err)
	}
	l, err = e.ListStreams(ctx, video.ListStreamsInput{MaxResults: 1, NextToken: l.NextToken})
	if err != nil || len(l.StreamInfoList) != 1 || l.StreamInfoList[0].StreamName != "door" {
		t.Fatalf("list page 2: %+v, %v", l, err)
	}
	l, _ = e.ListStreams(ctx, video.ListStreamsInput{StreamNameCondition: &video.StreamNameCondition{ComparisonOperator: "BEGINS_WITH", ComparisonValue: "do"}})
	if len(l.StreamInfoList) != 1 {
		t.Fatalf("BEGINS_WITH do: %+v", l)
	}
	if err := e.TagStream(ctx, video.TagStreamInput{StreamName: "cam", Tags: map[string]string{"room": "hall"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.TagResource(ctx, video.TagResourceInput{ResourceARN: streamARN, Tags: []video.Tag{{Key: "floor", Value: "1"}}}); err != nil {
		t.Fatal(err)
	}
	if err := e.UntagStream(ctx, video.UntagStreamInput{StreamName: "cam", TagKeyList: []string{"room"}}); err != nil {
		t.Fatal(err)
	}
	tags, _ := e.ListTagsForResource(ctx, video.ListTagsForResourceInput{ResourceARN: streamARN})
	if len(tags.Tags) != 1 || tags.Tags["floor"] != "1" {
		t.Fatalf("tags %v", tags.Tags)
	}
	many := map[string]string{}
	for i := range video.MaxTags {
		many["k"+itoa(i+1)] = "v"
	}
	if err := e.TagStream(ctx, video.TagStreamInput{StreamName: "cam", Tags: many}); !errors.Is(err, apierr.TagsPerResourceExceededLimit) {
		t.Fatalf("51 tags: %v, want TagsPerResourceExceededLimitException", err)
	}
	ep, err := e.GetDataEndpoint(ctx, video.GetDataEndpointInput{StreamName: "cam", APIName: video.APIGetMedia})
	if err != nil || !strings.HasPrefix(ep.DataEndpoint, "https://") {
		t.Fatalf("endpoint %+v, %v", ep, err)
	}
	if _, err := e.GetDataEndpoint(ctx, video.GetDataEndpointInput{StreamName: "cam", APIName: "GET_ALL"}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("a bad APIName: %v", err)
	}
	if _, err := e.DescribeStream(ctx, video.DescribeStreamInput{StreamName: "cam", StreamARN: streamARN}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("both a name and an ARN: %v", err)
	}
	if err := e.DeleteStream(ctx, video.DeleteStreamInput{StreamARN: streamARN, CurrentVersion: "stale"}); !errors.Is(err, apierr.VersionMismatch) {
		t.Fatalf("delete with a stale version: %v", err)
	}
	if err := e.DeleteStream(ctx, video.DeleteStreamInput{StreamARN: streamARN}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DescribeStream(ctx, video.DescribeStreamInput{StreamName: "cam"}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Fatalf("describe after delete: %v", err)
	}
}

// Streams per account: 2,500 in us-east-1 and us-west-2, 1,000 elsewhere (service quotas).
func TestCreateStreamAccountStreamLimit(t *testing.T) {
	e, _ := newEngine(t, video.WithAccount("", "eu-west-1"))
	for i := range video.RegionStreamLimit("eu-west-1") {
		if _, err := e.CreateStream(context.Background(), video.CreateStreamInput{StreamName: "s" + itoa(i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.CreateStream(context.Background(), video.CreateStreamInput{StreamName: "one-more"}); !errors.Is(err, apierr.AccountStreamLimitExceeded) {
		t.Fatalf("stream 1,001: %v, want AccountStreamLimitExceededException", err)
	}
}

// Every call is interceptable by package control, under the IAM action name.
func TestEveryOperationIsInterceptableByControls(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	var seen []control.Op
	e.Controls().Add("kinesisvideo:*", func(c control.Call) (control.Response, bool) {
		seen = append(seen, c.Op)
		return control.Response{Err: apierr.ClientLimitExceeded}, true
	}, control.Keep())
	ctx := context.Background()
	ref := video.StreamRef{StreamName: "cam"}
	calls := map[control.Op]func() error{
		video.OpCreateStream:   func() error { _, err := e.CreateStream(ctx, video.CreateStreamInput{StreamName: "x"}); return err },
		video.OpDescribeStream: func() error { _, err := e.DescribeStream(ctx, ref); return err },
		video.OpListStreams:    func() error { _, err := e.ListStreams(ctx, video.ListStreamsInput{}); return err },
		video.OpDeleteStream:   func() error { return e.DeleteStream(ctx, video.DeleteStreamInput{StreamARN: "x"}) },
		video.OpUpdateStream:   func() error { return e.UpdateStream(ctx, video.UpdateStreamInput{StreamName: "cam"}) },
		video.OpUpdateDataRetention: func() error {
			return e.UpdateDataRetention(ctx, video.UpdateDataRetentionInput{StreamName: "cam"})
		},
		video.OpTagStream:   func() error { return e.TagStream(ctx, video.TagStreamInput{StreamName: "cam"}) },
		video.OpUntagStream: func() error { return e.UntagStream(ctx, video.UntagStreamInput{StreamName: "cam"}) },
		video.OpListTagsForStream: func() error {
			_, err := e.ListTagsForStream(ctx, video.ListTagsForStreamInput{StreamName: "cam"})
			return err
		},
		video.OpTagResource:   func() error { return e.TagResource(ctx, video.TagResourceInput{}) },
		video.OpUntagResource: func() error { return e.UntagResource(ctx, video.UntagResourceInput{}) },
		video.OpListTagsForResource: func() error {
			_, err := e.ListTagsForResource(ctx, video.ListTagsForResourceInput{})
			return err
		},
		video.OpGetDataEndpoint: func() error {
			_, err := e.GetDataEndpoint(ctx, video.GetDataEndpointInput{StreamName: "cam"})
			return err
		},
		video.OpPutMedia:      func() error { _, err := e.PutMedia(ctx, video.PutMediaInput{StreamName: "cam"}); return err },
		video.OpGetMedia:      func() error { _, err := e.GetMedia(ctx, video.GetMediaInput{StreamName: "cam"}); return err },
		video.OpListFragments: func() error { _, err := e.ListFragments(ctx, video.ListFragmentsInput{StreamName: "cam"}); return err },
		video.OpGetMediaForFragmentList: func() error {
			_, err := e.GetMediaForFragmentList(ctx, video.GetMediaForFragmentListInput{StreamName: "cam"})
			return err
		},
		video.OpGetClip:   func() error { _, err := e.GetClip(ctx, video.GetClipInput{StreamName: "cam"}); return err },
		video.OpGetImages: func() error { _, err := e.GetImages(ctx, video.GetImagesInput{StreamName: "cam"}); return err },
	}
	for op, call := range calls {
		if err := call(); !errors.Is(err, apierr.ClientLimitExceeded) {
			t.Errorf("%s: %v, want the control's ClientLimitExceededException", op, err)
		}
	}
	if len(seen) != len(calls) {
		t.Fatalf("the control saw %d calls, want %d", len(seen), len(calls))
	}
	//lint:ignore SA1012 a nil context is the input under test
	if _, err := e.DescribeStream(nil, ref); !errors.Is(err, video.ErrNilContext) { //nolint:staticcheck
		t.Fatalf("a nil context: %v", err)
	}
}

// GetImages' limits (botocore's model and API Reference, GetImages), each refused with InvalidArgumentException;
// and without ffmpeg on the PATH a valid request is refused with ErrImagesUnsupported.
func TestGetImagesLimitsAndRefusalWithoutFFmpeg(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	ok := video.GetImagesInput{StreamName: "cam", ImageSelectorType: video.ServerTimestamp, StartTimestamp: t0, EndTimestamp: t0.Add(time.Minute), Format: "PNG", SamplingInterval: 3000}
	for name, change := range map[string]func(*video.GetImagesInput){
		"a range of 301 s":         func(in *video.GetImagesInput) { in.EndTimestamp = t0.Add(301 * time.Second) },
		"the end before the start": func(in *video.GetImagesInput) { in.EndTimestamp = t0.Add(-time.Second) },
		"a sampling of 2,999 ms":   func(in *video.GetImagesInput) { in.SamplingInterval = 2999 },
		"a sampling of 20,001 ms":  func(in *video.GetImagesInput) { in.SamplingInterval = 20001 },
		"format GIF":               func(in *video.GetImagesInput) { in.Format = "GIF" },
		"JPEGQuality 101":          func(in *video.GetImagesInput) { in.FormatConfig = map[string]string{"JPEGQuality": "101"} },
		"a width without a height": func(in *video.GetImagesInput) { in.WidthPixels = 100 },
		"a width of 3,841":         func(in *video.GetImagesInput) { in.WidthPixels, in.HeightPixels = 3841, 100 },
		"MaxResults 101":           func(in *video.GetImagesInput) { in.MaxResults = 101 },
		"selector LOCAL_TIMESTAMP": func(in *video.GetImagesInput) { in.ImageSelectorType = "LOCAL_TIMESTAMP" },
	} {
		in := ok
		change(&in)
		if _, err := e.GetImages(context.Background(), in); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%s: %v, want InvalidArgumentException", name, err)
		}
	}
	create(t, e, "buffer-only", 0)
	noRetention := ok
	noRetention.StreamName = "buffer-only"
	if _, err := e.GetImages(context.Background(), noRetention); !errors.Is(err, apierr.NoDataRetention) {
		t.Errorf("a stream with no retention: %v, want NoDataRetentionException", err)
	}
	t.Setenv("PATH", t.TempDir()) // no ffmpeg
	if _, err := e.GetImages(context.Background(), ok); !errors.Is(err, video.ErrImagesUnsupported) {
		t.Fatalf("without ffmpeg: %v, want ErrImagesUnsupported", err)
	}
}

// Close ends PutMedia connections and GetMedia readers, closes every channel handed out and leaves no goroutine.
func TestCloseEndsConnectionsAndReadersAndLeavesNoGoroutine(t *testing.T) {
	e, _ := newEngine(t, video.WithLabel("video-close-test"))
	create(t, e, "cam", 1)
	s := openStreamer(t, e, "cam")
	s.send(t, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100}), video.AckPersisted)
	ch, err := e.GetMediaChunks(context.Background(), video.GetMediaInput{StreamName: "cam", StartSelector: video.StartSelector{StartSelectorType: video.StartEarliest}})
	if err != nil {
		t.Fatal(err)
	}
	<-ch
	p := getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartNow})
	readDone := make(chan error)
	go func() {
		buf := make([]byte, 1<<20)
		for {
			if _, err := p.Read(buf); err != nil {
				readDone <- err
				return
			}
		}
	}()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	_ = e.Close()
	for range ch {
	}
	for range s.out.Acks {
	}
	if err := s.out.Wait(); !errors.Is(err, video.ErrClosed) {
		t.Fatalf("PutMedia after Close: %v", err)
	}
	if err := <-readDone; !errors.Is(err, video.ErrClosed) {
		t.Fatalf("GetMedia's Read after Close: %v", err)
	}
	if _, err := e.ListStreams(context.Background(), video.ListStreamsInput{}); !errors.Is(err, video.ErrClosed) {
		t.Fatalf("a call after Close: %v", err)
	}
	var stacks bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&stacks, 1) // with the goroutines' pprof labels
	if strings.Contains(stacks.String(), `"video-close-test"`) {
		t.Fatalf("goroutines of the engine left after Close:\n%s", stacks.String())
	}
}

// A chunk asked for by number that has expired ends GetMedia with an error chunk: AWS_KINESISVIDEO_ERROR_ID 4000,
// "Requested fragment is not found" (API Reference, GetMedia: Payload); GetMediaForFragmentList does the same.
// GetMedia's Payload builds a chunk when it is read, so the fragments that expire between the call and the first
// Read give the error chunk. (GetMediaChunks builds the next chunk ahead of its receiver, so which of the two a
// receiver gets there depends on the scheduler: a chunk already built when its fragment expires is still sent.)
func TestGetMediaOfAnExpiredFragmentEndsWithErrorChunk4000(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	out0, err := e.GetMedia(context.Background(), video.GetMediaInput{StreamName: "cam",
		StartSelector: video.StartSelector{StartSelectorType: video.StartFragmentNumber, AfterFragmentNumber: n[0]}})
	if err != nil {
		t.Fatal(err)
	}
	defer out0.Payload.Close()
	clk.AdvanceTo(t0.Add(time.Hour + 3*time.Second)) // n[0] and n[1] expire before the first chunk is read
	payload, err := io.ReadAll(out0.Payload)
	if err != nil {
		t.Fatalf("GetMedia's Payload after the error chunk: %v, want io.EOF", err)
	}
	if bytes.Contains(payload, []byte(n[1])) && !bytes.Contains(payload, []byte("Requested fragment is not found")) {
		t.Fatalf("the expired fragment %s was sent", n[1])
	}
	r := mkv.NewReader(bytes.NewReader(payload), mkv.Limits{})
	if ev, err := r.Next(); err != nil || ev != mkv.EventTags {
		t.Fatalf("the error chunk: %v %v, want its Tags", ev, err)
	}
	tags := map[string]string{}
	for _, s := range r.Tags() {
		tags[s.Name] = s.Value
	}
	if tags[video.TagErrorID] != "4000" || tags[video.TagErrorCode] == "" || tags[video.TagFragmentNumber] != n[1] {
		t.Fatalf("error chunk tags %v, want error 4000 for fragment %s", tags, n[1])
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("after the error chunk: %v, want the end of the payload", err)
	}
	out, err := e.GetMediaForFragmentList(context.Background(), video.GetMediaForFragmentListInput{StreamName: "cam", Fragments: []string{n[3], n[0]}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(out.Payload)
	if !bytes.Contains(body, []byte(n[3])) || !bytes.Contains(body, []byte("Requested fragment is not found")) {
		t.Fatalf("GetMediaForFragmentList of a kept and an expired fragment: %d bytes without the chunk and the error chunk", len(body))
	}
}
