package videoapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/video"
)

// MaxBody is the largest JSON request body read (the media of PutMedia streams, unbounded).
const MaxBody = 1 << 20

// Handler serves one Kinesis Video Streams engine over AWS's REST-JSON protocol: the control plane
// (service/kinesisvideo: POST /createStream, /describeStream, …) and the media endpoints (POST /putMedia,
// /getMedia, /listFragments, /getMediaForFragmentList). It is safe for concurrent use.
type Handler struct {
	e      *video.Engine
	routes map[string]func(h *Handler, w http.ResponseWriter, r *http.Request)
}

// New returns the handler of e.
func New(e *video.Engine) *Handler {
	h := &Handler{e: e}
	h.routes = map[string]func(*Handler, http.ResponseWriter, *http.Request){
		"/createStream": unary(func(ctx context.Context, r *http.Request, in *createStreamIn) (any, error) {
			return h.createStream(ctx, in)
		}),
		"/describeStream": unary(func(ctx context.Context, r *http.Request, in *refIn) (any, error) { return h.describeStream(ctx, in) }),
		"/listStreams": unary(func(ctx context.Context, r *http.Request, in *listStreamsIn) (any, error) {
			return h.listStreams(ctx, in)
		}),
		"/deleteStream": unary(func(ctx context.Context, r *http.Request, in *deleteStreamIn) (any, error) {
			return h.deleteStream(ctx, in)
		}),
		"/updateStream": unary(func(ctx context.Context, r *http.Request, in *updateStreamIn) (any, error) {
			return h.updateStream(ctx, in)
		}),
		"/updateDataRetention": unary(func(ctx context.Context, r *http.Request, in *updateRetentionIn) (any, error) {
			return h.updateRetention(ctx, in)
		}),
		"/tagStream": unary(func(ctx context.Context, r *http.Request, in *tagStreamIn) (any, error) { return h.tagStream(ctx, in) }),
		"/untagStream": unary(func(ctx context.Context, r *http.Request, in *untagStreamIn) (any, error) {
			return h.untagStream(ctx, in)
		}),
		"/listTagsForStream": unary(func(ctx context.Context, r *http.Request, in *listTagsIn) (any, error) {
			return h.listTagsForStream(ctx, in)
		}),
		"/TagResource": unary(func(ctx context.Context, r *http.Request, in *tagResourceIn) (any, error) {
			return h.tagResource(ctx, in)
		}),
		"/UntagResource": unary(func(ctx context.Context, r *http.Request, in *untagResourceIn) (any, error) {
			return h.untagResource(ctx, in)
		}),
		"/ListTagsForResource": unary(func(ctx context.Context, r *http.Request, in *listTagsIn) (any, error) {
			return h.listTagsForResource(ctx, in)
		}),
		"/getDataEndpoint": unary(func(ctx context.Context, r *http.Request, in *endpointIn) (any, error) {
			return h.getDataEndpoint(ctx, r, in)
		}),
		"/listFragments": unary(func(ctx context.Context, r *http.Request, in *listFragmentsIn) (any, error) {
			return h.listFragments(ctx, in)
		}),
		"/getMedia":                (*Handler).getMedia,
		"/getMediaForFragmentList": (*Handler).getMediaForFragmentList,
		"/putMedia":                (*Handler).putMedia,
		"/getClip":                 (*Handler).getClip,
		"/getImages":               unary(func(ctx context.Context, r *http.Request, in *getImagesIn) (any, error) { return h.getImages(ctx, in) }),
	}
	return h
}

// Handles reports whether path is one of the handler's operations.
func (h *Handler) Handles(path string) bool { return h.routes[path] != nil }

// ServeHTTP serves one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := h.routes[r.URL.Path]
	if f == nil {
		writeError(w, apierr.InvalidArgument.New("Unknown operation %s.", r.URL.Path), http.StatusNotFound)
		return
	}
	if r.Method != http.MethodPost {
		writeError(w, apierr.InvalidArgument.New("%s takes POST.", r.URL.Path), http.StatusMethodNotAllowed)
		return
	}
	f(h, w, r)
}

// unary makes the route of a JSON-in, JSON-out operation.
func unary[In any](f func(ctx context.Context, r *http.Request, in *In) (any, error)) func(*Handler, http.ResponseWriter, *http.Request) {
	return func(_ *Handler, w http.ResponseWriter, r *http.Request) {
		var in In
		if err := decode(r, &in); err != nil {
			writeError(w, err, 0)
			return
		}
		out, err := f(r.Context(), r, &in)
		if err != nil {
			writeError(w, err, 0)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	}
}

// errSerialization is the error of a body that is not the operation's JSON.
var errSerialization = &apierr.Error{Code: "SerializationException", Message: "The request body could not be read as JSON.", Fault: "client"}

func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil || len(body) > MaxBody {
		return errSerialization
	}
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errSerialization
	}
	return nil
}

// status returns the HTTP status AWS answers an exception with (API Reference, each operation's Errors).
func status(code string) int {
	switch code {
	case "ResourceNotFoundException":
		return http.StatusNotFound
	case "NotAuthorizedException":
		return http.StatusUnauthorized
	case "AccessDeniedException":
		return http.StatusForbidden
	}
	return http.StatusBadRequest
}

// writeError writes err as REST-JSON does: the X-Amzn-ErrorType header and {"message": …}. An error that is no
// AWS exception is an InternalFailure (500).
func writeError(w http.ResponseWriter, err error, st int) {
	code, msg := "InternalFailure", err.Error()
	var ae *apierr.Error
	if errors.As(err, &ae) {
		code, msg = ae.Code, ae.Message
		if st == 0 && ae.Fault == "server" {
			st = http.StatusInternalServerError
		} else if st == 0 {
			st = status(code)
		}
	} else if st == 0 {
		st = http.StatusInternalServerError
	}
	if errors.Is(err, video.ErrClosed) {
		st = http.StatusServiceUnavailable
	}
	if errors.Is(err, errImagesUnsupported) {
		st = http.StatusNotImplemented
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(st)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": msg, "__type": code})
}

// epoch is a REST-JSON timestamp: seconds since the Unix epoch, with a fraction.
type epoch float64

func (e epoch) time() time.Time {
	if e == 0 || math.IsNaN(float64(e)) || math.IsInf(float64(e), 0) {
		return time.Time{}
	}
	sec, frac := math.Modf(float64(e))
	return time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC()
}

func epochOf(t time.Time) epoch {
	if t.IsZero() {
		return 0
	}
	return epoch(float64(t.UnixMilli()) / 1e3)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// The control plane.

type streamInfo struct {
	CreationTime         epoch  `json:"CreationTime"`
	DataRetentionInHours int32  `json:"DataRetentionInHours"`
	DeviceName           string `json:"DeviceName,omitempty"`
	KmsKeyId             string `json:"KmsKeyId,omitempty"`
	MediaType            string `json:"MediaType,omitempty"`
	Status               string `json:"Status"`
	StreamARN            string `json:"StreamARN"`
	StreamName           string `json:"StreamName"`
	Version              string `json:"Version"`
}

func infoOf(s video.StreamInfo) streamInfo {
	return streamInfo{CreationTime: epochOf(s.CreationTime), DataRetentionInHours: s.DataRetentionInHours, DeviceName: s.DeviceName,
		KmsKeyId: s.KmsKeyId, MediaType: s.MediaType, Status: string(s.Status), StreamARN: s.StreamARN, StreamName: s.StreamName, Version: s.Version}
}

type createStreamIn struct {
	StreamName           string            `json:"StreamName"`
	DataRetentionInHours int32             `json:"DataRetentionInHours"`
	DeviceName           string            `json:"DeviceName"`
	KmsKeyId             string            `json:"KmsKeyId"`
	MediaType            string            `json:"MediaType"`
	Tags                 map[string]string `json:"Tags"`
}

func (h *Handler) createStream(ctx context.Context, in *createStreamIn) (any, error) {
	out, err := h.e.CreateStream(ctx, video.CreateStreamInput{StreamName: in.StreamName, DataRetentionInHours: in.DataRetentionInHours,
		DeviceName: in.DeviceName, KmsKeyId: in.KmsKeyId, MediaType: in.MediaType, Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return map[string]string{"StreamARN": out.StreamARN}, nil
}

type refIn struct {
	StreamName string `json:"StreamName"`
	StreamARN  string `json:"StreamARN"`
}

func (in refIn) ref() video.StreamRef {
	return video.StreamRef{StreamName: in.StreamName, StreamARN: in.StreamARN}
}

func (h *Handler) describeStream(ctx context.Context, in *refIn) (any, error) {
	out, err := h.e.DescribeStream(ctx, in.ref())
	if err != nil {
		return nil, err
	}
	return map[string]any{"StreamInfo": infoOf(out.StreamInfo)}, nil
}

type listStreamsIn struct {
	MaxResults          int32                      `json:"MaxResults"`
	NextToken           string                     `json:"NextToken"`
	StreamNameCondition *video.StreamNameCondition `json:"StreamNameCondition"`
}

func (h *Handler) listStreams(ctx context.Context, in *listStreamsIn) (any, error) {
	out, err := h.e.ListStreams(ctx, video.ListStreamsInput{MaxResults: in.MaxResults, NextToken: in.NextToken, StreamNameCondition: in.StreamNameCondition})
	if err != nil {
		return nil, err
	}
	list := make([]streamInfo, len(out.StreamInfoList))
	for i, s := range out.StreamInfoList {
		list[i] = infoOf(s)
	}
	res := map[string]any{"StreamInfoList": list}
	if out.NextToken != "" {
		res["NextToken"] = out.NextToken
	}
	return res, nil
}

type deleteStreamIn struct {
	StreamARN      string `json:"StreamARN"`
	CurrentVersion string `json:"CurrentVersion"`
}

func (h *Handler) deleteStream(ctx context.Context, in *deleteStreamIn) (any, error) {
	return struct{}{}, h.e.DeleteStream(ctx, video.DeleteStreamInput{StreamARN: in.StreamARN, CurrentVersion: in.CurrentVersion})
}

type updateStreamIn struct {
	refIn
	CurrentVersion string `json:"CurrentVersion"`
	DeviceName     string `json:"DeviceName"`
	MediaType      string `json:"MediaType"`
}

func (h *Handler) updateStream(ctx context.Context, in *updateStreamIn) (any, error) {
	return struct{}{}, h.e.UpdateStream(ctx, video.UpdateStreamInput{StreamName: in.StreamName, StreamARN: in.StreamARN,
		CurrentVersion: in.CurrentVersion, DeviceName: in.DeviceName, MediaType: in.MediaType})
}

type updateRetentionIn struct {
	refIn
	CurrentVersion             string `json:"CurrentVersion"`
	Operation                  string `json:"Operation"`
	DataRetentionChangeInHours int32  `json:"DataRetentionChangeInHours"`
}

func (h *Handler) updateRetention(ctx context.Context, in *updateRetentionIn) (any, error) {
	return struct{}{}, h.e.UpdateDataRetention(ctx, video.UpdateDataRetentionInput{StreamName: in.StreamName, StreamARN: in.StreamARN,
		CurrentVersion: in.CurrentVersion, Operation: video.UpdateDataRetentionOperation(in.Operation), DataRetentionChangeInHours: in.DataRetentionChangeInHours})
}

type tagStreamIn struct {
	refIn
	Tags map[string]string `json:"Tags"`
}

func (h *Handler) tagStream(ctx context.Context, in *tagStreamIn) (any, error) {
	return struct{}{}, h.e.TagStream(ctx, video.TagStreamInput{StreamName: in.StreamName, StreamARN: in.StreamARN, Tags: in.Tags})
}

type untagStreamIn struct {
	refIn
	TagKeyList []string `json:"TagKeyList"`
}

func (h *Handler) untagStream(ctx context.Context, in *untagStreamIn) (any, error) {
	return struct{}{}, h.e.UntagStream(ctx, video.UntagStreamInput{StreamName: in.StreamName, StreamARN: in.StreamARN, TagKeyList: in.TagKeyList})
}

type listTagsIn struct {
	refIn
	ResourceARN string `json:"ResourceARN"`
	NextToken   string `json:"NextToken"`
}

func (h *Handler) listTagsForStream(ctx context.Context, in *listTagsIn) (any, error) {
	out, err := h.e.ListTagsForStream(ctx, video.ListTagsForStreamInput{StreamName: in.StreamName, StreamARN: in.StreamARN, NextToken: in.NextToken})
	if err != nil {
		return nil, err
	}
	return map[string]any{"Tags": out.Tags}, nil
}

type tagResourceIn struct {
	ResourceARN string      `json:"ResourceARN"`
	Tags        []video.Tag `json:"Tags"`
}

func (h *Handler) tagResource(ctx context.Context, in *tagResourceIn) (any, error) {
	return struct{}{}, h.e.TagResource(ctx, video.TagResourceInput{ResourceARN: in.ResourceARN, Tags: in.Tags})
}

type untagResourceIn struct {
	ResourceARN string   `json:"ResourceARN"`
	TagKeyList  []string `json:"TagKeyList"`
}

func (h *Handler) untagResource(ctx context.Context, in *untagResourceIn) (any, error) {
	return struct{}{}, h.e.UntagResource(ctx, video.UntagResourceInput{ResourceARN: in.ResourceARN, TagKeyList: in.TagKeyList})
}

func (h *Handler) listTagsForResource(ctx context.Context, in *listTagsIn) (any, error) {
	out, err := h.e.ListTagsForResource(ctx, video.ListTagsForResourceInput{ResourceARN: in.ResourceARN, NextToken: in.NextToken})
	if err != nil {
		return nil, err
	}
	tags := make([]video.Tag, 0, len(out.Tags))
	for k, v := range out.Tags {
		tags = append(tags, video.Tag{Key: k, Value: v})
	}
	return map[string]any{"Tags": tags}, nil
}

type endpointIn struct {
	refIn
	APIName string `json:"APIName"`
}

// getDataEndpoint answers with the server the request reached: the media endpoints are served by this handler.
func (h *Handler) getDataEndpoint(ctx context.Context, r *http.Request, in *endpointIn) (any, error) {
	if _, err := h.e.GetDataEndpoint(ctx, video.GetDataEndpointInput{StreamName: in.StreamName, StreamARN: in.StreamARN, APIName: video.APIName(in.APIName)}); err != nil {
		return nil, err
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return map[string]string{"DataEndpoint": scheme + "://" + r.Host}, nil
}

// The media endpoints.

type timestampRange struct {
	StartTimestamp epoch `json:"StartTimestamp"`
	EndTimestamp   epoch `json:"EndTimestamp"`
}

type listFragmentsIn struct {
	refIn
	MaxResults       int64  `json:"MaxResults"`
	NextToken        string `json:"NextToken"`
	FragmentSelector *struct {
		FragmentSelectorType string         `json:"FragmentSelectorType"`
		TimestampRange       timestampRange `json:"TimestampRange"`
	} `json:"FragmentSelector"`
}

type fragmentOut struct {
	FragmentNumber               string `json:"FragmentNumber"`
	FragmentSizeInBytes          int64  `json:"FragmentSizeInBytes"`
	ProducerTimestamp            epoch  `json:"ProducerTimestamp"`
	ServerTimestamp              epoch  `json:"ServerTimestamp"`
	FragmentLengthInMilliseconds int64  `json:"FragmentLengthInMilliseconds"`
}

func (h *Handler) listFragments(ctx context.Context, in *listFragmentsIn) (any, error) {
	q := video.ListFragmentsInput{StreamName: in.StreamName, StreamARN: in.StreamARN, MaxResults: in.MaxResults, NextToken: in.NextToken}
	if s := in.FragmentSelector; s != nil {
		q.FragmentSelector = &video.FragmentSelector{FragmentSelectorType: video.FragmentSelectorType(s.FragmentSelectorType),
			TimestampRange: video.TimestampRange{StartTimestamp: s.TimestampRange.StartTimestamp.time(), EndTimestamp: s.TimestampRange.EndTimestamp.time()}}
	}
	out, err := h.e.ListFragments(ctx, q)
	if err != nil {
		return nil, err
	}
	list := make([]fragmentOut, len(out.Fragments))
	for i, f := range out.Fragments {
		list[i] = fragmentOut{FragmentNumber: f.FragmentNumber, FragmentSizeInBytes: f.FragmentSizeInBytes, ProducerTimestamp: epochOf(f.ProducerTimestamp),
			ServerTimestamp: epochOf(f.ServerTimestamp), FragmentLengthInMilliseconds: f.FragmentLengthInMilliseconds}
	}
	res := map[string]any{"Fragments": list}
	if out.NextToken != "" {
		res["NextToken"] = out.NextToken
	}
	return res, nil
}

type getMediaIn struct {
	refIn
	StartSelector struct {
		StartSelectorType   string `json:"StartSelectorType"`
		AfterFragmentNumber string `json:"AfterFragmentNumber"`
		StartTimestamp      epoch  `json:"StartTimestamp"`
		ContinuationToken   string `json:"ContinuationToken"`
	} `json:"StartSelector"`
}

// stream copies a live payload to the response, flushing after each write, until it ends or the client goes.
func stream(w http.ResponseWriter, contentType string, payload io.ReadCloser) {
	defer payload.Close()
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	buf := make([]byte, 64<<10)
	for {
		n, err := payload.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
			_ = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// getMedia streams GetMedia's chunks for as long as the client reads (the request's context ends it).
func (h *Handler) getMedia(w http.ResponseWriter, r *http.Request) {
	var in getMediaIn
	if err := decode(r, &in); err != nil {
		writeError(w, err, 0)
		return
	}
	sel := in.StartSelector
	out, err := h.e.GetMedia(r.Context(), video.GetMediaInput{StreamName: in.StreamName, StreamARN: in.StreamARN, StartSelector: video.StartSelector{
		StartSelectorType: video.StartSelectorType(sel.StartSelectorType), AfterFragmentNumber: sel.AfterFragmentNumber,
		StartTimestamp: sel.StartTimestamp.time(), ContinuationToken: sel.ContinuationToken}})
	if err != nil {
		writeError(w, err, 0)
		return
	}
	stream(w, out.ContentType, out.Payload)
}

func (h *Handler) getMediaForFragmentList(w http.ResponseWriter, r *http.Request) {
	var in struct {
		refIn
		Fragments []string `json:"Fragments"`
	}
	if err := decode(r, &in); err != nil {
		writeError(w, err, 0)
		return
	}
	out, err := h.e.GetMediaForFragmentList(r.Context(), video.GetMediaForFragmentListInput{StreamName: in.StreamName, StreamARN: in.StreamARN, Fragments: in.Fragments})
	if err != nil {
		writeError(w, err, 0)
		return
	}
	stream(w, out.ContentType, out.Payload)
}

// ackJSON is one PutMedia acknowledgement on the wire.
type ackJSON struct {
	EventType        string `json:"EventType"`
	FragmentTimecode *int64 `json:"FragmentTimecode,omitempty"`
	FragmentNumber   string `json:"FragmentNumber,omitempty"`
	ErrorId          int    `json:"ErrorId,omitempty"`
}

// putMedia reads the MKV body as it arrives and streams the acknowledgements back as JSON lines, full duplex
// (API Reference, PutMedia: headers x-amzn-stream-name or x-amzn-stream-arn, x-amzn-fragment-timecode-type,
// x-amzn-producer-start-timestamp in seconds).
func (h *Handler) putMedia(w http.ResponseWriter, r *http.Request) {
	in := video.PutMediaInput{StreamName: r.Header.Get("x-amzn-stream-name"), StreamARN: r.Header.Get("x-amzn-stream-arn"),
		FragmentTimecodeType: video.FragmentTimecodeType(r.Header.Get("x-amzn-fragment-timecode-type")), Payload: r.Body}
	if s := r.Header.Get("x-amzn-producer-start-timestamp"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			writeError(w, apierr.InvalidArgument.New("The x-amzn-producer-start-timestamp %q is not a number of seconds.", s), 0)
			return
		}
		in.ProducerStartTimestamp = epoch(f).time()
	}
	out, err := h.e.PutMedia(r.Context(), in)
	if err != nil {
		writeError(w, err, 0)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = rc.Flush()
	enc := json.NewEncoder(w)
	for a := range out.Acks {
		j := ackJSON{EventType: string(a.EventType), FragmentNumber: a.FragmentNumber, ErrorId: int(a.ErrorId)}
		if a.HasTimecode {
			tc := a.FragmentTimecode
			j.FragmentTimecode = &tc
		}
		if enc.Encode(j) != nil {
			break // the client went: the acks left are drained below
		}
		_ = rc.Flush()
	}
	for range out.Acks {
	}
	_ = out.Wait()
}

type selectorIn struct {
	FragmentSelectorType string         `json:"FragmentSelectorType"`
	TimestampRange       timestampRange `json:"TimestampRange"`
}

func (s selectorIn) selector() video.FragmentSelector {
	return video.FragmentSelector{FragmentSelectorType: video.FragmentSelectorType(s.FragmentSelectorType),
		TimestampRange: video.TimestampRange{StartTimestamp: s.TimestampRange.StartTimestamp.time(), EndTimestamp: s.TimestampRange.EndTimestamp.time()}}
}

// getClip answers with the clip's Matroska bytes (AWS answers MP4; see video.ClipContentType).
func (h *Handler) getClip(w http.ResponseWriter, r *http.Request) {
	var in struct {
		refIn
		ClipFragmentSelector selectorIn `json:"ClipFragmentSelector"`
	}
	if err := decode(r, &in); err != nil {
		writeError(w, err, 0)
		return
	}
	out, err := h.e.GetClip(r.Context(), video.GetClipInput{StreamName: in.StreamName, StreamARN: in.StreamARN, ClipFragmentSelector: in.ClipFragmentSelector.selector()})
	if err != nil {
		writeError(w, err, 0)
		return
	}
	stream(w, out.ContentType, out.Payload)
}

type getImagesIn struct {
	refIn
	ImageSelectorType string            `json:"ImageSelectorType"`
	StartTimestamp    epoch             `json:"StartTimestamp"`
	EndTimestamp      epoch             `json:"EndTimestamp"`
	SamplingInterval  int64             `json:"SamplingInterval"`
	Format            string            `json:"Format"`
	FormatConfig      map[string]string `json:"FormatConfig"`
	WidthPixels       int32             `json:"WidthPixels"`
	HeightPixels      int32             `json:"HeightPixels"`
	MaxResults        int64             `json:"MaxResults"`
	NextToken         string            `json:"NextToken"`
}

type imageOut struct {
	TimeStamp    epoch  `json:"TimeStamp"`
	Error        string `json:"Error,omitempty"`
	ImageContent []byte `json:"ImageContent,omitempty"` // base64, as the API's ImageContent string is
}

// getImages answers with the images, their content in base64; without ffmpeg on the server's PATH the request
// fails with a 501 naming the reason (video.ErrImagesUnsupported).
func (h *Handler) getImages(ctx context.Context, in *getImagesIn) (any, error) {
	out, err := h.e.GetImages(ctx, video.GetImagesInput{StreamName: in.StreamName, StreamARN: in.StreamARN,
		ImageSelectorType: video.FragmentSelectorType(in.ImageSelectorType), StartTimestamp: in.StartTimestamp.time(), EndTimestamp: in.EndTimestamp.time(),
		SamplingInterval: in.SamplingInterval, Format: in.Format, FormatConfig: in.FormatConfig, WidthPixels: in.WidthPixels,
		HeightPixels: in.HeightPixels, MaxResults: in.MaxResults, NextToken: in.NextToken})
	if errors.Is(err, video.ErrImagesUnsupported) {
		return nil, errImagesUnsupported
	}
	if err != nil {
		return nil, err
	}
	images := make([]imageOut, len(out.Images))
	for i, img := range out.Images {
		images[i] = imageOut{TimeStamp: epochOf(img.TimeStamp), Error: img.Error, ImageContent: img.ImageContent}
	}
	res := map[string]any{"Images": images}
	if out.NextToken != "" {
		res["NextToken"] = out.NextToken
	}
	return res, nil
}

// errImagesUnsupported is GetImages without ffmpeg, as a server fault the client can read.
var errImagesUnsupported = &apierr.Error{Code: "NotImplementedException", Message: video.ErrImagesUnsupported.Error(), Fault: "server"}
