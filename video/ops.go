package video

import (
	"context"
	"errors"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/video/fragment"
)

// invalid turns the validation failures of v into the InvalidArgumentException the Video APIs answer with (they
// declare no ValidationException), worded as AWS's input validation words them.
func invalid(v *validate.Violations) error {
	err := v.Err()
	if err == nil {
		return nil
	}
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return apierr.InvalidArgument.With(ae.Message)
	}
	return apierr.InvalidArgument.With(err.Error())
}

// checkRef checks a stream named by name or ARN: one of them, not both (API Reference, e.g. DescribeStream:
// "You must specify either the StreamName or the StreamARN").
func checkRef(name, streamARN string) error {
	switch {
	case name == "" && streamARN == "":
		return apierr.InvalidArgument.With("Either StreamName or StreamARN must be specified.")
	case name != "" && streamARN != "":
		return apierr.InvalidArgument.With("Either StreamName or StreamARN must be specified, but not both.")
	}
	var v validate.Violations
	if name != "" {
		v.Name("streamName", name, arn.VideoStreamName.Max())
	}
	if err := invalid(&v); err != nil {
		return err
	}
	if streamARN != "" {
		if _, err := arn.ParseVideoStreamARN(streamARN); err != nil {
			return apierr.InvalidArgument.New("Value '%s' at 'streamARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[a-z\\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+", streamARN)
		}
	}
	return nil
}

func checkTags(v *validate.Violations, tags map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		v.Length("tags.key", k, len([]rune(k)), 1, 128)
		v.Length("tags.value", tags[k], len([]rune(tags[k])), 0, 256)
		if strings.HasPrefix(k, "aws:") {
			v.Add(validate.Quote(k), "tags.key", validate.PatternPrefix+"^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$")
		}
	}
}

func (e *Engine) maxStreams() int {
	if e.cfg.limits.MaxStreams > 0 {
		return e.cfg.limits.MaxStreams
	}
	return RegionStreamLimit(e.cfg.Account.Region)
}

// CreateStream creates a video stream, ACTIVE when the call returns, with its retention, media type, KMS key
// (recorded; the default is the alias aws/kinesisvideo) and tags.
//
// Errors: InvalidArgumentException (the name, the retention outside 0–87,600, a media type, device name or tag
// out of bounds); ResourceInUseException (the name is taken); AccountStreamLimitExceededException (the
// account's streams, [RegionStreamLimit]); TagsPerResourceExceededLimitException (more than 50 tags);
// [ErrClosed]; ctx's error.
func (e *Engine) CreateStream(ctx context.Context, in CreateStreamInput) (*CreateStreamOutput, error) {
	if err := begin(e, ctx, OpCreateStream, &in); err != nil {
		return nil, err
	}
	var v validate.Violations
	v.Name("streamName", in.StreamName, arn.VideoStreamName.Max())
	v.Range("dataRetentionInHours", int(in.DataRetentionInHours), 0, MaxRetentionHours)
	if in.DeviceName != "" {
		v.Name("deviceName", in.DeviceName, 128)
	}
	if in.KmsKeyId != "" {
		v.Length("kmsKeyId", in.KmsKeyId, len(in.KmsKeyId), 1, 2048)
	}
	if in.MediaType != "" {
		checkMediaType(&v, in.MediaType)
	}
	checkTags(&v, in.Tags)
	if err := invalid(&v); err != nil {
		return nil, err
	}
	if len(in.Tags) > MaxTags {
		return nil, apierr.TagsPerResourceExceededLimit
	}
	now := e.clk.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed.Load() {
		return nil, ErrClosed
	}
	if e.streams[in.StreamName] != nil {
		return nil, apierr.ResourceInUse.New("The stream %s already exists.", in.StreamName)
	}
	if len(e.streams) >= e.maxStreams() {
		return nil, apierr.AccountStreamLimitExceeded
	}
	created := now.Truncate(1e6).UTC()
	streamARN := e.cfg.Account.VideoStreamARN(in.StreamName, created)
	kms := in.KmsKeyId
	if kms == "" {
		kms = "arn:" + e.cfg.Account.Partition() + ":kms:" + e.cfg.Account.Region + ":" + e.cfg.Account.ID + ":alias/aws/kinesisvideo"
	}
	s := &videoStream{
		e: e, name: in.StreamName, arn: streamARN, created: created,
		info: StreamInfo{CreationTime: created, DataRetentionInHours: in.DataRetentionInHours, DeviceName: in.DeviceName,
			KmsKeyId: kms, MediaType: in.MediaType, Status: StatusActive, StreamARN: streamARN, StreamName: in.StreamName,
			Version: e.version()},
		tags:    maps.Clone(in.Tags),
		changed: make(chan struct{}),
	}
	e.rngMu.Lock()
	s.idx = fragment.New[media](e.rng.Uint64())
	e.rngMu.Unlock()
	if s.tags == nil {
		s.tags = make(map[string]string)
	}
	e.streams[in.StreamName] = s
	e.byARN[streamARN] = s
	return &CreateStreamOutput{StreamARN: streamARN}, nil
}

// checkMediaType checks a MediaType: a comma-separated list of type/subtype, 1–128 characters (API Reference,
// CreateStream: MediaType, pattern [\w\-\.\+]+/[\w\-\.\+]+(,[\w\-\.\+]+/[\w\-\.\+]+)*).
func checkMediaType(v *validate.Violations, mt string) {
	v.Length("mediaType", mt, len(mt), 1, 128)
	ok := true
	for part := range strings.SplitSeq(mt, ",") {
		t, sub, found := strings.Cut(part, "/")
		ok = ok && found && mediaWord(t) && mediaWord(sub)
	}
	if !ok {
		v.Add(validate.Quote(mt), "mediaType", validate.PatternPrefix+`[\w\-\.\+]+/[\w\-\.\+]+(,[\w\-\.\+]+/[\w\-\.\+]+)*`)
	}
}

func mediaWord(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_-.+", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// DescribeStream returns a stream's StreamInfo.
//
// Errors: InvalidArgumentException; ResourceNotFoundException; [ErrClosed]; ctx's error.
func (e *Engine) DescribeStream(ctx context.Context, in DescribeStreamInput) (*DescribeStreamOutput, error) {
	if err := begin(e, ctx, OpDescribeStream, &in); err != nil {
		return nil, err
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return &DescribeStreamOutput{StreamInfo: s.info}, nil
}

// ListStreams lists the streams in name order, MaxResults (1–10,000, default 10,000) a page, those whose name
// begins with StreamNameCondition's ComparisonValue if it is given.
//
// Errors: InvalidArgumentException (MaxResults, the condition, a NextToken this engine did not give);
// [ErrClosed]; ctx's error.
func (e *Engine) ListStreams(ctx context.Context, in ListStreamsInput) (*ListStreamsOutput, error) {
	if err := begin(e, ctx, OpListStreams, &in); err != nil {
		return nil, err
	}
	var v validate.Violations
	v.PageSize("maxResults", int(in.MaxResults), 10000)
	prefix := ""
	if c := in.StreamNameCondition; c != nil {
		if c.ComparisonOperator != "" {
			v.Enum("streamNameCondition.comparisonOperator", c.ComparisonOperator, "BEGINS_WITH")
		}
		v.Length("streamNameCondition.comparisonValue", c.ComparisonValue, len(c.ComparisonValue), 1, 256)
		prefix = c.ComparisonValue
	}
	if err := invalid(&v); err != nil {
		return nil, err
	}
	limit := int(in.MaxResults)
	if limit == 0 {
		limit = 10000
	}
	after := ""
	if in.NextToken != "" {
		var buf [token.MaxBody]byte
		r, ok := e.tokens.Open(in.NextToken, tokenListStreams, &buf)
		if !ok {
			return nil, apierr.InvalidArgument.With("The NextToken is not valid.")
		}
		after = r.Str()
		if !r.Done() {
			return nil, apierr.InvalidArgument.With("The NextToken is not valid.")
		}
	}
	e.mu.Lock()
	names := make([]string, 0, len(e.streams))
	for n := range e.streams {
		if strings.HasPrefix(n, prefix) && n > after {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	out := &ListStreamsOutput{}
	for i, n := range names {
		if i == limit {
			w := e.tokens.New(tokenListStreams)
			w.Str(names[i-1])
			out.NextToken = e.tokens.Seal(w)
			break
		}
		s := e.streams[n]
		s.mu.Lock()
		out.StreamInfoList = append(out.StreamInfoList, s.info)
		s.mu.Unlock()
	}
	e.mu.Unlock()
	return out, nil
}

// The kinds of the engine's tokens.
const (
	tokenListStreams byte = iota + 1
	tokenListFragments
)

// lockVersion returns the stream locked (the caller unlocks s.mu) if CurrentVersion is its version.
func (e *Engine) lockVersion(name, streamARN, version string) (*videoStream, error) {
	s, err := e.lookup(name, streamARN)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if err := s.checkVersion(version); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	return s, nil
}

// checkVersion checks a CurrentVersion against the stream's. s.mu must be held.
func (s *videoStream) checkVersion(v string) error {
	if v != s.info.Version {
		return apierr.VersionMismatch
	}
	return nil
}

// DeleteStream deletes a stream and its fragments at once: its PutMedia connection ends (ack ERROR 4008) and its
// GetMedia readers reach the end of their payload.
//
// Errors: InvalidArgumentException; ResourceNotFoundException; VersionMismatchException (CurrentVersion given
// and not the stream's); [ErrClosed]; ctx's error.
func (e *Engine) DeleteStream(ctx context.Context, in DeleteStreamInput) error {
	if err := begin(e, ctx, OpDeleteStream, &in); err != nil {
		return err
	}
	if in.StreamARN == "" {
		var v validate.Violations
		v.Required("streamARN", in.StreamARN)
		return invalid(&v)
	}
	s, err := e.lookup("", in.StreamARN)
	if err != nil {
		return err
	}
	e.mu.Lock()
	s.mu.Lock()
	if in.CurrentVersion != "" {
		if err := s.checkVersion(in.CurrentVersion); err != nil {
			s.mu.Unlock()
			e.mu.Unlock()
			return err
		}
	}
	if e.streams[s.name] == s {
		delete(e.streams, s.name)
		delete(e.byARN, s.arn)
	}
	s.deleted = true
	s.idx.Clear()
	if s.expiry != nil {
		s.expiry.Stop()
		s.expiry = nil
	}
	close(s.changed)
	s.readers.Signal()
	prod := s.producer
	s.mu.Unlock()
	e.mu.Unlock()
	if prod != nil {
		prod.end(endDeleted)
	}
	return nil
}

// UpdateStream changes a stream's device name and media type; the stream gets a new version.
//
// Errors: InvalidArgumentException; ResourceNotFoundException; VersionMismatchException; [ErrClosed]; ctx's
// error.
func (e *Engine) UpdateStream(ctx context.Context, in UpdateStreamInput) error {
	if err := begin(e, ctx, OpUpdateStream, &in); err != nil {
		return err
	}
	var v validate.Violations
	v.Required("currentVersion", in.CurrentVersion)
	if in.DeviceName != "" {
		v.Name("deviceName", in.DeviceName, 128)
	}
	if in.MediaType != "" {
		checkMediaType(&v, in.MediaType)
	}
	if err := invalid(&v); err != nil {
		return err
	}
	s, err := e.lockVersion(in.StreamName, in.StreamARN, in.CurrentVersion)
	if err != nil {
		return err
	}
	defer s.mu.Unlock()
	if in.DeviceName != "" {
		s.info.DeviceName = in.DeviceName
	}
	if in.MediaType != "" {
		s.info.MediaType = in.MediaType
	}
	s.info.Version = e.version()
	return nil
}

// UpdateDataRetention adds DataRetentionChangeInHours to the stream's retention (INCREASE_DATA_RETENTION) or takes
// it away (DECREASE_DATA_RETENTION). A decrease deletes the fragments past the new retention at once.
//
// Errors: InvalidArgumentException (a change below 1, an operation that is not one of the two, a retention
// that would leave 0–87,600 hours); ResourceNotFoundException; VersionMismatchException; [ErrClosed]; ctx's
// error.
func (e *Engine) UpdateDataRetention(ctx context.Context, in UpdateDataRetentionInput) error {
	if err := begin(e, ctx, OpUpdateDataRetention, &in); err != nil {
		return err
	}
	var v validate.Violations
	v.Required("currentVersion", in.CurrentVersion)
	v.Enum("operation", string(in.Operation), string(IncreaseDataRetention), string(DecreaseDataRetention))
	v.Range("dataRetentionChangeInHours", int(in.DataRetentionChangeInHours), 1, MaxRetentionHours)
	if err := invalid(&v); err != nil {
		return err
	}
	now := e.clk.Now()
	s, err := e.lockVersion(in.StreamName, in.StreamARN, in.CurrentVersion)
	if err != nil {
		return err
	}
	defer s.mu.Unlock()
	h := int(s.info.DataRetentionInHours)
	if in.Operation == IncreaseDataRetention {
		h += int(in.DataRetentionChangeInHours)
	} else {
		h -= int(in.DataRetentionChangeInHours)
	}
	if h < 0 || h > MaxRetentionHours {
		return apierr.InvalidArgument.New("The resulting data retention of %d hours is outside 0 to %d hours.", h, MaxRetentionHours)
	}
	s.info.DataRetentionInHours = int32(h)
	s.info.Version = e.version()
	s.expireLocked(now)
	return nil
}

// TagStream adds or replaces tags of a stream.
//
// Errors: InvalidArgumentException; ResourceNotFoundException; TagsPerResourceExceededLimitException (more than
// 50 tags in all); [ErrClosed]; ctx's error.
func (e *Engine) TagStream(ctx context.Context, in TagStreamInput) error {
	if err := begin(e, ctx, OpTagStream, &in); err != nil {
		return err
	}
	return e.tag(in.StreamName, in.StreamARN, in.Tags)
}

func (e *Engine) tag(name, streamARN string, tags map[string]string) error {
	var v validate.Violations
	if len(tags) == 0 {
		v.Add("null", "tags", validate.MustNotBeNull)
	}
	checkTags(&v, tags)
	if err := invalid(&v); err != nil {
		return err
	}
	s, err := e.lookup(name, streamARN)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.tags)
	for k := range tags {
		if _, ok := s.tags[k]; !ok {
			n++
		}
	}
	if n > MaxTags {
		return apierr.TagsPerResourceExceededLimit
	}
	maps.Copy(s.tags, tags)
	return nil
}

// UntagStream removes tags of a stream by key (keys it does not have are ignored).
//
// Errors: InvalidArgumentException (no key, a key of more than 128 characters); ResourceNotFoundException;
// [ErrClosed]; ctx's error.
func (e *Engine) UntagStream(ctx context.Context, in UntagStreamInput) error {
	if err := begin(e, ctx, OpUntagStream, &in); err != nil {
		return err
	}
	return e.untag(in.StreamName, in.StreamARN, in.TagKeyList)
}

func (e *Engine) untag(name, streamARN string, keys []string) error {
	var v validate.Violations
	if len(keys) == 0 {
		v.Add("null", "tagKeyList", validate.MustNotBeNull)
	}
	for _, k := range keys {
		v.Length("tagKeyList.member", k, len([]rune(k)), 1, 128)
	}
	if err := invalid(&v); err != nil {
		return err
	}
	s, err := e.lookup(name, streamARN)
	if err != nil {
		return err
	}
	s.mu.Lock()
	for _, k := range keys {
		delete(s.tags, k)
	}
	s.mu.Unlock()
	return nil
}

// ListTagsForStream returns a stream's tags (all of them: at most 50, one page).
//
// Errors: InvalidArgumentException; ResourceNotFoundException; [ErrClosed]; ctx's error.
func (e *Engine) ListTagsForStream(ctx context.Context, in ListTagsForStreamInput) (*ListTagsOutput, error) {
	if err := begin(e, ctx, OpListTagsForStream, &in); err != nil {
		return nil, err
	}
	return e.listTags(in.StreamName, in.StreamARN)
}

func (e *Engine) listTags(name, streamARN string) (*ListTagsOutput, error) {
	s, err := e.lookup(name, streamARN)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return &ListTagsOutput{Tags: maps.Clone(s.tags)}, nil
}

// TagResource tags a stream by its ARN (the API of signaling channels, which accepts stream ARNs too).
//
// Errors: as [Engine.TagStream].
func (e *Engine) TagResource(ctx context.Context, in TagResourceInput) error {
	if err := begin(e, ctx, OpTagResource, &in); err != nil {
		return err
	}
	tags := make(map[string]string, len(in.Tags))
	for _, t := range in.Tags {
		tags[t.Key] = t.Value
	}
	if err := resourceARNRequired(in.ResourceARN); err != nil {
		return err
	}
	return e.tag("", in.ResourceARN, tags)
}

// UntagResource removes tags of a stream by its ARN.
//
// Errors: as [Engine.UntagStream].
func (e *Engine) UntagResource(ctx context.Context, in UntagResourceInput) error {
	if err := begin(e, ctx, OpUntagResource, &in); err != nil {
		return err
	}
	if err := resourceARNRequired(in.ResourceARN); err != nil {
		return err
	}
	return e.untag("", in.ResourceARN, in.TagKeyList)
}

// ListTagsForResource returns the tags of a stream by its ARN.
//
// Errors: as [Engine.ListTagsForStream].
func (e *Engine) ListTagsForResource(ctx context.Context, in ListTagsForResourceInput) (*ListTagsOutput, error) {
	if err := begin(e, ctx, OpListTagsForResource, &in); err != nil {
		return nil, err
	}
	if err := resourceARNRequired(in.ResourceARN); err != nil {
		return nil, err
	}
	return e.listTags("", in.ResourceARN)
}

// resourceARNRequired refuses a missing ResourceARN.
func resourceARNRequired(resourceARN string) error {
	var v validate.Violations
	v.Required("resourceARN", resourceARN)
	return invalid(&v)
}

// GetDataEndpoint returns the endpoint of a stream's data-plane API, an HTTPS URL of the form AWS gives
// ("https://s-1a2b3c4d.kinesisvideo.us-east-1.amazonaws.com"), the same for every API of one stream. The
// in-process engine needs no endpoint; the awssdk transport routes these hosts to it.
//
// Errors: InvalidArgumentException (APIName not one of the APIName values); ResourceNotFoundException;
// [ErrClosed]; ctx's error.
func (e *Engine) GetDataEndpoint(ctx context.Context, in GetDataEndpointInput) (*GetDataEndpointOutput, error) {
	if err := begin(e, ctx, OpGetDataEndpoint, &in); err != nil {
		return nil, err
	}
	var v validate.Violations
	v.Enum("APIName", string(in.APIName), string(APIPutMedia), string(APIGetMedia), string(APIListFragments),
		string(APIGetMediaForFragmentList), string(APIGetHLSStreamingSessionURL), string(APIGetDASHStreamingSessionURL),
		string(APIGetClip), string(APIGetImages))
	if err := invalid(&v); err != nil {
		return nil, err
	}
	s, err := e.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	h := fnv.New32a()
	h.Write([]byte(s.arn))
	host := strconv.FormatUint(uint64(h.Sum32()), 16)
	return &GetDataEndpointOutput{DataEndpoint: "https://s-" + host + ".kinesisvideo." + e.cfg.Account.Region + ".amazonaws.com"}, nil
}
