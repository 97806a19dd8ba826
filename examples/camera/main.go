// Camera is the seeds' security camera: a producer generates a video of a square that stands still, moves, and
// stands still again (raw 8-bit grey frames, V_UNCOMPRESSED, written by package video/mkv: no codec and no ffmpeg
// needed), and puts it to a Kinesis video stream with PutMedia, one fragment a second. A consumer reads the
// fragments live with GetMedia, decodes the frames, compares each with the one before, and writes an alert
// record to a Kinesis data stream for every fragment with motion. The video service and the data stream meet
// here, through the small Alerter interface the consumer declares: package video imports no other service.
//
// Everything runs on a virtual clock, so the run is deterministic and ends by itself.
//
//	go run ./examples/camera
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
	"github.com/kinesim/kinesim/video"
	"github.com/kinesim/kinesim/video/mkv"
)

const (
	width, height = 32, 24
	fps           = 5
	seconds       = 8
	square        = 6
)

// frame draws the square at second s, frame i: still before second 3 and from second 6, moving in between.
func frame(s, i int) []byte {
	x := 4
	if s >= 3 {
		x = 4 + min((s-3)*fps+i, 3*fps)
	}
	y := 9
	img := make([]byte, width*height)
	for r := y; r < y+square; r++ {
		for c := x; c < x+square; c++ {
			img[r*width+c] = 255
		}
	}
	return img
}

// Alerter receives the consumer's alerts: what the consumer needs of a sink, here a Kinesis data stream.
type Alerter interface {
	Alert(ctx context.Context, alert Alert) error
}

// Alert is one motion alert.
type Alert struct {
	Camera            string `json:"camera"`
	FragmentNumber    string `json:"fragmentNumber"`
	ProducerTimestamp string `json:"producerTimestamp"`
	ChangedPixels     int    `json:"changedPixels"`
}

// streamAlerter writes alerts as JSON records to a data stream.
type streamAlerter struct {
	e    *stream.Engine
	name string
}

func (a streamAlerter) Alert(ctx context.Context, al Alert) error {
	data, err := json.Marshal(al)
	if err != nil {
		return err
	}
	_, err = a.e.PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: a.name}, Data: data, PartitionKey: al.Camera})
	return err
}

func main() {
	ctx := context.Background()
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clk := clock.NewManual(start)
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(42))
	defer acct.Close()

	must(acct.Video().CreateStream(ctx, video.CreateStreamInput{StreamName: "front-door", DataRetentionInHours: 24, MediaType: "video/x-raw"}))
	check(acct.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: "alerts", ShardCount: 1}))

	// The consumer: GetMedia from the earliest fragment, live.
	cctx, stop := context.WithCancel(ctx)
	defer stop()
	chunks, err := acct.Video().GetMediaChunks(cctx, video.GetMediaInput{StreamName: "front-door",
		StartSelector: video.StartSelector{StartSelectorType: video.StartEarliest}})
	check(err)
	done := make(chan int)
	go func() { done <- consume(ctx, chunks, streamAlerter{acct.Streams(), "alerts"}, seconds) }()

	// The producer: one segment, one cluster (fragment) a second, through a pipe as a camera streams.
	r, w := io.Pipe()
	out, err := acct.Video().PutMedia(ctx, video.PutMediaInput{StreamName: "front-door", FragmentTimecodeType: video.Relative,
		ProducerStartTimestamp: start, Payload: r})
	check(err)
	h, err := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED", Name: "grey",
		PixelWidth: width, PixelHeight: height, DefaultDuration: uint64(time.Second / fps)}})
	check(err)
	_, err = w.Write(h.AppendStart(nil))
	check(err)
	for s := range seconds {
		var body []byte
		for i := range fps {
			body = mkv.AppendSimpleBlock(body, 1, int16(i*1000/fps), true, frame(s, i))
		}
		go func() { _, _ = w.Write(mkv.AppendCluster(nil, uint64(s*1000), body)) }()
		for a := range out.Acks {
			if a.EventType == video.AckPersisted {
				break
			}
		}
		clk.Advance(time.Second)
	}
	check(w.Close())
	for range out.Acks {
	}
	check(out.Wait())
	alerts := <-done
	stop()

	// What the alert stream holds.
	it, err := acct.Streams().GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: stream.StreamRef{StreamName: "alerts"},
		ShardId: "shardId-000000000000", ShardIteratorType: stream.TrimHorizon})
	check(err)
	recs, err := acct.Streams().GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
	check(err)
	fmt.Printf("%d fragments put, %d alerts sent, %d alert records in the data stream:\n", seconds, alerts, len(recs.Records))
	for _, rec := range recs.Records {
		var al Alert
		check(json.Unmarshal(rec.Data, &al))
		fmt.Printf("  motion at %s: %d pixels changed\n", al.ProducerTimestamp, al.ChangedPixels)
	}
}

// consume reads n chunks, decodes their frames and alerts on each fragment whose frames changed; it returns the
// number of alerts.
func consume(ctx context.Context, chunks <-chan video.Chunk, alerter Alerter, n int) int {
	var prev []byte
	alerts := 0
	for range n {
		c, ok := <-chunks
		if !ok {
			break
		}
		changed := 0
		r := mkv.NewReader(bytes.NewReader(c.Bytes), mkv.Limits{})
		for {
			ev, err := r.Next()
			if err != nil {
				break
			}
			if ev != mkv.EventCluster {
				continue
			}
			cl, err := r.ReadCluster()
			check(err)
			for b := range cl.Blocks() {
				if prev != nil {
					changed += diff(prev, b.Data)
				}
				prev = b.Data
			}
		}
		if changed > 0 {
			alerts++
			check(alerter.Alert(ctx, Alert{Camera: "front-door", FragmentNumber: c.FragmentNumber,
				ProducerTimestamp: c.ProducerTimestamp.Format(time.TimeOnly), ChangedPixels: changed}))
		}
	}
	return alerts
}

// diff counts the pixels that differ by more than a little between two frames.
func diff(a, b []byte) int {
	n := 0
	for i := range min(len(a), len(b)) {
		if d := int(a[i]) - int(b[i]); d > 16 || d < -16 {
			n++
		}
	}
	return n
}

func must[T any](_ T, err error) { check(err) }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
