package video_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/video"
	"github.com/kinesim/kinesim/video/mkv"
)

// The PutMedia limits (API Reference, PutMedia, "Error codes"; Developer Guide, service quotas): each refused
// fragment ends the connection with one ERROR ack of its ErrorId, after the fragments before it were stored.

// wantError puts payload and checks that the acks end with ERROR id, after `stored` fragments.
func wantError(t *testing.T, e *video.Engine, payload []byte, id video.AckErrorID, stored int) {
	t.Helper()
	acks, err := put(t, e, "cam", video.Relative, payload)
	ev := events(acks)
	if len(ev) == 0 || ev[len(ev)-1] != "ERROR "+itoa(int(id)) {
		t.Fatalf("acks %v, want them to end with ERROR %d", ev, id)
	}
	var ae *video.AckError
	if !errors.As(err, &ae) || ae.ErrorId != id {
		t.Fatalf("Wait: %v, want an AckError %d", err, id)
	}
	out, err := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Fragments) != stored {
		t.Fatalf("%d fragments stored, want %d", len(out.Fragments), stored)
	}
}

func TestPutMediaFragmentOver50MBFailsWithErrorId4001(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	b := segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100})
	// a cluster declaring 50 MB + 1 of body: refused before a byte of it is read
	b = mkv.AppendID(b, mkv.IDCluster)
	b = mkv.AppendSize(b, video.MaxFragmentBytes+1)
	wantError(t, e, b, video.ErrorMaxFragmentSizeReached, 1)
}

func TestPutMediaFragmentOver10SecondsFailsWithErrorId4002(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	// 11 frames 1 s apart: 11 s long
	wantError(t, e, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 10, gap: 100}, clusterSpec{timecode: 1000, frames: 11, gap: 1000}),
		video.ErrorMaxFragmentDurationReached, 1)
}

func TestPutMediaFragmentOf10SecondsIsAccepted(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	if _, err := put(t, e, "cam", video.Relative, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 10, gap: 1000})); err != nil {
		t.Fatal(err)
	}
}

func TestPutMediaTimecodeNotAfterThePreviousFailsWithErrorId4004(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	wantError(t, e, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 2000, frames: 2, gap: 100}, clusterSpec{timecode: 2000, frames: 2, gap: 100}),
		video.ErrorFragmentTimecodeLesserThanPrev, 1)
}

func TestPutMediaInputThatIsNotMatroskaFailsWithErrorId4006(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	wantError(t, e, []byte("RIFF....WAVEfmt "), video.ErrorInvalidMKVData, 0)
}

func TestPutMediaMetadataBeginningWithAWSFailsWithErrorId4009(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	h, _ := mkv.NewHeader(0, []mkv.Track{rawTrack(1)})
	b := h.AppendStart(nil)
	b = mkv.AppendTags(b, []mkv.SimpleTag{{Name: "AWS_MINE", Value: "x"}})
	wantError(t, e, appendClusters(b, clusterSpec{timecode: 0, frames: 2, gap: 100}), video.ErrorFragmentMetadataLimitReached, 0)
}

func TestPutMediaMoreThan10MetadataTagsFailsWithErrorId4009(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	h, _ := mkv.NewHeader(0, []mkv.Track{rawTrack(1)})
	b := h.AppendStart(nil)
	tags := make([]mkv.SimpleTag, 11)
	for i := range tags {
		tags[i] = mkv.SimpleTag{Name: "K" + itoa(i+1), Value: "v"}
	}
	b = mkv.AppendTags(b, tags)
	wantError(t, e, appendClusters(b, clusterSpec{timecode: 0, frames: 2, gap: 100}), video.ErrorFragmentMetadataLimitReached, 0)
}

// Producer metadata (at most 10 tags) travels with its fragment to GetMedia.
func TestPutMediaMetadataReachesGetMediaWithItsFragment(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	h, _ := mkv.NewHeader(0, []mkv.Track{rawTrack(1)})
	b := appendClusters(mkv.AppendTags(h.AppendStart(nil), []mkv.SimpleTag{{Name: "MOTION", Value: "true"}}), clusterSpec{timecode: 0, frames: 2, gap: 100})
	if _, err := put(t, e, "cam", video.Relative, b); err != nil {
		t.Fatal(err)
	}
	got := readChunks(t, getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartEarliest}), 1)
	if got[0].tags["MOTION"] != "true" {
		t.Fatalf("tags %v, want MOTION=true", got[0].tags)
	}
}

func TestPutMediaBlockOfAnUndeclaredTrackFailsWithErrorId4010(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	wantError(t, e, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100, tracks: []uint64{1, 2}}),
		video.ErrorTrackNumberMismatch, 0)
}

// Codec private data (the track settings) must not change within a connection (PutMedia: "the codec private data
// … must not change"); a second segment that changes them ends the connection.
func TestPutMediaTrackSettingsChangeWithinAConnectionFailsWithErrorId4010(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	b := segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100})
	same := segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 1000, frames: 2, gap: 100})
	changed := rawTrack(1)
	changed.CodecPrivate = []byte{1, 2, 3}
	b = append(append(b, same...), segment(t, []mkv.Track{changed}, clusterSpec{timecode: 2000, frames: 2, gap: 100})...)
	wantError(t, e, b, video.ErrorTrackNumberMismatch, 2)
}

func TestPutMediaDeclaredTrackWithoutFramesFailsWithErrorId4011(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	wantError(t, e, segment(t, []mkv.Track{rawTrack(1), rawTrack(2)}, clusterSpec{timecode: 0, frames: 2, gap: 100, tracks: []uint64{1, 2}},
		clusterSpec{timecode: 1000, frames: 2, gap: 100}), video.ErrorFramesMissingForTrack, 1)
}

func TestPutMediaMoreThanThreeTracksFailsWithErrorId4012(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	wantError(t, e, segment(t, []mkv.Track{rawTrack(1), rawTrack(2), rawTrack(3), rawTrack(4)}, clusterSpec{timecode: 0, frames: 1, tracks: []uint64{1, 2, 3, 4}}),
		video.ErrorMoreThanMaxTracksFound, 0)
}

// streamer is a producer that writes its stream piece by piece through a pipe, as a camera sends it live.
type streamer struct {
	w   *io.PipeWriter
	out *video.PutMediaOutput
}

func openStreamer(t *testing.T, e *video.Engine, name string) *streamer {
	t.Helper()
	r, w := io.Pipe()
	out, err := e.PutMedia(context.Background(), video.PutMediaInput{StreamName: name, FragmentTimecodeType: video.Relative, ProducerStartTimestamp: t0, Payload: r})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return &streamer{w: w, out: out}
}

// send writes b and returns the acks up to the next one of type until.
func (s *streamer) send(t *testing.T, b []byte, until video.AckEventType) []video.Ack {
	t.Helper()
	go func() { _, _ = s.w.Write(b) }()
	var acks []video.Ack
	for a := range s.out.Acks {
		acks = append(acks, a)
		if a.EventType == until || a.EventType == video.AckErrorEvent {
			return acks
		}
	}
	return acks
}

func TestPutMediaConnectionOver45MinutesFailsWithErrorId4003(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	s := openStreamer(t, e, "cam")
	s.send(t, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100}), video.AckPersisted)
	// a fragment every 20 s (within the 30 s idle timeout) for 45 minutes and a bit
	for i := 1; ; i++ {
		clk.Advance(20 * time.Second)
		acks := s.send(t, appendClusters(nil, clusterSpec{timecode: uint64(i) * 1000, frames: 2, gap: 100}), video.AckPersisted)
		last := acks[len(acks)-1]
		elapsed := time.Duration(i) * 20 * time.Second
		switch {
		case last.EventType == video.AckErrorEvent && elapsed > video.MaxConnectionDuration && last.ErrorId == video.ErrorMaxConnectionDurationReached:
			return
		case last.EventType != video.AckPersisted || elapsed > video.MaxConnectionDuration:
			t.Fatalf("after %v: acks %v, want PERSISTED within 45 minutes and ERROR 4003 after", elapsed, events(acks))
		}
	}
}

// "In the case of multiple concurrent connections that exceed limits, the last connection is accepted"
// (Developer Guide, service quotas: PutMedia connections per stream, 1): the first connection ends with
// ConnectionLimitExceededException and the second one's fragments are stored.
func TestPutMediaSecondConnectionIsAcceptedAndTheFirstEnds(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	first := openStreamer(t, e, "cam")
	first.send(t, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100}), video.AckPersisted)
	second := openStreamer(t, e, "cam")
	for range first.out.Acks {
	}
	if err := first.out.Wait(); !errors.Is(err, apierr.ConnectionLimitExceeded) {
		t.Fatalf("the first connection ended with %v, want ConnectionLimitExceededException", err)
	}
	acks := second.send(t, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 1000, frames: 2, gap: 100}), video.AckPersisted)
	if ev := events(acks); !slices.Equal(ev, []string{"BUFFERING", "RECEIVED", "PERSISTED"}) {
		t.Fatalf("the second connection's acks %v", ev)
	}
	out, _ := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam"})
	if len(out.Fragments) != 2 {
		t.Fatalf("%d fragments, want one of each connection", len(out.Fragments))
	}
}

func TestPutMediaStreamDeletedFailsWithErrorId4008(t *testing.T) {
	e, _ := newEngine(t)
	streamARN := create(t, e, "cam", 1)
	s := openStreamer(t, e, "cam")
	s.send(t, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100}), video.AckPersisted)
	if err := e.DeleteStream(context.Background(), video.DeleteStreamInput{StreamARN: streamARN}); err != nil {
		t.Fatal(err)
	}
	var ev []string
	for a := range s.out.Acks {
		ev = append(ev, events([]video.Ack{a})...)
	}
	if !slices.Equal(ev, []string{"ERROR 4008"}) {
		t.Fatalf("acks after the delete %v, want ERROR 4008", ev)
	}
}

// IDLE acks come while the producer sends nothing, and the service closes the connection after 30 s with no data
// (PutMedia: "IDLE").
func TestPutMediaIdleAcksThenTheConnectionClosesAfter30Seconds(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	s := openStreamer(t, e, "cam")
	s.send(t, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 2, gap: 100}), video.AckPersisted)
	idle := 0
	for range 12 {
		clk.Advance(video.IdleAckInterval)
	}
	for a := range s.out.Acks {
		if a.EventType != video.AckIdle {
			t.Fatalf("ack %+v while idle", a)
		}
		idle++
	}
	if err := s.out.Wait(); err != nil || idle < 8 {
		t.Fatalf("Wait %v after %d IDLE acks; want nil after about 9", err, idle)
	}
}

func TestPutMediaRefusesBadHeaders(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	for _, in := range []video.PutMediaInput{
		{StreamName: "cam", FragmentTimecodeType: video.Absolute},
		{StreamName: "cam", FragmentTimecodeType: "LOCAL", Payload: bytes.NewReader(nil)},
		{StreamName: "cam", FragmentTimecodeType: video.Relative, Payload: bytes.NewReader(nil)},
		{FragmentTimecodeType: video.Absolute, Payload: bytes.NewReader(nil)},
	} {
		if _, err := e.PutMedia(context.Background(), in); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%+v: %v, want InvalidArgumentException", in, err)
		}
	}
	if _, err := e.PutMedia(context.Background(), video.PutMediaInput{StreamName: "nope", FragmentTimecodeType: video.Absolute, Payload: bytes.NewReader(nil)}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Errorf("an unknown stream: %v", err)
	}
}

// An ABSOLUTE timecode that is no time (past what a timestamp holds) is an invalid producer timestamp.
func TestPutMediaAbsoluteTimecodeOutOfRangeFailsWithErrorId4007(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	acks, err := put(t, e, "cam", video.Absolute, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 1 << 62, frames: 2, gap: 100}))
	var ae *video.AckError
	if ev := events(acks); ev[len(ev)-1] != "ERROR 4007" || !errors.As(err, &ae) {
		t.Fatalf("acks %v, Wait %v; want ERROR 4007", ev, err)
	}
}

// GetClip: a range of at most 3 hours, on a stream with retention (API Reference, GetClip).
func TestGetClipRangeOver3HoursAndZeroRetentionRefused(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	create(t, e, "live", 0)
	fourFragments(t, e, clk, "cam")
	sel := video.FragmentSelector{FragmentSelectorType: video.ServerTimestamp, TimestampRange: video.TimestampRange{StartTimestamp: t0, EndTimestamp: t0.Add(3*time.Hour + time.Second)}}
	if _, err := e.GetClip(context.Background(), video.GetClipInput{StreamName: "cam", ClipFragmentSelector: sel}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("a range of 3 h 1 s: %v, want InvalidArgumentException", err)
	}
	sel.TimestampRange.EndTimestamp = t0.Add(3 * time.Hour)
	out, err := e.GetClip(context.Background(), video.GetClipInput{StreamName: "cam", ClipFragmentSelector: sel})
	if err != nil {
		t.Fatal(err)
	}
	r := mkv.NewReader(out.Payload, mkv.Limits{})
	clusters := 0
	for {
		ev, err := r.Next()
		if err != nil {
			break
		}
		if ev == mkv.EventCluster {
			if c, err := r.ReadCluster(); err != nil || c.Frames != 10 {
				t.Fatalf("cluster %d: %v, %v", clusters, c, err)
			}
			clusters++
		}
	}
	if clusters != 4 {
		t.Fatalf("the clip has %d clusters, want 4", clusters)
	}
	if _, err := e.GetClip(context.Background(), video.GetClipInput{StreamName: "live", ClipFragmentSelector: sel}); !errors.Is(err, apierr.NoDataRetention) {
		t.Fatalf("a stream with no retention: %v, want NoDataRetentionException", err)
	}
}
