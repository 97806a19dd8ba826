package firehose

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose/buffer"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
)

func checkName(v *validate.Violations, name string) {
	if v.Required("deliveryStreamName", name) {
		v.Name("deliveryStreamName", name, MaxDeliveryStreamNameLength)
	}
}

// newDestination validates an S3 destination's configuration (the API's constraints, then Firehose's rules) and
// applies its defaults.
func (e *Engine) newDestination(c ExtendedS3DestinationConfiguration, legacy bool) (*destination, error) {
	path := "extendedS3DestinationConfiguration"
	if legacy {
		path = "s3DestinationConfiguration"
	}
	return e.newDestinationAt(c, path, legacy)
}

// newDestinationAt is newDestination with the input path of its messages.
func (e *Engine) newDestinationAt(c ExtendedS3DestinationConfiguration, path string, legacy bool) (*destination, error) {
	var v validate.Violations
	if v.Required(path+".bucketARN", c.BucketARN) {
		v.Length(path+".bucketARN", c.BucketARN, len(c.BucketARN), 1, 2048)
		if !bucketARNPattern.MatchString(c.BucketARN) {
			v.Add(validate.Quote(c.BucketARN), path+".bucketARN", validate.PatternPrefix+bucketARNText)
		}
	}
	if v.Required(path+".roleARN", c.RoleARN) {
		v.Length(path+".roleARN", c.RoleARN, len(c.RoleARN), 1, 512)
		if !roleARNPattern.MatchString(c.RoleARN) {
			v.Add(validate.Quote(c.RoleARN), path+".roleARN", validate.PatternPrefix+roleARNText)
		}
	}
	v.Length(path+".prefix", c.Prefix, len(c.Prefix), 0, MaxPrefixLength)
	v.Length(path+".errorOutputPrefix", c.ErrorOutputPrefix, len(c.ErrorOutputPrefix), 0, MaxPrefixLength)
	if c.CompressionFormat != "" {
		v.Enum(path+".compressionFormat", string(c.CompressionFormat), "UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY")
	}
	d := &destination{bucketARN: c.BucketARN, roleARN: c.RoleARN, prefix: c.Prefix, errorPrefix: c.ErrorOutputPrefix,
		sizeMB: DefaultSizeInMBs, intervalS: DefaultIntervalInSeconds, compression: c.CompressionFormat, legacy: legacy,
		sink: s3Sink{}}
	if d.compression == "" {
		d.compression = Uncompressed
	}
	if h := c.BufferingHints; h != nil {
		if h.SizeInMBs != nil {
			v.Range(path+".bufferingHints.sizeInMBs", *h.SizeInMBs, MinSizeInMBs, MaxSizeInMBs)
			d.sizeMB = *h.SizeInMBs
		}
		if h.IntervalInSeconds != nil {
			v.Range(path+".bufferingHints.intervalInSeconds", *h.IntervalInSeconds, MinIntervalInSeconds, MaxIntervalInSeconds)
			d.intervalS = *h.IntervalInSeconds
		}
	}
	if c.FileExtension != "" {
		d.fileExtension, d.extExplicit = c.FileExtension, true
		v.Length(path+".fileExtension", c.FileExtension, len(c.FileExtension), 0, 128)
		if !validExtension(c.FileExtension) {
			v.Add(validate.Quote(c.FileExtension), path+".fileExtension", validate.PatternPrefix+`^$|\.[0-9a-z!\-_.*'()]+`)
		}
	}
	v.Length(path+".customTimeZone", c.CustomTimeZone, len(c.CustomTimeZone), 0, 50)
	if err := v.Err(); err != nil {
		return nil, err
	}
	d.zone, d.customTimeZone = time.UTC, c.CustomTimeZone
	if c.CustomTimeZone != "" {
		loc, err := time.LoadLocation(c.CustomTimeZone)
		if err != nil || c.CustomTimeZone == "Local" {
			return nil, apierr.InvalidArgument.New("CustomTimeZone %s is not a supported time zone.", c.CustomTimeZone)
		}
		d.zone = loc
	}
	d.bucket = c.BucketARN[strings.LastIndex(c.BucketARN, ":::")+3:] // the pattern holds ":::" then the name
	if h := c.BufferingHints; h != nil && (h.SizeInMBs == nil) != (h.IntervalInSeconds == nil) {
		return nil, apierr.InvalidArgument.New("BufferingHints must specify both SizeInMBs and IntervalInSeconds, or neither.")
	}
	dynamic := c.DynamicPartitioningConfiguration != nil && c.DynamicPartitioningConfiguration.Enabled != nil && *c.DynamicPartitioningConfiguration.Enabled
	tpl, msg := compilePrefixesDP(c.Prefix, c.ErrorOutputPrefix, dynamic)
	if msg != "" {
		return nil, apierr.InvalidArgument.New("%s", msg)
	}
	d.tpl = tpl
	explicitSize := c.BufferingHints != nil && c.BufferingHints.SizeInMBs != nil
	if err := e.pipelineOf(d, &c, path, explicitSize); err != nil {
		return nil, err
	}
	return d, nil
}

// ExplicitZero is a Limit of 0 given explicitly (DescribeDeliveryStream, ListDeliveryStreams,
// ListTagsForDeliveryStream), as the wire of AWS's API can send it: the int member reads 0 as "not given" (the
// default page), so a front that tells an absent member from a 0 passes ExplicitZero for the latter, and the
// operation refuses it as AWS refuses a 0, below the member's minimum of 1 ("Value '0' at 'limit' failed to satisfy
// constraint: Member must have value greater than or equal to 1"). It is the value of stream.ExplicitZero.
const ExplicitZero = validate.ExplicitZero

// The patterns of the API Reference (S3DestinationConfiguration): BucketARN and RoleARN.
const (
	bucketARNText = `arn:.*:s3:::[\w\.\-]{1,255}`
	roleARNText   = `arn:.*:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+`
)

var (
	bucketARNPattern = regexp.MustCompile(`^` + bucketARNText + `$`)
	roleARNPattern   = regexp.MustCompile(`^` + roleARNText + `$`)
)

// tagPattern is the API's TagKey and TagValue pattern (a key also must not begin with "aws:").
const tagPattern = `^[\p{L}\p{Z}\p{N}_.:\/=+\-@%]*$`

var tagChars = regexp.MustCompile(tagPattern)

func validExtension(s string) bool {
	if s[0] != '.' || len(s) < 2 {
		return false
	}
	for _, c := range s[1:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || strings.ContainsRune("!-_.*'()", c)) {
			return false
		}
	}
	return true
}

func legacyConfig(c *S3DestinationConfiguration) ExtendedS3DestinationConfiguration {
	return ExtendedS3DestinationConfiguration{BucketARN: c.BucketARN, RoleARN: c.RoleARN, Prefix: c.Prefix,
		ErrorOutputPrefix: c.ErrorOutputPrefix, BufferingHints: c.BufferingHints, CompressionFormat: c.CompressionFormat}
}

// CreateDeliveryStream creates a delivery stream with one S3 destination, Direct PUT or reading a Kinesis data
// stream (KinesisStreamAsSource, which starts its reading goroutine). The stream is CREATING for the create delay
// ([WithStatusDelays], 0 by default), then ACTIVE; records are taken only when ACTIVE.
//
// Errors: ValidationException (name, destination, processor or source fields out of their constraints);
// InvalidArgumentException (not exactly one destination, a source type other than DirectPut and
// KinesisStreamAsSource, a missing or misplaced KinesisStreamSourceConfiguration, no [StreamReader], buffering
// hints with one of the two values, a prefix that breaks the prefix or dynamic-partitioning rules, a processor
// configuration package process refuses, format conversion with compression, under 64 MiB or an unregistered
// table, a backup mode without its configuration, a bad encryption input); ResourceInUseException (the name
// exists); LimitExceededException (more than 50 tags); [ErrClosed].
func (e *Engine) CreateDeliveryStream(ctx context.Context, in CreateDeliveryStreamInput) (CreateDeliveryStreamOutput, error) {
	if _, err := begin(e, ctx, OpCreateDeliveryStream, &in); err != nil {
		return CreateDeliveryStreamOutput{}, err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if in.DeliveryStreamType != "" {
		v.Enum("deliveryStreamType", string(in.DeliveryStreamType), "DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource")
	}
	if len(in.Tags) > MaxTags {
		v.Add("'"+strconv.Itoa(len(in.Tags))+" tags'", "tags", validate.LengthAtMost+strconv.Itoa(MaxTags))
	}
	if err := v.Err(); err != nil {
		return CreateDeliveryStreamOutput{}, err
	}
	typ := in.DeliveryStreamType
	if typ == "" {
		typ = DirectPut
	}
	if typ != DirectPut && typ != KinesisStreamAsSource {
		return CreateDeliveryStreamOutput{}, apierr.InvalidArgument.New("DeliveryStreamType %s is not supported by kinesim yet; use DirectPut or KinesisStreamAsSource.", in.DeliveryStreamType)
	}
	if typ == KinesisStreamAsSource {
		if err := e.checkSource(in.KinesisStreamSourceConfiguration); err != nil {
			return CreateDeliveryStreamOutput{}, err
		}
	} else if in.KinesisStreamSourceConfiguration != nil {
		return CreateDeliveryStreamOutput{}, apierr.InvalidArgument.New("KinesisStreamSourceConfiguration is allowed only when DeliveryStreamType is KinesisStreamAsSource.")
	}
	d, err := e.createDestination(&in)
	if err != nil {
		return CreateDeliveryStreamOutput{}, err
	}
	tags, err := checkTags(in.Tags, 0)
	if err != nil {
		return CreateDeliveryStreamOutput{}, err
	}
	enc := DeliveryStreamEncryptionConfiguration{Status: EncryptionDisabled}
	if c := in.DeliveryStreamEncryptionConfigurationInput; c != nil {
		if enc, err = encryptionOf(c); err != nil {
			return CreateDeliveryStreamOutput{}, err
		}
	}
	now := e.clk.Now()
	s := &deliveryStream{
		e: e, name: in.DeliveryStreamName, arn: e.DeliveryStreamARN(in.DeliveryStreamName), typ: typ,
		created: now, updated: now, version: 1, dest: d, buf: buffer.New(d.hints()), wake: make(chan struct{}, 1),
		tags: tags, enc: enc, throttling: e.cfg.throttling,
		records:  rate.NewLimiter(rate.Limit(e.cfg.limits.RecordsPerSecond), e.cfg.limits.RecordsPerSecond),
		requests: rate.NewLimiter(rate.Limit(e.cfg.limits.RequestsPerSecond), e.cfg.limits.RequestsPerSecond),
		bytesRL:  rate.NewLimiter(rate.Limit(e.cfg.limits.BytesPerSecond), max(e.cfg.limits.BytesPerSecond, MaxBatchBytes)),
	}
	if typ == KinesisStreamAsSource {
		s.sourceARN, s.sourceRole, s.sourceStart = in.KinesisStreamSourceConfiguration.KinesisStreamARN, in.KinesisStreamSourceConfiguration.RoleARN, now
	}
	s.setPipe(d)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closing {
		return CreateDeliveryStreamOutput{}, ErrClosed
	}
	if e.streams[s.name] != nil {
		return CreateDeliveryStreamOutput{}, e.inUse(s.name)
	}
	s.mu.Lock()
	if e.cfg.createDelay > 0 {
		s.state.Begin(status.Creating, nil, lifecycle.AfterFunc(e.life, e.cfg.createDelay, s, (*deliveryStream).created_))
	} else {
		s.state.Set(status.Active)
	}
	s.mu.Unlock()
	if !e.life.Go(s.run) {
		return CreateDeliveryStreamOutput{}, ErrClosed
	}
	if typ == KinesisStreamAsSource && !s.startReading() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		return CreateDeliveryStreamOutput{}, ErrClosed
	}
	e.streams[s.name] = s
	return CreateDeliveryStreamOutput{DeliveryStreamARN: s.arn}, nil
}

func (s *deliveryStream) created_() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Is(status.Creating) {
		s.state.Finish(status.Active)
	}
}

// DeleteDeliveryStream deletes a delivery stream. Records it buffered are still delivered (nothing taken is
// lost, a kinesim choice: AWS "doesn't make any guarantees with respect to delivering the data"); it takes no more
// records, is DELETING for the delete delay, then gone.
//
// Errors: ValidationException; ResourceNotFoundException; ResourceInUseException (CREATING, or already DELETING);
// [ErrClosed].
func (e *Engine) DeleteDeliveryStream(ctx context.Context, in DeleteDeliveryStreamInput) error {
	if _, err := begin(e, ctx, OpDeleteDeliveryStream, &in); err != nil {
		return err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if err := v.Err(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.streams[in.DeliveryStreamName]
	if s == nil {
		return e.notFound(in.DeliveryStreamName)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// "You can't delete a delivery stream that is in the CREATING state." (API Reference, DeleteDeliveryStream)
	if st := s.status(); st == Creating || st == Deleting {
		return e.notActive(s.name, st)
	}
	s.closed = true
	if s.stopRead != nil {
		s.stopRead() // the reader sees closed and ends
	}
	s.flushLocked(e.clk.Now())
	s.endFollowersLocked(e.notFound(s.name))
	select { // the worker sees closed and exits once its queue is delivered
	case s.wake <- struct{}{}:
	default:
	}
	if e.cfg.deleteDelay > 0 {
		s.state.Begin(status.Deleting, nil, lifecycle.AfterFunc(e.life, e.cfg.deleteDelay, s, (*deliveryStream).deleted))
	} else {
		s.state.Set(status.Deleting)
		delete(e.streams, s.name)
	}
	return nil
}

func (s *deliveryStream) deleted() {
	s.e.mu.Lock()
	defer s.e.mu.Unlock()
	if s.e.streams[s.name] == s {
		delete(s.e.streams, s.name)
	}
}

// DescribeDeliveryStream describes a delivery stream and its destination.
//
// Errors: ValidationException; ResourceNotFoundException; [ErrClosed].
func (e *Engine) DescribeDeliveryStream(ctx context.Context, in DescribeDeliveryStreamInput) (DescribeDeliveryStreamOutput, error) {
	if _, err := begin(e, ctx, OpDescribeDeliveryStream, &in); err != nil {
		return DescribeDeliveryStreamOutput{}, err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	v.PageSize("limit", in.Limit, 10000)
	if in.ExclusiveStartDestinationId != "" {
		v.Length("exclusiveStartDestinationId", in.ExclusiveStartDestinationId, len(in.ExclusiveStartDestinationId), 1, 100)
	}
	if err := v.Err(); err != nil {
		return DescribeDeliveryStreamOutput{}, err
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return DescribeDeliveryStreamOutput{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	enc := s.enc
	desc := DeliveryStreamDescription{
		DeliveryStreamARN: s.arn, DeliveryStreamName: s.name, DeliveryStreamStatus: s.status(),
		DeliveryStreamType: s.typ, DeliveryStreamEncryptionConfiguration: &enc, Source: s.source(),
		VersionId: strconv.Itoa(s.version), CreateTimestamp: s.created, LastUpdateTimestamp: s.updated,
		Destinations: []DestinationDescription{},
	}
	if in.ExclusiveStartDestinationId < DestinationID {
		desc.Destinations = append(desc.Destinations, s.dest.describe())
	}
	return DescribeDeliveryStreamOutput{DeliveryStreamDescription: desc}, nil
}

func (d *destination) describe() DestinationDescription {
	out := DestinationDescription{DestinationId: DestinationID}
	d.sink.describe(d, &out)
	return out
}

func (d *destination) bufferingHints() BufferingHints {
	size, interval := d.sizeMB, d.intervalS
	return BufferingHints{SizeInMBs: &size, IntervalInSeconds: &interval}
}

func (d *destination) describeExtendedS3() *ExtendedS3DestinationDescription {
	ext := &ExtendedS3DestinationDescription{BucketARN: d.bucketARN, RoleARN: d.roleARN, Prefix: d.prefix,
		ErrorOutputPrefix: d.errorPrefix, BufferingHints: d.bufferingHints(), CompressionFormat: d.compression,
		FileExtension: d.fileExtension, CustomTimeZone: d.customTimeZone}
	d.describePipeline(ext)
	return ext
}

// describeS3 describes d as the deprecated S3 shape does (also the S3 configuration of the other kinds).
func (d *destination) describeS3() *S3DestinationDescription {
	return &S3DestinationDescription{BucketARN: d.bucketARN, RoleARN: d.roleARN, Prefix: d.prefix,
		ErrorOutputPrefix: d.errorPrefix, BufferingHints: d.bufferingHints(), CompressionFormat: d.compression}
}

// errMissing is the ValidationException of a required member left out.
func errMissing(path string) error {
	var v validate.Violations
	v.Add("null", path, validate.MustNotBeNull)
	return v.Err()
}

// checkRange validates an optional number.
func checkRange(path string, n *int, lo, hi int) error {
	if n == nil {
		return nil
	}
	var v validate.Violations
	v.Range(path, *n, lo, hi)
	return v.Err()
}

var errBothHints = apierr.InvalidArgument.With("BufferingHints must specify both SizeInMBs and IntervalInSeconds, or neither.")

// ListDeliveryStreams lists delivery stream names in order, Limit at a time (10 by default); continue from the
// last name with ExclusiveStartDeliveryStreamName while HasMoreDeliveryStreams.
//
// Errors: ValidationException (Limit outside 1–10000, a bad type or start name); [ErrClosed].
func (e *Engine) ListDeliveryStreams(ctx context.Context, in ListDeliveryStreamsInput) (ListDeliveryStreamsOutput, error) {
	if _, err := begin(e, ctx, OpListDeliveryStreams, &in); err != nil {
		return ListDeliveryStreamsOutput{}, err
	}
	var v validate.Violations
	v.PageSize("limit", in.Limit, 10000)
	if in.DeliveryStreamType != "" {
		v.Enum("deliveryStreamType", string(in.DeliveryStreamType), "DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource")
	}
	if in.ExclusiveStartDeliveryStreamName != "" {
		v.Name("exclusiveStartDeliveryStreamName", in.ExclusiveStartDeliveryStreamName, MaxDeliveryStreamNameLength)
	}
	if err := v.Err(); err != nil {
		return ListDeliveryStreamsOutput{}, err
	}
	limit := in.Limit
	if limit == 0 {
		limit = 10
	}
	e.mu.Lock()
	var names []string
	for name, s := range e.streams {
		if name > in.ExclusiveStartDeliveryStreamName && (in.DeliveryStreamType == "" || s.typ == in.DeliveryStreamType) {
			names = append(names, name)
		}
	}
	e.mu.Unlock()
	slices.Sort(names)
	out := ListDeliveryStreamsOutput{DeliveryStreamNames: names}
	if len(names) > limit {
		out.DeliveryStreamNames, out.HasMoreDeliveryStreams = names[:limit:limit], true
	}
	if out.DeliveryStreamNames == nil {
		out.DeliveryStreamNames = []string{}
	}
	return out, nil
}

// UpdateDestination changes the S3 destination: the fields given replace the current ones. The VersionId must
// be the current one and goes up by 1; what the buffer holds is delivered under the old configuration first, and
// later objects carry the new version in their names.
//
// Errors: ValidationException; InvalidArgumentException (no update, both updates, an unknown DestinationId, a
// merged configuration that breaks the rules, enabling or disabling dynamic partitioning, disabling the backup); ConcurrentModificationException (a stale
// CurrentDeliveryStreamVersionId); ResourceNotFoundException; ResourceInUseException (not ACTIVE); [ErrClosed].
func (e *Engine) UpdateDestination(ctx context.Context, in UpdateDestinationInput) error {
	if _, err := begin(e, ctx, OpUpdateDestination, &in); err != nil {
		return err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if v.Required("currentDeliveryStreamVersionId", in.CurrentDeliveryStreamVersionId) {
		v.Length("currentDeliveryStreamVersionId", in.CurrentDeliveryStreamVersionId, len(in.CurrentDeliveryStreamVersionId), 1, 50)
	}
	if v.Required("destinationId", in.DestinationId) {
		v.Length("destinationId", in.DestinationId, len(in.DestinationId), 1, 100)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if n := countSet(in.ExtendedS3DestinationUpdate != nil, in.S3DestinationUpdate != nil, in.HttpEndpointDestinationUpdate != nil,
		in.RedshiftDestinationUpdate != nil, in.AmazonopensearchserviceDestinationUpdate != nil, in.SplunkDestinationUpdate != nil,
		in.ElasticsearchDestinationUpdate != nil); n != 1 {
		return apierr.InvalidArgument.New("Exactly one destination update must be specified.")
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.status(); st != Active {
		return e.notActive(s.name, st)
	}
	if in.CurrentDeliveryStreamVersionId != strconv.Itoa(s.version) {
		return apierr.ConcurrentModification.New("Cannot update firehose: %s since the current version id: %s and specified version id: %s do not match", s.name, strconv.Itoa(s.version), in.CurrentDeliveryStreamVersionId)
	}
	if in.DestinationId != DestinationID {
		return apierr.InvalidArgument.New("Destination %s does not exist in Firehose %s.", in.DestinationId, s.name)
	}
	d, err := e.updatedDestination(s.dest, &in)
	if err != nil {
		return err
	}
	now := e.clk.Now()
	s.flushLocked(now)
	s.dest, s.version, s.updated = d, s.version+1, now
	s.setPipe(d)
	return nil
}

// checkTags validates tags to add to a stream that has have tags, and returns them as a map.
func checkTags(tags []Tag, have int) (map[string]string, error) {
	var v validate.Violations
	out := make(map[string]string, len(tags))
	for i, t := range tags {
		p := "tags." + strconv.Itoa(i+1) + ".member."
		if v.Required(p+"key", t.Key) {
			v.Length(p+"key", t.Key, len([]rune(t.Key)), 1, 128)
			if strings.HasPrefix(t.Key, "aws:") || !tagChars.MatchString(t.Key) {
				v.Add(validate.Quote(t.Key), p+"key", validate.PatternPrefix+`^(?!aws:)[\p{L}\p{Z}\p{N}_.:\/=+\-@%]*$`)
			}
		}
		v.Length(p+"value", t.Value, len([]rune(t.Value)), 0, 256)
		if !tagChars.MatchString(t.Value) {
			v.Add(validate.Quote(t.Value), p+"value", validate.PatternPrefix+tagPattern)
		}
		out[t.Key] = t.Value
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if have+len(out) > MaxTags {
		return nil, apierr.LimitExceeded.New("A Firehose stream cannot have more than %d tags.", MaxTags)
	}
	return out, nil
}

// TagDeliveryStream adds or replaces tags (1–50 per call, 50 per stream).
//
// Errors: ValidationException; ResourceNotFoundException; LimitExceededException; [ErrClosed].
func (e *Engine) TagDeliveryStream(ctx context.Context, in TagDeliveryStreamInput) error {
	if _, err := begin(e, ctx, OpTagDeliveryStream, &in); err != nil {
		return err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if len(in.Tags) == 0 {
		v.Add("'[]'", "tags", validate.LengthAtLeast+"1")
	} else if len(in.Tags) > MaxTags {
		v.Add("'"+strconv.Itoa(len(in.Tags))+" tags'", "tags", validate.LengthAtMost+strconv.Itoa(MaxTags))
	}
	if err := v.Err(); err != nil {
		return err
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	add, err := checkTags(in.Tags, 0)
	if err != nil {
		return err
	}
	merged := maps.Clone(s.tags)
	maps.Copy(merged, add)
	if len(merged) > MaxTags {
		return apierr.LimitExceeded.New("A Firehose stream cannot have more than %d tags.", MaxTags)
	}
	s.tags = merged
	return nil
}

// UntagDeliveryStream removes tags by key (1–50 keys); absent keys are ignored.
//
// Errors: ValidationException; ResourceNotFoundException; [ErrClosed].
func (e *Engine) UntagDeliveryStream(ctx context.Context, in UntagDeliveryStreamInput) error {
	if _, err := begin(e, ctx, OpUntagDeliveryStream, &in); err != nil {
		return err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if len(in.TagKeys) == 0 {
		v.Add("'[]'", "tagKeys", validate.LengthAtLeast+"1")
	} else if len(in.TagKeys) > MaxTags {
		v.Add("'"+strconv.Itoa(len(in.TagKeys))+" keys'", "tagKeys", validate.LengthAtMost+strconv.Itoa(MaxTags))
	}
	for i, k := range in.TagKeys {
		v.Length("tagKeys."+strconv.Itoa(i+1)+".member", k, len([]rune(k)), 1, 128)
	}
	if err := v.Err(); err != nil {
		return err
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range in.TagKeys {
		delete(s.tags, k)
	}
	return nil
}

// ListTagsForDeliveryStream lists tags in key order, Limit at a time (50 by default).
//
// Errors: ValidationException; ResourceNotFoundException; [ErrClosed].
func (e *Engine) ListTagsForDeliveryStream(ctx context.Context, in ListTagsForDeliveryStreamInput) (ListTagsForDeliveryStreamOutput, error) {
	if _, err := begin(e, ctx, OpListTagsForDeliveryStream, &in); err != nil {
		return ListTagsForDeliveryStreamOutput{}, err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	v.PageSize("limit", in.Limit, MaxTags)
	if in.ExclusiveStartTagKey != "" {
		v.Length("exclusiveStartTagKey", in.ExclusiveStartTagKey, len([]rune(in.ExclusiveStartTagKey)), 1, 128)
	}
	if err := v.Err(); err != nil {
		return ListTagsForDeliveryStreamOutput{}, err
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return ListTagsForDeliveryStreamOutput{}, err
	}
	limit := in.Limit
	if limit == 0 {
		limit = MaxTags
	}
	s.mu.Lock()
	keys := slices.Sorted(maps.Keys(s.tags))
	out := ListTagsForDeliveryStreamOutput{Tags: []Tag{}}
	for _, k := range keys {
		if k <= in.ExclusiveStartTagKey {
			continue
		}
		if len(out.Tags) == limit {
			out.HasMoreTags = true
			break
		}
		out.Tags = append(out.Tags, Tag{Key: k, Value: s.tags[k]})
	}
	s.mu.Unlock()
	return out, nil
}

func encryptionOf(c *DeliveryStreamEncryptionConfigurationInput) (DeliveryStreamEncryptionConfiguration, error) {
	var v validate.Violations
	if v.Required("deliveryStreamEncryptionConfigurationInput.keyType", string(c.KeyType)) {
		v.Enum("deliveryStreamEncryptionConfigurationInput.keyType", string(c.KeyType), "AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK")
	}
	if err := v.Err(); err != nil {
		return DeliveryStreamEncryptionConfiguration{}, err
	}
	switch {
	case c.KeyType == CustomerManagedCMK && c.KeyARN == "":
		return DeliveryStreamEncryptionConfiguration{}, apierr.InvalidArgument.New("KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.")
	case c.KeyType == AWSOwnedCMK && c.KeyARN != "":
		return DeliveryStreamEncryptionConfiguration{}, apierr.InvalidArgument.New("KeyARN must not be specified when KeyType is AWS_OWNED_CMK.")
	}
	return DeliveryStreamEncryptionConfiguration{KeyARN: c.KeyARN, KeyType: c.KeyType, Status: EncryptionEnabled}, nil
}

// StartDeliveryStreamEncryption enables server-side encryption (recorded only: records are not encrypted, and
// PutRecord reports Encrypted). ENABLING ends at once.
//
// Errors: ValidationException; InvalidArgumentException; ResourceNotFoundException; ResourceInUseException (not
// ACTIVE); [ErrClosed].
func (e *Engine) StartDeliveryStreamEncryption(ctx context.Context, in StartDeliveryStreamEncryptionInput) error {
	if _, err := begin(e, ctx, OpStartDeliveryStreamEncryption, &in); err != nil {
		return err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if err := v.Err(); err != nil {
		return err
	}
	enc := DeliveryStreamEncryptionConfiguration{KeyType: AWSOwnedCMK, Status: EncryptionEnabled}
	if c := in.DeliveryStreamEncryptionConfigurationInput; c != nil {
		var err error
		if enc, err = encryptionOf(c); err != nil {
			return err
		}
	}
	return e.setEncryption(in.DeliveryStreamName, enc)
}

// StopDeliveryStreamEncryption disables server-side encryption (recorded only).
//
// Errors: ValidationException; ResourceNotFoundException; ResourceInUseException (not ACTIVE); [ErrClosed].
func (e *Engine) StopDeliveryStreamEncryption(ctx context.Context, in StopDeliveryStreamEncryptionInput) error {
	if _, err := begin(e, ctx, OpStopDeliveryStreamEncryption, &in); err != nil {
		return err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if err := v.Err(); err != nil {
		return err
	}
	return e.setEncryption(in.DeliveryStreamName, DeliveryStreamEncryptionConfiguration{Status: EncryptionDisabled})
}

func (e *Engine) setEncryption(name string, enc DeliveryStreamEncryptionConfiguration) error {
	s, err := e.lookup(name)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.status(); st != Active {
		return e.notActive(s.name, st)
	}
	s.enc = enc
	return nil
}

// updateS3 merges an S3 update into the S3 destination old.
func (e *Engine) updateS3(old *destination, u *ExtendedS3DestinationUpdate) (*destination, error) {
	c := ExtendedS3DestinationConfiguration{BucketARN: old.bucketARN, RoleARN: old.roleARN, Prefix: old.prefix,
		ErrorOutputPrefix: old.errorPrefix, CompressionFormat: old.compression, FileExtension: old.fileExtension,
		CustomTimeZone: old.customTimeZone, ProcessingConfiguration: old.procCfg,
		DataFormatConversionConfiguration: old.convCfg, DynamicPartitioningConfiguration: old.dpCfg,
		S3BackupMode: old.backupMode, S3BackupConfiguration: old.backupConfig()}
	if err := mergePipeline(&c, old, u); err != nil {
		return nil, err
	}
	size, interval := old.sizeMB, old.intervalS
	c.BufferingHints = &BufferingHints{SizeInMBs: &size, IntervalInSeconds: &interval}
	if h := u.BufferingHints; h != nil && (h.SizeInMBs == nil) != (h.IntervalInSeconds == nil) {
		return nil, errBothHints
	}
	mergeS3Into(&c, u)
	return e.newDestination(c, old.legacy)
}
