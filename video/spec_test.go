package video_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kinesim/kinesim/clock"

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

// fourFragments puts fragments whose producer times are t0+0, 2, 4 and 6 s, each 1 s long, with the server clock
// advanced by 2 s between them, and returns their numbers.
func fourFragments(t *testing.T, e *video.Engine, clk *clock.Manual, name string) []string {
	t.Helper()
	var numbers []string
	for i := range 4 {
		if i > 0 {
			clk.Advance(2 * time.Second)
		}
		out, err := e.PutMedia(context.Background(), video.PutMediaInput{StreamName: name, FragmentTimecodeType: video.Relative,
			ProducerStartTimestamp: t0, Payload: bytes.NewReader(segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: uint64(2000 * i), frames: 10, gap: 100}))})
		if err != nil {
			t.Fatal(err)
		}
		for a := range out.Acks {
			if a.EventType == video.AckReceived {
				numbers = append(numbers, a.FragmentNumber)
			}
		}
		if err := out.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	return numbers
}

func getMedia(t *testing.T, e *video.Engine, name string, sel video.StartSelector) io.ReadCloser {
	t.Helper()
	out, err := e.GetMedia(context.Background(), video.GetMediaInput{StreamName: name, StartSelector: sel})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = out.Payload.Close() })
	return out.Payload
}

func numbersOf(chunks []readChunk) []string {
	var s []string
	for _, c := range chunks {
		s = append(s, c.tags[video.TagFragmentNumber])
	}
	return s
}

// StartSelector (API Reference, GetMedia and StartSelector): each type starts at the chunk it names.
func TestGetMediaStartSelectorEarliestStartsAtTheOldestFragment(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	got := numbersOf(readChunks(t, getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartEarliest}), 4))
	if !slices.Equal(got, n) {
		t.Fatalf("EARLIEST read %v, want %v", got, n)
	}
}

func TestGetMediaStartSelectorNowStartsAtTheLatestFragmentAndFollowsLive(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	p := getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartNow})
	if got := numbersOf(readChunks(t, p, 1)); got[0] != n[3] {
		t.Fatalf("NOW read %v, want the latest %s", got, n[3])
	}
	done := make(chan []readChunk)
	go func() { done <- readChunks(t, p, 1) }()
	clk.Advance(time.Second)
	acks, err := put(t, e, "cam", video.Relative, segment(t, []mkv.Track{rawTrack(1)}, clusterSpec{timecode: 9000, frames: 2, gap: 100}))
	if err != nil {
		t.Fatal(err)
	}
	if got := (<-done)[0].tags[video.TagFragmentNumber]; got != acks[1].FragmentNumber {
		t.Fatalf("the live reader read %s, want the new fragment %s", got, acks[1].FragmentNumber)
	}
}

func TestGetMediaStartSelectorFragmentNumberStartsAfterIt(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	got := numbersOf(readChunks(t, getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartFragmentNumber, AfterFragmentNumber: n[1]}), 2))
	if !slices.Equal(got, n[2:]) {
		t.Fatalf("FRAGMENT_NUMBER after %s read %v, want %v", n[1], got, n[2:])
	}
}

func TestGetMediaStartSelectorServerTimestampStartsAtTheFragmentContainingIt(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam") // server times t0, +2, +4, +6 s, each 1 s long
	for _, c := range []struct {
		at   time.Duration
		want string
	}{{2500 * time.Millisecond, n[1]}, {3500 * time.Millisecond, n[2]}, {0, n[0]}} {
		got := numbersOf(readChunks(t, getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartServerTimestamp, StartTimestamp: t0.Add(c.at)}), 1))
		if got[0] != c.want {
			t.Fatalf("SERVER_TIMESTAMP t0+%v read %s, want %s", c.at, got[0], c.want)
		}
	}
}

func TestGetMediaStartSelectorProducerTimestampStartsAtTheFragmentContainingIt(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	got := readChunks(t, getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartProducerTimestamp, StartTimestamp: t0.Add(4500 * time.Millisecond)}), 1)
	if got[0].tags[video.TagFragmentNumber] != n[2] || got[0].tags[video.TagProducerTimestamp] != stampOf(t0.Add(4*time.Second)) {
		t.Fatalf("PRODUCER_TIMESTAMP t0+4.5s read %v, want %s at t0+4s", got[0].tags, n[2])
	}
}

func stampOf(t time.Time) string {
	return strconv.FormatInt(t.Unix(), 10) + "." + fmt.Sprintf("%03d", t.Nanosecond()/1e6)
}

func TestGetMediaStartSelectorContinuationTokenResumesAfterTheLastChunk(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	p := getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartEarliest})
	first := readChunks(t, p, 2)
	_ = p.Close()
	tok := first[1].tags[video.TagContinuationToken]
	if tok == "" || first[1].tags[video.TagMillisBehindNow] != "4000" {
		t.Fatalf("post-cluster tags %v: want a continuation token and MILLIS_BEHIND_NOW 4000", first[1].tags)
	}
	got := numbersOf(readChunks(t, getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartContinuationToken, ContinuationToken: tok}), 2))
	if !slices.Equal(got, n[2:]) {
		t.Fatalf("CONTINUATION_TOKEN read %v, want %v", got, n[2:])
	}
}

func TestGetMediaStartSelectorRefusesBadSelectors(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	fourFragments(t, e, clk, "cam")
	for _, sel := range []video.StartSelector{
		{StartSelectorType: "LATEST"},
		{StartSelectorType: video.StartFragmentNumber},
		{StartSelectorType: video.StartFragmentNumber, AfterFragmentNumber: "12345"},
		{StartSelectorType: video.StartServerTimestamp},
		{StartSelectorType: video.StartContinuationToken, ContinuationToken: "bad token!"},
	} {
		if _, err := e.GetMedia(context.Background(), video.GetMediaInput{StreamName: "cam", StartSelector: sel}); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%+v: %v, want InvalidArgumentException", sel, err)
		}
	}
}

// GetMedia serves 3 connections per stream (Developer Guide, service quotas: "GetMedia … 3 connections").
func TestGetMediaThreeConnectionsPerStreamThenConnectionLimitExceeded(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "cam", 1)
	for range video.MaxGetMediaConnections {
		getMedia(t, e, "cam", video.StartSelector{StartSelectorType: video.StartNow})
	}
	_, err := e.GetMedia(context.Background(), video.GetMediaInput{StreamName: "cam", StartSelector: video.StartSelector{StartSelectorType: video.StartNow}})
	if !errors.Is(err, apierr.ConnectionLimitExceeded) {
		t.Fatalf("a 4th GetMedia: %v, want ConnectionLimitExceededException", err)
	}
}

// ListFragments' TimestampRange is inclusive of the fragments that start in it: with fragments at 0, 2, 4 and 6
// s, 1–4 s returns those at 2 and 4 s (API Reference, TimestampRange).
func TestListFragmentsTimestampRangeIncludesFragmentsStartingWithinBothEnds(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	for _, k := range []video.FragmentSelectorType{video.ProducerTimestamp, video.ServerTimestamp} {
		out, err := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam", FragmentSelector: &video.FragmentSelector{
			FragmentSelectorType: k, TimestampRange: video.TimestampRange{StartTimestamp: t0.Add(time.Second), EndTimestamp: t0.Add(4 * time.Second)}}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range out.Fragments {
			got = append(got, f.FragmentNumber)
		}
		if !slices.Equal(got, n[1:3]) {
			t.Fatalf("%s 1–4 s: %v, want %v", k, got, n[1:3])
		}
	}
}

// ListFragments pages with MaxResults (1–1,000) and NextToken.
func TestListFragmentsPagesWithMaxResultsAndNextToken(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	var got []string
	token := ""
	pages := 0
	for {
		out, err := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam", MaxResults: 3, NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, f := range out.Fragments {
			got = append(got, f.FragmentNumber)
		}
		if token = out.NextToken; token == "" {
			break
		}
	}
	if !slices.Equal(got, n) || pages != 2 {
		t.Fatalf("pages %d, fragments %v; want 2 pages of %v", pages, got, n)
	}
	for _, max := range []int64{-1, 1001} {
		if _, err := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam", MaxResults: max}); !errors.Is(err, apierr.InvalidArgument) {
			t.Fatalf("MaxResults %d: %v", max, err)
		}
	}
	if _, err := e.ListFragments(context.Background(), video.ListFragmentsInput{StreamName: "cam", NextToken: "forged"}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("a forged NextToken: %v", err)
	}
}

// GetMediaForFragmentList takes 1–1,000 fragments (API Reference, GetMediaForFragmentList: Fragments).
func TestGetMediaForFragmentListTakesAtMost1000Fragments(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "cam", 1)
	n := fourFragments(t, e, clk, "cam")
	many := make([]string, video.MaxFragmentList+1)
	for i := range many {
		many[i] = n[0]
	}
	if _, err := e.GetMediaForFragmentList(context.Background(), video.GetMediaForFragmentListInput{StreamName: "cam", Fragments: many}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("1,001 fragments: %v, want InvalidArgumentException", err)
	}
	out, err := e.GetMediaForFragmentList(context.Background(), video.GetMediaForFragmentListInput{StreamName: "cam", Fragments: many[:video.MaxFragmentList]})
	if err != nil {
		t.Fatal(err)
	}
	if got := readChunks(t, out.Payload, video.MaxFragmentList); got[999].tags[video.TagFragmentNumber] != n[0] {
		t.Fatalf("1,000 fragments: the last chunk is %v", got[999].tags)
	}
}
