package video_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/video"
	"github.com/kinesim/kinesim/video/mkv"
)

// Each cluster becomes one fragment, acknowledged BUFFERING, RECEIVED and PERSISTED on a stream with retention
// (API Reference, PutMedia: "Response Syntax"; firehose-and-video.md §3.2).
func TestPutMediaAcksBufferingReceivedPersistedPerFragment(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 24)
	payload := segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 10, gap: 100}, clusterSpec{timecode: 1000, frames: 10, gap: 100})
	acks, err := put(t, e, "cam", video.Relative, payload)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"BUFFERING", "RECEIVED", "PERSISTED", "BUFFERING", "RECEIVED", "PERSISTED"}
	if got := events(acks); !slices.Equal(got, want) {
		t.Fatalf("acks %v, want %v", got, want)
	}
	if acks[1].FragmentNumber == "" || acks[1].FragmentNumber >= acks[4].FragmentNumber || len(acks[1].FragmentNumber) < 20 {
		t.Fatalf("fragment numbers %q, %q: want increasing numbers of 20+ digits", acks[1].FragmentNumber, acks[4].FragmentNumber)
	}
	if acks[3].FragmentTimecode != 1000 || !acks[3].HasTimecode {
		t.Fatalf("BUFFERING of the second fragment has timecode %d", acks[3].FragmentTimecode)
	}
	out, err := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Fragments) != 2 || !out.Fragments[1].ProducerTimestamp.Equal(t0.Add(time.Second)) || out.Fragments[0].FragmentLengthInMilliseconds != 1000 {
		t.Fatalf("fragments %+v", out.Fragments)
	}
}

// A stream with no retention acknowledges RECEIVED only: nothing is persisted (PutMedia: "RECEIVED … PERSISTED").
func TestPutMediaZeroRetentionAcksReceivedNotPersisted(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 0)
	acks, err := put(t, e, "cam", video.Relative, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 0, frames: 3, gap: 100}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := events(acks), []string{"BUFFERING", "RECEIVED"}; !slices.Equal(got, want) {
		t.Fatalf("acks %v, want %v", got, want)
	}
}

func TestCreateStreamRefusesRetentionOutside0To87600(t *testing.T) {
	e, _ := newEngine(t)
	for _, h := range []int32{-1, 87601} {
		_, err := e.CreateStream(context.Background(), video.CreateStreamInput{StreamName: "s", DataRetentionInHours: h})
		if !errors.Is(err, apierr.InvalidArgument) {
			t.Fatalf("retention %d: %v, want InvalidArgumentException", h, err)
		}
	}
	if _, err := e.CreateStream(context.Background(), video.CreateStreamInput{StreamName: "s", DataRetentionInHours: 87600}); err != nil {
		t.Fatal(err)
	}
}
