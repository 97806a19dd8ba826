package mkv_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/kinesim/kinesim/video/mkv"
)

// tenMB returns a segment of four 10 MB clusters of ten 1 MB frames.
func tenMB(tb testing.TB) []byte {
	h, err := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED"}})
	if err != nil {
		tb.Fatal(err)
	}
	b := h.AppendStart(nil)
	frame := bytes.Repeat([]byte{0x5a}, 1<<20)
	for c := range 4 {
		var body []byte
		for i := range 10 {
			body = mkv.AppendSimpleBlock(body, 1, int16(i*100), i == 0, frame)
		}
		b = mkv.AppendCluster(b, uint64(c*1000), body)
	}
	return b
}

// BenchmarkReader10MBClusters reads 10 MB clusters: PutMedia's parsing, alone.
func BenchmarkReader10MBClusters(b *testing.B) {
	payload := tenMB(b)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		r := mkv.NewReader(bytes.NewReader(payload), mkv.Limits{})
		n := 0
		for {
			ev, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if ev == mkv.EventCluster {
				if _, err := r.ReadCluster(); err != nil {
					b.Fatal(err)
				}
				n++
			}
		}
		if n != 4 {
			b.Fatalf("%d clusters", n)
		}
	}
}
