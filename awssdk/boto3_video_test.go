package awssdk_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/video/mkv"
)

// Python's boto3 (Debian's python3-boto3) against Kinesis Video Streams through the loopback server command:
// testdata/boto3_video.py creates a stream with the kinesisvideo client, puts a Matroska file through PutMedia's
// REST call, lists its fragments with kinesis-video-archived-media, reads them back live with
// kinesis-video-media's get_media and again with get_media_for_fragment_list. The chunks boto3 received are
// then read here as Matroska. Sources: Kinesis Video Streams API Reference (CreateStream, GetDataEndpoint,
// PutMedia, ListFragments, GetMedia, GetMediaForFragmentList); botocore's models of the three services as
// installed by python3-boto3.
func TestBoto3GetMediaThroughTheServerCommand(t *testing.T) {
	py := boto3Python(t)
	addr := startKinesimServer(t, "-account", "123456789012", "-region", "eu-west-1", "-seed", "9")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "producer.mkv"), filepath.Join(dir, "get_media.mkv")
	// With ffmpeg, the producer's file is real H.264 (3 clusters of 10 frames) and the chunks boto3 receives are
	// checked with ffprobe and frame hashes; without it, raw frames (3 clusters of 5).
	producer, frames, real := producerMKV(t, 3), 5, hasFFmpeg(t)
	if real {
		producer, frames = h264MKV(t), 10
	}
	if err := os.WriteFile(in, producer, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "boto3_video.py"), "http://"+addr, "eu-west-1", in, out)
	got, stderr := runSDKScript(t, cmd)
	want := `create_stream boto3-cam
describe_stream ACTIVE 1 video/x-raw
get_data_endpoint PUT_MEDIA is the server: True
put_media 200 BUFFERING RECEIVED PERSISTED BUFFERING RECEIVED PERSISTED BUFFERING RECEIVED PERSISTED
list_fragments 3 the numbers acked: True
get_media video/webm
get_media chunks 3 fragment numbers as acked: True
get_media_for_fragment_list chunks 3
describe_stream missing: ResourceNotFoundException 404
`
	if string(got) != want {
		t.Fatalf("boto3_video.py printed:\n%s\nwant:\n%s\nstderr:\n%s", got, want, stderr)
	}
	// What boto3 received is Matroska: three segments, a cluster of 5 frames each.
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := mkv.NewReader(f, mkv.Limits{})
	clusters := 0
	for {
		ev, err := r.Next()
		if err != nil {
			break
		}
		if ev == mkv.EventCluster {
			c, err := r.ReadCluster()
			if err != nil || c.Frames != frames {
				t.Fatalf("cluster %d: %v frames, %v", clusters, c, err)
			}
			clusters++
		}
	}
	if clusters != 3 {
		t.Fatalf("boto3's get_media payload holds %d clusters, want 3", clusters)
	}
	if !real {
		t.Log("ffmpeg is not installed: boto3's chunks were read as Matroska but not decoded")
		return
	}
	payload, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for i, chunk := range bytes.SplitAfter(payload, []byte{0x1A, 0x45, 0xDF, 0xA3})[1:] {
		whole := append([]byte{0x1A, 0x45, 0xDF, 0xA3}, bytes.TrimSuffix(chunk, []byte{0x1A, 0x45, 0xDF, 0xA3})...)
		probe := ffrun(t, whole, "ffprobe", "-v", "error", "-show_streams", "-count_packets", "-show_format", "-print_format", "json", "pipe:0")
		if !strings.Contains(probe, `"codec_name": "h264"`) || !strings.Contains(probe, `"nb_read_packets": "10"`) || !strings.Contains(probe, "AWS_KINESISVIDEO_FRAGMENT_NUMBER") {
			t.Fatalf("chunk %d: ffprobe says\n%s", i, probe)
		}
		hashes = append(hashes, frameMD5(t, whole)...)
	}
	if want := frameMD5(t, producer); strings.Join(hashes, " ") != strings.Join(want, " ") {
		t.Fatalf("boto3's chunks decode to\n%v\nwant\n%v", hashes, want)
	}
}

// hasFFmpeg reports whether ffmpeg and ffprobe are installed; with KINESIM_REQUIRE_FFMPEG=1 (.ci/run, once it
// has installed them) their absence fails the test.
func hasFFmpeg(t *testing.T) bool {
	_, e1 := exec.LookPath("ffmpeg")
	_, e2 := exec.LookPath("ffprobe")
	if (e1 != nil || e2 != nil) && os.Getenv("KINESIM_REQUIRE_FFMPEG") == "1" {
		t.Fatal("KINESIM_REQUIRE_FFMPEG=1 and ffmpeg or ffprobe is not installed")
	}
	return e1 == nil && e2 == nil
}

// ffrun runs an ffmpeg tool on stdin and returns its stdout; anything on stderr fails the test.
func ffrun(t *testing.T, stdin []byte, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil || e.Len() != 0 {
		t.Fatalf("%s: %v, stderr: %s", name, err, e.String())
	}
	return o.String()
}

// h264MKV makes 3 seconds of 10 fps H.264 with a key frame (and so a cluster) every second.
func h264MKV(t *testing.T) []byte {
	return []byte(ffrun(t, nil, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "3", "-c:v", "libx264",
		"-pix_fmt", "yuv420p", "-g", "10", "-bf", "0", "-x264-params", "scenecut=0", "-f", "matroska", "pipe:1"))
}

// frameMD5 returns the MD5 of each decoded frame.
func frameMD5(t *testing.T, b []byte) []string {
	var out []string
	for _, line := range strings.Split(ffrun(t, b, "ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "framemd5", "pipe:1"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ",")
		out = append(out, strings.TrimSpace(f[len(f)-1]))
	}
	return out
}
