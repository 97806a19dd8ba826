package video_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/video"
)

// Real decoders check what kinesim writes (firehose-and-video.md §4.3): ffmpeg makes an H.264 Matroska file,
// it goes through PutMedia, and every chunk read back passes ffprobe with nothing on stderr and decodes to the
// frames of the input.

// needFFmpeg skips the test when ffmpeg or ffprobe is missing, unless KINESIM_REQUIRE_FFMPEG=1 (set by .ci/run,
// which installs Debian's ffmpeg).
func needFFmpeg(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("KINESIM_REQUIRE_FFMPEG") == "1" {
				t.Fatalf("%s is not installed and KINESIM_REQUIRE_FFMPEG=1", tool)
			}
			t.Skipf("%s is not installed (apt-get install ffmpeg, or .ci/run): the real-decoder checks are skipped", tool)
		}
	}
}

func run(t *testing.T, stdin []byte, name string, args ...string) (stdout, stderr []byte) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, e.Bytes())
	}
	return o.Bytes(), e.Bytes()
}

// h264 makes a 3-second 10 fps H.264 Matroska file with a key frame every second: ffmpeg's Matroska muxer starts
// a cluster at each key frame, so the file has 3 clusters of 10 frames.
func h264(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.mkv")
	run(t, nil, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "3",
		"-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "10", "-bf", "0", "-x264-params", "scenecut=0", "-f", "matroska", path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// frameHashes returns the MD5 of each decoded frame of a Matroska file (ffmpeg -f framemd5), in order.
func frameHashes(t *testing.T, mkvBytes []byte) []string {
	t.Helper()
	out, stderr := run(t, mkvBytes, "ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "framemd5", "pipe:1")
	if len(stderr) != 0 {
		t.Fatalf("ffmpeg decoding: %s", stderr)
	}
	var hashes []string
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(strings.TrimSpace(line), ",")
		hashes = append(hashes, strings.TrimSpace(f[len(f)-1]))
	}
	return hashes
}

type probe struct {
	Streams []struct {
		CodecName     string `json:"codec_name"`
		NbReadPackets string `json:"nb_read_packets"`
	} `json:"streams"`
	Format struct {
		FormatName string            `json:"format_name"`
		Tags       map[string]string `json:"tags"`
	} `json:"format"`
}

// ffprobe checks one chunk: no output on stderr, and its JSON.
func ffprobe(t *testing.T, chunk []byte) probe {
	t.Helper()
	path := filepath.Join(t.TempDir(), "chunk.mkv")
	if err := os.WriteFile(path, chunk, 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr := run(t, nil, "ffprobe", "-v", "error", "-show_streams", "-count_packets", "-show_format", "-print_format", "json", path)
	if len(stderr) != 0 {
		t.Fatalf("ffprobe -v error printed: %s", stderr)
	}
	var p probe
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("ffprobe JSON: %v\n%s", err, out)
	}
	return p
}

// checkChunk checks a chunk against its fragment: one h264 stream of 10 packets, and the AWS tags of the
// fragment.
func checkChunk(t *testing.T, c video.Chunk) {
	t.Helper()
	p := ffprobe(t, c.Bytes)
	if len(p.Streams) != 1 || p.Streams[0].CodecName != "h264" || p.Streams[0].NbReadPackets != "10" {
		t.Fatalf("chunk %s: streams %+v, want one h264 stream of 10 packets", c.FragmentNumber, p.Streams)
	}
	tags := p.Format.Tags
	if tags[video.TagFragmentNumber] != c.FragmentNumber || tags[video.TagServerTimestamp] == "" || tags[video.TagProducerTimestamp] == "" {
		t.Fatalf("chunk %s: tags %v", c.FragmentNumber, tags)
	}
}

func TestH264ThroughPutMediaAndGetMediaDecodesToTheSameFrames(t *testing.T) {
	needFFmpeg(t)
	in := h264(t)
	want := frameHashes(t, in)
	if len(want) != 30 {
		t.Fatalf("the input has %d frames, want 30", len(want))
	}
	e, _ := newEngine(t)
	create(t, e, "cam", 24)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	chunks, err := e.GetMediaChunks(ctx, video.GetMediaInput{StreamName: "cam", StartSelector: video.StartSelector{StartSelectorType: video.StartEarliest}})
	if err != nil {
		t.Fatal(err)
	}
	acks, err := put(t, e, "cam", video.Relative, in)
	if err != nil {
		t.Fatal(err)
	}
	if got := events(acks); len(got) != 9 || got[8] != "PERSISTED" {
		t.Fatalf("acks %v, want BUFFERING, RECEIVED, PERSISTED for each of 3 fragments", got)
	}
	var got []string
	var numbers []string
	for i := range 3 {
		c := <-chunks
		checkChunk(t, c)
		if want := t0.Add(time.Duration(i) * time.Second); !c.ProducerTimestamp.Equal(want) {
			t.Fatalf("chunk %d: producer timestamp %v, want %v", i, c.ProducerTimestamp, want)
		}
		got = append(got, frameHashes(t, c.Bytes)...)
		numbers = append(numbers, c.FragmentNumber)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("GetMedia's chunks decode to\n%v\nwant\n%v", got, want)
	}

	// GetMediaForFragmentList: the same chunks, one after the other.
	out, err := e.GetMediaForFragmentList(context.Background(), video.GetMediaForFragmentListInput{StreamName: "cam", Fragments: numbers})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(out.Payload)
	parts := splitChunks(body)
	if len(parts) != 3 {
		t.Fatalf("GetMediaForFragmentList returned %d chunks, want 3", len(parts))
	}
	got = got[:0]
	for i, b := range parts {
		checkChunk(t, video.Chunk{FragmentNumber: numbers[i], Bytes: b})
		got = append(got, frameHashes(t, b)...)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("GetMediaForFragmentList's chunks decode to other frames")
	}

	// GetClip: one file of the whole range.
	clip, err := e.GetClip(context.Background(), video.GetClipInput{StreamName: "cam", ClipFragmentSelector: video.FragmentSelector{
		FragmentSelectorType: video.ProducerTimestamp, TimestampRange: video.TimestampRange{StartTimestamp: t0, EndTimestamp: t0.Add(time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := io.ReadAll(clip.Payload)
	if p := ffprobe(t, cb); len(p.Streams) != 1 || p.Streams[0].NbReadPackets != "30" {
		t.Fatalf("clip: %+v, want 30 packets", p.Streams)
	}
	if !slices.Equal(frameHashes(t, cb), want) {
		t.Fatalf("GetClip's clip decodes to other frames")
	}
}

// GetImages decodes the frame at each sampled time with ffmpeg: a PNG equal, pixel for pixel, to ffmpeg's own
// decoding of that frame of the input; NO_MEDIA where no fragment is; JPEG at the size asked for.
func TestGetImagesDecodesTheFrameAtEachSampledTime(t *testing.T) {
	needFFmpeg(t)
	in := h264(t)
	e, _ := newEngine(t)
	create(t, e, "cam", 24)
	if _, err := put(t, e, "cam", video.Relative, in); err != nil {
		t.Fatal(err)
	}
	out, err := e.GetImages(context.Background(), video.GetImagesInput{StreamName: "cam", ImageSelectorType: video.ProducerTimestamp,
		StartTimestamp: t0.Add(500 * time.Millisecond), EndTimestamp: t0.Add(4 * time.Second), SamplingInterval: 3000, Format: "PNG"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Images) != 2 || out.Images[0].Error != "" || out.Images[1].Error != video.ImageErrorNoMedia {
		t.Fatalf("images %+v, want a PNG at 0.5 s and NO_MEDIA at 3.5 s", out.Images)
	}
	got, err := png.Decode(bytes.NewReader(out.Images[0].ImageContent))
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := run(t, in, "ffmpeg", "-v", "error", "-i", "pipe:0", "-vf", `select=eq(n\,5)`, "-frames:v", "1", "-c:v", "png", "-f", "image2pipe", "pipe:1")
	want, err := png.Decode(bytes.NewReader(ref))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() || got.Bounds().Dx() != 160 {
		t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	for y := range 120 {
		for x := range 160 {
			if got.At(x, y) != want.At(x, y) {
				t.Fatalf("pixel (%d,%d) is %v, want frame 5's %v", x, y, got.At(x, y), want.At(x, y))
			}
		}
	}
	jp, err := e.GetImages(context.Background(), video.GetImagesInput{StreamName: "cam", ImageSelectorType: video.ServerTimestamp,
		StartTimestamp: t0, EndTimestamp: t0, SamplingInterval: 3000, Format: "JPEG", WidthPixels: 80, HeightPixels: 60,
		FormatConfig: map[string]string{"JPEGQuality": "90"}})
	if err != nil || len(jp.Images) != 1 {
		t.Fatalf("JPEG: %+v, %v", jp, err)
	}
	if img, err := jpeg.Decode(bytes.NewReader(jp.Images[0].ImageContent)); err != nil || img.Bounds().Dx() != 80 || img.Bounds().Dy() != 60 {
		t.Fatalf("JPEG: %v, %v; want 80x60", img, err)
	}
}

// splitChunks splits a payload of chunks at each EBML header that begins a chunk.
func splitChunks(b []byte) [][]byte {
	magic := []byte{0x1A, 0x45, 0xDF, 0xA3}
	var out [][]byte
	for len(b) > 0 {
		i := bytes.Index(b[1:], magic)
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}
