package mkv_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/kinesim/kinesim/video/mkv"
)

// readAll reads every event of b, returning the clusters' timecodes and frame counts; it fails on nothing but
// reports the error that ended the reading.
func readAll(b []byte, lim mkv.Limits) (timecodes []uint64, frames []int, err error) {
	r := mkv.NewReader(bytes.NewReader(b), lim)
	for {
		ev, err := r.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return timecodes, frames, err
		}
		if ev == mkv.EventCluster {
			c, err := r.ReadCluster()
			if err != nil {
				return timecodes, frames, err
			}
			timecodes = append(timecodes, c.Timecode)
			frames = append(frames, c.Frames)
			for range c.Blocks() {
			}
		}
	}
}

func sample(tb testing.TB) []byte {
	h, err := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED", PixelWidth: 4, PixelHeight: 4}})
	if err != nil {
		tb.Fatal(err)
	}
	b := mkv.AppendTags(h.AppendStart(nil), []mkv.SimpleTag{{Name: "MOTION", Value: "true"}})
	for c := range 3 {
		var body []byte
		for i := range 4 {
			body = mkv.AppendSimpleBlock(body, 1, int16(i*40), i == 0, []byte{byte(c), byte(i), 1, 2})
		}
		b = mkv.AppendCluster(b, uint64(c*160), body)
	}
	return b
}

// FuzzReader feeds the producer-input parser arbitrary bytes: it never panics, and it never holds more than its
// limits whatever sizes the input claims (a cluster claiming 2⁵⁶ bytes is refused before it is read).
func FuzzReader(f *testing.F) {
	f.Add(sample(f))
	f.Add(sample(f)[:40])
	f.Add([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE})
	big := append(sample(f)[:0:0], sample(f)...)
	big = mkv.AppendID(big, mkv.IDCluster)
	big = mkv.AppendSize(big, 1<<55)
	f.Add(big)
	f.Fuzz(func(t *testing.T, b []byte) {
		lim := mkv.Limits{MaxCluster: 1 << 16, MaxHeader: 1 << 14}
		_, _, _ = readAll(b, lim)
	})
}

// FuzzRoundTrip writes clusters of arbitrary frames and timecodes and reads them back: what the writer wrote, the
// reader reads (decode(encode(x)) = x).
func FuzzRoundTrip(f *testing.F) {
	f.Add(uint64(0), []byte("frame"), uint8(3))
	f.Add(uint64(1700000000123), []byte{}, uint8(1))
	f.Fuzz(func(t *testing.T, tc uint64, frame []byte, n uint8) {
		h, err := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED"}})
		if err != nil {
			t.Fatal(err)
		}
		count := int(n%8) + 1
		var body []byte
		for i := range count {
			body = mkv.AppendSimpleBlock(body, 1, int16(i), i == 0, frame)
		}
		b := mkv.AppendChunk(nil, h, []mkv.SimpleTag{{Name: "N", Value: string(frame)}}, tc, body, nil)
		tcs, frames, err := readAll(b, mkv.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tcs, []uint64{tc}) || !slices.Equal(frames, []int{count}) {
			t.Fatalf("read %v %v, want [%d] [%d]", tcs, frames, tc, count)
		}
		r := mkv.NewReader(bytes.NewReader(b), mkv.Limits{})
		for {
			ev, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if ev == mkv.EventCluster {
				c, _ := r.ReadCluster()
				for blk := range c.Blocks() {
					if !bytes.Equal(blk.Data, frame) || blk.Track != 1 {
						t.Fatalf("block %+v, want frame %q", blk, frame)
					}
				}
				return
			}
		}
	})
}
