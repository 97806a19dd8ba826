package video_test

import (
	"bytes"
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/video"
	"github.com/kinesim/kinesim/video/mkv"
)

// BenchmarkPutMedia10MBFragments ingests 10 MB fragments (10 frames of 1 MB each), four per connection, into a
// stream with no retention (the 200 MB host buffer keeps memory bounded). Target: ≥ 1 GB/s.
func BenchmarkPutMedia10MBFragments(b *testing.B) {
	e := video.New(video.WithClock(clock.Real), video.WithSeed(1))
	defer e.Close()
	if _, err := e.CreateStream(context.Background(), video.CreateStreamInput{StreamName: "cam"}); err != nil {
		b.Fatal(err)
	}
	h, _ := mkv.NewHeader(0, []mkv.Track{rawTrack(1)})
	payload := h.AppendStart(nil)
	frame := bytes.Repeat([]byte{0x5a}, 1<<20)
	tc := uint64(0)
	for range 4 {
		var body []byte
		for i := range 10 {
			body = mkv.AppendSimpleBlock(body, 1, int16(i*100), i == 0, frame)
		}
		payload = mkv.AppendCluster(payload, tc, body)
		tc += 1000
	}
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		start = start.Add(time.Hour) // each connection's producer time starts later: timecodes keep rising
		out, err := e.PutMedia(context.Background(), video.PutMediaInput{StreamName: "cam", FragmentTimecodeType: video.Relative,
			ProducerStartTimestamp: start, Payload: bytes.NewReader(payload)})
		if err != nil {
			b.Fatal(err)
		}
		received := 0
		for a := range out.Acks {
			if a.EventType == video.AckReceived {
				received++
			}
		}
		if err := out.Wait(); err != nil || received != 4 {
			b.Fatalf("%d fragments received, %v", received, err)
		}
	}
}

// BenchmarkGetMediaLatencyAfterPersisted measures how long after a fragment's PERSISTED ack a live GetMedia reader
// has its chunk (the median over the run, as the custom metric µs-after-PERSISTED; negative when the reader had
// it first, which is the usual order: readers are woken before the acks are sent). Target: a median ≤ 100 µs.
func BenchmarkGetMediaLatencyAfterPersisted(b *testing.B) {
	e := video.New(video.WithClock(clock.Real), video.WithSeed(1))
	defer e.Close()
	if _, err := e.CreateStream(context.Background(), video.CreateStreamInput{StreamName: "cam", DataRetentionInHours: 1}); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	chunks, err := e.GetMediaChunks(ctx, video.GetMediaInput{StreamName: "cam", StartSelector: video.StartSelector{StartSelectorType: video.StartNow}})
	if err != nil {
		b.Fatal(err)
	}
	seen := make(chan time.Time, 1)
	go func() {
		for range chunks {
			seen <- time.Now()
		}
	}()
	r, w := io.Pipe()
	defer w.Close()
	out, err := e.PutMedia(ctx, video.PutMediaInput{StreamName: "cam", FragmentTimecodeType: video.Relative, ProducerStartTimestamp: time.Now(), Payload: r})
	if err != nil {
		b.Fatal(err)
	}
	h, _ := mkv.NewHeader(0, []mkv.Track{rawTrack(1)})
	if _, err := w.Write(h.AppendStart(nil)); err != nil {
		b.Fatal(err)
	}
	frame := bytes.Repeat([]byte{1}, 4096)
	var body []byte
	for i := range 10 {
		body = mkv.AppendSimpleBlock(body, 1, int16(i*100), i == 0, frame)
	}
	var lat []time.Duration
	tc := uint64(0)
	cluster := make([]byte, 0, len(body)+64)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		cluster = mkv.AppendCluster(cluster[:0], tc, body)
		tc += 1000
		go func() { _, _ = w.Write(cluster) }()
		var acked time.Time
		for a := range out.Acks {
			if a.EventType == video.AckPersisted {
				acked = time.Now()
				break
			}
		}
		lat = append(lat, (<-seen).Sub(acked))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "µs-after-PERSISTED")
}
