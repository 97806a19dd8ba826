package mkv_test

import (
	"bytes"
	"errors"
	"runtime"
	"testing"

	"github.com/kinesim/kinesim/video/mkv"
)

// totalAlloc returns the bytes allocated while f runs.
func totalAlloc(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// Hostile sizes are refused before anything of their size is allocated: a cluster claiming 2⁵⁵ bytes, a Tracks
// claiming 1 TiB, a cluster of unknown size that never ends.
func TestReaderRefusesHostileSizesWithBoundedMemory(t *testing.T) {
	base := sample(t)
	hugeCluster := mkv.AppendSize(mkv.AppendID(append([]byte(nil), base...), mkv.IDCluster), 1<<55)
	var hugeTracks []byte
	{
		b := sample(t)
		i := bytes.Index(b, []byte{0x16, 0x54, 0xAE, 0x6B}) // Tracks
		hugeTracks = mkv.AppendSize(append([]byte(nil), b[:i+4]...), 1<<40)
	}
	endless := append([]byte(nil), base...)
	endless = mkv.AppendID(endless, mkv.IDCluster)
	endless = append(endless, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF) // unknown size
	endless = append(endless, 0xE7, 0x81, 0x00)
	for range 100 {
		endless = mkv.AppendSimpleBlock(endless, 1, 0, true, make([]byte, 1000))
	}
	for _, c := range []struct {
		name string
		b    []byte
		want error
	}{{"a cluster of 2⁵⁵ bytes", hugeCluster, mkv.ErrClusterTooLarge}, {"a Tracks of 1 TiB", hugeTracks, mkv.ErrMalformed},
		{"an endless cluster", endless, mkv.ErrClusterTooLarge}} {
		var err error
		used := totalAlloc(func() { _, _, err = readAll(c.b, mkv.Limits{MaxCluster: 50_000}) })
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if used > 1<<20 {
			t.Errorf("%s: %d bytes allocated, want under 1 MiB", c.name, used)
		}
	}
}

// What ffmpeg writes (a known-size segment, SeekHead, Void, Info, Tracks, Tags, clusters, Cues) and what GetMedia
// writes (segments of unknown size one after the other, Tags before and after each cluster) both read.
func TestReaderReadsSegmentsOneAfterAnotherWithTagsAroundClusters(t *testing.T) {
	h, err := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED"}})
	if err != nil {
		t.Fatal(err)
	}
	var b []byte
	for i := range 3 {
		body := mkv.AppendSimpleBlock(nil, 1, 0, true, []byte{byte(i)})
		b = mkv.AppendChunk(b, h, []mkv.SimpleTag{{Name: "BEFORE", Value: "x"}}, uint64(1000*i), body, []mkv.SimpleTag{{Name: "AFTER", Value: "y"}})
	}
	r := mkv.NewReader(bytes.NewReader(b), mkv.Limits{})
	var got []string
	for {
		ev, err := r.Next()
		if err != nil {
			break
		}
		switch ev {
		case mkv.EventHeader:
			got = append(got, "header")
		case mkv.EventTags:
			got = append(got, r.Tags()[0].Name)
		case mkv.EventCluster:
			c, err := r.ReadCluster()
			if err != nil {
				t.Fatal(err)
			}
			for blk := range c.Blocks() {
				got = append(got, "cluster "+string('0'+rune(blk.Data[0])))
			}
		}
	}
	want := "BEFORE header cluster 0 AFTER BEFORE header cluster 1 AFTER BEFORE header cluster 2 AFTER"
	if s := join(got); s != want {
		t.Fatalf("events\n%s\nwant\n%s", s, want)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
