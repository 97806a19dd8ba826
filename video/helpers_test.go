package video_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/video"
	"github.com/kinesim/kinesim/video/mkv"
)

var t0 = time.Date(2026, 7, 13, 15, 0, 0, 0, time.UTC)

func newEngine(t testing.TB, opts ...video.Option) (*video.Engine, *clock.Manual) {
	t.Helper()
	clk := clock.NewManual(t0)
	e := video.New(append([]video.Option{video.WithClock(clk), video.WithSeed(7)}, opts...)...)
	t.Cleanup(func() { _ = e.Close() })
	return e, clk
}

func create(t testing.TB, e *video.Engine, name string, retentionHours int32) string {
	t.Helper()
	out, err := e.CreateStream(context.Background(), video.CreateStreamInput{StreamName: name, DataRetentionInHours: retentionHours, MediaType: "video/h264"})
	if err != nil {
		t.Fatal(err)
	}
	return out.StreamARN
}

// clusterSpec is one cluster of a synthetic producer stream: its timecode (ms), and frames every gap ms on each
// track.
type clusterSpec struct {
	timecode uint64
	frames   int
	gap      int16
	tracks   []uint64 // the tracks with frames; nil: track 1
	size     int      // bytes per frame; 0: 16
}

func rawTrack(n uint64) mkv.Track {
	return mkv.Track{Number: n, UID: n, Type: 1, CodecID: "V_UNCOMPRESSED", PixelWidth: 4, PixelHeight: 4}
}

// segment returns a producer's Matroska stream: one segment with tracks and the clusters.
func segment(t testing.TB, tracks []mkv.Track, clusters ...clusterSpec) []byte {
	t.Helper()
	h, err := mkv.NewHeader(0, tracks)
	if err != nil {
		t.Fatal(err)
	}
	b := h.AppendStart(nil)
	return appendClusters(b, clusters...)
}

func appendClusters(b []byte, clusters ...clusterSpec) []byte {
	for _, c := range clusters {
		var body []byte
		size := c.size
		if size == 0 {
			size = 16
		}
		tr := c.tracks
		if tr == nil {
			tr = []uint64{1}
		}
		for i := range c.frames {
			for _, n := range tr {
				frame := bytes.Repeat([]byte{byte(i)}, size)
				body = mkv.AppendSimpleBlock(body, n, int16(i)*c.gap, i == 0, frame)
			}
		}
		b = mkv.AppendCluster(b, c.timecode, body)
	}
	return b
}

// put sends payload on one PutMedia connection and returns its acks and Wait's error.
func put(t testing.TB, e *video.Engine, name string, tc video.FragmentTimecodeType, payload []byte) ([]video.Ack, error) {
	t.Helper()
	out, err := e.PutMedia(context.Background(), video.PutMediaInput{StreamName: name, FragmentTimecodeType: tc,
		ProducerStartTimestamp: t0, Payload: bytes.NewReader(payload)})
	if err != nil {
		t.Fatal(err)
	}
	var acks []video.Ack
	for a := range out.Acks {
		acks = append(acks, a)
	}
	return acks, out.Wait()
}

// events returns the event types of acks, the error ones with their id.
func events(acks []video.Ack) []string {
	var s []string
	for _, a := range acks {
		if a.EventType == video.AckErrorEvent {
			s = append(s, "ERROR "+itoa(int(a.ErrorId)))
			continue
		}
		s = append(s, string(a.EventType))
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// readChunks reads n chunks from a GetMedia payload with a Matroska reader, returning each cluster's first frame
// byte and the pre-cluster tags of each.
type readChunk struct {
	tags     map[string]string
	timecode uint64
	frames   int
}

func readChunks(t testing.TB, r io.Reader, n int) []readChunk {
	t.Helper()
	mr := mkv.NewReader(r, mkv.Limits{})
	var out []readChunk
	tags := map[string]string{}
	afterCluster := false
	for {
		ev, err := mr.Next()
		if err != nil {
			t.Fatalf("after %d chunks: %v", len(out), err)
		}
		switch ev {
		case mkv.EventTags:
			dst := tags
			if afterCluster { // the post-cluster tags belong to the chunk just read
				dst = out[len(out)-1].tags
			}
			for _, s := range mr.Tags() {
				dst[s.Name] = s.Value
			}
			if afterCluster && len(out) == n {
				return out
			}
			afterCluster = false
		case mkv.EventCluster:
			c, err := mr.ReadCluster()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, readChunk{tags: tags, timecode: c.Timecode, frames: c.Frames})
			tags = map[string]string{}
			afterCluster = true
		default:
			afterCluster = false
		}
	}
}
