package channel

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/internal/validate"
)

// The limits of the inputs (API Reference: ChannelStreamConfiguration, S3StorageConfiguration,
// DeadLetterQueueS3Configuration, DataFreshnessInSeconds in the Developer Guide's "Data delivery concepts").
const (
	// MaxChannelNameLength bounds ChannelName. The API Reference does not publish ChannelName's constraints; kinesim
	// applies the stream name's, [a-zA-Z0-9_.-]+ of at most 128 characters.
	MaxChannelNameLength = 128
	// MinDataFreshnessInSeconds, MaxDataFreshnessInSeconds and DefaultDataFreshnessInSeconds: "You can configure
	// data freshness between 300 and 900 seconds (5 to 15 minutes). The default value is 300 seconds."
	MinDataFreshnessInSeconds     = 300
	MaxDataFreshnessInSeconds     = 900
	DefaultDataFreshnessInSeconds = 300
	// MaxListChannelsResults is the most channels one ListChannels call returns (and its default).
	MaxListChannelsResults = 100
	// ExplicitZero is a ListChannels MaxResults of 0 given explicitly, as the wire of AWS's API can send it: the
	// int member reads 0 as "not given" (the default page of 100), so a front that tells an absent member from a 0
	// passes ExplicitZero for the latter, and ListChannels refuses it as AWS refuses a 0, below the minimum of 1
	// ("Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to
	// 1"). It is the value of stream.ExplicitZero.
	ExplicitZero = validate.ExplicitZero
	// MaxTags is the most tags a channel has (the Kinesis tag limit).
	MaxTags = 50
)

// The patterns of the ARNs and strings the API Reference constrains.
const (
	streamARNText   = `arn:aws.*:kinesis:.*:\d{12}:stream/\S+`
	channelARNText  = `arn:aws.*:kinesis:.*:\d{12}:channel/\S+` // kinesim's: the channel ARN's pattern is not published
	bucketARNText   = `arn:aws[-a-z0-9]*:s3:::[a-z0-9._-]{3,63}`
	accountText     = `\d{12}`
	keyTemplateText = `[0-9A-Za-z!\-_'.*()\/=:{}]+`
	errorPrefixText = `[0-9A-Za-z!\-_'.*()\/]+`
	roleARNText     = `arn:aws[a-z\-]*:iam::\d{12}:role/\S+` // kinesim's, after Firehose's RoleARN
)

func anchored(p string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + p + `)$`) }

var (
	streamARNPattern   = anchored(streamARNText)
	channelARNPattern  = anchored(channelARNText)
	bucketARNPattern   = anchored(bucketARNText)
	accountPattern     = anchored(accountText)
	keyTemplatePattern = anchored(keyTemplateText)
	errorPrefixPattern = anchored(errorPrefixText)
	roleARNPattern     = anchored(roleARNText)
)

func pattern(v *validate.Violations, path, s string, re *regexp.Regexp, text string) {
	if !re.MatchString(s) {
		v.Add(validate.Quote(s), path, validate.PatternPrefix+text)
	}
}

// checkChannelARN validates a ChannelARN member.
func checkChannelARN(v *validate.Violations, s string) {
	if v.Required("channelARN", s) {
		v.Length("channelARN", s, len(s), 1, 2048)
		pattern(v, "channelARN", s, channelARNPattern, channelARNText)
	}
}

// CreateChannel creates a channel that reads one on-demand stream and delivers its records to a general purpose S3
// bucket. The channel is CREATING for the engine's create delay, then ACTIVE; it reads and delivers the records
// that arrive in the stream from when it is ACTIVE on ("No backfill": Developer Guide, Data delivery concepts).
//
// Errors: ValidationException (a member's length, pattern or range; not exactly one source stream; a source stream
// that is not on-demand); InvalidArgumentException (neither or both destinations; an S3 Tables destination; a
// record format the destination does not take; a malformed OutputKeyTemplate; the service key as KeyId; no
// source or store configured); ResourceInUseException (the name is taken); ResourceNotFoundException (no such
// stream); LimitExceededException (the stream has its channels, or the account its); [ErrClosed];
// [ErrNilContext]; ctx's error.
func (e *Engine) CreateChannel(ctx context.Context, in CreateChannelInput) (CreateChannelOutput, error) {
	if err := begin(e, ctx, OpCreateChannel, &in); err != nil {
		return CreateChannelOutput{}, err
	}
	c, err := e.checkCreate(&in)
	if err != nil {
		return CreateChannelOutput{}, err
	}
	src, err := e.cfg.source.Stream(ctx, c.streamARN)
	if err != nil {
		return CreateChannelOutput{}, err
	}
	if !src.OnDemand {
		return CreateChannelOutput{}, apierr.Validation.New("This operation is only supported for data streams with the on-demand capacity mode.")
	}
	c.streamCreated = src.Created
	now := e.clk.Now()
	c.created = now
	c.id = e.uuid()
	if c.dlq.ErrorOutputPrefix == "" {
		c.dlq.ErrorOutputPrefix = "kinesis-channel/errors/" + c.name + "/" + c.id + "/"
	}
	if c.logging.CloudWatchLogs != nil && c.logging.CloudWatchLogs.Enabled != nil && *c.logging.CloudWatchLogs.Enabled {
		cw := c.logging.CloudWatchLogs
		if cw.LogGroupName == "" {
			cw.LogGroupName = "/aws/kinesis/" + c.name + "/" + c.id
		}
		if cw.LogStreamName == "" {
			cw.LogStreamName = "DestinationDelivery"
		}
	}
	c.newBuffers()
	c.wake = make(chan struct{}, 1)

	e.mu.Lock()
	if e.closing {
		e.mu.Unlock()
		return CreateChannelOutput{}, ErrClosed
	}
	if _, ok := e.channels[c.arn]; ok {
		e.mu.Unlock()
		return CreateChannelOutput{}, apierr.ResourceInUse.New("Channel %s under account %s already exists.", c.name, e.cfg.Account.ID)
	}
	if len(e.channels) >= e.cfg.maxChannels {
		e.mu.Unlock()
		return CreateChannelOutput{}, apierr.LimitExceeded.New("This request would exceed the limit of %d channels for account %s.", e.cfg.maxChannels, e.cfg.Account.ID)
	}
	n := 0
	for _, o := range e.channels {
		if o.streamARN == c.streamARN && o.status() != ChannelStatusDeleting {
			n++
		}
	}
	if n >= e.cfg.channelsPerStrm {
		e.mu.Unlock()
		return CreateChannelOutput{}, apierr.LimitExceeded.New("Stream %s already has the maximum number of channels (%d) delivering to S3.", c.streamARN, e.cfg.channelsPerStrm)
	}
	if d := e.cfg.createDelay; d > 0 {
		c.state.Begin(status.Creating, nil, lifecycle.AfterFunc(e.life, d, c, (*ch).activated))
	} else if !c.startReading(now) {
		e.mu.Unlock()
		return CreateChannelOutput{}, ErrClosed
	}
	e.channels[c.arn] = c
	out := CreateChannelOutput{ChannelDescription: c.describeLocked()}
	e.mu.Unlock()
	return out, nil
}

// activated ends CREATING, starting to read the source stream from now on, and UPDATING.
func (c *ch) activated() {
	now := c.e.clk.Now()
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	switch {
	case c.state.Is(status.Creating):
		c.state.Finish(status.Active)
		if !c.e.closing {
			c.startReading(now)
		}
	case c.state.Is(status.Updating):
		c.state.Finish(status.Active)
	}
}

// checkCreate validates a CreateChannelInput and returns the channel it makes, not yet registered or started.
func (e *Engine) checkCreate(in *CreateChannelInput) (*ch, error) {
	var v validate.Violations
	if v.Required("channelName", in.ChannelName) {
		v.Name("channelName", in.ChannelName, MaxChannelNameLength)
	}
	if v.Required("serviceExecutionRoleARN", in.ServiceExecutionRoleARN) {
		v.Length("serviceExecutionRoleARN", in.ServiceExecutionRoleARN, len(in.ServiceExecutionRoleARN), 1, 2048)
		pattern(&v, "serviceExecutionRoleARN", in.ServiceExecutionRoleARN, roleARNPattern, roleARNText)
	}
	switch n := len(in.StreamConfigurationList); {
	case in.StreamConfigurationList == nil:
		v.Add("null", "streamConfigurationList", validate.MustNotBeNull)
	case n < 1:
		v.Add("'[]'", "streamConfigurationList", validate.LengthAtLeast+"1")
	case n > 1:
		v.Add("'["+strings.Repeat("…,", n-1)+"…]'", "streamConfigurationList", validate.LengthAtMost+"1")
	}
	for _, sc := range in.StreamConfigurationList {
		const p = "streamConfigurationList.member.streamARN"
		if v.Required(p, sc.StreamARN) {
			v.Length(p, sc.StreamARN, len(sc.StreamARN), 1, 2048)
			pattern(&v, p, sc.StreamARN, streamARNPattern, streamARNText)
		}
		if sc.RecordConfiguration == nil {
			v.Add("null", "streamConfigurationList.member.recordConfiguration", validate.MustNotBeNull)
		} else {
			const f = "streamConfigurationList.member.recordConfiguration.recordFormatType"
			if v.Required(f, string(sc.RecordConfiguration.RecordFormatType)) {
				v.Enum(f, string(sc.RecordConfiguration.RecordFormatType), "GSR_JSON", "JSON", "STRING", "BYTE_ARRAY")
			}
		}
	}
	if d := in.S3DestinationConfiguration; d != nil {
		checkS3Destination(&v, d)
	}
	if enc := in.EncryptionConfiguration; enc != nil {
		if v.Required("encryptionConfiguration.encryptionType", string(enc.EncryptionType)) {
			v.Enum("encryptionConfiguration.encryptionType", string(enc.EncryptionType), "KMS")
		}
		if v.Required("encryptionConfiguration.keyId", enc.KeyId) {
			v.Length("encryptionConfiguration.keyId", enc.KeyId, len(enc.KeyId), 1, 2048)
		}
	}
	if l := in.LoggingConfiguration; l != nil {
		checkLogging(&v, "loggingConfiguration", l.CloudWatchLogs)
	}
	checkTags(&v, in.Tags)
	if err := v.Err(); err != nil {
		return nil, err
	}

	if (in.S3DestinationConfiguration == nil) == (in.S3TablesDestinationConfiguration == nil) {
		return nil, apierr.InvalidArgument.New("You must specify either S3DestinationConfiguration or S3TablesDestinationConfiguration, but not both.")
	}
	if in.S3TablesDestinationConfiguration != nil {
		return nil, errS3Tables
	}
	rc := *in.StreamConfigurationList[0].RecordConfiguration
	if rc.RecordFormatType == RecordFormatTypeGsrJSON {
		return nil, apierr.InvalidArgument.New("RecordFormatType GSR_JSON is supported only for streaming table (Amazon S3 Tables) destinations.")
	}
	d := in.S3DestinationConfiguration
	st := *d.StorageConfiguration
	if st.OutputKeyTemplate == "" {
		st.OutputKeyTemplate = DefaultOutputKeyTemplate
	}
	if st.StorageClass == "" {
		st.StorageClass = S3StorageClassStandard
	}
	tpl, msg := parseKeyTemplate(st.OutputKeyTemplate)
	if msg != "" {
		return nil, apierr.InvalidArgument.New("%s", msg)
	}
	errTpl, _ := parseKeyTemplate(errorKeyTemplate)
	var dlq DeadLetterQueueS3Configuration
	if d.DeadLetterQueueS3Configuration != nil {
		dlq = *d.DeadLetterQueueS3Configuration
	} else {
		dlq = DeadLetterQueueS3Configuration{BucketARN: st.BucketARN, ExpectedBucketOwner: st.ExpectedBucketOwner}
	}
	if enc := in.EncryptionConfiguration; enc != nil && (enc.KeyId == "alias/aws/kinesis" || strings.HasSuffix(enc.KeyId, ":alias/aws/kinesis")) {
		return nil, apierr.InvalidArgument.New("You cannot use the Amazon Kinesis Data Streams service key (aws/kinesis); use a customer managed KMS key.")
	}
	if e.cfg.source == nil {
		return nil, apierr.InvalidArgument.New("This channel engine has no Kinesis Data Streams to read (channel.WithSource; kinesim.New wires the account's).")
	}
	bucket, dlqBucket := bucketName(st.BucketARN), bucketName(dlq.BucketARN)
	for _, b := range []string{bucket, dlqBucket} {
		if e.storeFor(b) == nil {
			return nil, apierr.InvalidArgument.New("This channel engine has no object store for bucket %s (channel.WithObjectStore or channel.WithBucket).", b)
		}
	}
	sc := in.StreamConfigurationList[0]
	c := &ch{
		e: e, name: in.ChannelName, arn: e.ChannelARN(in.ChannelName), role: in.ServiceExecutionRoleARN,
		streamARN: sc.StreamARN, streamName: sc.StreamARN[strings.LastIndex(sc.StreamARN, "stream/")+len("stream/"):],
		rec: rc, storage: st, bucket: bucket, dlq: dlq, dlqBucket: dlqBucket, tpl: tpl, errTpl: errTpl,
		tags: maps.Clone(in.Tags), freshness: DefaultDataFreshnessInSeconds,
	}
	if d.DataFreshnessInSeconds != nil {
		c.freshness = *d.DataFreshnessInSeconds
	}
	if in.EncryptionConfiguration != nil {
		enc := *in.EncryptionConfiguration
		c.enc = &enc
	}
	if in.LoggingConfiguration != nil && in.LoggingConfiguration.CloudWatchLogs != nil {
		cw := *in.LoggingConfiguration.CloudWatchLogs
		enabled := *cw.Enabled
		cw.Enabled = &enabled
		c.logging.CloudWatchLogs = &cw
	}
	return c, nil
}

func checkS3Destination(v *validate.Violations, d *S3DestinationConfiguration) {
	const p = "s3DestinationConfiguration."
	if st := d.StorageConfiguration; st == nil {
		v.Add("null", p+"storageConfiguration", validate.MustNotBeNull)
	} else {
		checkBucket(v, p+"storageConfiguration.", st.BucketARN, st.ExpectedBucketOwner)
		if v.Required(p+"storageConfiguration.compressionType", string(st.CompressionType)) {
			v.Enum(p+"storageConfiguration.compressionType", string(st.CompressionType), "NONE", "GZIP", "ZSTD")
		}
		if t := st.OutputKeyTemplate; t != "" {
			v.Length(p+"storageConfiguration.outputKeyTemplate", t, len(t), 1, MaxOutputKeyTemplateLength)
			pattern(v, p+"storageConfiguration.outputKeyTemplate", t, keyTemplatePattern, keyTemplateText)
		}
		if sc := st.StorageClass; sc != "" {
			v.Enum(p+"storageConfiguration.storageClass", string(sc), "STANDARD", "INTELLIGENT_TIERING", "GLACIER_IR")
		}
	}
	if f := d.DataFreshnessInSeconds; f != nil {
		v.Range(p+"dataFreshnessInSeconds", *f, MinDataFreshnessInSeconds, MaxDataFreshnessInSeconds)
	}
	if q := d.DeadLetterQueueS3Configuration; q != nil {
		checkBucket(v, p+"deadLetterQueueS3Configuration.", q.BucketARN, q.ExpectedBucketOwner)
		if e := q.ErrorOutputPrefix; e != "" {
			v.Length(p+"deadLetterQueueS3Configuration.errorOutputPrefix", e, len(e), 1, 512)
			pattern(v, p+"deadLetterQueueS3Configuration.errorOutputPrefix", e, errorPrefixPattern, errorPrefixText)
		}
	}
}

func checkBucket(v *validate.Violations, p, bucketARN, owner string) {
	if v.Required(p+"bucketARN", bucketARN) {
		v.Length(p+"bucketARN", bucketARN, len(bucketARN), 1, 2048)
		pattern(v, p+"bucketARN", bucketARN, bucketARNPattern, bucketARNText)
	}
	if v.Required(p+"expectedBucketOwner", owner) {
		v.Length(p+"expectedBucketOwner", owner, len(owner), 12, 12)
		pattern(v, p+"expectedBucketOwner", owner, accountPattern, accountText)
	}
}

func checkLogging(v *validate.Violations, p string, cw *CloudWatchLogs) {
	if cw == nil {
		v.Add("null", p+".cloudWatchLogs", validate.MustNotBeNull)
		return
	}
	if cw.Enabled == nil {
		v.Add("null", p+".cloudWatchLogs.enabled", validate.MustNotBeNull)
	}
	if n := cw.LogGroupName; n != "" {
		v.Length(p+".cloudWatchLogs.logGroupName", n, len(n), 1, 512)
	}
	if n := cw.LogStreamName; n != "" {
		v.Length(p+".cloudWatchLogs.logStreamName", n, len(n), 1, 512)
	}
}

// checkTags checks at most [MaxTags] tags, keys of 1–128 characters and values of at most 256.
func checkTags(v *validate.Violations, tags map[string]string) {
	if len(tags) > MaxTags {
		v.Add(validate.QuoteInt(len(tags))+" tags", "tags", validate.LengthAtMost+"50")
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		v.Length("tags.key", k, len([]rune(k)), 1, 128)
		v.Length("tags.value", tags[k], len([]rune(tags[k])), 0, 256)
	}
}

// bucketName is the NAME of arn:aws:s3:::NAME.
func bucketName(bucketARN string) string { return bucketARN[strings.LastIndexByte(bucketARN, ':')+1:] }

// describeLocked returns the channel's description. Engine.mu must be held.
func (c *ch) describeLocked() ChannelDescription {
	c.mu.Lock()
	freshness, logging := c.freshness, c.logging
	c.mu.Unlock()
	if logging.CloudWatchLogs != nil {
		cw := *logging.CloudWatchLogs
		logging.CloudWatchLogs = &cw
	}
	d := ChannelDescription{
		ChannelARN: c.arn, ChannelCreationTimestamp: c.created, ChannelId: c.id, ChannelName: c.name,
		ChannelStatus: c.status(), ChannelStatusReason: c.reason, LoggingConfiguration: logging,
		ServiceExecutionRoleARN: c.role,
		StreamConfigurationList: []ChannelStreamDescription{{StreamARN: c.streamARN, StreamCreationTimestamp: c.streamCreated, RecordConfiguration: c.rec}},
		S3DestinationConfiguration: &S3DestinationDescription{DataFreshnessInSeconds: freshness,
			DeadLetterQueueS3Configuration: c.dlq, StorageConfiguration: c.storage},
	}
	if c.enc != nil {
		enc := *c.enc
		d.EncryptionConfiguration = &enc
	}
	return d
}

// DescribeChannel describes a channel: its configuration, the defaults filled in, and its status.
//
// Errors: ValidationException (a malformed ChannelARN); ResourceNotFoundException; [ErrClosed]; [ErrNilContext];
// ctx's error.
func (e *Engine) DescribeChannel(ctx context.Context, in DescribeChannelInput) (DescribeChannelOutput, error) {
	if err := begin(e, ctx, OpDescribeChannel, &in); err != nil {
		return DescribeChannelOutput{}, err
	}
	var v validate.Violations
	checkChannelARN(&v, in.ChannelARN)
	if err := v.Err(); err != nil {
		return DescribeChannelOutput{}, err
	}
	c, err := e.lookup(in.ChannelARN)
	if err != nil {
		return DescribeChannelOutput{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return DescribeChannelOutput{ChannelDescription: c.describeLocked()}, nil
}

// The kind byte of ListChannels tokens.
const kindList = 'C'

// ListChannels lists the account's channels in ARN order, at most MaxResults (100) at a time, those of the streams
// of StreamFilter when it is given. A NextToken continues the listing after the last channel of its page, with the
// filter it was issued for.
//
// Errors: ValidationException (a negative MaxResults or [ExplicitZero], a malformed StreamARN); InvalidArgumentException (a
// NextToken this engine did not issue, or issued for another filter); [ErrClosed]; [ErrNilContext]; ctx's error.
func (e *Engine) ListChannels(ctx context.Context, in ListChannelsInput) (ListChannelsOutput, error) {
	if err := begin(e, ctx, OpListChannels, &in); err != nil {
		return ListChannelsOutput{}, err
	}
	var v validate.Violations
	// At least 1 (a 0 given included); above 100 is taken, as at most 100 ("If you specify a value greater than
	// 100, at most 100 results are returned").
	if n, given := validate.Given(in.MaxResults); given && n < 1 {
		v.Range("maxResults", n, 1, MaxListChannelsResults)
	}
	for _, f := range in.StreamFilter {
		if v.Required("streamFilter.member.streamARN", f.StreamARN) {
			v.Length("streamFilter.member.streamARN", f.StreamARN, len(f.StreamARN), 1, 2048)
			pattern(&v, "streamFilter.member.streamARN", f.StreamARN, streamARNPattern, streamARNText)
		}
	}
	if err := v.Err(); err != nil {
		return ListChannelsOutput{}, err
	}
	digest := filterDigest(in.StreamFilter)
	after := ""
	if in.NextToken != "" {
		var buf [token.MaxBody]byte
		r, ok := e.tokens.Open(in.NextToken, kindList, &buf)
		last, d := r.Str(), r.Str()
		if !ok || !r.Done() || d != digest {
			return ListChannelsOutput{}, apierr.InvalidArgument.New("Invalid NextToken.")
		}
		after = last
	}
	limit := in.MaxResults
	if limit == 0 || limit > MaxListChannelsResults {
		limit = MaxListChannelsResults
	}
	e.mu.Lock()
	if e.closing {
		e.mu.Unlock()
		return ListChannelsOutput{}, ErrClosed
	}
	keys := slices.Sorted(maps.Keys(e.channels))
	out := ListChannelsOutput{ChannelSummaries: []ChannelSummary{}}
	for _, k := range keys {
		if k <= after {
			continue
		}
		c := e.channels[k]
		if !matches(c, in.StreamFilter) {
			continue
		}
		if len(out.ChannelSummaries) == limit {
			w := e.tokens.New(kindList)
			w.Str(out.ChannelSummaries[limit-1].ChannelARN)
			w.Str(digest)
			out.NextToken = e.tokens.Seal(w)
			break
		}
		out.ChannelSummaries = append(out.ChannelSummaries, ChannelSummary{
			ChannelARN: c.arn, ChannelCreationTimestamp: c.created, ChannelDestinationType: ChannelDestinationTypeS3,
			ChannelId: c.id, ChannelName: c.name, ChannelStatus: c.status(), ChannelStatusReason: c.reason,
			Streams: []ChannelStreamIdentifier{{StreamARN: c.streamARN, StreamCreationTimestamp: c.streamCreated}},
		})
	}
	e.mu.Unlock()
	return out, nil
}

func matches(c *ch, filter []StreamFilter) bool {
	if len(filter) == 0 {
		return true
	}
	for _, f := range filter {
		if f.StreamARN == c.streamARN && (f.StreamCreationTimestamp.IsZero() || f.StreamCreationTimestamp.Equal(c.streamCreated)) {
			return true
		}
	}
	return false
}

// filterDigest identifies a StreamFilter in a token (a short hash: a token has room for a bounded string).
func filterDigest(filter []StreamFilter) string {
	var h uint64 = 14695981039346656037
	for _, f := range filter {
		for _, b := range []byte(f.StreamARN + "\x00" + f.StreamCreationTimestamp.UTC().Format(time.RFC3339Nano) + "\x01") {
			h = (h ^ uint64(b)) * 1099511628211
		}
	}
	const hex = "0123456789abcdef"
	var s [16]byte
	for i := range s {
		s[i] = hex[h>>(60-4*i)&15]
	}
	return string(s[:])
}

// UpdateChannel changes a channel's data freshness (S3DestinationConfiguration) or its logging configuration; the
// destination, source, record format, encryption and role cannot change. The channel is UPDATING for the engine's
// update delay, then ACTIVE; the new freshness applies to the records buffered now too.
//
// Errors: ValidationException (a malformed ChannelARN, a freshness outside 300–900, a logging update without
// Enabled); InvalidArgumentException (nothing to update; an S3 Tables update of an S3 channel);
// ResourceNotFoundException; ResourceInUseException (the channel is not ACTIVE); [ErrClosed]; [ErrNilContext];
// ctx's error.
func (e *Engine) UpdateChannel(ctx context.Context, in UpdateChannelInput) (UpdateChannelOutput, error) {
	if err := begin(e, ctx, OpUpdateChannel, &in); err != nil {
		return UpdateChannelOutput{}, err
	}
	var v validate.Violations
	checkChannelARN(&v, in.ChannelARN)
	if d := in.S3DestinationConfiguration; d != nil {
		if d.DataFreshnessInSeconds == nil {
			v.Add("null", "s3DestinationConfiguration.dataFreshnessInSeconds", validate.MustNotBeNull)
		} else {
			v.Range("s3DestinationConfiguration.dataFreshnessInSeconds", *d.DataFreshnessInSeconds, MinDataFreshnessInSeconds, MaxDataFreshnessInSeconds)
		}
	}
	if l := in.LoggingConfiguration; l != nil {
		checkLogging(&v, "loggingConfiguration", l.CloudWatchLogs)
	}
	if err := v.Err(); err != nil {
		return UpdateChannelOutput{}, err
	}
	if in.S3DestinationConfiguration == nil && in.S3TablesDestinationConfiguration == nil && in.LoggingConfiguration == nil {
		return UpdateChannelOutput{}, apierr.InvalidArgument.New("Specify S3DestinationConfiguration, S3TablesDestinationConfiguration or LoggingConfiguration to update.")
	}
	c, err := e.lookup(in.ChannelARN)
	if err != nil {
		return UpdateChannelOutput{}, err
	}
	if in.S3TablesDestinationConfiguration != nil {
		return UpdateChannelOutput{}, apierr.InvalidArgument.New("Channel %s delivers to a general purpose Amazon S3 bucket: update it with S3DestinationConfiguration.", c.arn)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if st := c.status(); st != ChannelStatusActive {
		return UpdateChannelOutput{}, notActive(c.arn, st)
	}
	now := e.clk.Now()
	c.mu.Lock()
	if d := in.S3DestinationConfiguration; d != nil {
		c.freshness = *d.DataFreshnessInSeconds
		c.buf.SetHints(c.hints())
		c.dead.SetHints(c.hints())
		c.queueDueLocked(now)
		c.armLocked(now)
	}
	if l := in.LoggingConfiguration; l != nil {
		cw := *l.CloudWatchLogs
		enabled := *cw.Enabled
		cw.Enabled = &enabled
		if enabled && cw.LogGroupName == "" {
			cw.LogGroupName = "/aws/kinesis/" + c.name + "/" + c.id
		}
		if enabled && cw.LogStreamName == "" {
			cw.LogStreamName = "DestinationDelivery"
		}
		c.logging.CloudWatchLogs = &cw
	}
	c.mu.Unlock()
	if d := e.cfg.updateDelay; d > 0 {
		c.state.Begin(status.Updating, nil, lifecycle.AfterFunc(e.life, d, c, (*ch).activated))
	}
	return UpdateChannelOutput{ChannelDescription: c.describeLocked()}, nil
}

// DeleteChannel deletes a channel: it stops reading the source stream, delivers what it had read (data already
// delivered stays in the bucket), and is DELETING for the engine's delete delay, then gone.
//
// Errors: ValidationException (a malformed ChannelARN); ResourceNotFoundException; ResourceInUseException (the
// channel is already DELETING); [ErrClosed]; [ErrNilContext]; ctx's error.
func (e *Engine) DeleteChannel(ctx context.Context, in DeleteChannelInput) error {
	if err := begin(e, ctx, OpDeleteChannel, &in); err != nil {
		return err
	}
	var v validate.Violations
	checkChannelARN(&v, in.ChannelARN)
	if err := v.Err(); err != nil {
		return err
	}
	c, err := e.lookup(in.ChannelARN)
	if err != nil {
		return err
	}
	e.mu.Lock()
	if st := c.status(); st == ChannelStatusDeleting {
		e.mu.Unlock()
		return notActive(c.arn, st)
	}
	if d := e.cfg.deleteDelay; d > 0 {
		c.state.Begin(status.Deleting, nil, lifecycle.AfterFunc(e.life, d, c, (*ch).deleted))
	} else {
		c.state.Cancel()
		delete(e.channels, c.arn)
	}
	e.mu.Unlock()
	c.stopReading()
	c.mu.Lock()
	c.closed = true
	c.flushLocked(e.clk.Now())
	select {
	case c.wake <- struct{}{}:
	default:
	}
	c.mu.Unlock()
	return nil
}

// deleted ends DELETING: the channel is forgotten.
func (c *ch) deleted() {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	if c.state.Is(status.Deleting) {
		c.state.Finish(status.Deleting)
		delete(c.e.channels, c.arn)
	}
}

// Flush delivers what a channel's buffers hold now, without waiting for its data freshness, and waits until it
// and every batch queued before it are delivered (or dead-lettered), or ctx is done (a kinesim extension). Retries
// run on the engine's clock: with a [clock.Manual], advance it while Flush waits on a failing store.
//
// Errors: ResourceNotFoundException; [ErrClosed]; [ErrNilContext]; ctx's error.
func (e *Engine) Flush(ctx context.Context, channelARN string) error {
	if ctx == nil {
		return ErrNilContext
	}
	if err := e.live(ctx); err != nil {
		return err
	}
	c, err := e.lookup(channelARN)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.flushLocked(e.clk.Now())
	target := c.queued
	for c.finished < target {
		if c.progress == nil {
			c.progress = make(chan struct{})
		}
		p := c.progress
		c.mu.Unlock()
		select {
		case <-p:
		case <-ctx.Done():
			return ctx.Err()
		case <-e.life.Done():
			return ErrClosed
		}
		c.mu.Lock()
	}
	c.mu.Unlock()
	return nil
}

// WaitIncoming waits until a channel has read n records in all from its source stream (its IncomingRecords), or
// ctx is done (a kinesim extension: the reading goroutine is asynchronous).
//
// Errors: ResourceNotFoundException; [ErrClosed]; [ErrNilContext]; ctx's error.
func (e *Engine) WaitIncoming(ctx context.Context, channelARN string, n int64) error {
	if ctx == nil {
		return ErrNilContext
	}
	c, err := e.lookup(channelARN)
	if err != nil {
		return err
	}
	for {
		c.mu.Lock()
		if c.m.IncomingRecords >= n {
			c.mu.Unlock()
			return nil
		}
		if c.arrived == nil {
			c.arrived, c.arrivedAt = make(chan struct{}), n
		}
		c.arrivedAt = min(c.arrivedAt, n) // the nearest target of the waiters wakes them; the others wait again
		a := c.arrived
		c.mu.Unlock()
		select {
		case <-a:
		case <-ctx.Done():
			return ctx.Err()
		case <-e.life.Done():
			return ErrClosed
		}
	}
}

// Metrics returns a channel's delivery counters (a kinesim extension).
//
// Errors: ResourceNotFoundException; [ErrClosed].
func (e *Engine) Metrics(channelARN string) (Metrics, error) {
	c, err := e.lookup(channelARN)
	if err != nil {
		return Metrics{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m, nil
}

// Tags returns a copy of a channel's tags, as CreateChannel set them (a kinesim extension).
//
// Errors: ResourceNotFoundException; [ErrClosed].
func (e *Engine) Tags(channelARN string) (map[string]string, error) {
	c, err := e.lookup(channelARN)
	if err != nil {
		return nil, err
	}
	return maps.Clone(c.tags), nil
}

// WaitStatus waits until a channel is in the state want, or ctx is done (a kinesim extension, as the SDK's
// ChannelActive waiter polls DescribeChannel: here no polling, and no virtual time passes).
//
// Errors: ResourceNotFoundException (also when the channel is deleted while waiting); [ErrClosed];
// [ErrNilContext]; ctx's error.
func (e *Engine) WaitStatus(ctx context.Context, channelARN string, want ChannelStatus) error {
	if ctx == nil {
		return ErrNilContext
	}
	for {
		c, err := e.lookup(channelARN)
		if err != nil {
			return err
		}
		e.mu.Lock()
		st, changed := c.status(), c.state.Changed()
		e.mu.Unlock()
		if st == want {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-e.life.Done():
			return ErrClosed
		}
	}
}
