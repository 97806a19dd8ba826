package awssdk_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesisvideo"
	kvtypes "github.com/aws/aws-sdk-go-v2/service/kinesisvideo/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/video/mkv"
)

// producerMKV returns a producer's stream: one raw video track and n clusters of 5 frames, one a second.
func producerMKV(t testing.TB, n int) []byte {
	t.Helper()
	h, err := mkv.NewHeader(0, []mkv.Track{{Number: 1, UID: 1, Type: 1, CodecID: "V_UNCOMPRESSED", PixelWidth: 4, PixelHeight: 4}})
	if err != nil {
		t.Fatal(err)
	}
	b := h.AppendStart(nil)
	for c := range n {
		var body []byte
		for i := range 5 {
			body = mkv.AppendSimpleBlock(body, 1, int16(i*200), i == 0, bytes.Repeat([]byte{byte(c)}, 16))
		}
		b = mkv.AppendCluster(b, uint64(c*1000), body)
	}
	return b
}

// The control plane through aws-sdk-go-v2's service/kinesisvideo v1.34.0 (REST-JSON), in process: the SDK's
// requests and typed errors (Kinesis Video Streams API Reference: CreateStream, DescribeStream, ListStreams,
// UpdateDataRetention, TagStream, ListTagsForStream, GetDataEndpoint, DeleteStream).
func TestKinesisVideoSDKControlPlane(t *testing.T) {
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1))
	t.Cleanup(func() { _ = acct.Close() })
	c := awssdk.NewKinesisVideoClient(acct, func(o *kinesisvideo.Options) { o.Retryer = aws.NopRetryer{} })
	ctx := context.Background()
	cr, err := c.CreateStream(ctx, &kinesisvideo.CreateStreamInput{StreamName: aws.String("cam"), DataRetentionInHours: aws.Int32(2),
		MediaType: aws.String("video/h264"), Tags: map[string]string{"room": "hall"}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeStream(ctx, &kinesisvideo.DescribeStreamInput{StreamARN: cr.StreamARN})
	if err != nil {
		t.Fatal(err)
	}
	info := d.StreamInfo
	if aws.ToString(info.StreamName) != "cam" || info.Status != kvtypes.StatusActive || aws.ToInt32(info.DataRetentionInHours) != 2 ||
		!info.CreationTime.Equal(t0) || aws.ToString(info.MediaType) != "video/h264" {
		t.Fatalf("DescribeStream: %+v", info)
	}
	if _, err := c.UpdateDataRetention(ctx, &kinesisvideo.UpdateDataRetentionInput{StreamName: aws.String("cam"), CurrentVersion: info.Version,
		Operation: kvtypes.UpdateDataRetentionOperationIncreaseDataRetention, DataRetentionChangeInHours: aws.Int32(22)}); err != nil {
		t.Fatal(err)
	}
	l, err := c.ListStreams(ctx, &kinesisvideo.ListStreamsInput{})
	if err != nil || len(l.StreamInfoList) != 1 || aws.ToInt32(l.StreamInfoList[0].DataRetentionInHours) != 24 {
		t.Fatalf("ListStreams: %+v, %v", l, err)
	}
	if _, err := c.TagStream(ctx, &kinesisvideo.TagStreamInput{StreamName: aws.String("cam"), Tags: map[string]string{"floor": "1"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForStream(ctx, &kinesisvideo.ListTagsForStreamInput{StreamName: aws.String("cam")})
	if err != nil || len(tags.Tags) != 2 {
		t.Fatalf("ListTagsForStream: %+v, %v", tags, err)
	}
	ep, err := c.GetDataEndpoint(ctx, &kinesisvideo.GetDataEndpointInput{StreamName: aws.String("cam"), APIName: kvtypes.APINameGetMedia})
	if err != nil || aws.ToString(ep.DataEndpoint) != awssdk.Endpoint {
		t.Fatalf("GetDataEndpoint: %v, %v; want %s", aws.ToString(ep.DataEndpoint), err, awssdk.Endpoint)
	}
	_, err = c.DescribeStream(ctx, &kinesisvideo.DescribeStreamInput{StreamName: aws.String("missing")})
	var nf *kvtypes.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("DescribeStream of a missing stream: %v, want *types.ResourceNotFoundException", err)
	}
	_, err = c.UpdateStream(ctx, &kinesisvideo.UpdateStreamInput{StreamName: aws.String("cam"), CurrentVersion: aws.String("stale"), MediaType: aws.String("video/h265")})
	var vm *kvtypes.VersionMismatchException
	if !errors.As(err, &vm) {
		t.Fatalf("UpdateStream with a stale version: %v, want *types.VersionMismatchException", err)
	}
	if _, err := c.DeleteStream(ctx, &kinesisvideo.DeleteStreamInput{StreamARN: cr.StreamARN}); err != nil {
		t.Fatal(err)
	}
}

// The media endpoints as AWS's REST API (API Reference, PutMedia, GetMedia, ListFragments, GetClip, GetImages),
// over a socket: PutMedia streams JSON acks while it reads the body, GetMedia streams the chunks live,
// ListFragments lists them, GetClip returns them as one file, GetImages samples them.
func TestKinesisVideoMediaEndpointsOverHTTP(t *testing.T) {
	acct := kinesim.New(kinesim.WithSeed(1))
	t.Cleanup(func() { _ = acct.Close() })
	srv := httptest.NewServer(awssdk.Handler(acct))
	t.Cleanup(srv.Close)
	c := awssdk.NewKinesisVideoClient(acct)
	ctx := context.Background()
	if _, err := c.CreateStream(ctx, &kinesisvideo.CreateStreamInput{StreamName: aws.String("cam"), DataRetentionInHours: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/putMedia", bytes.NewReader(producerMKV(t, 3)))
	req.Header.Set("x-amzn-stream-name", "cam")
	req.Header.Set("x-amzn-fragment-timecode-type", "RELATIVE")
	req.Header.Set("x-amzn-producer-start-timestamp", "1700000000.000")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var a struct{ EventType, FragmentNumber string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("ack line %q: %v", sc.Text(), err)
		}
		events = append(events, a.EventType)
	}
	resp.Body.Close()
	if got := strings.Join(events, " "); got != strings.Repeat("BUFFERING RECEIVED PERSISTED ", 3)[:len(got)] || len(events) != 9 {
		t.Fatalf("acks %v", events)
	}

	resp, err = http.Post(srv.URL+"/getMedia", "application/json", strings.NewReader(`{"StreamName":"cam","StartSelector":{"StartSelectorType":"EARLIEST"}}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "video/webm" {
		t.Fatalf("GetMedia: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	r := mkv.NewReader(resp.Body, mkv.Limits{})
	var stamps []string
	for len(stamps) < 3 {
		ev, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if ev == mkv.EventTags {
			for _, tag := range r.Tags() {
				if tag.Name == "AWS_KINESISVIDEO_PRODUCER_TIMESTAMP" {
					stamps = append(stamps, tag.Value)
				}
			}
		}
	}
	if strings.Join(stamps, " ") != "1700000000.000 1700000001.000 1700000002.000" {
		t.Fatalf("producer timestamps %v", stamps)
	}

	resp2, err := http.Post(srv.URL+"/listFragments", "application/json", strings.NewReader(`{"StreamName":"cam","MaxResults":2}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	var lf struct {
		Fragments []struct{ FragmentNumber string }
		NextToken string
	}
	if err := json.NewDecoder(resp2.Body).Decode(&lf); err != nil || len(lf.Fragments) != 2 || lf.NextToken == "" {
		t.Fatalf("ListFragments: %+v, %v", lf, err)
	}
	// GetClip: the three fragments as one Matroska file.
	resp4, err := http.Post(srv.URL+"/getClip", "application/json", strings.NewReader(
		`{"StreamName":"cam","ClipFragmentSelector":{"FragmentSelectorType":"PRODUCER_TIMESTAMP","TimestampRange":{"StartTimestamp":1700000000,"EndTimestamp":1700000010}}}`))
	if err != nil {
		t.Fatal(err)
	}
	cr := mkv.NewReader(resp4.Body, mkv.Limits{})
	clusters := 0
	for {
		ev, err := cr.Next()
		if err != nil {
			break
		}
		if ev == mkv.EventCluster {
			clusters++
		}
	}
	resp4.Body.Close()
	if resp4.StatusCode != 200 || resp4.Header.Get("Content-Type") != "video/x-matroska" || clusters != 3 {
		t.Fatalf("GetClip: %s %s, %d clusters", resp4.Status, resp4.Header.Get("Content-Type"), clusters)
	}
	// GetImages: an image a 3 s, each with its time and its content or its error (raw frames may not decode);
	// without ffmpeg on the PATH, a 501 that says so.
	resp5, err := http.Post(srv.URL+"/getImages", "application/json", strings.NewReader(
		`{"StreamName":"cam","ImageSelectorType":"PRODUCER_TIMESTAMP","StartTimestamp":1700000000.5,"EndTimestamp":1700000004,"SamplingInterval":3000,"Format":"PNG"}`))
	if err != nil {
		t.Fatal(err)
	}
	var gi struct {
		Images []struct {
			TimeStamp    float64
			Error        string
			ImageContent []byte
		}
	}
	err = json.NewDecoder(resp5.Body).Decode(&gi)
	resp5.Body.Close()
	switch {
	case resp5.StatusCode == http.StatusNotImplemented && resp5.Header.Get("X-Amzn-ErrorType") == "NotImplementedException":
	case resp5.StatusCode != 200 || err != nil || len(gi.Images) != 2 || gi.Images[0].TimeStamp != 1700000000.5 || gi.Images[1].Error != "NO_MEDIA" ||
		(gi.Images[0].Error == "") == (len(gi.Images[0].ImageContent) == 0):
		t.Fatalf("GetImages: %s %+v %v", resp5.Status, gi, err)
	}

	resp3, err := http.Post(srv.URL+"/getMedia", "application/json", strings.NewReader(`{"StreamName":"nope","StartSelector":{"StartSelectorType":"NOW"}}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp3.Body)
	resp3.Body.Close()
	if resp3.StatusCode != 404 || resp3.Header.Get("X-Amzn-ErrorType") != "ResourceNotFoundException" {
		t.Fatalf("GetMedia of a missing stream: %s %s %s", resp3.Status, resp3.Header.Get("X-Amzn-ErrorType"), body)
	}
}
