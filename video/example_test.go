package video_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/video"
	"github.com/kinesim/kinesim/video/mkv"
)

// A camera puts two fragments; a consumer reads them back from the earliest.
func Example() {
	ctx := context.Background()
	e := video.New(video.WithClock(clock.NewManual(t0)), video.WithSeed(1))
	defer e.Close()
	if _, err := e.CreateStream(ctx, video.CreateStreamInput{StreamName: "door", DataRetentionInHours: 24}); err != nil {
		panic(err)
	}
	h, _ := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED", PixelWidth: 2, PixelHeight: 2}})
	stream := h.AppendStart(nil)
	for c := range 2 {
		var body []byte
		for i := range 5 {
			body = mkv.AppendSimpleBlock(body, 1, int16(i*200), i == 0, []byte{1, 2, 3, byte(c)})
		}
		stream = mkv.AppendCluster(stream, uint64(c*1000), body)
	}
	out, err := e.PutMedia(ctx, video.PutMediaInput{StreamName: "door", FragmentTimecodeType: video.Relative, ProducerStartTimestamp: t0, Payload: bytes.NewReader(stream)})
	if err != nil {
		panic(err)
	}
	for a := range out.Acks {
		fmt.Println(a.EventType, a.FragmentTimecode)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks, _ := e.GetMediaChunks(cctx, video.GetMediaInput{StreamName: "door", StartSelector: video.StartSelector{StartSelectorType: video.StartEarliest}})
	for range 2 {
		c := <-chunks
		fmt.Println("chunk", c.ProducerTimestamp.Format("15:04:05"), "behind", c.MillisBehindNow, "ms")
	}
	// Output:
	// BUFFERING 0
	// RECEIVED 0
	// PERSISTED 0
	// BUFFERING 1000
	// RECEIVED 1000
	// PERSISTED 1000
	// chunk 15:00:00 behind 0 ms
	// chunk 15:00:01 behind 0 ms
}
