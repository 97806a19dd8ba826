package mkv_test

import (
	"bytes"
	"fmt"

	"github.com/kinesim/kinesim/video/mkv"
)

// A producer writes a segment with one raw video track and two clusters; a reader reads them back.
func Example() {
	h, _ := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED", PixelWidth: 2, PixelHeight: 2}})
	b := h.AppendStart(nil)
	for c := range 2 {
		var body []byte
		for i := range 3 {
			body = mkv.AppendSimpleBlock(body, 1, int16(i*40), i == 0, []byte{0, 1, 2, byte(c)})
		}
		b = mkv.AppendCluster(b, uint64(c*120), body)
	}
	r := mkv.NewReader(bytes.NewReader(b), mkv.Limits{})
	for {
		ev, err := r.Next()
		if err != nil {
			break
		}
		switch ev {
		case mkv.EventHeader:
			fmt.Println("track", r.Header().Tracks[0].Number, r.Header().Tracks[0].CodecID)
		case mkv.EventCluster:
			c, _ := r.ReadCluster()
			fmt.Println("cluster at", c.Timecode, "ms:", c.Frames, "frames, key frame first:", c.Keyframe)
		}
	}
	// Output:
	// track 1 V_UNCOMPRESSED
	// cluster at 0 ms: 3 frames, key frame first: true
	// cluster at 120 ms: 3 frames, key frame first: true
}
